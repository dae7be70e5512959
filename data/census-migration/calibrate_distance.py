#!/usr/bin/env python3
"""Cross-checks the distance exponent of data/china/generate.py on the census
migration matrices (2000, 2010) with statsmodels, independently of libflow.

For each census year it fits two Poisson pseudo-maximum-likelihood (PPML)
gravity models over the 930 ordered pairs of provinces:

  fixed effects   E[m_ij] = exp(a_i + b_j + beta log d_ij)
  masses          E[m_ij] = exp(c + p log P_i + q log P_j + beta log d_ij)

(d_ij great-circle km between the provincial capitals, P the census
population of that year), with robust (HC0) standard errors, and prints one
line per fit. libflow's own fit is `flowctl gravity data/census-migration
--factor migration --year 2000` (add `--mass population_2000` for the
second model); both must agree to the digits printed (tests/data.cmake,
data_census_distance_fit). Needs numpy, pandas and statsmodels
(/usr/bin/python3 on Debian: python3-statsmodels).
"""
import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def distance(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def main():
    import pandas as pd
    import statsmodels.api as sm

    folder = sys.argv[1] if len(sys.argv) > 1 else HERE
    with open(os.path.join(folder, "nodes.csv"), encoding="utf-8") as fh:
        nodes = {r["id"]: r for r in csv.DictReader(fh)}
    flows = {}
    with open(os.path.join(folder, "flows.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            flows[(r["source"], r["target"], int(r["year"]))] = float(r["weight"])
    ids = list(nodes)
    for year in (2000, 2010):
        rows = []
        for i in ids:
            for j in ids:
                if i == j:
                    continue
                a, b = nodes[i], nodes[j]
                d = distance((float(a["lat"]), float(a["lon"])), (float(b["lat"]), float(b["lon"])))
                rows.append(dict(o=i, d=j, y=flows.get((i, j, year), 0.0), logd=math.log(d),
                                 lpo=math.log(float(a[f"population_{year}"])),
                                 lpd=math.log(float(b[f"population_{year}"]))))
        df = pd.DataFrame(rows)
        fe = pd.get_dummies(df[["o", "d"]], drop_first=False, dtype=float)
        fe = fe.drop(columns=[fe.columns[-1]])  # one destination dummy less: full rank
        X = pd.concat([df[["logd"]], fe], axis=1)
        fit = sm.GLM(df["y"], X, family=sm.families.Poisson()).fit(cov_type="HC0", tol=1e-12)
        print(f"{year} fixed effects: log_distance {fit.params['logd']:.4f} "
              f"(robust s.e. {fit.bse['logd']:.4f}), pseudo R2 {1 - fit.deviance / fit.null_deviance:.4f}")
        X = sm.add_constant(df[["lpo", "lpd", "logd"]])
        fit = sm.GLM(df["y"], X, family=sm.families.Poisson()).fit(cov_type="HC0", tol=1e-12)
        print(f"{year} masses: log_distance {fit.params['logd']:.4f} "
              f"(robust s.e. {fit.bse['logd']:.4f}), log_population origin {fit.params['lpo']:.4f}, "
              f"destination {fit.params['lpd']:.4f}, pseudo R2 {1 - fit.deviance / fit.null_deviance:.4f}")


if __name__ == "__main__":
    main()
