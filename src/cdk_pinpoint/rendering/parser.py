"""Template source -> syntax tree, following handlebars.js 4.7 (handlebars.l, handlebars.yy).

Hand-written instead of pybars3's PyMeta grammar: building that grammar costs ~0.3 s at import
and parsing through it is slow (see the package docstring for the measurements). The tree has
the same shape as handlebars.js's AST, and the whitespace rules (``~`` and standalone lines) are
a port of its ``WhitespaceControl`` visitor, so output matches handlebars.js byte for byte.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from typing import Any

from .errors import TemplateError, position_of

# Blocks (each ``{{else ...}}`` of a chain counts as one more level), subexpressions and path
# segments nest at most this deep. The parser, the compiler and the generated Python recurse
# once per level: the limit keeps them far below Python's recursion and static nesting limits,
# so a deep template is a TemplateError at the block that goes too deep, never a RecursionError.
MAX_NESTING = 32

# --------------------------------------------------------------------------------------- tree


class Strip:
    __slots__ = (
        "close",
        "open",
    )

    def __init__(self, open: bool = False, close: bool = False) -> None:
        self.open = open
        self.close = close


class PathExpr:
    __slots__ = (
        "data",
        "depth",
        "literal_parts",
        "offset",
        "original",
        "parts",
        "scoped",
    )

    def __init__(
        self,
        parts: list[str],
        original: str,
        depth: int = 0,
        data: bool = False,
        scoped: bool = False,
        offset: int = 0,
        literal_parts: list[bool] | None = None,
    ) -> None:
        self.parts = parts
        self.original = original
        self.depth = depth  # number of leading ../
        self.data = data  # @name
        self.scoped = scoped  # starts with this or ./ (never a helper or block param)
        self.offset = offset
        self.literal_parts = literal_parts if literal_parts is not None else []  # [segment] written with brackets


class Literal:
    __slots__ = (
        "offset",
        "original",
        "value",
    )

    def __init__(self, value: Any, original: str, offset: int = 0) -> None:
        self.value = value  # str, int, float, bool, None
        self.original = original
        self.offset = offset


class SubExpr:
    __slots__ = (
        "hash",
        "offset",
        "params",
        "path",
    )

    def __init__(self, path: Any, params: list[Any], hash: list[tuple[str, Any]], offset: int = 0) -> None:
        self.path = path
        self.params = params
        self.hash = hash
        self.offset = offset


class Content:
    __slots__ = (
        "left_stripped",
        "offset",
        "original",
        "right_stripped",
        "value",
    )

    def __init__(
        self, value: str, original: str, offset: int = 0, left_stripped: bool = False, right_stripped: bool = False
    ) -> None:
        self.value = value
        self.original = original
        self.offset = offset
        self.left_stripped = left_stripped
        self.right_stripped = right_stripped


class Comment:
    __slots__ = (
        "offset",
        "strip",
    )

    def __init__(self, strip: Strip, offset: int = 0) -> None:
        self.strip = strip
        self.offset = offset


class Mustache:
    __slots__ = (
        "escaped",
        "hash",
        "offset",
        "params",
        "path",
        "strip",
    )

    def __init__(
        self, path: Any, params: list[Any], hash: list[tuple[str, Any]], escaped: bool, strip: Strip, offset: int = 0
    ) -> None:
        self.path = path
        self.params = params
        self.hash = hash
        self.escaped = escaped
        self.strip = strip
        self.offset = offset


class Program:
    __slots__ = (
        "block_params",
        "body",
        "chained",
    )

    def __init__(self, body: list[Any], block_params: list[str] | None = None, chained: bool = False) -> None:
        self.body = body
        self.block_params = block_params if block_params is not None else []
        self.chained = chained


class Block:
    __slots__ = (
        "close_strip",
        "hash",
        "inverse",
        "inverse_strip",
        "kind",
        "offset",
        "open_strip",
        "params",
        "path",
        "program",
    )

    def __init__(
        self,
        path: Any,
        params: list[Any],
        hash: list[tuple[str, Any]],
        program: Program | None,
        inverse: Program | None,
        open_strip: Strip,
        inverse_strip: Strip,
        close_strip: Strip,
        offset: int = 0,
        kind: str = "block",
    ) -> None:
        self.path = path
        self.params = params
        self.hash = hash
        self.program = program
        self.inverse = inverse
        self.open_strip = open_strip
        self.inverse_strip = inverse_strip
        self.close_strip = close_strip
        self.offset = offset
        self.kind = kind  # block | decorator (inline partial) | partial_block


class Partial:
    __slots__ = (
        "hash",
        "indent",
        "name",
        "offset",
        "params",
        "strip",
    )

    def __init__(
        self, name: Any, params: list[Any], hash: list[tuple[str, Any]], strip: Strip, offset: int = 0, indent: str = ""
    ) -> None:
        self.name = name
        self.params = params
        self.hash = hash
        self.strip = strip
        self.offset = offset
        self.indent = indent


# ------------------------------------------------------------------------------------- lexer

# One token inside a mustache: handlebars.l's rules, tried in its order. A name or a literal
# counts only when the character after it may end one (its LOOKAHEAD and LITERAL_LOOKAHEAD).
_LOOKAHEAD = r"(?=[=~}\t\n\r\f\v /.)|]|\Z)"
_LITERAL_LOOKAHEAD = r"(?=[~}\t\n\r\f\v )]|\Z)"
_INSIDE_RULES = (
    ("SPACE", r"[ \t\r\n\f\v]\s*"),
    ("BAD_CLOSE", r"\}\}\}\}"),  # handlebars.l: CLOSE_RAW_BLOCK, a parse error here
    ("CLOSE_UNESCAPED_STRIP", r"\}~\}\}"),
    ("CLOSE_UNESCAPED", r"\}\}\}"),
    ("CLOSE_STRIP", r"~\}\}"),
    ("CLOSE", r"\}\}"),
    ("BAD_OPEN", r"\{\{"),
    ("OPEN_SEXPR", r"\("),
    ("CLOSE_SEXPR", r"\)"),
    ("EQUALS", r"="),
    ("PARENT", r"\.\."),
    ("THIS", r"\." + _LOOKAHEAD),
    ("SEP", r"[./]"),
    ("STRING", r""""(?:\\"|[^"])*"|'(?:\\'|[^'])*'"""),
    ("DATA", r"@"),
    ("CLOSE_BLOCK_PARAMS", r"\|"),
    ("SEGMENT", r"\[(?:\\\]|[^\]])*\]"),
    ("BOOLEAN", r"(?:true|false)" + _LITERAL_LOOKAHEAD),
    ("UNDEFINED", r"undefined" + _LITERAL_LOOKAHEAD),
    ("NULL", r"null" + _LITERAL_LOOKAHEAD),
    ("NUMBER", r"(?>-?[0-9]+(?:\.[0-9]+)?)" + _LITERAL_LOOKAHEAD),
    ("OPEN_BLOCK_PARAMS", r"as\s+\|"),
    ("NAME", r"""(?>[^\s!"#%-,./;->@\[-\^`{-~]+)""" + _LOOKAHEAD),
)
_INSIDE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _INSIDE_RULES))
_INSIDE_KINDS = {"PARENT": "ID", "THIS": "ID", "NAME": "ID"}
_CLOSERS = {  # group: (token kind, "~" before the braces)
    "CLOSE_UNESCAPED_STRIP": ("CLOSE_UNESCAPED", True),
    "CLOSE_UNESCAPED": ("CLOSE_UNESCAPED", False),
    "CLOSE_STRIP": ("CLOSE", True),
}
_SEGMENT_ESCAPE = re.compile(r"\\([\\\]])")
_OPEN = re.compile(r"\{\{(~?)(\{\{|>|#>|#\*?|/|\^\s*~?\}\}|\s*else\s*~?\}\}|\^|\s*else|\{|&|!--|!|\*?)")
_OPENERS = {  # what follows "{{" (and "~"): the token that opens the mustache
    ">": "OPEN_PARTIAL",
    "#>": "OPEN_PARTIAL_BLOCK",
    "#": "OPEN_BLOCK",
    "#*": "OPEN_DECORATOR_BLOCK",
    "/": "OPEN_ENDBLOCK",
    "^": "OPEN_INVERSE",
    "else": "OPEN_INVERSE_CHAIN",
    "{": "OPEN_UNESCAPED",
    "&": "OPEN",
    "*": "OPEN_DECORATOR",
    "": "OPEN",
}
_COMMENT_END = re.compile(r"--(~?)\}\}")
_SHORT_COMMENT_END = re.compile(r"(~?)\}\}")
_ESCAPED_CONTENT_END = re.compile(r"\{\{|\\\{\{")


class Token:
    __slots__ = (
        "kind",
        "offset",
        "strip_left",
        "strip_right",
        "text",
    )

    def __init__(self, kind: str, text: str, offset: int, strip_left: bool = False, strip_right: bool = False) -> None:
        self.kind = kind
        self.text = text
        self.offset = offset
        self.strip_left = strip_left  # "~" just inside an opening {{
        self.strip_right = strip_right  # "~" just inside a closing }}


class _Lexer:
    """Splits a template into tokens: content outside mustaches, a stream of tokens inside."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens: list[Token] = []

    def error(self, message: str, offset: int) -> TemplateError:
        return TemplateError(message, *position_of(self.source, offset))

    def run(self) -> list[Token]:
        source, pos, n = self.source, 0, len(self.source)
        while pos < n:
            start = source.find("{{", pos)
            if start < 0:
                self.tokens.append(Token("CONTENT", source[pos:], pos))
                break
            # handlebars.l: "\{{" starts escaped content, "\\{{" is a literal backslash + mustache
            if start > pos or (start > 0 and source[start - 1] == "\\"):
                text = source[pos:start]
                if text.endswith("\\\\"):
                    text = text[:-1]
                elif text.endswith("\\") and start > 0:
                    text = text[:-1]
                    if text:
                        self.tokens.append(Token("CONTENT", text, pos))
                    pos = self._escaped_content(start)
                    continue
                if text:
                    self.tokens.append(Token("CONTENT", text, pos))
            pos = self._mustache(start)
        self.tokens.append(Token("EOF", "", n))
        return self.tokens

    def _escaped_content(self, start: int) -> int:
        """Text after ``\\{{``: literal up to the next ``{{`` or ``\\{{`` (at least two characters)."""
        match = _ESCAPED_CONTENT_END.search(self.source, start + 2)
        end = match.start() if match else len(self.source)
        self.tokens.append(Token("CONTENT", self.source[start:end], start))
        return end

    def _mustache(self, start: int) -> int:
        source = self.source
        match = _OPEN.match(source, start)
        assert match is not None  # "{{" always matches with an empty opener
        strip_left = match.group(1) == "~"
        opener = match.group(2)
        pos = match.end()
        add = self.tokens.append
        if opener == "{{":
            raise self.error("raw blocks {{{{ }}}} are not supported", start)
        if opener in ("!--", "!"):
            end_re = _COMMENT_END if opener == "!--" else _SHORT_COMMENT_END
            # handlebars.l looks for "--}}" right after "{{!": the opener's "--" may close it ({{!--}})
            end = end_re.search(source, pos - 2 if opener == "!--" else pos)
            if end is None:
                raise self.error("unclosed comment", start)
            add(Token("COMMENT", source[start : end.end()], start, strip_left, end.group(1) == "~"))
            return end.end()
        stripped = opener.strip()
        if stripped.endswith("}}"):  # {{^}} or {{else}}: a whole token
            add(Token("INVERSE", source[start:pos], start, strip_left, "~" in stripped[:-2].lstrip("^").strip()))
            return pos
        add(Token(_OPENERS[stripped], source[start:pos], start, strip_left))
        return self._inside(pos, start)

    def _inside(self, pos: int, open_offset: int) -> int:
        """Tokens between an opener and its closing ``}}``; returns the offset after the close.

        One match of ``_INSIDE`` per token (the alternatives in handlebars.l's order); only a
        position it cannot match is looked at character by character, to say what is wrong.
        """
        source, add, match_at = self.source, self.tokens.append, _INSIDE.match
        while True:
            match = match_at(source, pos)
            if match is None:
                raise self._inside_error(pos, open_offset)
            kind = cast(str, match.lastgroup)  # every alternative is a named group
            end = match.end()
            if kind == "SPACE":
                pos = end
                continue
            if kind == "CLOSE":
                add(Token("CLOSE", "}}", pos))
                return end
            if kind == "STRING":
                text = match.group(kind)
                quote = text[0]
                add(Token("STRING", text[1:-1].replace("\\" + quote, quote), pos))
            elif kind == "SEGMENT":
                text = match.group(kind)
                if "}}" in text:
                    raise self.error("unterminated path segment: '[' without a matching ']'", pos)
                add(Token("ID", _SEGMENT_ESCAPE.sub(r"\1", text) if "\\" in text else text, pos))
            elif kind in _CLOSERS:
                closer, strip_right = _CLOSERS[kind]
                add(Token(closer, match.group(kind), pos, strip_right=strip_right))
                return end
            elif kind == "BAD_CLOSE":
                raise self.error("unexpected '}}}}'", pos)
            elif kind == "BAD_OPEN":
                raise self.error("unclosed mustache: '{{' inside a mustache", open_offset)
            else:
                add(Token(_INSIDE_KINDS.get(kind, kind), match.group(kind), pos))
            pos = end

    def _inside_error(self, pos: int, open_offset: int) -> TemplateError:
        """Why no token starts at ``pos`` inside a mustache."""
        if pos >= len(self.source):
            return self.error("unclosed mustache: '{{' without a matching '}}'", open_offset)
        ch = self.source[pos]
        if ch in "\"'":
            return self.error("unterminated string literal", pos)
        if ch == "[":
            return self.error("unterminated path segment: '[' without a matching ']'", pos)
        return self.error(f"unexpected character {ch!r} in mustache", pos)


# ------------------------------------------------------------------------------------ parser

_SCOPED = re.compile(r"\.|this\b")  # a path written from the current context: never a helper
_PARAM_START = {"ID", "DATA", "STRING", "NUMBER", "BOOLEAN", "UNDEFINED", "NULL", "OPEN_SEXPR"}
_DESCRIBE = {
    "CLOSE": "'}}'",
    "CLOSE_UNESCAPED": "'}}}'",
    "EOF": "end of template",
    "CONTENT": "text",
    "OPEN_ENDBLOCK": "a closing tag",
    "INVERSE": "'{{else}}'",
    "OPEN_INVERSE_CHAIN": "'{{else ...}}'",
}


class _Parser:
    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.pos = 0
        self.blocks_open = 0  # blocks (and else-chain links) being parsed around the current token
        self.subexpressions_open = 0

    def enter_block(self, open_token: Token) -> None:
        self.blocks_open += 1
        if self.blocks_open > MAX_NESTING:
            raise self.error(f"blocks nest more than {MAX_NESTING} deep", open_token.offset)

    # -- helpers
    def error(self, message: str, offset: int) -> TemplateError:
        return TemplateError(message, *position_of(self.source, offset))

    def peek(self, ahead: int = 0) -> Token:
        try:
            return self.tokens[self.pos + ahead]
        except IndexError:  # past the end: the last token is always EOF
            return self.tokens[-1]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, kind: str, what: str) -> Token:
        token = self.peek()
        if token.kind != kind:
            found = _DESCRIBE.get(token.kind, repr(token.text))
            raise self.error(f"expected {what}, found {found}", token.offset)
        return self.take()

    # -- grammar
    def parse(self) -> Program:
        program = self.program()
        token = self.peek()
        if token.kind != "EOF":
            if token.kind == "OPEN_ENDBLOCK":
                path = self.tokens[self.pos + 1].text if self.pos + 1 < len(self.tokens) else ""
                raise self.error(f"closing tag {{{{/{path}}}}} has no matching opening block", token.offset)
            raise self.error("{{else}} outside a block", token.offset)
        return program

    def program(self) -> Program:
        body: list[Any] = []
        while True:
            token = self.peek()
            kind = token.kind
            if kind == "CONTENT":
                self.take()
                body.append(Content(token.text, token.text, token.offset))
            elif kind == "COMMENT":
                self.take()
                body.append(Comment(Strip(token.strip_left, token.strip_right), token.offset))
            elif kind == "OPEN" or kind == "OPEN_UNESCAPED":
                body.append(self.mustache())
            elif kind in ("OPEN_BLOCK", "OPEN_INVERSE", "OPEN_DECORATOR_BLOCK", "OPEN_PARTIAL_BLOCK"):
                body.append(self.block())
            elif kind == "OPEN_PARTIAL":
                body.append(self.partial())
            elif kind == "OPEN_DECORATOR":
                raise self.error("decorators {{* }} are not supported", token.offset)
            else:  # EOF, OPEN_ENDBLOCK, INVERSE, OPEN_INVERSE_CHAIN end a program
                return Program(body)

    def mustache(self) -> Mustache:
        open_token = self.take()
        escaped = open_token.kind == "OPEN" and not open_token.text.rstrip().endswith("&")
        path, params, hash_ = self.call()
        close_kind = "CLOSE_UNESCAPED" if open_token.kind == "OPEN_UNESCAPED" else "CLOSE"
        close = self.expect(close_kind, "'}}}'" if close_kind == "CLOSE_UNESCAPED" else "'}}'")
        return Mustache(
            path, params, hash_, escaped, Strip(open_token.strip_left, close.strip_right), open_token.offset
        )

    def call(self) -> tuple[Any, list[Any], list[tuple[str, Any]]]:
        """helperName param* hash?"""
        token = self.peek()
        if token.kind not in _PARAM_START or token.kind == "OPEN_SEXPR":
            found = _DESCRIBE.get(token.kind, repr(token.text))
            raise self.error(f"expected a name or value, found {found}", token.offset)
        path = self.helper_name()
        params, hash_ = self.params_and_hash()
        return path, params, hash_

    def params_and_hash(self) -> tuple[list[Any], list[tuple[str, Any]]]:
        params: list[Any] = []
        hash_: list[tuple[str, Any]] = []
        while self.peek().kind in _PARAM_START:
            if self.peek().kind == "ID" and self.peek(1).kind == "EQUALS":
                key = self.take().text
                self.take()
                hash_.append((key, self.param()))
            elif hash_:
                raise self.error("positional argument after a hash argument", self.peek().offset)
            else:
                params.append(self.param())
        return params, hash_

    def param(self) -> Any:
        if self.peek().kind == "OPEN_SEXPR":
            return self.sexpr()
        if self.peek().kind not in _PARAM_START:
            token = self.peek()
            raise self.error(f"expected a value, found {_DESCRIBE.get(token.kind, repr(token.text))}", token.offset)
        return self.helper_name()

    def sexpr(self) -> SubExpr:
        open_token = self.take()
        self.subexpressions_open += 1
        if self.subexpressions_open > MAX_NESTING:
            raise self.error(f"subexpressions nest more than {MAX_NESTING} deep", open_token.offset)
        path, params, hash_ = self.call()
        self.expect("CLOSE_SEXPR", "')'")
        self.subexpressions_open -= 1
        return SubExpr(path, params, hash_, open_token.offset)

    def helper_name(self) -> Any:
        token = self.take()
        kind = token.kind
        if kind == "STRING":
            return Literal(token.text, token.text, token.offset)
        if kind == "NUMBER":
            value: Any = float(token.text) if "." in token.text else int(token.text)
            return Literal(value, token.text, token.offset)
        if kind == "BOOLEAN":
            return Literal(token.text == "true", token.text, token.offset)
        if kind in ("NULL", "UNDEFINED"):
            return Literal(None, token.text, token.offset)
        if kind == "DATA":
            if self.peek().kind != "ID":
                raise self.error("expected a name after '@'", self.peek().offset)
            return self.path(self.take(), data=True, offset=token.offset)
        if kind == "ID":
            return self.path(token, data=False, offset=token.offset)
        raise self.error(f"expected a name or value, found {_DESCRIBE.get(kind, repr(token.text))}", token.offset)

    def path(self, first: Token, data: bool, offset: int) -> PathExpr:
        tokens = self.tokens
        separators, texts = [""], [first.text]
        while tokens[self.pos].kind == "SEP":  # a SEP is never last: EOF follows everything
            separator_token, name_token = tokens[self.pos], self.peek(1)
            if name_token.kind != "ID":
                raise self.error(
                    "invalid path: expected a name after '" + separator_token.text + "'", name_token.offset
                )
            self.pos += 2
            separators.append(separator_token.text)
            texts.append(name_token.text)
            if len(texts) > MAX_NESTING:
                raise self.error(f"path has more than {MAX_NESTING} segments", offset)
        original = "@" if data else ""
        parts: list[str] = []
        literal_parts: list[bool] = []
        depth = 0
        for separator, text in zip(separators, texts, strict=True):
            is_literal = text.startswith("[") and text.endswith("]")
            part = text[1:-1] if is_literal else text
            original += separator + part
            if not is_literal and part in ("..", ".", "this"):
                if parts:
                    raise self.error(f"invalid path: {original}", offset)
                if part == "..":
                    depth += 1
            else:
                parts.append(part)
                literal_parts.append(is_literal)
        scoped = _SCOPED.match(original[1:] if data else original) is not None
        return PathExpr(parts, original, depth, data, scoped, offset, literal_parts)

    def block_params(self) -> list[str]:
        if self.peek().kind != "OPEN_BLOCK_PARAMS":
            return []
        self.take()
        names = []
        while self.peek().kind == "ID":
            names.append(self.take().text)
        self.expect("CLOSE_BLOCK_PARAMS", "'|' closing the block parameters")
        if not names:
            raise self.error("empty block parameters", self.peek().offset)
        return names

    def open_tag(self) -> tuple[Token, Any, list[Any], list[tuple[str, Any]], list[str], Token]:
        open_token = self.take()
        if open_token.kind == "OPEN_PARTIAL_BLOCK" and self.peek().kind == "OPEN_SEXPR":
            path: Any = self.sexpr()
            params, hash_ = self.params_and_hash()
        else:
            path, params, hash_ = self.call()
        block_params = self.block_params()
        close = self.expect("CLOSE", "'}}'")
        return open_token, path, params, hash_, block_params, close

    def block(self) -> Block:
        open_token, path, params, hash_, block_params, open_close = self.open_tag()
        self.enter_block(open_token)
        body = self.program()
        body.block_params = block_params
        program: Program | None = body
        inverse, inverse_strip = self.inverse_part()
        self.blocks_open -= 1
        if open_token.kind in ("OPEN_PARTIAL_BLOCK", "OPEN_DECORATOR_BLOCK") and inverse is not None:
            raise self.error("{{else}} is not allowed in this block", open_token.offset)
        close_strip = self.close_block(path, open_token)
        if inverse is not None and inverse.chained:
            inverse.body[0].close_strip = close_strip
        kind = {"OPEN_DECORATOR_BLOCK": "decorator", "OPEN_PARTIAL_BLOCK": "partial_block"}.get(
            open_token.kind, "block"
        )
        if open_token.kind == "OPEN_INVERSE":  # {{^x}}...{{else}}...{{/x}}: swap the branches
            # without {{else}} there is no program (handlebars.yy): the whitespace rules then
            # look at the inverse, as for the opening tag of any block
            program, inverse = inverse, program
        return Block(
            path,
            params,
            hash_,
            program,
            inverse,
            Strip(open_token.strip_left, open_close.strip_right),
            inverse_strip,
            close_strip,
            open_token.offset,
            kind,
        )

    def inverse_part(self) -> tuple[Program | None, Strip]:
        """What follows a block's program: nothing, {{else}} program, or an {{else helper}} chain."""
        token = self.peek()
        if token.kind == "INVERSE":
            self.take()
            return self.program(), Strip(token.strip_left, token.strip_right)
        if token.kind == "OPEN_INVERSE_CHAIN":
            return self.inverse_chain()
        return None, Strip()

    def inverse_chain(self) -> tuple[Program, Strip]:
        """{{else helper ...}} program [chain]: a chained Program holding one Block (handlebars.yy)."""
        open_token, path, params, hash_, block_params, close = self.open_tag()
        self.enter_block(open_token)  # a link is a block nested in the previous one's inverse
        strip = Strip(open_token.strip_left, close.strip_right)
        program = self.program()
        program.block_params = block_params
        inverse, inverse_strip = self.inverse_part()
        self.blocks_open -= 1
        if inverse is not None and inverse.chained:
            inverse.body[0].close_strip = inverse_strip
        block = Block(path, params, hash_, program, inverse, strip, inverse_strip, Strip(), open_token.offset)
        return Program([block], chained=True), strip

    def close_block(self, open_path: Any, open_token: Token) -> Strip:
        token = self.peek()
        if token.kind != "OPEN_ENDBLOCK":
            name = getattr(open_path, "original", "")
            raise self.error(f"unclosed block {{{{#{name}}}}}", open_token.offset)
        self.take()
        close_path = self.helper_name()
        close = self.expect("CLOSE", "'}}'")
        open_name = open_path.original if not isinstance(open_path, SubExpr) else None
        close_name = getattr(close_path, "original", None)
        if open_name is not None and open_name != close_name:
            raise self.error(f"{open_name} doesn't match {close_name}", token.offset)
        return Strip(token.strip_left, close.strip_right)

    def partial(self) -> Partial:
        open_token = self.take()
        if self.peek().kind == "OPEN_SEXPR":
            name: Any = self.sexpr()
        else:
            name = self.helper_name()
        params, hash_ = self.params_and_hash()
        if len(params) > 1:
            raise self.error("a partial takes at most one context argument", open_token.offset)
        close = self.expect("CLOSE", "'}}'")
        return Partial(name, params, hash_, Strip(open_token.strip_left, close.strip_right), open_token.offset)


# ------------------------------------------------------------------ whitespace (handlebars.js)

_PREV_WS = re.compile(r"\r?\n\s*?\Z")
_PREV_WS_ROOT = re.compile(r"(^|\r?\n)\s*?\Z")
_NEXT_WS = re.compile(r"^\s*?\r?\n")
_NEXT_WS_ROOT = re.compile(r"^\s*?(\r?\n|\Z)")
_TRAILING_INDENT = re.compile(r"([ \t]+)\Z")


def _is_prev_whitespace(body: list[Any], i: int | None = None, is_root: bool = False) -> bool | None:
    if i is None:
        i = len(body)
    prev = body[i - 1] if i - 1 >= 0 else None
    sibling = body[i - 2] if i - 2 >= 0 else None
    if prev is None:
        return is_root
    if isinstance(prev, Content):
        pattern = _PREV_WS if (sibling is not None or not is_root) else _PREV_WS_ROOT
        return pattern.search(prev.original) is not None
    return None


def _is_next_whitespace(body: list[Any], i: int | None = None, is_root: bool = False) -> bool | None:
    if i is None:
        i = -1
    nxt = body[i + 1] if i + 1 < len(body) else None
    sibling = body[i + 2] if i + 2 < len(body) else None
    if nxt is None:
        return is_root
    if isinstance(nxt, Content):
        pattern = _NEXT_WS if (sibling is not None or not is_root) else _NEXT_WS_ROOT
        return pattern.search(nxt.original) is not None
    return None


def _omit_right(body: list[Any], i: int | None = None, multiple: bool = False) -> None:
    index = 0 if i is None else i + 1
    current = body[index] if 0 <= index < len(body) else None
    if not isinstance(current, Content) or (not multiple and current.right_stripped):
        return
    original = current.value
    current.value = re.sub(r"^\s+" if multiple else r"^[ \t]*\r?\n?", "", current.value, count=1)
    current.right_stripped = current.value != original


def _omit_left(body: list[Any], i: int | None = None, multiple: bool = False) -> bool:
    index = len(body) - 1 if i is None else i - 1
    current = body[index] if 0 <= index < len(body) else None
    if not isinstance(current, Content) or (not multiple and current.left_stripped):
        return False
    original = current.value
    current.value = re.sub(r"\s+\Z" if multiple else r"[ \t]+\Z", "", current.value, count=1)
    current.left_stripped = current.value != original
    return current.left_stripped


class _WhitespaceControl:
    def __init__(self) -> None:
        self.root_seen = False

    def program(self, program: Program) -> Program:
        is_root = not self.root_seen
        self.root_seen = True
        body = program.body
        for i, current in enumerate(body):
            if isinstance(current, Mustache):  # only its own ~ strips; it is never standalone
                if current.strip.close:
                    _omit_right(body, i, True)
                if current.strip.open:
                    _omit_left(body, i, True)
                continue
            strip = self.accept(current)
            if not strip:
                continue
            prev_ws = _is_prev_whitespace(body, i, is_root)
            next_ws = _is_next_whitespace(body, i, is_root)
            open_standalone = strip.get("openStandalone") and prev_ws
            close_standalone = strip.get("closeStandalone") and next_ws
            inline_standalone = strip.get("inlineStandalone") and prev_ws and next_ws
            if strip.get("close"):
                _omit_right(body, i, True)
            if strip.get("open"):
                _omit_left(body, i, True)
            if inline_standalone:
                _omit_right(body, i)
                if _omit_left(body, i) and isinstance(current, Partial):
                    match = _TRAILING_INDENT.search(body[i - 1].original)
                    current.indent = match.group(1) if match else ""
            if open_standalone:
                inner = current.program if current.program is not None else current.inverse
                _omit_right(inner.body)
                _omit_left(body, i)
            if close_standalone:
                _omit_right(body, i)
                inner = current.inverse if current.inverse is not None else current.program
                _omit_left(inner.body)
        return program

    def accept(self, node: Any) -> dict[str, Any] | None:
        if isinstance(node, Block):
            return self.block(node)
        if isinstance(node, (Partial, Comment)):
            return {"inlineStandalone": True, "open": node.strip.open, "close": node.strip.close}
        return None

    def block(self, block: Block) -> dict[str, Any]:
        if block.program is not None:
            self.program(block.program)
        if block.inverse is not None:
            self.program(block.inverse)
        program = block.program if block.program is not None else block.inverse
        assert program is not None
        inverse = block.inverse if block.program is not None else None
        first_inverse = last_inverse = inverse
        if inverse is not None and inverse.chained:
            first_inverse = inverse.body[0].program
            while last_inverse is not None and last_inverse.chained:
                last_inverse = last_inverse.body[-1].program
        strip = {
            "open": block.open_strip.open,
            "close": block.close_strip.close,
            "openStandalone": _is_next_whitespace(program.body),
            "closeStandalone": _is_prev_whitespace((first_inverse or program).body),
        }
        if block.open_strip.close:
            _omit_right(program.body, None, True)
        if inverse is not None:
            assert first_inverse is not None and last_inverse is not None
            if block.inverse_strip.open:
                _omit_left(program.body, None, True)
            if block.inverse_strip.close:
                _omit_right(first_inverse.body, None, True)
            if block.close_strip.open:
                _omit_left(last_inverse.body, None, True)
            if _is_prev_whitespace(program.body) and _is_next_whitespace(first_inverse.body):
                _omit_left(program.body)
                _omit_right(first_inverse.body)
        elif block.close_strip.open:
            _omit_left(program.body, None, True)
        return strip


def parse(source: str) -> Program:
    """Parse a template into a handlebars.js-shaped tree with whitespace control applied.

    Raises TemplateError (with line and column) for anything malformed.
    """
    tokens = _Lexer(source).run()
    program = _Parser(source, tokens).parse()
    return _WhitespaceControl().program(program)
