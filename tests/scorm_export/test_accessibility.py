"""axe-core in the same Chromium: zero WCAG 2.1 A/AA violations on every page type.

The SCO's Content-Security-Policy forbids inline scripts, so the context
bypasses CSP to inject axe; the page's own behaviour is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture()
def page(browser: Any, site: tuple[Path, str]) -> Iterator[Any]:
    # A phone-sized viewport: wide tables overflow and must scroll by keyboard (WCAG 1.4.10, 2.1.1).
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    yield page
    context.close()


def violations(page: Any, site: tuple[Path, str]) -> list[str]:
    axe = (site[0] / "lib" / "axe.min.js").read_text("utf-8")
    page.add_script_tag(content=axe)
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        TAGS,
    )
    return list(found)


@pytest.mark.parametrize("key", ["2004", "fr-2004"])
def test_every_page_type_has_no_violations(
    page: Any, site: tuple[Path, str], packages: dict[str, str], key: str
) -> None:
    if not (site[0] / "lib" / "axe.min.js").exists():
        pytest.fail("npm package axe-core is not installed (run npm ci)")
    page.goto(f"{site[1]}/pkg/{packages[key]}")
    page.locator("#preview:not([hidden])").wait_for()
    seen: dict[str, list[str]] = {"lesson-01-intro (preview banner)": violations(page, site)}
    page.locator("a[data-view='lesson-02-practice']").click()
    seen["lesson-02-practice"] = violations(page, site)
    page.locator("a[data-view='quiz']").click()
    seen["quiz"] = violations(page, site)
    page.locator("#q1-choice-b").check()
    page.locator("#q4-num-input").fill("1")
    page.locator("#submit").click()
    page.locator("#results:not([hidden])").wait_for()
    seen["results (failed, retry offered)"] = violations(page, site)
    page.locator("#review").click()
    seen["quiz with feedback"] = violations(page, site)
    page.locator("#exit").click()
    seen["exited"] = violations(page, site)
    assert {k: v for k, v in seen.items() if v} == {}
    # axe really runs: breaking the page is noticed.
    page.evaluate("document.documentElement.removeAttribute('lang')")
    assert any(v.startswith("html-has-lang") for v in violations(page, site))


def test_keyboard_only_reaches_and_submits_the_quiz(
    page: Any, site: tuple[Path, str], packages: dict[str, str]
) -> None:
    page.goto(f"{site[1]}/pkg/{packages['2004']}")
    page.locator("#preview:not([hidden])").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.locator("a[data-view='quiz']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "quiz-title"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.locator("#q1-choice-a").is_checked()
    page.locator("#submit").focus()
    page.keyboard.press("Enter")
    page.locator("#results:not([hidden])").wait_for()
    assert page.evaluate("document.activeElement.id") == "results-title"
    # The review of the attempt, with the chosen option's feedback, and the way back: by keyboard too.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "review"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "quiz-title"
    assert page.locator("#feedback-q1-choice .chosen dd").inner_text() == "Yes: lighting changes the place."
    page.locator("#to-results a").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results-title"
