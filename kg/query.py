"""SPARQL over a built graph: ad-hoc queries, named queries from ``kg/queries/*.rq``, and
result formatting.

Named-query parameters are bound with pyoxigraph's substitutions (SEP-0007): the value
becomes an RDF term bound to the variable ``?name``; it is never pasted into the query
text, so a parameter cannot change the query.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, Variable

from kg.vocab import PREFIXES

DEFAULT_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}


class QueryError(Exception):
    pass


@dataclass
class Param:
    name: str
    default: str | None
    kind: str = "literal"  # literal | zh (a Chinese label) | iri


@dataclass
class NamedQuery:
    name: str
    description: str
    text: str
    params: list[Param] = field(default_factory=list)


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    for item in sorted(resources.files("kg.queries").iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".rq"):
            continue
        text = item.read_text(encoding="utf-8")
        header = dict(re.findall(r"^#\s*(name|description):\s*(.+)$", text, re.M))
        params = [
            Param(m.group(1), m.group(3), m.group(2) or "literal")
            for m in re.finditer(r"^#\s*param:\s*(\w+)(?:\s*\[(iri|literal|zh)\])?(?:\s*\(default:\s*(.*?)\))?\s*$", text, re.M)
        ]
        name = header.get("name", item.name[:-3])
        out[name] = NamedQuery(name, header.get("description", ""), text, params)
    return out


def resolve_query_text(
    *, sparql: str | None = None, file: Path | None = None, named: str | None = None, params: list[str] | None = None
) -> tuple[str, dict[str, str]]:
    """The query text and parameter bindings chosen on the command line."""
    given = [x for x in (sparql, file, named) if x]
    if len(given) != 1:
        raise QueryError("give exactly one of: a SPARQL string, --file FILE, --named NAME")
    bindings: dict[str, str] = {}
    for item in params or []:
        if "=" not in item:
            raise QueryError(f"--param {item!r}: expected key=value")
        key, value = item.split("=", 1)
        bindings[key.strip()] = value
    if file:
        try:
            return Path(file).read_text(encoding="utf-8"), bindings
        except OSError as err:
            raise QueryError(f"{file}: cannot read ({err.strerror or err})") from err
    if named:
        nq = named_queries().get(named)
        if nq is None:
            raise QueryError(f"no named query {named!r}; `kg query OUTDIR --list` lists them")
        return nq.text, bindings
    return str(sparql), bindings


def _substitutions(text: str, bindings: dict[str, str]) -> dict[Variable, Any]:
    named = [q for q in named_queries().values() if q.text == text]
    declared = {p.name: p for q in named for p in q.params}
    values: dict[Variable, Any] = {}
    for name, param in declared.items():
        if name not in bindings and param.default not in (None, ""):
            bindings = {**bindings, name: param.default}
    for key, value in bindings.items():
        if named and key not in declared:
            takes = ", ".join(declared) or "no parameters"
            raise QueryError(f"unknown parameter {key!r}; {named[0].name} takes {takes}")
        if not re.fullmatch(r"\w+", key):
            raise QueryError(f"bad parameter name {key!r}")
        kind = declared[key].kind if key in declared else "literal"
        if kind == "iri":
            values[Variable(key)] = NamedNode(value)
        else:
            values[Variable(key)] = Literal(value, language="zh") if kind == "zh" else Literal(value)
    missing = [p for p, d in declared.items() if d.default is None and p not in bindings]
    if missing:
        raise QueryError(f"missing parameter(s): {', '.join(missing)} (use --param key=value)")
    return values


def run_query(outdir: Path | str, query: str | tuple[str, dict[str, str]], bindings: dict[str, str] | None = None) -> Any:
    """Run a query on the graph in ``outdir`` (read-only)."""
    from kg.store import GraphStore, StoreError

    text, binds = (query, bindings or {}) if isinstance(query, str) else query
    try:
        store = GraphStore.open(outdir, read_only=True)
    except StoreError as err:
        raise QueryError(str(err)) from err
    return execute(store.store, text, binds)


def execute(store: Any, text: str, bindings: dict[str, str] | None = None) -> Any:
    """Run ``text`` on a pyoxigraph store over the union of its graphs; results materialised."""
    try:
        result = store.query(
            text,
            use_default_graph_as_union=True,
            prefixes=DEFAULT_PREFIXES,
            substitutions=_substitutions(text, bindings or {}),
        )
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {err}") from err
    except (RuntimeError, OSError, ValueError) as err:
        raise QueryError(f"query failed: {err}") from err
    if isinstance(result, QueryBoolean):
        return bool(result)
    if isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        return Table(names, [[_cell(row[n]) for n in names] for row in result])
    return list(result)  # CONSTRUCT / DESCRIBE triples


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


def _cell(term: Any) -> str:
    return "" if term is None else term.value


def format_result(result: Any, fmt: str = "table") -> str:
    if isinstance(result, bool):
        return json.dumps({"boolean": result}) + "\n" if fmt == "json" else f"{str(result).lower()}\n"
    if isinstance(result, list):  # triples
        from pyoxigraph import RdfFormat, serialize

        return serialize(result, format=RdfFormat.TURTLE, prefixes=DEFAULT_PREFIXES).decode("utf-8")
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buf.getvalue()
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}; use table, csv, tsv or json")
    return _table(result)


def _table(result: Table) -> str:
    from rich.console import Console
    from rich.table import Table as RichTable

    table = RichTable(show_lines=False)
    for col in result.columns:
        table.add_column(col, overflow="fold")
    for row in result.rows:
        table.add_row(*[_short(c) for c in row])
    console = Console(file=io.StringIO(), width=160, force_terminal=False)
    console.print(table)
    console.print(f"{len(result.rows)} row(s)")
    return console.file.getvalue()


def _short(value: str) -> str:
    for prefix, ns in DEFAULT_PREFIXES.items():
        if value.startswith(ns) and prefix in ("kgr", "kgo"):
            return f"{prefix}:{value[len(ns):]}"
    return value
