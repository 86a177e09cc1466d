#!/usr/bin/env python3
"""Generates data/wikidata.tsv: the Wikidata items of provinces and prefectures.

edupol writes `owl:sameAs <http://www.wikidata.org/entity/Q…>` for a division of
the gazetteer only when this table has a row for it, so every QID comes from a
public source and none is typed by hand.

Source: Wikidata (CC0 1.0), as the snapshot `shared/regions/centers.json` of the
public repository https://github.com/celebrateyang/newlook, commit
01798f79735de55d6cd5ea11d2b3b208bc25caf1. That file was extracted from the
Wikidata Query Service on 2026-10-03 (its `centers-metadata.json`: source
"Wikidata P442 (China division code), P625 (coordinate location), Chinese
label", licence CC0-1.0, output SHA-256 36b4c348…) and keeps an item only when
its P442 code and its Chinese label both match one division, and only one item
matches (conflicts were dropped). Each entry is

    "code": [latitude, longitude, "name", "QID"]

with the code as Wikidata's P442 writes it, without the spaces and the
trailing zeros: "33" (浙江省), "3301" (杭州市), "330102" (上城区).

Run:

    git clone https://github.com/celebrateyang/newlook /tmp/newlook
    git -C /tmp/newlook checkout 01798f79735de55d6cd5ea11d2b3b208bc25caf1
    python3 scripts/wikidata.py /tmp/newlook/shared/regions/centers.json > data/wikidata.tsv

Optionally, `--check FILE` names Natural Earth's ne_10m_populated_places as
GeoJSON (public domain; it carries a `wikidataid` per place) and reports on
stderr how many QIDs of the table it lists for a place in China: an
independent check that the table was copied right.

Output, after `#` comment lines, one division a line, tab separated:

    code  name  qid  source_key

- code: the 6-digit GB/T 2260 code of data/gazetteer.tsv (330000, 330100);
- name: the division's full name, equal to the gazetteer's for that code;
- qid: the Wikidata item (Q16967);
- source_key: the entry's key in centers.json ("33", "3301").

Only provinces (2-digit keys) and prefecture-level units (4-digit keys) are
kept, and only when the gazetteer has a division of that level with that code
and exactly that name; anything else is reported on stderr and left out.
Rows are sorted by code, so the output is the same on every run.
"""

import argparse
import json
import sys

SOURCE = (
    "Wikidata (CC0 1.0) via github.com/celebrateyang/newlook "
    "01798f79735de55d6cd5ea11d2b3b208bc25caf1 shared/regions/centers.json "
    "(retrieved from the Wikidata Query Service 2026-10-03)"
)

# Length of a centers.json key → the gazetteer level it must have.
LEVELS = {2: "province", 4: "city"}


def read_gazetteer(path):
    """code → (name, level) of data/gazetteer.tsv."""
    divisions = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 3 and fields[0]:
                divisions[fields[0]] = (fields[1], fields[2])
    return divisions


def rows(centers, gazetteer, log):
    """The table's rows, sorted by code; what cannot be matched goes to log."""
    out = []
    for key, entry in centers.items():
        level = LEVELS.get(len(key))
        if level is None or not key.isdigit():
            continue  # county-level and town entries: not linked (yet)
        _lat, _lon, name, qid = entry
        if not (qid.startswith("Q") and qid[1:].isdigit()):
            log(f"{key}: {qid!r} is not a Wikidata item id, skipped")
            continue
        code = key.ljust(6, "0")
        known = gazetteer.get(code)
        if known != (name, level):
            log(f"{key} {name} {qid}: the gazetteer has {known} for {code}, skipped")
            continue
        out.append((code, name, qid, key))
    out.sort()
    codes = [r[0] for r in out]
    qids = [r[2] for r in out]
    assert len(set(codes)) == len(codes), "a code twice"
    assert len(set(qids)) == len(qids), "a QID for two divisions"
    return out


def check(table, natural_earth, log):
    """How many QIDs Natural Earth also gives to a populated place in China."""
    with open(natural_earth, encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    known = {
        f["properties"].get("wikidataid")
        for f in features
        if f["properties"].get("ADM0_A3") == "CHN"
    }
    found = [r for r in table if r[2] in known]
    log(f"check: {len(found)} of {len(table)} QIDs are those of a Natural Earth place in China")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("centers", help="shared/regions/centers.json of celebrateyang/newlook")
    ap.add_argument("--gazetteer", default="data/gazetteer.tsv")
    ap.add_argument("--check", metavar="FILE", help="ne_10m_populated_places GeoJSON")
    args = ap.parse_args()

    def log(message):
        print(message, file=sys.stderr)

    with open(args.centers, encoding="utf-8") as fh:
        centers = json.load(fh)
    table = rows(centers, read_gazetteer(args.gazetteer), log)
    if args.check:
        check(table, args.check, log)
    out = sys.stdout
    out.write("# Wikidata items of the gazetteer's provinces and prefectures (scripts/wikidata.py).\n")
    out.write(f"# Source: {SOURCE}.\n")
    out.write("# code\tname\tqid\tsource_key\n")
    for row in table:
        out.write("\t".join(row) + "\n")
    levels = {}
    for *_, key in table:
        levels[LEVELS[len(key)]] = levels.get(LEVELS[len(key)], 0) + 1
    log(f"wrote {len(table)} rows: {levels}")


if __name__ == "__main__":
    main()
