"""An ending threatened or ordered on a condition is no ending; a list of battery-swapping deals is not every
battery deal; "list the bus orders" asks for a list. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "order.txt": """Voltbus wins electric bus lease from Brookfield transit agency

Published July 10, 2023

Voltbus Inc. has been awarded a contract by the Brookfield Transit Authority to lease 500 electric buses over 12 years.
""",
    "threat.txt": """Minister threatens to cancel Voltbus bus contract over delays

Published May 27, 2025

Transport minister Dana Holt has told officials of the Brookfield Transit Authority to cancel its contract to lease 500 electric buses from Voltbus Inc. if the company fails to deliver 100 buses by July.

Only 40 buses have been delivered so far.
""",
    "swap.txt": """Kestrel Motors and Tarn Cells form battery swapping venture

Published March 3, 2024

Kestrel Motors and Tarn Cells signed an agreement to set up a joint venture that will run battery swapping stations for electric scooters.
""",
    "cells.txt": """Orbis Cells to supply battery cells to Halvo Motors

Published April 9, 2024

Orbis Cells signed a contract to supply battery cells to Halvo Motors for its next electric cars.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("threats"), ARTICLES)


def test_a_contract_threatened_on_a_condition_still_stands(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if "Voltbus Inc" in d.parties)
    assert set(deal.parties) == {"Voltbus Inc", "Brookfield Transit Authority"} and deal.status == "signed"
    reply = bot.ask("Has the Voltbus contract been cancelled?")
    assert reply.found and not reply.text.lower().startswith("yes")


def test_battery_swapping_deals_are_not_every_battery_deal(bot: EvBot) -> None:
    reply = bot.ask("Which battery swapping deals are there?")
    assert "Tarn Cells" in reply.text and "Halvo" not in reply.text


def test_list_the_orders_asks_for_a_list(bot: EvBot) -> None:
    reply = bot.ask("list the electric bus orders")
    assert reply.found and reply.text.startswith("- ") and "Voltbus" in reply.text
