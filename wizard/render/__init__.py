"""Renderers: diagram (diagrams + Graphviz), Mermaid, rationale (Jinja2), JSON. No Textual."""
