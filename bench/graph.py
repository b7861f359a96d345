"""Benchmark: load + validate + coverage + one learning path on a synthetic framework.

100,000 competencies and 300,000 prerequisite edges in one JSON bundle, plus a
small module catalogue.  The floor, measured in the same run: build an
``nx.DiGraph`` from the edge list, ``is_directed_acyclic_graph`` and
``topological_sort``.  Each side runs ``--repeat`` times, alternated, each
run in a fresh interpreter that reads its input before the clock starts; the
medians and their ratio are printed with every run.

    python bench/graph.py [--competencies 100000] [--edges 300000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

import networkx as nx

from competency.coverage import coverage
from competency.model import Catalogue, Module, Outcome, Text
from competency.planning import learning_path
from competency.validation import validate


def synthetic(count: int, edges: int, seed: int = 7) -> tuple[dict[str, object], list[tuple[str, str]]]:
    rng = random.Random(seed)
    per_domain = 100
    codes = [f"D{i // per_domain + 1}.{i % per_domain + 1}" for i in range(count)]
    prerequisites: dict[int, set[int]] = {}
    pairs: list[tuple[str, str]] = []
    while len(pairs) < edges:
        later = rng.randrange(1, count)
        earlier = rng.randrange(max(0, later - 50), later)  # local prerequisites, as in real standards
        if earlier not in prerequisites.setdefault(later, set()):
            prerequisites[later].add(earlier)
            pairs.append((codes[earlier], codes[later]))
    text = {"en": "t", "fr": "t"}
    domains = []
    for start in range(0, count, per_domain):
        domains.append({"code": f"D{start // per_domain + 1}", "title": text, "competencies": [
            {"code": codes[i], "kind": "skill", "title": text, "statement": text,
             "levels": {"foundational": text, "practitioner": text},
             "prerequisites": [{"competency": codes[j], "level": "foundational", "reason": text}
                               for j in sorted(prerequisites.get(i, ()))]}
            for i in range(start, min(start + per_domain, count))]})
    bundle = {"framework": {"id": "synthetic", "uri": "urn:example:synthetic", "version": "1.0.0", "title": text,
                            "languages": ["en", "fr"], "scale": {"proficient": "practitioner", "levels": [
                                {"id": lv, "title": text, "description": text}
                                for lv in ("foundational", "practitioner", "leader")]}},
              "domains": domains, "profiles": [], "sources": []}
    return bundle, pairs


def _floor(folder: Path) -> dict[str, object]:
    pairs = [(u, v) for u, v in json.loads((folder / "edges.json").read_text("utf-8"))]
    start = time.perf_counter()
    graph = nx.DiGraph(pairs)
    assert nx.is_directed_acyclic_graph(graph)
    list(nx.topological_sort(graph))
    return {"floor": time.perf_counter() - start, "edges": len(pairs)}


def _ours(folder: Path) -> dict[str, object]:
    start = time.perf_counter()
    result = validate(folder / "bundle.json")
    loaded = time.perf_counter() - start
    assert result.catalogue is not None and not result.errors, result.errors[:3]
    framework = result.catalogue.framework
    codes = framework.codes
    text = Text.of(en="m", fr="m")
    modules = [Module(id=f"m{i:03d}", version="1.0.0", title=text, summary=text, duration=30 + i % 60,
                      languages=("en",), outcomes=[Outcome(competency=c, level="practitioner",
                                                           roles=["teaches", "assesses"])
                                                   for c in codes[i * 20:(i + 1) * 20]])
               for i in range(50)]
    catalogue = Catalogue(framework=framework, modules=modules)
    start = time.perf_counter()
    report = coverage(catalogue)
    plan = learning_path(catalogue, {}, {codes[50 * 20 - 1]: "foundational"})
    rest = time.perf_counter() - start
    return {"loaded": loaded, "rest": rest, "detail": f"competencies={len(codes)} warnings={len(result.warnings)} "
            f"untaught={len(report.untaught)} path={len(plan.modules)} modules"}


def _run(side: str, folder: Path) -> dict[str, Any]:
    # Each measurement in a fresh interpreter: neither side inherits the other's heap.
    done = subprocess.run([sys.executable, __file__, "--side", side, "--folder", str(folder)],
                          check=True, capture_output=True, text=True)
    found: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--competencies", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; medians are compared")
    parser.add_argument("--side", choices=["floor", "ours"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        print(json.dumps((_floor if args.side == "floor" else _ours)(args.folder)))
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        bundle, pairs = synthetic(args.competencies, args.edges)
        (folder / "bundle.json").write_text(json.dumps(bundle), "utf-8")
        (folder / "edges.json").write_text(json.dumps(pairs), "utf-8")
        del bundle, pairs
        floors, loads, rests = [], [], []
        for _ in range(args.repeat):  # alternated, so a slow spell of the machine hits both sides
            floor_run = _run("floor", folder)
            floors.append(floor_run["floor"])
            ours = _run("ours", folder)
            loads.append(ours["loaded"])
            rests.append(ours["rest"])

    floor, loaded, rest = median(floors), median(loads), median(rests)
    total = loaded + rest
    print(f"{ours['detail']} edges={floor_run['edges']}; medians of {args.repeat} alternated runs, "
          "each in a fresh interpreter")
    print(f"floor (DiGraph + is_DAG + toposort): {floor:.2f} s  (runs: {_runs(floors)})")
    print(f"load+validate: {loaded:.2f} s  (runs: {_runs(loads)}); coverage+path: {rest:.2f} s")
    print(f"total: {total:.2f} s; ratio total/floor: {total / floor:.2f}  (goal: <= 3 and <= 5 s)")


def _runs(values: list[float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)


if __name__ == "__main__":
    main()
