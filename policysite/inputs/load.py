"""Load stage: canonical content and school files from disk into frozen, located objects.

Nothing here decides what a value means; it reads, checks shape against the schema and
remembers where everything was written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import MappingProxyType

from ..errors import Finding, Location, error, has_errors, split_lines
from ..model import OUTPUTS, Content, Contract, Document, SchoolFile, SectionSource
from .chars import one_line
from .identity import Identity, federation
from .merge import check_sections
from .schema import SCHOOL
from .yamlread import read_text, read_yaml, where_in

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SECTION_RE = re.compile(r"^## +(?P<title>.*?)\s*\{#(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")
DOCUMENT_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.md$")  # a file beside contract.yml
MAX_SCHOOLS = 5000
MAX_SLUG = 80  # the slug is a folder name in every URL: keep it short
# Names the built site uses at its top level (the home page, the federation report, mkdocs'
# and the theme's folders), or that mkdocs and its plugins write there with other settings:
# a school of that name would overwrite them, or be overwritten.
# tests/test_load_files.py builds a site and checks every name in it is here.
RESERVED_SLUGS = frozenset(
    {"404", "assets", "federation", "index", "search", "sitemap", "stylesheets", "javascripts", "images", "fonts"}
    | {"leads", "accessibility", "privacy"}  # the leads' pages (drift report), the footer's two pages
)


def load_inputs(
    root: Path, policy_dir: str, schools_dir: str
) -> tuple[Content | None, tuple[SchoolFile, ...], list[Finding]]:
    """The canonical content and every school file, with every problem either holds."""
    identity = Identity(root)  # one for both: a logo the federation and its schools share is read once
    content, findings = load_content(root, policy_dir, identity)
    files, problems = load_schools(root, schools_dir, identity)
    return content, files, findings + problems


def load_content(root: Path, policy_dir: str, identity: Identity | None = None) -> tuple[Content | None, list[Finding]]:
    """Read content/<policy>/: contract.yml, defaults.yml and the three documents."""
    identity = identity or Identity(root)
    folder = root / policy_dir
    contract, findings = _load_contract(folder / "contract.yml", f"{policy_dir}/contract.yml")
    if contract is None:
        return None, findings
    documents = {}
    for output in OUTPUTS:
        shown = f"{policy_dir}/{contract.documents[output]}"
        document, problems = _load_document(root / shown, shown, output)
        findings += problems
        if document is not None:  # else an error says why
            documents[output] = document
    defaults_shown = f"{policy_dir}/defaults.yml"
    defaults, problems = _load_values(root / defaults_shown, defaults_shown, identity, partial=True)
    findings += problems
    seen: dict[str, Location] = {}
    for document in filter(None, documents.values()):
        for section in document.sections:
            if section.id in seen:
                findings.append(
                    error(
                        section.location,
                        f"section id `{section.id}` is already used at {seen[section.id]}",
                        "Section ids must be unique across the documents; rename one.",
                    )
                )
            seen.setdefault(section.id, section.location)
    if defaults is None or any(f.level == "error" for f in findings):
        return None, findings
    content = Content(
        root=policy_dir,
        documents=MappingProxyType(documents),
        contract=contract,
        defaults=defaults.values,
        defaults_path=defaults_shown,
        defaults_locations=defaults.locations,
        federation=federation(defaults.values),
    )
    # defaults.yml's `sections` reach every school without its own: the rules a school's have.
    problems = check_sections(content, defaults)
    return (None if has_errors(problems) else content), findings + problems


def load_schools(
    root: Path, schools_dir: str = "schools", identity: Identity | None = None
) -> tuple[tuple[SchoolFile, ...], list[Finding]]:
    """Read every schools/*.yml, sorted by slug so builds are deterministic."""
    identity = identity or Identity(root)
    findings: list[Finding] = []
    schools = []
    paths = school_files(root / schools_dir)
    if not paths:
        findings.append(
            error(
                Location(schools_dir),
                "there are no school files",
                "Add one file per school, such as schools/my-school.yml.",
            )
        )
    if len(paths) > MAX_SCHOOLS:  # refuse rather than silently build only some of them
        findings.append(
            error(
                Location(schools_dir),
                f"there are {len(paths)} school files; at most {MAX_SCHOOLS} are allowed",
                "Move the files you do not mean to build elsewhere.",
            )
        )
        paths = []
    for path in paths:
        shown = f"{schools_dir}/{path.name}"
        problem = _slug_problem(path.name, Location(shown))
        if problem:
            findings.append(problem)
            continue
        school, problems = _load_values(path, shown, identity, partial=False, slug=path.stem)
        findings += problems
        if school is not None:
            schools.append(school)
    # Oak.yaml, Oak.YML: meant as school files, and silently left out if not named.
    for path in sorted((root / schools_dir).iterdir()) if (root / schools_dir).is_dir() else []:
        meant = is_school_file(path.with_suffix(".yml"))  # `_notes.yaml` is no school either
        if meant and path.suffix.lower() in (".yml", ".yaml") and path.suffix != ".yml":
            findings.append(
                error(
                    Location(f"{schools_dir}/{one_line(path.name)}"),
                    "school files must end in .yml",
                    f"Rename it to {one_line(path.stem)}.yml.",
                )
            )
    return tuple(schools), findings


def school_files(folder: Path) -> list[Path]:
    """The school files in `folder`, sorted: every place that lists the schools asks here."""
    return sorted(path for path in folder.glob("*.yml") if is_school_file(path)) if folder.is_dir() else []


def is_school_file(path: Path) -> bool:
    """`schools/<slug>.yml` is a school. A name starting with `_` is a file for people, not a
    school: `_template.yml`, the file a lead copies to add one, is never built. Nor is a hidden
    one, starting with `.`: a Mac writes `._oak.yml` beside `oak.yml` on a shared drive, an
    editor `.#oak.yml` while it is open; nobody sees them to rename them, and as schools they
    stopped every build with "not a valid school file name"."""
    return path.suffix == ".yml" and not path.name.startswith(("_", "."))


def _slug_problem(name: str, where: Location) -> Finding | None:
    stem = name.removesuffix(".yml")
    if not SLUG_RE.match(stem) or len(stem) > MAX_SLUG:
        return error(
            where,
            f"`{one_line(name)}` is not a valid school file name",
            f"Use at most {MAX_SLUG} lowercase letters, digits and hyphens, such as st-marys-primary.yml.",
        )
    if stem in RESERVED_SLUGS:
        return error(
            where,
            f"`{stem}` is a name the site itself uses, so it cannot be a school's",
            f"Rename the file, for example to {stem}-school.yml: the name is the school's web address.",
        )
    return None


def _load_values(
    path: Path, shown: str, identity: Identity, *, partial: bool, slug: str = ""
) -> tuple[SchoolFile | None, list[Finding]]:
    data, locations, findings = read_yaml(path, shown)
    if data is None and not has_errors(findings):
        return None, findings + [
            error(
                Location(shown, 1, 1),
                "the file is empty",
                "A school file needs at least `name: Your School Name`; docs/school-files.md lists the other fields.",
            )
        ]
    if data is None:
        return None, findings
    where = where_in(locations, shown)
    values, problems = SCHOOL.check(data, where, (), partial=partial)
    findings += problems
    if values is None:
        return None, findings
    values, problems = identity.resolve(values, where, shown, defaults=partial)  # partial: defaults.yml
    findings += problems
    frozen = MappingProxyType(locations)
    return SchoolFile(slug=slug, path=shown, values=values, locations=frozen, lines=locations.lines), findings


def _load_contract(path: Path, shown: str) -> tuple[Contract | None, list[Finding]]:
    if not os.path.lexists(path):  # anything else there, textfile says what is wrong with it
        return None, [
            error(
                Location(shown),
                "the required-sections contract is missing",
                "Create it: one entry per output with `document:` and `required:`.",
            )
        ]
    data, locations, findings = read_yaml(path, shown)
    if not isinstance(data, dict):
        return None, findings if has_errors(findings) else findings + [
            error(Location(shown, 1, 1), "the contract must be a group of `output:` entries")
        ]
    where = where_in(locations, shown)
    required, documents, places = {}, {}, {}
    for output in OUTPUTS:
        entry = data.get(output)
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("document"), str)
            or not isinstance(entry.get("required"), list)
        ):
            findings.append(
                error(
                    where((output,)),
                    f"the contract needs an entry for `{output}`",
                    f"Write `{output}:` with `document: <file>.md` and `required: [section ids]`.",
                )
            )
            continue
        if not DOCUMENT_RE.match(entry["document"]):  # `../../etc/passwd` would be read, and quoted
            findings.append(
                error(
                    where((output, "document")),
                    f"`{entry['document']}` is not a document file name",
                    "Write the name of a file beside the contract, such as policy.md.",
                )
            )
            continue
        documents[output] = entry["document"]
        required[output] = tuple(str(s) for s in entry["required"])
        places[output] = where((output, "required"))
    for key in data:
        if key not in OUTPUTS:
            findings.append(
                error(
                    where((key,), key=True),
                    f"unknown output `{key}` in the contract",
                    "Outputs are: " + ", ".join(OUTPUTS) + ".",
                )
            )
    if any(f.level == "error" for f in findings):
        return None, findings
    return Contract(
        path=shown,
        documents=MappingProxyType(documents),
        required=MappingProxyType(required),
        locations=MappingProxyType(places),
    ), findings


def _load_document(path: Path, shown: str, output: str) -> tuple[Document | None, list[Finding]]:
    """Split a canonical document into its `## Title {#id}` sections, keeping line numbers."""
    if not os.path.lexists(path):
        return None, [
            error(
                Location(shown), f"the {output} document is missing", "Create it, or fix `document:` in the contract."
            )
        ]
    text, findings = read_text(path, shown)
    if text is None:
        return None, findings
    lines = split_lines(text)
    if not lines or not lines[0].startswith("# "):
        return None, [error(Location(shown, 1, 1), "a document must start with its title: `# Title`")]
    sections: list[SectionSource] = []
    heads = [(n, SECTION_RE.match(line)) for n, line in enumerate(lines) if line.startswith("## ")]
    for n, match in heads:
        if not match:
            findings.append(
                error(
                    Location(shown, n + 1, 1),
                    "a section heading needs an id",
                    "Write it as `## Title {#section-id}` (lowercase letters, digits, hyphens).",
                )
            )
    starts = [n for n, m in heads if m] + [len(lines)]
    if any(line.strip() for line in lines[1 : starts[0]]):
        findings.append(
            error(
                Location(shown, 2, 1),
                "text before the first section",
                "Start a section with `## Title {#id}` above this text.",
            )
        )
    for index, (n, match) in enumerate((n, m) for n, m in heads if m):
        body = "\n".join(lines[n + 1 : starts[index + 1]])
        sections.append(
            SectionSource(
                id=match["id"], title=match["title"], body=body, location=Location(shown, n + 1, 1), body_line=n + 2
            )
        )
    return Document(
        output=output, path=shown, title=lines[0][2:].strip(), title_line=1, sections=tuple(sections)
    ), findings
