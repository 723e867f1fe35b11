"""Questions that ask two things get both, and a story's earlier step is its own event, on articles written
for these tests.

An investment in a truck start-up (the "start-up" is no share price going "up"); a merger offer withdrawn,
whose article recalls that the first offer, a week earlier, was non-binding. The price of a truck and the
launch of a van are not told, and are not answered with the deal's sum or the article's date.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "stake.txt": """Brenna Auto invests $700 million in truck start-up Hollis

Published November 4, 2022

DETROIT, Nov 4 - Brenna Auto said on Friday it will invest $700 million in electric truck start-up Hollis Motors, taking a 12% stake in the company.

As part of the deal, Brenna's head of electrification, Mira Castell, will join Hollis's board of directors.

Hollis will build its first trucks at a plant in Normal, Illinois, and deliveries are expected to start in 2024.

The Normal plant will cost $400 million to fit out.

"This gives us the scale we need," Hollis founder and chief executive Tom Ardley said.

Hollis has raised $2.1 billion in total since it was founded in 2015. At full output the site is expected to create 900 jobs.

The two companies will also co-develop a delivery van.
""",
    "merger.txt": """Pelman Motors drops merger offer to Dorant Group

Published June 6, 2019

LONDON, June 6 - Pelman Motors withdrew its $35 billion merger proposal to Dorant Group on Thursday, blaming political conditions in France.

The combination would have sold about 8.7 million vehicles a year, and Pelman said it would have saved more than 5 billion euros a year.

Pelman had first put the proposal forward on May 27, describing it as a non-binding offer for a 50-50 merger.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(Path(tmp_path_factory.mktemp("compound")), ARTICLES)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("brenna hollis stake size and price?", ("12%", "700 million")),
        ("how big a stake does brenna get in hollis, and where are the trucks built", ("12%", "Normal, Illinois")),
        ("how much did brenna put into hollis, and who from brenna gets a board seat?", ("700 million", "Castell")),
        (
            "how many cars a year would pelman and dorant have sold, and what savings did pelman claim?",
            ("8.7", "5 billion"),
        ),
        ("who runs hollis and how much has it raised?", ("Ardley", "2.1 billion")),
        ("hollis normal plant cost & jobs?", ("400 million", "900 jobs")),
    ],
)
def test_a_compound_question_gets_both_answers(bot: EvBot, question: str, wanted: tuple[str, str]) -> None:
    reply = bot.ask(question)
    assert reply.found
    assert all(w in reply.text for w in wanted), reply.text


def test_a_recalled_first_offer_is_the_deals_first_step(bot: EvBot) -> None:
    reply = bot.ask("was pelman's first offer to dorant binding?")
    assert "non-binding" in reply.text
    now = bot.ask("is the pelman dorant merger still happening?")
    assert now.text.lower().startswith("no") and "withdrew" in now.text


@pytest.mark.parametrize(
    "question",
    ["what will the first hollis truck cost?", "when does the brenna hollis van launch?"],
)
def test_a_products_price_or_launch_is_not_the_deals_sum_or_date(bot: EvBot, question: str) -> None:
    reply = bot.ask(question)
    assert not reply.found
    assert "700 million" not in reply.text and "Nov 4" not in reply.text


def test_why_asks_only_the_reason_even_beside_a_stake(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "buyout.txt": """Corvane buys out Nolvik's stake in their battery venture

Published January 29, 2025

Corvane Cars has signed an agreement to buy Nolvik Cells' 50% stake in their battery venture Novra, without disclosing the price.

In October, Corvane said it would take over Nolvik's Novra shares, saying Nolvik had breached the shareholders' agreement.
""",
        },
    )
    reply = bot.ask("why is corvane taking over nolvik's stake in novra?")
    assert reply.found and "breached the shareholders' agreement" in reply.text


def test_an_ampersand_joins_two_questions_and_keep_asks_a_share(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "listing.txt": """Vantel Motors to list through a merger with Blue Cove

Published May 12, 2023

Vantel Motors will list in New York by merging with Blue Cove Acquisition Corp, in a deal that gives the combined company an equity value of about $23 billion, the companies said on Friday.

Vantel's existing shareholders will own about 99% of the combined company after the deal closes.

Vantel's founder, Pham Minh, will own about 90% of the company through his holding group.
""",
        },
    )
    reply = bot.ask("vantel blue cove deal: equity value & how much do existing holders keep?")
    assert reply.found and "23 billion" in reply.text and "99%" in reply.text
    founder = bot.ask("how much of vantel does its founder own?")
    assert founder.found and "90%" in founder.text


def test_how_a_named_sum_is_made_up_is_answered_by_its_parts(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "tranches.txt": """Garlow Motors to invest $650 million in Thelm Lithium

Published January 31, 2023

Garlow Motors will make a $650 million equity investment in Thelm Lithium to develop its mine in Nevada.

The money will come in two tranches. A first tranche of $320 million will buy shares now, and a second of $330 million will follow once the mine is permitted.

Under a later agreement, Garlow will pay $625 million in cash and letters of credit. That comprises $430 million of direct cash and a $195 million letter of credit.
""",
        },
    )
    structured = bot.ask("how was garlow's $650m thelm investment structured?")
    assert structured.found and "$320 million" in structured.text and "$330 million" in structured.text
    split = bot.ask("split of garlow's 625m between cash and letter of credit?")
    assert split.found and "$430 million" in split.text and "$195 million" in split.text


def test_words_that_only_name_the_unit_or_the_getting_are_no_topic(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "unit.txt": """Tarvel Motors to raise $1 billion from Greyrock for new EV company

Published October 12, 2021

Tarvel Motors said on Tuesday it had signed a binding agreement with Greyrock Capital to raise $1 billion for its new electric vehicle company.

The investors will get between 11% and 15% of the new company, valuing it at up to $9.1 billion.
""",
        },
    )
    reply = bot.ask("tarvel ev unit - valuation and stake greyrock gets?")
    assert reply.found and "9.1 billion" in reply.text and "11%" in reply.text
