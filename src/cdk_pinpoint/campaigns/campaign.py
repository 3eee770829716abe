"""The Campaign construct (``AWS::Pinpoint::Campaign``), its A/B treatments and custom delivery.

The construct checks how its values fit together (channel, frequency, sizes, project) and renders
them in one place each; a value with side effects (a hook, a custom delivery) binds to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from aws_cdk import Resource
from aws_cdk import aws_iam as iam
from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct, Node

from .. import _cfn_schema
from .._binding import bind, check_message_data
from .._construct_checks import (
    check_not_past,
    depend_on_created,
    located_at,
    project_of,
    project_of_import,
    renamed,
    require_each,
    require_instance,
)
from .._project_base import IProject, allow_pinpoint_to_invoke
from .._shapes import without_none
from .._typed_args import checked_values, construct_init, require_function
from ..errors import (
    ConfigurationError,
    check_choice,
    check_length,
    check_range,
    is_token,
)
from ..hooks import CampaignHook
from ..monitoring.metrics import MessagingMetrics
from ..segments import (
    _SEGMENT_ALLOWED,
    CHANNEL_TYPES,
    ImportedSegment,
    ISegment,
    _SegmentBase,
)
from ..settings import Limits, QuietTime
from ..templates import (
    ITemplate,
)
from .messages import (
    _MESSAGE_ALLOWED,
    _MESSAGE_TYPES,
    _TEMPLATE_ALLOWED,
    _TEMPLATE_CFN_KEYS,
    _TEMPLATE_CHANNELS,
    _TEMPLATE_TYPES,
    CampaignChannel,
    CustomMessage,
    Message,
    _channel_of,
    _is_template,
)
from .schedule import (
    _EVENT_FREQUENCIES,
    Frequency,
    Schedule,
)

if TYPE_CHECKING:
    # Type hints only: importing aws_cdk.aws_lambda costs every synth a noticeable share of its time.
    from aws_cdk import aws_lambda as lambda_

    from .._binding import BindContext

_MAX_NAME_LENGTH = 64


# --------------------------------------------------------------------------------------------
# Custom delivery and treatments
# --------------------------------------------------------------------------------------------


@checked_values(field="custom_delivery")
@dataclass(frozen=True)
class CustomDelivery:
    """Where a custom-channel campaign is delivered: a Lambda function or an HTTPS web hook.

    Use :meth:`lambda_function` (Pinpoint is allowed to invoke it for this project only) or :meth:`url`.
    """

    uri: str
    function: lambda_.IFunction | None = None
    endpoint_types: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for endpoint_type in self.endpoint_types or ():
            check_choice("custom_delivery.endpoint_types", endpoint_type, CHANNEL_TYPES)
        if self.function is None and not is_token(self.uri) and not self.uri.startswith("https://"):
            raise ConfigurationError("custom_delivery.url", self.uri, "must be a full https:// URL")

    @classmethod
    def lambda_function(
        cls, function: lambda_.IFunction, *, endpoint_types: Sequence[str] | None = None
    ) -> CustomDelivery:
        """Deliver through ``function`` (for example ``CustomChannel(...).function``).

        :param endpoint_types: the endpoint channel types to deliver to. Default: - all.
        """
        require_function("function", function)
        return cls(function.function_arn, function, tuple(endpoint_types) if endpoint_types else None)

    @classmethod
    def url(cls, url: str, *, endpoint_types: Sequence[str] | None = None) -> CustomDelivery:
        """Deliver by POSTing to an HTTPS ``url``."""
        return cls(url, None, tuple(endpoint_types) if endpoint_types else None)

    def bind(self, context: BindContext) -> dict[str, Any]:
        """Let the campaign's project invoke the function (if any); return the
        ``CustomDeliveryConfiguration`` property (see ``cdk_pinpoint._binding``)."""
        if self.function is not None:
            allow_pinpoint_to_invoke(context.project, self.function)
        rendered: dict[str, Any] = {"deliveryUri": self.uri}
        if self.endpoint_types:
            rendered["endpointTypes"] = list(self.endpoint_types)
        return rendered

    def _check_message_data(self, field: str, data: str) -> None:
        """Fail if the function cannot use ``data`` (a CustomChannel's function knows; others are not checked)."""
        if self.function is not None:
            check_message_data(self.function, field, data)


@checked_values(field="treatment")
@dataclass(frozen=True)
class Treatment:
    """One arm of an A/B test. What it does not set, it takes from the campaign.

    :param size_percent: the share of the segment that gets this treatment, 0-100.
    :param message: the message. Default: - the campaign's message or template.
    :param template: the template. Default: - the campaign's message or template.
    :param schedule: the schedule. Default: - the campaign's schedule.
    :param name: a name for reports. Default: - none.
    :param description: a description. Default: - none.
    """

    size_percent: int
    message: Message | None = None
    template: ITemplate | None = None
    schedule: Schedule | None = None
    name: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        check_range("treatment.size_percent", self.size_percent, 0, 100)
        require_instance("treatment.message", self.message, _MESSAGE_TYPES, _MESSAGE_ALLOWED, optional=True)
        require_instance("treatment.template", self.template, _TEMPLATE_TYPES, _TEMPLATE_ALLOWED, optional=True)
        require_instance("treatment.schedule", self.schedule, Schedule, "must be a Schedule", optional=True)
        if self.message is not None and self.template is not None:
            raise ConfigurationError(
                "treatment.template", self.template.template_name, "give a message or a template, not both"
            )


# --------------------------------------------------------------------------------------------
# The construct
# --------------------------------------------------------------------------------------------


@runtime_checkable
class ICampaign(Protocol):
    """A Pinpoint campaign, created here or imported (:meth:`Campaign.from_campaign_id`)."""

    @property
    def node(self) -> Node: ...

    @property
    def campaign_id(self) -> str: ...

    @property
    def campaign_arn(self) -> str:
        """``arn:<partition>:mobiletargeting:<region>:<account>:apps/<project_id>/campaigns/<campaign_id>``."""
        ...

    def grant(self, grantee: iam.IGrantable, *actions: str) -> iam.Grant:
        """Grant ``actions`` (``mobiletargeting:...``) on this campaign."""
        ...


class _CampaignBase(Resource, MessagingMetrics):
    """The id, ARN, grant and metrics of created and imported campaigns."""

    project: IProject

    @property
    def campaign_id(self) -> str:
        raise NotImplementedError  # each subclass reads it where it has it

    @property
    def campaign_arn(self) -> str:
        raise NotImplementedError  # each subclass reads it where it has it

    def grant(self, grantee: iam.IGrantable, *actions: str) -> iam.Grant:
        """Grant ``actions`` (``mobiletargeting:...``, e.g. ``GetCampaign``) on this campaign."""
        return iam.Grant.add_to_principal(grantee=grantee, actions=list(actions), resource_arns=[self.campaign_arn])

    def _metric_scope(self) -> tuple[str, str | None, str | None]:
        return self.project.project_id, self.campaign_id, None


class _ImportedCampaign(_CampaignBase):
    def __init__(self, scope: Construct, id: str, *, project: IProject, campaign_id: str) -> None:
        project = project_of_import(scope, id, project)
        super().__init__(scope, id, environment_from_arn=project.project_arn)
        self.project = project
        self._campaign_id = campaign_id
        self._campaign_arn = f"{project.project_arn}/campaigns/{campaign_id}"

    @property
    def campaign_id(self) -> str:
        return self._campaign_id

    @property
    def campaign_arn(self) -> str:
        return self._campaign_arn


class Campaign(_CampaignBase):
    """A Pinpoint campaign (``AWS::Pinpoint::Campaign``) on one channel: email, SMS, push, in-app
    or custom, chosen by its message or template.

    An A/B campaign lists ``treatments``: their sizes plus ``holdout_percent`` must be 100; the
    first treatment is the campaign's own (CloudFormation's top-level message and schedule),
    the others are additional treatments.

    A start time in the past is a warning, or an error against a time pinned in context; see
    :class:`Schedule` for that and for what
    CloudFormation issue #2139 means for rolling back a campaign whose start time has passed.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project.
    :param segment: the segment to send to, from the same project.
    :param campaign_name: the campaign's name, 1-64 characters (required).
    :param schedule: when to send. Default: - the first treatment's schedule (one is required).
    :param message: the message. Default: - a template (one of the two is required, here or in
        every treatment).
    :param template: the message template (email, SMS or push). Default: - a message.
    :param treatments: A/B treatments. Default: - one treatment: the campaign itself.
    :param holdout_percent: the share of the segment that gets nothing (the control), 0-100.
        Default: - none.
    :param limits: sending limits (``session`` is allowed here). Default: - the project's.
    :param quiet_time: hours without sends, in each endpoint's time zone. Default: - the project's.
    :param priority: 1 (highest) to 5, orders in-app messages shown at the same time. Default: - none.
    :param campaign_hook: a Lambda function Pinpoint calls while sending. Default: - the project's.
    :param custom_delivery: where a custom-channel campaign is delivered (required with a
        :class:`CustomMessage`, refused otherwise). Default: - none.
    :param description: a description. Default: - none.
    :param segment_version: the segment version to use. Default: - the latest.
    :param paused: create the campaign paused. Default: - not paused.
    :param tags: tags for the campaign. Default: - none.
    :param name: deprecated: use ``campaign_name`` (one naming rule for physical names).
    :param hook: deprecated: use ``campaign_hook`` (the name the project uses).
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        segment: ISegment,
        campaign_name: str | None = None,
        schedule: Schedule | None = None,
        message: Message | None = None,
        template: ITemplate | None = None,
        treatments: Sequence[Treatment] | None = None,
        holdout_percent: int | None = None,
        limits: Limits | None = None,
        quiet_time: QuietTime | None = None,
        priority: int | None = None,
        campaign_hook: CampaignHook | None = None,
        custom_delivery: CustomDelivery | None = None,
        description: str | None = None,
        segment_version: int | None = None,
        paused: bool | None = None,
        tags: Mapping[str, str] | None = None,
        name: str | None = None,
        hook: CampaignHook | None = None,
    ) -> None:
        super().__init__(scope, id, physical_name=campaign_name if campaign_name is not None else name)
        # Every error below names this campaign's path; it is read only when one is raised.
        with located_at(self):
            name_field, name = renamed(
                "Campaign", "name", name, "campaign_name", campaign_name, required="its name, 1-64 characters"
            )
            hook_field, hook = renamed("Campaign", "hook", hook, "campaign_hook", campaign_hook)
            self._create(
                name_field=name_field, hook_field=hook_field,
                project=project, segment=segment, name=name, schedule=schedule, message=message, template=template,
                treatments=treatments, holdout_percent=holdout_percent, limits=limits, quiet_time=quiet_time,
                priority=priority, hook=hook, custom_delivery=custom_delivery, description=description,
                segment_version=segment_version, paused=paused, tags=tags,
            )  # fmt: skip

    def _create(
        self,
        *,
        name_field: str,
        hook_field: str,
        project: IProject,
        segment: ISegment,
        name: str,
        schedule: Schedule | None,
        message: Message | None,
        template: ITemplate | None,
        treatments: Sequence[Treatment] | None,
        holdout_percent: int | None,
        limits: Limits | None,
        quiet_time: QuietTime | None,
        priority: int | None,
        hook: CampaignHook | None,
        custom_delivery: CustomDelivery | None,
        description: str | None,
        segment_version: int | None,
        paused: bool | None,
        tags: Mapping[str, str] | None,
    ) -> None:
        self.project = project_of(self, project)
        self.segment = require_instance("segment", segment, (_SegmentBase, ISegment), _SEGMENT_ALLOWED)
        require_instance("message", message, _MESSAGE_TYPES, _MESSAGE_ALLOWED, optional=True)
        require_instance("template", template, _TEMPLATE_TYPES, _TEMPLATE_ALLOWED, optional=True)
        require_instance("schedule", schedule, Schedule, "must be a Schedule (Schedule.once(...), ...)", optional=True)
        arms_given = require_each("treatments", treatments, Treatment, "must be a Treatment")
        require_instance("limits", limits, Limits, "must be a Limits", optional=True)
        require_instance("quiet_time", quiet_time, QuietTime, "must be a QuietTime", optional=True)
        require_instance(hook_field, hook, CampaignHook, "must be a CampaignHook", optional=True)
        require_instance("custom_delivery", custom_delivery, CustomDelivery,
                         "must be a CustomDelivery (CustomDelivery.lambda_function(...) or .url(...))",
                         optional=True)  # fmt: skip
        check_length(name_field, name, _MAX_NAME_LENGTH)
        check_range("holdout_percent", holdout_percent, 0, 100)
        check_range("priority", priority, 1, 5)
        check_range("segment_version", segment_version, 1)
        self._check_segment_project(project, segment)
        if message is not None and template is not None:
            raise ConfigurationError("template", template.template_name, "give a message or a template, not both")

        arms = list(arms_given or [Treatment(100 - (holdout_percent or 0))])
        if arms_given:
            total = sum(t.size_percent for t in arms) + (holdout_percent or 0)
            if total != 100:
                sizes = [t.size_percent for t in arms]
                raise ConfigurationError(
                    "treatments.size_percent", sizes,
                    f"treatment sizes plus holdout_percent ({holdout_percent or 0}) must be 100, not {total}",
                )  # fmt: skip
        contents = [self._content(i, arm, message, template) for i, arm in enumerate(arms)]
        schedules = [arm.schedule or schedule for arm in arms]
        self.channel = self._channel(contents)
        for index, arm_schedule in enumerate(schedules):
            self._check_schedule(index, arm_schedule, segment)
        if self.channel is CampaignChannel.CUSTOM and custom_delivery is None:
            raise ConfigurationError("custom_delivery", None, "a custom-channel campaign needs custom_delivery")
        if self.channel is not CampaignChannel.CUSTOM and custom_delivery is not None:
            raise ConfigurationError("custom_delivery", custom_delivery.uri,
                                     "only campaigns with a CustomMessage are custom-delivered")  # fmt: skip
        delivery = bind(self, "custom_delivery", custom_delivery, project=project) if custom_delivery else None
        for index, content in enumerate(contents):
            if custom_delivery is not None and isinstance(content, CustomMessage):
                custom_delivery._check_message_data(self._field(index, "message.data"), content.data)

        def arm_properties(index: int) -> dict[str, Any]:
            content, arm_schedule = contents[index], schedules[index]
            assert arm_schedule is not None  # checked above
            is_message = not _is_template(content)
            return {
                "messageConfiguration": content._to_cfn() if is_message else None,  # type: ignore[union-attr]
                "templateConfiguration": None if is_message else self._template_cfn(content),  # type: ignore[arg-type]
                "schedule": arm_schedule._to_cfn(quiet_time),
                "customDeliveryConfiguration": delivery,
            }

        main = arm_properties(0)
        additional = []
        for index, arm in enumerate(arms[1:], start=1):
            rendered = {**arm_properties(index), "sizePercent": arm.size_percent,
                        "treatmentName": arm.name, "treatmentDescription": arm.description}  # fmt: skip
            additional.append(without_none(rendered))

        self._resource = _cfn_schema.create(
            pinpoint.CfnCampaign,
            self,
            "Resource",
            fields={"Name": "campaign_name"},
            application_id=project.project_id,
            name=name,
            segment_id=segment.segment_id,
            segment_version=segment_version,
            schedule=main["schedule"],
            message_configuration=main["messageConfiguration"],
            template_configuration=main["templateConfiguration"],
            custom_delivery_configuration=main["customDeliveryConfiguration"],
            treatment_name=arms[0].name,
            treatment_description=arms[0].description,
            additional_treatments=additional or None,
            holdout_percent=holdout_percent,
            limits=bind(self, "limits", limits, project=project) if limits else None,
            priority=priority,
            campaign_hook=bind(self, hook_field, hook, project=project) if hook else None,
            description=description,
            is_paused=paused,
            tags=dict(tags) if tags else None,
        )
        # Templates are named by a plain string, which CloudFormation cannot see: without this it may
        # create the campaign before its template, and delete the template first.
        depend_on_created(self._resource, [c for c in contents if _is_template(c)])

    def _message_channels(self) -> frozenset[str]:
        return frozenset({self.channel.value})

    @property
    def campaign_id(self) -> str:
        # Read from the L1 on use: each read is a jsii round trip (see benchmarks/synth_overhead.py).
        return self._resource.attr_campaign_id

    @property
    def campaign_arn(self) -> str:
        return self._resource.attr_arn

    @property
    def resource(self) -> pinpoint.CfnCampaign:
        """The underlying ``AWS::Pinpoint::Campaign``, for escape hatches."""
        return self._resource

    @staticmethod
    def from_campaign_id(scope: Construct, id: str, *, project: IProject, campaign_id: str) -> ICampaign:
        """Import a campaign of ``project`` by its id (not validated), like ``Segment.from_segment_id``."""
        return _ImportedCampaign(scope, id, project=project, campaign_id=campaign_id)

    # ---- checks

    def _field(self, index: int, name: str) -> str:
        return name if index == 0 else f"treatments[{index}].{name}"

    def _content(
        self, index: int, arm: Treatment, message: Message | None, template: ITemplate | None
    ) -> Message | ITemplate:
        if arm.message is not None or arm.template is not None:
            content: Message | ITemplate | None = arm.message or arm.template
        else:
            content = message or template
        if content is None:
            raise ConfigurationError(self._field(index, "message"), None, "a campaign needs a message or a template")
        if _is_template(content) and content.template_kind not in _TEMPLATE_CHANNELS:
            raise ConfigurationError(
                self._field(index, "template"),
                f"{content.template_name} ({content.template_kind.value})",
                "campaigns take EMAIL, SMS or PUSH templates; give in-app campaigns an InAppMessage",
            )
        return content

    def _channel(self, contents: list[Message | ITemplate]) -> CampaignChannel:
        channels = [_channel_of(c) for c in contents]
        for index, (content, channel) in enumerate(zip(contents, channels, strict=True)):
            if channel is not channels[0]:
                kind = "template" if _is_template(content) else "message"
                name = content.template_name if _is_template(content) else type(content).__name__
                raise ConfigurationError(
                    self._field(index, kind), name,
                    f"must be for the campaign's channel {channels[0].value}, not {channel.value}",
                )  # fmt: skip
        return channels[0]

    def _check_schedule(self, index: int, schedule: Schedule | None, segment: ISegment) -> None:
        if schedule is None:
            raise ConfigurationError(self._field(index, "schedule"), None, "a campaign needs a schedule")
        with located_at(self, None if index == 0 else f"treatments[{index}]"):
            check_not_past(self, schedule._times())
        in_app = self.channel is CampaignChannel.IN_APP
        if in_app and schedule.frequency is not Frequency.IN_APP_EVENT:
            raise ConfigurationError(
                self._field(index, "schedule.frequency"), schedule.frequency.value,
                "in-app campaigns only allow IN_APP_EVENT (Schedule.on_event(..., in_app=True))",
            )  # fmt: skip
        if not in_app and schedule.frequency is Frequency.IN_APP_EVENT:
            raise ConfigurationError(
                self._field(index, "schedule.frequency"), schedule.frequency.value,
                f"IN_APP_EVENT is only for in-app campaigns; {self.channel.value} campaigns use EVENT",
            )  # fmt: skip
        if schedule.frequency in _EVENT_FREQUENCIES and isinstance(segment, ImportedSegment):
            raise ConfigurationError(
                "segment", segment.node.path, "event-triggered campaigns need a dynamic segment, not an imported one",
            )  # fmt: skip

    def _check_segment_project(self, project: IProject, segment: ISegment) -> None:
        if segment.project is project:
            return
        stack = project.stack
        if stack.resolve(segment.project.project_id) != stack.resolve(project.project_id):
            raise ConfigurationError(
                "segment", segment.node.path,
                f"must belong to the campaign's project ({project.node.path}), not {segment.project.node.path}",
            )  # fmt: skip

    def _template_cfn(self, template: ITemplate) -> dict[str, Any]:
        return {_TEMPLATE_CFN_KEYS[_TEMPLATE_CHANNELS[template.template_kind]]: {"name": template.template_name}}
