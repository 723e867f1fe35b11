"""A storyline's facts told in other words than the question's: "originally supposed to start delivering" is
answered by "was to start shipping"; a gigafactory is a factory; a venture named with its initials before
"a joint venture of"; a company described at length before its name; "Its capacity" after "The plant"; a
venture's ending told of its majority owner alone. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "delay.txt": """Kestrel Lithium pushes back first Tesla shipments

Published August 2, 2021

Kestrel Lithium Inc said on Monday that the first deliveries of lithium concentrate it promised to Tesla Inc will come later than planned.

Under the contract the two companies signed last September, Kestrel was to start shipping concentrate at some point between July 2022 and July 2023.
""",
    "slovak.txt": """Slovakia signs memorandum with Tarn Volta Batteries

Published November 24, 2023

Slovakia's government has signed a memorandum with Tarn Volta Batteries (TVB), a joint venture of China's Tarn Energy and Slovak start-up Voltaro, to develop a battery factory in Surany, about 100 km east of Bratislava.
""",
    "stake.txt": """Orbis Electronics buys majority of car cybersecurity start-up Quellam

Published September 15, 2021

Orbis Electronics, the Korean appliance maker, is taking a 64% stake in Tel Aviv-based vehicle cybersecurity company Quellam for $140 million.
""",
    "plant.txt": """Halvo Power to set up battery pack plant with Norvik Energy

Published June 9, 2023

Halvo Power signed an agreement with Norvik Energy to build a battery assembly plant, in a joint investment of about $104 million, the companies said.

The plant will be located in the Eastern Economic Corridor and is due to start assembling batteries in 2024. Its initial capacity will be 6 gigawatt-hours a year.

The country's government has offered subsidies for battery plants of more than 8 GWh.
""",
    "jv.txt": """Dramont and Cellix form battery cell venture Voltforce

Published June 21, 2021

Dramont AG and battery specialist Cellix Energy have completed the formation of their joint venture for battery cells.
""",
    "halt.txt": """Dramont scraps battery production at Voltforce

Published August 25, 2025

Dramont AG has cancelled plans to manufacture battery cells at its Voltforce subsidiary, blaming weak demand.

Dramont set up Voltforce in 2021 as a joint venture with Cellix Energy, taking a majority stake.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("later"), ARTICLES)


def test_originally_supposed_to_start_delivering_is_when_shipping_was_to_start(bot: EvBot) -> None:
    reply = bot.ask("When was Kestrel originally supposed to start delivering lithium to Tesla?")
    assert reply.found and "July 2022" in reply.text


def test_a_gigafactory_is_a_factory_and_a_venture_is_named_by_its_initials(bot: EvBot) -> None:
    where = bot.ask("Where is the Tarn Energy Voltaro gigafactory going?")
    assert where.found and "Surany" in where.text
    called = bot.ask("What is the Tarn Energy-Voltaro joint venture called?")
    assert called.found and "Tarn Volta Batteries" in called.text


def test_a_peoples_adjective_is_no_company(bot: EvBot) -> None:
    assert not any("Slovak" in p for d in bot.kb.deals for p in d.parties if p != "Slovakia (government)")


def test_a_company_described_at_length_before_its_name_is_a_party(bot: EvBot) -> None:
    reply = bot.ask("orbis quellam deal?")
    assert reply.found and "$140 million" in reply.text


def test_its_capacity_after_the_plant_is_the_plants(bot: EvBot) -> None:
    reply = bot.ask("halvo norvik plant capacity?")
    assert reply.found and reply.text.startswith("Its initial capacity will be 6 gigawatt-hours")


def test_a_ventures_end_told_of_its_majority_owner_ends_the_venture(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Dramont AG", "Cellix Energy"})
    assert deal.status == "ended" and len(deal.articles) == 2
