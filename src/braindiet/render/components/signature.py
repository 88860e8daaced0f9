"""What a component accepts: the page it is about, its attributes with their types, children.

`check` validates every use in the pages against these; the README's component table is
checked against them. Values arrive as the Markdown parser reads JSX: `a="x"` is text, a bare
`a` is true, `a={true}` / `a={3}` are a boolean / a number, anything else in braces is an
`Expression` such as `{frontMatter}`; an expression that writes out a list of objects
(`items={[{"href": "…", "label": "…"}]}`) is data (`Type.ITEMS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from braindiet.content.attributes import literal_data
from braindiet.content.kinds import Kind, label
from braindiet.content.markdown import AttributeValue, Expression

FRONT_MATTER = "frontMatter"


class Type(Enum):
    """What an attribute's value must be; `FOLDER` and `TAG` are text that `check` looks up."""

    TEXT = "text"
    BOOLEAN = "boolean"
    NUMBER = "number"
    FRONT_MATTER = "{frontMatter}"
    FOLDER = "folder"  # a folder under docs/, which must exist
    TAG = "tag"  # a tag whose pages are listed: a tag no page carries lists nothing
    ITEMS = "list of objects"  # a literal list of objects in braces: {[{...}, {...}]}

    def accepts(self, value: AttributeValue) -> bool:
        if self is Type.ITEMS:
            data = literal_data(value)
            return isinstance(data, list) and all(isinstance(item, dict) for item in data)
        if self is Type.BOOLEAN:
            return isinstance(value, bool)
        if self is Type.NUMBER:  # bool is an int in Python, never a number here
            return isinstance(value, int | float) and not isinstance(value, bool)
        if self is Type.FRONT_MATTER:
            return isinstance(value, Expression) and value.source == FRONT_MATTER
        return isinstance(value, str)

    def example(self, name: str) -> str:
        """How to write a value of this type, for messages and the documentation."""
        return {
            Type.TEXT: f'quoted text ({name}="…")',
            Type.BOOLEAN: f"true or false ({name}, {name}={{true}} or {name}={{false}})",
            Type.NUMBER: f"a number in braces ({name}={{3}})",
            Type.FRONT_MATTER: f"{{{FRONT_MATTER}}}",
            Type.FOLDER: f'a quoted folder under docs/ ({name}="substances")',
            Type.TAG: f'a quoted tag ({name}="Vegan")',
            Type.ITEMS: f'a list of objects in braces ({name}={{[{{"key": "value"}}]}})',
        }[self]


def describe(value: AttributeValue) -> str:
    """A value as the author wrote it, e.g. `the text "yes"`, `{3}`."""
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, bool):
        return "{true}" if value else "{false}"
    if isinstance(value, Expression):
        return f"{{{value.source}}}"
    return f"the number {{{value}}}"


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    type: Type = Type.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()  # the values a text attribute may take, if limited
    keys: tuple[str, ...] = ()  # ITEMS: the text keys of each item; "key?" when optional

    def problem(self, value: AttributeValue) -> str | None:
        """Why `value` does not fit, as the end of a sentence starting with the attribute."""
        if not self.type.accepts(value):
            return f"must be {self.type.example(self.name)}, not {describe(value)}"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(self.choices)}, not {describe(value)}"
        if self.keys:
            return self._item_problem(value)
        return None

    def _item_problem(self, value: AttributeValue) -> str | None:
        items = literal_data(value)
        assert isinstance(items, list)  # accepted as ITEMS above
        for position, item in enumerate(items, start=1):
            assert isinstance(item, dict)
            for key in self.keys:
                name, optional = key.rstrip("?"), key.endswith("?")
                if name not in item and optional:
                    continue
                if not isinstance(item.get(name), str) or not str(item[name]).strip():
                    return f"item {position} needs a text {name!r}"
        return None

    def usage(self) -> str:
        """E.g. `` `tag` (tag, required) `` or `` `sortBy` (year | author | title | key) ``."""
        kind = " \\| ".join(self.choices) if self.choices else self.type.value
        if self.keys:
            kind = f"list of {{{', '.join(self.keys)}}}"
        return f"`{self.name}` ({kind}{', required' if self.required else ''})"


@dataclass(frozen=True, slots=True)
class Signature:
    """A component's name and what its uses may say; `summary` is what it shows."""

    name: str
    summary: str
    subject: Kind | None = None  # the kind of page `tag` / `details={frontMatter}` must mean
    attributes: tuple[Attribute, ...] = ()
    container: bool = False  # has Markdown children: <Collapse> ... </Collapse>

    @property
    def accepted(self) -> tuple[Attribute, ...]:
        """Every attribute a use may give: a component about a page is told which by `tag`
        (a name) or `details={frontMatter}` (the page it sits on)."""
        if self.subject is None:
            return self.attributes
        return (Attribute("tag"), Attribute("details", Type.FRONT_MATTER), *self.attributes)

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.accepted if a.name == name), None)

    def table_row(self) -> str:
        """This component's row in the README's table: use, page it is about, attributes."""
        use = f"`<{self.name}>…</{self.name}>`" if self.container else f"`<{self.name} />`"
        about = f"a {label(self.subject).lower()} page" if self.subject is not None else "—"
        return f"| {use} | {about} | {self.usage()} | {self.summary} |"

    def usage(self) -> str:
        """The attributes as the README's component table lists them."""
        about = ([f"`tag` or `details={{{FRONT_MATTER}}}`"]
                 if self.subject is not None else [])
        return "; ".join([*about, *(a.usage() for a in self.attributes)]) or "none"
