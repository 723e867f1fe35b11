"""What a deal covers, how big an order is, what a plant makes a year, what a SPAC values a company at, who runs
a venture; two partners named around a description; a venture called "the new company". Articles written for
these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "jv.txt": """Kestrel Motors and Tarn Cells sign battery research venture

Published June 2, 2023

TOKYO - Kestrel Motors and Tarn Cells have signed a joint venture agreement to set up a company that will research and develop high-output lithium-ion batteries for electric vehicles.

Tarn Cells shares jumped 6.5% on the news, their biggest rise since February; Kestrel Motors gained 0.8%.

Satoshi Tarn, chairman of Tarn Cells, said the partners had worked together for a decade.

Tarn will run the company day to day, while its board will have equal numbers of Tarn and Kestrel representatives.
""",
    "order.txt": """Voltbus wins record order from Qorvia Transit for tournament buses

Published December 1, 2020

DOHA - Voltbus signed a contract with Qorvia Transit to supply 1,002 buses for the tournament, the companies said.

Voltbus will also build a plant in Doha that will make, initially, 300 buses a year.
""",
    "spac.txt": """Plugra to list through merger with Arden Acquisition Corp

Published July 28, 2021

Plugra, which runs chargers across Europe, has agreed to combine with Arden Acquisition Corp, a blank-check company, in a transaction that will list it in New York.

The deal gives the combined business a pro forma implied equity value of about $3.14 billion, the companies said.
""",
    "charging.txt": """Norvik Energy and Halvo Power form charging venture

Published January 19, 2023

Norvik Energy, the region's largest fuel and convenience retailer, and Halvo Power are forming a joint venture to build and operate electric-vehicle infrastructure, Norvik Energy said on Thursday.

The new company aims to become the main provider of fast chargers across the region.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("orders"), ARTICLES)


def test_what_two_partners_will_work_on_is_what_their_deal_covers(bot: EvBot) -> None:
    reply = bot.ask("What exactly are Kestrel and Tarn Cells going to work on together?")
    assert reply.found and "lithium-ion batteries" in reply.text and "shares jumped" not in reply.text


def test_a_company_that_runs_a_venture_is_no_chief_executive(bot: EvBot) -> None:
    reply = bot.ask("Who is going to run the Kestrel-Tarn joint venture as CEO?")
    assert not reply.found


def test_how_big_an_order_is_its_count_not_a_plants_output(bot: EvBot) -> None:
    reply = bot.ask("How big was Voltbus's tournament bus order from Qorvia Transit?")
    assert reply.found and "1,002 buses" in reply.text and "300 buses a year" not in reply.text


def test_buses_a_year_are_a_plants_capacity(bot: EvBot) -> None:
    reply = bot.ask("voltbus doha plant capacity")
    assert reply.found and "300 buses a year" in reply.text


def test_a_spacs_implied_equity_value_is_its_valuation(bot: EvBot) -> None:
    reply = bot.ask("What valuation does the Arden SPAC deal put on Plugra?")
    assert reply.found and "$3.14 billion" in reply.text


def test_a_partner_described_between_the_names_is_still_a_party(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if "Norvik Energy" in d.parties)
    assert set(deal.parties) == {"Norvik Energy", "Halvo Power"} and "charging" in deal.topics
    reply = bot.ask("Which charging deals are there?")
    assert "Norvik Energy" in reply.text
