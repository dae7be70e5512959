#!/usr/bin/python3
"""The HTML report of every bundled and shared real data set, opened in
headless Chromium (CTest report_datasets).

    datasets_check.py FLOWCTL SOURCE_DIR WORK_DIR [NAME ...]

For each data set (NAME: only those), flowctl report writes
WORK_DIR/<name>.html (99 null samples, to stay fast; --undirected for the
data sets that list each undirected pair once); Chromium loads it,
saves a screenshot WORK_DIR/<name>.png (1280x2400, for people to look at)
and dumps the DOM, which must show: no console message and no error caught
by the page's handler, the page's script run to its end, every section,
at least one flow map with nodes, edges and a legend; the basemap exactly
when the nodes have coordinates; the inference section with a gravity fit
when the data are directed, or the reason there is none. Data sets of
../shared/data that are missing are skipped (said so); exit 0 when every
check passes, 1 otherwise, 77 (CTest: skipped) without Chromium.
Two browsers run at a time. Standard library only.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_check as bc  # noqa: E402  (its Chromium flags and checks)

# name: (folder under SOURCE_DIR, geographic?, directed?)
DATASETS = {
    "china": ("data/china", True, True),
    "census-migration": ("data/census-migration", True, True),
    "openalex-coauthorship": ("data/openalex-coauthorship", False, False),
    "ckm_physicians": ("../shared/data/ckm_physicians", False, True),
    "lazega_lawfirm": ("../shared/data/lazega_lawfirm", False, True),
    "eu_air_transport": ("../shared/data/eu_air_transport", True, False),
    "china_census_migration": ("../shared/data/china_census_migration", False, True),
    "openalex_country_coauthorship": ("../shared/data/openalex_country_coauthorship", False,
                                      False),
}


def check_page(name, dom, console, geo, directed):
    bc.common_checks(name, dom, console)
    c = bc.check
    c(dom.count('<svg class="map"') >= 1, "%s: no flow map" % name)
    c(len(re.findall(r'<path class="c" d="M', dom)) >= 10, "%s: few edges drawn" % name)
    c(len(re.findall(r'<circle class="n', dom)) >= 10, "%s: few nodes drawn" % name)
    c('<g class="legend">' in dom, "%s: no legend" % name)
    c(('<path class="land" d="M' in dom) == geo,
      "%s: basemap %s" % (name, "missing" if geo else "drawn without coordinates"))
    inf = dom[dom.find('<section id="inference">'):]
    if directed:
        c("pseudo-R" in inf or "Not fitted:" in inf or "No gravity model:" in inf,
          "%s: no gravity fit and no reason" % name)
    else:
        c("the flows are undirected" in inf, "%s: undirected, not said so" % name)
    c("Baselines on this page" in inf, "%s: the baselines are not named" % name)


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    flowctl, src, work = argv[1:4]
    names = argv[4:] or list(DATASETS)
    browser = bc.chromium()
    if not browser:
        print("SKIP: no chromium installed (tests/setup-debian.sh installs it)")
        return 77
    os.makedirs(work, exist_ok=True)
    todo = []
    for name in names:
        folder, geo, directed = DATASETS[name]
        path = os.path.normpath(os.path.join(src, folder))
        if not os.path.isdir(path):
            print("skipped %s: no folder %s" % (name, path))
            continue
        page = os.path.join(work, name + ".html")
        # data that list each pair once are read as undirected, as a user should
        extra = [] if directed else ["--undirected"]
        subprocess.run([flowctl, "report", path, "--samples", "99", "-o", page] + extra,
                       check=True)
        todo.append((name, page, geo, directed))
    for i in range(0, len(todo), 2):
        running = []
        for name, page, geo, directed in todo[i:i + 2]:
            shot = os.path.join(work, name + ".png")
            if os.path.exists(shot):
                os.remove(shot)
            running.append((name, shot, geo, directed,
                            bc.start(browser, page, work, name, screenshot=shot)))
        for name, shot, geo, directed, proc in running:
            dom, console = bc.finish(*proc, work, name)
            check_page(name, dom, console, geo, directed)
            bc.check(os.path.exists(shot) and os.path.getsize(shot) > 10000,
                     "%s: no screenshot" % name)
    print("datasets: %d pages, %d checks, %d failures; screenshots in %s"
          % (len(todo), bc.checks, bc.failures, work))
    return 1 if bc.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
