"""A storyline told of two companies' units, and questions about which step it has reached, on articles written
for these tests.

"Ueno is a Morita subsidiary": a question about Kessel and Ueno is about their owners' deal. "Still only an
MoU?" is answered no once the definitive agreement is signed; "the May 2023 MoU" is that step; "binding or
just an MoU?" asks which of the two.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "mou.txt": """Brenmark Group and Morita Motor plan to merge truck units

Published May 30, 2023

TOKYO, May 30 - Brenmark Group and Morita Motor on Tuesday signed a non-binding memorandum of understanding to merge their truck units, Kessel Motors and Ueno Motors, under a jointly owned holding company.

Brenmark Group is the majority shareholder in Kessel Motors, while Ueno Motors is a Morita subsidiary.

Kessel and Ueno would merge on an equal footing and cooperate in development and purchasing.
""",
    "definitive.txt": """Morita and Brenmark sign definitive truck merger deal

Published June 10, 2025

TOKYO - Morita Motor and Brenmark Group on Tuesday signed the definitive agreement to merge their truck subsidiaries Ueno Motors and Kessel Motors under a new listed holding company.

The schedule slipped by more than a year after Ueno Motors admitted to faking engine test data.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(Path(tmp_path_factory.mktemp("units")), ARTICLES)


def test_a_unit_an_article_says_is_owned_answers_for_its_owners_deal(bot: EvBot) -> None:
    reply = bot.ask("has ueno signed anything with brenmark?")
    assert reply.found and "definitive agreement" in reply.text


def test_still_only_an_mou_is_no_once_the_definitive_deal_is_signed(bot: EvBot) -> None:
    reply = bot.ask("is the kessel ueno merger still only an mou?")
    assert reply.found and reply.text.startswith("No") and "definitive" in reply.text


def test_a_step_named_by_its_date_is_that_step(bot: EvBot) -> None:
    reply = bot.ask("was the may 2023 kessel ueno mou binding")
    assert reply.found and "non-binding" in reply.text
    assert "definitive" not in reply.text


def test_binding_or_just_an_mou_says_which(bot: EvBot) -> None:
    reply = bot.ask("morita brenmark truck merger: binding or just an mou?")
    assert reply.found and reply.text.startswith("Binding")
