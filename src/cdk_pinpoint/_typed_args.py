"""The one typed-argument check: :func:`checked`, on every public construct and value constructor.

A plain Python value where the API wants its own type must end in a :class:`ConfigurationError`
naming the field, the value and what is allowed, never in an ``AttributeError`` from inside the
library or a jsii deserialization error. ``checked`` reads the function's annotations once (on its
first call) and turns each parameter into a small check:

- a string that is a member's name or value where an enum is expected becomes that member (the
  Python idiom is unambiguous); any other value lists the members;
- a ``datetime.timedelta`` where a ``Duration`` is expected becomes one (a bare number does not: its
  unit would be a guess);
- ``str``, ``bool``, ``int`` (a whole float is not silently truncated), ``float``, lists, mappings and
  concrete classes are ``isinstance`` checks; a bool is not a number;
- protocols (``IProject``, ``ITemplate``...) and what the annotations cannot name are left to the
  construct (a protocol check reads every member through jsii: slow);
- deploy-time values (tokens) pass, unprinted.

On a value class (``@checked_values(field="schedule")``) every error raised while the value is built
names the field from the keyword constructs take the value as (``schedule.frequency``), the way a
user passes it. The value does not raise it where it is written (no construct knows it yet): it is
returned as an *invalid value* carrying the error, which the construct that receives it raises with
its path and the field as passed (see "Invalid values" below).

On a construct's ``__init__`` it is also the one place that locates errors: every
:class:`ConfigurationError` raised while the construct is built, by its own checks or by a value it
renders, gets the construct's path (``scope.node.path`` + ``id``), so no construct repeats it.
"""

from __future__ import annotations

import datetime
import enum
import functools
import inspect
import math
import os
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, Union

from jsii.errors import JSIIError

from .errors import ConfigurationError, is_token

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

Check = Callable[[str, Any], Any]


def _token(value: Any) -> bool:
    """A deploy-time value: asked of jsii only for what can encode one (strings, floats, string lists)."""
    if isinstance(value, str | float):
        return is_token(value)
    if isinstance(value, list) and value and isinstance(value[0], str):
        return is_token(value[0])
    return False


def _soft(err: ConfigurationError) -> ConfigurationError:
    """Mark an error about an object of another class: raised only if the function cannot use the object
    (a construct may take a duck-typed object on purpose, and says so with a warning)."""
    err.soft = True  # type: ignore[attr-defined]
    return err


def _early(err: ConfigurationError) -> ConfigurationError:
    """Mark an error raised before the function runs: what the function would say about the value
    (a fraction truncated, a required value missing) would point elsewhere."""
    err.early = True  # type: ignore[attr-defined]
    return err


def _describe(tp: Any) -> str:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(f"{tp.__name__}.{m.name}" for m in tp)
    if tp is str:
        return "a string"
    if tp is bool:
        return "True or False"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    described = getattr(tp, "_described_as", None)  # a base class users never name says what they pass
    if isinstance(described, str):
        return described
    name = getattr(tp, "__name__", str(tp))
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


def _describe_many(options: Sequence[Any]) -> str:
    """``an EmailMessage, SmsMessage or PushMessage``: the first with its article, like the constructs say it."""
    first, *rest = (_describe(o) for o in options)
    names = [first] + [r.removeprefix("an ").removeprefix("a ") for r in rest]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else first


def _enum_check(tp: type[enum.Enum]) -> Check:
    by_text = {}
    for member in tp:
        by_text[member.name.lower()] = member
        if isinstance(member.value, str):
            by_text[member.value.lower()] = member

    def check(field: str, value: Any) -> Any:
        if isinstance(value, tp):
            return value
        if isinstance(value, str) and value.lower() in by_text:
            return by_text[value.lower()]
        # early: the parameter's own name (a classmethod's ``source``, not the field ``event_source``)
        raise _early(ConfigurationError(field, value, f"must be {_describe(tp)}"))

    return check


def _duration_check(duration_type: type[Any]) -> Check:
    def check(field: str, value: Any) -> Any:
        if isinstance(value, duration_type):
            return value
        if isinstance(value, datetime.timedelta):
            seconds = value.total_seconds()
            if seconds == int(seconds):
                return duration_type.seconds(int(seconds))
            return duration_type.millis(round(seconds * 1000))
        # a bare number is not taken: seconds or days? (the unit differs from field to field)
        raise ConfigurationError(field, value, "must be a Duration (or a datetime.timedelta)")

    return check


def _scalar_check(tp: type[Any]) -> Check:
    def check(field: str, value: Any) -> Any:
        if tp is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, float) and not _token(value):
                why = " (a fraction would be truncated)" if math.isfinite(value) else ""
                raise _early(ConfigurationError(field, value, f"must be a whole number{why}"))
        elif tp is float:
            if isinstance(value, int | float) and not isinstance(value, bool):
                return value
        elif isinstance(value, tp):
            return value
        if _token(value):
            return value
        error = ConfigurationError(field, value, f"must be {_describe(tp)}")
        raise _early(error) if tp is bool else error  # a truthy string would pass the construct's own checks

    return check


def _class_check(tp: type[Any]) -> Check:
    # A standard-library class (a datetime) is never duck-typed on purpose: a date where a datetime
    # is expected would be rendered as a date. Other classes may be (see _soft).
    mark = _early if tp.__module__ in ("datetime", "pathlib", "decimal") else _soft

    def check(field: str, value: Any) -> Any:
        if isinstance(value, tp):
            return value
        raise mark(ConfigurationError(field, value, f"must be {_describe(tp)}"))

    return check


_PLAIN = (str, bytes, int, float, bool, Mapping, list, tuple)


def reject_plain_value(field: str, value: Any, type_name: str) -> None:
    """For annotations that cannot be resolved at run time (imported only for type checkers)."""
    if isinstance(value, _PLAIN) or value is None:
        raise ConfigurationError(field, value, f"must be {type_name}, not a plain value")


def require_function(field: str, value: Any) -> None:
    """A Lambda function where one is expected (None passes): every ``lambda.IFunction`` has a
    ``function_arn``, which is cheaper to ask than the interface (a jsii round trip). The mistake
    it catches: a CustomChannel, whose function is its ``.function``."""
    if value is None or hasattr(value, "function_arn"):
        return
    hint = " (a CustomChannel's function is its .function)" if hasattr(value, "delivery_uri") else ""
    raise ConfigurationError(field, value, f"must be a Lambda function{hint}")


def _plain_value_check(tp: type[Any]) -> Check:
    """An aws-cdk type (a bucket, a function, a secret): checking the interface is a jsii round trip, so
    only the mistake Python users make is caught: a plain value (an ``s3://`` URL, an ARN, a dict)."""

    def check(field: str, value: Any) -> Any:
        if isinstance(value, _PLAIN):
            article = "an" if tp.__name__[:1] in "AEIOU" else "a"
            hint = " (an ARN or a name: import it, e.g. with from_*_arn)" if isinstance(value, str) else ""
            raise ConfigurationError(field, value, f"must be {article} {tp.__name__}, not a plain value{hint}")
        return value

    return check


def _sequence_check(item: Check | None, item_name: str) -> Check:
    def check(field: str, value: Any) -> Any:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence | set | frozenset):
            if _token(value):
                return value
            allowed = f"must be a list, each {item_name}" if item_name else "must be a list"
            error = ConfigurationError(field, value, allowed)
            # early for text: the function would go through it letter by letter and complain about "E"
            raise _early(error) if isinstance(value, str | bytes) else error
        if isinstance(value, set | frozenset):
            value = _in_order(value)
        if item is None:
            return value
        checked = [item(f"{field}[{index}]", element) for index, element in enumerate(value)]
        return checked if any(a is not b for a, b in zip(checked, value, strict=True)) else value

    return check


def _in_order(values: set[Any] | frozenset[Any]) -> list[Any]:
    """A set's elements in a stable order: its own order changes from run to run (string hashing),
    and synth must not."""
    try:
        return sorted(values)
    except TypeError:  # elements that do not compare: the function says what it expects of them
        return sorted(values, key=repr)


# "Each of these resources can have a maximum of 50 tags" (TagsModel,
# https://docs.aws.amazon.com/pinpoint/latest/apireference/tags-resource-arn.html)
_MAX_TAGS = 50


def _tags_check(field: str, value: Any) -> Any:
    """Tags as AWS takes them (Pinpoint's TagResource: up to 50, keys 1-128 characters, values up to
    256, strings; the ``aws:`` prefix is reserved for AWS)."""
    _mapping_check(field, value)
    if _token(value) or not isinstance(value, Mapping):
        return value
    if len(value) > _MAX_TAGS:
        raise ConfigurationError(field, _Shown(f"<{len(value)} tags>"), f"must hold at most {_MAX_TAGS} tags")
    for key, text in value.items():
        if _token(key) or _token(text):
            continue
        if not isinstance(key, str) or not 1 <= len(key) <= 128:
            raise ConfigurationError(f"{field} key", key, "must be a string of 1-128 characters")
        if key.lower().startswith("aws:"):
            raise ConfigurationError(f"{field} key", key, 'must not start with "aws:" (reserved for AWS)')
        if not isinstance(text, str) or len(text) > 256:
            raise ConfigurationError(f"{field}[{key!r}]", text, "must be a string of up to 256 characters")
    return value


def _mapping_check(field: str, value: Any) -> Any:
    if isinstance(value, Mapping) or _token(value):
        return value
    raise ConfigurationError(field, value, "must be a mapping (a dict)")


def _text_mapping_check(field: str, value: Any) -> Any:
    """A ``Mapping[str, str]`` (custom config, attribute display names): its keys and values are text."""
    _mapping_check(field, value)
    if isinstance(value, Mapping):
        for key, text in value.items():
            if not isinstance(key, str) and not _token(key):
                raise ConfigurationError(f"{field} key", key, "must be a string")
            if not isinstance(text, str) and not _token(text):
                raise ConfigurationError(f"{field}[{key!r}]", text, "must be a string")
    return value


def _compile(tp: Any) -> Check | None:
    """A check for annotation ``tp``; None when nothing can be checked."""
    from aws_cdk import Duration

    if tp is Any or tp is None or tp is type(None) or isinstance(tp, TypeVar | str):
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        allow_none = len(options) < len(typing.get_args(tp))
        checks = [_compile(o) for o in options]
        if any(c is None for c in checks):
            return None  # an unknown option: anything may be meant
        if len(checks) == 1:
            only = checks[0]
            assert only is not None
            return (lambda f, v: v if v is None else only(f, v)) if allow_none else only

        def union(field: str, value: Any) -> Any:
            if value is None and allow_none:
                return value
            errors = []
            for check in checks:
                assert check is not None
                try:
                    return check(field, value)
                except ConfigurationError as err:
                    errors.append(err)
            error = ConfigurationError(field, value, f"must be {_describe_many(options)}")
            if any(getattr(e, "early", False) for e in errors):
                raise _early(error)
            raise _soft(error) if all(getattr(e, "soft", False) for e in errors) else error

        return union
    if origin is typing.Literal:
        return None
    if origin is not None and isinstance(origin, type):
        if issubclass(origin, Mapping):
            return _text_mapping_check if typing.get_args(tp) == (str, str) else _mapping_check
        if issubclass(origin, Sequence | set | frozenset) and not issubclass(origin, str):
            args = typing.get_args(tp)
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                return None  # a fixed-shape tuple: the function checks it
            item_tp = args[0] if args else Any
            return _sequence_check(_compile(item_tp), _describe(item_tp) if item_tp is not Any else "")
        return None
    if not isinstance(tp, type):
        return None
    if tp is Duration:
        return _duration_check(Duration)
    if issubclass(tp, enum.Enum):
        return _enum_check(tp)
    if tp in (str, int, float, bool):
        return _scalar_check(tp)
    if tp.__module__.startswith(("aws_cdk", "constructs", "jsii")):
        return _plain_value_check(tp)
    if getattr(tp, "_is_protocol", False):
        # our protocols (IProject, ISegment...): the construct checks them (a protocol check is a jsii
        # round trip); a plain value is caught here
        return _plain_value_check(tp)
    return _class_check(tp)


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    """The resolvable annotations of ``function``; one that names what only type checkers import is skipped."""
    try:
        return typing.get_type_hints(function)
    except Exception:
        hints = {}
        namespace = dict(getattr(function, "__globals__", {}))
        for name, text in getattr(function, "__annotations__", {}).items():
            try:
                hints[name] = eval(text, namespace) if isinstance(text, str) else text
            except Exception:
                continue
        return hints


_AWS_CDK_NAME = re.compile(r"^(?:[a-z_0-9]+\.)(I?[A-Z]\w*)(?: \| None)?$")


_LIST_OF_NAME = re.compile(r"^(?:Sequence|list)\[(?:[a-z_0-9]+\.)?(\w+)\](?: \| None)?$")


def _unresolved_check(annotation: Any) -> Check | None:
    """An annotation imported only for type checkers (``s3.IBucket``, ``lambda_.IFunction | None``): its
    module alias names an aws-cdk module, so a plain value where it is expected is the user's mistake.
    A list of such a type (``Sequence[Campaign] | None``) must at least be a list, not one of them."""
    if not isinstance(annotation, str):
        return None
    listed = _LIST_OF_NAME.match(annotation)
    if listed is not None:
        return _sequence_check(None, _describe(type(listed.group(1), (), {})))
    match = _AWS_CDK_NAME.match(annotation)
    if match is None:
        return None
    return _plain_value_check(type(match.group(1), (), {"__module__": "aws_cdk"}))


def _plan(function: Callable[..., Any]) -> Plan:
    signature = inspect.signature(function)
    hints = _hints(function)
    checks: dict[str, Check] = {}
    scanned = set()
    for name, parameter in signature.parameters.items():
        if name in ("self", "cls", "scope", "id"):
            continue
        if name not in hints or _may_hold_values(hints[name]):
            scanned.add(name)
        if name not in hints:
            check = _unresolved_check(getattr(function, "__annotations__", {}).get(name))
            if check is not None:
                checks[name] = check
            continue
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            continue
        check = _tags_check if name == "tags" else _compile(hints[name])
        if check is None:
            continue
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            check = _sequence_check(check, _describe(hints[name]))
        checks[name] = check
    return signature, checks, frozenset(scanned)


def _may_hold_values(tp: Any) -> bool:
    """Whether an argument annotated ``tp`` may hold a value object, so is scanned for invalid ones
    (text, numbers, enums and collections of them are not: a list of 1,000 strings is not walked)."""
    if tp in _LEAVES or (isinstance(tp, type) and issubclass(tp, enum.Enum)):
        return False
    origin = typing.get_origin(tp)
    collection = isinstance(origin, type) and issubclass(origin, Sequence | set | Mapping)
    if origin in (Union, types.UnionType) or collection:
        return any(_may_hold_values(arg) for arg in typing.get_args(tp) if arg is not Ellipsis)
    return True


#: a function's signature, the checks of its parameters, and those that may hold value objects
Plan = tuple[inspect.Signature, dict[str, Check], frozenset[str]]
# What a user's call can surface from inside the library or jsii when a value has the wrong type.
_CRASHES: tuple[type[Exception], ...] = (AttributeError, TypeError, KeyError, ValueError, RuntimeError, JSIIError)


def check_arguments(
    function: Callable[..., Any], plan: Plan, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[tuple[Any, ...], dict[str, Any]], list[ConfigurationError]]:
    """``args`` and ``kwargs`` with the Python idioms converted, and the errors of the arguments of
    the wrong type (not raised: the function's own checks say it better, with their own words)."""
    signature, checks, scanned = plan
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as err:
        raise _call_error(function, signature, str(err), kwargs) from None
    changed = False
    errors: list[ConfigurationError] = []
    for name, value in bound.arguments.items():
        if name in scanned and type(value) not in _LEAVES:
            reject_invalid(name, value, keywords=signature.parameters[name].kind is inspect.Parameter.VAR_KEYWORD)
        check = checks.get(name)
        if check is None or (value is None and signature.parameters[name].default is None):
            continue
        try:
            converted = check(name, value)
        except ConfigurationError as err:
            if value is None:  # a required value left out: what the function says next would point elsewhere
                raise ConfigurationError(name, None, f"is required: {err.allowed}") from None
            if getattr(err, "early", False):
                raise
            errors.append(err)
            continue
        if converted is not value:
            bound.arguments[name] = converted
            changed = True
    return ((bound.args, bound.kwargs) if changed else (args, kwargs)), errors


def _call_error(
    function: Callable[..., Any], signature: inspect.Signature, problem: str, kwargs: dict[str, Any]
) -> ConfigurationError:
    """A call that does not match the signature, said as a ConfigurationError naming the parameter."""
    named = re.search(r"'(\w+)'", problem)
    parameters = ", ".join(n for n in signature.parameters if n not in ("self", "cls", "scope", "id"))
    if named and "missing" in problem:
        return ConfigurationError(named.group(1), None, "is required")
    if named and "unexpected keyword" in problem:
        name = named.group(1)
        return ConfigurationError(
            name, kwargs.get(name), f"is not a parameter of {function.__qualname__}: {parameters}"
        )
    return ConfigurationError("arguments", kwargs, f"do not match {function.__qualname__}({parameters}): {problem}")


def _call(function: Callable[..., Any], plan: Plan, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call ``function`` with its arguments checked: an argument of the wrong type fails with the
    function's own ConfigurationError if it has one, with the type's otherwise: never with the
    crash it would cause inside the library or jsii, and never silently."""
    (args, kwargs), errors = check_arguments(function, plan, args, kwargs)
    if not errors:
        return function(*args, **kwargs)
    try:
        result = function(*args, **kwargs)
    except ConfigurationError:
        raise
    except _CRASHES:
        raise _redacted(errors[0]) from None
    hard = [e for e in errors if not getattr(e, "soft", False)]
    if hard:
        raise _redacted(hard[0])
    return result


def _redacted(err: ConfigurationError) -> ConfigurationError:
    """Never print what may be a credential (a string where a secret was expected)."""
    if any(word in err.allowed for word in ("Secret", "Credential", "Auth")) and isinstance(err.value, str):
        shown = _Shown(f"<str, {len(err.value)} characters, not shown>")
        return ConfigurationError(err.field, shown, err.allowed, path=err.path)
    return err


class _Shown(str):
    def __repr__(self) -> str:
        return str(self)


# --- Invalid values: a value's error is raised by the construct that receives it -----------------
#
# A value object cannot know where it will be used, so its error cannot name a construct path. A
# constructor called by the user's code therefore does not raise: it returns an *invalid value*, an
# empty instance carrying the error. The construct that receives it (any argument, inside lists,
# tuples and mapping values: :func:`reject_invalid`, called for every checked call) raises that error
# at its path, under the field the value was passed as. A value that receives an invalid value is
# invalid itself, with the field composed. Anything else done with an invalid value (an attribute, a
# method, ``repr``, ``==``) raises its error without a path; an invalid value never used raises nothing.
#
# An invalid value is an instance of a subclass of its class (``isinstance`` holds) made once per
# class, whose every attribute raises: valid values pay nothing per attribute, and a dataclass field
# with a default (a class attribute) cannot read as valid. Value classes keep their ``__dict__``
# (none uses ``__slots__``): the error is kept there.

_MARK = "_cdk_pinpoint_invalid"
#: class -> its invalid subclass; and the set of those (one set lookup per scanned item)
_INVALID_CLASS: dict[type[Any], type[Any]] = {}
_INVALID: set[type[Any]] = set()
#: checked calls in progress: only a constructor called outside any other defers its error
_building = [0]
#: what holds no value object (most arguments and list items): no further question asked
_LEAVES = frozenset({str, int, float, bool, type(None), bytes})
#: the attributes an invalid value still answers: what Python itself asks of any object
_ANSWERED = frozenset({"__dict__", "__class__"})

_MakeInvalid = Callable[[tuple[Any, ...]], tuple[Any, Any]]


class _Carried(typing.NamedTuple):
    """An invalid value's error, and how to rename it for the field the value is passed as."""

    error: ConfigurationError
    #: the field the value's errors start with (its decorator's: ``schedule``), replaced by the field as passed
    own: str | None
    #: a journey activity's errors name it by its name, wherever it is passed
    named: bool
    #: ``file:line`` of the user's code that wrote the value
    written_at: str


def _raise_carried(self: Any, name: str) -> Any:
    """Every attribute of an invalid value: its error (but a chaining method keeps chaining, see :func:`deferring`)."""
    if name in _ANSWERED or getattr(getattr(type(self), name, None), "keeps_chaining", False):
        return object.__getattribute__(self, name)
    return _raise_used(self)


def _raise_used(self: Any, *_: Any) -> Any:
    """An invalid value used outside a construct: its error, without a path."""
    carried = object.__getattribute__(self, "__dict__")[_MARK]
    raise carried.error.renamed(carried.error.field) from carried.error


def _invalid_class(cls: type[Any]) -> type[Any]:
    invalid = _INVALID_CLASS.get(cls)
    if invalid is None:
        # repr, == and hash read no attribute when the class keeps object's: they raise too
        namespace = {"__getattribute__": _raise_carried, "__repr__": _raise_used, "__eq__": _raise_used,
                     "__hash__": _raise_used, "__slots__": (), "__module__": cls.__module__,
                     "__qualname__": cls.__qualname__}  # fmt: skip
        invalid = _INVALID_CLASS[cls] = type(cls.__name__, (cls,), namespace)
        _INVALID.add(invalid)
    return invalid


def _defer(shell: Any, error: ConfigurationError, own: str | None, *, named: bool) -> None:
    """Empty ``shell`` and make it an invalid value carrying ``error``."""
    object.__setattr__(shell, "__class__", _invalid_class(type(shell)))  # a frozen dataclass too
    state = object.__getattribute__(shell, "__dict__")
    state.clear()
    state[_MARK] = _Carried(error, own, named, _written_at())


def _written_at() -> str:
    """``file:line`` of the user's code that called into cdk_pinpoint (the first frame outside it)."""
    inside = os.path.dirname(__file__)
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(inside):
        frame = frame.f_back
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


def _invalid_self(args: tuple[Any, ...]) -> tuple[Any, Any]:
    return args[0], None  # ``__init__``: the instance being built; returns None


def _invalid_of_class(args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _invalid_of(args[0], args)  # a classmethod: an instance of the class it was called on


def _invalid_of(cls: type[Any], args: tuple[Any, ...]) -> tuple[Any, Any]:
    shell = object.__new__(cls)  # a staticmethod: an instance of the class that declares it
    return shell, shell


def carried_error(value: Any) -> _Carried | None:
    """What an invalid value carries; None for any other value."""
    return object.__getattribute__(value, "__dict__")[_MARK] if type(value) in _INVALID else None


def _under(field: str, prefix: str) -> bool:
    return field == prefix or field.startswith((f"{prefix}.", f"{prefix}["))


def _as_passed(carried: _Carried, field: str) -> ConfigurationError:
    """An invalid value's error, for the value passed as ``field``, with a note of where the value was
    written (the innermost value's line: a value built of an invalid one already has it)."""
    error, own, named, written_at = carried
    if named or _under(error.field, field):
        passed = error.renamed(error.field)
        passed.named = named  # type: ignore[attr-defined]  # a chain that carries it on keeps the name
    elif own is not None and _under(error.field, own):
        passed = error.renamed(field + error.field[len(own) :])
    else:
        passed = error.renamed(f"{field}.{error.field}")
    if not getattr(passed, "__notes__", None):
        passed.add_note(f"(the value was written at {written_at})")
    return passed


def reject_invalid(field: str, value: Any, *, keywords: bool = False) -> None:
    """Raise the error of the first invalid value in ``value`` (passed as ``field``: itself, or an
    item of a list, tuple or mapping), named by the field as passed; ``keywords``: ``value`` holds
    keyword arguments (``**kwargs``), each its own field. The one check of what a construct, or a
    value, receives."""
    kind = type(value)
    if kind in _LEAVES:
        return
    if kind in _INVALID:
        carried = object.__getattribute__(value, "__dict__")[_MARK]
        raise _as_passed(carried, field) from carried.error
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if type(item) not in _LEAVES:  # a list of strings asks nothing more of each
                reject_invalid(f"{field}[{index}]", item)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            reject_invalid(key if keywords else f"{field}[{key!r}]", item)


def deferring(method: F) -> F:
    """A value's method that changes it (a journey activity's ``next``, ``when``, ``branch``): called
    by the user's code, an error (or an invalid value passed to it) makes the value invalid, so the
    journey that receives it reports the error at its path; on an invalid value it does nothing (the
    first error is the one to fix). It returns the value (or the chain) to keep chaining."""
    names = list(inspect.signature(method).parameters)[1:]  # after self

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if carried_error(self) is not None:
            return self
        _building[0] += 1
        try:
            for name, value in (*zip(names, args, strict=False), *kwargs.items()):  # too many: the method says so
                if type(value) not in _LEAVES:
                    owner = self.__dict__.get("name")
                    where = f"{owner}.{method.__name__}" if isinstance(owner, str) else method.__name__
                    reject_invalid(f"{where}.{name}", value)
            return method(self, *args, **kwargs)
        except ConfigurationError as err:
            if _building[0] > 1:
                raise
            _defer(self, err, None, named=True)
            return self
        finally:
            _building[0] -= 1

    return keeps_chaining(wrapper)  # type: ignore[return-value]


def invalid_if_given(cls: type[T], field: str, value: Any) -> T | None:
    """An invalid ``cls`` carrying the error of ``value`` (passed as ``field``) if it is or holds an
    invalid value; None otherwise. For a value class whose constructor is not checked (a journey's
    ``Chain``, built for every ``next``) but whose factory must carry an error on."""
    try:
        reject_invalid(field, value)
    except ConfigurationError as err:
        shell = object.__new__(cls)
        _defer(shell, err, None, named=getattr(err, "named", False))
        return shell  # type: ignore[no-any-return]
    return None


def keeps_chaining(method: F) -> F:
    """Mark a method that an invalid value still answers (it carries the error on along the chain)."""
    method.keeps_chaining = True  # type: ignore[attr-defined]
    return method


def checked(function: F, field: str | None = None, invalid: _MakeInvalid | None = None) -> F:
    """Check (and convert the Python idioms of) every argument of a value constructor (a
    ``classmethod``'s function or a dataclass's ``__init__``); see the module docstring.

    ``field`` is the keyword constructs take the value as (``"schedule"``): every ConfigurationError
    raised while the value is built then names the field as the user wrote it
    (``schedule.frequency``, not ``frequency``). ``"{name}"`` stands for the ``name`` argument
    (a journey activity's name).

    ``invalid`` makes a value constructor defer its errors: given the call's arguments, it returns the
    empty instance that carries the error and what the call returns (see :func:`reject_invalid`)."""
    plan: list[Plan] = []

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not plan:
            plan.append(_plan(function))
        _building[0] += 1
        try:
            return _call(function, plan[0], args, kwargs)
        except ConfigurationError as err:
            prefix = _field_prefix(field, plan[0][0], args, kwargs)
            if prefix is not None and not _under(err.field, prefix):
                err = err.renamed(f"{prefix}.{err.field}", path=err.path)
            if invalid is None or _building[0] > 1:
                raise err from None
            shell, result = invalid(args)
            named = (field is not None and "{" in field) or getattr(err, "named", False)
            _defer(shell, err, prefix, named=named)
            return result
        finally:
            _building[0] -= 1

    return wrapper  # type: ignore[return-value]


def _field_prefix(
    field: str | None, signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str | None:
    """``field`` with ``{name}`` filled in from the call (None when the name is not a usable string)."""
    if field is None or "{" not in field:
        return field
    try:
        name = signature.bind(*args, **kwargs).arguments.get("name")
    except TypeError:
        return None
    return field.format(name=name) if isinstance(name, str) and name else None


@typing.overload
def checked_values(cls: type[T], *, field: str | None = None) -> type[T]: ...
@typing.overload
def checked_values(cls: None = None, *, field: str | None = None) -> Callable[[type[T]], type[T]]: ...


def checked_values(cls: type[T] | None = None, *, field: str | None = None) -> type[T] | Callable[[type[T]], type[T]]:
    """:func:`checked` on a value class's ``__init__`` and its public class and static methods (its
    constructors). ``@checked_values(field="schedule")`` names the keyword constructs take the value as,
    so its errors carry the field as the user wrote it (see :func:`checked`). A constructor called by
    the user's code defers its error to the construct that receives the value (see
    :func:`reject_invalid`); one called while another value or a construct is built raises it."""

    def decorate(cls: type[T]) -> type[T]:
        cls.__init__ = checked(cls.__init__, field, _invalid_self)  # type: ignore[method-assign,misc]
        for name, member in list(vars(cls).items()):
            if isinstance(member, classmethod) and not name.startswith("_"):
                setattr(cls, name, classmethod(checked(member.__func__, field, _invalid_of_class)))
            elif isinstance(member, staticmethod) and not name.startswith("_"):
                made = functools.partial(_invalid_of, cls)
                setattr(cls, name, staticmethod(checked(member.__func__, field, made)))
        return cls

    return decorate if cls is None else decorate(cls)


def construct_init(init: F) -> F:
    """Wrap a construct's ``__init__(self, scope, id, ...)``: arguments checked as by :func:`checked`,
    and every :class:`ConfigurationError` raised while the construct is built located at its path."""
    plan: list[Plan] = []

    @functools.wraps(init)
    def wrapper(self: Any, scope: Any, id: Any, *args: Any, **kwargs: Any) -> Any:
        _building[0] += 1  # the values it builds itself raise at once: it is the construct that receives them
        try:
            if not plan:
                plan.append(_plan(init))
            if not isinstance(id, str):
                raise ConfigurationError("id", id, "must be a string (the construct id)")
            return _call(init, plan[0], (self, scope, id, *args), kwargs)
        except ConfigurationError as err:
            if err.path is not None:
                raise
            try:
                where = f"{scope.node.path}/{id}" if scope.node.path else str(id)
            except AttributeError:
                where = str(id)
            raise err.at(where) from None
        finally:
            _building[0] -= 1

    return _ConstructInit(wrapper)  # type: ignore[return-value]


class _ConstructInit:
    """A construct's wrapped ``__init__`` that also gives its class the signature ``help()`` and
    ``inspect.signature()`` show: jsii's metaclass ``__call__`` would show ``(*args, **kwargs)``."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self._function = function
        functools.update_wrapper(self, function)

    def __set_name__(self, owner: type[Any], name: str) -> None:
        signature = inspect.signature(self._function)
        owner.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])  # type: ignore[attr-defined]

    def __get__(self, instance: Any, owner: type[Any] | None = None) -> Any:
        return self._function if instance is None else types.MethodType(self._function, instance)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)
