"""The render and validate commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdk_pinpoint.rendering.cli import render_command, validate_command


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_render_prints_the_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = write(tmp_path / "t.hbs", "Hi {{User.UserAttributes.FirstName}} from {{Location.City}}")
    endpoint = write(tmp_path / "e.json", json.dumps({"User": {"UserAttributes": {"FirstName": ["Ana"]}}}))
    defaults = write(tmp_path / "d.json", json.dumps({"Location": {"City": "Lisbon"}}))
    assert render_command(template, endpoint, defaults) == 0
    assert capsys.readouterr().out == "Hi Ana from Lisbon"
    assert render_command(template, endpoint, None) == 0
    assert capsys.readouterr().out == "Hi Ana from "


def test_render_reports_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = write(tmp_path / "e.json", "{}")
    bad = write(tmp_path / "bad.hbs", "ok\n{{#if x}}")
    assert render_command(bad, endpoint, None) == 1
    assert capsys.readouterr().err.strip() == f"{bad}:2:1: unclosed block {{{{#if}}}}"
    assert render_command(str(tmp_path / "missing.hbs"), endpoint, None) == 2
    assert render_command(write(tmp_path / "t.hbs", "x"), write(tmp_path / "e2.json", "{oops"), None) == 2


def test_validate_reports_every_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.hbs", "{{#each a}}{{this}}{{/each}}")
    bad1 = write(tmp_path / "bad1.hbs", "{{center x}}")
    bad2 = write(tmp_path / "bad2.hbs", 'line\n  {{a "b}}')
    assert validate_command([good]) == 0
    assert capsys.readouterr().out == ""
    assert validate_command([good, bad1, bad2, str(tmp_path / "nope.hbs")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{bad1}:1:1: center needs size="
    assert lines[1] == f"{bad2}:2:7: unterminated string literal"
    assert lines[2].startswith(f"{tmp_path / 'nope.hbs'}:1:1: cannot read the file")


def test_validate_reports_every_unknown_helper_and_bad_argument_in_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(
        tmp_path / "bad.hbs", "{{nope a}}\n{{#if x}}{{center y}}{{/if}} {{> gone}}\n{{#frob a}}{{zap b}}{{/frob}}"
    )
    syntax = write(tmp_path / "syntax.hbs", "{{nope a}}\n{{#if x}}")
    assert validate_command([bad, syntax]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{bad}:1:1: unknown helper 'nope'",
        f"{bad}:2:10: center needs size=",
        f"{bad}:2:30: unknown partial 'gone' (define it with {{{{#*inline}}}})",
        f"{bad}:3:1: unknown block helper 'frob'",
        f"{bad}:3:12: unknown helper 'zap'",
        f"{syntax}:2:1: unclosed block {{{{#if}}}}",  # the parser stops at the first syntax error
    ]
