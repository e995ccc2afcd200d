"""Re-approval: a school's governors approved an older text than the one now published.

A `Policy-Change:` commit (history.py) that changed the canonical content
(content/social-media/) after a school's `document_control.approved_on` changed the policy
the school publishes under that approval. Each such school gets one warning, at its
`approved_on` line, naming the latest of those commits (and how many there were); `--strict`
makes it an error, as every warning (rules.settle).

"After" means after the last day `approved_on` can mean: a policy approved in "March 2025"
was approved by the 31st, so a change on 15 March needs no warning. A commit that changed
only a school's own file (its contacts, its choices) is that school's business, not a new
text for every school's governors. A school without `approved_on` gets no warning here (it
has never been approved; that is another check's business), and neither does any school
when git gives no history (POLICYSITE_NO_GIT_HISTORY=1, no git, no checkout).
"""

from __future__ import annotations

from ..errors import Finding, Location, warning
from ..model import School
from .history import Commit, changes_canonical

APPROVED_ON = ("document_control", "approved_on")


def reapproval_warnings(schools: list[School], commits: tuple[Commit, ...]) -> list[Finding]:
    """One warning per school whose approval is older than the canonical text it publishes;
    `commits` are `history.git_commits`' (oldest first), so git is asked once a run."""
    canonical = [c for c in commits if changes_canonical(c)]
    return [finding for school in schools for finding in _school_warning(school, canonical)]


def _school_warning(school: School, canonical: list[Commit]) -> list[Finding]:
    approved = school.data["document_control"].get("approved_on")
    if approved is None:
        return []
    later = [c for c in canonical if c.date.last_day() > approved.last_day()]
    if not later:
        return []
    latest = later[-1]
    changed = "after that, on" if len(later) == 1 else f"{len(later)} times after that, most recently on"
    return [
        warning(
            school.origins.get(APPROVED_ON, Location(school.path)),
            f"{school.data['name']}: `approved_on` is {approved}, but the canonical policy text "
            f'changed {changed} {latest.date}: "{latest.summary}"',
            "The governors approved an older text: have them approve the current one, then set "
            "`approved_on:` to the date they did.",
        )
    ]
