"""How kg's own entity stage (rules + gazetteer, optionally the model) does on CLUENER dev.

    python benchmarks/cluener_rules_eval.py [--model] [--show 20]

CLUENER2020 dev (1,343 Sina news sentences, never used for training or rule writing) is
the nearest public hold-out to kg's genre. Its types map onto kg's:

    name -> PERSON, company -> ENTERPRISE, government -> GOVERNMENT,
    organization -> ORGANIZATION or UNION, position -> POSITION, address -> PLACE

Scores are exact-span matches per CLUENER type, typed (the mapped kg type must agree)
and untyped (any kg type on the same characters). CLUENER's conventions are not kg's
(its ``address`` spans whole street addresses, its ``position`` includes generic roles
such as 记者 or 球员, its ``organization`` includes bands and sports teams), so the figures
are a floor and a way to find rule gaps, not a target.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NER = ROOT.parent / "shared" / "data" / "ner"
TYPES = {
    "name": {"PERSON"},
    "company": {"ENTERPRISE"},
    "government": {"GOVERNMENT"},
    "organization": {"ORGANIZATION", "UNION"},
    "position": {"POSITION"},
    "address": {"PLACE"},
}
KG_TO_CLUENER = {t: k for k, types in TYPES.items() for t in types}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", action="store_true", help="add the statistical NER's persons (kg extract --model)")
    ap.add_argument("--show", type=int, default=0, help="print this many misses and false positives per type")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kg.ingest import normalise, repair_page_breaks
    from kg.model import Document
    from kg.nlp.pipeline import get_pipeline

    pipeline = get_pipeline(use_model=args.model)
    tp, n_pred, n_gold, tp_untyped = Counter(), Counter(), Counter(), Counter()
    misses: dict[str, list[str]] = {k: [] for k in TYPES}
    wrong: dict[str, list[str]] = {k: [] for k in TYPES}
    chars = 0
    t0 = time.perf_counter()
    with (NER / "cluener2020" / "dev.json").open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            item = json.loads(line)
            text = item["text"]
            chars += len(text)
            doc = Document(f"cluener-dev-{n}", "", text, normalise(text), "utf-8", "")
            doc.repaired, doc.repaired_offsets = repair_page_breaks(doc.norm)
            pred = {(m.start, m.end, m.type) for m in pipeline.mentions(doc)}
            pred_spans = {(s, e) for s, e, _ in pred}
            gold = {
                (s, e + 1, kind)
                for kind, ents in (item.get("label") or {}).items()
                if kind in TYPES
                for spans in ents.values()
                for s, e in spans
            }
            for s, e, kind in gold:
                n_gold[kind] += 1
                hit = any((s, e, t) in pred for t in TYPES[kind])
                tp[kind] += hit
                tp_untyped[kind] += (s, e) in pred_spans
                if not hit:
                    misses[kind].append(f"{text[s:e]}  | {text}")
            for s, e, t in pred:
                kind = KG_TO_CLUENER.get(t)
                if kind is None:
                    continue  # kg types CLUENER does not annotate (HONOUR, PROGRAMME …)
                n_pred[kind] += 1
                if (s, e, kind) not in gold:
                    wrong[kind].append(f"{text[s:e]} ({t})  | {text}")
    secs = time.perf_counter() - t0
    results: dict[str, dict[str, float | int]] = {}
    for kind in [*TYPES, "ALL"]:
        t = sum(tp.values()) if kind == "ALL" else tp[kind]
        p = sum(n_pred.values()) if kind == "ALL" else n_pred[kind]
        g = sum(n_gold.values()) if kind == "ALL" else n_gold[kind]
        u = sum(tp_untyped.values()) if kind == "ALL" else tp_untyped[kind]
        prec, rec = (t / p if p else 0.0), (t / g if g else 0.0)
        results[kind] = {
            "p": round(prec, 3),
            "r": round(rec, 3),
            "f": round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 3),
            "untyped_r": round(u / g if g else 0.0, 3),
            "gold": g,
            "pred": p,
        }
    results["chars_per_s"] = {"value": round(chars / secs)}
    print(json.dumps(results, indent=1, ensure_ascii=False))
    for kind in TYPES if args.show else ():
        print(f"\n== {kind}: missed")
        print("\n".join(misses[kind][: args.show]))
        print(f"== {kind}: predicted, not in gold")
        print("\n".join(wrong[kind][: args.show]))


if __name__ == "__main__":
    main()
