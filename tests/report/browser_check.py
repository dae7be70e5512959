#!/usr/bin/python3
"""Opens flowctl's HTML report in headless Chromium (CTest report_browser).

    browser_check.py FLOWCTL SOURCE_DIR WORK_DIR

Three pages, loaded at once in three browsers:
  - the report of the bundled data (data/china): it must load with no
    console error and no error caught by the page's own handler (#js-errors),
    its script must have run (<html data-ready="1">), and the DOM must hold
    every section and the drawings (maps with edges, arrowheads, nodes,
    labels, the heat map, the small multiples). A screenshot is saved as
    WORK_DIR/china.png (1280x2400) for people to look at;
  - the report of a small data set whose names are markup
    (<script>document.title='owned'</script>, &"'): the names must come back
    as text, no script of theirs may run (the title stays), and the page's
    own scripts are the only ones.
A third page, a copy of the first with a probe script at its end, checks the
interaction: hovering a node lights its flows, the year slider shows one
layer and names its year.
Exit 0 when every check passes, 1 otherwise, 77 (CTest: skipped) when no
Chromium is installed (tests/setup-debian.sh installs it).
Standard library only. Chromium's console messages are read from its
stderr log (--enable-logging=stderr: "CONSOLE" lines); the DOM from
--dump-dom.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0", "--window-size=1280,2400"]
SECTIONS = ["data", "summary", "maps", "hubs", "bottleneck", "clusters", "matrix", "trends",
            "inference"]
HOSTILE = "<script>document.title='owned'</script>"

# Played at the end of a copy of the page (the page's script has run).
PROBE = """<pre id="probe"></pre><script>
(function(){var out=[];
var svg=document.querySelector('svg.map'),c=svg.querySelector('circle.n:last-of-type');
c.dispatchEvent(new MouseEvent('mouseenter'));
var on=svg.querySelectorAll('g.e.on').length;
out.push(svg.classList.contains('hl')&&on>0?'hover ok':'hover: '+on+' flows lit');
c.dispatchEvent(new MouseEvent('mouseleave'));
var inp=document.querySelector('.years input');inp.value='1';
inp.dispatchEvent(new Event('input'));
var fig=document.getElementById(inp.getAttribute('data-map'));
var shown=[].filter.call(fig.querySelectorAll('g.layer'),function(g){return g.style.display!=='none';});
out.push(shown.length===1&&shown[0].getAttribute('data-layer')==='1'&&
  inp.parentNode.querySelector('output').textContent===inp.getAttribute('data-years').split(',')[1]
  ?'slider ok':'slider: '+shown.length+' layers shown');
document.getElementById('probe').textContent=out.join('; ');})();
</script>
"""

failures = 0
checks = 0


def check(ok, what):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print("FAIL:", what)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name) or (os.path.exists("/usr/bin/" + name) and "/usr/bin/" + name)
        if path:
            return path
    return None


def start(browser, page, work, name, screenshot=None):
    profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
    args = [browser] + FLAGS + ["--user-data-dir=" + profile, "--dump-dom"]
    if screenshot:
        args.append("--screenshot=" + screenshot)
    args.append("file://" + os.path.abspath(page))
    out = open(os.path.join(work, name + ".dom.html"), "w")
    err = open(os.path.join(work, name + ".log"), "w")
    return subprocess.Popen(args, stdout=out, stderr=err, cwd=work), profile, out, err


def finish(proc, profile, out, err, work, name):
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        check(False, "%s: Chromium did not finish in 120 s" % name)
    out.close()
    err.close()
    shutil.rmtree(profile, ignore_errors=True)
    dom = open(os.path.join(work, name + ".dom.html"), encoding="utf-8").read()
    log = open(os.path.join(work, name + ".log"), encoding="utf-8", errors="replace").read()
    console = [l for l in log.splitlines() if "CONSOLE" in l]
    return dom, console


def common_checks(name, dom, console):
    check(dom.strip() != "", "%s: Chromium returned no DOM" % name)
    check(console == [], "%s: console messages: %s" % (name, console[:3]))
    m = re.search(r'<pre id="js-errors">(.*?)</pre>', dom, re.S)
    check(m is not None and m.group(1).strip() == "",
          "%s: errors caught by the page: %s" % (name, m and m.group(1)[:300]))
    check(re.search(r'<html[^>]*data-ready="1"', dom) is not None,
          "%s: the page's script did not run to its end" % name)
    for sid in SECTIONS:
        check('<section id="%s">' % sid in dom, "%s: no section %r in the DOM" % (name, sid))


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    flowctl, src, work = argv[1:]
    browser = chromium()
    if not browser:
        print("SKIP: no chromium installed (tests/setup-debian.sh installs it)")
        return 77
    os.makedirs(work, exist_ok=True)

    china = os.path.join(work, "china.html")
    subprocess.run([flowctl, "report", os.path.join(src, "data", "china"), "-o", china],
                   check=True)
    hostile_dir = os.path.join(work, "hostile")
    os.makedirs(hostile_dir, exist_ok=True)
    with open(os.path.join(hostile_dir, "nodes.csv"), "w", encoding="utf-8") as f:
        f.write('id,name,kind,parent\nx,"%s",region,\ny,"&""\'",region,\nz,z,region,\n'
                % HOSTILE)
    with open(os.path.join(hostile_dir, "flows.csv"), "w", encoding="utf-8") as f:
        f.write("source,target,factor,weight,year\n"
                "x,y,<i>f</i>,3,2020\ny,z,<i>f</i>,2,2020\nz,x,<i>f</i>,1,2021\n")
    hostile = os.path.join(work, "hostile.html")
    subprocess.run([flowctl, "report", hostile_dir, "--title", "hostile", "-o", hostile],
                   check=True)

    # a copy of the page with a script that plays with it: hovering a node
    # highlights its flows, the slider shows one year's layer
    probe = os.path.join(work, "china_probe.html")
    page = open(china, encoding="utf-8").read()
    with open(probe, "w", encoding="utf-8") as f:
        f.write(page.replace("</body>", PROBE + "</body>"))

    shot = os.path.join(work, "china.png")
    if os.path.exists(shot):
        os.remove(shot)
    a = start(browser, china, work, "china", screenshot=shot)
    b = start(browser, hostile, work, "hostile")
    c = start(browser, probe, work, "probe")
    dom, console = finish(*a, work, "china")
    hdom, hconsole = finish(*b, work, "hostile")
    pdom, pconsole = finish(*c, work, "probe")
    m = re.search(r'<pre id="probe">(.*?)</pre>', pdom, re.S)
    check(m is not None and m.group(1) == "hover ok; slider ok",
          "probe: interaction: %s" % (m.group(1) if m else "no result"))
    check(pconsole == [], "probe: console messages: %s" % pconsole[:3])

    common_checks("china", dom, console)
    check(dom.count('<svg class="map"') >= 4, "china: fewer than 4 maps (3 factors, bottleneck)")
    check(len(re.findall(r'<path class="c" d="M', dom)) >= 100, "china: few edges drawn")
    check(len(re.findall(r'<path class="a" d="M', dom)) >= 100, "china: few arrowheads drawn")
    check(len(re.findall(r'<circle class="n', dom)) >= 100, "china: few nodes drawn")
    check('<path class="land" d="M' in dom, "china: no basemap")
    check(len(re.findall(r'<text class="lb"', dom)) >= 20, "china: few labels")
    check('<svg class="heat"' in dom, "china: no heat map")
    check(dom.count('<div class="mini">') >= 3, "china: no small multiples")
    check('class="e cut"' in dom, "china: no cut edge on the bottleneck map")
    check("Modelled, not observed." in dom, "china: no modelled caution")
    check('type="range"' in dom, "china: no year slider")
    check(os.path.exists(shot) and os.path.getsize(shot) > 10000, "china: no screenshot")

    common_checks("hostile", hdom, hconsole)
    check(re.search(r"<title>hostile</title>", hdom) is not None,
          "hostile: a script from the data changed the title")
    check("&lt;script&gt;document.title='owned'&lt;/script&gt;" in hdom
          or "&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;" in hdom,
          "hostile: the node name is not shown as text")
    check(hdom.count("<script") == 2, "hostile: %d script elements, expected the page's 2"
          % hdom.count("<script"))
    check("&lt;i&gt;f&lt;/i&gt;" in hdom and "<i>f</i>" not in hdom,
          "hostile: the factor name is not escaped")

    print("browser: %d checks, %d failures; screenshot %s" % (checks, failures, shot))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
