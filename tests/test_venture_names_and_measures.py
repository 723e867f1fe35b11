"""What a question asks for, read generally: "what's the JV called?" wants the venture's own name (not a
platform's, nor a "Toyota-branded" car's maker, nor the place a van is sold in), and "how much wiring does it remove?" wants a quantity or a
share of something, not money. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "0jv.txt": """Kairo and Zentro to form robotaxi venture

Published August 4, 2023

Self-driving start-up Zentro said on Friday it will form a joint venture with carmaker Kairo Motor to deploy driverless robotaxis, with more than 1 billion yuan of investment.

Kairo Sales, headquartered in Nanjing, will supply Zentro with Kairo-branded electric cars fitted with backup steering and braking systems.

The cars will carry Zentro's self-driving software and run on its ride-hailing platform, ZentroGo.
""",
    "1bms.txt": """Veltra and Ohmic Devices develop wireless battery system

Published September 9, 2020

Veltra Motors has signed an agreement with chipmaker Ohmic Devices to use its wireless battery management system in its electric cars.

By replacing most of the wiring inside the pack with wireless links, the system cuts wiring in the batteries by up to 80% and pack volume by up to 12%.

Financial terms were not disclosed.
""",
    "2models.txt": """Kairo and Tessen name first co-developed models

Published September 12, 2024

Kairo Motor and Tessen Auto have signed an agreement to co-develop five vehicles.

The fifth is a battery-electric commercial van for North America, which will be built in the United States from 2028.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("names"), ARTICLES)


def test_a_venture_whose_name_is_not_given_is_said_to_have_none(bot: EvBot) -> None:
    reply = bot.ask("What's the Kairo Zentro robotaxi JV called?")
    assert not reply.found and "ZentroGo" not in reply.text and "branded" not in reply.text


def test_how_much_of_a_thing_is_a_quantity_not_money(bot: EvBot) -> None:
    reply = bot.ask("How much wiring does the Veltra Ohmic wireless system remove?")
    assert reply.found and "80%" in reply.text
    money = bot.ask("How much money is the Veltra Ohmic deal worth?")
    assert "not disclosed" in money.text


def test_a_place_is_no_name_of_the_thing_asked_about(bot: EvBot) -> None:
    reply = bot.ask("What will the Kairo-Tessen electric van be called?")
    assert not reply.found and "North America" not in reply.text
