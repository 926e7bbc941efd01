"""The on-disk graph store: a pyoxigraph Store in ``OUTDIR/store``.

Each document's facts live in its own named graph, so a document is replaced or
removed as a whole (``kg build --update``), and queries run over the union of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import NamedNode, RdfFormat

from kg.model import Extraction
from kg.vocab import CLASS_TYPE, KGO, PREFIXES, graph_iri

FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "trig": RdfFormat.TRIG,
    "nq": RdfFormat.N_QUADS,
}
QUAD_FORMATS = {"trig", "nq"}
PREFIX_DECL = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


class StoreError(Exception):
    pass


class GraphStore:
    def __init__(self, store: pyoxigraph.Store, path: Path):
        self.store = store
        self.path = path

    @classmethod
    def open(cls, outdir: Path | str, *, create: bool = True, read_only: bool = False) -> GraphStore:
        path = Path(outdir) / "store"
        if not path.exists() and (read_only or not create):
            raise StoreError(f"{outdir}: no graph here (run `kg build ... -o {outdir}` first)")
        try:
            store = pyoxigraph.Store.read_only(str(path)) if read_only else pyoxigraph.Store(str(path))
        except OSError as err:
            raise StoreError(f"{path}: cannot open the store ({err})") from err
        return cls(store, path)

    def replace_document(self, ex: Extraction, *, extractor_version: str = "kg") -> None:
        """Drop the document's named graph, if any, and add its new facts."""
        from kg.graph import extraction_to_quads

        g = NamedNode(graph_iri(ex.document.sha256))
        self.store.remove_graph(g) if self._has_graph(g) else None
        self.store.bulk_extend(extraction_to_quads(ex, extractor_version=extractor_version))
        self.store.flush()

    def _has_graph(self, g: NamedNode) -> bool:
        return self.store.contains_named_graph(g)

    def has_document(self, sha256: str) -> bool:
        return self._has_graph(NamedNode(graph_iri(sha256)))

    def query(self, sparql: str, **kwargs: Any) -> Any:
        return self.store.query(sparql, use_default_graph_as_union=True, **kwargs)

    def documents(self) -> list[dict[str, str]]:
        rows = self.query(
            PREFIX_DECL
            + "SELECT ?doc ?sha ?path ?title WHERE { ?doc a kgo:SourceDocument ; kgo:sha256 ?sha ; "
            "kgo:sourcePath ?path . OPTIONAL { ?doc dcterms:title ?title } } ORDER BY ?path"
        )
        return [
            {"iri": r["doc"].value, "sha256": r["sha"].value, "path": r["path"].value, "title": r["title"].value if r["title"] else ""}
            for r in rows
        ]

    def entities(self) -> Iterator[tuple[str, str, str, list[str]]]:
        """(iri, contract TYPE, label, aliases) of every entity, for cross-document resolution."""
        aliases: dict[str, list[str]] = {}
        for r in self.query(PREFIX_DECL + "SELECT DISTINCT ?e ?alt WHERE { ?e skos:altLabel ?alt }"):
            aliases.setdefault(r["e"].value, []).append(r["alt"].value)
        rows = self.query(
            PREFIX_DECL + "SELECT DISTINCT ?e ?cls ?label WHERE { ?e a ?cls ; rdfs:label ?label . "
            "FILTER EXISTS { ?e kgo:mentionedIn ?d } }"
        )
        for r in rows:
            cls = r["cls"].value.removeprefix(str(KGO))
            if cls in CLASS_TYPE:
                yield r["e"].value, CLASS_TYPE[cls], r["label"].value, sorted(aliases.get(r["e"].value, []))

    def export(self, path: Path | str, fmt: str) -> None:
        """Write the graph: ttl/nt as the union of all documents, trig/nq with named graphs."""
        if fmt == "jsonld":
            self._export_jsonld(Path(path))
            return
        if fmt not in FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of ttl, nt, trig, nq, jsonld")
        prefixes = {k: str(v) for k, v in PREFIXES.items()}
        if fmt in QUAD_FORMATS:
            kwargs = {"prefixes": prefixes} if fmt == "trig" else {}
            self.store.dump(str(path), FORMATS[fmt], **kwargs)
            return
        triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        kwargs = {"prefixes": prefixes} if fmt == "ttl" else {}
        pyoxigraph.serialize(triples, str(path), FORMATS[fmt], **kwargs)

    def _export_jsonld(self, path: Path) -> None:
        import rdflib

        ds = rdflib.Dataset()
        ds.parse(data=self.store.dump(format=RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
        context = {k: str(v) for k, v in PREFIXES.items()}
        path.write_text(ds.serialize(format="json-ld", context=context, indent=1), encoding="utf-8")

    def stats(self) -> dict[str, Any]:
        triples = next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
        by_type: dict[str, int] = {}
        for r in self.query(
            PREFIX_DECL + "SELECT ?cls (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?cls . "
            "FILTER EXISTS { ?e kgo:mentionedIn ?d } } GROUP BY ?cls"
        ):
            cls = r["cls"].value.removeprefix(str(KGO))
            by_type[CLASS_TYPE.get(cls, cls)] = int(r["n"].value)
        return {
            "triples": int(triples),
            "quads": len(self.store),
            "documents": len(list(self.store.named_graphs())),
            "entities_by_type": by_type,
        }

    def close(self) -> None:
        self.store.flush()
        del self.store
