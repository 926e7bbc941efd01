"""The relations stage: typed edges between the resolved entities of one document.

Patterns are data (``kg/rules/relations.yaml``); this module holds the few mechanisms
they drive: cue rules within a sentence (with the article's organisation as the subject
carried over when a sentence has none), list designations ("A、B等6家省级试点单位"),
posts next to names, bylines, place prefixes of names, enterprise unions, and the
programmes an article's organisation runs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg.model import ORG_TYPES, Article, Document, Entity, Mention, Relation, Span, Statistic

SENTENCE_END = "。！？!?;；\n"
SUBJECT_GLUE = re.compile(r"^(?:联合|会同|携手|同)$")  # 'A联合B印发': both issue it
NOT_A_SUBJECT_AFTER = ("在", "于", "从", "围绕", "按照", "根据", "遵照", "依照", "贯彻", "落实")
LIST_GLUE = re.compile(r"^[、,和及与以及\s“”「」]*$")


@dataclass(slots=True)
class Occurrence:
    """A mention with the id and type of its resolved entity."""

    start: int
    end: int
    eid: str
    type: str
    text: str
    ostart: int = 0  # original offsets, for article and byline lookups
    oend: int = 0


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
    object_ends_phrase: bool
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
            object_ends_phrase=bool(r.get("object_ends_phrase", False)),
            confidence=float(r.get("confidence", 0.7)),
        )
        for r in data.get("cue_rules") or []
    ]
    data["list_designation"]["pattern"] = expand(data["list_designation"]["pattern"])
    return RelationRules(cue_rules=rules, config=data)


@dataclass(slots=True)
class TextView:
    """The repaired text (page breaks joined) with maps to and from original offsets.

    Relation cues are matched here so that "被\n\n命名为" still reads "被命名为".
    """

    doc: Document
    text: str
    to_view: list[int]

    @classmethod
    def of(cls, doc: Document) -> TextView:
        text = doc.repaired or doc.norm or doc.text
        offs = doc.repaired_offsets or list(range(len(text) + 1))
        to_view = [0] * (len(doc.text) + 1)
        j = len(text)
        for i in range(len(doc.text), -1, -1):  # removed characters map to the next kept one
            while j > 0 and offs[j - 1] >= i:
                j -= 1
            to_view[i] = j
        for k, o in enumerate(offs[: len(text)]):
            to_view[o] = k
        to_view[len(doc.text)] = len(text)
        return cls(doc, text, to_view)

    def view_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_view[start], self.to_view[end - 1] + 1 if end > start else self.to_view[start]

    def original(self, span: Span) -> Span:
        return self.doc.to_original(span.start, span.end)

    def sentences(self) -> list[Span]:
        out: list[Span] = []
        start = 0
        for i, ch in enumerate(self.text):
            if ch in SENTENCE_END:
                if self.text[start : i + 1].strip():
                    out.append(Span(start, i + 1))
                start = i + 1
        if self.text[start:].strip():
            out.append(Span(start, len(self.text)))
        return out


class RelationExtractor:
    def __init__(self, rules: RelationRules | None = None):
        self.rules = rules or load_relation_rules()

    def extract(
        self, doc: Document, entities: list[Entity], mention_ids: list[str], mentions: list[Mention]
    ) -> tuple[list[Relation], list[Statistic]]:
        view = TextView.of(doc)
        by_id = {e.id: e for e in entities}
        occ = []
        for m, eid in zip(mentions, mention_ids, strict=True):
            vs, ve = view.view_span(m.start, m.end)
            occ.append(Occurrence(vs, ve, eid, by_id[eid].type, view.text[vs:ve], m.start, m.end))
        occ.sort(key=lambda o: (o.start, o.end))
        found: dict[tuple[str, str, str], Relation] = {}

        def add(rel: Relation) -> None:
            if rel.subject == rel.object:
                return
            key = (rel.subject, rel.predicate, rel.object)
            if key not in found or found[key].confidence < rel.confidence:
                found[key] = rel

        text = view.text
        statistics: list[Statistic] = []
        sentences = list(view.sentences())
        occ_by_sentence = [[o for o in occ if sent.start <= o.start and o.end <= sent.end] for sent in sentences]
        for rel in self._named_groups(text, sentences, occ_by_sentence):
            add(rel)
        for sent, in_sent in zip(sentences, occ_by_sentence, strict=True):
            subject = self._article_subject(doc, view.original(sent).start, occ)
            for rule in self.rules.cue_rules:
                for rel in self._apply_cue_rule(rule, text, sent, in_sent, subject):
                    add(rel)
            for rel in self._list_designations(text, sent, in_sent):
                add(rel)
            for rel in self._posts(text, sent, in_sent):
                add(rel)
            for rel in self._elected_posts(text, in_sent):
                add(rel)
            for rel in self._workplaces(text, in_sent):
                add(rel)
            for rel in self._honour_apposition(text, in_sent):
                add(rel)
            for rel in self._attendance(doc, text, sent, in_sent, occ):
                add(rel)
            for rel in self._honour_lists(text, sent, in_sent):
                add(rel)
            for rel in self._passive_organisers(text, sent, in_sent, occ):
                add(rel)
            for rel in self._named_as(text, sent, in_sent):
                add(rel)
            statistics += self._statistics(text, sent, in_sent, subject)
        for rel in self._pilots_participate(doc, occ, found):
            add(rel)
        for rel in self._established_units(by_id, found):
            add(rel)
        for rel in self._article_programmes(doc, text, occ, found):
            add(rel)
        relations = list(found.values())
        self._honour_qualifiers(doc, text, relations, by_id, occ)
        for rel in relations:
            rel.evidence = view.original(rel.evidence)
        for st in statistics:
            st.evidence = view.original(st.evidence)
        for rel in [*self._bylines(doc, occ), *self._source_credits(doc, occ)]:  # original offsets already
            key = (rel.subject, rel.predicate, rel.object)
            if key not in found:
                found[key] = rel
                relations.append(rel)
        return relations, statistics

    # -- the article's own organisation -------------------------------------------------
    def _article_subject(self, doc: Document, orig_pos: int, occ: list[Occurrence]) -> str | None:
        art = doc.article_at(orig_pos)
        return article_subject(art, occ) if art is not None else None

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
            if rule.cue_after is not None:
                after = _skip_list(text, obj.end, sent.end, in_sent, rule.object)
                if not rule.cue_after.match(text, after):
                    continue
            if rule.subject_between:
                subjects = [o for o in in_sent if o.type in rule.subject and cue.start() <= o.start and o.end <= cue.end()]
            else:
                subjects = self._subjects_before(rule, text, sent, cue.start(), in_sent, obj)
            confidence = rule.confidence
            if subjects is None:  # another kind of subject (a place, a person) acts here
                continue
            if not subjects:
                if rule.subject_fallback != "article" or not article_subj:
                    continue
                subject_ids = [article_subj]
                confidence = round(confidence * 0.85, 2)
            else:
                subject_ids = [o.eid for o in subjects]
            ev_start = min([obj.start, cue.start()] + [o.start for o in subjects])
            for sid in subject_ids:
                out.append(
                    Relation(sid, rule.predicate, obj.eid, Span(ev_start, max(obj.end, cue.end())), confidence, {}, rule.name)
                )
        return out

    def _cue_before(
        self, rule: CueRule, text: str, sent: Span, obj: Occurrence, in_sent: list[Occurrence]
    ) -> re.Match[str] | None:
        """The cue closest before ``obj`` whose gap to it holds only list-mates and glue."""
        best = None
        for m in rule.cue.finditer(text, sent.start, obj.start):
            if any(o.start < m.start() < o.end or o.start < m.end() < o.end for o in in_sent):
                continue  # a cue word inside a name is no cue
            gap = _strip_mentions(text, m.end(), obj.start, in_sent, rule.object)
            if LIST_GLUE.match(gap) or (len(gap) <= rule.max_gap and not any(c in gap for c in ",。:")):
                best = m
        if best is not None and rule.object_ends_phrase and not _ends_phrase(text, obj.end, in_sent):
            return None  # '建立产改服务中心': the mention only modifies an unnamed thing
        return best

    def _subjects_before(
        self, rule: CueRule, text: str, sent: Span, cue_start: int, in_sent: list[Occurrence], obj: Occurrence
    ) -> list[Occurrence] | None:
        """The subject(s) of a cue: the nearest allowed mention before it in the clause,
        with its coordinated list-mates ("A和B被命名为"). [] = none given (carry the
        article's subject over); None = the clause has a subject of another kind."""
        before = [o for o in in_sent if o.end <= cue_start and o is not obj]
        last = before[-1] if before else None
        other_kind = last is not None and last.type in ("PLACE", "PERSON") and last.type not in rule.subject
        if other_kind and not text[last.end : cue_start].strip("了"):
            return None
        cands = [o for o in before if o.type in rule.subject]
        if not cands:
            return []
        subj = cands[-1]
        if text[max(sent.start, subj.start - 1) : subj.start] in ("在", "于", "到", "赴", "向", "从"):
            return []  # '在X实施': X is where, not who; '从X获悉': X is the source
        if rule.subject_prefix and not text[max(sent.start, subj.start - len(rule.subject_prefix)) : subj.start].endswith(
            rule.subject_prefix
        ):
            return []
        between = text[subj.end : cue_start]
        if between.count(")") > between.count("("):
            return []  # the name sits in brackets that close first: (X日报记者 …) 我市召开
        topic = subj is cands[0] and subj.start - sent.start <= 6
        if "," in between and len(between) > 12 and not topic:
            return []
        subjects = [subj]
        for o in reversed(cands[:-1]):
            if o.end > subjects[0].start:
                continue  # a name nested in the subject's (the company of its unit)
            if LIST_GLUE.match(text[o.end : subjects[0].start]) or SUBJECT_GLUE.match(text[o.end : subjects[0].start]):
                subjects.insert(0, o)
            else:
                break
        if text[max(sent.start, subjects[0].start - 4) : subjects[0].start].endswith(NOT_A_SUBJECT_AFTER):
            return []  # '在县委、县政府的领导下', '围绕县委…的发展战略': where or whose, not who
        return subjects

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

    def _named_as(self, text: str, sent: Span, in_sent: list[Occurrence]) -> list[Relation]:
        """'命名A、B为“Y”': the units named between the verb and 为 receive Y."""
        cfg = self.rules.config.get("named_as")
        if not cfg:
            return []
        out: list[Relation] = []
        for hon in in_sent:
            if hon.type != "HONOUR" or text[max(sent.start, hon.start - 1) : hon.start] != "为":
                continue
            verbs = list(re.finditer(cfg["cue"], text[sent.start : hon.start]))
            if not verbs:
                continue
            start = sent.start + verbs[-1].end()
            for o in in_sent:
                if start <= o.start and o.end <= hon.start - 1 and (o.type == "PERSON" or o.type in ORG_TYPES):
                    out.append(Relation(o.eid, "received_honour", hon.eid, Span(start, hon.end), cfg["confidence"], {}, "named_as"))
        return out

    def _passive_organisers(
        self, text: str, sent: Span, in_sent: list[Occurrence], occ: list[Occurrence]
    ) -> list[Relation]:
        """'P由A、B组织': the bodies after 由 run the programme or event named before it, or
        the one a short reference names ('第一届大赛由A、B主办': the last 大赛 named before)."""
        cfg = self.rules.config.get("passive_organisers")
        if not cfg:
            return []
        out: list[Relation] = []
        cue = re.compile(cfg["cue"])
        anchors = [(k, o) for k, o in enumerate(in_sent) if o.type in ("PROGRAMME", "EVENT") and text.startswith("由", o.end)]
        for ref in re.compile(cfg["reference"]).finditer(text, sent.start, sent.end):
            head = ref.group("head")
            named = [o for o in occ if o.type in ("PROGRAMME", "EVENT") and o.end <= ref.start() and o.text.rstrip("”」").endswith(head)]
            if named:
                k = sum(1 for o in in_sent if o.start < ref.end()) - 1
                anchors.append((k, Occurrence(ref.start(), ref.end() - 1, named[-1].eid, named[-1].type, ref.group())))
        for k, obj in anchors:
            subjects, pos = [], obj.end + 1
            for o in in_sent[k + 1 :]:
                if o.type not in ORG_TYPES or not LIST_GLUE.match(text[pos : o.start]):
                    break
                subjects.append(o)
                pos = o.end
            if subjects and cue.match(text, pos):
                for o in subjects:
                    out.append(Relation(o.eid, "runs_programme", obj.eid, Span(obj.start, pos), cfg["confidence"], {}, "passive"))
        return out

    def _honour_lists(self, text: str, sent: Span, in_sent: list[Occurrence]) -> list[Relation]:
        """'获评“Y”,分别是:A、B、C': the units or persons listed after the cue receive Y."""
        cfg = self.rules.config.get("honour_list")
        if not cfg:
            return []
        out: list[Relation] = []
        for hon in in_sent:
            if hon.type != "HONOUR":
                continue
            cue = re.compile(cfg["cue"]).search(text, hon.end, sent.end)
            if cue is None or not re.fullmatch(cfg["gap"], text[hon.end : cue.start()].strip(" ,，")):
                continue
            listed = [o for o in in_sent if o.start >= cue.end() and (o.type == "PERSON" or o.type in ORG_TYPES)]
            if any(o.type == "PERSON" for o in listed):
                # a list of people with their employers: the people are honoured
                listed = [o for o in listed if o.type == "PERSON"]
            for o in listed:
                ev = Span(hon.start, o.end)
                out.append(Relation(o.eid, "received_honour", hon.eid, ev, cfg["confidence"], {}, "honour_list"))
        return out

    def _attendance(
        self, doc: Document, text: str, sent: Span, in_sent: list[Occurrence], occ: list[Occurrence]
    ) -> list[Relation]:
        """'X、Y出席会议': who attends or speaks at a meeting the sentence does not name takes
        part in the article's event (the first one it names). A person does; a body does
        when it attends itself, not as the affiliation of a named person after it
        (宜城市委相关领导出席, but not 省总工会副主席X出席)."""
        cfg = self.rules.config.get("attendance")
        if not cfg or not in_sent:
            return []
        cue = None
        for m in re.finditer(cfg["cue"], text[sent.start : sent.end]):
            cue = m
        if cue is None:
            return []
        art = doc.article_at(in_sent[0].ostart)
        # an event the article cites for its spirit (学习党的二十大精神) is none it attends
        events = [
            o
            for o in occ
            if o.type == "EVENT" and art is not None and art.span.start <= o.ostart < art.span.end and not text.startswith("精神", o.end)
        ]
        cue_at = sent.start + cue.start()
        named_here = [o for o in in_sent if o.type == "EVENT" and o.end <= cue_at]
        if not events:
            return []
        event = named_here[-1] if named_here else events[0]  # the sentence's own event, else the article's
        out: list[Relation] = []
        for k, o in enumerate(in_sent):
            if o.end > cue_at:
                break
            if o is event or (named_here and o.end <= event.end):
                continue  # bodies named before or inside the event's own name
            nxt = in_sent[k + 1] if k + 1 < len(in_sent) else None
            affiliation = nxt is not None and nxt.type in ("POSITION", "PERSON", *ORG_TYPES) and not text[o.end : nxt.start].strip()
            if o.type == "PERSON" or (o.type in ORG_TYPES and not affiliation):
                ev = Span(o.start, sent.start + cue.end())
                out.append(Relation(o.eid, "participates_in", event.eid, ev, cfg["confidence"], {}, "attendance"))
        return out

    def _pilots_participate(
        self, doc: Document, occ: list[Occurrence], found: dict[tuple[str, str, str], Relation]
    ) -> list[Relation]:
        """A pilot or model unit of a programme takes part in it: the programme named in
        the designation (产改试点单位 -> 产改), else the article's most-mentioned programme."""
        cfg = self.rules.config["list_designation"]
        out: list[Relation] = []
        programmes = [o for o in occ if o.type == "PROGRAMME"]
        for (subj, pred, obj), rel in list(found.items()):
            if pred != "received_honour":
                continue
            hon = next((o for o in occ if o.eid == obj), None)
            if hon is None or not any(w in hon.text for w in cfg["pilot_words"]):
                continue
            named = [p for p in programmes if p.text.strip("“”「」") in hon.text]
            if named:
                target = max(named, key=lambda p: len(p.text)).eid
            else:
                art = doc.article_at(hon.ostart)
                in_art = [p.eid for p in programmes if art and art.span.start <= p.ostart < art.span.end]
                if not in_art:
                    continue
                target = Counter(in_art).most_common(1)[0][0]
            out.append(Relation(subj, "participates_in", target, rel.evidence, 0.7, {}, "pilot_unit"))
        return out

    def _established_units(self, by_id: dict[str, Entity], found: dict[tuple[str, str, str], Relation]) -> list[Relation]:
        """A working group or team a body sets up is part of that body (of no one body, when
        several set it up together)."""
        heads = tuple(self.rules.config.get("unit_heads") or ())
        founders: dict[str, list[tuple[str, Relation]]] = {}
        for (subj, pred, obj), rel in found.items():
            if pred == "established" and by_id[obj].type in ORG_TYPES and by_id[obj].name.endswith(heads):
                founders.setdefault(obj, []).append((subj, rel))
        return [
            Relation(obj, "sub_organization_of", subj, rel.evidence, 0.7, {}, "established_unit")
            for obj, by in founders.items()
            if len(by) == 1
            for subj, rel in by
        ]

    def _honour_qualifiers(
        self, doc: Document, text: str, relations: list[Relation], by_id: dict[str, Entity], occ: list[Occurrence]
    ) -> None:
        """Level and year of each honour received.

        Level: from the honour's name (全国/省/市/区…), else from the body that confers
        it, taken to be the article's organisation. Year: the last "NNNN年" of the
        sentence before the honour ("2019年以来" -> 2019, with since=True); "每年" marks a
        recurring honour.
        """
        cfg = self.rules.config["list_designation"]
        for rel in relations:
            if rel.predicate != "received_honour":
                continue
            hon = by_id[rel.object]
            if "level" not in rel.qualifiers:
                level = designation_level(hon.name, cfg["level_words"]) or name_level(hon.name)
                if level is None:
                    level = self._conferring_level(doc, rel, by_id, occ)
                if level:
                    rel.qualifiers["level"] = level
            sent_start = max(text.rfind(c, 0, rel.evidence.start) for c in SENTENCE_END) + 1
            before = text[sent_start : rel.evidence.end]
            years = list(re.finditer(r"((?:19|20)[0-9]{2})年(以来)?", before))
            if years:
                rel.qualifiers["year"] = years[-1].group(1)
                if years[-1].group(2):
                    rel.qualifiers["since"] = True
            elif "每年" in before:
                rel.qualifiers["recurrence"] = "annual"

    def _conferring_level(
        self, doc: Document, rel: Relation, by_id: dict[str, Entity], occ: list[Occurrence]
    ) -> str | None:
        subj = next((o for o in occ if o.eid == rel.subject), None)
        art = doc.article_at(subj.ostart) if subj else None
        body = article_subject(art, occ) if art else None
        return name_level(by_id[body].name) if body else None

    # -- counted facts --------------------------------------------------------------
    def _statistics(self, text: str, sent: Span, in_sent: list[Occurrence], subject: str | None) -> list[Statistic]:
        out: list[Statistic] = []
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
        org_of: dict[int, Occurrence] = {}  # person index -> the body of their first post group
        for i, person in enumerate(in_sent):
            if person.type != "PERSON":
                continue
            j = i - 1
            end = person.start
            shared = self._shared_body(text, in_sent, i, org_of)
            if shared is not None:
                # 霞山区总工会主席袁建兴、副主席余文超: the next post in the list is in the same body
                body, first_post = shared
                post = text[in_sent[first_post].start : in_sent[i - 1].end]
                out.append(Relation(person.eid, "holds_post", body.eid, Span(body.start, person.end), 0.8, {"post": post}, "post_list"))
                org_of[i] = body
                continue
            # a chain of '<org><post>、<post>' groups joined by 、 before the name:
            # 市总工会党组书记、副主席、市产改办主任丁维杰 -> two organisations, two posts
            while j >= 0:
                posts: list[Occurrence] = []
                while j >= 0 and in_sent[j].type == "POSITION" and re.fullmatch(r"[、\s]*", text[in_sent[j].end : end]):
                    posts.insert(0, in_sent[j])
                    end = in_sent[j].start
                    j -= 1
                if not posts or j < 0:
                    break
                org = in_sent[j]
                # a department between the body and the post is still the body's (市总工会经费审查委员会主任X)
                gap = text[org.end : end]
                if org.type not in ORG_TYPES or (gap.strip() and not re.fullmatch(self.rules.config["post_adjacency"]["department"], gap)):
                    break
                post = text[posts[0].start : posts[-1].end]
                ev = Span(org.start, person.end)
                out.append(Relation(person.eid, "holds_post", org.eid, ev, 0.9, {"post": post}, "post_adjacency"))
                org_of.setdefault(i, org)
                # '<union>“<group>”团长' : the group belongs to the body named before it
                if j >= 1 and in_sent[j - 1].type in ORG_TYPES and not text[in_sent[j - 1].end : org.start].strip():
                    up = in_sent[j - 1]
                    out.append(Relation(org.eid, "sub_organization_of", up.eid, Span(up.start, org.end), 0.75, {}, "org_group"))
                    break
                end, j = org.start, j - 1
                if j < 0 or in_sent[j].type != "POSITION" or text[in_sent[j].end : end] != "、":
                    break
        return out

    def _elected_posts(self, text: str, in_sent: list[Occurrence]) -> list[Relation]:
        """'A、B等15位同志当选为<org><post>', '推选A为<org><post>': every person of the list
        holds the post in the body named after the cue."""
        config = self.rules.config["elected_posts"]
        cue = re.compile(config["cue"])
        department = self.rules.config["post_adjacency"]["department"]
        out: list[Relation] = []
        i = 0
        while i < len(in_sent):
            if in_sent[i].type != "PERSON":
                i += 1
                continue
            people = [in_sent[i]]
            while i + len(people) < len(in_sent):
                nxt = in_sent[i + len(people)]
                if nxt.type != "PERSON" or text[people[-1].end : nxt.start] != "、":
                    break
                people.append(nxt)
            k = i + len(people)
            i = k
            if k + 1 >= len(in_sent) or in_sent[k].type not in ORG_TYPES:
                continue
            org, posts = in_sent[k], []
            if not cue.fullmatch(text[people[-1].end : org.start]):
                continue
            end = org.end
            for occ in in_sent[k + 1 :]:
                gap = text[end : occ.start]
                if occ.type != "POSITION" or not (gap in ("", "、") or (not posts and re.fullmatch(department, gap))):
                    break
                posts.append(occ)
                end = occ.end
            if not posts:
                continue
            # a department between the body and the post is part of the post (书记处书记)
            post = text[org.end : posts[-1].end]
            for person in people:
                out.append(Relation(person.eid, "holds_post", org.eid, Span(person.start, end), config["confidence"], {"post": post}, "elected"))
        return out

    def _named_groups(self, text: str, sentences: list[Span], occ_by_sentence: list[list[Occurrence]]) -> list[Relation]:
        """'授予…选手“Y”。这5名选手分别为:A、B…。这5名选手还被授予“Z”': a group listed by
        name in one sentence receives the honour conferred on it in the sentence before,
        and whatever later sentences confer on the same group (这5名选手)."""
        config = self.rules.config.get("named_group")
        if not config:
            return []
        listing, award = re.compile(config["listing"]), re.compile(config["award"])
        out: list[Relation] = []
        groups: dict[str, list[Occurrence]] = {}  # '5名选手' -> its members
        for k, (sent, in_sent) in enumerate(zip(sentences, occ_by_sentence, strict=True)):
            m = listing.match(text, sent.start, sent.end)
            if m:
                members = [o for o in in_sent if o.type == "PERSON" and o.start >= m.end()]
                if len(members) >= 2:
                    groups[m.group("group")] = members
                    # the honour conferred in the sentence before, on the group's kind (选手)
                    previous = text[sentences[k - 1].start : sentences[k - 1].end] if k else ""
                    if m.group("kind") in previous and award.search(previous):
                        for hon in (o for o in occ_by_sentence[k - 1] if o.type == "HONOUR"):
                            out += [Relation(p.eid, "received_honour", hon.eid, Span(sentences[k - 1].start, sent.end), config["confidence"], {}, "named_group") for p in members]
                continue
            for key, members in groups.items():
                at = text.find("这" + key, sent.start, sent.end)
                if at < 0 or not award.search(text, at, sent.end):
                    continue
                for hon in (o for o in in_sent if o.type == "HONOUR" and o.start > at):
                    out += [Relation(p.eid, "received_honour", hon.eid, Span(sent.start, sent.end), config["confidence"], {}, "named_group") for p in members]
        return out

    def _workplaces(self, text: str, in_sent: list[Occurrence]) -> list[Relation]:
        """'<org>X', '<org>职工X', '<org>X主席': a person named right after a body works there
        (lists of award winners with their employers); a post right after the name is theirs."""
        config = self.rules.config.get("workplace")
        if not config:
            return []
        gap = re.compile(config["gap"])
        out: list[Relation] = []
        for i in range(len(in_sent) - 1):
            org, person = in_sent[i], in_sent[i + 1]
            after = in_sent[i + 2] if i + 2 < len(in_sent) else None
            if org.type not in ORG_TYPES or person.type != "PERSON" or person.start < org.end:
                continue  # (a name inside the body's name is no employee: X创新工作室)
            if not gap.fullmatch(text[org.end : person.start]):
                continue
            post = after if after is not None and after.type == "POSITION" and after.start == person.end else None
            ev = Span(org.start, (post or person).end)
            qualifiers = {"post": text[post.start : post.end] if post else text[org.end : person.start]}
            out.append(Relation(person.eid, "holds_post", org.eid, ev, config["confidence"], qualifiers, "workplace"))
        return out

    @staticmethod
    def _shared_body(
        text: str, in_sent: list[Occurrence], i: int, org_of: dict[int, Occurrence]
    ) -> tuple[Occurrence, int] | None:
        """The body of the person listed before ``in_sent[i]`` when only posts and a 、
        stand between them ('<org><post>A、<post>B'), and the index of the first post."""
        k = i - 1
        while k >= 0 and in_sent[k].type == "POSITION" and re.fullmatch(r"[、\s]*|\([^()]{1,8}\)", text[in_sent[k].end : in_sent[k + 1].start]):
            k -= 1
        if k == i - 1 or k < 0 or in_sent[k].type != "PERSON" or k not in org_of:
            return None
        return (org_of[k], k + 1) if text[in_sent[k].end : in_sent[k + 1].start] == "、" else None

    def _honour_apposition(self, text: str, in_sent: list[Occurrence]) -> list[Relation]:
        """'全国劳动模范李春燕', '全国五一劳动奖章获得者李春燕': a title right before a name (or
        before a word for its holder) was conferred on that person."""
        out = []
        holder_words = ("", *self.rules.config.get("honour_holder_words", ()))
        for hon, person in zip(in_sent, in_sent[1:], strict=False):
            if hon.type == "HONOUR" and person.type == "PERSON" and text[hon.end : person.start] in holder_words:
                out.append(Relation(person.eid, "received_honour", hon.eid, Span(hon.start, person.end), 0.8, {}, "apposition"))
        return out

    # -- bylines ----------------------------------------------------------------
    def _bylines(self, doc: Document, occ: list[Occurrence]) -> list[Relation]:
        out: list[Relation] = []
        for art in doc.articles:
            title = _occ_at(occ, art.title_span) if art.title_span else None
            for by in art.bylines:
                if not by.person_span:
                    continue
                person = _occ_at(occ, by.person_span)
                if person is None:
                    continue
                if title is not None and title.type == "DOCUMENT" and by.role != "editor":
                    ev = Span(min(title.ostart, person.ostart), max(title.oend, person.oend))
                    out.append(Relation(person.eid, "authored", title.eid, ev, 0.9, {}, f"byline:{by.role}"))
                if by.affiliation_span:
                    org = _occ_within(occ, by.affiliation_span)
                    if org is not None and org.type in ORG_TYPES:
                        ev = Span(min(by.affiliation_span.start, by.person_span.start), max(by.affiliation_span.end, by.person_span.end))
                        quals = {"post": by.post or ""}
                        out.append(Relation(person.eid, "holds_post", org.eid, ev, 0.8, quals, "byline"))
        return out

    def _source_credits(self, doc: Document, occ: list[Occurrence]) -> list[Relation]:
        """The body an article credits as its source (来源: X, X讯, X社北京…电) issued it:
        the article's headline is its document."""
        config = self.rules.config.get("source_credit")
        if not config:
            return []
        before, after = re.compile(config["before"]), re.compile(config["after"])
        out: list[Relation] = []
        for art in doc.articles:
            title = _occ_at(occ, art.title_span) if art.title_span else None
            if title is None or title.type != "DOCUMENT":
                continue
            for o in occ:
                if o.type not in ORG_TYPES or not art.span.start <= o.ostart < art.span.end:
                    continue
                line_start = doc.text.rfind("\n", 0, o.ostart) + 1
                if before.search(doc.text, line_start, o.ostart) or after.match(doc.text, o.oend):
                    ev = Span(title.ostart, max(title.oend, o.oend))
                    out.append(Relation(o.eid, "issued", title.eid, ev, config["confidence"], {}, "source_credit"))
        return out

    # -- programmes of the article's organisation ---------------------------------
    def _article_programmes(
        self, doc: Document, text: str, occ: list[Occurrence], found: dict[tuple[str, str, str], Relation]
    ) -> list[Relation]:
        cfg = self.rules.config["article_runs_programme"]
        # programmes another body runs or set up *in the same article* are not the article body's
        owned = {
            (self._article_index(doc, r.evidence, occ), k[2])
            for k, r in found.items()
            if k[1] == "established" or (k[1] == "runs_programme" and r.rule != "article")
        }
        out: list[Relation] = []
        seen: set[tuple[str, str]] = set()
        owner_of: dict[int, str] = {}
        for idx, o in enumerate(occ):
            if o.type != "PROGRAMME":
                continue
            # 'X的“P”' (and 'X的“P”“Q”'): the programme belongs to X, not to the article's body
            prev = occ[idx - 1] if idx else None
            owner = None
            if prev is not None and prev.type in ORG_TYPES and text[prev.end : o.start] == cfg["owner_cue"]:
                owner = prev.eid
            elif prev is not None and prev.type == "PROGRAMME" and idx - 1 in owner_of and not text[prev.end : o.start].strip():
                owner = owner_of[idx - 1]
            art = doc.article_at(o.ostart)
            art_index = art.index if art else -1
            if owner is not None:
                owner_of[idx] = owner
                owned.add((art_index, o.eid))
                out.append(Relation(owner, "runs_programme", o.eid, Span(occ[idx - 1].start, o.end), 0.75, {}, "owner"))
                continue
            if (art_index, o.eid) in owned or any(text.startswith(w, o.end) for w in cfg.get("not_run_before", [])):
                continue
            if art is None:
                continue
            subj = article_subject(art, occ)
            if subj is None or (subj, o.eid) in seen:
                continue
            seen.add((subj, o.eid))
            out.append(Relation(subj, "runs_programme", o.eid, Span(o.start, o.end), cfg["confidence"], {}, "article"))
        return [
            r
            for r in out
            if not (r.rule == "article" and (self._article_index(doc, r.evidence, occ), r.object) in owned)
        ]

    @staticmethod
    def _article_index(doc: Document, span: Span, occ: list[Occurrence]) -> int:
        """The article of a span in view offsets (via the mention that starts there)."""
        for o in occ:
            if o.start >= span.start:
                art = doc.article_at(o.ostart)
                return art.index if art else -1
        return -1


def article_subject(art: Article, occ: list[Occurrence]) -> str | None:
    """The organisation an article speaks for: its byline's affiliation, else its first union
    (a source line names who published the article, not whom it is about)."""
    for by in art.bylines:
        if by.affiliation_span and by.role != "source":
            org = _occ_within(occ, by.affiliation_span)
            if org is not None and org.type in ORG_TYPES:
                return org.eid
    first_org = None
    sources = [by.affiliation_span for by in art.bylines if by.role == "source" and by.affiliation_span]
    for o in occ:
        if art.span.start <= o.ostart < art.span.end and not any(s.start <= o.ostart < s.end for s in sources):
            if o.type == "UNION":
                return o.eid
            if first_org is None and o.type in ORG_TYPES:
                first_org = o.eid
    return first_org


OBJECT_FOLLOWERS = set(",。;;:、和与及等并为的“「《)") | set("0123456789")


def _ends_phrase(text: str, pos: int, occ: list[Occurrence]) -> bool:
    """Does a mention ending at ``pos`` end its noun phrase (not '产改|服务中心')?"""
    return pos >= len(text) or text[pos] in OBJECT_FOLLOWERS or text[pos].isspace() or any(o.start == pos for o in occ)


def _skip_list(text: str, pos: int, end: int, occ: list[Occurrence], types: frozenset[str]) -> int:
    """Position after a list continuing at ``pos`` ("、B和C分别…" -> before "分别")."""
    moved = True
    while moved:
        moved = False
        for o in occ:
            if o.start >= pos and o.type in types and LIST_GLUE.match(text[pos : o.start]) and o.start - pos <= 2:
                pos = o.end
                moved = True
    return min(pos, end)


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


LEVEL_BY_NAME = (
    (re.compile(r"^(?:全国|中华全国|中国|国家|党的[一二三四五六七八九十]+大)"), "national"),
    (re.compile(r"^[\u4e00-\u9fff]{1,4}省"), "provincial"),
    (re.compile(r"^[\u4e00-\u9fff]{1,5}市(?![\u4e00-\u9fff]{1,4}[区县])"), "municipal"),
    (re.compile(r"^[\u4e00-\u9fff]{1,8}[区县]"), "district"),
)


def name_level(name: str) -> str | None:
    """The administrative level a name's place prefix gives (江苏省… -> provincial)."""
    name = name.lstrip("“「")
    for pattern, level in LEVEL_BY_NAME:
        if pattern.match(name):
            return level
    return None


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
        if o.ostart == span.start and o.oend == span.end:
            return o
    return None


def _occ_within(occ: list[Occurrence], span: Span) -> Occurrence | None:
    best = None
    for o in occ:
        if span.start <= o.ostart and o.oend <= span.end and (best is None or o.oend - o.ostart > best.oend - best.ostart):
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
    entities = list(entities)
    relations = _located_by_name(entities, doc.norm or doc.text)
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
        same_union = best is not None and best[1].type == "UNION" and ent.name in (f + "工会" for f in (best[1].name, *best[1].aliases))
        if best and not same_union and not (ent.name in best[1].aliases or best[1].name.startswith(ent.name)):
            relations.append(_name_relation(ent, "sub_organization_of", best[1]))
    relations += _title_issuers(entities, orgs)
    relations += _joint_meetings(entities, orgs)
    relations += _named_hosts(entities, orgs)
    return entities, relations


def _joint_meetings(entities: list[Entity], orgs: list[Entity]) -> list[Relation]:
    """A与B联席会议: A and B hold the meeting together, as partners."""
    from kg.nlp.pipeline import joint_meeting_hosts

    by_form = _by_form(orgs)
    out = []
    for event in (e for e in entities if e.type == "EVENT" and e.mentions):
        hosts = [by_form.get(name) for _, name in joint_meeting_hosts(event.name)]
        if len(hosts) == 2 and all(hosts) and hosts[0] is not hosts[1]:
            m = event.mentions[0]
            ev = Span(m.start, m.end)
            out += [Relation(h.id, "runs_programme", event.id, ev, 0.85, {}, "name") for h in hosts]
            out.append(Relation(hosts[0].id, "partner_of", hosts[1].id, ev, 0.8, {}, "name"))
    return out


def _named_hosts(entities: list[Entity], orgs: list[Entity]) -> list[Relation]:
    """An event named after a body is held by it: X公司工会成立大会 -> X公司工会."""
    from kg.nlp.pipeline import leading_body
    from kg.nlp.rules import load_rules

    by_form, rules = _by_form(orgs), load_rules()
    not_held = tuple(load_relation_rules().config.get("events_not_held_by_their_body") or ())
    out = []
    for event in (e for e in entities if e.type == "EVENT" and e.mentions):
        body = leading_body(event.name, rules) or ""
        host = by_form.get(body)
        if host is not None and not any(word in event.name[len(body) :] for word in not_held):
            m = event.mentions[0]
            out.append(Relation(host.id, "runs_programme", event.id, Span(m.start, m.end), 0.8, {}, "name"))
    return out


def _by_form(entities: list[Entity]) -> dict[str, Entity]:
    return {form: e for e in entities for form in (e.name, *e.aliases)}


def _title_issuers(entities: list[Entity], orgs: list[Entity]) -> list[Relation]:
    """《A关于…的通知》: A issued the document (the title names its issuer)."""
    from kg.nlp.pipeline import issuers_in_title

    by_form = _by_form(orgs)
    out = []
    for document in (e for e in entities if e.type == "DOCUMENT"):
        for _, name in issuers_in_title(document.name):
            issuer = by_form.get(name)
            if issuer is not None and document.mentions:
                m = document.mentions[0]
                out.append(Relation(issuer.id, "issued", document.id, Span(m.start, m.end), 0.9, {}, "name"))
    return out




def _located_by_name(entities: list[Entity], text: str) -> list[Relation]:
    """located_in from place prefixes; adds the place entities the prefixes name."""
    try:
        from kg.gazetteer import get_gazetteer, place_context
    except ImportError:  # no gazetteer: names alone give no places
        return []
    gaz = get_gazetteer()
    relations: list[Relation] = []
    places = [e for e in entities if e.type == "PLACE"]
    context = place_context(text)
    config = load_relation_rules().config
    town_prefix = re.compile(config["town_prefix"])
    newspaper_heads = tuple(config.get("newspaper_heads") or ())
    next_id = 1 + max((int(e.id[1:]) for e in entities if e.id[1:].isdigit()), default=0)

    def place_entity(surface: str, place: Any, anchor: Mention | None) -> Entity | None:
        """The place entity a name prefix names; None for a place the text never writes
        (the prefix of a name resolved from a short form, 市总工会 -> 深圳市总工会)."""
        nonlocal next_id
        code = getattr(place, "code", None)
        for p in places:
            forms = {p.name, *p.aliases}
            if surface in forms or (code and p.attrs.get("code") == code):
                if surface not in forms:
                    # the fullest form names the place, if it ends with the official name
                    # (江苏省苏州 from 江苏省苏州工业园区 is no name for 苏州市)
                    official = getattr(place, "name", "")
                    if len(surface) > len(p.name) and (not official or surface.endswith(official)):
                        p.aliases.append(p.name)
                        p.name = surface
                    else:
                        p.aliases.append(surface)
                return p
        if anchor is None and surface not in text:
            return None
        name = surface
        official, short = getattr(place, "name", ""), getattr(place, "short", "")
        if official and not surface.endswith(official) and short and surface.endswith(short):
            name = surface[: -len(short)] + official  # 江苏省苏州 -> 江苏省苏州市
        ent = Entity(id=f"e{next_id}", name=name, type="PLACE", attrs={"code": code} if code else {})
        if name != surface:
            ent.aliases.append(surface)
        if anchor is not None:
            ent.mentions.append(Mention(anchor.start, anchor.start + len(surface), surface, "PLACE", "prefix"))
        next_id += 1
        places.append(ent)
        entities.append(ent)
        return ent

    deferred: list[tuple[Entity, str, Any]] = []
    i = 0
    while i < len(entities):  # places created on the way get their own parents too
        ent = entities[i]
        i += 1
        if ent.type not in ORG_TYPES and ent.type != "PLACE":
            continue
        # a newspaper's place (河南日报) is its readership, not where it is: the place is
        # named, but the paper is not located in it
        newspaper = ent.type == "ORGANIZATION" and ent.name.endswith(newspaper_heads)
        forms = sorted({ent.name, *ent.aliases}, key=len, reverse=True)
        for form in forms:
            chain = gaz.place_chain(form, context) if ent.type == "PLACE" else None
            if chain:
                if len(chain) < 2:
                    break
                # a place written with its parents: 盐城市阜宁县 -> 盐城市
                inner = chain[-1]
                cut = form.rfind(inner.name) if inner.name in form else form.rfind(inner.short)
                parent_text = form[:cut] if cut > 0 else chain[-2].name
                anchor = ent.mentions[0] if ent.mentions and ent.mentions[0].text == form else None
                parent = place_entity(parent_text, chain[-2], anchor)
                if parent is not None:
                    relations.append(_name_relation(ent, "located_in", parent))
                break
            split = gaz.split_place_prefix(form, context)
            town = town_prefix.match(form) if not split and ent.type in ORG_TYPES else None
            if town:  # towns and sub-districts are not in the gazetteer: 小榄镇总工会 -> 小榄镇
                split = (town.group(1), [None])
            if not split:
                continue
            prefix, chain = split
            town = town_prefix.match(form[len(prefix) :]) if ent.type in ORG_TYPES else None
            if town:  # 仙桃市彭场镇无纺布行业工会 -> 仙桃市彭场镇 (which is in 仙桃市)
                prefix, chain = prefix + town.group(1), [None]
            anchor = next((m for m in ent.mentions if m.text.startswith(prefix)), None)
            place = place_entity(prefix, chain[-1], anchor)
            if place is not None and not newspaper:
                relations.append(_name_relation(ent, "located_in", place))
            elif place is None and anchor is None:
                deferred.append((ent, prefix, chain[-1]))
            break
    # a name resolved from a short form (省总工会 -> 浙江省总工会) is in a place another name
    # writes later in the text (浙江华立科技有限公司): link once every written place exists
    for ent, prefix, place_data in deferred:
        place = place_entity(prefix, place_data, None)
        if place is not None:
            relations.append(_name_relation(ent, "located_in", place))
    return relations + _adjacent_places(places, gaz)


def _adjacent_places(places: list[Entity], gaz: Any) -> list[Relation]:
    """A place written right after one of its ancestors (广东省|深圳市, as two names of
    a longer name) lies in it."""
    by_end = {m.end: (p, m) for p in places for m in p.mentions}
    out: list[Relation] = []

    def codes(place: Entity) -> set[str]:
        code = place.attrs.get("code")
        return {code} if code else {p.code for p in gaz.lookup(place.name)}

    for place in places:
        known = [gaz.by_code[c] for c in codes(place) if c in gaz.by_code]
        ancestors = {a.code for k in known for a in gaz.chain(k)[:-1]}
        for m in place.mentions:
            before, before_mention = by_end.get(m.start, (None, None))
            if before is not None and before is not place and codes(before) & ancestors:
                out.append(Relation(place.id, "located_in", before.id, Span(before_mention.start, m.end), 0.9, {}, "name"))
                break
    return out


def _name_relation(subject: Entity, predicate: str, obj: Entity) -> Relation:
    m = subject.mentions[0] if subject.mentions else None
    ev = Span(m.start, m.end) if m else Span(0, 0)
    return Relation(subject.id, predicate, obj.id, ev, 0.9, {}, "name")
