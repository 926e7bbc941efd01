"""The SPARQL endpoint, driven by real HTTP clients and headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from SPARQLWrapper import JSON, SPARQLWrapper

from kg import api
from kg.serve import SparqlServer

ROOT = Path(__file__).resolve().parents[1]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serve") / "out"
    api.build([ROOT / "data" / "samples"], out, view=False, progress=False)
    return out


@pytest.fixture(scope="module")
def endpoint(graph_dir: Path) -> Iterator[str]:
    server = SparqlServer(graph_dir, port=0, limit=1000)
    server.start_in_thread()
    yield server.url
    server.shutdown()


@pytest.mark.parametrize(
    ("accept", "ctype", "check"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", lambda r: r.json()["results"]["bindings"]),
        ("text/csv", "text/csv", lambda r: r.text.splitlines()[0] == "n"),
        ("text/tab-separated-values", "text/tab-separated-values", lambda r: r.text.splitlines()[0] == "?n"),
        ("application/sparql-results+xml", "application/sparql-results+xml", lambda r: "<sparql" in r.text),
    ],
)
def test_content_negotiation(endpoint: str, accept: str, ctype: str, check) -> None:
    r = requests.get(f"{endpoint}/sparql", params={"query": COUNT}, headers={"Accept": accept}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith(ctype)
    assert check(r)


def test_post_forms_and_construct_as_turtle(endpoint: str) -> None:
    r = requests.post(f"{endpoint}/sparql", data={"query": COUNT}, headers={"Accept": "text/csv"}, timeout=10)
    assert r.status_code == 200 and int(r.text.splitlines()[1]) > 500
    q = "CONSTRUCT { ?u rdfs:label ?l } WHERE { ?u a kgo:TradeUnion ; rdfs:label ?l }"
    r = requests.post(
        f"{endpoint}/sparql",
        data=q.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"},
        timeout=10,
    )
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    assert "沛县总工会" in r.text


def test_sparqlwrapper_client(endpoint: str) -> None:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery("PREFIX kgo: <https://w3id.org/kglabour/ontology#> SELECT ?l WHERE { ?p a kgo:Person ; rdfs:label ?l }")
    client.setReturnFormat(JSON)
    names = {b["l"]["value"] for b in client.queryAndConvert()["results"]["bindings"]}
    assert {"夏同军", "张秀军", "周永祥"} <= names


def test_updates_are_refused_by_default(endpoint: str) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    r = requests.post(f"{endpoint}/sparql", data={"update": update}, timeout=10)
    assert r.status_code == 403 and "read-only" in r.text
    r = requests.post(f"{endpoint}/sparql", data=update.encode(),
                      headers={"Content-Type": "application/sparql-update"}, timeout=10)
    assert r.status_code == 403
    ask = requests.get(f"{endpoint}/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"}, timeout=10)
    assert ask.json()["boolean"] is False


def test_updates_with_the_flag(graph_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "g"
    shutil.copytree(graph_dir, copy)
    server = SparqlServer(copy, port=0, allow_update=True)
    server.start_in_thread()
    try:
        r = requests.post(f"{server.url}/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=10)
        assert r.status_code == 204
        ask = requests.get(f"{server.url}/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"}, timeout=10)
        assert ask.json()["boolean"] is True
    finally:
        server.shutdown()


def test_limits_and_errors(graph_dir: Path, endpoint: str) -> None:
    r = requests.get(f"{endpoint}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=10)
    assert r.status_code == 413  # 2,000+ rows against a limit of 1,000
    r = requests.get(f"{endpoint}/sparql", params={"query": "SELEKT nothing"}, timeout=10)
    assert r.status_code == 400 and "syntax" in r.text
    slow = SparqlServer(graph_dir, port=0, timeout=0.05)
    slow.start_in_thread()
    try:
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # ~4.6 million rows: seconds
        r = requests.get(f"{slow.url}/sparql", params={"query": heavy}, timeout=30)
        assert r.status_code == 503 and "timed out" in r.text
    finally:
        slow.shutdown()


def test_named_queries_listed(endpoint: str) -> None:
    names = {q["name"] for q in requests.get(f"{endpoint}/named", timeout=10).json()}
    assert {"officials", "pilot_units", "two_hops"} <= names


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_query_page_in_headless_chromium(endpoint: str, tmp_path: Path) -> None:
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
         "--dump-dom", f"{endpoint}/?named=officials"],
        capture_output=True, text=True, timeout=90, check=False,
    ).stdout
    assert 'data-rows="4"' in dom
    assert "<td>夏同军</td>" in dom and "<td>党组书记、副主席</td>" in dom
