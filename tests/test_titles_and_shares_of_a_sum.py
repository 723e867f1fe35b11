"""Who signed, when the title is written in capitals into the name ("Group Executive Chair Mira Sol"); how much
each partner put in, from the sentence that splits the sum; "put into <company>" asks for a sum, not for what
the money is used for; the price per share of a takeover, however the sentence says who pays, and from the
buyout rather than an earlier stake. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "0pact.txt": """Orsa Motors and Kettle Auto sign framework agreement

Published September 12, 2024

NEW YORK - Orsa Motors and Kettle Auto have signed a framework agreement to co-develop electric vans.

The framework agreement was signed in New York by Orsa Motor Group Executive Chair Mira Sol and Kettle Chair and Chief Executive Dana Reyes.

Sol said the partnership would cut costs for both companies. Kettle Auto chief operating officer Lee Park said the vans would be built in Texas.
""",
    "1stake.txt": """Orsa and Pell put 90 million euros into Vantor Cars

Published May 14, 2019

ZAGREB - Orsa Motors and its affiliate Pell Motors said on Tuesday they will jointly invest 90 million euros in electric sports car maker Vantor Cars.

Orsa is contributing 70 million euros and Pell the remaining 20 million euros.
""",
    "2preferred.txt": """Kuro Industries invests in lidar maker Lidex

Published November 1, 2022

TOKYO - Kuro Industries, already a Lidex shareholder, will buy $50 million of convertible preferred stock in Lidex at $1,000 a share.
""",
    "3buyout.txt": """Kuro agrees to buy out lidar maker Lidex

Published July 30, 2024

Under a merger agreement signed on July 29, each Lidex share not already held by Kuro Industries will be converted into the right to receive $2.10 in cash.

Lidex will become a subsidiary of Kuro through a holding company.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("titles"), ARTICLES)


def test_who_signed_is_answered_by_the_names_after_their_capitalised_titles(bot: EvBot) -> None:
    reply = bot.ask("Who signed the Orsa-Kettle framework agreement?")
    assert "Mira Sol" in reply.text and "Dana Reyes" in reply.text and "Lee Park" not in reply.text


def test_how_much_each_put_in_is_the_sentence_that_splits_the_sum(bot: EvBot) -> None:
    reply = bot.ask("How much did orsa and pell each put into vantor?")
    assert "70 million euros" in reply.text and "20 million euros" in reply.text
    assert "used for" not in reply.text


def test_a_takeovers_price_per_share_is_the_buyouts_whoever_the_sentence_says_pays(bot: EvBot) -> None:
    for question in ("What is Kuro paying per share to take over Lidex?", "What was Kuro offering per Lidex share?"):
        assert "$2.10" in bot.ask(question).text, question
