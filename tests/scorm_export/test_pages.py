from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from attrs import evolve

from scorm_export.build import export_module, package_files
from scorm_export.errors import ExportError
from scorm_export.pages import CSP, render_lesson
from scorm_export.plan import plan_module
from tests.scorm_export.catalogue import catalogue, framework, module_one


def page(lang: str = "en", version: str = "1.2") -> str:
    cat = catalogue()
    files, problems = package_files(
        plan_module(cat.framework, cat.modules[0], lang=lang, scorm_version=version), cat.framework
    )
    assert problems == []
    return files["index.html"].decode()


def test_page_has_lang_csp_and_only_local_resources() -> None:
    html = page("fr", "2004")
    assert '<html lang="fr" data-scorm="2004">' in html
    assert f'content="{CSP}"' in unescape(html)
    # What the browser fetches: src attributes and stylesheets (links to sources are not requests).
    fetched = re.findall(r'src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sorted(set(fetched)) == [
        "assets/cycle.fr.svg",
        "shared/quiz.js",
        "shared/sco.js",
        "shared/style.css",
    ]


def test_citations_links_images_and_sanitising() -> None:
    html = page()
    assert '<a href="#ref-01-intro-efus-2007" rel="noopener noreferrer">EFUS, 2007</a>' in html
    assert 'id="ref-01-intro-efus-2007"' in html and "https://efus.eu/" in html
    assert 'href="#02-practice--a-local-example"' in html and 'id="02-practice--a-local-example"' in html
    assert 'href="#lesson-01-intro"' in html
    assert '<img src="assets/cycle.en.svg" alt="Four stages of a safety audit">' in html
    assert "<table>" in html
    assert "alert" not in html.split('<script type="application/json"')[0]
    assert "onclick" not in html


def data_block(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="sco-data">(.*?)</script>', html, re.S)
    assert match is not None
    return dict(json.loads(match.group(1)))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            {
                "q1-choice": {"a": "Yes: lighting changes the place.", "b": "No: mentoring works with people (UNODC, 2010)."},
                "q2-multi": {"a": "Police hold data.", "b": "Schools reach youth.", "c": "Audits need partners."},
                "q3-tf": {"true": "Right: the audit comes first.", "false": "In fact the audit comes first."},
            },
        ),
        (
            "fr",
            {
                "q1-choice": {
                    "a": "Oui : l’éclairage change le lieu.",
                    "b": "Non : le mentorat agit sur les personnes (UNODC, 2010).",
                },
                "q2-multi": {"a": "La police a des données.", "b": "Les écoles joignent les jeunes.", "c": "Il faut des partenaires."},
                "q3-tf": {"true": "En effet : le diagnostic vient d’abord.", "false": "En fait, le diagnostic vient d’abord."},
            },
        ),
    ],
)
def test_data_block_carries_each_options_feedback_in_the_page_language(lang: str, expected: dict[str, object]) -> None:
    html = page(lang, "2004")
    items = {item["id"]: item for item in data_block(html)["items"]}  # type: ignore[attr-defined]
    assert {i: item["feedback"] for i, item in items.items() if "feedback" in item} == expected
    # Only the data block holds option feedback: the markup shows none of it until quiz.js is told what was chosen.
    markup = html.split('<script type="application/json"')[0]
    for feedback in expected.values():
        for text in feedback.values():  # type: ignore[attr-defined]
            assert text not in markup
    # A true/false item's feedback belongs to its options, so its verdicts stay generic (never shown twice).
    verdicts = re.search(r'id="feedback-q3-tf" hidden>\s*<p class="is-correct" hidden>([^<]*)</p>', markup)
    assert verdicts is not None and verdicts.group(1) == ("Correct." if lang == "en" else "Bonne réponse.")


def test_rendering_errors_name_the_file_and_line() -> None:
    result = render_lesson(
        "# T\n\nSee [@nobody] and ![x](http://example.com/x.png) and [y](03-none.en.md).\n",
        lesson_id="01",
        lang="en",
        file="lessons/01.en.md",
        lesson_ids=frozenset({"01"}),
        assets={},
        source=framework().source,
    )
    assert sorted((d.code, d.line) for d in result.diagnostics) == [
        ("SCO102", 3),
        ("SCO103", 3),
        ("SCO105", 3),
    ]


def test_missing_lesson_fails_the_build_and_writes_nothing(tmp_path: Path) -> None:
    module = evolve(module_one(), path=str(tmp_path / "nowhere"))
    with pytest.raises(ExportError) as info:
        export_module(framework(), module, tmp_path / "out", lang="en")
    assert {d.code for d in info.value.diagnostics} == {"SCO101"}
    assert not (tmp_path / "out").exists()
