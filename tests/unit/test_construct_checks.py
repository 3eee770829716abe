"""_construct_checks.depend_on_created: which targets a resource waits for, and with how few jsii calls."""

from __future__ import annotations

import aws_cdk as cdk
from constructs import Construct, Node

from cdk_pinpoint._construct_checks import depend_on_created
from cdk_pinpoint.templates import EmailTemplate
from tests.support import make_stack, template_of


class _Created(Construct):
    """Not one of ours (no _CREATES_RESOURCE marker), holding its resource as the child "Resource"."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        cdk.CfnResource(self, "Resource", type="Custom::Thing")


class _Imported(Construct):
    """Not one of ours, holding no resource."""


def _depends_on(stack: cdk.Stack) -> list[str]:
    [waiting] = template_of(stack).find_resources("Custom::Waiting").values()
    return sorted(waiting.get("DependsOn", []))


def test_a_resource_waits_for_each_created_target_once_and_for_no_import() -> None:
    stack = make_stack()
    created = EmailTemplate(stack, "Created", template_name="created", subject="s", text_part="t")
    imported = EmailTemplate.from_template_name(stack, "Imported", "imported")
    other_created, other_imported = _Created(stack, "OtherCreated"), _Imported(stack, "OtherImported")
    waiting = cdk.CfnResource(stack, "Waiting", type="Custom::Waiting")

    depend_on_created(waiting, [created, imported, other_created, other_imported, created])

    expected = sorted(stack.get_logical_id(c.node.default_child) for c in (created, other_created))
    assert _depends_on(stack) == expected


def test_our_templates_are_told_apart_by_their_class_without_asking_jsii_for_their_children(monkeypatch) -> None:
    stack = make_stack()
    created = EmailTemplate(stack, "Created", template_name="created", subject="s", text_part="t")
    imported = EmailTemplate.from_template_name(stack, "Imported", "imported")
    other = _Created(stack, "Other")
    waiting = cdk.CfnResource(stack, "Waiting", type="Custom::Waiting")
    asked: list[str] = []
    find_child = Node.try_find_child

    def recording(node: Node, id: str) -> object:
        asked.append(node.path)
        return find_child(node, id)

    monkeypatch.setattr(Node, "try_find_child", recording)
    depend_on_created(waiting, [created, imported, other])
    assert asked == ["Test/Other"]  # only the construct that is not ours
    assert len(_depends_on(stack)) == 2


def test_a_cloudformation_resource_waits_for_our_template_in_one_call_without_reading_node(monkeypatch) -> None:
    stack = make_stack()
    created = EmailTemplate(stack, "Created", template_name="created", subject="s", text_part="t")
    waiting = cdk.CfnResource(stack, "Waiting", type="Custom::Waiting")
    node_reads: list[str] = []
    monkeypatch.setattr(
        cdk.CfnResource, "node", property(lambda self: node_reads.append("node") or Construct.node.fget(self))
    )
    depend_on_created(waiting, [created, created])
    monkeypatch.undo()
    assert node_reads == []
    assert _depends_on(stack) == [stack.get_logical_id(created.node.default_child)]
