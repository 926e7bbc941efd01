"""RDF namespaces and the mapping of contract labels onto ontology terms.

The ontology itself lives in ``ontology/kg.ttl``; this module only names its terms so
that graph building, queries, views and analyses agree on them.

Graph layout (every stage relies on it):

* one named graph per document, ``graph_iri(sha256)``; queries run over the union.
* the document node ``document_iri(sha256)``: ``a kgo:SourceDocument`` (a prov:Entity)
  with ``dcterms:title``, ``kgo:sourcePath``, ``kgo:sha256``; its articles are
  ``kgo:hasArticle`` nodes ``<doc>/article/N`` with ``dcterms:title``,
  ``dcterms:creator`` (the author's name), ``kgo:column``, ``kgo:start``, ``kgo:end``.
* an entity ``entity_iri(type, name)``: ``a kgo:<TYPE_CLASS>``, ``rdfs:label`` (the
  canonical name, @zh), ``skos:altLabel`` per alias (@zh), ``kgo:mentionedIn <doc>``.
* a relation: the direct triple ``s kgo:<PREDICATE_PROPERTY> o`` plus a fact node
  ``fact_iri(...)`` (RDF reification, which rdflib and pyoxigraph both round-trip):
  ``a kgo:Fact, rdf:Statement; rdf:subject s; rdf:predicate kgo:p; rdf:object o;
  kgo:evidenceText "sentence"; kgo:evidenceStart n; kgo:evidenceEnd n;
  kgo:confidence x; kgo:extractor "kg/VERSION rule"; prov:wasDerivedFrom <doc>``
  and the qualifiers ``kgo:post``, ``kgo:year`` (xsd:gYear), ``kgo:level``
  (one of kgo:national, kgo:provincial, kgo:municipal, kgo:district, kgo:enterprise).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

KGO = Namespace("https://w3id.org/kglabour/ontology#")  # classes and properties
KGR = Namespace("https://w3id.org/kglabour/id/")  # resources: entities, documents, facts
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES: dict[str, Namespace] = {
    "kgo": KGO,
    "kgr": KGR,
    "org": ORG,
    "foaf": FOAF,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
}

# contract entity type -> ontology class (local name in KGO)
TYPE_CLASS: dict[str, str] = {
    "PERSON": "Person",
    "UNION": "TradeUnion",
    "ENTERPRISE": "Enterprise",
    "GOVERNMENT": "GovernmentBody",
    "ORGANIZATION": "Organization",
    "PLACE": "Place",
    "PROGRAMME": "Programme",
    "HONOUR": "Honour",
    "POSITION": "Position",
    "DOCUMENT": "Document",
    "EVENT": "Event",
}
CLASS_TYPE: dict[str, str] = {v: k for k, v in TYPE_CLASS.items()}

# contract predicate -> ontology property (local name in KGO)
PREDICATE_PROPERTY: dict[str, str] = {
    "holds_post": "holdsPostIn",
    "located_in": "locatedIn",
    "sub_organization_of": "subOrganizationOf",
    "received_honour": "receivedHonour",
    "runs_programme": "runsProgramme",
    "participates_in": "participatesIn",
    "partner_of": "partnerOf",
    "established": "established",
    "issued": "issued",
    "authored": "authored",
}
PROPERTY_PREDICATE: dict[str, str] = {v: k for k, v in PREDICATE_PROPERTY.items()}

_UNSAFE = re.compile(r"[\s<>\"{}|\\^`#?%/]")


def slug(name: str) -> str:
    """A readable IRI segment: the name itself, with IRI-unsafe characters escaped."""
    return "".join(quote(c, safe="") if _UNSAFE.match(c) else c for c in name)


def entity_iri(entity_type: str, canonical_name: str) -> str:
    """Deterministic entity IRI from type and canonical name (kgr:union/沛县总工会)."""
    return f"{KGR}{entity_type.lower()}/{slug(canonical_name)}"


def document_iri(sha256: str) -> str:
    return f"{KGR}doc/{sha256[:16]}"


def graph_iri(sha256: str) -> str:
    """The named graph that holds one document's facts."""
    return f"{KGR}graph/{sha256[:16]}"


def fact_iri(sha256: str, subject_iri: str, predicate: str, object_iri: str) -> str:
    """Deterministic IRI of the reified statement of one relation in one document."""
    import hashlib

    key = "\x1f".join((sha256, subject_iri, predicate, object_iri)).encode()
    return f"{KGR}fact/{hashlib.sha256(key).hexdigest()[:20]}"
