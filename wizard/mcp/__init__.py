"""`archwiz mcp`: the decision engine as a Model Context Protocol server on stdio.

The server shares the catalogue loader, the engine and the renderers with the CLI; it adds
only argument checking, the output root and the MCP wiring. It never imports Textual.

Modules: `results` (the typed tool results), `failures` (structured errors), `limits` (bounds
on hostile arguments), `paths` (the output root), `problems` (validation problems with valid
values), `interview` (the questions still to ask), `service` (the tools' work, free of the
SDK), `resources` (trees, blueprints, schema, citations) and `server` (the SDK wiring).
"""
