"""Start a new topic: a draft source with every block the handouts need, and the schema
that lets editors complete and check its keys offline."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from string import Template

from allprint.errors import UserError
from allprint.paths import PACKAGE_DIR, TEMPLATES_DIR

SCHEMA_NAME = "topic.schema.json"
_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def schema_text() -> str:
    """The JSON Schema of a topic source, as shipped in the package."""
    return (PACKAGE_DIR / SCHEMA_NAME).read_text(encoding="utf-8")


def generate_schema() -> str:
    """The JSON Schema made from the model (kept in the package; a test checks it is current)."""
    from allprint.model import Topic

    schema = Topic.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "allprint topic"
    schema["description"] = "One medical topic: handouts for each reader and flashcards."
    return json.dumps(schema, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def new_topic(content_dir: Path, topic_id: str, title: str | None, today: dt.date) -> Path:
    """Write `content_dir/<topic_id>.yaml` (never over an existing file) and the schema."""
    from allprint.write import write_atomic

    if not _ID.match(topic_id):
        raise UserError(
            f"{topic_id!r} is not a topic id: use lower-case letters, digits and single dashes, "
            "e.g. sickle-cell-disease"
        )
    path = content_dir / f"{topic_id}.yaml"
    if path.exists():
        raise UserError(f"{path} already exists: choose another id, or edit that file")
    words = title or topic_id.replace("-", " ").capitalize()
    scaffold = Template((TEMPLATES_DIR / "new-topic.yaml").read_text(encoding="utf-8"))
    text = scaffold.substitute(id=topic_id, title=words.replace('"', "'"), today=today)
    write_atomic(content_dir / SCHEMA_NAME, schema_text().encode())
    write_atomic(path, text.encode())
    return path
