#!/usr/bin/env python3
"""Where the proven gap comes from, rule by rule: `landpool solve` on the
default region (harenkarspel, seed 1) under the default scenario and
variants of it with the farms' own rules (demand_balance, nobody_worse_off,
partners) and the deal caps switched off, alone and together, and with the
boundary terms, transfer tax and per-deal cost set to zero. Prints one
markdown row per variant: value, bound, gap, blocks per farm before and
after, wall time.

    bench/gap_by_rule.py [BUILD_DIR] [--time-limit S] [--only NAME ...]
"""

import argparse
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
FARM_RULES = ["demand_balance", "nobody_worse_off", "partners"]
ALL_RULES = FARM_RULES + ["deal_caps"]
NO_REGION_TERMS = {
    "consolidation_eur_per_m_year": "0.0",
    "organic_contiguity_eur_per_m_year": "0.0",
    "drift_border_eur_per_m_year": "0.0",
    "transaction_eur_per_deal": "0.0",
    "transfer_tax_pct": "0.0",
}

# name: (rules switched off, weights set)
VARIANTS = {
    "default": ([], {}),
    "demand_balance off": (["demand_balance"], {}),
    "nobody_worse_off off": (["nobody_worse_off"], {}),
    "partners off": (["partners"], {}),
    "deal_caps off": (["deal_caps"], {}),
    "farm rules and caps off": (ALL_RULES, {}),
    "farm rules off (caps hard)": (FARM_RULES, {}),
    "caps alone, no boundary, tax or deal cost": (FARM_RULES, NO_REGION_TERMS),
    "partners alone, no tax or deal cost": (
        ["demand_balance", "nobody_worse_off", "deal_caps"],
        {"transaction_eur_per_deal": "0.0", "transfer_tax_pct": "0.0"},
    ),
    "demand_balance alone, no tax or deal cost": (
        ["nobody_worse_off", "partners", "deal_caps"],
        {"transaction_eur_per_deal": "0.0", "transfer_tax_pct": "0.0"},
    ),
    "nobody_worse_off alone, no tax or deal cost": (
        ["demand_balance", "partners", "deal_caps"],
        {"transaction_eur_per_deal": "0.0", "transfer_tax_pct": "0.0"},
    ),
}


def scenario_text(off, weights):
    text = (ROOT / "scenarios" / "default.toml").read_text()
    for rule in off:
        text, count = re.subn(
            r'(\[rules\.%s\][^\n]*\n)mode = "hard"' % rule, r'\1mode = "off"', text
        )
        if count != 1:
            sys.exit(f"scenarios/default.toml: no hard rule {rule}")
    for key, value in weights.items():
        text, count = re.subn(r"^(%s = )[0-9.]+" % key, r"\g<1>" + value, text, flags=re.M)
        if count != 1:
            sys.exit(f"scenarios/default.toml: no key {key}")
    return text


def field(pattern, text):
    match = re.search(pattern, text, flags=re.M)
    return match.group(1) if match else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", nargs="?", default="build")
    parser.add_argument("--time-limit", type=int, default=60)
    parser.add_argument("--only", nargs="*", help="variant names (default: all)")
    args = parser.parse_args()
    landpool = (ROOT / args.build / "landpool").resolve()
    names = args.only or list(VARIANTS)
    unknown = [name for name in names if name not in VARIANTS]
    if unknown:
        sys.exit(f"unknown variant {unknown[0]!r}; variants: {', '.join(VARIANTS)}")
    with tempfile.TemporaryDirectory() as work_dir:
        work = pathlib.Path(work_dir)
        region = work / "region"
        subprocess.run([landpool, "-q", "generate", "region", "--preset", "harenkarspel",
                        "--seed", "1", "--as-of", "2026-10-01", "--out", region],
                       check=True, stdout=subprocess.DEVNULL)
        base = work / "base.db"
        subprocess.run([landpool, "--db", base, "-q", "import", "csv", region],
                       check=True, stdout=subprocess.DEVNULL)
        print("| variant | value EUR | bound EUR | gap | blocks per farm | wall s |")
        print("|---|---:|---:|---:|---|---:|")
        for name in names:
            off, weights = VARIANTS[name]
            scenario = work / "scenario.toml"
            scenario.write_text(scenario_text(off, weights))
            db = work / "run.db"
            shutil.copy(base, db)
            started = time.monotonic()
            run = subprocess.run([landpool, "--db", db, "solve", "--as-of", "2026-10-01",
                                  "--time-limit", str(args.time_limit), "--scenario", scenario],
                                 capture_output=True, text=True)
            seconds = time.monotonic() - started
            out = run.stdout
            if run.returncode != 0:
                tail = run.stderr.strip().splitlines()[-1:] or ["no message"]
                print(f"| {name} | solve exited {run.returncode}: {tail[0]} | | | | {seconds:.1f} |",
                      flush=True)
                continue
            value = field(r"^  value\s+(-?\d+) EUR", out)
            bound = field(r"^  value.*\(bound (-?\d+) EUR", out)
            gap = field(r"^  value.*gap ([0-9.]+) %", out)
            blocks = field(r"^  Blocks per farm\s+(\S+ -> \S+)", out)
            print(f"| {name} | {value} | {bound} | {gap} % | {blocks} | {seconds:.1f} |",
                  flush=True)


if __name__ == "__main__":
    main()
