"""Each seed school's pages say what its seed document says.

The facts below were read from the seed documents (000 Cumbria Futures P03, 001 The
Avenue, 002 Cambois, 003 Heathfields/Wilnecote, 004 the parent letter). A missing fact is a
content bug: the school file or the canonical text lost something the school's policy says.
Letter and staff-code facts are checked in the web page and in the PDF.
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from .helpers import PDFS, SLUGS, page_path, pdf_path, pdf_text, squash, visible_text

SIX_ACTIONS = [
    "Take legal advice",
    "as a warning",
    "Contact the police",
    "access to the school's own website",
    "company that runs the social media site",
    "Take legal action against the person",
]
POLICE = ["harassment", "racial element", "grossly obscene", "grossly offensive", "threatens violence"]
# The Avenue's police examples are the federation's without "grossly offensive".
AVENUE_POLICE = ["harassment", "racial element", "grossly obscene", "threatens violence"]

FACTS = {
    "cumbria-futures": {  # seed 000
        "policy": [
            "P03",
            "Parental Use of Social Media Policy",
            "Courage and Compassion",
            "Inclusion and Equality",
            "Respect and Courtesy",
            "Optimism and Perseverance",
            "Forgiveness and Tolerance",
            "Ambition and Achievement",
            "whatever their abilities",
            "Facebook",
            "Twitter",
            "carers and other relatives of a child in school",
            "at least 14 years old",
            "a senior member of staff",
            "the Headteacher",
            "a member of the Governing Body",
            "any school in Cumbria Futures Federation",
            "Complaints Policy",
            *SIX_ACTIONS,
            *POLICE,
        ],
        "letter": ["Cumbria Futures Federation", "Parental Use of Social Media Policy"],
        "staff-code": ["Cumbria Futures Federation"],
    },
    "the-avenue": {  # seed 001
        "policy": [
            "The Avenue",
            "David Joy",
            "November 2021",
            "November 2022",
            "Facebook",
            "Twitter",
            "carers, relatives and anyone else associated with the school",
            "your child's class teacher",
            "the Headteacher",
            "the Chair of Governors",
            "Complaints Procedure",
            "Acceptable Use Policy",
            "report abuse",
            "meet the Headteacher",
            "ask yourself",
            "minimum age",
            *SIX_ACTIONS,
            *AVENUE_POLICE,
        ],
        "letter": ["The Avenue Primary School"],
        "staff-code": [
            "The Avenue",
            "staff, volunteers and governors",
            "past pupils, whatever their age",
            "YouTube",
            "school equipment",
            "serious disciplinary offence",
            "Complaints Procedure",
            "written permission from the Headteacher",
            "friend requests from parents",
            "identity fraud",
            "privacy settings",
            "published in November 2021",
        ],
    },
    "cambois": {  # seed 002
        "policy": [
            "Cambois Primary School",
            "Facebook and Instagram",
            "at least 13 years old",
            "Acceptable Use Policy",
            "Anti-Bullying Policy",
            "Complaints Policy",
            "Governing Body",
            "parent helpers",
            "school event",
            "prospectus",
            "Take legal advice",
            "Contact the police",
            "racist element",
            "encourages it",
            "hate them, laugh at them or look down on them",
            "shun or avoid",
            "National Association of Headteachers",
        ],
        "letter": ["Cambois Primary School", "Facebook"],
        "staff-code": [
            "school staff, governors, visitors and parent helpers",
            "past pupils under the age of 16",
            "lesson times",
            "Teachers' Standards",
            "Guidance for Safer Working Practice",
            "report it to the Headteacher first",
            "disciplinary action",
            "privacy settings",
            "add parents as friends",
        ],
    },
    "heathfields-wilnecote": {  # seed 003
        "policy": [
            "Heathfields Infant & Wilnecote Junior Academy",
            "Facebook, Twitter, WhatsApp and Instagram",
            "at least 14 years old",
            "the Head of School",
            "a member of the Senior Leadership Team",
            "a member of the Governing Body",
            "Behaviour Policy",
            "Complaints Policy",
            "Mrs Glover",
            "Governors",
            "Social Media/ IT",
            "September 2020",
            "2024",
            "Issued to Heathfields Infant and Wilnecote Junior Academy",
            "friending",
            "children who are not your own without permission",
            "what their children are learning",
            "Take legal advice",
            "access to the school's own website",
            "company that runs the social media site",
        ],
        "letter": ["Heathfields Infant & Wilnecote Junior Academy", "Head of School"],
        "staff-code": ["Heathfields Infant & Wilnecote Junior Academy", "published in September 2020"],
    },
}

# Seed 004, the letter every school sends.
LETTER = [
    "Dear Parent/Carer",
    "respectful",
    "full name",
    "tag photos",
    "every comment posted under your name",
    "your duty to report it",
    "Do not accept children as friends",
    "please tell the school",
    "a school space, not a personal one",
    "good name",
    "safeguarding",
    "tagging",
    "must not reply",
    "keep an eye on online spaces",
    "taken to court",
    "legal advice",
    "Thank you for your understanding and support.",
    "cyberbullying",
]
DFE = (
    "https://www.gov.uk/government/uploads/system/uploads/attachment_data/file/375420/"
    "Advice_for_Parents_on_Cyberbullying_131114.pdf"
)

# What a seed does not say must not appear either.
ABSENT = {
    "the-avenue": {
        "policy": ["at least 13", "at least 14", "grossly offensive", "Approved on"],
        "letter": ["Approved"],
        "staff-code": ["Approved", "approved in"],
    },
    "cambois": {
        "policy": ["as a warning", "access to the school's own website", "harassment", "grossly"],
        "staff-code": ["Set your personal accounts to private"],
    },
    "heathfields-wilnecote": {
        "policy": ["Contact the police", "as a warning", "Take legal action against", "Approved on"],
        "letter": ["Approved"],
        "staff-code": ["Approved", "approved in"],
    },
    "cumbria-futures": {"staff-code": ["past pupils under the age"]},
}


def cases(table: dict) -> list:
    found = []
    for slug, outputs in table.items():
        for output, facts in outputs.items():
            kinds = ["page", "pdf"] if output in PDFS else ["page"]
            found += [
                pytest.param(slug, output, kind, fact, id=f"{slug}-{output}-{kind}-{fact[:40]}")
                for kind in kinds
                for fact in facts
            ]
    return found


@pytest.fixture(scope="module")
def text_of(built_site):
    site, _ = built_site
    cache: dict[tuple, str] = {}

    def get(slug: str, output: str, kind: str) -> str:
        if (slug, output, kind) not in cache:
            cache[slug, output, kind] = (
                pdf_text(pdf_path(site, slug, output))
                if kind == "pdf"
                else visible_text(page_path(site, slug, output).read_text(encoding="utf-8"))
            )
        return cache[slug, output, kind]

    return get


def test_every_seed_school_is_built():
    assert set(FACTS) <= set(SLUGS), f"seed schools missing from schools/: {set(FACTS) - set(SLUGS)}"


@pytest.mark.parametrize("slug, output, kind, fact", cases(FACTS))
def test_school_pages_state_the_seed_fact(text_of, slug, output, kind, fact):
    assert squash(fact) in text_of(slug, output, kind)


@pytest.mark.parametrize("slug, output, kind, fact", cases(ABSENT))
def test_school_pages_do_not_state_what_the_seed_does_not(text_of, slug, output, kind, fact):
    assert squash(fact) not in text_of(slug, output, kind)


# The date each seed puts on its document, as the PDF footers give it: a publication date, never
# an approval date (001's bare "Date", 003's "Publication Date").
FOOTER_DATES = {"the-avenue": "Published November 2021", "heathfields-wilnecote": "Published September 2020"}


@pytest.mark.parametrize("slug", list(FOOTER_DATES))
@pytest.mark.parametrize("output", list(PDFS))
def test_pdf_footer_gives_the_seed_date_as_a_publication_date(text_of, slug, output):
    assert squash(FOOTER_DATES[slug]) in text_of(slug, output, "pdf")


@pytest.mark.parametrize("slug, output, kind, fact", cases({s: {"letter": LETTER} for s in FACTS}))
def test_letter_says_what_the_seed_letter_says(text_of, slug, output, kind, fact):
    assert squash(fact) in text_of(slug, output, kind)


@pytest.mark.parametrize("slug", list(FACTS))
def test_letter_keeps_safe_in_bold(built_site, slug):
    site, _ = built_site
    assert "<strong>safe</strong>" in page_path(site, slug, "letter").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", list(FACTS))
def test_letter_links_the_dfe_cyberbullying_advice(built_site, slug):
    site, _ = built_site
    assert f'href="{DFE}"' in page_path(site, slug, "letter").read_text(encoding="utf-8")
    uris = [
        annot.get_object().get("/A", {}).get("/URI")
        for page in PdfReader(pdf_path(site, slug, "letter")).pages
        for annot in page.get("/Annots") or []
    ]
    assert DFE in uris, "the PDF has no link to the DfE advice"
