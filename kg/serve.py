"""``kg serve``: a SPARQL 1.1 Protocol endpoint over a built graph, on 127.0.0.1.

GET ``/sparql?query=…`` and POST (``application/x-www-form-urlencoded`` or
``application/sparql-query``); results as SPARQL JSON, XML, CSV or TSV by the Accept
header (or ``format=``), CONSTRUCT/DESCRIBE as Turtle or N-Triples. Updates are refused
(403) unless the server was started with ``allow_update``. Each query runs under a time
limit and a result-size limit. ``/`` serves a small offline page to write queries and
run the named ones.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pyoxigraph
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat

from kg.query import DEFAULT_PREFIXES, named_queries

RESULT_TYPES = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_TYPES = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES}
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "ttl": "text/turtle", "nt": "application/n-triples"}
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")


class SparqlServer:
    def __init__(
        self,
        outdir: Path | str,
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        allow_update: bool = False,
        timeout: float = 30.0,
        limit: int = 10_000,
    ):
        from kg.store import GraphStore

        gs = GraphStore.open(outdir, read_only=not allow_update)
        self.store: pyoxigraph.Store = gs.store
        self.allow_update = allow_update
        self.timeout = timeout
        self.limit = limit
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"server_ref": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- running queries ------------------------------------------------------------
    def run(self, query: str) -> Any:
        """Materialise a query's results in a worker, within the time and size limits."""

        def work() -> Any:
            result = self.store.query(query, use_default_graph_as_union=True, prefixes=DEFAULT_PREFIXES)
            if isinstance(result, QueryBoolean):
                return bool(result)
            if isinstance(result, QuerySolutions):
                # plain terms only: pyoxigraph's result objects must not leave this thread
                variables = [pyoxigraph.Variable(v.value) for v in result.variables]
                names = [v.value for v in variables]
                rows = []
                row = None
                try:
                    for row in result:
                        if len(rows) >= self.limit:
                            raise ResultTooLarge(self.limit)
                        rows.append({n: row[n] for n in names})
                finally:
                    del row, result  # the traceback of ResultTooLarge crosses threads
                return ("select", variables, rows)
            triples = []
            for t in result:
                if len(triples) >= self.limit:
                    raise ResultTooLarge(self.limit)
                triples.append(t)
            return ("graph", triples)

        # a daemon thread per query: a query that times out cannot be interrupted, and it
        # must not keep the process alive at exit (a pool's workers would)
        box: dict[str, Any] = {}

        def target() -> None:
            try:
                box["result"] = work()
            except BaseException as err:  # handed to the request thread
                box["error"] = err

        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        thread.join(self.timeout)
        if thread.is_alive():
            raise FutureTimeout()
        if "error" in box:
            raise box["error"]
        return box["result"]

    def update(self, text: str) -> None:
        with self.lock:
            self.store.update(text, prefixes=DEFAULT_PREFIXES)


class ResultTooLarge(Exception):
    pass


def serialize_select(variables: list[Any], rows: list[Any], fmt: QueryResultsFormat) -> bytes:
    """Write SELECT results in a SPARQL results format (via an in-memory store re-query)."""
    names = [v.value for v in variables]
    if fmt == QueryResultsFormat.JSON:
        bindings = []
        for row in rows:
            b = {}
            for name in names:
                term = row.get(name)
                if term is not None:
                    b[name] = _json_term(term)
            bindings.append(b)
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt in (QueryResultsFormat.CSV, QueryResultsFormat.TSV):
        sep = "," if fmt == QueryResultsFormat.CSV else "\t"
        lines = [sep.join(names if sep == "," else [f"?{n}" for n in names])]
        for row in rows:
            cells = []
            for name in names:
                term = row.get(name)
                if term is None:
                    cells.append("")
                elif sep == ",":
                    v = term.value
                    cells.append('"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n\r') else v)
                else:
                    cells.append(str(term))
            lines.append(sep.join(cells))
        return ("\r\n".join(lines) + "\r\n").encode()
    # XML
    from xml.sax.saxutils import escape, quoteattr

    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    out += ["</head>", "<results>"]
    for row in rows:
        out.append("<result>")
        for name in names:
            term = row.get(name)
            if term is None:
                continue
            j = _json_term(term)
            if j["type"] == "uri":
                inner = f"<uri>{escape(j['value'])}</uri>"
            elif j["type"] == "bnode":
                inner = f"<bnode>{escape(j['value'])}</bnode>"
            else:
                attrs = f" xml:lang={quoteattr(j['xml:lang'])}" if "xml:lang" in j else ""
                attrs += f" datatype={quoteattr(j['datatype'])}" if "datatype" in j else ""
                inner = f"<literal{attrs}>{escape(j['value'])}</literal>"
            out.append(f"<binding name={quoteattr(name)}>{inner}</binding>")
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out).encode()


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


class _Handler(BaseHTTPRequestHandler):
    server_ref: SparqlServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet by default
        pass

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8")

    def do_GET(self) -> None:
        url = urlparse(self.path)
        params = parse_qs(url.query)
        if url.path in ("/", "/index.html"):
            page = resources.files("kg.web").joinpath("sparql.html").read_bytes()
            return self._send(200, page, "text/html; charset=utf-8")
        if url.path == "/named":
            body = json.dumps(
                [{"name": q.name, "description": q.description, "text": q.text,
                  "params": [p.name for p in q.params]} for q in named_queries().values()],
                ensure_ascii=False,
            ).encode()
            return self._send(200, body, "application/json; charset=utf-8")
        if url.path != "/sparql":
            return self._error(404, "not found: use /sparql or /")
        if "update" in params:
            return self._error(405, "updates must be sent with POST")
        if "query" not in params:
            return self._error(400, "missing query parameter")
        self._answer(params["query"][0], params.get("format", [None])[0])

    def do_POST(self) -> None:
        url = urlparse(self.path)
        if url.path != "/sparql":
            return self._error(404, "not found: use /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if ctype == "application/sparql-query":
            return self._answer(body, None)
        if ctype == "application/sparql-update":
            return self._update(body)
        params = parse_qs(body)
        if "update" in params:
            return self._update(params["update"][0])
        if "query" in params:
            return self._answer(params["query"][0], params.get("format", [None])[0])
        return self._error(400, "missing query or update")

    def _update(self, text: str) -> None:
        if not self.server_ref.allow_update:
            return self._error(403, "updates are refused: this endpoint is read-only (start it with --allow-update)")
        try:
            self.server_ref.update(text)
        except SyntaxError as err:
            return self._error(400, f"SPARQL syntax error: {err}")
        self._send(204, b"", "text/plain")

    def _answer(self, query: str, fmt: str | None) -> None:
        head = query.lstrip().upper()
        if head.startswith(UPDATE_WORDS):
            return self._error(403, "updates are refused on the query operation")
        started = time.perf_counter()
        try:
            result = self.server_ref.run(query)
        except SyntaxError as err:
            return self._error(400, f"SPARQL syntax error: {err}")
        except FutureTimeout:
            return self._error(503, f"query timed out after {self.server_ref.timeout:g} s")
        except ResultTooLarge as err:
            return self._error(413, f"result larger than the limit of {err.args[0]} rows")
        except (OSError, RuntimeError, ValueError) as err:
            return self._error(400, f"query failed: {err}")
        accept = SHORT.get(fmt or "", "") or self.headers.get("Accept") or ""
        if isinstance(result, bool):
            body = json.dumps({"head": {}, "boolean": result}).encode()
            return self._send(200, body, "application/sparql-results+json")
        if result[0] == "graph":
            ctype = next((t for t in GRAPH_TYPES if t in accept), "text/turtle")
            data = pyoxigraph.serialize(result[1], format=GRAPH_TYPES[ctype]) or b""
            return self._send(200, data, f"{ctype}; charset=utf-8")
        ctype = next((t for t in RESULT_TYPES if t in accept), "application/sparql-results+json")
        body = serialize_select(result[1], result[2], RESULT_TYPES[ctype])
        self.send_response(200)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Query-Time", f"{time.perf_counter() - started:.3f}")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)
