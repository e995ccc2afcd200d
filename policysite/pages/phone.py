"""A phone number as a tap-to-call link that dials exactly what it shows.

Used by the "Worried about a post?" box (paper.py) and the site's own pages (sitepages.py).
"""

from __future__ import annotations

import re

# The first run of a number: "Tel: 01234 567890 ext. 2" dials 01234567890, not 012345678902.
_PHONE_NUMBER = re.compile(r"\+?\(?[0-9][0-9\s().-]*")


def phone_link(phone: str) -> dict[str, str] | None:
    """The phone as written, split around the number its tel: link dials: `before`, `number`
    (the link's text), `after` and `href`. The link shows exactly the number it dials, so a
    second number or an extension beside it is text, not a tap that dials the first. None
    when there is no number to dial as shown: no digit, or a digit a tel: link can't hold
    (Arabic-Indic, full-width), which would make the link dial a number the text does not show."""
    if any(char.isdigit() and not char.isascii() for char in phone):
        return None
    match = _PHONE_NUMBER.search(phone)
    if match is None:
        return None
    number = match[0].rstrip(" \t(.-")
    while number.endswith(")") and number.count(")") > number.count("("):
        number = number[:-1].rstrip(" \t(.-")
    dialled = number.replace("(0)", "") if number.startswith("+") else number
    href = "tel:" + ("+" if number.startswith("+") else "") + re.sub(r"[^0-9]", "", dialled)
    end = match.start() + len(number)
    return {"before": phone[: match.start()], "number": number, "after": phone[end:], "href": href}


def tel_href(phone: str) -> str | None:
    """A tel: link for the phone as written: its first number's digits, with its leading +.
    None when it holds no number to dial (phone_link). "+44 (0)1234 567890" drops the (0),
    dialled only from within the country."""
    link = phone_link(phone)
    return link["href"] if link else None
