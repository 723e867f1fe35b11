"""A list asked "in India and Southeast Asia" wants deals in either area, not deals between a company of each; a
list of chip deals holds a deal with a chipmaker, whatever its sentences are about. Articles written for these
tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "india.txt": """Kestrel Mobility leads funding round in Indian fleet firm Everfleet Mobility

Published June 14, 2023

Kestrel Mobility has led a $20 million funding round in Indian electric fleet operator Everfleet Mobility, the companies said.
""",
    "indonesia.txt": """Gojo and Tarn Energy form electric motorbike venture

Published November 19, 2021

Indonesian ride-hailing firm Gojo Group and Tarn Energy signed an agreement to set up a joint venture for electric motorbikes.
""",
    "germany.txt": """Dramont Motors and Halvo Cells sign German battery deal

Published May 2, 2022

German carmaker Dramont Motors and Halvo Cells signed a supply agreement for battery cells.
""",
    "chipmaker.txt": """Sorrel Devices opens Arizona plant

Published January 5, 2021

US chipmaker Sorrel Devices Inc has opened a new plant in Arizona.
""",
    "bms.txt": """Dramont Motors picks Sorrel for wireless battery monitoring

Published March 3, 2021

Sorrel Devices has signed an agreement with Dramont Motors to supply a wireless battery management system for its electric cars.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("areas"), ARTICLES)


def test_deals_in_two_areas_are_deals_in_either(bot: EvBot) -> None:
    reply = bot.ask("What fleet EV deals are there in India and Southeast Asia?")
    assert "Everfleet" in reply.text and "Gojo" in reply.text and "Dramont" not in reply.text
    assert reply.title.startswith("Deals with Indian or Southeast Asia")


def test_a_deal_with_a_chipmaker_is_a_chip_deal(bot: EvBot) -> None:
    reply = bot.ask("Which chip or semiconductor deals are there?")
    assert "Sorrel Devices" in reply.text and "Halvo" not in reply.text
