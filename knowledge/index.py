"""BM25 over every stored sentence, kept on disk beside the store as segments that only grow.

Articles are only ever added, so the index is a chain of segments (knowledge/segment.py), each holding
the postings of a run of consecutive articles, listed in ``<store>.index/manifest.json``. The process that
ingests writes the segment of its new articles while it holds the store's lock, before its write lands:
a reader that sees the new articles finds their segment, and never builds one in a race with it. Small
segments are merged, from their postings, when eight of a size have gathered (a log-structured merge), so
a question reads a few segments and a new article costs one small file.

Scores are computed when asked, from the statistics of the whole chain (sentences, average length,
document frequency summed over segments), with bm25s's defaults: method "lucene", k1 = 1.5, b = 0.75 and
its idf, log(1 + (N - df + 0.5) / (df + 0.5)); the float32 arithmetic is bm25s's too, so every score equals
what one bm25s index over the same sentences gives. The index is derived data: a segment that cannot be read
is rebuilt from the articles it covers, with a warning, and deleting the folder costs one rebuild.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from filelock import FileLock, Timeout
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from knowledge.segment import CorruptSegment, Segment
from knowledge.text import TOKENS_VERSION

log = logging.getLogger(__name__)

K1, B = 1.5, 0.75  # bm25s's defaults
SPELLING_SIMILARITY = 80  # rapidfuzz ratio of two stems: "replacng" ~ "replac" is 86, "gwh" is never respelled
MERGE_FACTOR = 8  # this many segments of one size become one
MANIFEST = "manifest.json"
LOCK_TIMEOUT_S = 60.0
_DOCS_CACHE = 4096  # tokens whose postings a reader keeps concatenated
# Postings scored together: a word most sentences use has a few hundred thousand, and scoring them in one go
# made arrays of 8 bytes a posting several times over, which the process's peak memory counted.
_SCORED_AT_ONCE = 32768

Article = Mapping[str, Any]  # a stored article: its "key", "sentences" and "headings"


@dataclass(frozen=True)
class Hit:
    score: float
    article: int  # position in the knowledge base's article list
    sentence: int


class SentenceIndex:
    """The sentences of ``articles`` (the knowledge base's list, oldest first), numbered article by article:
    sentence ``i`` of the article at position ``a`` is at ``sum(len(sentences) of articles[:a]) + i``."""

    def __init__(self, segments: list[Segment], positions: int) -> None:
        self.segments = segments
        self.positions = positions  # positions at or past this are articles this snapshot does not hold
        total = 0
        for seg in segments:
            upto = min(seg.end_position, positions) - seg.first_position
            total += seg.total_length if upto == len(seg.lengths) else int(seg.lengths[:upto].sum())
        self._n = positions
        self._avgdl = np.float64(total) / positions if positions else np.float64(0.0)
        self._firsts = np.asarray([seg.first_position for seg in segments], dtype=np.int64)
        self._starts = [np.concatenate(([0], np.cumsum(seg.counts))) for seg in segments]
        self._docs: dict[str, np.ndarray] = {}
        self._words: list[str] | None = None
        self._norms: np.ndarray | None = None  # every sentence's length norm, by position (see _norm)

    @classmethod
    def open(cls, folder: Path, articles: Sequence[Article], previous: SentenceIndex | None = None) -> SentenceIndex:
        """The saved segments that cover ``articles``; what they miss is indexed now and saved (an old store,
        a segment that cannot be read), or, when the folder cannot be written, kept in memory."""
        opened = {seg.path.name: seg for seg in previous.segments if seg.path} if previous else {}
        chain = _Chain.read(folder, articles, opened)
        if chain.articles < len(articles):
            chain = _repair(folder, articles, opened)
        return cls(chain.segments, chain.positions)

    # ------------------------------------------------------------------ what answers ask
    def search(self, query: list[str], k: int = 40) -> list[Hit]:
        """The ``k`` sentences that score highest for ``query``, best first; of equal scores, the newest first."""
        scores = np.zeros(self._n, dtype=np.float32)
        touched = False
        for token in dict.fromkeys(query):
            df = self.df(token)
            if not df:
                continue
            touched = True
            idf = np.float32(math.log(1 + (self._n - df + 0.5) / (df + 0.5)))
            docs, tfs, norm = self.docs_with(token), self._term_frequencies(token), self._norm()
            for start in range(0, len(docs), _SCORED_AT_ONCE):  # each sentence once: one addition each, as before
                at, tf = docs[start : start + _SCORED_AT_ONCE], tfs[start : start + _SCORED_AT_ONCE].astype(np.float64)
                scores[at] += (np.float64(idf) * (tf / (norm[at] + tf))).astype(np.float32)
        if not touched:
            return []
        found = np.flatnonzero(scores > 0)
        values = scores[found]
        if len(found) > k:
            kth = np.partition(values, len(values) - k)[len(values) - k]
            above = np.flatnonzero(values > kth)
            ties = np.flatnonzero(values == kth)
            keep = np.concatenate((above, ties[len(ties) - (k - len(above)) :]))  # the newest of those tied
            found, values = found[keep], values[keep]
        order = np.lexsort((-found, -values))
        found, values = found[order], values[order]
        at = np.searchsorted(self._firsts, found, side="right") - 1
        hits = []
        for position, value, i in zip(found.tolist(), values.tolist(), at.tolist()):
            seg, starts = self.segments[i], self._starts[i]
            local = position - seg.first_position
            j = int(np.searchsorted(starts, local, side="right")) - 1
            hits.append(Hit(value, seg.first_article + j, local - int(starts[j])))
        return hits

    def _norm(self) -> np.ndarray:
        """BM25's length norm of every sentence, ``K1 * (1 - B + B * length / avgdl)``, by position: the same for
        every question of this snapshot, so computed once, not for every posting searched. One array over the
        segments (which follow one another from position 0), so that a token is scored in one pass over its
        postings, not one per segment."""
        if self._norms is None:
            norms = np.empty(self.segments[-1].end_position if self.segments else 0, dtype=np.float64)
            for seg in self.segments:
                norms[seg.first_position : seg.end_position] = K1 * ((1 - B) + B * seg.lengths / self._avgdl)
            self._norms = norms
        return self._norms

    def docs_with(self, token: str) -> np.ndarray:
        """Positions of the sentences that contain ``token``, ascending."""
        docs = self._docs.get(token)
        if docs is None:
            docs = _joined([docs for _, docs, _ in self._postings(token)], np.int32)
            if len(self._docs) >= _DOCS_CACHE:
                self._docs.clear()
            self._docs[token] = docs
        return docs

    def _term_frequencies(self, token: str) -> np.ndarray:
        """How often each sentence of ``docs_with(token)`` uses ``token``, in the same order: joined for each
        search, not kept (a copy of the mapped postings, which a search reads once)."""
        return _joined([tfs for _, _, tfs in self._postings(token)], np.uint16)

    def df(self, token: str) -> int:
        return len(self.docs_with(token))

    def spelled_like(self, token: str) -> str | None:
        """The stored word closest in spelling to ``token``, a word no sentence uses ("replacng" for
        "replac"): how a question's typo still finds the sentences it meant."""
        if self._words is None:
            self._words = sorted({w for seg in self.segments for w in seg.vocab if w.isalpha() and len(w) >= 4})
        best = process.extractOne(token, self._words, scorer=fuzz.ratio, score_cutoff=SPELLING_SIMILARITY)
        if best is None or Levenshtein.distance(token, best[0]) > (1 if len(token) <= 5 else 2):
            return None  # "rate" is no typo of "rather": a short word is respelled by one letter at most
        return best[0]

    def idf(self, token: str) -> float:
        """Inverse document frequency; a word the store never saw weighs most."""
        n = max(1, self._n)
        df = self.df(token)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _postings(self, token: str) -> list[tuple[Segment, np.ndarray, np.ndarray]]:
        found = []
        for seg in self.segments:
            hit = seg.postings(token)
            if hit is None:
                continue
            docs, tfs = hit
            if seg.end_position > self.positions:  # a segment that runs past this snapshot's articles
                cut = int(np.searchsorted(docs, self.positions))
                docs, tfs = docs[:cut], tfs[:cut]
            if len(docs):
                found.append((seg, docs, tfs))
        return found


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    """The segments' arrays for one token, end to end."""
    return parts[0] if len(parts) == 1 else np.concatenate(parts) if parts else np.empty(0, dtype=dtype)


class IndexWriter:
    """What ingestion calls: a segment for each batch of new articles, and merges once the batch landed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._opened: dict[str, Segment] = {}  # segments this writer has mapped, by file name

    def add(self, stored: Sequence[Article], new: Sequence[Article]) -> None:
        """Index ``new`` articles, which follow ``stored`` (every article already stored, oldest first).

        Called under the store's lock before the batch is written, so no reader sees the articles without
        their segment. Only the new articles are tokenised, besides any the saved segments miss.
        """
        if not new:
            return
        try:
            with _lock(self.folder):
                chain = _Chain.read(self.folder, stored, self._opened)
                while chain.segments and chain.segments[-1].end_article > len(stored):
                    chain = chain.without_last()  # it runs past what is stored: a batch that failed wrote it
                if chain.problem:
                    log.warning("rebuilding part of the search index: %s", chain.problem)
                if chain.articles < len(stored):
                    gap = stored[chain.articles :]
                    log.info("indexing %d stored articles the search index was missing", len(gap))
                    chain = chain.plus(_save(self.folder, Segment.build(gap, chain.articles, chain.positions)))
                chain = chain.plus(_save(self.folder, Segment.build(new, len(stored), chain.positions)))
                self._commit(chain.segments)
        except (Timeout, OSError) as exc:
            log.warning("the new articles were stored but not indexed yet (%s); the next reader indexes them", exc)

    def compact(self) -> None:
        """Merge runs of ``MERGE_FACTOR`` consecutive segments of one size class (see ``_size_class``)."""
        try:
            with _lock(self.folder):
                chain = _Chain.read(self.folder, None, self._opened)
                segments, run = chain.segments, _mergeable(chain.segments)
                if run is None or chain.problem:  # a damaged chain is repaired by whoever has its articles
                    return
                while run is not None:
                    start, end = run
                    merged = _save(self.folder, Segment.merge(segments[start:end]))
                    segments = [*segments[:start], merged, *segments[end:]]
                    run = _mergeable(segments)
                self._commit(segments)
        except (Timeout, OSError, CorruptSegment) as exc:
            log.warning("could not merge the search index's segments (%s); it stays as it was", exc)

    def _commit(self, segments: list[Segment]) -> None:
        _write_manifest(self.folder, segments)
        self._opened = {seg.path.name: seg for seg in segments if seg.path}


# ---------------------------------------------------------------------------- the chain on disk
@dataclass(frozen=True)
class _Chain:
    """The saved segments that cover the first ``articles`` articles, in order."""

    segments: list[Segment]
    articles: int
    positions: int
    problem: str = ""  # why the chain stops short, when a segment could not be used

    @classmethod
    def read(
        cls,
        folder: Path,
        articles: Sequence[Article] | None,
        opened: dict[str, Segment],
    ) -> _Chain:
        """The manifest's segments, each checked against ``articles`` (keys and sentence counts) as far as
        they go; ``None`` checks only that they follow each other."""
        for _ in range(2):  # a merge may replace a segment between reading the manifest and opening it
            try:
                return cls._read(folder, articles, opened, missing_is_damage=False)
            except FileNotFoundError:
                continue
        return cls._read(folder, articles, opened, missing_is_damage=True)

    @classmethod
    def _read(
        cls, folder: Path, articles: Sequence[Article] | None, opened: dict[str, Segment], missing_is_damage: bool
    ) -> _Chain:
        try:
            manifest = orjson.loads((folder / MANIFEST).read_bytes())
            entries = manifest["segments"]
        except FileNotFoundError:
            return cls([], 0, 0)
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
            return cls([], 0, 0, f"its list of segments could not be read ({exc})")
        if manifest.get("tokens") != TOKENS_VERSION:
            return cls([], 0, 0, "it was built with an earlier tokeniser")
        chain: list[Segment] = []
        at_article = at_position = 0
        limit = len(articles) if articles is not None else None
        for entry in entries:
            if limit is not None and at_article >= limit:
                break
            name = str(entry.get("file", "")) if isinstance(entry, dict) else ""
            try:
                seg = opened.get(name) or Segment.open(folder / name)
            except CorruptSegment as exc:
                return cls(chain, at_article, at_position, f"segment {exc}")
            except FileNotFoundError:
                if not missing_is_damage:
                    raise
                return cls(chain, at_article, at_position, f"segment {name} is missing")
            if seg.first_article != at_article or seg.first_position != at_position:
                return cls(chain, at_article, at_position, f"segment {name} does not follow the one before")
            count = len(seg.keys) if articles is None else min(seg.end_article, len(articles)) - at_article
            if articles is not None:
                mine = articles[at_article : at_article + count]
                if seg.keys[:count] != [a["key"] for a in mine] or seg.counts[:count] != [
                    len(a["sentences"]) for a in mine
                ]:
                    return cls(chain, at_article, at_position, f"segment {name} indexes other articles")
            chain.append(seg)
            at_article += count
            at_position += sum(seg.counts[:count])
        return cls(chain, at_article, at_position)

    def plus(self, segment: Segment) -> _Chain:
        return _Chain([*self.segments, segment], segment.end_article, segment.end_position)

    def without_last(self) -> _Chain:
        rest = self.segments[:-1]
        return _Chain(rest, rest[-1].end_article if rest else 0, rest[-1].end_position if rest else 0)


def _repair(folder: Path, articles: Sequence[Article], opened: dict[str, Segment]) -> _Chain:
    """Index the articles the saved chain misses, and save their segment in its place."""
    try:
        with _lock(folder):
            chain = _Chain.read(folder, articles, opened)  # again: another process may have done it meanwhile
            if chain.articles >= len(articles):
                return chain
            if chain.problem:
                log.warning("rebuilding part of the search index: %s", chain.problem)
            gap = Segment.build(articles[chain.articles :], chain.articles, chain.positions)
            try:
                repaired = chain.plus(_save(folder, gap))
                _write_manifest(folder, repaired.segments)  # newer segments past these are indexed again
            except OSError as exc:
                log.warning("could not save the search index beside the store: %s", exc)
                repaired = chain.plus(gap)
            return repaired
    except (Timeout, OSError) as exc:
        log.warning("indexing in memory: the search index beside the store cannot be written (%s)", exc)
        chain = _Chain.read(folder, articles, opened)
        return chain.plus(Segment.build(articles[chain.articles :], chain.articles, chain.positions))


def _mergeable(segments: list[Segment]) -> tuple[int, int] | None:
    """The first run of ``MERGE_FACTOR`` consecutive segments of one size class, as (start, end)."""
    run_start = 0
    for i in range(1, len(segments) + 1):
        if i == len(segments) or _size_class(segments[i]) != _size_class(segments[run_start]):
            if i - run_start >= MERGE_FACTOR:
                return run_start, run_start + MERGE_FACTOR
            run_start = i
    return None


def _size_class(segment: Segment) -> int:
    """The power of ``MERGE_FACTOR`` of a segment's sentence count."""
    size, power = len(segment.lengths), 0
    while size >= MERGE_FACTOR:
        size //= MERGE_FACTOR
        power += 1
    return power


def _lock(folder: Path) -> FileLock:
    folder.mkdir(parents=True, exist_ok=True)
    return FileLock(str(folder / ".lock"), timeout=LOCK_TIMEOUT_S)


def _save(folder: Path, segment: Segment) -> Segment:
    path = folder / f"seg-{segment.first_article:09d}-{uuid.uuid4().hex[:12]}.seg"
    segment.write(path)
    return Segment.open(path)


def _write_manifest(folder: Path, segments: list[Segment]) -> None:
    """Replace the manifest atomically, then remove what it no longer lists (readers that mapped a removed
    segment keep reading it; one that had yet to open it reads the new manifest)."""
    entries = [
        {
            "file": seg.path.name,
            "first_article": seg.first_article,
            "articles": len(seg.keys),
            "first_position": seg.first_position,
            "sentences": len(seg.lengths),
        }
        for seg in segments
        if seg.path is not None
    ]
    tmp = folder / f".{MANIFEST}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(orjson.dumps({"version": 1, "tokens": TOKENS_VERSION, "segments": entries}))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / MANIFEST)
    listed = {e["file"] for e in entries} | {MANIFEST, ".lock"}
    for path in folder.iterdir():
        if path.name in listed:
            continue
        if path.is_dir():  # an index saved by an earlier evbot (one folder per store revision)
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
