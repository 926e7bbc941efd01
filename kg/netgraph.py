"""The graph as a networkx MultiDiGraph, read from the RDF store with SPARQL.

Nodes: entity IRIs with ``label``, ``type`` (contract type), ``aliases``, ``docs``.
Edges: one per fact, ``key`` = predicate, with ``evidence``, ``confidence``, ``source``
(file name), ``title`` (document title) and qualifiers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from kg.query import execute
from kg.vocab import CLASS_TYPE, KGO, PROPERTY_PREDICATE

ENTITIES = """
SELECT ?e ?cls ?label (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="\\u001f") AS ?alts)
       (GROUP_CONCAT(DISTINCT ?file; SEPARATOR="\\u001f") AS ?files) (SUM(?n) AS ?mentions) WHERE {
  ?e a ?cls ; rdfs:label ?label ; kgo:mentionedIn ?doc ; kgo:mentionCount ?n .
  ?doc kgo:fileName ?file .
  OPTIONAL { ?e skos:altLabel ?alt }
} GROUP BY ?e ?cls ?label
"""
FACTS = """
SELECT ?s ?p ?o ?evidence ?confidence ?file ?title ?post ?level ?year WHERE {
  ?f a kgo:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     kgo:evidenceText ?evidence ; kgo:confidence ?confidence ; prov:wasDerivedFrom ?doc .
  ?doc kgo:fileName ?file .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?f kgo:post ?post }
  OPTIONAL { ?f kgo:level ?level }
  OPTIONAL { ?f kgo:year ?year }
}
"""


def _store(source: Any) -> Any:
    """A pyoxigraph Store from a Store, a GraphStore or a folder written by ``kg build``."""
    if isinstance(source, (str, Path)):
        from kg.store import GraphStore

        return GraphStore.open(source, read_only=True).store
    return getattr(source, "store", source)


def load_graph(source: Any) -> nx.MultiDiGraph:
    store = _store(source)
    g = nx.MultiDiGraph()
    for row in execute(store, ENTITIES).records():
        cls = row["cls"].removeprefix(str(KGO))
        if cls not in CLASS_TYPE:
            continue
        g.add_node(
            row["e"],
            iri=row["e"],
            label=row["label"],
            type=CLASS_TYPE[cls],
            aliases=sorted(a for a in row["alts"].split("\u001f") if a),
            docs=sorted(f for f in row["files"].split("\u001f") if f),
            mentions=int(float(row["mentions"] or 0)),
        )
    for row in execute(store, FACTS).records():
        if row["s"] not in g or row["o"] not in g:
            continue
        predicate = PROPERTY_PREDICATE.get(row["p"].removeprefix(str(KGO)), row["p"])
        quals = {k: row[k].removeprefix(str(KGO)) for k in ("post", "level", "year") if row[k]}
        g.add_edge(
            row["s"],
            row["o"],
            key=f"{predicate}|{row['file']}",
            predicate=predicate,
            evidence=row["evidence"],
            confidence=float(row["confidence"]),
            source=row["file"],
            title=row["title"],
            **quals,
        )
    return g
