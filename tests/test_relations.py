"""Each predicate pinned with real-style articles written for the tests (not from the sample)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import api
from kg.ingest import read_document
from kg.model import Extraction

ARTICLE_WITH_BYLINE = """【工作交流】

# 以技能竞赛激发职工创新活力

常州市武进区总工会党组书记、主席 李明

今年以来,常州市武进区总工会深入推进产业工人队伍建设改革,开展“匠心杯”职工技能大赛。区总工会出台《武进区职工技能提升行动方案》,成立职工技能提升工作领导小组。成功培育常州精工机械有限公司、常州天合光电有限公司等4家省级试点单位。常州精工机械有限公司被命名为“常州市产业工人队伍建设改革示范企业”。2021年以来,王海燕光荣当选全国人大代表。区总工会与区人民法院签订劳动争议诉调对接合作协议。图为区总工会“劳模宣讲团”团长赵建国在车间宣讲。张华 摄
"""

ARTICLE_BYLINE_AFTER_BODY = """【履职手记】

今年以来,泗阳县总工会实施“暖心驿站”建设工程,搭建户外劳动者服务平台——“温暖港湾服务站”。

# 把服务送到户外劳动者身边

泗阳县总工会 陈立群
"""


def extract(tmp_path: Path, text: str, name: str = "a.txt") -> Extraction:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return api.extract_document(read_document(path))


def triples(ex: Extraction) -> set[tuple[str, str, str]]:
    names = {e.id: e.name for e in ex.entities}
    return {(names[r.subject], r.predicate, names[r.object]) for r in ex.relations}


def relation(ex: Extraction, subject: str, predicate: str, obj: str):
    names = {e.id: e.name for e in ex.entities}
    for r in ex.relations:
        if (names[r.subject], r.predicate, names[r.object]) == (subject, predicate, obj):
            return r
    raise AssertionError(f"no {subject} {predicate} {obj} in {sorted(triples(ex))}")


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    return extract(tmp_path_factory.mktemp("rel"), ARTICLE_WITH_BYLINE)


def test_holds_post_from_byline_with_two_posts(article: Extraction) -> None:
    rel = relation(article, "李明", "holds_post", "常州市武进区总工会")
    assert rel.qualifiers["post"] == "党组书记、主席"


def test_holds_post_from_post_before_name(article: Extraction) -> None:
    rel = relation(article, "赵建国", "holds_post", "劳模宣讲团")
    assert rel.qualifiers["post"] == "团长"


def test_authored_from_byline_and_photo_credit(article: Extraction) -> None:
    relation(article, "李明", "authored", "以技能竞赛激发职工创新活力")
    relation(article, "张华", "authored", "以技能竞赛激发职工创新活力")


def test_list_designation_gives_honour_with_level_and_participation(article: Extraction) -> None:
    for company in ("常州精工机械有限公司", "常州天合光电有限公司"):
        rel = relation(article, company, "received_honour", "省级试点单位")
        assert rel.qualifiers["level"] == "provincial"
        relation(article, company, "participates_in", "产业工人队伍建设改革")


def test_named_as_model_enterprise(article: Extraction) -> None:
    rel = relation(article, "常州精工机械有限公司", "received_honour", "常州市产业工人队伍建设改革示范企业")
    assert rel.qualifiers["level"] == "municipal"


def test_elected_representative_with_year(article: Extraction) -> None:
    rel = relation(article, "王海燕", "received_honour", "全国人大代表")
    assert rel.qualifiers["level"] == "national"
    assert rel.qualifiers["year"] == "2021"


def test_article_union_runs_its_programmes(article: Extraction) -> None:
    relation(article, "常州市武进区总工会", "runs_programme", "产业工人队伍建设改革")
    relation(article, "常州市武进区总工会", "runs_programme", "“匠心杯”职工技能大赛")


def test_issued_and_established_with_carried_over_subject(article: Extraction) -> None:
    relation(article, "常州市武进区总工会", "issued", "《武进区职工技能提升行动方案》")
    relation(article, "常州市武进区总工会", "established", "职工技能提升工作领导小组")
    relation(article, "职工技能提升工作领导小组", "sub_organization_of", "常州市武进区总工会")


def test_partner_of_agreement(article: Extraction) -> None:
    names = {(s, o) for s, p, o in triples(article) if p == "partner_of"}
    assert any("人民法院" in o for s, o in names)


def test_group_of_union_is_sub_organisation(article: Extraction) -> None:
    subs = {(s, o) for s, p, o in triples(article) if p == "sub_organization_of"}
    assert any(s == "劳模宣讲团" and "总工会" in o for s, o in subs)


def test_every_relation_has_evidence_inside_the_text(article: Extraction) -> None:
    text = article.document.text
    for rel in article.relations:
        assert 0 <= rel.evidence.start < rel.evidence.end <= len(text)
        assert 0.0 < rel.confidence <= 1.0


def test_byline_after_body(tmp_path: Path) -> None:
    ex = extract(tmp_path, ARTICLE_BYLINE_AFTER_BODY)
    relation(ex, "陈立群", "authored", "把服务送到户外劳动者身边")
    assert relation(ex, "陈立群", "holds_post", "泗阳县总工会").qualifiers["post"] == ""
    relation(ex, "泗阳县总工会", "runs_programme", "“暖心驿站”建设工程")
    relation(ex, "泗阳县总工会", "established", "温暖港湾服务站")


def test_located_in_from_place_prefix(article: Extraction) -> None:
    relation(article, "常州市武进区总工会", "located_in", "常州市武进区")
    relation(article, "常州市武进区", "located_in", "常州市")


def test_counted_statistics(tmp_path: Path) -> None:
    ex = extract(tmp_path, "# 标题\n\n宿迁市总工会:2022年,36名产业工人获评省劳动模范,集体协商签订率达95%以上。\n")
    stats = {(s.measure, s.value, s.unit, s.year) for s in ex.statistics}
    assert ("honour recipients: 产业工人", 36.0, "名", "2022") in stats
    assert ("集体协商签订率", 95.0, "%+", "2022") in stats


def test_declared_short_form_joins_the_full_name(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "# 徐工集团的劳模工作室\n\n徐州工程机械集团有限公司(以下简称徐工集团)工会坚持以劳模精神引领职工成长。"
        "近年来,徐工集团先后获得全国五一劳动奖状、江苏省文明单位等荣誉。\n",
    )
    companies = [e for e in ex.entities if e.type == "ENTERPRISE"]
    assert [(e.name, e.aliases) for e in companies] == [("徐州工程机械集团有限公司", ["徐工集团"])]
    relation(ex, "徐州工程机械集团有限公司", "received_honour", "全国五一劳动奖状")
    relation(ex, "徐州工程机械集团有限公司", "received_honour", "江苏省文明单位")


def test_honour_title_before_a_name(tmp_path: Path) -> None:
    ex = extract(tmp_path, "# 标题\n\n常州市总工会慰问全国劳动模范李春燕。外卖骑手王强表示,驿站很方便。\n")
    assert relation(ex, "李春燕", "received_honour", "全国劳动模范").qualifiers["level"] == "national"
    assert any(e.name == "王强" and e.type == "PERSON" for e in ex.entities)


def test_joint_issuers_and_named_departments(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "# 标题\n\n近日,山东省总工会联合省人力资源和社会保障厅、省财政厅印发《关于开展技能竞赛的通知》。\n",
    )
    for issuer in ("山东省总工会", "山东省人力资源和社会保障厅", "山东省财政厅"):
        relation(ex, issuer, "issued", "《关于开展技能竞赛的通知》")


def test_a_shared_district_name_is_read_in_the_documents_city(tmp_path: Path) -> None:
    # 南山区 is a district of both 深圳市 and 鹤岗市: the article names 广东省深圳市
    ex = extract(
        tmp_path,
        "近日,广东省深圳市职工技能竞赛在南山区总工会职工服务中心开幕。市总工会主席王建平出席。\n",
    )
    names = {e.name for e in ex.entities}
    assert not any("鹤岗" in n for n in names), names
    nanshan = next(e for e in ex.entities if e.type == "PLACE" and e.name == "南山区")
    assert nanshan.attrs["code"].startswith("4403")  # 深圳市 is 4403, 鹤岗市 2304
    assert any(s == "深圳市总工会" and p == "located_in" and o.endswith("深圳市") for s, p, o in triples(ex))


def test_short_forms_take_the_only_place_an_article_names(tmp_path: Path) -> None:
    ex = extract(tmp_path, "3月5日,中山市召开职工代表座谈会。市总工会主席梁海出席会议并讲话。\n")
    assert ("梁海", "holds_post", "中山市总工会") in triples(ex)
    # the expanded name's place is the one the text names, and no place the text never writes appears
    assert not any(e.type == "PLACE" and not e.mentions and e.name not in ex.document.text for e in ex.entities)


def test_places_whose_names_hold_function_characters(tmp_path: Path) -> None:
    ex = extract(tmp_path, "呼和浩特市总工会在盐边县新县城举办职工培训。\n")
    names = {(e.type, e.name) for e in ex.entities}
    assert ("UNION", "呼和浩特市总工会") in names
    assert ("PLACE", "新县") not in names


def test_engineering_bureaus_of_state_enterprises_are_companies(tmp_path: Path) -> None:
    ex = extract(tmp_path, "南山区中建二局第三建设公司项目部工会组织职工参赛。\n")
    assert ("ENTERPRISE", "中建二局") in {(e.type, e.name) for e in ex.entities}
    assert not any(e.type == "GOVERNMENT" for e in ex.entities)


def test_honours_received_and_the_news_source_is_no_recipient(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "记者从省总工会获悉,今年我省共有4家单位被授予“全国五一劳动奖状”。"
        "宁波精工机械有限公司工会成功创建市级模范职工之家。"
        "高建平、陈海燕等13名先进职工获全国五一劳动奖章。\n",
    )
    got = triples(ex)
    assert not any(s.endswith("省总工会") and p == "received_honour" for s, p, _ in got), got
    assert ("宁波精工机械有限公司工会", "received_honour", "市级模范职工之家") in got
    assert ("陈海燕", "received_honour", "全国五一劳动奖章") in got
    assert ("高建平", "received_honour", "全国五一劳动奖章") in got


def test_every_organiser_before_zhuban_runs_the_contest(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "由江西省总工会、江西省人力资源和社会保障厅主办,南昌市总工会承办的2024年江西省职工职业技能大赛开幕。\n",
    )
    got = triples(ex)
    for org in ("江西省总工会", "江西省人力资源和社会保障厅", "南昌市总工会"):
        assert (org, "runs_programme", "2024年江西省职工职业技能大赛") in got, got


def test_a_bare_union_head_joins_the_one_union_it_ends(tmp_path: Path) -> None:
    ex = extract(tmp_path, "秀峰区快递行业工会联合会揭牌成立。区总工会代表上级工会对工会联合会的成立表示祝贺。\n")
    federation = [e for e in ex.entities if e.type == "UNION" and e.name.endswith("工会联合会")]
    assert [u.name for u in federation] == ["秀峰区快递行业工会联合会"]
    assert "工会联合会" in federation[0].aliases


def test_a_chain_of_posts_in_two_bodies(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "会上,丽水市总工会党组书记、副主席、市产改办主任周建国作辅导报告。"
        "区人大常委会副主任、莲都区总工会主席叶青主持会议。\n",
    )
    names = {e.id: e.name for e in ex.entities}
    posts = {
        (names[r.subject], names[r.object], r.qualifiers.get("post")) for r in ex.relations if r.predicate == "holds_post"
    }
    assert ("周建国", "丽水市总工会", "党组书记、副主席") in posts
    assert ("周建国", "丽水市产改办", "主任") in posts
    assert ("叶青", "莲都区总工会", "主席") in posts
    assert any(p == "叶青" and o.endswith("区人大常委会") and post == "副主任" for p, o, post in posts)


def test_city_short_forms_in_a_province_level_city(tmp_path: Path) -> None:
    ex = extract(tmp_path, "记者从市总工会获悉,天津市津南机械有限公司获全国五一劳动奖状。\n")
    assert "天津市总工会" in {e.name for e in ex.entities if e.type == "UNION"}


def test_city_short_forms_in_an_article_about_a_county_level_city(tmp_path: Path) -> None:
    ex = extract(tmp_path, "近日,市总工会表彰了2021年仙桃市职业技能竞赛的优胜选手。\n")
    assert "仙桃市总工会" in {e.name for e in ex.entities if e.type == "UNION"}
    # 榆树市 is under 长春市, but in its own news 市 is 榆树市
    ex = extract(tmp_path, "榆树市总工会开展送温暖活动。市城管执法局负责人陪同。\n")
    assert relation(ex, "榆树市城管执法局", "located_in", "榆树市")  # (市城管执法局, resolved)


def test_towns_named_in_union_names_are_places(tmp_path: Path) -> None:
    ex = extract(tmp_path, "会上,小榄镇总工会和东升镇工会作交流发言。\n")
    got = triples(ex)
    assert ("小榄镇总工会", "located_in", "小榄镇") in got
    assert ("东升镇工会", "located_in", "东升镇") in got


def test_attendees_of_the_articles_meeting(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "3月2日,全市职工技能提升工作推进会暨2024年金秋行动启动仪式在市职工服务中心举行。"
        "市总工会党组书记、主席王立新,市人社局相关负责人出席会议。市总工会副主席刘敏主持会议。\n",
    )
    got = triples(ex)
    event = "全市职工技能提升工作推进会暨2024年金秋行动启动仪式"
    assert ("王立新", "participates_in", event) in got
    assert ("刘敏", "participates_in", event) in got
    assert any(s.endswith("人社局") and p == "participates_in" for s, p, _ in got), got
    # the union is the affiliation of a named person here, not an attendee
    assert not any(s.endswith("市总工会") and p == "participates_in" for s, p, _ in got), got


def test_units_receive_the_titles_they_are_given(tmp_path: Path) -> None:
    ex = extract(tmp_path, "南昌重工有限公司技术中心获优胜班组称号,市总工会法律部副部长王强获优秀个人称号。\n")
    got = triples(ex)
    assert ("南昌重工有限公司技术中心", "received_honour", "优胜班组") in got
    assert ("王强", "received_honour", "优秀个人") in got
    assert ("南昌重工有限公司技术中心", "sub_organization_of", "南昌重工有限公司") in got


def test_contests_inside_a_joint_ceremony_and_national_organs_stay_national(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "近日,长沙市第三届职工技能运动会暨2024年长沙技能大赛启动仪式举行。国务院、应急管理部有关部门出席。\n",
    )
    names = {(e.type, e.name) for e in ex.entities}
    assert ("EVENT", "长沙市第三届职工技能运动会暨2024年长沙技能大赛启动仪式") in names
    assert ("PROGRAMME", "2024年长沙技能大赛") in names
    assert not any(s in ("国务院", "应急管理部") and p == "located_in" for s, p, _ in triples(ex))


def test_partners_past_a_list_head_and_posts_in_a_department(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "江西工匠学院赣州分院与赣州技师学院、赣州市工业学校等有关院校签订了合作协议。"
        "赣州市总工会经费审查委员会主任刘洋出席。\n",
    )
    got = triples(ex)
    pairs = {(s, o) for s, p, o in got if p == "partner_of"}
    assert ("江西工匠学院赣州分院", "赣州技师学院") in pairs and ("江西工匠学院赣州分院", "赣州市工业学校") in pairs
    assert ("刘洋", "holds_post", "赣州市总工会") in got


def test_units_listed_after_an_honour_receive_it(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "全省共有3家企业获评“全国和谐劳动关系创建示范企业”,分别是:江西铜业股份有限公司、"
        "江铃汽车股份有限公司、赣州稀土集团有限公司。\n",
    )
    got = triples(ex)
    for company in ("江西铜业股份有限公司", "江铃汽车股份有限公司", "赣州稀土集团有限公司"):
        assert (company, "received_honour", "全国和谐劳动关系创建示范企业") in got, got


def test_closing_ceremony_speakers_take_part(tmp_path: Path) -> None:
    ex = extract(tmp_path, "11月5日,全省第二届职业技能大赛闭幕式举行。副省长陈明宣布大赛闭幕。\n")
    assert ("陈明", "participates_in", "全省第二届职业技能大赛闭幕式") in triples(ex)


def test_places_written_without_their_middle_level_and_towns_after_cities(tmp_path: Path) -> None:
    ex = extract(tmp_path, "福建省晋江市总工会、仙桃市彭场镇无纺布行业工会参加会议。\n")
    got = triples(ex)
    assert ("福建省晋江市总工会", "located_in", "福建省晋江市") in got
    assert ("福建省晋江市", "located_in", "福建省") in got
    assert ("仙桃市彭场镇无纺布行业工会", "located_in", "仙桃市彭场镇") in got
    assert ("仙桃市彭场镇", "located_in", "仙桃市") in got


def test_a_company_short_form_joins_its_full_name(tmp_path: Path) -> None:
    ex = extract(tmp_path, "中建五局集团有限公司承建该项目。中建五局组织职工参赛。\n")
    companies = [e for e in ex.entities if e.type == "ENTERPRISE"]
    assert [c.name for c in companies] == ["中建五局集团有限公司"]
    assert "中建五局" in companies[0].aliases


def test_attendance_in_the_sentence_that_names_the_meeting(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "12月4日,赣州市召开职工技能提升工作推进会。市委常委、组织部部长梁华出席。"
        "会上,市总工会常务副主席武强首先作情况汇报。\n",
    )
    got = triples(ex)
    assert ("梁华", "participates_in", "赣州市召开职工技能提升工作推进会") in got or (
        "梁华",
        "participates_in",
        "职工技能提升工作推进会",
    ) in got, got
    assert any(s == "武强" and p == "participates_in" for s, p, _ in got), got


def test_passive_organisers_and_union_departments(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "2024年全省职工职业技能大赛由江西省总工会、江西省人力资源和社会保障厅共同主办。"
        "常州市总工会女工部部长张敏带队检查。\n",
    )
    got = triples(ex)
    assert ("江西省总工会", "runs_programme", "2024年全省职工职业技能大赛") in got
    assert ("江西省人力资源和社会保障厅", "runs_programme", "2024年全省职工职业技能大赛") in got
    assert ("常州市总工会女工部", "sub_organization_of", "常州市总工会") in got


def test_a_party_committee_member_names_the_committee(tmp_path: Path) -> None:
    # 市委常委 is the post 常委 in the 市委 (as annotators of unseen articles wrote it)
    ex = extract(tmp_path, "赣州市召开推进会。市委常委、组织部部长梁华出席。\n")
    names = {(e.type, e.name) for e in ex.entities}
    assert ("GOVERNMENT", "赣州市委") in names and ("POSITION", "常委") in names
    assert ("POSITION", "市委常委") not in names


def test_persons_listed_with_their_posts_share_the_body(tmp_path: Path) -> None:
    ex = extract(tmp_path, "会议由赣州区总工会主席袁建兴、副主席(正科级)余文超、副主席宁娜主持。县法院四级高级法官李怡焕参加。\n")
    names = {e.id: e.name for e in ex.entities}
    posts = {(names[r.subject], names[r.object], r.qualifiers.get("post")) for r in ex.relations if r.predicate == "holds_post"}
    assert ("袁建兴", "赣州区总工会", "主席") in posts
    assert ("余文超", "赣州区总工会", "副主席") in posts
    assert ("宁娜", "赣州区总工会", "副主席") in posts
    assert any(p == "李怡焕" and o.endswith("法院") and post == "四级高级法官" for p, o, post in posts), posts


def test_bodies_one_works_under_or_towards_are_no_runners(tmp_path: Path) -> None:
    text = '大荔县总工会紧紧围绕县委、县政府的发展战略,以开展"四服务"、"四季送"等主题活动为载体。市政府与市总工会召开联席会议。\n'
    ex = extract(tmp_path, text)
    got = triples(ex)
    assert not any(s.startswith("县") and p == "runs_programme" for s, p, _ in got), got
    assert any(e.type == "PROGRAMME" and "四服务" in e.name for e in ex.entities)  # straight quotes count
    assert any(e.type == "GOVERNMENT" and e.name.endswith("市政府") for e in ex.entities)


def test_units_named_as_an_honour(tmp_path: Path) -> None:
    ex = extract(tmp_path, "省总工会命名董林劳模创新工作室、官林职工创新工作室为“江西省劳模创新工作室”。\n")
    got = triples(ex)
    assert ("董林劳模创新工作室", "received_honour", "江西省劳模创新工作室") in got, got
    assert ("官林职工创新工作室", "received_honour", "江西省劳模创新工作室") in got


def test_attendance_cues_quoted_meetings_and_events_cited_for_their_spirit(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "会议召开\n由市总工会承办的“2024年全市职工技能竞赛动员大会”在工地举行,市总工会副主席赵东参加了大会。"
        "会议由市总工会副主席钱南主持。市委常委孙西、市中级人民法院院长李北共同为职工服务站揭牌。"
        "会议要求,认真学习党的二十大精神。\n",
    )
    got = triples(ex)
    event = "2024年全市职工技能竞赛动员大会"
    assert ("EVENT", event) in {(e.type, e.name) for e in ex.entities}  # a quoted meeting is an event
    for person in ("赵东", "钱南", "孙西", "李北"):
        assert (person, "participates_in", event) in got
    assert not any(o == "党的二十大" for _, p, o in got if p == "participates_in")


def test_places_an_honour_or_contest_is_named_after(tmp_path: Path) -> None:
    ex = extract(tmp_path, "赛事开幕\n近日,浙江省杭州市第五届职工技能运动会开幕。会上,2020年受表彰的江苏省“五一”劳动奖章获得者发言。\n")
    names = {(e.type, e.name) for e in ex.entities}
    assert {("PLACE", "浙江省"), ("PLACE", "杭州市"), ("PLACE", "江苏省")} <= names
    assert ("杭州市", "located_in", "浙江省") in triples(ex)
    names = {e.id: e.name for e in ex.entities}
    rel = next(r for r in ex.relations if names[r.subject] == "杭州市" and names[r.object] == "浙江省")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert text[rel.evidence.start : rel.evidence.end] == "浙江省杭州市"


def test_a_bare_party_department_before_its_heads_post(tmp_path: Path) -> None:
    ex = extract(tmp_path, "会议召开\n九江市召开会议。市委常委、宣传部部长吴平出席。\n")
    names = {e.id: e.name for e in ex.entities}
    got = {(names[r.subject], names[r.object], r.qualifiers.get("post")) for r in ex.relations if r.predicate == "holds_post"}
    assert ("吴平", "宣传部", "部长") in got and ("吴平", "九江市委", "常委") in got


def test_an_outlet_in_the_credit_brackets_runs_nothing(tmp_path: Path) -> None:
    ex = extract(tmp_path, "座谈会召开\n本报讯(江城日报记者 王强) 5月1日下午,我市召开劳模代表座谈会。市总工会主席李明出席。\n")
    runners = {s for s, p, _ in triples(ex) if p == "runs_programme"}
    assert "江城日报" not in runners


def test_the_issuers_a_document_title_names(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "会议传达了《安徽省总工会 安徽省应急管理厅关于开展安全生产月活动的通知》,"
        "并学习了《淮南市推进产业工人队伍建设改革协调小组办公室关于做好年度评估的通知》。",
    )
    got = triples(ex)
    title = "《安徽省总工会 安徽省应急管理厅关于开展安全生产月活动的通知》"
    assert {("安徽省总工会", "issued", title), ("安徽省应急管理厅", "issued", title)} <= got
    office = "淮南市推进产业工人队伍建设改革协调小组办公室"
    assert any(s == office and p == "issued" for s, p, _ in got)
    types = {e.name: e.type for e in ex.entities}
    assert types["安徽省总工会"] == "UNION" and types["安徽省应急管理厅"] == "GOVERNMENT"
    # a title that starts with 关于 names no issuer; an unnamed head is none either
    ex = extract(tmp_path, "他们学习了《关于加强工会工作的意见》和《我们关于劳动竞赛的建议》。")
    assert not any(p == "issued" for _, p, _ in triples(ex))


def test_posts_of_people_elected_or_appointed(tmp_path: Path) -> None:
    ex = extract(
        tmp_path,
        "会议选举产生新一届领导班子。傅国强、萧红梅、阎立新等3位同志当选为省总工会副主席。"
        "会议推选洪小军为省总工会党组书记、主席。",
    )
    for name in ("傅国强", "萧红梅", "阎立新"):
        assert relation(ex, name, "holds_post", "省总工会").qualifiers["post"] == "副主席"
    assert relation(ex, "洪小军", "holds_post", "省总工会").qualifiers["post"] == "党组书记、主席"
    # a body named after the cue without a post is no post
    ex = extract(tmp_path, "王建华、李明当选为省总工会的代表团成员之一的委员。")
    assert not any(p == "holds_post" for _, p, _ in triples(ex))


def test_an_honour_named_in_the_headline_is_an_entity(tmp_path: Path) -> None:
    ex = extract(tmp_path, "5名优秀选手被授予“宜都五一劳动奖章”\n\n近日,宜都市总工会表彰了5名优秀选手。\n")
    types = {e.name: e.type for e in ex.entities}
    assert types.get("宜都五一劳动奖章") == "HONOUR", types
    assert any(t == "DOCUMENT" and n.startswith("5名优秀选手") for n, t in types.items())


def test_bodies_a_joint_meeting_is_named_after_hold_it_as_partners(tmp_path: Path) -> None:
    ex = extract(tmp_path, "在年底召开的临海市人民政府与临海市总工会联席会议上,双方专题研究产改工作。")
    meeting = "临海市人民政府与临海市总工会联席会议"
    got = triples(ex)
    assert {("临海市人民政府", "runs_programme", meeting), ("临海市总工会", "runs_programme", meeting)} <= got
    assert ("临海市人民政府", "partner_of", "临海市总工会") in got


def test_a_government_named_with_and_without_renmin_is_one_entity(tmp_path: Path) -> None:
    ex = extract(tmp_path, "临海市人民政府召开会议。会上,临海市政府与临海市总工会签订协议。")
    governments = [e for e in ex.entities if e.type == "GOVERNMENT"]
    assert [(e.name, e.aliases) for e in governments] == [("临海市人民政府", ["临海市政府"])]


def test_a_numbered_union_committee_belongs_to_its_union(tmp_path: Path) -> None:
    ex = extract(tmp_path, "阜宁县总工会召开大会,选举产生阜宁县总工会第九届委员会。")
    assert relation(ex, "阜宁县总工会第九届委员会", "sub_organization_of", "阜宁县总工会")


def test_award_lists_name_people_with_their_employers(tmp_path: Path) -> None:
    text = (
        "被命名为“晋江工匠”的有5人,分别为福建安踏体育用品有限公司陈明华、晋江市恒安纸业有限公司刘国栋和泉州港务集团有限公司职工黄志强。"
        "被命名为“晋江名匠”的有华泰电子有限公司郑文彬、东南电器有限公司王立和晋江通达有限公司林涛等3人。"
    )
    ex = extract(tmp_path, text)
    assert relation(ex, "陈明华", "holds_post", "福建安踏体育用品有限公司").qualifiers["post"] == ""
    assert relation(ex, "黄志强", "holds_post", "泉州港务集团有限公司")
    for person in ("陈明华", "刘国栋", "黄志强"):
        assert relation(ex, person, "received_honour", "晋江工匠")
    for person in ("郑文彬", "王立", "林涛"):
        assert relation(ex, person, "received_honour", "晋江名匠")
    assert relation(ex, "郑文彬", "holds_post", "华泰电子有限公司")  # not 有华泰…
    # the employers are not honoured, and nobody in one list gets the other list's title
    got = triples(ex)
    assert ("福建安踏体育用品有限公司", "received_honour", "晋江工匠") not in got
    assert ("陈明华", "received_honour", "晋江名匠") not in got


def test_a_post_after_the_name_is_the_persons_post(tmp_path: Path) -> None:
    ex = extract(tmp_path, "市总工会李建国主席一行来到企业走访。")
    assert relation(ex, "李建国", "holds_post", "市总工会").qualifiers["post"] == "主席"
    # a trade between the body and the name is the post; a student holds none
    ex = extract(tmp_path, "获奖者分别为:孝感职业学院教师刘洋、孝感职业学院学生陈静。")
    assert relation(ex, "刘洋", "holds_post", "孝感职业学院").qualifiers["post"] == "教师"
    assert ("陈静", "holds_post", "孝感职业学院") not in triples(ex)
    # a name inside a studio's name is no employee of the studio
    ex = extract(tmp_path, "中铁五局李吉创新工作室获得表彰。")
    assert not any(p == "holds_post" for _, p, _ in triples(ex))


def test_an_event_named_after_a_body_names_the_body_and_is_held_by_it(tmp_path: Path) -> None:
    ex = extract(tmp_path, "近日,蒙城县顺达物流有限公司工会成立大会暨一届一次会员代表大会顺利召开。")
    event = "蒙城县顺达物流有限公司工会成立大会暨一届一次会员代表大会"
    assert relation(ex, "蒙城县顺达物流有限公司工会", "runs_programme", event)
    assert relation(ex, "蒙城县顺达物流有限公司工会", "sub_organization_of", "蒙城县顺达物流有限公司")
    # an unveiling is held by those above the body unveiled
    ex = extract(tmp_path, "县总工会出席了城关镇工会联合会揭牌仪式。")
    assert ("城关镇工会联合会", "runs_programme", "城关镇工会联合会揭牌仪式") not in triples(ex)


def test_the_credited_source_published_the_article(tmp_path: Path) -> None:
    ex = extract(tmp_path, "宁波市总工会为快递小哥送清凉\n\n来源:甬上工运\n\n中新社宁波7月2日电 近日,宁波市总工会开展送清凉活动。")
    title = "宁波市总工会为快递小哥送清凉"
    assert relation(ex, "中新社", "issued", title) and relation(ex, "甬上工运", "issued", title)
    # the union the article is about did not publish it
    assert ("宁波市总工会", "issued", title) not in triples(ex)
    # words that name no publisher
    ex = extract(tmp_path, "送清凉\n\n时间:2022-08-09 来源:本站\n\n近日,宁波市总工会开展活动。来源:网络\n")
    assert not {"本站", "网络"} & {e.name for e in ex.entities}
    # a source in running text is no publisher
    ex = extract(tmp_path, "送清凉\n\n近日,宁波市总工会开展活动。项目经费来源:财政拨款\n")
    assert "财政拨款" not in {e.name for e in ex.entities}
    # and the source is not the body the article speaks for
    ex = extract(tmp_path, "送清凉\n\n来源:甬上工运\n\n近日,宁波市总工会走访快递站点。今年的“清凉行动”将持续到9月。")
    assert relation(ex, "宁波市总工会", "runs_programme", "清凉行动")
    assert ("甬上工运", "runs_programme", "清凉行动") not in triples(ex)


def test_a_group_listed_by_name_receives_what_is_conferred_on_it(tmp_path: Path) -> None:
    text = (
        "市总工会决定,授予获得比赛一等奖的选手“孝感五一劳动奖章”。\n\n"
        "这3名选手分别为:孝感职业学院教师刘洋、汉川市个体劳动者陈静和应城市电力公司职工赵立军。\n\n"
        "为弘扬工匠精神,市总工会举办了技能竞赛。\n\n"
        "据了解,这3名选手还被授予“市技术能手”称号。"
    )
    ex = extract(tmp_path, text)
    for person in ("刘洋", "陈静", "赵立军"):
        assert relation(ex, person, "received_honour", "孝感五一劳动奖章")
        assert relation(ex, person, "received_honour", "市技术能手")


def test_a_group_formed_by_several_bodies_belongs_to_none_of_them(tmp_path: Path) -> None:
    ex = extract(tmp_path, "由市总工会、市发改委及相关部门组成了重点工程劳动竞赛领导小组,负责组织开展。")
    for body in ("市总工会", "市发改委"):
        assert relation(ex, body, "established", "重点工程劳动竞赛领导小组")
    assert not any(p == "sub_organization_of" for _, p, _ in triples(ex))
    ex = extract(tmp_path, "市总工会成立了劳动竞赛领导小组。")
    assert relation(ex, "劳动竞赛领导小组", "sub_organization_of", "市总工会")


def test_a_companys_local_company_belongs_to_it(tmp_path: Path) -> None:
    ex = extract(tmp_path, "分别为国网湖北省电力有限公司宜昌市供电公司王立、华新食品有限公司李明。被推荐参评“宜昌市技能大师”。")
    branch = "国网湖北省电力有限公司宜昌市供电公司"
    assert relation(ex, branch, "sub_organization_of", "国网湖北省电力有限公司")
    assert relation(ex, "王立", "holds_post", branch)
    assert "宜昌市技能大师" in {e.name for e in ex.entities if e.type == "HONOUR"}


def test_short_forms_take_the_province_most_places_lie_in(tmp_path: Path) -> None:
    text = "省总工会获悉,浙江华立科技有限公司、浙江万向集团和杭州青山有限公司的职工在北京受到表彰。\n"
    ex = extract(tmp_path, text)
    assert relation(ex, "浙江省总工会", "located_in", "浙江省")


def test_a_newspaper_is_not_located_in_the_place_it_is_named_after(tmp_path: Path) -> None:
    ex = extract(tmp_path, "据随州日报报道,随州市总工会开展疗休养活动。\n")
    got = triples(ex)
    assert ("随州日报", "located_in", "随州") not in got and not any(s == "随州日报" and p == "located_in" for s, p, _ in got)
    assert relation(ex, "随州市总工会", "located_in", "随州市")


def test_an_elected_comrade_holds_the_post_in_the_committee_named_in_full_before(tmp_path: Path) -> None:
    text = "会议选举产生了城关镇总工会第一届委员会。李建国同志当选为工会第一届委员会主席。"
    ex = extract(tmp_path, text)
    assert relation(ex, "李建国", "holds_post", "城关镇总工会第一届委员会").qualifiers["post"] == "主席"
    assert "工会第一届委员会" not in {e.name for e in ex.entities}


def test_the_post_after_a_town_party_committee(tmp_path: Path) -> None:
    ex = extract(tmp_path, "城关镇党委副书记、镇长王林出席仪式。")
    assert relation(ex, "王林", "holds_post", "城关镇党委").qualifiers["post"].startswith("副书记")


def test_organisers_of_a_contest_named_by_a_short_reference(tmp_path: Path) -> None:
    text = "省总工会决定每两年举办湖北省职工职业技能大赛。第一届大赛由省总工会、省人社厅共同主办。"
    ex = extract(tmp_path, text)
    runners = {s for s, p, o in triples(ex) if p == "runs_programme" and o == "湖北省职工职业技能大赛"}
    assert any(s.endswith("省人社厅") for s in runners) and any(s.endswith("省总工会") for s in runners)


def test_a_bare_union_head_belongs_to_the_place_named_before_it(tmp_path: Path) -> None:
    text = (
        "中心揭牌\n\n"
        "中共泉州市委常委、总工会主席林立,福建省总工会副主席郑华共同为该中心揭牌。"
        "泉州市总工会副主席王强称,这是该市总工会的新举措。\n"
    )
    ex = extract(tmp_path, text)
    assert ("郑华", "holds_post", "福建省总工会") in triples(ex)
    assert ("林立", "holds_post", "福建省总工会") not in triples(ex)
    # the bare 总工会 (该市|总工会) is 泉州市总工会, whose place is named last before it
    quanzhou = next(e for e in ex.entities if e.name == "泉州市总工会")
    assert "总工会" in quanzhou.aliases
    assert "总工会" not in next(e for e in ex.entities if e.name == "福建省总工会").aliases


def test_a_news_site_in_a_dateline_is_an_organisation(tmp_path: Path) -> None:
    ex = extract(tmp_path, "慰问活动\n\n海东新闻网讯 8月2日,平安区总工会开展慰问活动。\n")
    assert any(e.name == "海东新闻网" and e.type == "ORGANIZATION" for e in ex.entities)


def test_the_holder_of_a_title_named_after_it(tmp_path: Path) -> None:
    ex = extract(tmp_path, "技能传承\n\n安装公司技术员、全国五一劳动奖章获得者闫立新,毫无保留地传授技术。\n")
    assert ("闫立新", "received_honour", "全国五一劳动奖章") in triples(ex)
