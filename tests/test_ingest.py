"""Ingest: encodings, normalisation, page-break repair, article split, bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.ingest import iter_documents, read_document, split_articles
from kg.model import IngestError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "000_b633644a5aba3e41.txt"
TEXT = "今年以来,泰州市总工会深入推进产业工人队伍建设改革,举办职工技能大赛。\n"


@pytest.mark.parametrize(
    ("encoding", "data_of"),
    [
        ("utf-8", lambda t: t.encode("utf-8")),
        ("utf-8-sig", lambda t: t.encode("utf-8-sig")),
        ("gb18030", lambda t: t.encode("gbk")),
        ("utf-16-le", lambda t: b"\xff\xfe" + t.encode("utf-16-le")),
        ("utf-16-be", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, data_of) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data_of(TEXT))
    doc = read_document(path)
    assert doc.text == TEXT
    assert doc.encoding == encoding


def test_big5_traditional_text_is_normalised_with_offsets_unchanged(tmp_path: Path) -> None:
    traditional = "臺灣省總工會舉辦勞動節表彰會議,表揚優秀職工。\n"
    path = tmp_path / "big5.txt"
    path.write_bytes(traditional.encode("big5"))
    doc = read_document(path)
    assert doc.encoding == "big5"
    assert doc.text == traditional
    assert len(doc.norm) == len(doc.text)
    assert "总工会" in doc.norm and "举办" in doc.norm and "职工" in doc.norm
    i = doc.norm.index("总工会")
    assert doc.text[i : i + 3] == "總工會"


def test_full_width_forms_are_folded_for_matching(tmp_path: Path) -> None:
    path = tmp_path / "fw.txt"
    path.write_text("华光电子（苏州）有限公司，２０２３年。\n", encoding="utf-8")
    doc = read_document(path)
    assert "华光电子(苏州)有限公司,2023年" in doc.norm
    assert doc.text.startswith("华光电子（苏州）")


def test_page_break_inside_a_word_is_repaired_without_moving_offsets(tmp_path: Path) -> None:
    body = "区总工会每年开展职工技能培训和劳动竞赛等各类活动,引导企业与职业院校开展合作,鼓励职工提升学历和技能水平,开展各类培训宣讲活\n\n动,指导企业开展合作。\n"
    path = tmp_path / "pb.txt"
    path.write_text(body, encoding="utf-8")
    doc = read_document(path)
    assert "宣讲活动,指导" in doc.repaired
    start = doc.repaired.index("宣讲活动")
    span = doc.to_original(start, start + 4)
    assert doc.text[span.start : span.end] == "宣讲活\n\n动"
    assert doc.text == body


def test_heading_and_short_lines_are_not_joined(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_text("# 标题一行\n\n正文开始。\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.repaired == doc.norm


def test_article_split_with_trailing_title_and_byline() -> None:
    text = (
        "【基层动态】\n\n# 第一篇标题\n\n泰州市总工会 王小明\n\n第一篇的正文内容,讲述了很多事情。\n\n"
        "【履职手记】\n\n第二篇的正文先出现,后面才是标题和作者。\n\n小编说:编辑的点评。\n\n"
        "# 第二篇标题\n\n宿迁市总工会 李四\n\n"
        "【他山之石】\n\n# 第三篇\n\n正文。来源:《工人日报》\n\n"
        "### 图片新闻标题\n\n日前,职工在车间学习。张华 摄\n"
    )
    arts = split_articles(text)
    assert [a.title for a in arts] == ["第一篇标题", "第二篇标题", "第三篇", "图片新闻标题"]
    assert [a.column for a in arts] == ["基层动态", "履职手记", "他山之石", None]
    assert arts[0].bylines[0].person == "王小明" and arts[0].bylines[0].affiliation == "泰州市总工会"
    second = arts[1]
    assert second.bylines[0].person == "李四"
    assert second.span.start < text.index("第二篇的正文") < text.index("李四") < second.span.end
    assert arts[2].bylines[0].role == "source" and arts[2].bylines[0].affiliation == "《工人日报》"
    assert arts[3].kind == "photo-news" and arts[3].bylines[0].person == "张华"
    for art in arts:
        if art.title_span:
            assert text[art.title_span.start : art.title_span.end] == art.title
        for by in art.bylines:
            if by.person_span:
                assert text[by.person_span.start : by.person_span.end] == by.person


def test_sample_issue_has_five_articles() -> None:
    doc = read_document(SAMPLE)
    assert len(doc.articles) == 5
    authors = [[b.person for b in a.bylines if b.person] for a in doc.articles]
    assert all(authors[i] for i in (0, 1, 3, 4))
    assert doc.articles[2].bylines[0].role == "source"
    assert doc.articles[3].kind == "photo-news"


def test_html_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>标题</title><script>var x='不要';</script></head>"
        "<body><h1>新闻标题</h1><p>区总工会召开会议。</p></body></html>",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert "区总工会召开会议。" in doc.text and "不要" not in doc.text
    assert any(a.title == "新闻标题" for a in doc.articles)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("nul.txt", b"\x80\x81\xfd\xfe" * 3 + b"\x00abc", "binary"),
        ("undecodable.txt", bytes([0x81, 0x30, 0xFF, 0xFF, 0x9F, 0xFE, 0x80, 0xFF] * 40), "undecodable"),
    ],
)
def test_bad_input_is_reported_with_file_and_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert name in str(err.value) and reason in err.value.reason


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 10, encoding="utf-8")
    with pytest.raises(IngestError, match="too large"):
        read_document(path, max_bytes=100)


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    link = tmp_path / "broken.txt"
    os.symlink(tmp_path / "nowhere", link)
    with pytest.raises(IngestError):
        read_document(link)
    with pytest.raises(IngestError, match="folder"):
        read_document(tmp_path)


def test_iter_documents_goes_on_after_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    items = list(iter_documents([tmp_path]))
    assert [type(i).__name__ for i in items] == ["IngestError", "Document", "IngestError"]
    assert items[1].doc_id == "b_good.txt"


def test_credit_lines_give_one_byline_per_person() -> None:
    from kg.ingest import _credit_line

    got = _credit_line("本报记者 张晓红 通讯员 李明", 100)
    assert [(b.person, b.person_span.start) for b in got] == [("张晓红", 105), ("李明", 113)]
    assert _credit_line("日前,福建省总工会在全省工会提升职工生活品质试点工作现场交流会上提出", 0) == []
    assert _credit_line("图/王小明", 0)[0].role == "photographer"
    # text and photos by one person: the role words are no name
    assert [b.person for b in _credit_line("文/摄影 孙诗颖", 0)] == ["孙诗颖"]
    assert [b.person for b in _credit_line("文/图 王小明", 0)] == ["王小明"]
    # a name before the first role of a credit is an author too
    assert [(b.person, b.role) for b in _credit_line("刘洋 记者 陈静", 0)] == [("刘洋", "author"), ("陈静", "author")]
    # two names printed without a break: five or six characters are never one name
    got = _credit_line("图/孙晓峰李健", 10)
    assert [(b.person, b.person_span.start) for b in got] == [("孙晓峰", 12), ("李健", 15)]
    assert _credit_line("图/一二三四五", 0) == []  # no surnames, no names


def test_inline_credit_at_the_head_of_the_body() -> None:
    text = "# 标题\n\n本报讯（记者 刘菲 通讯员 王强）近日,某省总工会印发通知。\n"
    arts = split_articles(text)
    assert [(b.person, b.role) for b in arts[0].bylines] == [("刘菲", "author"), ("王强", "author")]
    for b in arts[0].bylines:
        assert text[b.person_span.start : b.person_span.end] == b.person


def test_a_news_files_first_line_is_its_headline_and_credits_open_the_body() -> None:
    from kg.ingest import split_articles

    text = "全市职工技能大赛开幕\n\n本报讯 (首席记者 王丽 通讯员 陈刚) 5月8日,全市职工技能大赛开幕。\n"
    art = split_articles(text)[0]
    assert art.title == "全市职工技能大赛开幕"
    assert [(b.person, b.role) for b in art.bylines] == [("王丽", "author"), ("陈刚", "author")]
    # an outlet before unbracketed credits
    text = "全市职工技能大赛开幕\n\n某某日报客户端 记者 王丽 实习生 赵敏 近日,全市职工技能大赛开幕。\n"
    assert [b.person for b in split_articles(text)[0].bylines] == ["王丽", "赵敏"]
    # a first line that is a sentence is no headline
    assert split_articles("5月8日,全市职工技能大赛开幕。\n\n比赛持续三天。\n")[0].title is None
    # web headlines may exclaim
    text = "赞!县总工会为农民工跨省讨薪\n\n近日,县总工会帮助农民工讨回工资。\n"
    assert split_articles(text)[0].title == "赞!县总工会为农民工跨省讨薪"


def test_credits_after_the_last_sentence_and_author_lines() -> None:
    from kg.ingest import split_articles

    art = split_articles("五家工作室入选全国名单\n\n给予国家级认可与专项支持。(李明 王海燕)\n")[0]
    assert [(b.person, b.role) for b in art.bylines] == [("李明", "author"), ("王海燕", "author")]
    art = split_articles("工作室揭牌成立\n\n作者:陈立、周敏\n\n正文在此。\n")[0]
    assert [b.person for b in art.bylines] == ["陈立", "周敏"]
    # a bracketed remark is no credit
    assert split_articles("办法出台\n\n省里出台了新办法。(试行)\n")[0].bylines == []
    # alone on the last line, two names glued together; a role inside still reads as a role
    art = split_articles("县总工会为农民工讨薪\n\n县总工会讨回工资。\n\n(程朝龙沈小俊)\n")[0]
    assert [b.person for b in art.bylines] == ["程朝龙", "沈小俊"]
    assert [b.person for b in split_articles("名单公布\n\n共有432人获奖。(记者陈小平)\n")[0].bylines] == ["陈小平"]


def test_editors_outlets_and_a_single_trailing_writer() -> None:
    from kg.ingest import split_articles

    art = split_articles("经验交流会召开\n\n某市总工会网讯(图文/谭明、肖龙 编辑/林珊)为推动职工之家建设。\n")[0]
    assert [(b.person, b.role) for b in art.bylines] == [("谭明", "photographer"), ("肖龙", "photographer"), ("林珊", "editor")]
    art = split_articles("经验交流会召开\n\n某县融媒体记者 李华 通讯员 付珊 文\n\n正文在此。\n")[0]
    assert [b.person for b in art.bylines] == ["李华", "付珊"]
    art = split_articles("救助金发放\n\n《工人日报》(2012年01月17日 002版)\n本报讯 (记者高柱 通讯员吕丹)某市总工会日前举行仪式。\n")[0]
    assert [b.person for b in art.bylines] == ["高柱", "吕丹"]
    art = split_articles("母婴室通过验收\n\n维护好女职工合法权益。(邱碧莹)\n")[0]
    assert [b.person for b in art.bylines] == ["邱碧莹"]


def test_a_dateline_first_is_no_headline() -> None:
    from kg.ingest import split_articles

    assert split_articles("2023年5月10日 星期三\n\n市总工会召开会议。\n")[0].title is None


def test_unbracketed_credits_after_the_lead_with_listed_names() -> None:
    from kg.ingest import split_articles

    text = "工匠学院揭牌成立\n\n本报讯 记者李凡 通讯员徐冬云、姚磊报道 日前,工匠学院正式揭牌成立。\n"
    assert [b.person for b in split_articles(text)[0].bylines] == ["李凡", "徐冬云", "姚磊"]


def test_credits_with_roles_after_the_last_sentence_and_spaced_names() -> None:
    from kg.ingest import split_articles

    art = split_articles("表彰大会召开\n\n会议要求抓好落实。(江南日报 记者吴海、通讯员郑丽)\n")[0]
    assert [(b.person, b.role) for b in art.bylines] == [("吴海", "author"), ("郑丽", "author")]
    text = "座谈会召开\n副标题在此\n\n本报讯(江城晚报全媒体记者 冯  岚 通讯员 王红星) 4月27日下午,我市召开座谈会。\n"
    art = split_articles(text)[0]
    assert [b.person for b in art.bylines] == ["冯岚", "王红星"]
    spaced = art.bylines[0].person_span
    assert text[spaced.start : spaced.end] == "冯  岚"
    # a remark in brackets after the last sentence credits nobody
    assert split_articles("办法出台\n\n省里出台了办法。(详见附件)\n")[0].bylines == []


def test_a_long_line_ending_in_its_source_is_no_broken_sentence() -> None:
    from kg.ingest import repair_page_breaks

    text = "www.example.cn 2016-11-06 14:56:05 来源: 中工网 浏览次数: 1024 字号: 大 中 小 来源: 中工网\n\n中工网讯 近日,县总工会召开会议。"
    repaired, _ = repair_page_breaks(text)
    assert repaired == text


def test_a_reposts_original_headline_and_bracketed_or_colon_credits() -> None:
    from kg.ingest import split_articles

    text = "原标题:某市老厂房变身职工书屋\n\n某市老厂房4日起成为职工书屋。\n"
    art = split_articles(text)[0]
    assert art.title == "某市老厂房变身职工书屋"
    assert text[art.title_span.start : art.title_span.end] == art.title
    # a credit line in brackets, and a role written with a colon
    art = split_articles("书屋开放\n\n书屋今日开放。\n[责任编辑:韩梅]\n")[0]
    assert [(b.person, b.role) for b in art.bylines] == [("韩梅", "editor")]
    art = split_articles("书屋开放\n\n书屋今日开放。\n  通讯员:鲍立新\n")[0]
    assert [(b.person, b.role) for b in art.bylines] == [("鲍立新", "author")]
    # a body credited as the author is no person
    art = split_articles("书屋开放\n\n作者:工会\n\n书屋今日开放。\n")[0]
    assert [b.person for b in art.bylines] == []


def test_a_meta_line_of_fields_and_a_marked_author_line() -> None:
    from kg.ingest import split_articles

    text = "9人获省劳动奖章\n\n2019-05-06 10:20:11|来源:某省日报|编辑:韩梅|责编:苗立\n\n日前,名单公布。\n"
    art = split_articles(text)[0]
    assert art.title == "9人获省劳动奖章"
    assert [(b.person, b.role) for b in art.bylines if b.person] == [("韩梅", "editor"), ("苗立", "editor")]
    source = next(b for b in art.bylines if b.role == "source")
    assert source.affiliation == "某省日报"
    assert text[source.affiliation_span.start : source.affiliation_span.end] == "某省日报"
    # ■ before a name credits its writer; such a first line is no headline
    art = split_articles("■ 庞立新\n近日,某市总工会命名了8个工作室。\n")[0]
    assert art.title is None and [b.person for b in art.bylines] == ["庞立新"]


def test_a_credit_line_of_text_editor_and_chief_editor() -> None:
    from kg.ingest import split_articles

    art = split_articles("工作室授牌\n\n区总工会举行仪式。\n\n文字:康立华 编辑:江明 责任编辑:帅云\n")[0]
    assert [(b.person, b.role) for b in art.bylines] == [("康立华", "author"), ("江明", "editor"), ("帅云", "editor")]


def test_a_credit_closing_with_the_place_reported_from() -> None:
    from kg.ingest import split_articles

    text = "宣讲进校园\n\n某某网见习记者 高立顺 通讯员 尹星 高凯 济宁报道\n\n4月26日,宣讲团走进校园。\n"
    assert [b.person for b in split_articles(text)[0].bylines] == ["高立顺", "尹星", "高凯"]
