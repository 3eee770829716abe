"""Recommender models: where a template's recommended attributes come from.

A Pinpoint recommender configuration connects an Amazon Personalize campaign to message
templates: when a campaign or journey sends a template that names the configuration
(``EmailTemplate(recommender_id=...)``), Pinpoint asks Personalize for each recipient's
recommended items and exposes them to the template as ``{{RecommendationItems.[0]}}`` (up to
five items) or, when a Lambda function post-processes them, as custom attributes
``{{Recommendations.<name>}}``.

CloudFormation has no resource for it, so a custom resource calls
``Create/Update/DeleteRecommenderConfiguration`` (``lambdas/pinpoint_api/recommender.py``). The
request is checked at synth against botocore's Pinpoint model and the rules its documentation
states (names, counts, which fields go together).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from aws_cdk import Resource, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from ._construct_checks import located_at, require_enum, require_instance
from ._nag import acknowledge_wildcard_resource
from ._service_role import pinpoint_service_role
from ._shapes import without_none
from ._typed_args import construct_init
from .errors import ConfigurationError, check_range, is_token

if TYPE_CHECKING:
    from .templates import ITemplate

#: The actions Pinpoint's role needs on the campaign (Pinpoint developer guide, "IAM role for
#: retrieving recommendations"); DescribeSolution is on the solution, when one is given.
PERSONALIZE_CAMPAIGN_ACTIONS = ("personalize:DescribeCampaign", "personalize:GetRecommendations")
PERSONALIZE_SOLUTION_ACTIONS = ("personalize:DescribeSolution",)
API_ACTIONS = (
    "mobiletargeting:CreateRecommenderConfiguration",
    "mobiletargeting:DeleteRecommenderConfiguration",
    "mobiletargeting:GetRecommenderConfiguration",
    "mobiletargeting:UpdateRecommenderConfiguration",
)
MAX_RECOMMENDATIONS = 5
MAX_ATTRIBUTES = 10

# The rules botocore's documentation of CreateRecommenderConfiguration states (the model has no patterns).
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,127}")
_DESCRIPTION = re.compile(r"[A-Za-z0-9 _;(),\-\u2010]{0,128}")
_DISPLAY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,24}")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,49}")
_CAMPAIGN_ARN = re.compile(r"arn:aws[a-z-]*:personalize:[a-z0-9-]+:\d{12}:campaign/[A-Za-z0-9][A-Za-z0-9_-]*")
_SOLUTION_ARN = re.compile(r"arn:aws[a-z-]*:personalize:[a-z0-9-]+:\d{12}:solution/[A-Za-z0-9][A-Za-z0-9_-]*")

ITEMS_VARIABLE = "RecommendationItems"
ATTRIBUTES_VARIABLE = "Recommendations"


class RecommenderIdType(enum.Enum):
    """How users in the Personalize model map to Pinpoint."""

    #: each model user is a Pinpoint endpoint id (Pinpoint's default)
    ENDPOINT = "PINPOINT_ENDPOINT_ID"
    #: each model user is a Pinpoint user id; endpoints must then carry a UserId
    USER = "PINPOINT_USER_ID"


class RecommenderConfiguration(Resource):
    """A Pinpoint recommender model configuration (a custom resource; CloudFormation has none).

    Pinpoint reads the Personalize campaign through a role that only ``pinpoint.amazonaws.com``
    acting for this account's recommenders may assume, allowed only ``DescribeCampaign`` and
    ``GetRecommendations`` on that campaign (and ``DescribeSolution`` on ``solution_arn``, if
    given). A ``transformer`` function gets a permission for Pinpoint to invoke it for this
    account's recommenders only.

    :param scope: the parent construct.
    :param id: the construct id.
    :param campaign_arn: the Amazon Personalize campaign's ARN.
    :param solution_arn: the Personalize solution the campaign deploys; Pinpoint may describe it.
        Default: - no DescribeSolution permission.
    :param name: 1-128 letters, digits, spaces, ``_`` and ``-``, starting with a letter or digit.
        Default: - none.
    :param description: up to 128 characters. Default: - none.
    :param id_type: whether model users are endpoint ids or user ids. Default: RecommenderIdType.ENDPOINT
    :param recommendations_per_message: items retrieved per recipient, 1-5. Default: 5 (Pinpoint's)
    :param display_name: the console name of ``RecommendationItems``, up to 25 characters;
        required without a ``transformer``. Default: - none.
    :param transformer: a Lambda function that post-processes the recommendations into the
        custom ``attributes``. Default: - none (templates read ``RecommendationItems``).
    :param attributes: with a ``transformer`` only (and then required): 1-10 custom attribute names
        (up to 50 letters, digits, ``_`` and ``-``) -> console display names (up to 25 characters);
        templates read them as ``{{Recommendations.<name>}}``. Default: - none.
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        campaign_arn: str,
        solution_arn: str | None = None,
        name: str | None = None,
        description: str | None = None,
        id_type: RecommenderIdType | None = None,
        recommendations_per_message: int | None = None,
        display_name: str | None = None,
        transformer: lambda_.IFunction | None = None,
        attributes: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        stack = Stack.of(self)
        with located_at(self):
            _check_arn("campaign_arn", campaign_arn, _CAMPAIGN_ARN, "a Personalize campaign ARN")
            _check_arn("solution_arn", solution_arn, _SOLUTION_ARN, "a Personalize solution ARN")
            _check_pattern("name", name, _NAME, "1-128 letters, digits, spaces, '_' and '-', starting with one")
            _check_pattern("description", description, _DESCRIPTION, "up to 128 letters, digits, spaces and _;(),-")
            require_enum("id_type", id_type, RecommenderIdType, optional=True)
            check_range("recommendations_per_message", recommendations_per_message, 1, MAX_RECOMMENDATIONS)
            _check_pattern("display_name", display_name, _DISPLAY_NAME, "1-25 letters, digits, spaces, '_' and '-'")
            # jsii interfaces cannot be checked with isinstance; every function, alias and import is a FunctionBase.
            require_instance(
                "transformer", transformer, lambda_.FunctionBase, "must be a Lambda function", optional=True
            )
            self._attributes = _checked_attributes(attributes, has_transformer=transformer is not None)
            if transformer is None and display_name is None:
                raise ConfigurationError(
                    "display_name", None, "is required without a transformer (it names RecommendationItems)"
                )
        self.campaign_arn = campaign_arn
        self.recommendations_per_message = recommendations_per_message or MAX_RECOMMENDATIONS
        self.transformer = transformer
        any_recommender = stack.format_arn(service="mobiletargeting", resource="recommenders", resource_name="*")

        self.role = pinpoint_service_role(
            self,
            "ReadRole",
            description="Lets Amazon Pinpoint read recommendations from one Personalize campaign",
            source_arns=[any_recommender],
        )
        self.role.add_to_policy(
            iam.PolicyStatement(actions=list(PERSONALIZE_CAMPAIGN_ACTIONS), resources=[campaign_arn])
        )
        if solution_arn is not None:
            solution_versions = f"{solution_arn}/*"
            self.role.add_to_policy(
                iam.PolicyStatement(
                    actions=list(PERSONALIZE_SOLUTION_ACTIONS), resources=[solution_arn, solution_versions]
                )
            )
            acknowledge_wildcard_resource(
                self.role.node.find_child("DefaultPolicy"),
                stack,
                solution_versions,
                "DescribeSolution on the one solution the campaign deploys and its versions",
            )
        if transformer is not None:
            transformer.add_permission(
                "PinpointRecommenderInvoke",
                principal=iam.ServicePrincipal(f"pinpoint.{stack.region}.amazonaws.com"),
                action="lambda:InvokeFunction",
                source_arn=any_recommender,
                source_account=stack.account,
            )

        from ._api_resource import PinpointApiResource, api_provider  # on use: it imports aws_lambda

        request = self._request(
            name=name,
            description=description,
            id_type=id_type,
            recommendations_per_message=recommendations_per_message,
            display_name=display_name,
        )
        _check_against_model(request, self.node.path)
        self.resource = PinpointApiResource(
            self,
            "Resource",
            project=None,  # recommender configurations belong to the account, not to a project
            kind="RecommenderConfiguration",
            request=request,
            actions=API_ACTIONS,
            resource_arns=[stack.format_arn(service="mobiletargeting", resource="recommenders"), any_recommender],
        )
        provider = api_provider(self)
        self.role.grant_pass_role(provider.role)
        acknowledge_wildcard_resource(
            provider.role.node.find_child("DefaultPolicy"),
            stack,
            any_recommender,
            "Pinpoint assigns a recommender configuration's id when it creates it, so the provider's policy "
            "cannot name it; the ARN is limited to recommender configurations of this account and region",
        )
        # Pinpoint checks the role when the configuration is created: its policy must exist first.
        self.resource.node.add_dependency(self.role)
        self._recommender_id = self.resource.get_att("RecommenderId")

    def _request(self, **settings: Any) -> dict[str, Any]:
        id_type = settings["id_type"]
        body = {
            "Name": settings["name"],
            "Description": settings["description"],
            "RecommendationProviderUri": self.campaign_arn,
            "RecommendationProviderRoleArn": self.role.role_arn,
            "RecommendationProviderIdType": id_type.value if id_type is not None else None,
            "RecommendationsPerMessage": settings["recommendations_per_message"],
            "RecommendationsDisplayName": settings["display_name"],
            "RecommendationTransformerUri": self.transformer.function_arn if self.transformer else None,
            "Attributes": dict(self._attributes) or None,
        }
        return {"CreateRecommenderConfiguration": without_none(body)}

    @property
    def recommender_id(self) -> str:
        """The configuration's id, for ``EmailTemplate(recommender_id=...)`` (known at deploy time)."""
        return self._recommender_id

    @property
    def attributes(self) -> frozenset[str]:
        """The custom attribute names templates may read as ``Recommendations.<name>``."""
        return frozenset(self._attributes)

    def check_template(self, template: ITemplate) -> None:
        """Fail unless every recommended attribute ``template`` reads is one this configuration provides:
        ``RecommendationItems`` always, ``Recommendations.<name>`` only for the custom ``attributes``."""
        for variable in sorted(getattr(template, "variables", frozenset())):
            head, _, rest = variable.partition(".")
            if head != ATTRIBUTES_VARIABLE:
                continue
            attribute = rest.split(".")[0]
            if attribute not in self._attributes:
                allowed = (
                    f"must be one of {', '.join(sorted(self._attributes))} (the attributes of {self.node.path})"
                    if self._attributes
                    else f"{self.node.path} has no custom attributes (they need a transformer); use "
                    f"{ITEMS_VARIABLE}.[0] to {ITEMS_VARIABLE}.[{self.recommendations_per_message - 1}]"
                )
                raise ConfigurationError("variable", variable, allowed, path=template.node.path)

    def preview(
        self,
        template: ITemplate,
        endpoint: Mapping[str, Any],
        *,
        items: Sequence[str] = (),
        attributes: Mapping[str, Sequence[str]] | None = None,
    ) -> dict[str, str]:
        """``template`` rendered for ``endpoint`` with example recommendations, as Pinpoint would.

        :param template: a template created in this app (it has ``preview``), checked with
            :meth:`check_template` first.
        :param endpoint: the message context (see ``EmailTemplate.preview``).
        :param items: the recommended items (``RecommendationItems``), at most
            ``recommendations_per_message``.
        :param attributes: custom attribute -> its values, as the transformer would return them.
        """
        self.check_template(template)
        path = template.node.path
        if len(items) > self.recommendations_per_message:
            raise ConfigurationError(
                "items",
                list(items),
                f"Pinpoint retrieves at most {self.recommendations_per_message} items per recipient here",
                path=path,
            )
        unknown = sorted(set(attributes or {}) - set(self._attributes))
        if unknown:
            raise ConfigurationError("attributes", unknown, f"must be among {sorted(self._attributes)}", path=path)
        preview = getattr(template, "preview", None)
        if preview is None:
            raise ConfigurationError("template", path, "must be a template created in this app (it has preview)")
        recommended: dict[str, Any] = {ITEMS_VARIABLE: list(items)}
        if attributes:
            recommended[ATTRIBUTES_VARIABLE] = {name: list(values) for name, values in attributes.items()}
        rendered: dict[str, str] = preview({**endpoint, **recommended})
        return rendered


def _check_pattern(field: str, value: str | None, pattern: re.Pattern[str], allowed: str) -> None:
    if value is None or is_token(value):
        return
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise ConfigurationError(field, value, f"must be {allowed}")


def _check_arn(field: str, value: str | None, pattern: re.Pattern[str], what: str) -> None:
    example = "arn:aws:personalize:<region>:<account>:" + (
        "campaign/<name>" if "campaign" in what else "solution/<name>"
    )
    _check_pattern(field, value, pattern, f"{what} ({example})")


def _checked_attributes(attributes: Mapping[str, str] | None, *, has_transformer: bool) -> dict[str, str]:
    if attributes is None:
        if has_transformer:
            raise ConfigurationError(
                "attributes", None, "are required with a transformer: 1-10 attribute names -> display names"
            )
        return {}
    if not isinstance(attributes, Mapping):
        raise ConfigurationError("attributes", attributes, "must be a dict of attribute name -> display name")
    if not has_transformer:
        raise ConfigurationError(
            "attributes", dict(attributes), "need a transformer: only a Lambda function can fill custom attributes"
        )
    check_range("len(attributes)", len(attributes), 1, MAX_ATTRIBUTES)
    for name, display in attributes.items():
        _check_pattern("attributes key", name, _ATTRIBUTE_NAME, "1-50 letters, digits, '_' and '-', starting with one")
        _check_pattern(f"attributes[{name!r}]", display, _DISPLAY_NAME, "1-25 letters, digits, spaces, '_' and '-'")
    return dict(attributes)


def _check_against_model(request: dict[str, Any], path: str) -> None:
    """The request as botocore's Pinpoint model validates it (types, required members)."""
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("pinpoint")
    shape = model.operation_model("CreateRecommenderConfiguration").input_shape
    report = ParamValidator().validate(request, shape)
    if report.has_errors():
        raise ConfigurationError("request", request, report.generate_report(), path=path)


__all__ = ["RecommenderConfiguration", "RecommenderIdType"]
