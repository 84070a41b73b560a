"""A catalogue applied to a validated topic: each translatable string replaced in place, so
that a topic is validated once per run however many catalogues translate it.

The source's data is walked beside the model, because the data says what the model no
longer knows: whether a reader's text was written as one string for every reader (one
entry, `disclaimer`) or per reader (`disclaimer/parent`), and the English exactly as
written, which is what a catalogue's entries hold. A translated string is held to its
field's own rules (at most 40 characters for `short_title`...), as validating the whole
translated topic would hold it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from allprint.source.fields import TierText
from allprint.source.model import Topic
from allprint.source.readers import TIERS
from allprint.source.text_keys import block_name, not_text
from allprint.translation.strings import context_of, element_name, names_at

Words = Callable[[str, str], str]  # (context, English) -> the text printed


class Refused(Exception):
    """A translation its field's rules refuse: the entry's context and pydantic's words."""

    def __init__(self, context: str, message: str) -> None:
        super().__init__(f"{context}: {message}")
        self.context = context
        self.message = message


def apply_catalogue(
    topic: Topic, data: dict, words: Words, language: str, check: bool = True
) -> Topic:
    """`topic`, validated from `data` (with `strings.with_defaults` written in), with each
    translatable string looked up in `words` and its language set to `language`.

    With `check`, each translation is held to its field's rules (`Refused` names the
    first that breaks one); without, strings are put in as `words` gives them (text
    marked with tokens, which only shows what a document prints)."""
    walk = _Walk(words, check)
    translated = walk.model(topic, data, ())
    value = walk.checked(Topic, "language", language, ("language",))
    return _replaced(translated, {"language": value})


class _Walk:
    def __init__(self, words: Words, check: bool) -> None:
        self.words = words
        self.check = check

    def value(self, value: Any, raw: Any, ctx: tuple) -> Any:
        """`value` (the model's) with the strings of `raw` (the data's) translated."""
        if isinstance(raw, str):
            if not raw.strip() or not ctx:
                return value
            text = self.words(context_of(ctx), raw)
            text = text if self.check else text.strip()  # as the field would hold it
            if isinstance(value, TierText):  # one string for every reader: one entry
                return _replaced(value, {t: self.checked(TierText, t, text, ctx) for t in TIERS})
            return text
        if isinstance(raw, dict):
            if isinstance(value, BaseModel):
                return self.model(value, raw, ctx)
            if isinstance(value, dict) and len(value) == len(raw):  # facts, questions
                return {
                    key: self.value(inner, raw_inner, (*ctx, raw_key))
                    for (key, inner), (raw_key, raw_inner) in zip(
                        value.items(), raw.items(), strict=True
                    )
                }
        if isinstance(raw, list) and isinstance(value, tuple) and len(value) == len(raw):
            return tuple(
                inner
                if block_name(ctx, raw_inner)
                else self.value(inner, raw_inner, (*ctx, element_name(raw_inner, i)))
                for i, (inner, raw_inner) in enumerate(zip(value, raw, strict=True))
            )
        return value

    def model(self, model: BaseModel, raw: dict, ctx: tuple) -> BaseModel:
        fields = _field_names(type(model))
        updates = {}
        for key, raw_inner in raw.items():
            if key not in fields or not_text(ctx, key, raw_inner):
                continue
            new = self.value(getattr(model, key), raw_inner, (*ctx, key))
            if _of_strings(new):  # a model's own fields were held to their rules
                new = self.checked(type(model), key, new, (*ctx, key), raw_inner)
            updates[key] = new
        return _replaced(model, updates) if updates else model

    def checked(
        self, owner: type[BaseModel], name: str, value: Any, ctx: tuple, raw: Any = None
    ) -> Any:
        """`value` as field `name` of `owner` holds it (stripped...); `Refused` if its
        rules refuse it."""
        if not self.check:
            return value
        try:
            return _adapter(owner, name).validate_python(value)
        except ValidationError as exc:
            error = exc.errors()[0]
            inner = names_at(raw, error["loc"]) if raw is not None else ()
            raise Refused(context_of((*ctx, *inner)), error["msg"]) from None


def _replaced(model: BaseModel, updates: dict[str, Any]) -> BaseModel:
    """`model` with `updates`, as `model_copy(update=...)` makes it, in half the time (a
    topic copies about a thousand models per catalogue): a new instance sharing every
    other value, which a frozen model never changes."""
    copied = model.__class__.__new__(model.__class__)
    object.__setattr__(copied, "__dict__", {**model.__dict__, **updates})
    object.__setattr__(copied, "__pydantic_fields_set__", model.__pydantic_fields_set__)
    object.__setattr__(copied, "__pydantic_extra__", model.__pydantic_extra__)
    object.__setattr__(copied, "__pydantic_private__", model.__pydantic_private__)
    return copied


def _of_strings(value: Any) -> bool:
    """A string, or strings in a tuple or as a mapping's values: what a field's own rules
    hold (a model's fields are held by its own)."""
    if isinstance(value, dict):
        value = tuple(value.values())
    if isinstance(value, tuple):
        return bool(value) and all(isinstance(inner, str) for inner in value)
    return isinstance(value, str)


@cache
def _field_names(owner: type[BaseModel]) -> frozenset[str]:
    return frozenset(owner.model_fields)


@cache
def _adapter(owner: type[BaseModel], name: str) -> TypeAdapter:
    """One field's validator: its type, its constraints and its model's string rules."""
    field = owner.model_fields[name]
    kind = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    config = ConfigDict(str_strip_whitespace=bool(owner.model_config.get("str_strip_whitespace")))
    return TypeAdapter(kind, config=config)
