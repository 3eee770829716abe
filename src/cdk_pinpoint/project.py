"""Project: an Amazon Pinpoint project (``AWS::Pinpoint::App``) and its settings."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Arn, ArnFormat, Names, RemovalPolicy, Stack
from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct

from . import _cfn_schema
from ._binding import bind
from ._construct_checks import located_at, require_instance
from ._project_base import (
    ENDPOINT_ACTIONS,
    PUT_EVENTS_ACTIONS,
    SEND_ACTIONS,
    IProject,
    _ProjectBase,
    allow_pinpoint_to_invoke,
)
from ._typed_args import construct_init
from .errors import check_length
from .hooks import CampaignHook
from .settings import Limits, QuietTime

__all__ = [
    "ENDPOINT_ACTIONS",
    "PUT_EVENTS_ACTIONS",
    "SEND_ACTIONS",
    "IProject",
    "Project",
    "allow_pinpoint_to_invoke",
]

# "The project name that you specify can contain up to 64 characters."
# (https://docs.aws.amazon.com/pinpoint/latest/userguide/projects-manage.html)
_MAX_NAME_LENGTH = 64


class Project(_ProjectBase):
    """An Amazon Pinpoint project (an ``AWS::Pinpoint::App``), with its default settings.

    Pinpoint's engagement features (segments, campaigns, journeys, email, analytics) reached end
    of support on 2026-10-30; SMS, voice and push continue as AWS End User Messaging. See the
    README's service-status table.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project_name: the project's name, 1-64 characters. Default: - a name generated from the
        construct path (CloudFormation requires one).
    :param quiet_time: the project's default quiet time. Default: - none.
    :param limits: the project's default sending limits for campaigns and journeys. Default: - none.
    :param campaign_hook: a Lambda function every campaign calls by default. Default: - none.
    :param cloudwatch_metrics: publish campaign and application metrics to CloudWatch.
        Default: - not set (Pinpoint's default, disabled).
    :param removal_policy: what happens to the project when it leaves the stack. It holds the
        endpoints and their opt-out state. Default: RemovalPolicy.RETAIN
    :param tags: tags for the project. Default: - none.
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project_name: str | None = None,
        quiet_time: QuietTime | None = None,
        limits: Limits | None = None,
        campaign_hook: CampaignHook | None = None,
        cloudwatch_metrics: bool | None = None,
        removal_policy: RemovalPolicy | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id, physical_name=project_name)
        # Errors name this project's path (read only when one is raised), including those of the
        # settings values while they render (a Limits with a campaign-only session limit).
        with located_at(self):
            check_length("project_name", project_name, _MAX_NAME_LENGTH)
            require_instance("quiet_time", quiet_time, QuietTime, optional=True)
            require_instance("limits", limits, Limits, optional=True)
            require_instance("campaign_hook", campaign_hook, CampaignHook, optional=True)
            self._create(project_name, quiet_time, limits, campaign_hook, cloudwatch_metrics, removal_policy, tags)

    def _create(
        self,
        project_name: str | None,
        quiet_time: QuietTime | None,
        limits: Limits | None,
        campaign_hook: CampaignHook | None,
        cloudwatch_metrics: bool | None,
        removal_policy: RemovalPolicy | None,
        tags: Mapping[str, str] | None,
    ) -> None:
        name = (
            project_name if project_name is not None else Names.unique_resource_name(self, max_length=_MAX_NAME_LENGTH)
        )
        self._resource = _cfn_schema.create(
            pinpoint.CfnApp,
            self,
            "Resource",
            fields={"Name": "project_name"},
            name=name,
            tags=dict(tags) if tags else None,
        )
        self._resource.apply_removal_policy(removal_policy or RemovalPolicy.RETAIN)
        self._project_id = self._resource.ref
        self._project_arn = self._resource.attr_arn
        self.project_name = name

        self.settings: pinpoint.CfnApplicationSettings | None = None
        has_settings = any(s is not None for s in (quiet_time, limits, campaign_hook, cloudwatch_metrics))
        if has_settings:
            self.settings = _cfn_schema.create(
                pinpoint.CfnApplicationSettings,
                self,
                "Settings",
                application_id=self.project_id,
                quiet_time=bind(self, "quiet_time", quiet_time, project=self) if quiet_time else None,
                limits=bind(self, "limits", limits, project=self) if limits else None,
                campaign_hook=bind(self, "campaign_hook", campaign_hook, project=self) if campaign_hook else None,
                cloud_watch_metrics_enabled=cloudwatch_metrics,
            )

    @property
    def resource(self) -> pinpoint.CfnApp:
        """The underlying ``AWS::Pinpoint::App``, for escape hatches."""
        return self._resource

    @staticmethod
    def from_project_id(scope: Construct, id: str, project_id: str) -> IProject:
        """Import a project in the scope's account and region by its id (not validated)."""
        arn = Stack.of(scope).format_arn(service="mobiletargeting", resource="apps", resource_name=project_id)
        return _ImportedProject(scope, id, project_id=project_id, project_arn=arn)

    @staticmethod
    def from_project_arn(scope: Construct, id: str, project_arn: str) -> IProject:
        """Import a project by its ARN (not validated); its account and region come from the ARN."""
        project_id = Arn.split(project_arn, ArnFormat.SLASH_RESOURCE_NAME).resource_name
        assert project_id is not None
        return _ImportedProject(scope, id, project_id=project_id, project_arn=project_arn)


class _ImportedProject(_ProjectBase):
    def __init__(self, scope: Construct, id: str, *, project_id: str, project_arn: str) -> None:
        super().__init__(scope, id, environment_from_arn=project_arn)
        self._project_id = project_id
        self._project_arn = project_arn
