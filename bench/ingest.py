"""Benchmark: xAPI ingest into SQLite and the progress query.

Run from the repository root: ``python bench/ingest.py`` (``--statements``,
``--learners`` and ``--competencies`` shrink it for a quick look).

1. Ingest N synthetic xAPI statements (JSON lines) into a SQLite ledger with
   ``competency.tracking.ingest``; the floor, measured in the same run, is
   the raw ``sqlite3`` ``executemany`` of the very rows the ingest stored
   (read back from its ledger, outside the clock) into the same table shape,
   batch by batch in the order they were written (same indexes, same pragmas,
   same batch size). Prints both rates, the ratio (goal >= 0.3) and the peak
   RSS of the ingest (goal <= 300 MB).
2. Progress of one learner among L learners x C competencies (one event
   each): median over 200 learners (goal <= 10 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine

from competency.model import (
    Assessment,
    Catalogue,
    Competency,
    Domain,
    Framework,
    Item,
    Level,
    Module,
    Option,
    Outcome,
    Scale,
    Text,
    item_iri,
    module_iri,
)
from competency.tracking import Ledger, ingest
from competency.tracking.ledger import Event
from competency.tracking.progress import progress
from competency.tracking.tables import evidence, metadata

START = datetime(2025, 1, 1, tzinfo=UTC)
BATCH = 1000
FLOOR_COLUMNS = [c.name for c in evidence.columns if c.name != "id"]
PASSED = "http://adlnet.gov/expapi/verbs/passed"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"


def catalogue(competencies: int) -> Catalogue:
    """A synthetic standard: ``competencies`` in domains of 10, a module per 5, 5 items each."""
    t = Text({"en": "x"})
    levels = [Level(id=i, title=t, description=t) for i in ("foundational", "practitioner", "leader")]
    codes = [f"D{d}.{i}" for d in range(1, competencies // 10 + 1) for i in range(1, 11)][:competencies]
    comps = [Competency(code=c, domain=c.split(".")[0], kind="knowledge", title=t, statement=t,
                        levels={"foundational": t, "practitioner": t}) for c in codes]
    domains = [Domain(code=d, title=t, competencies=[c for c in codes if c.startswith(d + ".")])
               for d in sorted({c.split(".")[0] for c in codes})]
    framework = Framework(id="bench", uri="urn:bench:std", version="1.0.0", title=t, languages=["en"],
                          scale=Scale(levels=levels, proficient="practitioner"), domains=domains,
                          competencies=comps).with_identifiers()
    options = [Option(id="a", text=t, correct=True), Option(id="b", text=t)]
    modules = []
    for m in range(len(codes) // 5):
        group = codes[m * 5:(m + 1) * 5]
        items = [Item(id=f"q{i}", type="single_choice", competency=c, level="foundational", stem=t,
                      rationale=t, options=options) for i, c in enumerate(group)]
        modules.append(Module(id=f"m{m:03d}", version="1.0.0", title=t, summary=t, duration=30,
                              languages=["en"],
                              outcomes=[Outcome(competency=c, level="practitioner",
                                                roles=["teaches", "assesses"]) for c in group],
                              assessment=Assessment(mastery_score=0.8, items=items)))
    return Catalogue(framework=framework, modules=modules)


def statements(count: int, learners: int, cat: Catalogue) -> Iterator[dict[str, object]]:
    rng = random.Random(7)
    modules = cat.modules
    for n in range(count):
        module = modules[n % len(modules)]
        stamp = (START + timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        account = {"homePage": "https://lms.example", "name": f"L{n % learners}"}
        actor = {"objectType": "Agent", "account": account}
        if n % 2:
            item = module.assessment.items[n % 5]  # type: ignore[union-attr]
            obj, verb = item_iri(module.id, item.id), ANSWERED
            result: dict[str, object] = {"success": rng.random() < 0.7, "response": "a"}
        else:
            obj, verb = module_iri(module.id), PASSED
            result = {"score": {"scaled": round(rng.random(), 3)}, "success": True, "completion": True}
        yield {"id": f"00000000-0000-4000-8000-{n:012d}", "actor": actor,
               "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
               "object": {"objectType": "Activity", "id": obj}, "result": result, "timestamp": stamp}


def stored_batches(db: Path) -> Iterator[list[tuple[object, ...]]]:
    """The evidence rows the ingest stored, batch by batch, in the order it wrote them.

    Reading them back makes the floor's rows equivalent by construction: same
    learners, keys, timestamps and digests, so the same index pages are hit.
    """
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        at = FLOOR_COLUMNS.index("batch_id")
        chunk: list[tuple[object, ...]] = []
        for row in conn.execute(f"SELECT {', '.join(FLOOR_COLUMNS)} FROM evidence ORDER BY id"):
            if chunk and row[at] != chunk[0][at]:
                yield chunk
                chunk = []
            chunk.append(row)
        if chunk:
            yield chunk
    finally:
        conn.close()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def bench_ingest(work: Path, count: int, learners: int) -> None:
    cat = catalogue(100)
    source = work / "statements.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for statement in statements(count, learners, cat):
            out.write(json.dumps(statement, separators=(",", ":")) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.sync()  # the statements file must not be flushed to disk while the clock runs
    before = rss_mb()
    ledger = Ledger.open(f"sqlite:///{work / 'ledger.db'}")
    began, began_cpu = time.perf_counter(), time.process_time()
    report = ingest(ledger, cat, [source], batch_size=BATCH)
    ours, ours_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    ledger.close()
    assert report.accepted == count and report.rejected == 0, report.rejects[:3]
    peak = rss_mb()

    os.sync()
    floor_db = work / "floor.db"
    metadata.create_all(create_engine(f"sqlite:///{floor_db}"))
    conn = sqlite3.connect(floor_db, isolation_level=None)
    # The pragmas every ledger connection sets (competency.tracking.tables), less the busy timeout.
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"ATTACH DATABASE 'file:{work / 'ledger.db'}?mode=ro' AS ours")
    conn.execute("INSERT INTO main.batches SELECT * FROM ours.batches")  # outside the clock
    conn.execute("DETACH DATABASE ours")
    sql = f"INSERT INTO evidence ({', '.join(FLOOR_COLUMNS)}) VALUES ({', '.join('?' * len(FLOOR_COLUMNS))})"
    floor = floor_cpu = 0.0
    for chunk in stored_batches(work / "ledger.db"):  # read outside the clock: it times only the database
        began, began_cpu = time.perf_counter(), time.process_time()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, chunk)
        conn.execute("COMMIT")
        floor += time.perf_counter() - began
        floor_cpu += time.process_time() - began_cpu
    conn.close()
    print(f"ingest   {count:>9,} statements  {ours:7.1f} s  {count / ours:>9,.0f} statements/s")
    print(f"floor    {count:>9,} rows        {floor:7.1f} s  {count / floor:>9,.0f} rows/s "
          "(raw sqlite3 executemany of the stored rows, same table)")
    # CPU time too: on a shared machine wall time swings with the neighbours' load.
    print(f"ratio    {floor / ours:.2f} wall, {floor_cpu / ours_cpu:.2f} CPU "
          f"({ours_cpu:.1f} s vs {floor_cpu:.1f} s CPU; goal >= 0.3)")
    print(f"peak RSS {peak:.0f} MB during ingest (before: {before:.0f} MB; goal <= 300 MB)")


def bench_progress(work: Path, learners: int, competencies: int) -> None:
    cat = catalogue(competencies)
    codes = cat.framework.codes
    ledger = Ledger.open(f"sqlite:///{work / 'progress.db'}")
    rng = random.Random(11)
    began = time.perf_counter()
    batch: list[Event] = []
    for learner in range(learners):
        for code in codes:
            batch.append(Event(key=f"p:{learner}:{code}", learner=f"L{learner}", source="assessor",
                               competency=code, level=rng.choice(("foundational", "practitioner")),
                               success=rng.random() < 0.8, observed_at=START,
                               record_id=f"p:{learner}:{code}"))
        if len(batch) >= 20_000:
            ledger.append(batch)
            batch = []
    if batch:
        ledger.append(batch)
    print(f"progress setup: {learners * len(codes):,} events in {time.perf_counter() - began:.1f} s")
    times = []
    for learner in rng.sample(range(learners), 200):
        began = time.perf_counter()
        result = progress(ledger, cat, f"L{learner}")
        times.append(time.perf_counter() - began)
        assert len(result.mastery) == len(codes)
    ledger.close()
    print(f"progress of one learner among {learners:,} x {len(codes)} competencies: "
          f"median {statistics.median(times) * 1000:.2f} ms, p95 {sorted(times)[189] * 1000:.2f} ms "
          "(goal <= 10 ms median)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--competencies", type=int, default=100)
    parser.add_argument("--skip-progress", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        bench_ingest(Path(tmp), args.statements, args.learners)
        if not args.skip_progress:
            bench_progress(Path(tmp), args.learners, args.competencies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
