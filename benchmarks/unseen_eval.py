"""Score `kg extract` on folders of articles against hand-made gold files.

    python benchmarks/unseen_eval.py NAME=ARTICLES_DIR:GOLD.jsonl [...] [--model] [--json OUT]

Each set is extracted in one `kg extract`-equivalent run (the Python API) and scored with
the project scorer, ``../shared/tools/score.py``, exactly as the hidden hold-out is. The
figures in benchmarks/README.md for the unseen news sets were produced with this script;
the article texts themselves are third-party news items and are not redistributed here.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
SUMMARY = re.compile(
    r"entities\(typed\) F1 (?P<ef>[0-9.]+) P (?P<ep>[0-9.]+) R (?P<er>[0-9.]+).*relations F1 (?P<rf>[0-9.]+) P (?P<rp>[0-9.]+) R (?P<rr>[0-9.]+)"
)


def score(gold: Path, articles: Path, use_model: bool) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from kg import api

    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as f:
            for ex in api.extract_documents([articles], use_model=use_model):
                f.write(json.dumps(api.to_contract(ex), ensure_ascii=False) + "\n")
        out = subprocess.run([sys.executable, str(SCORER), str(gold), str(pred)], capture_output=True, text=True, check=True)
    m = SUMMARY.search(out.stdout)
    if m is None:
        raise SystemExit(f"unexpected scorer output:\n{out.stdout[-500:]}")
    return {k: float(v) for k, v in m.groupdict().items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="+", help="NAME=ARTICLES_DIR:GOLD.jsonl")
    ap.add_argument("--model", action="store_true", help="add the statistical NER's persons")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    results = {}
    print("| set | entities P | R | F1 | relations P | R | F1 |\n|---|---:|---:|---:|---:|---:|---:|")
    for spec in args.sets:
        name, _, paths = spec.partition("=")
        articles, _, gold = paths.partition(":")
        r = score(Path(gold), Path(articles), args.model)
        results[name] = r
        print(f"| {name} | {r['ep']:.3f} | {r['er']:.3f} | {r['ef']:.3f} | {r['rp']:.3f} | {r['rr']:.3f} | {r['rf']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
