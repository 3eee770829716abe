"""Pinpoint's helpers: conditional, string, math and encoding (Handlebars.java semantics, AWS doc first).

Every helper is a plain function of the values it is given (positional arguments, then hash
arguments as keywords). Helpers never raise on data: a value they cannot work with renders
an empty string. Arguments that are wrong whatever the data (a missing ``size=``, too few
arguments) are rejected when the template compiles, from the ``HelperSpec`` below.

Helpers see a value as it would print: a one-item list is its item, so ``{{upper FirstName}}``
and ``{{upper FirstName.[0]}}`` agree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .values import to_str

if TYPE_CHECKING:  # decimal and datetime are imported on first use: they cost cold-start time
    from collections.abc import Callable
    from decimal import Context, Decimal
    from typing import Any

# Data must never make a helper slow or fail: widths and numbers from attributes are bounded.
MAX_PAD_WIDTH = 10_000  # center/ljust/rjust: a wider size renders "" (a size from data could be 1e9)
MAX_NUMBER_DIGITS = 50  # math helpers: at most 50 significant digits ...
MAX_NUMBER_EXPONENT = 400  # ... and a magnitude from 1e-400 to 1e400 (every double fits); else not a number


class HelperSpec:
    """What the compiler needs to know to call a helper and to check a call."""

    __slots__ = (
        "conditional",
        "function",
        "hash_keys",
        "literal_checks",
        "max_args",
        "min_args",
        "pure",
        "required_hash",
    )

    def __init__(
        self,
        function: Callable[..., Any],
        min_args: int = 0,
        max_args: int | None = None,  # None: any number
        hash_keys: frozenset[str] = frozenset(),
        required_hash: frozenset[str] = frozenset(),
        conditional: bool = False,  # usable as a block; the inline form takes yes=/no=
        literal_checks: tuple[tuple[int, Callable[[Any], str | None]], ...] = (),  # (argument index, check)
        pure: bool = True,  # the same result for the same arguments: generated code calls it once for them
    ) -> None:
        self.function = function
        self.min_args = min_args
        self.max_args = max_args
        self.hash_keys = hash_keys
        self.required_hash = required_hash
        self.conditional = conditional
        self.literal_checks = literal_checks
        self.pure = pure


# ----------------------------------------------------------------------------- truthiness


def is_empty(value: Any) -> bool:
    """Handlebars.java ``Utils.isEmpty``: None, "", [], False and numeric 0 are empty; "0" and {} are not."""
    if value is None or value is False:
        return True
    cls = value.__class__
    if cls is str or cls is list or cls is tuple:
        return len(value) == 0
    if cls is int or cls is float:
        return value == 0  # type: ignore[no-any-return]  # a number: checked by class
    return False


# ---------------------------------------------------------------------------- conditional


def _and(*values: Any) -> bool:
    return bool(values) and not any(is_empty(value) for value in values)


def _or(*values: Any) -> bool:
    return any(not is_empty(value) for value in values)


def _not(*values: Any) -> bool:
    return is_empty(values[0] if values else None)


def _is_number(value: Any) -> bool:
    return (value.__class__ is int or value.__class__ is float) and value.__class__ is not bool


def _eq(a: Any = None, b: Any = None) -> bool:
    """``Objects.equals``, with numbers equal by value (2 == 2.0); "22" is not 22; True is not 1."""
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if a.__class__ is not b.__class__ and not (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))):
        return False
    return bool(a == b)


def _neq(a: Any = None, b: Any = None) -> bool:
    return not _eq(a, b)


def _as_float(value: Any) -> float | None:
    if value.__class__ is bool or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def compare(a: Any, b: Any) -> int | None:
    """``Comparable.compareTo``: two strings compare lexicographically ("100" < "17"); anything
    else compares as numbers. None when the values cannot be compared (missing, non-numeric)."""
    if a.__class__ is str and b.__class__ is str:
        return (a > b) - (a < b)
    x, y = _as_float(a), _as_float(b)
    if x is None or y is None or x != x or y != y:
        return None
    return (x > y) - (x < y)


def _gt(a: Any = None, b: Any = None) -> bool:
    result = compare(a, b)
    return result is not None and result > 0


def _gte(a: Any = None, b: Any = None) -> bool:
    result = compare(a, b)
    return result is not None and result >= 0


def _lt(a: Any = None, b: Any = None) -> bool:
    result = compare(a, b)
    return result is not None and result < 0


def _lte(a: Any = None, b: Any = None) -> bool:
    result = compare(a, b)
    return result is not None and result <= 0


# -------------------------------------------------------------------------------- strings


def _text(value: Any) -> str:
    return to_str(value)


def _int_arg(value: Any) -> int | None:
    number = _as_float(to_str(value) if isinstance(value, (list, tuple)) else value)
    if number is None or number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number)


def _pad_width(value: Any) -> int | None:
    width = _int_arg(value)
    return width if width is not None and width <= MAX_PAD_WIDTH else None


def _pad_string(pad: Any) -> str:
    text = to_str(pad)
    return text if text else " "


def _left_pad(text: str, size: int, pad: str) -> str:
    missing = size - len(text)
    if missing <= 0:
        return text
    return (pad * (missing // len(pad) + 1))[:missing] + text


def _right_pad(text: str, size: int, pad: str) -> str:
    missing = size - len(text)
    if missing <= 0:
        return text
    return text + (pad * (missing // len(pad) + 1))[:missing]


def _abbreviate(value: Any = None, width: Any = None) -> str:
    """commons ``StringUtils.abbreviate``: the first width-3 characters and "..." when longer."""
    text, size = _text(value), _int_arg(width)
    if size is None or size < 4:
        return ""
    return text if len(text) <= size else text[: size - 3] + "..."


def _check_abbreviate_width(width: Any) -> str | None:
    if isinstance(width, (int, float)) and not isinstance(width, bool) and width < 4:
        return "abbreviate needs a width of at least 4"
    return None


def _capitalize(value: Any = None, fully: Any = False) -> str:
    """``WordUtils.capitalize``: first letter of each whitespace-separated word; ``fully=true``
    lowercases the rest of each word (``capitalizeFully``)."""
    text = _text(value)
    if fully is True or to_str(fully) == "true":
        text = text.lower()
    if " " not in text and text.isprintable():  # one word: no regex needed (the common case)
        return text[:1].title() + text[1:]
    return re.sub(r"(^|\s)(\S)", lambda match: match.group(1) + match.group(2).title(), text)


def _capitalize_first(value: Any = None) -> str:
    text = _text(value)
    return text[:1].title() + text[1:]


def _center(value: Any = None, size: Any = None, pad: Any = " ") -> str:
    """``StringUtils.center``: the odd pad character goes to the right ("ab", 5, "*" -> "*ab**")."""
    text, width = _text(value), _pad_width(size)
    if width is None:
        return ""
    missing = width - len(text)
    if missing <= 0:
        return text
    pad_text = _pad_string(pad)
    return _right_pad(_left_pad(text, len(text) + missing // 2, pad_text), width, pad_text)


def _cut(value: Any = None, remove: Any = " ") -> str:
    return _text(value).replace(to_str(remove), "") if to_str(remove) else _text(value)


def _inflect(count: Any = None, singular: Any = None, plural: Any = None, includeCount: Any = False) -> str:
    """singular when the count is exactly 1, else plural; ``includeCount=true`` prefixes the count."""
    number = _as_float(to_str(count))
    word = to_str(singular) if number == 1 else to_str(plural)
    if includeCount is True or to_str(includeCount) == "true":
        return f"{to_str(count)} {word}"
    return word


def _join(value: Any = None, *rest: Any, prefix: Any = "", suffix: Any = "") -> str:
    """Handlebars.java ``join``: the last positional argument is the separator."""
    if is_empty(value) or not rest:
        return ""
    separator = to_str(rest[-1])
    items = list(value) if isinstance(value, (list, tuple)) else [value, *rest[:-1]]
    return to_str(prefix) + separator.join(to_str(item) for item in items) + to_str(suffix)


def _ljust(value: Any = None, width: Any = None, pad: Any = " ", size: Any = None) -> str:
    size_value = _pad_width(width if width is not None else size)
    return "" if size_value is None else _right_pad(_text(value), size_value, _pad_string(pad))


def _rjust(value: Any = None, width: Any = None, pad: Any = " ", size: Any = None) -> str:
    size_value = _pad_width(width if width is not None else size)
    return "" if size_value is None else _left_pad(_text(value), size_value, _pad_string(pad))


def _lower(value: Any = None) -> str:
    return _text(value).lower()


def _upper(value: Any = None) -> str:
    return _text(value).upper()


def _ordinalize(value: Any = None) -> str:
    """22 -> 22nd; 11, 12, 13 (and 111...) take "th". Non-integers are returned as they are."""
    number = _as_float(to_str(value))
    if number is None or not number.is_integer():
        return _text(value)
    whole = int(number)
    last_two = abs(whole) % 100
    suffix = "th" if 11 <= last_two <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(last_two % 10, "th")
    return f"{whole}{suffix}"


def _replace(value: Any = None, target: Any = None, replacement: Any = "") -> str:
    text, old = _text(value), to_str(target)
    return text.replace(old, to_str(replacement)) if old else text


_NOT_SLUG = re.compile(r"[^\w\s]|_")


def _slugify(value: Any = None) -> str:
    """Trim, lowercase, drop everything but letters, digits and whitespace, whitespace -> "-".

    Keeps digits (the AWS doc says "alphanumeric"; Handlebars.java drops them) and non-ASCII
    letters; each whitespace character becomes one "-" (as in Handlebars.java).
    """
    return re.sub(r"\s", "-", _NOT_SLUG.sub("", _text(value).strip())).lower()


_TAG = re.compile(r"<[^>]*>")


def _strip_tags(value: Any = None) -> str:
    return _TAG.sub("", _text(value))


def _substring(value: Any = None, start: Any = None, end: Any = None) -> str:
    """End exclusive, default the length; out-of-range bounds are clamped (Java would throw)."""
    text = _text(value)
    begin = _int_arg(start)
    stop = len(text) if end is None else _int_arg(end)
    if begin is None or stop is None:
        return ""
    begin, stop = max(0, begin), min(len(text), stop)
    return text[begin:stop] if begin < stop else ""


def _yesno(value: Any = None, yes: Any = "yes", no: Any = "no", maybe: Any = "maybe") -> str:
    """True/"true" -> yes, False/"false" -> no (case-insensitive strings), anything else -> maybe."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if value is True or (value.__class__ is str and value.lower() == "true"):
        return to_str(yes)
    if value is False or (value.__class__ is str and value.lower() == "false"):
        return to_str(no)
    return to_str(maybe)


def _date_format(value: Any = None, inputFormat: Any = None, outputFormat: Any = "medium", tz: Any = "UTC") -> str:
    from . import dates

    return dates.format_date(value, inputFormat, outputFormat, tz)


def _now(output_format: Any = "medium", tz: Any = "UTC") -> str:
    from . import dates

    return dates.format_now(output_format, tz)


# ----------------------------------------------------------------------------------- math

_NUMBER_TEXT = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")
_MAX_NUMBER_TEXT = 2 * MAX_NUMBER_DIGITS  # longer text is never a number in range (checked before parsing)
_context: Context | None = None


def _decimal_context() -> Context:
    """Enough precision that +, -, * of numbers in range are exact and divide/round never run out."""
    global _context
    if _context is None:
        from decimal import Context

        _context = Context(prec=2 * (MAX_NUMBER_EXPONENT + MAX_NUMBER_DIGITS) + 10)
    return _context


def _decimal(value: Any) -> Decimal | None:
    """A number from an argument: numbers, numeric strings (attribute values), one-item lists.

    None for anything else, and for numbers outside MAX_NUMBER_DIGITS / MAX_NUMBER_EXPONENT.
    """
    from decimal import Decimal

    cls = value.__class__
    if cls is bool or value is None:
        return None
    if cls is int:
        number = Decimal(value) if -(10**MAX_NUMBER_DIGITS) < value < 10**MAX_NUMBER_DIGITS else None
    elif cls is float:
        number = Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    else:
        text = to_str(value)
        if len(text) > _MAX_NUMBER_TEXT or not _NUMBER_TEXT.fullmatch(text):
            return None
        number = Decimal(text.strip())
    if number is None or not number:
        return number
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # the text was checked: no NaN or Infinity
    if len(digits) > MAX_NUMBER_DIGITS or abs(exponent + len(digits) - 1) > MAX_NUMBER_EXPONENT:
        return None
    return number


def format_decimal(number: Decimal) -> str:
    """Whole numbers without ".0"; others in plain notation without trailing zeros; never "-0"."""
    if not number:
        return "0"
    return format(number.normalize(_decimal_context()), "f")


def _arithmetic(operation: str) -> Callable[..., str]:
    """add/subtract/multiply/divide/modulo: exact decimal arithmetic (``operation`` names a
    ``decimal.Context`` method); division by zero and anything that is not a number render ""."""

    def helper(a: Any = None, b: Any = None) -> str:
        x, y = _decimal(a), _decimal(b)
        if x is None or y is None:
            return ""
        context = _decimal_context()
        try:
            if operation == "divide":  # 8 decimal places, half-up (the doc: 5 / 2.3 = 2.17391304)
                from decimal import ROUND_HALF_UP, Decimal

                result = context.divide(x, y).quantize(Decimal("1e-8"), ROUND_HALF_UP, context)
            else:
                result = getattr(context, operation)(x, y)
            return format_decimal(result)
        except (ArithmeticError, ValueError):  # decimal's DivisionByZero and InvalidOperation
            return ""

    return helper


def _rounding(mode: str) -> Callable[..., str]:
    def helper(value: Any = None) -> str:
        number = _decimal(value)
        if number is None:
            return ""
        try:
            return format_decimal(number.quantize(1, mode, _decimal_context()))
        except (ArithmeticError, ValueError):
            return ""

    return helper


def _encode64(value: Any = None) -> str:
    import base64

    return base64.b64encode(_text(value).encode("utf-8")).decode("ascii")


def _decode64(value: Any = None) -> str:
    import base64
    import binascii

    try:
        return base64.b64decode(_text(value).encode("ascii"), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return ""


def _digest(name: str) -> Callable[..., str]:
    def helper(value: Any = None) -> str:
        import hashlib

        return hashlib.new(name, _text(value).encode("utf-8")).hexdigest()

    return helper


def _uuid() -> str:
    """A random (version 4) UUID, without importing the uuid module (it is slow to import)."""
    import os

    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


# ------------------------------------------------------------------------------- registry


def _keys(*names: str) -> frozenset[str]:
    return frozenset(names)


_CONDITIONAL_HASH = _keys("yes", "no")

HELPERS: dict[str, HelperSpec] = {
    # conditional: block form, or inline returning true/false (or yes=/no=)
    "and": HelperSpec(_and, 1, None, _CONDITIONAL_HASH, conditional=True),
    "or": HelperSpec(_or, 1, None, _CONDITIONAL_HASH, conditional=True),
    "not": HelperSpec(_not, 1, 1, _CONDITIONAL_HASH, conditional=True),
    "eq": HelperSpec(_eq, 2, 2, _CONDITIONAL_HASH, conditional=True),
    "neq": HelperSpec(_neq, 2, 2, _CONDITIONAL_HASH, conditional=True),
    "gt": HelperSpec(_gt, 2, 2, _CONDITIONAL_HASH, conditional=True),
    "gte": HelperSpec(_gte, 2, 2, _CONDITIONAL_HASH, conditional=True),
    "lt": HelperSpec(_lt, 2, 2, _CONDITIONAL_HASH, conditional=True),
    "lte": HelperSpec(_lte, 2, 2, _CONDITIONAL_HASH, conditional=True),
    # string
    "abbreviate": HelperSpec(_abbreviate, 2, 2, literal_checks=((1, _check_abbreviate_width),)),
    "capitalize": HelperSpec(_capitalize, 0, 1, _keys("fully")),
    "capitalizeFirst": HelperSpec(_capitalize_first, 0, 1),
    "center": HelperSpec(_center, 0, 1, _keys("size", "pad"), _keys("size")),
    "cut": HelperSpec(_cut, 0, 2),
    "dateFormat": HelperSpec(_date_format, 0, 1, _keys("inputFormat", "outputFormat", "tz")),
    "inflect": HelperSpec(_inflect, 3, 3, _keys("includeCount")),
    "join": HelperSpec(_join, 2, None, _keys("prefix", "suffix")),
    "ljust": HelperSpec(_ljust, 1, 2, _keys("pad", "size")),
    "rjust": HelperSpec(_rjust, 1, 2, _keys("pad", "size")),
    "lower": HelperSpec(_lower, 0, 1),
    "upper": HelperSpec(_upper, 0, 1),
    "now": HelperSpec(_now, 0, 1, _keys("tz"), pure=False),
    "ordinalize": HelperSpec(_ordinalize, 0, 1),
    "replace": HelperSpec(_replace, 3, 3),
    "slugify": HelperSpec(_slugify, 0, 1),
    "stripTags": HelperSpec(_strip_tags, 0, 1),
    "substring": HelperSpec(_substring, 2, 3),
    "yesno": HelperSpec(_yesno, 0, 1, _keys("yes", "no", "maybe")),
    # math and encoding
    "add": HelperSpec(_arithmetic("add"), 2, 2),
    "subtract": HelperSpec(_arithmetic("subtract"), 2, 2),
    "multiply": HelperSpec(_arithmetic("multiply"), 2, 2),
    "divide": HelperSpec(_arithmetic("divide"), 2, 2),
    "modulo": HelperSpec(_arithmetic("remainder"), 2, 2),
    "ceiling": HelperSpec(_rounding("ROUND_CEILING"), 1, 1),
    "floor": HelperSpec(_rounding("ROUND_FLOOR"), 1, 1),
    "round": HelperSpec(_rounding("ROUND_HALF_UP"), 1, 1),
    "encode64": HelperSpec(_encode64, 0, 1),
    "decode64": HelperSpec(_decode64, 0, 1),
    "md5": HelperSpec(_digest("md5"), 0, 1),
    "sha256": HelperSpec(_digest("sha256"), 0, 1),
    "sha512": HelperSpec(_digest("sha512"), 0, 1),
    "uuid": HelperSpec(_uuid, 0, 0, pure=False),
}

# What a call of these helpers returns when its arguments are strings, as a Python expression of
# the variables holding them ({0}, {1}) and the condition for it, with the number of arguments:
# generated code uses ``(<expression> if <condition> else <call>)`` and skips the call in the
# common case. Each must equal its helper (test_rendering_generated_code.py checks them side by side).
INLINE_FORMS = {
    "capitalize": (1, "{0}[:1].title() + {0}[1:] if {0}.__class__ is str and {0}.isalpha()"),  # one word
    "lower": (1, "{0}.lower() if {0}.__class__ is str"),
    "upper": (1, "{0}.upper() if {0}.__class__ is str"),
    "eq": (2, "{0} == {1} if {0}.__class__ is str and {1}.__class__ is str"),
    "neq": (2, "{0} != {1} if {0}.__class__ is str and {1}.__class__ is str"),
}

# handled by the compiler itself (they take template blocks or change the context)
BUILTIN_BLOCKS = frozenset({"if", "unless", "each", "with"})
BUILTIN_INLINE = frozenset({"lookup", "log"})
