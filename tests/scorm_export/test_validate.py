from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from scorm_export.build import export_module, package_files
from scorm_export.plan import plan_module
from scorm_export.validate import validate_files, validate_zip
from tests.scorm_export.catalogue import catalogue


def good_files(version: str = "1.2") -> dict[str, bytes]:
    cat = catalogue()
    files, problems = package_files(
        plan_module(cat.framework, cat.modules[0], lang="en", scorm_version=version), cat.framework
    )
    assert problems == []
    return files


def codes(files: dict[str, bytes]) -> list[str]:
    return sorted({d.code for d in validate_files(files) if d.is_error})


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_produced_packages_are_valid(version: str, tmp_path: Path, schemas: Path) -> None:
    cat = catalogue()
    path = export_module(cat.framework, cat.modules[0], tmp_path, lang="en", scorm_version=version, schemas=schemas)
    assert validate_zip(path, schemas=schemas) == []


def edit(files: dict[str, bytes], old: bytes, new: bytes) -> dict[str, bytes]:
    assert old in files["imsmanifest.xml"]
    return {**files, "imsmanifest.xml": files["imsmanifest.xml"].replace(old, new, 1)}


CASES = {
    "dangling identifierref": (b'identifierref="RES-m01-foundations"', b'identifierref="RES-nope"', "SCO206"),
    "unlisted file": (b'<file href="shared/quiz.js"/>', b"", "SCO210"),
    "missing file": (
        b'<file href="shared/quiz.js"/>',
        b'<file href="shared/quiz.js"/><file href="gone.js"/>',
        "SCO209",
    ),
    "backslash": (b'<file href="shared/quiz.js"/>', b'<file href="shared\\quiz.js"/>', "SCO211"),
    "duplicate id": (b'identifier="ORG-m01-foundations"', b'identifier="ITEM-m01-foundations"', "SCO204"),
    "wrong schemaversion": (
        b"<schemaversion>1.2</schemaversion>",
        b"<schemaversion> 1.2</schemaversion>",
        "SCO203",
    ),
    "numeric reference": (b"Foundations", b"&#70;oundations", "SCO218"),
    "lower-case scormtype in 1.2 only": (b'adlcp:scormtype="asset"', b'adlcp:scormType="asset"', "SCO207"),
    "href without file": (b'<file href="index.html"/>', b"", "SCO208"),
    "bad default": (b'default="ORG-m01-foundations"', b'default="ORG-x"', "SCO205"),
    "xml:base (Moodle honours it only on resources)": (b"<resources>", b'<resources xml:base="content/">', "SCO215"),
    "query string in href (Canvas, SCORM Cloud launch plain hrefs)": (
        b'href="index.html">',
        b'href="index.html?x=1">',
        "SCO208",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cam_rules_catch(case: str) -> None:
    old, new, code = CASES[case]
    assert code in codes(edit(good_files(), old, new))


def test_ns0_prefix_is_an_error() -> None:
    files = good_files("2004")
    manifest = files["imsmanifest.xml"].replace(b"xmlns:adlcp=", b"xmlns:ns0=").replace(b"adlcp:", b"ns0:")
    assert "SCO219" in codes({**files, "imsmanifest.xml": manifest})


def test_manifest_must_be_at_the_root() -> None:
    files = {f"course/{k}": v for k, v in good_files().items()}
    problems = validate_files(files)
    assert [d.code for d in problems] == ["SCO201"] and "course/imsmanifest.xml" in problems[0].hint


def test_os_junk_and_unsafe_names() -> None:
    files = {**good_files(), "__MACOSX/x": b"", "../evil.txt": b"", "caf\u00e9 menu.html": b""}
    found = codes(files)
    assert "SCO220" in found and "SCO211" in found


def test_unreadable_zip(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    assert [d.code for d in validate_zip(bad)] == ["SCO401"]


def test_xsd_errors_are_reported(tmp_path: Path, schemas: Path) -> None:
    files = edit(good_files("2004"), b"<metadata>", b"<metadata><oops/>")
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    assert "SCO301" in {d.code for d in validate_zip(path, schemas=schemas)}


def test_the_sco_resource_must_come_first() -> None:
    files = good_files("2004")
    root = etree.fromstring(files["imsmanifest.xml"])
    resources = root[2]
    shared = resources[1]
    shared.set("href", "shared/sco.js")
    resources.insert(0, shared)
    assert "SCO214" in codes({**files, "imsmanifest.xml": etree.tostring(root, encoding="UTF-8")})


def test_long_titles_are_warnings_not_errors() -> None:
    files = edit(good_files(), b"<title>Foundations of prevention</title>", b"<title>" + b"x" * 201 + b"</title>")
    found = validate_files(files)
    assert [(d.code, d.is_error) for d in found] == [("SCO216", False)]
