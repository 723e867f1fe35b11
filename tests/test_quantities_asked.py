"""Quantities as analysts ask for them: "how much graphite" wants tonnes, not a sum or "four years"; "how big is the
loan" a sum; "how many engineers" is answered by "specialists"; a mine asked by its name has its loan told beside
one company; "where does it come from" is not answered by the place the question names. Articles written for these
tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "offtake.txt": """Tenmark Motors signs graphite deal with Pellam Minerals

Published December 29, 2021

Pellam Minerals has signed a binding agreement to supply Tenmark Motors with graphite anode material from its processing plant in Vidalia, Louisiana, the companies said.

Under the deal Tenmark takes most of the plant's output at a fixed price, for an initial term of four years.

Tenmark Motors will buy 8,000 tonnes a year of anode material, out of a planned capacity of 10,000 tonnes a year.

The plant will be fed with graphite concentrate shipped from Pellam's Ridgeback mine in Mozambique.

Ridgeback is supported by a $150 million loan from the Halvo Development Bank.
""",
    "autonomy.txt": """Brenna Auto and Kestrel Motors sign automated-driving contract

Published July 4, 2019

Brenna Auto and Kestrel Motors have signed a contract to develop automated driving together, the companies said.

More than 1,200 specialists from the two groups are to work on the project, often in mixed teams.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("quantities"), ARTICLES)


def test_how_much_of_a_material_is_a_weight(bot: EvBot) -> None:
    reply = bot.ask("How much anode material is Tenmark committed to take from Pellam each year?")
    assert reply.found and "8,000 tonnes" in reply.text


def test_how_big_a_loan_is_is_a_sum(bot: EvBot) -> None:
    reply = bot.ask("How big is the Halvo loan behind Pellam's Ridgeback mine?")
    assert reply.found and "$150 million" in reply.text


def test_people_asked_by_one_title_are_counted_by_another(bot: EvBot) -> None:
    reply = bot.ask("How many engineers will Brenna and Kestrel put on the automated-driving work?")
    assert reply.found and "1,200" in reply.text


def test_where_a_thing_comes_from_is_not_the_place_the_question_names(bot: EvBot) -> None:
    reply = bot.ask("Where does the graphite processed at Pellam's Vidalia plant come from?")
    assert reply.found and "Mozambique" in reply.text


VALUATION = {
    "swap.txt": """Tarn Oil and Zorin Power sign battery-swapping venture

Published June 6, 2024

Tarn Oil and Zorin Power have signed a joint venture agreement for battery swapping, the companies said.

Tarn Oil's board also cleared an investment of $78.31 million in Zorin Power's parent to buy preference shares.

Zorin Power holds a $996 million loan from the Halvo Development Bank for its Ridgeback project.

Tarn Oil pulled out of an earlier project because it did not meet its investment hurdle rates.
""",
}


@pytest.fixture(scope="module")
def valuation(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("valuation"), VALUATION)


def test_a_sum_invested_is_no_valuation(valuation: EvBot) -> None:
    reply = valuation.ask("What valuation did Tarn Oil put on Zorin Power?")
    assert not reply.found and "$78.31 million" not in reply.text


def test_how_big_a_loan_named_by_its_lender_is(valuation: EvBot) -> None:
    reply = valuation.ask("How big is Zorin's Halvo Development Bank loan for Ridgeback?")
    assert reply.found and "$996 million" in reply.text


def test_a_reason_told_as_hurdle_rates(valuation: EvBot) -> None:
    reply = valuation.ask("Why did Tarn Oil pull out of the earlier project?")
    assert reply.found and "hurdle rates" in reply.text


SWAP = {
    "swap.txt": """Five companies set up battery-swap company Swapco

Published March 1, 2022

TOKYO - Tarn Oil, Brenna Auto and Kestrel Motors have set up Swapco, a company that will run battery-swapping stations for electric scooters.

Swapco will place its first stations in Tokyo, then in other major cities.

Voltgo Energy has more than 10,000 swapping stations in Taiwan.
""",
}


@pytest.fixture(scope="module")
def swap(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("swap"), SWAP)


def test_another_companys_count_is_no_count_of_the_thing_asked(swap: EvBot) -> None:
    reply = swap.ask("How many Swapco swap stations are there in Osaka?")
    assert not reply.found and "10,000" not in reply.text


SHARES = {
    "sale.txt": """Brenna Auto sold most of its Kestrel Motors stake last year

Published February 3, 2023

Brenna Auto sold 91 million Kestrel Motors shares over the year for total proceeds of about $3 billion, a filing showed.

At the end of December Brenna still held about 11 million of the 101.9 million Kestrel shares it had owned.
""",
}


@pytest.fixture(scope="module")
def shares(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("shares"), SHARES)


def test_a_number_of_shares_is_a_count_and_dumping_is_selling(shares: EvBot) -> None:
    reply = shares.ask("how many kestrel shares did brenna dump last year and what did it raise")
    assert reply.found and "91 million" in reply.text and "$3 billion" in reply.text
