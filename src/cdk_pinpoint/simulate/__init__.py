"""``cdk-pinpoint simulate``: who is in each segment, and what each endpoint would get, before anything deploys.

It reads a synthesized cloud assembly (so it serves any app, L2 or raw L1) and endpoint files in
the formats Pinpoint imports, and reports per segment, campaign and journey. It imports no aws_cdk.

* :mod:`.endpoints` reads CSV and NDJSON endpoints, reporting malformed rows;
* :mod:`cdk_pinpoint.segment_rules` decides segment membership (the rules ``Segment.matches`` uses);
* :mod:`.assembly` finds segments, templates, campaigns and journeys and resolves references;
* :mod:`.campaigns` applies Pinpoint's campaign filters and renders each message per endpoint;
* :mod:`.journeys` walks each endpoint through a journey's activities;
* :mod:`.run` streams the endpoints through all of them; :mod:`.report` prints the result.

Each module's docstring gives the semantics it follows, with the Pinpoint page, and the decisions
taken where Pinpoint documents nothing.
"""

from .report import FORMATS, format_report
from .run import simulate

__all__ = ["FORMATS", "format_report", "simulate"]
