"""A figure or a date answers for the deal it is told of, not for another deal of the same company.

An article about one venture recalls, in passing, the cell maker's older supply deal with a carmaker: its
sums and dates are the venture's, so a question about the older deal is told that the articles do not say.
A licence whose article says no timeframe was given is told so, not given another company's year.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "venture.txt": """Harlow Trucks and Vesna Cells form battery venture in Ohio

Published June 4, 2024

COLUMBUS, June 4 - Harlow Trucks and Vesna Cells said on Tuesday they will build a $3.2 billion battery cell plant in Lordstown, Ohio, through a 50-50 joint venture.

Production is due to start in late 2026, and the plant will employ 1,800 people.

The state of Ohio is providing $150 million in incentives for the project.

Vesna Cells already supplies battery packs to Orlen Motors under a deal signed in 2021.

"This venture secures the cells for our next trucks," Harlow chief executive Dana Whitfield said.
""",
    "licence.txt": """Brightcar's battery arm licenses Quell solid-state cells

Published July 11, 2024

Brightcar's battery company Voltiq will receive a licence to make cells with Quell Energy's solid-state technology, the companies said on Thursday.

Voltiq may build up to 40 gigawatt hours of cells a year under the licence. No timeframe for production was given.

Rival Tamsin Motors has teamed up with Idara Refining to mass-produce solid-state batteries, aiming for a launch in 2028.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(Path(tmp_path_factory.mktemp("scope")), ARTICLES)


@pytest.mark.parametrize(
    "question",
    ["How much is Vesna Cells paying Orlen Motors?", "how much is the vesna orlen supply deal worth?"],
)
def test_a_recalled_deal_does_not_borrow_the_news_deals_sums(bot: EvBot, question: str) -> None:
    reply = bot.ask(question)
    assert not reply.found
    assert "3.2 billion" not in reply.text and "150 million" not in reply.text


def test_the_news_deal_keeps_its_own_sums(bot: EvBot) -> None:
    reply = bot.ask("how much is the harlow vesna plant costing?")
    assert reply.found and "3.2 billion" in reply.text


def test_a_date_of_another_pair_is_no_date_of_the_licence(bot: EvBot) -> None:
    reply = bot.ask("when will Voltiq start mass producing Quell cells?")
    assert not reply.found
    assert "2028" not in reply.text
    assert "No timeframe for production was given." in reply.text


def test_a_sum_stated_by_its_digits_answers_how_much(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "digits.txt": """Tamsin Motors backs Quell Energy

Published November 30, 2021

Tamsin Motors said on Tuesday it is joining forces with Quell Energy to develop solid-state battery cells.

It said it is investing "a high double-digit million dollar amount" in the startup, which gives it a seat on Quell's board.
""",
        },
    )
    reply = bot.ask("how much did tamsin invest in quell energy?")
    assert reply.found and "double-digit million dollar amount" in reply.text


def test_an_estimate_after_an_undisclosed_value_is_given_with_whose_it_is(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "estimate.txt": """Vesna Cells wins cell order from Corvell Trucks

Published February 2, 2024

Vesna Cells will supply battery cells to Corvell Trucks from 2026, the two companies said on Friday.

The companies did not disclose the value of the contract. Analysts at Merrow Securities put it at about $2.7 billion.
""",
        },
    )
    reply = bot.ask("what is the vesna corvell cell contract worth?")
    assert reply.found
    assert reply.text.startswith("The companies did not disclose the value") and "Merrow Securities" in reply.text


def test_the_price_of_a_product_is_not_the_plants_cost(bot: EvBot) -> None:
    reply = bot.ask("what is the price of the harlow vesna cells?")
    assert not reply.found and "3.2 billion" not in reply.text


def test_a_figure_a_newspaper_reports_after_the_partners_gave_none_is_an_answer(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "charging.txt": """Harlow Trucks and Orlen Motors form charging venture

Published July 26, 2023

Harlow Trucks and Orlen Motors said on Wednesday they will form a joint venture to build fast-charging stations.

The partners did not say how much each would contribute. The Wall Street Journal reported that they plan to put in at least $1 billion between them.
""",
        },
    )
    reply = bot.ask("how much are harlow and orlen putting into the charging venture?")
    assert reply.found and "at least $1 billion" in reply.text and "Wall Street Journal" in reply.text


def test_a_sum_that_goes_into_a_third_company_is_not_the_pairs(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "robotaxi.txt": """Ubex to invest $300 million in Lurid in robotaxi deal with Nurex

Published July 17, 2025

Ubex Technologies will invest $300 million in electric-vehicle maker Lurid Motors as part of a robotaxi program with self-driving startup Nurex, the companies said on Thursday.

Ubex will deploy 20,000 Lurid cars fitted with Nurex's self-driving technology.
""",
        },
    )
    reply = bot.ask("how much is ubex putting into nurex?")
    assert not reply.found and "300 million" not in reply.text
    lurid = bot.ask("how much is ubex putting into lurid?")
    assert lurid.found and "300 million" in lurid.text


def test_a_sum_of_two_partners_own_deal_is_not_their_three_way_deals(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "us.txt": """Farro and Skyon form US battery venture

Published September 27, 2021

Farro Motor and Skyon Battery signed an agreement to form a joint venture that will build battery plants in Tennessee.
""",
            "turkey.txt": """Farro, Skyon and Kovak sign pact for battery plant near Ankara

Published March 14, 2022

Farro Motor, Skyon Battery and Kovak Holding signed a non-binding memorandum of understanding on Monday to form a joint venture for a battery plant near Ankara.

Farro and Skyon last year announced plans to spend $11.4 billion on battery plants in Tennessee.
""",
        },
    )
    reply = bot.ask("what's the price tag on the farro/skyon/kovak ankara plant")
    assert not reply.found and "11.4 billion" not in reply.text
