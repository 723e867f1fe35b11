"""A sum is of what was asked: a company's revenue, a subsidy, a loss are no sums of funding or spending; a known
word ("lose") is never respelled as another ("close"); a figure "for the partnership" is the deal's, not one of
the company's own. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "cells.txt": """Kestrel Motors to buy battery cells from Tarn Energy

Published September 6, 2024

OSAKA - Kestrel Motors and Tarn Energy signed an agreement for Tarn to supply battery cells for Kestrel's electric cars from 2027.

The ministry approved the companies' joint project and will subsidise it. The ministry did not say how much subsidy the project would receive.

Tarn Energy aims to reach domestic production capacity of 10 GWh a year for the partnership by 2030.

In 2022 Kestrel Motors unveiled a 1.5 trillion yen spending plan on electrification.

The federal government and the state are backing Tarn Energy's research centre with around 60 million euros in funding.

Tarn Energy said in 2024 that the agreement would close by the end of the year.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("sums-of-what"), ARTICLES)


@pytest.mark.parametrize(
    "question",
    [
        "What was Tarn Energy's revenue in 2024?",
        "How big is the ministry subsidy for the Kestrel Tarn battery project?",
        "How much money did Tarn Energy lose last year?",
    ],
)
def test_a_sum_of_another_thing_does_not_answer(bot: EvBot, question: str) -> None:
    reply = bot.ask(question)
    assert not reply.found and "trillion" not in reply.text and "60 million" not in reply.text


def test_a_figure_for_the_partnership_is_the_deals(bot: EvBot) -> None:
    reply = bot.ask("kestrel tarn capacity?")
    assert reply.found and "10 GWh" in reply.text
