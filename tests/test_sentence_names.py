"""A candidate sentence's companies are found when a test first needs them, once, and are what the gazetteer
finds (bot/answering/named.py): scoring reads them lazily, so that sentences settled without them cost no find."""

from __future__ import annotations

from bot.answering.named import SentenceNames, unread
from knowledge.companies import Company, Gazetteer, Mention

SENTENCE = "Contemporary Amperex Technology will supply cells to Tarn Cells, said Lisa Drake."


def test_found_on_first_use_and_only_once() -> None:
    gazetteer = Gazetteer([Company("CATL", aliases=("Contemporary Amperex Technology",)), Company("Tarn Cells")])
    calls: list[str] = []

    def find(text: str) -> list[Mention]:
        calls.append(text)
        return gazetteer.find(text)

    names = SentenceNames(find, SENTENCE)
    assert calls == []
    assert names.mentions == gazetteer.find(SENTENCE)
    assert names.names == {"CATL", "Tarn Cells"}
    assert names.surfaces == {"CATL", "Tarn Cells", "Contemporary Amperex Technology"}
    assert names.others({"CATL"}) == {"Tarn Cells"}
    assert calls == [SENTENCE]


def test_unread_names_nothing() -> None:
    names = unread(SENTENCE)
    assert names.mentions == [] and names.names == set() and names.surfaces == set()
