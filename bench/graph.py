"""Benchmark: load + validate + coverage + one learning path on a synthetic framework.

100,000 competencies and 300,000 prerequisite edges in one JSON bundle, plus a
small module catalogue.  The floor, measured in the same run: build an
``nx.DiGraph`` from the edge list, ``is_directed_acyclic_graph`` and
``topological_sort``.  Prints both times and the ratio.

    python bench/graph.py [--competencies 100000] [--edges 300000]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--competencies", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=300_000)
    args = parser.parse_args()
    bundle, pairs = synthetic(args.competencies, args.edges)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bundle.json"
        path.write_text(json.dumps(bundle), "utf-8")
        del bundle  # the synthetic source is not part of either side's work
        gc.collect()  # both clocks start on a collected heap

        start = time.perf_counter()
        floor_graph = nx.DiGraph(pairs)
        assert nx.is_directed_acyclic_graph(floor_graph)
        list(nx.topological_sort(floor_graph))
        floor = time.perf_counter() - start
        # Start the next clock on a heap like a fresh `competency validate` process
        # has: otherwise the collection that ages the loaded model also walks the
        # floor's graph, which is no part of our work.
        edge_count = len(pairs)
        del floor_graph, pairs
        gc.collect()

        start = time.perf_counter()
        result = validate(path)
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
        target = codes[50 * 20 - 1]
        plan = learning_path(catalogue, {}, {target: "foundational"})
        rest = time.perf_counter() - start

    total = loaded + rest
    print(f"competencies={len(codes)} edges={edge_count} warnings={len(result.warnings)}")
    print(f"floor (DiGraph + is_DAG + toposort): {floor:.2f} s")
    print(f"load+validate: {loaded:.2f} s; coverage+path: {rest:.2f} s "
          f"(untaught {len(report.untaught)}, path {len(plan.modules)} modules)")
    print(f"total: {total:.2f} s; ratio total/floor: {total / floor:.2f}")


if __name__ == "__main__":
    main()
