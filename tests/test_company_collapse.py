"""A storyline that ends without anyone calling a deal off: a start-up's UK arm goes into administration
years after a parcel firm ordered its vans; a rental firm sells the cars it ordered, "partly unwinding the push
it began with an order in 2021". Articles written for these tests, ingested one at a time as a feed brings them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import EvBot

ORDER = """Pellam Parcel orders 10,000 electric vans from start-up Voltrik

Published January 29, 2020

LONDON - Pellam Parcel has ordered 10,000 electric delivery vans from Voltrik, a British start-up, and its venture arm has taken a minority stake in the company, the two said on Wednesday.
"""
COLLAPSE = """Electric van maker Voltrik's UK arm collapses into administration

Published February 5, 2024

The UK operations of Voltrik, the electric van start-up once valued at about $15 billion, have gone into administration, the administrators said on Monday.

Accountancy firm EY said it had been appointed joint administrator of Voltrik UK Ltd.
"""
RENTAL = """Renta orders 100,000 Tesla cars

Published October 25, 2021

DETROIT - Renta Group said on Monday it has ordered 100,000 Tesla cars for its rental fleet.
"""
SELL_OFF = """Renta to sell 20,000 electric cars, mostly Teslas

Published January 11, 2024

Renta Group said on Thursday it will sell about 20,000 electric vehicles from its US fleet, partly unwinding the electric push it began with a blockbuster Tesla order in 2021.
"""
MODEL = """Kestrel Motors plans its next model

Published March 7, 2024

Kestrel Motors said deliveries of its delivery vans reached 10,000 in 2023.

A notes sale will fund development of the K2, Kestrel Motors said.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    folder = tmp_path_factory.mktemp("collapse")
    bot = EvBot.open(folder / "kb.json")
    for name, text in (("order", ORDER), ("collapse", COLLAPSE), ("rental", RENTAL), ("sell", SELL_OFF), ("k2", MODEL)):
        path = Path(folder, f"{name}.txt")
        path.write_text(text, encoding="utf-8")
        assert bot.ingest_paths([str(path)]).added, name  # one at a time: the later news meets stored deals
    return bot


def test_a_partys_collapse_ends_its_deals_told_before(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Pellam Parcel", "Voltrik"})
    assert deal.status == "ended" and deal.events[-1].date == "2024-02-05"
    reply = bot.ask("pellam voltrik van deal still alive?")
    assert reply.text.startswith("No") and "administration" in reply.text


def test_a_unit_named_for_its_region_belongs_to_the_company(bot: EvBot) -> None:
    assert bot.kb.company("Voltrik UK Ltd").parent == "Voltrik"


def test_the_date_of_an_older_step_told_after_the_news_does_not_date_it(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Renta Group", "Tesla"})
    assert deal.status == "ended" and deal.events[-1].date == "2024-01-11"


def test_a_partner_named_in_the_plural_points_at_its_deal(bot: EvBot) -> None:
    reply = bot.ask("is renta still going ahead with the 100k teslas?")
    assert reply.text.startswith("No") and "will sell about 20,000" in reply.text


def test_a_model_no_sentence_dates_is_not_dated_by_another_sentence(bot: EvBot) -> None:
    reply = bot.ask("when do kestrel's k2 deliveries begin?")
    assert not reply.found
