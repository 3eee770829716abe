"""Lazy public names (PEP 562) for a package whose modules are costly to import.

``cdk_pinpoint`` and ``cdk_pinpoint.journeys`` list their public names and the module of each;
a name is imported on first use and then kept in the package's namespace. Type checkers do not run
``__getattr__``: each package re-imports every name in an ``if TYPE_CHECKING:`` block, which a test
keeps equal to the list, so ``from cdk_pinpoint import Project`` is typed for users.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, namespace: dict[str, Any], exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose public names are ``exports`` (name ->
    submodule); ``dir()`` lists every public name, loaded or not."""

    def __getattr__(name: str) -> Any:
        module_name = exports.get(name)
        if module_name is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module_name}"), name)
        namespace[name] = value  # later lookups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__
