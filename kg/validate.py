"""``kg validate``: check a built graph against ``ontology/shapes.ttl`` with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import rdflib
from rdflib.namespace import RDFS, SH


@dataclass
class Violation:
    focus: str
    focus_label: str
    path: str
    value: str
    message: str

    def render(self) -> str:
        where = f"{self.focus_label} <{self.focus}>" if self.focus_label else f"<{self.focus}>"
        via = f" via {self.path}" if self.path else ""
        val = f" (value {self.value})" if self.value else ""
        return f"{where}{via}{val}: {self.message}"


def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=_ontology_file("shapes.ttl"), format="turtle")


def ontology_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=_ontology_file("kg.ttl"), format="turtle")


def _ontology_file(name: str) -> str:
    """The repository's ontology/ file, or the copy shipped in the package."""
    repo = Path(__file__).resolve().parents[1] / "ontology" / name
    if repo.exists():
        return repo.read_text(encoding="utf-8")
    return resources.files("kg").joinpath("ontology", name).read_text(encoding="utf-8")


def validate_graph(data: rdflib.Graph) -> list[Violation]:
    from pyshacl import validate

    conforms, report, _ = validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True)
    if conforms:
        return []
    out = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        label = data.value(focus, RDFS.label) if focus is not None else None
        out.append(
            Violation(
                str(focus),
                str(label or ""),
                data.namespace_manager.normalizeUri(path) if isinstance(path, rdflib.URIRef) else "",
                str(data.value(value, RDFS.label) or value or ""),
                str(message or "violates a shape"),
            )
        )
    return sorted(out, key=lambda v: (v.focus_label, v.path, v.message))


def validate_store(outdir: Path | str) -> list[Violation]:
    from pyoxigraph import RdfFormat

    from kg.store import GraphStore
    from kg.vocab import PREFIXES

    store = GraphStore.open(outdir, read_only=True)
    nt = store.store.dump(format=RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=nt.decode("utf-8"), format="nquads")
    union = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, str(ns))
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return validate_graph(union)
