"""Start a new topic: a draft source with every block the handouts need, and the schema
that lets editors complete and check its keys offline."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from string import Template

from allprint.errors import UserError, shown
from allprint.paths import PACKAGE_DIR, TEMPLATES_DIR
from allprint.source.characters import ID_PATTERN

SCHEMA_NAME = "topic.schema.json"
_ID = re.compile(ID_PATTERN)


def schema_text() -> str:
    """The JSON Schema of a topic source, as shipped in the package."""
    return (PACKAGE_DIR / SCHEMA_NAME).read_text(encoding="utf-8")


def generate_schema() -> str:
    """The JSON Schema made from the model (kept in the package; a test checks it is current)."""
    from allprint.source.model import Topic

    schema = Topic.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "allprint topic"
    schema["description"] = "One medical topic: handouts for each reader and flashcards."
    return json.dumps(schema, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def new_topic(content_dir: Path, topic_id: str, title: str | None, today: dt.date) -> Path:
    """Write `content_dir/<topic_id>.yaml` (never over an existing file) and the schema."""
    from allprint.pipeline.write import write_atomic

    if not _ID.match(topic_id):
        raise UserError(
            f"{topic_id!r} is not a topic id: use lower-case letters, digits and single dashes, "
            "e.g. sickle-cell-disease"
        )
    path = content_dir / f"{topic_id}.yaml"
    if path.exists():
        raise UserError(f"{shown(path)} already exists: choose another id, or edit that file")
    words = title or topic_id.replace("-", " ").capitalize()
    scaffold = Template((TEMPLATES_DIR / "new-topic.yaml").read_text(encoding="utf-8"))
    text = scaffold.substitute(id=topic_id, title=words.replace('"', "'"), today=today)
    write_atomic(content_dir / SCHEMA_NAME, schema_text().encode())
    write_atomic(path, text.encode())
    return path


def source_format_markdown() -> str:
    """A reference of every key of a topic source, made from the model (docs/source-format.md)."""
    from allprint.source.model import Topic

    lines = [
        "# The topic source format",
        "",
        "Made by `allprint schema --markdown` from the model; do not edit by hand.",
        "Keys marked **per reader** take one text for every reader, or a mapping with",
        "`child:`, `parent:` and/or `clinician:`; a reader without text does not see it.",
        "",
        "Blocks each reader's handout must have (checked by `allprint check`):",
        "",
        "- **parent**: `key_points` (main message first), an action list (a section with",
        "  `kind: actions`), the `urgent` box with the levels `emergency`, `today` and",
        "  `next-visit`, and `teach_back` questions;",
        '- **child**: the `urgent` box ("tell a grown-up") and an action list;',
        "- **clinician**: `sources:` on every section it sees.",
        "",
    ]
    seen: set[type] = set()
    queue: list[tuple[str, type]] = [("the whole file", Topic)]
    while queue:
        where, model = queue.pop(0)
        if model in seen:
            continue
        seen.add(model)
        lines += [f"## {where}", ""]
        doc = (model.__doc__ or "").strip().split("\n")[0]
        if doc and model is not Topic:
            lines += [doc, ""]
        lines += ["| key | value | required | what it is |", "| --- | --- | --- | --- |"]
        for name, field in model.model_fields.items():
            kind, inner = _describe(field.annotation)
            required = "yes" if field.is_required() else ""
            text = (field.description or "").replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{name}` | {kind} | {required} | {text} |")
            if inner is not None and inner.__name__ != "TierText":
                path = name if model is Topic else f"{where.strip('`')}.{name}"
                queue.append((f"`{path}`", inner))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _describe(annotation) -> tuple[str, type | None]:
    """A short name for a field's type, and the model inside it (to document next)."""
    import typing

    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        # A value read in other forms first (the wallet card's one text) says what it takes.
        given = [getattr(m, "json_schema_input_type", None) for m in annotation.__metadata__]
        shown = next((g for g in given if g not in (None, typing.Any)), None)
        return _describe(args[0] if _is_tier_text(args[0]) or shown is None else shown)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if _is_tier_text(annotation):
            return "text **per reader**", annotation
        return "mapping", annotation
    if origin in (tuple, list):
        name, inner = _describe(args[0]) if args else ("value", None)
        return f"list of {name}", inner
    if origin is dict:
        return "mapping of text", None
    if origin is typing.Literal:
        values = typing.get_args(annotation)
        if len(values) > 4:
            return "one of the names listed", None
        return " / ".join(f"`{a}`" for a in values), None
    if origin in (typing.Union, __import__("types").UnionType):
        parts = [_describe(a) for a in args]
        inner = next((m for _, m in parts if m is not None), None)
        return " or ".join(p for p, _ in parts), inner
    names = {str: "text", int: "number", float: "number", bool: "yes/no"}
    if annotation is dt.date:
        return "date (YYYY-MM-DD)", None
    return names.get(annotation, getattr(annotation, "__name__", "value")), None


def _is_tier_text(annotation) -> bool:
    """Text per reader: one text for all, or a mapping by reader ("text **per reader**")."""
    return getattr(annotation, "__name__", "") == "TierText"
