"""``kg stats``: network analyses of a built graph, as a text/Markdown report with PNG charts.

Counts by type, degree and betweenness centrality (top organisations and people),
communities (greedy modularity), brokers between unions and enterprises, and honours by
level and region.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

ORG_TYPES = {"UNION", "ENTERPRISE", "GOVERNMENT", "ORGANIZATION"}


@dataclass
class Report:
    counts: dict[str, int]
    edges_by_predicate: dict[str, int]
    top_degree: list[tuple[str, str, int]]
    top_betweenness: list[tuple[str, str, float]]
    top_people: list[tuple[str, int]]
    communities: list[list[str]]
    brokers: list[tuple[str, str, int]]
    honours_by_level: dict[str, Counter[str]]
    honours_by_region: dict[str, int]
    charts: dict[str, Path] = field(default_factory=dict)

    def markdown(self) -> str:
        lines = ["# Graph report", "", "## Entities by type", "", "| type | n |", "|---|---|"]
        lines += [f"| {t} | {n} |" for t, n in sorted(self.counts.items())]
        lines += ["", "## Relations by predicate", "", "| predicate | n |", "|---|---|"]
        lines += [f"| {p} | {n} |" for p, n in sorted(self.edges_by_predicate.items())]
        lines += ["", "## Most connected organisations (degree)", "", "| organisation | type | degree |", "|---|---|---|"]
        lines += [f"| {label} | {t} | {d} |" for label, t, d in self.top_degree]
        lines += ["", "## Brokers (betweenness centrality)", "", "| entity | type | betweenness |", "|---|---|---|"]
        lines += [f"| {label} | {t} | {b:.3f} |" for label, t, b in self.top_betweenness]
        lines += ["", "## People by number of relations", "", "| person | relations |", "|---|---|"]
        lines += [f"| {label} | {d} |" for label, d in self.top_people]
        lines += ["", "## Communities (greedy modularity, largest first)", ""]
        lines += [f"{i + 1}. {'、'.join(c[:12])}{' …' if len(c) > 12 else ''} ({len(c)})" for i, c in enumerate(self.communities[:10])]
        lines += ["", "## Bridges between unions and enterprises", "",
                  "Entities on shortest paths that connect a union to an enterprise.", "",
                  "| entity | type | union–enterprise paths |", "|---|---|---|"]
        lines += [f"| {label} | {t} | {n} |" for label, t, n in self.brokers]
        lines += ["", "## Honours by level", "", "| level | honour | recipients |", "|---|---|---|"]
        for level, honours in sorted(self.honours_by_level.items()):
            lines += [f"| {level} | {h} | {n} |" for h, n in honours.most_common()]
        lines += ["", "## Honours by region of the recipient", "", "| region | honours received |", "|---|---|"]
        lines += [f"| {r} | {n} |" for r, n in sorted(self.honours_by_region.items(), key=lambda kv: -kv[1])]
        if self.charts:
            lines += ["", "## Charts", ""] + [f"![{name}]({path.name})" for name, path in self.charts.items()]
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        out = []
        for line in self.markdown().splitlines():
            if line.startswith("|---") or line.startswith("!["):
                continue
            out.append(line.replace("| ", "").replace(" |", "  ").lstrip("# ").rstrip())
        return "\n".join(out) + "\n"


def analyse(graph: nx.MultiDiGraph, top: int = 10) -> Report:
    label = {n: a.get("label", str(n)) for n, a in graph.nodes(data=True)}
    etype = {n: a.get("type", "") for n, a in graph.nodes(data=True)}
    simple = nx.Graph(graph)
    degree = dict(simple.degree())
    orgs = [n for n in graph if etype[n] in ORG_TYPES]
    betweenness = nx.betweenness_centrality(simple, k=min(500, len(simple)) if len(simple) > 500 else None, seed=1)
    communities = []
    if simple.number_of_edges():
        for c in nx.algorithms.community.greedy_modularity_communities(simple):
            if len(c) > 1:
                communities.append(sorted((label[n] for n in c), key=lambda s: (-degree.get(s, 0), s)))
    brokers = _union_enterprise_brokers(simple, etype)
    honours_by_level: dict[str, Counter[str]] = {}
    honours_by_region: Counter[str] = Counter()
    for s, o, a in graph.edges(data=True):
        if a.get("predicate") != "received_honour":
            continue
        honours_by_level.setdefault(a.get("level") or "unknown", Counter())[label[o]] += 1
        regions = [label[t] for _, t, b in graph.out_edges(s, data=True) if b.get("predicate") == "located_in"]
        honours_by_region[regions[0] if regions else "unknown"] += 1
    return Report(
        counts=dict(Counter(etype.values())),
        edges_by_predicate=dict(Counter(a.get("predicate", "") for *_, a in graph.edges(data=True))),
        top_degree=sorted(((label[n], etype[n], degree[n]) for n in orgs), key=lambda x: (-x[2], x[0]))[:top],
        top_betweenness=sorted(((label[n], etype[n], b) for n, b in betweenness.items() if b > 0), key=lambda x: (-x[2], x[0]))[:top],
        top_people=sorted(((label[n], degree[n]) for n in graph if etype[n] == "PERSON"), key=lambda x: (-x[1], x[0]))[:top],
        communities=sorted(communities, key=len, reverse=True),
        brokers=[(label[n], etype[n], k) for n, k in brokers[:top]],
        honours_by_level=honours_by_level,
        honours_by_region=dict(honours_by_region),
    )


def _union_enterprise_brokers(simple: nx.Graph, etype: dict[Any, str]) -> list[tuple[Any, int]]:
    unions = [n for n in simple if etype[n] == "UNION"]
    enterprises = {n for n in simple if etype[n] == "ENTERPRISE"}
    on_paths: Counter[Any] = Counter()
    for u in unions:
        paths = nx.single_source_shortest_path(simple, u, cutoff=4)
        for target, path in paths.items():
            if target in enterprises:
                on_paths.update(n for n in path[1:-1])
    return on_paths.most_common()


def write_charts(report: Report, outdir: Path) -> dict[str, Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    def cjk_fonts() -> list[str]:
        return [f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name or "Noto Sans SC" in f.name]

    cjk = cjk_fonts()
    if not cjk:  # fonts installed after matplotlib cached its font list: add them now
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "NotoSansSC" in path:
                font_manager.fontManager.addfont(path)
        cjk = cjk_fonts()
    if cjk:
        plt.rcParams["font.family"] = cjk[0]
    charts: dict[str, Path] = {}

    def bar(name: str, items: list[tuple[str, float]], title: str) -> None:
        if not items:
            return
        fig, ax = plt.subplots(figsize=(8, 0.4 * len(items) + 1.2))
        ax.barh([k for k, _ in items][::-1], [v for _, v in items][::-1], color="#4e79a7")
        ax.set_title(title)
        fig.tight_layout()
        path = outdir / f"{name}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        charts[name] = path

    bar("entities_by_type", sorted(report.counts.items(), key=lambda kv: -kv[1]), "Entities by type")
    bar("top_degree", [(lbl, d) for lbl, _t, d in report.top_degree], "Most connected organisations")
    bar("betweenness", [(lbl, b) for lbl, _t, b in report.top_betweenness], "Betweenness centrality")
    levels = [(lv, sum(c.values())) for lv, c in sorted(report.honours_by_level.items())]
    bar("honours_by_level", levels, "Honours received by level")
    return charts


def write_report(outdir: Path | str, report_dir: Path | str, *, charts: bool = True) -> tuple[Report, Path]:
    from kg.netgraph import load_graph

    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    report = analyse(load_graph(outdir))
    if charts:
        report.charts = write_charts(report, report_dir)
    md = report_dir / "report.md"
    md.write_text(report.markdown(), encoding="utf-8")
    (report_dir / "report.txt").write_text(report.text(), encoding="utf-8")
    return report, md
