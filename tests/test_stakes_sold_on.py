"""A stake sold in two steps, told by two articles that name the companies with and without their legal suffixes
("Nordvik Energia Oyj", "Laddning AB"), the first saying only what Laddning is ("charging operator Laddning"): one
storyline, whose newest step says what the seller still holds; what the seller got for it; and whose arm the buyer
is. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "0first.txt": """Nordvik sells majority of charging operator Laddning to Kestrel's Harbourline

Published April 20, 2020

Finnish energy company Nordvik Energia has signed an agreement to sell a majority of its public charging business, Laddning, to Harbourline Partners, the infrastructure equity arm of British asset manager Kestrel Plc.

Once the transaction is done, Nordvik will keep a 40% stake in Laddning, the largest charge point operator in the region.

Harbourline is expected to hold the remaining 60%.
""",
    "1rest.txt": """Nordvik sells rest of Laddning to Harbourline

Published June 8, 2022

Finnish energy group Nordvik Energia Oyj said on Wednesday it will sell its remaining 40% stake in charging operator Laddning AB to Harbourline for about 60 million euros, ending its ownership of the business it built.

On completion, Harbourline will own 100% of Laddning.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("stakes"), ARTICLES)


def test_two_steps_told_with_and_without_legal_suffixes_are_one_deal(bot: EvBot) -> None:
    deals = [d for d in bot.kb.deals if "Harbourline Partners" in d.parties]
    assert len(deals) == 1 and len(deals[0].events) >= 2


def test_what_the_seller_still_owns_is_the_newest_step(bot: EvBot) -> None:
    reply = bot.ask("Does Nordvik still own part of Laddning?")
    assert reply.found and "remaining 40%" in reply.text


def test_what_the_seller_got_for_the_stake(bot: EvBot) -> None:
    reply = bot.ask("What did Nordvik get for its last Laddning stake?")
    assert reply.found and "60 million euros" in reply.text


def test_whose_arm_the_buyer_is(bot: EvBot) -> None:
    reply = bot.ask("Harbourline belongs to which group?")
    assert reply.found and "Kestrel" in reply.text
