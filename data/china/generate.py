#!/usr/bin/env python3
"""Generates the bundled `china` data set: nodes.csv, flows.csv, groups.csv
and programmes/flows.csv.

The FLOWS ARE MODELLED, NOT OBSERVED. They come from a gravity model (below)
whose masses are the published figures listed in NODES; every model
parameter is a constant in this file. Run it again and the same files come
out byte for byte (no randomness). Standard library only:

    /usr/bin/python3 data/china/generate.py        # rewrites data/china/*.csv
    /usr/bin/python3 data/china/generate.py DIR    # writes them under DIR instead

The assumptions the studies' conclusions depend on are options (see
--help and README.md): the distance exponent, the cross-border scale and
Hong Kong's treatment. Without options the files are exactly the committed
ones. A variant is written with a README.md that names its options and
says that its flows are modelled (never into data/china itself);
--assumption-sets DIR writes every set of ASSUMPTION_SETS, one folder each.
The distance exponent is fitted on the census migration and the talent and
technology totals are set to named 2020 figures (README.md).
"""
import argparse
import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = range(2016, 2023)
ANCHOR_YEAR = 2020  # the year of the masses and totals; the others are extrapolated

# ---------------------------------------------------------------------------
# Published figures (see README.md for sources). pop = resident population at
# the 7th national census (2020-11-01), in 10,000 persons (NBS census
# communique no. 3, 2021; Hong Kong and Macao: communique no. 1); gdp =
# regional GDP 2020 in 100M yuan, rounded to
# three significant figures (NBS regional accounts, first release 2021).
# Hong Kong and Macao have no figure in the same GDP series: SAR_GDP_USD.
# lat/lon = the seat of government, rounded to 0.01 degree.
# ---------------------------------------------------------------------------
REGIONS = [
    # id, English name, Chinese name, lat, lon, pop (10k), gdp (100M yuan), macro-region
    ("CN-BJ", "Beijing", "北京", 39.90, 116.41, 2189.3, 36100, "east"),
    ("CN-TJ", "Tianjin", "天津", 39.13, 117.20, 1386.6, 14100, "east"),
    ("CN-HE", "Hebei", "河北", 38.04, 114.51, 7461.0, 36200, "east"),
    ("CN-SX", "Shanxi", "山西", 37.87, 112.55, 3491.6, 17700, "central"),
    ("CN-NM", "Inner Mongolia", "内蒙古", 40.84, 111.75, 2404.9, 17400, "west"),
    ("CN-LN", "Liaoning", "辽宁", 41.80, 123.43, 4259.1, 25100, "northeast"),
    ("CN-JL", "Jilin", "吉林", 43.82, 125.32, 2407.3, 12300, "northeast"),
    ("CN-HL", "Heilongjiang", "黑龙江", 45.80, 126.53, 3185.0, 13700, "northeast"),
    ("CN-SH", "Shanghai", "上海", 31.23, 121.47, 2487.1, 38700, "east"),
    ("CN-JS", "Jiangsu", "江苏", 32.06, 118.80, 8474.8, 103000, "east"),
    ("CN-ZJ", "Zhejiang", "浙江", 30.27, 120.16, 6456.8, 64600, "east"),
    ("CN-AH", "Anhui", "安徽", 31.82, 117.23, 6102.7, 38700, "central"),
    ("CN-FJ", "Fujian", "福建", 26.07, 119.30, 4154.0, 43900, "east"),
    ("CN-JX", "Jiangxi", "江西", 28.68, 115.86, 4518.9, 25700, "central"),
    ("CN-SD", "Shandong", "山东", 36.65, 117.12, 10152.7, 73100, "east"),
    ("CN-HA", "Henan", "河南", 34.75, 113.63, 9936.6, 55000, "central"),
    ("CN-HB", "Hubei", "湖北", 30.59, 114.31, 5775.3, 43400, "central"),
    ("CN-HN", "Hunan", "湖南", 28.23, 112.94, 6644.5, 41800, "central"),
    ("CN-GD", "Guangdong", "广东", 23.13, 113.26, 12601.3, 111000, "east"),
    ("CN-GX", "Guangxi", "广西", 22.82, 108.37, 5012.7, 22200, "west"),
    ("CN-HI", "Hainan", "海南", 20.04, 110.20, 1008.1, 5530, "east"),
    ("CN-CQ", "Chongqing", "重庆", 29.56, 106.55, 3205.4, 25000, "west"),
    ("CN-SC", "Sichuan", "四川", 30.57, 104.07, 8367.5, 48600, "west"),
    ("CN-GZ", "Guizhou", "贵州", 26.65, 106.63, 3856.2, 17800, "west"),
    ("CN-YN", "Yunnan", "云南", 25.04, 102.71, 4720.9, 24500, "west"),
    ("CN-XZ", "Tibet", "西藏", 29.65, 91.14, 364.8, 1900, "west"),
    ("CN-SN", "Shaanxi", "陕西", 34.34, 108.94, 3952.9, 26200, "west"),
    ("CN-GS", "Gansu", "甘肃", 36.06, 103.83, 2502.0, 9020, "west"),
    ("CN-QH", "Qinghai", "青海", 36.62, 101.78, 592.4, 3010, "west"),
    ("CN-NX", "Ningxia", "宁夏", 38.49, 106.23, 720.3, 3920, "west"),
    ("CN-XJ", "Xinjiang", "新疆", 43.83, 87.62, 2585.2, 13800, "west"),
    ("CN-HK", "Hong Kong", "香港", 22.32, 114.17, 747.4, None, "east"),
    ("CN-MO", "Macao", "澳门", 22.20, 113.54, 68.3, None, "east"),
]

# Hong Kong and Macao are not in the NBS regional GDP series: their GDP 2020
# is the World Bank's (World Development Indicators, NY.GDP.MKTP.CD, current
# US$, trillion, two significant figures, as for COUNTRIES), converted at
# USD_TO_YUAN. Written to nodes.csv (column gdp) like the NBS figures.
SAR_GDP_USD = {"CN-HK": 0.34, "CN-MO": 0.024}

# Partner countries: lat/lon of the capital; gdp = GDP 2020 in trillion US$,
# rounded to two significant figures (World Bank, World Development
# Indicators, NY.GDP.MKTP.CD).
COUNTRIES = [
    ("US", "United States", "美国", 38.90, -77.04, 21),
    ("DE", "Germany", "德国", 52.52, 13.40, 3.9),
    ("JP", "Japan", "日本", 35.68, 139.69, 5.0),
    ("KR", "Republic of Korea", "韩国", 37.57, 126.98, 1.6),
    ("SG", "Singapore", "新加坡", 1.35, 103.82, 0.35),
    ("GB", "United Kingdom", "英国", 51.51, -0.13, 2.7),
    ("RU", "Russian Federation", "俄罗斯", 55.76, 37.62, 1.5),
    ("KZ", "Kazakhstan", "哈萨克斯坦", 51.17, 71.45, 0.17),
    ("PK", "Pakistan", "巴基斯坦", 33.68, 73.05, 0.30),
]

# Institutions and cities the studies name. `share` is a MODEL parameter:
# the share of its parent's modelled flows (of the listed factors, both
# directions) that the node carries; it is carved out of the parent's flows,
# so rolling the node up to its region gives back the region's flows.
CHILDREN = [
    # id, name, Chinese name, kind, parent, lat, lon, {factor: share}
    ("ZGC", "Zhongguancun Science Park", "中关村科技园区", "institution", "CN-BJ", 39.98, 116.31,
     {"technology": 0.35, "capital": 0.20, "talent": 0.10}),
    ("ZJP", "Zhangjiang High-tech Park", "张江高科技园区", "institution", "CN-SH", 31.20, 121.59,
     {"technology": 0.30, "capital": 0.15, "talent": 0.08}),
    ("CN-GD-SZ", "Shenzhen", "深圳", "city", "CN-GD", 22.54, 114.06,
     {"technology": 0.40, "capital": 0.35, "talent": 0.25}),
    ("CN-GZ-GY", "Guiyang", "贵阳", "city", "CN-GZ", 26.65, 106.63,
     {"technology": 0.45, "capital": 0.40, "talent": 0.30}),
    # the nine cities of the G60 science and innovation corridor
    ("G60-SJ", "Songjiang, Shanghai", "上海松江", "city", "CN-SH", 31.03, 121.23,
     {"technology": 0.08, "capital": 0.06, "talent": 0.06}),
    ("G60-JX", "Jiaxing", "嘉兴", "city", "CN-ZJ", 30.75, 120.76,
     {"technology": 0.07, "capital": 0.06, "talent": 0.06}),
    ("G60-HZ", "Hangzhou", "杭州", "city", "CN-ZJ", 30.27, 120.16,
     {"technology": 0.30, "capital": 0.28, "talent": 0.22}),
    ("G60-JH", "Jinhua", "金华", "city", "CN-ZJ", 29.08, 119.65,
     {"technology": 0.05, "capital": 0.05, "talent": 0.06}),
    ("G60-HU", "Huzhou", "湖州", "city", "CN-ZJ", 30.89, 120.09,
     {"technology": 0.04, "capital": 0.04, "talent": 0.04}),
    ("G60-SU", "Suzhou", "苏州", "city", "CN-JS", 31.30, 120.59,
     {"technology": 0.22, "capital": 0.20, "talent": 0.15}),
    ("G60-XC", "Xuancheng", "宣城", "city", "CN-AH", 30.94, 118.76,
     {"technology": 0.03, "capital": 0.03, "talent": 0.03}),
    ("G60-WH", "Wuhu", "芜湖", "city", "CN-AH", 31.33, 118.43,
     {"technology": 0.08, "capital": 0.08, "talent": 0.06}),
    ("G60-HF", "Hefei", "合肥", "city", "CN-AH", 31.82, 117.23,
     {"technology": 0.30, "capital": 0.25, "talent": 0.20}),
]

NATIONAL = [
    ("MOST", "Ministry of Science and Technology", "科学技术部", 39.90, 116.32),
    ("CAS", "Chinese Academy of Sciences", "中国科学院", 39.98, 116.33),
]

# The Greater Bay Area is nine cities of Guangdong plus Hong Kong and Macao;
# at the level of provinces it is approximated by all of Guangdong (the role
# says so). The Shenzhen-Hong Kong Hetao zone is a park on either side of the
# border; approximated by the city of Shenzhen and Hong Kong.
GBA = [("CN-GD", "approximation: all of Guangdong (the area has 9 of its cities)"),
       ("CN-HK", ""), ("CN-MO", "")]
GROUPS = [
    # group, [(member, role)]
    # "Science and technology support for Ningxia" (2017): six eastern
    # provinces and municipalities, three academies and one university; the
    # Chinese Academy of Sciences is one of the academies (README.md)
    ("east-west:ningxia", [("CN-NX", "western partner")] +
     [(m, "eastern partner") for m in ("CN-BJ", "CN-TJ", "CN-SD", "CN-JS", "CN-ZJ", "CN-FJ")] +
     [("CAS", "academy")]),
    ("east-west:gansu-zhangjiang", [("CN-GS", "western partner"), ("ZJP", "eastern partner")]),
    ("east-west:guiyang-zhongguancun", [("CN-GZ-GY", "western partner"), ("ZGC", "eastern partner")]),
    ("xinjiang-four-party", [("CN-XJ", "recipient"), ("MOST", "ministry"), ("CAS", "academy"),
                             ("CN-GD-SZ", "eastern partner")]),
    ("yangtze-river-delta", [(m, "") for m in ("CN-SH", "CN-JS", "CN-ZJ", "CN-AH")]),
    ("greater-bay-area", GBA),
    ("shenzhen-hong-kong-hetao", [("CN-GD-SZ", "approximation: all of Shenzhen (the Shenzhen park)"),
                                  ("CN-HK", "approximation: all of Hong Kong (the Lok Ma Chau Loop)")]),
    ("chengdu-chongqing", [(m, "") for m in ("CN-SC", "CN-CQ")]),
    ("beijing-tianjin-hebei", [(m, "") for m in ("CN-BJ", "CN-TJ", "CN-HE")]),
    ("g60-corridor", [(c[0], "") for c in CHILDREN if c[0].startswith("G60-")]),
    ("intl-centre:beijing", [("CN-BJ", "")]),
    ("intl-centre:shanghai", [("CN-SH", "")]),
    ("intl-centre:greater-bay-area", GBA),
]

# ---------------------------------------------------------------------------
# The model (all constants are model assumptions, not statistics).
#
# For regions i != j, with P = population, Y = GDP (missing GDP: P times
# the national mean GDP per person), y = Y / P, d = great-circle distance
# (km, at least 100):
#   talent     T_ij = kT * P_i * P_j * (y_j / y_i)^1.0 / d^2   (towards income)
#   capital    C_ij = kC * Y_i * Y_j * (y_i / y_j)^0.5 / d^2   (from rich to poor)
#   technology X_ij = kX * Y_i * Y_j * (y_i / y_j)^1.5 / d^2   (down the gradient)
# (d^2 stands for d^-E with E = DISTANCE_EXPONENT: -1.4, fitted on the census
# migration (README.md), option --distance-exponent. Technology's sellers
# carry a weight TECH_SELLER.) Each factor's gravity terms are then scaled
# so that the factor's 2020 total (all flows of flows.csv) is TOTAL_2020.
# A pair is kept when it is among the source's TOP outflows or the target's
# TOP inflows per factor (flows are sparse, as observed data are). Flows
# grow over the years at a factor-specific rate, faster into regions that
# lag the richest (growth()). Countries exchange capital and technology
# with their TOP_ABROAD strongest regions by the same form, with GDP
# converted at 6.9 yuan per US$ and a cross-border scale (CROSS_BORDER).
# MOST funds regions (capital) in proportion to population; CAS transfers
# technology and sends talent in proportion to GDP.
# ---------------------------------------------------------------------------
K = {"talent": 2.0e-1, "capital": 2.0e-6, "technology": 4.0e-7}  # before the scaling to TOTAL_2020
# The 2020 total of each factor over every flow in flows.csv (README.md,
# "Factors"). talent: persons a year, the yearly increase of the census
# stock of inter-provincial migrants from 2000 to 2010 (data/census-migration:
# (10,230,691 - 7,305,955) 10 % sample counts / 10 years x 10). technology:
# 100M yuan, the national technology-contract turnover 2020 (NBS statistical
# communique on 2020, from the Ministry of Science and Technology's
# technology-market statistics: 28,252). capital: 100M yuan, an ASSUMPTION
# (no observed inter-provincial investment matrix; the order of the
# previous model's total).
TOTAL_2020 = {"talent": 2924736, "technology": 28252, "capital": 12000}
# Technology sellers: Beijing is the largest seller in the technology-market
# statistics (first of all regions each year), which the income gradient
# alone does not give; its outflows carry this MODEL weight.
TECH_SELLER = {"CN-BJ": 3.0}
EXP = {"talent": -1.0, "capital": 0.5, "technology": 1.5}
GROWTH = {"talent": 0.03, "capital": 0.06, "technology": 0.10}
TOP = {"talent": 10, "capital": 8, "technology": 6}
UNITS = {"talent": "persons", "capital": "100M yuan", "technology": "100M yuan"}
# Flows fall with distance as d^DISTANCE_EXPONENT (option --distance-exponent).
# Fitted on the census migration (data/census-migration, PPML with origin and
# destination fixed effects, which nest this model's masses): -1.457 (2000),
# -1.363 (2010), mean -1.41. Capital and technology take the same figure by
# assumption: no observed matrix of either exists to fit.
DISTANCE_EXPONENT = -1.4
# Scale of cross-border flows against domestic ones of the same masses and
# distance (option --cross-border): 0.6 makes technology bought from abroad
# 2.9 % of the 2020 technology total, its share in the technology-market
# statistics of 2019 (contracts bought from Hong Kong, Macao, Taiwan and
# abroad: 649.1 of 22,398.4, 100M yuan; README.md). Capital abroad takes the
# same scale by assumption.
CROSS_BORDER = 0.6
HK = "domestic"      # Hong Kong's treatment (option --hk): see HK_CHOICES
HK_CHOICES = {
    "domestic": "a region of China like the others (kind region, macro-region east), in the "
                "gravity model between regions, with its GDP 2020 from the World Bank "
                "(World Development Indicators, in US$, at 6.9 yuan per US$)",
    "international": "a partner abroad (kind country, no parent, no macro-region): it exchanges "
                     "capital and technology with its strongest regions by the cross-border form, "
                     "like the partner countries, with the same GDP; no talent flows, no "
                     "MOST or CAS flows",
    "excluded": "left out: no node, no flows, no group membership",
}
TOP_ABROAD = 6       # regions each country exchanges with, per factor
CATCH_UP = 0.8       # flows into poorer regions grow faster (see growth())
USD_TO_YUAN = 6.9
MOST_BUDGET = 600.0  # model assumption: 100M yuan a year, spread by population
CAS_TECH = 150.0     # model assumption: 100M yuan a year, spread by GDP
CAS_TALENT = 4000.0  # model assumption: persons a year, spread by GDP


def sar_gdp(rid):
    """Hong Kong's or Macao's GDP 2020 in 100M yuan (SAR_GDP_USD)."""
    return round(SAR_GDP_USD[rid] * 1e4 * USD_TO_YUAN)


def distance(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return max(100.0, 2 * 6371.0 * math.asin(math.sqrt(h)))


def fmt(x, factor=None):
    """A flow's weight as written: talent in whole persons, the others to 4
    significant digits below 10,000 and whole numbers above."""
    if factor == "talent":
        return f"{round(x)}"
    return f"{x:.4g}" if x < 1e4 else f"{round(x)}"


def kept(x, factor):
    """Whether a flow is written: at least one person, or 0.01 otherwise."""
    return round(x) >= 1 if factor == "talent" else x >= 0.01


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="generate.py",
        description="Writes the modelled data set china (nodes.csv, flows.csv, groups.csv, "
                    "programmes/flows.csv). The flows are modelled, not observed. Without "
                    "options: exactly the files committed in data/china.",
        epilog="hk treatments: " + "; ".join(f"{k}: {v}" for k, v in HK_CHOICES.items()) +
               ". A folder other than data/china also gets a README.md naming the options.")
    ap.add_argument("dir", nargs="?", help="output folder (the same as --out)")
    ap.add_argument("-o", "--out", metavar="DIR",
                    help="output folder (default: data/china, the folder of this script)")
    ap.add_argument("--distance-exponent", type=float, default=DISTANCE_EXPONENT, metavar="E",
                    help="flows fall with distance d as d^E (default %(default)g)")
    ap.add_argument("--cross-border", type=float, default=CROSS_BORDER, metavar="S",
                    help="scale of the flows between a partner abroad and a region "
                         "(default %(default)g)")
    ap.add_argument("--hk", choices=list(HK_CHOICES), default=HK,
                    help="Hong Kong's treatment (default %(default)s; see below)")
    ap.add_argument("--assumption-sets", metavar="DIR",
                    help="write one full data set per assumption set of ASSUMPTION_SETS into "
                         "DIR/<name>/ (the default set too), and DIR/sets.csv listing them; "
                         "takes no other option")
    args = ap.parse_args(argv)
    if args.assumption_sets:
        if args.dir or args.out or argv_has_options(argv):
            ap.error("--assumption-sets takes no other option nor output folder")
        if os.path.realpath(args.assumption_sets) == os.path.realpath(HERE):
            ap.error("--assumption-sets must name a folder other than data/china")
        return args
    if args.dir and args.out and args.dir != args.out:
        ap.error("give the output folder once (DIR or --out)")
    args.out = args.out or args.dir or HERE
    if not math.isfinite(args.distance_exponent):
        ap.error("--distance-exponent must be a finite number")
    if not (math.isfinite(args.cross_border) and args.cross_border > 0):
        ap.error("--cross-border must be a positive number")
    return args


def argv_has_options(argv):
    """Whether argv sets an assumption besides --assumption-sets."""
    return any(a.split("=")[0] in ("--distance-exponent", "--cross-border", "--hk", "-o", "--out")
               for a in argv)


# The assumption sets of --assumption-sets: name, distance exponent,
# cross-border scale, Hong Kong's treatment. Each varies one assumption
# around the defaults (the default in the middle of each range).
ASSUMPTION_SETS = [
    ("default", DISTANCE_EXPONENT, CROSS_BORDER, HK),
    ("distance-shallow", DISTANCE_EXPONENT + 0.5, CROSS_BORDER, HK),
    ("distance-steep", DISTANCE_EXPONENT - 0.5, CROSS_BORDER, HK),
    ("cross-border-low", DISTANCE_EXPONENT, CROSS_BORDER / 4, HK),
    ("cross-border-high", DISTANCE_EXPONENT, CROSS_BORDER * 4, HK),
    ("hk-international", DISTANCE_EXPONENT, CROSS_BORDER, "international"),
    ("hk-excluded", DISTANCE_EXPONENT, CROSS_BORDER, "excluded"),
]


def write_assumption_sets(folder):
    """One data set per ASSUMPTION_SETS entry in folder/<name>/, and
    folder/sets.csv: name,distance_exponent,cross_border,hk,varies."""
    os.makedirs(folder, exist_ok=True)
    rows = []
    for name, exponent, cross, hk in ASSUMPTION_SETS:
        args = argparse.Namespace(out=os.path.join(folder, name), distance_exponent=exponent,
                                  cross_border=cross, hk=hk, set_name=name)
        generate(args)
        varies = [what for what, value, default in (
            ("distance_exponent", exponent, DISTANCE_EXPONENT),
            ("cross_border", cross, CROSS_BORDER), ("hk", hk, HK)) if value != default]
        rows.append([name, f"{exponent:g}", f"{cross:g}", hk, ";".join(varies) or "none"])
    with open(os.path.join(folder, "sets.csv"), "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["name", "distance_exponent", "cross_border", "hk", "varies"])
        out.writerows(rows)


def variant_readme(args):
    """The README.md of a folder other than data/china: what it is."""
    opts = (f"--distance-exponent {args.distance_exponent:g} --cross-border {args.cross_border:g} "
            f"--hk {args.hk}")
    name = getattr(args, "set_name", None)
    what = (f"the assumption set `{name}` of the modelled data set `china`" if name else
            "a variant of the modelled data set `china`")
    return (
        "---\nflows: modelled\n---\n\n"
        f"# {what[0].upper()}{what[1:]}\n\n"
        "**The flows in this folder are modelled, not observed.** They were written by\n"
        "`data/china/generate.py` with the assumptions\n\n"
        f"    {opts}\n\n"
        f"(defaults: --distance-exponent {DISTANCE_EXPONENT:g}, fitted on the census migration; "
        f"--cross-border {CROSS_BORDER:g}, technology from abroad as in the 2019 statistics; "
        f"--hk {HK}).\n\nHong Kong ({args.hk}): {HK_CHOICES[args.hk]}.\n\n"
        f"The 2020 totals are those of data/china (talent {TOTAL_2020['talent']:,} persons, "
        f"technology\n{TOTAL_2020['technology']:,} and capital {TOTAL_2020['capital']:,} in "
        "100M yuan); `years.csv` says which years are\n"
        "extrapolated (all but 2020). See data/china/README.md for the model, its\n"
        "constants and their sources. Do not quote these flows as statistics.\n")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.assumption_sets:
        write_assumption_sets(args.assumption_sets)
    else:
        generate(args)


def generate(args):
    """Writes the data set under the assumptions of args into args.out."""
    OUT = args.out
    os.makedirs(OUT, exist_ok=True)
    dist_power = -args.distance_exponent  # flows are divided by d^dist_power
    regions = [r for r in REGIONS if r[0] != "CN-HK" or args.hk == "domestic"]
    hk_abroad = [r for r in REGIONS if r[0] == "CN-HK" and args.hk == "international"]
    places = {}
    for rid, _, _, lat, lon, pop, gdp, _ in regions + hk_abroad:
        Y = gdp if gdp else sar_gdp(rid)
        places[rid] = dict(P=pop, Y=Y, y=Y / pop, at=(lat, lon))
    for cid, _, _, lat, lon, gdp in COUNTRIES:
        Y = gdp * 1e4 * USD_TO_YUAN  # trillion US$ -> 100M yuan
        places[cid] = dict(P=None, Y=Y, y=None, at=(lat, lon))
    abroad = [c[0] for c in COUNTRIES] + [r[0] for r in hk_abroad]

    flows = {}  # (s, t, factor, year) -> weight

    def add(s, t, f, year, w):
        if w > 0 and s != t:
            flows[(s, t, f, year)] = flows.get((s, t, f, year), 0.0) + w

    region_ids = [r[0] for r in regions]
    base = {}  # (s, t, factor) -> 2020 weight, before carving out children
    everything = {}  # every candidate pair, to pick each target's main senders
    for f in ("talent", "capital", "technology"):
        for i in region_ids:
            cand = []
            for j in region_ids:
                if i == j:
                    continue
                a, b = places[i], places[j]
                decay = distance(a["at"], b["at"]) ** dist_power
                if f == "talent":
                    w = K[f] * a["P"] * b["P"] * (b["y"] / a["y"]) / decay * 1e3
                else:
                    w = K[f] * a["Y"] * b["Y"] * (a["y"] / b["y"]) ** EXP[f] / decay * 1e3
                if f == "technology":
                    w *= TECH_SELLER.get(i, 1.0)
                cand.append((w, j))
            cand.sort(reverse=True)
            for w, j in cand[:TOP[f]]:
                base[(i, j, f)] = w
            everything.update(((i, j, f), w) for w, j in cand)
        # a pair is kept when it is among the source's strongest outflows
        # or among the target's strongest inflows (remote regions keep
        # their main partners too)
        for j in region_ids:
            inflows = sorted(((w, s) for (s, t, ff), w in everything.items()
                              if t == j and ff == f), reverse=True)
            for w, s in inflows[:TOP[f]]:
                base[(s, j, f)] = w
        if f == "talent":
            continue
        for cid in abroad:
            cand = []
            for i in region_ids:
                a, b = places[i], places[cid]
                decay = distance(a["at"], b["at"]) ** dist_power
                cand.append((K[f] * a["Y"] * b["Y"] / decay * 1e3 * args.cross_border, i))
            cand.sort(reverse=True)
            for w, i in cand[:TOP_ABROAD]:
                # technology comes in from abroad, capital goes both ways
                base[(cid, i, f)] = w
                if f == "capital":
                    base[(i, cid, f)] = 0.6 * w

    # scale the gravity terms so that, with MOST's and CAS's fixed totals,
    # each factor's 2020 total is TOTAL_2020
    fixed = {"capital": MOST_BUDGET, "technology": CAS_TECH, "talent": CAS_TALENT}
    for f in ("talent", "capital", "technology"):
        gravity = sum(w for (s, t, ff), w in base.items() if ff == f)
        scale = (TOTAL_2020[f] - fixed[f]) / gravity
        for key in [k for k in base if k[2] == f]:
            base[key] *= scale

    total_pop = sum(r[5] for r in regions)
    total_gdp = sum(places[r[0]]["Y"] for r in regions)
    for i in region_ids:
        base[("MOST", i, "capital")] = MOST_BUDGET * places[i]["P"] / total_pop
        base[("CAS", i, "technology")] = CAS_TECH * places[i]["Y"] / total_gdp
        base[("CAS", i, "talent")] = CAS_TALENT * places[i]["Y"] / total_gdp

    # carve the children's shares out of their parents' flows
    children = {}
    for cid, _, _, _, parent, _, _, shares in CHILDREN:
        children.setdefault(parent, []).append((cid, shares))
    carved = {}
    for (s, t, f), w in base.items():
        s_parts = [(s, 1.0)]
        if s in children:
            left = 1.0 - sum(sh.get(f, 0) for _, sh in children[s])
            s_parts = [(s, left)] + [(c, sh.get(f, 0)) for c, sh in children[s]]
        t_parts = [(t, 1.0)]
        if t in children:
            left = 1.0 - sum(sh.get(f, 0) for _, sh in children[t])
            t_parts = [(t, left)] + [(c, sh.get(f, 0)) for c, sh in children[t]]
        for sn, sw in s_parts:
            for tn, tw in t_parts:
                if sw * tw > 0:
                    carved[(sn, tn, f)] = carved.get((sn, tn, f), 0.0) + w * sw * tw

    # the richest mainland region (Hong Kong's and Macao's GDP is another series)
    y_max = max(places[r]["y"] for r in region_ids if r not in SAR_GDP_USD)
    parent_of = {c[0]: c[4] for c in CHILDREN}

    def growth(t, f):
        # Model: a flow's growth rate scales with how far its target region
        # lags the richest one (catch-up); countries and national
        # institutions take the middle rate.
        region = parent_of.get(t, t)
        lag = 1 - places[region]["y"] / y_max if region in region_ids else 0.5
        return GROWTH[f] * ((1 - CATCH_UP / 2) + CATCH_UP * lag)

    for (s, t, f), w in carved.items():
        for year in YEARS:
            v = w * (1 + growth(t, f)) ** (year - 2020)
            if kept(v, f):
                add(s, t, f, year, float(fmt(v, f)))

    # Programme flows: the declared pairings' own exchanges, kept apart so
    # that studies can compare the network before and after them. Model:
    # each eastern partner sends technology and capital, and the western
    # partner sends talent for training, from the programme's first year.
    programme = {}
    left_out = {"CN-HK"} if args.hk == "excluded" else set()
    groups = [(g, [(m, role) for m, role in ms if m not in left_out]) for g, ms in GROUPS]
    pairs = [(g, ms) for g, ms in groups if g.startswith("east-west:") or g == "xinjiang-four-party"]
    for g, members in pairs:
        west = [m for m, role in members if role in ("western partner", "recipient")][0]
        east = [m for m, role in members if m != west]
        for e in east:
            for year in YEARS:
                grow = (1.08) ** (year - 2016)
                for f, w in (("technology", 6.0), ("capital", 10.0), ("talent", 300.0)):
                    s, t = (west, e) if f == "talent" else (e, west)
                    key = (s, t, f, year)
                    programme[key] = programme.get(key, 0.0) + float(fmt(w * grow, f))

    # ---- write -----------------------------------------------------------
    with open(os.path.join(OUT, "nodes.csv"), "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["id", "name", "kind", "parent", "name_zh", "lat", "lon", "macro_region",
                      "population", "gdp"])
        out.writerow(["CN", "China", "country", "", "中国", 39.90, 116.41, "", "", ""])
        for rid, name, zh, lat, lon, pop, gdp, macro in regions:
            out.writerow([rid, name, "region", "CN", zh, lat, lon, macro, pop, gdp or sar_gdp(rid)])
        for nid, name, zh, lat, lon in NATIONAL:
            out.writerow([nid, name, "institution", "CN", zh, lat, lon, "", "", ""])
        for cid, name, zh, kind, parent, lat, lon, _ in CHILDREN:
            out.writerow([cid, name, kind, parent, zh, lat, lon, "", "", ""])
        for cid, name, zh, lat, lon, _ in COUNTRIES:
            out.writerow([cid, name, "country", "", zh, lat, lon, "", "", ""])
        for rid, name, zh, lat, lon, *_ in hk_abroad:
            out.writerow([rid, name, "country", "", zh, lat, lon, "", "", ""])

    def write_flows(path, table):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(["source", "target", "factor", "weight", "year", "unit"])
            for (s, t, f, year), w in sorted(table.items(), key=lambda kv: (kv[0][3], kv[0][2], kv[0][0], kv[0][1])):
                out.writerow([s, t, f, fmt(w, f), year, UNITS[f]])

    write_flows(os.path.join(OUT, "flows.csv"), flows)
    write_flows(os.path.join(OUT, "programmes", "flows.csv"), programme)

    with open(os.path.join(OUT, "groups.csv"), "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["group", "member", "role"])
        for g, members in groups:
            for m, role in members:
                out.writerow([g, m, role])

    # which years are anchored on figures and which are extrapolated
    with open(os.path.join(OUT, "years.csv"), "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["year", "flows", "programmes"])
        for year in YEARS:
            flows_how = ("anchor" if year == ANCHOR_YEAR else
                         "back-cast" if year < ANCHOR_YEAR else "carried-forward")
            out.writerow([year, flows_how, "assumed-start" if year == YEARS[0] else "extrapolated"])


    if os.path.realpath(OUT) != os.path.realpath(HERE):
        with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as fh:
            fh.write(variant_readme(args))


if __name__ == "__main__":
    main()
