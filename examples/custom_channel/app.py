"""A custom channel that sends Pinpoint SMS templates through AWS End User Messaging SMS.

The function renders the template named in each campaign's or journey's message data (or the
default template) for every endpoint, sends it with SendTextMessage from one phone number, and
records ``custom_channel.sent`` / ``custom_channel.failed`` events in the project.
"""

from __future__ import annotations

import aws_cdk as cdk

from cdk_pinpoint.custom_channel import CustomChannel, Delivery, SmsMessageType
from cdk_pinpoint.project import Project
from cdk_pinpoint.templates import SmsTemplate

PHONE_NUMBER_ARN = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-0123456789abcdef"


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or cdk.App()
    stack = cdk.Stack(app, "CustomChannelExample", env=cdk.Environment(account="123456789012", region="us-east-1"))
    project = Project(stack, "Messaging", project_name="orders")
    shipped = SmsTemplate(
        stack,
        "Shipped",
        template_name="order-shipped",
        body="Hi {{User.UserAttributes.FirstName}}, order {{Attributes.OrderId}} has shipped.",
        default_substitutions={"User": {"UserAttributes": {"FirstName": "there"}}, "Attributes": {"OrderId": ""}},
    )
    channel = CustomChannel(
        stack,
        "Sms",
        project=project,
        delivery=Delivery.sms(origination_identity=PHONE_NUMBER_ARN, message_type=SmsMessageType.TRANSACTIONAL),
        templates=[shipped],  # the function may read this template only
        default_template=shipped,
    )
    # What a campaign or journey uses: DeliveryUri and the message data naming the template.
    cdk.CfnOutput(stack, "DeliveryUri", value=channel.delivery_uri)
    cdk.CfnOutput(stack, "MessageData", value=CustomChannel.message_data(shipped))
    return app


if __name__ == "__main__":
    build_app().synth()
