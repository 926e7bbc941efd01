"""The ingest stage: files -> decoded, normalised Documents split into articles.

* Encodings: BOM (UTF-8/UTF-16/UTF-32), strict UTF-8, then GB18030 (a superset of GBK
  and GB2312) and Big5, chosen by how much of the decoded text is common Chinese; the
  choice is recorded in ``Document.encoding``.
* ``Document.text`` is the text as decoded (for HTML: its visible text), so contract
  offsets are offsets into what the reader sees. ``norm`` has the same length and is
  what the rules match: NFKC where it keeps one code point, traditional -> simplified.
* ``repaired`` joins words split by a page break ("活\\n\\n动") and ``repaired_offsets``
  maps it back, so no offset moves.
* Articles: column markers 【…】, ``#`` titles (also printed after the body), bylines
  ("<org><post> <name>", "<name> 摄", "来源:《…》") and editor notes (小编说).
"""

from __future__ import annotations

import codecs
import hashlib
import html.parser
import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from kg.model import Article, Byline, Document, IngestError, Span

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
MAX_BYTES = 50_000_000
# A page break splits a sentence when a line ends without closing punctuation and the
# text resumes after blank lines with an ordinary character.
SENTENCE_FINAL = set("。！？!?；;：:…”」』）)】》.")
PAGE_BREAK = re.compile(r"(?<=[^\s])[ \t\u3000]*\n(?:[ \t\u3000]*\n)+[ \t\u3000]*(?=[^\s#【])")
COMMON_CHARS = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
    "工会职企单作服务改革建设社会劳动员技能培训产业队伍中国保障协商集体组织经济发展工作"
)


def iter_documents(paths: Sequence[str | Path], *, max_bytes: int = MAX_BYTES) -> Iterator[Document | IngestError]:
    """Every document under ``paths`` (folders recursively, in sorted order).

    Unreadable inputs come out as IngestError items so callers can report them and go on.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
            for file in files:
                yield _read_or_error(file, max_bytes)
        else:
            yield _read_or_error(path, max_bytes)


def _read_or_error(path: Path, max_bytes: int) -> Document | IngestError:
    try:
        return read_document(path, max_bytes=max_bytes)
    except IngestError as err:
        return err


def read_document(path: Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read, decode, normalise and split one file; IngestError names the file and reason."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise IngestError(str(path), "no such file")
    if path.is_dir():
        raise IngestError(str(path), "is a folder, not a file")
    try:
        size = path.stat().st_size
    except OSError as err:
        raise IngestError(str(path), f"unreadable ({err.strerror or err})") from err
    if size > max_bytes:
        raise IngestError(str(path), f"too large ({size:,} bytes; the limit is {max_bytes:,})")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(str(path), f"unreadable ({err.strerror or err})") from err
    if not data.strip():
        raise IngestError(str(path), "empty file")
    text, encoding = decode(data, str(path))
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    if not text.strip():
        raise IngestError(str(path), "no text in the file")
    doc = Document(
        doc_id=path.name,
        path=str(path),
        text=text,
        norm=normalise(text),
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    doc.repaired, doc.repaired_offsets = repair_page_breaks(doc.norm)
    doc.articles = split_articles(text)
    return doc


# -- decoding ------------------------------------------------------------------------
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to text, naming the encoding; IngestError for binary or undecodable data."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding + "-sig" if encoding == "utf-8" else encoding
            except UnicodeDecodeError as err:
                raise IngestError(name, f"undecodable: has a {encoding} byte-order mark but {err.reason}") from err
    if b"\x00" in data[:8192]:
        raise IngestError(name, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str, str]] = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_chinese_score(text), encoding, text))
    if not candidates:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.encoding is None:
            raise IngestError(name, "undecodable: not UTF-8, GB18030, Big5 or any encoding charset-normalizer knows")
        return str(best), best.encoding
    score, encoding, text = max(candidates)
    if _control_ratio(text) > 0.05:
        raise IngestError(name, "binary file (mostly control characters)")
    return text, encoding


def _chinese_score(text: str) -> float:
    """Share of CJK characters that are common in simplified or traditional news text."""
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    trad = _common_traditional()
    return sum(1 for c in cjk if c in COMMON_CHARS or c in trad) / len(cjk)


@lru_cache(maxsize=1)
def _common_traditional() -> frozenset[str]:
    from opencc import OpenCC

    to_trad = OpenCC("s2t")
    return frozenset(to_trad.convert("".join(sorted(COMMON_CHARS))))


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    bad = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    return bad / max(1, len(sample))


class _TextExtractor(html.parser.HTMLParser):
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title"}
    HEADINGS = {"h1": "# ", "h2": "# ", "h3": "### ", "h4": "### "}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript"):
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
            if tag in self.HEADINGS:
                self.parts.append(self.HEADINGS[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, block elements on their own lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# -- normalisation -------------------------------------------------------------------
@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def _norm_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        folded = ch
    simple = _t2s().convert(folded)
    return simple if len(simple) == 1 else folded


def normalise(text: str) -> str:
    """Same-length matching text: NFKC per character (full-width -> ASCII), t2s per character."""
    if text.isascii():
        return text
    return "".join(_norm_char(c) if not c.isascii() else c for c in text)


def repair_page_breaks(text: str) -> tuple[str, list[int]]:
    """Join lines split mid-sentence by a page break; return the text and its offset map."""
    keep = bytearray(b"\x01") * len(text)
    for m in PAGE_BREAK.finditer(text):
        before = text[: m.start()].rstrip()
        line_start = before.rfind("\n") + 1
        line = before[line_start:]
        if not before or before[-1] in SENTENCE_FINAL or line.lstrip().startswith(("#", "【")):
            continue
        if len(line) < 40:  # a short line is a title or byline, not a broken sentence
            continue
        if SOURCE.search(line):  # a line ending in its source (… 来源: 中工网) is whole
            continue
        keep[m.start() : m.end()] = b"\x00" * (m.end() - m.start())
    if all(keep):
        return text, list(range(len(text) + 1))
    offsets = [i for i, k in enumerate(keep) if k]
    repaired = "".join(text[i] for i in offsets)
    return repaired, offsets + [len(text)]


# -- articles ------------------------------------------------------------------------
COLUMN = re.compile(r"^[ \t\u3000]*【([^】\n]{1,20})】[ \t\u3000]*$", re.M)
HEADING = re.compile(r"^(#{1,6})[ \t]*(.+?)[ \t]*$", re.M)
SOURCE = re.compile(r"(?:来源|稿源|转自)[:：]\s*(《[^》]+》|[^\s,。]{2,20})\s*$")
PHOTO = re.compile(r"(?:^|[。\s])([\u4e00-\u9fff]{2,4})\s+(?:摄|供图)\s*$")
NAME = r"[\u4e00-\u9fff·]{2,4}"
ORG_TAIL = r"(?:总工会|工会|委员会|公司|集团|局|办|院|校|大学|协会|中心|报|社|站)"
POST = r"(?:党组书记|党委书记|书记|常务副主席|副主席|主席|副部长|部长|主任|副主任|局长|社长|总编辑|记者|通讯员|院长|校长|董事长|总经理)"
BYLINE = re.compile(
    rf"^[ \t\u3000]*(?:(?P<org>[\u4e00-\u9fff()（）]{{2,30}}?{ORG_TAIL})(?P<post>(?:{POST})(?:、{POST})*)?[ \t\u3000]+)?"
    rf"(?:文[/／]|记者[ \t\u3000]*|通讯员[ \t\u3000]*)?(?P<name>{NAME})[ \t\u3000]*$"
)


def split_articles(text: str) -> list[Article]:
    """Split a magazine issue into articles (see the module docstring)."""
    lines = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]*", text) if m.group().strip()]
    # a web page's meta line, 2018-03-30|来源:X日报|编辑:Y, reads as one line per field
    lines = [part for line in lines for part in _meta_fields(*line)]
    articles: list[Article] = []
    current: Article | None = None
    body_seen = False  # the current article has body text (so a title now trails it)
    closed = False  # the current article printed its closing line (source, credit, byline)

    def start(pos: int, column: str | None = None) -> Article:
        nonlocal current, body_seen, closed
        if current is not None:
            current.span = Span(current.span.start, pos)
        current = Article(index=len(articles), span=Span(pos, len(text)), column=column)
        articles.append(current)
        body_seen = closed = False
        return current

    for s, _e, line in lines:
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        col = COLUMN.match(line)
        if col:
            start(s, col.group(1))
            continue
        head = HEADING.match(line)
        if head:
            level, title = len(head.group(1)), head.group(2)
            tstart = s + line.index(title, len(head.group(1)))
            if current is None:
                start(s)
            elif level <= 2 and body_seen and current.title is None:
                pass  # a title printed after its article's body
            elif level <= 2 and (body_seen or current.title is not None) or level >= 3 and closed:
                start(s)
            elif level >= 3:
                continue  # a section heading inside the article
            if current.title is None:
                current.title, current.title_span = title, Span(tstart, tstart + len(title))
            continue
        if current is None:
            start(s)
            if _plain_headline(stripped):  # a news file whose first line is its headline
                # a repost names the original headline: 原标题:X is the headline X
                cut = ORIGINAL_TITLE.match(stripped)
                title_start = cut.end() if cut and len(stripped) - cut.end() >= 4 else 0
                current.title = stripped[title_start:]
                current.title_span = Span(s + lead + title_start, s + lead + len(stripped))
                continue
        # a credit line may stand in brackets: [责任编辑:X], 【编辑:X】
        bracketed = BRACKETED_LINE.fullmatch(stripped)
        credits = []
        if len(stripped) <= 40:
            credits = _credit_line(bracketed.group(1), s + lead + 1) if bracketed else _credit_line(stripped, s + lead)
        if credits:
            current.bylines.extend(credits)
            if body_seen:
                closed = True
            continue
        byline = _byline(stripped, s + lead)
        if byline is not None and len(stripped) <= 40 and (not body_seen or current.title is not None):
            current.bylines.append(byline)
            if body_seen:
                closed = True
            continue
        # 本报讯（记者 张三 通讯员 李四）at the head of the first paragraph (or of the first
        # after a dateline such as 《工人日报》(2012年01月17日 002版))
        inline = INLINE_CREDIT.match(stripped)
        if inline and (not body_seen or NEWS_LEAD.match(stripped)):
            group = 1 if inline.group(1) else 2
            current.bylines.extend(_credit_line(inline.group(group), s + lead + inline.start(group)))
        trailing = TRAILING_CREDIT.search(stripped)
        names = _trailing_names(trailing.group(1)) if trailing else []
        if names:  # …支持。(马萌 刘崟蒂): the writers
            for offset, name in names:
                ns = s + lead + trailing.start(1) + offset
                current.bylines.append(Byline(name, Span(ns, ns + len(name)), role="author"))
        else:  # …开花结果。(三峡日报 记者孙晓陵、通讯员姚超)
            credit = TRAILING_ROLE_CREDIT.search(stripped)
            if credit:
                current.bylines.extend(_credit_line(credit.group(1), s + lead + credit.start(1)))
        src = SOURCE.search(stripped)
        if src:
            val = src.group(1)
            vs = s + lead + stripped.rindex(val)
            current.bylines.append(Byline(None, None, val, Span(vs, vs + len(val)), role="source"))
            closed = True
        photo = PHOTO.search(stripped)
        if photo:
            ps = s + lead + photo.start(1)
            current.bylines.append(Byline(photo.group(1), Span(ps, ps + len(photo.group(1))), role="photographer"))
            closed = True
            if current.kind == "article" and not current.column:
                current.kind = "photo-news"
        body_seen = True
    if current is not None:
        current.span = Span(current.span.start, len(text))
    if not articles:
        articles.append(Article(index=0, span=Span(0, len(text))))
    return articles


DATELINE = re.compile(r"[0-9０-９年月日号时分秒:：\-/.\s星期周一二三四五六日天]+")
ORIGINAL_TITLE = re.compile(r"原标题[:：]\s*")
BRACKETED_LINE = re.compile(r"[\[【](.+)[\]】]")
PLAIN_HEADLINE = re.compile(r"^(?=.*[\u4e00-\u9fff])[^。；;]{4,60}(?<![,，:：、])$")  # web headlines may exclaim (喜讯!…, …揭牌啦!)


META_SEPARATOR = re.compile(r"[|｜]")
MAX_META_LINE = 120


def _meta_fields(start: int, end: int, line: str) -> list[tuple[int, int, str]]:
    """The fields of a short line separated by |, each with its offsets; else the line."""
    if len(line) > MAX_META_LINE or not META_SEPARATOR.search(line):
        return [(start, end, line)]
    fields, pos = [], 0
    for sep in [*META_SEPARATOR.finditer(line), None]:
        stop = sep.start() if sep else len(line)
        if line[pos:stop].strip():
            fields.append((start + pos, start + stop, line[pos:stop]))
        pos = sep.end() if sep else stop
    return fields


def _plain_headline(line: str) -> bool:
    """A first line that reads as a headline: short, no sentence end, no byline or credit."""
    return (
        bool(PLAIN_HEADLINE.match(line))
        and not DATELINE.fullmatch(line)
        and _byline(line, 0) is None
        and not _credit_line(line, 0)
    )


# 本报讯（记者 X）, 三峡传媒网讯 (记者 X 通讯员 Y), or an unbracketed run of credits that
# opens the first paragraph: 工人日报客户端 记者 X 实习生 Y 通讯员 Z 近日,…
INLINE_CREDIT = re.compile(
    r"^(?:本报讯|[^\s(（]{0,10}讯|新华社[^\s(（]{0,8}电)?[ \t\u3000]*[(（]([^)）]{2,40})[)）]"
    r"|^((?:[^\s(（]{2,12}[ \t\u3000]+)?(?:(?:记者|通讯员|实习生)[ \t\u3000]*[\u4e00-\u9fff·]{2,4}(?:、[\u4e00-\u9fff·]{2,4})*(?:报道)?[ \t\u3000]+)+)"
)
# …支持。(马萌 刘崟蒂), or alone on the article's last line: (程朝龙沈小俊), two names glued
TRAILING_CREDIT = re.compile(
    r"(?:[。!?！？]|^)[(（]((?:[\u4e00-\u9fff·]{2,3}[ \u3000、]+)*(?:[\u4e00-\u9fff·]{2,3}|[\u4e00-\u9fff]{5,6}))[)）]$"
)
TRAILING_ROLE_CREDIT = re.compile(r"[。!?！？][(（]([^()（）]{2,40})[)）]$")
NEWS_LEAD = re.compile(r"^(?:本报讯|[^\s(（]{1,10}讯|新华社[^\s(（]{0,8}电)")


def _trailing_names(credit: str) -> list[tuple[int, str]]:
    """The names of a trailing credit with their offsets, when every item reads as a name
    (a run of five or six characters is two names glued together)."""
    items = [(m.start(), m.group()) for m in re.finditer(r"[^\s、\u3000]+", credit)]
    if len(items) == 1 and len(items[0][1]) >= 5:
        items = _glued_names(items[0][1])
    return items if items and _names_only(" ".join(name for _, name in items)) else []


def _common_word(name: str) -> bool:
    """Whether jieba's dictionary knows ``name`` as a word other than a person's name."""
    from kg.nlp import words

    return not (words.dictionary_tag(name) or "nr").startswith("nr")


def _names_only(names: str) -> bool:
    """Every item reads as a person's name: a surname first, and no common word (试行)."""
    from kg.nlp.rules import load_rules

    surnames = load_rules().surnames
    items = re.findall(r"[^\s、\u3000]+", names)
    return all(it.startswith(surnames) and not _common_word(it) for it in items)


OUTLET = r"[\u4e00-\u9fff]{1,10}?(?:报|网|台|社|客户端|融媒体|媒体|头条|传媒|新闻)"
CREDIT_ROLE = re.compile(
    rf"^(?:{OUTLET})?([■□●]|本报记者|本报通讯员|特约记者|首席记者|见习记者|实习记者|记者[:：]?|特约通讯员|通讯员[:：]?|实习生[:：]?|作者[:：]?|文字[:：]|撰稿[:：]?|图文[/／:：]|文[/／](?:摄影|摄|图)[:：]?|图[/／]文[:：]?|文[/／:：]|图[/／:：]|摄影[:：]?|摄|(?:见习|责任)?编辑[/／:：]?|责编[/／:：]?|审核[/／:：]?|[一二三初终]审[/／:：]?|校对[/／:：]?)"
)
CREDIT_OUTLET = re.compile(rf"^{OUTLET}$")
CREDIT_TAILS = ("文", "摄", "图", "供图", "报道", "图文")
EDITOR_ROLES = ("见习编辑", "责任编辑", "编辑", "责编", "审核", "一审", "二审", "三审", "初审", "终审", "校对")
CREDIT_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
# a credit's tokens: a name typeset with spaces between its characters (冯  锴) is one
CREDIT_TOKEN = re.compile(r"[\u4e00-\u9fff][ \t\u3000]+[\u4e00-\u9fff]{1,2}(?=[\s、]|$)|[^\s、]+")


def _credit_line(line: str, offset: int) -> list[Byline]:
    """'本报记者 张三 通讯员 李四': one byline per person, with the role of the credit.

    Token by token (no backtracking): each whitespace- or 、-separated token is a role,
    a role glued to a name, or a name after a role."""
    out: list[Byline] = []
    role = None
    tokens = list(CREDIT_TOKEN.finditer(line))
    # a name right before the first role is an author too (熊凰羽 记者 骆向明)
    name_before_role = len(tokens) > 1 and CREDIT_ROLE.match(tokens[1].group()) is not None
    for tok in tokens:
        text, start = tok.group(), tok.start()
        m = CREDIT_ROLE.match(text)
        if m:
            role = "photographer" if m.group(1).startswith(("图", "摄")) else "author"
            if m.group(1).startswith(EDITOR_ROLES):
                role = "editor"  # named, but no author of the article
            text, start = text[m.end() :], start + m.end()
            if not text:
                continue
        if role is None and not out and (CREDIT_OUTLET.match(text) or NEWS_LEAD.fullmatch(text)):
            continue  # the outlet or lead before the credits (工人日报客户端 记者 X, 本报讯 记者 X)
        if out and text in CREDIT_TAILS:
            continue  # 记者 X 通讯员 Y 文: the closing word of the credit
        if text.endswith("报道") and len(text) > 3:
            text = text[:-2]  # 通讯员徐冬云、姚磊报道
        name = re.sub(r"[ \t\u3000]+", "", text)  # 冯 锴: a two-character name spaced out
        if role is None and not out and name_before_role and CREDIT_NAME.match(name):
            out.append(Byline(name, Span(offset + start, offset + start + len(text)), role="author"))
            continue
        if role is not None and name == text and not CREDIT_NAME.match(name):
            names = _glued_names(name)  # 图/姚昂希李健: two names printed without a break
            if names:
                out += [Byline(n, Span(offset + start + i, offset + start + i + len(n)), role=role) for i, n in names]
                continue
        if role is None or not CREDIT_NAME.match(name):
            return []
        if _common_word(name):
            continue  # 作者:工会 credits a body, 济宁报道 a place: no person
        out.append(Byline(name, Span(offset + start, offset + start + len(text)), role=role))
    return out


def _glued_names(text: str) -> list[tuple[int, str]]:
    """Two names of two or three characters printed together (姚昂希李健 -> 姚昂希, 李健):
    five or six characters are never one name; the second must start with a surname."""
    from kg.nlp.rules import load_rules

    if not 5 <= len(text) <= 6 or not re.fullmatch(r"[\u4e00-\u9fff]+", text):
        return []
    surnames = load_rules().surnames
    if not text.startswith(surnames):
        return []
    first = next((n for n in ((3, 2) if len(text) == 5 else (3,)) if text[n:].startswith(surnames)), None)
    return [(0, text[:first]), (first, text[first:])] if first else []


def _byline(line: str, offset: int) -> Byline | None:
    m = BYLINE.match(line)
    if not m:
        return None
    name = m.group("name")
    ns = offset + m.start("name")
    by = Byline(name, Span(ns, ns + len(name)), role="author")
    if m.group("org"):
        os_ = offset + m.start("org")
        by.affiliation, by.affiliation_span = m.group("org"), Span(os_, os_ + len(m.group("org")))
    elif not re.match(r"^(?:文[/／]|记者|通讯员)", line):
        return None  # a bare two-to-four character line is more likely a heading than a byline
    if m.group("post"):
        ps = offset + m.start("post")
        by.post, by.post_span = m.group("post"), Span(ps, ps + len(m.group("post")))
    return by
