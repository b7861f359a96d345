"""The SCO runtime in a real browser against scorm-again, with strict spec checks on top.

scorm-again is lenient on purpose (1.2 suspend_data up to 64000, any printable
CMIIdentifier, writes after LMSFinish), so :func:`strict` checks the call log
against the specifications' limits itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

TIME_12 = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
TIME_2004 = re.compile(r"^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?$")
CMI_IDENTIFIER = re.compile(r"^[A-Za-z0-9_-]{1,255}$")


class Session:
    """One launch of a SCO in the harness, with the console and network watched."""

    def __init__(self, browser: Any, base: str, version: str, pkg: str, init: dict[str, Any] | None = None):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.base = base
        self.console_errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("request", lambda r: None if r.url.startswith(base + "/") else self.outside.append(r.url))
        query = f"v={version}&pkg={pkg}" + (f"&init={json.dumps(init)}" if init else "")
        self.page.goto(f"{base}/harness/index.html?{query}")
        self.frame = self.page.frame_locator("iframe")
        self.frame.locator("main .view:not([hidden]) h1").first.wait_for()
        self.page.wait_for_function("window.harness.calls.length > 0")

    def calls(self) -> list[dict[str, str]]:
        return list(self.page.evaluate("window.harness.calls"))

    def cmi(self) -> dict[str, Any]:
        return dict(self.page.evaluate("JSON.parse(JSON.stringify(window.harness.api.renderCMIToJSONObject()))"))

    def sco(self, expression: str) -> Any:
        return self.page.frames[1].evaluate(expression)

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def launch(browser: Any, site: tuple[Path, str], packages: dict[str, str]) -> Iterator[Any]:
    sessions: list[Session] = []

    def start(version: str, key: str | None = None, init: dict[str, Any] | None = None) -> Session:
        session = Session(browser, site[1], version, packages[key or version], init)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


def answer(session: Session, correct: bool, *, lang: str = "en") -> None:
    f = session.frame
    f.locator("a[data-view='quiz']").click()
    if correct:
        f.locator("#q1-choice-a").check()
        f.locator("#q2-multi-a").check()
        f.locator("#q2-multi-b").check()
        f.locator("#q3-tf-true").check()
        f.locator("#q4-num-input").fill("4")
        f.locator("#q5-text-input").fill(" Scan " if lang == "en" else "analyse")
    else:
        f.locator("#q1-choice-b").check()
        f.locator("#q2-multi-a").check()
        f.locator("#q3-tf-false").check()
        f.locator("#q4-num-input").fill("3,5")
        f.locator("#q5-text-input").fill("guess")


def submit(session: Session) -> None:
    session.frame.locator("#submit").click()
    session.frame.locator("#results:not([hidden])").wait_for()


def strict(session: Session, version: str) -> dict[str, str]:
    """Check the call log against the specification; returns the last value set per element."""
    calls = session.calls()
    names = [c["name"] for c in calls]
    init, finish = ("LMSInitialize", "LMSFinish") if version == "1.2" else ("Initialize", "Terminate")
    assert names[0] == init and names.count(init) == 1
    assert names.count(finish) <= 1
    if finish in names:
        assert names.index(finish) == len(names) - 1, "no call after Finish/Terminate"
        commit = "LMSCommit" if version == "1.2" else "Commit"
        assert names[-2] != commit, "no Commit right before Finish/Terminate (rejected by some LMSs)"
    failed = [c for c in calls if c["result"] == "false" or (c["code"] not in ("0", "403"))]
    assert failed == [], failed
    assert session.sco("window.SCO.errors") == []
    values: dict[str, str] = {}
    for call in calls:
        if call["name"] in ("LMSSetValue", "SetValue"):
            element, value = call["args"]
            values[element] = value
            if element == "cmi.suspend_data":
                assert len(value) <= (4096 if version == "1.2" else 64000)
            if element in ("cmi.core.lesson_location", "cmi.location"):
                assert len(value) <= (255 if version == "1.2" else 1000)
            if element.endswith("session_time"):
                assert (TIME_12 if version == "1.2" else TIME_2004).match(value), value
            if version == "1.2":
                if element.startswith("cmi.interactions.") or element.startswith("cmi.objectives."):
                    assert len(value) <= 255
                    if element.endswith(".id"):
                        assert CMI_IDENTIFIER.match(value), value
                    if element.endswith(".result"):
                        assert value in ("correct", "wrong", "unanticipated", "neutral")
            elif element.endswith(".result") and element.startswith("cmi.interactions."):
                assert value in ("correct", "incorrect", "unanticipated", "neutral")
    assert session.console_errors == []
    assert session.outside == []
    return values


def ordered(values: dict[str, str], prefix: str) -> list[dict[str, str]]:
    """``cmi.interactions.0.id`` ... grouped by index."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in values.items():
        match = re.match(re.escape(prefix) + r"(\d+)\.(.+)$", key)
        if match:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return [rows[i] for i in sorted(rows)]


def test_12_pass_path(launch: Any) -> None:
    s = launch("1.2")
    answer(s, True)
    submit(s)
    s.frame.locator("#exit").click()
    values = strict(s, "1.2")
    assert values["cmi.core.score.raw"] == "100"
    assert (values["cmi.core.score.min"], values["cmi.core.score.max"]) == ("0", "100")
    assert values["cmi.core.lesson_status"] == "passed"
    assert values["cmi.core.exit"] == ""
    names = [c["args"][0] for c in s.calls() if c["name"] == "LMSSetValue"]
    assert names.index("cmi.core.score.raw") < names.index("cmi.core.lesson_status", names.index("cmi.core.score.raw"))
    objectives = ordered(values, "cmi.objectives.")
    assert [o["status"] for o in objectives] == ["passed", "passed"]
    assert [o["score.raw"] for o in objectives] == ["100", "100"]
    interactions = ordered(values, "cmi.interactions.")
    assert [
        (i["id"], i["type"], i["student_response"], i["correct_responses.0.pattern"], i["result"]) for i in interactions
    ] == [
        ("q1-choice", "choice", "a", "a", "correct"),
        ("q2-multi", "choice", "a,b", "a,b", "correct"),
        ("q3-tf", "true-false", "t", "t", "correct"),
        ("q4-num", "numeric", "4", "4", "correct"),
        ("q5-text", "fill-in", "Scan", "scan", "correct"),
    ]
    assert s.cmi()["cmi"]["core"]["lesson_status"] == "passed"


def test_12_fail_path_with_retry_policy(launch: Any) -> None:
    s = launch("1.2")
    answer(s, False)
    submit(s)
    assert s.frame.locator("#retry").is_visible()
    values = strict(s, "1.2")
    assert values["cmi.core.lesson_status"] == "failed"
    assert values["cmi.core.score.raw"] == "0"
    assert values["cmi.core.exit"] == "suspend"
    assert [i["result"] for i in ordered(values, "cmi.interactions.")] == ["wrong"] * 5
    assert [i["student_response"] for i in ordered(values, "cmi.interactions.")][:4] == ["b", "a", "f", "3.5"]
    s.frame.locator("#retry").click()
    answer(s, False)
    submit(s)  # second and last attempt (max_attempts = 2)
    assert not s.frame.locator("#retry").is_visible()
    values = strict(s, "1.2")
    assert values["cmi.core.exit"] == ""
    assert len(ordered(values, "cmi.interactions.")) == 10


def test_2004_pass_path(launch: Any) -> None:
    s = launch("2004")
    answer(s, True)
    submit(s)
    s.frame.locator("#exit").click()
    values = strict(s, "2004")
    assert (values["cmi.score.scaled"], values["cmi.score.raw"]) == ("1", "100")
    assert values["cmi.success_status"] == "passed" and values["cmi.completion_status"] == "completed"
    assert values["cmi.exit"] == "normal"
    keys = [c["args"][0] for c in s.calls() if c["name"] == "SetValue"]
    last_score = max(i for i, k in enumerate(keys) if k == "cmi.score.scaled")
    assert last_score < keys.index("cmi.success_status", last_score) < keys.index("cmi.completion_status", last_score)
    objectives = ordered(values, "cmi.objectives.")
    assert [o["id"] for o in objectives] == ["urn:cmncp:standard:cswb:D1.1", "urn:cmncp:standard:cswb:D1.2"]
    assert [(o["success_status"], o["score.scaled"]) for o in objectives] == [
        ("passed", "1"),
        ("passed", "1"),
    ]
    interactions = ordered(values, "cmi.interactions.")
    assert [
        (
            i["id"],
            i["type"],
            i["learner_response"],
            i["correct_responses.0.pattern"],
            i["result"],
            i["objectives.0.id"],
        )
        for i in interactions
    ] == [
        (
            "urn:cmncp:module:m01-foundations:item:q1-choice",
            "choice",
            "a",
            "a",
            "correct",
            "urn:cmncp:standard:cswb:D1.1",
        ),
        (
            "urn:cmncp:module:m01-foundations:item:q2-multi",
            "choice",
            "a[,]b",
            "a[,]b",
            "correct",
            "urn:cmncp:standard:cswb:D1.1",
        ),
        (
            "urn:cmncp:module:m01-foundations:item:q3-tf",
            "true-false",
            "true",
            "true",
            "correct",
            "urn:cmncp:standard:cswb:D1.2",
        ),
        (
            "urn:cmncp:module:m01-foundations:item:q4-num",
            "numeric",
            "4",
            "4",
            "correct",
            "urn:cmncp:standard:cswb:D1.2",
        ),
        (
            "urn:cmncp:module:m01-foundations:item:q5-text",
            "fill-in",
            "Scan",
            "scan",
            "correct",
            "urn:cmncp:standard:cswb:D1.2",
        ),
    ]
    cmi = s.cmi()["cmi"]
    assert cmi["success_status"] == "passed"


def test_2004_fail_path_with_partial_objectives(launch: Any) -> None:
    s = launch("2004")
    f = s.frame
    f.locator("a[data-view='quiz']").click()
    f.locator("#q1-choice-a").check()
    f.locator("#q2-multi-a").check()
    f.locator("#q2-multi-b").check()
    f.locator("#q3-tf-false").check()
    f.locator("#q4-num-input").fill("9")
    f.locator("#q5-text-input").fill("no")
    submit(s)
    values = strict(s, "2004")
    assert values["cmi.score.raw"] == "40" and values["cmi.score.scaled"] == "0.4"
    assert values["cmi.success_status"] == "failed" and values["cmi.completion_status"] == "incomplete"
    assert values["cmi.exit"] == "suspend"
    assert [(o["success_status"], o["score.raw"]) for o in ordered(values, "cmi.objectives.")] == [
        ("passed", "100"),
        ("failed", "0"),
    ]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_resume_round_trip(launch: Any, version: str) -> None:
    s = launch(version)
    s.frame.locator("a[data-view='lesson-02-practice']").click()
    s.frame.locator("a[data-view='quiz']").click()
    s.frame.locator("#q1-choice-a").check()
    s.frame.locator("#q4-num-input").fill("4")
    s.frame.locator("#q3-tf-true").check()  # a change event saves the typed answer too
    s.frame.locator("#exit").click()
    values = strict(s, version)
    location = "cmi.core.lesson_location" if version == "1.2" else "cmi.location"
    exit_key = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    assert values[location] == "quiz" and values[exit_key] == "suspend"
    suspend = values["cmi.suspend_data"]
    if version == "1.2":
        init = {
            "core": {"entry": "resume", "lesson_location": "quiz", "lesson_status": "incomplete"},
            "suspend_data": suspend,
        }
    else:
        init = {
            "entry": "resume",
            "location": "quiz",
            "suspend_data": suspend,
            "completion_status": "incomplete",
        }
    again = launch(version, init=init)
    again.frame.locator("#quiz:not([hidden])").wait_for()
    assert again.frame.locator("#q1-choice-a").is_checked()
    assert again.frame.locator("#q3-tf-true").is_checked()
    assert again.frame.locator("#q4-num-input").input_value() == "4"
    assert again.sco("window.SCO.state.v") == ["lesson-01-intro", "lesson-02-practice"]
    strict(again, version)


def test_12_suspend_data_stays_under_4096(launch: Any) -> None:
    s = launch("1.2")
    s.frame.locator("a[data-view='quiz']").click()
    s.frame.locator("#q5-text-input").fill("x" * 5000)
    s.frame.locator("#q3-tf-true").check()
    strict(s, "1.2")


def test_preview_mode_without_an_lms(browser: Any, site: tuple[Path, str], packages: dict[str, str]) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # a top-level page asks for one
    page.goto(f"{site[1]}/pkg/{packages['fr-2004']}")
    page.locator("#preview:not([hidden])").wait_for()
    page.locator("a[data-view='quiz']").click()
    page.locator("#q1-choice-a").check()
    page.locator("#submit").click()
    page.locator("#results:not([hidden])").wait_for()
    assert "%" in page.locator("#result-summary").inner_text()
    assert errors == []
    page.close()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_hidden_page_commits_and_pagehide_terminates(launch: Any, version: str) -> None:
    """Closing the window must not lose progress: commit when hidden, terminate on pagehide (no unload XHR)."""
    s = launch(version)
    s.frame.locator("a[data-view='lesson-02-practice']").click()
    commit, finish = ("LMSCommit", "LMSFinish") if version == "1.2" else ("Commit", "Terminate")
    before = [c["name"] for c in s.calls()].count(commit)
    s.sco(
        "Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    names = [c["name"] for c in s.calls()]
    assert names.count(commit) == before + 1
    s.sco("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    s.sco("window.dispatchEvent(new PageTransitionEvent('pagehide'))")  # a second one is ignored
    values = strict(s, version)
    assert [c["name"] for c in s.calls()].count(finish) == 1
    assert values["cmi.core.exit" if version == "1.2" else "cmi.exit"] == "suspend"
    assert values["cmi.core.lesson_location" if version == "1.2" else "cmi.location"] == "lesson-02-practice"


def test_interactions_can_be_turned_off(launch: Any) -> None:
    s = launch("2004", "no-interactions")
    answer(s, True)
    submit(s)
    values = strict(s, "2004")
    assert not any(k.startswith("cmi.interactions.") for k in values)
    assert len(ordered(values, "cmi.objectives.")) == 2 and values["cmi.success_status"] == "passed"


@pytest.mark.parametrize(
    ("version", "init", "status"),
    [
        ("1.2", None, "passed"),
        ("2004", None, "passed"),
        ("1.2", {"student_data": {"mastery_score": "100"}}, "failed"),
        ("2004", {"scaled_passing_score": "1"}, "failed"),
    ],
)
def test_the_lms_mastery_threshold_wins(launch: Any, version: str, init: dict[str, Any] | None, status: str) -> None:
    """4 correct out of 5 meets the module's 80 %, but not an administrator's 100 %."""
    s = launch(version, init=init)
    answer(s, True)
    s.frame.locator("#q5-text-input").fill("wrong")
    submit(s)
    values = strict(s, version)
    if version == "1.2":
        assert (values["cmi.core.score.raw"], values["cmi.core.lesson_status"]) == ("80", status)
    else:
        assert (values["cmi.score.scaled"], values["cmi.success_status"]) == ("0.8", status)


def chosen_feedback(session: Session, item: str) -> list[tuple[str, str]]:
    """(option label, feedback) pairs shown under ``item``, in page order; [] when hidden."""
    box = session.frame.locator(f"#feedback-{item} .chosen")
    if not box.is_visible():
        return []
    terms = box.locator("dt").all_inner_texts()
    details = box.locator("dd").all_inner_texts()
    return list(zip(terms, details, strict=True))


def test_feedback_of_the_chosen_options_after_each_attempt_only(launch: Any) -> None:
    """Wrong option: its own feedback, never the right option's; a retry hides it; the right one: its feedback."""
    s = launch("1.2")
    f = s.frame
    f.locator("a[data-view='quiz']").click()
    f.locator("#q1-choice-b").check()
    f.locator("#q2-multi-a").check()
    f.locator("#q2-multi-c").check()
    f.locator("#q3-tf-false").check()
    assert not f.locator("#feedback-q1-choice").is_visible()  # nothing before the attempt is submitted
    submit(s)
    assert "Feedback on each of your answers is shown with the questions." in f.locator("#result-summary").inner_text()
    f.locator("#review").click()
    f.locator("#quiz:not([hidden])").wait_for()
    assert chosen_feedback(s, "q1-choice") == [("Mentoring", "No: mentoring works with people (UNODC, 2010).")]
    assert f.locator("#feedback-q1-choice .is-incorrect").is_visible()
    assert "Yes: lighting changes the place." not in f.locator("#quiz").inner_text()
    assert chosen_feedback(s, "q2-multi") == [("Police", "Police hold data."), ("Nobody", "Audits need partners.")]
    assert "Schools reach youth." not in f.locator("#quiz").inner_text()
    assert chosen_feedback(s, "q3-tf") == [("False", "In fact the audit comes first.")]
    assert chosen_feedback(s, "q4-num") == []  # no options, no option feedback
    assert f.locator("#item-q1-choice").get_attribute("aria-describedby") == "feedback-q1-choice"

    f.locator("#to-results a").click()  # back from the review to the results, where the retry is
    f.locator("#retry").click()
    assert chosen_feedback(s, "q1-choice") == [] and not f.locator("#feedback-q1-choice").is_visible()
    assert f.locator("#item-q1-choice").get_attribute("aria-describedby") is None
    f.locator("#q1-choice-a").check()
    f.locator("#q3-tf-true").check()
    submit(s)  # the second and last attempt
    f.locator("#review").click()
    f.locator("#quiz:not([hidden])").wait_for()
    assert chosen_feedback(s, "q1-choice") == [("Lighting", "Yes: lighting changes the place.")]
    assert f.locator("#feedback-q1-choice .is-correct").is_visible()
    assert "No: mentoring works with people" not in f.locator("#quiz").inner_text()
    assert chosen_feedback(s, "q3-tf") == [("True", "Right: the audit comes first.")]
    strict(s, "1.2")
