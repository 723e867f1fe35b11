"""The companies one candidate sentence names, found when a test first needs them.

Scoring a fact answer reads up to 400 sentences, and finding the companies each names (``Gazetteer.find``) was
about a third of that; most sentences are settled by cheaper tests (no person beside a role, no figure) and never
need them. ``find`` reads only the sentence and the revision's gazetteer, so finding them later, or not at all,
changes no answer.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet

from knowledge.companies import Mention


class SentenceNames:
    """What ``find(text)`` gives, read on first use: the mentions, the names, and the names with the text they
    were found as ("Contemporary Amperex ..." is CATL)."""

    __slots__ = ("_find", "_text", "_mentions", "_names", "_surfaces")

    def __init__(self, find: Callable[[str], list[Mention]], text: str) -> None:
        self._find = find
        self._text = text
        self._mentions: list[Mention] | None = None
        self._names: set[str] | None = None
        self._surfaces: set[str] | None = None

    @property
    def mentions(self) -> list[Mention]:
        if self._mentions is None:
            self._mentions = self._find(self._text)
        return self._mentions

    @property
    def names(self) -> set[str]:
        if self._names is None:
            self._names = {m.name for m in self.mentions}
        return self._names

    @property
    def surfaces(self) -> set[str]:
        if self._surfaces is None:
            self._surfaces = self.names | {self._text[m.start : m.end] for m in self.mentions}
        return self._surfaces

    def others(self, asked: AbstractSet[str]) -> set[str]:
        return self.names - asked


def _nothing(_: str) -> list[Mention]:
    return []


def unread(text: str) -> SentenceNames:
    """The names of a sentence whose test does not look at who is named: none."""
    return SentenceNames(_nothing, text)
