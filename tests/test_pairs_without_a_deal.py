"""Two companies asked about together that no deal joins: an article may name both, a rival once beside a
venture or a parent's unit beside a competitor, without joining them in any sentence. Then the answer is that
no deal between them is known, not a sentence of another deal. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "venture.txt": """Halvo Motors and Kivra Battery seal their truck venture

Published March 3, 2024

Halvo Motors and Kivra Battery signed a definitive agreement on Friday to merge their truck units into a holding company.

No financial terms were disclosed.

The venture will compete with Tenmark Trucks, which leads the domestic market.

Kivra Battery is a subsidiary of Orvane Group.
""",
    "stake.txt": """Orvane Group writes down its Dessa Robotics stake

Published May 9, 2024

Orvane Group took a $1.2 billion impairment on its stake in Dessa Robotics.

Orvane Group said Dessa Robotics had been unable to attract new outside investors this year.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("pairs"), ARTICLES)


@pytest.mark.parametrize(
    "question",
    [
        "what are the terms of the tenmark trucks halvo motors venture?",  # a rival named once beside the venture
        "terms of the orvane tenmark merger?",  # a parent of one side, and a rival: named apart
    ],
)
def test_a_pair_no_sentence_joins_has_no_deal(bot: EvBot, question: str) -> None:
    reply = bot.ask(question)
    assert not reply.found and "I don't know of any deal between" in reply.text


def test_a_pair_a_sentence_joins_is_answered_without_a_deal_record(bot: EvBot) -> None:
    reply = bot.ask("size of orvane's dessa robotics writedown?")
    assert reply.found and "$1.2 billion" in reply.text
