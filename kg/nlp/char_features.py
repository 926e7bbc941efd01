"""Character tokenizer of the statistical NER, with lexical features on every character.

Each character is one token, so every entity boundary of any corpus aligns. A character
alone says little in Chinese, so the tokenizer also writes three features per token that
the model embeds next to the character (``MultiHashEmbed`` over ORTH, NORM, LEMMA, TAG):

- NORM: the character bigram starting here (``c[i] + c[i+1]``);
- LEMMA: the jieba word that contains the character (the "softword" feature);
- TAG: that word's part of speech in jieba's dictionary (``nr`` person, ``ns`` place,
  ``nt`` organisation …) joined to the character's position in it (B/M/E/S).

jieba ships its dictionary inside its PyPI package, so nothing is downloaded. A private
``jieba.Tokenizer`` is used so that words added to jieba's global dictionary elsewhere
never change the features the model was trained with.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import LEMMA, NORM, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

TOKENIZER_NAME = "kg.char_features_tokenizer.v1"


@lru_cache(maxsize=1)
def _jieba() -> tuple[Any, dict[str, str]]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter, dict(jieba.posseg.dt.word_tag_tab)


def word_features(text: str) -> tuple[list[str], list[str]]:
    """For each character: the jieba word containing it, and ``POS-position``."""
    segmenter, tags = _jieba()
    words: list[str] = []
    pos_tags: list[str] = []
    for word in segmenter.cut(text, HMM=True):
        pos = tags.get(word, "unk")
        n = len(word)
        words += [word] * n
        if n == 1:
            pos_tags.append(f"{pos}-S")
        else:
            pos_tags += [f"{pos}-B", *[f"{pos}-M"] * (n - 2), f"{pos}-E"]
    return words, pos_tags


class CharFeaturesTokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        chars = list(text)
        doc = Doc(self.vocab, words=chars, spaces=[False] * len(chars))
        if not chars:
            return doc
        words, pos_tags = word_features(text)
        bigrams = [a + b for a, b in zip(chars, [*chars[1:], "</s>"], strict=True)]
        # hashes only: the model embeds hashes, and adding every bigram and word to the
        # vocab's strings would grow memory with every new text (and the saved model)
        values = numpy.array(
            [[get_string_id(b), get_string_id(w), get_string_id(t)] for b, w, t in zip(bigrams, words, pos_tags, strict=True)],
            dtype="uint64",
        )
        doc.from_array([NORM, LEMMA, TAG], values)
        return doc

    # Nothing to save: the tokenizer has no settings, and jieba's data comes from jieba.
    # (A marker file keeps the folder in git, where empty folders vanish.)
    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "cfg").write_text("{}\n", encoding="utf-8")

    def from_disk(self, path: str | Path, **kwargs: Any) -> CharFeaturesTokenizer:
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> CharFeaturesTokenizer:
        return self


@registry.tokenizers(TOKENIZER_NAME)
def create_char_features_tokenizer():
    def make(nlp):
        return CharFeaturesTokenizer(nlp.vocab)

    return make
