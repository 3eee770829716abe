"""The journey request rules, shared with the custom-resource provider.

They live in ``lambdas/pinpoint_api/journey_model.py`` because the provider runs them too, and a
Lambda asset holds only its handler package. This loads that one file by path (it imports only
the standard library and botocore), so there is a single copy of every rule.
"""

from __future__ import annotations

from .._paths import load_handler_module

journey_model = load_handler_module("pinpoint_api/journey_model.py", "cdk_pinpoint.journeys._journey_model")
