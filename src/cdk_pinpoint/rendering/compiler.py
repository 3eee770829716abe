"""Syntax tree -> one Python function per template, compiled once (no per-render dispatch).

Why generate Python source: pybars3 renders by calling a closure per node and resolving every
name at render time through generic scope objects, which caps it at ~0.3x handlebars.js. Here
each template becomes straight-line code: text runs and values are joined by one f-string,
paths are direct dict/list subscripts in a ``try`` (the exception path means "missing"),
``if``/``each``/``with`` are Python ``if``/``for`` statements, and helpers are direct calls.
The function is built with ``exec`` into a fresh dict, so nothing lands in ``sys.modules``.

Scopes are resolved at compile time: ``../`` counts the enclosing blocks that change the
context (``each``, ``with``, sections), which is how handlebars.js counts them in practice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import values
from .errors import TemplateError, position_of
from .helpers import BUILTIN_BLOCKS, BUILTIN_INLINE, HELPERS
from .parser import Block, Comment, Content, Literal, Mustache, Partial, PathExpr, Program, SubExpr

_MISSING = (KeyError, IndexError, TypeError)
# Python allows 20 statically nested loops/try blocks per function: an ``each`` nested deeper
# than this inside one generated function gets a function of its own (see block_each).
_LOOPS_PER_FUNCTION = 8

if TYPE_CHECKING:
    from typing import Any


# ------------------------------------------------------------------------- runtime support


def _frame_get(frame: Any, up: int, name: str) -> Any:
    """A data variable (@index ...) from a runtime frame dict, ``up`` frames out."""
    for _ in range(up):
        if frame is None:
            return None
        frame = frame.get("_parent")
    return None if frame is None else frame.get(name)


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


# -------------------------------------------------------------------------- compile scopes


class Frame:
    """Data variables (@index, @first, @last, @key) of one ``each``: compile-time expressions,
    or a runtime dict expression (inside partials, which get the caller's data)."""

    def __init__(self, names: dict[str, str] | None = None, runtime: str | None = None) -> None:
        self.names = names or {}
        self.runtime = runtime


class Scope:
    """What a name means at one point of the template, as Python expressions."""

    def __init__(
        self,
        contexts: tuple[str, ...],
        frames: tuple[Frame, ...],
        block_params: tuple[tuple[str, str], ...] = (),
        partials: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.contexts = contexts  # innermost first
        self.frames = frames  # innermost first
        self.block_params = block_params  # (name, expression), innermost first
        self.partials = partials  # (partial name, function name), innermost first

    def push(self, context: str, frame: Frame | None = None, block_params: dict[str, str] | None = None) -> Scope:
        return Scope(
            (context, *self.contexts),
            (frame, *self.frames) if frame else self.frames,
            tuple((block_params or {}).items()) + self.block_params,
            self.partials,
        )

    def with_partials(self, partials: list[tuple[str, str]]) -> Scope:
        return Scope(self.contexts, self.frames, self.block_params, tuple(partials) + self.partials)

    def block_param(self, name: str) -> str | None:
        for param, expression in self.block_params:
            if param == name:
                return expression
        return None

    def partial(self, name: str) -> str | None:
        for partial, function in self.partials:
            if partial == name:
                return function
        return None

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


# ---------------------------------------------------------------- rules shared by both passes

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


# ------------------------------------------------------------------------------ code writer


def _literal_source(text: str) -> str:
    """Text as the inside of a single-quoted f-string literal."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == "{":
            out.append("{{")
        elif ch == "}":
            out.append("}}")
        elif ch == "\n":
            out.append("\\n")
        elif code < 32 or code == 127 or 0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029, 0x85):
            out.append(f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}")
        else:
            out.append(ch)
    return "".join(out)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 1
        self.pending: list[str] = []  # f-string pieces not yet appended to the output

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def flush(self, out: str) -> None:
        if self.pending:
            self.line(f"{out} += f'{''.join(self.pending)}'")
            self.pending = []


class Compiler:
    """Generates the Python source of one template."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.counter = 0
        self.writer = _Writer()
        self.out = "_o"
        self.loops = 0  # ``for`` statements open around the current line, in the current function
        self.errors: list[TemplateError] = []  # reported, compiling goes on to find the others

    def report(self, message: str, offset: int) -> None:
        """An error that leaves the tree intact (unknown helper or partial, bad arguments):
        recorded, and compiling continues so one pass finds every such error."""
        self.errors.append(self.error(message, offset))

    # -- helpers
    def error(self, message: str, offset: int) -> TemplateError:
        return TemplateError(message, *position_of(self.source, offset))

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def emit(self, text: str) -> None:
        self.writer.flush(self.out)
        self.writer.line(text)

    def indented(self) -> _Indent:
        return _Indent(self.writer, self.out)

    # -- entry point
    def compile(self, program: Program) -> str:
        scope = Scope(("c0",), (Frame(runtime="_d"),))
        self.writer.line("_o = ''")
        self.program(program, scope)
        self.writer.flush(self.out)
        self.writer.line("return _o")
        if self.errors:
            first = self.errors[0]
            first.errors = tuple(self.errors)
            raise first
        return "def _main(c0, _d):\n" + "\n".join(self.writer.lines) + "\n"

    # -- statements
    def program(self, program: Program, scope: Scope) -> None:
        partials = [node for node in program.body if isinstance(node, Block) and node.kind == "decorator"]
        if partials:
            scope = self.inline_partials(partials, scope)
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
                    self.partial_call(node.path, node.params, node.hash, scope, node.offset, "", node.program)
            elif isinstance(node, Comment):
                continue
            else:  # Partial
                self.partial_call(node.name, node.params, node.hash, scope, node.offset, node.indent, None)

    def mustache(self, node: Mustache, scope: Scope) -> None:
        path = node.path
        if (
            isinstance(path, Literal)
            and not node.params
            and not node.hash
            and not (path.value in HELPERS or path.value in BUILTIN_INLINE)
        ):  # handlebars.js: {{"x y"}}, {{1}}, {{true}} look up the property named as written
            value = self.path_lookup(scope.contexts[0], [path.original])
        else:
            value = self.call_or_value(path, node.params, node.hash, scope, node.offset)
        self.writer.pending.append(f"{{_e({value})}}" if node.escaped else f"{{_s({value})}}")

    def call_or_value(
        self, path: Any, params: list[Any], hash_: list[tuple[str, Any]], scope: Scope, offset: int
    ) -> str:
        """A mustache or subexpression: a helper call when the name is a helper, else a value."""
        name = self.helper_name(path, scope)
        if name is not None:
            if name in BUILTIN_BLOCKS:
                self.report(_inline_block(name), offset)
                return "None"
            if name in HELPERS or name in BUILTIN_INLINE:
                return self.helper_call(name, params, hash_, scope, offset)[0]
        if params or hash_:
            label = path.original if isinstance(path, (PathExpr, Literal)) else "expression"
            self.report(_UNKNOWN_HELPER.format(label), offset)
            return "None"
        return self.value(path, scope)

    def helper_name(self, path: Any, scope: Scope) -> str | None:
        """The helper a name refers to, if it can be one (a single plain segment, or a string)."""
        if isinstance(path, Literal) and isinstance(path.value, str):
            return path.value
        if (
            isinstance(path, PathExpr)
            and not path.data
            and not path.scoped
            and path.depth == 0
            and len(path.parts) == 1
            and scope.block_param(path.parts[0]) is None
        ):
            return path.parts[0]
        return None

    def helper_call(
        self, name: str, params: list[Any], hash_: list[tuple[str, Any]], scope: Scope, offset: int
    ) -> tuple[str, bool]:
        """Emit a helper call into a temporary; returns (temporary, result is a bool)."""
        if name == "lookup":
            if len(params) != 2:
                raise self.error(_LOOKUP_ARGUMENTS, offset)
            args = [self.argument(param, scope) for param in params]
            return self.assign(f"_lookup_any({args[0]}, {args[1]})"), False
        if name == "log":
            args = [self.argument(param, scope) for param in params]
            return self.assign(f"_log({', '.join(args)})"), False
        spec = HELPERS[name]
        for message, at in _argument_problems(name, params, hash_, offset):
            self.report(message, at)
        used = params if spec.max_args is None else params[: spec.max_args]
        args = [self.argument(param, scope) for param in used]
        keywords = {key: self.argument(value, scope) for key, value in hash_ if key in spec.hash_keys}
        if spec.conditional:
            call = f"_h_{name}({', '.join(args)})"
            if "yes" in keywords or "no" in keywords:
                return self.assign(
                    f"({keywords.get('yes', 'True')} if {call} else {keywords.get('no', 'False')})"
                ), False
            return self.assign(call), True
        call_args = args + [f"{key}={value}" for key, value in keywords.items()]
        return self.assign(f"_h_{name}({', '.join(call_args)})"), False

    def assign(self, expression: str) -> str:
        """A temporary holding ``expression`` (no flush, see path_lookup)."""
        temp = self.fresh("t")
        self.writer.line(f"{temp} = {expression}")
        return temp

    def argument(self, param: Any, scope: Scope) -> str:
        if isinstance(param, Literal):
            return repr(param.value)
        if isinstance(param, SubExpr):
            return self.call_or_value(param.path, param.params, param.hash, scope, param.offset)
        return self.value(param, scope)

    # -- paths
    def value(self, path: Any, scope: Scope) -> str:
        """Emit the lookup of a path; returns the expression holding its value."""
        if isinstance(path, Literal):
            return repr(path.value)
        if isinstance(path, SubExpr):
            return self.call_or_value(path.path, path.params, path.hash, scope, path.offset)
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
            block_param = None
            if not path.scoped and path.depth == 0 and parts:
                block_param = scope.block_param(parts[0])
            if block_param is not None:
                base = block_param
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
                return frame.names.get(name, "None")
        return "None"

    def path_lookup(self, base: str, parts: list[str]) -> str:
        """``try: t = base['a']['b'][0]`` with "missing" as the exception path (no flush: the
        lookup only computes a temporary, so the surrounding text run stays one f-string)."""
        temp = self.fresh("t")
        line, writer = self.writer.line, self.writer
        line("try:")
        writer.depth += 1
        expression = base
        for part in parts:
            if part.isdigit():
                if expression != temp:
                    line(f"{temp} = {expression}")
                line(f"{temp} = {temp}[{int(part)}] if {temp}.__class__ is list else _lookup({temp}, {part!r})")
                expression = temp
            else:
                expression = f"{expression}[{part!r}]"
        if expression != temp:
            line(f"{temp} = {expression}")
        writer.depth -= 1
        line("except _MISSING:")
        fallback = f"_resolve({base}, {tuple(parts)!r})" if "length" in parts else "None"
        line(f"    {temp} = {fallback}")
        return temp

    # -- blocks
    def block(self, node: Block, scope: Scope) -> None:
        name = self.helper_name(node.path, scope)
        if name in BUILTIN_BLOCKS:
            if len(node.params) != 1:
                self.report(_ONE_ARGUMENT.format(name), node.offset)
                self.branches("False", node, scope)  # still compiled, for the errors inside
            else:
                getattr(self, f"block_{name}")(node, scope)
        elif name in HELPERS and HELPERS[name].conditional:
            test, _ = self.helper_call(name, node.params, [], scope, node.offset)
            self.branches(test, node, scope)
        elif name in HELPERS or name in BUILTIN_INLINE:
            self.report(_NOT_A_BLOCK.format(name), node.offset)
            self.branches("False", node, scope)
        elif node.params or node.hash or isinstance(node.path, (Literal, SubExpr)):
            label = getattr(node.path, "original", "expression")
            self.report(_UNKNOWN_BLOCK_HELPER.format(label), node.offset)
            self.branches("False", node, scope)
        else:
            self.section(node, scope)

    def branches(self, test: str, node: Block, scope: Scope, program_scope: Scope | None = None) -> None:
        self.emit(f"if {test}:")
        with self.indented():
            self.body(node.program, program_scope or scope)
        if node.inverse is not None and node.inverse.body:
            self.emit("else:")
            with self.indented():
                self.body(node.inverse, scope)

    def body(self, program: Program | None, scope: Scope) -> None:
        start = len(self.writer.lines)
        if program is not None:
            self.program(program, scope)
        self.writer.flush(self.out)
        if len(self.writer.lines) == start:
            self.writer.line("pass")

    def block_if(self, node: Block, scope: Scope, negate: bool = False) -> None:
        param = node.params[0]
        include_zero = any(key == "includeZero" and isinstance(v, Literal) and v.value is True for key, v in node.hash)
        if isinstance(param, SubExpr) and self.helper_name(param.path, scope) in HELPERS:
            value, is_bool = self.helper_call(
                self.helper_name(param.path, scope) or "", param.params, param.hash, scope, param.offset
            )
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
        names = node.program.block_params if node.program else []
        inner = scope.push(context, block_params=dict.fromkeys(names[:1], context))
        self.branches(f"not _with_empty({context})", node, scope, inner)

    def block_each(self, node: Block, scope: Scope) -> None:
        if self.loops < _LOOPS_PER_FUNCTION:
            self.each_loop(node, scope)
            return
        function = self.fresh("_each")  # a nested function reads the enclosing locals it needs
        self.emit(f"def {function}():")
        outer_out, outer_loops = self.out, self.loops
        with self.indented():
            self.out, self.loops = self.fresh("_o"), 0
            self.emit(f"{self.out} = ''")
            self.each_loop(node, scope)
            self.emit(f"return {self.out}")
        self.out, self.loops = outer_out, outer_loops
        self.emit(f"{self.out} += {function}()")

    def each_loop(self, node: Block, scope: Scope) -> None:
        items, keys, index, last, context = (self.fresh(p) for p in ("l", "k", "i", "n", "c"))
        value = self.argument(node.params[0], scope)
        self.emit(f"{items} = {value}")
        self.emit(f"if {items}.__class__ is list: {keys} = None")
        self.emit(f"else: {items}, {keys} = _each_pairs({items})")
        key = f"({index} if {keys} is None else {keys}[{index}])"
        frame = Frame({"index": index, "first": f"({index} == 0)", "last": f"({index} == {last})", "key": key})
        names = node.program.block_params if node.program else []
        params = dict(zip(names, [context, key][: len(names)], strict=False))
        inner = scope.push(context, frame, params)
        self.emit(f"if {items}:")
        with self.indented():
            self.emit(f"{last} = len({items}) - 1")
            self.emit(f"for {index}, {context} in enumerate({items}):")
            self.loops += 1
            with self.indented():
                self.body(node.program, inner)
            self.loops -= 1
        if node.inverse is not None and node.inverse.body:
            self.emit("else:")
            with self.indented():
                self.body(node.inverse, scope)

    def section(self, node: Block, scope: Scope) -> None:
        """``{{#path}}``: handlebars.js ``blockHelperMissing`` (true, list, object, false/None)."""
        value = self.value(node.path, scope)
        function, context, data = self.fresh("_section"), self.fresh("c"), self.fresh("_d")
        self.function(function, f"{context}, {data}", node.program, scope.push(context, Frame(runtime=data)))
        items, index, last = self.fresh("l"), self.fresh("i"), self.fresh("n")
        frame = scope.frame_dict()
        self.emit(f"{items} = {value}")
        self.emit(f"if {items} is True: {self.out} += {function}({scope.contexts[0]}, {frame})")
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
                    self.emit(f"{self.out} += {function}({context}, {each_frame})")
            self.emit(f"else: {self.out} += {function}({items}, {frame})")
        if node.inverse is not None and node.inverse.body:
            self.emit("else:")
            with self.indented():
                self.body(node.inverse, scope)

    def function(self, name: str, parameters: str, program: Program | None, scope: Scope) -> None:
        """A nested function rendering ``program``; it sees the enclosing locals (lexical scope)."""
        self.emit(f"def {name}({parameters}):")
        outer_out, outer_loops = self.out, self.loops
        with self.indented():
            self.out, self.loops = self.fresh("_o"), 0
            self.emit(f"{self.out} = ''")
            self.body(program, scope)
            self.emit(f"return {self.out}")
        self.out, self.loops = outer_out, outer_loops

    # -- partials
    def inline_partials(self, blocks: list[Block], scope: Scope) -> Scope:
        """``{{#*inline "name"}}``: defined before the program runs, visible in it and below."""
        names: list[tuple[str, str]] = []
        for block in blocks:
            if not (isinstance(block.path, PathExpr) and block.path.original == "inline"):
                raise self.error(_ONLY_INLINE, block.offset)
            if (
                len(block.params) != 1
                or not isinstance(block.params[0], Literal)
                or not isinstance(block.params[0].value, str)
            ):
                raise self.error(_INLINE_NAME, block.offset)
            names.append((block.params[0].value, self.fresh("_partial")))
        scope = scope.with_partials(list(reversed(names)))  # the last definition of a name wins
        for block, (_, function) in zip(blocks, names, strict=True):
            context, data = self.fresh("c"), self.fresh("_d")
            inner = Scope((context, *scope.contexts), (Frame(runtime=data),), scope.block_params, scope.partials)
            self.function(function, f"{context}, {data}", block.program, inner)
        return scope

    def partial_call(
        self,
        name: Any,
        params: list[Any],
        hash_: list[tuple[str, Any]],
        scope: Scope,
        offset: int,
        indent: str,
        block_program: Program | None,
    ) -> None:
        context = self.argument(params[0], scope) if params else scope.contexts[0]
        if hash_:
            items = ", ".join(f"{key!r}: {self.argument(value, scope)}" for key, value in hash_)
            context = self.assign(f"_extend({context}, {{{items}}})")
        frame = scope.frame_dict()
        if isinstance(name, PathExpr) and name.data and name.parts == ["partial-block"]:
            block = self.value(name, scope)
            call = f"_call_block({block}, {context})"
        else:
            if isinstance(name, SubExpr):
                raise self.error(_DYNAMIC_PARTIAL, offset)
            partial_name = name.value if isinstance(name, Literal) else name.original
            function = scope.partial(str(partial_name))
            if block_program is not None:
                block_function, block_context = self.fresh("_block"), self.fresh("c")
                self.function(block_function, block_context, block_program, scope.push(block_context))
                if function is None:  # a partial block whose partial does not exist renders its block
                    call = f"{block_function}({context})"
                else:
                    call = f"{function}({context}, _frame_with_block({frame}, {block_function}))"
            elif function is None:
                self.report(_UNKNOWN_PARTIAL.format(partial_name), offset)
                call = "''"
            else:
                call = f"{function}({context}, {frame})"
        if indent:
            call = f"_indent({call}, {indent!r})"
        self.emit(f"{self.out} += {call}")


class _Indent:
    def __init__(self, writer: _Writer, out: str) -> None:
        self.writer = writer
        self.out = out

    def __enter__(self) -> None:
        self.writer.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.writer.flush(self.out)
        self.writer.depth -= 1


def generate(source: str, program: Program) -> str:
    """The Python source of ``_main(context, data)`` for a parsed template."""
    return Compiler(source).compile(program)


class Checker:
    """Finds, without generating code, every error the Compiler would raise for a parsed template:
    the same walk in the same order, tracking only what the errors depend on (block parameter and
    inline partial names). Templates are checked when compiled and turned into code when first
    rendered, so a template that only needs checking (synth) never pays for code generation.
    tests/rendering/test_rendering_lazy.py proves both report the same errors."""

    def __init__(self, source: str) -> None:
        self.compiler = Compiler(source)  # its error() and report(): one place for positions and errors

    def check(self, program: Program) -> None:
        self.program(program, (), ())
        errors = self.compiler.errors
        if errors:
            errors[0].errors = tuple(errors)
            raise errors[0]

    # block_params and partials: names, innermost first (like Scope's)
    def program(self, program: Program, block_params: tuple[str, ...], partials: tuple[str, ...]) -> None:
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
                ):
                    self.call_or_value(path, node.params, node.hash, block_params, node.offset)
            elif isinstance(node, Block):
                if node.kind == "block":
                    self.block(node, block_params, partials)
                elif node.kind == "partial_block":
                    self.partial_call(
                        node.path, node.params, node.hash, block_params, partials, node.offset, node.program
                    )
            elif isinstance(node, Partial):
                self.partial_call(node.name, node.params, node.hash, block_params, partials, node.offset, None)

    def helper_name(self, path: Any, block_params: tuple[str, ...]) -> str | None:
        if isinstance(path, Literal) and isinstance(path.value, str):
            return path.value
        if (
            isinstance(path, PathExpr)
            and not path.data
            and not path.scoped
            and path.depth == 0
            and len(path.parts) == 1
            and path.parts[0] not in block_params
        ):
            return path.parts[0]
        return None

    def call_or_value(
        self, path: Any, params: list[Any], hash_: list[tuple[str, Any]], block_params: tuple[str, ...], offset: int
    ) -> None:
        name = self.helper_name(path, block_params)
        if name is not None:
            if name in BUILTIN_BLOCKS:
                self.compiler.report(_inline_block(name), offset)
                return
            if name in HELPERS or name in BUILTIN_INLINE:
                self.helper_call(name, params, hash_, block_params, offset)
                return
        if params or hash_:
            label = path.original if isinstance(path, (PathExpr, Literal)) else "expression"
            self.compiler.report(_UNKNOWN_HELPER.format(label), offset)
            return
        self.argument(path, block_params)

    def helper_call(
        self, name: str, params: list[Any], hash_: list[tuple[str, Any]], block_params: tuple[str, ...], offset: int
    ) -> None:
        if name == "lookup" and len(params) != 2:
            raise self.compiler.error(_LOOKUP_ARGUMENTS, offset)
        if name in BUILTIN_INLINE:
            used, keywords = params, []
        else:
            spec = HELPERS[name]
            for message, at in _argument_problems(name, params, hash_, offset):
                self.compiler.report(message, at)
            used = params if spec.max_args is None else params[: spec.max_args]
            keywords = [value for key, value in hash_ if key in spec.hash_keys]
        for param in (*used, *keywords):
            self.argument(param, block_params)

    def argument(self, param: Any, block_params: tuple[str, ...]) -> None:
        if isinstance(param, SubExpr):
            self.call_or_value(param.path, param.params, param.hash, block_params, param.offset)

    def block(self, node: Block, block_params: tuple[str, ...], partials: tuple[str, ...]) -> None:
        name = self.helper_name(node.path, block_params)
        inner = block_params
        if name in BUILTIN_BLOCKS:
            if len(node.params) != 1:
                self.compiler.report(_ONE_ARGUMENT.format(name), node.offset)
            else:
                self.argument(node.params[0], block_params)
                names = node.program.block_params if node.program else []
                shown = {"with": 1, "each": 2}.get(name or "", 0)  # block_with / each_loop bind these
                inner = tuple(reversed(names[:shown])) + block_params
        elif name in HELPERS and HELPERS[name].conditional:
            self.helper_call(name, node.params, [], block_params, node.offset)
        elif name in HELPERS or name in BUILTIN_INLINE:
            self.compiler.report(_NOT_A_BLOCK.format(name), node.offset)
        elif node.params or node.hash or isinstance(node.path, (Literal, SubExpr)):
            label = getattr(node.path, "original", "expression")
            self.compiler.report(_UNKNOWN_BLOCK_HELPER.format(label), node.offset)
        if node.program is not None:
            self.program(node.program, inner, partials)
        if node.inverse is not None and node.inverse.body:
            self.program(node.inverse, block_params, partials)

    def inline_partials(
        self, blocks: list[Block], block_params: tuple[str, ...], partials: tuple[str, ...]
    ) -> tuple[str, ...]:
        names = []
        for block in blocks:
            if not (isinstance(block.path, PathExpr) and block.path.original == "inline"):
                raise self.compiler.error(_ONLY_INLINE, block.offset)
            if (
                len(block.params) != 1
                or not isinstance(block.params[0], Literal)
                or not isinstance(block.params[0].value, str)
            ):
                raise self.compiler.error(_INLINE_NAME, block.offset)
            names.append(block.params[0].value)
        partials = tuple(reversed(names)) + partials
        for block in blocks:
            if block.program is not None:
                self.program(block.program, block_params, partials)
        return partials

    def partial_call(
        self,
        name: Any,
        params: list[Any],
        hash_: list[tuple[str, Any]],
        block_params: tuple[str, ...],
        partials: tuple[str, ...],
        offset: int,
        block_program: Program | None,
    ) -> None:
        if params:
            self.argument(params[0], block_params)
        for _, value in hash_:
            self.argument(value, block_params)
        if isinstance(name, PathExpr) and name.data and name.parts == ["partial-block"]:
            return
        if isinstance(name, SubExpr):
            raise self.compiler.error(_DYNAMIC_PARTIAL, offset)
        partial_name = str(name.value if isinstance(name, Literal) else name.original)
        if block_program is not None:
            self.program(block_program, block_params, partials)
        elif partial_name not in partials:
            self.compiler.report(_UNKNOWN_PARTIAL.format(partial_name), offset)


def check(source: str, program: Program) -> None:
    """Raise the TemplateError ``generate`` would raise for a parsed template (with every error
    found in ``errors``); return None for a template that generates."""
    Checker(source).check(program)
