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

# Simple queries assembled in Python: one grouped query with GROUP_CONCATs over the union
# of many document graphs was quadratic in Oxigraph (minutes for 100 documents).
NODES = "SELECT DISTINCT ?e ?cls ?label WHERE { ?e a ?cls ; rdfs:label ?label }"
ALIASES = "SELECT DISTINCT ?e ?alt WHERE { ?e skos:altLabel ?alt }"
FILES = "SELECT DISTINCT ?e ?file WHERE { ?e kgo:mentionedIn ?doc . ?doc kgo:fileName ?file }"
COUNTS = "SELECT ?e ?g ?n WHERE { GRAPH ?g { ?e kgo:mentionCount ?n } }"
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
    aliases: dict[str, set[str]] = {}
    for e, alt in execute(store, ALIASES).rows:
        aliases.setdefault(e, set()).add(alt)
    files: dict[str, set[str]] = {}
    for e, file in execute(store, FILES).rows:
        files.setdefault(e, set()).add(file)
    counts: dict[str, int] = {}
    for e, _g, n in execute(store, COUNTS).rows:
        counts[e] = counts.get(e, 0) + int(n)
    for e, cls_iri, label in execute(store, NODES).rows:
        cls = cls_iri.removeprefix(str(KGO))
        if cls not in CLASS_TYPE or e in g:
            continue
        g.add_node(
            e,
            iri=e,
            label=label,
            type=CLASS_TYPE[cls],
            aliases=sorted(aliases.get(e, ())),
            docs=sorted(files.get(e, ())),
            mentions=counts.get(e, 0),
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
