"""A deal whose work slips: a supply contract signed one year, its first shipments put back the next, on
articles written for these tests.

The slip is a step of the deal's timeline that keeps its status ("still signed"); "is it still on track for
2022?" is answered with the slip, "as of 2020" with the signing, and "binding or just an MoU?" with the
signing. A company's short name without its trade word ("Corvane" for "Corvane Lithium") still names it,
and a market's "highest level since May 2007" does not date the deal. A question about one company's
project that none of its deals tells of is answered from the sentences.
"""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot
from bot.deal_views import timeline
from knowledge.companies import Company, Gazetteer

ARTICLES = {
    "signed.txt": """Corvane Lithium shares soar on Halvo Motors supply deal

Published 2020-09-28

Shares of Corvane Lithium jumped 60% on Monday, their highest level since May 2007, after the miner said it has signed a binding sales agreement to supply Halvo Motors with spodumene concentrate from its Gaston County project.

Deliveries are to start between July 2022 and July 2023.
""",
    "delayed.txt": """Corvane pushes back Halvo shipments

Published 2021-08-02

Corvane Lithium said on Monday it will delay the first shipments of spodumene concentrate to Halvo Motors and that it has no definitive date for when deliveries could begin.

The contract, signed last September, called for Corvane to start supplying Halvo Motors from its Gaston County mine.

Local officials have voiced concerns about the project.
""",
    "plant.txt": """Halvo Motors postpones its cathode plant in Chile

Published 2024-05-14

Halvo Motors has postponed its plan to build a lithium cathode plant in Chile, its head for the Americas said on Tuesday.

Separately, Halvo Motors buys its seat fabric from Tenmark Textiles under a long-term supply contract.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("delays"), ARTICLES)


def test_the_short_name_without_its_trade_word_names_the_company() -> None:
    known = Gazetteer([Company("Corvane Lithium"), Company("Tarn Cells")])  # as the shipped list holds them
    found = known.find("The contract called for Corvane to start supplying Tarn from its mine.")
    assert [m.name for m in found] == ["Corvane Lithium", "Tarn Cells"]


def test_a_record_since_a_year_does_not_date_the_deal(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Corvane Lithium", "Halvo Motors"})
    assert deal.events[0].day.startswith("2020")


def test_the_slip_is_a_step_that_keeps_the_status(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Corvane Lithium", "Halvo Motors"})
    last = deal.events[-1]
    assert last.delayed and last.status == "signed" and deal.status == "signed"
    assert "will delay the first shipments" in last.text


def test_still_on_track_is_answered_with_the_slip(bot: EvBot) -> None:
    reply = bot.ask("is corvane still on track to start shipping to halvo in 2022?")
    assert reply.text.startswith("No: delayed") and "will delay the first shipments" in reply.text


def test_a_time_asked_before_the_slip_gets_the_signing(bot: EvBot) -> None:
    reply = bot.ask("corvane halvo deal status as of december 2020")
    assert "signed" in reply.text and "delay" not in reply.text


def test_binding_or_an_mou_is_answered_by_the_signing_not_the_slip(bot: EvBot) -> None:
    reply = bot.ask("was the corvane halvo agreement binding or just an mou?")
    assert reply.text.startswith("Binding") and "delay" not in reply.text


def test_the_timeline_shows_the_slip(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Corvane Lithium", "Halvo Motors"})
    assert timeline(deal).splitlines()[-1] == "2021-08-02: Delayed: a supply deal, still signed"


def test_a_month_is_said_in_it_not_on_it(bot: EvBot) -> None:
    reply = bot.ask("corvane halvo deal")
    assert "signed a supply deal in September 2020" in reply.text


def test_a_project_no_deal_of_the_company_tells_is_answered_from_its_sentences(bot: EvBot) -> None:
    reply = bot.ask("is halvo still building its lithium cathode plant in chile?")
    assert "postponed its plan to build a lithium cathode plant in Chile" in reply.text
    assert not reply.text.startswith("Yes")  # not the status of Halvo's one deal, the fabric supply
