"""Short chat forms are read as what they ask, on articles written for these tests.

"solid-state battery deals?" is a list; "is Quell in Voltline now?" asks a deal's status; "are Orlen and
Vesna still partners in Vesorl?" names a venture beside its parents; "when will they start mass producing?"
asks for a production date, not the date the deal was signed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "venture-1.txt": """Orlen Motors and Vesna Cells form battery venture Vesorl

Published March 2, 2021

Orlen Motors and Vesna Cells have signed a deal to set up Vesorl, a 50/50 joint venture that will make battery cells in Gdansk.
""",
    "venture-2.txt": """Orlen Motors to take full ownership of Vesorl

Published January 29, 2025

Orlen Motors has signed an agreement to buy Vesna Cells' stake in their joint venture Vesorl, without disclosing the price.

The purchase will give Orlen Motors full ownership of Vesorl, ending the partnership.
""",
    "solid.txt": """Tamsin Motors invests in solid-state battery start-up Quell Energy

Published May 5, 2023

Tamsin Motors has bought a stake in Quell Energy, which develops solid-state batteries, the companies said.

Tamsin will start testing Quell's cells in 2024. No date for mass production was given.
""",
    "charging.txt": """Quell Energy buys into Voltline Charging

Published June 1, 2024

Quell Energy has joined Voltline Charging LLC, the fast-charging venture of four carmakers, as its fifth shareholder.
""",
    "charging-2.txt": """Voltline Charging gets clearance and a home

Published July 10, 2024

The four founding carmakers announced Voltline Charging LLC in 2023. It received antitrust clearance in February, named Raleigh, North Carolina, as its headquarters and appointed a chief executive in June.

Sarn Materials will supply recycled copper foil to Quell Energy's cell plant, the companies said. The foil will go to the plant in Reno, Nevada, from 2025.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(Path(tmp_path_factory.mktemp("forms")), ARTICLES)


def test_a_topic_followed_by_deals_lists_the_deals_on_that_topic(bot: EvBot) -> None:
    reply = bot.ask("solid-state battery deals?")
    assert reply.found and reply.deals
    assert any({"Tamsin Motors", "Quell Energy"} <= set(d.parties) for d in reply.deals)


def test_a_yes_no_question_with_now_asks_the_status(bot: EvBot) -> None:
    reply = bot.ask("is quell in voltline now?")
    assert reply.found and reply.text.lower().startswith("yes")


def test_a_venture_named_beside_its_parents_is_what_their_deal_is_about(bot: EvBot) -> None:
    reply = bot.ask("are orlen and vesna still partners in vesorl?")
    assert reply.found
    assert "Vesna Cells' stake" in reply.text or "full ownership" in reply.text


def test_a_production_start_is_not_the_deals_signing_date(bot: EvBot) -> None:
    reply = bot.ask("when will tamsin start mass producing quell cells?")
    assert "May 5, 2023" not in reply.text
    assert not reply.found


def test_a_headquarters_named_before_the_word_answers_where(bot: EvBot) -> None:
    reply = bot.ask("voltline hq where?")
    assert reply.found and "Raleigh" in reply.text


def test_which_plant_asks_for_its_place(bot: EvBot) -> None:
    reply = bot.ask("sarn quell foil deal - which plant?")
    assert reply.found and "Reno, Nevada" in reply.text


def test_an_exact_location_is_the_most_precise_place(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "site.txt": """Harvo and Lenmark pick Ohio for battery plant

Published October 11, 2022

Harvo Motor and Lenmark Energy said on Tuesday they will build their joint-venture battery plant in Ohio, settling the location of the project.

The plant will rise in Fayette County, near Jeffersonville, about 40 miles southwest of Columbus.
""",
        },
    )
    reply = bot.ask("harvo lenmark battery plant exact location")
    assert reply.found and "Fayette County" in reply.text
