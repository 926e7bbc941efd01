"""The shipped gazetteer of administrative divisions."""

from __future__ import annotations

from kg.gazetteer import get_gazetteer


def test_find_chains_and_short_forms() -> None:
    gaz = get_gazetteer()
    text = "泰州市姜堰区总工会与江苏省总工会、广东省深圳市南山区的企业合作。"
    found = [(text[s:e], p.name, p.level) for s, e, p in gaz.find(text)]
    assert ("泰州市姜堰区", "姜堰区", "county") in found
    assert ("广东省深圳市南山区", "南山区", "county") in found
    assert ("江苏省", "江苏省", "province") in found


def test_function_word_counties_are_not_places() -> None:
    gaz = get_gazetteer()
    text = "镇和县级机关单位"  # 和县 is a county, but here 和 is 'and'
    assert gaz.find(text) == []


def test_split_place_prefix_and_chain() -> None:
    gaz = get_gazetteer()
    prefix, chain = gaz.split_place_prefix("常州市武进区人民法院")
    assert prefix == "常州市武进区" and [p.name for p in chain] == ["常州市", "武进区"]
    assert [p.name for p in gaz.chain(chain[-1])] == ["江苏省", "常州市", "武进区"]
    assert gaz.split_place_prefix("华虹半导体(无锡)有限公司") is None  # brackets are no prefix
    assert [p.code for p in gaz.place_chain("盐城市阜宁县")] == ["320900", "320923"]


def test_ambiguous_names_ranked_by_context() -> None:
    gaz = get_gazetteer()
    options = gaz.lookup("鼓楼区")
    assert len(options) > 1
    nanjing = gaz.lookup("南京市")[0]
    assert gaz.lookup("鼓楼区", context_codes=[nanjing.code])[0].parent == nanjing.code
