"""Names and places with accents, typed without them; places told by what they are ("the Colombian capital");
lists of the deals in a town; and a sentence about another company that says where, which answers nothing
about the company asked. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "buses.txt": """Tenmark Motors to supply 120 electric buses to Bogotá operator Vía Américas

Published March 3, 2024

BOGOTÁ, March 3 - Tenmark Motors has signed a contract to supply 120 electric buses to Vía Américas, an operator of the city's rapid transit system, the companies said on Sunday.

The buses will enter service in the Colombian capital by December 2024, Vía Américas said.

The contract is worth about $45 million, according to the operator.

Separately, Özkan Holding said its bus unit would keep building diesel coaches in Sakarya.
""",
    "cells.txt": """Brenna Auto and Kestrel Cells pick Łódź for battery plant

Published May 8, 2024

Brenna Auto and Kestrel Cells have agreed to build a battery cell plant in Łódź, the companies said.

The plant will make 20 GWh of cells a year from 2027.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("accents"), ARTICLES)


def test_a_company_whose_name_has_accents_is_a_party(bot: EvBot) -> None:
    pairs = {frozenset(d.parties) for d in bot.kb.deals}
    assert frozenset({"Tenmark Motors", "Vía Américas"}) in pairs
    assert frozenset({"Brenna Auto", "Kestrel Cells"}) in pairs


def test_a_name_typed_without_its_accents_is_found(bot: EvBot) -> None:
    reply = bot.ask("how much is the tenmark via americas contract worth?")
    assert reply.found and "$45 million" in reply.text


def test_a_place_typed_without_its_accents_is_found(bot: EvBot) -> None:
    reply = bot.ask("how many buses is tenmark supplying to bogota?")
    assert reply.found and "120" in reply.text


def test_a_place_told_by_its_country_answers_where(bot: EvBot) -> None:
    reply = bot.ask("where will the tenmark buses run?")
    assert reply.found and ("Colombian capital" in reply.text or "Bogotá" in reply.text)


def test_another_company_s_place_is_no_answer_about_the_one_asked(bot: EvBot) -> None:
    reply = bot.ask("where will the tenmark buses run?")
    assert "Sakarya" not in reply.text


def test_a_list_of_the_deals_in_a_town_holds_only_those(bot: EvBot) -> None:
    reply = bot.ask("which deals are in bogota?")
    assert reply.found and "Tenmark" in reply.text and "Brenna" not in reply.text


def test_a_list_of_the_deals_in_either_town(bot: EvBot) -> None:
    reply = bot.ask("which deals are in Lodz or Bogota?")
    assert reply.found and "Tenmark" in reply.text and "Brenna" in reply.text and "Alibaba" not in reply.text


def test_a_town_no_deal_is_in_empties_the_list_plainly(bot: EvBot) -> None:
    reply = bot.ask("which deals are in Sakarya?")
    assert not reply.found and "Sakarya" in reply.text


def test_a_list_of_bus_deals_asked_in_the_singular(bot: EvBot) -> None:
    reply = bot.ask("what electric bus deals are there?")
    assert reply.found and "Tenmark" in reply.text and "Brenna" not in reply.text and "Alibaba" not in reply.text
