#!/usr/bin/env python3
"""The obvious alternative to `edupol build`, doing less: for the speed
comparison of BENCHMARKS.md (run by benches/compare.sh).

For every *.txt below DIR: read it, tag it with jieba.posseg (the same
dictionary edupol uses: jieba's default plus data/edupol.dict), keep the
person, place and institution words (nr, ns, nt), find quantities with regular
expressions (number + unit or counter, with an optional comparator and year),
and add it all to one rdflib graph, one document node per file; at the end,
write the graph as Turtle. No normalization, no articles or sentences, no
resolution of names, no posts, initiatives or partnerships, no store.

    pip install jieba rdflib
    python3 benches/python_pipeline.py DIR OUT.ttl
"""

import os
import re
import sys
from pathlib import Path

import jieba
import jieba.posseg as pseg
from rdflib import Graph, Literal, Namespace, RDF, RDFS, URIRef
from rdflib.namespace import XSD

EDU = Namespace("https://w3id.org/edupol/ontology#")
ID = "https://w3id.org/edupol/id/"

QUANTITY = re.compile(
    r"(?P<cmp>超过|不低于|不少于|达到|达|约|以上|低于|不超过)?"
    r"(?P<value>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>%|％|亿元|万元|元|所|个|名|人次|人|项|家|平方米)"
)
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
CLASSES = {"nr": "Person", "ns": "AdministrativeDivision", "nt": "Organization"}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python_pipeline.py DIR OUT.ttl")
    root, out = Path(sys.argv[1]), sys.argv[2]
    repo = Path(__file__).resolve().parent.parent
    jieba.setLogLevel(60)
    jieba.load_userdict(str(repo / "data" / "edupol.dict"))
    graph = Graph()
    graph.bind("edu", EDU)
    files = sorted(p for p in root.rglob("*.txt"))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        doc = URIRef(ID + "doc/" + path.stem)
        graph.add((doc, RDF.type, EDU.SourceDocument))
        graph.add((doc, EDU.sourceFile, Literal(path.name)))
        seen = set()
        for word, flag in pseg.cut(text):
            cls = CLASSES.get(flag)
            if cls is None or (word, cls) in seen:
                continue
            seen.add((word, cls))
            node = URIRef(ID + cls.lower() + "/" + word)
            graph.add((node, RDF.type, EDU[cls]))
            graph.add((node, RDFS.label, Literal(word)))
            graph.add((node, EDU.mentionedIn, doc))
        for n, m in enumerate(QUANTITY.finditer(text), 1):
            q = URIRef(f"{doc}/quantity/{n}")
            graph.add((q, RDF.type, EDU.Quantity))
            graph.add((q, EDU.value, Literal(m.group("value"), datatype=XSD.decimal)))
            graph.add((q, EDU.unit, Literal(m.group("unit"))))
            if m.group("cmp"):
                graph.add((q, EDU.comparator, Literal(m.group("cmp"))))
            line_start = text.rfind("\n", 0, m.start()) + 1
            year = YEAR.search(text, line_start, m.start())
            if year:
                graph.add((q, EDU.year, Literal(year.group(1), datatype=XSD.gYear)))
            graph.add((q, EDU.evidenceStart, Literal(m.start())))
            graph.add((q, EDU.evidenceEnd, Literal(m.end())))
            graph.add((q, EDU.derivedFrom, doc))
    graph.serialize(destination=out, format="turtle")
    print(f"{len(files)} files, {len(graph)} triples -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
