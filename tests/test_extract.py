"""Deal extraction on the sample articles and on articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import EvBot

ARTICLES = Path(__file__).parent / "data" / "articles"


@pytest.fixture
def deals(bot: EvBot) -> dict[str, dict]:
    report = bot.ingest_paths([str(ARTICLES)])
    assert len(report.added) == 4
    return {d.key: d for d in bot.kb.deals}


def _evidence_text(deal: dict) -> str:
    return " ".join(ev.text for ev in deal.evidence)


def test_the_sample_pages_give_exactly_their_two_deals(bot: EvBot) -> None:
    assert sorted(d.key for d in bot.kb.deals) == ["alibaba|ford", "ford|xiaomi"]


def test_alibaba_ford_is_a_signed_agreement_on_december_7_with_its_scope(bot: EvBot) -> None:
    deal = bot.kb.deals_with("Alibaba", "Ford")[0]
    assert deal.status == "signed"
    assert deal.date.text == "Thursday, December 7" and deal.date.iso == "--12-07"
    assert {"cloud", "connectivity", "retail and sales"} <= set(deal.topics)  # a fixed vocabulary, not fragments
    assert ("models", "15 electric or hybrid models") in [(f.kind, f.text) for f in deal.figures]
    date_evidence = [ev for ev in deal.evidence if "date" in ev.fields]
    assert "December 7" in date_evidence[0].text  # every field keeps the sentence it came from


def test_ford_xiaomi_is_only_in_talks(bot: EvBot) -> None:
    deal = bot.kb.deals_with("Ford", "Xiaomi")[0]
    assert deal.status == "talks"
    assert deal.date is None
    assert not any(f.kind in {"deal_value", "investment"} for f in deal.figures)  # Ford's own pledge


def test_recommendation_teasers_never_become_deals_or_knowledge(bot: EvBot) -> None:
    text = " ".join(s for a in bot.kb.articles for s in a.sentences)
    for furniture in ("RTX 4080", "recall", "BMW i4", "Nvidia", "Read more", "Skip to main content"):
        assert furniture not in text
    assert not [d for d in bot.kb.deals if {"Tesla", "BMW", "Nvidia"} & set(d.parties)]


def test_a_joint_venture_with_money_and_a_resolved_date(deals: dict[str, dict]) -> None:
    deal = deals["rivian|volkswagen"]
    assert deal.kind == "joint venture" and deal.status == "signed"
    assert deal.date.iso == "2024-06-25"  # "Tuesday, June 25" against the June 26, 2024 dateline
    assert ("investment", "up to $5 billion") in [(f.kind, f.text) for f in deal.figures]
    assert "software" in deal.topics


def test_unknown_companies_are_recognised_and_a_later_article_moves_talks_to_signed(deals: dict[str, dict]) -> None:
    deal = deals["kestrel motors|voltara energy"]
    assert list(deal.parties) == ["Kestrel Motors", "Voltara Energy"]
    assert [e.status for e in deal.events] == ["talks", "signed"]  # the timeline, oldest first
    assert deal.status == "signed" and deal.kind == "supply"
    assert len(deal.articles) == 2  # both articles' evidence in one record
    assert ("capacity", "20 GWh") in [(f.kind, f.text) for f in deal.figures]
    assert "No agreement has been signed" in _evidence_text(deal)


def test_called_off_talks_end_the_deal(deals: dict[str, dict]) -> None:
    deal = deals["honda|nissan"]
    assert deal.status == "ended"
    assert deal.date.iso == "2025-02-13"


def test_html_pages_lose_their_navigation_and_related_links(bot: EvBot, deals: dict[str, dict]) -> None:
    article = next(a for a in bot.kb.articles if a.url == "https://news.example.com/kestrel-voltara-signed")
    assert article.published == "2024-03-05"
    text = " ".join(article.sentences)
    assert "Subscribe" not in text and "Nvidia" not in text and "hydrogen" not in text


def test_an_unknown_company_beside_a_country_adjective_is_a_party(bot: EvBot, tmp_path: Path) -> None:
    page = tmp_path / "voltara.txt"
    page.write_text(
        "Voltara Energy and Kestrel Systems sign cell deal\n\nOn May 2, 2022, Voltara Energy and "
        "Canadian supplier Kestrel Systems signed an agreement to build battery cells in Ontario.\n"
    )
    report = bot.ingest_paths([str(page)])
    assert report.added == [str(page)]
    deal = bot.kb.deals_with("Voltara Energy", "Kestrel Systems")[0]
    assert deal.status == "signed" and deal.date.iso == "2022-05-02"
    assert not [d for d in bot.kb.deals if "Canadian" in d.parties]
