#!/usr/bin/env python3
"""Very large and hostile inputs against the real binary (issue 30, docs/data-format.md
"Limits"): each case must end in a clear error (exit code 3) or finish, within the
stated memory, never an out-of-memory kill or a hang. Prints one markdown row per case
with exit code, wall time, peak resident memory and the first line of the error.

    bench/hostile_inputs.py --landpool build/landpool [--work DIR] [--keep]
"""
import argparse
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                       "harenkarspel-mini")
RD_NEW_PRJ = ('PROJCS["Amersfoort / RD New",GEOGCS["Amersfoort",DATUM["Amersfoort",'
              'SPHEROID["Bessel 1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0],'
              'UNIT["Degree",0.0174532925199433]],PROJECTION["Oblique_Stereographic"],'
              'PARAMETER["latitude_of_origin",52.1561605555556],'
              'PARAMETER["central_meridian",5.38763888888889],'
              'PARAMETER["scale_factor",0.9999079],PARAMETER["false_easting",155000],'
              'PARAMETER["false_northing",463000],UNIT["metre",1]]')


def run(landpool, args):
    """Runs landpool under /usr/bin/time (whose own small image, not this script's,
    is what the child starts from); returns exit code, wall s, peak MiB, first stderr line."""
    with tempfile.NamedTemporaryFile("r") as measured, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        code = subprocess.call(["/usr/bin/time", "-o", measured.name, "-f", "%M"] + [landpool] + args,
                               stdout=subprocess.DEVNULL, stderr=err)
        wall = time.monotonic() - started
        peak_kib = float(measured.read().split()[-1])
        err.seek(0)
        lines = err.read().decode(errors="replace").splitlines()
    first = next((l for l in lines if l.strip() and not l.startswith("Command exited")), "")
    return code, wall, peak_kib / 1024.0, first


def copy_example(target):
    shutil.copytree(EXAMPLE, target)
    return target


def csv_of_2_gib(work):
    region = copy_example(os.path.join(work, "csv-2gib"))
    with open(os.path.join(region, "parcels.csv"), "r+b") as f:
        f.truncate(2 << 30)  # sparse: the check must come before reading
    return ["import", "csv", region], "a 2 GiB parcels.csv"


def field_of_100_mb(work):
    region = copy_example(os.path.join(work, "field-100mb"))
    path = os.path.join(region, "parcels.csv")
    with open(path) as f:
        lines = f.read().splitlines()
    cells = lines[1].split(",")
    cells[4] = '"POLYGON ((' + "1" * (100 << 20) + '))"'
    lines[1] = ",".join(cells)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return ["import", "csv", region], "a field of 100 MB"


def rows_beyond_limit(work):
    region = copy_example(os.path.join(work, "rows-2m"))
    path = os.path.join(region, "owners.csv")
    with open(path, "a") as f:
        for i in range(2_100_000):
            f.write(f"X{i},Owner {i},private,\n")
    return ["import", "csv", region], "2.1 million rows in owners.csv"


def write_shapefile(base, rings):
    """A Shapefile of one polygon (RD New) with the given rings of (x, y)."""
    points = [p for ring in rings for p in ring]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    content = struct.pack("<i4d2i", 5, *box, len(rings), len(points))
    offset = 0
    for ring in rings:
        content += struct.pack("<i", offset)
        offset += len(ring)
    content += b"".join(struct.pack("<2d", x, y) for x, y in points)
    record = struct.pack(">2i", 1, len(content) // 2) + content

    def header(total_bytes):
        return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, total_bytes // 2) +
                struct.pack("<2i4d4d", 1000, 5, *box, 0, 0, 0, 0))

    with open(base + ".shp", "wb") as f:
        f.write(header(100 + len(record)) + record)
    with open(base + ".shx", "wb") as f:
        f.write(header(108) + struct.pack(">2i", 50, len(content) // 2))
    with open(base + ".dbf", "wb") as f:  # one record, one numeric field "id"
        f.write(struct.pack("<4BIHH20x", 3, 126, 1, 1, 1, 65, 11))
        f.write(b"ID".ljust(11, b"\0") + b"N" + b"\0" * 4 + bytes([10, 0]) + b"\0" * 14)
        f.write(b"\r" + b" " + b"1".rjust(10) + b"\x1a")
    with open(base + ".prj", "w") as f:
        f.write(RD_NEW_PRJ)


def polygon_of_10m_vertices(work):
    base = os.path.join(work, "polygon-10m", "parcel")
    os.makedirs(os.path.dirname(base))
    n = 10_000_000
    ring = [(121300 + 400 * math.cos(2 * math.pi * i / n), 490750 + 400 * math.sin(2 * math.pi * i / n))
            for i in range(n)]
    ring.append(ring[0])
    write_shapefile(base, [ring[::-1]])  # clockwise outer ring
    return ["import", "gis", base + ".shp"], "a polygon of 10 million vertices (Shapefile)"


def zip_of_9_gib(work):
    path = os.path.join(work, "bomb.shp.zip")
    chunk = b"\0" * (64 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("parcels.shp", "w", force_zip64=True) as member:
            for _ in range(9 * 16):
                member.write(chunk)
    return ["import", "gis", path], "a zip that unpacks to 9 GiB ({:.0f} MB)".format(
        os.path.getsize(path) / 1e6)


def pool_of_a_million_arcs(work):
    path = os.path.join(work, "pool-1m.wmd")
    rng = random.Random(7)
    pairs = 20_000
    with open(path, "w") as f:
        for i in range(1, pairs + 1):
            f.write(f"# ALTERNATIVE NAME {i}: Pair {i}\n")
        for _ in range(1_000_000):
            a, b = rng.randrange(1, pairs + 1), rng.randrange(1, pairs + 1)
            if a != b:
                f.write(f"{a},{b},{rng.randint(1, 9)}\n")
    return ["kep", path, "--time-limit", "60"], "a pool of a million arcs (20,000 pairs), 60 s"


CASES = [csv_of_2_gib, field_of_100_mb, rows_beyond_limit, polygon_of_10m_vertices,
         zip_of_9_gib, pool_of_a_million_arcs]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--landpool", default="build/landpool")
    parser.add_argument("--work", default=None, help="folder for the inputs (default: a temp one)")
    parser.add_argument("--only", default=None, help="one case, by function name")
    args = parser.parse_args()
    landpool = os.path.abspath(args.landpool)
    work = args.work or tempfile.mkdtemp(prefix="landpool-hostile-")
    os.makedirs(work, exist_ok=True)
    print("| input | exit | wall s | peak MiB | first line of the message |")
    print("|---|---:|---:|---:|---|")
    for case in CASES:
        if args.only and case.__name__ != args.only:
            continue
        command, label = case(work)
        db = os.path.join(work, case.__name__ + ".db")
        code, wall, peak, first = run(landpool, ["--db", db] + command)
        first = first.replace(work + "/", "").replace("|", "\\|")[:160]
        print(f"| {label} | {code} | {wall:.1f} | {peak:.0f} | {first} |", flush=True)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
