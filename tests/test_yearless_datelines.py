"""A storyline's later step told under a dateline without a year ("Mumbai, Jun 20 (PTI) - ... on Thursday"): the
article is dated by the weekday and the years it tells of, so it is the newest step; "puts a tranche into" is
an investment; "what's the latest?" is answered with the latest step, not a yes; a lowercase trade word
("new energy") names no company. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "0deal.txt": """Tarvo Mobility ties up with Kanemura for electric buses

Published December 27, 2023

PUNE - Electric bus maker Tarvo Mobility has signed a strategic partnership with Japan's Kanemura & Co covering joint investments of $80 million in phases.
""",
    "1tranche.txt": """Kanemura puts second tranche of money into Tarvo Mobility

Pune, Jun 20 (PTI) - Tarvo Mobility on Thursday said Kanemura & Co had executed a second tranche of investment in the company, part of the phased investment announced in December 2023.

It did not disclose the size of the tranche. Tarvo wants to make 4,000 buses a year by 2030.
""",
    "2energy.txt": """Energy Vantage signs solar deal with Brava Grid

Published March 2, 2024

Energy Vantage Corp has signed a supply agreement with Brava Grid Ltd for solar panels.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("yearless"), ARTICLES)


def test_a_yearless_dateline_is_dated_by_its_weekday(bot: EvBot) -> None:
    dated = {a.title: a.published for a in bot.kb.articles}
    assert dated["Kanemura puts second tranche of money into Tarvo Mobility"] == "2024-06-20"  # not 2030's


def test_the_later_tranche_is_the_latest_step_and_the_latest_is_no_yes(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if "Tarvo Mobility" in d.parties)
    assert len(deal.articles) == 2
    reply = bot.ask("what's the latest on kanemura's investment in tarvo?")
    assert reply.text.startswith("Latest: signed, as of 2024-06-20") and "second tranche" in reply.text


def test_a_lowercase_trade_word_names_no_company(bot: EvBot) -> None:
    assert any("Energy Vantage Corp" in d.parties for d in bot.kb.deals)
    reply = bot.ask("How much is the December 2023 new energy bus partnership with Kanemura worth?")
    assert "$80 million" in reply.text
    assert all("Energy Vantage Corp" not in d.parties for d in reply.deals)
