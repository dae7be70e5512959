#!/usr/bin/env bash
# flowctl tests: one CTest entry per case (tests/cli.cmake).
#
#   run.sh CASE FLOWCTL SOURCE_DIR PYTHON WORK_DIR
#
# Each case runs flowctl on the bundled data set (data/china) or on small
# bad files made here, and checks exit statuses, standard error and the
# output: JSON parses (and has the documented keys), every CSV output is one
# table with its header and rows of the same length, tables are aligned in
# display columns (a Chinese character takes two), checked by
# tests/cli/check.py, which computes widths
# with Python's unicodedata, independently of flowctl. Without a Python the
# JSON, CSV and alignment checks are skipped, the rest still runs.
#
# The commands run in WORK_DIR, which holds a `data` link to the source
# tree's data folder, so that the examples printed by `flowctl --help` run
# exactly as written and files they write land in the build tree.
set -u
set -f # no globbing: help examples are split into words as they are

CASE=$1
FLOWCTL=$2
SRC=$3
PY=${4:-}
WORK=$5

CHECK="$SRC/tests/cli/check.py"
failures=0
checks=0

rm -rf "$WORK"
mkdir -p "$WORK"
ln -s "$SRC/data" "$WORK/data"
cd "$WORK" || exit 1

if [ -n "$PY" ] && [ -x "$PY" ]; then HAVE_PY=1; else HAVE_PY=0; fi

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run ARGS...: runs flowctl, output in out, errors in err, status in RC.
run() {
    LAST="flowctl $*"
    "$FLOWCTL" "$@" >out 2>err
    RC=$?
}

expect_rc() {
    checks=$((checks + 1))
    if [ "$RC" != "$1" ]; then
        fail "$LAST: exit status $RC, expected $1"
        sed 's/^/  stderr: /' err | head -5 >&2
    fi
}

# success: status 0 and nothing on stderr (no progress when not a terminal)
expect_ok() {
    expect_rc 0
    checks=$((checks + 1))
    if [ -s err ]; then
        fail "$LAST: wrote to stderr"
        sed 's/^/  stderr: /' err | head -5 >&2
    fi
    checks=$((checks + 1))
    [ -s out ] || fail "$LAST: no output"
}

# The note flowctl gives when it adds raw weights of factors in different
# units (data/china: capital and technology in 100M yuan, talent in persons).
MIXED="flowctl: note: adding weights in different units (100M yuan, persons); choose one --factor, or --combine share"

# expect_note TEXT: status 0, output on stdout, and on stderr exactly the
# line TEXT (a note is written whether or not stderr is a terminal)
expect_note() {
    expect_rc 0
    checks=$((checks + 1))
    if [ "$(cat err)" != "$1" ]; then
        fail "$LAST: stderr is not the note '$1'"
        sed 's/^/  stderr: /' err | head -5 >&2
    fi
    checks=$((checks + 1))
    [ -s out ] || fail "$LAST: no output"
    checks=$((checks + 1))
    ! grep -q 'note:' out || fail "$LAST: a note on standard output"
}

# the selection adds persons and yuan: success with the units note
expect_mixed() {
    expect_note "$MIXED"
}

expect_no_out() {
    checks=$((checks + 1))
    ! grep -qF -- "$1" out || fail "$LAST: output has '$1'"
}

expect_out() {
    checks=$((checks + 1))
    grep -qF -- "$1" out || fail "$LAST: output lacks '$1'"
}

expect_err() {
    checks=$((checks + 1))
    grep -qF -- "$1" err || { fail "$LAST: stderr lacks '$1'"; sed 's/^/  stderr: /' err >&2; }
}

expect_err_lines() {
    checks=$((checks + 1))
    local n
    n=$(wc -l <err)
    [ "$n" = "$1" ] || { fail "$LAST: stderr has $n lines, expected $1"; sed 's/^/  stderr: /' err >&2; }
}

# json [EXPR...]: out is one JSON object and every EXPR over d is true
json() {
    [ $HAVE_PY = 1 ] || return 0
    checks=$((checks + 1))
    "$PY" "$CHECK" json out 'isinstance(d, dict)' "$@" || fail "$LAST: JSON check"
}

# csv [HEADER]: out is one rectangular CSV table (with this header); prints
# the row count
csv() {
    [ $HAVE_PY = 1 ] || { echo 1; return 0; }
    checks=$((checks + 1))
    "$PY" "$CHECK" csv out "$@" || { fail "$LAST: CSV check"; echo 0; }
}

# csv_file FILE [HEADER]: the same for a file
csv_file() {
    [ $HAVE_PY = 1 ] || return 0
    checks=$((checks + 1))
    "$PY" "$CHECK" csv "$@" >/dev/null || fail "$LAST: CSV check of $1"
}

# aligned WORD [MIN_ROWS]: prints the header's column starts
aligned() {
    [ $HAVE_PY = 1 ] || return 0
    checks=$((checks + 1))
    "$PY" "$CHECK" aligned out "$@" || fail "$LAST: table alignment"
}

finish() {
    echo "$CASE: $checks checks, $failures failures"
    [ $HAVE_PY = 1 ] || echo "$CASE: no Python at '$PY': JSON, CSV and alignment checks skipped"
    [ "$failures" = 0 ]
    exit $?
}

COMMANDS="summary centrality bottleneck cluster backbone export gravity significance convert report draw"

# The data set's size, from its files (it may be regenerated).
NNODES=$(($(wc -l <"$SRC/data/china/nodes.csv") - 1))
NGROUPS=$(tail -n +2 "$SRC/data/china/groups.csv" | cut -d, -f1 | sort -u | wc -l)
# its years, "2016-2022" (the 5th column of flows.csv)
YEARS=$(tail -n +2 "$SRC/data/china/flows.csv" | cut -d, -f5 | sort -n | sed -n '1p;$p' | paste -sd-)
CAUTION="Caution: the flows in this data set are modelled, not observed; do not quote them as statistics."

# ---- cases ------------------------------------------------------------------

case_help() {
    run --help
    expect_ok
    expect_out "Usage: flowctl COMMAND DATA [options]"
    for c in $COMMANDS; do expect_out "  $c "; done
    cp out global_help

    for c in $COMMANDS; do
        run "$c" --help
        expect_ok
        expect_out "Usage: flowctl $c DATA"
        expect_out "Examples:"
        cp out "help_$c"
        run help "$c"
        expect_ok
        checks=$((checks + 1))
        cmp -s out "help_$c" || fail "'flowctl help $c' differs from 'flowctl $c --help'"
        run "$c" -h
        expect_ok
    done

    run help
    expect_ok
    checks=$((checks + 1))
    cmp -s out global_help || fail "'flowctl help' differs from 'flowctl --help'"

    run --version
    expect_ok
    checks=$((checks + 1))
    grep -qE '^flowctl [0-9]+\.[0-9]+\.[0-9]+ \(libflow [0-9]+\.[0-9]+\.[0-9]+, igraph [0-9.]+, GLib [0-9.]+\)$' out ||
        fail "--version prints '$(cat out)'"

    run
    expect_rc 2
    expect_err "try 'flowctl --help'"

    # the help lists the library's registries, one entry a line with its
    # summary: the names are read here from the library's sources, so a new
    # measure shows up without an edit to flowctl
    local entry k name
    for entry in "centrality centrality_entries centrality.c" "centrality length_entries centrality.c" \
        "cluster cluster_entries cluster.c" "export format_entries export.c"; do
        # shellcheck disable=SC2086
        set -- $entry
        run "$1" --help
        k=0
        for name in $(sed -n "/ $2\[\] = {/,/^};/p" "$SRC/libflow/$3" | grep -oE '^ *\{"[a-z_]+"' |
            sed 's/[^a-z_]//g'); do
            k=$((k + 1))
            checks=$((checks + 1))
            grep -qE "^ {23}$name +[^ ]" out || fail "$LAST does not list '$name' with its summary"
        done
        checks=$((checks + 1))
        [ "$k" -ge 3 ] || fail "found only $k entries of $2 in $3"
    done
}

# Every example line of every help text ("  flowctl ...") runs and succeeds.
case_help_examples() {
    local n=0 files="global_help"
    "$FLOWCTL" --help >global_help
    for c in $COMMANDS; do
        "$FLOWCTL" help "$c" >"help_$c"
        files="$files help_$c"
    done
    for f in $files; do
        while IFS= read -r line; do
            # shellcheck disable=SC2086
            set -- $line
            shift # "flowctl"
            run "$@"
            case " $line " in
            *" -o "*)
                expect_rc 0 # the output went to the file
                checks=$((checks + 1))
                [ -s "${line##* }" ] || fail "$LAST: wrote no file ${line##* }"
                ;;
            *) expect_ok ;;
            esac
            n=$((n + 1))
        done < <(grep '^  flowctl ' "$f")
    done
    checks=$((checks + 1))
    [ "$n" -ge 12 ] || fail "only $n help examples found"
    checks=$((checks + 1))
    [ -s china.gexf ] && grep -q '<gexf' china.gexf || fail "the export example wrote no GEXF file"
    echo "help_examples: $n examples ran"
}

case_summary() {
    # long factor names are cut in text tables, kept whole in CSV
    printf 'source,target,factor,weight\nA,B,a very long factor name that goes on and on and on,3\nB,C,short,2\n' >long.csv
    run summary long.csv
    expect_ok
    expect_out "a very long factor name that ..."
    run summary long.csv --format csv --part factors
    expect_ok
    expect_out "a very long factor name that goes on and on and on,"
    # each pair once: the text output hints at --undirected
    run summary long.csv
    expect_out "analyse them with --undirected"
    run summary data/china
    checks=$((checks + 1))
    ! grep -q "undirected" out || fail "summary of data/china hints --undirected"
    run summary data/china
    expect_ok
    expect_out "nodes"
    expect_out "technology"
    run summary data/china --format json
    expect_ok
    json "d['nodes'] == $NNODES" 'len(d["factors"]) == 3' \
        'd["flows"] == sum(f["flows"] for f in d["factors"]) == sum(y["flows"] for y in d["years"])'
    run summary data/china --factor talent --year 2020-2022 --format json
    expect_ok
    json '[f["name"] for f in d["factors"]] == ["talent"]' \
        '[y["year"] for y in d["years"]] == [2020, 2021, 2022]'
    # CSV: the scalars as one row, or a part
    run summary data/china --format csv --year 2022
    expect_ok
    rows=$(csv nodes,edges,flows,density,reciprocity,weighted_reciprocity)
    checks=$((checks + 1))
    [ "$rows" = 1 ] || fail "$LAST: $rows rows, expected one row of scalars"
    run summary data/china --format csv --year 2022 --part factors
    expect_ok
    rows=$(csv name,unit,flows,weight)
    checks=$((checks + 1))
    [ "$rows" = 3 ] || fail "$LAST: $rows rows, expected one per factor (3)"
    expect_out "technology,100M yuan,"
    run summary data/china --format csv --part years
    expect_ok
    csv year,flows >/dev/null # the factors' units differ: no weight
    run summary data/china --format csv --part years --factor capital,technology
    expect_ok
    csv year,flows,weight >/dev/null
    summary_rendering
    case_provenance # (its own CTest entry once tests/cli.cmake lists it)
}

# summary's text and JSON, rendered by flowctl from the library's summary
# table, on a tiny data set whose numbers are worked out by hand (the
# network of tests/test_summary.c): nodes A, B (region), C (country), D
# (institution, no flow); flows talent A->B 3 2019, A->B 2 2020, B->A 1
# 2019, C->A 4 (no year), A->A 5 2020 (self-loop); capital B->C 30 2021,
# A->B 10 2020. Edges A->B, B->A, B->C, C->A: density 4/12, reciprocity
# 2/4; talent 5 flows 15 persons, capital 2 flows 40 100M yuan.
summary_rendering() {
    mkdir -p tiny odd
    printf 'id,name,kind\nA,A,region\nB,B,region\nC,C,country\nD,D,institution\n' >tiny/nodes.csv
    printf '%s\n' 'source,target,factor,weight,year,unit' \
        'A,B,talent,3,2019,persons' 'A,B,talent,2,2020,persons' 'B,C,capital,30,2021,100M yuan' \
        'A,B,capital,10,2020,100M yuan' 'B,A,talent,1,2019,persons' 'C,A,talent,4,,persons' \
        'A,A,talent,5,2020,persons' >tiny/flows.csv
    run summary tiny
    expect_ok
    for line in "summary (talent+capital, all years, directed)" "nodes: 4" "edges: 4" "flows: 7" \
        "density: 0.333333" "reciprocity: 0.5" "region           2" "talent   persons        5      15" \
        "capital  100M yuan      2      40" "year  flows" "   -      1" "2020      3"; do
        expect_out "$line"
    done
    expect_no_out "year  flows  weight" # the factors' units differ
    checks=$((checks + 1))
    [ "$(grep -n '^talent ' out | cut -d: -f1)" -lt "$(grep -n '^capital ' out | cut -d: -f1)" ] ||
        fail "$LAST: talent is not listed before capital (network order)"
    run summary tiny --format json
    expect_ok
    json 'd["analysis"] == "summary"' 'd["nodes"] == 4 and d["edges"] == 4 and d["flows"] == 7' \
        'd["density"] == 1 / 3 and d["reciprocity"] == 0.5' \
        'd["kinds"] == [{"name": "country", "nodes": 1}, {"name": "institution", "nodes": 1},
                        {"name": "region", "nodes": 2}]' \
        'd["factors"] == [{"name": "talent", "unit": "persons", "flows": 5, "weight": 15},
                          {"name": "capital", "unit": "100M yuan", "flows": 2, "weight": 40}]' \
        'd["years"] == [{"year": None, "flows": 1}, {"year": 2019, "flows": 2},
                        {"year": 2020, "flows": 3}, {"year": 2021, "flows": 1}]' \
        'd["selection"] == {"factors": ["talent", "capital"], "combine": "sum", "years": None,
                            "directed": True, "level": None, "unit": None}'
    run summary tiny --factor talent --format json
    expect_ok
    json '[f["name"] for f in d["factors"]] == ["talent"]' 'd["flows"] == 5' \
        'd["years"] == [{"year": None, "flows": 1, "weight": 4}, {"year": 2019, "flows": 2, "weight": 4},
                        {"year": 2020, "flows": 2, "weight": 7}]' 'd["selection"]["unit"] == "persons"'
    run summary tiny --factor talent
    expect_ok
    expect_out "2020      2       7"
    # JSON strings escaped, an undefined reciprocity null (no edge)
    printf 'id,name,kind\nA,A,"say ""hi""\\"\nB,B,\xe7\x9c\x81\n' >odd/nodes.csv
    printf 'source,target,factor,weight,year,unit\nA,A,talent,1,,"""persons"""\n' >odd/flows.csv
    run summary odd --format json
    expect_ok
    json 'd["reciprocity"] is None and d["density"] == 0' \
        'd["kinds"] == [{"name": "say \"hi\"\\", "nodes": 1}, {"name": "\u7701", "nodes": 1}]' \
        'd["factors"][0]["unit"] == "\"persons\""' \
        'd["years"] == [{"year": None, "flows": 1, "weight": 1}]'
    run summary odd
    expect_ok
    expect_out "reciprocity: nan"
}

# summary's table ends with the data folder's README.md, and the caution
# when the README says the flows are modelled (data/china's does)
case_provenance() {
    local want
    want=$(printf '\nProvenance: data/china/README.md\n%s' "$CAUTION")
    for data in data/china data/china/ data/china/flows.csv; do
        run summary "$data"
        expect_ok
        checks=$((checks + 1))
        [ "$(tail -n 3 out)" = "$want" ] ||
            { fail "$LAST: does not end with the provenance"; tail -n 3 out | sed 's/^/  out: /' >&2; }
    done
    # only the table: JSON and CSV stay data
    run summary data/china --format json
    expect_ok
    json 'd["nodes"] > 0'
    expect_no_out "Provenance"
    run summary data/china --format csv
    expect_ok
    expect_no_out "Provenance"
    csv nodes,edges,flows,density,reciprocity,weighted_reciprocity >/dev/null
    run summary data/china --part factors
    expect_ok
    expect_no_out "Provenance"
    # only summary
    run centrality data/china --factor technology --top 3
    expect_ok
    expect_no_out "Provenance"
    # the observed data sets: their README, no caution (front matter
    # "flows: observed")
    for data in data/census-migration data/openalex-coauthorship; do
        run summary "$data"
        expect_ok
        expect_out "Provenance: $data/README.md"
        expect_no_out "Caution"
    done
    # no README in the folder (the programme flows sit one folder down)
    run summary data/china/programmes
    expect_ok
    expect_no_out "Provenance"
    expect_no_out "Caution"

    # a README whose front matter says "flows: observed" (the word
    # "modelled" in its prose does not count), one that says "flows:
    # modelled", in capitals, and a folder named README.md
    mkdir -p plain shouting folder/README.md
    for d in plain shouting folder; do
        printf 'source,target,factor,weight,year\nA,B,talent,5,2020\nB,C,talent,2,2020\n' >"$d/flows.csv"
    done
    printf -- '---\nflows: observed\n---\n\n# plain\n\nCounted, not modelled.\n' >plain/README.md
    printf -- '---\nFLOWS: MODELLED\n---\n\n# shouting\n' >shouting/README.md
    run summary plain
    expect_ok
    expect_out "Provenance: plain/README.md"
    expect_no_out "Caution"
    run summary shouting/flows.csv
    expect_ok
    checks=$((checks + 1))
    [ "$(tail -n 2 out)" = "$(printf 'Provenance: shouting/README.md\n%s' "$CAUTION")" ] ||
        fail "$LAST: does not end with the provenance and the caution"
    run summary folder
    expect_ok
    expect_no_out "Provenance"
}

# Notes on stderr, whether or not it is a terminal; stdout stays clean.
case_notes() {
    # raw weights in different units added: one note
    run centrality data/china --year 2022 --top 3
    expect_mixed
    expect_out "measures: pagerank,in_strength,out_strength,net_flow"
    run centrality data/china --year 2022 --format json
    expect_mixed
    json 'len(d["nodes"]) > 0'
    run bottleneck data/china --from CN-BJ,CN-SH --to CN-XJ --year 2022
    expect_mixed
    expect_out "value: "
    run cluster data/china --year 2022 --format csv
    expect_mixed
    csv id,name,kind,cluster,modularity,clusters >/dev/null
    run centrality data/china --factor talent,capital --year 2022 --measure participation
    expect_mixed
    run centrality data/china --measure degree,pagerank
    expect_mixed
    # no note: one unit, shares, no weight added (degrees, hop lengths), or
    # each factor on its own (summary, backbone)
    while IFS= read -r args; do
        # shellcheck disable=SC2086
        run $args
        expect_ok
    done <<'END'
centrality data/china --factor capital,technology --year 2022
centrality data/china --year 2022 --combine share
bottleneck data/china --from CN-BJ --to CN-XJ --factor talent
cluster data/china --year 2022 --combine share
centrality data/china --measure degree,in_degree,out_degree
centrality data/china --measure betweenness,closeness,harmonic --length unit
backbone data/china --year 2022
summary data/china --year 2022
summary data/china --format json
END
    # a factor without a unit is not in the unit of another
    printf 'source,target,factor,weight,year,unit\nA,B,talent,5,2020,persons\nB,C,tech,2,2020,\nA,C,tech,1,2020,\n' >units.csv
    run centrality units.csv
    expect_note "flowctl: note: adding weights in different units (persons, no unit); choose one --factor, or --combine share"
    run centrality units.csv --factor tech
    expect_ok

    # years that no flow has: a note (and no units note: nothing is added),
    # exit 0, the empty results still printed
    local none="flowctl: note: no flow matches the selection"
    run centrality data/china --year 2030 --top 3
    expect_note "$none (years 2030; the flows are dated $YEARS)"
    expect_out "centrality (capital+talent+technology, 2030, directed)"
    expect_out "(3 of $NNODES rows shown"
    run summary data/china --year 2030-2035 --format json
    expect_note "$none (years 2030-2035; the flows are dated $YEARS)"
    json 'd["flows"] == 0'
    run bottleneck data/china --from CN-BJ --to CN-XJ --factor talent --year 1990
    expect_note "$none (years 1990; the selected factors' flows are dated $YEARS)"
    expect_out "value: 0"
    run cluster data/china --year 2030
    expect_note "$none (years 2030; the flows are dated $YEARS)"
    run backbone data/china --year 2030 --format csv
    expect_note "$none (years 2030; the flows are dated $YEARS)"
    csv source,source_name,source_kind,target,target_name,target_kind,factor,weight,p_value >/dev/null
    printf 'source,target,factor,weight\nA,B,talent,1\n' >undated.csv
    run summary undated.csv --year 2020
    expect_note "$none (years 2020; none of the flows has a year)"
    run summary undated.csv
    expect_ok
    # a failure gets no notes: its message and the hint only
    run bottleneck data/china --from CN-BJ --to CN-XX --year 2030
    expect_rc 2
    expect_err_lines 2
}

case_centrality() {
    run centrality data/china --factor technology --year 2022 --top 5
    expect_ok
    expect_out "centrality (technology, 2022, directed, unit 100M yuan)"
    aligned "#  id" 5
    expect_out "(5 of $NNODES rows shown"

    run centrality data/china --factor technology --year 2022 --format json
    expect_ok
    json 'd["analysis"] == "centrality"' \
        'd["parameters"]["measures"] == "pagerank,in_strength,out_strength,net_flow"' \
        'd["parameters"]["damping"] == 0.85' \
        "len(d['nodes']) == $NNODES" \
        'all(set(n) == {"id", "name", "kind", "pagerank", "in_strength", "out_strength", "net_flow"} for n in d["nodes"])' \
        'abs(sum(n["pagerank"] for n in d["nodes"]) - 1) < 1e-9' \
        'd["nodes"][0]["pagerank"] == max(n["pagerank"] for n in d["nodes"])' \
        'abs(sum(n["net_flow"] for n in d["nodes"])) < 1e-6' \
        'd["selection"]["years"] == [2022, 2022] and d["selection"]["factors"] == ["technology"]'

    run centrality data/china --measure betweenness,harmonic --measure constraint --format csv --top 10
    expect_mixed
    rows=$(csv id,name,kind,betweenness,harmonic,constraint)
    checks=$((checks + 1))
    [ "$rows" = 10 ] || fail "$LAST: $rows rows, expected 10 (--top 10)"

    run centrality data/china --format csv
    expect_mixed
    rows=$(csv id,name,kind,pagerank,in_strength,out_strength,net_flow)
    checks=$((checks + 1))
    [ "$rows" = "$NNODES" ] || fail "$LAST: $rows rows, expected every node ($NNODES)"

    # every measure by name, with the options that change them
    run centrality data/china --measure in_strength,out_strength,strength,net_flow,in_degree,out_degree,degree,pagerank,hub,authority,betweenness,closeness,harmonic,eigenvector,constraint,participation --normalized --length unit --damping 0.5 --undirected --combine share --format json
    expect_ok
    json 'len(d["parameters"]["measures"].split(",")) == 16' 'd["selection"]["directed"] is False' \
        'd["parameters"]["length"] == "unit" and d["parameters"]["normalized"] == 1' \
        'all(n["net_flow"] == 0 for n in d["nodes"])'

    # betweenness from a sample of sources: named in the parameters; one
    # source is refused
    run centrality data/china --measure betweenness --sources 4 --seed 9 --factor technology --format json
    expect_ok
    json 'd["parameters"]["sources"] == 4 and d["parameters"]["seed"] == 9' \
        'any(n["betweenness"] > 0 for n in d["nodes"])'
    run centrality data/china --measure betweenness --sources 1 --factor technology
    expect_rc 2
    expect_err "at least 2"

    # --year range and --level change the results
    run centrality data/china --factor technology --year 2016 --format json --measure in_strength
    cp out y2016
    json "len(d['nodes']) == $NNODES"
    run centrality data/china --factor technology --year 2016-2022 --format json --measure in_strength
    expect_ok
    if [ $HAVE_PY = 1 ]; then
        checks=$((checks + 1))
        "$PY" - y2016 out <<'EOF' || fail "--year 2016-2022 does not sum the years"
import json, sys
a = {n["id"]: n["in_strength"] for n in json.load(open(sys.argv[1]))["nodes"]}
b = {n["id"]: n["in_strength"] for n in json.load(open(sys.argv[2]))["nodes"]}
assert a.keys() == b.keys()
assert all(b[k] >= a[k] for k in a) and sum(b.values()) > 3 * sum(a.values()), "range not wider"
EOF
    fi
    run centrality data/china --level region --format json
    expect_mixed
    json "10 < len(d['nodes']) < $NNODES" 'any(n["kind"] == "region" for n in d["nodes"])' \
        'not any(n["id"].startswith("G60-") for n in d["nodes"])' \
        'not any(n["id"] in ("ZGC", "ZJP", "CN-GD-SZ", "CN-GZ-GY") for n in d["nodes"])' \
        'd["selection"]["level"] == "region"'
    run centrality data/china --level region --top 0
    expect_mixed
    aligned "#  id" 30
    case_notes # (its own CTest entry once tests/cli.cmake lists it)
}

case_bottleneck() {
    # a node's exact name works where an id is taken
    run bottleneck data/china --factor talent --from CN-BJ --to CN-XJ --format csv
    expect_ok
    cp out by_id.csv
    run bottleneck data/china --factor talent --from Beijing --to Xinjiang --format csv
    expect_ok
    checks=$((checks + 1))
    cmp -s out by_id.csv || fail "--from Beijing --to Xinjiang differs from the ids' cut"
    run bottleneck data/china --from CN-BJ,CN-SH --to CN-XJ --factor technology
    expect_ok
    expect_out "min_cut (technology, all years, directed, unit 100M yuan)"
    expect_out "value: "
    expect_out "(part nodes: $NNODES rows, shown with --part nodes)"

    run bottleneck data/china --from yangtze-river-delta --to CN-NX --year 2022 --widest --critical --top 5
    expect_mixed
    expect_out "value: "
    expect_out "widest_path"
    expect_out "source: CN-SH"
    aligned "source " 2   # the cut edges (the id column is as wide as its longest id)
    aligned "id  " 2     # the widest path
    aligned "#  id" 5    # the critical nodes
    aligned "#  source" 5 # the critical edges

    # the JSON contract: "value" and "edges" (source, target, factor, weight)
    run bottleneck data/china --from yangtze-river-delta --to CN-NX --year 2022 --widest --critical --format json
    expect_mixed
    json 'd["analysis"] == "min_cut"' \
        'abs(d["value"] - sum(e["weight"] for e in d["edges"])) < 1e-9 * max(1, d["value"])' \
        'all({"source", "target", "factor", "weight"} <= set(e) for e in d["edges"])' \
        'all(e["factor"] in ("talent", "capital", "technology") for e in d["edges"])' \
        'd["parameters"] == {"sources": "yangtze-river-delta", "sinks": "CN-NX"}' \
        '{n["id"]: n["side"] for n in d["nodes"]}["CN-SH"] == 1' \
        '{n["id"]: n["side"] for n in d["nodes"]}["CN-NX"] == 0' \
        "len(d['nodes']) == $NNODES == d['source_side'] + d['sink_side']" \
        'd["widest_path"]["nodes"][0]["id"] == "CN-SH" and d["widest_path"]["nodes"][-1]["id"] == "CN-NX"' \
        'd["widest_path"]["width"] == min(s["weight_to_next"] for s in d["widest_path"]["nodes"][:-1])' \
        'd["widest_path"]["parameters"] == {"source": "CN-SH", "target": "CN-NX"}' \
        'd["critical_nodes"]["max_flow"] == d["value"]' \
        'd["critical_nodes"]["nodes"][0]["max_flow_loss"] == max(n["max_flow_loss"] for n in d["critical_nodes"]["nodes"])' \
        'not any(n["id"] in ("CN-SH", "CN-NX") for n in d["critical_nodes"]["nodes"])' \
        'd["critical_edges"]["edges"][0]["max_flow_loss"] == max(e["max_flow_loss"] for e in d["critical_edges"]["edges"])'

    # CSV: the cut with its scalars, or any part
    run bottleneck data/china --from yangtze-river-delta --to CN-NX --year 2022 --widest --critical --format csv
    expect_mixed
    csv source,source_name,source_kind,target,target_name,target_kind,factor,weight,value,source_side,sink_side >/dev/null
    local part header
    while IFS='|' read -r part header; do
        run bottleneck data/china --from yangtze-river-delta --to CN-NX --year 2022 --widest --critical --format csv --part "$part"
        expect_mixed
        csv "$header" >/dev/null
    done <<'END'
nodes|id,name,kind,side
widest_path|id,name,kind,weight_to_next,width,limit
critical_nodes|id,name,kind,max_flow_loss,max_flow
critical_edges|source,source_name,source_kind,target,target_name,target_kind,weight,max_flow_loss,max_flow
END

    # an undirected selection lets flow reach Xinjiang from the east
    run bottleneck data/china --from CN-BJ,CN-SH --to CN-XJ --factor technology --undirected --format json
    expect_ok
    json 'd["value"] > 0' 'len(d["edges"]) > 0'

    run bottleneck data/china --from CN-BJ --to CN-XX
    expect_rc 2
    expect_err "did you mean"
}

case_cluster() {
    run cluster data/china --factor talent --year 2022 --level region
    expect_ok
    expect_out "leiden (talent, 2022, directed, level region, unit persons)"
    expect_out "modularity: "
    aligned "id  " 3
    aligned "cluster  size" 3

    # the JSON contract: "membership" (node id -> cluster) and "modularity";
    # the groups overlap: no "together" row, a note says why
    run cluster data/china --format json --compare-groups
    expect_rc 0
    checks=$((checks + 1))
    grep -qxF "$MIXED" err && grep -q '^flowctl: note: the groups cannot be compared together: ' err &&
        [ "$(wc -l <err)" = 2 ] || fail "$LAST: stderr is not the two notes"
    json 'd["analysis"] == "leiden" and d["parameters"]["method"] == "leiden"' \
        'd["parameters"]["seed"] == 1 and d["parameters"]["resolution"] == 1' \
        'isinstance(d["modularity"], float) and -0.5 <= d["modularity"] <= 1' \
        "len(d['membership']) == $NNODES" 'all(isinstance(v, int) for v in d["membership"].values())' \
        'sorted(set(d["membership"].values())) == list(range(d["n_clusters"]))' \
        'len(d["clusters"]) == d["n_clusters"]' \
        "sum(c['size'] for c in d['clusters']) == $NNODES" \
        'all(d["membership"][n["id"]] == n["cluster"] for n in d["nodes"])' \
        '[c["size"] for c in d["clusters"]] == sorted((c["size"] for c in d["clusters"]), reverse=True)' \
        "len(d['comparison']) == $NGROUPS" 'all(0 <= r["nmi"] <= 1 for r in d["comparison"])' \
        'set(d["comparison"][0]) == {"group", "members", "nmi", "ari", "vi", "main_cluster", "share_in_main"}'
    cp out leiden1

    # the same seed gives the same partition; the method can change it
    run cluster data/china --format json --seed 1
    if [ $HAVE_PY = 1 ]; then
        checks=$((checks + 1))
        "$PY" -c 'import json,sys; a,b=(json.load(open(f))["membership"] for f in sys.argv[1:]); assert a == b' \
            leiden1 out || fail "same seed, different partitions"
    fi

    for m in louvain infomap walktrap label_propagation; do
        run cluster data/china --method "$m" --format json --resolution 1.5
        expect_mixed
        json "d['analysis'] == '$m'" "len(d['membership']) == $NNODES"
    done

    local groups=yangtze-river-delta,greater-bay-area,chengdu-chongqing
    run cluster data/china --method infomap --compare-groups=$groups --format csv
    expect_mixed
    csv id,name,kind,cluster,modularity,clusters,codelength >/dev/null
    run cluster data/china --method infomap --compare-groups=$groups --format csv --part clusters
    expect_mixed
    csv cluster,size,internal,inflow,outflow,self_containment,closure,members >/dev/null
    run cluster data/china --method infomap --compare-groups=$groups --format csv --part comparison
    expect_mixed
    rows=$(csv group,members,nmi,ari,vi,main_cluster,share_in_main)
    checks=$((checks + 1))
    [ "$rows" = 4 ] || fail "$LAST: $rows comparison rows, expected 3 groups + together"
    expect_out "together (3 groups),"

    run cluster data/china --compare-groups=yangtze-river-delta,greater-bay-area
    expect_mixed
    aligned "group  " 3

    # weights whose sum overflows are refused by every method: exit 1 and
    # the pair named, never a usage error (2) or a null modularity
    mkdir -p huge
    printf 'source,target,factor,weight\na,b,f,1e308\nb,a,f,1e308\nb,c,f,1\n' >huge/flows.csv
    for m in leiden louvain infomap walktrap label_propagation; do
        run cluster huge --method "$m"
        expect_rc 1
        expect_err "from 'b' to 'a'"
    done
}

case_backbone() {
    run backbone data/china --factor capital --year 2022 --alpha 0.01
    expect_ok
    expect_out "alpha: 0.01"
    aligned "#  source  source_name" 5

    run backbone data/china --year 2022 --format json
    expect_ok
    json 'd["analysis"] == "backbone"' 'd["parameters"]["alpha"] == 0.05' 'len(d["edges"]) > 0' \
        'all(e["p_value"] < 0.05 for e in d["edges"])' \
        '{e["factor"] for e in d["edges"]} <= {"talent", "capital", "technology"}' \
        '[e["p_value"] for e in d["edges"]] == sorted(e["p_value"] for e in d["edges"])'
    run backbone data/china --year 2022 --format csv
    expect_ok
    csv source,source_name,source_kind,target,target_name,target_kind,factor,weight,p_value >/dev/null

    run backbone data/china --alpha 1
    expect_rc 2
}

case_gravity() {
    # the JSON shape: coefficients, pseudo_r2, iterations, converged, pairs
    run gravity data/china --factor talent --year 2022 --level region --same-group --format json
    expect_ok
    json 'd["analysis"] == "gravity"' \
        '[c["term"] for c in d["coefficients"]] == ["log_distance", "same_group"]' \
        'all(set(c) == {"term", "estimate", "std_error", "z", "p_value"} for c in d["coefficients"])' \
        '-4 < d["coefficients"][0]["estimate"] < 0' \
        '0 < d["pseudo_r2"] < 1 and d["converged"] == 1 and d["iterations"] >= 1' \
        'd["parameters"]["std_error"] == "robust HC0"' \
        '"CAS" in d["parameters"]["warning"]' \
        'len(d["pairs"]) == d["n_nodes"] * (d["n_nodes"] - 1)' \
        'all({"source", "target", "observed", "expected", "excess"} <= set(p) for p in d["pairs"])' \
        'all(abs(p["observed"] - p["expected"] - p["excess"]) <= 1e-9 * max(1, p["observed"]) for p in d["pairs"])' \
        '[p["excess"] for p in d["pairs"]] == sorted((p["excess"] for p in d["pairs"]), reverse=True)'
    run gravity data/china --factor talent --year 2022 --level region --same-group=east-west:ningxia --boundary macro_region
    expect_ok
    expect_out "same_group:east-west:ningxia"
    expect_out "boundary:macro_region"
    expect_out "(part pairs: "
    aligned "term  " 3
    run gravity data/china --factor talent --year 2022 --level region --format csv
    expect_note "flowctl: note: 1 node without inflow ('CAS'): left out as destination (separation: a destination effect of -infinity)"
    csv term,estimate,std_error,z,p_value,pseudo_r2,deviance,null_deviance,iterations,converged,n_pairs,n_nodes,n_vertices >/dev/null
    run gravity data/china --factor capital --year 2022 --level region --part pairs --format csv
    expect_note "flowctl: note: 1 node without inflow ('MOST'): left out as destination (separation: a destination effect of -infinity)"
    csv source,source_name,source_kind,target,target_name,target_kind,observed,expected,excess,ratio >/dev/null
    # masses and an intercept; a coordinate file; contiguity
    printf 'id,name,kind,parent,gdp,lat,lon\nA,,region,,10,30,100\nB,,region,,20,31,104\nC,,region,,5,35,110\nD,,country,,40,25,115\n' >g_nodes.csv
    mkdir -p g && cp g_nodes.csv g/nodes.csv
    printf 'source,target,factor,weight,year\nA,B,trade,12,2020\nB,A,trade,7,2020\nA,C,trade,3,2020\nC,D,trade,9,2020\nD,A,trade,25,2020\nB,D,trade,4,2020\nD,B,trade,11,2020\nC,A,trade,2,2020\n' >g/flows.csv
    run gravity g --mass gdp --format json
    expect_ok
    json '[c["term"] for c in d["coefficients"]] == ["intercept", "log_gdp_origin", "log_gdp_destination", "log_distance"]' \
        'd["parameters"]["fixed_effects"] == "none"'
    printf 'id,lat,lon\nA,30,100\nB,31,104\nC,35,110\nD,25,115\nZZ,0,0\n' >places.csv
    printf 'source,target\nA,B\nC,D\n' >contiguous.csv
    run gravity g --mass gdp --distance places.csv --contiguity contiguous.csv --format json
    expect_ok
    json '[c["term"] for c in d["coefficients"]][-1] == "contiguity"'
    run gravity g --distance none --boundary kind --mass gdp --format json
    expect_ok
    json '[c["term"] for c in d["coefficients"]] == ["intercept", "log_gdp_origin", "log_gdp_destination", "boundary:kind"]'
    # bad input: clear messages
    printf 'source,target,factor,weight,year\nA,B,trade,12,2020\nB,C,trade,7,2020\nC,A,trade,3,2020\nA,A,aid,5,2020\n' >nocoords.csv
    run gravity nocoords.csv --factor trade
    expect_rc 2
    expect_err "log_distance needs node coordinates"
    run gravity nocoords.csv --factor aid --distance none
    expect_rc 2
    expect_err "touch only one node ('A')"
    run gravity nocoords.csv --factor trade --year 2019 --distance none
    expect_rc 2
    expect_err "has no flow in year 2019"
    run gravity nocoords.csv --distance none
    expect_rc 2
    expect_err "one factor at a time"
    run gravity g --boundary kindd
    expect_rc 2
    expect_err "did you mean 'kind'"
    run gravity g --distance missing.csv
    expect_rc 2
    expect_err "missing.csv"
    # --layer: any analysis on the expected or excess flows
    run centrality data/china --factor talent --year 2022 --level region --layer excess --measure in_strength --format json
    expect_ok
    json 'd["parameters"]["layer"] == "excess (gravity fit of talent, years 2022)"' \
        'all(n["in_strength"] >= 0 for n in d["nodes"])'
    run gravity data/china --factor talent --year 2022 --level region --format json
    expect_ok
    # the excess in-strength of a node is the sum of its positive excesses
    if [ $HAVE_PY = 1 ]; then
        "$PY" - out <<'PYEOF' >excess_in.txt || fail "excess sums"
import json, sys
d = json.load(open(sys.argv[1]))
s = {}
for p in d["pairs"]:
    s[p["target"]] = s.get(p["target"], 0.0) + max(p["excess"], 0.0)
print("%.6g" % s["CN-JS"])
PYEOF
        run centrality data/china --factor talent --year 2022 --level region --layer excess --measure in_strength --format csv
        expect_ok
        checks=$((checks + 1))
        [ "$(grep '^CN-JS,' out | cut -d, -f4 | xargs printf '%.6g')" = "$(cat excess_in.txt)" ] ||
            fail "$LAST: CN-JS in_strength differs from the summed excess"
    fi
    run cluster data/china --factor capital --year 2022 --level region --layer expected --format json
    expect_ok
    json '"expected" in d["parameters"]["layer"]'
    run centrality data/china --layer excess
    expect_rc 2
    expect_err "one factor at a time"
    run gravity data/china --factor talent --year 2022 --level region --layer excess
    expect_rc 2
    expect_err "fit the model to observed flows"
    # the census migration with the provinces' seats of government
    local census="$SRC/../shared/data/china_census_migration"
    if [ -d "$census" ]; then
        run gravity "$census" --factor migration --year 2010 --distance "$SRC/data/china/nodes.csv" --same-group --format json
        expect_ok
        json 'd["n_pairs"] == 930' '-2 < d["coefficients"][0]["estimate"] < -1'
    fi
}

case_significance() {
    run significance data/china --factor capital --year 2020 --group yangtze-river-delta,greater-bay-area --samples 99
    expect_ok
    expect_out "null: configuration"
    aligned "group  " 4

    run significance data/china --factor capital --year 2020 --group yangtze-river-delta,greater-bay-area --samples 99 --format json
    expect_ok
    json 'd["analysis"] == "significance"' 'd["parameters"]["test"] == "group_cohesion"' \
        'd["parameters"]["samples"] == 99' 'len(d["rows"]) == 4' \
        'all(0.01 <= r["p_value"] <= 1 for r in d["rows"])' \
        '[r["statistic"] for r in d["rows"]] == ["internal", "self_containment"] * 2'
    run significance data/china --test brokerage --group yangtze-river-delta,greater-bay-area --samples 20 --format csv
    expect_ok
    csv group,statistic,observed,expected,std,z,p_value,n_null,null_mean,null_std,moments >/dev/null
    run significance data/china --test agreement --group yangtze-river-delta,greater-bay-area --samples 20 --format json
    expect_ok
    json 'd["parameters"]["null"] == "permutation"' '[r["statistic"] for r in d["rows"]] == ["nmi", "ari"]'

    # the same seed, the same output
    run significance data/china --test agreement --group greater-bay-area --samples 20 --seed 4 --format csv
    cp out first
    run significance data/china --test agreement --group greater-bay-area --samples 20 --seed 4 --format csv
    checks=$((checks + 1))
    cmp -s out first || fail "$LAST: another result with the same seed"

    run significance data/china --samples 0
    expect_rc 2
    expect_err "samples must be >= 1"
    run significance data/china --test cohesion
    expect_rc 2
    expect_err "unknown significance test 'cohesion' (known: group_cohesion, modularity"
    run significance data/china --test agreement
    expect_rc 2
    expect_err "a partition needs disjoint groups"
    run significance data/china --test group_cohesion --null bernoulli
    expect_rc 2
    expect_err "uses the 'configuration' null model"
}

case_shell() {
    run --version
    expect_rc 0
    grep -q 'igraph 0\.10' out || fail "--version does not name igraph's version"
    grep -q 'GLib 2\.' out || fail "--version does not name GLib's version"
    run --help-man
    expect_rc 0
    cp out flowctl.1
    for c in $COMMANDS; do
        checks=$((checks + 1))
        grep -q "^\.SS \"flowctl $c " flowctl.1 || fail "the man page lacks the command $c"
    done
    grep -q 'pagerank' flowctl.1 || fail "the man page lacks the registry entries"
    if command -v man >/dev/null; then
        checks=$((checks + 1))
        man -l flowctl.1 >man.txt 2>man.err || fail "man cannot render flowctl.1"
        grep -q 'convert' man.txt || fail "the rendered man page lacks convert"
    fi
    run --completion bash
    expect_rc 0
    cp out flowctl.bash
    checks=$((checks + 1))
    bash -n flowctl.bash || fail "the completion script is not valid bash"
    got=$(bash -c 'source ./flowctl.bash; COMP_WORDS=(flowctl cen); COMP_CWORD=1; _flowctl; echo "${COMPREPLY[*]}"')
    checks=$((checks + 1))
    [ "$got" = "centrality" ] || fail "completing 'flowctl cen' gave '$got'"
    got=$(bash -c 'source ./flowctl.bash; COMP_WORDS=(flowctl centrality data --measure page); COMP_CWORD=4; _flowctl; echo "${COMPREPLY[*]}"')
    checks=$((checks + 1))
    [ "$got" = "pagerank" ] || fail "completing '--measure page' gave '$got'"
    run --completion zsh
    expect_rc 2
}

case_convert() {
    run convert data/china china-copy
    expect_rc 0
    grep -q 'wrote china-copy: 58 nodes, 22644 flows, 3 factors, 13 groups' out ||
        fail "convert did not report the counts"
    run summary china-copy --format csv
    cp out copy.csv
    run summary data/china --format csv
    checks=$((checks + 1))
    cmp -s out copy.csv || fail "the converted data set does not summarise as the original"
    checks=$((checks + 1))
    grep -q 'modelled' china-copy/README.md || fail "convert lost the README (provenance)"
    printf 'Source;Target;Weight\nA;B;2.5\nB;C;1\n' >gephi.csv
    run convert gephi.csv gephi.graphml
    expect_rc 0
    run convert gephi.graphml back
    expect_rc 0
    checks=$((checks + 1))
    grep -q '^A,B,flow,2.5,,' back/flows.csv || fail "GraphML round trip lost a flow"
    printf 'from,to,amount\nA,B,x\n' >bad.csv
    run convert bad.csv out --columns source=from,target=to,weight=amount
    expect_rc 3
    expect_err "bad.csv:2:5: weight 'x' is not a number"
    run convert gephi.csv out --from pajek
    expect_rc 3
    run convert gephi.csv out --from pajak
    expect_rc 2
    run convert gephi.csv
    expect_rc 2
}

case_export() {
    for fmt in json graphml gexf dot; do
        run export data/china --to "$fmt"
        expect_ok
        mv out "stdout.$fmt"
        run export data/china --to "$fmt" -o "china.$fmt"
        expect_rc 0
        checks=$((checks + 1))
        cmp -s "stdout.$fmt" "china.$fmt" || fail "export --to $fmt: the file differs from standard output"
    done
    run export data/china --to json
    json "len(d['nodes']) == $NNODES" "len(d['groups']) == $NGROUPS"
    # the format from the file name
    run export data/china --output=net.graphml
    expect_rc 0
    checks=$((checks + 1))
    grep -q '<graphml' net.graphml || fail "export -o net.graphml wrote no GraphML"
    run export data/china -onet2.dot
    expect_rc 0
    checks=$((checks + 1))
    grep -q '^digraph' net2.dot || fail "export -onet2.dot wrote no DOT"
    # .gv is DOT too (as in Python's Network.export()), and case is ignored
    run export data/china --output x.gv
    expect_rc 0
    checks=$((checks + 1))
    cmp -s x.gv stdout.dot || fail "export --output x.gv did not write the DOT text"
    run export data/china -o X.GEXF
    expect_rc 0
    checks=$((checks + 1))
    cmp -s X.GEXF stdout.gexf || fail "export -o X.GEXF did not write the GEXF text"
    run export data/china -o net.txt
    expect_rc 2
    expect_err "cannot tell the format of 'net.txt'"

    run export data/china --to json -o no/such/dir/x.json
    expect_rc 1
    expect_err "no/such/dir"
    run export data/china --to xml
    expect_rc 2
    # -o never replaces a symbolic link, a FIFO or a device: a link is
    # followed, a FIFO and a device are written through, and a failed write
    # is an error (exit 1)
    printf old >real.json
    ln -sf real.json link.json
    run export data/china --to json -o link.json
    expect_rc 0
    checks=$((checks + 1))
    [ -L link.json ] && cmp -s real.json stdout.json || fail "export -o link: the link was not followed"
    rm -f fifo.json got.json
    mkfifo fifo.json
    cat fifo.json >got.json &
    run export data/china --to json -o fifo.json
    expect_rc 0
    wait
    checks=$((checks + 1))
    [ -p fifo.json ] && cmp -s got.json stdout.json || fail "export -o FIFO: not written through"
    run export data/china --to json -o /dev/null
    expect_rc 0
    checks=$((checks + 1))
    [ -c /dev/null ] || fail "export -o /dev/null replaced the device"
    run export data/china --to dot -o /dev/full
    expect_rc 1
    expect_err "cannot write '/dev/full': No space left on device"
    checks=$((checks + 1))
    [ -c /dev/full ] || fail "export -o /dev/full replaced the device"
    # a selection is exported with its results as node columns
    run export data/china --factor talent --with pagerank --to json
    expect_rc 0
    grep -q '"pagerank": ' out || fail "export --with pagerank wrote no pagerank column"
    run export data/china --factor talnt --to json
    expect_rc 2
    run export data/china --with nosuch --to json
    expect_rc 2
    expect_err "--with nosuch"
}

case_report() {
    # the page, to a file and to standard output: the same text
    run report data/china --factor technology --year 2020-2022 --samples 99 -o china.html
    expect_rc 0
    run report data/china --factor technology --year 2020-2022 --samples 99
    expect_ok
    checks=$((checks + 1))
    cmp -s out china.html || fail "report -o: the file differs from standard output"
    for id in data summary maps hubs bottleneck clusters matrix trends inference; do
        checks=$((checks + 1))
        grep -q "<section id=\"$id\">" china.html || fail "report: no section '$id'"
    done
    expect_out "Modelled, not observed."
    expect_out "<svg class=\"map\""
    # nothing is fetched when the page is viewed
    checks=$((checks + 1))
    grep -Eq '(src|href)="(https?:)?//' china.html && fail "report: the page refers to the network"
    # bottleneck sets and labels
    expect_out "pseudo-R"
    expect_out "99 permutations, seed 1)"
    run report data/china --factor talent --year 2022 --from east-west:ningxia --to CN-XJ \
        --name-attr name_zh --method leiden --max-edges 50 --no-gravity --no-significance \
        -o t.html
    expect_rc 0
    checks=$((checks + 1))
    grep -q 'pseudo-R' t.html && fail "report --no-gravity: a gravity fit on the page"
    checks=$((checks + 1))
    grep -q 'permutations' t.html && fail "report --no-significance: a p-value on the page"
    checks=$((checks + 1))
    grep -q '宁夏' t.html || fail "report --name-attr name_zh: no Chinese label"
    checks=$((checks + 1))
    grep -q 'class="e cut"' t.html || fail "report --from --to: no cut edge drawn"
    # the map alone: well-formed SVG, as xmllint reads it
    run draw data/china --factor capital --year 2022 -o map.svg
    expect_rc 0
    checks=$((checks + 1))
    head -c 60 map.svg | grep -q '^<?xml' || fail "draw: not an XML document"
    if command -v xmllint >/dev/null; then
        checks=$((checks + 1))
        xmllint --noout map.svg 2>xmllint.err || fail "draw: xmllint: $(head -3 xmllint.err)"
    fi
    # a data set without coordinates gets a layout; the same seed, the same page
    mkdir -p tiny
    printf 'source,target,factor,weight\na,b,f,1\nb,c,f,2\nc,a,f,3\nc,d,f,1\n' >tiny/flows.csv
    run draw tiny --seed 7 -o a.svg
    expect_rc 0
    run draw tiny --seed 7 -o b.svg
    expect_rc 0
    checks=$((checks + 1))
    cmp -s a.svg b.svg || fail "draw --seed 7 twice: different drawings"
    run draw tiny -o no/such/dir/x.svg
    expect_rc 1
    expect_err "no/such/dir"
    # -o follows a symbolic link and writes devices through, as export does
    ln -sf a.svg link.svg
    run draw tiny --seed 7 -o link.svg
    expect_rc 0
    checks=$((checks + 1))
    [ -L link.svg ] && cmp -s a.svg b.svg || fail "draw -o link: the link was not followed"
    run draw tiny -o /dev/full
    expect_rc 1
    expect_err "cannot write '/dev/full': No space left on device"
    checks=$((checks + 1))
    [ -c /dev/full ] || fail "draw -o /dev/full replaced the device"
}

case_usage_errors() {
    # each: exit 2, one line saying what is wrong, one with the hint
    while IFS='|' read -r args want; do
        # shellcheck disable=SC2086
        run $args
        expect_rc 2
        expect_err_lines 2
        expect_err "try 'flowctl"
        [ -n "$want" ] && expect_err "$want"
    done <<'EOF'
centrality data/china --measure pagerenk|unknown centrality measure 'pagerenk' (did you mean 'pagerank'?)
centrality data/china --measure betweeness|did you mean 'betweenness'?
centrality data/china --mesure pagerank|unknown option '--mesure' (did you mean '--measure'?)
centrality data/china --bogus|unknown option '--bogus'
centrality data/china --widest|it is an option of 'flowctl bottleneck'
centraliy data/china|unknown command 'centraliy' (did you mean 'centrality'?)
report data/china --from CN-SH|give both --from and --to
report data/china --from CN-SH --to CN-XJJ|unknown node or group 'CN-XJJ'
reprot data/china|unknown command 'reprot' (did you mean 'report'?)
draw data/china --alpha 2|--alpha
centrality|missing DATA
centrality data/china --top|option '--top' needs a value
centrality data/china --top x|--top must be a whole number
centrality data/china --year 2022 --year 2021|given twice
centrality data/china --year 2022-2016|--year must be
centrality data/china --format xml|--format must be table|csv|json
centrality data/china --damping 1.5|--damping
centrality data/china --length hops|unknown length transform 'hops' (known: inverse, unit, weight)
centrality data/china --factor tech|factors: capital, talent, technology
centrality data/china --level regoin|did you mean 'region'?
centrality data/china --name-attr name_z|did you mean 'name_zh'?
centrality data/china --undirected=yes|takes no value
centrality data/china other|unexpected argument 'other'
bottleneck data/china --from CN-BJ|needs --from IDS and --to IDS
bottleneck data/china --from CN-BJ --to CN-BJ|both a source and a sink
bottleneck data/china --from CN-BJ --to no-such-group|unknown node or group 'no-such-group'
cluster data/china --method leidn|did you mean 'leiden'?
cluster data/china --method foo|unknown clustering method 'foo' (known: leiden, louvain, infomap, walktrap, label_propagation)
cluster data/china --resolution -1|--resolution
cluster data/china --compare-groups=no-such-group|unknown group 'no-such-group'
cluster data/china --seed -3|--seed
backbone data/china --alpha 0|--alpha
export data/china|--to json|graphml|gexf|dot
export data/china --to xml|unknown export format 'xml' (known: json, graphml, gexf, dot, gexf12)
centrality data/china --sort pagernk|--sort: no column 'pagernk' (did you mean 'pagerank'?)
cluster data/china --part clusterz|unknown part 'clusterz' (did you mean 'clusters'?)
centrality data/china --part nodes|this result has no parts
summary data/china --ascending|--ascending needs --sort COLUMN
centrality data/china -o dir --format json|-o DIR writes CSV files
centrality data/china --iterations 3|it is an option of 'flowctl cluster'
bottleneck data/china --widest|needs --from IDS and --to IDS
summary data/china --measure pagerank|unknown option '--measure'
help no-such-command|unknown command
--no-such-option|unknown option '--no-such-option'
EOF
    # the known methods are listed once (the library's message has them)
    run cluster data/china --method foo
    checks=$((checks + 1))
    [ "$(grep -o label_propagation err | wc -l)" = 1 ] || fail "$LAST: the methods are listed twice"
}

case_bad_data() {
    # a bad weight: the loader's message with file:line:column, exit 3
    printf 'source,target,factor,weight,year\nA,B,talent,5,2020\nA,C,talent,abc,2020\n' >bad.csv
    run summary bad.csv
    expect_rc 3
    expect_err "bad.csv:3:12: weight 'abc' is not a number"
    expect_err_lines 1

    mkdir -p badset
    printf 'id,name\nCN-BJ,Beijing\nCN-SH,Shanghai\n' >badset/nodes.csv
    printf 'source,target,factor,weight\nCN-BJ,CN-SH,talent,1\nCN-BJ,CN-SX,talent,2\n' >badset/flows.csv
    run centrality badset
    expect_rc 3
    expect_err "badset/flows.csv:3:7: unknown node id 'CN-SX'"

    printf 'source,target,factor,weight\nA,B,talent,-2\n' >negative.csv
    run cluster negative.csv
    expect_rc 3
    expect_err "negative.csv:2:"

    run summary no-such-folder
    expect_rc 3
    expect_err "no-such-folder"
    mkdir -p empty
    run bottleneck empty --from A --to B
    expect_rc 3
    expect_err "flows.csv"
    : >empty.csv
    run summary empty.csv
    expect_rc 3

    # the fixtures of the loader's own tests load fine, and a lone flows file
    run summary "$SRC/tests/fixtures/io/basic"
    expect_ok
    run centrality "$SRC/tests/fixtures/io/lone_flows.csv" --format csv
    expect_ok
    # the programmes' flows, kept apart in the data set
    run summary data/china/programmes
    expect_ok
}

# Chinese names line up: the column after the name starts at the same
# display column on every row, although the names are 2 to 5 characters
# (4 to 10 columns) long.
case_cjk() {
    run centrality data/china --name-attr name_zh --top 0 --measure pagerank
    expect_mixed
    expect_out "北京"
    expect_out "哈萨克斯坦"
    aligned "#  id" "$NNODES" >/dev/null
    if [ $HAVE_PY = 1 ]; then
        # the column after "name" (kind) starts at one display column, found
        # here independently from the raw lines
        checks=$((checks + 1))
        "$PY" - out <<'EOF' || fail "kind column misaligned with Chinese names"
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
head = next(i for i, l in enumerate(lines) if l.lstrip().startswith("#  id"))
rows = [l for l in lines[head:] if l and not l.startswith("(")]
col = width(rows[0][:rows[0].index("kind")])
byte_cols = set()
for r in rows[1:]:
    k = max(r.find(" " + w) for w in ("region", "country", "institution", "city")) + 1
    assert width(r[:k]) == col, (r, width(r[:k]), col)
    byte_cols.add(len(r[:k].encode()))
# a byte- or character-counting table would not line up: the kind column
# is at different byte offsets on different rows
assert len(byte_cols) > 1, byte_cols
EOF
    fi
    run cluster data/china --name-attr name_zh --level region
    expect_mixed
    aligned "cluster  size" 3
    run bottleneck data/china --from yangtze-river-delta --to CN-NX --year 2022 --critical --name-attr name_zh
    expect_mixed
    expect_out "宁夏"
    aligned "source " 2   # the cut edges (the id column is as wide as its longest id)
    aligned "#  id" 5
    # a numeric attribute as the name
    run centrality data/china --name-attr population --format csv
    expect_mixed
    expect_out "CN-GD,12601.3,region,"
}

# Every CSV output of every subcommand is ONE rectangular table (a header,
# rows of its length, no blank line): the main table, each part with
# --part, and each file -o DIR writes, which is the text --part gives.
case_csv() {
    local main args f n part
    while IFS='|' read -r main args; do
        # shellcheck disable=SC2086
        run $args --format csv
        expect_ok
        csv >/dev/null
        cp out main.csv
        rm -rf dir
        # shellcheck disable=SC2086
        run $args -o dir
        expect_ok
        cp out written
        checks=$((checks + 1))
        cmp -s main.csv "dir/$main.csv" || fail "$LAST: dir/$main.csv is not the --format csv output"
        n=0
        for f in $(ls dir); do
            n=$((n + 1))
            checks=$((checks + 1))
            grep -qxF "dir/$f" written || fail "$LAST: does not list dir/$f"
            csv_file "dir/$f"
            part=${f%.csv}
            [ "$part" = "$main" ] && continue
            # shellcheck disable=SC2086
            run $args --format csv --part "$part"
            expect_ok
            csv >/dev/null
            checks=$((checks + 1))
            cmp -s out "dir/$f" || fail "$LAST: differs from dir/$f"
        done
        checks=$((checks + 1))
        [ "$n" -ge 1 ] && [ "$(wc -l <written)" = "$n" ] || fail "$args -o dir: $n files"
    done <<'END'
summary|summary data/china --factor talent
centrality|centrality data/china --factor talent --measure pagerank,betweenness,constraint --name-attr name_zh
min_cut|bottleneck data/china --from yangtze-river-delta --to CN-NX --factor capital --widest --critical
leiden|cluster data/china --factor talent --compare-groups=yangtze-river-delta,greater-bay-area
infomap|cluster data/china --factor technology --method infomap --level region
backbone|backbone data/china --factor technology --year 2022
END
    # --top cuts the ranked tables of the files too
    run centrality data/china --factor talent -o top3 --top 3
    expect_ok
    checks=$((checks + 1))
    [ "$(wc -l <top3/centrality.csv)" = 4 ] || fail "$LAST: not 3 rows"
    # -o names a folder
    : >plain-file
    run centrality data/china --factor talent -o plain-file
    expect_rc 1
    expect_err "not a folder"
    # the summary's parts, each one table
    for part in kinds factors years; do
        run summary data/china --part "$part" --format csv
        expect_ok
        csv >/dev/null
    done
}

# --sort COLUMN: largest first, --ascending: smallest first, on any table
# of nodes or edges (and parts); missing values last, ties in the command's
# order. A ranking by a number numbers the text rows, a sort by text not.
case_sort() {
    local talent="centrality data/china --factor talent --measure in_strength,out_strength,closeness"
    # shellcheck disable=SC2086
    run $talent --sort out_strength --format json
    expect_ok
    json '[n["out_strength"] for n in d["nodes"]] == sorted((n["out_strength"] for n in d["nodes"]), reverse=True)'
    # shellcheck disable=SC2086
    run $talent --sort out_strength --ascending --format json
    expect_ok
    json '[n["out_strength"] for n in d["nodes"]] == sorted(n["out_strength"] for n in d["nodes"])'
    # --ascending alone: the command's ranking (the first measure), reversed
    # shellcheck disable=SC2086
    run $talent --ascending --format json
    expect_ok
    json '[n["in_strength"] for n in d["nodes"]] == sorted(n["in_strength"] for n in d["nodes"])'
    # missing values (closeness of nodes that reach no one) last, both ways
    for dir in "" --ascending; do
        # shellcheck disable=SC2086
        run $talent --sort closeness $dir --format json
        expect_ok
        json '(lambda v: None in v and v.index(None) == len([x for x in v if x is not None])
                and all(x is None for x in v[v.index(None):]))([n["closeness"] for n in d["nodes"]])' \
            "(lambda v: v == sorted(v, reverse='$dir' == ''))([n['closeness'] for n in d['nodes'] if n['closeness'] is not None])"
    done
    # text columns, and the name from --name-attr
    # shellcheck disable=SC2086
    run $talent --sort name --ascending --format json --name-attr name_zh
    expect_ok
    json '[n["name"] for n in d["nodes"]] == sorted(n["name"] for n in d["nodes"])' \
        'any(n["name"] == "北京" for n in d["nodes"])'
    # shellcheck disable=SC2086
    run $talent --sort id --top 3
    expect_ok
    expect_no_out "#  id"
    aligned "id  " 3
    # shellcheck disable=SC2086
    run $talent --sort closeness --top 3
    expect_ok
    aligned "#  id" 3
    # edges: a value column, and a field of a node column
    run backbone data/china --factor capital --year 2022 --sort weight --format json
    expect_ok
    json '[e["weight"] for e in d["edges"]] == sorted((e["weight"] for e in d["edges"]), reverse=True)'
    run backbone data/china --factor capital --year 2022 --sort target_name --ascending --format json
    expect_ok
    json '[e["target_name"] for e in d["edges"]] == sorted(e["target_name"] for e in d["edges"])'
    # a part
    run cluster data/china --factor talent --part clusters --sort closure --format json
    expect_ok
    json 'd["analysis"] == "leiden" and d["part"] == "clusters"' \
        '(lambda v: v == sorted(v, reverse=True))([c["closure"] for c in d["rows"] if c["closure"] is not None])'
    run bottleneck data/china --from CN-BJ --to CN-XJ --factor talent --part nodes --sort side --format csv
    expect_ok
    csv id,name,kind,side >/dev/null
    run bottleneck data/china --from CN-BJ --to CN-XJ --factor talent --part nodes --sort side --ascending --format json
    expect_ok
    json 'd["part"] == "nodes" and "value" not in d' \
        '[n["side"] for n in d["nodes"]] == sorted(n["side"] for n in d["nodes"]) and d["nodes"][0]["side"] == 0' 
}

# trend: the series wide, rank stability, tracking; a year with no flow
case_trend() {
    run trend data/china --measure pagerank --factor technology --top 5
    expect_ok
    expect_out "trend (technology, all years, directed)"
    expect_out "stability"
    expect_out "kendall_tau"
    aligned "#  id" 5
    run trend data/china --measure pagerank --factor technology --format json
    expect_ok
    json 'd["analysis"] == "trend" and d["parameters"]["measure"] == "pagerank"' \
        "len(d['nodes']) == $NNODES" \
        'all(str(y) in d["nodes"][0] for y in range(2016, 2023))' \
        'len(d["stability"]) == 6 and all(-1 <= r["kendall_tau"] <= 1 for r in d["stability"])' \
        'len(d["series"]["nodes"]) == 7 * len(d["nodes"])'
    run trend data/china --measure strength --factor talent --clusters leiden --part tracking --format json
    expect_ok
    json 'd["part"] == "tracking"' '"continuations" in d and "births" in d and "deaths" in d' \
        'd["years"] == 7' \
        'all(r["event"] in ("continuation", "split", "merge", "split_merge", "birth", "death") for r in d["rows"])'
    run trend data/china --measure hhi_out --factor capital --part stability --format csv
    expect_ok
    rows=$(csv year_from,year_to,nodes,kendall_tau)
    checks=$((checks + 1))
    [ "$rows" = 6 ] || fail "$LAST: $rows rows, expected 6"
    # a year (or range) with no flow: a clear error, exit 3
    run trend data/china --year 2030
    expect_rc 3
    expect_err "trend: no flow of the selection has the year 2030"
    run trend data/china --year 2030-2031
    expect_rc 3
    expect_err "has a year in 2030-2031"
    run trend data/china --measure pagernk
    expect_rc 2
    expect_err "unknown measure 'pagernk' (did you mean 'pagerank'?)"
    # a stock factor: a trend over the range runs, an analysis over it is refused
    mkdir -p stock
    printf 'source,target,factor,weight,year\nA,B,pop,10,2020\nA,B,pop,12,2021\nB,C,pop,5,2021\n' >stock/flows.csv
    printf 'factor,unit,kind\npop,persons,stock\n' >stock/factors.csv
    run trend stock --measure in_strength
    expect_ok
    run centrality stock --year 2020-2021
    expect_rc 2
    expect_err "factor 'pop' is a stock: the selection would add up its values of different years (2020 and 2021)"
    run centrality stock --year 2021
    expect_ok
}

# counterfactual options of every command, and compare
case_counterfactual() {
    for cmd in summary centrality cluster backbone; do
        run $cmd data/china --factor technology --without CN-BJ --format json
        expect_ok
        json 'd["parameters"].get("without_nodes") == "CN-BJ" or d["selection"].get("without_nodes") == "CN-BJ"'
    done
    run centrality data/china --factor technology --without CN-BJ --format json
    # CN-BJ goes with the nodes below it (Zhongguancun)
    json "len(d['nodes']) == $NNODES - 2" 'not any(n["id"] in ("CN-BJ", "ZGC") for n in d["nodes"])'
    run bottleneck data/china --from CN-SH --to CN-XJ --factor technology --without-corridor CN-SH:CN-XJ --format json
    expect_ok
    run trend data/china --factor technology --without-group xinjiang-four-party --format json
    expect_ok
    json 'd["parameters"]["without_groups"] == "xinjiang-four-party"'
    run compare data/china --measure pagerank,in_strength --factor technology --year 2022 --without CN-BJ --format json
    expect_ok
    json "len(d['nodes']) == $NNODES" \
        '[n["status"] for n in d["nodes"] if n["id"] == "CN-BJ"] == ["removed"]' \
        'all(n["pagerank_difference"] is None or abs(n["pagerank_difference"] - (n["pagerank_counterfactual"] - n["pagerank_baseline"])) < 1e-12 for n in d["nodes"])' \
        '"in_strength_difference" in d["nodes"][0]'
    run compare data/china --factor technology --year 2022 --without CN-BJ --top 5
    expect_ok
    aligned "#  id" 5
    # --with adds flows: in_strength of the target grows by their weight
    printf 'source,target,factor,weight,year\nCN-BJ,CN-XJ,technology,500,2022\n' >extra.csv
    run compare data/china --measure in_strength --factor technology --year 2022 --with extra.csv --format json
    expect_ok
    json '[round(n["in_strength_difference"], 9) for n in d["nodes"] if n["id"] == "CN-XJ"] == [500]' \
        'all(n["in_strength_difference"] == 0 for n in d["nodes"] if n["id"] != "CN-XJ")'
    # bad input names what is wrong
    run centrality data/china --without CN-BX
    expect_rc 2
    expect_err "unknown node id 'CN-BX' (did you mean 'CN-BJ'?)"
    run centrality data/china --without-group xinjiang-four
    expect_rc 2
    expect_err "unknown group 'xinjiang-four'"
    run centrality data/china --without-corridor CN-BJ
    expect_rc 2
    expect_err "--without-corridor must be A:B"
    printf 'source,target,factor,weight\nCN-BJ,CN-XX,technology,1\n' >badnode.csv
    run centrality data/china --with badnode.csv
    expect_rc 2
    expect_err "node 'CN-XX' is not in the network"
    printf 'source,target,factor,weight\nCN-BJ,CN-XJ,technology,x\n' >badweight.csv
    run centrality data/china --with badweight.csv
    expect_rc 3
    expect_err "badweight.csv:2:"
    run compare data/china --measure pagerank
    expect_rc 2
    expect_err "compare needs a counterfactual"
}

# Data limits (--max-file-size, --max-field, --max-nodes, --max-flows):
# passing one exits with 3 and a message naming the file (line and column
# where the limit was passed) and the option to raise; sizes take K, M, G,
# T; bad values are usage errors; 0 means no limit.
case_limits() {
    run summary data/china --max-flows 100
    expect_rc 3
    expect_err "data/china/flows.csv:102:1: more than 100 flows (--max-flows)"
    expect_err_lines 1
    run centrality data/china --max-nodes 5
    expect_rc 3
    expect_err "data/china/nodes.csv:7:1: more than 5 nodes (--max-nodes)"
    run summary data/china --max-file-size 1K
    expect_rc 3
    expect_err "data/china/nodes.csv: 3504 bytes or more, above the limit of 1024 (--max-file-size)"
    printf 'source,target,factor,weight\nA,Bcdefgh,talent,1\n' >long.csv
    run summary long.csv --max-field=6
    expect_rc 3
    expect_err "long.csv:2:3: field longer than 6 bytes (--max-field)"
    # convert reads other tools' files within the same limits
    printf 'A B 1\nB C 2\nC A 3\n' >three.txt
    run convert three.txt three-out --max-flows 2
    expect_rc 3
    expect_err "three.txt:3:1: more than 2 flows (--max-flows)"
    checks=$((checks + 1))
    [ ! -e three-out ] || fail "$LAST: wrote three-out"
    run convert three.txt three-out --max-flows 3
    expect_ok
    # a file added with --with is loaded within the same limits as DATA
    mkdir -p small
    printf 'source,target,factor,weight\nA,B,talent,1\nB,C,talent,2\n' >small/flows.csv
    printf 'source,target,factor,weight\nA,C,talent,1\nC,A,talent,1\nB,A,talent,1\n' >added.csv
    run centrality small --with added.csv --max-flows 2
    expect_rc 3
    expect_err "added.csv:4:1: more than 2 flows (--max-flows)"
    expect_err_lines 1
    run centrality small --with added.csv --max-flows 3
    expect_ok
    run centrality small --with long.csv --max-field 6
    expect_rc 3
    expect_err "long.csv:2:3: field longer than 6 bytes (--max-field)"
    # within the limits, and without any
    run summary data/china --max-flows 22644 --max-nodes 58 --max-file-size 2M --max-field 64K
    expect_ok
    run summary data/china --max-flows 0 --max-nodes 0 --max-file-size 0
    expect_ok
    # values flowctl refuses
    run summary data/china --max-field 1M
    expect_rc 2
    expect_err "--max-field must be a size in bytes of at most 65536"
    run summary data/china --max-file-size 2X
    expect_rc 2
    expect_err "--max-file-size must be a size in bytes (suffixes K, M, G, T), not '2X'"
    run summary data/china --max-file-size 99999999999T
    expect_rc 2
    run summary data/china --max-nodes -1
    expect_rc 2
    # documented in the global help, each command's help and the man page,
    # each with the library's default
    run --help
    expect_out "--max-file-size SIZE"
    checks=$((checks + 1))
    [ "$(tr '\n' ' ' <out | grep -oE '\(default [0-9]+[KMGT]?[;)]' | wc -l)" -ge 4 ] ||
        fail "$LAST: the four limits lack their defaults"
    run trend --help
    expect_out "--max-flows N"
    run --help-man
    expect_out "DATA LIMITS"
}

"case_$CASE"
finish
