"""A build reads each .po once (pipeline.prepare, into Content.catalogues) and writes every
page from that reading: a translator saving pl.po while the site is written changes nothing
in this build, and a half-saved file is no crash (it was read again, and a file that no
longer parsed was a KeyError: exit 3)."""

from policysite.output.pipeline import prepare, write_site

from ..helpers import options, reproducible_env
from .test_languages_site import SLUG, languages_copy


def test_pages_are_written_from_the_catalogues_prepare_read(tmp_path):
    root = languages_copy(tmp_path / "project")
    with reproducible_env():
        build = options(root, root / "site", pdfs=False)
        content, schools, outputs = prepare(build.project, [])
        (root / "content/social-media/translations/pl.po").write_text('msgid "\n', encoding="utf-8")  # half saved
        findings = write_site(build, content, schools, outputs)
    assert [f for f in findings if f.level == "error"] == []
    page = (root / "site" / SLUG / "social-media/pl/parent-letter/index.html").read_text(encoding="utf-8")
    assert "Szanowni Państwo," in page  # the greeting as prepare read it
