"""A question about one step of a storyline told over two articles: "the mou - signed when and where?"
asks when and where the memorandum was signed, not about the later exit. "When" after its verb, and a bare
"where?" after "and", are about the same step. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "mou.txt": """Kivra Battery signs battery memorandum with Halvo Motors

Published December 30, 2020

Kivra Battery and Halvo Motors have signed a memorandum of understanding on a $9.8 billion battery investment in Sarnia, the companies said on Wednesday.

The memorandum was signed on Dec. 18 at the Lotte Hotel in Seoul.
""",
    "exit.txt": """Kivra Battery quits the Sarnia battery project

Published April 23, 2025

Kivra Battery has formally pulled out of the $8.45 billion Sarnia battery project with Halvo Motors, officials in Toronto said on Wednesday.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("steps"), ARTICLES)


def test_the_mou_signed_when_and_where_is_answered_from_the_mou(bot: EvBot) -> None:
    reply = bot.ask("kivra halvo sarnia mou - signed when and where?")
    assert reply.found and "Dec. 18" in reply.text and "Seoul" in reply.text and "pulled out" not in reply.text


def test_when_at_the_end_asks_for_a_date(bot: EvBot) -> None:
    reply = bot.ask("kivra halvo sarnia mou signed when")
    assert reply.found and "Dec. 18" in reply.text
