"""The RDF side: provenance of facts, exports, SHACL validation, named queries."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from kg import api
from kg.cli import app
from kg.model import Document, Entity, Extraction, Mention, Relation, Span
from kg.query import QueryError, execute, named_queries, resolve_query_text, run_query
from kg.store import GraphStore
from kg.validate import validate_store

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rdf") / "out"
    api.build([ROOT / "data" / "samples"], out, view=False, progress=False)
    return out


def rows(outdir: Path, query_name: str, /, **params: str) -> list[dict[str, str]]:
    text, _ = resolve_query_text(named=query_name)
    return run_query(outdir, text, dict(params)).records()


def test_every_fact_has_evidence_offsets_confidence_and_source(sample: Path) -> None:
    store = GraphStore.open(sample, read_only=True)
    facts = execute(
        store.store,
        "SELECT ?f ?ev ?s ?e ?c ?doc WHERE { ?f a kgo:Fact ; kgo:evidenceText ?ev ; kgo:evidenceStart ?s ;"
        " kgo:evidenceEnd ?e ; kgo:confidence ?c ; prov:wasDerivedFrom ?doc }",
    ).records()
    direct = execute(store.store, "SELECT (COUNT(*) AS ?n) WHERE { ?f a kgo:Fact }").rows[0][0]
    assert len(facts) == int(direct) > 50
    text = (ROOT / "data" / "samples" / "000_b633644a5aba3e41.txt").read_text(encoding="utf-8")
    for f in facts:
        start, end = int(f["s"]), int(f["e"])
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip()[:1] in f["ev"]
        assert 0 < float(f["c"]) <= 1


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "nq", "jsonld"])
def test_exports_round_trip(sample: Path, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"g.{fmt}"
    result = runner.invoke(app, ["export", str(sample), "-f", fmt, "-o", str(path)])
    assert result.exit_code == 0, result.output
    parser = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt]
    if fmt in ("trig", "nq", "jsonld"):
        ds = rdflib.Dataset()
        ds.parse(path, format=parser)
        graphs = {g for _s, _p, _o, g in ds.quads((None, None, None, None))}
        assert len(graphs) == 1  # one named graph: the one document
        n = len(list(ds.quads((None, None, None, None))))
    else:
        n = len(rdflib.Graph().parse(path, format=parser))
    assert n == GraphStore.open(sample, read_only=True).stats()["quads"]


def test_validate_passes_on_the_sample(sample: Path) -> None:
    assert validate_store(sample) == []
    result = runner.invoke(app, ["validate", str(sample)])
    assert result.exit_code == 0 and "conforms" in result.output


def test_validate_reports_a_person_holding_a_post_in_a_place(tmp_path: Path) -> None:
    text = "张三任江苏省职务。"
    doc = Document("bad.txt", "bad.txt", text, text, "utf-8", "ab" * 32, text, list(range(len(text) + 1)))
    person = Entity("e1", "张三", "PERSON", mentions=[Mention(0, 2, "张三", "PERSON")])
    place = Entity("e2", "江苏省", "PLACE", mentions=[Mention(3, 6, "江苏省", "PLACE")])
    rel = Relation("e1", "holds_post", "e2", Span(0, 6), 0.9, {"post": "主席"})
    store = GraphStore.open(tmp_path)
    store.replace_document(Extraction(doc, [person, place], [rel]))
    store.close()
    violations = validate_store(tmp_path)
    assert any("organisation" in v.message and v.focus_label == "张三" for v in violations)
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "张三" in result.output


def test_there_are_at_least_twelve_named_queries() -> None:
    assert len(named_queries()) >= 12
    for nq in named_queries().values():
        assert nq.description


def test_named_queries_on_the_sample(sample: Path) -> None:
    officials = {(r["personLabel"], r["orgLabel"], r["post"]) for r in rows(sample, "officials")}
    assert ("夏同军", "无锡市新吴区总工会", "党组书记、副主席") in officials
    assert ("刘保顺", "思政教师宣讲团", "团长") in officials
    pilots = {(r["unitLabel"], r["level"]) for r in rows(sample, "pilot_units")}
    assert ("华虹半导体(无锡)有限公司", "provincial") in pilots and ("微纳园", "municipal") in pilots
    honours = {(r["honourLabel"], r["recipientLabel"], r["level"]) for r in rows(sample, "honours_by_level")}
    assert ("全国人大代表", "孙华芹", "national") in honours
    programmes = {(r["orgLabel"], r["programmeLabel"]) for r in rows(sample, "programmes_by_union")}
    assert ("沛县总工会", "“歌风杯”劳动技能竞赛品牌") in programmes
    near = {r["otherLabel"] for r in rows(sample, "two_hops", org="沛县总工会")}
    assert {"沛县人民法院", "劳动人事仲裁院"} <= near
    docs = {(r["title"], r["author"]) for r in rows(sample, "documents_and_authors")}
    assert ("创新机制推进集体协商走深走实", "周永祥") in docs
    unions = {r["label"] for r in rows(sample, "entities_by_type", type="TradeUnion")}
    assert "盐城市阜宁县总工会" in unions and "沛县总工会" in unions
    places = {(r["placeLabel"], r["parentLabel"]) for r in rows(sample, "places")}
    assert ("盐城市阜宁县", "盐城市") in places
    partners = {(r["aLabel"], r["bLabel"]) for r in rows(sample, "partners")}
    assert ("沛县总工会", "沛县人民法院") in partners
    issued = {(r["issuerLabel"], r["documentLabel"]) for r in rows(sample, "issued_documents")}
    assert ("盐城市阜宁县总工会", "《集体协商指导员管理办法》") in issued
    stats = {(r["measure"], r["value"], r["unit"]) for r in rows(sample, "statistics")}
    assert ("集体协商签订率", "98", "%+") in stats
    subs = {(r["partLabel"], r["wholeLabel"]) for r in rows(sample, "sub_organizations")}
    assert ("三六一度(中国)有限公司工会", "三六一度(中国)有限公司") in subs
    about = {(r["predicate"], r["otherLabel"]) for r in rows(sample, "mentions_of", name="沛县总工会")}
    assert ("established", "“沛公驿”户外劳动者服务站") in about
    facts = rows(sample, "facts_with_sources")
    assert all(f["evidence"] and f["file"] == "000_b633644a5aba3e41.txt" for f in facts)


def test_parameters_are_bound_not_pasted(sample: Path) -> None:
    evil = '沛县总工会" } UNION { ?start ?p1 ?other } #'
    assert rows(sample, "two_hops", org=evil) == []
    with pytest.raises(QueryError, match="missing parameter"):
        rows(sample, "two_hops")
    result = runner.invoke(app, ["query", str(sample), "--named", "officials", "--param", "x=1"])
    assert result.exit_code == 2 and "unknown parameter" in result.output


def test_query_errors_are_clear(sample: Path) -> None:
    result = runner.invoke(app, ["query", str(sample), "SELEC nonsense"])
    assert result.exit_code == 2 and "syntax error" in result.output
