"""Interactive, offline HTML views of the graph.

pyvis assembles the network (nodes, edges, their styles) and ships vis-network; the
page is our own template (``kg/web/view.html``) with the library inlined, a legend,
search, type and relation filters and a side panel. Document text never reaches the page
as HTML: the data is embedded as JSON with ``<``, ``>`` and ``&`` escaped, and the page
puts it into the DOM with ``textContent`` only (vis-network draws labels on a canvas).
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

STYLES: dict[str, dict[str, str]] = {
    "PERSON": {"color": "#e15759", "shape": "dot"},
    "UNION": {"color": "#d62728", "shape": "star"},
    "ENTERPRISE": {"color": "#4e79a7", "shape": "square"},
    "GOVERNMENT": {"color": "#9467bd", "shape": "diamond"},
    "ORGANIZATION": {"color": "#76b7b2", "shape": "triangle"},
    "PLACE": {"color": "#59a14f", "shape": "triangleDown"},
    "PROGRAMME": {"color": "#f28e2b", "shape": "hexagon"},
    "HONOUR": {"color": "#edc948", "shape": "star"},
    "POSITION": {"color": "#bab0ac", "shape": "dot"},
    "DOCUMENT": {"color": "#b07aa1", "shape": "box"},
    "EVENT": {"color": "#ff9da7", "shape": "ellipse"},
}
BIG_GRAPH = 1000  # above this many nodes: short stabilisation, then physics off
EDGE_LABEL_LIMIT = 1500  # edge labels clutter (and slow) bigger graphs


def _vis_js() -> str:
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not candidates:  # pragma: no cover - pyvis always ships it
        raise RuntimeError("pyvis does not ship vis-network.min.js")
    return candidates[-1].read_text(encoding="utf-8")


def safe_json(data: Any) -> str:
    """JSON that cannot close its <script> element or open markup."""
    text = json.dumps(data, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def write_view(graph: nx.MultiDiGraph, output: Path | str, *, title: str = "kg graph") -> Path:
    """Write an interactive view of ``graph`` (as ``kg.netgraph.load_graph`` returns it)."""
    output = Path(output)
    net = Network(directed=True, cdn_resources="in_line")
    positions: dict[Any, tuple[float, float]] = {}
    degree = dict(graph.degree())
    for node, attrs in graph.nodes(data=True):
        etype = attrs.get("type", "")
        x, y = positions.get(node, (None, None))
        net.add_node(
            node,
            label=attrs.get("label", str(node)),
            type=etype,
            aliases=list(attrs.get("aliases", [])),
            docs=list(attrs.get("docs", [])),
            mentions=attrs.get("mentions", 0),
            degree=degree.get(node, 0),
            **({"x": x, "y": y} if x is not None else {}),
        )
    for source, target, attrs in graph.edges(data=True):
        net.add_edge(
            source,
            target,
            predicate=attrs.get("predicate", ""),
            evidence=attrs.get("evidence", ""),
            confidence=attrs.get("confidence"),
            source_doc=attrs.get("source", ""),
            title_doc=attrs.get("title", ""),
            **{k: attrs[k] for k in ("post", "level", "year") if attrs.get(k)},
        )
    nodes, edges, *_ = net.get_network_data()
    data = {
        "title": title,
        "bigGraph": BIG_GRAPH,
        "edgeLabels": len(edges) <= EDGE_LABEL_LIMIT,
        "styles": STYLES,
        "nodes": [
            {k: n[k] for k in ("id", "label", "type", "aliases", "docs", "mentions", "degree", "x", "y") if k in n}
            for n in nodes
        ],
        "edges": [
            {
                "source": e["from"],
                "target": e["to"],
                "predicate": e["predicate"],
                "evidence": e["evidence"],
                "confidence": e["confidence"],
                "file": e["source_doc"],
                "title": e["title_doc"],
                **{k: e[k] for k in ("post", "level", "year") if k in e},
            }
            for e in edges
        ],
        "counts": {
            "types": dict(sorted(Counter(n["type"] for n in nodes).items())),
            "predicates": dict(sorted(Counter(e["predicate"] for e in edges).items())),
        },
    }
    template = resources.files("kg.web").joinpath("view.html").read_text(encoding="utf-8")
    page = (
        template.replace("__TITLE__", _html_text(title))
        .replace("__DATA__", safe_json(data))
        .replace("__VIS_JS__", _vis_js().replace("</script", "<\\/script"))
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return output


def _html_text(text: str) -> str:
    import html

    return html.escape(text)


def subgraph(
    graph: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    hops: int = 2,
    types: list[str] | None = None,
    iris: set[str] | None = None,
) -> nx.MultiDiGraph:
    """Restrict a graph: to the neighbourhood of ``focus`` (name, alias or IRI), to ``types``,
    or to the nodes a query returned (``iris``)."""
    g = graph
    if iris is not None:
        g = g.subgraph([n for n in g if n in iris]).copy()
    if focus:
        hits = [n for n, a in g.nodes(data=True) if focus in (n, a.get("label"), *a.get("aliases", []))]
        if not hits:
            raise ValueError(f"--focus {focus!r}: no entity with that name, alias or IRI")
        keep: set[Any] = set()
        undirected = g.to_undirected(as_view=True)
        for hit in hits:
            keep |= set(nx.single_source_shortest_path_length(undirected, hit, cutoff=hops))
        g = g.subgraph(keep).copy()
    if types:
        wanted = {t.upper() for t in types}
        unknown = wanted - set(STYLES)
        if unknown:
            raise ValueError(f"--types: unknown type(s) {', '.join(sorted(unknown))}; use {', '.join(STYLES)}")
        g = g.subgraph([n for n, a in g.nodes(data=True) if a.get("type") in wanted]).copy()
    return g


def write_view_from_store(
    outdir: Path | str,
    output: Path | str,
    *,
    query_name: str | None = None,
    sparql: str | None = None,
    focus: str | None = None,
    hops: int = 2,
    types: list[str] | None = None,
) -> Path:
    from kg.netgraph import load_graph
    from kg.query import QueryError, execute, named_queries
    from kg.store import GraphStore, StoreError

    try:
        store = GraphStore.open(outdir, read_only=True)
    except StoreError as err:
        raise ValueError(str(err)) from err
    graph = load_graph(store)
    iris = None
    title = f"kg — {Path(outdir).name}"
    if query_name or sparql:
        text = sparql
        if query_name:
            nq = named_queries().get(query_name)
            if nq is None:
                raise ValueError(f"no named query {query_name!r}")
            text = nq.text
            title += f" — {query_name}"
        try:
            result = execute(store.store, str(text))
        except QueryError as err:
            raise ValueError(str(err)) from err
        iris = {cell for row in getattr(result, "rows", []) for cell in row if cell in graph}
    graph = subgraph(graph, focus=focus, hops=hops, types=types, iris=iris)
    if focus:
        title += f" — {focus} ({hops} hops)"
    return write_view(graph, output, title=title)
