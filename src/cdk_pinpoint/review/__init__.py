"""``cdk-pinpoint diff``: what a change to a Pinpoint app does, for a pull-request review.

Pure Python over synthesized templates: it imports no aws_cdk or jsii, needs no AWS credentials
and no network. ``compare`` finds the changes, ``report`` writes them as text, Markdown or JSON.
"""

from .assembly import ReviewError, stack_templates
from .compare import compare
from .model import FAIL_KINDS, Change, Consequence, Review, StackReview

__all__ = ["FAIL_KINDS", "Change", "Consequence", "Review", "ReviewError", "StackReview", "compare", "stack_templates"]
