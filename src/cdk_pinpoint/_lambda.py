"""The one place cdk-pinpoint builds Lambda code and functions.

Handler packages live in ``lambdas/`` at the top of the repository and ship inside the wheel as
``cdk_pinpoint/_lambdas``. An asset is the handler package, plus ``cdk_pinpoint._shared`` (the code
both the constructs and the handlers run) and, when it renders templates, ``cdk_pinpoint.rendering``,
copied from the installed library; both import only the standard library and botocore, so nothing
else is vendored. This is the only module that reads ``lambdas/`` (to copy it), and the only way
code travels between the library and the handlers. Copying installed source needs no Docker and no
network, and the asset hash is a function of file contents only (no ``__pycache__``, timestamps
or paths).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from ._paths import lambdas_root

#: the newest Python runtime aws-cdk-lib knows (cdk-nag AwsSolutions-L1 checks this);
#: tests fail when a newer one appears, so it is bumped on purpose.
LAMBDA_RUNTIME = lambda_.Runtime.PYTHON_3_14
LAMBDA_ARCHITECTURE = lambda_.Architecture.ARM_64

T = TypeVar("T")

_PACKAGE_DIR = Path(__file__).resolve().parent


def _source_trees(handler_package: str, with_rendering: bool) -> list[tuple[Path, str]]:
    """(source directory, name inside the asset) pairs that make up one asset."""
    trees = [(lambdas_root() / handler_package, handler_package), (_PACKAGE_DIR / "_shared", "cdk_pinpoint/_shared")]
    if with_rendering:
        trees.append((_PACKAGE_DIR / "rendering", "cdk_pinpoint/rendering"))
    return trees


def _files(trees: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    files = []
    for source, target in trees:
        if not source.is_dir():
            raise FileNotFoundError(f"Lambda source {source} is missing from the cdk_pinpoint installation")
        for path in sorted(source.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
                files.append((path, f"{target}/{path.relative_to(source).as_posix()}"))
    return files


_RUNTIME_INIT = b'"""cdk_pinpoint inside a Lambda asset: only the code the handlers share with it."""\n'


def build_asset_directory(handler_package: str, *, with_rendering: bool = False) -> Path:
    """Build (once per content) the directory that becomes the function's code asset."""
    files = _files(_source_trees(handler_package, with_rendering))
    digest = hashlib.sha256(_RUNTIME_INIT)
    for path, name in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    target = Path(tempfile.gettempdir()) / f"cdk-pinpoint-asset-{handler_package}-{digest.hexdigest()[:20]}"
    if target.is_dir():
        return target
    staging = Path(tempfile.mkdtemp(prefix=f"{target.name}-staging-"))
    for path, name in files:
        destination = staging / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    (staging / "cdk_pinpoint" / "__init__.py").write_bytes(_RUNTIME_INIT)
    try:
        os.rename(staging, target)
    except OSError:  # another process built the same content first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def lambda_code(handler_package: str, *, with_rendering: bool = False) -> lambda_.Code:
    """The code asset for a handler package in ``lambdas/``."""
    directory = build_asset_directory(handler_package, with_rendering=with_rendering)
    return lambda_.Code.from_asset(str(directory), exclude=["**/__pycache__", "*.pyc"])


class PinpointFunction(Construct):
    """A Lambda function for one of cdk-pinpoint's handlers, with secure defaults.

    Its own role, whose only built-in permission is writing to its own log group (no
    AWSLambdaBasicExecutionRole, which grants every log group); a log group with a retention;
    the newest Python runtime on arm64.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        handler_package: str,
        handler: str,
        description: str,
        with_rendering: bool = False,
        environment: Mapping[str, str] | None = None,
        timeout: Duration | None = None,
        memory_size: int | None = None,
        log_retention: logs.RetentionDays | None = None,
        reserved_concurrent_executions: int | None = None,
    ) -> None:
        super().__init__(scope, id)
        self.log_group = logs.LogGroup(
            self,
            "Logs",
            retention=log_retention or logs.RetentionDays.THREE_MONTHS,
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"{description} (cdk-pinpoint)",
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[self.log_group.log_group_arn],
            )
        )
        self.function = lambda_.Function(
            self,
            "Function",
            runtime=LAMBDA_RUNTIME,
            architecture=LAMBDA_ARCHITECTURE,
            handler=handler,
            code=lambda_code(handler_package, with_rendering=with_rendering),
            description=description,
            role=self.role,
            log_group=self.log_group,
            environment=dict(environment or {}),
            timeout=timeout or Duration.seconds(60),
            memory_size=memory_size or 256,
            reserved_concurrent_executions=reserved_concurrent_executions,
            # Lambda writes each log record as JSON with the request id (cdk_pinpoint._shared.logs).
            logging_format=lambda_.LoggingFormat.JSON,
        )


def stack_singleton(scope: Construct, id: str, factory: Callable[[Stack, str], T]) -> T:
    """Find the construct ``id`` at the top of ``scope``'s stack, or create it with ``factory(stack, id)``."""
    stack = Stack.of(scope)
    existing = stack.node.try_find_child(id)
    return existing if existing is not None else factory(stack, id)  # type: ignore[return-value]
