"""BM25 over every stored sentence, kept on disk beside the store.

Tokenising a large store takes seconds, so the index is built once per store
revision and saved in ``<store>.index/<stamp>/``; a process that starts later
loads it in milliseconds. It is derived data: deleting it costs only a rebuild.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from knowledge.text import tokens

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    score: float
    article: int  # position in the knowledge base's article list
    sentence: int


class SentenceIndex:
    def __init__(self, bm25: bm25s.BM25, refs: np.ndarray) -> None:
        self._bm25 = bm25
        self.refs = refs
        indptr = bm25.scores["indptr"]
        self._df = np.diff(indptr)
        self._n = max(1, int(bm25.scores["num_docs"]))

    @classmethod
    def build(cls, articles: list[dict[str, Any]]) -> SentenceIndex:
        corpus: list[list[str]] = []
        refs: list[tuple[int, int]] = []
        for a_index, article in enumerate(articles):
            headings = article.get("headings") or [""] * len(article["sentences"])
            for s_index, (sentence, heading) in enumerate(zip(article["sentences"], headings)):
                corpus.append(tokens(sentence) + tokens(heading))
                refs.append((a_index, s_index))
        bm25 = bm25s.BM25()
        bm25.index(corpus or [[]], show_progress=False)
        return cls(bm25, np.asarray(refs or [(0, 0)], dtype=np.int32))

    def search(self, query: list[str], k: int = 40) -> list[Hit]:
        ids = [self._bm25.vocab_dict[t] for t in dict.fromkeys(query) if t in self._bm25.vocab_dict]
        if not ids:
            return []
        scores = self._bm25.get_scores(ids)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [Hit(float(scores[i]), int(self.refs[i][0]), int(self.refs[i][1])) for i in top if scores[i] > 0]

    def docs_with(self, token: str) -> np.ndarray:
        """Positions (in ``refs``) of the sentences that contain ``token``, ascending (a CSC column)."""
        token_id = self._bm25.vocab_dict.get(token)
        if token_id is None:
            return np.empty(0, dtype=np.int64)
        indptr = self._bm25.scores["indptr"]
        return self._bm25.scores["indices"][indptr[token_id] : indptr[token_id + 1]]

    def idf(self, token: str) -> float:
        """Inverse document frequency; a word the store never saw weighs most."""
        token_id = self._bm25.vocab_dict.get(token)
        df = int(self._df[token_id]) if token_id is not None else 0
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))

    def save(self, folder: Path, stamp: str, mode: int = 0o700) -> None:
        """Save under ``folder``, which gets ``mode``: the index holds the articles' words, so it should be as
        private as the store."""
        folder.mkdir(parents=True, exist_ok=True)
        if stat.S_IMODE(folder.stat().st_mode) != mode:
            os.chmod(folder, mode)
        tmp = folder / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            self._bm25.save(str(tmp), show_progress=False)
            np.save(tmp / "refs.npy", self.refs)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # a full disk leaves no half-written index behind
            raise
        target = folder / stamp
        try:
            os.rename(tmp, target)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # another process saved the same revision first
        for old in folder.iterdir():
            if old.name != stamp and not old.name.startswith(".tmp-"):
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, stamp: str) -> SentenceIndex | None:
        path = folder / stamp
        if not (path / "refs.npy").exists():
            return None
        try:
            bm25 = bm25s.BM25.load(str(path), mmap=False, show_progress=False, verbosity=0)
            return cls(bm25, np.load(path / "refs.npy"))
        except (OSError, ValueError, KeyError) as exc:
            log.warning("rebuilding the search index: the saved one could not be read (%s)", exc)
            return None
