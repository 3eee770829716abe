"""The benchmark email written by hand in Python: the reference render_throughput.py measures us against.

What a careful programmer would write for this one template, knowing the shape of its data: direct
subscripts (no missing-value handling), one f-string per run of text, the engine's escape function
(handlebars.js escapes & < > " ' ` =; a fast path for text that needs none), and
``capitalize`` written out (Pinpoint's capitalize upper-cases the first letter of each word; the
benchmark's values are single words). Its output is byte-identical to the template's on the
benchmark contexts, which render_throughput.py checks before it reports a figure.

Each value outside the item rows is looked up and escaped once per message (``_values``).
``render_email_10x`` renders the 10x body variant (the ``<div class="wrap">`` section ten times)
from those values, with the item rows rendered in each copy (the template has one ``each`` per copy).
"""

from __future__ import annotations

from typing import Any

from cdk_pinpoint.rendering.values import escape  # handlebars.js's escaping (a regex fast path, then replaces)


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _head(brand: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your {brand} order update</title>
<style>
  body {{ font-family: Helvetica, Arial, sans-serif; color: #222; background: #f4f4f4; margin: 0; }}
  .wrap {{ max-width: 600px; margin: 0 auto; background: #fff; padding: 24px; }}
  .items td {{ padding: 6px 8px; border-bottom: 1px solid #eee; }}
  .foot {{ font-size: 11px; color: #888; }}
</style>
</head>
<body>
"""


TAIL = "</body>\n</html>\n"


def _values(c: Any) -> tuple[Any, ...]:
    """Every value of the body outside the item rows, escaped: computed once per message."""
    user = c["User"]["UserAttributes"]
    attributes = c["Attributes"]
    return (
        escape(attributes["Brand"][0]),
        escape(capitalize(user["FirstName"][0])),
        escape(capitalize(user["LastName"][0])),
        escape(attributes["OrderId"][0]),
        escape(attributes["OrderDate"][0]),
        escape(user["City"][0]),
        escape(c["Location"]["Country"]),
        user["Tier"][0] == "gold",
        escape(attributes["Points"][0]),
        escape(attributes["Currency"][0]),
    )


def _body(c: Any, values: tuple[Any, ...]) -> str:
    brand, first_name, last_name, order_id, order_date, city, country, gold, points, currency = values
    out = f"""<div class="wrap">
  <h1>Hello {first_name} {last_name},</h1>
  <p>Thanks for shopping with {brand}. Your order <strong>#{order_id}</strong>
     placed on {order_date} is on its way to {city}, {country}.</p>
"""
    if gold:
        out += f"""  <p class="tier">As a <b>Gold</b> member you get free express shipping and {points} \
bonus points on this order.</p>
"""
    else:
        out += f"""  <p class="tier">Join our loyalty programme today and earn {points} points on this order.</p>
"""
    out += """  <table class="items" width="100%" cellspacing="0">
    <tr><th align="left">Item</th><th align="right">Qty</th><th align="right">Price</th></tr>
"""
    rows = [
        f"""    <tr><td>{escape(capitalize(item["name"]))}</td><td align="right">{escape(item["qty"])}</td>\
<td align="right">{escape(item["price"])} {currency}</td></tr>
"""
        for item in c["Items"]
    ]
    out += "".join(rows)  # not += per row: that copies the growing string
    out += f"""  </table>
  <p>Track your parcel at <a href="https://example.com/track/{order_id}">example.com/track</a>.
     Questions? Reply to this email or call us on +1 555 0100 (Mon-Fri, 9am-5pm).</p>
  <p>See you soon,<br>The {brand} team</p>
  <p class="foot">You are receiving this email because your address is subscribed to {brand} order notifications.
     To stop receiving these messages, update your preferences in your account settings.
     This message was sent by an automated system; please do not share it. All prices include applicable taxes.</p>
</div>
"""
    return out


def render_email(c: Any) -> str:
    values = _values(c)
    return _head(values[0]) + _body(c, values) + TAIL


def render_email_10x(c: Any) -> str:
    values = _values(c)
    return _head(values[0]) + "".join([_body(c, values) for _ in range(10)]) + TAIL
