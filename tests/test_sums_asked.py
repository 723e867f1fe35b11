"""Whose sum or number is asked, and which: "how much is Orvane investing?" when the article says it did not say
how much Orvane would invest; "how much did Halvo pay for the stake?" when the article gives only the
venture's plan to invest; what a buyer pays when "neither company disclosed financial terms" and the only sum
is a factory's cost; how many vehicles when their number was not disclosed; how many staff lost their jobs when
the article gives only the headcount. None is answered by another figure of the article, and a number withheld
of one thing (employees) does not hide another (battery packs). Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "takeover.txt": """Kivra Battery quits Sarnia's $8 billion battery project; Orvane Group steps in

Published June 4, 2025

Kivra Battery has formally pulled out of an $8 billion project to build a battery supply chain in Sarnia, and Orvane Group will take over as the lead partner, officials said on Wednesday.

The minister said Orvane Group had been part of the Kivra consortium since 2024.

He did not say how much Orvane would invest, noting only that it already had plants in the region.
""",
    "venture.txt": """Halvo Group takes 35% of Tenmark India in a joint venture

Published March 20, 2024

Halvo Group will take a 35 per cent stake in Tenmark India under a joint venture agreed with Tenmark Motors on Thursday.

The partners laid out a plan to invest 5,000 crore rupees in the first phase.
""",
    "robotaxi.txt": """Dessa Robotics picks Tenmark Auto cars for its robotaxis

Published October 4, 2024

Dessa Robotics will buy robotaxis from Tenmark Auto under a multi-year deal, the companies said on Friday.

The cars for Dessa Robotics will be built at Tenmark Auto's new $7.6 billion EV factory near Savannah, Georgia.

Neither company disclosed financial terms or the number of vehicles involved.
""",
    "shutdown.txt": """Kestra Drive to shut down as Halvo Group pulls funding

Published October 27, 2022

Halvo Group said on Wednesday it will stop funding Kestra Drive, which will shut down.

Kestra Drive had more than 2,000 employees as of July, and many will get offers from Halvo Group.
""",
    "packs.txt": """Orvane Group and Kivra Battery to build pack plant in Wuhan

Published May 3, 2024

Orvane Group and Kivra Battery signed an agreement on Friday to build a battery pack plant in Wuhan.

The plant will make 300,000 battery packs a year. Neither company disclosed how many employees the plant will have.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("sums"), ARTICLES)


def test_a_company_whose_sum_the_article_withholds_gets_that_quoted(bot: EvBot) -> None:
    reply = bot.ask("how much is orvane investing to take over kivra's spot in sarnia")
    assert not reply.found and "did not say how much Orvane would invest" in reply.text
    assert "$8 billion" not in reply.text


def test_the_price_of_a_stake_is_not_a_plan_to_invest(bot: EvBot) -> None:
    reply = bot.ask("how much did halvo pay for the tenmark india stake?")
    assert not reply.found and "5,000 crore" not in reply.text and "don't say" in reply.text


def test_the_price_of_a_stake_told_with_it_is_answered(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(
        tmp_path_factory.mktemp("price"),
        {
            "stake.txt": """Dessa Motors buys into Corvane Robotics

Published May 2, 2024

Dessa Motors will pay $700 million for a 4.99% stake in Corvane Robotics, the companies said on Thursday.

The partners plan to invest $2 billion in a plant in Ohio.
""",
        },
    )
    reply = bot.ask("how much did dessa pay for the corvane stake?")
    assert reply.found and "$700 million" in reply.text


def test_a_factorys_cost_is_not_what_a_buyer_pays_when_terms_were_withheld(bot: EvBot) -> None:
    reply = bot.ask("what is dessa robotics paying tenmark auto for the cars?")
    assert not reply.found and "$7.6 billion" not in reply.text
    assert "Neither company disclosed financial terms" in reply.text


def test_staff_who_lost_their_jobs_are_not_the_headcount(bot: EvBot) -> None:
    reply = bot.ask("how many kestra drive staff lost their jobs?")
    assert not reply.found and "2,000" not in reply.text


def test_a_number_withheld_of_one_thing_does_not_hide_another(bot: EvBot) -> None:
    reply = bot.ask("how many battery packs will the orvane kivra plant in wuhan make each year?")
    assert reply.found and "300,000 battery packs" in reply.text


def test_what_a_price_is_of_must_be_in_the_sentence_that_gives_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(
        tmp_path_factory.mktemp("vans"),
        {
            "order.txt": """Pellam orders 100,000 electric vans from Kestrel Motors

Published September 19, 2019

Pellam Group said on Thursday it has placed an order for 100,000 electric delivery vans with Kestrel Motors.

Pellam Group led a $700 million investment round in Kestrel Motors in February.
""",
        },
    )
    reply = bot.ask("how much is pellam paying kestrel for the 100k vans?")
    assert not reply.found and "$700 million" not in reply.text
