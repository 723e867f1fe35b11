"""Deals of several companies at once, and the names beside them that are not parties: a venture that "brings
together" its parents, a list of parents that "said the venture ...", buyers who outbid a rival, a bought company
and its buyers together, the backers of a start-up, an investing arm ("Samsung Ventures"), and a standard named
like a company ("the Combined Charging System"). Articles written for these tests."""

from __future__ import annotations

from pathlib import Path

from test_deal_rules import ingest, pairs

from bot.core import EvBot


def test_a_venture_that_brings_its_parents_together_is_their_deal(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        plan="""Four carmakers plan charging network

Published July 26, 2023

DETROIT - Four carmakers said on Wednesday they will build a fast-charging network together.

Tenmark Motors, Brenna Auto, Kestrel Motors and Voltan Cars said the venture aims to install 30,000 chargers.

The stations will serve cars that use the Combined Charging System or the North American Charging Standard.
""",
        named="""Charging venture gets a name

Published February 9, 2024

The fast-charging venture now has a name.

Plugwise LLC brings together Tenmark Motors, Brenna Auto, Kestrel Motors and Voltan Cars, which announced their plan in July.
""",
    )
    found = pairs(bot)
    assert frozenset({"Tenmark Motors", "Brenna Auto", "Kestrel Motors", "Voltan Cars"}) in found
    assert not any({"Combined Charging", "American Charging"} & set(p) for p in found)
    assert len(found) == 1, found


def test_buyers_who_outbid_a_rival_and_end_its_deal(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        first="""Kestrel Motors to buy Ardent Sensors for $3.8 billion

Published July 22, 2021

Kestrel Motors has agreed to buy Ardent Sensors for $3.8 billion, the companies said on Thursday.
""",
        second="""Tarn Chips and Halvo Partners outbid Kestrel, agree to buy Ardent Sensors

Published October 4, 2021

Ardent Sensors said on Monday it had signed a definitive agreement to be acquired by chipmaker Tarn Chips and Halvo Partners, a New York-based investment firm, ending its earlier deal with Kestrel Motors.

The board concluded that the Tarn Chips proposal was superior under the terms of its merger agreement with Kestrel Motors.

Kestrel Motors waived its right to match the offer, and Ardent Sensors terminated the Kestrel Motors agreement.
""",
    )
    found = pairs(bot)
    assert frozenset({"Ardent Sensors", "Tarn Chips", "Halvo Partners"}) in found
    assert not any({"Kestrel Motors", "Tarn Chips"} <= p or {"Kestrel Motors", "Halvo Partners"} <= p for p in found)
    ended = next(d for d in bot.kb.deals if set(d.parties) == {"Kestrel Motors", "Ardent Sensors"})
    assert ended.status == "ended"
    bought = next(d for d in bot.kb.deals if "Tarn Chips" in d.parties)
    assert bought.status == "signed"


def test_a_start_ups_backers_and_partners_are_not_each_others(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        round="""Tenmark Motors leads funding round in Ardent Cells

Published January 11, 2022

Tenmark Motors is leading a funding round of up to $80 million in Ardent Cells, the companies said.

Ardent Cells' earlier backers include Brenna Auto, Kestrel Motors, Voltan Ventures, Halvo Energy and others.

Tenmark has also teamed up with Taiwan's Pellam Batteries on solid-state cells and signed a memorandum of understanding with Zorin Power on cell supply.
""",
    )
    found = pairs(bot)
    assert frozenset({"Tenmark Motors", "Ardent Cells"}) in found
    assert not any(len(p & {"Brenna Auto", "Kestrel Motors", "Voltan Ventures", "Halvo Energy"}) >= 2 for p in found)
    assert frozenset({"Pellam Batteries", "Zorin Power"}) not in found


def test_a_company_named_with_its_initials_and_what_it_is(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        licence="""Tenmark licenses its platform to Polish carmaker

Published November 17, 2022

WARSAW - ElectroMobility Poland (EMP), the state-backed company behind the Izera brand, has signed a licence agreement with Tenmark Motors to use its electric platform, the two companies said on Thursday.

EMP will build the cars at a planned factory in Jaworzno.
""",
    )
    assert frozenset({"ElectroMobility Poland", "Tenmark Motors"}) in pairs(bot)
    reply = bot.ask("where will EMP build the cars?")
    assert reply.found and "Jaworzno" in reply.text


def test_a_venture_named_after_its_parents_leaves_both_parties(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        buyout="""Tenmark to buy out Brenna from motor venture

Published February 10, 2022

PARIS - Tenmark Motors has agreed to buy Brenna Auto's 50 percent stake in their joint venture, Tenmark Brenna eDrive, for 277 million euros.
""",
    )
    assert frozenset({"Tenmark Motors", "Brenna Auto"}) in pairs(bot)


def test_partners_who_team_with_or_started_working_together(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        chargers="""Kestrel Motors teams with Voltpoint Charging to add fast chargers

Published July 31, 2020

DETROIT - Kestrel Motors teams with Voltpoint Charging to add 2,700 fast chargers, the companies said.
""",
        trucks="""Driverless box trucks for Pellam

Published November 8, 2021

Pellam Logistics and Gantry Robotics started working together in 2019 on driverless delivery trucks.
""",
        fund="""Carmakers invest in ride-hailing firm

Published November 6, 2018

Brenna Auto will invest $250 million in Zipride, Southeast Asia's biggest ride-hailing firm, the companies said.
""",
    )
    found = pairs(bot)
    assert frozenset({"Kestrel Motors", "Voltpoint Charging"}) in found
    assert frozenset({"Pellam Logistics", "Gantry Robotics"}) in found
    assert frozenset({"Brenna Auto", "Zipride"}) in found


def test_a_one_word_company_an_article_described_is_known_in_the_next(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        first="""Hydra and Brenna Auto form battery recycling venture

Published June 2, 2020

OSLO - Norwegian aluminium and energy group Hydra and Brenna Auto have formed a joint venture to recycle batteries.
""",
        second="""Hydra takes full control of recycling venture

Published January 13, 2025

OSLO - Norway's Hydra has agreed to buy Brenna Auto's remaining shares in their recycling joint venture for 78 million crowns.
""",
    )
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Hydra", "Brenna Auto"})
    assert len({e.article for e in deal.events}) == 2


def test_names_told_with_what_they_are_and_their_brackets(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        stake="""Tarn Lithium buys stake in Pellam Mining

Published December 3, 2018

SANTIAGO - China's Tarn Lithium has bought a 23.77 percent holding in Chilean producer Pellam Mining.

Through a venture it controls, Tarn Lithium is a joint-venture partner of Pellam's biggest rival, Orvane Metals.
""",
        trucks="""Brewer orders electric trucks

Published October 20, 2020

Brazilian brewer Zerveza has confirmed its first order of 100 electric delivery trucks from Kestrel Motors.
""",
        buses="""Rail maker completes bus maker takeover

Published September 5, 2018

Spanish rolling-stock maker Halvo Group (Halvo Construcciones y Ferrocarriles) has completed its purchase of 100% of the shares of Brenna Mobility.
""",
        charging="""Fuel retailer and utility form charging venture

Published January 30, 2023

Kestrel Distribution, the country's largest fuel retailer, and Corvane Energy (CVE) are forming a joint venture to build a charging network.
""",
    )
    found = pairs(bot)
    assert frozenset({"Tarn Lithium", "Pellam Mining"}) in found
    assert frozenset({"Zerveza", "Kestrel Motors"}) in found
    assert frozenset({"Halvo Group", "Brenna Mobility"}) in found
    assert frozenset({"Kestrel Motors", "Corvane Energy"}) in found  # "Kestrel Distribution" is Kestrel's unit


def test_a_roman_numeral_after_a_name_is_no_company(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        spac="""Charging network to go public through blank-check merger

Published July 28, 2021

Voltpoint Charging has agreed to combine with Spartan Acquisition Corp. III, a blank-check company, the companies said.

After the merger, Spartan III shareholders will own about 10% of Voltpoint Charging.
""",
    )
    assert not any("III" in name for deal in bot.kb.deals for name in deal.parties)
    assert "III" not in bot.kb.companies
