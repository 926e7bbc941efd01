"""The ``kg`` command: a thin layer over the Python API in ``kg.api`` and the stage modules.

Each command imports its stage lazily so that ``kg --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Build knowledge graphs from Chinese labour and trade-union articles.",
)


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles (.txt .md .html)")],
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: jsonl")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (default: stdout)")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr")] = True,
    model: Annotated[
        bool, typer.Option(help="Also use the statistical NER for persons the rules miss (about 8x slower)")
    ] = False,
) -> None:
    """Extract entities and relations as JSON Lines (see the extraction contract)."""
    from kg import api

    if format != "jsonl":
        _fail(f"unknown format {format!r}; supported: jsonl")
    n_errors = api.extract_to_jsonl(paths, output, progress=progress, use_model=model)
    if n_errors:
        raise typer.Exit(1)


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles")],
    outdir: Annotated[Path, typer.Option("--output", "-o", help="Output folder for store, graph.ttl, graph.html")],
    update: Annotated[
        bool, typer.Option("--update", help="Add to an existing graph instead of rebuilding it")
    ] = False,
    view: Annotated[bool, typer.Option(help="Also write graph.html")] = True,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr")] = True,
    model: Annotated[
        bool, typer.Option(help="Also use the statistical NER for persons the rules miss (about 8x slower)")
    ] = False,
) -> None:
    """Extract, resolve, and write the RDF graph (Oxigraph store + graph.ttl) and its HTML view."""
    from kg import api

    summary = api.build(paths, outdir, update=update, view=view, progress=progress, use_model=model)
    typer.echo(summary.render())
    if summary.errors:
        raise typer.Exit(1)


@app.command()
def query(
    outdir: Annotated[Path, typer.Argument(help="A folder written by `kg build`")],
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL query")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the query from a .rq file")] = None,
    named: Annotated[str | None, typer.Option("--named", help="Run a named query from kg/queries")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="key=value for a named query")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table | csv | json | tsv")] = "table",
    list_named: Annotated[bool, typer.Option("--list", help="List the named queries")] = False,
) -> None:
    """Run a SPARQL query against a built graph."""
    from kg import query as q

    if list_named:
        for nq in q.named_queries().values():
            typer.echo(f"{nq.name:32} {nq.description}")
        return
    try:
        text = q.resolve_query_text(sparql=sparql, file=file, named=named, params=param or [])
        result = q.run_query(outdir, text)
    except q.QueryError as err:
        _fail(str(err))
    sys.stdout.write(q.format_result(result, format))


@app.command()
def viz(
    outdir: Annotated[Path, typer.Argument(help="A folder written by `kg build`")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write")] = Path("view.html"),
    query_name: Annotated[str | None, typer.Option("--query", help="Show the result of a named query")] = None,
    sparql: Annotated[str | None, typer.Option("--sparql", help="Show the result of a SPARQL query")] = None,
    focus: Annotated[str | None, typer.Option("--focus", help="Entity name or IRI to centre on")] = None,
    hops: Annotated[int, typer.Option("--hops", help="Neighbourhood size around --focus")] = 2,
    types: Annotated[list[str] | None, typer.Option("--types", help="Entity types to keep")] = None,
) -> None:
    """Write an interactive, offline HTML network view of the graph."""
    from kg import viz as v

    try:
        path = v.write_view_from_store(
            outdir, output, query_name=query_name, sparql=sparql, focus=focus, hops=hops, types=types
        )
    except ValueError as err:
        _fail(str(err))
    typer.echo(f"wrote {path}")


@app.command()
def validate(outdir: Annotated[Path, typer.Argument(help="A folder written by `kg build`")]) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl."""
    from kg.store import StoreError
    from kg.validate import validate_store

    try:
        violations = validate_store(outdir)
    except StoreError as err:
        _fail(str(err))
    for v in violations:
        typer.echo(v.render())
    if violations:
        typer.secho(f"{len(violations)} violation(s)", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    typer.echo("the graph conforms to ontology/shapes.ttl")


@app.command()
def export(
    outdir: Annotated[Path, typer.Argument(help="A folder written by `kg build`")],
    format: Annotated[str, typer.Option("--format", "-f", help="ttl | nt | trig | nq | jsonld")] = "ttl",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write")] = Path("graph.ttl"),
) -> None:
    """Export the RDF graph (ttl/nt: union of documents; trig/nq: one named graph per document)."""
    from kg.store import GraphStore, StoreError

    try:
        GraphStore.open(outdir, read_only=True).export(output, format)
    except StoreError as err:
        _fail(str(err))
    typer.echo(f"wrote {output}")


@app.command()
def serve(
    outdir: Annotated[Path, typer.Argument(help="A folder written by `kg build`")],
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 7878,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL updates")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run")] = 30.0,
    limit: Annotated[int, typer.Option(help="Largest result, in rows or triples")] = 10_000,
) -> None:
    """Serve the graph as a SPARQL 1.1 Protocol endpoint with a query page at /."""
    from kg.serve import SparqlServer
    from kg.store import StoreError

    try:
        server = SparqlServer(outdir, host=host, port=port, allow_update=allow_update, timeout=timeout, limit=limit)
    except StoreError as err:
        _fail(str(err))
    mode = "read-write" if allow_update else "read-only"
    typer.echo(f"SPARQL endpoint {server.url}/sparql ({mode}); query page {server.url}/ — Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.shutdown()


@app.command()
def stats(
    outdir: Annotated[Path, typer.Argument(help="A folder written by `kg build`")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder for report.md, report.txt, charts")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="What to print: text | markdown")] = "text",
    charts: Annotated[bool, typer.Option(help="Draw PNG charts")] = True,
) -> None:
    """Network analysis: counts, centralities, communities, union–enterprise brokers, honours."""
    from kg.analysis import write_report
    from kg.store import StoreError

    try:
        report, md = write_report(outdir, output or Path(outdir) / "report", charts=charts)
    except StoreError as err:
        _fail(str(err))
    typer.echo(report.markdown() if format == "markdown" else report.text())
    typer.echo(f"wrote {md}" + (f" and {len(report.charts)} chart(s)" if report.charts else ""))


@app.command("export-network")
def export_network(
    outdir: Annotated[Path, typer.Argument(help="A folder written by `kg build`")],
    format: Annotated[str, typer.Option("--format", "-f", help="graphml | gexf | csv")] = "graphml",
    output: Annotated[Path, typer.Option("--output", "-o", help="File (a folder for csv)")] = Path("graph.graphml"),
) -> None:
    """Export the network for Gephi and other tools (GraphML, GEXF, CSV node/edge lists)."""
    from kg.netexport import write_network
    from kg.netgraph import load_graph
    from kg.store import StoreError

    try:
        paths = write_network(load_graph(outdir), output, format)
    except (StoreError, ValueError) as err:
        _fail(str(err))
    for p in paths:
        typer.echo(f"wrote {p}")


@app.command("train-ner")
def train_ner(
    corpus: Annotated[str, typer.Option(help="msra | pd | cluener, or a mix such as msra+pd (People's Daily sentences MSRA lacks) or msra+cluener")] = "msra+pd",
    data_dir: Annotated[Path, typer.Option(help="Folder with the public NER corpora")] = Path("../shared/data/ner"),
    output: Annotated[Path | None, typer.Option(help="Where to install the model (default: the package's)")] = None,
    work: Annotated[Path, typer.Option(help="Scratch folder for converted data and checkpoints")] = Path("training"),
    max_steps: Annotated[int | None, typer.Option(help="Stop after this many updates")] = None,
    vectors: Annotated[bool, typer.Option(help="Also train and embed character and bigram vectors (gensim, from the train extra); --no-vectors: hashed features only")] = True,
    max_vectors: Annotated[int | None, typer.Option(help="Keep only this many vectors (characters, then the most frequent bigrams)")] = None,
    seed: Annotated[list[int] | None, typer.Option(help="Train one member per seed, one after another, into OUTPUT/seedN (default: 0, 1 and 2, the shipped members); repeat the option for several")] = None,
) -> None:
    """Rebuild the statistical NER model from the public corpora: members that differ by
    their random seed, whose majority vote is the model (about 100 minutes a member on one
    core for 11,000 steps). The shipped members are `--corpus msra+pd` with vectors,
    `--seed 0 --max-steps 11000` and `--seed 1 --seed 2 --max-steps 7000`; to train members
    side by side, run one seed per core, each with its own --work folder. Figures and
    settings are in benchmarks/README.md."""
    from kg import train

    for member_seed in seed or [0, 1, 2]:
        path = train.train_ner(
            corpus, data_dir, output or train.SHIPPED, work, max_steps, vectors=vectors, max_vectors=max_vectors, seed=member_seed
        )
        typer.echo(f"installed {path}")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
