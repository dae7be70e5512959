#!/usr/bin/env python3
"""Writes the seed corpus of tests/fuzz/corpus/<harness>/ (seed-*) from the
test fixtures and small hand-made files. Regression inputs (crash-*,
regress-*) are added by hand beside them and never rewritten here."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(TOP, "tests", "fixtures", "io")


def read(*p):
    with open(os.path.join(*p), "rb") as f:
        return f.read()


def head(data, lines):
    return b"".join(data.splitlines(keepends=True)[:lines])


def put(harness, name, data):
    d = os.path.join(HERE, "corpus", harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


china = os.path.join(TOP, "data", "china")
flows = {
    "basic": read(FIX, "basic", "flows.csv"),
    "lone": read(FIX, "lone_flows.csv"),
    "bom_crlf": read(FIX, "bom_crlf", "flows.csv"),
    "china": head(read(china, "flows.csv"), 40),
    "quoted": b'source,target,factor,weight,year,unit\n"A,1","B ""x""",talent,1.5e3,2020,persons\n'
              b'"multi\nline",B,capital,2,,\nB,"A,1",talent,0.25,2021,persons\n',
    "repeat": b"source,target,factor,weight\nA,B,t,1\nA,B,t,2\nB,A,t,1e308\nB,A,t,1e308\n",
}
for k, v in flows.items():
    put("flows", k, v)

S = b"\x01"
put("dataset", "basic", read(FIX, "basic", "flows.csv") + S + read(FIX, "basic", "nodes.csv") + S
    + read(FIX, "basic", "groups.csv"))
put("dataset", "china", head(read(china, "flows.csv"), 60) + S + read(china, "nodes.csv") + S
    + read(china, "groups.csv") + S + b"factor,unit,kind\ntalent,persons,flow\n")
put("dataset", "parents", b"source,target,factor,weight\nA,B,t,1\n" + S
    + b"id,name,kind,parent,gdp,label\nA,Alpha,city,B,1.5,x\nB,Beta,region,,2,\"y,z\"\n")
put("dataset", "lone", flows["quoted"])

GRAPHML = (b"<?xml version='1.0' encoding='utf-8'?>\n"
           b"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
           b"<key id=\"d0\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
           b"<key id=\"d1\" for=\"node\" attr.name=\"gdp\" attr.type=\"double\"/>\n"
           b"<key id=\"d3\" for=\"node\" attr.name=\"groups\" attr.type=\"string\"/>\n"
           b"<key id=\"d4\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
           b"<key id=\"d5\" for=\"edge\" attr.name=\"year\" attr.type=\"long\"/>\n"
           b"<key id=\"d6\" for=\"node\" attr.name=\"parent\" attr.type=\"string\"/>\n"
           b"<key id=\"d7\" for=\"edge\" attr.name=\"factor\" attr.type=\"string\">"
           b"<default>talent</default></key>\n"
           b"<graph edgedefault=\"directed\">\n"
           b"<node id=\"CN\"/>\n<node id=\"BJ\"><data key=\"d0\">Beijing &amp; co</data>"
           b"<data key=\"d1\">3.5</data><data key=\"d3\">north;capital</data>"
           b"<data key=\"d6\">CN</data></node>\n"
           b"<edge source=\"BJ\" target=\"CN\"><data key=\"d4\">2.5</data><data key=\"d5\">2020</data></edge>\n"
           b"<edge source=\"CN\" target=\"BJ\"/>\n</graph></graphml>\n")
GEXF = (b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        b"<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
        b"<graph mode=\"dynamic\" timeformat=\"integer\" defaultedgetype=\"directed\">\n"
        b"<attributes class=\"node\" mode=\"static\"><attribute id=\"0\" title=\"pop\" type=\"integer\"/>"
        b"</attributes>\n"
        b"<attributes class=\"edge\" mode=\"dynamic\">\n"
        b"<attribute id=\"weight\" title=\"weight\" type=\"double\"/>\n</attributes>\n"
        b"<nodes><node id=\"a\" label=\"Alpha\" pid=\"b\"><attvalues><attvalue for=\"0\" value=\"12\"/>"
        b"</attvalues></node><node id=\"b\"/></nodes>\n"
        b"<edges><edge id=\"0\" source=\"a\" target=\"b\" weight=\"5\" kind=\"capital\">"
        b"<attvalues><attvalue for=\"weight\" value=\"2\" start=\"2018\" end=\"2018\"/></attvalues>"
        b"<spells><spell start=\"2018\" end=\"2018\"/><spell start=\"2020\" end=\"2020\"/>"
        b"</spells></edge>\n"
        b"<edge id=\"1\" source=\"b\" target=\"a\" start=\"2019\" end=\"2019\" weight=\"4\"/>"
        b"</edges>\n</graph></gexf>\n")
PAJEK = (b"% made by hand\n*Vertices 3\n1 \"Alpha\" 0.1 0.2\n2 \"Beta\"\n3 \"Gamma\"\n"
         b"*Arcs\n1 2 2.5\n*Edges\n2 3\n*Arcslist\n3 1 2\n")
put("import", "edgelist", b"\x00" + b"Source;Target;Weight;Type\nA;B;2;Directed\nB;C;1.5;Directed\n")
put("import", "edgelist_blank", b"\x00" + b"# comment\nA B 2\nB C 1 talent 2020\n")
put("import", "graphml", b"\x01" + GRAPHML)
put("import", "gexf", b"\x02" + GEXF)
put("import", "pajek", b"\x03" + PAJEK)
