"""Each seed school's pages keep every point of its seed, with the seed's meaning.

A point is a short description of something the school's seed document says, written in
our own words, and the phrases its built page must show for the point to be there with
that meaning: "must" where the seed insists, "malicious" where the law is at stake. A point
with `times=0` is a drift that must not come back (a softened legal statement, a sentence
merging left twice); `times=1` says a rule is stated once, not repeated.

Seeds: 000 Cumbria Futures (P03), 001 The Avenue, 002 Cambois, 003 Heathfields and
Wilnecote, 004 the parent letter every school sends. Web pages only: test_seed_facts checks
that the PDFs carry the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from .helpers import SLUGS, page_path, squash, visible_text


@dataclass(frozen=True)
class Point:
    output: str  # policy, letter or staff-code
    says: str  # the seed's point, in our words
    phrases: tuple[str, ...]
    times: int | None = None  # None: at least once; 0: never; 1: exactly once


def P(output: str, says: str, *phrases: str, times: int | None = None) -> Point:
    return Point(output, says, phrases, times)


ACTIONS = (
    "Take legal advice",
    "defamatory in any way",
    "as a warning",
    "Contact the police",
    "access to the school's own website or online forum",
    "company that runs the social media site",
    "Take legal action against the person",
)
OBJECTIVES = (
    "Encourage parents to use social media in a helpful and positive way",
    "safe from harm caused by social media",
    "Protect the good name of the school from unfair abuse",
    "the right and the wrong way for parents to use social media",
    "wrongly or against the law",
    "the action we may take",
)
POLICE = (
    "When we may contact the police",
    "crime has been committed, such as harassment",
    "racial element",
    "grossly obscene or grossly offensive",
    "threatens violence",
)
# Drifts of canonical text that any school's page would show.
COMMON = [
    P("policy", "sharing worries online is never put as a mere request", "we ask you not to do this", times=0),
    P("policy", "the school may take action; it does not promise it", "the steps we will take if", times=0),
    P(
        "policy",
        "'please contact the school' is said once, not twice in one section",
        "Please contact the school",
        times=1,
    ),
    P(
        "policy",
        "having accounts is acknowledged, not permitted ('You may use them' reads as permission)",
        "You may use them",
        times=0,
    ),
    P(
        "policy",
        "the police examples are in their own section, the law's heading names no police",
        "The police and the law",
        times=0,
    ),
    P(
        "policy",
        "the document control uses words parents know",
        "Policy lead or author",
        "Approved or published",
        times=0,
    ),
    P("letter", "the letter insists on its rules (004: 'we need to insist you follow')", "we must insist you follow"),
    P("letter", "people have been prosecuted for offensive posts (004)", "were prosecuted"),
    P("letter", "the letter's rules are not only a request", "we ask you to follow", times=0),
    P("letter", "a child's full name is never used, even your own child's", "full name, even your own child's"),
    P("letter", "photos are posted or tagged only with the right permission", "unless you have the right permission"),
    P("letter", "worries go to the school, not onto social media", "contact us so that we can sort it out"),
    P("letter", "everyone answers for comments under their name", "every comment posted under your name"),
    P("letter", "parents who see misuse have a duty to report it", "your duty to report it"),
    P(
        "letter",
        "keep out of derogatory conversations; refer people to the school",
        "derogatory",
        "contact the school instead",
    ),
    P("letter", "tell the school before setting up a site about it", "please tell the school"),
    P("letter", "a school site is a school space, not a personal one", "a school space, not a personal one"),
    P("letter", "staff may not discuss pupils, staff or parents online", "must not discuss anything", "safeguarding"),
    P("letter", "staff who see comments as parents must not reply", "must not reply"),
    P("letter", "staff have a duty to monitor online spaces", "keep an eye on online spaces"),
    P(
        "letter",
        "untrue or offensive posts: removal asked; legal advice in an extreme case",
        "untrue or offensive posts to be removed",
        "In a very serious case, we will take legal advice",
    ),
    P(
        "letter",
        "DfE advice on cyberbullying of children and adults",
        "Department for Education",
        "children and adults",
    ),
]

POINTS = {
    "cumbria-futures": [  # seed 000
        P("policy", "reference and title", "P03", "Parental Use of Social Media Policy"),
        P("policy", "the federation's aim", "safe place", "whatever their abilities"),
        P(
            "policy",
            "the six values",
            "Courage and Compassion",
            "Inclusion and Equality",
            "Respect and Courtesy",
            "Optimism and Perseverance",
            "Forgiveness and Tolerance",
            "Ambition and Achievement",
        ),
        P(
            "policy",
            "some people post negative or offensive views about schools",
            "negative or offensive views about schools and their staff",
        ),
        P(
            "policy",
            "procedures that will be followed, action that may be taken",
            "steps we will follow, and the action we may take",
        ),
        P("policy", "'parent' includes carers and other relatives", "carers and other relatives of a child in school"),
        P("policy", "the policy's six purposes", *OBJECTIVES),
        P(
            "policy",
            "social media is not the way to raise concerns; the school will not respond there",
            "not the place to raise a worry or make a complaint",
            "We will not reply",
        ),
        P(
            "policy",
            "even with serious allegations, do not name people and post abuse",
            "an allegation",
            "name people and post abusive comments",
        ),
        P("policy", "venting about the school online is rarely appropriate", "rarely appropriate"),
        P(
            "policy",
            "a private, confidential talk or the complaints process is much better",
            "much better",
            "in confidence",
            "a senior member of staff, the Headteacher or a member of the Governing Body",
        ),
        P(
            "policy",
            "examples of misuse, not a complete list",
            "does not cover every case",
            "any school in Cumbria Futures Federation",
            "Making allegations",
            "cyberbullying",
            "Making complaints about the school",
            "Making defamatory statements",
            "Posting negative or offensive comments",
            "Posting racist comments",
            "threaten violence",
            "children who are not your own",
        ),
        P(
            "policy",
            "parents explain what is acceptable and monitor their children",
            "Explain to your child what is OK to post online",
            "Keep an eye on what your child does online",
        ),
        P("policy", "most sites require users to be at least 14", "at least 14 years old"),
        P(
            "policy",
            "first step: discuss with the parent and ask for removal",
            "may not always realise",
            "as a first step, we will usually talk to the parent",
            "remove the post",
        ),
        P("policy", "the six actions if misuse goes on", *ACTIONS),
        P("policy", "when the police may be contacted", *POLICE),
        P("policy", "'racial element' (000's legal words) is not narrowed to 'racist'", "racist element", times=0),
        P("policy", "violence 'encouraged' is Cambois' example, not 000's", "encourages it", times=0),
        P(
            "policy",
            "social media is not the way; the school will not respond to issues raised there",
            "We will not reply to worries or complaints",
        ),
        P("policy", "the formal complaints process is much better", "our formal complaints process"),
        P(
            "policy",
            "dealt with in a professional and appropriate manner ('fair' is not the seed's)",
            "in a professional and proper way",
        ),
        P("policy", "the school never promised to be 'fair'", "fair and professional", times=0),
        P("policy", "no document status in the seed", "Status Approved", times=0),
    ],
    "the-avenue": [  # seed 001
        P("policy", "policy lead", "Written by David Joy"),
        P(
            "policy",
            "most use it positively; most concerns are easily resolved",
            "positive and responsible way",
            "sort out most worries easily",
        ),
        P(
            "policy",
            "'parent' includes carers, relatives, anyone associated",
            "carers, relatives and anyone else associated with the school",
        ),
        P("policy", "the policy's purposes", *OBJECTIVES),
        P(
            "policy",
            "social media can help learning and feedback",
            "help pupils to learn",
            "give us feedback quickly and easily",
        ),
        P(
            "policy",
            "questions to ask before posting",
            "ask yourself",
            "Is social media the right place",
            "Would a private talk with the school be better",
            "not yet had the chance to look into",
            "affect how pupils learn",
        ),
        P("policy", "venting about the school online is never appropriate", "never appropriate"),
        P(
            "policy",
            "concerns must go through the proper channels",
            "you must raise it through the proper channels",
            "your child's class teacher, the Headteacher or the Chair of Governors",
            "Complaints Procedure",
        ),
        P("policy", "'you can speak' would weaken 'must'", "You can speak in private", times=0),
        P(
            "policy",
            "examples of misuse",
            "Making allegations",
            "cyberbullying",
            "Making complaints about the school",
            "Making defamatory statements",
            "Posting negative or offensive comments",
            "Posting racist comments",
            "threaten violence",
        ),
        P("policy", "parents should know the age restrictions", "minimum age", "check the age limit"),
        P(
            "policy",
            "libellous or defamatory comments are reported to the site",
            "libellous or defamatory comments",
            "report abuse",
        ),
        P("policy", "'untrue or damaging' is not the seed's legal wording", "untrue or damaging", times=0),
        P(
            "policy",
            "immediate removal and a meeting with the Headteacher about the AUP",
            "remove the post straight away",
            "meet the Headteacher",
            "Acceptable Use Policy",
            "what could happen as a result",
        ),
        P("policy", "the six actions if misuse goes on", *ACTIONS),
        P(
            "policy",
            "when the police may be contacted: the seed's four examples",
            "When we may contact the police",
            "crime has been committed, such as harassment",
            "racial element",
            "A post is grossly obscene.",
            "A post threatens violence.",
        ),
        P("policy", "the seed never names 'grossly offensive' posts", "grossly offensive", times=0),
        P("policy", "violence 'encouraged' is Cambois' example, not 001's", "encourages it", times=0),
        P("policy", "the seed's 'Date' is the date the document was issued", "Published on November 2021"),
        P("policy", "the seed gives no approval date", "Approved on", times=0),
        P("policy", "no document status in the seed", "Status Approved", times=0),
        P("staff-code", "the declaration names the seed's date as a publication date", "(published in November 2021)"),
        P("staff-code", "the declaration claims no approval date", "approved in", "approved on", times=0),
        P("staff-code", "who the staff code covers", "staff, volunteers and governors"),
        P(
            "staff-code",
            "blogs and video sites can harm reputation; safeguarding commitment",
            "blogs",
            "YouTube",
            "firmly committed to keeping children safe",
        ),
        P(
            "staff-code",
            "key principles",
            "professionalism and respect",
            "allegations, and from misunderstandings",
            "Safeguarding children is a key duty",
        ),
        P(
            "staff-code",
            "no friending or contact with pupils or ex-pupils of any age",
            "past pupils, whatever their age",
            "Do not contact pupils through social media",
        ),
        P(
            "staff-code",
            "school equipment is for designated staff's publicity only",
            "Do not use school equipment to go on social networking sites",
        ),
        P("staff-code", "who may post for the school, said once", "may use social media for the school", times=1),
        P(
            "staff-code",
            "the merged duplicate about who posts for the school",
            "chosen to use them for school publicity",
            times=0,
        ),
        P(
            "staff-code",
            "what is not acceptable",
            "written permission from the Headteacher",
            "illegal conduct",
            "defamatory comments",
            "confidential or business-sensitive information",
            "security of the school",
            "Only a designated person may do this, for agreed publicity",
        ),
        P(
            "staff-code",
            "what everyone must do",
            "derogatory, defamatory, rude, threatening or inappropriate comments",
            "identity fraud",
            "clear, professional boundaries",
            "open and transparent",
            "Set your personal accounts to private",
            "never listed as approved contacts",
            "Never use or look at pupils' social media sites",
            "Do not give pupils your personal contact details",
            "if the Headteacher agrees",
            "send personal messages to a child",
        ),
        P(
            "staff-code",
            "friend requests to or from parents strongly discouraged",
            "strongly advise you not to send friend requests to parents",
        ),
        P(
            "staff-code",
            "breaches are investigated; Complaints Procedure action possible",
            "investigate every possible breach fully",
            "Complaints Procedure",
        ),
        P(
            "staff-code",
            "a breach is a serious disciplinary offence, said once",
            "serious disciplinary offence",
            times=1,
        ),
        P("staff-code", "a breach goes against the school's ethos", "ethos and principles"),
        P(
            "staff-code",
            "'may lead to disciplinary action' would contradict the seed",
            "may lead to disciplinary action",
            times=0,
        ),
    ],
    "cambois": [  # seed 002
        P(
            "policy",
            "risks and benefits; who the policy covers",
            "some risks",
            "many benefits",
            "pupils, governors, visitors, parent helpers and school staff",
            "mobile phones",
            "guidance for parents",
        ),
        P(
            "policy",
            "the four areas",
            "four areas",
            "How pupils use social media in school",
            "How staff use social media in their own time",
            "Comments that parents and carers post",
            "online bullying",
        ),
        P(
            "policy",
            "the AUP's rules cover social networking",
            "Acceptable Use Policy sets the rules",
            "apply to social media too",
        ),
        P(
            "policy",
            "pupils: not in school unless a teacher directs it for the lesson (the more specific sentence)",
            "should not use or visit social media sites in school",
            "a teacher directs it",
            "what the lesson is meant to teach",
        ),
        P("policy", "the page does not invent 'for their own use'", "for their own use", times=0),
        P(
            "policy",
            "under-13s may not register, Facebook and Instagram included",
            "at least 13 years old",
            "Facebook and Instagram",
        ),
        P(
            "policy",
            "parents are told what is expected; how the school communicates",
            "know what we expect of them",
            "prospectus",
            "newsletters",
            "respect on both sides",
        ),
        P(
            "policy",
            "no photos of other pupils taken at a school event",
            "must not post photos of pupils other than their own children",
        ),
        P("policy", "the school-event photo rule is stated once", "taken at a school event", times=1),
        P("policy", "no 'without permission' rule the seed never made", "without permission", times=0),
        P(
            "policy",
            "complaints through official channels, not social media",
            "not the place to raise a worry or make a complaint",
            "make a formal complaint",
        ),
        P(
            "policy",
            "malicious or fictitious comments break the law; legal advice",
            "should not post malicious or fictitious comments on social media",
            "breaking the law",
            "seek legal advice",
        ),
        P("policy", "unkind is not unlawful", "unkind or made-up", times=0),
        P(
            "policy",
            "the malicious-comments rule has its own heading, not under the NAHT's definition",
            "Malicious or untrue comments",
        ),
        P("policy", "bullying by a pupil: Anti-Bullying Policy", "Anti-Bullying Policy", "sanctions"),
        P(
            "policy",
            "the Governing Body contacts the parent, asks for removal and redress, and writes",
            "our Governing Body will contact the parent",
            "remove the comments",
            "such as our Complaints Policy",
            "send the parent a letter",
        ),
        P(
            "policy",
            "the merged 'usually talk to the parent' would contradict who contacts the parent",
            "we will usually talk to the parent",
            times=0,
        ),
        P("policy", "removal is asked for once, by the Governing Body", "ask the parent to remove", times=1),
        P(
            "policy",
            "the Governing Body understands police involvement is right for racist or violent posts",
            "When we may contact the police",
            "Governing Body understands",
            "racist element",
            "threatens violence, or encourages it",
        ),
        P(
            "policy",
            "the seed's police examples are its own two",
            "harassment",
            "grossly obscene",
            "grossly offensive",
            times=0,
        ),
        P(
            "policy",
            "defamation and privacy law online (NAHT)",
            "defamation and privacy apply to what people post online",
            "hate them, laugh at them or look down on them",
            "shun or avoid",
            "think less of them",
            "job, trade or business",
            "National Association of Headteachers",
        ),
        P("policy", "no document status in the seed", "Status Approved", times=0),
        P("staff-code", "who the staff guidelines cover", "school staff, governors, visitors and parent helpers"),
        P("staff-code", "protect your professional reputation", "professional reputation"),
        P("staff-code", "never friend pupils, past pupils under 16 included", "past pupils under the age of 16"),
        P(
            "staff-code",
            "encouraged not to friend parents; if you do, be aware of comments and keep out of them",
            "We encourage you not to add parents as friends",
            "be aware of the comments that are made, and do not get involved in them",
        ),
        P("staff-code", "'encouraged', not the federation's 'strongly advise'", "strongly advise", times=0),
        P(
            "staff-code",
            "privacy settings 'should' be at the right level; accounts need not be private",
            "Set your personal accounts to private",
            times=0,
        ),
        P(
            "staff-code",
            "no comments about the school, pupils, parents or colleagues",
            "your colleagues, including members of the governing body",
        ),
        P("staff-code", "no personal use in lesson times", "during lesson times"),
        P(
            "staff-code",
            "'should' duties stay 'should'",
            "You should also",
            "Teachers' Standards",
            "Review your privacy settings",
            "Guidance for Safer Working Practice",
        ),
        P(
            "staff-code",
            "misuse goes to the Headteacher first and may lead to discipline",
            "report it to the Headteacher first",
            "may lead to disciplinary action",
        ),
    ],
    "heathfields-wilnecote": [  # seed 003
        P("policy", "the sites the seed names", "Facebook, Twitter, WhatsApp and Instagram"),
        P(
            "policy",
            "social media helps home-school contact",
            "keep in touch more",
            "what their children are learning",
            "what they have achieved during the day",
        ),
        P(
            "policy",
            "some people post negative or offensive views",
            "negative or offensive views about schools and their staff",
        ),
        P("policy", "encourage positive use; keep everyone safe", "Encourage parents", "safe from harm"),
        P("policy", "venting about the school online is inappropriate", "But it is not appropriate to do this"),
        P(
            "policy",
            "a private talk or the formal complaints process is much better",
            "much better",
            "formal complaints process",
            "the Head of School, a member of the Senior Leadership Team or a member of the Governing Body",
        ),
        P(
            "policy",
            "examples of misuse, incl. photos and friending staff",
            "does not cover every case",
            "Making allegations",
            "cyberbullying",
            "Making defamatory statements",
            "Posting racist comments",
            "children who are not your own without permission",
            '("friending" them)',
        ),
        P(
            "policy",
            "parents explain and monitor; 14 years old",
            "Explain to your child what is OK to post online",
            "at least 14 years old",
        ),
        P(
            "policy",
            "first step: discuss with the parent and ask for removal",
            "as a first step, we will usually talk to the parent",
        ),
        P(
            "policy",
            "if misuse goes on: legal advice, blocking, the site's host",
            "Take legal advice",
            "access to the school's own website or online forum",
            "company that runs the social media site",
        ),
        P(
            "policy",
            "the seed names no police action",
            "Contact the police",
            "When we may contact the police",
            times=0,
        ),
        P("policy", "dealt with in a professional and appropriate manner", "in a professional and proper way"),
        P("policy", "linked policies", "Behaviour Policy", "Complaints Policy"),
        P(
            "policy",
            "document control",
            "Written by Mrs Glover",
            "Reviewed by Governors",
            "Approved by Governors",
            "Social Media/ IT",
            "Status Approved",
            "Issued to Heathfields Infant and Wilnecote Junior Academy",
            "Published on September 2020",
            "Next review Autumn 2024",
        ),
        P("policy", "'Publication Date' is not an approval date", "Approved on", times=0),
        P("staff-code", "the declaration names the publication date", "(published in September 2020)"),
        P("staff-code", "the declaration claims no approval date", "approved in", "approved on", times=0),
    ],
}


def cases() -> list:
    return [
        pytest.param(slug, point, id=f"{slug}: {point.output}: {point.says}")
        for slug, points in POINTS.items()
        for point in points + COMMON
    ]


@pytest.fixture(scope="module")
def page(built_site):
    site, _ = built_site
    cache: dict[tuple[str, str], str] = {}

    def get(slug: str, output: str) -> str:
        if (slug, output) not in cache:
            cache[slug, output] = page_path(site, slug, output).read_text(encoding="utf-8")
        return cache[slug, output]

    return get


@pytest.mark.parametrize("slug, point", cases())
def test_page_keeps_the_seed_point(page, slug, point):
    text = visible_text(page(slug, point.output))
    for phrase in point.phrases:
        found = text.count(squash(phrase))
        if point.times is None:
            assert found, f"{slug} {point.output}: {point.says!r}: {phrase!r} is missing"
        else:
            assert found == point.times, f"{slug} {point.output}: {point.says!r}: {phrase!r} {found} times"


# An `<h2 id=...>` heading and everything up to the next one.
SECTION = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>(.*?)(?=<h2 id="|\Z)', re.S)


def sections(html: str) -> dict[str, tuple[str, str]]:
    """section id -> (heading text, body text) for each section of a page."""
    return {match[1]: (visible_text(match[2]), visible_text(match[3])) for match in SECTION.finditer(html)}


@pytest.mark.parametrize("slug", list(POINTS))
def test_a_heading_that_names_the_police_has_the_police_under_it(page, slug):
    found = sections(page(slug, "policy"))
    for section in ("police", "police-and-law"):
        if section in found:
            heading, body = found[section]
            assert ("police" in heading.lower()) == ("police" in body.lower()), (section, heading, body)


@pytest.mark.parametrize("slug", list(POINTS))
def test_the_police_section_shows_exactly_when_the_school_names_police_action(page, slug):
    found = sections(page(slug, "policy"))
    further = found.get("further-action", ("", ""))[1]
    assert ("police" in found) == ("Contact the police" in further), (slug, list(found))


def test_every_seed_school_has_points():
    assert set(POINTS) <= set(SLUGS)
