"""The message variables a template reads (``Template.variables``), for default-value checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .helpers import BUILTIN_BLOCKS, BUILTIN_INLINE, HELPERS
from .parser import Block, Literal, Mustache, Partial, PathExpr, Program, SubExpr

Path = tuple[str, ...] | None  # a context's path from the root; None where it cannot be known

if TYPE_CHECKING:
    from typing import Any


class _Scope:
    def __init__(self, contexts: tuple[Path, ...], block_params: dict[str, Path], partials: dict[str, Program]):
        self.contexts = contexts  # innermost first
        self.block_params = block_params
        self.partials = partials

    def push(self, context: Path, block_params: dict[str, Path] | None = None) -> _Scope:
        return _Scope((context, *self.contexts), {**self.block_params, **(block_params or {})}, self.partials)


class _Collector:
    def __init__(self) -> None:
        self.found: set[str] = set()
        self.active_partials: set[int] = set()

    def path_of(self, expression: Any, scope: _Scope) -> Path:
        """The root path an expression names, or None (literals, helper results, data)."""
        if not isinstance(expression, PathExpr):
            return None
        parts = list(expression.parts)
        if expression.data:
            if not parts or parts[0] != "root":
                return None
            base: Path = ()
            parts = parts[1:]
        elif not expression.scoped and expression.depth == 0 and parts and parts[0] in scope.block_params:
            base = scope.block_params[parts[0]]
            parts = parts[1:]
        elif expression.depth < len(scope.contexts):
            base = scope.contexts[expression.depth]
        else:
            return None
        if base is None:
            return None
        return base + tuple(part for part in parts if not part.isdigit() and part != "length")

    def record(self, expression: Any, scope: _Scope) -> Path:
        path = self.path_of(expression, scope)
        if path:
            self.found.add(".".join(path))
        return path

    def is_helper(self, path: Any, scope: _Scope) -> bool:
        if isinstance(path, Literal):
            return True
        return (
            isinstance(path, PathExpr)
            and not path.data
            and not path.scoped
            and path.depth == 0
            and len(path.parts) == 1
            and path.parts[0] not in scope.block_params
            and (path.parts[0] in HELPERS or path.parts[0] in BUILTIN_INLINE or path.parts[0] in BUILTIN_BLOCKS)
        )

    def expression(self, expression: Any, scope: _Scope) -> Path:
        if isinstance(expression, SubExpr):
            self.call(expression.path, expression.params, expression.hash, scope)
            return None
        return self.record(expression, scope)

    def call(self, path: Any, params: list[Any], hash_: list[tuple[str, Any]], scope: _Scope) -> Path:
        if isinstance(path, Literal) and not params and not hash_ and path.value not in HELPERS:
            base = scope.contexts[0]  # {{"Last Name"}} reads the property named as written
            if base is not None:
                self.found.add(".".join((*base, path.original)))
            return None
        if self.is_helper(path, scope) or params or hash_:
            for param in params:
                self.expression(param, scope)
            for _, value in hash_:
                self.expression(value, scope)
            return None
        return self.expression(path, scope)

    def program(self, program: Program | None, scope: _Scope) -> None:
        if program is None:
            return
        partials = {
            node.params[0].value: node.program
            for node in program.body
            if isinstance(node, Block)
            and node.kind == "decorator"
            and node.params
            and isinstance(node.params[0], Literal)
            and node.program is not None
        }
        if partials:
            scope = _Scope(scope.contexts, scope.block_params, {**scope.partials, **partials})
        for node in program.body:
            if isinstance(node, Mustache):
                self.call(node.path, node.params, node.hash, scope)
            elif isinstance(node, Partial):
                self.partial(node.name, node.params, scope, None)
            elif isinstance(node, Block):
                self.block(node, scope)

    def block(self, node: Block, scope: _Scope) -> None:
        if node.kind == "decorator":
            return  # walked where it is called, with the caller's context
        if node.kind == "partial_block":
            self.partial(node.path, node.params, scope, node.program)
            return
        name = node.path.parts[0] if isinstance(node.path, PathExpr) and len(node.path.parts) == 1 else None
        block_params = node.program.block_params if node.program else []
        if name in ("each", "with") and self.is_helper(node.path, scope) and node.params:
            target = self.expression(node.params[0], scope)
            names = dict.fromkeys(block_params, None)
            if block_params:
                names[block_params[0]] = target
            self.program(node.program, scope.push(target, names))
            self.program(node.inverse, scope)
        elif self.is_helper(node.path, scope) or node.params:
            for param in node.params:
                self.expression(param, scope)
            self.program(node.program, scope)
            self.program(node.inverse, scope)
        else:  # a section: {{#path}} changes the context to the path
            target = self.record(node.path, scope)
            self.program(node.program, scope.push(target))
            self.program(node.inverse, scope)

    def partial(self, name: Any, params: list[Any], scope: _Scope, block: Program | None) -> None:
        context = self.expression(params[0], scope) if params else scope.contexts[0]
        partial_name = name.value if isinstance(name, Literal) else getattr(name, "original", None)
        body = scope.partials.get(str(partial_name))
        if body is not None and id(body) not in self.active_partials:
            self.active_partials.add(id(body))
            self.program(body, scope.push(context))
            self.active_partials.discard(id(body))
        if block is not None:
            self.program(block, scope)


def collect_variables(program: Program) -> frozenset[str]:
    """Dotted root paths of every variable the template reads (see ``Template.variables``)."""
    collector = _Collector()
    collector.program(program, _Scope(((),), {}, {}))
    return frozenset(collector.found)
