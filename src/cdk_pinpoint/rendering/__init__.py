"""Amazon Pinpoint message templates: Handlebars plus Pinpoint's helpers, rendered like Pinpoint.

    from cdk_pinpoint.rendering import compile_template, render, TemplateError
    template = compile_template(source, default_substitutions=None)  # raises TemplateError
    template.render(context) -> str
    template.variables -> frozenset[str]       # "User.UserAttributes.FirstName", ...
    template.inputs -> tuple of paths | None   # all the rendering depends on (None: more, e.g. {{now}})
    render(source, context, default_substitutions=None) -> str  # cached compile (LRU, 1024)
    cached_template(source, default_substitutions=None) -> Template  # the same cache
    check_template(source) -> frozenset[str]  # the variables; raises TemplateError; keeps no tree (synth)

This package imports only the standard library (it runs inside Lambda and at synth time).
Compile errors carry a 1-based line and column; ``TemplateError.errors`` lists every error
one compile finds (the first syntax error, or every unknown helper/partial and bad argument),
which ``cdk-pinpoint validate`` prints. Rendering never fails because of the data:
missing values, wrong types and out-of-range indexes render "".

How it is built. The language is handlebars.js 4.7: a hand-written tokenizer and parser
(``parser.py``) produce handlebars.js's tree and apply its whitespace rules, and ``compiler.py``
turns the tree into one Python function per template, computing each lookup, escape and pure
helper call once and keeping loop-invariant work out of loops. pybars3 is not used at run time:
measured on this machine (Python 3.11), ``import pybars`` alone takes ~0.29 s (its PyMeta
grammar is built at import) against a 50 ms budget for a cold start, and its render loop
reaches 17,500 renders/s on the benchmark email against 55,800/s for handlebars.js (0.31x),
because every node is a closure call and every name is resolved through generic scope objects
at render time. Both parts are replaced; the benchmarks/ scripts print the current figures.

Decisions on what Pinpoint does not document (each is tested in tests/rendering):

* ``each`` renders every item, however many: Pinpoint documents 15 as the maximum list size,
  but silently dropping items would hide data; the templates construct is the place to warn.
* ``gt``/``gte``/``lt``/``lte``: two strings compare lexicographically, as in Handlebars.java
  (the engine Pinpoint's helpers come from), so ``"100" < "17"``; if either side is a number
  both compare as numbers. A missing or non-numeric side makes every ordering false.
* ``eq``/``neq``: numbers equal by value (2 == 2.0); a string never equals a number ("22" != 22).
* ``dateFormat`` without ``inputFormat`` reads ISO 8601 (date, or date and time, with or without
  an offset); a number is epoch milliseconds. An input without an offset is read in the ``tz``
  zone (default UTC), so a date keeps its calendar day. Unknown zones fall back to UTC, like
  Java. Styles full/long/medium/short are Java's en_US styles; other text is a
  ``SimpleDateFormat`` pattern.
* Numbers from the context print like JavaScript (7.0 -> "7", 2.5 -> "2.5"). Math helpers use
  exact decimal arithmetic on the numbers as written (5 - 2.3 = 2.7, not 2.6999999999999997);
  whole results print without ".0"; ``divide`` rounds half-up to 8 decimals and drops trailing
  zeros (1 / 4 = 0.25, 5 / 2.3 = 2.17391304); ``round`` is half-up. Division by zero, and any
  argument that is not a number, render "". So that no attribute value can make a render fail
  or stall, a number has at most 50 significant digits and a magnitude within 1e-400..1e400
  (``helpers.MAX_NUMBER_DIGITS``/``MAX_NUMBER_EXPONENT``; every double fits); anything larger
  is not a number (""). Likewise a ``center``/``ljust``/``rjust`` width over 10,000 renders "".
* ``yesno``: True and the strings "true"/"false" (any case) pick yes/no; anything else, None
  included, renders ``maybe``.
* ``slugify`` keeps digits (the AWS doc says "alphanumeric") and non-ASCII letters, lowercased;
  other characters are dropped and each whitespace character becomes "-".
* String helpers render "" for a missing value (Handlebars.java would echo their first
  argument, e.g. ``{{cut missing "e"}}`` -> "e"; that quirk is not reproduced).
* Helpers see values as they print: a one-item list is its item, a longer list is
  comma-joined. A scalar indexed with ``.[0]`` is itself (defaults may be written as plain
  strings); any other index of a scalar is missing.
* Default substitutions are deep-merged under the context; None or an empty list in the context
  counts as "no value" and takes the default.
* Blocks nest at most 32 deep (each ``{{else ...}}`` of a chain counts as one more level, so a
  chain has at most 31 ``{{else if}}``), subexpressions at most 32 deep, and a path has at most
  32 segments (``parser.MAX_NESTING``). Deeper templates are a TemplateError at the block,
  subexpression or path that goes too deep, never a RecursionError.
* Unknown helpers, helpers used with too few arguments or without a required hash argument
  (``center`` without ``size=``), and ``{{> name}}`` for a partial that is never defined are
  compile errors. Extra positional arguments are ignored, as in Handlebars.java.
* As in handlebars.js, a literal alone in a mustache names a property (``{{"Last Name"}}``,
  ``{{1}}``, ``{{true}}`` look up "Last Name", "1", "true") unless it names a helper, and so does
  a literal block name (``{{#null}}``, ``{{^"x"}}``, ``{{#1}}`` are sections over that property);
  ``}}}}`` is a syntax error; and ``{{!--}}`` is a whole comment.
* Known differences from handlebars.js (excluded from the differential test): a string
  indexed ``.[0]`` is the string (JS: its first letter), see above. ``../`` counts the
  enclosing ``each``/``with``/section blocks, resolved at compile time; handlebars.js skips a
  level at run time where a block's context is the very same object as its parent's, e.g.
  ``{{#path}}`` over ``true``, or ``{{#each items}}{{#each ../items}}{{../../x}}`` on the
  iteration where the inner item is the outer one. We are stricter where handlebars.js
  accepts: unknown helpers and partials fail at compile time, not at first use, and so do
  ``{{#*inline}}`` without a name, raw blocks and other decorators (see below). The
  differential test checks that every template handlebars.js rejects is rejected here too.
* Not supported (compile errors, Pinpoint has no way to register them): raw blocks
  ``{{{{raw}}}}``, decorators other than ``{{#*inline}}``, dynamic partials ``{{> (expr)}}``.
"""

from .errors import TemplateError
from .template import Template, cached_template, check_template, compile_template, render

__all__ = ["Template", "TemplateError", "cached_template", "check_template", "compile_template", "render"]
