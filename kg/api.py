"""The Python API: what the CLI and notebooks call.

    from kg import api
    for ex in api.extract_documents(["data/samples"]): ...
    summary = api.build(["data/samples"], "out")
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from kg import __version__
from kg.model import Document, Entity, Extraction, IngestError, Relation

log = logging.getLogger(__name__)
PathLike = str | Path


@dataclass
class BuildSummary:
    outdir: Path
    documents: int = 0
    skipped: int = 0  # unchanged documents kept from an earlier build (--update)
    entities_by_type: Counter[str] = field(default_factory=Counter)
    relations: int = 0
    triples: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)

    def render(self) -> str:
        lines = [
            f"documents: {self.documents} extracted" + (f", {self.skipped} unchanged" if self.skipped else ""),
            "entities: " + (", ".join(f"{t} {n}" for t, n in sorted(self.entities_by_type.items())) or "none"),
            f"relations: {self.relations}",
            f"triples in store: {self.triples}",
            f"time: {self.seconds:.1f} s",
        ]
        lines += [f"wrote {name}: {path}" for name, path in self.files.items()]
        lines += [f"error: {e}" for e in self.errors]
        return "\n".join(lines)


def extract_document(document: Document, *, use_model: bool = False) -> Extraction:
    """Run the NLP, resolution and relation stages on one ingested document.

    ``use_model=True`` adds the statistical NER's persons where no rule found anything
    (about 8x slower; off by default: on the development gold it added one spurious
    person and no correct one, see benchmarks/README.md)."""
    from kg.nlp.pipeline import get_pipeline
    from kg.relations import RelationExtractor
    from kg.resolve import resolve_document

    mentions = get_pipeline(use_model=use_model).mentions(document)
    entities, mention_ids = resolve_document(document, mentions)
    relations, statistics = RelationExtractor().extract(document, entities, mention_ids, mentions)
    from kg.relations import structural_relations

    entities, more = structural_relations(document, entities)
    relations += more
    entities, relations = prune_unlinked(entities, relations)
    return Extraction(document=document, entities=entities, relations=relations, statistics=statistics)


def prune_unlinked(entities: list[Entity], relations: list[Relation]) -> tuple[list[Entity], list[Relation]]:
    """Drop entities that only count when something is linked to them.

    Rules marked ``require_relation`` (pilot designations such as 省级试点单位) name an
    entity only where a named unit receives it; a bare count ("市级试点单位312家") is a
    statistic, not a node.
    """
    linked = {r.subject for r in relations} | {r.object for r in relations}
    keep = [
        e
        for e in entities
        if e.id in linked or not e.mentions or not all(m.attrs.get("require_relation") for m in e.mentions)
    ]
    kept_ids = {e.id for e in keep}
    return keep, [r for r in relations if r.subject in kept_ids and r.object in kept_ids]


def extract_documents(
    paths: Sequence[PathLike],
    *,
    progress: bool = False,
    errors: list[str] | None = None,
    use_model: bool = False,
    skip: Callable[[Document], bool] | None = None,
) -> Iterator[Extraction]:
    """Ingest and extract every readable document under ``paths``.

    Unreadable inputs and per-document failures are reported (and appended to
    ``errors``) without stopping the others.
    """
    from kg.ingest import iter_documents

    items: Iterable[Document | IngestError] = iter_documents(list(paths))
    if progress:
        items = tqdm(items, desc="extract", unit="doc", file=sys.stderr, leave=False)
    for item in items:
        if isinstance(item, IngestError):
            _report(str(item), errors)
            continue
        if skip is not None and skip(item):
            continue
        try:
            yield extract_document(item, use_model=use_model)
        except Exception as err:  # one bad document must not lose the others
            log.debug("extraction failed", exc_info=True)
            _report(f"{item.path}: extraction failed: {type(err).__name__}: {err}", errors)


def _report(message: str, errors: list[str] | None) -> None:
    print(f"error: {message}", file=sys.stderr)
    if errors is not None:
        errors.append(message)


def to_contract(ex: Extraction) -> dict[str, Any]:
    """One JSON Lines record of the extraction contract.

    A surface form that two entities of the document share (市总工会 said of two cities'
    unions in two articles) identifies neither: it is left out of ``aliases`` and its
    mentions are listed under ``ambiguous_mentions`` (an extra key) instead of
    ``mentions``.
    """
    from kg.resolve import norm_key

    owners: dict[str, set[str]] = {}
    for ent in ex.entities:
        for form in (ent.name, *ent.aliases, *(m.text for m in ent.mentions)):
            owners.setdefault(norm_key(form), set()).add(ent.id)
    shared = {k for k, ids in owners.items() if len(ids) > 1}
    entities = []
    for ent in ex.entities:
        item: dict[str, Any] = {"id": ent.id, "name": ent.name, "type": ent.type}
        aliases = [a for a in ent.aliases if norm_key(a) not in shared]
        if aliases:
            item["aliases"] = aliases
        item["mentions"] = [
            {"start": m.start, "end": m.end, "text": m.text} for m in ent.mentions if norm_key(m.text) not in shared
        ]
        ambiguous = [
            {"start": m.start, "end": m.end, "text": m.text} for m in ent.mentions if norm_key(m.text) in shared
        ]
        if ambiguous:
            item["ambiguous_mentions"] = ambiguous
        if ent.iri:
            item["iri"] = ent.iri
        entities.append(item)
    relations = []
    for rel in ex.relations:
        item = {"subject": rel.subject, "predicate": rel.predicate, "object": rel.object}
        if rel.predicate == "holds_post":
            item["post"] = rel.qualifiers.get("post", "")
        if rel.predicate == "received_honour":
            for key in ("year", "level"):
                if rel.qualifiers.get(key):
                    item[key] = rel.qualifiers[key]
        item["confidence"] = round(rel.confidence, 3)
        item["evidence"] = {"start": rel.evidence.start, "end": rel.evidence.end}
        item["rule"] = rel.rule
        relations.append(item)
    return {"doc": ex.document.doc_id, "entities": entities, "relations": relations}


def extract_to_jsonl(
    paths: Sequence[PathLike], output: PathLike | None = None, *, progress: bool = True, use_model: bool = False
) -> int:
    """Write the contract JSON Lines for ``paths`` to ``output`` (stdout if None); return the error count."""
    errors: list[str] = []
    out: IO[str]
    with (open(output, "w", encoding="utf-8") if output else _stdout()) as out:
        for ex in extract_documents(paths, progress=progress, errors=errors, use_model=use_model):
            out.write(json.dumps(to_contract(ex), ensure_ascii=False) + "\n")
    return len(errors)


class _stdout:
    def __enter__(self) -> IO[str]:
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


def build(
    paths: Sequence[PathLike],
    outdir: PathLike,
    *,
    update: bool = False,
    view: bool = True,
    progress: bool = True,
    use_model: bool = False,
) -> BuildSummary:
    """Extract ``paths`` into the graph in ``outdir`` (store, graph.ttl, graph.html).

    Without ``update`` the store is rebuilt from scratch; with it, documents already in
    the store (same content hash) are skipped and new ones are added.
    """
    import shutil

    from kg.resolve import assign_iris
    from kg.store import GraphStore

    t0 = time.perf_counter()
    outdir = Path(outdir)
    summary = BuildSummary(outdir=outdir)
    if not update and (outdir / "store").exists():
        shutil.rmtree(outdir / "store")
    outdir.mkdir(parents=True, exist_ok=True)
    store = GraphStore.open(outdir)
    try:
        known = list(store.entities()) if update else []
        def unchanged(doc: Document) -> bool:
            """--update: a document whose content is already stored is not extracted again."""
            if update and store.has_document(doc.sha256):
                summary.skipped += 1
                return True
            return False

        extractions = list(
            extract_documents(paths, progress=progress, errors=summary.errors, use_model=use_model, skip=unchanged)
        )
        assign_iris([ex.entities for ex in extractions], known, [ex.document.sha256 for ex in extractions])
        for ex in extractions:
            store.replace_document(ex, extractor_version=f"kg/{__version__}")
            summary.documents += 1
            summary.entities_by_type.update(e.type for e in ex.entities)
            summary.relations += len(ex.relations)
        ttl = outdir / "graph.ttl"
        store.export(ttl, "ttl")
        summary.files["graph.ttl"] = ttl
        summary.triples = store.stats().get("triples", 0)
    finally:
        store.close()
    if view:
        from kg.viz import write_view_from_store

        summary.files["graph.html"] = write_view_from_store(outdir, outdir / "graph.html")
    summary.seconds = time.perf_counter() - t0
    return summary
