"""The shipped statistical NER model loads offline from the package and finds names."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.nlp import ner_model


def test_model_ships_inside_the_package() -> None:
    model_dir = Path(kg.__file__).parent / "models" / "ner_zh"
    members = ner_model.member_dirs(model_dir)
    # an odd number of members, so that a majority always decides
    assert len(members) % 2 == 1
    for member in members:
        assert member.parent == model_dir and (member / "ner" / "model").exists()
        size = sum(p.stat().st_size for p in member.rglob("*") if p.is_file())
        # 29 MB of network and 17 MB of character and bigram vectors at half precision
        # (`kg train-ner --max-vectors 20000` gives 31 MB for half a point of dev F1)
        assert size < 50_000_000
    model = ner_model.load()
    assert model is not None and len(model) == len(members)


def test_predicts_people_places_and_organisations() -> None:
    texts = [
        "昨天,国务院总理在北京会见了来访的法国总统马克龙。",
        "广州市总工会主席陈建华到广州地铁集团有限公司调研。",
    ]
    spans = ner_model.predict(texts)
    found = [{(t[s:e], label) for s, e, label in doc} for t, doc in zip(texts, spans, strict=True)]
    assert ("北京", "LOC") in found[0]
    assert any(label == "PER" for _, label in found[0] | found[1])
    assert any(label == "ORG" for _, label in found[1])


def test_offsets_of_long_texts_map_back() -> None:
    sentence = "上海市总工会与华东师范大学签订合作协议。"
    text = sentence * 60  # longer than one chunk
    assert len(ner_model.chunks(text)) > 1
    for start, end, _label in ner_model.predict([text])[0]:
        assert 0 <= start < end <= len(text)
        assert text[start:end] in sentence * 2


def test_long_pieces_without_sentence_ends_are_cut_between_clauses() -> None:
    # a name list of 600 characters with no 。: cut after a 、, never inside a name
    names = "、".join(["欧阳明华", "李建国", "张丽"] * 70)
    pieces = ner_model.chunks(names)
    assert len(pieces) == 2
    assert pieces[0][1].endswith("、") and len(pieces[0][1]) <= ner_model.MAX_CHUNK
    assert "".join(piece for _, piece in pieces) == names
    # with neither kind of punctuation the cut falls at the limit
    assert [len(p) for _, p in ner_model.chunks("字" * 1200)] == [500, 500, 200]


def test_character_tokens_carry_bigram_word_and_pos_features() -> None:
    import spacy
    from spacy.strings import get_string_id

    from kg.nlp.char_features import TOKENIZER_NAME

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    doc = nlp("南京市总工会主席王明")
    assert [t.text for t in doc] == list("南京市总工会主席王明")
    first = doc.to_array(["NORM", "LEMMA", "TAG"])[0]
    assert first[0] == get_string_id("南京")  # the bigram starting here
    assert first[1] == get_string_id("南京市")  # the jieba word around the character
    assert first[2] == get_string_id("ns-B")  # its part of speech and B/M/E/S position
    assert nlp("") is not None and len(nlp("")) == 0


def test_lexicon_feature_keeps_every_reading_of_overlapping_names() -> None:
    import spacy
    from spacy.strings import get_string_id

    from kg.nlp.char_features import TOKENIZER_NAME, TOKENIZER_NAME_V1, lexicon_features

    text = "我们在浦东新区参观"
    features = lexicon_features(text)
    assert features[:3] == ["-"] * 3  # 我们在 is no name
    # 浦东 and 浦东新区 both start at 浦: 东 ends one name and is inside the other
    assert "B-gz" in features[3].split("|")
    assert {"E-ns", "M-gz"} <= set(features[4].split("|"))
    assert "E-gz" in features[6].split("|")
    assert features[7:] == ["-"] * 2
    assert lexicon_features("") == []
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    assert nlp(text).to_array(["DEP"])[3] == get_string_id(features[3])
    # the v1 tokenizer (models trained before the lexicon) leaves the slot empty
    old = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME_V1}}})
    assert old(text).to_array(["DEP"])[3] == 0


def test_plain_spacy_load_finds_the_tokenizer_through_the_entry_point() -> None:
    import subprocess
    import sys

    # a fresh interpreter that never imports kg: the installed entry point registers it
    member = ner_model.member_dirs(ner_model.MODEL_DIR)[0]
    code = f"import spacy; nlp = spacy.load({str(member)!r}); print(len(nlp('北京').ents) >= 0)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "True"


def test_install_keeps_only_the_labels_and_the_same_predictions(tmp_path) -> None:
    import json

    from kg.train import install

    member = ner_model.member_dirs(ner_model.MODEL_DIR)[0]
    out = install(member, tmp_path / "ner")
    strings = json.loads((out / "vocab" / "strings.json").read_text(encoding="utf-8"))
    assert set(strings) == {"LOC", "ORG", "PER"}
    text = ["广州市总工会主席陈建华到广州地铁集团有限公司调研。"]
    assert ner_model.predict(text, path=str(out)) == ner_model.predict(text, path=str(member))


def test_majority_keeps_what_more_than_half_of_the_members_predict() -> None:
    a, b, c = (0, 3, "PER"), (5, 9, "ORG"), (5, 7, "LOC")
    assert ner_model.majority([[a, b], [a, c], [a, b]]) == [a, b]
    # a label counts: the same span with another label is another entity
    assert ner_model.majority([[a], [(0, 3, "LOC")], [b]]) == []
    assert ner_model.majority([[a, b], [a]]) == [a]  # of two members, both must agree
    assert ner_model.majority([[a]]) == [a]
    assert ner_model.majority([[a, a], [], []]) == []  # a member votes once per entity


def test_members_are_the_pipelines_of_a_folder(tmp_path) -> None:
    member = ner_model.member_dirs(ner_model.MODEL_DIR)[0]
    assert ner_model.member_dirs(member) == [member]  # a pipeline is an ensemble of one
    for name in ("seed1", "seed0"):
        (tmp_path / "model" / name).mkdir(parents=True)
        (tmp_path / "model" / name / "config.cfg").write_text("", encoding="utf-8")
    (tmp_path / "model" / "notes").mkdir()
    assert [p.name for p in ner_model.member_dirs(tmp_path / "model")] == ["seed0", "seed1"]
    assert ner_model.member_dirs(tmp_path / "missing") == []
    assert ner_model.load(str(tmp_path / "missing")) is None
    assert ner_model.predict(["北京"], path=str(tmp_path / "missing")) == [[]]


def test_other_members_read_the_first_members_features(tmp_path) -> None:
    # two copies of one member agree on everything only if the second, which reads the
    # tokens the first member's tokenizer featurised, sees the same features
    member = ner_model.member_dirs(ner_model.MODEL_DIR)[0]
    for name in ("seed0", "seed1"):
        (tmp_path / "pair").mkdir(exist_ok=True)
        (tmp_path / "pair" / name).symlink_to(member, target_is_directory=True)
    texts = ["广州市总工会主席陈建华到广州地铁集团有限公司调研。", "昨天,国务院总理在北京会见了来访的法国总统马克龙。"]
    pair = ner_model.predict(texts, path=str(tmp_path / "pair"))
    assert pair == ner_model.predict(texts, path=str(member)) and all(pair)


def test_synthetic_name_lists_are_built_from_the_training_names() -> None:
    from itertools import pairwise

    from kg.train import name_lists

    train = [("会见了张三和李四。", [(3, 5, "PER"), (6, 8, "PER")]), ("北京市总工会", [(0, 6, "ORG")])]
    lists = name_lists(train, 20)
    assert len(lists) == 20
    for text, spans in lists:
        assert len(spans) >= 3
        assert {text[s:e] for s, e, _ in spans} <= {"张三", "李四"}  # only training names
        assert all(label == "PER" for *_, label in spans)
        # back to back or with one separator: consecutive spans never overlap
        assert all(a[1] <= b[0] <= a[1] + 1 for a, b in pairwise(spans))
    assert any(a[1] == b[0] for text, spans in lists for a, b in pairwise(spans))
    assert name_lists(train, 20) == lists  # seeded: a rebuilt model sees the same data
    assert name_lists([("北京", [(0, 2, "LOC")])], 5) == []


def test_encoder_output_width_follows_the_lstm() -> None:
    import numpy
    from thinc.api import NumpyOps

    from kg.nlp.char_features import build_cnn_bilstm_encoder

    encoder = build_cnn_bilstm_encoder(width=16, cnn_depth=1, lstm_depth=1, lstm_width=24)
    sequences = [NumpyOps().alloc2f(7, 16) + numpy.random.rand(7, 16).astype("f")]
    encoder.initialize(X=sequences)
    assert encoder.get_dim("nO") == 24 and encoder.predict(sequences)[0].shape == (7, 24)
    narrow = build_cnn_bilstm_encoder(width=16, cnn_depth=1, lstm_depth=1)
    narrow.initialize(X=sequences)
    assert narrow.predict(sequences)[0].shape == (7, 16)


def test_msra_plus_peoples_daily_adds_only_new_sentences(tmp_path) -> None:
    import spacy
    from spacy.tokens import DocBin

    from kg.train import prepare

    def bio(sentences: list[str]) -> str:
        # each sentence: characters, the first two a person's name
        return "".join("".join(f"{c} {'B-PER' if i == 0 else 'I-PER' if i == 1 else 'O'}\n" for i, c in enumerate(s)) + "\n" for s in sentences)

    msra = [f"张{chr(0x4e00 + i)}来到北京。" for i in range(30)]
    (tmp_path / "msra").mkdir()
    (tmp_path / "msra" / "msra_train_bio").write_text(bio(msra), encoding="utf-8")
    (tmp_path / "peoples_daily").mkdir()
    # one sentence MSRA has already (train part), one in MSRA's dev slice, two new
    pd = [msra[1], msra[0], "李明在上海。", "王强在广州。"]
    (tmp_path / "peoples_daily" / "example.train").write_text(bio(pd), encoding="utf-8")
    train_path, dev_path = prepare("msra+pd", tmp_path, tmp_path / "run", list_share=0)
    vocab = spacy.blank("zh").vocab
    train = [d.text for d in DocBin().from_disk(train_path).get_docs(vocab)]
    dev = [d.text for d in DocBin().from_disk(dev_path).get_docs(vocab)]
    assert dev == [msra[0], msra[15]]  # every 15th MSRA sentence, nothing from People's Daily
    assert len(train) == 28 + 2 and {"李明在上海。", "王强在广州。"} <= set(train)
    assert msra[0] not in train  # a dev sentence never leaks into training through the other corpus
    texts = (tmp_path / "run" / "texts.txt").read_text(encoding="utf-8").splitlines()
    assert texts == train  # the vectors' unlabelled text is the training part, never dev
    with pytest.raises(ValueError):
        prepare("pd+msra", tmp_path, tmp_path / "run2")


def test_vectors_are_trained_for_characters_and_frequent_bigrams(tmp_path) -> None:
    import spacy

    from kg.train import bigrams, train_vectors

    texts = ["工会主席来到工厂。", "工会干部来到车间。", "工人来到工厂。"] * 4 + ["罕见词"]
    path = train_vectors(texts, tmp_path / "vectors", dim=8, min_count=3, epochs=2)
    vectors = spacy.load(path).vocab.vectors
    assert vectors.shape[1] == 8
    assert all(vectors.find(key=c) >= 0 for c in "工会罕见")  # every character
    assert vectors.find(key="工会") >= 0 and vectors.find(key="来到") >= 0
    assert vectors.find(key="罕见") < 0  # a bigram seen once has none
    assert bigrams("工会") == ["工会", "会</s>"]  # as the tokenizer writes NORM


def test_embedding_reads_pretrained_vectors_by_character_and_bigram() -> None:
    import numpy
    import spacy
    from spacy.vectors import Vectors

    from kg.nlp.char_features import CharFeaturesTokenizer, build_hash_and_static_embed

    nlp = spacy.blank("zh")
    keys = ["工", "会", "工会"]
    nlp.vocab.vectors = Vectors(data=numpy.ones((3, 4), dtype="f"), keys=[nlp.vocab.strings.add(k) for k in keys])
    docs = [CharFeaturesTokenizer(nlp.vocab)("工会会员")]
    embed = build_hash_and_static_embed(width=6, attrs=["ORTH", "NORM"], rows=[50, 50], static_attrs=["ORTH", "NORM"])
    embed.initialize(X=docs)
    before = embed.predict(docs)[0]
    assert before.shape == (4, 6)
    nlp.vocab.vectors.data[2] *= 5  # the bigram 工会 only: its first character changes, no other
    after = embed.predict(docs)[0]
    changed = ~numpy.isclose(before, after).all(axis=1)
    assert changed.tolist() == [True, False, False, False]


def test_install_keeps_vectors_at_half_precision(tmp_path) -> None:
    import numpy
    import spacy

    from kg.train import install, train_vectors

    texts = ["工会主席来到工厂。", "工会干部来到车间。"] * 6
    trained = spacy.load(train_vectors(texts, tmp_path / "vectors", dim=8, min_count=2, epochs=1)).vocab.vectors
    installed = spacy.load(install(tmp_path / "vectors", tmp_path / "installed")).vocab.vectors
    assert installed.data.dtype == numpy.float16 and installed.shape == trained.shape
    row = trained.find(key="工会")
    assert numpy.allclose(installed.data[installed.find(key="工会")], trained.data[row], atol=1e-3)
    # pruned to the first rows: characters first, then the most frequent bigrams
    pruned = spacy.load(install(tmp_path / "vectors", tmp_path / "pruned", max_vectors=12)).vocab.vectors
    assert pruned.shape[0] == 12 and pruned.data.dtype == numpy.float16
    assert len(pruned.key2row) == 12
    for key, row in pruned.key2row.items():
        assert trained.key2row[key] < 12
        assert numpy.allclose(pruned.data[row], trained.data[trained.key2row[key]], atol=1e-3)


@pytest.mark.parametrize("name", ["ner_zh.cfg", "ner_zh_vectors.cfg"])
def test_training_configs_build_a_pipeline(name: str) -> None:
    from importlib import resources

    import spacy
    from spacy.util import load_config_from_str, load_model_from_config

    text = resources.files("kg.configs").joinpath(name).read_text(encoding="utf-8")
    nlp = load_model_from_config(load_config_from_str(text), auto_fill=True, validate=True)
    assert nlp.pipe_names == ["tok2vec", "ner"] and isinstance(nlp, spacy.language.Language)


def test_vectors_are_the_same_whatever_pythons_hash_seed(tmp_path) -> None:
    import os
    import subprocess
    import sys

    import numpy

    code = (
        "import sys, numpy, spacy; from pathlib import Path; from kg.train import train_vectors;"
        "p = train_vectors(['工会主席来到工厂。', '工会干部来到车间。'] * 5, Path(sys.argv[1]), dim=8, min_count=2, epochs=1);"
        "numpy.save(sys.argv[1] + '.npy', spacy.load(p).vocab.vectors.data)"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / seed)], check=True, env=env)
    assert numpy.array_equal(numpy.load(tmp_path / "1.npy"), numpy.load(tmp_path / "2.npy"))


def test_members_share_vectors_trained_once_for_the_same_text(tmp_path, monkeypatch) -> None:
    from kg import train

    texts = tmp_path / "texts.txt"
    texts.write_text("\n".join(["工会主席来到工厂。", "工会干部来到车间。"] * 6), encoding="utf-8")
    calls = []
    real = train.train_vectors

    def counting(lines, output, **kwargs):
        calls.append(len(lines))
        return real(lines, output, dim=8, min_count=2, epochs=1)

    monkeypatch.setattr(train, "train_vectors", counting)
    first = train.cached_vectors(texts, tmp_path / "vectors")
    assert train.cached_vectors(texts, tmp_path / "vectors") == first and calls == [12]
    texts.write_text("\n".join(["工人来到车间。"] * 4), encoding="utf-8")  # other text: trained again
    train.cached_vectors(texts, tmp_path / "vectors")
    assert calls == [12, 4]
