"""Whose sum a sentence gives, and which article of a storyline answers: the payer is the subject, not a company
bought out; "under the 2021 deal" is the 2021 article's; a project asked by name is the one its article is about,
even where a sentence does not repeat the name; "paying Halvo for Ardent Trucks" buys a company, not trucks; an
earn-out depending on results is not the price; "the latest" on a project no deal tells of is its newest lead.
Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "start.txt": """Tarn Metals and Zorin Steel sign lithium partnership for Argentine plant

Published November 8, 2021

Tarn Metals said on Monday it will build its lithium plant at the Rocanegra project in Argentina after signing a partnership with Zorin Steel.

Under the agreement Tarn keeps control of the project with a 50.1% interest.

Zorin Steel will contribute up to $375 million by financing construction of the plant and in exchange will take a 49.9% interest.
""",
    "exit.txt": """Tarn Metals buys Zorin Steel out of Argentine lithium project for $699 million

Published October 24, 2024

Tarn Metals said on Thursday it had bought all of Zorin Steel's 49.9% interest in the Rocanegra project for $699 million.

Tarn Metals once again owns 100% of the project.
""",
    "trucks.txt": """Halvo Group sells Ardent Trucks to Pellam Motors

Published October 30, 2020

Halvo Group and Pellam Motors have signed binding agreements under which Pellam buys Halvo's Ardent Trucks unit.

Pellam Motors is paying an enterprise value of 243 billion yen on a cash and debt free basis.

On top of that, an earn-out of up to 15 billion yen will be paid depending on how Ardent Trucks performs.
""",
    "plant.txt": """Kestrel Motors picked for cathode plant in Chile

Published April 20, 2023

Chile's development agency named Kestrel Motors a qualified lithium producer, clearing the way for a $290 million cathode plant in Antofagasta.
""",
    "revoked.txt": """Chile strips Kestrel of lithium privilege after cathode plant never gets built

Published January 27, 2026

SANTIAGO - Chile's development agency has withdrawn the producer status it granted to Kestrel Motors in 2023, closing the book on a cathode plant the carmaker never built.

Kestrel Motors had promised the plant would make 50,000 tonnes a year of cathode material.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("sums"), ARTICLES)


def test_the_payer_is_the_subject_not_the_company_bought_out(bot: EvBot) -> None:
    reply = bot.ask("how much is zorin putting into tarn's argentina lithium plant")
    assert reply.found and "$375 million" in reply.text and "$699 million" not in reply.text


def test_the_split_under_an_earlier_deal_is_that_years_article(bot: EvBot) -> None:
    reply = bot.ask("What's the ownership split between Tarn and Zorin at Rocanegra under the 2021 deal?")
    assert reply.found and "50.1%" in reply.text


def test_a_company_bought_is_no_goods_bought_and_an_earn_out_is_not_the_price(bot: EvBot) -> None:
    reply = bot.ask("What is Pellam paying Halvo for Ardent Trucks?")
    assert reply.found and reply.text.startswith("Pellam Motors is paying") and "243 billion yen" in reply.text


def test_the_latest_on_a_project_no_deal_tells_of_is_its_newest_news(bot: EvBot) -> None:
    reply = bot.ask("What's the latest on Kestrel's cathode plant in Chile?")
    assert reply.found and "withdrawn" in reply.text


LOSSES = {
    "supply.txt": """Zorin Cells wins Tenmark as battery customer, to spend $3 billion on its lines

Published October 5, 2023

Zorin Cells will supply Tenmark Motors with battery modules from 2025 under a new contract, the companies said.

Zorin Cells will spend $3 billion on new production lines in Michigan.

Neither side disclosed the value of the contract.
""",
    "markdown.txt": """Brenna Auto sold most of its Kestrel Motors stake last year after a $7.3 billion markdown

Published February 3, 2023

Brenna Auto sold 91 million Kestrel Motors shares over the year for about $3 billion, a filing showed.

In 2022 Brenna's results included a $7.3 billion mark-to-market loss on the Kestrel Motors investment.
""",
}


@pytest.fixture(scope="module")
def losses(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("losses"), LOSSES)


def test_a_contracts_worth_is_not_what_a_party_spends_on_its_plant(losses: EvBot) -> None:
    reply = losses.ask("How much is Zorin's Tenmark battery contract worth?")
    assert not reply.found and "$3 billion" not in reply.text


def test_the_hit_a_company_took_is_its_markdown(losses: EvBot) -> None:
    reply = losses.ask("How big was the hit Brenna took on Kestrel in 2022?")
    assert reply.found and "$7.3 billion" in reply.text
