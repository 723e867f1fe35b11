"""A venture asked by its name, and a place the article withholds: "which carmakers are behind Plugwise?" names the
parents its article brings together; "The new CEO is ..." names who runs it; the city where a deal was announced
is not where its plant will be, and "No details were given on where" is the answer. Articles written for these
tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "venture.txt": """Charging venture gets a name and a chief

Published February 9, 2024

The fast-charging venture formed by three carmakers now has a name, Plugwise, and has received all regulatory approvals.

Plugwise LLC brings together Tenmark Motors, Brenna Auto and Kestrel Motors, which announced their plan in July last year.

The new CEO is Dana Whitlock, who was most recently chief operating officer of the charging network Voltpoint.
""",
    "plant.txt": """Pellam Motors and Halvo Fund to build car plant in Saudi Arabia

Published October 23, 2023

RIYADH - Pellam Motors and the Halvo Fund have signed an agreement to build a car plant in Saudi Arabia, with Halvo holding 70%.

No details were given on where in Saudi Arabia the plant will be built.

The agreement was announced on Sunday at the Saudi-Korean Business Forum in Riyadh, during a state visit.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("ventures"), ARTICLES)


def test_the_parents_behind_a_venture_asked_by_name(bot: EvBot) -> None:
    reply = bot.ask("Which carmakers are behind Plugwise?")
    assert reply.found and all(name in reply.text for name in ("Tenmark", "Brenna", "Kestrel"))


def test_who_runs_a_venture_is_its_new_chief(bot: EvBot) -> None:
    reply = bot.ask("who runs plugwise")
    assert reply.found and "Dana Whitlock" in reply.text


def test_where_a_deal_was_announced_is_not_where_its_plant_is(bot: EvBot) -> None:
    reply = bot.ask("Where exactly in Saudi Arabia will the Pellam-Halvo plant be built?")
    assert not reply.found and "No details were given" in reply.text and "Business Forum" not in reply.text
