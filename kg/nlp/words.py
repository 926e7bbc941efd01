"""jieba's dictionary, loaded once and quietly: segmentation and part-of-speech tags.

The rules, the selection step and ingest all ask jieba where words begin and what a word
is; they share this one entry point (jieba prints a start-up log unless told not to).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

# jieba's tags of proper names: persons, places, organisations, other names
PROPER_NAME_TAGS = ("nr", "ns", "nt", "nz")


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba


def cut(text: str) -> Iterator[str]:
    """Dictionary segmentation only (no HMM guesses, so results do not shift with context)."""
    return _jieba().cut(text, HMM=False)


def tagged_cut(text: str) -> Iterator[Any]:
    """Dictionary segmentation with each word's part of speech (``.word``, ``.flag``)."""
    return _jieba().posseg.cut(text, HMM=False)


def dictionary_tag(word: str) -> str | None:
    """The part of speech jieba's dictionary gives ``word``; None if it is not listed."""
    return _jieba().posseg.dt.word_tag_tab.get(word)


def boundaries(text: str, offset: int = 0) -> set[int]:
    """Where dictionary words begin and end in ``text`` (offsets plus ``offset``)."""
    out, pos = {offset}, offset
    for word in cut(text):
        pos += len(word)
        out.add(pos)
    return out
