"""The small typed data model passed between the pipeline stages.

ingest -> Document (with Articles)  ->  nlp -> Mentions  ->  relations -> Relations
-> resolve -> Entities with IRIs -> graph.

All offsets are Unicode code-point offsets into ``Document.text``, the file's text
exactly as decoded (the extraction contract requires offsets with no normalisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

EntityType = Literal[
    "PERSON",
    "UNION",
    "ENTERPRISE",
    "GOVERNMENT",
    "ORGANIZATION",
    "PLACE",
    "PROGRAMME",
    "HONOUR",
    "POSITION",
    "DOCUMENT",
    "EVENT",
]
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "UNION",
    "ENTERPRISE",
    "GOVERNMENT",
    "ORGANIZATION",
    "PLACE",
    "PROGRAMME",
    "HONOUR",
    "POSITION",
    "DOCUMENT",
    "EVENT",
)
ORG_TYPES: frozenset[str] = frozenset({"UNION", "ENTERPRISE", "GOVERNMENT", "ORGANIZATION"})

PREDICATES: tuple[str, ...] = (
    "holds_post",
    "located_in",
    "sub_organization_of",
    "received_honour",
    "runs_programme",
    "participates_in",
    "partner_of",
    "established",
    "issued",
    "authored",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) into Document.text."""

    start: int
    end: int


@dataclass(slots=True)
class Byline:
    """Who wrote an article: '沛县总工会 张秀军', '曹敏 摄', '来源:《工人日报》'."""

    person: str | None
    person_span: Span | None
    affiliation: str | None = None
    affiliation_span: Span | None = None
    role: str = "author"  # author | photographer | editor (named, no author) | source
    post: str | None = None  # a post printed in the byline ('党组书记、副主席')
    post_span: Span | None = None


@dataclass(slots=True)
class Article:
    """One article of a document (a magazine issue holds several)."""

    index: int
    span: Span  # the article's whole extent in Document.text
    title: str | None = None
    title_span: Span | None = None
    column: str | None = None  # 【主席之声】
    bylines: list[Byline] = field(default_factory=list)
    kind: str = "article"  # article | photo-news | editor-note


@dataclass(slots=True)
class Document:
    """A decoded input file.

    ``text`` is the file's text as read. ``norm`` is a same-length string used for
    matching: NFKC where it keeps one code point per character, full-width folded,
    traditional characters mapped to simplified. ``repaired``/``repaired_offsets`` is
    ``norm`` with page-break splits inside words removed; ``repaired_offsets[i]`` is
    the index in ``text`` of ``repaired[i]`` (plus one final entry = len(text)) so
    matches on the repaired text map back to original offsets.
    """

    doc_id: str  # the file's base name, as the contract wants
    path: str
    text: str
    norm: str
    encoding: str
    sha256: str
    repaired: str = ""
    repaired_offsets: list[int] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_original(self, start: int, end: int) -> Span:
        """Map a [start, end) range of ``repaired`` back to ``text`` offsets."""
        offs = self.repaired_offsets
        if not offs:
            return Span(start, end)
        return Span(offs[start], offs[end - 1] + 1 if end > start else offs[start])

    def article_at(self, pos: int) -> Article | None:
        for art in self.articles:
            if art.span.start <= pos < art.span.end:
                return art
        return None


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity in the text (original offsets)."""

    start: int
    end: int
    text: str
    type: str
    source: str = "rule"  # rule | model | byline | gazetteer | ...
    canonical: str | None = None  # a fuller name the mention stands for, if known
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Entity:
    """A resolved entity of one document (contract ``entities`` item)."""

    id: str  # e1, e2 ... within the document
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    iri: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)  # e.g. place code, level


@dataclass(slots=True)
class Relation:
    """A typed edge between two entities of one document, with its evidence."""

    subject: str  # entity id
    predicate: str
    object: str  # entity id
    evidence: Span
    confidence: float
    qualifiers: dict[str, Any] = field(default_factory=dict)  # post, year, level
    rule: str = ""  # which pattern produced it


@dataclass(slots=True)
class Statistic:
    """A counted fact: '58名产业工人获全国、省、市五一劳动奖章' -> (subject, measure, value, year)."""

    subject: str | None  # entity id or None
    measure: str
    value: float
    unit: str
    evidence: Span
    year: str | None = None
    object: str | None = None  # e.g. the honour entity id


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)

    def entity(self, eid: str) -> Entity:
        for ent in self.entities:
            if ent.id == eid:
                return ent
        raise KeyError(eid)


class IngestError(Exception):
    """A file that cannot be read as a document; the message names file and reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
