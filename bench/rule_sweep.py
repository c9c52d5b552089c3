#!/usr/bin/env python3
"""Solves generated regions under random scenarios and checks every run.

    bench/rule_sweep.py BUILD_DIR RUNS [--time-limit S] [--first-seed N] [--work DIR]

Each run draws a region (preset, size, organic share, consolidation or not)
and a scenario (every rule hard, penalty or off; deal caps, tolerances,
distances, partners, horizon, government-land settings and priorities) from
its seed (one run in five on the real BRP parcels of ../shared/data when
present), then imports, solves, exports and runs the outside check
(scripts/check_transfers.py). A run passes when `solve` exits 0 (the
verifier inside accepted the proposal) and the outside check finds no
problem. This is a robustness sweep, not a speed benchmark: it looks for a
combination of settings under which the model, the heuristics, the verifier
or the export disagree. Prints one line per run and exits 1 if any failed;
the failing run's folder is kept under --work.
"""
import argparse
import pathlib
import random
import shutil
import subprocess
import sys

RULES = ["organic_stays_organic", "offer_conditions", "demand_balance", "nobody_worse_off",
         "partners", "deal_caps", "government_land", "government_caps"]
PRIORITY_GROUPS = ["young_farmers", "organic_nearby", "lease_ends", "in_cluster_zone"]


def draw_scenario(rng):
    """A scenario TOML text: every choice drawn, each within its documented range."""
    lines = [f'name = "sweep"']
    lines += ["[defaults]",
              f"tolerance_pct = {rng.choice([0.0, 5.0, 10.0, 25.0])}",
              f"max_distance_km = {rng.choice([2.0, 5.0, 10.0])}",
              f"max_partners = {rng.randint(1, 5)}",
              f"horizon_months = {rng.choice([6, 12, 24, 36])}"]
    ring = rng.randint(2, 4)
    two_party = rng.random() < 0.7 or ring == 2
    lines += ["[deals]",
              f"max_ring_parties = {ring}",
              f"max_chain_links = {rng.randint(1, 5)}",
              f"transfer_tax_pct = {rng.choice([0.0, 2.0, 10.4])}",
              f"two_party_swaps = {str(two_party).lower()}",
              f"ownership_exchanges = {str(rng.random() < 0.7).lower()}"]
    zone = rng.random() < 0.4
    lines += ["[government_land]",
              'owner_kinds = ["government"]',
              f'eligibility = "{rng.choice(["organic", "organic_or_converting", "committed_to_convert", "everyone"])}"',
              f"sale_allowed = {str(rng.random() < 0.6).lower()}",
              f"pays_conversion = {str(rng.random() < 0.4).lower()}"]
    if rng.random() < 0.5:
        lines += [f"max_share_pct_per_farm = {rng.choice([10.0, 25.0, 50.0])}",
                  f"max_ha_per_farm = {rng.choice([2.0, 10.0, 40.0])}"]
    for group in PRIORITY_GROUPS:
        if (group != "in_cluster_zone" or zone) and rng.random() < 0.4:
            lines += ["[[government_land.priority]]", f'group = "{group}"',
                      f"bonus_eur_per_ha = {rng.choice([500.0, 3000.0])}"]
            if group == "organic_nearby":
                lines += ["radius_km = 2.0", "top_pct = 25.0"]
    if zone:
        lines += ["[cluster_zone]", 'centre = "organic_core"', "radius_m = 2500.0",
                  "organic_bonus_eur_per_ha = 2000.0"]
    for rule in RULES:
        mode = rng.choice(["hard", "hard", "penalty", "off"])
        lines += [f"[rules.{rule}]", f'mode = "{mode}"']
        if mode == "penalty":
            lines.append(f"penalty_eur = {rng.choice([100.0, 5000.0])}")
    return "\n".join(lines) + "\n"


BRP_GEOMETRY = (pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "data" /
                "brp-2020-amsterdam-waterland" / "fields_cropped.shp.zip")


def draw_region(rng):
    """Arguments of `landpool generate region` (without --out): a synthetic
    polder, or one run in five the real BRP Waterland parcels with a
    generated farm layer when ../shared/data is there."""
    seed = str(rng.randint(1, 10**6))
    organic_share = str(rng.choice([0.1, 0.3, 0.6]))
    if rng.random() < 0.2 and BRP_GEOMETRY.exists():
        args = ["--preset", "waterland", "--geometry", f"/vsizip/{BRP_GEOMETRY}", "--seed", seed,
                "--organic-share", organic_share]
    else:
        args = ["--preset", rng.choice(["harenkarspel", "polder-1k"]), "--seed", seed,
                "--parcels", str(rng.choice([200, 400, 800])), "--organic-share", organic_share]
    if rng.random() < 0.15:
        args.append("--consolidation")
    return args


def run(cmd, log):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log.write(f"$ {' '.join(map(str, cmd))}\n{result.stdout}\n")
    return result


def one_run(landpool, checker, work, seed, time_limit_s):
    rng = random.Random(seed)
    folder = work / f"run-{seed}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    as_of = "2026-10-01"
    scenario = folder / "scenario.toml"
    scenario.write_text(draw_scenario(rng))
    db = folder / "region.db"
    with open(folder / "log.txt", "w") as log:
        steps = [
            [landpool, "generate", "region", *draw_region(rng), "--as-of", as_of, "--out", folder / "region"],
            [landpool, "--db", db, "import", "csv", folder / "region"],
            [landpool, "--db", db, "solve", "--scenario", scenario, "--as-of", as_of,
             "--time-limit", str(time_limit_s), "--seed", str(seed % 1000)],
            [landpool, "--db", db, "export", "--format", "csv", "--out", folder / "export"],
            [sys.executable, checker, folder / "region", folder / "export", "--as-of", as_of,
             "--scenario", scenario],
        ]
        for index, step in enumerate(steps):
            result = run(step, log)
            if result.returncode != 0:
                name = ["generate", "import", "solve", "export", "outside check"][index]
                tail = result.stdout.strip().splitlines()[-3:]
                return False, f"{name} exited {result.returncode}: {' | '.join(tail)}"
    summary = [l.strip() for l in (folder / "log.txt").read_text().splitlines()
               if l.startswith("  value") or l.startswith("  proposal")]
    shutil.rmtree(folder)
    return True, " / ".join(summary) or "passed"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build_dir", type=pathlib.Path)
    parser.add_argument("runs", type=int)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--work", type=pathlib.Path, default=pathlib.Path("rule_sweep"))
    args = parser.parse_args()
    landpool = (args.build_dir / "landpool").resolve()
    checker = (pathlib.Path(__file__).resolve().parent.parent / "scripts" / "check_transfers.py")
    failures = 0
    for seed in range(args.first_seed, args.first_seed + args.runs):
        ok, message = one_run(landpool, checker, args.work.resolve(), seed, args.time_limit)
        failures += not ok
        print(f"seed {seed}: {'ok' if ok else 'FAILED'}  {message}", flush=True)
    print(f"{args.runs - failures} of {args.runs} runs passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
