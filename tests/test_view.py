"""The HTML view, network analyses and exports; browser checks in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg import api
from kg.analysis import analyse
from kg.cli import app
from kg.netgraph import load_graph
from kg.viz import safe_json, subgraph, write_view

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
HAS_CHROMIUM = shutil.which("chromium") is not None
INJECTION = """# 测试注入

日前,泰州市总工会启动“<img src=x onerror=document.title=1>”行动,并开展“<script>document.title=2</script>”活动。
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("view") / "out"
    api.build([ROOT / "data" / "samples"], out, progress=False)
    return out


def chromium_dom(url: str, profile: Path, budget: int = 8000) -> str:
    return subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", f"--user-data-dir={profile}", f"--virtual-time-budget={budget}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=False,
    ).stdout


def test_view_is_offline_and_complete(sample: Path) -> None:
    html = (sample / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=[\"']?https?://", html)
    for part in ('id="search"', 'id="types"', 'id="predicates"', 'id="panel"', "vis.Network"):
        assert part in html
    g = load_graph(sample)
    assert f"{g.number_of_nodes()} nodes" not in html  # counts are computed in the page, not baked in
    assert "沛县总工会" in html


def test_safe_json_cannot_close_the_script() -> None:
    text = safe_json({"x": "</script><script>alert(1)</script>&"})
    assert "<" not in text and ">" not in text and "&" not in text


def test_subgraph_options(sample: Path) -> None:
    g = load_graph(sample)
    focus = subgraph(g, focus="沛县总工会", hops=1)
    labels = {a["label"] for _, a in focus.nodes(data=True)}
    assert "沛县人民法院" in labels and "福建省总工会" not in labels
    unions = subgraph(g, types=["union"])
    assert {a["type"] for _, a in unions.nodes(data=True)} == {"UNION"}
    with pytest.raises(ValueError, match="no entity"):
        subgraph(g, focus="不存在的组织")
    result = runner.invoke(app, ["viz", str(sample), "--query", "pilot_units", "-o", str(sample / "pilots.html")])
    assert result.exit_code == 0, result.output
    assert "华虹半导体(无锡)有限公司" in (sample / "pilots.html").read_text(encoding="utf-8")


def test_stats_report(sample: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", str(sample), "-o", str(tmp_path), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| UNION | 10 |" in md or "| UNION |" in md
    assert "## Brokers (betweenness centrality)" in md and "## Communities" in md
    assert (tmp_path / "entities_by_type.png").stat().st_size > 1000
    report = analyse(load_graph(sample))
    assert report.top_degree[0][1] in {"UNION", "ENTERPRISE", "GOVERNMENT", "ORGANIZATION"}
    assert "provincial" in report.honours_by_level and report.communities


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_network_exports(sample: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / ("csv" if fmt == "csv" else f"g.{fmt}")
    result = runner.invoke(app, ["export-network", str(sample), "-f", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    g = load_graph(sample)
    if fmt == "graphml":
        back = nx.read_graphml(target)
    elif fmt == "gexf":
        back = nx.read_gexf(target)
    else:
        lines = (target / "nodes.csv").read_text(encoding="utf-8").splitlines()
        assert len(lines) == g.number_of_nodes() + 1
        return
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()


@pytest.mark.browser
@pytest.mark.skipif(not HAS_CHROMIUM, reason="chromium is not installed")
def test_sample_view_in_chromium(sample: Path, tmp_path: Path) -> None:
    url = (sample / "graph.html").as_uri()
    dom = chromium_dom(url, tmp_path / "p1")
    assert 'data-ready="1"' in dom and not re.search(r"<html[^>]*data-errors", dom)
    total = int(re.search(r'data-visible-nodes="(\d+)"', dom).group(1))
    assert total == load_graph(sample).number_of_nodes()
    searched = chromium_dom(url + "#search=沛县总工会", tmp_path / "p2")
    assert 'data-id="https://w3id.org/kglabour/id/union/沛县总工会"' in searched
    filtered = chromium_dom(url + "#hide=PROGRAMME", tmp_path / "p3")
    visible = int(re.search(r'data-visible-nodes="(\d+)"', filtered).group(1))
    programmes = sum(1 for _, a in load_graph(sample).nodes(data=True) if a["type"] == "PROGRAMME")
    assert visible == total - programmes
    shot = tmp_path / "view.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         f"--user-data-dir={tmp_path / 'p4'}", "--window-size=1400,900", "--virtual-time-budget=8000",
         f"--screenshot={shot}", url + "#search=沛县总工会"],
        capture_output=True, timeout=120, check=False,
    )
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
@pytest.mark.skipif(not HAS_CHROMIUM, reason="chromium is not installed")
def test_markup_in_documents_runs_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "inj.txt").write_text(INJECTION, encoding="utf-8")
    out = tmp_path / "out"
    api.build([corpus], out, progress=False)
    g = load_graph(out)
    assert any("<img src=x" in a["label"] for _, a in g.nodes(data=True))
    page = out / "graph.html"
    html = page.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>document.title" not in html
    write_view(g, tmp_path / "v.html", title="<b>t</b>")
    dom = chromium_dom(page.as_uri() + "#search=img", tmp_path / "p")
    assert re.search(r"<title>(.*?)</title>", dom).group(1) not in ("1", "2")
    assert '<img src="x"' not in dom and "<img src=x" not in dom
    assert "&lt;img src=x" in dom  # shown literally in the search results


def test_charts_draw_chinese_labels_with_a_cjk_font(sample: Path, tmp_path: Path) -> None:
    import warnings

    from matplotlib import font_manager

    from kg.analysis import write_charts

    if not any("CJK" in p or "NotoSansSC" in p for p in font_manager.findSystemFonts()):
        pytest.skip("no CJK font installed (.ci/run installs fonts-noto-cjk)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts = write_charts(analyse(load_graph(sample)), tmp_path)
    assert charts and all(p.exists() for p in charts.values())
    assert not [w for w in caught if "missing from font" in str(w.message)]
