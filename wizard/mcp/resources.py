"""MCP resources: each tree and blueprint file, the answers schema, and (with --notes) cited lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError
from mcp.server.mcpserver.resources import FunctionResource

from wizard.errors import WizardError
from wizard.io.safe_read import bounded_bytes
from wizard.mcp.service import Service

MAX_YAML = 2 * 1024 * 1024


def _file_text(path: str) -> str:
    data = bounded_bytes(Path(path), MAX_YAML)
    if data is None:
        raise ResourceError(f"{Path(path).name} cannot be read")
    return data.decode("utf-8", errors="replace")


def _reader(path: str) -> Any:
    return lambda: _file_text(path)


def register(server: MCPServer[Any], service: Service) -> None:
    """Add every resource the service can serve."""
    catalog = service.catalog
    for kind, items in (("trees", catalog.trees), ("blueprints", catalog.blueprints)):
        for item_id in sorted(items):
            located = catalog.located(kind[:-1], item_id)
            if located is None:
                continue
            item = items[item_id]
            server.add_resource(
                FunctionResource.from_function(
                    fn=_reader(located.file),
                    uri=f"archwiz://{kind}/{item_id}",
                    name=f"{kind[:-1]} {item_id}",
                    title=item.title,
                    description=item.summary,
                    mime_type="application/yaml",
                )
            )

    def answers_schema() -> str:
        from wizard.io.schemas import schema_text

        return schema_text("answers", catalog)

    server.resource(
        "archwiz://schema/answers",
        name="answers schema",
        title="JSON Schema of answers files",
        description="Every tree, question and valid value an answers document may hold.",
        mime_type="application/schema+json",
    )(answers_schema)

    if service.notes is not None:

        def cited(seed: str, lines: str) -> str:
            try:
                return service.cited(seed, lines)
            except WizardError as exc:
                raise ResourceError(exc.message + (f" (hint: {exc.hint})" if exc.hint else "")) from exc

        server.resource(
            "archwiz://notes/{seed}/{lines}",
            name="cited notes",
            title="The study-note lines a citation points at",
            description="A citation such as `000 L405-L430` is archwiz://notes/000/L405-L430; the text comes back numbered.",
            mime_type="text/plain",
        )(cited)
