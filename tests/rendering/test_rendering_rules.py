# ruff: noqa: E501  (template/expected tables read best one case per line)
"""Our own cases: every helper, the language rules, the decisions, errors and the API."""

from __future__ import annotations

import re

import pytest

from cdk_pinpoint.rendering import TemplateError, compile_template, render

CONTEXT = {
    "Address": "jane@example.com",
    "Location": {"City": "Los Angeles", "Country": "US", "PostalCode": "90001"},
    "Metrics": {"items": 2, "price": 7.0, "ratio": 2.5, "zero": 0},
    "Attributes": {
        "Colors": ["red", "blue", "yellow"],
        "One": ["only"],
        "Empty": [],
        "Html": ["<b>\"Tom\" & 'Jerry'</b> a=b `x`"],
        "Age": ["100"],
        "Count": ["3"],
        "Title": ["  Hello World 2024, Zoë!  "],
        "Yes": ["true"],
        "Grid": [["a", "b"], ["c"]],
        "Last Name": ["Roe"],
        "Nested": {"Deep": {"Value": ["v"]}},
        "Items": [{"name": "pen", "qty": 2}, {"name": "ink", "qty": 1}],
        "Zero": ["0"],
        "Obj": {},
    },
    "User": {"UserId": "u-1", "UserAttributes": {"FirstName": ["jane"], "Many": [str(i) for i in range(20)]}},
}

RENDERS = [
    # context rules
    ("{{Attributes.One}}", "only"),
    ("{{Attributes.Colors}}", "red,blue,yellow"),
    ("{{Attributes.Colors.[1]}}|{{Attributes.Colors.[9]}}|{{Attributes.Missing.[0]}}|{{No.Such.Path}}", "blue|||"),
    ("{{Attributes.[Last Name].[0]}}", "Roe"),
    # a literal alone looks up the property named as written (handlebars.js), or calls a helper
    ("{{#with Attributes}}{{'Last Name'}}|{{\"One\"}}|{{'nope'}}{{/with}}", "Roe|only|"),
    ("{{#each Attributes.Colors}}{{1}}{{true}}{{null}}{{/each}}", ""),
    ("{{#with Attributes.Colors}}{{1}}{{/with}}|{{'yesno'}}|{{'upper'}}", "blue|maybe|"),
    # {{!--}} is a whole comment: its "--" also closes it (handlebars.l)
    ("{{!--}}--}}|{{~!--}}--}}", "--}}|--}}"),
    ("{{Attributes.Nested.Deep.Value}}", "v"),
    ("{{Metrics.price}} {{Metrics.ratio}} {{Metrics.items}}", "7 2.5 2"),
    ("{{Attributes.Colors.length}}", "3"),
    (
        "{{#with Attributes.Nested}}{{Deep.Value}}-{{../User.UserId}}-{{@root.Address}}{{/with}}",
        "v-u-1-jane@example.com",
    ),
    ("{{#each Attributes.Grid}}{{this.[0]}}{{/each}}", "ac"),
    ("{{#each Attributes.Items}}{{name}}x{{qty}}{{#unless @last}}, {{/unless}}{{/each}}", "penx2, inkx1"),
    ("{{#each Attributes.Items as |item i|}}{{i}}:{{item.name}} {{/each}}", "0:pen 1:ink "),
    ("{{#with Location as |loc|}}{{loc.City}}{{/with}}", "Los Angeles"),
    ("{{#each User.UserAttributes.Many}}{{this}}{{/each}}", "012345678910111213141516171819"),  # > 15 items: all
    ("{{#Location}}{{City}}{{/Location}}", "Los Angeles"),
    ("{{#Attributes.Colors}}[{{this}}]{{/Attributes.Colors}}", "[red][blue][yellow]"),
    ("{{^Attributes.Empty}}none{{/Attributes.Empty}}", "none"),
    # truthiness
    ("{{#if Attributes.Obj}}y{{else}}n{{/if}}", "y"),
    ("{{#if Attributes.Empty}}y{{else}}n{{/if}}", "n"),
    ("{{#if Metrics.zero}}y{{else}}n{{/if}}", "n"),
    ("{{#if Metrics.zero includeZero=true}}y{{else}}n{{/if}}", "y"),
    ("{{#if Attributes.Zero.[0]}}y{{else}}n{{/if}}", "y"),
    ("{{#with Attributes.Missing}}y{{else}}n{{/with}}", "n"),
    ("{{#unless Attributes.One}}n{{else}}y{{/unless}}", "y"),
    ("{{#if a}}A{{else if b}}B{{else unless c}}C{{else}}D{{/if}}", "C"),
    ("{{#if a}}A{{else eq 1 1}}E{{/if}}", "E"),
    # escaping
    ("{{Attributes.Html}}", "&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt; a&#x3D;b &#x60;x&#x60;"),
    ("{{{Attributes.Html}}}", "<b>\"Tom\" & 'Jerry'</b> a=b `x`"),
    ("{{&Attributes.Html}}", "<b>\"Tom\" & 'Jerry'</b> a=b `x`"),
    ("{{upper Attributes.Html}}", "&lt;B&gt;&quot;TOM&quot; &amp; &#x27;JERRY&#x27;&lt;/B&gt; A&#x3D;B &#x60;X&#x60;"),
    ("\\{{Address}} {{Address}}", "{{Address}} jane@example.com"),
    ("\\\\{{Address}}", "\\jane@example.com"),
    # whitespace control and standalone lines
    ("a  {{~Address~}}  b", "ajane@example.comb"),
    (
        "<ul>\n  {{#each Attributes.Colors}}\n  <li>{{this}}</li>\n  {{/each}}\n</ul>",
        "<ul>\n  <li>red</li>\n  <li>blue</li>\n  <li>yellow</li>\n</ul>",
    ),
    ("{{#if Address}}\nyes\n{{else}}\nno\n{{/if}}\n", "yes\n"),
    ("x\n{{! comment }}\ny", "x\ny"),
    ("A{{!-- has }} inside --}}B", "AB"),
    # literals
    ("{{add 1.5 2}} {{add -1 1}} {{eq \"a\" 'a'}}", "3.5 0 true"),
    ('{{ljust "ab" 4 pad="*"}}', "ab**"),
    ('{{eq 1 1 y="x"}}', "true"),
    # partials
    ('{{#*inline "name"}}{{User.UserAttributes.FirstName}}{{/inline}}Hi {{> name}}!', "Hi jane!"),
    ('{{> p}}{{#*inline "p"}}late{{/inline}}', "late"),
    (
        '{{#*inline "row"}}{{@index}}={{this}};{{/inline}}{{#each Attributes.Colors}}{{> row}}{{/each}}',
        "0=red;1=blue;2=yellow;",
    ),
    ('{{#*inline "p"}}{{City}}{{/inline}}{{> p Location}}', "Los Angeles"),
    ('{{#*inline "p"}}{{greeting}} {{City}}{{/inline}}{{> p Location greeting="Hi"}}', "Hi Los Angeles"),
    ('{{#*inline "box"}}[{{> @partial-block}}]{{/inline}}{{#> box}}{{Address}}{{/box}}', "[jane@example.com]"),
    ("{{#> missing}}fallback{{/missing}}", "fallback"),
    ('{{#*inline "p"}}line1\nline2\n{{/inline}}\n  {{> p}}\n', "  line1\n  line2\n"),
    # builtins
    ('{{lookup Attributes.Colors 2}} {{lookup Location "City"}}', "yellow Los Angeles"),
    ('a{{log "hello"}}b', "ab"),
    ("{{#each Location}}{{@key}}{{#if @first}}!{{/if}} {{/each}}", "City! Country PostalCode "),
    ("{{#each Attributes.Grid}}{{#each this}}{{@../index}}{{@index}} {{/each}}{{/each}}", "00 01 10 "),
]


@pytest.mark.parametrize(("template", "expected"), RENDERS)
def test_renders(template: str, expected: str) -> None:
    assert compile_template(template).render(CONTEXT) == expected


HELPERS = [
    # conditional
    ('{{and 1 "x" Attributes.One}} {{and 1 0}} {{or "" Attributes.Empty}} {{or "" "0"}}', "true false false true"),
    ('{{not Attributes.Missing}} {{not "0"}} {{not Attributes.Obj}}', "true false false"),
    ('{{eq Metrics.items 2.0}} {{eq Metrics.items "2"}} {{eq true 1}} {{neq "a" "b"}}', "true false false true"),
    ('{{gt Attributes.Age.[0] "17"}} {{gt Metrics.items 1}} {{gt Attributes.Age.[0] 17}}', "false true true"),
    (
        "{{gte 2 2}} {{lt 1 2}} {{lte 3 2}} {{gt Attributes.Missing 1}} {{lt Attributes.Missing 1}}",
        "true true false false false",
    ),
    ("{{#gt Metrics.items 1}}big{{else}}small{{/gt}}", "big"),
    ("{{#or a b}}x{{else}}none{{/or}}", "none"),
    ('{{eq 1 2 yes="Y" no="N"}}{{eq 1 1 yes="Y"}}{{eq 1 2 yes="Y"}}', "NYfalse"),
    # string
    ('{{abbreviate "Alejandro" 6}} {{abbreviate "Ana" 6}}', "Ale... Ana"),
    ('{{capitalize "my fIRST post"}} | {{capitalize "my fIRST post" fully=true}}', "My FIRST Post | My First Post"),
    ('{{capitalizeFirst "my first"}}', "My first"),
    (
        '[{{center "ab" size=5 pad="*"}}] [{{center "Los Angeles" size=15}}] [{{center "abc" size=2}}]',
        "[*ab**] [  Los Angeles  ] [abc]",
    ),
    ('{{cut "a-b-c" "-"}} {{cut "a b"}}', "abc ab"),
    ('{{inflect 1 "apple" "apples" includeCount=true}} {{inflect 0 "apple" "apples"}}', "1 apple apples"),
    (
        '{{join Attributes.Colors ", "}} {{join Attributes.Colors "/" prefix="<" suffix=">"}} [{{join Attributes.Empty ","}}]',
        "red, blue, yellow &lt;red/blue/yellow&gt; []",
    ),
    (
        '[{{ljust "ab" 4}}] [{{rjust "ab" 4}}] [{{rjust "42" 6 pad="0"}}] [{{ljust "abcdef" 2}}]',
        "[ab  ] [  ab] [000042] [abcdef]",
    ),
    ('{{lower "ÀB"}} {{upper "straße"}}', "àb STRASSE"),
    (
        '{{ordinalize 1}} {{ordinalize 2}} {{ordinalize 3}} {{ordinalize 11}} {{ordinalize 112}} {{ordinalize 23}} {{ordinalize "x"}}',
        "1st 2nd 3rd 11th 112th 23rd x",
    ),
    ('{{replace "a.b.c" "." "-"}}', "a-b-c"),
    ('{{slugify Attributes.Title.[0]}} {{slugify "a  b"}}', "hello-world-2024-zoë a--b"),
    ('{{stripTags "<p>Hi <b>there</b></p>"}}', "Hi there"),
    (
        '{{substring "Los Angeles" 4 9}} {{substring "Los Angeles" 4}} [{{substring "abc" 5}}] {{substring "abc" 1 99}}',
        "Angel Angeles [] bc",
    ),
    (
        '{{yesno true}} {{yesno false}} {{yesno Attributes.None}} {{yesno Attributes.Yes}} {{yesno "FALSE"}} {{yesno "maybe?" maybe="?"}}',
        "yes no maybe yes no ?",
    ),
    ('{{yesno true yes="Y" no="N"}}', "Y"),
    ("{{upper Attributes.Missing}}[{{lower}}]", "[]"),
    ('{{dateFormat "2020-09-19" outputFormat="full"}}', "Saturday, September 19, 2020"),
    (
        '{{dateFormat "2020-09-19T23:30:00Z" outputFormat="yyyy-MM-dd HH:mm" tz="America/Los_Angeles"}}',
        "2020-09-19 16:30",
    ),
    ('{{dateFormat "2020-09-19" tz="America/Los_Angeles"}}', "Sep 19, 2020"),
    (
        '{{dateFormat "19.09.2020 14:05" inputFormat="dd.MM.yyyy HH:mm" outputFormat="h:mm a, MMMM d \'\'yy"}}',
        "2:05 PM, September 19 &#x27;20",
    ),
    ('{{dateFormat "Sep 19, 2020" inputFormat="medium" outputFormat="long"}}', "September 19, 2020"),
    ('{{dateFormat 0 outputFormat="yyyy-MM-dd"}}', "1970-01-01"),
    ('[{{dateFormat "not a date"}}] [{{dateFormat Attributes.Missing}}]', "[] []"),
    ('{{dateFormat "2020-09-19" tz="Not/AZone"}}', "Sep 19, 2020"),
    # math
    (
        "{{add 5 2.3}} {{subtract 5 2.3}} {{multiply 5 2.3}} {{divide 5 2.3}} {{divide 1 4}} {{divide 6 2}}",
        "7.3 2.7 11.5 2.17391304 0.25 3",
    ),
    (
        "{{add 0.1 0.2}} {{add Attributes.Count.[0] 1}} {{add Metrics.price 1}} {{modulo 7 2}} {{modulo -7 2}}",
        "0.3 4 8 1 -1",
    ),
    ("{{ceiling 5.23}} {{floor 5.23}} {{floor -5.5}} {{round 18.5}} {{round 19.21}} {{round -2.5}}", "6 5 -6 19 19 -3"),
    ('[{{divide 1 0}}] [{{add "x" 1}}] [{{add Attributes.Missing 1}}] [{{round true}}]', "[] [] [] []"),
    (
        '{{encode64 "Hello World"}} {{decode64 "SGVsbG8gV29ybGQ="}} [{{decode64 "%%%"}}]',
        "SGVsbG8gV29ybGQ&#x3D; Hello World []",
    ),
    ('{{md5 "Hello World"}}', "b10a8db164e0754105b7a99be72e3fe5"),
    ('{{sha256 "Hello World"}}', "a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e"),
]


@pytest.mark.parametrize(("template", "expected"), HELPERS)
def test_helpers(template: str, expected: str) -> None:
    assert compile_template(template).render(CONTEXT) == expected


def test_sha512_uuid_and_now() -> None:
    assert render('{{sha512 "Hello World"}}', {}).startswith("2c74fd17edafd80e8447b0d46741ee24")
    uuid = render("{{uuid}}", {})
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", uuid)
    assert render("{{uuid}}", {}) != uuid
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d{4}", render("{{now}}", {}))
    assert re.fullmatch(r"\d{4}", render('{{now "yyyy" tz="Asia/Tokyo"}}', {}))


ERRORS = [
    ("{{#if a}}x", 1, 1, "unclosed block"),
    ("ab\n  {{#each a}}x{{/if}}", 2, 15, "doesn't match"),
    ("{{a", 1, 1, "unclosed mustache"),
    ('{{a "b}}', 1, 5, "unterminated string"),
    ("{{a.[b}}", 1, 5, "unterminated path segment"),
    ("{{a/../b}}", 1, 3, "invalid path"),
    ("x{{/if}}", 1, 2, "no matching opening block"),
    ("{{else}}", 1, 1, "outside a block"),
    ('{{User.UserAttributes.FirstName "there"}}', 1, 1, "unknown helper"),
    ("{{#frobnicate a}}x{{/frobnicate}}", 1, 1, "unknown block helper"),
    ('{{center "a"}}', 1, 1, "size="),
    ('{{abbreviate "a" 3}}', 1, 18, "at least 4"),
    ('{{replace "a"}}', 1, 1, "at least 3"),
    ("{{#upper a}}x{{/upper}}", 1, 1, "cannot be used as a block"),
    ("{{if a}}", 1, 1, "must be used as a block"),
    ("{{#if a b}}x{{/if}}", 1, 1, "exactly one argument"),
    ("{{> nothing}}", 1, 1, "unknown partial"),
    ("{{!-- never closed", 1, 1, "unclosed comment"),
    ("{{{{raw}}}}x{{{{/raw}}}}", 1, 1, "raw blocks"),
    ("{{a}}}", 1, 4, "expected '}}'"),  # handlebars.js: '}}}' closes only a '{{{'
    ("{{{a}}}}", 1, 5, "unexpected '}}}}'"),
    ("{{a}}}}", 1, 4, "unexpected '}}}}'"),
]


@pytest.mark.parametrize(("template", "line", "column", "message"), ERRORS)
def test_errors(template: str, line: int, column: int, message: str | None) -> None:
    try:
        output = compile_template(template).render({})
    except TemplateError as error:
        assert (error.line, error.column) == (line, column), str(error)
        assert message is None or message in error.message
        assert str(error).startswith(f"{line}:{column}: ")
    else:
        if message is not None:
            pytest.fail(f"rendered {output!r} instead of failing")


def test_default_substitutions_merge_under_the_context() -> None:
    defaults = {"User": {"UserAttributes": {"FirstName": "friend", "City": "Paris"}}, "Address": "x"}
    template = compile_template(
        "{{User.UserAttributes.FirstName.[0]}}/{{User.UserAttributes.City}}/{{Address}}", defaults
    )
    assert template.render({"User": {"UserAttributes": {"FirstName": ["Jane"]}}}) == "Jane/Paris/x"
    assert template.render({"User": {"UserAttributes": {"FirstName": []}}, "Address": None}) == "friend/Paris/x"
    assert template.render({}) == "friend/Paris/x"
    assert render("{{A}}", {}, '{"A": "json"}') == "json"
    with pytest.raises(TemplateError):
        compile_template("x", "{not json")
    with pytest.raises(TemplateError):
        compile_template("x", "[1]")


def test_the_cache_is_per_source_and_defaults() -> None:
    assert render("{{A}}", {}, {"A": "1"}) == "1"
    assert render("{{A}}", {}, {"A": "2"}) == "2"
    assert render("{{A}}", {"A": "3"}) == "3"


def test_variables() -> None:
    template = compile_template(
        "{{User.UserAttributes.FirstName.[0]}} {{upper Attributes.[Last Name].[0]}} {{#with Location}}{{City}}{{/with}}"
        "{{#each Attributes.Items as |item|}}{{item.name}}{{qty}}{{../Address}}{{@index}}{{/each}}"
        "{{#if (eq Metrics.n 1)}}{{@root.User.UserId}}{{/if}}{{uuid}}{{add 1 2}}{{this.Id}}{{'Literal Name'}}{{'uuid'}}"
        '{{#*inline "p"}}{{Demographic.Locale}}{{/inline}}{{> p}}'
    )
    assert template.variables == frozenset(
        {
            "User.UserAttributes.FirstName",
            "Attributes.Last Name",
            "Location",
            "Location.City",
            "Attributes.Items",
            "Attributes.Items.name",
            "Attributes.Items.qty",
            "Address",
            "Metrics.n",
            "User.UserId",
            "Id",
            "Demographic.Locale",
            "Literal Name",
        }
    )


def test_variables_are_what_rendering_reads() -> None:
    # A block parameter with nothing to bind (with binds one) is a property of the block's
    # context, and arguments a helper ignores are never read: variables follow the Checker.
    unbound = compile_template("{{#with x as |a b|}}{{a.y}}{{b}}{{/with}}")
    assert unbound.render({"x": {"y": "1", "b": "2"}}) == "12"
    assert unbound.variables == frozenset({"x", "x.y", "x.b"})
    ignored = compile_template("{{upper a b}}")
    assert ignored.render({"a": "x", "b": "y"}) == "X"
    assert ignored.variables == frozenset({"a"})


def test_importing_the_package_loads_no_cdk() -> None:
    import subprocess
    import sys

    code = "import sys, cdk_pinpoint.rendering; print(sorted(m for m in sys.modules if m.split('.')[0] in ('aws_cdk', 'constructs', 'jsii')))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": "src", "PATH": ""},
        cwd=__file__.rsplit("/tests/", 1)[0],
    )
    assert result.stdout.strip() == "[]"


def test_compiling_adds_nothing_to_sys_modules() -> None:
    import sys

    compile_template("warm {{add 1 2}}").render({})
    before = set(sys.modules)
    for i in range(50):
        compile_template(f"{{{{a}}}} {i}").render({})
    assert set(sys.modules) == before


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    source = "{{#each a}}" * 33 + "x" + "{{/each}}" * 33  # MAX_NESTING is 32 (more in test_rendering_limits)
    with pytest.raises(TemplateError, match="more than 32 deep"):
        compile_template(source)
    partial = '{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}'
    with pytest.raises(TemplateError, match="too deeply"):
        compile_template(partial).render({})


def test_check_template_raises_what_compiling_raises_and_returns_the_variables(monkeypatch) -> None:
    from cdk_pinpoint.rendering import check_template
    from cdk_pinpoint.rendering import template as template_module

    source = "{{#each Items}}{{name}} {{upper ../User.UserId}}{{/each}}"
    assert check_template(source) == compile_template(source).variables == {"Items", "Items.name", "User.UserId"}
    with pytest.raises(TemplateError) as checked:
        check_template("{{#if a}}\n{{nope b}}{{/if}}")
    with pytest.raises(TemplateError) as compiled:
        compile_template("{{#if a}}\n{{nope b}}{{/if}}")
    assert (checked.value.message, checked.value.line, checked.value.column) == (
        compiled.value.message,
        compiled.value.line,
        compiled.value.column,
    )
    with pytest.raises(TemplateError, match="must be a string"):
        check_template(b"{{a}}")  # type: ignore[arg-type]

    parsed: list[str] = []
    parse = template_module.parse
    monkeypatch.setattr(template_module, "parse", lambda text: parsed.append(text) or parse(text))
    for _ in range(3):
        assert check_template("{{Once.checked}}") == {"Once.checked"}
    assert parsed == ["{{Once.checked}}"]  # a repeated source is checked once
