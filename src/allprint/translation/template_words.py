"""The handouts' own words a template prints for given values, read from its syntax tree
without rendering it: which `_("...")` it calls, and which dates it writes (`day(...)`).

A template is walked as Jinja would run it, as far as its values are known: a condition
on known values (`site.approved_by`, `h.tier == "child"`, `part.kind`) takes the branch
Jinja would take, a loop over known values is walked per value, `a or _("b")` looks `b`
up only when `a` is empty, and macros and blocks (with `super()`) are followed. What
cannot be known (a value this walk does not compute) takes every branch: the words found
are then more than those printed, never fewer.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
from jinja2 import nodes

from allprint.memo import per_build
from allprint.paths import TEMPLATES_DIR


class _Unknown:
    """A value the walk does not compute."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
WORDS = "_"  # the handouts' own words: `_("Page")`
DATES = "day"  # a date in the reader's language and form: `day(h.updated)`


@per_build
def _parsed(name: str) -> nodes.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR))
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return env.parse(source)


def template_words(name: str, values: dict[str, Any], calls: dict[str, Callable]) -> bool:
    """Walk template `name` with `values`, calling `calls[WORDS]` with each word it looks
    up and `calls[DATES]` with each date it writes. False when a word or date was looked
    up with an argument the walk cannot know (the caller then takes every word)."""
    walk = _Walk(_chain(name), values, calls)
    walk.statements(walk.chain.root.body, dict(values))
    return walk.sure


def every_word(name: str) -> list[str]:
    """Every constant `_("...")` of template `name` and of those it extends and imports."""
    found: list[str] = []
    for tree in _chain(name).trees:
        for call in tree.find_all(nodes.Call):
            is_words = isinstance(call.node, nodes.Name) and call.node.name == WORDS
            if is_words and call.args and isinstance(call.args[0], nodes.Const):
                found.append(call.args[0].value)
    return list(dict.fromkeys(found))


class _Chain:
    """A template with those it extends and imports: the one at the top of its chain of
    `extends` (where Jinja starts), its blocks and its macros, the most derived first."""

    def __init__(self, name: str) -> None:
        self.blocks: dict[str, list[nodes.Block]] = {}
        self.macros: dict[str, nodes.Macro] = {}
        self.trees: list[nodes.Template] = []
        self.root = self._load(name)
        self._words: dict[int, bool] = {}
        self._sets: dict[int, tuple[str, ...]] = {}

    def _load(self, name: str) -> nodes.Template:
        tree = _parsed(name)
        self.trees.append(tree)
        for block in tree.find_all(nodes.Block):
            self.blocks.setdefault(block.name, []).append(block)
        for macro in tree.find_all(nodes.Macro):
            self.macros.setdefault(macro.name, macro)
        for imported in tree.find_all(nodes.FromImport):
            if isinstance(imported.template, nodes.Const):
                library = _parsed(imported.template.value)
                if all(library is not tree for tree in self.trees):
                    self.trees.append(library)
                for macro in library.find_all(nodes.Macro):
                    self.macros.setdefault(macro.name, macro)
        parent = next(tree.find_all(nodes.Extends), None)
        if parent is not None and isinstance(parent.template, nodes.Const):
            return self._load(parent.template.value)
        return tree

    def has_words(self, node: nodes.Node) -> bool:
        """Whether `node` (or a macro it calls) can look a word or date up: what cannot is
        not walked at all. A block counts as one that can: a template extending this one
        may fill it with words."""
        key = id(node)
        if key not in self._words:
            self._words[key] = False  # a macro calling itself adds nothing
            inside = node.find_all((nodes.Call, nodes.Block))  # below it, not itself
            self._words[key] = any(
                not isinstance(inner, nodes.Call) or self._looks_up(inner)
                for inner in [node, *inside]
                if isinstance(inner, nodes.Call | nodes.Block)
            )
        return self._words[key]

    def assigned(self, node: nodes.Node) -> tuple[str, ...]:
        """The names a `set` inside `node` may give a value."""
        key = id(node)
        if key not in self._sets:
            self._sets[key] = ()
            if not isinstance(node, nodes.For | nodes.Macro):  # their `set` stays inside
                targets = [assign.target for assign in node.find_all(nodes.Assign)]
                names = [n for t in targets for n in [t, *t.find_all(nodes.Name)]]
                self._sets[key] = tuple(n.name for n in names if isinstance(n, nodes.Name))
        return self._sets[key]

    def _looks_up(self, call: nodes.Call) -> bool:
        if not isinstance(call.node, nodes.Name):
            return False
        name = call.node.name
        if name in (WORDS, DATES, "super"):
            return True
        return name in self.macros and self.has_words(self.macros[name])


@per_build
def _chain(name: str) -> _Chain:
    return _Chain(name)


class _Walk:
    def __init__(self, chain: _Chain, values: dict[str, Any], calls: dict[str, Callable]) -> None:
        self.chain, self.values, self.calls, self.sure = chain, values, calls, True
        self._super: list[tuple[str, int]] = []

    # --- statements ---------------------------------------------------------------------

    def statements(self, body: Iterable[nodes.Node], scope: dict) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: dict) -> None:
        if isinstance(node, nodes.Assign):  # a value later conditions may test
            _bind(node.target, self.expr(node.node, scope), scope)
        elif not self.chain.has_words(node):
            # Nothing in it looks a word up: not walked, and what it may set is unknown.
            scope.update(dict.fromkeys(self.chain.assigned(node), UNKNOWN))
        elif isinstance(node, nodes.Output):
            for child in node.nodes:
                if self.chain.has_words(child):
                    self.expr(child, scope)
        elif isinstance(node, nodes.If):
            self._if(node, scope)
        elif isinstance(node, nodes.For):
            self._for(node, scope)
        elif isinstance(node, nodes.Block):
            self._block(node.name, 0, scope)
        elif isinstance(node, nodes.Macro | nodes.Extends | nodes.FromImport):
            return  # definitions: followed where they are used
        else:  # anything else: every part of it, with nothing known of what it sets
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    self.statement(child, scope)
                elif isinstance(child, nodes.Expr):
                    self.expr(child, scope)

    def _if(self, node: nodes.If, scope: dict) -> None:
        """The branch Jinja would take; while a test is unknown, each it may take (what
        they set is then known only where they agree)."""
        taken: list[list[nodes.Node]] = []
        for branch in [node, *node.elif_]:
            known = _truth(self.expr(branch.test, scope))
            if known is not False:
                taken.append(branch.body)
            if known is True:
                break
        else:
            taken.append(node.else_)
        if len(taken) == 1:  # decided by the values
            self.statements(taken[0], scope)
            return
        after = [dict(scope) for _ in taken]
        for body, inner in zip(taken, after, strict=True):
            self.statements(body, inner)
        for name in {name for inner in after for name in inner}:
            values = [inner.get(name, UNKNOWN) for inner in after]
            scope[name] = values[0] if all(v is values[0] for v in values) else UNKNOWN

    def _for(self, node: nodes.For, scope: dict) -> None:
        values = self.expr(node.iter, scope)
        if not self.chain.has_words(node):
            return
        try:
            values = UNKNOWN if values is UNKNOWN else list(values)
        except TypeError:
            values = UNKNOWN
        if values is UNKNOWN or node.test is not None or node.recursive:
            inner = dict(scope)
            _bind(node.target, UNKNOWN, inner)
            self.statements(node.body, inner)
            self.statements(node.else_, scope)
            return
        for value in values:
            inner = dict(scope)
            _bind(node.target, value, inner)
            self.statements(node.body, inner)
        if not values:
            self.statements(node.else_, scope)

    def _block(self, name: str, depth: int, scope: dict) -> None:
        chain = self.chain.blocks.get(name, [])
        if depth < len(chain):
            self._super.append((name, depth))
            self.statements(chain[depth].body, dict(scope))
            self._super.pop()

    # --- expressions --------------------------------------------------------------------

    def expr(self, node: nodes.Node | None, scope: dict) -> Any:
        if node is None:
            return None
        if isinstance(node, nodes.Const):
            return node.value
        if isinstance(node, nodes.TemplateData):
            return node.data
        if isinstance(node, nodes.Name):
            return scope.get(node.name, UNKNOWN)
        if isinstance(node, nodes.Getattr):
            return _attribute(self.expr(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            return _item(self.expr(node.node, scope), self.expr(node.arg, scope))
        if isinstance(node, nodes.Slice):
            parts = [self.expr(p, scope) for p in (node.start, node.stop, node.step)]
            return slice(*parts) if _known(parts) else UNKNOWN
        if isinstance(node, nodes.Tuple | nodes.List):
            return tuple(self.expr(item, scope) for item in node.items)
        if isinstance(node, nodes.Call):
            return self._call(node, scope)
        if isinstance(node, nodes.Filter):
            return self._filter(node, scope)
        if isinstance(node, nodes.And | nodes.Or | nodes.Not | nodes.CondExpr):
            return self._logic(node, scope)
        if isinstance(node, nodes.Compare):
            return self._compare(node, scope)
        if isinstance(node, nodes.Test) and node.name == "defined":
            return isinstance(node.node, nodes.Name) and node.node.name in scope
        return self._other(node, scope)

    def _other(self, node: nodes.Node, scope: dict) -> Any:
        """Sums and joins computed when their parts are known; anything else walked for
        the words inside it."""
        parts = [self.expr(child, scope) for child in node.iter_child_nodes()]
        known = _known(parts)
        try:
            if known and isinstance(node, nodes.Concat):
                return "".join(map(str, parts))
            if known and isinstance(node, nodes.BinExpr):
                return _OPERATORS[node.operator](*parts)
        except (TypeError, ValueError, ArithmeticError, KeyError):
            pass
        return UNKNOWN

    def _logic(self, node: nodes.Node, scope: dict) -> Any:
        if isinstance(node, nodes.Not):
            known = _truth(self.expr(node.node, scope))
            return UNKNOWN if known is None else not known
        if isinstance(node, nodes.CondExpr):
            known = _truth(self.expr(node.test, scope))
            if known is None:
                self.expr(node.expr1, scope), self.expr(node.expr2, scope)
                return UNKNOWN
            return self.expr(node.expr1 if known else node.expr2, scope)
        left = self.expr(node.left, scope)  # type: ignore[attr-defined]
        known = _truth(left)
        if known is (isinstance(node, nodes.Or)):  # decided by the left: right not run
            return left
        right = self.expr(node.right, scope)  # type: ignore[attr-defined]
        return UNKNOWN if known is None else right

    def _compare(self, node: nodes.Compare, scope: dict) -> Any:
        left = self.expr(node.expr, scope)
        result: Any = True
        for operand in node.ops:
            right = self.expr(operand.expr, scope)
            if not _known((left, right)) or operand.op not in _OPERATORS:
                result = UNKNOWN
            elif result is not UNKNOWN:
                try:
                    result = result and _OPERATORS[operand.op](left, right)
                except TypeError:
                    result = UNKNOWN
            left = right
        return result

    def _call(self, node: nodes.Call, scope: dict) -> Any:
        args = [self.expr(arg, scope) for arg in node.args]
        kwargs = {k.key: self.expr(k.value, scope) for k in node.kwargs}
        name = node.node.name if isinstance(node.node, nodes.Name) else None
        if name in (WORDS, DATES):
            if not args or not _known(args):
                self.sure = False
                return UNKNOWN
            return self.calls[name](*args) if name in self.calls else UNKNOWN
        if name == "super" and self._super:
            block, depth = self._super[-1]
            self._block(block, depth + 1, scope)
            return UNKNOWN
        if name in self.chain.macros and name not in scope:
            self._macro(self.chain.macros[name], args, kwargs)
            return UNKNOWN
        function = self.expr(node.node, scope)
        if _is_str_method(function) and _known((*args, *kwargs.values())):
            try:
                return function(*args, **kwargs)
            except (TypeError, ValueError, KeyError, IndexError):
                return UNKNOWN
        return UNKNOWN

    def _macro(self, macro: nodes.Macro, args: list, kwargs: dict) -> None:
        if not self.chain.has_words(macro):
            return
        scope = dict(self.values)  # imported `with context`: the template's values
        defaults = [None] * (len(macro.args) - len(macro.defaults)) + list(macro.defaults)
        for index, (param, default) in enumerate(zip(macro.args, defaults, strict=True)):
            given = args[index] if index < len(args) else kwargs.get(param.name, UNKNOWN)
            if index >= len(args) and param.name not in kwargs and default is not None:
                given = self.expr(default, scope)
            scope[param.name] = given
        self.statements(macro.body, scope)

    def _filter(self, node: nodes.Filter, scope: dict) -> Any:
        value = self.expr(node.node, scope)
        args = [self.expr(arg, scope) for arg in node.args]
        for keyword in node.kwargs:
            self.expr(keyword.value, scope)
        if not _known((value, *args)):
            return UNKNOWN
        if node.name in _SAME_TEXT:  # escaping and isolating keep a value empty or not
            return value
        if node.name == "length":
            return len(value)
        if node.name == "list":
            return list(value)
        if node.name in ("selectattr", "rejectattr") and len(args) == 3 and args[1] == "equalto":
            keep = node.name == "selectattr"
            return [v for v in value if (_attribute(v, args[0]) == args[2]) is keep]
        return UNKNOWN


_OPERATORS: dict[str, Callable] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gteq": operator.ge,
    "lt": operator.lt, "lteq": operator.le, "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b, "+": operator.add, "-": operator.sub,
    "*": operator.mul, "/": operator.truediv, "//": operator.floordiv, "%": operator.mod,
}  # fmt: skip
_SAME_TEXT = frozenset({"isolate", "number", "css_string", "breakable_url", "e", "escape"})


def _known(values: Iterable[Any]) -> bool:
    return all(value is not UNKNOWN for value in values)


def _truth(value: Any) -> bool | None:
    return None if value is UNKNOWN else bool(value)


def _bind(target: nodes.Node, value: Any, scope: dict) -> None:
    if isinstance(target, nodes.Name):
        scope[target.name] = value
    elif isinstance(target, nodes.Tuple):
        known = value is not UNKNOWN and len(value) == len(target.items)
        for index, item in enumerate(target.items):
            _bind(item, value[index] if known else UNKNOWN, scope)


def _attribute(value: Any, name: str) -> Any:
    """`value.name` as Jinja reads it: an attribute, else an item; never a private one."""
    if value is UNKNOWN or name.startswith("_"):
        return UNKNOWN
    if isinstance(value, dict):
        return value.get(name, UNKNOWN)
    found = getattr(value, name, UNKNOWN)
    return UNKNOWN if callable(found) and not _is_str_method(found) else found


def _item(value: Any, key: Any) -> Any:
    if not _known((value, key)):
        return UNKNOWN
    try:
        return value[key]
    except (TypeError, KeyError, IndexError):
        return UNKNOWN


def _is_str_method(function: Any) -> bool:
    """A method of a string (`format`, `split`...): safe to call, its result is text."""
    return isinstance(getattr(function, "__self__", None), str)
