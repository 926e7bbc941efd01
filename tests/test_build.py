"""End to end: kg extract (the contract), kg build (store, graph.ttl, graph.html),
determinism, --update, cross-document resolution and bad input through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import api
from kg.cli import app
from kg.store import GraphStore

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "samples"
runner = CliRunner()

DOC_A = """【基层动态】

# 常州工会服务新就业形态劳动者

常州市总工会 王立新

今年以来,常州市总工会推动江苏恒力纺织有限公司、常州瑞华电子有限公司等5家企业建立工会。恒力纺织参加“暖心驿站”建设工程。市总工会还出台《常州市新就业形态劳动者权益保障办法》。
"""

DOC_B = """【他山之石】

# 纺织企业职工技能大赛举行

日前,江苏恒力纺织有限公司工会举办职工技能大赛。盐城市总工会会同盐城市人民法院开展普法活动。市总工会负责人表示将继续推进。
"""


def entity_iris(outdir: Path) -> dict[str, str]:
    store = GraphStore.open(outdir, read_only=True)
    return {label: iri for iri, _t, label, _a in store.entities()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "out"
    result = runner.invoke(app, ["build", str(SAMPLE_DIR), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_store_turtle_and_view(built: Path) -> None:
    assert (built / "store").is_dir()
    g = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    assert len(g) > 500
    html = (built / "graph.html").read_text(encoding="utf-8")
    assert "vis.Network" in html and "http://" not in html.split("<script id=\"kg-data\"")[0].split("</style>")[0]


def test_query_counts_triples(built: Path) -> None:
    result = runner.invoke(app, ["query", str(built), "SELECT (COUNT(*) AS ?n) WHERE {?s ?p ?o}", "--format", "json"])
    assert result.exit_code == 0, result.output
    n = int(json.loads(result.output)[0]["n"])
    assert n == GraphStore.open(built, read_only=True).stats()["triples"]


def test_extract_follows_the_contract(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["extract", str(SAMPLE_DIR), "--format", "jsonl", "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    text = (SAMPLE_DIR / record["doc"]).read_text(encoding="utf-8")
    types = {"PERSON", "UNION", "ENTERPRISE", "GOVERNMENT", "ORGANIZATION", "PLACE", "PROGRAMME", "HONOUR",
             "POSITION", "DOCUMENT", "EVENT"}
    ids = set()
    for ent in record["entities"]:
        assert ent["type"] in types and ent["name"]
        ids.add(ent["id"])
        for m in ent["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    assert len(ids) == len(record["entities"])
    predicates = {"holds_post", "located_in", "sub_organization_of", "received_honour", "runs_programme",
                  "participates_in", "partner_of", "established", "issued", "authored"}
    for rel in record["relations"]:
        assert rel["predicate"] in predicates
        assert rel["subject"] in ids and rel["object"] in ids
        assert 0 <= rel["evidence"]["start"] < rel["evidence"]["end"] <= len(text)
        assert 0 < rel["confidence"] <= 1
        assert ("post" in rel) == (rel["predicate"] == "holds_post")


def test_build_is_deterministic(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    api.build([SAMPLE_DIR], again, view=False, progress=False)
    assert entity_iris(again) == entity_iris(built)
    g1 = rdflib.Graph().parse(built / "graph.ttl")
    g2 = rdflib.Graph().parse(again / "graph.ttl")
    assert isomorphic(g1, g2)


def test_update_adds_only_the_new_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(DOC_A, encoding="utf-8")
    out = tmp_path / "out"
    api.build([corpus], out, view=False, progress=False)
    before = GraphStore.open(out, read_only=True)
    first = {str(q) for q in before.store}
    del before
    (corpus / "b.txt").write_text(DOC_B, encoding="utf-8")
    summary = api.build([corpus], out, update=True, view=False, progress=False)
    assert summary.documents == 1 and summary.skipped == 1
    after = GraphStore.open(out, read_only=True)
    second = {str(q) for q in after.store}
    assert first < second
    assert len(after.documents()) == 2


def test_cross_document_resolution(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(DOC_A, encoding="utf-8")
    (corpus / "b.txt").write_text(DOC_B, encoding="utf-8")
    out = tmp_path / "out"
    api.build([corpus], out, view=False, progress=False)
    store = GraphStore.open(out, read_only=True)
    rows = list(store.entities())
    # the same company written in full in one article and short in the other: one node
    company = [r for r in rows if r[1] == "ENTERPRISE" and "恒力纺织" in r[2]]
    assert len({r[0] for r in company}) == 1
    # 市总工会 of 常州 and 市总工会 of 盐城 stay two unions
    city_unions = {r[0] for r in rows if r[1] == "UNION" and ("市总工会" in r[2] or "市总工会" in r[3])}
    assert any("常州市总工会" in iri for iri in city_unions)
    assert any("盐城市总工会" in iri for iri in city_unions)


def test_bad_files_are_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE_DIR / "000_b633644a5aba3e41.txt", corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01" * 100)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus), "-o", str(out), "--no-progress", "--no-view"])
    assert result.exit_code == 1
    assert "empty.txt: empty" in result.output and "binary.txt: binary" in result.output
    assert len(GraphStore.open(out, read_only=True).documents()) == 1


def test_extract_bad_path_exits_non_zero(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt"), "--no-progress"])
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.output


def test_query_on_missing_graph_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", str(tmp_path), "SELECT * WHERE {?s ?p ?o}"])
    assert result.exit_code == 2
    assert "no graph here" in result.output
