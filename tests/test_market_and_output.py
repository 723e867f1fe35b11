"""Numbers that measure different things: how a company's shares moved on the news (not a stake), what part
of a producer's output a buyer takes, and a venture's production targets. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot
from knowledge.figures import find_figures

ARTICLES = {
    "supply.txt": """Corvane Lithium shares soar on Halvo Motors supply deal

Published 2020-09-28

SYDNEY - Shares of Corvane Lithium jumped almost 84% in Sydney trading on Monday after the miner confirmed that it has signed a sales agreement to supply Halvo Motors with spodumene concentrate.

The fixed commitment covers roughly one-third of the 160,000 tonnes per annum that Corvane plans to produce.
""",
    "venture.txt": """Dessa and Kivra seal deal to build cars in Gdansk

Published April 19, 2024

Dessa Motors and Kivra Auto on Friday signed an agreement to produce vehicles through a joint venture at a former plant in Gdansk.

The joint venture aims to produce 50,000 vehicles a year by 2027 and 150,000 by 2029.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("market"), ARTICLES)


def test_a_share_price_move_is_not_a_stake() -> None:
    assert find_figures("Shares of Corvane Lithium jumped almost 84% after it signed a sales agreement.", 2020) == []


@pytest.mark.parametrize(
    "question", ["corvane share price reaction to the halvo deal", "how did corvane shares react to the halvo deal?"]
)
def test_the_market_reaction_is_the_share_move(bot: EvBot, question: str) -> None:
    reply = bot.ask(question)
    assert reply.found and "jumped almost 84%" in reply.text


def test_a_part_of_the_output_is_a_share(bot: EvBot) -> None:
    reply = bot.ask("how much of corvane's output does halvo get?")
    assert reply.found and "one-third of the 160,000 tonnes" in reply.text


def test_production_targets_are_counts(bot: EvBot) -> None:
    reply = bot.ask("dessa kivra gdansk production targets?")
    assert reply.found and "50,000 vehicles a year by 2027" in reply.text
