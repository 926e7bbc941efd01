"""Query latency of the embedded store (pyoxigraph) against plain rdflib, side by side in
one process, on a generated graph in kg's layout (entities, direct triples and reified
facts with evidence), at least 1 million triples.

    python benchmarks/sparql_bench.py --triples 1000000

Reports load time, memory (RSS growth while loading) and the median of 3 runs of five
typical queries for each engine, and the ratios.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import time

import pyoxigraph as ox
import rdflib

KGO = "https://w3id.org/kglabour/ontology#"
KGR = "https://w3id.org/kglabour/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPES = ["TradeUnion", "Enterprise", "GovernmentBody", "Organization", "Person", "Place", "Programme", "Honour"]
PREDICATES = ["runsProgramme", "participatesIn", "receivedHonour", "locatedIn", "holdsPostIn", "partnerOf"]

QUERIES = {
    "count_by_type": "SELECT ?c (COUNT(?e) AS ?n) WHERE { ?e a ?c } GROUP BY ?c",
    "label_lookup": f'SELECT ?e WHERE {{ ?e <{RDFS}label> "entity 4242"@zh }}',
    "programmes_of_unions": f"SELECT ?u ?p WHERE {{ ?u a <{KGO}TradeUnion> ; <{KGO}runsProgramme> ?p . ?p a <{KGO}Programme> }} LIMIT 1000",
    "facts_with_evidence": f"SELECT ?s ?o ?ev WHERE {{ ?f <{RDF}predicate> <{KGO}receivedHonour> ; <{RDF}subject> ?s ; <{RDF}object> ?o ; <{KGO}evidenceText> ?ev ; <{KGO}confidence> ?c FILTER(?c > 0.8) }} LIMIT 1000",
    "two_hops": f"SELECT DISTINCT ?x WHERE {{ <{KGR}e/7> ?p ?m . ?m ?q ?x . ?x a <{KGO}Enterprise> }}",
}


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(n_triples: int, seed: int = 1) -> list[tuple[str, str, object]]:
    """(s, p, o) with o either an IRI string or a (lexical, lang or datatype) literal tuple."""
    rnd = random.Random(seed)
    triples: list[tuple[str, str, object]] = []
    n_entities = max(1000, n_triples // 40)
    for i in range(n_entities):
        e = f"{KGR}e/{i}"
        triples.append((e, RDF + "type", KGO + TYPES[i % len(TYPES)]))
        triples.append((e, RDFS + "label", (f"entity {i}", "zh")))
    f = 0
    while len(triples) < n_triples:
        s, o = rnd.randrange(n_entities), rnd.randrange(n_entities)
        p = KGO + PREDICATES[f % len(PREDICATES)]
        se, oe, fact = f"{KGR}e/{s}", f"{KGR}e/{o}", f"{KGR}fact/{f}"
        triples += [
            (se, p, oe),
            (fact, RDF + "type", KGO + "Fact"),
            (fact, RDF + "subject", se),
            (fact, RDF + "predicate", p),
            (fact, RDF + "object", oe),
            (fact, KGO + "evidenceText", (f"第{f}条证据句,某某总工会开展某某活动。", "zh")),
            (fact, KGO + "confidence", (f"{rnd.random():.3f}", "http://www.w3.org/2001/XMLSchema#decimal")),
        ]
        f += 1
    return triples


def to_ox(t: tuple[str, str, object]) -> ox.Quad:
    s, p, o = t
    if isinstance(o, tuple):
        lex, tag = o
        obj = ox.Literal(lex, language=tag) if tag == "zh" else ox.Literal(lex, datatype=ox.NamedNode(tag))
    else:
        obj = ox.NamedNode(o)
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj)


def to_rdflib(t: tuple[str, str, object]) -> tuple:
    s, p, o = t
    if isinstance(o, tuple):
        lex, tag = o
        obj = rdflib.Literal(lex, lang="zh") if tag == "zh" else rdflib.Literal(lex, datatype=rdflib.URIRef(tag))
    else:
        obj = rdflib.URIRef(o)
    return rdflib.URIRef(s), rdflib.URIRef(p), obj


def timed(fn, repeat: int = 3) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--triples", type=int, default=1_000_000)
    args = ap.parse_args()
    data = generate(args.triples)
    out: dict[str, object] = {"triples": len(data)}

    gc.collect()
    m0, t0 = rss_mb(), time.perf_counter()
    store = ox.Store()
    store.bulk_extend(to_ox(t) for t in data)
    out["oxigraph_load_s"] = round(time.perf_counter() - t0, 2)
    out["oxigraph_mem_mb"] = round(rss_mb() - m0)

    gc.collect()
    m0, t0 = rss_mb(), time.perf_counter()
    graph = rdflib.Graph()
    for t in data:
        graph.add(to_rdflib(t))
    out["rdflib_load_s"] = round(time.perf_counter() - t0, 2)
    out["rdflib_mem_mb"] = round(rss_mb() - m0)

    queries = {}
    for name, q in QUERIES.items():
        ox_s, ox_n = timed(lambda q=q: len(list(store.query(q))))
        rl_s, rl_n = timed(lambda q=q: len(list(graph.query(q))), repeat=1 if name == "count_by_type" else 3)
        queries[name] = {
            "rows": [ox_n, rl_n],
            "oxigraph_ms": round(ox_s * 1000, 1),
            "rdflib_ms": round(rl_s * 1000, 1),
            "ratio": round(rl_s / ox_s, 1) if ox_s else None,
        }
    out["queries"] = queries
    out["load_ratio"] = round(out["rdflib_load_s"] / out["oxigraph_load_s"], 1)
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
