"""Characters per second of the whole extraction (ingest -> entities -> relations ->
resolution) on one core, and peak memory.

The text: sentences of the public NER corpora's test splits and the sample issue, cut
into article-sized files (~6,000 characters, like a magazine item) until at least
--megabytes of UTF-8 are written. Run it pinned to one core:

    OMP_NUM_THREADS=1 taskset -c 0 python benchmarks/speed.py --megabytes 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NER = ROOT.parent / "shared" / "data" / "ner"


def sentences() -> list[str]:
    out: list[str] = []
    for path, sep in ((NER / "peoples_daily" / "example.test", " "), (NER / "msra" / "msra_test_bio", "\t")):
        if not path.exists():
            continue
        chars: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                if chars:
                    out.append("".join(chars))
                chars = []
            else:
                chars.append(line.split(sep)[0][:1])
    cluener = NER / "cluener2020" / "dev.json"
    if cluener.exists():
        out += [json.loads(line)["text"] for line in cluener.read_text(encoding="utf-8").splitlines()]
    sample = (ROOT / "data" / "samples" / "000_b633644a5aba3e41.txt").read_text(encoding="utf-8")
    out += [p for p in sample.split("\n") if p.strip()]
    return out


def make_corpus(folder: Path, megabytes: float, article_chars: int = 6000) -> tuple[int, int, int]:
    pool = sentences()
    target = int(megabytes * 1_000_000)
    written = chars = files = 0
    i = 0
    while written < target:
        parts: list[str] = [f"# 第{files + 1}篇\n"]
        size = 0
        while size < article_chars:
            s = pool[i % len(pool)]
            i += 1
            parts.append(s + "\n")
            size += len(s) + 1
        text = "".join(parts)
        (folder / f"a{files:05d}.txt").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        chars += len(text)
        files += 1
    return files, chars, written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--megabytes", type=float, default=5.0)
    ap.add_argument("--no-model", action="store_true", help="rules only (skip the statistical NER)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kg import api
    from kg.nlp.pipeline import get_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files, chars, size = make_corpus(folder, args.megabytes)
        use_model = not args.no_model
        get_pipeline(use_model=use_model)
        warm = api.extract_documents([sorted(folder.iterdir())[0]], use_model=use_model)
        next(iter(warm))  # load models and tables once
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        n_ent = n_rel = 0
        for ex in api.extract_documents([folder], use_model=use_model):
            n_ent += len(ex.entities)
            n_rel += len(ex.relations)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "files": files,
        "characters": chars,
        "bytes": size,
        "model": not args.no_model,
        "seconds_wall": round(wall, 1),
        "seconds_cpu": round(cpu, 1),
        "chars_per_second_wall": round(chars / wall),
        "chars_per_cpu_second": round(chars / cpu),
        "peak_rss_mb": round(peak),
        "entities": n_ent,
        "relations": n_rel,
        "threads": os.environ.get("OMP_NUM_THREADS", "unset"),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
