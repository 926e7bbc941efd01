"""The graph stage: one Extraction -> RDF quads in the document's named graph.

The layout is the one the ``kg.vocab`` docstring fixes: entity nodes with labels and
aliases, direct triples for relations, and a reified ``kgo:Fact`` per relation carrying
its evidence sentence, offsets, confidence, extractor and qualifiers (RDF reification,
which rdflib and pyoxigraph both round-trip, unlike RDF-star in rdflib 7). Persons
holding posts also get a W3C ORG ``org:Membership`` node, so ORG-vocabulary queries work.
"""

from __future__ import annotations

import hashlib

from pyoxigraph import Literal, NamedNode, Quad

from kg.model import Extraction, Span
from kg.vocab import (
    KGO,
    KGR,
    ORG,
    PREDICATE_PROPERTY,
    TYPE_CLASS,
    document_iri,
    entity_iri,
    fact_iri,
    graph_iri,
)

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_STATEMENT = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement")
RDF_SUBJECT = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
RDF_PREDICATE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate")
RDF_OBJECT = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
DCT_TITLE = NamedNode("http://purl.org/dc/terms/title")
DCT_CREATOR = NamedNode("http://purl.org/dc/terms/creator")
PROV_DERIVED = NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
XSD = "http://www.w3.org/2001/XMLSchema#"
SENTENCE_END = "。！？!?；;\n"
ORG_MEMBERSHIP = NamedNode(str(ORG) + "Membership")


def kgo(name: str) -> NamedNode:
    return NamedNode(str(KGO) + name)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def _zh(text: str) -> Literal:
    return Literal(text, language="zh")


def evidence_sentence(text: str, span: Span) -> tuple[str, int, int]:
    """The sentence(s) around an evidence span, for a reader to check the fact against."""
    start = max(text.rfind(c, 0, span.start) for c in SENTENCE_END) + 1
    ends = [i for i in (text.find(c, span.end) for c in SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip(), start, end


def extraction_to_quads(ex: Extraction, *, extractor_version: str) -> list[Quad]:
    doc = ex.document
    g = NamedNode(graph_iri(doc.sha256))
    d = NamedNode(document_iri(doc.sha256))
    quads: list[Quad] = [
        Quad(d, RDF_TYPE, kgo("SourceDocument"), g),
        Quad(d, kgo("sourcePath"), Literal(doc.path), g),
        Quad(d, kgo("fileName"), Literal(doc.doc_id), g),
        Quad(d, kgo("sha256"), Literal(doc.sha256), g),
        Quad(d, kgo("encoding"), Literal(doc.encoding), g),
        Quad(d, kgo("characters"), _int(len(doc.text)), g),
    ]
    titles = [a.title for a in doc.articles if a.title]
    quads.append(Quad(d, DCT_TITLE, _zh(titles[0] if titles else doc.doc_id), g))
    for art in doc.articles:
        a = NamedNode(f"{d.value}/article/{art.index}")
        quads += [
            Quad(d, kgo("hasArticle"), a, g),
            Quad(a, RDF_TYPE, kgo("Article"), g),
            Quad(a, kgo("start"), _int(art.span.start), g),
            Quad(a, kgo("end"), _int(art.span.end), g),
            Quad(a, kgo("kind"), Literal(art.kind), g),
        ]
        if art.title:
            quads.append(Quad(a, DCT_TITLE, _zh(art.title), g))
        if art.column:
            quads.append(Quad(a, kgo("column"), _zh(art.column), g))
        for by in art.bylines:
            if by.person:
                quads.append(Quad(a, DCT_CREATOR, _zh(by.person), g))
            if by.role == "source" and by.affiliation:
                quads.append(Quad(a, kgo("source"), _zh(by.affiliation), g))

    iris: dict[str, NamedNode] = {}
    for ent in ex.entities:
        node = NamedNode(ent.iri or entity_iri(ent.type, ent.name))
        iris[ent.id] = node
        quads += [
            Quad(node, RDF_TYPE, kgo(TYPE_CLASS[ent.type]), g),
            Quad(node, RDFS_LABEL, _zh(ent.name), g),
            Quad(node, kgo("mentionedIn"), d, g),
            Quad(node, kgo("mentionCount"), _int(len(ent.mentions)), g),
        ]
        quads += [Quad(node, SKOS_ALT, _zh(alias), g) for alias in ent.aliases]
        if ent.type == "PLACE" and ent.attrs.get("code"):
            quads.append(Quad(node, kgo("divisionCode"), Literal(str(ent.attrs["code"])), g))
        if ent.type == "PLACE" and ent.attrs.get("level"):
            quads.append(Quad(node, kgo("divisionLevel"), Literal(str(ent.attrs["level"])), g))

    for rel in ex.relations:
        s, o = iris[rel.subject], iris[rel.object]
        prop = PREDICATE_PROPERTY[rel.predicate]
        p = kgo(prop)
        quads.append(Quad(s, p, o, g))
        f = NamedNode(fact_iri(doc.sha256, s.value, prop, o.value))
        sentence, _, _ = evidence_sentence(doc.text, rel.evidence)
        quads += [
            Quad(f, RDF_TYPE, kgo("Fact"), g),
            Quad(f, RDF_TYPE, RDF_STATEMENT, g),
            Quad(f, RDF_SUBJECT, s, g),
            Quad(f, RDF_PREDICATE, p, g),
            Quad(f, RDF_OBJECT, o, g),
            Quad(f, kgo("evidenceText"), _zh(sentence), g),
            Quad(f, kgo("evidenceStart"), _int(rel.evidence.start), g),
            Quad(f, kgo("evidenceEnd"), _int(rel.evidence.end), g),
            Quad(f, kgo("confidence"), Literal(f"{rel.confidence:.3f}", datatype=NamedNode(XSD + "decimal")), g),
            Quad(f, kgo("extractor"), Literal(f"{extractor_version} {rel.rule}".strip()), g),
            Quad(f, PROV_DERIVED, d, g),
        ]
        quals = rel.qualifiers
        if rel.predicate == "holds_post":
            posts = [p for p in (quals.get("post") or "").split("、") if p]
            quads.append(Quad(f, kgo("post"), _zh(quals.get("post") or ""), g))
            m = NamedNode(f"{f.value}/membership")
            quads += [
                Quad(m, RDF_TYPE, ORG_MEMBERSHIP, g),
                Quad(m, NamedNode(str(ORG) + "member"), s, g),
                Quad(m, NamedNode(str(ORG) + "organization"), o, g),
                Quad(m, PROV_DERIVED, d, g),
            ]
            for post in posts:
                role = NamedNode(entity_iri("POSITION", post))
                quads += [
                    Quad(m, NamedNode(str(ORG) + "role"), role, g),
                    Quad(role, RDF_TYPE, kgo("Position"), g),
                    Quad(role, RDFS_LABEL, _zh(post), g),
                ]
        if quals.get("year"):
            quads.append(Quad(f, kgo("year"), Literal(str(quals["year"]), datatype=NamedNode(XSD + "gYear")), g))
        if quals.get("level"):
            quads.append(Quad(f, kgo("level"), kgo(str(quals["level"])), g))
        if quals.get("since"):
            quads.append(Quad(f, kgo("since"), Literal("true", datatype=NamedNode(XSD + "boolean")), g))
        if quals.get("recurrence"):
            quads.append(Quad(f, kgo("recurrence"), Literal(str(quals["recurrence"])), g))

    for n, st in enumerate(ex.statistics):
        key = hashlib.sha256(f"{doc.sha256}|{n}|{st.measure}|{st.value}".encode()).hexdigest()[:20]
        node = NamedNode(f"{KGR}statistic/{key}")
        sentence, _, _ = evidence_sentence(doc.text, st.evidence)
        quads += [
            Quad(node, RDF_TYPE, kgo("Statistic"), g),
            Quad(node, kgo("measure"), _zh(st.measure), g),
            Quad(node, kgo("value"), Literal(f"{st.value:g}", datatype=NamedNode(XSD + "decimal")), g),
            Quad(node, kgo("unit"), _zh(st.unit), g),
            Quad(node, kgo("evidenceText"), _zh(sentence), g),
            Quad(node, kgo("evidenceStart"), _int(st.evidence.start), g),
            Quad(node, kgo("evidenceEnd"), _int(st.evidence.end), g),
            Quad(node, PROV_DERIVED, d, g),
        ]
        if st.subject and st.subject in iris:
            quads.append(Quad(node, kgo("statisticOf"), iris[st.subject], g))
        if st.object and st.object in iris:
            quads.append(Quad(node, kgo("about"), iris[st.object], g))
        if st.year:
            quads.append(Quad(node, kgo("year"), Literal(st.year, datatype=NamedNode(XSD + "gYear")), g))
    return quads

