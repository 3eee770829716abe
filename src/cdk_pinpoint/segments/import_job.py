"""Imported segments: the endpoints of a CSV or JSON file in S3, loaded by an import job (a custom
resource: CloudFormation has no import-job type)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from aws_cdk import aws_iam as iam
from constructs import Construct

from .._construct_checks import (
    located_at,
    require_enum,
)
from .._nag import acknowledge_wildcard_resource
from .._project_base import IProject
from ..errors import (
    ConfigurationError,
    check_length,
)

if TYPE_CHECKING:
    # Type hints only: aws_s3 and the custom-resource provider (aws_lambda) are slow to import, and
    # only ImportedSegment needs them.
    from aws_cdk import aws_s3 as s3

from .._typed_args import construct_init
from .segment import _SegmentBase


class ImportFormat(enum.Enum):
    """The format of the files an import job reads."""

    CSV = "CSV"
    #: newline-delimited JSON
    JSON = "JSON"


IMPORT_JOB_ACTIONS = (
    "mobiletargeting:CreateImportJob",
    "mobiletargeting:DeleteSegment",
    "mobiletargeting:GetImportJob",
)


class ImportedSegment(_SegmentBase):
    """A static segment of the endpoints in a CSV or JSON file (or folder) in S3.

    CloudFormation has no import-job type: a custom resource runs ``CreateImportJob`` (defining a
    segment) and waits for it to complete: through aws-cdk's provider framework, which asks every 30
    seconds for up to 55 minutes (CloudFormation allows a custom resource one hour). Changing the
    file's location or the name re-imports into a new segment and deletes the old one; changing the
    object's content at the same key does not (the custom resource cannot see it); changing only the
    tags retags the segment.

    Pinpoint reads the file through a role that only ``pinpoint.amazonaws.com`` acting for this
    project and account may assume, allowed to read only that object (or prefix), list the bucket,
    and decrypt with the bucket's key when it has one.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project to import into.
    :param segment_name: the segment's name, 1-64 characters (required).
    :param bucket: the bucket holding the file.
    :param key: the object key, or a folder ending with ``/`` to import every file under it.
    :param format: the files' format. Default: ImportFormat.CSV
    :param register_endpoints: also create or update the endpoints in the project. Default: True
    :param name: deprecated: use ``segment_name`` (one naming rule for physical names).
    """

    _IMPORTED = True

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        segment_name: str | None = None,
        bucket: s3.IBucket,
        key: str,
        format: ImportFormat | None = None,
        register_endpoints: bool | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(scope, id, physical_name=segment_name if segment_name is not None else name)
        with located_at(self):
            name = self._take_name_and_project("ImportedSegment", name, segment_name, project)
            check_length("key", key, 1024)
            if isinstance(key, str) and key.lower().startswith(("s3://", "http://", "https://")):
                raise ConfigurationError(
                    "key", key, "must be an object key within the bucket (not a URL): e.g. 'exports/endpoints.csv'"
                )
            require_enum("format", format, ImportFormat, optional=True)
        self.role = iam.Role(
            self,
            "ReadRole",
            description="Lets Amazon Pinpoint read the endpoints to import (cdk-pinpoint)",
            assumed_by=iam.ServicePrincipal(
                "pinpoint.amazonaws.com",
                conditions={
                    "StringEquals": {"aws:SourceAccount": project.stack.account},
                    "ArnLike": {"aws:SourceArn": [project.project_arn, f"{project.project_arn}/*"]},
                },
            ),
        )
        objects = bucket.arn_for_objects(f"{key}*" if key.endswith("/") else key)
        self.role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=[objects]))
        self.role.add_to_policy(iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn]))
        if bucket.encryption_key is not None:
            bucket.encryption_key.grant_decrypt(self.role)
        if key.endswith("/"):
            acknowledge_wildcard_resource(
                self.role.node.find_child("DefaultPolicy"),
                project.stack,
                objects,
                "Pinpoint imports every file under the folder the user named; read access is limited to that prefix",
            )

        from .._api_resource import (  # on use: it imports aws_lambda
            TaggablePinpointApiResource,
            api_provider,
        )

        request = {
            "ImportJobRequest": {
                "DefineSegment": True,
                "SegmentName": name,
                "Format": (format or ImportFormat.CSV).value,
                "RegisterEndpoints": True if register_endpoints is None else register_endpoints,
                "RoleArn": self.role.role_arn,
                "S3Url": f"s3://{bucket.bucket_name}/{key}",
            }
        }
        arn = project.project_arn
        # "Import" rather than "Resource": a new logical id, because resources from before the waiter
        # had the provider function as ServiceToken, which CloudFormation does not let an update change.
        self.job = TaggablePinpointApiResource(
            self,
            "Import",
            project=project,
            kind="ImportJob",
            request=request,
            actions=IMPORT_JOB_ACTIONS,
            resource_arns=[f"{arn}/jobs/import", f"{arn}/jobs/import/*", f"{arn}/segments/*"],
            waits=True,  # a large file takes longer than a Lambda invocation
        )
        self.node.default_child = self.job.cfn_resource
        # The provider passes the read role to Pinpoint; the job must wait for the role's policy.
        provider = api_provider(self)
        self.role.grant_pass_role(provider.role)
        # Job and segment ids are only known once Pinpoint creates them, so these two ARNs end in "/*".
        policy = provider.role.node.find_child("DefaultPolicy")
        for wildcard in (f"{arn}/jobs/import/*", f"{arn}/segments/*"):
            acknowledge_wildcard_resource(
                policy,
                project.stack,
                wildcard,
                "GetImportJob and DeleteSegment act on a job and a segment Pinpoint creates at deploy time; the "
                "ARN is scoped to this project's import jobs and segments",
            )
        self.job.node.add_dependency(self.role)
        self._segment_id = self.job.get_att("SegmentId")
