"""Compiled templates, the bounded compile cache and default substitutions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .compiler import RUNTIME, check, generate
from .errors import TemplateError
from .parser import parse
from .values import merge_defaults
from .variables import collect_variables

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

CACHE_SIZE = 1024  # compiled templates kept by render(); ~10-20 kB each


def _defaults_dict(default_substitutions: Mapping[str, Any] | str | None) -> dict[str, Any] | None:
    """Pinpoint stores DefaultSubstitutions as a JSON string; accept that or a dict."""
    if default_substitutions is None or default_substitutions == "":
        return None
    if isinstance(default_substitutions, str):
        import json

        try:
            loaded = json.loads(default_substitutions)
        except ValueError as error:
            raise TemplateError(f"default substitutions are not valid JSON: {error}") from None
    else:
        loaded = default_substitutions
    if not isinstance(loaded, Mapping):
        raise TemplateError("default substitutions must be a JSON object")
    return dict(loaded) or None


class Template:
    """A compiled template. Build it with ``compile_template``; render it with ``render``.

    Compiling parses and checks the template (every TemplateError is raised then); the Python
    function that renders it is generated on the first ``render``, so templates that are only
    checked (at synth, thousands per app) never pay for code generation.
    """

    __slots__ = ("_defaults", "_inputs", "_main", "_program", "_resolution", "_variables", "source")

    def __init__(self, source: str, default_substitutions: Mapping[str, Any] | str | None = None) -> None:
        if not isinstance(source, str):
            raise TemplateError(f"a template must be a string, not {type(source).__name__}")
        self.source = source
        self._defaults = _defaults_dict(default_substitutions)
        self._program = parse(source)
        self._resolution = check(source, self._program)  # what the code generator follows
        self._main: Callable[[Any, Any], str] | None = None  # built by the first render
        self._variables: frozenset[str] | None = None
        self._inputs: tuple[tuple[str, ...], ...] | None = None

    @property
    def python_source(self) -> str:
        """The Python source of the function that renders the template (generated on each read: for debugging)."""
        return generate(self._program, self._resolution)

    def _function(self) -> Callable[[Any, Any], str]:
        """The rendering function, generated and compiled on first use. Threads rendering the same
        template concurrently may each build it; the results are equivalent and the assignment is
        atomic, so no lock is needed (one wins, the others are freed)."""
        main = self._main
        if main is None:
            namespace = dict(RUNTIME)
            try:
                exec(compile(self.python_source, "<pinpoint template>", "exec"), namespace)
            except (SyntaxError, RecursionError, MemoryError) as error:  # a safety net: parser.MAX_NESTING avoids these
                raise TemplateError(f"template is too deeply nested to compile ({error})") from None
            # popped, not read: a namespace holding the function that holds the namespace (as its
            # globals) is a reference cycle, so evicted templates would wait for the cyclic GC
            main = self._main = namespace.pop("_main")
        return main

    @property
    def variables(self) -> frozenset[str]:
        """The message variables the template reads, as dotted paths from the root of the
        context (``User.UserAttributes.FirstName``): list indexes dropped, paths inside blocks
        resolved against the block's context, helper names and literals left out."""
        if self._variables is None:
            self._variables, self._inputs = collect_variables(self._program, self._resolution)
        return self._variables

    @property
    def inputs(self) -> tuple[tuple[str, ...], ...] | None:
        """The paths (from the root of the context) whose values are all the rendering depends on,
        or None when the template also reads something no path names: the whole context
        (``{{this}}``, ``{{#each .}}`` at the top), an impure helper (``now``, ``uuid``), partial
        hash arguments or a partial block. Each value counts whole, lists and objects included: a
        path stops at list indexes and ``length``. Two contexts with equal values at every input
        path render the same, so a rendering can be reused for them (``simulate`` does)."""
        if self._variables is None:
            self._variables, self._inputs = collect_variables(self._program, self._resolution)
        return self._inputs

    def render(self, context: Any) -> str:
        """Render against a message context (an endpoint: dicts, lists of strings, numbers).

        Default substitutions fill what the context lacks. Missing values render empty; data
        never makes rendering fail.
        """
        if self._defaults is not None:
            context = merge_defaults(self._defaults, context if context is not None else {})
        main = self._main or self._function()
        try:
            return main(context, None)
        except RecursionError:
            raise TemplateError("partials call each other too deeply") from None

    def __repr__(self) -> str:
        preview = self.source if len(self.source) <= 40 else self.source[:37] + "..."
        return f"Template({preview!r})"


def _cache_key(source: str, default_substitutions: Mapping[str, Any] | str | None) -> tuple[str, str | None]:
    if default_substitutions is None or isinstance(default_substitutions, str):
        return source, default_substitutions
    import json

    return source, json.dumps(default_substitutions, sort_keys=True, default=str)


_cache: dict[tuple[str, str | None], Template] = {}  # insertion order = least recently used first


def compile_template(source: str, default_substitutions: Mapping[str, Any] | str | None = None) -> Template:
    """Compile a Pinpoint message template; raises TemplateError (with line and column)."""
    return Template(source, default_substitutions)


def cached_template(source: str, default_substitutions: Mapping[str, Any] | str | None = None) -> Template:
    """The compiled template for (source, defaults), from a least-recently-used cache of CACHE_SIZE."""
    key = _cache_key(source, default_substitutions)
    template = _cache.pop(key, None)
    if template is None:
        template = Template(source, default_substitutions)
        if len(_cache) >= CACHE_SIZE:
            del _cache[next(iter(_cache))]
    _cache[key] = template  # (re)inserted last: the most recently used
    return template


_checked: dict[str, frozenset[str]] = {}  # source -> its variables, for check_template (oldest first)


def check_template(source: str) -> frozenset[str]:
    """Check ``source`` as ``compile_template`` does (raising every TemplateError) and return the
    message variables it reads, keeping nothing else: what synth needs of the thousands of
    templates it checks and never renders. A repeated source is checked once (bounded cache)."""
    variables = _checked.get(source)
    if variables is None:
        variables = Template(source).variables  # the tree goes with the Template object, right here
        if len(_checked) >= CACHE_SIZE:
            del _checked[next(iter(_checked))]
        _checked[source] = variables
    return variables


def render(source: str, context: Any, default_substitutions: Mapping[str, Any] | str | None = None) -> str:
    """Render ``source`` against ``context``; compiles once per distinct (source, defaults)."""
    return cached_template(source, default_substitutions).render(context)
