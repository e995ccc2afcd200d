"""Re-approval: a school's governors approved an older text than the one now published.

A `Policy-Change:` commit (history.py) that changed the canonical content
(content/social-media/) after a school's `document_control.approved_on` changed the policy
the school publishes under that approval. Each such school gets one warning, at its
`approved_on` line, naming the latest of those commits (and how many there were); `--strict`
makes it an error, as every warning (rules.settle).

A school whose document gives only a publication date (`published_on`, as Heathfields'
"Publication Date") is compared with that instead: a policy published on a date was
approved by then, so a later change is a text nobody approved either.

"After" means after the last day the date can mean: a policy approved in "March 2025"
was approved by the 31st, so a change on 15 March needs no warning. A commit that changed
only a school's own file (its contacts, its choices) is that school's business, not a new
text for every school's governors. A school with neither date gets no warning here (it
has never been approved; that is another check's business), and neither does any school
when git gives no history (POLICYSITE_NO_GIT_HISTORY=1, no git, no checkout).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ..errors import Finding, Location, warning
from ..model import School
from .dates import PolicyDate
from .history import Commit, changes_canonical

# The date a school's text was signed off, in the order it is looked for, and the word that says which.
SIGN_OFF_FIELDS = (("approved_on", "approved"), ("published_on", "published"))


# Who stands behind the older text; either way, only the governors' approval settles it.
HINTS = {
    "approved": "The governors approved an older text: have them approve the current one, then set "
    "`approved_on:` to the date they did.",
    "published": "The school published an older text: have the governors approve the current one, then set "
    "`approved_on:` to the date they did.",
}


class SignedOff(NamedTuple):
    field: str  # approved_on or published_on
    verb: str  # approved or published
    date: PolicyDate


def signed_off(control: Mapping) -> SignedOff | None:
    """`approved_on`, else `published_on`, of a school's merged `document_control`; None without either."""
    for field, verb in SIGN_OFF_FIELDS:
        if control.get(field) is not None:
            return SignedOff(field, verb, control[field])
    return None


def reapproval_warnings(schools: list[School], commits: tuple[Commit, ...]) -> list[Finding]:
    """One warning per school whose approval is older than the canonical text it publishes;
    `commits` are `history.git_commits`' (oldest first), so git is asked once a run."""
    canonical = [c for c in commits if changes_canonical(c)]
    return [finding for school in schools for finding in _school_warning(school, canonical)]


def _school_warning(school: School, canonical: list[Commit]) -> list[Finding]:
    signed = signed_off(school.data["document_control"])
    if signed is None:
        return []
    later = [c for c in canonical if c.date.last_day() > signed.date.last_day()]
    if not later:
        return []
    latest = later[-1]
    changed = "after that, on" if len(later) == 1 else f"{len(later)} times after that, most recently on"
    return [
        warning(
            school.origins.get(("document_control", signed.field), Location(school.path)),
            f"{school.data['name']}: `{signed.field}` is {signed.date}, but the canonical policy text "
            f'changed {changed} {latest.date}: "{latest.summary}"',
            HINTS[signed.verb],
        )
    ]
