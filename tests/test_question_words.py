"""Analysts' words for what they want, read as such, on articles written for these tests.

"signed when and where?" asks for a date and a place; "where's HQ" is no company called HQ; "who runs
Brisa Mobility?" asks for the venture's chief, not a parent's; "size of the writedown" is the impairment's
sum; "it did not say how much" withholds the sum of the company it speaks of, and no other's; "indonesia"
is the country, not Indonesia Battery Corporation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "mou.txt": """Pelora Energy signs battery memorandum with Casvik Motors

Published January 12, 2021

Pelora Energy and Casvik Motors have signed a memorandum of understanding on a battery cell plant, the companies said on Tuesday.

The memorandum was signed on Dec. 18 at the Halden Hotel in Oslo, on the sidelines of a trade conference.
""",
    "venture.txt": """Brisa Motors and Tolvan Systems form self-driving venture

Published September 23, 2019

Brisa Motors and Tolvan Systems will form Brisa Mobility, a 50/50 joint venture to develop driverless cars, the companies said on Monday.

The new company will be headquartered in Denver and led by Omar Quill, currently president of Tolvan's autonomy unit.
""",
    "venture-2.txt": """Brisa Mobility starts road tests

Published May 4, 2020

Brisa Mobility began testing its driverless cars in Denver this week.

"Tolvan has been our partner of choice," said Rena Marsh, Brisa Motors' chief executive, at the launch.
""",
    "writedown.txt": """Harlow Motors takes charge on Quarry Robotics

Published October 26, 2022

Harlow Motors said Quarry Robotics, the self-driving start-up it backed in 2017, will shut down.

The carmaker took a $1.9 billion non-cash impairment on its Quarry investment, which pushed it to a quarterly loss.
""",
    "fund.txt": """Saudi fund and Holvik launch Velo car brand

Published November 3, 2022

RIYADH - Saudi Arabia's Kestrel Investment Fund (KIF) and Taiwan's Holvik are setting up a joint venture called Velo to make electric cars in the kingdom, the fund said on Thursday.

KIF, which manages more than $700 billion of assets, said Velo's first cars are due in 2025.

KIF said Velo would attract more than $150 million of foreign investment by 2030. It did not say how much each partner would invest.
""",
    "two-backers.txt": """Ovesta and Ramber back battery start-up Lumio

Published November 30, 2021

Ovesta Motors and Ramber Group on Tuesday announced separate agreements with Lumio Energy to develop solid-state cells.

Ovesta Motors said it is joining forces with Lumio to develop cells. It said it is investing "a high double-digit million dollar amount" in the start-up, which gives it a board seat.

Ramber Group said it had signed a development agreement with Lumio and was making a "strategic investment" in the company. It did not say how much.
""",
    "state-firm.txt": """Korin Motors to buy cells from Indonesian state battery firm

Published March 9, 2022

Korin Motors has signed a supply agreement with state-owned Indonesia Battery Corporation (IBC) for cells from 2024, the companies said.
""",
    "country-mou.txt": """Velan Energy signs battery memorandum in Indonesia

Published January 5, 2021

Velan Energy has signed a memorandum of understanding with Indonesia on a battery cell plant, officials said.

The memorandum was signed on Dec. 18 in Jakarta.
""",
    "assembly.txt": """Varro Auto to build Pell Motors' Strand SUV

Published October 15, 2020

Pell Motors has signed a deal with supplier Varro Auto to build its Strand electric SUV in Europe, marking Varro's first contract with a start-up.

Under the agreement, Varro will supply the platform for the Strand, and its Varro Steyr unit will assemble the SUV at its plant in Graz, Austria.
""",
    "spodumene.txt": """Piedmont Lithium signs spodumene deal with Arden Motors

Published September 28, 2020

Piedmont Lithium has signed a binding agreement to supply Arden Motors with spodumene concentrate from its deposit in North Carolina, at a fixed price.

Arden said in June it expects to spend more than $1 billion a year on battery raw materials.

Piedmont is seeking investors to help fund the $840 million project.
""",
    "other-lithium.txt": """Varn Motors signs lithium deal with Osk Lithium

Published October 20, 2022

Varn Motors has signed a lithium supply deal with Osk Lithium. Varn gave no details of the price of the lithium.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(Path(tmp_path_factory.mktemp("words")), ARTICLES)


def test_when_and_where_after_the_verb_asks_for_both(bot: EvBot) -> None:
    reply = bot.ask("pelora casvik mou - signed when and where?")
    assert reply.found
    assert "Dec. 18" in reply.text and "Oslo" in reply.text


def test_hq_is_a_word_for_headquarters_not_an_unknown_company(bot: EvBot) -> None:
    reply = bot.ask("brisa-tolvan venture: where's HQ and who leads it?")
    assert reply.found
    assert "Denver" in reply.text and "Omar Quill" in reply.text


def test_who_runs_a_venture_named_by_its_name_gets_its_chief_not_a_parents(bot: EvBot) -> None:
    reply = bot.ask("who runs brisa mobility?")
    assert reply.found and "Omar Quill" in reply.text
    assert "Rena Marsh" not in reply.text


def test_a_writedown_is_the_impairment_sum(bot: EvBot) -> None:
    reply = bot.ask("size of harlow's quarry writedown?")
    assert reply.found and "$1.9 billion" in reply.text


def test_a_fund_is_a_party_to_the_venture_it_sets_up(bot: EvBot) -> None:
    assert any({"Kestrel Investment Fund", "Holvik"} <= set(d.parties) for d in bot.kb.deals)


def test_a_sum_said_to_be_withheld_is_not_answered_by_another_figure(bot: EvBot) -> None:
    reply = bot.ask("how much are kif and holvik each putting in?")
    assert not reply.found
    assert "did not say how much each partner would invest" in reply.text
    assert "$150 million" not in reply.text and "$700 billion" not in reply.text


def test_investment_a_project_would_attract_is_no_sum_paid(bot: EvBot) -> None:
    reply = bot.ask("how much is KIF investing in velo?")
    assert "$150 million" not in reply.text


def test_another_companys_withheld_sum_does_not_hide_the_one_asked(bot: EvBot) -> None:
    reply = bot.ask("how much did ovesta invest in lumio?")
    assert reply.found and "double-digit million" in reply.text


def test_a_country_is_not_the_company_named_after_it(bot: EvBot) -> None:
    reply = bot.ask("has velan signed anything with indonesia?")
    assert reply.found and "memorandum of understanding with Indonesia" in reply.text
    assert "Indonesia Battery Corporation" not in reply.text


def test_where_is_answered_by_the_town_before_the_continent(bot: EvBot) -> None:
    reply = bot.ask("varro pell: where's the strand built?")
    assert reply.found and "Graz, Austria" in reply.text


def test_a_price_per_tonne_is_not_answered_by_a_yearly_total(bot: EvBot) -> None:
    reply = bot.ask("what price per tonne is arden paying piedmont for the spodumene?")
    assert not reply.found
    assert "$1 billion" not in reply.text and "Varn" not in reply.text


def test_a_lowercase_short_name_and_an_unused_abbreviation(bot: EvBot) -> None:
    reply = bot.ask("how much does piedmont's nc project cost")
    assert reply.found and "$840 million" in reply.text
    deals = bot.ask("who has piedmont signed with?")
    assert deals.found and "Arden Motors" in deals.text and "Varn" not in deals.text


def test_a_country_typed_is_not_the_company_named_after_it(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "exit.txt": """Halvo Energy quits Chile's battery 'Andes Package'

Published April 23, 2025

Halvo Energy has formally pulled out of a $4 billion project to build a battery supply chain in Chile, the company said on Monday.

State-owned Chile Battery Corporation, a planned partner, did not respond to requests for comment.
""",
        },
    )
    reply = bot.ask("Is Halvo still in Chile's Andes Package battery project?")
    assert reply.found and "pulled out" in reply.text


def test_a_ventures_name_no_article_uses_is_read_as_the_companies_it_names(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "jv.txt": """JSW Group and SAIC form MG Motor India venture

Published November 30, 2023

JSW Group and SAIC Motor have formed a joint venture for MG Motor India, with JSW Group set to hold a 35% stake.
""",
        },
    )
    reply = bot.ask("what % does JSW Group get in the JSW MG Motor India deal?")
    assert reply.found and "35%" in reply.text
