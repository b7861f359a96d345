from __future__ import annotations

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
