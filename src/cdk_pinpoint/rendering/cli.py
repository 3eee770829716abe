"""The ``render`` and ``validate`` commands (called by the top-level ``cdk_pinpoint.cli``)."""

from __future__ import annotations

import json
import sys

from .errors import TemplateError
from .template import compile_template


def _read_json(path: str, what: str) -> object:
    with open(path, encoding="utf-8") as file:
        try:
            return json.load(file)
        except ValueError as error:
            raise SystemExit(f"{path}: {what} is not valid JSON: {error}") from None


def render_command(template_file: str, endpoint_file: str, defaults_file: str | None) -> int:
    """Print ``template_file`` rendered for the endpoint in ``endpoint_file`` (JSON), with the
    default substitutions in ``defaults_file`` (JSON) if given. Returns the exit code."""
    try:
        with open(template_file, encoding="utf-8") as file:
            source = file.read()
        endpoint = _read_json(endpoint_file, "the endpoint")
        defaults = _read_json(defaults_file, "the default substitutions") if defaults_file else None
        template = compile_template(source, defaults)  # type: ignore[arg-type]
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except SystemExit as error:
        print(error, file=sys.stderr)
        return 2
    except TemplateError as error:
        print(f"{template_file}:{error.line or 1}:{error.column or 1}: {error.message}", file=sys.stderr)
        return 1
    sys.stdout.write(template.render(endpoint))
    return 0


def validate_command(files: list[str]) -> int:
    """Compile every file; print each error as ``file:line:column: message``: a file's first
    syntax error (the parser stops there), or else every unknown helper or partial and every
    bad helper argument in it. Returns 1 if any file has an error, else 0."""
    failed = False
    for path in files:
        try:
            with open(path, encoding="utf-8") as file:
                compile_template(file.read())
        except OSError as error:
            print(f"{path}:1:1: cannot read the file: {error.strerror}")
            failed = True
        except TemplateError as error:
            for each in error.errors:
                print(f"{path}:{each.line or 1}:{each.column or 1}: {each.message}")
            failed = True
    return 1 if failed else 0
