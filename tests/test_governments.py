"""Governments and public bodies as parties: a country's government that signs with a company is a party,
named after the country however the article calls it, so that its storyline keeps one deal; a school district
that awards a contract is a buyer; a government that approves or subsidises is no party. A company learned in
one `evbot ingest` is known in the next. Articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "0uae.txt": """Norvik Freight signs MoU with UAE ministry for electric freight grid

Published June 1, 2023

ABU DHABI - Swedish freight firm Norvik Freight has signed a memorandum of understanding with the UAE Ministry of Energy and Infrastructure to build a network of 2,000 electric trucks.

The agreement, signed in Abu Dhabi and announced on Wednesday, covers a grid of 550 kilometres.
""",
    "1mou.txt": """Kestrel Power signs MoU with Morocco for battery gigafactory

May 31, 2023

RABAT - Chinese battery maker Kestrel Power signed a memorandum of understanding with the Moroccan government on Wednesday to study building a battery gigafactory in the country.

The German government approved subsidies of 920 million euros for a rival plant in Saxony last month.
""",
    "2deal.txt": """Kestrel Power and Morocco sign investment agreement for Kenitra plant

June 6, 2024

RABAT - Kestrel Power signed an investment agreement with the government of Morocco on Thursday for a $1.3 billion battery plant in Kenitra, north of the capital.

The plant is to make 20 GWh of cells a year at first.
""",
    "3bus.txt": """Voltbus wins school bus contract

March 2, 2022

Electric bus maker Voltbus Inc. has been awarded a contract by Brookfield County Public Schools to supply 120 electric school buses over four years, the district said.

The district chose electric buses rather than diesel ones, at a cost of $38 million for the whole contract.
""",
    "4czech.txt": """Brenna Auto and Czech government sign battery plant memorandum

February 3, 2023

PRAGUE - Brenna Auto and the Czech government signed a non-binding memorandum of understanding on Friday about a possible battery gigafactory near Plzen.
""",
    "5hold.txt": """Brenna Auto puts Czech gigafactory plan on hold

November 1, 2023

PRAGUE - Brenna Auto has put its plan for a battery gigafactory in the Czech Republic on hold, the Czech government said on Wednesday, citing weak demand for electric cars in Europe.
""",
    "6approval.txt": """Dramont to take stake in Chinese carmaker Lunar Auto

Published April 3, 2024

Dramont agreed to buy 21% of Lunar Auto for 1.5 billion euros. The deal remains subject to approval by the Chinese government, and Dramont said the two groups had agreed to work together on the formalities.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("governments"), ARTICLES)


def _pairs(bot: EvBot) -> dict[frozenset[str], str]:
    return {frozenset(d.parties): d.status for d in bot.kb.deals}


def test_a_government_that_signs_is_a_party_under_the_countrys_name(bot: EvBot) -> None:
    deals = [d for d in bot.kb.deals if "Kestrel Power" in d.parties]
    assert [set(d.parties) for d in deals] == [{"Kestrel Power", "Morocco (government)"}]
    assert deals[0].status == "signed" and len(deals[0].articles) == 2  # "the Moroccan government", then "of Morocco"


def test_a_government_party_goes_on_with_its_deal_where_it_only_speaks(bot: EvBot) -> None:
    assert _pairs(bot)[frozenset({"Brenna Auto", "Czech Republic (government)"})] == "ended"
    reply = bot.ask("Is Brenna's Czech gigafactory still on?")
    assert reply.found and "hold" in reply.text


def test_a_school_district_that_awards_a_contract_is_the_buyer(bot: EvBot) -> None:
    assert _pairs(bot)[frozenset({"Voltbus Inc", "Brookfield County Public Schools"})] == "signed"
    reply = bot.ask("What deals has Voltbus done?")
    assert "Brookfield County Public Schools" in reply.text


def test_a_government_that_approves_or_subsidises_is_no_party(bot: EvBot) -> None:
    parties = {p for d in bot.kb.deals for p in d.parties}
    assert "China (government)" not in parties and "Germany (government)" not in parties
    assert frozenset({"Dramont", "Lunar Auto"}) in _pairs(bot)


def test_a_company_learned_in_one_ingest_is_known_in_the_next(tmp_path: Path) -> None:
    first = tmp_path / "first.txt"
    first.write_text(
        "Voltra signs deal with Orbis Cells\n\nPublished May 2, 2024\n\n"
        "Voltra Mobility Group and Orbis Cells signed a supply agreement for battery packs.\n",
        encoding="utf-8",
    )
    second = tmp_path / "second.txt"
    second.write_text(
        "Orbis ends Voltra pact\n\nPublished June 9, 2025\n\n"
        "Orbis Cells has terminated its supply agreement with Voltra, the companies said.\n",
        encoding="utf-8",
    )
    for path in (first, second):
        assert EvBot.open(tmp_path / "kb.json").ingest_paths([str(path)]).added
    deal = next(d for d in EvBot.open(tmp_path / "kb.json").kb.deals if "Orbis Cells" in d.parties)
    assert deal.status == "ended" and len(deal.articles) == 2


def test_a_rate_per_kilometre_is_not_a_contracts_total_nor_a_typo_of_rather(bot: EvBot) -> None:
    reply = bot.ask("What per-kilometre rate does Brookfield County Public Schools pay Voltbus?")
    assert not reply.found and "$38 million" not in reply.text
    assert bot.ask("How much is the Voltbus school bus contract worth?").text.count("$38 million") == 1


def test_the_agreement_signed_is_the_memorandum_the_lead_reported(bot: EvBot) -> None:
    assert _pairs(bot)[frozenset({"Norvik Freight", "United Arab Emirates (government)"})] == "preliminary"
    reply = bot.ask("is the norvik uae deal a firm contract?")
    assert reply.found and reply.text.startswith("No")
