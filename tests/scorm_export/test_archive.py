from __future__ import annotations

import contextlib
import hashlib
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scorm_export.archive import write_zip
from scorm_export.build import export_curriculum, export_module
from tests.scorm_export.catalogue import catalogue


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_packages_are_byte_for_byte_reproducible(tmp_path: Path) -> None:
    cat = catalogue()
    for version in ("1.2", "2004"):
        a = export_module(cat.framework, cat.modules[0], tmp_path / "a", lang="fr", scorm_version=version)
        b = export_module(cat.framework, cat.modules[0], tmp_path / "b", lang="fr", scorm_version=version)
        assert a.name == b.name and sha(a) == sha(b)
    a = export_curriculum(cat.framework, cat.modules, tmp_path / "a", path_id="core", title="Core", lang="en")
    b = export_curriculum(cat.framework, cat.modules, tmp_path / "b", path_id="core", title="Core", lang="en")
    assert sha(a) == sha(b)


def test_entries_are_sorted_dated_1980_and_0644(tmp_path: Path) -> None:
    cat = catalogue()
    path = export_module(cat.framework, cat.modules[0], tmp_path, lang="en")
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names[0] == "imsmanifest.xml" and names[1:] == sorted(names[1:])
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
    assert all((i.external_attr >> 16) == 0o100644 for i in infos)
    assert all(i.extra == b"" and i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
    assert not any(n.endswith("/") or "\\" in n for n in names)
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


@settings(max_examples=25, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8})?\.txt", fullmatch=True),
        st.binary(max_size=200),
        min_size=1,
        max_size=8,
    )
)
def test_write_zip_is_deterministic(tmp_path_factory: object, files: dict[str, bytes]) -> None:
    base = tmp_path_factory.mktemp("z")  # type: ignore[attr-defined]
    first = write_zip(base / "a.zip", files)
    second = write_zip(base / "b.zip", dict(reversed(list(files.items()))))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {n: archive.read(n) for n in archive.namelist()} == files


def test_failure_leaves_no_file(tmp_path: Path) -> None:
    with contextlib.suppress(TypeError):
        write_zip(tmp_path / "x.zip", {"a.txt": 42})  # type: ignore[dict-item]
    assert list(tmp_path.iterdir()) == []


def test_control_files_are_embedded_when_asked(tmp_path: Path, schemas: Path) -> None:
    from scorm_export.manifest.namespaces import CONTROL_FILES
    from scorm_export.validate import validate_zip

    cat = catalogue()
    for version in ("1.2", "2004"):
        path = export_module(
            cat.framework,
            cat.modules[0],
            tmp_path,
            lang="en",
            scorm_version=version,
            control_dir=schemas,
            schemas=schemas,
        )
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        assert set(CONTROL_FILES[version]) <= names
        assert validate_zip(path, schemas=schemas) == []
    plain = export_module(cat.framework, cat.modules[0], tmp_path / "plain", lang="en")
    with zipfile.ZipFile(plain) as archive:
        assert not any(n.endswith((".xsd", ".dtd")) for n in archive.namelist())
