"""Time-to-interactive of the HTML view in headless Chromium for generated graphs.

The page records ``window.__kgReady = performance.now()`` when vis-network has drawn the
first frame (after stabilisation when physics is on; at once with precomputed layouts).
Chromium is driven over the DevTools protocol (websocket-client); the figure is
performance.now() at that moment: milliseconds since navigation started, in real time.

    python benchmarks/viz_tti.py --nodes 500 5000
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
TYPES = ["UNION", "ENTERPRISE", "GOVERNMENT", "ORGANIZATION", "PERSON", "PLACE", "PROGRAMME", "HONOUR"]
PREDICATES = ["runs_programme", "participates_in", "received_honour", "located_in", "holds_post", "partner_of"]


def make_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"n{i}", label=f"实体{i}总工会" if i % 8 == 0 else f"实体{i}", type=TYPES[i % len(TYPES)],
                   aliases=[], docs=["a.txt"], mentions=1)
    for i in range(int(n * 1.5)):
        a, b = rnd.randrange(n), rnd.randrange(n)
        g.add_edge(f"n{a}", f"n{b}", predicate=PREDICATES[i % len(PREDICATES)], evidence="某某总工会开展活动。",
                   confidence=0.8, source="a.txt", title="t")
    return g


def tti(page: Path, timeout: float = 120.0) -> dict[str, float]:
    import websocket

    profile = tempfile.mkdtemp()
    port = 9333
    proc = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", f"--user-data-dir={profile}", f"--remote-debugging-port={port}", "--window-size=1400,900",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
                break
            except OSError:
                time.sleep(0.1)
        target = next(t for t in targets if t["type"] == "page")
        ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=timeout)
        msg_id = 0

        def call(method: str, **params: object) -> dict:
            nonlocal msg_id
            msg_id += 1
            ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
            while True:
                reply = json.loads(ws.recv())
                if reply.get("id") == msg_id:
                    return reply

        t0 = time.perf_counter()
        call("Page.navigate", url=page.as_uri())
        while time.perf_counter() - t0 < timeout:
            r = call("Runtime.evaluate", expression="window.__kgReady || 0", returnByValue=True)
            value = r.get("result", {}).get("result", {}).get("value") or 0
            if value:
                errors = call("Runtime.evaluate", expression="(window.__kgErrors||[]).length", returnByValue=True)
                return {"tti_ms": round(value), "wall_s": round(time.perf_counter() - t0, 2),
                        "errors": errors["result"]["result"]["value"]}
            time.sleep(0.05)
        return {"tti_ms": -1, "wall_s": round(time.perf_counter() - t0, 2), "errors": -1}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, nargs="+", default=[500, 5000])
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kg.viz import write_view

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.nodes:
            page = Path(tmp) / f"view_{n}.html"
            t0 = time.perf_counter()
            write_view(make_graph(n), page, title=f"{n} nodes")
            write_s = time.perf_counter() - t0
            results[n] = {"write_s": round(write_s, 2), "page_mb": round(page.stat().st_size / 1e6, 2), **tti(page)}
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
