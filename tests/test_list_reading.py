"""List and storyline questions read by their words for kinds, first steps and vehicle segments, on articles written here.

Two acquisitions (a battery recycler, and a maker of bus battery packs), a truck-charging venture that began
as a non-binding agreement and became binding, and a scooter battery-swapping partnership.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot
from bot.models import Request

ARTICLES = {
    "recycler.txt": """Harwick Mining completes takeover of battery recycler Lumex Cycle

Published: 2025-08-08

Harwick Mining said on Friday it had completed its acquisition of Lumex Cycle, the battery recycler, for $60 million.
""",
    "bus-packs.txt": """Brenna Trucks buys bus battery maker Volterra Packs

Published: 2023-11-10

Brenna Trucks has agreed to acquire Volterra Packs, which makes battery packs for electric buses, for $210 million.
""",
    "charging-mou.txt": """Truckmakers Osgard and Tessel plan a charging network

Published: 2021-07-05

Osgard Trucks and Tessel Group signed a non-binding agreement on Monday to form a joint venture that will build charging points for heavy-duty trucks.
""",
    "charging-binding.txt": """Osgard and Tessel seal their truck charging venture

Published: 2021-12-16

The venture will be based in Rotterdam and open its first sites in 2022.

Osgard Trucks and Tessel Group signed a binding agreement on Thursday to form their joint venture for truck charging.
""",
    "scooters.txt": """Ravi Motors and Swapgo team up on scooter batteries

Published: 2021-04-21

Ravi Motors and Swapgo signed a partnership on Wednesday to offer battery swapping for electric scooters.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("lists"), ARTICLES)


def listed(bot: EvBot, question: str) -> list[set[str]]:
    reply = bot.handle(Request(text=question))
    assert reply.kind == "deals", (question, reply.text)
    return [set(d.parties) for d in reply.deals]


def test_a_kind_of_deal_in_the_plural_asks_for_a_list(bot: EvBot) -> None:
    deals = listed(bot, "What acquisitions are in the news?")
    assert {"Harwick Mining", "Lumex Cycle"} in deals and {"Brenna Trucks", "Volterra Packs"} in deals
    assert not any("Swapgo" in d for d in deals)


def test_topics_joined_by_or_widen_the_list(bot: EvBot) -> None:
    deals = listed(bot, "What battery recycling or battery-business acquisitions are there?")
    assert {"Harwick Mining", "Lumex Cycle"} in deals and {"Brenna Trucks", "Volterra Packs"} in deals


def test_began_as_reads_each_deals_first_step(bot: EvBot) -> None:
    deals = listed(bot, "Which tie-ups began as a non-binding agreement?")
    assert deals == [{"Osgard Trucks", "Tessel Group"}]
    now = bot.handle(Request(text="which deals are non-binding?"))
    assert not now.deals and "don't know" in now.text  # the venture is binding now


def test_trucks_and_buses_are_one_segment_and_scooters_another(bot: EvBot) -> None:
    deals = listed(bot, "what commercial vehicle deals are there - trucks, buses, mining gear?")
    assert {"Osgard Trucks", "Tessel Group"} in deals and {"Brenna Trucks", "Volterra Packs"} in deals
    assert not any("Swapgo" in d or "Lumex Cycle" in d for d in deals)
    assert listed(bot, "any scooter deals?") == [{"Ravi Motors", "Swapgo"}]


def test_the_first_step_is_the_earliest_status_of_the_storyline(bot: EvBot) -> None:
    reply = bot.handle(
        Request(text="What was the very first step Osgard Trucks and Tessel Group took toward their venture?")
    )
    assert "non-binding" in reply.text.lower() and "2021" in reply.text, reply.text


def test_what_has_a_company_signed_up_for_lists_its_deals_whatever_their_status(bot: EvBot) -> None:
    deals = listed(bot, "what has Osgard Trucks signed up for lately")
    assert {"Osgard Trucks", "Tessel Group"} in deals and {"Harwick Mining", "Osgard Trucks"} not in deals


def test_a_status_quotes_the_lead_sentence_that_tells_the_step(bot: EvBot) -> None:
    reply = bot.handle(Request(text="Did Osgard Trucks and Tessel Group sign anything binding for their venture?"))
    assert "signed a binding agreement on Thursday" in reply.text, reply.text


@pytest.fixture(scope="module")
def materials_bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    folder = tmp_path_factory.mktemp("materials")
    return bot_over(
        folder,
        {
            "nickel.txt": """Orbis Group signs nickel supply deal with Keldon Motors

Published July 22, 2021

Global miner Orbis Group said on Thursday it has signed a nickel supply agreement with Keldon Motors.

Orbis will supply Keldon with nickel from its Nickel West operation in Western Australia.
""",
            "tamarack.txt": """Keldon to buy nickel from Fenwick Metals

Published January 10, 2022

Keldon Motors has agreed to buy 75,000 tonnes of nickel concentrate over six years from Fenwick Metals' project in Minnesota.
""",
            "sic.txt": """Harlow Motors signs silicon carbide supply pact with Quorra

Published October 4, 2021

Harlow Motors said it has signed a supplier agreement with Quorra Inc to develop silicon carbide power devices for its electric vehicles.
""",
            "talks-ended.txt": """Ravel Auto and Sorn Motors end merger talks

Published March 25, 2024

Ravel Auto and Sorn Motors said their merger talks had collapsed.
""",
            "blocked.txt": """Regulators block Tarsk-Velmo tie-up

Published June 2, 2024

Competition regulators have blocked a planned merger of Tarsk Motors and Velmo Auto.
""",
            "sorn-keldon.txt": """Sorn Motors in talks with Keldon Motors

Published May 2, 2024

Sorn Motors is in talks with Keldon Motors about a battery partnership, people familiar with the matter said.
""",
        },
    )


def test_a_topic_word_is_no_company_and_names_with_a_trade_say_the_sector(materials_bot: EvBot) -> None:
    nickel = materials_bot.ask("list the nickel supply deals")
    assert nickel.found and "Orbis Group" in nickel.text and "Fenwick Metals" in nickel.text
    miners = materials_bot.ask("which deals does keldon have with miners?")
    assert "Orbis Group" in miners.text and "Fenwick Metals" in miners.text


def test_silicon_carbide_devices_are_chips(materials_bot: EvBot) -> None:
    reply = materials_bot.ask("which chip tie-ups are there?")
    assert reply.found and "Quorra" in reply.text


def test_deals_or_talks_is_every_deal_and_blocked_or_fell_apart_is_ended(materials_bot: EvBot) -> None:
    sorn = materials_bot.ask("who has sorn had deals or talks with")
    assert "Ravel Auto" in sorn.text and "Keldon Motors" in sorn.text
    ended = materials_bot.ask("list the deals that got blocked or fell apart")
    assert "Tarsk Motors" in ended.text and "Ravel Auto" in ended.text
    assert "Orbis Group" not in ended.text


def test_which_things_a_sector_bought_is_a_list_by_that_sector(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "buy.txt": """Pellam Energy agrees to buy Tollgate, Britain's biggest charging network

Published June 28, 2018

LONDON - British oil major Pellam Energy has agreed to buy Tollgate, the operator of Britain's largest public network of charging points.
""",
            "other.txt": """Halvo Motors and Kivra Battery form charging venture

Published May 2, 2019

Halvo Motors and Kivra Battery have signed an agreement to build fast-charging stations.
""",
        },
    )
    reply = bot.ask("which charging networks did oil majors buy?")
    assert reply.kind == "deals" and "Tollgate" in reply.text and "Halvo" not in reply.text


def test_a_region_of_several_countries_filters_by_the_companies_countries(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "chile.txt": """Codelco and SQM sign lithium partnership

Published May 31, 2024

Codelco and SQM have signed a binding agreement to form a lithium partnership in Chile's Atacama salt flat.
""",
            "ohio.txt": """Kestrel Motors and Voltan Cells sign battery deal

Published May 2, 2024

Kestrel Motors and Voltan Cells signed a battery supply agreement on Thursday.
""",
        },
    )
    reply = bot.ask("which lithium deals in south america are in here?")
    assert reply.found and "Codelco" in reply.text and "Kestrel" not in reply.text
