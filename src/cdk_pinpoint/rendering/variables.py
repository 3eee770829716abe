"""The message variables a template reads (``Template.variables``), for default-value checks, and
whether they are all it reads (``Template.inputs``), for caching renderings.

The Checker has already decided what every name means (helper call or value, block parameter,
which partial a call runs) and recorded it in the template's Resolution; this walk decides
none of that again. It only follows the context, which ``each``, ``with``, sections and partial
arguments change, to turn each value the template reads into a path from the root.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .compiler import evaluated_arguments
from .helpers import BUILTIN_BLOCKS, HELPERS
from .parser import Block, Literal, Mustache, Partial, PathExpr, SubExpr

if TYPE_CHECKING:
    from typing import Any

    from .compiler import Resolution
    from .parser import Program

Path = tuple[str, ...] | None  # a context's path from the root; None where it cannot be known
Contexts = tuple[Path, ...]  # the current context first, then each enclosing one (what ../ climbs)


class _Collector:
    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution
        self.found: set[tuple[str, ...]] = set()
        # False once the template reads something no root path names: the whole context, the
        # result of an impure helper (now, uuid), partial hash arguments, a partial block's context
        self.complete = True
        self.bound: dict[tuple[int, int], Path] = {}  # (id(block), parameter index) -> what it stands for
        self.active_partials: set[int] = set()  # guards recursive partials

    def path_of(self, expression: Any, contexts: Contexts) -> Path:
        """The root path a value names, or None (literals, data other than @root, unknown contexts)."""
        if not isinstance(expression, PathExpr):
            return None
        parts = expression.parts
        binding = self.resolution.bindings.get(id(expression))
        if expression.data:
            if not parts or parts[0] != "root":
                return None
            base: Path = ()
            parts = parts[1:]
        elif binding is not None:
            block, index = binding
            base = self.bound.get((id(block), index))
            parts = parts[1:]
        elif expression.depth < len(contexts):
            base = contexts[expression.depth]
        else:
            return None
        if base is None:
            return None
        return base + tuple(part for part in parts if not part.isdigit() and part != "length")

    def value(self, expression: Any, contexts: Contexts) -> Path:
        """Record what an argument or value reads; a subexpression reads its own arguments."""
        if isinstance(expression, SubExpr):
            self.call(expression, expression.path, expression.params, expression.hash, contexts)
            return None
        path = self.path_of(expression, contexts)
        if path:
            self.found.add(path)
        elif path is not None:  # the root itself ({{this}}, {{#each .}}, @root, {{0}}): all of it
            self.complete = False
        return path

    def call(self, node: Any, path: Any, params: list[Any], hash_: list[tuple[str, Any]], contexts: Contexts) -> None:
        """A mustache or subexpression: a helper's evaluated arguments, or the value it names."""
        helper = self.resolution.helpers.get(id(node))
        if helper is not None:
            self.note_impure(helper)
            used, keywords = evaluated_arguments(helper, params, hash_)
            for param in used:
                self.value(param, contexts)
            for _, argument in keywords:
                self.value(argument, contexts)
        else:
            self.named_value(path, contexts)

    def named_value(self, path: Any, contexts: Contexts) -> Path:
        """What a mustache's or section's name reads: a path, or for a literal
        (``{{"Last Name"}}``, ``{{#null}}``) the property named as written."""
        if not isinstance(path, Literal):
            return self.value(path, contexts)
        base = contexts[0]
        if base is None:
            return None
        found = (*base, path.original)
        self.found.add(found)
        return found

    def note_impure(self, helper: str) -> None:
        spec = HELPERS.get(helper)
        if spec is not None and not spec.pure:  # a different result on each call
            self.complete = False

    def program(self, program: Program | None, contexts: Contexts) -> None:
        if program is None:
            return
        for node in program.body:
            if isinstance(node, Mustache):
                self.call(node, node.path, node.params, node.hash, contexts)
            elif isinstance(node, Partial):
                self.partial(node, node.params, contexts, None)
            elif isinstance(node, Block):
                self.block(node, contexts)

    def block(self, node: Block, contexts: Contexts) -> None:
        if node.kind == "decorator":
            return  # an inline partial: walked where it is called, in the caller's context
        if node.kind == "partial_block":
            self.partial(node, node.params, contexts, node.program)
            return
        helper = self.resolution.helpers.get(id(node))
        inner = contexts
        if helper in ("each", "with"):
            target = self.value(node.params[0], contexts)
            self.bound[(id(node), 0)] = target  # each's item (its index is dropped from paths) or with's value
            inner = (target, *contexts)
        elif helper in BUILTIN_BLOCKS:  # if, unless: the context stays
            self.value(node.params[0], contexts)
        elif helper is not None:  # a conditional helper as a block (its hash is not evaluated)
            self.note_impure(helper)
            for param in evaluated_arguments(helper, node.params, [])[0]:
                self.value(param, contexts)
        else:  # a section: {{#path}} changes the context to the path
            target = self.named_value(node.path, contexts)
            inner = (target, *contexts)
        self.program(node.program, inner)
        self.program(node.inverse, contexts)

    def partial(self, node: Partial | Block, params: list[Any], contexts: Contexts, block: Program | None) -> None:
        if node.hash or block is not None:  # not followed: hash arguments extend the partial's context,
            self.complete = False  # and a partial block renders in whichever context {{> @partial-block}} has
        context = self.value(params[0], contexts) if params else contexts[0]
        definition = self.resolution.partials.get(id(node))
        if definition is not None and id(definition) not in self.active_partials:
            self.active_partials.add(id(definition))
            self.program(definition.program, (context, *contexts))
            self.active_partials.discard(id(definition))
        if block is not None:
            self.program(block, contexts)


def collect_variables(
    program: Program, resolution: Resolution
) -> tuple[frozenset[str], tuple[tuple[str, ...], ...] | None]:
    """Dotted root paths of every variable a checked template reads (see ``Template.variables``), and
    the same paths as tuples when the template reads nothing else (see ``Template.inputs``), else None."""
    collector = _Collector(resolution)
    collector.program(program, ((),))
    variables = frozenset(".".join(path) for path in collector.found)
    return variables, tuple(sorted(collector.found)) if collector.complete else None
