"""Each entity rule family, pinned with sentences written for the tests (not from the sample)."""

from __future__ import annotations

import pytest

from kg.nlp.rules import load_rules


def found(text: str) -> set[tuple[str, str]]:
    rs = load_rules()
    return {(c.type, text[c.start : c.end]) for c in rs.find(text)}


def canonicals(text: str) -> set[tuple[str, str]]:
    return {(c.type, c.canonical or text[c.start : c.end]) for c in load_rules().find(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日前,常州市武进区总工会召开职工代表座谈会。", ("UNION", "常州市武进区总工会")),
        ("记者从浙江省总工会了解到,今年将继续推进。", ("UNION", "浙江省总工会")),
        ("苏州宏达精密机械有限公司工会开办暑期托管班。", ("UNION", "苏州宏达精密机械有限公司工会")),
        ("会议由中华全国总工会主办。", ("UNION", "中华全国总工会")),
    ],
)
def test_unions(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


def test_union_short_forms_but_not_words_containing_them() -> None:
    assert ("UNION", "县总") in found("县总成立了专项工作组。")
    assert ("UNION", "市总") in found("每年参加省、市总举办的培训班。")
    assert not any(t == "UNION" for t, _ in found("县总体规划已经出台。"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("走进南通海恒纺织股份有限公司生产车间。", ("ENTERPRISE", "南通海恒纺织股份有限公司")),
        ("成功培育常熟新材料(江苏)有限公司等5家省级示范单位。", ("ENTERPRISE", "常熟新材料(江苏)有限公司")),
        ("推动宿迁市中级人民法院开通绿色通道。", ("GOVERNMENT", "宿迁市中级人民法院")),
        ("会同县人社局、财政局等部门开展检查。", ("GOVERNMENT", "县人社局")),
        ("会同县人社局、财政局等部门开展检查。", ("GOVERNMENT", "财政局")),
        ("组织骨干赴南京航空航天大学参加培训。", ("ORGANIZATION", "南京航空航天大学")),
        ("镇江新能源产业研究院牵头制定标准。", ("ORGANIZATION", "镇江新能源产业研究院")),
        ("区总成立集体合同审查领导小组。", ("ORGANIZATION", "集体合同审查领导小组")),
    ],
)
def test_organisations_by_suffix_with_leading_verbs_cut(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


def test_list_of_alliances_expands_to_full_names() -> None:
    got = canonicals("推动成立智能装备、生物医药2个产业链党建联盟。")
    assert ("ORGANIZATION", "智能装备产业链党建联盟") in got
    assert ("ORGANIZATION", "生物医药产业链党建联盟") in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3名职工获评省劳动模范。", ("HONOUR", "省劳动模范")),
        ("今年共有2人获全国五一劳动奖章。", ("HONOUR", "全国五一劳动奖章")),
        ("车间班组获评市工人先锋号。", ("HONOUR", "市工人先锋号")),
        ("3名技术骨干获评常州大工匠。", ("HONOUR", "常州大工匠")),
        ("王海燕光荣当选全国人大代表。", ("HONOUR", "全国人大代表")),
        ("该企业被命名为“江苏省和谐劳动关系示范企业”。", ("HONOUR", "“江苏省和谐劳动关系示范企业”")),
    ],
)
def test_honours(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


def test_honour_level_lists_expand() -> None:
    got = canonicals("12名职工获全国、省、市五一劳动奖章。")
    assert {("HONOUR", "全国五一劳动奖章"), ("HONOUR", "省五一劳动奖章"), ("HONOUR", "市五一劳动奖章")} <= got


def test_quoted_award_titles_after_award_verb() -> None:
    got = found("每年表彰“金牌班组长”“最美职工”等。")
    assert {("HONOUR", "“金牌班组长”"), ("HONOUR", "“最美职工”")} <= got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("实施“暖心驿站”建设工程,服务户外劳动者。", ("PROGRAMME", "“暖心驿站”建设工程")),
        ("持续擦亮“匠心杯”职工技能大赛品牌。", ("PROGRAMME", "“匠心杯”职工技能大赛品牌")),
        ("开展“送清凉”、防暑知识竞赛等各类活动。", ("PROGRAMME", "“送清凉”")),
        ("深入推进产业工人队伍建设改革。", ("PROGRAMME", "产业工人队伍建设改革")),
    ],
)
def test_programmes(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


def test_quoted_slogans_are_not_programmes() -> None:
    got = found("坚持“不求所有、但求所用”的理念,开展“两新”组织覆盖。")
    assert not any(t == "PROGRAMME" for t, _ in got)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市委出台《关于加强新就业形态劳动者权益保障的实施意见》。", ("DOCUMENT", "《关于加强新就业形态劳动者权益保障的实施意见》")),
        ("区总工会制定职工疗休养管理办法。", ("DOCUMENT", "职工疗休养管理办法")),
        ("在微信公众号开设“劳模风采”专栏。", ("DOCUMENT", "“劳模风采”专栏")),
        ("深入学习贯彻党的二十大精神。", ("EVENT", "党的二十大")),
        ("全面宣传中国工会十八大精神。", ("EVENT", "中国工会十八大")),
        ("召开全市职工书屋建设推进会。", ("EVENT", "全市职工书屋建设推进会")),
    ],
)
def test_documents_and_events(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区总工会副主席王立新在会上讲话。", ("PERSON", "王立新")),
        ("区总工会副主席王立新在会上讲话。", ("POSITION", "副主席")),
        (",陈晓光荣当选党的二十大代表。", ("PERSON", "陈晓")),
        ("组建集体合同指导员队伍。", ("POSITION", "集体合同指导员")),
    ],
)
def test_persons_and_positions(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


def test_column_marker_is_not_a_post() -> None:
    assert ("POSITION", "主席") not in found("【主席之声】")


def test_company_short_forms() -> None:
    rs = load_rules()
    assert "海恒" in rs.company_short_forms("南通海恒纺织股份有限公司") or "南通海恒" in rs.company_short_forms(
        "南通海恒纺织股份有限公司"
    )
    assert rs.company_short_forms("江苏瑞丰电子(中国)有限公司")[-1] == "瑞丰"


def test_rules_give_valid_spans_on_public_news_sentences() -> None:
    """Robustness: 1,343 CLUENER dev sentences (real news text) through every rule."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "ner" / "cluener2020" / "dev.json"
    if not path.exists():
        pytest.skip("public NER corpora not found beside the repository")
    rs = load_rules()
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        for c in rs.find(text):
            assert 0 <= c.start < c.end <= len(text), (text, c)


def test_names_starting_with_numerals_keep_them() -> None:
    assert ("UNION", "三六一度(中国)有限公司工会") in found("三六一度(中国)有限公司工会开办托育班。")
    assert ("HONOUR", "淮安市“五一劳动奖章”") in found("会议表彰了2023年度淮安市“五一劳动奖章”获得者。")


def pipeline_mentions(text: str) -> set[tuple[str, str]]:
    """Mentions after the whole entity stage (rules, gazetteer, selection)."""
    from kg.ingest import normalise, repair_page_breaks
    from kg.model import Document
    from kg.nlp.pipeline import get_pipeline

    doc = Document("t.txt", "", text, normalise(text), "utf-8", "")
    doc.repaired, doc.repaired_offsets = repair_page_breaks(doc.norm)
    return {(m.type, m.text) for m in get_pipeline().mentions(doc)}


def test_posts_do_not_cut_through_two_words() -> None:
    assert not any(t == "POSITION" for t, _ in found("比赛在长沙赛区长沙分赛场举行。"))
    assert not any(t == "POSITION" for t, _ in found("有经验的班主任参加了培训。"))
    # a post at the end of a longer dictionary word still counts (任组长)
    assert ("POSITION", "组长") in found("工作专班由分管副县长任组长,每月调度一次。")
    assert ("POSITION", "常务副主席") in found("市总工会常务副主席王海涛出席。")


def test_a_bare_court_needs_a_place_or_level() -> None:
    assert not any(t == "GOVERNMENT" for t, _ in found("协商未果,职工刘某诉至法院。"))
    assert ("GOVERNMENT", "杭州市中级人民法院") in found("案件由杭州市中级人民法院审理。")
    assert ("GOVERNMENT", "西湖区法院") in found("西湖区法院与区总工会建立诉调对接机制。")


def test_students_are_not_universities() -> None:
    assert not any(t == "ORGANIZATION" for t, _ in found("资助困难大学生300余名。"))


def test_organisation_names_start_where_their_place_starts() -> None:
    # the rule's window starts inside the city name; the name extends to the place
    assert ("GOVERNMENT", "武汉市青山区人力资源管理局") in pipeline_mentions("记者来到武汉市青山区人力资源管理局。")
    # words before a government body's place are no part of its name
    assert ("GOVERNMENT", "鼓楼区人社局") in pipeline_mentions("他前往鼓楼区人社局咨询。")
    # ... unless they are a name prefix, and never the verb a trim cut off (会同 县…)
    got = pipeline_mentions("会同县人社局开展检查。")
    assert ("GOVERNMENT", "县人社局") in got and ("GOVERNMENT", "会同县人社局") not in got


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("华兴电子公司总裁郑文博认为,技能人才是企业的底气。", "郑文博"),
        ("市人社局副局长许丽萍介绍,今年新增培训补贴。", "许丽萍"),
        ("黄立新表示,工作室将继续带徒传技。", "黄立新"),
        ("据了解,冯晓东说:“这是我们的第一个专利。”", "冯晓东"),
    ],
)
def test_persons_after_titles_and_before_speech(text: str, name: str) -> None:
    assert ("PERSON", name) in pipeline_mentions(text)


@pytest.mark.parametrize(
    "text",
    [
        "他明确指出,要把职工放在心上。",
        "李师傅说,车间里比以前凉快多了。",
        "区长王明向记者透露,项目年底完工。",
        "张律师表示,劳动合同必须书面签订。",
    ],
)
def test_words_titles_and_kin_terms_are_not_persons(text: str) -> None:
    persons = {n for t, n in pipeline_mentions(text) if t == "PERSON"}
    assert persons <= {"王明"}, persons


def test_numbered_contests_split_at_ji_and_a_year() -> None:
    got = found("近日,江苏省常州市第五届职工技能运动会暨2024年常州技能大赛和2024年常州市重点工程劳动竞赛启动。")
    assert ("PROGRAMME", "江苏省常州市第五届职工技能运动会") in got
    assert ("PROGRAMME", "2024年常州技能大赛") in got
    assert ("PROGRAMME", "2024年常州市重点工程劳动竞赛") in got
    # 和 inside a name stays
    assert ("PROGRAMME", "2024年全省引领性劳动和技能竞赛") in found("启动2024年全省引领性劳动和技能竞赛。")


def test_model_workers_home_titles_are_honours() -> None:
    got = found("该公司工会成功创建市级模范职工之家,车间获评先进职工小家。")
    assert ("HONOUR", "市级模范职工之家") in got and ("HONOUR", "先进职工小家") in got


def test_a_quoted_home_for_workers_is_no_programme() -> None:
    assert not any(t == "PROGRAMME" for t, _ in found("今年将建设职工“小家”,温暖职工大家。"))
    assert ("PROGRAMME", "“金牌工匠”培育计划") in found("前十名纳入“金牌工匠”培育计划,其余选手获证书。")


def test_party_plenums_and_schools() -> None:
    assert ("EVENT", "党的二十届三中全会") in found("深入学习贯彻党的二十届三中全会精神。")
    assert ("ORGANIZATION", "阳光家政培训学校") in found("活动在阳光家政培训学校举行。")


def test_central_organs_are_government() -> None:
    got = found("人力资源社会保障部、全国总工会、国务院国资委联合开展竞赛。")
    assert ("GOVERNMENT", "人力资源社会保障部") in got and ("GOVERNMENT", "国务院国资委") in got
    assert not any(t == "GOVERNMENT" for t, _ in found("全国人大代表王强在车间调研。"))


def test_words_before_a_place_are_no_part_of_the_name() -> None:
    got = pipeline_mentions("这次礼包发放活动是泉州市总工会牵头组织的。")
    assert ("UNION", "泉州市总工会") in got
    got = pipeline_mentions("宣传部部长李明代表市总工会致辞。")
    assert ("UNION", "市总工会") in got
    assert ("GOVERNMENT", "县法院") in pipeline_mentions("分管领导为县法院授牌。")
    assert ("ORGANIZATION", "江西工匠学院") in pipeline_mentions("全力建设江西工匠学院。")
    # a company's union keeps the company's name around its place
    assert ("UNION", "国网江苏省电力有限公司工会") in pipeline_mentions("国网江苏省电力有限公司工会开展活动。")


def test_contest_cups_and_departments_are_no_places_or_persons() -> None:
    got = pipeline_mentions("有关部门同志参加了安康杯竞赛总结会。")
    assert not any(t in ("PLACE", "PERSON") for t, _ in got), got


def test_persons_after_worker_roles_before_any_particle() -> None:
    got = pipeline_mentions("慰问组先后来到困难职工赵红波和困难劳模孙丽家中。")
    assert ("PERSON", "赵红波") in got and ("PERSON", "孙丽") in got


def test_quoted_method_lists_year_campaigns_and_bare_titles() -> None:
    got = found("各地积极探索“双向约谈”、“以大带小”等方法,推进“两个全覆盖”。")
    assert ("PROGRAMME", "“两个全覆盖”") in got
    assert ("PROGRAMME", "2023年金秋助学活动") in found("市总工会启动2023年金秋助学活动。")
    got = found("表彰劳动模范和先进工作者,弘扬劳模精神。")
    assert ("HONOUR", "劳动模范") in got and ("HONOUR", "先进工作者") in got
    assert ("HONOUR", "劳动模范") not in found("劳动模范代表发言。")
    # a quoted question is no programme
    assert not any(t == "PROGRAMME" for t, _ in found("要落实“如何保”,回答“怎么改”。"))
    # generic unions are none
    assert not any(t == "UNION" for t, _ in found("有关自治区产业工会和区重点生产型企业工会参加。"))


def test_studios_named_after_persons_and_studio_designations() -> None:
    got = pipeline_mentions("中铁八局三公司张国强创新工作室、中建五局刘芳劳模创新工作室入选全国劳模工匠创新工作室。")
    assert ("ORGANIZATION", "中铁八局三公司张国强创新工作室") in got
    assert ("ORGANIZATION", "中建五局刘芳劳模创新工作室") in got
    assert ("PERSON", "张国强") in got and ("PERSON", "刘芳") in got
    assert ("ENTERPRISE", "中铁八局三公司") in got and ("ENTERPRISE", "中建五局") in got
    assert ("HONOUR", "全国劳模工匠创新工作室") in got
    # counted or generic studios are no names
    assert not any(t == "ORGANIZATION" for t, _ in found("全省共有9家劳模工匠创新工作室入选。"))


def test_units_inside_companies_and_titles_before_chenghao() -> None:
    got = pipeline_mentions("江西铜业集团股份有限公司冶炼车间甲班获“全国工人先锋号”称号,南昌重工有限公司技术中心获优胜班组称号。")
    assert ("ORGANIZATION", "江西铜业集团股份有限公司冶炼车间甲班") in got
    assert ("ENTERPRISE", "江西铜业集团股份有限公司") in got
    assert ("ORGANIZATION", "南昌重工有限公司技术中心") in got
    assert ("HONOUR", "优胜班组") in got
    # a bare workshop is where something happens, not a named unit
    assert not any(t == "ORGANIZATION" for t, _ in pipeline_mentions("他在南昌重工有限公司装配车间宣讲。"))


def test_names_listed_after_a_title() -> None:
    got = pipeline_mentions("市总工会领导孙永进、王向东、高立国等陪同参加。")
    assert {("PERSON", n) for n in ("孙永进", "王向东", "高立国")} <= got


def test_subdistrict_committees_and_deputy_governors() -> None:
    got = pipeline_mentions("霞山区解放街道党工委副书记、工会主席陈晓燕,常务副省长李明出席。")
    assert ("GOVERNMENT", "霞山区解放街道党工委") in got
    assert ("POSITION", "常务副省长") in got and ("PERSON", "李明") in got


def test_generic_spans_are_no_names() -> None:
    got = pipeline_mentions("最后,王强主席就本次经验交流会发表讲话。企业职工代表100多人参加仪式。")
    assert not any(t == "EVENT" for t, _ in got), got
    got = pipeline_mentions("获“全省技术能手”“全省青年岗位能手”等称号,为全区模范职工之家建设树立标杆。")
    assert ("HONOUR", "“全省技术能手”“全省青年岗位能手”等") not in got
    assert ("HONOUR", "全区模范职工之家") not in got
    assert not any(n == "荣誉" for _, n in pipeline_mentions("荆楚工匠荣誉获得者优先安排。"))


def test_company_names_keep_first_characters_that_jieba_reads_as_words() -> None:
    got = pipeline_mentions("此次我市临商银行股份有限公司被授予奖状,南方锰业集团有限责任公司获评示范企业。")
    assert ("ENTERPRISE", "临商银行股份有限公司") in got
    assert ("ENTERPRISE", "南方锰业集团有限责任公司") in got


def test_ranks_between_post_and_name_and_contests_inside_ceremonies() -> None:
    got = pipeline_mentions("区总工会副主席(正科级)余文超、厅长唐白玉致答谢词。湖南省第二届职业技能大赛闭幕式举行。")
    assert ("PERSON", "余文超") in got and ("PERSON", "唐白玉") in got
    assert ("EVENT", "湖南省第二届职业技能大赛闭幕式") in got
    assert ("PROGRAMME", "湖南省第二届职业技能大赛") in got


def test_event_names_with_quotes_and_brackets_and_region_departments() -> None:
    got = pipeline_mentions("举行全市“户外劳动者服务站点”启动仪式。万州区职工之(小)家授牌仪式在会员之家举行。")
    assert ("EVENT", "全市“户外劳动者服务站点”启动仪式") in got
    assert ("EVENT", "万州区职工之(小)家授牌仪式") in got
    assert ("GOVERNMENT", "自治区人力资源和社会保障厅") in found("由自治区人力资源和社会保障厅主办。")


def test_job_titles_before_names_are_posts() -> None:
    got = pipeline_mentions("宁波精工机械有限公司技术员周远付、模具设计师胡东方获奖章。")
    assert ("POSITION", "技术员") in got and ("POSITION", "设计师") in got
    assert ("PERSON", "周远付") in got and ("PERSON", "胡东方") in got
    assert ("POSITION", "工程师") not in found("他是一名工程师。")


def test_mass_organisations_method_lists_and_autonomous_prefectures() -> None:
    got = pipeline_mentions("省工商联、襄阳市工商联和省企业联合会派员参加。各地积极探索“双要约”、“上代下”、“上参下”等方法。")
    assert {("ORGANIZATION", "省工商联"), ("ORGANIZATION", "襄阳市工商联"), ("ORGANIZATION", "省企业联合会")} <= got
    assert {("PROGRAMME", "“上代下”"), ("PROGRAMME", "“上参下”")} <= got
    from kg.gazetteer import get_gazetteer

    assert [p.name for p in get_gazetteer().lookup("红河州")] == ["红河哈尼族彝族自治州"]


def test_quoted_names_ending_in_a_programme_head_and_hotlines() -> None:
    got = found("依托“赣工暖新平台”等线上渠道,开通12351职工维权热线。")
    assert ("PROGRAMME", "“赣工暖新平台”") in got
    assert ("PROGRAMME", "12351职工维权热线") in got


def test_workers_palaces_and_mutual_aid_offices_and_straight_quoted_levels() -> None:
    got = found("在福州工人文化宫举行,中国职工保险互助会延边办事处参加。")
    assert ("ORGANIZATION", "福州工人文化宫") in got and ("ORGANIZATION", "中国职工保险互助会延边办事处") in got
    assert ("HONOUR", '"全国"') not in found('临商银行被授予全国"五一"劳动奖状。')


def test_quoted_studio_designations_and_master_studios() -> None:
    got = found("命名官林职工创新工作室、侯彩英传统工艺(手艺)大师创新工作室为“江西省传统工艺(手艺)大师创新工作室”。")
    assert ("ORGANIZATION", "官林职工创新工作室") in got
    assert ("ORGANIZATION", "侯彩英传统工艺(手艺)大师创新工作室") in got
    assert ("HONOUR", "“江西省传统工艺(手艺)大师创新工作室”") in got


def test_any_department_of_a_union() -> None:
    got = pipeline_mentions("市总工会经济技术部、市总工会法保部和市总工会干部参加。")
    assert ("UNION", "市总工会经济技术部") in got and ("UNION", "市总工会法保部") in got
    assert ("UNION", "市总工会干部") not in got


def test_names_before_travel_verbs_and_rarer_surnames() -> None:
    got = pipeline_mentions("办事处主任彭相锋赴长白山慰问。段洪涛、惠中正、谢文秀等领导出席。")
    assert {("PERSON", "彭相锋"), ("PERSON", "惠中正"), ("PERSON", "谢文秀")} <= got


def test_courses_and_creation_campaigns() -> None:
    got = found("大力开展劳模和工匠人才创新工作室创建活动。首批新能源汽车维修培训班开班,首批“工匠技师班”70余名学员结业。")
    assert ("PROGRAMME", "劳模和工匠人才创新工作室创建活动") in got
    assert ("PROGRAMME", "新能源汽车维修培训班") in got
    assert ("PROGRAMME", "“工匠技师班”") in got


def test_venues_trade_companies_ranks_and_office_heads() -> None:
    got = pipeline_mentions(
        "总结会在常德市华天大酒店举行。颁奖晚会在宜昌市三峡大剧院隆重举行。"
        "他是承包杭州建工劳务公司的班组长。金山区社区卫生服务中心参加。"
        "县总工会一级调研员、经费审查委员会主任刘红出席;宏远电器有限公司办公室主任谢兵陪同。"
    )
    assert ("ENTERPRISE", "常德市华天大酒店") in got
    assert ("ORGANIZATION", "宜昌市三峡大剧院") in got
    assert ("ENTERPRISE", "杭州建工劳务公司") in got  # the verb before it is cut off
    assert ("ORGANIZATION", "金山区社区卫生服务中心") in got
    assert {("POSITION", "一级调研员"), ("POSITION", "经费审查委员会主任"), ("POSITION", "办公室主任")} <= got
    # a generic service centre or a company of no name is no entity
    assert not any(name.endswith("公司") for _, name in pipeline_mentions("一家劳务公司和这家物业公司都来了。"))
    assert ("ORGANIZATION", "职工服务中心") not in pipeline_mentions("全省县级以上职工服务中心都已建成。")


def test_newspapers_credited_without_title_marks_and_names_after_posts() -> None:
    got = pipeline_mentions("本报讯(扬子晚报记者 王强)据新华日报消息,来源:江苏工人报。")
    assert {("ORGANIZATION", "扬子晚报"), ("ORGANIZATION", "新华日报"), ("ORGANIZATION", "江苏工人报")} <= got
    assert not any(name.startswith(("据", "本报")) for _, name in got)
    # 任 is a surname, but 主任|樊振 is a post and a name
    got = pipeline_mentions("长江精工有限公司研发中心主任樊振等3人获奖。")
    assert ("PERSON", "樊振") in got and ("PERSON", "任樊振") not in got
    # a union's department of propaganda and education is no ministry
    assert ("GOVERNMENT", "教育部") not in pipeline_mentions("市总工会宣传教育部部长刘明出席。")


def test_news_sites_in_datelines_and_source_lines() -> None:
    got = pipeline_mentions("东南网讯 近日,厦门市总工会举行活动。\n来源: 人民网\n本网讯(海峡导报海峡网记者 林明)")
    assert {("ORGANIZATION", "东南网"), ("ORGANIZATION", "人民网"), ("ORGANIZATION", "海峡网")} <= got
    assert ("ORGANIZATION", "荆楚网襄阳站") in pipeline_mentions("荆楚网襄阳站5月2日讯 襄阳市总工会召开会议。")
    # the site itself ("本网") and words ending in 网 in running text are no names
    got = pipeline_mentions("本网讯 他在互联网上报名,国家电网也参加了。")
    assert not any(name.endswith("网") for _, name in got)


def test_may_day_awards_team_leaders_and_professional_firms() -> None:
    got = pipeline_mentions("今年共有28人获得全国五一劳动奖,另有40人获得广东省五一劳动奖。")
    assert {("HONOUR", "全国五一劳动奖"), ("HONOUR", "广东省五一劳动奖")} <= got
    got = pipeline_mentions("华菱钢铁股份有限公司班长李强、广州正平律师事务所和立信会计师事务所参加。")
    assert {("POSITION", "班长"), ("PERSON", "李强"), ("ENTERPRISE", "广州正平律师事务所")} <= got
    assert ("ENTERPRISE", "立信会计师事务所") in got
    # the title a second award verb confers, not the whole clause from the first one
    got = pipeline_mentions("获得全市竞赛一等奖的5名选手还被授予“市技术能手”称号和“宜都五一劳动奖章”。")
    assert ("HONOUR", "“市技术能手”") in got and not any(n.startswith("全市竞赛") for _, n in got)
    # the medal and the certificate keep their own names
    assert ("HONOUR", "全国五一劳动奖章") in pipeline_mentions("他荣获全国五一劳动奖章。")


def test_people_elected_to_posts_and_lists_of_described_names() -> None:
    got = pipeline_mentions("会议推选傅国强为第一书记,萧红梅、阎立新、洪小军为书记处书记。")
    assert {("PERSON", n) for n in ("傅国强", "萧红梅", "阎立新", "洪小军")} <= got
    assert ("POSITION", "第一书记") in got
    got = pipeline_mentions("获奖的3人分别为:市职业学院教师何杨、个体劳动者巨文杰、华星公司技术员黄丽丽。")
    assert {("PERSON", "何杨"), ("PERSON", "巨文杰"), ("PERSON", "黄丽丽")} <= got
    assert ("PERSON", "师何杨") not in got  # 教师 is one word
    # lists of places, units or works name nobody
    assert not any(t == "PERSON" for t, _ in pipeline_mentions("江西、湖南、广东为全国先进省份。"))
    assert not any(t == "PERSON" for t, _ in pipeline_mentions("三个项目分别是:道路改造、河道整治、公园建设。"))


def test_standing_committees_and_union_stations_named_in_a_clause() -> None:
    got = pipeline_mentions("临海市人大常委会委员、临海市总工会主席王芳出席。")
    assert ("GOVERNMENT", "临海市人大常委会") in got and ("GOVERNMENT", "临海市人大") not in got
    assert ("GOVERNMENT", "市人大") not in pipeline_mentions("市人大代表王明发言。")
    # 为…增设两家工会驿站 is what a city did, not a union's name
    assert not any(t == "UNION" for t, _ in pipeline_mentions("普兰店市为环卫工人增设两家工会驿站"))


def test_a_place_that_jieba_reads_as_an_adverb_starts_a_name() -> None:
    # jieba's dictionary tags 大连 as an adverb ("even"); as a place it is the name's start
    assert ("ENTERPRISE", "大连新闻传媒集团") in pipeline_mentions("大连新闻传媒集团成立。")


def test_numbered_sessions_of_congresses_and_committees() -> None:
    got = pipeline_mentions("在开幕的临海市第十七届人民代表大会第四次会议上,市长作报告。")
    assert ("EVENT", "临海市第十七届人民代表大会第四次会议") in got
    got = pipeline_mentions("省总工会第十五届执行委员会第三次全体会议在杭州召开。")
    assert ("EVENT", "省总工会第十五届执行委员会第三次全体会议") in got
    got = pipeline_mentions("在年底召开的临海市政府与临海市总工会联席会议上,专题研究产改。")
    assert ("EVENT", "临海市政府与临海市总工会联席会议") in got
    assert not any(n.endswith("联席会议") and "召开" in n for _, n in pipeline_mentions("县人民法院和县总工会召开联席会议。"))


def test_names_after_a_role_followed_by_adverbs_and_verbs_of_service() -> None:
    got = pipeline_mentions("11月,律师钱立新代理9位农民工提起诉讼。工会干部王正刚说,律师张立群一直在帮忙。")
    assert {("PERSON", "钱立新"), ("PERSON", "王正刚"), ("PERSON", "张立群")} <= got
    assert ("PERSON", "王正") not in got


def test_quoted_may_day_honours_plants_bonded_zones_and_naming_ceremonies() -> None:
    got = pipeline_mentions("他先后获得全国“五一”劳动奖章、市“五一”劳动奖章。国电宁波电厂、镇海炼化等单位参加。")
    assert {("HONOUR", "全国“五一”劳动奖章"), ("HONOUR", "市“五一”劳动奖章")} <= got
    assert {("ENTERPRISE", "镇海炼化"), ("ENTERPRISE", "国电宁波电厂")} <= got
    got = pipeline_mentions("首届宁波工匠命名仪式举行。项目位于梅山综合保税区。")
    assert ("EVENT", "首届宁波工匠命名仪式") in got and ("PLACE", "梅山综合保税区") in got


def test_levels_joined_by_or_and_the_state_council_allowance() -> None:
    got = found("其中有享受国务院特殊津贴专家、全国或省级劳动模范。")
    assert {("HONOUR", "国务院特殊津贴"), ("HONOUR", "省级劳动模范")} <= got
    assert ("HONOUR", "全国劳动模范") in canonicals("其中有享受国务院特殊津贴专家、全国或省级劳动模范。")


def test_company_branches() -> None:
    got = pipeline_mentions("华光电气输配电分公司获得省五一劳动奖状,各分公司积极参与。")
    assert ("ENTERPRISE", "华光电气输配电分公司") in got
    assert not any(name.endswith("各分公司") or name == "各分公司" for _, name in got)


def test_news_agencies_in_datelines_and_credits() -> None:
    got = pipeline_mentions("中新社广州3月8日电 广东省总工会当天举行表彰大会。据新华社记者报道,会议持续一天。")
    assert {("ORGANIZATION", "中新社"), ("ORGANIZATION", "新华社")} <= got
    assert not any(name.endswith("社") for _, name in pipeline_mentions("全村成立了农民专业合作社。"))


def test_numbered_union_committees() -> None:
    got = pipeline_mentions("会议选举产生了海门区物流行业工会联合会第一届委员会。")
    assert ("UNION", "海门区物流行业工会联合会第一届委员会") in got  # 联合|会 is no verb 联合
    got = pipeline_mentions("云南省总工会第十二届执行委员会召开全体会议。")
    assert ("UNION", "云南省总工会第十二届执行委员会") in got
    # standing bodies of a union, but not the posts named after them
    got = pipeline_mentions("云南省总工会主席团由主席、副主席和主席团委员组成,省总工会书记处负责日常工作。")
    assert {("UNION", "云南省总工会主席团"), ("UNION", "省总工会书记处")} <= got
    assert ("UNION", "中华全国总工会办公厅") in pipeline_mentions("中华全国总工会办公厅印发通知。")
    assert ("UNION", "云南省总工会主席团委员") not in got


def test_cooperatives_work_reports_and_names_after_verbs_of_acting() -> None:
    got = pipeline_mentions("县供销合作社联合社和横山金穗种植专业合作社参加了活动。")
    assert {("ORGANIZATION", "县供销合作社联合社"), ("ENTERPRISE", "横山金穗种植专业合作社")} <= got
    got = pipeline_mentions("宜宾市市长代表宜宾市人民政府作政府工作报告。")
    assert {("GOVERNMENT", "宜宾市人民政府"), ("DOCUMENT", "政府工作报告")} <= got
    # 为 and 代表 start no name, but 代表大会 and 代表座谈会 are names' heads
    got = pipeline_mentions("镇长李强为城关镇总工会揭牌。随后召开城关镇第三届人民代表大会第二次会议。")
    assert ("UNION", "城关镇总工会") in got and ("UNION", "李强为城关镇总工会") not in got
    assert ("EVENT", "城关镇第三届人民代表大会第二次会议") in got
    assert ("EVENT", "庆祝五一国际劳动节劳模代表座谈会") in pipeline_mentions("市总工会召开庆祝五一国际劳动节劳模代表座谈会。")


def test_award_lists_of_people_with_their_employers() -> None:
    got = pipeline_mentions("被命名为“晋江名匠”的有华泰电子有限公司郑文彬、东南电器有限公司王立和晋江通达有限公司林涛等3人。")
    assert {("PERSON", "郑文彬"), ("PERSON", "王立"), ("PERSON", "林涛")} <= got
    assert ("ENTERPRISE", "华泰电子有限公司") in got  # 的有 starts no name


def test_district_unions_and_names_before_posts() -> None:
    got = pipeline_mentions("滨海新区工会李建国主席,在开发区工会有关负责人的陪同下走访企业。各区工会要加强帮扶。")
    assert {("UNION", "滨海新区工会"), ("UNION", "开发区工会"), ("PERSON", "李建国")} <= got
    assert not any(name.endswith("区工会") and name.startswith("各") for _, name in got)
    assert ("UNION", "西安社区工会") not in pipeline_mentions("同安区总工会在西安社区工会驿站开展活动。")


def test_discipline_and_branch_party_posts() -> None:
    got = pipeline_mentions("宜昌市技师学院党总支书记、院长刘明出席。华新建设有限公司纪工委书记、工会工委主任王强讲话。")
    assert {("POSITION", "党总支书记"), ("POSITION", "纪工委书记"), ("POSITION", "工会工委主任")} <= got
    assert {("PERSON", "刘明"), ("PERSON", "王强")} <= got


def test_contests_named_with_a_span_of_years() -> None:
    got = pipeline_mentions("市总工会在人民广场共同举办曲靖市2019―2020年度重点工程项目劳动竞赛启动仪式。")
    assert ("PROGRAMME", "曲靖市2019―2020年度重点工程项目劳动竞赛") in got
    assert ("PROGRAMME", "2019-2020年度职工技能竞赛") in pipeline_mentions("全面开展2019-2020年度职工技能竞赛。")


def test_workers_named_after_their_employer_and_names_before_a_shared_post() -> None:
    got = pipeline_mentions("刘洋、陈静副主席一行来到华新化学有限公司职工赵立军家,又看望了长江股份公司员工孙海。")
    assert {("PERSON", "刘洋"), ("PERSON", "陈静"), ("PERSON", "赵立军"), ("PERSON", "孙海")} <= got
    assert ("ENTERPRISE", "长江股份公司") in got
    assert not any(t == "PERSON" for t, _ in pipeline_mentions("公司职工代表大会审议通过了方案。"))


def test_craftsman_titles_and_verbs_of_assigning_are_not_names() -> None:
    got = pipeline_mentions("培养产业工人和工匠大师,厚植工匠文化。市总工会当即指派市农民工维权中心介入,30名学员进入工匠学院学习。")
    assert not any(t == "HONOUR" for t, _ in got)
    assert ("ORGANIZATION", "市农民工维权中心") in got
    assert not any(name.startswith(("当即", "30名")) for _, name in got)
    assert ("HONOUR", "衢州工匠") in pipeline_mentions("他被评为衢州工匠。")


def test_years_and_firsts_start_no_name() -> None:
    got = pipeline_mentions("省总工会对2018年河南省五一劳动奖获得者进行表彰。台州首家物流行业工会联合会成立。")
    assert ("HONOUR", "河南省五一劳动奖") in got and ("HONOUR", "年河南省五一劳动奖") not in got
    assert ("UNION", "物流行业工会联合会") in got


def test_the_party_and_government_is_no_body() -> None:
    assert not any(t == "GOVERNMENT" for t, _ in pipeline_mentions("把新区党和政府的关爱送到职工心坎上。"))


def test_town_party_committees() -> None:
    got = pipeline_mentions("城关镇委书记、镇长王林出席。城关镇委员会委员李明参加。")
    assert ("GOVERNMENT", "城关镇委") in got
    assert not any(name.startswith("城关镇委员") for _, name in got)


def test_contests_named_by_a_quoted_slogan() -> None:
    got = pipeline_mentions("由市总工会主办的“抓质量、保安全、促发展”劳动竞赛启动仪式在工地举行。")
    assert ("PROGRAMME", "“抓质量、保安全、促发展”劳动竞赛") in got
    assert ("EVENT", "“抓质量、保安全、促发展”劳动竞赛启动仪式") in got


def test_every_match_of_a_rule_holds_one_of_the_words_it_requires() -> None:
    """`requires` skips texts without those words; it must never skip a text with a match."""
    from pathlib import Path

    text = next(Path(__file__).parent.parent.joinpath("data", "samples").glob("*.txt")).read_text(encoding="utf-8")
    checked = 0
    for rule in load_rules().rules:
        if not rule.requires:
            continue
        for m in rule.regex.finditer(text):
            assert any(word in m.group(0) for word in rule.requires), (rule.name, m.group(0))
            checked += 1
    assert checked >= 20
    # and a text without them is skipped
    assert not found("他在车间工作了三十年。")


def test_a_town_where_something_is_held() -> None:
    assert ("PLACE", "城关镇") in pipeline_mentions("户外劳动者“爱心驿站”在城关镇举行揭牌仪式。")
    assert not any(t == "PLACE" for t, _ in pipeline_mentions("他在镇上工作。"))


def test_visits_former_names_and_unit_numerals_start_no_name() -> None:
    got = pipeline_mentions("县总工会召开新就业形态劳动者大慰问大走访工作座谈会。")
    assert ("EVENT", "新就业形态劳动者大慰问大走访工作座谈会") in got  # 慰问, 走访 stay inside names
    got = pipeline_mentions("调研组一行前往湖南顺达物流有限公司调研。")
    assert ("ENTERPRISE", "湖南顺达物流有限公司") in got
    assert not any(name.startswith("前往") for _, name in got)
    got = pipeline_mentions("昔日的原泉州宏大集团仓库被改建为职工书屋。")
    assert ("ENTERPRISE", "泉州宏大集团") in got
    assert ("UNION", "原平市总工会") in pipeline_mentions("原平市总工会召开会议。")  # 原平 is one word
    assert ("UNION", "一〇二团总工会") in found("一〇二团总工会承办启动仪式。")


def test_no_person_inside_a_word_and_said_with_cheng() -> None:
    got = pipeline_mentions("中心将加强对职工人文关怀、心理疏导等工作。")
    assert not any(t == "PERSON" for t, _ in got)
    got = pipeline_mentions("某市总工会副主席邝晓兵称,这是一次有益探索。")
    assert ("PERSON", "邝晓兵") in got


def test_a_post_is_no_place_and_ceremonies_exclude_who_chairs_them() -> None:
    got = pipeline_mentions("副县长蒲建林主持劳动竞赛启动仪式。")
    assert ("PERSON", "蒲建林") in got
    assert not any("蒲建林" in name or name.startswith("持") for t, name in got if t in ("PROGRAMME", "EVENT"))
    # a contest named after a place still reads
    assert ("PROGRAMME", "桃源县第三届职工技能竞赛") in found("由工会主办的桃源县第三届职工技能竞赛开幕。")


def test_a_university_one_gets_into_is_no_organisation() -> None:
    got = found("为新考入大学的困难职工子女发放助学金,向考取大学的学子表示祝贺。")
    assert not any(t == "ORGANIZATION" for t, _ in got)
    assert ("ORGANIZATION", "湘南职业技术学院") in found("湘南职业技术学院开展培训。")


def test_news_sites_with_their_apps_and_messages() -> None:
    assert ("ORGANIZATION", "湘江网时刻新闻") in found("湘江网时刻新闻5月2日讯 昨日,县总工会举行仪式。")
    assert ("ORGANIZATION", "龙城网") in found("龙城网消息 1月7日,县总工会开展慰问。")


def test_a_party_committee_before_its_post_is_still_a_body() -> None:
    # the place before 委 heads a government body; only a post (县长) ends no place
    assert ("GOVERNMENT", "中共泉州市委") in found("中共泉州市委常委、总工会主席林立出席。")
    assert ("GOVERNMENT", "宁远县委") in found("宁远县委召开全会。")


def test_titles_after_a_year_or_level_ceremonies_of_joining_and_hospitals() -> None:
    got = found("该驿站被省总工会确认为2023年“最美职工爱心驿站”。")
    assert ("HONOUR", "“最美职工爱心驿站”") in got
    assert ("HONOUR", "“金牌调解员”") in found("她获评全国“金牌调解员”。")
    assert ("EVENT", "快递员集中入会仪式") in found("县总工会举办快递员集中入会仪式。")
    got = found("来自丰源中心医院、某某县兴达建材有限公司的职工代表参加仪式。")
    assert ("ORGANIZATION", "丰源中心医院") in got
    # a hospital one goes to is no name
    assert not any(t == "ORGANIZATION" for t, _ in found("他被送到医院治疗,工友们赶到医院看望他。"))
    assert not any(t == "ORGANIZATION" for t, _ in found("同时利用医院“互联网+医疗”平台。"))


def test_names_before_a_count_of_people_and_a_profiles_subject() -> None:
    got = pipeline_mentions("职工们聆听了郝建秋、屠文杰两位劳模的事迹宣讲。")
    assert {("PERSON", "郝建秋"), ("PERSON", "屠文杰")} <= got  # 屠 is a surname too
    got = pipeline_mentions("宣讲结束。邸红梅是某某化工有限公司生产部主任。")
    assert ("PERSON", "邸红梅") in got
    assert not any(t == "PERSON" for t, _ in pipeline_mentions("他说这是公司的主任。"))


def test_a_title_conferred_by_shou_yu_starts_past_the_verb() -> None:
    got = found("12人被授予湖滨省五一劳动奖章。")
    assert ("HONOUR", "湖滨省五一劳动奖章") in got
    assert not any(name.startswith("予") for _, name in got)


def test_provincial_congresses_and_bodies_before_their_chairman() -> None:
    got = pipeline_mentions("大会贯彻中共省九大精神,总结了市工会五大以来的工作。")
    assert {("EVENT", "中共省九大"), ("EVENT", "市工会五大")} <= got
    assert not any(name.startswith("总结") for _, name in got)
    got = found("市政协主席郑一鸣,市人大、市纪检委等领导同志出席。")
    assert {("GOVERNMENT", "市政协"), ("GOVERNMENT", "市纪检委"), ("PERSON", "郑一鸣")} <= got
    assert ("GOVERNMENT", "县人大") not in found("县人大主席团举行会议。")


def test_a_newspaper_in_a_meta_line() -> None:
    assert ("ORGANIZATION", "江城日报") in found("2019-05-06|来源:江城日报|编辑:韩梅")


def test_numbered_companies_and_their_specialised_companies() -> None:
    got = pipeline_mentions("湖滨电建二公司安装公司技术员王明说,中建八局三公司承建了该项目。")
    assert {("ENTERPRISE", "湖滨电建二公司安装公司"), ("ENTERPRISE", "湖滨电建二公司"), ("ENTERPRISE", "中建八局三公司")} <= got
    assert not any(t == "ENTERPRISE" and "的" in name for t, name in pipeline_mentions("一公司的分公司开业。"))


def test_a_companys_own_company_sanatoriums_and_posts_between_companies() -> None:
    got = pipeline_mentions("王亮是湖滨铝业股份有限公司源丰碳素公司成型车间副主管。")
    assert {("ENTERPRISE", "湖滨铝业股份有限公司源丰碳素公司"), ("ENTERPRISE", "湖滨铝业股份有限公司")} <= got
    assert ("ORGANIZATION", "湖滨温泉职工疗养院") in found("活动在湖滨温泉职工疗养院举行。")
    got = found("宏达科技有限公司董事长兼湖滨物流公司总经理王明出席。")
    assert ("ENTERPRISE", "湖滨物流公司") in got
    assert not any("董事长" in name for t, name in got if t == "ENTERPRISE")


def test_banks_and_their_branches() -> None:
    got = found("工商银行湖滨分行、建设银行东关支行和湖滨农商银行捐赠了物资,他去银行办事。")
    assert {("ENTERPRISE", "工商银行湖滨分行"), ("ENTERPRISE", "建设银行东关支行"), ("ENTERPRISE", "湖滨农商银行")} <= got
    assert len([t for t, _ in got if t == "ENTERPRISE"]) == 3


def test_studios_named_after_a_name_jieba_does_not_know() -> None:
    got = pipeline_mentions("这5家工作室分别是黄跃波工匠创新工作室、孙锡武劳模创新工作室。")
    assert ("PERSON", "黄跃波") in got
    assert not any(name.startswith("波") for _, name in got)


def test_who_leads_a_delegation_holds_an_honour_or_is_anonymised() -> None:
    got = pipeline_mentions("开发区总工会副主席杨一帆率昆山开发区总工会一行到访。")
    assert {("PERSON", "杨一帆"), ("UNION", "昆山开发区总工会")} <= got
    got = pipeline_mentions("全国五一劳动奖章代表邝立新领取劳动竞赛金钥匙。")
    assert ("PERSON", "邝立新") in got
    assert not any(t == "PROGRAMME" and "邝立新" in name for t, name in got)
    assert not any(t == "PERSON" for t, _ in pipeline_mentions("工人钟某表示,工资已到账。"))


def test_a_visit_starts_no_place_but_a_research_office_keeps_its_name() -> None:
    got = found("代表团参观调研东山七里河工业园区。")
    assert ("PLACE", "东山七里河工业园区") in got
    assert not any(name.startswith(("调研", "参观")) for _, name in got)
