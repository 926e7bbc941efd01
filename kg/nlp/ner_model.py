"""The shipped statistical NER model (PER/LOC/ORG on character tokens).

``kg train-ner`` builds it into ``kg/models/ner_zh``; it loads offline from the installed
package. When it is missing the rule pipeline runs alone (with a warning).

The model is an ensemble: ``ner_zh`` holds member pipelines (``seed0``, ``seed1`` …),
trained alike from different random seeds, and an entity is kept when more than half of
them predict it, span and label alike. Members trained from different seeds err in
different places, so the vote removes errors that one member makes alone. A folder that
is a single spaCy pipeline (``config.cfg`` at its top) is an ensemble of one.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.char_features  # noqa: F401  (registers the tokenizer the config names)

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner_zh"
MAX_CHUNK = 500
CHUNK_END = re.compile(r"[。！？；!?;\n]")
# where to cut a piece without sentence punctuation (a long list of names): between
# clauses or list items rather than through a name
CLAUSE_END = re.compile(r"[，、：,:\s]")
# the token features the character tokenizer writes (kg.nlp.char_features): copied, not
# recomputed, when a member other than the first reads a text
FEATURE_ATTRS = ["NORM", "LEMMA", "TAG", "DEP"]

Entity = tuple[int, int, str]


def member_dirs(path: Path) -> list[Path]:
    """The pipelines of a model folder: itself if it is one, else its sub-folders that are."""
    if (path / "config.cfg").exists():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.iterdir() if (p / "config.cfg").exists())


@dataclass
class NerEnsemble:
    members: list[Language]

    def __len__(self) -> int:
        return len(self.members)

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Entity]]:
        """The voted entities of each text, as character offsets."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._vote(batch)
                batch = []
        if batch:
            yield from self._vote(batch)

    def _vote(self, texts: list[str]) -> list[list[Entity]]:
        # the tokenizer (jieba and the lexicon) runs once; each member gets a copy of its
        # tokens in its own vocab, whose vectors it was trained with
        first = self.members[0]
        docs = [first.make_doc(text) for text in texts]
        predicted: list[list[list[Entity]]] = [[] for _ in texts]
        for member in self.members:
            member_docs = docs if member is first else [_copy_into(doc, member) for doc in docs]
            for _name, proc in member.pipeline:
                member_docs = list(proc.pipe(member_docs))
            for found, doc in zip(predicted, member_docs, strict=True):
                found.append([(e.start_char, e.end_char, e.label_) for e in doc.ents])
        return [majority(found) for found in predicted]


def majority(predictions: list[list[Entity]]) -> list[Entity]:
    """The entities that more than half of the members predict. Two such entities cannot
    overlap: some member would have predicted both, and one member's entities never do."""
    votes = Counter(e for found in predictions for e in set(found))
    return sorted(e for e, n in votes.items() if 2 * n > len(predictions))


def _copy_into(doc: Doc, nlp: Language) -> Doc:
    copy = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    copy.from_array(FEATURE_ATTRS, doc.to_array(FEATURE_ATTRS))
    return copy


@lru_cache(maxsize=2)
def load(path: str | None = None) -> NerEnsemble | None:
    target = Path(path) if path else MODEL_DIR
    dirs = member_dirs(target)
    if not dirs:
        log.warning("no NER model at %s; entity rules run alone (`kg train-ner` builds it)", target)
        return None
    return NerEnsemble([spacy.load(d) for d in dirs])


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


def predict(texts: list[str], batch_size: int = 64, path: str | None = None) -> list[list[Entity]]:
    """Entity spans (start, end, label) of each text, in the text's own offsets."""
    model = load(path)
    if model is None:
        return [[] for _ in texts]
    pieces = [(i, off, piece) for i, text in enumerate(texts) for off, piece in chunks(text) if piece.strip()]
    out: list[list[Entity]] = [[] for _ in texts]
    found = model.pipe((p for _, _, p in pieces), batch_size=batch_size)
    for (i, off, _), entities in zip(pieces, found, strict=True):
        out[i] += [(off + s, off + e, label) for s, e, label in entities]
    return out
