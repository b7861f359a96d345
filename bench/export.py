"""Benchmark: SCORM export of every module, against writing the same files with zipfile.

The export is what ``competency build`` runs once the catalogue is validated
(``planned_jobs`` then ``build_dist``): plan every package (with the digest of
its inputs), render every page, build and check every manifest (CAM rules; XSDs
too with ``--schemas``), write reproducible zips into a staging folder (the
next package rendered while the last ones are written) and move them in place.
The floor, measured in the same interpreter on the same files: ``zipfile`` at
the same compression level plus one lxml parse of each manifest.

Three exports are timed, each in its own fresh interpreter, alternated
``--repeat`` times; the medians and ratios are printed with every run:

- *competency build*: after validation (which parsed every lesson; the export
  renders those same tokens), written by a writer process forked before the
  catalogue was loaded, and by the caller when that process is behind, as
  ``competency build`` writes (Linux);
- *library default*: the same, written by a writer thread
  (``write_jobs(..., process=False)``, what a library call gets);
- *parsing its lessons itself*: the library default with the Markdown parse
  cache emptied first, so the export pays for parsing every lesson too (a
  caller exporting a catalogue it did not validate in the same process).

    python bench/export.py [--standards DIR] [--modules DIR] [--copies 20] [--repeat 3] [--schemas DIR]

``--copies`` multiplies the catalogue's modules (same content, new ids) so the
run is long enough to time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from contextlib import nullcontext
from pathlib import Path
from statistics import median

from attrs import evolve
from lxml import etree

from competency.dist import build_dist, planned_jobs
from competency.io.markdown_refs import parse_markdown
from competency.model import Catalogue
from competency.plugins import ExportJob
from competency.validation import load_catalogue
from competency.writer_process import writer_process
from scorm_export.archive import COMPRESSION_LEVEL, zip_bytes_order
from scorm_export.build import package_files
from scorm_export.plan import plan_module
from scorm_export.plugin import Scorm12Exporter, Scorm2004Exporter

ROOT = Path(__file__).resolve().parents[1]
TOY = ROOT / "tests" / "fixtures" / "toy"
SIDES = ("build", "library", "cold")
LABELS = {
    "build": "competency build (writer process)",
    "library": "library default (writer thread)",
    "cold": "parsing its lessons itself (writer thread)",
}


def copied(catalogue: Catalogue, copies: int) -> Catalogue:
    modules = [evolve(m, id=f"{m.id}-c{copy}") for copy in range(copies) for m in catalogue.modules]
    return evolve(catalogue, modules=modules)


def jobs(catalogue: Catalogue, schemas: Path | None) -> list[tuple[str, ExportJob]]:
    """Every 1.2 and 2004 package of the catalogue, planned as ``competency build --scorm 1.2,2004`` plans them."""
    exporters = {"1.2": Scorm12Exporter(), "2004": Scorm2004Exporter()}
    options = {"schemas": str(schemas) if schemas else ""}
    return planned_jobs(catalogue, exporters, languages=catalogue.framework.languages, options=options)


def floor(catalogue: Catalogue, out: Path) -> float:
    """Time zipfile writing the export's own files, plus one lxml parse per manifest."""
    files = []
    for module in catalogue.modules:
        for lang in module.languages:
            for version in ("1.2", "2004"):
                plan = plan_module(catalogue.framework, module, lang=lang, scorm_version=version)
                files.append((plan.filename, package_files(plan, catalogue.framework)[0]))
    start = time.perf_counter()
    for filename, contents in files:
        with zipfile.ZipFile(out / filename, "w") as archive:
            for name in zip_bytes_order(list(contents)):
                archive.writestr(
                    name, contents[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL
                )
        etree.fromstring(contents["imsmanifest.xml"])
    return time.perf_counter() - start


def one_side(args: argparse.Namespace) -> None:
    """One run in this interpreter: the export (as ``--side`` says), then the floor."""
    # As in competency build, the writer is forked before the catalogue is loaded (outside the clock).
    with writer_process() if args.side == "build" else nullcontext() as process:
        if args.side == "build" and process is None:
            raise SystemExit("this machine cannot fork a writer process; competency build uses a thread here")
        catalogue = copied(load_catalogue(args.standards, args.modules), args.copies)
        if args.side == "cold":
            parse_markdown.cache_clear()
        with tempfile.TemporaryDirectory() as tmp:
            ours_dir, floor_dir = Path(tmp, "ours"), Path(tmp, "floor")
            ours_dir.mkdir()
            floor_dir.mkdir()
            start = time.perf_counter()
            built = build_dist(jobs(catalogue, args.schemas), ours_dir, force=True, process=process)
            ours = time.perf_counter() - start
            size = sum(b.size for b in built)
            base = floor(catalogue, floor_dir)
    print(json.dumps({"ours": ours, "floor": base, "packages": len(built), "bytes": size}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=Path, default=TOY / "standards")
    parser.add_argument("--modules", type=Path, default=TOY / "modules")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--schemas", type=Path, default=None, help="also validate against these XSDs")
    parser.add_argument("--side", choices=SIDES, help=argparse.SUPPRESS)  # one run, in a child interpreter
    args = parser.parse_args()
    if args.side:
        one_side(args)
        return

    forwarded = ["--standards", str(args.standards), "--modules", str(args.modules), "--copies", str(args.copies)]
    if args.schemas:
        forwarded += ["--schemas", str(args.schemas)]
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in SIDES}
    for n in range(args.repeat):
        for side in SIDES:
            child = subprocess.run(
                [sys.executable, __file__, *forwarded, "--side", side], check=True, capture_output=True, text=True
            )
            run = json.loads(child.stdout.strip().splitlines()[-1])
            runs[side].append(run)
            print(
                f"run {n + 1} {side:>7}: export {run['ours']:.3f} s, floor {run['floor']:.3f} s, "
                f"ratio {run['ours'] / run['floor']:.2f}x"
            )
    first = runs["build"][0]
    checks = " + XSD" if args.schemas else ""
    print(
        f"packages: {int(first['packages'])} ({first['bytes'] / 1e6:.1f} MB); floor: zipfile at level "
        f"{COMPRESSION_LEVEL} + one lxml parse per manifest; export: plan, render, manifest, CAM{checks} checks, zip"
    )
    for side, label in LABELS.items():
        ours = median(r["ours"] for r in runs[side])
        base = median(r["floor"] for r in runs[side])
        print(f"{label}: export {ours:.3f} s, floor {base:.3f} s (medians), ratio {ours / base:.2f}x (goal <= 1.3x)")


if __name__ == "__main__":
    main()
