"""The sentence index grows by segments: same ranking as one BM25 index, new articles cost only themselves."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import orjson
import pytest

from bot.core import EvBot
from knowledge.index import MERGE_FACTOR
from knowledge.ingest import Ingestor, read_paths
from knowledge.knowledge_base import KnowledgeBase
from knowledge.records import Article
from knowledge.segment import sentence_tokens
from knowledge.summary import SUMMARY_FILE
from knowledge.text import question_tokens

PLACES = ["Ohio", "Hungary", "Poland", "Georgia", "Bavaria", "Sonora", "Jiangsu", "Kentucky", "Ontario", "Gujarat"]
MAKERS = ["Volvo", "Toyota", "Kia", "Renault", "Mazda", "Subaru", "Fiat", "Skoda", "Seat", "Opel"]
SUPPLIERS = ["Northvolt", "CATL", "Gotion", "Envision", "Panasonic", "Samsung SDI", "SK On", "EVE", "Sunwoda", "BYD"]
CODENAMES = "Aurora Basalt Cobalt Dune Ember Fjord Garnet Harbor Iris Juniper Kestrel Lumen".split()


def _article(folder: Path, n: int) -> Path:
    maker, supplier, place = MAKERS[n % 10], SUPPLIERS[(n * 3) % 10], PLACES[(n * 7) % 10]
    path = folder / f"article-{n:03d}.txt"
    path.write_text(
        f"{maker} and {supplier} agree on battery cells for {place} plant\n"
        f"Published March {n % 27 + 1}, 2024\n\n"
        f"{maker} and {supplier} signed an agreement on Monday to supply battery cells for a plant in {place}. "
        f"The plant in {place} will employ {100 + 37 * n} people and make {5 + n} GWh of cells a year. "
        f"The companies call the site Project {CODENAMES[n]}.\n\n"
        f"{supplier} will invest ${n + 1} billion in the site, its chief executive said. "
        f"Analysts said the deal gives {maker} a second source of cells after talks with rivals stalled.\n"
    )
    return path


def _ingest(kb: KnowledgeBase, *paths: Path) -> None:
    report = kb.ingest(read_paths(paths))
    assert len(report.added) == len(paths)


def _row(article: Article) -> dict[str, Any]:
    """An article as the index reads it (what ingestion hands it)."""
    return {"key": article.key, "sentences": article.sentences, "headings": article.headings}


def _segments(db: Path) -> list[dict]:
    return orjson.loads((db.with_name(db.name + ".index") / "manifest.json").read_bytes())["segments"]


def _reference(kb: KnowledgeBase, query: list[str], k: int) -> list[tuple[str, int, float]]:
    """One bm25s index over every stored sentence: what the index was before it had segments."""
    corpus, refs = [], []
    for article in kb.articles:
        for i, toks in enumerate(sentence_tokens(_row(article))):
            corpus.append(toks)
            refs.append((article.key, i))
    bm25 = bm25s.BM25()
    bm25.index(corpus, show_progress=False)
    ids = [bm25.vocab_dict[t] for t in dict.fromkeys(query) if t in bm25.vocab_dict]
    scores = bm25.get_scores(ids)
    order = np.lexsort((-np.arange(len(scores)), -scores))[:k]  # of equal scores, the newest sentence first
    return [(*refs[i], float(scores[i])) for i in order if scores[i] > 0]


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "articles"
    folder.mkdir()
    return [_article(folder, n) for n in range(12)]


def test_ranking_equals_one_bm25_index_over_the_same_sentences(db_path: Path, corpus: list[Path]) -> None:
    kb = KnowledgeBase.open(db_path)
    _ingest(kb, *corpus[:5])  # three ingests: several segments
    _ingest(kb, corpus[5])
    _ingest(kb, *corpus[6:])
    assert len(_segments(db_path)) >= 3
    for question in (
        "How many people will the plant in Hungary employ?",
        "How much will CATL invest?",
        "Which battery cells deals were signed with Volvo?",
        "Why did the talks with rivals stall?",
    ):
        query = question_tokens(question)
        hits = [(ref.article.key, ref.index, ref.score) for ref in kb.search(query, k=10)]
        assert hits == _reference(kb, query, 10), question
        fresh = KnowledgeBase.open(db_path)  # another process reads the saved segments the same way
        assert [(r.article.key, r.index) for r in fresh.search(query, k=10)] == [h[:2] for h in hits]


def test_adding_an_article_leaves_the_saved_segments_untouched(db_path: Path, corpus: list[Path]) -> None:
    kb = KnowledgeBase.open(db_path)
    _ingest(kb, *corpus[:10])
    folder = db_path.with_name(db_path.name + ".index")
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.glob("*.seg")}
    _ingest(kb, corpus[10])
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.glob("*.seg")}
    assert {name: after[name] for name in before} == before, "old segments were rewritten"
    (new,) = [s for s in _segments(db_path) if s["file"] not in before]
    assert new["articles"] == 1 and new["sentences"] == len(kb.articles[-1].sentences)
    ref = kb.search(question_tokens("How many people will work at Project Kestrel?"), k=1)[0]
    assert ref.article is kb.articles[-1]


def test_merged_segments_keep_every_sentence_findable(db_path: Path, corpus: list[Path]) -> None:
    kb = KnowledgeBase.open(db_path)  # the samples are the first segment
    for path in corpus[: MERGE_FACTOR + 1]:
        _ingest(kb, path)
    segments = _segments(db_path)
    assert len(segments) < MERGE_FACTOR + 2, "no segments were merged"
    assert sum(s["articles"] for s in segments) == len(kb.articles)
    for article in kb.articles:
        for i, toks in enumerate(sentence_tokens(_row(article))):
            position = kb.sentence_position(article.key, i)
            for token in toks:
                assert position in kb.index.docs_with(token), (article.title, i, token)
    query = question_tokens("Which plant will make GWh of cells in Poland?")
    assert [(r.article.key, r.index, r.score) for r in kb.search(query, k=10)] == _reference(kb, query, 10)


def test_a_corrupt_segment_is_rebuilt_with_one_warning(
    db_path: Path, corpus: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    kb = KnowledgeBase.open(db_path)
    _ingest(kb, *corpus[:4])
    query = question_tokens("How much will Gotion invest in the site?")
    expected = [(r.article.key, r.index) for r in kb.search(query)]
    folder = db_path.with_name(db_path.name + ".index")
    damaged = folder / _segments(db_path)[-1]["file"]
    damaged.write_bytes(damaged.read_bytes()[:200])  # cut short, as by a full disk
    with caplog.at_level(logging.WARNING):
        reopened = KnowledgeBase.open(db_path)
        assert [(r.article.key, r.index) for r in reopened.search(query)] == expected
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "rebuilding part of the search index" in warnings[0].getMessage()
    assert not damaged.exists() and len(_segments(db_path)) == 2
    caplog.clear()
    KnowledgeBase.open(db_path).search(query)  # repaired on disk: the next process reads it as it is
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_reader_indexes_nothing_that_the_ingesting_process_wrote(db_path: Path, corpus: list[Path]) -> None:
    reader = KnowledgeBase.open(db_path)
    reader.search(question_tokens("battery plant"))
    writer = KnowledgeBase.open(db_path)  # e.g. `evbot ingest` beside a running bot
    _ingest(writer, corpus[0])
    folder = db_path.with_name(db_path.name + ".index")

    def index_files() -> dict[str, int]:  # the segments and their list; the revision's summary is no index
        return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name != SUMMARY_FILE}

    written = index_files()
    reader.refresh()
    top = reader.search(question_tokens("How many people will Project Aurora employ?"), k=1)[0]
    assert top.article.key == writer.articles[-1].key
    assert index_files() == written


def test_a_store_indexed_by_an_older_evbot_is_indexed_once(db_path: Path, corpus: list[Path]) -> None:
    kb = KnowledgeBase.open(db_path)
    Ingestor(kb.store).ingest(read_paths(corpus[:3]))  # stored with no segment, as an older evbot did
    old_index = db_path.with_name(db_path.name + ".index") / "store-1-3"
    old_index.mkdir(parents=True)
    (old_index / "params.index.json").write_text("{}")
    reader = KnowledgeBase.open(db_path)
    top = reader.search(question_tokens("Which plant will employ people in Poland?"), k=1)[0]
    assert top.article.key in {a.key for a in reader.articles[-3:]}
    assert sum(s["articles"] for s in _segments(db_path)) == len(reader.articles)
    assert not old_index.exists()


def test_an_index_built_with_another_tokeniser_is_rebuilt(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "trucks.txt"
    path.write_text(
        "Osgard orders haulers\nPublished March 3, 2024\n\n"
        "Osgard Trucks will buy 360 battery-electric trucks from Tessel Group, the companies said on Monday.\n"
        "The trucks will be delivered from 2026, Osgard said.\n"
    )
    kb = KnowledgeBase.open(db_path)
    _ingest(kb, path)
    manifest = db_path.with_name(db_path.name + ".index") / "manifest.json"
    saved = orjson.loads(manifest.read_bytes())
    manifest.write_bytes(
        orjson.dumps({**saved, "tokens": 1})
    )  # as written by an evbot that read "electric trucks" as "ev"
    old_files = {s["file"] for s in saved["segments"]}
    reopened = KnowledgeBase.open(db_path)
    top = reopened.search(question_tokens("how many battery-electric trucks?"), k=1)[0]
    assert "360" in top.text
    rebuilt = orjson.loads(manifest.read_bytes())
    assert rebuilt["tokens"] == saved["tokens"] and not {s["file"] for s in rebuilt["segments"]} & old_files


def test_a_bot_told_to_keep_its_index_elsewhere_writes_its_segments_there_and_answers(
    db_path: Path, corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "fast-disk" / "evbot-index"
    monkeypatch.setenv("EVBOT_INDEX_DIR", str(elsewhere))
    bot = EvBot.open(db_path)
    assert bot.ingest_paths([str(corpus[9])]).added
    segments = orjson.loads((elsewhere / "manifest.json").read_bytes())["segments"]
    assert sum(s["articles"] for s in segments) == 3  # the two samples and the new article
    assert {s["file"] for s in segments} == {p.name for p in elsewhere.glob("*.seg")}
    for opened in (bot, EvBot.open(db_path)):  # the running bot, and one opened afresh that reads them there
        reply = opened.ask("How many people will the plant in Georgia employ?")
        assert reply.found and "433 people" in reply.text, reply.text
    assert orjson.loads((elsewhere / "manifest.json").read_bytes())["segments"] == segments  # read, not rebuilt
    assert not db_path.with_name(db_path.name + ".index").exists()  # and nothing beside the store
