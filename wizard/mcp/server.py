"""The MCP server: archwiz's tools and resources on the official SDK's `MCPServer`, over stdio.

Tool functions are thin: they pass their arguments to `Service` and wrap its result. Every
failure, whether arguments that miss the input schema, an archwiz error or a bug, comes back as an
`is_error` result with a structured `error` (title, message, field, valid values, hint), never a
traceback.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, ImageContent, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import Field, ValidationError

from wizard import __version__
from wizard.errors import WizardError
from wizard.mcp import failures, paths, resources
from wizard.mcp.results import Catalogue, DecideResult, Explanation, Failure, Interview, Rendered, Validation
from wizard.mcp.service import Service

log = logging.getLogger("archwiz.mcp")

INSTRUCTIONS = """\
archwiz decides AWS architecture from answers, deterministically, citing study notes for every rule.
Interview the user with archwiz's own questions, do not invent recommendations:
1. list_trees: pick a blueprint (a whole workload) or one decision tree.
2. questions(tree_or_blueprint, answers): ask the first returned question (show its options and `why`),
   add the answer under answers[tree][question], call questions again; stop when `done` is true.
3. decide / explain for one decision; validate the answers document; render it for the diagram and
   RATIONALE.md. Quote `because` and `cite` when you explain a pick.
"""

Format = Literal["png", "svg", "pdf", "dot", "mmd"]
TreeAnswers = Annotated[
    dict[str, dict[str, Any]] | None,
    Field(description="Answers so far, per tree then question: {'workload': {'availability': 'multi_az'}, 'database': {...}}."),
]
Document = Annotated[
    dict[str, Any],
    Field(
        description="An answers document: {'archwiz': 1, 'blueprint': ID (or 'decisions': [IDS]), 'answers': {tree: {question: value}}}. "
        "questions() returns one as `answers_file`; resource archwiz://schema/answers has its full schema.",
        json_schema_extra={"required": ["archwiz", "answers"]},
    ),
]
READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)


class ArchwizServer(MCPServer[Any]):
    """`MCPServer` whose tool errors are structured data instead of the SDK's plain text."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        """Call a tool; turn every failure into an `is_error` result with a structured `error`."""
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ValidationError):
                return failures.result(failures.from_validation(cause))
            if isinstance(cause, WizardError):
                return failures.result(failures.from_wizard(cause))
            if cause is None and str(exc).startswith("Unknown tool"):
                tools = sorted(t.name for t in await self.list_tools())
                return failures.result(
                    Failure(title="unknown tool", message=f"there is no tool {name[:60]!r}", field="name", valid_values=tools)
                )
            log.error("tool %r failed", name, exc_info=cause or exc)
            return failures.result(failures.internal(name))


def _json_text(model: Any) -> TextContent:
    return TextContent(type="text", text=json.dumps(model.model_dump(mode="json"), ensure_ascii=False))


def build(service: Service) -> ArchwizServer:
    """A server with archwiz's tools and resources bound to one service."""
    server = ArchwizServer(name="archwiz", title="archwiz", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(annotations=READ_ONLY)
    def list_trees() -> Catalogue:
        """Every decision tree and blueprint with title and summary (the shape of `archwiz trees --json`)."""
        return service.list_trees()

    @server.tool(annotations=READ_ONLY)
    def questions(
        tree_or_blueprint: Annotated[str, Field(description="A blueprint id or a tree id from list_trees.")],
        answers: TreeAnswers = None,
    ) -> Interview:
        """The questions still to ask, in order, with kind, options, default, bounds and why each is asked.

        Answering one can open or close later ones: send the answers back after each and ask again.
        """
        return service.questions(tree_or_blueprint, answers)

    @server.tool(annotations=READ_ONLY)
    def decide(tree: Annotated[str, Field(description="A decision tree id from list_trees.")], answers: TreeAnswers = None) -> DecideResult:
        """One decision: pick, alternatives, why-not for each excluded option, what would change it, assumptions, notes, citations."""
        return service.decide(tree, answers)

    @server.tool(annotations=READ_ONLY)
    def explain(tree: Annotated[str, Field(description="A decision tree id from list_trees.")], answers: TreeAnswers = None) -> Explanation:
        """Every rule of a decision in order with its outcome (applies, does not apply, unknown) and the decision."""
        return service.explain(tree, answers)

    @server.tool(annotations=READ_ONLY)
    def validate(answers: Document) -> Validation:
        """Every problem of an answers document at once, with its key path, valid values and a did-you-mean."""
        return service.validate(answers)

    @server.tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False))
    def render(
        answers: Document,
        formats: Annotated[
            list[Format], Field(description="Diagram formats; the rationale, result.json and answers.yaml are always written.")
        ] = [  # noqa: B006
            "png"
        ],
        folder: Annotated[
            str | None,
            Field(description="Optional relative folder inside the server's output root; the answers hash is always the last level."),
        ] = None,
    ) -> Annotated[CallToolResult, Rendered]:
        """Render the diagram, RATIONALE.md, result.json and answers.yaml under the server's output root.

        Returns the rationale Markdown, the written paths and the PNG as image content.
        """
        rendered, png = service.render(answers, list(formats), folder)
        content: list[TextContent | ImageContent] = [_json_text(rendered)]
        if png is not None:
            content.append(ImageContent(type="image", data=base64.b64encode(png).decode("ascii"), mime_type="image/png"))
        return CallToolResult(content=content, structured_content=rendered.model_dump(mode="json"))

    resources.register(server, service)
    return server


def serve(out_root: Path | None, notes: Path | None, trees: list[Path] | None) -> None:
    """Load the catalogue once, fix the output root, and serve on stdio until the client closes it."""
    from wizard.io.content import load_catalog

    root = paths.prepare_root(out_root or paths.default_root())
    catalog = load_catalog(trees)
    for problem in catalog.shadowed:
        log.warning("%s", problem.render())
    notes_dir = notes.expanduser().resolve() if notes is not None else None
    build(Service(catalog=catalog, root=root, notes=notes_dir)).run("stdio")
