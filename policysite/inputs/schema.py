"""The school-file schema: every field, its type, its default and one line of meaning.

This table is the single source of truth. The loader validates `schools/*.yml` and the
federation defaults against it, and `python build.py schema` prints it as the Markdown
table docs/school-files.md shows, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ..errors import Finding, error
from .fields import (
    Boolean,
    Choice,
    Date,
    Email,
    Integer,
    ListOf,
    Markdown,
    Text,
    Url,
    Where,
    _dotted,
    _wrong_type,
    key_problem,
)
from .identity import Colour, Logo
from .langcodes import Languages, SectionTranslations, untranslatable
from .mdscan import has_visible_text

CONTACT_ROLES = {
    "class_teacher": "your child's class teacher",
    "senior_staff": "a senior member of staff",
    "headteacher": "the Headteacher",
    "head_of_school": "the Head of School",
    "senior_leadership_team": "a member of the Senior Leadership Team",
    "chair_of_governors": "the Chair of Governors",
    "governing_body": "a member of the Governing Body",
}

POLICIES = {
    "complaints": "Complaints Policy",
    "behaviour": "Behaviour Policy",
    "anti_bullying": "Anti-Bullying Policy",
    "acceptable_use": "Acceptable Use Policy",
    "safeguarding": "Safeguarding and Child Protection Policy",
    "online_safety": "Online Safety Policy",
    "staff_code_of_conduct": "Staff Code of Conduct",
    "data_protection": "Data Protection Policy",
    "whistleblowing": "Whistleblowing Policy",
}

# What the school may do if inappropriate posting goes on after it has asked for removal.
ACTIONS = {
    "legal_advice": "take legal advice, and legal action where a post is defamatory",
    "written_warning": "write to the parent setting out its concerns, as a warning",
    "police": "contact the police",
    "block_access": "block or restrict access to the school's own website or forums",
    "report_to_platform": "report the content to the site that hosts it",
    "other_legal_action": "take other legal action after advice",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: Any
    default: Any
    doc: str
    required: bool = False


@dataclass(frozen=True)
class Record:
    """A YAML mapping with a fixed set of fields; unknown keys are errors, never ignored."""

    fields: tuple[Field, ...]
    doc_type: str = "group of fields"

    def check(self, node, where: Where, path: tuple = (), *, partial: bool = False):
        if node is None:
            node = {}
        if not isinstance(node, dict):
            return None, [_wrong_type(node, where, path, "a group of `key: value` lines")]
        by_name = {f.name: f for f in self.fields}
        values: dict[str, Any] = {}
        findings: list[Finding] = []
        for key in node:
            if key not in by_name:
                findings.append(
                    key_problem(key, where, path + (key,))
                    or _unknown_key(key, by_name, where(path + (key,), key=True), path)
                )
        missing = [f.name for f in self.fields if f.required and f.name not in node]
        if missing and not partial:
            inside = f"`{_dotted(path)}` is " if path else ""
            fields = ", ".join(f"`{m}:`" for m in missing)
            findings.append(
                error(
                    where(path),
                    f"{inside}missing required field(s): " + ", ".join(missing),
                    f"Add {fields} to " + ("this entry." if path else "the file."),
                )
            )
        for f in self.fields:
            if f.name not in node:
                continue
            child = node[f.name]
            if child is None and not f.required:
                # An explicit empty value clears the default ("no minimum age quoted"); text
                # with a built-in wording falls back to it, since pages would otherwise say "None".
                values[f.name] = (
                    {}
                    if isinstance(f.type, Record)
                    else ()
                    if isinstance(f.type, ListOf)
                    else f.default
                    if isinstance(f.default, str)
                    else None
                )
                continue
            value, problems = f.type.check(child, where, path + (f.name,))
            findings += problems
            values[f.name] = value
        return values, findings


@dataclass(frozen=True)
class SectionChanges:
    """`sections:` — per section id, what a school does to the canonical text."""

    doc_type: str = "section id → {append, replace, omit, translations}"

    def check(self, node, where: Where, path: tuple = ()):
        if not isinstance(node, dict):
            return None, [_wrong_type(node, where, path, "a group of `section-id:` entries")]
        values: dict[str, Any] = {}
        findings: list[Finding] = []
        for key, child in node.items():
            problem = key_problem(key, where, path + (key,), "section id") or _not_an_id(key, where, path + (key,))
            if problem:  # merge would name it in "no such section": say what is wrong with it instead
                findings.append(problem)
                continue
            value, problems = SECTION_CHANGE.check(child, where, path + (key,))
            findings += problems
            if (
                value is not None
                and not problems
                and sum(bool(value.get(k)) for k in ("append", "replace", "omit")) != 1
                and not untranslatable(value, where, path + (key,))  # only `translations:`: said below
            ):
                findings.append(
                    error(
                        where(path + (key,)),
                        f"section `{key}` must have exactly one of append, replace or omit",
                        "Keep one of the three keys.",
                    )
                )
            findings += _blank_text(value or {}, where, path + (key,))
            findings += untranslatable(value or {}, where, path + (key,)) if not problems else []
            values[str(key)] = value
        return values, findings


def _not_an_id(key, where: Where, path: tuple):
    """`12:` or `? [a]` under `sections:`: not a name, and merge could not say where it is."""
    if isinstance(key, str):
        return None
    return error(
        where(path, key=True),
        f"`{key}` is not a section id",
        "Section ids are words joined by hyphens, such as `overview`, as in the canonical content.",
    )


def _blank_text(change: dict, where: Where, path: tuple) -> list:
    """`replace: " "` would empty a required section while the page still has its heading."""
    return [
        error(
            where(path + (kind,)),
            f"`{_dotted(path + (kind,))}` has no text a reader would see",
            "Write the school's text here"
            + (
                ", or use `omit: true` to leave out an optional section."
                if kind == "replace"
                else ", or delete `append:`."
            ),
        )
        for kind in ("append", "replace")
        if isinstance(change.get(kind), str) and change[kind] and not has_visible_text(change[kind])
    ]


def _unknown_key(key, by_name: dict, location, path: tuple):
    if key is None:  # `: value` with nothing before the colon
        return error(location, "a value has no field name", "Write the field name before the `:`.")
    # Only names can be misspelt; a number or a list as a key gets the list of fields instead.
    near = difflib.get_close_matches(key, list(by_name), n=1, cutoff=0.6) if isinstance(key, str) else []
    where = f" in `{_dotted(path)}`" if path else ""
    hint = f"Did you mean `{near[0]}`?" if near else "Known fields: " + ", ".join(by_name) + "."
    return error(location, f"unknown field `{key}`{where}", hint)


SECTION_CHANGE = Record(
    (
        Field("append", Markdown(), None, "Markdown added after the canonical text of the section."),
        Field("replace", Markdown(), None, "Markdown used instead of the canonical text of the section."),
        Field("omit", Boolean(), False, "true leaves the section out; only for sections the contract marks optional."),
        Field(
            "translations",
            SectionTranslations(),
            {},
            "The school's own `append` or `replace` text in another language, by its code (`pl: |`); "
            "a language the school publishes without it shows the English text, marked as English.",
        ),
    )
)

LINKED_POLICY = Record(
    (
        Field("policy", Choice(POLICIES, "linked policy"), None, "Which policy: " + ", ".join(POLICIES) + ".", True),
        Field("title", Text(), None, 'The school\'s own name for it, if different ("Complaints Procedure").'),
        Field("url", Url(), None, "Where parents can read it (https:)."),
    )
)

HISTORY_ENTRY = Record(
    (
        Field("version", Text(), None, "Version number or label.", True),
        Field("date", Date(terms=True), None, "When this version was made.", True),
        Field("summary", Text(), None, "What changed.", True),
        Field("by", Text(), None, "Who made the change."),
    )
)

DOCUMENT_CONTROL = Record(
    (
        Field("title", Text(), "Social Media Policy", "The policy's title as the school uses it."),
        Field("reference", Text(), None, "The policy's reference number, such as P03."),
        Field("lead", Text(), None, "The policy lead or author."),
        Field("reviewed_by", Text(), None, "Who reviewed the policy."),
        Field("approved_by", Text(), None, "Who approved the policy, such as Governors."),
        Field("approved_on", Date(terms=True), None, 'When it was approved; shown as "Approved on".'),
        Field(
            "published_on",
            Date(terms=True),
            None,
            "When it was published, for a document that gives a publication date but no approval date; "
            'shown as "Published on". The re-approval warning and the PDF footer use it when `approved_on` '
            "is not set.",
        ),
        Field(
            "review_on",
            Date(terms=True),
            None,
            "When it is next due for review, shown as written. It is due by its last day (a month's last day; "
            "31 December for an Autumn term, 31 March for Spring, 31 August for Summer): `check` lists it in "
            "the 60 days before, and warns once that day has passed.",
        ),
        Field("status", Text(), None, "Document status, such as Approved; shown only when set."),
        Field("department", Text(), None, "Department or subject area."),
        Field("issued_to", Text(), None, "Who the policy is issued to."),
        Field("history", ListOf(HISTORY_ENTRY), (), "Version history: version, date, summary, by."),
    )
)

LETTER = Record(
    (
        Field(
            "date",
            Date(),
            None,
            "The day the letter goes home; without it the letter prints a blank date line for the office "
            "to fill in. `check` warns when it is more than 6 months old.",
        ),
        Field(
            "reply_by",
            Date(terms=True),
            None,
            'When the reply slip must be back; prints "Please return this slip by …" on the slip and in '
            "the letter (a term: by the end of it). Without it, neither appears. `check` warns when it is "
            "before `letter.date`.",
        ),
        Field("signed_by", Text(), None, "Who signs the letter; defaults to `headteacher_name`."),
        Field("signer_role", Text(), None, "The signer's role; defaults to `headteacher_title`."),
    )
)

OPTIONS = Record(
    (
        Field("pupils_in_school", Boolean(), False, "Add the section on pupils' own use of social media in school."),
        Field(
            "photographs_of_other_children",
            Boolean(),
            False,
            "List posting photos of other people's children as inappropriate.",
        ),
        Field("friending_staff", Boolean(), False, "List 'friending' members of staff as inappropriate."),
        Field("questions_before_posting", Boolean(), False, "Give parents questions to ask themselves before posting."),
        Field(
            "report_abuse",
            Boolean(),
            False,
            "Say the school reports abusive posts through the site's own reporting tools.",
        ),
        Field(
            "headteacher_meeting", Boolean(), False, "Say the parent will be asked to a meeting with the Headteacher."
        ),
        Field("defamation_definition", Boolean(), False, "Explain what the law counts as defamation."),
        Field("dfe_cyberbullying_advice", Boolean(), True, "Point parents to the DfE advice on cyberbullying."),
    )
)

FEDERATION_CONTACT = Record(
    (
        Field("name", Text(), None, 'Who answers, such as "The federation office".'),
        Field("email", Email(), None, "Email address."),
        Field("phone", Text(), None, "Phone number, in quotes."),
        Field("website", Url(), None, "Website (https:)."),
        Field("address", ListOf(Text(), 8), (), "Postal address lines."),
    )
)

SCHOOL = Record(
    (
        Field("name", Text(), None, "The school's full name, as parents know it.", True),
        Field("short_name", Text(), None, "A shorter name for running text; defaults to `name`."),
        Field("federation", Text(), None, "The federation or trust the school belongs to."),
        Field("headteacher_name", Text(), None, "Name of the head, who signs the letter by default."),
        Field("headteacher_title", Text(), "Headteacher", "The head's title, such as Head of School."),
        Field("address", ListOf(Text(), 8), (), "Postal address lines for the letterhead."),
        Field("phone", Text(), None, "Office phone number, in quotes."),
        Field("email", Email(), None, "Office email address."),
        Field("website", Url(), None, "School website (https:)."),
        Field("logo", Logo(), None, "The logo: an SVG or PNG file, its path from this file's folder."),
        Field("colour", Colour(), None, 'The header colour, "#rrggbb": white text on it needs 4.5:1.'),
        Field("group", Text(), None, 'The home page lists schools by it, such as "Infant schools".'),
        Field("federation_contact", FEDERATION_CONTACT, {}, "defaults.yml only: the federation's contact."),
        Field("aims", Text(), None, "One sentence on what the school aims for."),
        Field("values", ListOf(Text(), 20), (), "The school's values, one a line."),
        Field(
            "parent_includes",
            Text(),
            "carers and other relatives of a child in school",
            "Who else 'parent' covers in the policy.",
        ),
        Field(
            "minimum_age",
            Integer(0, 18),
            13,
            "Minimum age the school quotes for social media accounts; empty for none.",
        ),
        Field(
            "platforms",
            ListOf(Text(), 12),
            ("Facebook", "Instagram", "WhatsApp"),
            "Social media sites named as examples.",
        ),
        Field(
            "contacts",
            ListOf(Choice(CONTACT_ROLES, "contact role")),
            ("class_teacher", "headteacher"),
            "Who parents should speak to, in order: " + ", ".join(CONTACT_ROLES) + ".",
        ),
        Field("linked_policies", ListOf(LINKED_POLICY, 12), (), "Related policies: policy, title, url."),
        Field(
            "actions",
            ListOf(Choice(ACTIONS, "action")),
            tuple(ACTIONS),
            "What the school may do if misuse goes on: " + ", ".join(ACTIONS) + ".",
        ),
        Field(
            "staff_code_applies_to",
            ListOf(Text(), 10),
            ("staff", "volunteers", "governors"),
            "Who must follow the staff code of conduct.",
        ),
        Field(
            "past_pupils_age",
            Integer(0, 25),
            None,
            "Staff never befriend past pupils under this age; empty means never.",
        ),
        Field("document_control", DOCUMENT_CONTROL, {}, "Reference, lead, approval, review date, history."),
        Field("letter", LETTER, {}, "The parent letter: its date and who signs it."),
        Field("options", OPTIONS, {}, "Parts of the policy a school turns on or off."),
        Field("sections", SectionChanges(), {}, "Per section id: append, replace or omit (optional sections only)."),
        Field(
            "languages",
            Languages(),
            (),
            "Languages the school publishes its pages and letter PDF in besides English, by code (pl, ur); "
            "each needs its catalogue, content/social-media/translations/<code>.po.",
        ),
    )
)


def defaults_of(record: Record) -> dict:
    """The built-in defaults, nested like a school file."""
    out = {}
    for f in record.fields:
        out[f.name] = defaults_of(f.type) if isinstance(f.type, Record) else f.default
    return out


def schema_markdown() -> str:
    """The field table, as docs/school-files.md shows it."""
    rows = ["| field | type | default | meaning |", "|---|---|---|---|"]

    def walk(record: Record, prefix: str):
        for f in record.fields:
            name = f"{prefix}{f.name}"
            default = "required" if f.required else _show_default(f.default)
            rows.append(f"| `{name}` | {f.type.doc_type} | {default} | {f.doc} |")
            if isinstance(f.type, Record):
                walk(f.type, name + ".")
            elif isinstance(f.type, ListOf) and isinstance(f.type.item, Record):
                walk(f.type.item, name + "[].")
            elif isinstance(f.type, SectionChanges):
                walk(SECTION_CHANGE, name + ".<id>.")

    walk(SCHOOL, "")
    return "\n".join(rows) + "\n"


def _show_default(value) -> str:
    if value is None:
        return "—"
    if value in ({}, ()):
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return f"{value}"
