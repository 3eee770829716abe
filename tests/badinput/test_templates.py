"""Bad input to the message templates and their parts."""

from __future__ import annotations

from cdk_pinpoint import (
    AndroidPush,
    ApnsPush,
    DefaultPush,
    EmailTemplate,
    InAppButton,
    InAppContent,
    InAppLayout,
    InAppTemplate,
    PushTemplate,
    SmsTemplate,
    TemplateBody,
    VoiceTemplate,
)

from .support import Case, Shown, expect_error, run

P = "Test/X"


def _in_app(s, content):
    return InAppTemplate(s, "X", layout=InAppLayout.OVERLAYS, messages=[content])


CASES = [
    Case(lambda s: EmailTemplate(s, "X", subject=None, text_part="t"), P, "subject", None, id="email-subject-none"),
    Case(lambda s: EmailTemplate(s, "X", subject="s", text_part=42), P, "text_part", 42, id="email-text-int"),
    Case(lambda s: EmailTemplate(s, "X", subject="s", html_part=42), P, "html_part", 42, id="email-html-int"),
    Case(lambda s: EmailTemplate(s, "X", subject="s", html_part=""), P, "html_part", "", id="email-html-empty"),
    Case(lambda s: EmailTemplate(s, "X", subject=" ", text_part="t"), P, "subject", " ", id="email-subject-blank"),
    Case(lambda s: SmsTemplate(s, "X", body=""), P, "body", "", id="sms-body-empty"),
    Case(lambda s: SmsTemplate(s, "X", body="\n\t"), P, "body", "\n\t", id="sms-body-blank"),
    Case(
        lambda s: EmailTemplate(s, "X", subject="s", text_part="t", template_name="has space"),
        P,
        "template_name",
        "has space",
        id="email-name-space",
    ),
    Case(
        lambda s: EmailTemplate(s, "X", subject="s", text_part="t", default_substitutions="x"),
        P,
        "default_substitutions",
        "x",
        id="email-substitutions-string",
    ),
    Case(
        lambda s: EmailTemplate(s, "X", subject="s", text_part="t", disable_tracking="yes"),
        P,
        "disable_tracking",
        "yes",
        id="email-tracking-string",
    ),
    Case(
        lambda s: EmailTemplate(s, "X", subject="s", text_part="t", tags={"aws:a": "b"}),
        P,
        "tags",
        "aws:a",
        id="email-tag-aws",
    ),
    Case(
        lambda s: EmailTemplate(s, "X", subject="{{#if}}", text_part="t"),
        P,
        "subject",
        "{{#if}}",
        id="email-subject-handlebars",
    ),
    Case(lambda s: SmsTemplate(s, "X", body=None), P, "body", None, id="sms-body-none"),
    Case(lambda s: SmsTemplate(s, "X", body=42), P, "body", 42, id="sms-body-int"),
    Case(lambda s: SmsTemplate(s, "X", body="b", description=5), P, "description", 5, id="sms-description-int"),
    Case(
        lambda s: VoiceTemplate(s, "X", body="b", language_code="xx-XX"),
        P,
        "language_code",
        "xx-XX",
        id="voice-language-unknown",
    ),
    Case(lambda s: VoiceTemplate(s, "X", body="b", voice_id=5), P, "voice_id", 5, id="voice-id-int"),
    Case(lambda s: PushTemplate(s, "X", fcm=ApnsPush(body="b")), P, "fcm", Shown("ApnsPush("), id="push-fcm-apns"),
    Case(lambda s: PushTemplate(s, "X", default="hello"), P, "default", "hello", id="push-default-string"),
    Case(
        lambda s: InAppTemplate(s, "X", layout="SIDEBAR", messages=[InAppContent(body="b")]),
        P,
        "layout",
        "SIDEBAR",
        id="in-app-layout-unknown",
    ),
    Case(
        lambda s: InAppTemplate(s, "X", layout=InAppLayout.OVERLAYS, messages=InAppContent(body="b")),
        P,
        "messages",
        Shown("InAppContent("),
        id="in-app-messages-single",
    ),
    Case(
        lambda s: InAppTemplate(s, "X", layout=InAppLayout.OVERLAYS, messages=[]),
        P,
        "messages",
        [],
        id="in-app-messages-empty",
    ),
    # value objects
    Case(
        lambda s: EmailTemplate(s, "X", subject="s", html_part=TemplateBody.from_file("/no/such/file.html")),
        P,
        "html_part.path",
        "/no/such/file.html",
        id="body-file-missing",
    ),
    Case(
        lambda s: EmailTemplate(s, "X", subject="s", html_part=TemplateBody.from_file(5)),
        P,
        "html_part.path",
        5,
        id="body-file-int",
    ),
    Case(
        lambda s: _in_app(s, InAppContent(body="b", body_color="red")),
        P,
        "messages[0].body_color",
        "red",
        id="in-app-color-name",
    ),
    Case(
        lambda s: _in_app(s, InAppContent(header="h", header_color="#FFFF")),
        P,
        "messages[0].header_color",
        "#FFFF",
        id="in-app-color-4",
    ),
    Case(
        lambda s: _in_app(s, InAppContent(body="b", background_color="FFFFFF")),
        P,
        "messages[0].background_color",
        "FFFFFF",
        id="in-app-color-no-hash",
    ),
    Case(
        lambda s: _in_app(s, InAppContent(body="b", primary_button=InAppButton(text="OK", text_color="#GG0000"))),
        P,
        "messages[0].primary_button.text_color",
        "#GG0000",
        id="in-app-button-color-not-hex",
    ),
    Case(
        lambda s: _in_app(s, InAppContent(body="b", body_alignment="JUSTIFY")),
        P,
        "messages[0].body_alignment",
        "JUSTIFY",
        id="in-app-alignment",
    ),
    Case(
        lambda s: PushTemplate(s, "X", default=DefaultPush(body="b", action="LINK")),
        P,
        "default.action",
        "LINK",
        id="push-action-unknown",
    ),
    Case(lambda s: PushTemplate(s, "X", fcm=AndroidPush(body="b", url=5)), P, "fcm.url", 5, id="android-url-int"),
    # Pinpoint API reference, InAppTemplateRequest.Content: "can include up to 5 modals"
    Case(
        lambda s: InAppTemplate(s, "X", layout=InAppLayout.CAROUSEL, messages=[InAppContent(body="b")] * 6),
        P,
        "messages",
        Shown("[InAppContent("),
        id="in-app-six-cards",
    ),
]


@run(CASES)
def test_bad_template_input_fails_with_path_field_and_value(case):
    error = expect_error(case)
    assert error.allowed
