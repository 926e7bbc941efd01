"""Entity-level exact-match P/R/F1 of a NER pipeline on the public test splits.

    python benchmarks/ner_eval.py --model kg/models/ner_zh --trained-on msra

A model trained on MSRA is scored on MSRA test only (People's Daily test shares 2,958
sentences with MSRA train; see ../shared/data/ner/README.md); a model trained without
MSRA may be scored on People's Daily test. CLUENER dev is scored on name/address/
company/government/organization mapped to PER/LOC/ORG. ``--each-member`` also scores each
member of an ensemble (``kg/models/ner_zh/seedN``) alone.
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


def score(gold: list[set], pred: list[set]) -> dict[str, dict[str, float]]:
    tp, np_, ng = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred, strict=True):
        for item in p:
            np_[item[2]] += 1
            tp[item[2]] += item in g
        for item in g:
            ng[item[2]] += 1
    out = {}
    for label in sorted(set(ng) | set(np_)) + ["ALL"]:
        t = sum(tp.values()) if label == "ALL" else tp[label]
        p = sum(np_.values()) if label == "ALL" else np_[label]
        g = sum(ng.values()) if label == "ALL" else ng[label]
        prec, rec = (t / p if p else 0.0), (t / g if g else 0.0)
        out[label] = {"p": round(prec, 4), "r": round(rec, 4), "f": round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 4), "gold": g}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(ROOT / "kg" / "models" / "ner_zh"))
    ap.add_argument("--trained-on", required=True, help="msra | pd | ... (decides which test sets are fair)")
    ap.add_argument("--each-member", action="store_true", help="Also score each member of an ensemble alone")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kg.nlp.ner_model import member_dirs, predict
    from kg.train import read_bio, read_cluener

    sets = {}
    if "msra" in args.trained_on:
        sets["msra_test"] = list(read_bio(NER / "msra" / "msra_test_bio"))
    else:
        sets["peoples_daily_test"] = list(read_bio(NER / "peoples_daily" / "example.test"))
        sets["msra_test"] = list(read_bio(NER / "msra" / "msra_test_bio"))
    sets["cluener_dev"] = list(read_cluener(NER / "cluener2020" / "dev.json"))
    models = {"": args.model}
    members = member_dirs(Path(args.model))
    if args.each_member and len(members) > 1:
        models |= {f"{m.name}/": str(m) for m in members}
    results = {}
    for prefix, model in models.items():
        for name, data in sets.items():
            texts = [t for t, _ in data]
            t0 = time.perf_counter()
            pred = predict(texts, path=model)
            secs = time.perf_counter() - t0
            results[prefix + name] = score([set(s) for _, s in data], [set(p) for p in pred])
            results[prefix + name]["chars_per_s"] = round(sum(map(len, texts)) / secs)
    results["members"] = [m.name for m in members]
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
