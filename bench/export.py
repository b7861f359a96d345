"""Benchmark: SCORM export of every module, against writing the same files with zipfile.

The export is what ``competency build`` runs once the catalogue is validated:
plan every package (with the digest of its inputs), render every page, build
and check every manifest (CAM rules; XSDs too with ``--schemas``) and write
reproducible zips, the next package rendered while the last one is written.
The floor, measured in the same interpreter on the same files: ``zipfile`` at
the same compression level plus one lxml parse of each manifest.

Two exports are timed, each in its own fresh interpreter, alternated
``--repeat`` times; the medians and ratios are printed with every run:

- *after validation*, as in ``competency build``: validating parsed every
  lesson, and the export renders those same tokens;
- *parsing its lessons itself*: the Markdown parse cache is emptied first, so
  the export pays for parsing every lesson too (a library caller exporting a
  catalogue it did not validate in the same process).

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
from pathlib import Path
from statistics import median

from attrs import evolve
from lxml import etree

from competency.dist import planned_jobs
from competency.io.markdown_refs import parse_markdown
from competency.model import Catalogue
from competency.plugins import ExportJob, write_jobs
from competency.validation import load_catalogue
from scorm_export.archive import COMPRESSION_LEVEL, zip_bytes_order
from scorm_export.build import package_files
from scorm_export.plan import plan_module
from scorm_export.plugin import Scorm12Exporter, Scorm2004Exporter

ROOT = Path(__file__).resolve().parents[1]
TOY = ROOT / "tests" / "fixtures" / "toy"
SIDES = ("validated", "cold")


def copied(catalogue: Catalogue, copies: int) -> Catalogue:
    modules = [evolve(m, id=f"{m.id}-c{copy}") for copy in range(copies) for m in catalogue.modules]
    return evolve(catalogue, modules=modules)


def jobs(catalogue: Catalogue, schemas: Path | None) -> list[ExportJob]:
    exporters = {"1.2": Scorm12Exporter(), "2004": Scorm2004Exporter()}
    options = {"schemas": str(schemas) if schemas else ""}
    return [
        job for _, job in planned_jobs(catalogue, exporters, languages=catalogue.framework.languages, options=options)
    ]


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
    catalogue = copied(load_catalogue(args.standards, args.modules), args.copies)
    if args.side == "cold":
        parse_markdown.cache_clear()
    with tempfile.TemporaryDirectory() as tmp:
        ours_dir, floor_dir = Path(tmp, "ours"), Path(tmp, "floor")
        ours_dir.mkdir()
        floor_dir.mkdir()
        start = time.perf_counter()
        written = [path for _, path in write_jobs(jobs(catalogue, args.schemas), ours_dir)]
        ours = time.perf_counter() - start
        size = sum(p.stat().st_size for p in written)
        base = floor(catalogue, floor_dir)
    print(json.dumps({"ours": ours, "floor": base, "packages": len(written), "bytes": size}))


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
                f"run {n + 1} {side:>9}: export {run['ours']:.3f} s, floor {run['floor']:.3f} s, "
                f"ratio {run['ours'] / run['floor']:.2f}x"
            )
    first = runs["validated"][0]
    checks = " + XSD" if args.schemas else ""
    print(
        f"packages: {int(first['packages'])} ({first['bytes'] / 1e6:.1f} MB); floor: zipfile at level "
        f"{COMPRESSION_LEVEL} + one lxml parse per manifest; export: plan, render, manifest, CAM{checks} checks, zip"
    )
    for side, label in (("validated", "after validation (competency build)"), ("cold", "parsing its lessons itself")):
        ours = median(r["ours"] for r in runs[side])
        base = median(r["floor"] for r in runs[side])
        print(f"{label}: export {ours:.3f} s, floor {base:.3f} s (medians), ratio {ours / base:.2f}x (goal <= 1.3x)")


if __name__ == "__main__":
    main()
