"""A later article that only tells what became of a deal is a step of that deal (and other facts told after a
first mention), on articles written for
these tests.

A carmaker buys into a self-driving company in 2019; in 2022 the company shuts down, told in a sentence
that relates no parties to each other ("Rokk, owned by Bexford and Tamlin, is shutting down"). The deal
ends; a question naming all three companies is about that deal; the second article's facts answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "invest.txt": """Tamvale to invest $2.6 billion in self-driving firm Rokkit

Published July 12, 2019

Tamvale Group will invest $2.6 billion in Rokkit AI, the Pittsburgh self-driving start-up backed by Bexmoor Motor, the two carmakers said on Friday.

Bexmoor and Tamvale will each hold about 40 percent of Rokkit.
""",
    "shut.txt": """Rokkit AI to shut down as its backers pull back

Published October 26, 2022

Rokkit AI, the self-driving company owned by Bexmoor Motor and Tamvale Group, is shutting down, after its two main backers decided to stop funding it.

Bexmoor said it would take a $2.7 billion non-cash charge.

Tamvale said it would work with Horon Robotics on self-driving in China instead.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(Path(tmp_path_factory.mktemp("storyline")), ARTICLES)


def test_a_later_article_that_tells_only_the_end_ends_the_deal(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if {"Tamvale Group", "Rokkit AI"} <= set(d.parties))
    assert deal.status == "ended"
    assert [e.status for e in deal.events][0] == "signed"


def test_a_sentence_that_tells_a_step_makes_no_deal_of_its_own(bot: EvBot) -> None:
    assert not any({"Bexmoor Motor", "Tamvale Group"} == set(d.parties) for d in bot.kb.deals)


@pytest.mark.parametrize(
    "question", ["is tamvale still invested in rokkit?", "are bexmoor and tamvale still funding rokkit ai?"]
)
def test_still_takes_the_later_step(bot: EvBot, question: str) -> None:
    reply = bot.ask(question)
    assert reply.found and "shutting down" in reply.text


def test_how_big_a_charge_is_a_sum(bot: EvBot) -> None:
    reply = bot.ask("how big a writedown did bexmoor take on rokkit?")
    assert reply.found and "2.7 billion" in reply.text


def test_who_a_company_will_work_with_is_a_company(bot: EvBot) -> None:
    reply = bot.ask("after rokkit closes who will tamvale work with on self-driving")
    assert reply.found and "Horon Robotics" in reply.text


def test_a_trading_house_named_with_and_co_is_a_company_without_a_deal(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "bids.txt": """Tamvale bids for a stake in Orlen Metals

Published February 8, 2023

Tamvale Group has bid for a minority stake in Orlen Metals, people familiar with the matter said.

Japanese trading house Sakura & Co. was also weighing an offer for a slice of the business.
""",
        },
    )
    reply = bot.ask("what did tamvale and sakura agree on?")
    assert not reply.found
    assert "Sakura" in reply.text


def test_a_companys_country_told_after_its_first_mention_counts_for_lists(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "plant.txt": """Kelmor Motors and Tarvo Cells form battery venture

Published June 4, 2024

Kelmor Motors and South Korea's Tarvo Cells said on Tuesday they will build a battery plant in Ohio through a joint venture.
""",
        },
    )
    reply = bot.ask("which korean companies have deals?")
    assert reply.found and "Tarvo Cells" in reply.text


def test_a_short_name_means_the_company_the_articles_about_the_other_name(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "exit.txt": """LG Energy Solution quits Norland battery project

Published April 23, 2025

South Korea's LG Energy Solution has formally pulled out of a $8.45 billion project to build a battery supply chain in Indonesia with state-owned Indonesia Battery Corporation, officials said on Wednesday.

Indonesia Battery Corporation is owned by the state.

LG Electronics makes televisions.
""",
        },
    )
    reply = bot.ask("is lg still part of the indonesia battery corporation project?")
    assert reply.found and "ended" in reply.text.lower() and "pulled out" in reply.text
    assert "LG Energy Solution" in reply.title


def test_money_from_a_state_named_after_the_investor_lists_by_country(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "gulf.txt": """Nivo Motors gets $738.5 million from Gulf investor

Published June 20, 2023

Nivo Motors said on Tuesday it has signed a share subscription agreement with Corvyn Holdings, an investment vehicle majority owned by the Abu Dhabi government, which will invest $738.5 million in the carmaker.
""",
        },
    )
    for question in ("which ev companies got abu dhabi money?", "which emirati companies have deals?"):
        reply = bot.ask(question)
        assert reply.found and reply.text.startswith("- Nivo Motors & Corvyn Holdings"), question


def test_a_name_with_a_legal_prefix_is_called_by_the_word_after_it(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "prefix.txt": """Gojira and PT TBX Energi Utama form motorbike venture

Published May 26, 2022

Ride-hailing company Gojira and energy company PT TBX Energi Utama signed on Thursday to form a joint venture.

The venture is an even split between the partners, each holding 50%.
""",
        },
    )
    reply = bot.ask("which deals involve tbx?")
    assert reply.found and reply.text.startswith("- Gojira & PT TBX Energi Utama")


def test_a_suffix_word_alone_is_no_company(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "review.txt": """Faxon to invest in Lordell

Published November 7, 2022

Faxon Technology will invest $170 million in Lordell Motors, the companies said. Part of the deal needs review by the Committee on Foreign Investment in the United States (CFIUS); the first payment is due this month.
""",
        },
    )
    assert bot.kb.company("Investment") is None and "Investment" not in bot.kb.companies
    reply = bot.ask("what was the original investment in lordell?")
    assert reply.found and "170 million" in reply.text
