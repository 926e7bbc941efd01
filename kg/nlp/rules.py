"""Domain rules for entity mentions, loaded from YAML (``kg/rules/entities.yaml``).

A rule is a Python regular expression with a named group ``ent`` (the mention) over the
normalised text; ``{MACRO}`` references expand to the file's ``macros``. Regexes rather
than spaCy token patterns because Chinese names are character sequences: the char
tokens of ``spacy.blank("zh")`` align with every match, so the spaCy component below
turns each match into a ``Span`` with ``doc.char_span``.

Rule keys:
  name, type, pattern            required
  priority (int, default 50)     wins overlaps before length does
  trim_left (bool)               cut leading verbs/prepositions off the mention
  expand: levels | list | quoted | split
                                 coordination: '全国、省、市五一劳动奖章' -> three mentions;
                                 'A、B、C3个X联盟' -> 'AX联盟', 'BX联盟', 'CX联盟';
                                 '表彰“A”“B”' -> one per quoted item; split: one per
                                 、-separated item (公永进、王向群、高立国)
  strip_quotes (bool)            drop “” from the canonical name
  min_len / max_len              bounds on the mention length
  word_aligned (bool)            drop a match whose two ends both fall inside words of
                                 jieba's dictionary segmentation of the context (区长 is no
                                 post inside 赛区|长沙; 任组长 keeps 组长, which ends a word)
  not_a_word (bool)              drop a match that jieba's dictionary knows as one word other
                                 than a person's name (明确 before 指出 is no person)
  requires (list of words)       every match holds one of them; a text holding none skips
                                 the rule (a fast pre-check: 公司 for company names)
  nests_owner (bool)             the organisation the name starts with is an entity of its
                                 own (X有限公司|技术中心, X总工会|女工部)

File-level keys besides ``rules`` and ``macros``: ``left_stop_chars`` and
``left_stop_words`` (where trim_left cuts), ``stop_word_name_parts`` (words that start
with a stop word but head names: 联合会, 代表大会), ``org_suffix_types``, ``level_words``
and the word lists the rules' helpers read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kg.gazetteer import get_gazetteer
from kg.nlp import words

RULES_PACKAGE = "kg.rules"
QUOTES = "“”\"'‘’「」『』"


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    type: str
    rule: str
    priority: int
    canonical: str | None = None
    require_relation: bool = False


@dataclass(slots=True)
class Rule:
    name: str
    type: str
    regex: re.Pattern[str]
    priority: int = 50
    trim_left: str | None = None  # "full" (stop characters, stop words, jieba) or "words"
    expand: str | None = None
    strip_quotes: bool = False
    min_len: int = 1
    max_len: int = 60
    require_relation: bool = False
    canonical_group: str | None = None
    word_aligned: bool = False
    not_a_word: bool = False
    types_by_suffix: list[tuple[str, str]] = field(default_factory=list)
    # words one of which every match contains: a text holding none is skipped (speed)
    requires: tuple[str, ...] = ()
    # the organisation a match's name starts with is an entity too (X有限公司车间 -> X有限公司)
    nests_owner: bool = False


@dataclass(slots=True)
class RuleSet:
    rules: list[Rule]
    left_stop_chars: frozenset[str]
    left_stop_words: tuple[str, ...]
    # words that begin with a stop word but are part of a name (联合会 is no 联合)
    stop_word_name_parts: tuple[str, ...]
    level_words: tuple[str, ...]
    suffix_types: list[tuple[str, str]]
    company_suffixes: tuple[str, ...] = ()
    industry_words: tuple[str, ...] = ()
    province_names: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    government_name_prefixes: tuple[str, ...] = ()
    name_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def company_short_forms(self, name: str) -> list[str]:
        """X半导体(中国)有限公司 -> [X半导体, X]; 江苏X阀门有限公司 -> [X阀门, X] (>= 2 chars)."""
        core = name
        for suffix in self.company_suffixes:
            if core.endswith(suffix):
                core = core[: -len(suffix)]
                break
        else:
            return []
        core = re.sub(r"\([^()]*\)$", "", core)
        for prov in self.province_names:
            if core.startswith(prov) and len(core) - len(prov) >= 2:
                core = core[len(prov) :].removeprefix("省").removeprefix("市")
                break
        forms = [core]
        for word in self.industry_words:
            if core.endswith(word) and len(core) - len(word) >= 2:
                forms.append(core[: -len(word)])
                break
        return [f for f in forms if len(f) >= 2 and f != name]

    def trim(self, text: str, start: int, end: int, mode: str = "full") -> int:
        """Return a new start for ``text[start:end]`` past leading verbs and prepositions.

        Three passes, each keeping a name of at least three characters: cut after the
        right-most stop character, then after the right-most stop word, then drop leading
        words that jieba tags as verbs, adverbs, prepositions and the like.
        """
        best = start
        seg = text[start:end]
        for i in range(len(seg) - 3, 0, -1):
            if seg[i - 1] in self.left_stop_chars:
                best = start + i
                break
        cut = best
        for word in self.left_stop_words:
            # a stop word may straddle the start of the match (2023年|度淮安市…)
            pos = text.rfind(word, max(0, best - len(word) + 1), end - 3)
            if pos >= 0 and pos + len(word) > cut and end - (pos + len(word)) >= 3:
                if text.startswith(self.stop_word_name_parts, pos):
                    continue  # 联合|会 is a name's head, not the verb 联合
                cut = pos + len(word)
        if mode != "full":
            return cut
        return _drop_leading_function_words(text, cut, end, self.name_parts.get("former_words", ()), self.surnames)

    def type_for(self, name: str, default: str) -> str:
        for suffix, etype in self.suffix_types:
            if name.endswith(suffix):
                return etype
        return default

    def find(self, text: str) -> list[Candidate]:
        found: list[Candidate] = []
        for rule in self.rules:
            if rule.requires and not any(word in text for word in rule.requires):
                continue
            for m in rule.regex.finditer(text):
                s, e = m.span("ent")
                if s < 0 or e <= s:
                    continue
                if rule.trim_left:
                    s = self.trim(text, s, e, rule.trim_left)
                if rule.expand:
                    found.extend(self._expand(rule, text, m, s, e))
                    continue
                if not rule.min_len <= e - s <= rule.max_len:
                    continue
                if rule.word_aligned and not _word_aligned(text, s, e):
                    continue
                if rule.not_a_word and _dictionary_word(text[s:e]):
                    continue
                canonical = text[s:e].strip(QUOTES) if rule.strip_quotes else None
                if rule.canonical_group:  # X(以下简称Y): Y stands for X
                    full_start = self.trim(text, m.start(rule.canonical_group), m.end(rule.canonical_group))
                    canonical = text[full_start : m.end(rule.canonical_group)]
                named = canonical or text[s:e]
                etype = self.type_for(named, rule.type) if rule.type == "ORG" else rule.type
                found.append(Candidate(s, e, etype, rule.name, rule.priority, canonical, rule.require_relation))
        return found

    def _name_at_end(self, item: str) -> str | None:
        """The person's name ending a list item: three characters if a surname starts them
        and no dictionary word runs across their start (教师|何杨 is no 师何杨), else two."""
        starts = words.boundaries(item)
        for length in (3, 2):
            name = item[-length:]
            if len(item) >= length and _hanzi(name) and name.startswith(self.surnames) and len(item) - length in starts:
                return name
        return None

    def _expand(self, rule: Rule, text: str, m: re.Match[str], s: int, e: int) -> list[Candidate]:
        out: list[Candidate] = []
        if rule.expand == "levels":
            # 全国、省、市五一劳动奖章: each level word + the shared head
            head_start = m.start("head")
            head = text[head_start : m.end("head")]
            pos = s
            for item in re.finditer(r"[^、和及与或]+", text[s:head_start]):
                a, b = s + item.start(), s + item.end()
                level = text[a:b]
                if b == head_start:
                    out.append(Candidate(a, m.end("head"), rule.type, rule.name, rule.priority))
                else:
                    out.append(Candidate(a, b, rule.type, rule.name, rule.priority, level + head))
                pos = b
            del pos
        elif rule.expand == "quoted":
            # 表彰“A”“B”“C”: one mention per quoted item
            for item in re.finditer(r"[“「][^“”「」]+[”」]", text[s:e]):
                out.append(Candidate(s + item.start(), s + item.end(), rule.type, rule.name, rule.priority))
        elif rule.expand == "split":
            # 公永进、王向群、高立国: one mention per item of a 、-separated list
            for item in re.finditer(r"[^、和及与]+", text[s:e]):
                out.append(Candidate(s + item.start(), s + item.end(), rule.type, rule.name, rule.priority))
        elif rule.expand == "name_ends":
            # 分别为:学院学生宋景锐、个体劳动者敖文杰: the name ending each item (three
            # characters when a surname starts them, else two); no name in an item, no list
            items: list[tuple[int, str]] = []  # (end offset in the list, item text)
            for item in re.finditer(r"[^、]+", text[s:e]):
                # the last item may be two joined by 和: …公司林英狮和…公司侯雅清
                left, joined, right = item.group().rpartition("和")
                two = bool(joined) and bool(self._name_at_end(left)) and bool(self._name_at_end(right))
                if two:
                    items.append((item.start() + len(left), left))
                items.append((item.end(), right if two else item.group()))
            names = [self._name_at_end(item) for _, item in items]
            if len(items) >= 2 and all(names):
                for (end, _), name in zip(items, names, strict=True):
                    out.append(Candidate(s + end - len(name), s + end, rule.type, rule.name, rule.priority))
        elif rule.expand == "list":
            # A、B、C3个X联盟: each item + the shared head (the last item is adjacent in text only
            # when no count stands between, so every item gets a constructed canonical name)
            head = m.group("head")
            items_start = m.start("items")
            for item in re.finditer(r"[^、和及与]+", m.group("items")):
                a, b = items_start + item.start(), items_start + item.end()
                if a == items_start and rule.trim_left:
                    a = self.trim(text, a, b + len(head), rule.trim_left)
                if b - a < 2:  # the trim took the whole item: no name left
                    continue
                name = text[a:b] + head
                out.append(Candidate(a, b, self.type_for(name, rule.type), rule.name, rule.priority, name))
        return out


def _hanzi(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


def _compile(raw: dict[str, Any], macros: dict[str, str]) -> Rule:
    pattern = raw["pattern"]
    for _ in range(5):  # macros may use macros
        new = re.sub(r"\{([A-Z_]+)\}", lambda mm: macros.get(mm.group(1), mm.group(0)), pattern)
        if new == pattern:
            break
        pattern = new
    try:
        regex = re.compile(pattern)
    except re.error as err:
        raise ValueError(f"rule {raw.get('name')!r}: bad pattern: {err}") from err
    if "ent" not in regex.groupindex:
        raise ValueError(f"rule {raw.get('name')!r}: pattern needs a named group (?P<ent>...)")
    return Rule(
        name=raw["name"],
        type=raw["type"],
        regex=regex,
        priority=int(raw.get("priority", 50)),
        trim_left=_trim_mode(raw.get("trim_left")),
        expand=raw.get("expand"),
        strip_quotes=bool(raw.get("strip_quotes", False)),
        min_len=int(raw.get("min_len", 1)),
        max_len=int(raw.get("max_len", 60)),
        require_relation=bool(raw.get("require_relation", False)),
        canonical_group=raw.get("canonical_group"),
        word_aligned=bool(raw.get("word_aligned", False)),
        not_a_word=bool(raw.get("not_a_word", False)),
        requires=tuple(raw.get("requires") or ()),
        nests_owner=bool(raw.get("nests_owner", False)),
    )


def _surnames(macro: str) -> tuple[str, ...]:
    """The surnames listed in the SURNAME macro: (?:欧阳|司马|…|[王李张…])."""
    double = re.findall(r"([\u4e00-\u9fff]{2})(?=\||\[)", macro)
    single = re.search(r"\[([\u4e00-\u9fff]+)\]", macro)
    return tuple(double) + tuple(single.group(1) if single else "")


def _trim_mode(value: object) -> str | None:
    if value in (None, False):
        return None
    if value is True or value == "full":
        return "full"
    if value == "words":
        return "words"
    raise ValueError(f"trim_left must be true, false, 'full' or 'words', not {value!r}")


def load_rules(extra_paths: tuple[Path, ...] = ()) -> RuleSet:
    """Load the packaged entity rules plus any user rule files (same format)."""
    return _load_rules(tuple(str(p) for p in extra_paths))


@lru_cache(maxsize=8)
def _load_rules(extra_paths: tuple[str, ...]) -> RuleSet:
    sources = [resources.files(RULES_PACKAGE).joinpath("entities.yaml").read_text(encoding="utf-8")]
    sources += [Path(p).read_text(encoding="utf-8") for p in extra_paths]
    macros: dict[str, str] = {}
    raw_rules: list[dict[str, Any]] = []
    stop_chars: set[str] = set()
    stop_words: list[str] = []
    name_part_words: list[str] = []
    levels: list[str] = []
    suffix_types: list[tuple[str, str]] = []
    data_lists: dict[str, list[str]] = {}
    name_parts: dict[str, list[str]] = {}
    for src in sources:
        data = yaml.safe_load(src) or {}
        for key in ("company_suffixes", "industry_words", "province_names", "government_name_prefixes"):
            data_lists.setdefault(key, []).extend(data.get(key) or [])
        for key, parts in (data.get("name_parts") or {}).items():
            name_parts.setdefault(key, []).extend(parts)
        macros.update({k: str(v) for k, v in (data.get("macros") or {}).items()})
        raw_rules += data.get("rules") or []
        stop_chars.update(data.get("left_stop_chars") or "")
        stop_words += data.get("left_stop_words") or []
        name_part_words += data.get("stop_word_name_parts") or []
        levels += data.get("level_words") or []
        for etype, suffixes in (data.get("org_suffix_types") or {}).items():
            suffix_types += [(s, etype) for s in suffixes]
    suffix_types.sort(key=lambda st: -len(st[0]))  # longest suffix decides
    company = data_lists.get("company_suffixes", [])
    industry = sorted(data_lists.get("industry_words", []), key=len, reverse=True)
    provinces = sorted(data_lists.get("province_names", []), key=len, reverse=True)
    stop_words.sort(key=len, reverse=True)
    return RuleSet(
        rules=[_compile(r, macros) for r in raw_rules],
        left_stop_chars=frozenset(stop_chars),
        left_stop_words=tuple(stop_words),
        stop_word_name_parts=tuple(name_part_words),
        level_words=tuple(levels),
        suffix_types=suffix_types,
        company_suffixes=tuple(sorted(company, key=len, reverse=True)),
        industry_words=tuple(industry),
        province_names=tuple(provinces),
        surnames=_surnames(macros.get("SURNAME", "")),
        government_name_prefixes=tuple(data_lists.get("government_name_prefixes", [])),
        name_parts={k: tuple(v) for k, v in name_parts.items()},
    )


# jieba tags of words that do not start a name: verbs, adverbs, prepositions, conjunctions,
# particles, pronouns, numerals, measure words; adjectives and verbal nouns only when more
# such words follow ("成功/a 培育/vn 挖掘/v 无锡…").
_NEVER_FIRST = {"v", "d", "p", "c", "u", "r", "ad", "uj", "ul"}
_COUNT_PREFIX = re.compile(r"(?:[0-9]+(?:至[0-9]+)?|[一二三四五六七八九十两]+)[次级个家名项类批]")
_SOMETIMES_FIRST = {"a", "vn", "vd"}


WORD_CONTEXT = 6  # characters of context on each side that jieba segments with a match


def _word_aligned(text: str, start: int, end: int) -> bool:
    """Whether jieba (dictionary only, so the result does not depend on HMM guesses)
    puts a word boundary at ``start`` or at ``end`` of ``text``."""
    left = max(0, start - WORD_CONTEXT)
    boundaries = words.boundaries(text[left : min(len(text), end + WORD_CONTEXT)], left)
    return start in boundaries or end in boundaries


def _dictionary_word(text: str) -> bool:
    """Whether jieba's dictionary has ``text`` as a common word (names of persons, places
    and organisations do not count: 梁海 is also a place name)."""
    tag = words.dictionary_tag(text)
    return tag is not None and not tag.startswith(words.PROPER_NAME_TAGS)


def _drop_leading_function_words(
    text: str, start: int, end: int, former_words: tuple[str, ...] = (), surnames: tuple[str, ...] = ()
) -> int:
    places = get_gazetteer().by_surface
    tagged = list(words.tagged_cut(text[start:end]))
    droppable = [False] * (len(tagged) + 1)
    for i in range(len(tagged) - 1, -1, -1):
        flag = tagged[i].flag
        if tagged[i].word in places:
            continue  # a place is a name's start, whatever else the word may be (大连: "even")
        # a one-character verb glued to a noun starts a name as often as not (临|商银行)
        glued = len(tagged[i].word) == 1 and flag == "v" and i + 1 < len(tagged) and tagged[i + 1].flag.startswith("n")
        # locatives like 以下, 之后 go; directional ones start names (中|铁一局, 南方|锰业)
        locative = flag == "f" and not tagged[i].word.startswith(tuple("东南西北中"))
        # a surname jieba cut off alone before another lone character starts a name it
        # does not know (黄|跃|波工匠创新工作室)
        unknown_name = (
            len(tagged[i].word) == 1 and tagged[i].word in surnames and i + 1 < len(tagged) and len(tagged[i + 1].word) == 1
        )
        droppable[i] = not unknown_name and (
            (flag in _NEVER_FIRST and not glued)
            or locative
            or (flag in _SOMETIMES_FIRST and droppable[i + 1])
            or tagged[i].word in former_words  # 原|厦门远华集团: the body's former name
        )
    pos = start
    for i, w in enumerate(tagged):
        if not droppable[i] or end - (pos + len(w.word)) < 3 or not w.word.strip("“「"):
            break
        pos += len(w.word)
    count = _COUNT_PREFIX.match(text, pos, end)
    if count and end - count.end() >= 3:
        pos = count.end()
    return pos
