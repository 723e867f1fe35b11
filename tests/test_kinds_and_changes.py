"""What kind of thing, how much a figure changed, and whose: "what kind of cells?" is answered by "prismatic and
cylindrical cells"; "by how much is the loan cut?" not by the loan's size; the venture's own name ("BlueVolt")
is the deal's, so its capacity answers for its parents; a rival's town is no answer to "which city will the
robotaxis launch in?". Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "cells.txt": """Kestrel Motors and Voltan SDI to build battery plant

Published April 25, 2023

Kestrel Motors and Voltan SDI intend to put more than $3 billion into a new battery cell factory in the United States, the companies said on Tuesday.

The two companies plan to run the plant jointly from 2026.

It will have production lines for nickel-rich prismatic and cylindrical cells.
""",
    "venture.txt": """Brava Motor and Nortek Energy sign battery memorandum

Published May 20, 2021

Brava Motor and Nortek Energy have signed a memorandum of understanding to set up a battery joint venture, the two companies said on Thursday.

The planned venture, which will be named BlueVolt, is meant to turn out roughly 60 gigawatt hours of cells a year.
""",
    "loan.txt": """Nortek Energy and Brava Motor to split their battery venture

Published December 11, 2025

Nortek Energy and Brava Motor are ending their battery joint venture, the battery maker said on Thursday.

A government loan of up to $9.6 billion approved for the venture's plants will be reduced, according to people familiar with the matter.
""",
    "robotaxi.txt": """Pellam Mobility bets $300 million on Dessa Motors

Published July 17, 2025

Pellam Mobility will invest $300 million in Dessa Motors and deploy its robotaxis, the companies said on Thursday.

The companies aim to launch the service in a major U.S. city in late 2026.

Competition is heating up: Corvane Robotics already runs robotaxis in Austin and Atlanta.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("kinds"), ARTICLES)


def test_what_kind_of_cells_is_answered_by_their_type(bot: EvBot) -> None:
    reply = bot.ask("What did Kestrel and Voltan say they'd invest, and what kind of cells?")
    assert reply.found and "$3 billion" in reply.text and "prismatic" in reply.text


def test_a_change_asked_is_not_answered_by_the_size_before_it(bot: EvBot) -> None:
    reply = bot.ask("By how much is the government cutting the Brava Nortek loan?")
    assert not reply.found and "$9.6 billion" not in reply.text


def test_the_ventures_own_name_speaks_for_its_parents(bot: EvBot) -> None:
    reply = bot.ask("how much capacity was BlueVolt meant to have a year when brava and nortek first announced it?")
    assert reply.found and "60 gigawatt hours" in reply.text


def test_a_rivals_town_is_no_answer(bot: EvBot) -> None:
    reply = bot.ask("which city will the pellam dessa robotaxis launch in first?")
    assert not reply.found and "Austin" not in reply.text


def test_who_runs_the_two_companies_venture_is_its_own_chief(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(
        tmp_path_factory.mktemp("chief"),
        {
            "venture.txt": """Halvo Cars and Kivra Battery pick Torvik for their cell plant

Published March 4, 2022

Halvo Cars and Kivra Battery said on Friday that the cell factory of their joint venture will be built in Torvik.

"Our battery cell partnership with Kivra is key to our plans," said Halvo Cars chief executive Tomas Berg.

The production company has since hired former Corvane Robotics executive Ada Linn to run it.
""",
        },
    )
    reply = bot.ask("Who is running the Halvo Cars–Kivra battery production company?")
    assert reply.found and "Ada Linn" in reply.text


def test_an_abbreviation_the_articles_spell_out_is_known_and_its_use_asked(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    bot = bot_over(
        tmp_path_factory.mktemp("sic"),
        {
            "chips.txt": """Brava Motor signs silicon carbide supply deal with Halden Semiconductors

Published October 13, 2021

Brava Motor has signed a supply agreement with Halden Semiconductors for silicon carbide power devices for its future electric vehicles.

As part of the agreement, Brava Motor will join Halden's supply assurance programme for domestic materials.

The silicon carbide will be used in the power electronics inside Brava's drive units.
""",
        },
    )
    reply = bot.ask("What's the Halden SiC going into in Brava's EVs?")
    assert reply.found and "power electronics" in reply.text


def test_a_plan_first_unveiled_is_not_the_figure_now(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(
        tmp_path_factory.mktemp("unveiled"),
        {
            "final.txt": """Kestrel Motors and Voltan SDI seal Ohio battery venture

Published August 27, 2024

Kestrel Motors and Voltan SDI have finalised the agreement to jointly run a new battery cell plant in Akron, Ohio.

The plant is expected to employ about 1,600 workers. It will start with annual capacity of 27 gigawatt hours, which could later be expanded to 36 GWh.

The partners first unveiled their plans in April 2023, when they spoke of an investment of more than $3 billion and capacity of over 30 GWh.
""",
        },
    )
    reply = bot.ask("Akron plant (Kestrel/Voltan) capacity at launch and after expansion?")
    assert reply.found and "27 gigawatt hours" in reply.text and "36 GWh" in reply.text
    assert "30 GWh" not in reply.text


STORYLINE = {
    "exit.txt": """Halvo Cars to take full control of Torvik Energy as Kivra Battery exits

Published January 29, 2025

Halvo Cars has agreed to buy out Kivra Battery's holding in Torvik Energy, the battery joint venture the two companies set up in 2021, the companies said on Wednesday.

The deal still needs clearance from the bankruptcy court in Delaware and from Sweden's Inspectorate of Strategic Products.

Earlier this month Torvik Energy announced cost cuts and a new business plan in response to what it called evolving market conditions, including cutting about 30% of its staff, after demand slowed.

The move formalises a split that began in October, when Halvo Cars told Kivra Battery it would use its redemption rights.

Halvo said at the time that Kivra had failed to meet its financial commitments, breaching the shareholders' agreement.
""",
}


@pytest.fixture(scope="module")
def storyline(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("exit"), STORYLINE)


def test_the_approvals_a_deal_still_needs_are_asked_for(storyline: EvBot) -> None:
    reply = storyline.ask("what approvals does halvo need to buy kivra's torvik shares")
    assert reply.found and "Inspectorate" in reply.text and "bankruptcy court" in reply.text


def test_a_reason_asked_at_a_month_is_the_one_told_beside_it(storyline: EvBot) -> None:
    reply = storyline.ask("Why did Halvo Cars move against Kivra in the Torvik venture last October?")
    assert reply.found and "failed to meet its financial commitments" in reply.text


def test_a_value_the_newest_article_withholds_is_not_an_older_steps(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(
        tmp_path_factory.mktemp("newest"),
        {
            "stake.txt": """Kestrel Motors to take 11% of Halvo Trucks and build its pickup

Published September 8, 2020

Kestrel Motors will take an 11% stake in Halvo Trucks worth $2 billion and build its Ranger pickup.

Kestrel Motors says it expects more than $4 billion in benefits in total from the deal.
""",
            "mou.txt": """Kestrel Motors and Halvo Trucks scale back their deal to a fuel-cell supply memorandum

Published November 30, 2020

Kestrel Motors and Halvo Trucks have signed a non-binding memorandum of understanding under which Kestrel Motors would supply fuel cells, with no stake and no pickup.

In the original arrangement Kestrel Motors would have received $2 billion in Halvo Trucks shares.

Kestrel Motors declined to say what the deal might be worth.
""",
        },
    )
    reply = bot.ask("how much is kestrel's fuel cell supply deal with halvo worth?")
    assert not reply.found and "declined to say" in reply.text
    assert "$4 billion" not in reply.text and "$2 billion" not in reply.text
