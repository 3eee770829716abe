"""Message templates: rendered properties, compilation at synth, variables, warnings, preview."""

import json

import pytest
from aws_cdk import Annotations as CoreAnnotations
from aws_cdk.assertions import Annotations, Match, Template

from cdk_pinpoint.errors import ConfigurationError
from cdk_pinpoint.templates import (
    VARIABLE_WITHOUT_DEFAULT_WARNING_ID,
    AndroidPush,
    ApnsPush,
    ButtonAction,
    ButtonOverride,
    DefaultPush,
    EmailTemplate,
    InAppButton,
    InAppContent,
    InAppLayout,
    InAppTemplate,
    ITemplate,
    PushAction,
    PushTemplate,
    SmsTemplate,
    TemplateBody,
    TemplateKind,
    TextAlignment,
    VoiceTemplate,
    disable_link_tracking,
)
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of, used

SHOWCASE = (
    '{{#and (gte User.UserAttributes.Age.[0] "18") (eq Location.Country "US")}}You are an 18-year-old in the US.'
    "{{else}}You aren't an 18-year-old in the US.{{/and}}"
)


def _properties(stack, resource_type):
    [resource] = template_of(stack).find_resources(resource_type).values()
    return resource["Properties"]


def _warnings(stack):
    return Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(VARIABLE_WITHOUT_DEFAULT_WARNING_ID)
    )


# --- email ----------------------------------------------------------------------------------------


def test_email_template_renders_every_property_exactly():
    stack = make_stack()
    EmailTemplate(
        stack,
        "Welcome",
        template_name="welcome-email_1",
        subject="Hello {{User.UserAttributes.FirstName}}",
        html_part="<p>Hi {{User.UserAttributes.FirstName}}</p>",
        text_part="Hi {{User.UserAttributes.FirstName}}",
        default_substitutions={"User": {"UserAttributes": {"FirstName": "there"}}},
        description="the welcome mail",
        tags={"team": "growth"},
    )
    assert _properties(stack, "AWS::Pinpoint::EmailTemplate") == {
        "TemplateName": "welcome-email_1",
        "Subject": "Hello {{User.UserAttributes.FirstName}}",
        "HtmlPart": "<p>Hi {{User.UserAttributes.FirstName}}</p>",
        "TextPart": "Hi {{User.UserAttributes.FirstName}}",
        "DefaultSubstitutions": '{"User":{"UserAttributes":{"FirstName":"there"}}}',
        "TemplateDescription": "the welcome mail",
        "Tags": {"team": "growth"},
    }


def test_template_name_is_generated_from_the_construct_path_when_not_given():
    stack = make_stack()
    template = EmailTemplate(stack, "Welcome", subject="Hi", text_part="Hi")
    assert template.template_name.startswith("TestWelcome")
    assert _properties(stack, "AWS::Pinpoint::EmailTemplate")["TemplateName"] == template.template_name


def test_parts_can_be_read_from_files(tmp_path):
    html = tmp_path / "welcome.html"
    html.write_text("<h1>Hi {{User.UserAttributes.FirstName}}</h1>\n", encoding="utf-8")
    stack = make_stack()
    template = EmailTemplate(
        stack,
        "E",
        subject=TemplateBody.from_string("Hi"),
        html_part=TemplateBody.from_file(html),
        default_substitutions={"User": {"UserAttributes": {"FirstName": "there"}}},
    )
    assert _properties(stack, "AWS::Pinpoint::EmailTemplate")["HtmlPart"] == html.read_text()
    assert template.variables == {"User.UserAttributes.FirstName"}


def test_a_missing_part_file_fails_with_the_path():
    with pytest.raises(ConfigurationError, match=r"path='/nonexistent/x.html' is invalid: must be a readable file"):
        used(TemplateBody.from_file("/nonexistent/x.html"))


def test_email_template_needs_an_html_or_a_text_part():
    stack = make_stack()
    with pytest.raises(
        ConfigurationError, match=r"Test/E: html_part=None is invalid: .*an HTML part, a text part or both"
    ):
        EmailTemplate(stack, "E", subject="Hi")


@pytest.mark.parametrize("name", ["x" * 129, "has space", "-starts-with-hyphen", "dots.not.allowed", ""])
def test_invalid_template_names_fail_with_path_value_and_rule(name):
    stack = make_stack()
    with pytest.raises(ConfigurationError) as error:
        SmsTemplate(stack, "S", body="Hi", template_name=name)
    assert str(error.value) == (
        f"Test/S: template_name={name!r} is invalid: must be 1 to 128 characters of A-Z, a-z, 0-9, '_' and '-', "
        "starting with a letter or digit"
    )


def test_a_128_character_name_is_accepted():
    stack = make_stack()
    assert SmsTemplate(stack, "S", body="Hi", template_name="a" * 128).template_name == "a" * 128


def test_email_larger_than_pinpoints_quota_fails():
    stack = make_stack()
    with pytest.raises(
        ConfigurationError, match=r"Test/E: .*'<500002 characters>' is invalid: must be at most 500,000"
    ):
        EmailTemplate(stack, "E", subject="Hi", html_part="x" * 250_000, text_part="y" * 250_000)


def test_default_substitutions_must_be_json_serializable():
    stack = make_stack()
    with pytest.raises(
        ConfigurationError, match=r"Test/S: default_substitutions=.* is invalid: must be JSON-serializable"
    ):
        SmsTemplate(stack, "S", body="Hi", default_substitutions={"When": object()})


def test_default_substitutions_must_be_a_dict():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/S: default_substitutions='x' is invalid: must be a dict"):
        SmsTemplate(stack, "S", body="Hi", default_substitutions="x")  # type: ignore[arg-type]


# --- compilation at synth -----------------------------------------------------------------------


def test_a_syntax_error_fails_synth_with_path_part_line_and_column():
    stack = make_stack()
    with pytest.raises(ConfigurationError) as error:
        EmailTemplate(stack, "E", subject="Hi", html_part="<p>\n  {{#if User.UserId}}open</p>")
    assert error.value.path == "Test/E"
    assert error.value.field == "html_part"
    assert str(error.value) == (
        "Test/E: html_part='{{#if User.UserId}}open</p>' is invalid: line 2, column 3: unclosed block {{#if}}"
    )


def test_an_unknown_helper_fails_synth_naming_the_part():
    stack = make_stack()
    with pytest.raises(
        ConfigurationError, match=r"Test/E: subject='\{\{shout Name\}\}' is invalid: line 1, column 1: "
    ):
        EmailTemplate(stack, "E", subject="{{shout Name}}", text_part="x")


def test_an_error_in_a_part_from_a_file_names_the_file(tmp_path):
    body = tmp_path / "body.txt"
    body.write_text("Hi {{#each x}}", encoding="utf-8")
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=rf"Test/S: body=.* is invalid: {body}: line 1, column \d+: unclosed"):
        SmsTemplate(stack, "S", body=TemplateBody.from_file(body))


def test_push_and_in_app_errors_name_the_channel_or_message_part():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/P: apns.title='\{\{#if\}\}' is invalid"):
        PushTemplate(stack, "P", apns=ApnsPush(title="{{#if}}"))
    with pytest.raises(ConfigurationError, match=r"Test/I: messages\[1\].primary_button.text='\{\{' is invalid"):
        InAppTemplate(
            stack,
            "I",
            layout=InAppLayout.CAROUSEL,
            messages=[InAppContent(body="ok"), InAppContent(primary_button=InAppButton("{{"))],
        )


# --- variables and warnings -----------------------------------------------------------------------


def test_variables_are_the_union_over_all_parts():
    stack = make_stack()
    template = EmailTemplate(
        stack,
        "E",
        subject="{{User.UserAttributes.FirstName}}",
        html_part="{{Attributes.Plan}}",
        text_part="{{#each User.UserAttributes.Colors}}{{this}}{{/each}}",
    )
    assert template.variables == {"User.UserAttributes.FirstName", "Attributes.Plan", "User.UserAttributes.Colors"}


def test_a_variable_without_default_gives_a_warning_with_a_stable_id():
    stack = make_stack()
    EmailTemplate(
        stack,
        "E",
        subject="Hi {{User.UserAttributes.FirstName}}",
        text_part="Your plan: {{Attributes.Plan}}",
        default_substitutions={"User": {"UserAttributes": {"FirstName": "there"}}},
    )
    Annotations.from_stack(stack).has_warning(
        "/Test/E",
        Match.string_like_regexp(
            r"without a default substitution .*: Attributes\.Plan "
            r".*\[ack: cdk-pinpoint:template-variable-without-default\]"
        ),
    )
    [warning] = _warnings(stack)
    assert "FirstName" not in warning.entry.data


def test_no_warning_when_every_variable_has_a_default():
    stack = make_stack()
    SmsTemplate(
        stack,
        "S",
        body="Hi {{User.UserAttributes.FirstName}}",
        default_substitutions={"User": {"UserAttributes": {"FirstName": "there"}}},
    )
    assert _warnings(stack) == []


def test_the_warning_can_be_acknowledged_by_its_id():
    stack = make_stack()
    template = SmsTemplate(stack, "S", body="Hi {{User.UserAttributes.FirstName}}")
    CoreAnnotations.of(template).acknowledge_warning(VARIABLE_WITHOUT_DEFAULT_WARNING_ID, "every user has a name")
    assert _warnings(stack) == []


def test_in_app_templates_give_no_variable_warning():
    stack = make_stack()
    template = InAppTemplate(
        stack, "I", layout=InAppLayout.TOP_BANNER, messages=[InAppContent(body="Hi {{User.UserAttributes.FirstName}}")]
    )
    assert template.variables == {"User.UserAttributes.FirstName"}
    assert _warnings(stack) == []


# --- preview --------------------------------------------------------------------------------------


def test_preview_renders_every_part_with_defaults_under_the_endpoint():
    stack = make_stack()
    template = EmailTemplate(
        stack,
        "E",
        subject="Hi {{User.UserAttributes.FirstName}}",
        html_part="<p>{{Attributes.Plan}}</p>",
        text_part="{{Attributes.Plan}}",
        default_substitutions={"User": {"UserAttributes": {"FirstName": "there"}}, "Attributes": {"Plan": "free"}},
    )
    endpoint = {"Attributes": {"Plan": ["pro"]}, "User": {"UserAttributes": {}}}
    assert template.preview(endpoint) == {"subject": "Hi there", "html": "<p>pro</p>", "text": "pro"}


@pytest.mark.parametrize(
    ("age", "country", "expected"),
    [
        ("30", "US", "You are an 18-year-old in the US."),
        ("30", "DE", "You aren't an 18-year-old in the US."),
        ("12", "US", "You aren't an 18-year-old in the US."),
    ],
)
def test_the_showcase_and_template_previews_both_branches(age, country, expected):
    stack = make_stack()
    template = SmsTemplate(stack, "S", body=SHOWCASE)
    endpoint = {"User": {"UserAttributes": {"Age": [age]}}, "Location": {"Country": country}}
    assert template.preview(endpoint) == {"body": expected}
    assert template.variables == {"User.UserAttributes.Age", "Location.Country"}


def test_push_preview_names_parts_by_channel():
    stack = make_stack()
    template = PushTemplate(
        stack,
        "P",
        default=DefaultPush(title="Hi {{User.UserId}}", body="b"),
        fcm=AndroidPush(body="{{User.UserId}}!"),
        default_substitutions={"User": {"UserId": "you"}},
    )
    assert template.preview({"User": {"UserId": "u1"}}) == {
        "default.title": "Hi u1",
        "default.body": "b",
        "fcm.body": "u1!",
    }


# --- open and click tracking ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="x">x</a>', '<a ses:no-track href="x">x</a>'),
        ('<A HREF="x">x</A>', '<A ses:no-track HREF="x">x</A>'),
        ("<a>x</a>", "<a ses:no-track>x</a>"),
        ('<a\n  href="x">x</a>', '<a ses:no-track\n  href="x">x</a>'),
        ('<a href="x" ses:no-track>x</a>', '<a href="x" ses:no-track>x</a>'),
        ('<a SES:NO-TRACK href="x">x</a>', '<a SES:NO-TRACK href="x">x</a>'),
        ('<a title="a>b" href="x">x</a>', '<a ses:no-track title="a>b" href="x">x</a>'),
        ('<abbr title="t">t</abbr><area href="x">', '<abbr title="t">t</abbr><area href="x">'),
        (
            '<a href="{{Attributes.Url}}">1</a> <a href="y" class="c">2</a>',
            '<a ses:no-track href="{{Attributes.Url}}">1</a> <a ses:no-track href="y" class="c">2</a>',
        ),
    ],
)
def test_disable_link_tracking_marks_every_anchor_once(html, expected):
    assert disable_link_tracking(html) == expected
    assert disable_link_tracking(expected) == expected


def test_email_disable_tracking_marks_the_html_part_only():
    stack = make_stack()
    EmailTemplate(
        stack, "E", subject="<a href>", html_part='<a href="x">x</a>', text_part="<a href>", disable_tracking=True
    )
    properties = _properties(stack, "AWS::Pinpoint::EmailTemplate")
    assert properties["HtmlPart"] == '<a ses:no-track href="x">x</a>'
    assert properties["TextPart"] == "<a href>"


def test_links_are_tracked_by_default():
    stack = make_stack()
    EmailTemplate(stack, "E", subject="s", html_part='<a href="x">x</a>')
    assert _properties(stack, "AWS::Pinpoint::EmailTemplate")["HtmlPart"] == '<a href="x">x</a>'


# --- sms ------------------------------------------------------------------------------------------


def test_sms_template_renders_body_defaults_description_and_tags():
    stack = make_stack()
    SmsTemplate(
        stack,
        "S",
        template_name="otp",
        body="Code {{Attributes.Code}}",
        default_substitutions={"Attributes": {"Code": "0000"}},
        description="d",
        tags={"k": "v"},
    )
    assert _properties(stack, "AWS::Pinpoint::SmsTemplate") == {
        "TemplateName": "otp",
        "Body": "Code {{Attributes.Code}}",
        "DefaultSubstitutions": '{"Attributes":{"Code":"0000"}}',
        "TemplateDescription": "d",
        "Tags": {"k": "v"},
    }


def test_sms_body_longer_than_1600_characters_fails():
    stack = make_stack()
    SmsTemplate(stack, "Ok", body="x" * 1600)
    with pytest.raises(ConfigurationError, match=r"Test/S: body='<1601 characters>' is invalid: must be at most 1,600"):
        SmsTemplate(stack, "S", body="x" * 1601)


# --- push -----------------------------------------------------------------------------------------


def test_push_template_renders_every_channel_in_cloudformations_shape():
    stack = make_stack()
    android = AndroidPush(
        title="T",
        body="B",
        action=PushAction.DEEP_LINK,
        url="app://x",
        sound="ping",
        image_url="https://i",
        image_icon_url="https://ii",
        small_image_icon_url="https://si",
    )
    PushTemplate(
        stack,
        "P",
        template_name="push",
        default=DefaultPush(title="T", body="B", action=PushAction.URL, url="https://u", sound="default"),
        apns=ApnsPush(title="T", body="B", action=PushAction.OPEN_APP, sound="s.caf", media_url="https://m"),
        fcm=android,
        baidu=AndroidPush(body="baidu"),
        adm=AndroidPush(body="adm"),
        default_substitutions={"A": "b"},
        description="d",
    )
    android_cfn = {
        "Title": "T",
        "Body": "B",
        "Action": "DEEP_LINK",
        "Url": "app://x",
        "Sound": "ping",
        "ImageUrl": "https://i",
        "ImageIconUrl": "https://ii",
        "SmallImageIconUrl": "https://si",
    }
    assert _properties(stack, "AWS::Pinpoint::PushTemplate") == {
        "TemplateName": "push",
        "Default": {"Title": "T", "Body": "B", "Action": "URL", "Url": "https://u", "Sound": "default"},
        "APNS": {"Title": "T", "Body": "B", "Action": "OPEN_APP", "Sound": "s.caf", "MediaUrl": "https://m"},
        "GCM": android_cfn,
        "Baidu": {"Body": "baidu"},
        "ADM": {"Body": "adm"},
        "DefaultSubstitutions": '{"A":"b"}',
        "TemplateDescription": "d",
    }


def test_push_template_needs_at_least_one_notification():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/P: default=None is invalid: a push template needs"):
        PushTemplate(stack, "P")


def test_a_url_action_without_a_url_fails_when_used():
    with pytest.raises(ConfigurationError, match=r"url=None is invalid: is required when action is URL"):
        used(DefaultPush(body="b", action=PushAction.URL))


@pytest.mark.parametrize(("channel", "limit"), [("default", 2000), ("apns", 2000), ("fcm", 4000), ("adm", 4000)])
def test_push_parts_longer_than_the_channel_quota_fail(channel, limit):
    stack = make_stack()
    message = DefaultPush(body="x" * (limit + 1)) if channel == "default" else None
    kwargs = {channel: message or (ApnsPush if channel == "apns" else AndroidPush)(body="x" * (limit + 1))}
    with pytest.raises(
        ConfigurationError, match=rf"Test/P: {channel}='<{limit + 1} characters>' is invalid: must be at most {limit:,}"
    ):
        PushTemplate(stack, "P", **kwargs)


# --- in-app ---------------------------------------------------------------------------------------


def test_in_app_template_renders_layout_content_buttons_colours_and_custom_config():
    stack = make_stack()
    InAppTemplate(
        stack,
        "I",
        template_name="promo",
        layout=InAppLayout.MIDDLE_BANNER,
        messages=[
            InAppContent(
                header="Sale",
                header_alignment=TextAlignment.CENTER,
                header_color="#000000",
                body="20% off",
                body_alignment=TextAlignment.LEFT,
                body_color="#333333",
                background_color="#FFFFFF",
                image_url="https://img",
                primary_button=InAppButton(
                    "Shop",
                    action=ButtonAction.LINK,
                    link="https://shop",
                    background_color="#FF0000",
                    text_color="#FFFFFF",
                    border_radius=4,
                    ios=ButtonOverride(ButtonAction.DEEP_LINK, "shop://"),
                    android=ButtonOverride(ButtonAction.DEEP_LINK, "shop://a"),
                    web=ButtonOverride(ButtonAction.CLOSE),
                ),
                secondary_button=InAppButton("Later"),
            )
        ],
        custom_config={"campaignKind": "sale"},
        description="d",
        tags={"k": "v"},
    )
    assert _properties(stack, "AWS::Pinpoint::InAppTemplate") == {
        "TemplateName": "promo",
        "Layout": "MIDDLE_BANNER",
        "Content": [
            {
                "HeaderConfig": {"Header": "Sale", "Alignment": "CENTER", "TextColor": "#000000"},
                "BodyConfig": {"Body": "20% off", "Alignment": "LEFT", "TextColor": "#333333"},
                "BackgroundColor": "#FFFFFF",
                "ImageUrl": "https://img",
                "PrimaryBtn": {
                    "DefaultConfig": {
                        "Text": "Shop",
                        "ButtonAction": "LINK",
                        "Link": "https://shop",
                        "BackgroundColor": "#FF0000",
                        "TextColor": "#FFFFFF",
                        "BorderRadius": 4,
                    },
                    "IOS": {"ButtonAction": "DEEP_LINK", "Link": "shop://"},
                    "Android": {"ButtonAction": "DEEP_LINK", "Link": "shop://a"},
                    "Web": {"ButtonAction": "CLOSE"},
                },
                "SecondaryBtn": {"DefaultConfig": {"Text": "Later", "ButtonAction": "CLOSE"}},
            }
        ],
        "CustomConfig": {"campaignKind": "sale"},
        "TemplateDescription": "d",
        "Tags": {"k": "v"},
    }


def test_in_app_template_needs_a_message():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/I: messages=\[\] is invalid: must be a list of at least one"):
        InAppTemplate(stack, "I", layout=InAppLayout.OVERLAYS, messages=[])


_ALIGNMENTS = r"must be one of TextAlignment.LEFT, TextAlignment.CENTER, TextAlignment.RIGHT"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda s: InAppTemplate(s, "I", layout="SIDEBAR", messages=[InAppContent(body="b")]),
            r"Test/I: layout='SIDEBAR' is invalid: must be one of InAppLayout.BOTTOM_BANNER, "
            r"InAppLayout.TOP_BANNER, .*InAppLayout.CAROUSEL$",
        ),
        (
            lambda s: InAppTemplate(s, "I", layout=None, messages=[InAppContent(body="b")]),
            r"Test/I: layout=None is invalid: is required: must be one of InAppLayout.BOTTOM_BANNER",
        ),
        (
            lambda s: InAppTemplate(s, "I", layout=InAppLayout.OVERLAYS, messages=[{"body": "b"}]),
            r"Test/I: messages\[0\]=\{'body': 'b'\} is invalid: must be an InAppContent",
        ),
        (
            lambda s: InAppTemplate(s, "I", layout=InAppLayout.OVERLAYS, messages=InAppContent(body="b")),
            r"Test/I: messages=InAppContent\(.*\) is invalid: must be a list of at least one InAppContent",
        ),
        (
            lambda s: InAppContent(body="b", body_alignment="JUSTIFY"),
            rf"^body_alignment='JUSTIFY' is invalid: {_ALIGNMENTS}",
        ),
        (lambda s: InAppContent(header_alignment="up"), rf"^header_alignment='up' is invalid: {_ALIGNMENTS}"),
        (
            lambda s: InAppContent(body="b", primary_button="OK"),
            r"^primary_button='OK' is invalid: must be an InAppButton$",
        ),
        (
            lambda s: InAppButton("Go", action="DISMISS"),
            r"^button.action='DISMISS' is invalid: must be one of ButtonAction.LINK, ButtonAction.DEEP_LINK, "
            r"ButtonAction.CLOSE$",
        ),
        (
            lambda s: ButtonOverride("HREF", link="https://example.com"),
            r"^button_override.action='HREF' is invalid: must be one of ButtonAction.LINK",
        ),
        (
            lambda s: InAppButton("Go", ios=ButtonAction.CLOSE),
            r"^button.ios=<ButtonAction.CLOSE: 'CLOSE'> is invalid: must be a ButtonOverride$",
        ),
        (
            lambda s: DefaultPush(body="b", action="LINK", url="https://example.com"),
            r"^default.action='LINK' is invalid: must be one of PushAction.OPEN_APP, PushAction.DEEP_LINK, ",
        ),
        (
            lambda s: PushTemplate(s, "P", fcm=ApnsPush(body="b")),
            r"Test/P: fcm=ApnsPush\(.*\) is invalid: must be an AndroidPush$",
        ),
        (
            lambda s: PushTemplate(s, "P", default={"body": "b"}),
            r"Test/P: default=\{'body': 'b'\} is invalid: must be a DefaultPush$",
        ),
        (lambda s: SmsTemplate(s, "S", body=42), r"Test/S: body=42 is invalid: must be a str or a TemplateBody$"),
    ],
)
def test_a_wrong_type_fails_with_field_value_and_the_allowed_values(build, message):
    """Strings where enum members belong, or the wrong model value, fail where they are written
    (a construct path when there is one), not with an AttributeError during rendering."""
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=message):
        used(build(stack))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: InAppButton("Go", action=ButtonAction.LINK), r"button.link=None is invalid: .*LINK"),
        (lambda: ButtonOverride(ButtonAction.DEEP_LINK), r"button_override.link=None is invalid: .*DEEP_LINK"),
    ],
)
def test_buttons_that_link_need_a_link(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


# --- voice ----------------------------------------------------------------------------------------


def _policy_statements(stack):
    policies = template_of(stack).find_resources("AWS::IAM::Policy")
    return [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]["Statement"]]


def _template_statements(stack):
    return [s for s in _policy_statements(stack) if "Template" in json.dumps(s["Action"])]


def _arn_in_template(resource):
    return {
        "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":mobiletargeting:us-east-1:123456789012:{resource}"]]
    }


def _allows(stack, action, arn):
    """Whether the stack's policies allow ``action`` on ``arn`` (partition aws), as IAM would match."""
    import fnmatch

    for statement in _policy_statements(stack):
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        for resource in resources:
            if isinstance(resource, dict) and "Fn::Join" in resource:
                parts = resource["Fn::Join"][1]
                resource = "".join("aws" if part == {"Ref": "AWS::Partition"} else part for part in parts)
            if action in actions and isinstance(resource, str) and fnmatch.fnmatchcase(arn, resource):
                return True
    return False


def _voice_templates(*names):
    """A stack, as deployed, holding voice templates of these names."""
    stack = make_stack()
    for name in names:
        VoiceTemplate(stack, name.title(), template_name=name, body="Hi")
    return stack


_OLD_ARN = "arn:aws:mobiletargeting:us-east-1:123456789012:templates/greeting/VOICE"


def test_after_a_rename_the_updated_policy_still_allows_deleting_the_old_template():
    """A rename is a replacement: CloudFormation creates "welcome", updates the provider's policy, and
    only then, in its cleanup phase, asks the provider to delete "greeting". Without Delete on
    templates/*/VOICE that delete is denied and "greeting" stays behind."""
    assert _allows(_voice_templates("greeting"), "mobiletargeting:DeleteVoiceTemplate", _OLD_ARN)
    renamed = _voice_templates("welcome")
    assert _allows(renamed, "mobiletargeting:DeleteVoiceTemplate", _OLD_ARN)
    # Only the delete is that wide: creating, updating and tagging stay on the current template.
    for action in ("CreateVoiceTemplate", "UpdateVoiceTemplate", "UpdateTemplateActiveVersion"):
        assert not _allows(renamed, f"mobiletargeting:{action}", _OLD_ARN)
        assert _allows(renamed, f"mobiletargeting:{action}", _OLD_ARN.replace("greeting", "welcome"))
    # And only for voice templates.
    assert not _allows(renamed, "mobiletargeting:DeleteEmailTemplate", _OLD_ARN.replace("VOICE", "EMAIL"))


def test_after_removing_one_of_two_templates_the_policy_still_allows_deleting_it():
    kept = _voice_templates("welcome")  # "greeting" was removed from the app; the provider stays
    assert _allows(kept, "mobiletargeting:DeleteVoiceTemplate", _OLD_ARN)


def test_the_delete_any_voice_template_acknowledgment_is_still_needed(monkeypatch):
    import cdk_pinpoint._nag as nag_module

    monkeypatch.setattr(nag_module, "acknowledge_wildcard_resource", lambda *_args: None)
    stack = _voice_templates("greeting", "welcome")
    assert [rule for _, rule, _ in nag_findings(stack)] == [
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:mobiletargeting:us-east-1:123456789012:templates/*/VOICE]"
    ]


def test_two_voice_templates_share_one_delete_statement():
    statements = _template_statements(_voice_templates("greeting", "welcome"))
    assert [s["Action"] for s in statements].count("mobiletargeting:DeleteVoiceTemplate") == 1


def test_voice_template_sends_the_api_request_as_one_json_string():
    stack = make_stack()
    VoiceTemplate(
        stack,
        "V",
        template_name="greeting",
        body="Hello {{User.UserAttributes.FirstName}}",
        language_code="en-US",
        voice_id="Joanna",
        default_substitutions={"User": {"UserAttributes": {"FirstName": "there"}}},
        description="d",
    )
    properties = _properties(stack, "Custom::PinpointVoiceTemplate")
    assert properties["Kind"] == "VoiceTemplate"
    assert json.loads(properties["Request"]) == {
        "TemplateName": "greeting",
        "VoiceTemplateRequest": {
            "Body": "Hello {{User.UserAttributes.FirstName}}",
            "LanguageCode": "en-US",
            "VoiceId": "Joanna",
            "DefaultSubstitutions": '{"User":{"UserAttributes":{"FirstName":"there"}}}',
            "TemplateDescription": "d",
        },
    }


def test_voice_template_provider_may_only_manage_this_voice_template():
    stack = make_stack()
    template = VoiceTemplate(stack, "V", template_name="greeting", body="Hi")
    assert stack.resolve(template.template_arn) == {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, ":mobiletargeting:us-east-1:123456789012:templates/greeting/VOICE"],
        ]
    }
    assert _template_statements(stack) == [
        {
            "Effect": "Allow",
            "Action": [
                "mobiletargeting:CreateVoiceTemplate",
                "mobiletargeting:TagResource",  # tags, which Tags.of(...) may add at any time
                "mobiletargeting:UntagResource",
                "mobiletargeting:UpdateTemplateActiveVersion",
                "mobiletargeting:UpdateVoiceTemplate",
            ],
            "Resource": stack.resolve(template.template_arn),
        },
        {
            "Effect": "Allow",
            "Action": "mobiletargeting:DeleteVoiceTemplate",
            "Resource": _arn_in_template("templates/*/VOICE"),
        },
    ]


def test_voice_template_tags_travel_beside_the_request():
    stack = make_stack()
    VoiceTemplate(stack, "V", template_name="greeting", body="Hi", tags={"team": "growth"})
    properties = _properties(stack, "Custom::PinpointVoiceTemplate")
    assert properties["Tags"] == {"team": "growth"}
    assert "tags" not in json.loads(properties["Request"])["VoiceTemplateRequest"]


def test_voice_template_is_account_wide_and_sends_no_application_id():
    stack = make_stack()
    VoiceTemplate(stack, "AccountWide", template_name="b", body="Hi")
    assert "ApplicationId" not in _properties(stack, "Custom::PinpointVoiceTemplate")


def test_voice_body_longer_than_10000_characters_fails():
    stack = make_stack()
    with pytest.raises(
        ConfigurationError, match=r"Test/V: body='<10001 characters>' is invalid: must be at most 10,000"
    ):
        VoiceTemplate(stack, "V", body="x" * 10_001)


# --- every kind: arn, kind, imports, lint -------------------------------------------------------------


def _one_of_each(stack):
    return [
        EmailTemplate(stack, "Email", subject="s", text_part="t"),
        SmsTemplate(stack, "Sms", body="b"),
        PushTemplate(stack, "Push", default=DefaultPush(body="b")),
        InAppTemplate(stack, "InApp", layout=InAppLayout.BOTTOM_BANNER, messages=[InAppContent(body="b")]),
        VoiceTemplate(stack, "Voice", body="b"),
    ]


def test_every_template_has_its_kind_and_an_arn_and_is_an_itemplate():
    stack = make_stack()
    templates = _one_of_each(stack)
    assert [t.template_kind for t in templates] == [
        TemplateKind.EMAIL,
        TemplateKind.SMS,
        TemplateKind.PUSH,
        TemplateKind.IN_APP,
        TemplateKind.VOICE,
    ]
    assert all(isinstance(t, ITemplate) for t in templates)
    # CloudFormation-created templates use the resource's Arn attribute (a dependency on it).
    for template in templates[:4]:
        assert stack.resolve(template.template_arn) == {"Fn::GetAtt": [stack.get_logical_id(template.resource), "Arn"]}


@pytest.mark.parametrize(
    ("cls", "kind"),
    [
        (EmailTemplate, "EMAIL"),
        (SmsTemplate, "SMS"),
        (PushTemplate, "PUSH"),
        (InAppTemplate, "INAPP"),
        (VoiceTemplate, "VOICE"),
    ],
)
def test_from_template_name_imports_a_template_of_that_kind(cls, kind):
    stack = make_stack()
    imported = cls.from_template_name(stack, "Imported", "existing")
    assert isinstance(imported, ITemplate)
    assert imported.template_name == "existing"
    assert imported.template_kind == TemplateKind(kind)
    assert imported.variables == frozenset()
    assert stack.resolve(imported.template_arn) == {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, f":mobiletargeting:us-east-1:123456789012:templates/existing/{kind}"],
        ]
    }


def test_templates_with_default_props_are_cfn_lint_and_nag_clean():
    stack = make_stack()
    _one_of_each(stack)
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


# --- synth cost -------------------------------------------------------------------------------------


def test_importing_templates_does_not_load_aws_lambda():
    """The custom-resource machinery (aws_lambda, ~100 ms to import) loads only for templates that
    need it; apps with CloudFormation templates only never pay for it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    code = "import sys, cdk_pinpoint.templates; print('aws_cdk.aws_lambda' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.strip() == "False"


# --- what only the API can create: an email recommender, raw push content -----------------------


def _api_request(stack, resource_type):
    return json.loads(_properties(stack, resource_type)["Request"])


def _assert_matches_the_api_model(operation, request):
    """The request is a valid ``operation`` call in botocore's Pinpoint model (names, nesting, types)."""
    import boto3
    from botocore.validate import validate_parameters

    model = boto3.client("pinpoint", region_name="us-east-1").meta.service_model
    validate_parameters(request, model.operation_model(operation).input_shape)


def test_an_email_template_without_a_recommender_is_a_cloudformation_resource():
    stack = make_stack()
    EmailTemplate(stack, "E", template_name="welcome", subject="s", text_part="t")
    template_of(stack).resource_count_is("AWS::Pinpoint::EmailTemplate", 1)
    template_of(stack).resource_count_is("Custom::PinpointEmailTemplate", 0)


def test_an_email_template_with_a_recommender_is_created_through_the_api():
    stack = make_stack()
    template = EmailTemplate(
        stack,
        "E",
        template_name="picks",
        subject="Picks for {{User.UserAttributes.FirstName}}",
        html_part="<p>{{Recommendations.Title.[0]}}</p>",
        default_substitutions={"User": {"UserAttributes": {"FirstName": "you"}}},
        recommender_id="rec-123",
        description="d",
        tags={"team": "growth"},
    )
    template_of(stack).resource_count_is("AWS::Pinpoint::EmailTemplate", 0)
    request = _api_request(stack, "Custom::PinpointEmailTemplate")
    assert request == {
        "TemplateName": "picks",
        "EmailTemplateRequest": {
            "Subject": "Picks for {{User.UserAttributes.FirstName}}",
            "HtmlPart": "<p>{{Recommendations.Title.[0]}}</p>",
            "DefaultSubstitutions": '{"User":{"UserAttributes":{"FirstName":"you"}}}',
            "RecommenderId": "rec-123",
            "TemplateDescription": "d",
        },
    }
    _assert_matches_the_api_model("CreateEmailTemplate", request)
    assert _properties(stack, "Custom::PinpointEmailTemplate")["Tags"] == {"team": "growth"}
    assert _properties(stack, "Custom::PinpointEmailTemplate")["Kind"] == "EmailTemplate"
    assert stack.resolve(template.template_arn) == _arn_in_template("templates/picks/EMAIL")
    assert _template_statements(stack) == [
        {
            "Effect": "Allow",
            "Action": [
                "mobiletargeting:CreateEmailTemplate",
                "mobiletargeting:TagResource",
                "mobiletargeting:UntagResource",
                "mobiletargeting:UpdateEmailTemplate",
                "mobiletargeting:UpdateTemplateActiveVersion",
            ],
            "Resource": _arn_in_template("templates/picks/EMAIL"),
        },
        {
            "Effect": "Allow",
            "Action": "mobiletargeting:DeleteEmailTemplate",
            "Resource": _arn_in_template("templates/*/EMAIL"),
        },
    ]


def test_an_empty_recommender_id_fails():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/E: recommender_id='' is invalid: must be 1 to 1000 characters"):
        EmailTemplate(stack, "E", subject="s", text_part="t", recommender_id="")


def test_a_push_template_without_raw_content_is_a_cloudformation_resource():
    stack = make_stack()
    PushTemplate(stack, "P", apns=ApnsPush(body="b"), fcm=AndroidPush(body="b"))
    template_of(stack).resource_count_is("AWS::Pinpoint::PushTemplate", 1)
    template_of(stack).resource_count_is("Custom::PinpointPushTemplate", 0)


def test_a_push_template_with_raw_content_is_created_through_the_api_in_its_shape():
    stack = make_stack()
    raw_apns = '{"aps": {"alert": "Hi {{User.UserAttributes.FirstName}}"}}'
    template = PushTemplate(
        stack,
        "P",
        template_name="raw",
        default=DefaultPush(title="Hi", body="b", action=PushAction.URL, url="https://example.com"),
        apns=ApnsPush(raw_content=raw_apns),
        fcm=AndroidPush(title="t", image_icon_url="https://example.com/i.png"),
        default_substitutions={"User": {"UserAttributes": {"FirstName": "you"}}},
    )
    template_of(stack).resource_count_is("AWS::Pinpoint::PushTemplate", 0)
    request = _api_request(stack, "Custom::PinpointPushTemplate")
    assert request == {
        "TemplateName": "raw",
        "PushNotificationTemplateRequest": {
            "Default": {"Title": "Hi", "Body": "b", "Action": "URL", "Url": "https://example.com"},
            "APNS": {"RawContent": raw_apns},
            "GCM": {"Title": "t", "ImageIconUrl": "https://example.com/i.png"},
            "DefaultSubstitutions": '{"User":{"UserAttributes":{"FirstName":"you"}}}',
        },
    }
    _assert_matches_the_api_model("CreatePushTemplate", request)
    assert template.variables == frozenset({"User.UserAttributes.FirstName"})
    assert stack.resolve(template.template_arn) == _arn_in_template("templates/raw/PUSH")
    assert [s["Action"] for s in _template_statements(stack)][1] == "mobiletargeting:DeletePushTemplate"


def test_android_raw_content_also_goes_through_the_api():
    stack = make_stack()
    PushTemplate(stack, "P", template_name="raw", adm=AndroidPush(raw_content='{"data": {"m": "x"}}'))
    assert _api_request(stack, "Custom::PinpointPushTemplate")["PushNotificationTemplateRequest"] == {
        "ADM": {"RawContent": '{"data": {"m": "x"}}'}
    }


def test_raw_content_replaces_the_whole_notification_so_other_fields_fail():
    with pytest.raises(
        ConfigurationError, match=r"^apns.body='b' is invalid: must not be set with raw_content, which replaces"
    ):
        used(ApnsPush(body="b", raw_content="{}"))


def test_raw_content_is_compiled_as_a_part():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/P: fcm.raw_content=.* is invalid: line 1, column"):
        PushTemplate(stack, "P", fcm=AndroidPush(raw_content='{"m": "{{#if x}}"}'))


def test_api_created_email_and_push_templates_are_cfn_lint_and_nag_clean():
    stack = make_stack()
    EmailTemplate(stack, "E", subject="s", text_part="t", recommender_id="rec-1")
    PushTemplate(stack, "P", apns=ApnsPush(raw_content="{}"))
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


def test_in_app_colours_take_the_short_hex_form_as_given():
    # CloudFormation's reference says only "a hex color code (such as #000000 for black)": #RGB is one
    stack = make_stack()
    InAppTemplate(
        stack,
        "I",
        template_name="short",
        layout=InAppLayout.TOP_BANNER,
        messages=[InAppContent(body="b", body_color="#fff", primary_button=InAppButton("Ok", background_color="#0A0"))],
    )
    content = Template.from_stack(stack).find_resources("AWS::Pinpoint::InAppTemplate")
    (resource,) = content.values()
    card = resource["Properties"]["Content"][0]
    assert card["BodyConfig"]["TextColor"] == "#fff"
    assert card["PrimaryBtn"]["DefaultConfig"]["BackgroundColor"] == "#0A0"
