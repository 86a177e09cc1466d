#!/usr/bin/env bash
# Whole-process measurements of BENCHMARKS.md, each against its target:
#
#   bash benches/compare.sh            # everything (the 10k corpus takes a while)
#   SKIP_10K=1 bash benches/compare.sh # only what the 1k corpus needs
#   SKIP_PYTHON=1 ...                  # without the Python comparison
#   QUERIES_ONLY=1 ...                 # only the queries, on the 10k store built before
#
# Needs: a release build (built here), GNU time (/usr/bin/time), python3 with
# `pip install jieba rdflib` for the Python comparison. Corpora, stores and
# logs go to $WORK (default /tmp/edupol-bench); generated corpora are kept.
# Prints a Markdown table; the same is written to $WORK/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${WORK:-/tmp/edupol-bench}
RUNS=${RUNS:-3}          # repetitions of each timed build (the best counts)
QUERY_RUNS=${QUERY_RUNS:-5}
QUERY_TIMEOUT=${QUERY_TIMEOUT:-60} # seconds; a query still running then is stopped
mkdir -p "$WORK"
EDUPOL=target/release/edupol
GEN=target/release/examples/gen_corpus
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }

cargo build --release --quiet --bin edupol --example gen_corpus

corpus() { # N DIR
    [ -d "$2" ] && [ "$(find "$2" -name '*.txt' | wc -l)" -eq "$1" ] && return
    rm -rf "$2"
    "$GEN" --docs "$1" --out "$2"
}
corpus 1000 "$WORK/c1k"
[ -n "${SKIP_10K:-}" ] || corpus 10000 "$WORK/c10k"

# seconds of wall time of a command; its peak RSS (KB) goes to $WORK/rss
timed() {
    "$TIME" -f '%e %M' -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || {
        cat "$WORK/err" >&2
        return 1
    }
    read -r secs rss <"$WORK/time"
    echo "$rss" >"$WORK/rss"
    echo "$secs"
}
# best of $RUNS fresh builds: ARGS...
fresh_build() {
    local best=""
    for _ in $(seq "$RUNS"); do
        rm -rf "$WORK/db"
        local t
        t=$(timed "$EDUPOL" build --store "$WORK/db" -q "$@")
        best=$(python3 -c "print(min(float('$t'), float('${best:-inf}')))")
    done
    echo "$best"
}
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
pct() { python3 -c "print(f'{100*$1/$2:.1f}')"; }

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); printf '%-45s %-28s %-12s %s\n' "$1" "$2" "$3" "$4" >&2; }

MB1=$(du -sm --apparent-size "$WORK/c1k" | cut -f1)
if [ -z "${QUERIES_ONLY:-}" ]; then

# 1. Build (all cores) against the Python pipeline, 1k documents.
full=$(fresh_build "$WORK/c1k")
row "build, 1k docs (${MB1} MB), all cores" "${full} s" "" ""
if [ -z "${SKIP_PYTHON:-}" ]; then
    py=$(timed python3 benches/python_pipeline.py "$WORK/c1k" "$WORK/py.ttl")
    row "python (jieba.posseg + regex + rdflib), 1k" "${py} s" "" ""
    row "**build vs python**" "$(ratio "$py" "$full")× faster" "≥ 20×" \
        "$(python3 -c "print('met' if $py/$full >= 20 else 'missed')")"
fi

# 2. One thread against all cores.
one=$(fresh_build --threads 1 "$WORK/c1k")
row "build, 1k, --threads 1" "${one} s" "" ""
row "**all cores ($(nproc)) vs --threads 1**" "$(ratio "$one" "$full")×" "≥ 1.7×" \
    "$(python3 -c "print('met' if $one/$full >= 1.7 else 'missed')")"

# 3. Incremental rebuilds, on the store of the 1k build.
rm -rf "$WORK/db"
"$EDUPOL" build --store "$WORK/db" -q "$WORK/c1k"
noop=$(timed "$EDUPOL" build --store "$WORK/db" -q "$WORK/c1k")
row "rebuild, nothing changed" "${noop} s ($(pct "$noop" "$full")%)" "≤ 5%" \
    "$(python3 -c "print('met' if $noop/$full <= 0.05 else 'missed')")"
victim=$(find "$WORK/c1k" -name '*.txt' | sort | sed -n 1p) # sed reads all: no SIGPIPE under pipefail
cp "$victim" "$WORK/victim.bak"
printf '\n2024年，全县新增学位%d个。\n' "$RANDOM" >>"$victim"
one_changed=$(timed "$EDUPOL" build --store "$WORK/db" -q "$WORK/c1k")
cp "$WORK/victim.bak" "$victim"
row "rebuild, one file changed" "${one_changed} s ($(pct "$one_changed" "$full")%)" "≤ 10%" \
    "$(python3 -c "print('met' if $one_changed/$full <= 0.10 else 'missed')")"
# Every document rewritten, as after a dictionary tweak (a new pipeline
# fingerprint; --force takes the same path): cleared and loaded in bulk.
# Beside it the same rewrite by one transaction per document, which a
# build takes when the store also holds a document that is not an input.
everything=$(timed "$EDUPOL" build --store "$WORK/db" -q --force "$WORK/c1k")
row "rebuild, every document rewritten (bulk)" "${everything} s ($(pct "$everything" "$full")%)" "" ""
mkdir -p "$WORK/extra"
cp "$victim" "$WORK/extra/extra_document.txt"
"$EDUPOL" build --store "$WORK/db" -q "$WORK/extra/extra_document.txt"
by_transactions=$(timed "$EDUPOL" build --store "$WORK/db" -q --force "$WORK/c1k")
row "rebuild, every document, by transactions" "${by_transactions} s ($(pct "$by_transactions" "$full")%)" "" ""

# An export of a store into a file: its time and peak RSS (which must not
# grow with the store: the sort spills to $TMPDIR). STORE LABEL FORMAT
export_row() {
    local t
    t=$(timed "$EDUPOL" export --store "$1" --format "$3" -o "$WORK/export.out")
    row "export $3, $2" "${t} s, $(($(cat "$WORK/rss") / 1024)) MB peak RSS" "" ""
    rm -f "$WORK/export.out"
}

# 4. Peak memory, 1k against 10k.
rm -rf "$WORK/db"
"$TIME" -f '%e %M' -o "$WORK/time" "$EDUPOL" build --store "$WORK/db" -q "$WORK/c1k"
read -r _ rss1 <"$WORK/time"
export_row "$WORK/db" "1k store" turtle
export_row "$WORK/db" "1k store" nquads
if [ -z "${SKIP_10K:-}" ]; then
    rm -rf "$WORK/db10k"
    "$TIME" -f '%e %M' -o "$WORK/time" "$EDUPOL" build --store "$WORK/db10k" -q "$WORK/c10k"
    read -r t10 rss10 <"$WORK/time"
    MB10=$(du -sm --apparent-size "$WORK/c10k" | cut -f1)
    row "build, 10k docs (${MB10} MB), all cores" "${t10} s" "" ""
    row "peak RSS, 1k / 10k" "$((rss1 / 1024)) MB / $((rss10 / 1024)) MB" "" ""
    row "**peak RSS 10k vs 1k**" "$(ratio "$rss10" "$rss1")×" "≤ 1.5×" \
        "$(python3 -c "print('met' if $rss10/$rss1 <= 1.5 else 'missed')")"
    export_row "$WORK/db10k" "10k store" turtle
    export_row "$WORK/db10k" "10k store" nquads
fi
fi # QUERIES_ONLY

# 5. Every saved query on the 10k store: the median of $QUERY_RUNS runs; a
# query that fails (SERVICE without network) or outlasts $QUERY_TIMEOUT is
# reported as such, once.
if [ -z "${SKIP_10K:-}" ]; then
    for q in queries/*.rq; do
        name="query $(basename "$q") (10k)"
        times=()
        for _ in $(seq "$QUERY_RUNS"); do
            if ! t=$(timed timeout "$QUERY_TIMEOUT" "$EDUPOL" query "@$q" --format csv --store "$WORK/db10k" 2>/dev/null); then
                times=()
                break
            fi
            times+=("$t")
        done
        if [ ${#times[@]} -eq 0 ]; then
            if grep -q 'status 124' "$WORK/time"; then
                row "$name" "> ${QUERY_TIMEOUT} s (stopped)" "< 1 s" "missed"
            else
                row "$name" "failed: $(head -c 100 "$WORK/err" | tr '\n|' '  ')" "< 1 s" "not run"
            fi
            continue
        fi
        med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        n=$(($(wc -l <"$WORK/out") - 1))
        row "$name, median of $QUERY_RUNS, $n rows" "${med} s" "< 1 s" \
            "$(python3 -c "print('met' if $med < 1 else 'missed')")"
    done
fi

# 6. The queries restricted as their headers say (VALUES given), to one
# name that the 10k store holds: what an analyst looking up one place, one
# initiative or one file waits for.
if [ -z "${SKIP_10K:-}" ]; then
    first() { # SPARQL -> the first value of its first column
        "$EDUPOL" query "$1" --format tsv --store "$WORK/db10k" | sed -n 2p | sed 's/^"//; s/"$//'
    }
    place=$(first 'SELECT ?l WHERE { ?f a edu:ReportedFigure ; edu:scope ?p . ?p a edu:AdministrativeDivision ; rdfs:label ?l } LIMIT 1')
    district=$(first 'SELECT ?l WHERE { ?m a edu:Milestone ; edu:scope ?p . ?p rdfs:label ?l } LIMIT 1')
    initiative=$(first 'SELECT ?l WHERE { ?i a edu:Program ; rdfs:label ?l } LIMIT 1')
    file=$(first 'SELECT ?f WHERE { ?d a edu:SourceDocument ; edu:sourceFile ?f } LIMIT 1')
    for spec in "figures_for_place.rq|?place|$place" \
                "milestones_by_district_and_year.rq|?district|$district" \
                "documents_mentioning_initiative.rq|?initiative|$initiative" \
                "institutions_by_document.rq|?sourceFile|$file"; do
        IFS='|' read -r q var value <<<"$spec"
        sed "s/VALUES $var { UNDEF }/VALUES $var { \"$value\" }/" "queries/$q" >"$WORK/restricted.rq"
        times=()
        for _ in $(seq "$QUERY_RUNS"); do
            t=$(timed timeout "$QUERY_TIMEOUT" "$EDUPOL" query "@$WORK/restricted.rq" --format csv --store "$WORK/db10k") || break
            times+=("$t")
        done
        [ ${#times[@]} -gt 0 ] || { row "query $q, $var = $value (10k)" "failed" "< 1 s" "missed"; continue; }
        med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        n=$(($(wc -l <"$WORK/out") - 1))
        row "query $q, $var = $value (10k), median, $n rows" "${med} s" "< 1 s" \
            "$(python3 -c "print('met' if $med < 1 else 'missed')")"
    done
fi

{
    echo "| measurement | value | target | |"
    echo "| --- | --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
} | tee "$WORK/results.md"
