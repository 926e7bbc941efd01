"""Character tokenizer of the statistical NER, with lexical features on every character.

Each character is one token, so every entity boundary of any corpus aligns. A character
alone says little in Chinese, so the tokenizer also writes three features per token that
the model embeds next to the character (``MultiHashEmbed`` over ORTH, NORM, LEMMA, TAG):

- NORM: the character bigram starting here (``c[i] + c[i+1]``);
- LEMMA: the jieba word that contains the character (the "softword" feature);
- TAG: that word's part of speech in jieba's dictionary (``nr`` person, ``ns`` place,
  ``nt`` organisation …) joined to the character's position in it (B/M/E/S);
- DEP (tokenizer v2 only; the slot is free in a pipeline without a parser): every name
  of the lexicon that covers the character, whichever segmentation jieba chose, as the set
  of its kinds and the character's positions in them (``B-nr|E-ns``). The lexicon is the
  proper names of jieba's dictionary (persons, places, organisations, other names) and
  the official and short names of kg's gazetteer of administrative divisions. Segmentation
  picks one reading; the lexicon keeps every reading (the "soft lexicon" of Chinese NER).

jieba ships its dictionary inside its PyPI package, so nothing is downloaded. A private
``jieba.Tokenizer`` is used so that words added to jieba's global dictionary elsewhere
never change the features the model was trained with.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, NORM, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

TOKENIZER_NAME = "kg.char_features_tokenizer.v2"
TOKENIZER_NAME_V1 = "kg.char_features_tokenizer.v1"  # without the lexicon feature
# jieba's tags of proper names, folded into one kind each
NAME_KINDS = {"nr": "nr", "nrt": "nr", "nrfg": "nr", "ns": "ns", "nt": "nt", "nz": "nz"}
MAX_NAME_LENGTH = 12


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


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, frozenset[str]], dict[str, tuple[int, ...]]]:
    """Names → their kinds, and the name lengths each first character starts."""
    from kg.gazetteer import get_gazetteer

    kinds: dict[str, set[str]] = {}
    for word, pos in _jieba()[1].items():
        if pos in NAME_KINDS and 2 <= len(word) <= MAX_NAME_LENGTH:
            kinds.setdefault(word, set()).add(NAME_KINDS[pos])
    for surface in get_gazetteer().by_surface:
        if 2 <= len(surface) <= MAX_NAME_LENGTH:
            kinds.setdefault(surface, set()).add("gz")
    lengths: dict[str, set[int]] = {}
    for word in kinds:
        lengths.setdefault(word[0], set()).add(len(word))
    return {w: frozenset(k) for w, k in kinds.items()}, {c: tuple(sorted(ls)) for c, ls in lengths.items()}


def lexicon_features(text: str) -> list[str]:
    """For each character: the lexicon names covering it, as ``B-nr|E-ns`` (``-`` if none)."""
    names, lengths = _lexicon()
    found: list[set[str]] = [set() for _ in text]
    for i, char in enumerate(text):
        for n in lengths.get(char, ()):
            if i + n > len(text):
                break  # lengths are sorted: no longer name fits either
            kinds = names.get(text[i : i + n])
            if not kinds:
                continue
            for kind in kinds:
                found[i].add(f"B-{kind}")
                found[i + n - 1].add(f"E-{kind}")
                for j in range(i + 1, i + n - 1):
                    found[j].add(f"M-{kind}")
    return ["|".join(sorted(f)) or "-" for f in found]


class CharFeaturesTokenizer:
    def __init__(self, vocab: Vocab, lexicon: bool = True) -> None:
        self.vocab = vocab
        self.lexicon = lexicon

    def __call__(self, text: str) -> Doc:
        chars = list(text)
        doc = Doc(self.vocab, words=chars, spaces=[False] * len(chars))
        if not chars:
            return doc
        words, pos_tags = word_features(text)
        bigrams = [a + b for a, b in zip(chars, [*chars[1:], "</s>"], strict=True)]
        # hashes only: the model embeds hashes, and adding every bigram and word to the
        # vocab's strings would grow memory with every new text (and the saved model)
        columns = [bigrams, words, pos_tags]
        attrs = [NORM, LEMMA, TAG]
        if self.lexicon:
            columns.append(lexicon_features(text))
            attrs.append(DEP)
        values = numpy.array([[get_string_id(v) for v in row] for row in zip(*columns, strict=True)], dtype="uint64")
        doc.from_array(attrs, values)
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
        return CharFeaturesTokenizer(nlp.vocab, lexicon=True)

    return make


@registry.tokenizers(TOKENIZER_NAME_V1)
def create_char_features_tokenizer_v1():
    def make(nlp):
        return CharFeaturesTokenizer(nlp.vocab, lexicon=False)

    return make


@registry.architectures("kg.CNNBiLSTMEncoder.v1")
def build_cnn_bilstm_encoder(
    width: int,
    cnn_depth: int,
    lstm_depth: int,
    window_size: int = 1,
    maxout_pieces: int = 3,
    dropout: float = 0.0,
    lstm_width: int | None = None,
):
    """A window CNN for local character patterns, then a bidirectional LSTM over the whole
    text: a name's type and boundaries often depend on words further away than the CNN's
    window (long organisation names, lists of names). thinc's own LSTM runs on numpy, so no
    deep-learning framework is needed at run time.

    ``lstm_width`` is the LSTM's output (both directions together; ``width`` when unset).
    The encoder's output width is ``lstm_width``, so the NER's listener must use it too."""
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder
    from thinc.api import LSTM, chain, with_padded

    out_width = lstm_width or width
    cnn = MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=maxout_pieces, depth=cnn_depth)
    model = chain(cnn, with_padded(LSTM(out_width, width, bi=True, depth=lstm_depth, dropout=dropout)))
    model.set_dim("nO", out_width)
    return model


def _static_vectors_init(model, X=None, Y=None):
    if X is not None and not model.has_dim("nM"):
        model.set_dim("nM", X[0].vocab.vectors.shape[1])
    if not model.has_param("W"):
        from thinc.api import glorot_uniform_init

        model.set_param("W", glorot_uniform_init(model.ops, (model.get_dim("nO"), model.get_dim("nM"))))


def _static_vectors_forward(model, docs, is_train: bool):
    from thinc.api import Ragged

    vectors = docs[0].vocab.vectors
    keys = model.ops.flatten([doc.to_array(model.attrs["key_attr"]) for doc in docs])
    rows = vectors.find(keys=keys)
    # the shipped table is stored as float16 (kg.train.install); compute in float32
    V = model.ops.as_contig(model.ops.asarray(vectors.data[rows], dtype="float32"))
    V[rows < 0] = 0  # keys without a vector embed as zeros
    output = Ragged(model.ops.gemm(V, model.get_param("W"), trans2=True), model.ops.asarray1i([len(d) for d in docs]))

    def backprop(d_output):
        model.inc_grad("W", model.ops.gemm(d_output.data, V, trans1=True))
        return []

    return output, backprop


def StaticVectorsOf(key_attr: int, nO: int):
    """spaCy's StaticVectors reads one attribute for the whole vectors table (ORTH); this
    reads the table by any attribute, so characters (ORTH) and the bigrams starting at
    them (NORM) share one table of pretrained vectors (``kg.train.train_vectors``)."""
    from thinc.api import Model

    return Model(
        "static_vectors_of",
        _static_vectors_forward,
        init=_static_vectors_init,
        dims={"nO": nO, "nM": None},
        params={"W": None},
        attrs={"key_attr": key_attr},
    )


@registry.architectures("kg.HashAndStaticEmbed.v1")
def build_hash_and_static_embed(width: int, attrs: list[str], rows: list[int], static_attrs: list[str]):
    """spaCy's MultiHashEmbed (hashed embeddings of ``attrs``) next to pretrained vectors
    looked up by each of ``static_attrs``, all mixed by one maxout layer."""
    from spacy.attrs import IDS
    from spacy.ml.featureextractor import FeatureExtractor
    from thinc.api import HashEmbed, Maxout, chain, concatenate, list2ragged, ragged2list, with_array

    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    embeddings = [HashEmbed(width, rows[i], column=i, seed=8 + i, dropout=0.0) for i in range(len(attrs))]
    hashed = chain(FeatureExtractor(attrs), list2ragged(), with_array(concatenate(*embeddings)))
    statics = [StaticVectorsOf(IDS[attr], width) for attr in static_attrs]
    concat_size = width * (len(embeddings) + len(statics))
    max_out = with_array(Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True))
    return chain(concatenate(hashed, *statics), max_out, ragged2list())
