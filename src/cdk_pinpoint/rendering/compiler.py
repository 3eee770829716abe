"""Syntax tree -> one Python function per template, compiled once (no per-render dispatch).

Why generate Python source: pybars3 renders by calling a closure per node and resolving every
name at render time through generic scope objects, which caps it at ~0.3x handlebars.js. Here
each template becomes straight-line code: text runs and values are joined by one f-string,
paths are direct dict/list subscripts in a ``try`` (the exception path means "missing"),
``if``/``each``/``with`` are Python ``if``/``for`` statements, and helpers are direct calls.
The function is built with ``exec`` into a fresh dict, so nothing lands in ``sys.modules``.

Scopes are resolved at compile time: ``../`` counts the enclosing blocks that change the
context (``each``, ``with``, sections), which is how handlebars.js counts them in practice.

Two passes, one place for each rule: the Checker (run when a template is compiled) finds every
error and resolves what each name means (helper or value, block parameter, partial) into a
Resolution; the Compiler (run on the first render) only turns that verdict into code.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import TYPE_CHECKING

from . import values
from .errors import TemplateError, position_of
from .helpers import BUILTIN_BLOCKS, BUILTIN_INLINE, HELPERS, INLINE_FORMS
from .parser import Block, Comment, Content, Literal, Mustache, Partial, PathExpr, Program, SubExpr

_MISSING = (KeyError, IndexError, TypeError)
# Python allows 20 statically nested loops/try blocks per function: an ``each`` nested deeper
# than this inside one generated function gets a function of its own (see block_each).
_LOOPS_PER_FUNCTION = 8

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any


# ------------------------------------------------------------------------- runtime support


def _frame_get(frame: Any, up: int, name: str) -> Any:
    """A data variable (@index ...) from a runtime frame dict, ``up`` frames out. A frame inherits
    what it does not set from its parent (handlebars.js ``createFrame`` copies the parent)."""
    for _ in range(up):
        if frame is None:
            return None
        frame = frame.get("_parent")
    while frame is not None and name not in frame:
        frame = frame.get("_parent")
    return None if frame is None else frame[name]


def _frame_with_block(frame: Any, block: Any) -> dict[str, Any]:
    child = dict(frame) if frame else {}
    child["_parent"] = frame
    child["partial-block"] = block
    return child


def _each_pairs(value: Any) -> tuple[list[Any], list[Any] | None]:
    """What ``each`` iterates: list items, or dict values with keys in JavaScript key order."""
    if isinstance(value, (list, tuple)):
        return list(value), None
    if isinstance(value, dict):
        keys = list(value)
        index_keys = sorted(
            (k for k in keys if isinstance(k, str) and k.isdigit() and (k == "0" or k[0] != "0")), key=int
        )
        if index_keys:
            keys = index_keys + [k for k in keys if k not in set(index_keys)]
        return [value[k] for k in keys], keys
    return [], None


def _extend(context: Any, hash_values: dict[str, Any]) -> dict[str, Any]:
    merged = dict(context) if isinstance(context, dict) else {}
    merged.update(hash_values)
    return merged


def _indent(text: str, indent: str) -> str:
    """A standalone partial's output, each line indented like the partial tag (handlebars.js)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line and i + 1 == len(lines):
            break
        lines[i] = indent + line
    return "\n".join(lines)


def _call_block(block: Any, context: Any) -> str:
    return block(context) if callable(block) else ""


def _log(*args: Any) -> str:
    import logging

    logging.getLogger("cdk_pinpoint.rendering").info(" ".join(values.to_str(arg) for arg in args))
    return ""


def _truthy_zero(value: Any) -> bool:
    return values.is_truthy(value) or (value == 0 and value.__class__ in (int, float))


RUNTIME: dict[str, Any] = {
    "_e": values.escape,
    "_s": values.to_str,
    "_truthy": values.is_truthy,
    "_truthy_zero": _truthy_zero,
    "_with_empty": values.is_empty_for_with,
    "_lookup": values.lookup,
    "_resolve": values.resolve,
    "_lookup_any": values.lookup_any,
    "_MISSING": _MISSING,
    "_frame_get": _frame_get,
    "_frame_with_block": _frame_with_block,
    "_each_pairs": _each_pairs,
    "_extend": _extend,
    "_indent": _indent,
    "_call_block": _call_block,
    "_log": _log,
    **{f"_h_{name}": spec.function for name, spec in HELPERS.items()},
}


# ------------------------------------------------------------------------------- checking

_LOOKUP_ARGUMENTS = "lookup takes an object and a key: {{lookup object key}}"
_UNKNOWN_HELPER = "unknown helper {!r}"
_ONE_ARGUMENT = "#{} takes exactly one argument"
_NOT_A_BLOCK = "{} cannot be used as a block"
_UNKNOWN_BLOCK_HELPER = "unknown block helper {!r}"
_ONLY_INLINE = 'only {{#*inline "name"}} decorator blocks are supported'
_INLINE_NAME = 'inline partials need a name: {{#*inline "name"}}'
_DYNAMIC_PARTIAL = "dynamic partials {{> (expression)}} are not supported"
_UNKNOWN_PARTIAL = "unknown partial {!r} (define it with {{{{#*inline}}}})"


def _inline_block(name: str) -> str:
    return f"{name} must be used as a block: {{{{#{name} ...}}}}...{{{{/{name}}}}}"


def _argument_problems(
    name: str, params: list[Any], hash_: list[tuple[str, Any]], offset: int
) -> list[tuple[str, int]]:
    """(message, offset) for each problem with the arguments of a call to helper ``name`` (in HELPERS)."""
    spec = HELPERS[name]
    problems = []
    if len(params) < spec.min_args:
        problems.append((f"{name} needs at least {spec.min_args} argument(s), got {len(params)}", offset))
    hash_names = {key for key, _ in hash_}
    for required in sorted(spec.required_hash - hash_names):
        problems.append((f"{name} needs {required}=", offset))
    for index, check in spec.literal_checks:
        if index < len(params) and isinstance(params[index], Literal):
            problem = check(params[index].value)
            if problem:
                problems.append((problem, params[index].offset))
    return problems


def evaluated_arguments(
    name: str, params: list[Any], hash_: list[tuple[str, Any]]
) -> tuple[list[Any], list[tuple[str, Any]]]:
    """The parameters and hash arguments a call to helper ``name`` evaluates (extra ones are ignored)."""
    if name in BUILTIN_INLINE:
        return params, []
    spec = HELPERS[name]
    used = params if spec.max_args is None else params[: spec.max_args]
    return used, [(key, value) for key, value in hash_ if key in spec.hash_keys]


class Resolution:
    """What the Checker decided about a template's nodes, keyed by ``id(node)``: the code
    generator reads these instead of deciding again, so each rule lives in the Checker only.
    Valid while the tree lives (Template keeps both)."""

    __slots__ = ("bindings", "helpers", "partials")

    def __init__(self) -> None:
        # Mustache, SubExpr or Block -> the helper it calls (if/each/... for builtin blocks);
        # absent: a value (a block without one is a section)
        self.helpers: dict[int, str] = {}
        # PathExpr whose first segment is a block parameter -> (the block binding it, parameter index)
        self.bindings: dict[int, tuple[Block, int]] = {}
        # Partial or partial block -> the ``{{#*inline}}`` block defining the partial it calls
        self.partials: dict[int, Block] = {}


# A block parameter in scope: (name, block binding it, index in the block's ``as |a b|``)
_BlockParams = tuple[tuple[str, Block, int], ...]  # innermost first
_Partials = tuple[tuple[str, Block], ...]  # (name, its {{#*inline}} block), innermost first


class Checker:
    """Finds every TemplateError of a parsed template and resolves what each name means (helper
    or value, block parameter, partial), recording it in a Resolution for the code generator.
    Templates are checked when compiled and turned into code when first rendered, so a template
    that only needs checking (synth) never pays for code generation."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[TemplateError] = []  # reported, checking goes on to find the others
        self.resolution = Resolution()

    def error(self, message: str, offset: int) -> TemplateError:
        return TemplateError(message, *position_of(self.source, offset))

    def report(self, message: str, offset: int) -> None:
        """An error that leaves the tree intact (unknown helper or partial, bad arguments):
        recorded, and checking continues so one pass finds every such error."""
        self.errors.append(self.error(message, offset))

    def check(self, program: Program) -> Resolution:
        self.program(program, (), ())
        errors = self.errors
        if errors:
            errors[0].errors = tuple(errors)
            raise errors[0]
        return self.resolution

    def program(self, program: Program, block_params: _BlockParams, partials: _Partials) -> None:
        decorators = [node for node in program.body if isinstance(node, Block) and node.kind == "decorator"]
        if decorators:
            partials = self.inline_partials(decorators, block_params, partials)
        for node in program.body:
            if isinstance(node, Mustache):
                path = node.path
                if not (
                    isinstance(path, Literal)
                    and not node.params
                    and not node.hash
                    and not (path.value in HELPERS or path.value in BUILTIN_INLINE)
                ):  # handlebars.js: {{"x y"}}, {{1}}, {{true}} look up the property named as written
                    self.call_or_value(node, path, node.params, node.hash, block_params, node.offset)
            elif isinstance(node, Block):
                if node.kind == "block":
                    self.block(node, block_params, partials)
                elif node.kind == "partial_block":
                    self.partial_call(node, node.path, node.params, node.hash, block_params, partials, node.program)
            elif isinstance(node, Partial):
                self.partial_call(node, node.name, node.params, node.hash, block_params, partials, None)

    def binding(self, path: Any, block_params: _BlockParams) -> tuple[Block, int] | None:
        """The block parameter a path starts with (``x`` in ``x.a`` inside ``as |x|``), if any."""
        if block_params and isinstance(path, PathExpr) and not path.data and not path.scoped and path.depth == 0:
            head = path.parts[0] if path.parts else None
            for name, block, index in block_params:
                if name == head:
                    return block, index
        return None

    def helper_name(self, path: Any, block_params: _BlockParams) -> str | None:
        """The helper a name refers to, if it can be one (a single plain segment, or a string)."""
        if isinstance(path, Literal) and isinstance(path.value, str):
            return path.value
        if (
            isinstance(path, PathExpr)
            and not path.data
            and not path.scoped
            and path.depth == 0
            and len(path.parts) == 1
            and self.binding(path, block_params) is None
        ):
            return path.parts[0]
        return None

    def call_or_value(
        self,
        node: Any,
        path: Any,
        params: list[Any],
        hash_: list[tuple[str, Any]],
        block_params: _BlockParams,
        offset: int,
    ) -> None:
        """A mustache or subexpression: a helper call when the name is a helper, else a value."""
        name = self.helper_name(path, block_params)
        if name is not None:
            if name in BUILTIN_BLOCKS:
                self.report(_inline_block(name), offset)
                return
            if name in HELPERS or name in BUILTIN_INLINE:
                self.resolution.helpers[id(node)] = name
                self.helper_call(name, params, hash_, block_params, offset)
                return
        if params or hash_:
            label = path.original if isinstance(path, (PathExpr, Literal)) else "expression"
            self.report(_UNKNOWN_HELPER.format(label), offset)
            return
        self.argument(path, block_params)

    def helper_call(
        self, name: str, params: list[Any], hash_: list[tuple[str, Any]], block_params: _BlockParams, offset: int
    ) -> None:
        if name == "lookup" and len(params) != 2:
            raise self.error(_LOOKUP_ARGUMENTS, offset)
        if name in HELPERS:
            for message, at in _argument_problems(name, params, hash_, offset):
                self.report(message, at)
        used, keywords = evaluated_arguments(name, params, hash_)
        for param in used:
            self.argument(param, block_params)
        for _, value in keywords:
            self.argument(value, block_params)

    def argument(self, param: Any, block_params: _BlockParams) -> None:
        if isinstance(param, SubExpr):
            self.call_or_value(param, param.path, param.params, param.hash, block_params, param.offset)
        elif block_params:
            binding = self.binding(param, block_params)
            if binding is not None:
                self.resolution.bindings[id(param)] = binding

    def block(self, node: Block, block_params: _BlockParams, partials: _Partials) -> None:
        name = self.helper_name(node.path, block_params)
        inner = block_params
        if name in BUILTIN_BLOCKS:
            if len(node.params) != 1:
                self.report(_ONE_ARGUMENT.format(name), node.offset)
            else:
                self.resolution.helpers[id(node)] = name
                self.argument(node.params[0], block_params)
                names = node.program.block_params if node.program else []
                bound = {"with": 1, "each": 2}.get(name, 0)  # with: the value; each: the item and its key
                # innermost first: with ``as |x x|`` the later x wins
                inner = tuple((names[i], node, i) for i in reversed(range(min(bound, len(names))))) + block_params
        elif name in HELPERS and HELPERS[name].conditional:
            self.resolution.helpers[id(node)] = name
            self.helper_call(name, node.params, [], block_params, node.offset)
        elif name in HELPERS or name in BUILTIN_INLINE:
            self.report(_NOT_A_BLOCK.format(name), node.offset)
        elif node.params or node.hash or isinstance(node.path, SubExpr):
            label = getattr(node.path, "original", "expression")
            self.report(_UNKNOWN_BLOCK_HELPER.format(label), node.offset)
        else:  # a section, {{#path}}; {{#"a b"}}, {{#null}}, {{#1}} name a property, as in mustaches
            self.argument(node.path, block_params)
        if node.program is not None:
            self.program(node.program, inner, partials)
        if node.inverse is not None and node.inverse.body:
            self.program(node.inverse, block_params, partials)

    def inline_partials(self, blocks: list[Block], block_params: _BlockParams, partials: _Partials) -> _Partials:
        """``{{#*inline "name"}}``: defined before the program runs, visible in it and below."""
        defined = []
        for block in blocks:
            if not (isinstance(block.path, PathExpr) and block.path.original == "inline"):
                raise self.error(_ONLY_INLINE, block.offset)
            if (
                len(block.params) != 1
                or not isinstance(block.params[0], Literal)
                or not isinstance(block.params[0].value, str)
            ):
                raise self.error(_INLINE_NAME, block.offset)
            defined.append((block.params[0].value, block))
        partials = tuple(reversed(defined)) + partials  # the last definition of a name wins
        for block in blocks:
            if block.program is not None:
                self.program(block.program, block_params, partials)
        return partials

    def partial_call(
        self,
        node: Partial | Block,
        name: Any,
        params: list[Any],
        hash_: list[tuple[str, Any]],
        block_params: _BlockParams,
        partials: _Partials,
        block_program: Program | None,
    ) -> None:
        if params:
            self.argument(params[0], block_params)
        for _, value in hash_:
            self.argument(value, block_params)
        if isinstance(name, PathExpr) and name.data and name.parts == ["partial-block"]:
            return
        if isinstance(name, SubExpr):
            raise self.error(_DYNAMIC_PARTIAL, node.offset)
        partial_name = str(name.value if isinstance(name, Literal) else name.original)
        definition = next((block for defined, block in partials if defined == partial_name), None)
        if definition is not None:
            self.resolution.partials[id(node)] = definition
        if block_program is not None:  # a partial block whose partial does not exist renders its block
            self.program(block_program, block_params, partials)
        elif definition is None:
            self.report(_UNKNOWN_PARTIAL.format(partial_name), node.offset)


def check(source: str, program: Program) -> Resolution:
    """Raise every TemplateError of a parsed template (the first, with all of them in ``errors``);
    return the Resolution ``generate`` needs for a valid one."""
    return Checker(source).check(program)


# -------------------------------------------------------------------------- compile scopes


class Frame:
    """Data variables (@index, @first, @last, @key) of one ``each``: compile-time expressions,
    or a runtime dict expression (inside partials, which get the caller's data)."""

    def __init__(self, names: dict[str, str] | None = None, runtime: str | None = None) -> None:
        self.names = names or {}
        self.runtime = runtime


class Scope:
    """What the context and data variables are at one point of the template, as Python expressions
    (block parameters and partials were resolved by the Checker: see Compiler.block_params)."""

    def __init__(self, contexts: tuple[str, ...], frames: tuple[Frame, ...]) -> None:
        self.contexts = contexts  # innermost first
        self.frames = frames  # innermost first

    def push(self, context: str, frame: Frame | None = None) -> Scope:
        return Scope((context, *self.contexts), (frame, *self.frames) if frame else self.frames)

    def frame_dict(self) -> str:
        """A runtime dict expression for the current data frame (what a partial receives)."""
        return self._frame_dict(0)

    def _frame_dict(self, index: int) -> str:
        if index >= len(self.frames):
            return "None"
        frame = self.frames[index]
        if frame.runtime is not None:
            return frame.runtime
        items = ", ".join(f"{name!r}: {expression}" for name, expression in frame.names.items())
        parent = self._frame_dict(index + 1)
        return "{" + items + ", '_parent': " + parent + "}"


# ------------------------------------------------------------------------------ code writer


# how text is written inside a single-quoted f-string literal: what Python would read otherwise
# (quote, backslash, braces) and what a one-line literal cannot hold as it is (line breaks, controls)
_LITERAL_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "'": "\\'",
        "{": "{{",
        "}": "}}",
        "\n": "\\n",
        "\x85": "\\x85",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
        **{chr(code): f"\\x{code:02x}" for code in (*range(32), 127) if code != 10},
    }
)


def _literal_source(text: str) -> str:
    """Text as the inside of a single-quoted f-string literal."""
    if text.replace("\n", "").isprintable():  # the common case: a few replaces, no per-character work
        return text.replace("\\", "\\\\").replace("'", "\\'").replace("{", "{{").replace("}", "}}").replace("\n", "\\n")
    text = text.translate(_LITERAL_ESCAPES)
    try:
        text.encode()
    except UnicodeEncodeError:  # lone surrogates, which source code cannot hold: escaped one by one
        return "".join(char if not 0xD800 <= ord(char) <= 0xDFFF else f"\\u{ord(char):04x}" for char in text)
    return text


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 1
        self.pending: list[str] = []  # f-string pieces not yet appended to the output
        self.hoisted = 0  # lines inserted ahead of a loop (see Compiler.place), not at the end

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def written(self) -> int:
        """Lines written at the end so far (hoisted lines are not counted)."""
        return len(self.lines) - self.hoisted

    def insert(self, index: int, depth: int, lines: list[str]) -> None:
        self.lines[index:index] = ["    " * depth + text for text in lines]
        self.hoisted += len(lines)

    def flush(self, out: str) -> None:
        if self.pending:
            self.line(f"{out}.append(f'{''.join(self.pending)}')")
            self.pending = []


class _Loop:
    """A ``for`` being generated: where code that does not depend on it is placed instead."""

    __slots__ = ("depth", "insert_at", "known")

    def __init__(self, insert_at: int, depth: int, known: dict[str, str]) -> None:
        self.insert_at = insert_at  # index in the writer's lines of the ``for`` statement
        self.depth = depth  # its indentation
        self.known = known  # what its body has computed (see Compiler.known)


_NAME = re.compile(r"[A-Za-z_]\w*")


class Compiler:
    """Generates the Python source of one checked template, following the Checker's Resolution
    (it raises nothing: the Checker has already rejected every invalid template)."""

    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution
        self.counter = 0
        self.writer = _Writer()
        self.out = "_o"
        self.loops = 0  # ``for`` statements open around the current line, in the current function
        # Values already computed, so that each is computed once: the lookup of a path from a
        # variable, or the escaped text of a variable, -> the variable holding it. One dict per
        # body being generated, innermost last (an entry is valid in its body and those inside).
        self.known: list[dict[str, str]] = [{}]
        # The loops around the current line (in the current function), outermost first; a value
        # that does not depend on a loop's variables is computed once before the loop.
        self.loop_stack: list[_Loop] = []
        self.level: dict[str, int] = {}  # variable -> number of loops around its assignment
        self.block_params: dict[int, list[str]] = {}  # id(block) -> expressions of its ``as |a b|``
        self.partial_functions: dict[int, str] = {}  # id({{#*inline}} block) -> its function's name

    # -- helpers
    def fresh(self, prefix: str) -> str:
        self.counter += 1
        name = f"{prefix}{self.counter}"
        self.level[name] = len(self.loop_stack)  # assigned where it is created unless placed (see place)
        return name

    def emit(self, text: str) -> None:
        self.writer.flush(self.out)
        self.writer.line(text)

    def indented(self) -> _Indent:
        return _Indent(self.writer, self.out)

    # -- entry point
    def compile(self, program: Program) -> str:
        scope = Scope(("c0",), (Frame(runtime="_d"),))
        # the output's pieces, joined at the end: += on one string copies it as it grows, which
        # costs most on long outputs with a fragmented heap (measured: 10x body 0.78x -> 0.97x)
        self.writer.line("_o = []")
        self.program(program, scope)
        self.writer.flush(self.out)
        self.writer.line("return ''.join(_o)")
        return "def _main(c0, _d):\n" + "\n".join(self.writer.lines) + "\n"

    # -- statements
    def program(self, program: Program, scope: Scope) -> None:
        partials = [node for node in program.body if isinstance(node, Block) and node.kind == "decorator"]
        if partials:
            self.inline_partials(partials, scope)
        for node in program.body:
            if isinstance(node, Content):
                if node.value:
                    self.writer.pending.append(_literal_source(node.value))
            elif isinstance(node, Mustache):
                self.mustache(node, scope)
            elif isinstance(node, Block):
                if node.kind == "block":
                    self.block(node, scope)
                elif node.kind == "partial_block":
                    self.partial_call(node, node.path, node.params, node.hash, scope, "", node.program)
            elif isinstance(node, Comment):
                continue
            else:  # Partial
                self.partial_call(node, node.name, node.params, node.hash, scope, node.indent, None)

    def mustache(self, node: Mustache, scope: Scope) -> None:
        path = node.path
        if isinstance(path, Literal) and id(node) not in self.resolution.helpers:
            value = self.property(path, scope)
        else:
            value = self.call_or_value(node, path, node.params, node.hash, scope)
        self.writer.pending.append(f"{{{self.escaped(value)}}}" if node.escaped else f"{{_s({value})}}")

    def call_or_value(self, node: Any, path: Any, params: list[Any], hash_: list[tuple[str, Any]], scope: Scope) -> str:
        """A mustache or subexpression: a helper call when the Checker resolved one, else a value."""
        name = self.resolution.helpers.get(id(node))
        if name is not None:
            return self.helper_call(name, params, hash_, scope)[0]
        return self.value(path, scope)

    def helper_call(self, name: str, params: list[Any], hash_: list[tuple[str, Any]], scope: Scope) -> tuple[str, bool]:
        """Emit a helper call into a temporary; returns (temporary, result is a bool)."""
        used, evaluated = evaluated_arguments(name, params, hash_)
        args = [self.argument(param, scope) for param in used]
        keywords = {key: self.argument(value, scope) for key, value in evaluated}
        if name == "lookup":
            return self.once(f"_lookup_any({args[0]}, {args[1]})"), False
        if name == "log":
            return self.assign(f"_log({', '.join(args)})"), False
        spec = HELPERS[name]
        result = self.once if spec.pure else self.assign  # now and uuid differ on each call
        conditional_hash = spec.conditional and ("yes" in keywords or "no" in keywords)
        call_args = args + [f"{key}={value}" for key, value in keywords.items() if not spec.conditional]
        call = f"_h_{name}({', '.join(call_args)})"
        arity, form = INLINE_FORMS.get(name, (0, ""))
        if arity and len(call_args) == arity and args[0].isidentifier():  # the first is tested most: a variable
            others = (arg if arg.isidentifier() or arg[0] in "'\"" else f"({arg})" for arg in args[1:])  # (2).x
            call = f"({form.format(args[0], *others)} else {call})"  # no call for strings
        if conditional_hash:
            return result(f"({keywords.get('yes', 'True')} if {call} else {keywords.get('no', 'False')})"), False
        return result(call), spec.conditional

    def assign(self, expression: str) -> str:
        """A temporary holding ``expression`` (no flush, see path_lookup)."""
        temp = self.fresh("t")
        self.writer.line(f"{temp} = {expression}")
        return temp

    # -- computing each value once
    def recall(self, key: str) -> str | None:
        for known in reversed(self.known):
            if key in known:
                return known[key]
        return None

    def place(self, key: str, temp: str, depends_on: str, lines: list[str]) -> str:
        """Emit ``lines`` computing ``temp`` (a pure value: a path lookup, helper call or escape) from the
        variables in ``depends_on``, and remember it under ``key``. Inside loops, the lines go
        before the outermost loop whose variables they do not read (inside its ``if`` for a
        non-empty list), so they run once per loop instead of once per item."""
        level = max((self.level.get(name, 0) for name in _NAME.findall(depends_on)), default=0)
        self.level[temp] = level
        if level >= len(self.loop_stack):
            for text in lines:
                self.writer.line(text)
            self.known[-1][key] = temp
            return temp
        loop = self.loop_stack[level]
        self.writer.insert(loop.insert_at, loop.depth, lines)
        for inner in self.loop_stack[level:]:
            inner.insert_at += len(lines)
        loop.known[key] = temp
        return temp

    def once(self, expression: str, prefix: str = "t") -> str:
        """A temporary holding ``expression``, which must be pure (the same value every time for
        the same variables, and no effect): a helper call or an escape, computed once per body."""
        temp = self.recall(expression)
        if temp is None:
            temp = self.fresh(prefix)
            self.place(expression, temp, expression, [f"{temp} = {expression}"])
        return temp

    def escaped(self, value: str) -> str:
        """The variable holding ``value`` HTML-escaped (each value is escaped once). A string of
        letters and digits, most values, needs no escaping: tested inline, no call (+8% measured)."""
        if not value.isidentifier():
            return self.once(f"_e({value})", "e")
        return self.once(f"{value} if {value}.__class__ is str and {value}.isalnum() else _e({value})", "e")

    def argument(self, param: Any, scope: Scope) -> str:
        if isinstance(param, Literal):
            return repr(param.value)
        if isinstance(param, SubExpr):
            return self.call_or_value(param, param.path, param.params, param.hash, scope)
        return self.value(param, scope)

    # -- paths
    def property(self, literal: Literal, scope: Scope) -> str:
        """handlebars.js: a literal naming a value (``{{"x y"}}``, ``{{1}}``, ``{{#null}}``) looks up
        the property named as written."""
        return self.path_lookup(scope.contexts[0], [literal.original])

    def value(self, path: Any, scope: Scope) -> str:
        """Emit the lookup of a path; returns the expression holding its value."""
        if isinstance(path, Literal):
            return repr(path.value)
        if isinstance(path, SubExpr):
            return self.call_or_value(path, path.path, path.params, path.hash, scope)
        parts = list(path.parts)
        if path.data:
            if not parts:
                return "None"
            head = parts.pop(0)
            if head == "root":
                base = "c0" if not scope.contexts else scope.contexts[-1]
            else:
                base = self.data_value(head, path.depth, scope)
        else:
            binding = self.resolution.bindings.get(id(path))
            if binding is not None:
                block, index = binding
                base = self.block_params[id(block)][index]
                parts.pop(0)
            elif path.depth < len(scope.contexts):
                base = scope.contexts[path.depth]
            else:
                return "None"
        if not parts:
            return base
        return self.path_lookup(base, parts)

    def data_value(self, name: str, up: int, scope: Scope) -> str:
        for index, frame in enumerate(scope.frames):
            if frame.runtime is not None:
                return self.assign(f"_frame_get({frame.runtime}, {up - index}, {name!r})") if up >= index else "None"
            if index == up:
                if name in frame.names:
                    return frame.names[name]
                up += 1  # not set by this each: inherited from the frame around it (see _frame_get)
        return "None"

    def path_lookup(self, base: str, parts: list[str]) -> str:
        """``try: t = base['a']['b'][0]`` with "missing" as the exception path (no flush: the
        lookup only computes a temporary, so the surrounding text run stays one f-string).
        A path already looked up from the same base is not looked up again."""
        key = f"{base}{parts!r}"
        temp = self.recall(key)
        if temp is not None:
            return temp
        temp = self.fresh("t")
        lines = ["try:"]
        expression = base
        for part in parts:
            if part.isdigit():
                if expression != temp:
                    lines.append(f"    {temp} = {expression}")
                lines.append(
                    f"    {temp} = {temp}[{int(part)}] if {temp}.__class__ is list else _lookup({temp}, {part!r})"
                )
                expression = temp
            else:
                expression = f"{expression}[{part!r}]"
        if expression != temp:
            lines.append(f"    {temp} = {expression}")
        fallback = f"_resolve({base}, {tuple(parts)!r})" if "length" in parts else "None"
        lines += ["except _MISSING:", f"    {temp} = {fallback}"]
        return self.place(key, temp, base, lines)

    # -- blocks
    def block(self, node: Block, scope: Scope) -> None:
        name = self.resolution.helpers.get(id(node))
        if name is None:
            self.section(node, scope)
        elif name in BUILTIN_BLOCKS:
            getattr(self, f"block_{name}")(node, scope)
        else:  # a conditional helper
            test, _ = self.helper_call(name, node.params, [], scope)
            self.branches(test, node, scope)

    def branches(self, test: str, node: Block, scope: Scope, program_scope: Scope | None = None) -> None:
        self.emit(f"if {test}:")
        with self.indented():
            self.body(node.program, program_scope or scope)
        if node.inverse is not None and node.inverse.body:
            self.emit("else:")
            with self.indented():
                self.body(node.inverse, scope)

    def body(self, program: Program | None, scope: Scope) -> None:
        start = self.writer.written()
        self.known.append({})  # what the body computes is known in it, not after it
        if program is not None:
            self.program(program, scope)
        self.writer.flush(self.out)
        self.known.pop()
        if self.writer.written() == start:
            self.writer.line("pass")

    def block_if(self, node: Block, scope: Scope, negate: bool = False) -> None:
        param = node.params[0]
        include_zero = any(key == "includeZero" and isinstance(v, Literal) and v.value is True for key, v in node.hash)
        helper = self.resolution.helpers.get(id(param))
        if helper in HELPERS:
            value, is_bool = self.helper_call(helper, param.params, param.hash, scope)
        else:
            value, is_bool = self.argument(param, scope), False
        test = value if is_bool else f"{'_truthy_zero' if include_zero else '_truthy'}({value})"
        self.branches(f"not {test}" if negate else test, node, scope)

    def block_unless(self, node: Block, scope: Scope) -> None:
        self.block_if(node, scope, negate=True)

    def block_with(self, node: Block, scope: Scope) -> None:
        value = self.argument(node.params[0], scope)
        context = self.fresh("c")
        self.emit(f"{context} = {value}")
        self.block_params[id(node)] = [context]
        self.branches(f"not _with_empty({context})", node, scope, scope.push(context))

    def block_each(self, node: Block, scope: Scope) -> None:
        if self.loops < _LOOPS_PER_FUNCTION:
            self.each_loop(node, scope)
            return
        function = self.fresh("_each")  # a nested function reads the enclosing locals it needs
        with self.nested_function(function, ""):
            self.each_loop(node, scope)
        self.emit(f"{self.out}.append({function}())")

    def each_loop(self, node: Block, scope: Scope) -> None:
        items, keys, index, last, context = (self.fresh(p) for p in ("l", "k", "i", "n", "c"))
        value = self.argument(node.params[0], scope)
        self.emit(f"{items} = {value}")
        self.emit(f"if {items}.__class__ is list: {keys} = None")
        self.emit(f"else: {items}, {keys} = _each_pairs({items})")
        key = f"({index} if {keys} is None else {keys}[{index}])"
        frame = Frame({"index": index, "first": f"({index} == 0)", "last": f"({index} == {last})", "key": key})
        self.block_params[id(node)] = [context, key]
        inner = scope.push(context, frame)
        self.emit(f"if {items}:")
        with self.indented():
            self.emit(f"{last} = len({items}) - 1")
            last_line = self.writer.lines[-1]
            loop = _Loop(len(self.writer.lines), self.writer.depth, {})
            self.emit(f"for {index}, {context} in enumerate({items}):")
            self.loops += 1
            self.loop_stack.append(loop)
            self.level[index] = self.level[context] = len(self.loop_stack)
            self.known.append(loop.known)
            with self.indented():
                self.body(node.program, inner)
            self.known.pop()
            self.loop_stack.pop()
            self.loops -= 1
            # the index and the last index only where the body reads them (@index, @last, @key...)
            names = set(_NAME.findall("\n".join(self.writer.lines[loop.insert_at + 1 :])))
            if index not in names:
                self.writer.lines[loop.insert_at] = self.writer.lines[loop.insert_at].replace(
                    f"for {index}, {context} in enumerate({items}):", f"for {context} in {items}:"
                )
            if last not in names:
                self.writer.lines.remove(last_line)  # found by its text: hoisting may have moved it
        if node.inverse is not None and node.inverse.body:
            self.emit("else:")
            with self.indented():
                self.body(node.inverse, scope)

    def section(self, node: Block, scope: Scope) -> None:
        """``{{#path}}``: handlebars.js ``blockHelperMissing`` (true, list, object, false/None)."""
        path = node.path
        value = self.property(path, scope) if isinstance(path, Literal) else self.value(path, scope)
        function, context, data = self.fresh("_section"), self.fresh("c"), self.fresh("_d")
        self.function(function, f"{context}, {data}", node.program, scope.push(context, Frame(runtime=data)))
        items, index, last = self.fresh("l"), self.fresh("i"), self.fresh("n")
        frame = scope.frame_dict()
        self.emit(f"{items} = {value}")
        self.emit(f"if {items} is True: {self.out}.append({function}({scope.contexts[0]}, {frame}))")
        self.emit(
            f"elif {items} is not None and {items} is not False and not ({items}.__class__ is list and not {items}):"
        )
        with self.indented():
            self.emit(f"if {items}.__class__ is list:")
            with self.indented():
                self.emit(f"{last} = len({items}) - 1")
                self.emit(f"for {index}, {context} in enumerate({items}):")
                with self.indented():
                    each_frame = (
                        f"{{'index': {index}, 'first': {index} == 0, 'last': {index} == {last}, "
                        f"'key': {index}, '_parent': {frame}}}"
                    )
                    self.emit(f"{self.out}.append({function}({context}, {each_frame}))")
            self.emit(f"else: {self.out}.append({function}({items}, {frame}))")
        if node.inverse is not None and node.inverse.body:
            self.emit("else:")
            with self.indented():
                self.body(node.inverse, scope)

    def function(self, name: str, parameters: str, program: Program | None, scope: Scope) -> None:
        """A nested function rendering ``program``; it sees the enclosing locals (lexical scope)."""
        with self.nested_function(name, parameters):
            self.body(program, scope)

    @contextmanager
    def nested_function(self, name: str, parameters: str) -> Iterator[None]:
        """``def name(parameters):`` whose body (what the with-block emits) renders into a fresh
        output variable, with its own loop count, and returns it."""
        self.emit(f"def {name}({parameters}):")
        outer = self.out, self.loops, self.known, self.loop_stack
        with self.indented():
            # nothing computed outside is reused inside (the function may run before it is)
            self.out, self.loops, self.known, self.loop_stack = self.fresh("_o"), 0, [{}], []
            self.emit(f"{self.out} = []")
            yield
            self.emit(f"return ''.join({self.out})")
        self.out, self.loops, self.known, self.loop_stack = outer

    # -- partials
    def inline_partials(self, blocks: list[Block], scope: Scope) -> None:
        """``{{#*inline "name"}}``: one function each, defined before the program runs."""
        for block in blocks:
            self.partial_functions[id(block)] = self.fresh("_partial")
        for block in blocks:
            context, data = self.fresh("c"), self.fresh("_d")
            inner = Scope((context, *scope.contexts), (Frame(runtime=data),))
            self.function(self.partial_functions[id(block)], f"{context}, {data}", block.program, inner)

    def partial_call(
        self,
        node: Partial | Block,
        name: Any,
        params: list[Any],
        hash_: list[tuple[str, Any]],
        scope: Scope,
        indent: str,
        block_program: Program | None,
    ) -> None:
        context = self.argument(params[0], scope) if params else scope.contexts[0]
        if hash_:
            items = ", ".join(f"{key!r}: {self.argument(value, scope)}" for key, value in hash_)
            context = self.assign(f"_extend({context}, {{{items}}})")
        frame = scope.frame_dict()
        definition = self.resolution.partials.get(id(node))
        function = None if definition is None else self.partial_functions[id(definition)]
        if isinstance(name, PathExpr) and name.data and name.parts == ["partial-block"]:
            call = f"_call_block({self.value(name, scope)}, {context})"
        elif block_program is not None:
            block_function, block_context = self.fresh("_block"), self.fresh("c")
            self.function(block_function, block_context, block_program, scope.push(block_context))
            if function is None:  # a partial block whose partial does not exist renders its block
                call = f"{block_function}({context})"
            else:
                call = f"{function}({context}, _frame_with_block({frame}, {block_function}))"
        else:
            call = f"{function}({context}, {frame})"
        if indent:
            call = f"_indent({call}, {indent!r})"
        self.emit(f"{self.out}.append({call})")


class _Indent:
    def __init__(self, writer: _Writer, out: str) -> None:
        self.writer = writer
        self.out = out

    def __enter__(self) -> None:
        self.writer.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.writer.flush(self.out)
        self.writer.depth -= 1


def generate(program: Program, resolution: Resolution) -> str:
    """The Python source of ``_main(context, data)`` for a parsed template that passed ``check``
    (which returned ``resolution``)."""
    return Compiler(resolution).compile(program)
