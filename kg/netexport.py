"""Network exports for other tools: GraphML and GEXF (Gephi), CSV node and edge lists."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

NODE_FIELDS = ("iri", "label", "type", "aliases", "docs", "mentions")
EDGE_FIELDS = ("predicate", "confidence", "evidence", "source", "title", "post", "level", "year")


def flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are strings or numbers (lists joined by ' | '), as the writers need."""
    g = nx.MultiDiGraph()
    for n, a in graph.nodes(data=True):
        g.add_node(n, **{k: (" | ".join(v) if isinstance(v, list) else v) for k, v in a.items() if v is not None})
    for s, t, k, a in graph.edges(keys=True, data=True):
        g.add_edge(s, t, key=k, **{f: a[f] for f in EDGE_FIELDS if a.get(f) is not None})
    return g


def write_network(graph: nx.MultiDiGraph, path: Path | str, fmt: str) -> list[Path]:
    path = Path(path)
    if fmt == "graphml":
        nx.write_graphml(flat(graph), path)
        return [path]
    if fmt == "gexf":
        nx.write_gexf(flat(graph), path)
        return [path]
    if fmt == "csv":
        path.mkdir(parents=True, exist_ok=True)
        nodes, edges = path / "nodes.csv", path / "edges.csv"
        with nodes.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", *NODE_FIELDS[1:]])
            for n, a in flat(graph).nodes(data=True):
                w.writerow([n, *(a.get(k, "") for k in NODE_FIELDS[1:])])
        with edges.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["source", "target", *EDGE_FIELDS])
            for s, t, a in flat(graph).edges(data=True):
                w.writerow([s, t, *(a.get(k, "") for k in EDGE_FIELDS)])
        return [nodes, edges]
    raise ValueError(f"unknown network format {fmt!r}; use graphml, gexf or csv")
