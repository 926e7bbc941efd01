"""The NLP stage: ``spacy.blank("zh")`` (character tokens) plus our components.

Components, in order:
  kg_rules      regex rules from ``kg/rules/entities.yaml`` -> ``doc.spans["kg_candidates"]``
  kg_gazetteer  administrative divisions and regions -> more PLACE candidates
  kg_select     overlap resolution and ORG type refinement -> ``doc.spans["kg"]``

With ``use_model`` the shipped statistical NER's person spans join the candidates before
selection (they only fill what the rules leave). After selection come byline and title
mentions from the ingest stage, owners nested in enterprise unions, and propagation of
names found once to their other occurrences.

The stage works paragraph by paragraph on ``Document.repaired`` (normalised text with
page-break splits joined) and maps every span back to original offsets.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.model import Document, Mention
from kg.nlp.rules import QUOTES, Candidate, RuleSet, load_rules

log = logging.getLogger(__name__)

if not Span.has_extension("kg_rule"):
    Span.set_extension("kg_rule", default="")
    Span.set_extension("kg_priority", default=0)
    Span.set_extension("kg_canonical", default=None)
    Span.set_extension("kg_require_relation", default=False)
    Span.set_extension("kg_attrs", default=None)

PARAGRAPH = re.compile(r"[^\n]+")
UNION_SHORT_PREFIX = re.compile(r"^(?:[省市县区]总工会|[省市县区]总(?!工会))(?=[\u4e00-\u9fff])")
# The statistical model fills in persons, where the rules are weakest (a name with no
# title or byline next to it). Its LOC/ORG spans are not used: the suffix rules and the
# gazetteer type and bound organisations and places better on this genre (with them the
# seed's entity F1 fell from 0.98 to 0.93), and a 2-4 character window keeps persons tight.
MODEL_LABELS = {"PER": "PERSON"}
MODEL_SPAN = (2, 4)
MODEL_PRIORITY = 30  # rules beat the model where they overlap
GAZETTEER_PRIORITY = 45
ORG_LABELS = frozenset({"UNION", "ENTERPRISE", "GOVERNMENT", "ORGANIZATION", "ORG"})
MAX_JUNK_BEFORE_PLACE = 16  # characters before a union's or government body's place that may be cut off
MAX_NAME_AFTER_PLACE = 12  # a name cut to its place is the place and a short head (晋江市总工会)
TITLE_NESTED_TYPES = frozenset({"UNION", "ENTERPRISE", "GOVERNMENT", "ORGANIZATION", "PLACE", "PERSON", "HONOUR"})


@Language.factory("kg_rules", default_config={"extra_rules": []})
def make_rules_component(nlp: Language, name: str, extra_rules: list[str]) -> RulesComponent:
    return RulesComponent(load_rules(tuple(Path(p) for p in extra_rules)))


class RulesComponent:
    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get("kg_candidates", []))
        # spaCy keys a span's extension values by its boundaries and label, so two
        # candidates on the same characters and type would share them: keep the best one
        best: dict[tuple[int, int, str], Candidate] = {}
        for cand in self.ruleset.find(doc.text):
            key = (cand.start, cand.end, cand.type)
            if key not in best or (cand.priority, cand.canonical is not None) > (
                best[key].priority,
                best[key].canonical is not None,
            ):
                best[key] = cand
        for cand in best.values():
            if cand.end <= cand.start:
                continue
            span = doc.char_span(cand.start, cand.end, label=cand.type)
            if span is None:
                continue
            span._.kg_rule = cand.rule
            span._.kg_priority = cand.priority
            span._.kg_canonical = cand.canonical
            span._.kg_require_relation = cand.require_relation
            spans.append(span)
        doc.spans["kg_candidates"] = spans
        return doc


@Language.component("kg_gazetteer")
def gazetteer_component(doc: Doc) -> Doc:
    """Administrative divisions and regions from the shipped gazetteer, as PLACE candidates."""
    from kg.gazetteer import get_gazetteer

    spans = list(doc.spans.get("kg_candidates", []))
    for start, end, place in get_gazetteer().find(doc.text):
        span = doc.char_span(start, end, label="PLACE")
        if span is None:
            continue
        span._.kg_rule = "gazetteer"
        span._.kg_priority = GAZETTEER_PRIORITY
        span._.kg_attrs = {"code": place.code, "level": place.level, "official": place.name}
        spans.append(span)
    doc.spans["kg_candidates"] = spans
    return doc


@Language.component("kg_select")
def select_component(doc: Doc) -> Doc:
    """Keep a non-overlapping set: rule spans before model spans, then longer spans,
    then higher rule priority (the model only fills what the rules leave)."""
    ruleset = load_rules()
    candidates = list(doc.spans.get("kg_candidates", []))
    places = [(s.start_char, s.end_char) for s in candidates if s._.kg_rule == "gazetteer"]
    text = doc.text  # spaCy joins the tokens anew on every access
    candidates = [_align_to_places(doc, text, span, places, ruleset) for span in candidates]
    cands = sorted(
        candidates,
        key=lambda s: (s._.kg_rule == "model", -(s.end_char - s.start_char), -s._.kg_priority, s.start_char),
    )
    taken = bytearray(len(text) + 1)
    chosen: list[Span] = []
    generic = set(ruleset.name_parts.get("generic_heads", ()))
    for span in cands:
        if any(taken[span.start_char : span.end_char]):
            continue
        if span.text in generic:
            continue  # a bare head (工业园区, 工作专班) names nothing
        if span.label_ == "ORG":  # model ORG (or generic rule): type by suffix
            span = _respan(doc, span, span.start_char, ruleset.type_for(span.text.strip(QUOTES), "ORGANIZATION"))
        for i in range(span.start_char, span.end_char):
            taken[i] = 1
        chosen.append(span)
    doc.spans["kg"] = sorted(chosen, key=lambda s: s.start_char)
    return doc


def _respan(doc: Doc, span: Span, start_char: int, label: str) -> Span:
    """A copy of a candidate with another start or label, extension values kept."""
    new = doc.char_span(start_char, span.end_char, label=label)
    if new is None:
        return span
    new._.kg_rule, new._.kg_priority = span._.kg_rule, span._.kg_priority
    new._.kg_canonical = span._.kg_canonical
    new._.kg_require_relation = span._.kg_require_relation
    new._.kg_attrs = span._.kg_attrs
    return new


def _align_to_places(doc: Doc, text: str, span: Span, places: list[tuple[int, int]], ruleset: RuleSet) -> Span:
    """Organisation names start where a place name starts.

    A rule's window can begin inside a place (汉市青山区房产管理局 in 武汉市…): the name
    then extends left to the place's start. A union's, institution's or government body's name can also
    pick up words before its place (礼包发放活动是晋江市总工会, 领导为县法院, 建设广东工匠学院): the name then
    starts at the place, or at a bare level character (市, 县) that stands as its own word,
    unless those words are a known name prefix (中共无锡市委) or end in an organisation's
    name (X有限公司工会 is no junk before a place).
    """
    if span.label_ not in ORG_LABELS or span._.kg_canonical:
        return span
    start, end = span.start_char, span.end_char
    for p_start, p_end in places:
        # ... but not back over words the rule's left trim cut off (会同|县经发局)
        if p_start < start < p_end and not _trimmed_word(text[p_start:start], ruleset):
            return _respan(doc, span, p_start, span.label_)
    if span.label_ not in ("GOVERNMENT", "UNION", "ORGANIZATION") or any(p_start <= start < p_end for p_start, p_end in places):
        return span
    parts = ruleset.name_parts
    for p_start in _place_starts(text, start, end, places, "".join(parts.get("level_chars", ()))):
        prefix, rest = text[start:p_start], text[p_start:end]
        if (
            0 < len(prefix) <= MAX_JUNK_BEFORE_PLACE
            and len(rest) >= 2
            and not prefix.startswith(ruleset.government_name_prefixes)
            and not prefix.endswith(parts.get("org_name_ends", ()))
            and (
                span.label_ == "GOVERNMENT"
                or (len(rest) <= MAX_NAME_AFTER_PLACE and not any(w in rest for w in parts.get("owner_words", ())))
            )
        ):
            return _respan(doc, span, p_start, span.label_)
        break
    return span


def _place_starts(text: str, start: int, end: int, places: list[tuple[int, int]], level_chars: str) -> list[int]:
    """Where a place begins inside text[start:end]: gazetteer places, and level characters
    (省市县区) that jieba's dictionary segmentation keeps as the start of a word of their
    own and no gazetteer place covers (代表|市|总工会, 为|县法院, but not 园区, 新吴区)."""
    from kg.gazetteer import get_gazetteer
    from kg.nlp import words

    known = get_gazetteer().by_surface
    starts = {p_start for p_start, _ in places if start < p_start < end}
    pos = start
    for word in words.cut(text[start:end]):
        if (
            pos > start
            and word[0] in level_chars
            and not any(a <= pos < b for a, b in places)
            and not any(text[k : pos + 1] in known for k in range(max(start, pos - 6), pos))  # 宜城|市委
        ):
            starts.add(pos)
        pos += len(word)
    return sorted(starts)


def _trimmed_word(prefix: str, ruleset: RuleSet) -> bool:
    # a whole stop word or character, not one inside a place name (呼和|浩特市)
    return prefix in ruleset.left_stop_words or prefix in ruleset.left_stop_chars


@dataclass
class EntityPipeline:
    nlp: Language
    use_model: bool

    def mentions(self, document: Document) -> list[Mention]:
        """All entity mentions of a document, in original-text offsets, sorted."""
        text = document.repaired or document.norm or document.text
        paras = [(m.start(), m.group()) for m in PARAGRAPH.finditer(text)]
        model_spans = self._model_spans([p for _, p in paras]) if self.use_model else [[] for _ in paras]
        out: list[Mention] = []
        for (offset, para), extra in zip(paras, model_spans, strict=True):
            doc = self.nlp.make_doc(para)
            for name, proc in self.nlp.pipeline:
                if name == "kg_select":
                    _add_model_spans(doc, extra)
                doc = proc(doc)
            for span in doc.spans["kg"]:
                orig = document.to_original(offset + span.start_char, offset + span.end_char)
                out.append(
                    Mention(
                        start=orig.start,
                        end=orig.end,
                        text=document.text[orig.start : orig.end],
                        type=span.label_,
                        source=span._.kg_rule or "model",
                        canonical=span._.kg_canonical,
                        attrs=_mention_attrs(span),
                    )
                )
        out.extend(_byline_mentions(document))
        out = _dedupe(out)
        out += _nested_mentions(out, load_rules())
        out += _propagate(document, out, load_rules())
        return _dedupe(out)

    def _model_spans(self, paras: list[str]) -> list[list[tuple[int, int, str]]]:
        try:
            from kg.nlp import ner_model
        except ImportError:
            return [[] for _ in paras]
        if ner_model.load() is None:
            return [[] for _ in paras]
        return ner_model.predict(paras)


def _mention_attrs(span: Span) -> dict:
    attrs = dict(span._.kg_attrs or {})
    if span._.kg_require_relation:
        attrs["require_relation"] = True
    return attrs


def _add_model_spans(doc: Doc, spans: Iterable[tuple[int, int, str]]) -> None:
    cands = list(doc.spans.get("kg_candidates", []))
    surnames = load_rules().surnames
    for start, end, label in spans:
        etype = MODEL_LABELS.get(label)
        if etype is None or not MODEL_SPAN[0] <= end - start <= MODEL_SPAN[1]:
            continue
        if surnames and not doc.text.startswith(surnames, start):
            continue  # a person's name starts with a surname (drops 吴特 from 新吴特色)
        span = doc.char_span(start, end, label=etype)
        if span is None:
            continue
        span._.kg_rule = "model"
        span._.kg_priority = MODEL_PRIORITY
        cands.append(span)
    doc.spans["kg_candidates"] = cands


def _byline_mentions(document: Document) -> list[Mention]:
    """Persons, affiliations, posts and titles the ingest stage found in article headers."""
    out: list[Mention] = []
    for art in document.articles:
        if art.title and art.title_span:
            s = art.title_span
            out.append(Mention(s.start, s.end, document.text[s.start : s.end], "DOCUMENT", "title"))
        for by in art.bylines:
            if by.role == "source":
                continue
            if by.person and by.person_span:
                s = by.person_span
                text = document.text[s.start : s.end]
                # a name typeset with spaces (冯  锴) is named without them
                out.append(Mention(s.start, s.end, text, "PERSON", "byline", canonical=by.person if by.person != text else None))
    return out


def _nested_mentions(mentions: list[Mention], ruleset: RuleSet) -> list[Mention]:
    """An organisation's own union names the organisation: X有限公司工会 -> X有限公司."""
    owner_rules = {rule.name for rule in ruleset.rules if rule.nests_owner}
    out = []
    for m in mentions:
        short = UNION_SHORT_PREFIX.match(m.text)
        if short and m.type in ("UNION", "ORGANIZATION") and len(m.text) > len(short.group()):
            # 省总职工科技活动中心: the name starts with the union it belongs to
            out.append(Mention(m.start, m.start + len(short.group()), short.group(), "UNION", "nested"))
        if m.type == "UNION" and m.text.endswith("工会") and not m.text.endswith("总工会"):
            owner = m.text[: -len("工会")]
            etype = ruleset.type_for(owner, "")
            if etype in ("ENTERPRISE", "ORGANIZATION", "GOVERNMENT") and len(owner) >= 3:
                out.append(Mention(m.start, m.start + len(owner), owner, etype, "nested"))
        studio = next((h for h in ruleset.name_parts.get("studio_heads", ()) if m.text.endswith(h)), None)
        if studio and m.type == "ORGANIZATION":
            out += _studio_parts(m, len(m.text) - len(studio), ruleset)
        if m.type in ("HONOUR", "PROGRAMME", "EVENT"):
            out += _leading_places(m)
        if m.type == "EVENT":
            # a ceremony named after the contests it opens or closes: they are named inside it
            for c in ruleset.find(m.text):
                if c.type == "PROGRAMME" and (c.start, c.end) != (0, len(m.text)):
                    out.append(Mention(m.start + c.start, m.start + c.end, m.text[c.start : c.end], c.type, "nested"))
            out += _joint_meeting_hosts(m, ruleset)
            out += _leading_body(m, ruleset)
        if m.type == "DOCUMENT":
            out += _issuers_in_title(m, ruleset)
        if m.source in owner_rules:
            owner = _owner_of(m.text, ruleset)
            if owner:
                out.append(Mention(m.start, m.start + len(owner[0]), owner[0], owner[1], "nested"))
    return out


ISSUER_SEPARATORS = re.compile(r"[、\s]+")
OFFICE_HEADS = ("办公室", "办公厅")


def issuers_in_title(title: str) -> list[tuple[int, str]]:
    """The bodies an official document's title names as its issuers, with their offsets:
    《A、B关于…的通知》 is issued by A and B."""
    start = 1 if title.startswith("《") else 0
    head = title.find("关于", start)
    if head <= start:
        return []
    out, pos = [], start
    for part in ISSUER_SEPARATORS.split(title[start:head]):
        pos = title.index(part, pos) if part else pos
        if len(part) >= 3:
            out.append((pos, part))
        pos += len(part)
    return out


def _issuers_in_title(m: Mention, ruleset: RuleSet) -> list[Mention]:
    """Issuers named at the head of a document's title (the convention of official
    documents), typed by the rule that finds the whole name or by its head; an office
    (办公室, 办公厅) takes the type of the body it serves."""

    def issuer_type(name: str) -> str | None:
        body = next((name[: -len(h)] for h in OFFICE_HEADS if name.endswith(h)), name)
        return _whole_org_type(body, ruleset) or ruleset.type_for(body, "")

    return _bodies_named_in(m, issuers_in_title(m.text), issuer_type)


JOINT_MEETING = re.compile(r"^(.{2,16}?)[与和](.{2,16}?)联席会议$")


def joint_meeting_hosts(name: str) -> list[tuple[int, str]]:
    """The two bodies a joint meeting is named after (A与B联席会议), with their offsets."""
    m = JOINT_MEETING.match(name)
    return [(m.start(1), m.group(1)), (m.start(2), m.group(2))] if m else []


def _joint_meeting_hosts(m: Mention, ruleset: RuleSet) -> list[Mention]:
    return _bodies_named_in(m, joint_meeting_hosts(m.text), lambda name: _whole_org_type(name, ruleset))


def leading_body(name: str, ruleset: RuleSet) -> str | None:
    """The organisation an event's name starts with (X有限公司工会成立大会 -> X有限公司工会)."""
    bodies = [c for c in ruleset.find(name) if c.start == 0 and c.end < len(name) and c.type in ORG_LABELS - {"ORG"}]
    return name[: max(c.end for c in bodies)] if bodies else None


def _leading_body(m: Mention, ruleset: RuleSet) -> list[Mention]:
    """The body an event is named after, and the owner of that body when it is an
    organisation's union (X有限公司工会 -> X有限公司)."""
    body = leading_body(m.text, ruleset)
    if not body:
        return []
    out = _bodies_named_in(m, [(0, body)], lambda name: _whole_org_type(name, ruleset))
    if out and out[0].type == "UNION":
        out += _nested_mentions(out[:1], ruleset)
    return out


def _bodies_named_in(m: Mention, parts: list[tuple[int, str]], type_of: Callable[[str], str | None]) -> list[Mention]:
    """Nested mentions of the parts of ``m`` (offset, name) that ``type_of`` types."""
    out = []
    for offset, name in parts:
        etype = type_of(name)
        if etype:
            out.append(Mention(m.start + offset, m.start + offset + len(name), name, etype, "nested"))
    return out


def _whole_org_type(name: str, ruleset: RuleSet) -> str | None:
    """The organisation type a rule gives ``name`` as a whole (中铁四局 is a company)."""
    return next((c.type for c in ruleset.find(name) if (c.start, c.end) == (0, len(name)) and c.type in ORG_LABELS - {"ORG"}), None)


def _leading_places(m: Mention) -> list[Mention]:
    """The places an honour, programme or event is named after: 广东省|深圳市|第十二届职工技术创新运动会,
    山东省|“五一”劳动奖状 name 广东省, 深圳市 and 山东省 (organisations get theirs in resolution)."""
    from kg.gazetteer import get_gazetteer

    split = get_gazetteer().split_place_prefix(m.text)
    if split is None:
        return []
    out, pos = [], 0
    for place in split[1]:
        # official names only: a short form starts other words (安康|杯竞赛 is no place)
        if len(place.name) < 3 or not m.text.startswith(place.name, pos):
            break
        out.append(Mention(m.start + pos, m.start + pos + len(place.name), place.name, "PLACE", "nested"))
        pos += len(place.name)
    return out


def _owner_of(name: str, ruleset: RuleSet) -> tuple[str, str] | None:
    """The longest organisation name a rule finds at the start of ``name`` (X有限公司 of
    X有限公司技术中心), with its type."""
    owners = [c for c in ruleset.find(name) if c.start == 0 and c.end < len(name) and c.type in ORG_LABELS - {"ORG"}]
    best = max(owners, key=lambda c: c.end, default=None)
    return (name[: best.end], best.type) if best else None


def _studio_parts(m: Mention, head_start: int, ruleset: RuleSet) -> list[Mention]:
    """中铁四局周国锋创新工作室: the person the studio is named after, and the body it
    belongs to (the part before the name, when that ends like an organisation's name)."""
    before = m.text[:head_start]
    for length in (3, 2):
        name, owner = before[-length:], before[:-length]
        if len(name) == length and name.startswith(ruleset.surnames) and (not owner or owner.endswith(ruleset.name_parts.get("studio_owner_ends", ()))):
            out = [Mention(m.start + len(owner), m.start + len(before), name, "PERSON", "nested")]
            # the type a rule gives the owner's whole name (中铁四局 is a company), else its suffix's
            etype = (_whole_org_type(owner, ruleset) or ruleset.type_for(owner, "ENTERPRISE")) if len(owner) >= 4 else ""
            if etype:
                out.append(Mention(m.start, m.start + len(owner), owner, etype, "nested"))
            return out
    return []


def _propagate(document: Document, mentions: list[Mention], ruleset: RuleSet) -> list[Mention]:
    """Other occurrences of names found once, and short forms of company names.

    A name the rules found in one sentence is the same name elsewhere in the document
    (long names only: three characters or more). A company's short form (its name less
    place prefix, bracketed place, industry word and legal suffix: X半导体(中国)有限公司 ->
    X) is looked for too, and points to the full name.
    """
    text = document.repaired or document.text
    taken = bytearray(len(document.text) + 1)
    for m in mentions:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    targets: dict[str, tuple[str, str | None]] = {}
    for m in mentions:
        if m.type in ("POSITION",) or m.source in ("title",):
            continue
        surface = text_of(document, m)
        if len(surface) >= 3:
            targets.setdefault(surface, (m.type, m.canonical))
        if m.type == "ENTERPRISE":
            for short in ruleset.company_short_forms(surface):
                targets.setdefault(short, ("ENTERPRISE", m.canonical or surface))
    out: list[Mention] = []
    for surface, (etype, canonical) in sorted(targets.items(), key=lambda kv: -len(kv[0])):
        pos = text.find(surface)
        while pos >= 0:
            orig = document.to_original(pos, pos + len(surface))
            if not any(taken[orig.start : orig.end]) and _is_boundary(text, pos, pos + len(surface)):
                taken[orig.start : orig.end] = b"\x01" * (orig.end - orig.start)
                out.append(
                    Mention(orig.start, orig.end, document.text[orig.start : orig.end], etype, "propagated", canonical)
                )
            pos = text.find(surface, pos + len(surface))
    return out


def text_of(document: Document, m: Mention) -> str:
    """The normalised surface of a mention (what the rules matched)."""
    norm = document.norm or document.text
    return norm[m.start : m.end]


def _is_boundary(text: str, start: int, end: int) -> bool:
    """Latin names must not continue into more Latin letters (SK in SKU)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (text[start].isascii() and before.isascii() and before.isalnum()) and not (
        text[end - 1].isascii() and after.isascii() and after.isalnum()
    )


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Drop exact duplicates and mentions nested in a byline/title mention of another type."""
    seen: dict[tuple[int, int, str], Mention] = {}
    for m in mentions:
        key = (m.start, m.end, "nested" if m.source == "nested" else "")
        if key not in seen or m.source in ("byline", "title"):
            seen[key] = m
    # inside a title only organisations, places, persons and honours count: a title's words
    # are no programme of their own, but 南京市江宁区总工会 in a headline names the union
    # and 5名选手被授予“宜都五一劳动奖章” the medal
    titles = [m for m in seen.values() if m.source == "title"]
    kept = [
        m
        for m in seen.values()
        if m.source == "title"
        or m.type in TITLE_NESTED_TYPES
        or not any(t.start <= m.start and m.end <= t.end for t in titles)
    ]
    return sorted(kept, key=lambda m: (m.start, m.end))


@lru_cache(maxsize=4)
def get_pipeline(use_model: bool = False, extra_rules: tuple[str, ...] = ()) -> EntityPipeline:
    nlp = spacy.blank("zh")
    nlp.add_pipe("kg_rules", config={"extra_rules": list(extra_rules)})
    nlp.add_pipe("kg_gazetteer")
    nlp.add_pipe("kg_select")
    return EntityPipeline(nlp=nlp, use_model=use_model)
