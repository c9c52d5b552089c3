#!/usr/bin/env python3
"""Checks a run's transfers.csv against the region's CSV files, from outside.

    scripts/check_transfers.py REGION_DIR EXPORT_DIR --as-of YYYY-MM-DD [--scenario FILE.toml]

REGION_DIR holds the input contract (docs/data-format.md: parcels.csv,
farms.csv, owners.csv, leases.csv, offers.csv, demands.csv); EXPORT_DIR is
what `landpool export --format csv` wrote; --as-of is the date the run
planned from (its summary and `landpool runs` show it: `planned from`). It reads
nothing of landpool's own: no database, no code. It recomputes from the
input alone the rules a proposal must keep (docs/model.md: 1 who may move,
2 organic stays organic, 3 offer conditions, 4 demand balance and
distance, 6 partners, 7 deal caps, 8 government land's eligibility and
sale ban, 9 government caps; each checked where the scenario has it hard)
and the numbers of each transfer (area, value, owner before and after,
legal form, a kavelruil's owners, how it settles: a change of owner in
capital, an exchange of use yearly at area x rent, a lease by its rent; and
each deal's settlements in deals.csv). Rule 5 (nobody worse off) needs the
whole objective: it is left to landpool's own verifier. Exit 0: every check passed; 1: problems, one per
line on stdout; 2: the files could not be read.
"""
import argparse
import calendar
import collections
import csv
import datetime
import functools
import math
import re
import sys
import tomllib

DEFAULTS = {"tolerance_pct": 10.0, "max_distance_km": 5.0, "max_partners": 3, "horizon_months": 24}
DEALS = {"max_ring_parties": 3, "max_chain_links": 4, "two_party_swaps": True,
         "rent_eur_per_ha_year": 850.0}
TOLERANCE_HA = 1e-6
DEFAULT_VALUE_EUR_PER_HA = 60000.0
GOVERNMENT = {"owner_kinds": ["government"], "eligibility": "everyone", "sale_allowed": True}


def read_rows(path, required=True):
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        if required:
            raise
        return []


def rings_of(wkt):
    """The rings of a POLYGON or MULTIPOLYGON as lists of (x, y), grouped by polygon."""
    polygons = []
    wkt = re.sub(r"\s*([(),])\s*", r"\1", wkt.strip())
    for polygon in re.findall(r"\(\(.*?\)\)", wkt):
        rings = re.findall(r"\(([^()]*)\)", polygon)
        polygons.append([[tuple(map(float, p.split()[:2])) for p in ring.split(",")] for ring in rings])
    return polygons


def area_and_centroid(wkt):
    """Shoelace area (m2) and area centroid of a polygon with holes."""
    total = cx = cy = 0.0
    for polygon in rings_of(wkt):
        for index, ring in enumerate(polygon):
            a = sx = sy = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                cross = x0 * y1 - x1 * y0
                a += cross
                sx += (x0 + x1) * cross
                sy += (y0 + y1) * cross
            sign = 1.0 if index == 0 else -1.0  # outer ring, then holes
            a_abs = abs(a) / 2.0
            if a != 0.0:
                cx += sign * a_abs * (sx / (3.0 * a))
                cy += sign * a_abs * (sy / (3.0 * a))
            total += sign * a_abs
    if total <= 0.0:
        raise ValueError(f"a polygon without area: {wkt[:60]}")
    return total, (cx / total, cy / total)


def add_months(date, months):
    year = date.year + (date.month - 1 + months) // 12
    month = (date.month - 1 + months) % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def rule_mode(scenario, rule):
    return scenario.get("rules", {}).get(rule, {}).get("mode", "hard")


def hard(scenario, rule):
    return rule_mode(scenario, rule) == "hard"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("region")
    parser.add_argument("export")
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--scenario")
    args = parser.parse_args()
    as_of = datetime.date.fromisoformat(args.as_of)
    scenario = {}
    if args.scenario:
        with open(args.scenario, "rb") as f:
            scenario = tomllib.load(f)
    defaults = {**DEFAULTS, **scenario.get("defaults", {})}
    deal_caps = {**DEALS, **scenario.get("deals", {})}
    government = {**GOVERNMENT, **scenario.get("government_land", {})}
    horizon_end = add_months(as_of, int(defaults["horizon_months"]))

    parcels = {r["parcel_id"]: r for r in read_rows(f"{args.region}/parcels.csv")}
    farms = {r["farm_id"]: r for r in read_rows(f"{args.region}/farms.csv")}
    owners = {r["owner_id"]: r for r in read_rows(f"{args.region}/owners.csv")}
    offers = {r["parcel_id"]: r for r in read_rows(f"{args.region}/offers.csv", False)}
    demands = {r["farm_id"]: r for r in read_rows(f"{args.region}/demands.csv", False)}
    leases = collections.defaultdict(list)
    for row in read_rows(f"{args.region}/leases.csv", False):
        leases[row["parcel_id"]].append(row)
    transfers = read_rows(f"{args.export}/transfers.csv")

    problems = []

    def problem(rule, where, message):
        problems.append(f"{rule} {where}: {message}")

    # Parcels whose geometry came from a GIS import have none in parcels.csv:
    # their area and distance are not checked (counted on stderr).
    unchecked = set()

    def area_ha(parcel):
        if parcel.get("area_ha"):
            return float(parcel["area_ha"])
        if parcel.get("wkt"):
            return area_and_centroid(parcel["wkt"])[0] / 10000.0
        unchecked.add(parcel["parcel_id"])
        return None

    def centroid(parcel):
        if parcel.get("x") and parcel.get("y"):
            return float(parcel["x"]), float(parcel["y"])
        if parcel.get("wkt"):
            return area_and_centroid(parcel["wkt"])[1]
        unchecked.add(parcel["parcel_id"])
        return None

    def demand_value(farm, key):
        value = demands[farm].get(key) or ""
        return float(value) if value else float(defaults[key])

    def may_receive_organic(farm):
        return (farms[farm]["organic_status"] in ("organic", "converting")
                or demands.get(farm, {}).get("converts") == "yes")

    @functools.cache
    def exchangeable(farm):
        listed = (demands.get(farm, {}).get("exchange_parcels") or "none").strip()
        if listed == "all":
            return {p for p, row in parcels.items() if row.get("user_farm_id") == farm}
        return set() if listed in ("", "none") else set(listed.split("|"))

    def pool_free_on(parcel_id):
        """The day offered land is free (offer open, leases ended, not before
        the planning date) when that falls within the horizon: pool land.
        None for other land (not offered, an open-ended lease, or later)."""
        offer = offers.get(parcel_id)
        if not offer:
            return None
        free_on = max(as_of, datetime.date.fromisoformat(offer["available_from"]))
        for lease in leases.get(parcel_id, []):
            if not lease.get("end_date"):
                return None
            free_on = max(free_on, datetime.date.fromisoformat(lease["end_date"]) + datetime.timedelta(days=1))
        return free_on if free_on <= horizon_end else None

    # Government land: offered by an owner of one of the scenario's kinds;
    # a farm's cap is the smaller of max_ha_per_farm and its share of all
    # the government land offered (docs/scenarios.md).
    government_parcels = {p for p, offer in offers.items()
                          if owners.get(offer["owner_id"], {}).get("kind") in government["owner_kinds"]}
    caps_ha = []
    if "max_ha_per_farm" in government:
        caps_ha.append(float(government["max_ha_per_farm"]))
    if "max_share_pct_per_farm" in government:
        offered = [area_ha(parcels[p]) for p in government_parcels if p in parcels]
        if None not in offered:  # else unknown (GIS geometry): that cap is not checked
            caps_ha.append(float(government["max_share_pct_per_farm"]) / 100.0 * sum(offered))
    government_ha = collections.defaultdict(float)

    def eligible(farm):
        status = farms[farm]["organic_status"]
        rule = government["eligibility"]
        if rule == "organic":
            return status == "organic"
        if rule == "organic_or_converting":
            return status != "conventional"
        if rule == "committed_to_convert":
            return status != "conventional" or demands.get(farm, {}).get("converts") == "yes"
        return True

    def rent_eur_per_ha_year(parcel_id):
        """The latest lease's rent where one is recorded, else the scenario's."""
        recorded = [row for row in leases.get(parcel_id, []) if row.get("rent_eur_per_ha_year")]
        if not recorded:
            return float(deal_caps["rent_eur_per_ha_year"])
        latest = max(recorded, key=lambda row: row["start_date"])
        return float(latest["rent_eur_per_ha_year"])

    capital = collections.defaultdict(lambda: collections.defaultdict(float))
    yearly = collections.defaultdict(lambda: collections.defaultdict(float))
    owner_of_farm = {}
    for owner in owners.values():
        if owner.get("farm_id"):
            owner_of_farm.setdefault(owner["farm_id"], owner["owner_id"])

    net_ha = collections.defaultdict(float)
    given_ha = collections.defaultdict(float)
    partners = collections.defaultdict(set)
    moved = set()
    for row, t in enumerate(transfers, start=2):
        where = f"transfers.csv:{row} parcel {t['parcel_id']}"
        parcel_id, giver, receiver = t["parcel_id"], t["from_farm_id"], t["to_farm_id"]
        if parcel_id not in parcels:
            problem("rule1", where, "not a parcel of the region")
            continue
        if receiver not in farms:
            problem("rule1", where, f"receiving farm {receiver} is not a farm of the region")
            continue
        parcel = parcels[parcel_id]
        if parcel_id in moved:
            problem("rule1", where, "changes user twice")
        moved.add(parcel_id)
        free_on = pool_free_on(parcel_id)
        effective = datetime.date.fromisoformat(t["effective_date"])
        # Rule 1: pool land moves from the day it is free (no giving farm);
        # other land only where its user declared it exchangeable, at once.
        if free_on:
            if giver:
                problem("rule1", where, f"pool land (offered, free on {free_on}) given by farm {giver}")
            if effective != free_on:
                problem("rule1", where, f"effective {effective}, but the offer and its leases free it on {free_on}")
        elif not giver:
            problem("rule1", where, "no giving farm, but not pool land (offered and free within the horizon)")
        else:
            if parcel.get("user_farm_id") != giver:
                problem("rule1", where, f"from {giver}, but its user is {parcel.get('user_farm_id')}")
            if parcel_id not in exchangeable(giver):
                problem("rule1", where, f"neither pool land nor declared exchangeable by {giver}")
            if effective != as_of:
                problem("rule1", where, f"exchange land effective {effective}, not at once ({as_of})")
        if receiver not in demands:
            problem("rule4", where, f"{receiver} receives land without a demand")
            continue
        # Rule 2: organic and converting land stays organic.
        if (hard(scenario, "organic_stays_organic") and parcel["organic_status"] != "conventional"
                and not may_receive_organic(receiver)):
            problem("rule2", where, f"{parcel['organic_status']} land to conventional farm {receiver}")
        # Rule 3: the offer's conditions and a form that fits offer and demand.
        form = t["form"]
        demand_modes = set((demands[receiver].get("modes") or "lease|buy|exchange").split("|"))
        if hard(scenario, "offer_conditions"):
            if free_on:  # pool land, also where its user listed it for exchange
                offer = offers[parcel_id]
                offer_modes = set(offer["mode"].split("|"))
                if offer.get("organic_only") == "yes" and not may_receive_organic(receiver):
                    problem("rule3", where, f"organic_only offer to {receiver}")
                fits = {"lease": "lease" in offer_modes and "lease" in demand_modes,
                        "lease_exchange": "exchange" in offer_modes and "exchange" in demand_modes,
                        "sale": "sale" in offer_modes and "buy" in demand_modes,
                        "kavelruil": "sale" in offer_modes and "buy" in demand_modes}
                if not fits.get(form, False):
                    problem("rule3", where, f"form {form} fits neither offer {offer['mode']} nor demand {'|'.join(sorted(demand_modes))}")
            elif "exchange" not in demand_modes:
                problem("rule3", where, f"exchange land to {receiver}, whose demand has no exchange mode")
            else:  # exchange land: ownership moves exactly when the giver owns and the receiver buys
                giver_owns = owners.get(parcel["owner_id"], {}).get("farm_id") == giver
                owning = (giver_owns and "buy" in demand_modes
                          and deal_caps.get("ownership_exchanges", True))
                expected = ("kavelruil", "sale") if owning else ("lease_exchange",)
                if form not in expected:
                    problem("rule3", where, f"form {form} for exchange land, expected {' or '.join(expected)}")
        # Rules 8 and 9: government land (pool land offered by government).
        if free_on and parcel_id in government_parcels:
            government_ha[receiver] += float(t["area_ha"])
            if hard(scenario, "government_land"):
                if not eligible(receiver):
                    problem("rule8", where, f"government land to {receiver}, not eligible "
                            f"({government['eligibility']})")
                if form in ("sale", "kavelruil") and not government["sale_allowed"]:
                    problem("rule8", where, "government land sold where the scenario allows no sale")
        # Rule 4: distance from the farmstead.
        at = centroid(parcel)
        if at:
            farmstead = float(farms[receiver]["x"]), float(farms[receiver]["y"])
            distance_km = math.dist(at, farmstead) / 1000.0
            limit_km = demand_value(receiver, "max_distance_km")
            if rule_mode(scenario, "demand_balance") != "off" and distance_km > limit_km + 1e-9:
                problem("rule4", where, f"{distance_km:.3f} km from {receiver}'s farmstead, limit {limit_km}")
        # Numbers of the transfer.
        hectares = float(t["area_ha"])
        region_ha = area_ha(parcel)
        if region_ha is not None and abs(hectares - region_ha) > TOLERANCE_HA:
            problem("numbers", where, f"area {hectares} ha, the region says {region_ha}")
        value = hectares * float(parcel.get("value_eur_per_ha") or DEFAULT_VALUE_EUR_PER_HA)
        if abs(value - float(t["value_eur"])) > 1.0:
            problem("numbers", where, f"value {t['value_eur']} EUR, area x value per ha is {value:.0f}")
        if t["owner_before"] != parcel["owner_id"]:
            problem("numbers", where, f"owner_before {t['owner_before']}, the region says {parcel['owner_id']}")
        changes_owner = t["owner_after"] != t["owner_before"]
        if form not in ("lease", "lease_exchange", "kavelruil", "sale"):
            problem("numbers", where, f"unknown form {form}")
        elif changes_owner != (form in ("kavelruil", "sale")):
            problem("numbers", where, f"form {form} but owner {t['owner_before']} -> {t['owner_after']}")
        elif changes_owner and t["owner_after"] != owner_of_farm.get(receiver, receiver):
            problem("numbers", where, f"owner_after {t['owner_after']}, {receiver}'s owner is {owner_of_farm.get(receiver, receiver)}")
        # Settlement by legal form (columns added in schema version 8).
        if "settles" in t:
            settles = "capital" if changes_owner else ("rent" if form == "lease" else "yearly")
            if t["settles"] != settles:
                problem("numbers", where, f"settles {t['settles']}, a {form} settles {settles}")
            use_value = hectares * rent_eur_per_ha_year(parcel_id)
            if not changes_owner and abs(float(t["use_value_eur_per_year"] or "nan") - use_value) > 0.01:
                problem("numbers", where, f"use value {t['use_value_eur_per_year']} EUR a year, "
                        f"area x rent is {use_value:.2f}")
            into, amount = (capital, value) if changes_owner else (yearly, use_value)
            if settles != "rent":
                into[t["deal_id"]][receiver] += amount
                if giver:
                    into[t["deal_id"]][giver] -= amount
        net_ha[receiver] += hectares
        if giver:
            net_ha[giver] -= hectares
            given_ha[giver] += hectares
            partners[receiver].add(giver)
            partners[giver].add(receiver)
        else:
            partners[receiver].add("owner " + t["owner_before"])

    # Rule 4: each taking part farm's net change within its band, widened by its tolerance.
    if hard(scenario, "demand_balance"):
        for farm in sorted(net_ha):
            if farm not in demands:
                problem("rule4", f"farm {farm}", "takes part without a demand")
                continue
            widen = demand_value(farm, "tolerance_pct") / 100.0 * given_ha[farm]
            low = float(demands[farm]["wants_min_ha"]) - widen
            high = float(demands[farm]["wants_max_ha"]) + widen
            if not low - TOLERANCE_HA <= net_ha[farm] <= high + TOLERANCE_HA:
                problem("rule4", f"farm {farm}", f"net {net_ha[farm]:+.6f} ha outside [{low:.6f}, {high:.6f}]")
    # Rule 9: government caps.
    if caps_ha and hard(scenario, "government_caps"):
        for farm in sorted(government_ha):
            if government_ha[farm] > min(caps_ha) + TOLERANCE_HA:
                problem("rule9", f"farm {farm}",
                        f"{government_ha[farm]:.6f} ha of government land, at most {min(caps_ha):.6f}")
    # Rule 6: partners.
    if hard(scenario, "partners"):
        for farm in sorted(partners):
            if farm in demands and len(partners[farm]) > demand_value(farm, "max_partners"):
                problem("rule6", f"farm {farm}", f"{len(partners[farm])} partners: {', '.join(sorted(partners[farm]))}")
    # Rule 7: deals are the connected groups of farms exchanging land, within the caps.
    group = {}

    def find(farm):
        while group.setdefault(farm, farm) != farm:
            farm = group[farm]
        return farm

    for t in transfers:
        if t["from_farm_id"]:
            group[find(t["from_farm_id"])] = find(t["to_farm_id"])
    members, with_pool, deal_ids = (collections.defaultdict(set) for _ in range(3))
    for t in transfers:
        root = find(t["to_farm_id"])
        members[root].add(t["to_farm_id"])
        deal_ids[root].add(t["deal_id"])
        if t["from_farm_id"]:
            members[root].add(t["from_farm_id"])
        else:
            with_pool[root] = True
    for root in members:
        where = f"deal {'/'.join(sorted(deal_ids[root]))}"
        if len(deal_ids[root]) != 1:
            problem("deals", where, "farms exchanging land are split over several deal ids")
        size = len(members[root])
        if hard(scenario, "deal_caps") and size > 1:
            cap = (max(1, int(deal_caps["max_chain_links"])) if with_pool[root]
                   else int(deal_caps["max_ring_parties"]))
            if size > cap:
                problem("rule7", where, f"{size} farms, cap {cap}")
            if size == 2 and not with_pool[root] and not deal_caps["two_party_swaps"]:
                problem("rule7", where, "a two-party swap")
    roots_of_deal = collections.defaultdict(set)
    for root, ids in deal_ids.items():
        for deal in ids:
            roots_of_deal[deal].add(root)
    for deal, roots in sorted(roots_of_deal.items()):
        if len(roots) > 1:
            problem("deals", f"deal {deal}", "farms that exchange nothing with each other share a deal id")
    # Kavelruil: at least three owners bring land in and two receive, per deal.
    bring, receive = collections.defaultdict(set), collections.defaultdict(set)
    for t in transfers:
        if t["owner_after"] != t["owner_before"]:
            bring[t["deal_id"]].add(t["owner_before"])
            receive[t["deal_id"]].add(t["owner_after"])
    for t in transfers:
        if t["owner_after"] == t["owner_before"]:
            continue
        deal = t["deal_id"]
        expected = "kavelruil" if len(bring[deal]) >= 3 and len(receive[deal]) >= 2 else "sale"
        if t["form"] != expected:
            problem("numbers", f"deal {deal} parcel {t['parcel_id']}",
                    f"form {t['form']}, but {len(bring[deal])} owners bring land and "
                    f"{len(receive[deal])} receive: {expected}")

    # Each deal's settlements: what its paying farms pay, in capital and a year.
    for row, deal in enumerate(read_rows(f"{args.export}/deals.csv", False), start=2):
        if "settlement_eur_per_year" not in deal:
            break
        for column, balance in (("settlement_eur", capital), ("settlement_eur_per_year", yearly)):
            paid = sum(max(0.0, v) for v in balance[deal["deal_id"]].values())
            if abs(float(deal[column]) - paid) > 1.0:
                problem("numbers", f"deals.csv:{row} deal {deal['deal_id']}",
                        f"{column} {deal[column]}, its transfers settle {paid:.0f}")

    for line in problems:
        print(line)
    if unchecked:
        print(f"{len(unchecked)} moved parcels have no area or location in parcels.csv (geometry "
              "from a GIS import): their area and distance are not checked", file=sys.stderr)
    print(f"{len(transfers)} transfers, {len(members)} deals, {len(net_ha)} farms: "
          f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # unreadable input, never a verdict on the proposal
        print(f"check_transfers: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(2)
