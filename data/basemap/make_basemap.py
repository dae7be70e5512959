#!/usr/bin/python3
"""Converts Natural Earth outlines into data/basemap/basemap.txt, the small
basemap libflow's flow maps draw (libflow/report.c embeds the file at build
time). Run once; the output is kept in the repository. Standard library
only.

Source (installed from a package; Natural Earth is public domain): the
npm package world-atlas 2.0.2, countries-50m.json (TopoJSON of Natural
Earth 1:50m admin-0 countries):
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz

Usage:
    python3 data/basemap/make_basemap.py package/countries-50m.json \
        > data/basemap/basemap.txt

Output format (text, one ring a line):
    # comment lines
    <layer> <name>\t<lon> <lat> <lon> <lat> ...
layer is "country" (libflow also draws a layer "province", thinner, if
the file has one); coordinates
in tenths of a degree (integers), simplified (Douglas-Peucker, 0.08
degree), longitudes unwrapped across the antimeridian (so a ring may
run past 180), consecutive repeats dropped, rings of fewer than 4 points
dropped. 0.1 degree (about 11 km) is finer than a
pixel at the scales the report draws (a country or the world on a page).
"""
import json
import sys

STEP = 10  # points per degree
TOLERANCE = 0.08  # degrees: Douglas-Peucker tolerance


def topo_rings(path):
    t = json.load(open(path))
    sx, sy = t["transform"]["scale"]
    tx, ty = t["transform"]["translate"]
    arcs = []
    for arc in t["arcs"]:  # delta-encoded, quantised
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        out = []
        for a in idx:
            pts = arcs[a] if a >= 0 else arcs[~a][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    for g in t["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name", g.get("id", "?"))
        polys = []
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        for poly in polys:
            for r in poly[:1]:  # outer rings only: holes are lakes, enclaves
                yield "country", name, ring(r)


def simplify(points, tol):
    """Douglas-Peucker: drops the points within tol degrees of the line
    between the points kept around them."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = -1.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            d = (abs(dy * (x - x1) - dx * (y - y1)) / norm if norm
                 else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
            if d > best:
                best, at = d, i
        if at >= 0 and best > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep) if k]


def unwrap(points):
    """Longitudes made continuous along a ring: a ring crossing the
    antimeridian (Russia's Chukotka) runs past 180 instead of jumping
    back to -180, which would draw a line across the world."""
    out = []
    for lon, lat in points:
        if out:
            while lon - out[-1][0] > 180:
                lon -= 360
            while out[-1][0] - lon > 180:
                lon += 360
        out.append((lon, lat))
    return out


def encode(points):
    out, last = [], None
    for lon, lat in simplify(unwrap(points), TOLERANCE):
        p = (round(lon * STEP), round(lat * STEP))
        if p != last:
            out.append(p)
            last = p
    return out


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    rings = list(topo_rings(argv[1]))
    print("# libflow basemap: Natural Earth 1:50m country outlines (npm world-atlas 2.0.2).")
    print("# Public domain (Natural Earth). Made by data/basemap/make_basemap.py; see README.md.")
    print("# <layer> <name>\\t<lon lat in tenths of a degree>...")
    for layer, name, pts in rings:
        p = encode(pts)
        if len(p) < 4:
            continue
        print("%s %s\t%s" % (layer, name.replace("\t", " "),
                             " ".join("%d %d" % xy for xy in p)))


if __name__ == "__main__":
    main(sys.argv)
