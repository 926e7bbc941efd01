"""The relations stage: typed edges between the resolved entities of one document.

Patterns are data (``kg/rules/relations.yaml``); this module holds the few mechanisms
they drive: cue rules within a sentence (with the article's organisation as the subject
carried over when a sentence has none), list designations ("A、B等6家省级试点单位"),
posts next to names, bylines, place prefixes of names, enterprise unions, and the
programmes an article's organisation runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg.model import ORG_TYPES, Article, Document, Entity, Mention, Relation, Span, Statistic

SENTENCE_END = "。！？!?;；\n"
LIST_GLUE = re.compile(r"^[、,和及与以及\s“”「」]*$")


@dataclass(slots=True)
class Occurrence:
    """A mention with the id and type of its resolved entity."""

    start: int
    end: int
    eid: str
    type: str
    text: str


@dataclass(slots=True)
class CueRule:
    name: str
    predicate: str
    subject: frozenset[str]
    object: frozenset[str]
    cue: re.Pattern[str]
    cue_after: re.Pattern[str] | None
    max_gap: int
    subject_fallback: str | None
    subject_prefix: str | None
    subject_between: bool
    confidence: float


@dataclass(slots=True)
class RelationRules:
    cue_rules: list[CueRule]
    config: dict[str, Any] = field(default_factory=dict)


def _types(names: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for n in names:
        out |= ORG_TYPES if n == "ORG" else {n}
    return frozenset(out)


@lru_cache(maxsize=1)
def load_relation_rules() -> RelationRules:
    data = yaml.safe_load(resources.files("kg.rules").joinpath("relations.yaml").read_text(encoding="utf-8"))
    macros = data.get("macros") or {}

    def expand(p: str) -> str:
        return re.sub(r"\{([A-Z_]+)\}", lambda m: macros.get(m.group(1), m.group(0)), p)

    rules = [
        CueRule(
            name=r["name"],
            predicate=r["predicate"],
            subject=_types(r["subject"]),
            object=_types(r["object"]),
            cue=re.compile(expand(r["cue"])),
            cue_after=re.compile(expand(r["cue_after"])) if r.get("cue_after") else None,
            max_gap=int(r.get("max_gap", 10)),
            subject_fallback=r.get("subject_fallback"),
            subject_prefix=r.get("subject_prefix"),
            subject_between=bool(r.get("subject_between", False)),
            confidence=float(r.get("confidence", 0.7)),
        )
        for r in data.get("cue_rules") or []
    ]
    data["list_designation"]["pattern"] = expand(data["list_designation"]["pattern"])
    return RelationRules(cue_rules=rules, config=data)


def sentence_spans(doc: Document) -> list[Span]:
    """Sentences in original offsets, split on the repaired text so page breaks don't cut them."""
    text = doc.repaired or doc.text
    out: list[Span] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in SENTENCE_END:
            if i + 1 > start and text[start : i + 1].strip():
                out.append(doc.to_original(start, i + 1))
            start = i + 1
    if start < len(text) and text[start:].strip():
        out.append(doc.to_original(start, len(text)))
    return out


class RelationExtractor:
    def __init__(self, rules: RelationRules | None = None):
        self.rules = rules or load_relation_rules()

    def extract(
        self, doc: Document, entities: list[Entity], mention_ids: list[str], mentions: list[Mention]
    ) -> tuple[list[Relation], list[Statistic]]:
        by_id = {e.id: e for e in entities}
        occ = sorted(
            (Occurrence(m.start, m.end, eid, by_id[eid].type, m.text) for m, eid in zip(mentions, mention_ids, strict=True)),
            key=lambda o: (o.start, o.end),
        )
        found: dict[tuple[str, str, str], Relation] = {}

        def add(rel: Relation) -> None:
            if rel.subject == rel.object:
                return
            key = (rel.subject, rel.predicate, rel.object)
            if key not in found or found[key].confidence < rel.confidence:
                found[key] = rel

        sentences = sentence_spans(doc)
        for sent in sentences:
            in_sent = [o for o in occ if sent.start <= o.start and o.end <= sent.end]
            subject = self._article_subject(doc, sent.start, entities, occ)
            for rule in self.rules.cue_rules:
                for rel in self._apply_cue_rule(rule, doc.text, sent, in_sent, subject):
                    add(rel)
            for rel in self._list_designations(doc.text, sent, in_sent):
                add(rel)
            for rel in self._posts(doc.text, sent, in_sent):
                add(rel)
        statistics = [st for sent in sentences for st in self._statistics(doc, sent, occ)]
        for rel in self._bylines(doc, entities, occ):
            add(rel)
        for rel in self._article_programmes(doc, entities, occ, found):
            add(rel)
        return list(found.values()), statistics

    # -- the article's own organisation -------------------------------------------------
    def _article_subject(self, doc: Document, pos: int, entities: list[Entity], occ: list[Occurrence]) -> str | None:
        art = doc.article_at(pos)
        if art is None:
            return None
        return article_subject(art, occ)

    # -- cue rules ----------------------------------------------------------------
    def _apply_cue_rule(
        self, rule: CueRule, text: str, sent: Span, in_sent: list[Occurrence], article_subj: str | None
    ) -> list[Relation]:
        out: list[Relation] = []
        for obj in in_sent:
            if obj.type not in rule.object:
                continue
            cue = self._cue_before(rule, text, sent, obj, in_sent)
            if cue is None:
                continue
            if rule.cue_after is not None and not rule.cue_after.match(text, obj.end):
                # the verb may follow a list of objects: look past list-mates
                rest = text[obj.end : sent.end]
                tail = re.match(r"^(?:[、,和及与](?:[^、,。;]{1,20}?))*?(?=(?:分别)?[^、,。;]{0,2})", rest)
                if not (tail and rule.cue_after.search(rest[: tail.end() + 8])):
                    continue
            subj = self._subject_before(rule, text, sent, cue.start(), in_sent, obj)
            if subj is None and rule.subject_fallback == "article" and article_subj:
                if not any(o.type in rule.subject for o in in_sent if o.end <= cue.start() and o is not obj):
                    subj_id = article_subj
                else:
                    continue
            elif subj is None:
                continue
            else:
                subj_id = subj.eid
            ev_start = min(obj.start, subj.start if subj else cue.start())
            out.append(
                Relation(
                    subject=subj_id,
                    predicate=rule.predicate,
                    object=obj.eid,
                    evidence=Span(ev_start, max(obj.end, cue.end())),
                    confidence=rule.confidence if subj else round(rule.confidence * 0.85, 2),
                    rule=rule.name,
                )
            )
        return out

    def _cue_before(
        self, rule: CueRule, text: str, sent: Span, obj: Occurrence, in_sent: list[Occurrence]
    ) -> re.Match[str] | None:
        """The cue closest before ``obj`` whose gap to it holds only list-mates and glue."""
        best = None
        for m in rule.cue.finditer(text, sent.start, obj.start):
            if m.end() > obj.start:
                break
            gap = _strip_mentions(text, m.end(), obj.start, in_sent, rule.object)
            if len(gap) <= rule.max_gap or LIST_GLUE.match(gap):
                best = m
        return best

    def _subject_before(
        self, rule: CueRule, text: str, sent: Span, cue_start: int, in_sent: list[Occurrence], obj: Occurrence
    ) -> Occurrence | None:
        cands = [o for o in in_sent if o.type in rule.subject and o.end <= cue_start and o is not obj]
        if not cands:
            return None
        subj = cands[-1]
        if rule.subject_prefix and not text[max(sent.start, subj.start - len(rule.subject_prefix)) : subj.start].endswith(
            rule.subject_prefix
        ):
            return None
        # the subject must be in the same clause: no sentence-internal comma between, unless
        # the subject opens the sentence (a topic carried over the clause)
        between = text[subj.end : cue_start]
        if rule.subject_between:
            return subj
        if "," in between and len(between) > 12:
            return None
        return subj

    # -- "A、B等6家省级试点单位" ----------------------------------------------------------
    def _list_designations(self, text: str, sent: Span, in_sent: list[Occurrence]) -> list[Relation]:
        cfg = self.rules.config["list_designation"]
        pat = re.compile(cfg["pattern"])
        out: list[Relation] = []
        for i, hon in enumerate(in_sent):
            if hon.type != "HONOUR":
                continue
            before = text[max(sent.start, hon.start - 8) : hon.start]
            matches = list(pat.finditer(before))
            m = matches[-1] if matches else None
            if m is None or m.end() != len(before):
                continue
            # walk back over the list of organisations
            end = hon.start - (len(before) - m.start())
            members: list[Occurrence] = []
            for o in reversed(in_sent[:i]):
                if o.end > end:
                    continue
                glue = text[o.end : end]
                if not LIST_GLUE.match(glue) or o.type not in ORG_TYPES:
                    break
                members.append(o)
                end = o.start
            level = designation_level(hon.text, cfg["level_words"])
            for o in members:
                quals = {"level": level} if level else {}
                out.append(
                    Relation(o.eid, "received_honour", hon.eid, Span(o.start, hon.end), 0.85, quals, "list_designation")
                )
        return out

    # -- counted facts --------------------------------------------------------------
    def _statistics(self, doc: Document, sent: Span, occ: list[Occurrence]) -> list[Statistic]:
        text = doc.text
        out: list[Statistic] = []
        subject = self._article_subject(doc, sent.start, [], occ)
        in_sent = [o for o in occ if sent.start <= o.start and o.end <= sent.end]
        for rule in self.rules.config.get("statistics") or []:
            for m in re.finditer(rule["pattern"], text[sent.start : sent.end]):
                groups = m.groupdict()
                value = _number(groups["value"])
                if value is None:
                    continue
                start, end = sent.start + m.start(), sent.start + m.end()
                years = re.findall(r"((?:19|20)[0-9]{2})年", text[sent.start : start])
                obj = None
                if rule.get("object") == "next":
                    nxt = [o for o in in_sent if o.start >= end]
                    obj = nxt[0].eid if nxt else None
                elif rule.get("object") == "previous":
                    prev = [o for o in in_sent if o.end <= start]
                    obj = prev[-1].eid if prev and prev[-1].end >= start - 2 else None
                    if obj is None:
                        continue
                measure = groups.get("measure") or rule.get("measure") or rule["name"]
                if groups.get("who"):
                    measure = f"{measure}: {groups['who']}"
                unit = (groups.get("unit") or "") + ("+" if groups.get("approx") in ("以上", "余", "多") else "")
                out.append(Statistic(subject, measure, value, unit, Span(start, end), years[-1] if years else None, obj))
        return out

    # -- posts ------------------------------------------------------------------
    def _posts(self, text: str, sent: Span, in_sent: list[Occurrence]) -> list[Relation]:
        """'<org><post>、<post> <person>' and '<org>“<group>”<post><person>'."""
        out: list[Relation] = []
        for i, person in enumerate(in_sent):
            if person.type != "PERSON":
                continue
            posts: list[Occurrence] = []
            j = i - 1
            end = person.start
            while j >= 0 and in_sent[j].type == "POSITION" and re.fullmatch(r"[、\s]*", text[in_sent[j].end : end]):
                posts.insert(0, in_sent[j])
                end = in_sent[j].start
                j -= 1
            if not posts or j < 0:
                continue
            org = in_sent[j]
            if org.type not in ORG_TYPES or text[org.end : end].strip():
                continue
            post = text[posts[0].start : posts[-1].end]
            out.append(Relation(person.eid, "holds_post", org.eid, Span(org.start, person.end), 0.9, {"post": post}, "post_adjacency"))
            # '<union>“<group>”团长' : the group belongs to the union before it
            if j >= 1 and in_sent[j - 1].type in ORG_TYPES and not text[in_sent[j - 1].end : org.start].strip():
                up = in_sent[j - 1]
                out.append(Relation(org.eid, "sub_organization_of", up.eid, Span(up.start, org.end), 0.75, {}, "org_group"))
        return out

    # -- bylines ----------------------------------------------------------------
    def _bylines(self, doc: Document, entities: list[Entity], occ: list[Occurrence]) -> list[Relation]:
        out: list[Relation] = []
        for art in doc.articles:
            title = _occ_at(occ, art.title_span) if art.title_span else None
            for by in art.bylines:
                if not by.person_span:
                    continue
                person = _occ_at(occ, by.person_span)
                if person is None:
                    continue
                if title is not None and title.type == "DOCUMENT":
                    ev = Span(min(title.start, person.start), max(title.end, person.end))
                    out.append(Relation(person.eid, "authored", title.eid, ev, 0.9, {}, f"byline:{by.role}"))
                if by.affiliation_span:
                    org = _occ_within(occ, by.affiliation_span)
                    if org is not None and org.type in ORG_TYPES:
                        ev = Span(by.affiliation_span.start, by.person_span.end)
                        out.append(
                            Relation(person.eid, "holds_post", org.eid, ev, 0.8, {"post": by.post or ""}, "byline")
                        )
        return out

    # -- programmes of the article's organisation ---------------------------------
    def _article_programmes(
        self, doc: Document, entities: list[Entity], occ: list[Occurrence], found: dict[tuple[str, str, str], Relation]
    ) -> list[Relation]:
        cfg = self.rules.config["article_runs_programme"]
        owned = {(k[2]) for k, r in found.items() if k[1] in ("established", "runs_programme") and r.rule != "article"}
        out: list[Relation] = []
        seen: set[tuple[str, str]] = set()
        for o in occ:
            if o.type != "PROGRAMME" or o.eid in owned:
                continue
            art = doc.article_at(o.start)
            if art is None:
                continue
            subj = article_subject(art, occ)
            if subj is None or (subj, o.eid) in seen:
                continue
            # 'X的“P”': the programme belongs to X, not to the article's organisation
            prev = [p for p in occ if p.end <= o.start and p.type in ORG_TYPES]
            if prev and doc.text[prev[-1].end : o.start] == cfg["owner_cue"]:
                out.append(Relation(prev[-1].eid, "runs_programme", o.eid, Span(prev[-1].start, o.end), 0.75, {}, "owner"))
                owned.add(o.eid)
                continue
            seen.add((subj, o.eid))
            out.append(Relation(subj, "runs_programme", o.eid, Span(o.start, o.end), cfg["confidence"], {}, "article"))
        return [r for r in out if not (r.rule == "article" and r.object in owned)]


def article_subject(art: Article, occ: list[Occurrence]) -> str | None:
    """The organisation an article speaks for: its byline's affiliation, else its first union."""
    for by in art.bylines:
        if by.affiliation_span:
            org = _occ_within(occ, by.affiliation_span)
            if org is not None and org.type in ORG_TYPES:
                return org.eid
    first_org = None
    for o in occ:
        if art.span.start <= o.start < art.span.end:
            if o.type == "UNION":
                return o.eid
            if first_org is None and o.type in ORG_TYPES:
                first_org = o.eid
    return first_org


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _number(raw: str) -> float | None:
    """Arabic or simple Chinese numerals (十, 二十, 百) as a number."""
    try:
        return float(raw)
    except ValueError:
        pass
    total, current = 0, 0
    for ch in raw:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            current = 0
        else:
            return None
    return float(total + current)


def designation_level(name: str, level_words: dict[str, list[str]]) -> str | None:
    for level, words in level_words.items():
        if any(name.lstrip("“「").startswith(w) for w in words):
            return level
    return None


def _strip_mentions(text: str, start: int, end: int, occ: list[Occurrence], types: frozenset[str]) -> str:
    """The text in [start, end) with mentions of ``types`` removed (list-mates of an object)."""
    parts = []
    pos = start
    for o in occ:
        if o.start >= start and o.end <= end and o.type in types:
            parts.append(text[pos : o.start])
            pos = o.end
    parts.append(text[pos:end])
    return "".join(parts)


def _occ_at(occ: list[Occurrence], span: Span) -> Occurrence | None:
    for o in occ:
        if o.start == span.start and o.end == span.end:
            return o
    return None


def _occ_within(occ: list[Occurrence], span: Span) -> Occurrence | None:
    best = None
    for o in occ:
        if span.start <= o.start and o.end <= span.end and (best is None or o.end - o.start > best.end - best.start):
            best = o
    return best


def structural_relations(doc: Document, entities: list[Entity]) -> tuple[list[Entity], list[Relation]]:
    """Relations read off the names themselves.

    * located_in from a place prefix (无锡市新吴区总工会 -> 无锡市新吴区 -> 无锡市), creating the
      place entity when the text gives the place only inside a name; names resolved from
      context (县经发局 = 沛县经发局) use their resolved alias. Places in brackets
      (华虹半导体(无锡)有限公司) are not prefixes and say nothing.
    * sub_organization_of when an organisation's name extends another's name or alias
      (X有限公司工会 -> X有限公司; 省总职工科技活动中心 -> the province union called 省总).
    """
    try:
        from kg.gazetteer import get_gazetteer
    except ImportError:  # gazetteer not available: names alone give no places
        return entities, []
    gaz = get_gazetteer()
    entities = list(entities)
    relations: list[Relation] = []
    places = [e for e in entities if e.type == "PLACE"]
    next_id = 1 + max((int(e.id[1:]) for e in entities if e.id[1:].isdigit()), default=0)

    def place_entity(surface: str, place: Any, anchor: Mention | None) -> Entity:
        nonlocal next_id
        code = getattr(place, "code", None)
        for p in places:
            forms = {p.name, *p.aliases}
            if surface in forms or (code and p.attrs.get("code") == code):
                if surface not in forms:
                    p.aliases.append(surface)
                if len(surface) > len(p.name) and surface.endswith(p.name[-1]):
                    p.aliases.append(p.name)
                    p.aliases.remove(surface)
                    p.name = surface
                return p
        ent = Entity(id=f"e{next_id}", name=surface, type="PLACE", attrs={"code": code} if code else {})
        if anchor is not None:
            ent.mentions.append(Mention(anchor.start, anchor.start + len(surface), surface, "PLACE", "prefix"))
        next_id += 1
        places.append(ent)
        entities.append(ent)
        return ent

    for ent in list(entities):
        if ent.type not in ORG_TYPES and ent.type != "PLACE":
            continue
        forms = sorted({ent.name, *ent.aliases}, key=len, reverse=True)
        for form in forms:
            split = gaz.split_place_prefix(form)
            if not split:
                continue
            prefix, chain = split
            if ent.type == "PLACE" and prefix == form:
                # a place written with its parents: 盐城市阜宁县 -> 盐城市
                if len(chain) < 2:
                    break
                parent_text = form[: form.rindex(chain[-1].short) if chain[-1].short in form else 0]
                parent_text = parent_text or chain[-2].name
                anchor = ent.mentions[0] if ent.mentions and ent.mentions[0].text == form else None
                parent = place_entity(parent_text, chain[-2], anchor)
                relations.append(_name_relation(ent, "located_in", parent))
                break
            anchor = next((m for m in ent.mentions if m.text.startswith(prefix)), None)
            place = place_entity(prefix, chain[-1], anchor)
            relations.append(_name_relation(ent, "located_in", place))
            break

    orgs = [e for e in entities if e.type in ORG_TYPES]
    for ent in orgs:
        best: tuple[int, Entity] | None = None
        for other in orgs:
            if other is ent:
                continue
            for form in (other.name, *other.aliases):
                extends = len(form) >= 2 and ent.name.startswith(form) and len(ent.name) > len(form) + 1
                if extends and (best is None or len(form) > best[0]):
                    best = (len(form), other)
        if best and not (ent.name in best[1].aliases or best[1].name.startswith(ent.name)):
            relations.append(_name_relation(ent, "sub_organization_of", best[1]))
    return entities, relations


def _name_relation(subject: Entity, predicate: str, obj: Entity) -> Relation:
    m = subject.mentions[0] if subject.mentions else None
    ev = Span(m.start, m.end) if m else Span(0, 0)
    return Relation(subject.id, predicate, obj.id, ev, 0.9, {}, "name")
