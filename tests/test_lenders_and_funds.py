"""Lenders, funds and development banks as parties: a public lender named in full and then by its short form
("the Fund for Regional Growth in Asia (FRGA)") is a company under both names; a round "led by" it, or a loan
"signed" with a long object before "with", relates it to the company it backs; "Petrovia Co." and a unit
described as "its e-mobility arm" are companies. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "0round.txt": """Zambeka raises $90 million led by the FRGA

Published March 4, 2025

NAIROBI - Zambeka, the electric motorcycle and battery-swapping company that operates in several East African countries, has raised $90 million in a new funding round led by the Fund for Regional Growth in Asia (FRGA), the equity arm of the African Trade Bank (Afritrabank).

FRGA is putting in $60 million of the total, with the remaining $30 million coming from an investor the company did not name.

"Riders choose us because we cost less to run," said chief executive Dario Venn, who joined two years ago, when Zambeka had 5,000 bikes.

FRGA chief executive Marta Osei said Zambeka's growth showed strong demand. Afritrabank president Ilse Moreau said the deal would bring skills and technology transfer.
""",
    "1loan.txt": """Lender backs Solvane's electric buses

Published May 2, 2024

BANGKOK - The Coastal Development Bank (CDB) has signed a loan package of 2.8 billion baht, about $80 million, with Solvane Mobility to buy up to 900 electric buses for the capital.

The U.S. International Finance Corporation (IFC) said separately that it had no plans to lend to the bus programme.

CDB has also signed a loan agreement with the Lanna International Cooperation Agency for river ferries.
""",
    "2mou.txt": """Harbour city transport firm signs charging pact with Petrovia

Published September 9, 2025

Harbour Transport Co. has signed a memorandum of understanding with Petrovia Co. to develop charging stations for electric buses.

Under the agreement, Harbour Transport Co. and Voltrine, Petrovia's e-mobility subsidiary, will work together on site assessments, design, installation and operational support for the charging stations.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("lenders"), ARTICLES)


def _pairs(bot: EvBot) -> dict[frozenset[str], str]:
    return {frozenset(d.parties): d.status for d in bot.kb.deals}


def test_a_fund_named_by_its_short_form_leads_the_round_it_is_a_party_to(bot: EvBot) -> None:
    assert _pairs(bot)[frozenset({"Zambeka", "Fund for Regional Growth in Asia"})] == "signed"
    reply = bot.ask("How much did FRGA put into Zambeka?")
    assert reply.found and "$60 million" in reply.text


def test_a_short_form_that_fits_the_name_names_it_and_a_peoples_word_does_not(bot: EvBot) -> None:
    assert bot.kb.gazetteer.canonical("Afritrabank") == "African Trade Bank"
    assert bot.kb.gazetteer.canonical("African") is None  # "in several East African countries" names no bank


def test_a_loan_signed_with_a_long_object_before_with_relates_the_lender_and_the_borrower(bot: EvBot) -> None:
    assert _pairs(bot)[frozenset({"Coastal Development Bank", "Solvane Mobility"})] == "signed"
    assert bot.ask("has the CDB solvane loan been signed?").text.startswith("Yes")


def test_a_generic_first_word_is_no_short_name_of_a_lender(bot: EvBot) -> None:
    parties = {p for d in bot.kb.deals for p in d.parties}
    assert "International Finance Corporation" not in parties  # not "International" of the ferry agency


def test_a_co_company_and_a_subsidiary_described_as_such_are_companies(bot: EvBot) -> None:
    assert _pairs(bot)[frozenset({"Harbour Transport Co", "Petrovia Co"})] == "preliminary"
    assert "Voltrine" in bot.kb.gazetteer.companies


def test_who_runs_a_company_is_its_own_chief_not_an_investors_that_names_it(bot: EvBot) -> None:
    reply = bot.ask("who runs zambeka?")
    assert "Dario Venn" in reply.text and "Marta Osei" not in reply.text


def test_a_unit_named_beside_its_owner_asks_about_its_owners_deal(bot: EvBot) -> None:
    reply = bot.ask("What will Voltrine do under the Harbour Transport agreement?")
    assert reply.found and "site assessments" in reply.text


def test_a_memorandums_summary_names_no_agreement_on_agreement(bot: EvBot) -> None:
    reply = bot.ask("harbour transport petrovia deal?")
    assert "non-binding agreement" in reply.text and "agreement on agreement" not in reply.text
