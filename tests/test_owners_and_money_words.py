"""More of analysts' words: "how did they split the investment?" wants the parts of the sum; "what will they use
the money for?" what it pays for; "who signed the contract?" the people, not a list of partners; "Koç" is the
articles' "Koc"; "the Hino-Fuso merger" is the deal their owners signed, and "still on hold?" is answered no
once it is signed; a "long-term contract" says nothing of how long it runs. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "arrival.txt": """Brava Motor and Kestrel Motors put EUR 100 million into Dessa Vans

Published January 16, 2020

Brava Motor and Kestrel Motors are making a strategic investment of 100 million euros in Dessa Vans, a British electric-van start-up, the sister companies said on Thursday.

Brava Motor is paying 80 million euros now and 20 million euros next year.

The investment contract was signed in Seoul by Lena Park, president of Brava Motor, and Ivan Roth, Dessa Vans' chief executive.

The money will pay to finish the engineering of Dessa's first van and to build its factory in Leeds.
""",
    "turkey.txt": """Brava Motor, Nortek Energy and Koc Holding plan Turkish battery plant

Published February 21, 2023

Brava Motor, Nortek Energy and Koc Holding have signed a non-binding memorandum of understanding to build a battery cell plant near Ankara, Turkey.
""",
    "merger.txt": """Halvo Group and Orvane Group sign final agreement to merge Tenmark Trucks and Sorell Trucks

Published June 11, 2025

Halvo Group and Orvane Group have signed the final agreement to merge their truck makers Tenmark Trucks and Sorell Trucks, more than a year after the plan stalled.

Tenmark Trucks is a subsidiary of Halvo Group. Sorell Trucks is a subsidiary of Orvane Group.
""",
    "contract.txt": """Pelora Motors agrees long-term battery contract with Voltan Cells

Published July 16, 2020

Pelora Motors has agreed a long-term supply contract worth 2 billion euros for battery cells with Voltan Cells.

Pelora Motors did not say how long the contract runs.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("owners"), ARTICLES)


def test_how_a_sum_is_split_is_answered_by_its_parts(bot: EvBot) -> None:
    reply = bot.ask("how is the brava dessa investment split?")
    assert reply.found and "80 million euros" in reply.text


def test_what_the_money_is_for(bot: EvBot) -> None:
    reply = bot.ask("what's dessa going to use the brava money for?")
    assert reply.found and "factory in Leeds" in reply.text


def test_who_signed_the_contract_asks_for_people(bot: EvBot) -> None:
    reply = bot.ask("Who signed the Dessa investment contract, and where?")
    assert reply.found and "Lena Park" in reply.text and "Seoul" in reply.text


def test_an_accented_name_is_the_articles_plain_one(bot: EvBot) -> None:
    reply = bot.ask("Where is the Brava/Nortek/Koç battery factory going to be?")
    assert reply.found and "Ankara" in reply.text


def test_two_units_merger_is_their_owners_deal_and_no_longer_on_hold(bot: EvBot) -> None:
    reply = bot.ask("is the tenmark sorell trucks merger still on hold?")
    assert reply.found and reply.text.startswith("No: signed") and "final agreement" in reply.text


def test_a_long_term_contract_says_not_how_long(bot: EvBot) -> None:
    reply = bot.ask("How many years does the Pelora-Voltan supply contract run?")
    assert "did not say how long" in reply.text and "long-term supply contract" not in reply.text
