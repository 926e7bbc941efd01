"""The shipped statistical NER model (PER/LOC/ORG on character tokens).

``kg train-ner`` builds it into ``kg/models/ner_zh``; it loads offline from the installed
package. When it is missing the rule pipeline runs alone (with a warning).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

import kg.nlp.char_features  # noqa: F401  (registers the tokenizer the config names)

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner_zh"
MAX_CHUNK = 500
CHUNK_END = re.compile(r"[。！？；!?;\n]")
# where to cut a piece without sentence punctuation (a long list of names): between
# clauses or list items rather than through a name
CLAUSE_END = re.compile(r"[，、：,:\s]")


@lru_cache(maxsize=2)
def load(path: str | None = None) -> Language | None:
    target = Path(path) if path else MODEL_DIR
    if not (target / "config.cfg").exists():
        log.warning("no NER model at %s; entity rules run alone (`kg train-ner` builds it)", target)
        return None
    return spacy.load(target)


def chunks(text: str, limit: int = MAX_CHUNK) -> list[tuple[int, str]]:
    """Pieces of at most ``limit`` characters, cut after sentence punctuation where possible,
    else after clause punctuation or a space."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            for boundary in (CHUNK_END, CLAUSE_END):
                cuts = [m.end() for m in boundary.finditer(text, start, end)]
                if cuts:
                    end = cuts[-1]
                    break
        out.append((start, text[start:end]))
        start = end
    return out


def predict(texts: list[str], batch_size: int = 64, path: str | None = None) -> list[list[tuple[int, int, str]]]:
    """Entity spans (start, end, label) of each text, in the text's own offsets."""
    nlp = load(path)
    if nlp is None:
        return [[] for _ in texts]
    pieces = [(i, off, piece) for i, text in enumerate(texts) for off, piece in chunks(text) if piece.strip()]
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    docs = nlp.pipe((p for _, _, p in pieces), batch_size=batch_size)
    for (i, off, _), doc in zip(pieces, docs, strict=True):
        out[i] += [(off + e.start_char, off + e.end_char, e.label_) for e in doc.ents]
    return out
