"""The journey request rules, shared with the custom-resource provider.

They live in ``lambdas/pinpoint_api/journey_model.py`` because the provider runs them too, and a
Lambda asset holds only its handler package. This loads that one file by path (it imports only
the standard library and botocore), so there is a single copy of every rule.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from .._paths import lambdas_root

_NAME = "cdk_pinpoint.journeys._journey_model"


def _load() -> ModuleType:
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    path = lambdas_root() / "pinpoint_api" / "journey_model.py"
    spec = importlib.util.spec_from_file_location(_NAME, path)
    assert spec is not None and spec.loader is not None, f"{path} is missing from the cdk_pinpoint installation"
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


journey_model = _load()
