"""``kg train-ner``: rebuild the shipped Chinese NER model from the public corpora.

The corpora (People's Daily, MSRA, CLUENER; see ``../shared/data/ner/README.md``) are
read in their own formats and written as spaCy DocBins of character tokens, so every
entity boundary aligns. Training uses only training splits: MSRA has no dev split, so a
fixed slice of its training file (every 15th sentence) is held out for early stopping.
People's Daily and MSRA share sentences, so a model trained on MSRA is never scored on
People's Daily test (``benchmarks/ner_eval.py`` enforces the pairing).

The predicted documents come from the tokenizer the config names
(``kg.nlp.char_features``: one token per character, with bigram, jieba-word and
part-of-speech features), so training and prediction see the same features.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import numpy
import spacy
from spacy.tokens import Doc, DocBin

import kg.nlp.char_features  # noqa: F401  (registers the tokenizer the config names)

LABELS = {"PER", "LOC", "ORG"}
CLUENER_LABELS = {"name": "PER", "address": "LOC", "company": "ORG", "government": "ORG", "organization": "ORG"}
SHIPPED = Path(__file__).parent / "models" / "ner_zh"
# Openers of the synthetic name lists (see ``name_lists``); "" is a list on its own.
LIST_OPENERS = ("", "", "委员：", "成员：", "名单：", "出席会议的有", "参加活动的有", "获奖者是", "他们是")


def read_bio(path: Path) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences of a one-character-per-line BIO file (space- or tab-separated)."""
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> tuple[str, list[tuple[int, int, str]]]:
        spans: list[tuple[int, int, str]] = []
        start, label = None, None
        for i, tag in enumerate([*tags, "O"]):
            if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != label):
                spans.append((start, i, str(label)))
                start, label = None, None
            if tag.startswith("B-") or (tag.startswith("I-") and start is None):
                start, label = i, tag[2:]
        return "".join(chars), [s for s in spans if s[2] in LABELS]

    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield flush()
                chars, tags = [], []
                continue
            char, _, tag = line.partition("\t") if "\t" in line else line.partition(" ")
            chars.append(char[:1] or " ")
            tags.append(tag.strip() or "O")
    if chars:
        yield flush()


def read_cluener(path: Path, labels: dict[str, str] = CLUENER_LABELS) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            spans = []
            for kind, entities in (item.get("label") or {}).items():
                if kind not in labels:
                    continue
                for positions in entities.values():
                    spans += [(s, e + 1, labels[kind]) for s, e in positions]
            yield item["text"], _non_overlapping(spans)


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= o[0] or o[1] <= span[0] for o in out):
            out.append(span)
    return sorted(out)


def name_lists(
    sentences: list[tuple[str, list[tuple[int, int, str]]]], count: int, seed: int = 0
) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Synthetic lists of person names written back to back (张三李四王五), built from the
    PER names of the training sentences.

    News prints committee, delegation and award lists with no separator between names,
    sometimes hundreds of names long, but the training corpora hold few of them (221
    adjacent name pairs in all of MSRA train), so a model merges the names of such a list
    into a few long ones. These lists teach it where one name ends and the next begins."""
    names = sorted({text[s:e] for text, spans in sentences for s, e, label in spans if label == "PER"})
    if not names or count <= 0:
        return []
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        separator = rng.choice(["", "", "", "、", " "])
        text, spans = rng.choice(LIST_OPENERS), []
        for i, name in enumerate(rng.choices(names, k=rng.randint(3, 40))):
            text += separator if i else ""
            spans.append((len(text), len(text) + len(name), "PER"))
            text += name
        out.append((text + rng.choice(["", "。", "等。"]), spans))
    return out


def to_docbin(sentences: Iterator[tuple[str, list[tuple[int, int, str]]]], vocab: spacy.vocab.Vocab) -> DocBin:
    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for text, spans in sentences:
        if not text:
            continue
        doc = Doc(vocab, words=list(text), spaces=[False] * len(text))
        doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
        db.add(doc)
    return db


def prepare(corpus: str, data_dir: Path, work: Path, list_share: float = 0.03) -> tuple[Path, Path]:
    """Write train/dev DocBins for a corpus mix; return their paths.

    ``list_share``: synthetic name lists added to the training part, as a share of its
    sentences (``name_lists``); the dev part stays as the corpus has it."""
    nlp = spacy.blank("zh")
    work.mkdir(parents=True, exist_ok=True)
    train: list[tuple[str, list[tuple[int, int, str]]]] = []
    dev: list[tuple[str, list[tuple[int, int, str]]]] = []
    parts = corpus.split("+")
    for part in parts:
        if part == "msra":
            sents = list(read_bio(data_dir / "msra" / "msra_train_bio"))
            train += [s for i, s in enumerate(sents) if i % 15]
            dev += [s for i, s in enumerate(sents) if not i % 15]
        elif part == "pd" and "msra" in parts:
            # People's Daily train annotates the 13,552 sentences it shares with MSRA train
            # exactly as MSRA does; its other 7,312 sentences are added to the training part.
            # Early stopping stays on MSRA's slice, and such a model is scored on MSRA test
            # only (which shares no sentence of 15 characters or more with People's Daily).
            if parts.index("pd") < parts.index("msra"):
                raise ValueError("name MSRA first: msra+pd")
            seen = {text for text, _ in train} | {text for text, _ in dev}
            train += [s for s in read_bio(data_dir / "peoples_daily" / "example.train") if s[0] not in seen]
        elif part == "pd":
            train += list(read_bio(data_dir / "peoples_daily" / "example.train"))
            dev += list(read_bio(data_dir / "peoples_daily" / "example.dev"))
        elif part == "cluener":
            sents = list(read_cluener(data_dir / "cluener2020" / "train.json"))
            train += [s for i, s in enumerate(sents) if i % 10]
            dev += [s for i, s in enumerate(sents) if not i % 10]
        else:
            raise ValueError(f"unknown corpus {part!r}: use msra, pd, cluener or a mix like msra+cluener")
    # unlabelled text for pretrained vectors: the training part (never dev or test) and
    # CLUENER's training texts, which add recent news of other domains
    texts = [text for text, _ in train]
    cluener_train = data_dir / "cluener2020" / "train.json"
    if "cluener" not in parts and cluener_train.exists():
        texts += [text for text, _ in read_cluener(cluener_train)]
    (work / "texts.txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
    train += name_lists(train, round(len(train) * list_share))
    train_path, dev_path = work / "train.spacy", work / "dev.spacy"
    to_docbin(iter(train), nlp.vocab).to_disk(train_path)
    to_docbin(iter(dev), nlp.vocab).to_disk(dev_path)
    return train_path, dev_path


def bigrams(text: str) -> list[str]:
    """The bigram starting at each character, as the NER's tokenizer writes it in NORM."""
    return [a + b for a, b in zip(text, [*text[1:], "</s>"], strict=True)]


def train_vectors(
    texts: list[str], output: Path, dim: int = 64, min_count: int = 3, epochs: int = 5, seed: int = 0
) -> Path:
    """Skip-gram vectors of characters and of character bigrams, trained with gensim on
    unlabelled text and saved as a spaCy pipeline whose vocab holds them (one table: the
    NER reads characters by ORTH and bigrams by NORM, see ``kg.HashAndStaticEmbed.v1``).

    The labelled corpora are small; distributional vectors tell the model that rare name
    characters and bigrams behave like frequent ones it has seen labelled."""
    try:
        from gensim.models import Word2Vec
    except ImportError as error:  # pragma: no cover - depends on the extra
        raise SystemExit("training vectors needs gensim: pip install 'kg[train]'") from error
    from spacy.vectors import Vectors

    # one worker: with more, gensim's threads race and a rebuilt model would differ
    settings = {"vector_size": dim, "window": 5, "sg": 1, "epochs": epochs, "seed": seed, "workers": 1}
    tables = [
        Word2Vec([list(t) for t in texts], min_count=1, **settings).wv,
        Word2Vec([bigrams(t) for t in texts], min_count=min_count, **settings).wv,
    ]
    nlp = spacy.blank("zh")
    keys = [key for table in tables for key in table.index_to_key]
    data = numpy.vstack([table.vectors for table in tables]).astype("float32")
    nlp.vocab.vectors = Vectors(data=data, keys=[nlp.vocab.strings.add(k) for k in keys])
    nlp.to_disk(output)
    return output


def cached_vectors(texts_path: Path, output: Path) -> Path:
    """``train_vectors`` on the lines of ``texts_path``, unless ``output`` already holds the
    vectors of the same text: every member of a model (one per seed) shares them, so the
    second and third members need not train them again."""
    import hashlib

    data = texts_path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    marker = output / "texts.sha256"
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == digest:
        return output
    train_vectors(data.decode("utf-8").splitlines(), output)
    marker.write_text(digest + "\n", encoding="utf-8")
    return output


def train_ner(
    corpus: str = "msra+pd",
    data_dir: Path = Path("../shared/data/ner"),
    output: Path = SHIPPED,
    work: Path = Path("training"),
    max_steps: int | None = None,
    overrides: dict[str, object] | None = None,
    vectors: bool = True,
    max_vectors: int | None = None,
    seed: int = 0,
) -> Path:
    """Convert, train and install one member of the model; returns its folder,
    ``output/seed{seed}`` (``kg.nlp.ner_model`` votes over the members it finds there).

    ``vectors``: also train skip-gram vectors of characters and bigrams on the training
    texts and embed them next to the hashed features (``ner_zh_vectors.cfg``).
    ``seed``: the random seed of the network's initialisation and of the batches; the data
    and the vectors are the same for every seed, so members differ by their training only."""
    from spacy.cli.train import train as spacy_train

    name = corpus.replace("+", "_")
    run = work / f"{name}_seed{seed}"
    train_path, dev_path = prepare(corpus, Path(data_dir), run)
    settings: dict[str, object] = {"paths.train": str(train_path), "paths.dev": str(dev_path)}
    config_name = "ner_zh.cfg"
    if vectors:
        settings["paths.vectors"] = str(cached_vectors(run / "texts.txt", work / f"{name}_vectors"))
        config_name = "ner_zh_vectors.cfg"
    if max_steps:
        settings["training.max_steps"] = max_steps
    settings["system.seed"] = seed
    settings.update(overrides or {})
    with resources.as_file(resources.files("kg.configs").joinpath(config_name)) as cfg_path:
        spacy_train(cfg_path, run / "model", overrides=settings, use_gpu=-1)
    return install(run / "model" / "model-best", Path(output) / f"seed{seed}", max_vectors)


def install(best: Path, output: Path, max_vectors: int | None = None) -> Path:
    """Copy a trained pipeline to ``output`` without the strings training collected, and
    with its pretrained vectors at half precision (the first ``max_vectors`` rows only,
    if given: the table holds the characters, then the bigrams, most frequent first).

    The vocabulary's string store holds every character, bigram and word seen in training
    (6 MB); the model embeds hashes and needs none of them, only its labels."""
    from spacy.vectors import Vectors

    if output.exists():
        shutil.rmtree(output)
    shutil.copytree(best, output)
    vectors = output / "vocab" / "vectors"
    if vectors.exists() and max_vectors:
        table = Vectors().from_disk(output / "vocab")
        if table.shape[0] > max_vectors:
            kept = sorted((row, key) for key, row in table.key2row.items() if row < max_vectors)
            pruned = Vectors(data=numpy.asarray(table.data[:max_vectors]), keys=[key for _, key in kept])
            pruned.to_disk(output / "vocab")
    # pretrained vectors at half precision: half the size, the same predictions (their
    # values pass through a learned projection; float16 keeps 3 significant digits)
    if vectors.exists():
        with vectors.open("rb") as f:
            data = numpy.load(f)
        with vectors.open("wb") as f:
            numpy.save(f, data.astype("float16"))
    strings = output / "vocab" / "strings.json"
    if strings.exists():
        labels = json.loads((output / "meta.json").read_text(encoding="utf-8"))["labels"]
        keep = sorted({label for names in labels.values() for label in names})
        strings.write_text(json.dumps(keep, ensure_ascii=False), encoding="utf-8")
    return output
