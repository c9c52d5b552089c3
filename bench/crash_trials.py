#!/usr/bin/env python3
"""Crash-safety trials: every command that writes, killed with SIGKILL at a
random moment, must leave the database as it was before the command or as
the command leaves it, never in between (issue 30; docs/robustness.md).

    bench/crash_trials.py [--landpool build/landpool] [--trials N] [--seed S] [--keep DIR]

For each writing command (import csv --replace, import csv --update, solve,
compare, decide, apply, advance) the script first runs it to the end on a
copy of a prepared database, to learn its duration and the state it leaves.
Then each trial copies the prepared database, starts the command, kills it
with SIGKILL after a random fraction of that duration, and checks:
  1. PRAGMA integrity_check is ok;
  2. a fingerprint of every table (every row, timestamps masked) equals the
     state before the command or the state after it; for solve and compare,
     whose results depend on the clock, every table but the runs' own equals
     one of the two, and each stored run is whole (its deals, transfers and
     participants as many as its key figures say) and the runs are those
     before or those after (a compare stores all its runs or none);
  3. the next command works (landpool status exits 0).
Exit 0 when every trial holds, 1 with one line per failed trial, 2 when the
set-up fails. The counts are printed as a table row for docs/robustness.md.
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

AS_OF = "2026-10-01"
# Columns whose values are the clock's, not the data's.
VOLATILE = ("started_at", "finished_at", "imported_at", "taken_at", "solve_time_s")
RUN_TABLES = ("runs", "deals", "transfers", "run_participants", "run_lost_organic")


def table_fingerprints(path):
    """Per table: a hash of its rows in a stable order, volatile columns masked."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    prints = {}
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for table in sorted(tables):
            cursor = db.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            rows = []
            for row in cursor:
                rows.append(repr(tuple(None if n in VOLATILE else v for n, v in zip(names, row))))
            prints[table] = hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()
    finally:
        db.close()
    return prints


def scalar(path, sql):
    """The first column of the first row of `sql`, read only."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.close()


def integrity(path):
    return scalar(path, "PRAGMA integrity_check")


def runs_are_whole(path):
    """Every stored run has as many deals, transfers and participants as its KPIs say."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    problems = []
    try:
        for run_id, kpis_json in db.execute("SELECT run_id, kpis_json FROM runs"):
            kpis = json.loads(kpis_json or "{}")
            counts = {
                "deals": db.execute("SELECT COUNT(*) FROM deals WHERE run_id = ?", (run_id,)).fetchone()[0],
                "transfers": db.execute("SELECT COUNT(*) FROM transfers WHERE run_id = ?", (run_id,)).fetchone()[0],
                "participants": db.execute("SELECT COUNT(*) FROM run_participants WHERE run_id = ?",
                                           (run_id,)).fetchone()[0],
            }
            expected = {
                "deals": kpis.get("profit", {}).get("deals", 0),
                "transfers": kpis.get("transfers", 0),
                "participants": kpis.get("people", {}).get("participating_farms", 0),
            }
            if counts != expected:
                problems.append(f"run {run_id}: stored {counts}, its KPIs say {expected}")
    finally:
        db.close()
    return problems


def landpool(args, exe, db, check=True, **kwargs):
    result = subprocess.run([exe, "--db", db, "-q", *args], capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise RuntimeError(f"landpool {' '.join(args)}: exit {result.returncode}: {result.stderr.strip()}")
    return result


def prepare(exe, work):
    """A database with a region, a solved run and an accepted deal; the inputs of the commands."""
    region, other, update = (os.path.join(work, d) for d in ("region", "other", "update"))
    for seed, out in ((3, region), (4, other)):
        landpool(["generate", "region", "--preset", "harenkarspel", "--parcels", "1500", "--seed", str(seed),
                  "--as-of", AS_OF, "--out", out], exe, os.path.join(work, "unused.db"))
    os.makedirs(update)
    with open(os.path.join(region, "demands.csv")) as f:
        lines = f.read().splitlines()
    header = lines[0].split(",")
    at = header.index("wants_max_ha")
    changed = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[at] = f"{float(cells[at]) + 1.0:.2f}"
        changed.append(",".join(cells))
    with open(os.path.join(update, "demands.csv"), "w") as f:
        f.write("\n".join(changed) + "\n")
    base = os.path.join(work, "base.db")
    landpool(["import", "csv", region, "--quarter", "2026Q4"], exe, base)
    landpool(["solve", "--as-of", AS_OF, "--time-limit", "3"], exe, base)
    landpool(["decide", "1", "accept", "--date", "2026-10-15"], exe, base)
    scenarios = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios")
    return base, {
        "import csv --replace": ["import", "csv", other, "--replace"],
        "import csv --update": ["import", "csv", update, "--update"],
        "solve": ["solve", "--as-of", AS_OF, "--time-limit", "3"],
        "compare": ["compare", os.path.join(scenarios, "default.toml"),
                    os.path.join(scenarios, "generous.toml"), "--as-of", AS_OF, "--time-limit", "2"],
        "decide": ["decide", "2", "reject", "--date", "2026-10-16", "--note", "trial"],
        "apply": ["apply"],
        "advance": ["advance", "--to", "2027Q1"],
    }


def run_count(path):
    return scalar(path, "SELECT COUNT(*) FROM runs")


def judge(name, db, before, after, runs_before, runs_after):
    """The problems of a killed command's database, or an empty list."""
    state = integrity(db)
    if state != "ok":
        return [f"integrity_check: {state}"]
    now = table_fingerprints(db)
    problems = []
    if name in ("solve", "compare"):
        for table in set(before) | set(now):
            if table in RUN_TABLES:
                continue
            if now.get(table) not in (before.get(table), after.get(table)):
                problems.append(f"table {table} is neither as before nor as after")
        problems += runs_are_whole(db)
        runs = run_count(db)
        if runs not in (runs_before, runs_after):
            problems.append(f"{runs} runs: neither the {runs_before} before nor the {runs_after} after")
    elif now not in (before, after):
        changed = sorted(t for t in now if now[t] != before.get(t) and now[t] != after.get(t))
        problems.append(f"neither before nor after: {', '.join(changed) or 'the set of tables'}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--landpool", default="build/landpool")
    parser.add_argument("--trials", type=int, default=70, help="in all, spread over the commands")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="keep the work folder here")
    args = parser.parse_args()
    exe = os.path.abspath(args.landpool)
    work = args.keep or tempfile.mkdtemp(prefix="landpool-crash-")
    os.makedirs(work, exist_ok=True)
    rng = random.Random(args.seed)
    try:
        base, commands = prepare(exe, work)
    except Exception as error:  # the set-up, not a verdict
        print(f"crash_trials: set-up failed: {error}", file=sys.stderr)
        return 2
    before, runs_before = table_fingerprints(base), run_count(base)
    reference = {}
    for name, command in commands.items():
        db = os.path.join(work, "reference.db")
        shutil.copyfile(base, db)
        started = time.monotonic()
        landpool(command, exe, db)
        reference[name] = (time.monotonic() - started, table_fingerprints(db), run_count(db))
    failures, counts = [], {name: [0, 0, 0] for name in commands}  # trials, killed, finished
    names = list(commands)
    for trial in range(args.trials):
        name = names[trial % len(names)]
        duration, after, runs_after = reference[name]
        db = os.path.join(work, "trial.db")
        shutil.copyfile(base, db)
        for suffix in ("-wal", "-shm", "-journal"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        process = subprocess.Popen([exe, "--db", db, "-q", *commands[name]],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Half the kills anywhere, half near the end, where most commands write.
        late = trial % 2 == 1
        time.sleep(rng.uniform(0.8 * duration if late else 0.0, duration * 1.1))
        killed = process.poll() is None
        if killed:
            process.send_signal(signal.SIGKILL)
        process.wait()
        counts[name][0] += 1
        counts[name][1 if killed else 2] += 1
        problems = judge(name, db, before, after, runs_before, runs_after)
        if landpool(["status"], exe, db, check=False).returncode != 0:
            problems.append("landpool status fails afterwards")
        for problem in problems:
            failures.append(f"trial {trial + 1} ({name}, {'killed' if killed else 'finished'}): {problem}")
    print("| command | trials | killed | finished | reference s |")
    print("|---|---:|---:|---:|---:|")
    for name, (trials, killed, finished) in counts.items():
        print(f"| {name} | {trials} | {killed} | {finished} | {reference[name][0]:.1f} |")
    print(f"{args.trials} trials, {sum(c[1] for c in counts.values())} killed, "
          f"{len(failures)} problems", file=sys.stderr)
    for line in failures:
        print(line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
