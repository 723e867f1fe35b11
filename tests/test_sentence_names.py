"""What scoring a candidate sentence reads once: its companies, found when a test first needs them and what the
gazetteer finds (bot/answering/named.py), and its figures (``figures_in``), what ``find_figures`` finds."""

from __future__ import annotations

from bot.answering.named import SentenceNames, unread
from knowledge.companies import Company, Gazetteer, Mention
from knowledge.figures import figures_in, find_figures

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


def test_figures_are_found_once_and_are_what_find_figures_finds() -> None:
    sentence = "Tarn Cells will invest $2 billion and take a 25% stake in the venture."
    assert figures_in(sentence) == tuple(find_figures(sentence))
    assert {f.kind for f in figures_in(sentence)} >= {"investment", "stake"}
    assert figures_in(sentence) is figures_in(sentence)
