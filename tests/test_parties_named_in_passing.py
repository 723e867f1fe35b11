"""Parties a lead names in ways the gazetteer cannot know: a company described before its verb ("Hollmark, the
municipal utility of ..., has sold"), one whose name opens with a pronoun ("grid company We Charge Local"), a
federation that signs an agreement itself, a Malaysian "Sdn Bhd" or an Australian "Services" company; a seller,
its buyer and the company sold in one sentence; "take 1,000 vans from" and "has reserved 3,000 <maker> vans" as
orders; a deal agreed in a clause beside talks about more of it. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "0sale.txt": """Coastal utility Hollmark sells charger maker voltbox to Parven Charging Systems

Published March 5, 2021

Hollmark, the municipal power utility of the German port city of Kiel, has sold its shares in charging company voltbox to Parven Charging Systems for 21.5 million euros, the utility said on Friday.

Parven will merge voltbox into its own business.
""",
    "1vans.txt": """Parcelo takes 1,000 more Ampvan electric vans, eyes 10,000 more; Grocera reserves 3,000

Published January 6, 2023

Parcelo Express has agreed to take 1,000 more electric delivery vans from Ampvan, the commercial EV unit of a large carmaker, on top of an initial order of 300, and is negotiating a long-term deal that could bring up to 10,000 more.

Grocera has reserved 3,000 Ampvan vans for its home-delivery fleet, the carmaker said.

Under the Parcelo agreement, the carrier gets priority production for the extra vans.

The further 10,000 vans depend on ongoing negotiations and a definitive purchase agreement, the companies said.
""",
    "2v2g.txt": """Kirova and We Charge Local put grid-linked shared cars on the road

Published May 2, 2022

Kirova Motor is teaming up with Danish car-sharing and grid company We Charge Local to deploy 80 electric cars in Aarhus that can feed power back to the grid.
""",
    "3loan.txt": """Lender signs school bus loans with operators' federation

Published November 3, 2021

The Northern Infrastructure Bank (NIB) has signed an agreement with Ontario's Coach Operators Federation to lend up to C$200 million for 2,000 electric school buses.

The Federation represents 400 private bus companies.
""",
    "4mou.txt": """Pelangi Charge and Ravana to build fast chargers

Published October 10, 2022

Ravana Green Mobility Sdn Bhd, the clean-energy unit of an oil company, has signed a memorandum of understanding with Pelangi Charge Sdn Bhd to build 30 fast chargers in 2023.
""",
    "5clubs.txt": """Motoring clubs buy charging network Plugwise

Published July 1, 2022

Plugwise, the operator of a large public charging network, has been fully acquired by Southern Motoring Services, which is owned by several motoring clubs.

The price was not disclosed.
""",
    "6resale.txt": """Ostra to sell most of its Lumo charging network to Zapline

Published November 10, 2025

Ostra Energy has agreed to sell "a large portion" of its Lumo Charging network to Zapline, a company that pairs chargers with advertising screens, three years after buying it.
""",
    "6buy.txt": """Ostra Energy buys Lumo Charging

Published January 10, 2023

Ostra Energy has agreed to acquire Lumo Charging in an all-cash transaction valued at about $120 million.

Under the merger agreement, Ostra will pay 95 cents for each outstanding share of Lumo's Class A stock.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("passing"), ARTICLES)


def _deals(bot: EvBot) -> dict[frozenset[str], tuple[str, str]]:
    return {frozenset(d.parties): (d.kind, d.status) for d in bot.kb.deals}


def test_a_company_described_before_its_verb_sells_its_shares_to_a_buyer(bot: EvBot) -> None:
    assert _deals(bot)[frozenset({"Hollmark", "Parven Charging Systems"})] == ("acquisition", "signed")


def test_the_buyer_after_sold_to_is_the_payer(bot: EvBot) -> None:
    reply = bot.ask("What did Parven pay Hollmark for voltbox?")
    assert reply.found and "21.5 million euros" in reply.text


def test_vans_taken_from_a_maker_are_an_order_agreed_beside_talks_about_more(bot: EvBot) -> None:
    deals = _deals(bot)
    assert deals[frozenset({"Parcelo Express", "Ampvan"})][1] == "signed"
    assert (
        deals[frozenset({"Grocera", "Ampvan"})][1] == "signed"
    )  # the talks are Parcelo's, told after "Under the Parcelo agreement"
    reply = bot.ask("Is the Parcelo deal for 10,000 more Ampvan vans signed?")
    assert reply.found and "negotiat" in reply.text.lower()


def test_a_name_that_opens_with_a_pronoun_after_what_it_is(bot: EvBot) -> None:
    assert frozenset({"Kirova Motor", "We Charge Local"}) in _deals(bot)


def test_a_federation_that_signs_an_agreement_is_a_party(bot: EvBot) -> None:
    assert frozenset({"Northern Infrastructure Bank", "Coach Operators Federation"}) in _deals(bot)
    reply = bot.ask("How much will NIB lend to the Coach Operators Federation?")
    assert reply.found and "C$200 million" in reply.text


def test_malaysian_and_services_companies_are_parties(bot: EvBot) -> None:
    deals = _deals(bot)
    assert deals[frozenset({"Ravana Green Mobility Sdn Bhd", "Pelangi Charge Sdn Bhd"})][1] == "preliminary"
    assert deals[frozenset({"Plugwise", "Southern Motoring Services"})][0] == "acquisition"


def test_a_company_sold_on_keeps_the_deal_that_bought_it(bot: EvBot) -> None:
    deals = _deals(bot)
    assert deals[frozenset({"Ostra Energy", "Lumo Charging"})] == ("acquisition", "signed")
    assert any({"Ostra Energy", "Zapline"} <= parties for parties in deals)
    reply = bot.ask("Who is Ostra selling Lumo to?")
    assert reply.found and "Zapline" in reply.text


def test_the_latest_on_two_companies_is_the_deal_of_theirs_that_moved_last(bot: EvBot) -> None:
    reply = bot.ask("What's the latest on Ostra and Lumo?")
    assert reply.found and "Zapline" in reply.text


def test_a_price_for_each_outstanding_share_is_no_total(bot: EvBot) -> None:
    total = bot.ask("How much did Ostra pay for Lumo?")
    assert total.found and "$120 million" in total.text and "95 cents" not in total.text
    each = bot.ask("per-share price Ostra offered Lumo holders?")
    assert each.found and "95 cents" in each.text
