"""Bad input to every `cdk-pinpoint` command: an exit with a message about the user's own app (never
`./dev synth`, never a traceback), naming the path or option, the value and what to do."""

from __future__ import annotations

import json

import pytest

from cdk_pinpoint.cli import main

ASSEMBLY_COMMANDS = ["summary", "graph"]


def _exit(argv, capsys):
    with pytest.raises(SystemExit) as raised:
        main(argv)
    captured = capsys.readouterr()
    message = str(raised.value.code) if not isinstance(raised.value.code, int) else captured.err + captured.out
    assert raised.value.code != 0, message
    assert "./dev" not in message and "Traceback" not in message, message
    return message


@pytest.mark.parametrize("command", ASSEMBLY_COMMANDS)
def test_a_missing_assembly_names_the_folder_and_says_to_run_cdk_synth(command, tmp_path, capsys):
    message = _exit([command, str(tmp_path / "nowhere")], capsys)
    assert str(tmp_path / "nowhere") in message and "cdk synth" in message and "CDK_OUTDIR" in message


def test_simulate_without_an_assembly_names_the_folder(tmp_path, capsys):
    endpoints = tmp_path / "e.csv"
    endpoints.write_text("Id,ChannelType,Address\n1,EMAIL,a@example.com\n")
    message = _exit(["simulate", str(tmp_path / "nowhere"), "--endpoints", str(endpoints)], capsys)
    assert str(tmp_path / "nowhere") in message and "cdk synth" in message


@pytest.mark.parametrize(
    ("where", "setting"),
    [("env", "CDK_OUTDIR"), ("cdk.json", "output")],
)
def test_the_assembly_falls_back_to_cdk_outdir_or_cdk_jsons_output(where, setting, tmp_path, monkeypatch, capsys):
    assembly = tmp_path / "build" / "assembly"
    assembly.mkdir(parents=True)
    (assembly / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": {}}))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CDK_OUTDIR", raising=False)
    if where == "env":
        monkeypatch.setenv("CDK_OUTDIR", str(assembly))
    else:
        (tmp_path / "cdk.json").write_text(json.dumps({"app": "python app.py", "output": "build/assembly"}))
    assert main(["summary"]) == 0
    assert "assembly" in capsys.readouterr().out


def test_without_cdk_out_or_a_setting_the_message_names_cdk_out(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CDK_OUTDIR", raising=False)
    message = _exit(["summary"], capsys)
    assert "cdk.out" in message and "cdk synth" in message


@pytest.mark.parametrize(
    "argv",
    [
        ["render"],
        ["render", "t.hbs"],
        ["validate"],
        ["simulate"],
        ["frobnicate"],
        ["send-test"],
        ["simulate", "cdk.out", "--endpoints", "e.csv", "--format", "xml"],
        ["simulate", "cdk.out", "--endpoints", "e.csv", "--limit", "many"],
    ],
    ids=lambda argv: "-".join(argv),
)
def test_a_bad_command_line_exits_with_a_usage_error_naming_what_is_wrong(argv, capsys):
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert "usage: cdk-pinpoint" in err and "error:" in err
    named = {"frobnicate": "frobnicate", "xml": "xml", "many": "many"}
    for word, shown in named.items():
        if word in argv:
            assert shown in err


def _failure(argv, capsys):
    """A command's exit code (returned or raised) and everything it printed."""
    try:
        code = main(argv)
    except SystemExit as raised:
        code = raised.code
    captured = capsys.readouterr()
    return code, f"{captured.err} {captured.out}"


def test_diff_without_sides_says_what_to_give(capsys):
    code, text = _failure(["diff"], capsys)
    assert code == 2 and "give BASE and HEAD" in text


def test_render_of_a_missing_template_file_names_it(tmp_path, capsys):
    code, text = _failure(["render", str(tmp_path / "missing.hbs"), "--endpoint", "{}"], capsys)
    assert code != 0 and "missing.hbs" in text and "Traceback" not in text


def test_render_with_an_endpoint_that_is_neither_json_nor_a_file_names_it(tmp_path, capsys):
    template = tmp_path / "t.hbs"
    template.write_text("Hi {{User.UserAttributes.FirstName}}")
    code, text = _failure(["render", str(template), "--endpoint", "{not json"], capsys)
    assert code != 0 and "{not json" in text and "Traceback" not in text


def test_validate_of_a_missing_file_names_it(tmp_path, capsys):
    code, text = _failure(["validate", str(tmp_path / "gone.hbs")], capsys)
    assert code != 0 and "gone.hbs" in text and "Traceback" not in text
