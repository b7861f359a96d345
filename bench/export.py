"""Benchmark: SCORM export of every module, against writing the same files with zipfile.

The export renders every page, builds and validates every manifest (CAM rules;
XSDs too with ``--schemas``) and writes reproducible zips. The floor, measured
in the same run on the same files: ``zipfile`` at the same compression level
plus one lxml parse of each manifest. Prints both times and the ratio (goal:
at most 1.3x without ``--schemas``).

    python bench/export.py [--standards DIR] [--modules DIR] [--copies 20] [--schemas DIR]

``--copies`` multiplies the catalogue's modules (same content, new ids) so the
run is long enough to time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import zipfile
from pathlib import Path

from attrs import evolve
from lxml import etree

from competency.model import Catalogue
from competency.validation import load_catalogue
from scorm_export.archive import COMPRESSION_LEVEL, zip_bytes_order
from scorm_export.build import package_files, write_package
from scorm_export.plan import PackagePlan, plan_module

ROOT = Path(__file__).resolve().parents[1]
TOY = ROOT / "tests" / "fixtures" / "toy"


def plans(catalogue: Catalogue, copies: int) -> list[PackagePlan]:
    found = []
    for copy in range(copies):
        for module in catalogue.modules:
            clone = evolve(module, id=f"{module.id}-c{copy}")
            for lang in clone.languages:
                for version in ("1.2", "2004"):
                    found.append(plan_module(catalogue.framework, clone, lang=lang, scorm_version=version))
    return found


def floor(files_by_plan: list[tuple[PackagePlan, dict[str, bytes]]], out: Path) -> None:
    for plan, files in files_by_plan:
        with zipfile.ZipFile(out / plan.filename, "w") as archive:
            for name in zip_bytes_order(list(files)):
                archive.writestr(name, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL)
        etree.fromstring(files["imsmanifest.xml"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=Path, default=TOY / "standards")
    parser.add_argument("--modules", type=Path, default=TOY / "modules")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--schemas", type=Path, default=None, help="also validate against these XSDs")
    args = parser.parse_args()

    catalogue = load_catalogue(args.standards, args.modules)
    all_plans = plans(catalogue, args.copies)
    with tempfile.TemporaryDirectory() as tmp:
        ours_dir, floor_dir = Path(tmp, "ours"), Path(tmp, "floor")
        ours_dir.mkdir()
        floor_dir.mkdir()
        start = time.perf_counter()
        for plan in all_plans:
            write_package(plan, catalogue.framework, ours_dir, schemas=args.schemas)
        ours = time.perf_counter() - start
        # The floor gets the finished bytes for free: only the writing and one parse are timed.
        files = [(plan, package_files(plan, catalogue.framework)[0]) for plan in all_plans]
        start = time.perf_counter()
        floor(files, floor_dir)
        base = time.perf_counter() - start
        size = sum(p.stat().st_size for p in ours_dir.iterdir())
    print(f"packages: {len(all_plans)} ({size / 1e6:.1f} MB)")
    print(f"export (render, manifest, CAM{' + XSD' if args.schemas else ''} checks, zip): {ours:.3f} s")
    print(f"floor (zipfile at level {COMPRESSION_LEVEL} + one lxml parse per manifest): {base:.3f} s")
    print(f"ratio: {ours / base:.2f}x (goal <= 1.3x)")


if __name__ == "__main__":
    main()
