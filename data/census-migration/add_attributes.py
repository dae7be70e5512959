#!/usr/bin/env python3
"""Adds node attributes to data/census-migration/nodes.csv: lat, lon,
population_2000 and population_2010. Standard library only; run it again
and the same file comes out (the columns it adds are replaced):

    /usr/bin/python3 data/census-migration/add_attributes.py

- lat, lon: the provincial capitals, copied from data/china/nodes.csv
  (same ISO 3166-2:CN ids; see data/china/README.md for their source).
- population_2000: resident population at the 5th national population
  census (2000-11-01), in 10,000 persons, as published: National Bureau of
  Statistics of China, "2000年第五次全国人口普查主要数据公报(第二号)"
  (Communique on Major Figures of the 2000 Population Census, No. 2),
  2 April 2001. Read in full at
  https://zh.wikisource.org/wiki/2000%E5%B9%B4%E7%AC%AC%E4%BA%94%E6%AC%A1%E5%85%A8%E5%9B%BD%E4%BA%BA%E5%8F%A3%E6%99%AE%E6%9F%A5%E4%B8%BB%E8%A6%81%E6%95%B0%E6%8D%AE%E5%85%AC%E6%8A%A5%EF%BC%88%E7%AC%AC%E4%BA%8C%E5%8F%B7%EF%BC%89
  (the communique's text) and checked against the copy at
  http://dailynews.sina.com.cn/c/222751.html (China News Service, 2001-04-03).
- population_2010: resident population at the 6th national population
  census (2010-11-01), published in persons, written here in 10,000 persons
  without rounding: National Bureau of Statistics of China,
  "2010年第六次全国人口普查主要数据公报(第2号)" (Communique No. 2),
  29 April 2011. Read in full at
  https://news.sohu.com/20110429/n306676046.shtml (the communique's table).
  Check: the 31 figures, the 2,300,000 servicemen and the 4,649,985 persons
  of undetermined residence add up to the published total 1,339,724,852.

The figures were transcribed by hand from those pages; nothing was
estimated. Regional GDP is not added: see README.md.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CHINA = os.path.join(HERE, "..", "china", "nodes.csv")

# id: (2000 census, 10,000 persons; 2010 census, persons)
POPULATION = {
    "CN-BJ": (1382, 19612368),
    "CN-TJ": (1001, 12938224),
    "CN-HE": (6744, 71854202),
    "CN-SX": (3297, 35712111),
    "CN-NM": (2376, 24706321),
    "CN-LN": (4238, 43746323),
    "CN-JL": (2728, 27462297),
    "CN-HL": (3689, 38312224),
    "CN-SH": (1674, 23019148),
    "CN-JS": (7438, 78659903),
    "CN-ZJ": (4677, 54426891),
    "CN-AH": (5986, 59500510),
    "CN-FJ": (3471, 36894216),  # 2000: without Jinmen and Mazu (as published)
    "CN-JX": (4140, 44567475),
    "CN-SD": (9079, 95793065),
    "CN-HA": (9256, 94023567),
    "CN-HB": (6028, 57237740),
    "CN-HN": (6440, 65683722),
    "CN-GD": (8642, 104303132),
    "CN-GX": (4489, 46026629),
    "CN-HI": (787, 8671518),
    "CN-CQ": (3090, 28846170),
    "CN-SC": (8329, 80418200),
    "CN-GZ": (3525, 34746468),
    "CN-YN": (4288, 45966239),
    "CN-XZ": (262, 3002166),
    "CN-SN": (3605, 37327378),
    "CN-GS": (2562, 25575254),
    "CN-QH": (518, 5626722),
    "CN-NX": (562, 6301350),
    "CN-XJ": (1925, 21813334),
}
TOTAL_2010 = 1339724852          # communique No. 2, 2010: mainland total
SERVICEMEN_2010 = 2300000        # listed apart in the same table
UNDETERMINED_2010 = 4649985      # "难以确定常住地", listed apart
ADDED = ["lat", "lon", "population_2000", "population_2010"]


def ten_thousands(persons):
    """Persons as 10,000 persons, exactly (no rounding)."""
    return f"{persons // 10000}.{persons % 10000:04d}"


def main():
    assert sum(p for _, p in POPULATION.values()) + SERVICEMEN_2010 + UNDETERMINED_2010 == TOTAL_2010
    with open(CHINA, newline="", encoding="utf-8") as fh:
        at = {r["id"]: (r["lat"], r["lon"]) for r in csv.DictReader(fh)}
    path = os.path.join(HERE, "nodes.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cols = [c for c in rows[0].keys() if c not in ADDED] + ADDED
    if set(r["id"] for r in rows) != set(POPULATION):
        raise SystemExit("nodes.csv ids differ from the transcribed table")
    for r in rows:
        r["lat"], r["lon"] = at[r["id"]]
        p2000, p2010 = POPULATION[r["id"]]
        r["population_2000"] = str(p2000)
        r["population_2010"] = ten_thousands(p2010)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        out.writeheader()
        out.writerows(rows)


if __name__ == "__main__":
    main()
