"""One segment of the sentence index: the postings of a run of consecutive articles, in one file.

A segment is written once and never changed, so a new article costs a new small segment, not a pass over
the archive; segments are merged from their postings, never from the text again. Its file is memory-mapped:
a reader pages in only the postings its questions touch.

File layout: ``EVBSEG1\\n``, the header's length (8 bytes, little-endian), the header (JSON: which articles,
their keys and sentence counts, the vocabulary, where each array starts), then the arrays, each aligned to
64 bytes:

- ``indptr`` (int64, one more than the vocabulary): token ``t``'s postings are ``[indptr[t], indptr[t + 1])``;
- ``docs`` (int32): the sentences (global positions, ascending per token) that hold the token;
- ``tfs`` (uint16): how often each holds it;
- ``lengths`` (int32): every sentence's length in tokens, by position.
"""

from __future__ import annotations

import mmap
import os
import struct
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from knowledge.text import tokens

MAGIC = b"EVBSEG1\n"
_ALIGN = 64
_DTYPES = {"indptr": np.int64, "docs": np.int32, "tfs": np.uint16, "lengths": np.int32}


class CorruptSegment(Exception):
    """A segment file that cannot be read as written; it is rebuilt from the articles."""


def sentence_tokens(article: Mapping[str, Any]) -> list[list[str]]:
    """What the index holds for each sentence of an article: its tokens, then its heading's."""
    headings = article.get("headings") or [""] * len(article["sentences"])
    return [tokens(sentence) + tokens(heading) for sentence, heading in zip(article["sentences"], headings)]


@dataclass(frozen=True, eq=False)
class Segment:
    """Postings of articles ``[first_article, first_article + len(keys))``, whose sentences hold the positions
    ``[first_position, first_position + len(lengths))``."""

    first_article: int
    first_position: int
    keys: list[str]
    counts: list[int]  # sentences per article
    vocab: dict[str, int]
    indptr: np.ndarray
    docs: np.ndarray
    tfs: np.ndarray
    lengths: np.ndarray
    total_length: int
    path: Path | None = None

    @property
    def end_article(self) -> int:
        return self.first_article + len(self.keys)

    @property
    def end_position(self) -> int:
        return self.first_position + len(self.lengths)

    def postings(self, token: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The sentences holding ``token`` (ascending global positions) and how often each holds it."""
        token_id = self.vocab.get(token)
        if token_id is None:
            return None
        start, end = int(self.indptr[token_id]), int(self.indptr[token_id + 1])
        return self.docs[start:end], self.tfs[start:end]

    # ------------------------------------------------------------------ building
    @classmethod
    def build(cls, articles: Sequence[Mapping[str, Any]], first_article: int, first_position: int) -> Segment:
        """Tokenise these articles (and only these) into a segment held in memory."""
        vocab: dict[str, int] = {}
        token_ids: list[int] = []
        positions: list[int] = []
        freqs: list[int] = []
        lengths: list[int] = []
        counts: list[int] = []
        position = first_position
        for article in articles:
            sentences = sentence_tokens(article)
            counts.append(len(sentences))
            for toks in sentences:
                lengths.append(len(toks))
                for token, freq in Counter(toks).items():
                    token_ids.append(vocab.setdefault(token, len(vocab)))
                    positions.append(position)
                    freqs.append(freq)
                position += 1
        ids = np.asarray(token_ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")  # by token; positions stay ascending within each token
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ids, minlength=len(vocab)), out=indptr[1:])
        length_array = np.asarray(lengths, dtype=np.int32)
        return cls(
            first_article=first_article,
            first_position=first_position,
            keys=[a["key"] for a in articles],
            counts=counts,
            vocab=vocab,
            indptr=indptr,
            docs=np.asarray(positions, dtype=np.int32)[order],
            tfs=np.minimum(np.asarray(freqs, dtype=np.int64), np.iinfo(np.uint16).max).astype(np.uint16)[order],
            lengths=length_array,
            total_length=int(length_array.sum()),
        )

    @classmethod
    def merge(cls, segments: Sequence[Segment]) -> Segment:
        """Consecutive segments as one, from their postings alone (no article is tokenised again)."""
        for before, after in zip(segments, segments[1:]):
            if after.first_article != before.end_article or after.first_position != before.end_position:
                raise ValueError("only consecutive segments can be merged")
        vocab: dict[str, int] = {}
        remaps = []
        for seg in segments:
            remaps.append(np.fromiter((vocab.setdefault(t, len(vocab)) for t in seg.vocab), np.int64, len(seg.vocab)))
        size = np.zeros(len(vocab), dtype=np.int64)
        for seg, remap in zip(segments, remaps):
            size[remap] += np.diff(seg.indptr)  # a segment's tokens are distinct
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(size, out=indptr[1:])
        docs = np.empty(int(indptr[-1]), dtype=np.int32)
        tfs = np.empty(int(indptr[-1]), dtype=np.uint16)
        head = indptr[:-1].copy()  # where each token's next postings go
        for seg, remap in zip(segments, remaps):
            count = np.diff(seg.indptr)
            token_of = np.repeat(np.arange(len(remap)), count)
            dest = head[remap][token_of] + (np.arange(len(seg.docs)) - seg.indptr[:-1][token_of])
            docs[dest] = seg.docs
            tfs[dest] = seg.tfs
            head[remap] += count
        return cls(
            first_article=segments[0].first_article,
            first_position=segments[0].first_position,
            keys=[k for seg in segments for k in seg.keys],
            counts=[c for seg in segments for c in seg.counts],
            vocab=vocab,
            indptr=indptr,
            docs=docs,
            tfs=tfs,
            lengths=np.concatenate([seg.lengths for seg in segments]),
            total_length=sum(seg.total_length for seg in segments),
        )

    # ------------------------------------------------------------------ the file
    def write(self, path: Path) -> None:
        """Write to ``path`` through a temporary file, fsynced and renamed: a reader never sees half a segment."""
        arrays = {"indptr": self.indptr, "docs": self.docs, "tfs": self.tfs, "lengths": self.lengths}
        layout: dict[str, list[int]] = {}
        offset = 0
        for name, array in arrays.items():
            layout[name] = [offset, len(array)]
            offset += _aligned(array.nbytes)
        header = orjson.dumps(
            {
                "first_article": self.first_article,
                "first_position": self.first_position,
                "keys": self.keys,
                "counts": self.counts,
                "vocab": list(self.vocab),
                "total_length": self.total_length,
                "arrays": layout,
            }
        )
        start = _aligned(len(MAGIC) + 8 + len(header))
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(MAGIC + struct.pack("<Q", len(header)) + header)
                for name, array in arrays.items():
                    fh.seek(start + layout[name][0])
                    fh.write(np.ascontiguousarray(array, dtype=_DTYPES[name]).tobytes())
                fh.truncate(start + offset)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    @classmethod
    def open(cls, path: Path) -> Segment:
        """Map a segment file; raises CorruptSegment when it is not one, or not whole."""
        try:
            with open(path, "rb") as fh:
                mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError as exc:  # an empty file cannot be mapped
            raise CorruptSegment(f"{path.name}: {exc}") from exc
        try:
            if mapped[: len(MAGIC)] != MAGIC:
                raise CorruptSegment(f"{path.name} is not an index segment")
            (size,) = struct.unpack("<Q", mapped[len(MAGIC) : len(MAGIC) + 8])
            header = orjson.loads(mapped[len(MAGIC) + 8 : len(MAGIC) + 8 + size])
            start = _aligned(len(MAGIC) + 8 + size)
            arrays = {}
            for name, dtype in _DTYPES.items():
                offset, count = header["arrays"][name]
                arrays[name] = np.frombuffer(mapped, dtype=dtype, count=count, offset=start + offset)
            vocab = {token: i for i, token in enumerate(header["vocab"])}
            segment = cls(
                first_article=int(header["first_article"]),
                first_position=int(header["first_position"]),
                keys=list(header["keys"]),
                counts=[int(c) for c in header["counts"]],
                vocab=vocab,
                total_length=int(header["total_length"]),
                path=path,
                **arrays,
            )
        except (ValueError, KeyError, TypeError, struct.error, orjson.JSONDecodeError) as exc:
            raise CorruptSegment(f"{path.name}: {exc}") from exc
        segment._check()
        return segment

    def _check(self) -> None:
        """The cheap consistency checks: sizes that agree with each other and with the header."""
        name = self.path.name if self.path else "segment"
        if (
            len(self.keys) != len(self.counts)
            or len(self.indptr) != len(self.vocab) + 1
            or int(self.indptr[0]) != 0
            or int(self.indptr[-1]) != len(self.docs)
            or len(self.tfs) != len(self.docs)
            or len(self.lengths) != sum(self.counts)
        ):
            raise CorruptSegment(f"{name}: its parts do not agree")
        if len(self.docs) and not (
            self.first_position <= int(self.docs[0]) < self.end_position
            and self.first_position <= int(self.docs[-1]) < self.end_position
        ):
            raise CorruptSegment(f"{name}: postings outside its sentences")


def _aligned(size: int) -> int:
    return -(-size // _ALIGN) * _ALIGN
