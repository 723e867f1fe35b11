"""Companies and partners as news names them: a partner named as one ("with its joint venture partner Kivra
Battery"); a company named in the headline without its trade word ("Kestra Tech" of "Kestra Tech Lithium"); an
unknown one-word company as the subject of a signing ("Bentonville, Ark. - Marlow has signed"); one bought
("Pellam has agreed to buy Tollgate, the operator of ..."); a buyer of a maker's goods by the thousand ("ordered
100,000 Tesla cars"); a buyer of a company described at length ("buys bankrupt electric truck maker Volta
Trucks"). Deals in the plural with two companies ("signs battery deals with Kivra and Tarn") are a deal with each. And a
question that offers two stages ("intention or signed contract now?"). Articles written for
these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot
from knowledge.companies import Company, Gazetteer

ARTICLES = {
    "plant.txt": """Halvo breaks ground on battery plant with state-owned partner

Published June 30, 2025

Halvo Motors on Sunday broke ground on a battery cell factory in Karawang, West Java, with its joint venture partner Kivra Battery, the state-owned battery holding company.

It is due to start production by the end of 2026.
""",
    "supply.txt": """Dessa Motors signs lithium deal with Kestra Tech

Published October 20, 2022

Dessa Motors has finalised a supply agreement with Canadian start-up Kestra Tech Lithium for lithium hydroxide from 2026.

The strategic partnership was first announced in August as an intention.
""",
    "vans.txt": """Marlow to buy 4,500 Kestrel Motors delivery vans

Published July 12, 2022

BENTONVILLE, Ark. - Marlow has signed a definitive agreement to buy at least 4,500 electric delivery vans from Kestrel Motors, the start-up said on Tuesday.
""",
    "charging.txt": """Pellam Group agrees to buy Tollgate, Britain's biggest charging company

Published June 28, 2018

LONDON, June 28 - Pellam Group has agreed to buy Tollgate, the operator of Britain's largest public network of charging points.
""",
    "fleet.txt": """Renta orders 100,000 cars for its rental fleet

Published October 25, 2021

DETROIT - Hertz said on Monday it has ordered 100,000 Tesla cars for its rental fleet.

Separately, hedge fund Orvane Capital buys bankrupt electric truck maker Volta Trucks' UK business.
""",
    "two.txt": """Pellam Group signs battery deals with Kivra Battery and Tarn Cells

Published June 28, 2021

PARIS, June 28 - Pellam Group said on Monday it had signed two battery partnerships, one with Kivra Battery and one with Tarn Cells.
""",
    "steps.txt": """Tarn Cells signs battery deals with Kivra Battery and Orvane Energy

Published June 28, 2021

Tarn Cells also signed a memorandum of understanding with Orvane Energy to co-develop cells.
""",
    "sale.txt": """Marden Motors scraps sale of battery arm Voltcell to Kestra Capital

Published July 2, 2018

TOKYO, July 2 - Marden Motors has abandoned its plan to sell its battery business to private equity firm Kestra Capital, saying the buyer did not have the money.

Marden Motors first announced in 2017 that it would sell Voltcell Energy and its plants.
""",
    "control.txt": """Marden Motors takes full control of Voltcell Energy

Published August 3, 2018

Marden Motors has agreed to buy the remaining 49% of Voltcell Energy, its battery maker, the company said on Friday.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("partners"), ARTICLES)


def test_a_partner_named_as_one_is_a_party(bot: EvBot) -> None:
    assert any(set(d.parties) == {"Halvo Motors", "Kivra Battery"} for d in bot.kb.deals)


def test_a_headline_name_without_its_trade_word_is_the_same_company(bot: EvBot) -> None:
    dessa = [d.parties for d in bot.kb.deals if "Dessa Motors" in d.parties]
    assert dessa == [["Dessa Motors", "Kestra Tech Lithium"]]


def test_a_choice_of_two_stages_asks_the_status(bot: EvBot) -> None:
    reply = bot.ask("dessa kestra tech - intention or signed contract now?")
    assert reply.found and "signed" in reply.text.split(".")[0].lower() and "finalised a supply agreement" in reply.text


@pytest.mark.parametrize(
    "parties",
    [
        {"Marlow", "Kestrel Motors"},
        {"Pellam Group", "Tollgate"},
        {"Hertz", "Tesla"},
        {"Orvane Capital", "Volta Trucks"},
        {"Pellam Group", "Kivra Battery"},
        {"Pellam Group", "Tarn Cells"},
    ],
)
def test_a_company_in_a_deals_slot_is_a_party(bot: EvBot, parties: set[str]) -> None:
    assert any(set(d.parties) == parties for d in bot.kb.deals)


def test_deals_in_the_plural_are_not_one_deal_of_three(bot: EvBot) -> None:
    assert not any(len(d.parties) > 2 and "Pellam Group" in d.parties for d in bot.kb.deals)


def test_a_company_that_writes_its_name_in_lower_case_is_found() -> None:
    known = Gazetteer([Company("BP", aliases=("bp",)), Company("Iberdrola")])
    found = known.find("Spanish utility Iberdrola and British oil major bp have signed a strategic alliance.")
    assert [m.name for m in found] == ["Iberdrola", "BP"]
    assert known.find("The bp of the text is a company; BP too.")[0].name == "BP"


def test_a_question_about_words_no_article_uses_is_refused(bot: EvBot) -> None:
    reply = bot.ask("who won the 2022 world cup?")
    assert not reply.found


def test_a_deals_own_sentence_tells_its_step_not_a_headline_shared_with_another(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Tarn Cells", "Orvane Energy"})
    assert deal.status == "preliminary"


def test_the_company_it_is_sold_to_is_the_deal_asked_about(bot: EvBot) -> None:
    reply = bot.ask("is marden still selling voltcell to kestra capital?")
    assert reply.title.startswith("Marden Motors & Kestra Capital") and reply.text.startswith("No")
