"""``dateFormat`` and ``now``: Java ``SimpleDateFormat`` patterns and en_US date styles.

Decisions (see the package docstring): with no ``inputFormat`` the value is ISO 8601 (a date,
or a date and time, with or without an offset); a number is epoch milliseconds. An input
without a zone is read in the ``tz`` zone (default UTC), so a plain date keeps its calendar
day. An unknown zone id falls back to UTC, as Java's ``TimeZone.getTimeZone`` does. A value
that cannot be parsed renders "".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from .values import to_str

STYLES = {  # java.text.DateFormat date styles for en_US (CLDR, Java 9+)
    "full": "EEEE, MMMM d, y",
    "long": "MMMM d, y",
    "medium": "MMM d, y",
    "short": "M/d/yy",
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_PATTERN_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+")

if TYPE_CHECKING:
    from typing import Any


def zone(name: Any) -> tzinfo:
    """A zone by IANA id; unknown ids (and missing tz data) fall back to UTC like Java."""
    text = to_str(name) or "UTC"
    if text in ("UTC", "GMT", "Z"):
        return UTC
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(text)
    except (ValueError, OSError, ImportError, KeyError):
        return UTC


def _offset_text(moment: datetime, colon: bool) -> str:
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}" if colon else f"{sign}{hours:02d}{minutes:02d}"


def _field(letter: str, count: int, moment: datetime) -> str:
    if (letter in "yYu" and letter != "u") or letter == "y":
        year = moment.year
        return f"{year % 100:02d}" if count == 2 else str(year).zfill(count)
    if letter in "ML":
        if count >= 4:
            return _MONTHS[moment.month - 1]
        if count == 3:
            return _MONTHS[moment.month - 1][:3]
        return str(moment.month).zfill(count)
    if letter == "d":
        return str(moment.day).zfill(count)
    if letter == "E":
        name = _DAYS[moment.weekday()]
        return name if count >= 4 else name[:3]
    if letter == "u":
        return str(moment.isoweekday()).zfill(count)
    if letter == "D":
        return str(moment.timetuple().tm_yday).zfill(count)
    if letter == "a":
        return "AM" if moment.hour < 12 else "PM"
    if letter == "H":
        return str(moment.hour).zfill(count)
    if letter == "k":
        return str(moment.hour or 24).zfill(count)
    if letter == "K":
        return str(moment.hour % 12).zfill(count)
    if letter == "h":
        return str(moment.hour % 12 or 12).zfill(count)
    if letter == "m":
        return str(moment.minute).zfill(count)
    if letter == "s":
        return str(moment.second).zfill(count)
    if letter == "S":
        return str(moment.microsecond // 1000).zfill(count)
    if letter == "z":
        return moment.tzname() or "UTC"
    if letter == "Z":
        return _offset_text(moment, colon=False)
    if letter == "X":
        if (moment.utcoffset() or timedelta(0)) == timedelta(0):
            return "Z"
        text = _offset_text(moment, colon=count >= 3)
        return text[:3] if count == 1 else text
    if letter == "G":
        return "AD"
    raise ValueError(f"unsupported date pattern letter {letter!r}")


def format_pattern(moment: datetime, pattern: str) -> str:
    """Format like ``SimpleDateFormat(pattern, Locale.US)``; a style name picks a date style."""
    pattern = STYLES.get(pattern, pattern)
    out = []
    for match in _PATTERN_TOKEN.finditer(pattern):
        token = match.group(0)
        if token.startswith("'"):
            out.append("'" if token == "''" else token[1:-1].replace("''", "'"))
        elif match.group(1):
            out.append(_field(match.group(1), len(token), moment))
        else:
            out.append(token)
    return "".join(out)


def _parse_pattern(text: str, pattern: str, zone_info: tzinfo) -> datetime | None:
    """Parse with a ``SimpleDateFormat`` pattern (numbers, month/day names, am/pm, offsets)."""
    regex, fields = [], []
    for match in _PATTERN_TOKEN.finditer(STYLES.get(pattern, pattern)):
        token = match.group(0)
        letter = match.group(1)
        if token.startswith("'"):
            regex.append(re.escape(token[1:-1].replace("''", "'") if token != "''" else "'"))
        elif letter is None:
            regex.append(re.escape(token))
        elif letter in "ML" and len(token) >= 3:
            regex.append(r"([A-Za-z]+)")
            fields.append("month_name")
        elif letter == "E":
            regex.append(r"([A-Za-z]+)")
            fields.append("ignore")
        elif letter == "a":
            regex.append(r"([AaPp][Mm])")
            fields.append("ampm")
        elif letter in "zZX":
            regex.append(r"(Z|[+-]\d\d:?\d\d|[+-]\d\d|[A-Za-z_/]+)")
            fields.append("zone")
        elif letter in "yMdHhkKmsSLu":
            widest = 9 if letter == "S" else max(len(token), 4 if letter == "y" else 2)
            regex.append(rf"(\d{{1,{widest}}})")
            fields.append(letter * (2 if letter == "y" and len(token) == 2 else 1))
        else:
            return None
    found = re.fullmatch("".join(regex), text.strip(), re.IGNORECASE)
    if found is None:
        return None
    parts = {"y": 1970, "M": 1, "d": 1, "H": 0, "m": 0, "s": 0, "S": 0}
    hour12, pm, offset_zone = None, False, None
    for name, value in zip(fields, found.groups(), strict=True):
        if name == "month_name":
            names = [m.lower() for m in _MONTHS]
            months = [i for i, month in enumerate(names) if month.startswith(value.lower()[:3])]
            if not months:
                return None
            parts["M"] = months[0] + 1
        elif name == "ampm":
            pm = value.lower() == "pm"
        elif name == "zone":
            offset_zone = _zone_from_text(value)
        elif name == "yy":
            year = int(value)
            parts["y"] = year + (2000 if year < (datetime.now().year % 100 + 20) else 1900) if len(value) <= 2 else year
        elif name in ("h", "K"):
            hour12 = int(value)
        elif name == "k":
            parts["H"] = int(value) % 24
        elif name == "L":
            parts["M"] = int(value)
        elif name != "ignore" and name != "u":
            parts[name] = int(value)
    if hour12 is not None:
        parts["H"] = hour12 % 12 + (12 if pm else 0)
    try:
        return datetime(
            parts["y"],
            parts["M"],
            parts["d"],
            parts["H"],
            parts["m"],
            parts["s"],
            min(parts["S"], 999) * 1000,
            tzinfo=offset_zone or zone_info,
        )
    except ValueError:
        return None


def _zone_from_text(text: str) -> tzinfo:
    if text.upper() == "Z":
        return UTC
    match = re.fullmatch(r"([+-])(\d\d):?(\d\d)?", text)
    if match:
        delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
        return timezone(-delta if match.group(1) == "-" else delta)
    return zone(text)


def parse_date(value: Any, input_format: Any, zone_info: tzinfo) -> datetime | None:
    """A moment from a value: epoch milliseconds, ISO 8601, or ``inputFormat``."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if value.__class__ in (int, float):
        try:
            return datetime.fromtimestamp(value / 1000, UTC)
        except (ValueError, OverflowError, OSError):  # outside the years 1-9999
            return None
    text = to_str(value).strip()
    if not text:
        return None
    if input_format is not None:
        return _parse_pattern(text, to_str(input_format), zone_info)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone_info)


def format_date(value: Any, input_format: Any, output_format: Any, tz: Any) -> str:
    """The ``dateFormat`` helper; "" when the value is missing or cannot be read."""
    zone_info = zone(tz)
    moment = parse_date(value, input_format, zone_info)
    if moment is None:
        return ""
    try:
        return format_pattern(moment.astimezone(zone_info), to_str(output_format) or "medium")
    except (ValueError, OverflowError):
        return ""


def format_now(output_format: Any, tz: Any) -> str:
    """The ``now`` helper: the current time in ``tz`` (default UTC), style medium by default."""
    try:
        return format_pattern(datetime.now(zone(tz)), to_str(output_format) or "medium")
    except ValueError:
        return ""
