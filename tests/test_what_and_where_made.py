"""What a deal supplies and where its goods are made, in the words news uses: a photo caption is page furniture,
not an answer; "assemble ... at Gemlik" says where, though no list knows the town, and headquarters are not where
batteries are made; "built on Halvo's platform" says on what, not where; "what is X supplying to Y's unit?" asks
for the goods, and the owner's name in it is no topic; a total is told although each partner's share is withheld. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "cells.txt": """Tenmark and Zorin seal battery venture Kora

Published December 14, 2021

ISTANBUL - Tenmark Motors and battery maker Zorin Energy have sealed their joint venture Kora, the companies said.

Kora will have its headquarters in Bilisim Vadisi near Gebze in northwest Turkey.

In a first step, Kora will assemble battery modules and packs at Gemlik using cells supplied by Zorin Energy.

Photo caption: The Tenmark logo is seen on a building in Ankara, Turkey.
""",
    "platform.txt": """Polish carmaker to build its cars on Halvo's platform

Published November 17, 2022

WARSAW - Pellam Auto has signed a licence agreement with Halvo Motors to use Halvo's electric platform, the companies said.

The cars are to be built at Pellam's planned factory in Jaworzno, in southern Poland.
""",
    "lidar.txt": """Brenna's software unit Ardent picks Kestrel Sensors as lidar supplier

Published August 10, 2022

Brenna Auto's software unit Ardent has signed up Kestrel Sensors as a direct supplier of lidar sensors and perception software for automated vehicles.

Brenna plans a self-driving taxi service from 2025, with Hamburg and Munich as the first cities.
""",
    "network.txt": """Voltan Industries invests in Brenna's charging network Plugline

Published June 28, 2022

Voltan Industries is investing more than $100 million in Plugline, Brenna Auto's charging network, the companies said on Tuesday.

Together with fresh capital from Brenna Auto, Plugline will receive a total injection of $450 million.

Neither company gave the exact amount each is contributing.

Brenna said it is raising its own commitment to the network beyond $2 billion.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("made"), ARTICLES)


def test_where_goods_are_made_is_not_where_the_company_is_based(bot: EvBot) -> None:
    reply = bot.ask("Where will Kora make its batteries?")
    assert reply.found and "Gemlik" in reply.text and "headquarters" not in reply.text


def test_a_photo_caption_is_no_answer(bot: EvBot) -> None:
    reply = bot.ask("where is the tenmark logo seen?")
    assert "Photo caption" not in reply.text


def test_built_on_a_platform_says_on_what_not_where(bot: EvBot) -> None:
    reply = bot.ask("where will the pellam cars be built?")
    assert reply.found and "Jaworzno" in reply.text and "licence agreement" not in reply.text


def test_what_a_supplier_supplies_to_a_unit_named_with_its_owner(bot: EvBot) -> None:
    reply = bot.ask("What is Kestrel supplying to Brenna's Ardent?")
    assert reply.found and "lidar" in reply.text and "taxi" not in reply.text


def test_a_total_raised_is_told_though_each_share_is_withheld(bot: EvBot) -> None:
    reply = bot.ask("How much will Plugline receive in the Voltan deal, all told?")
    assert reply.found and "$450 million" in reply.text


ORDER = {
    "order.txt": """Tenmark books 4 billion euros of cells from Zorin Cells

Published July 9, 2018

MUNICH - Tenmark Motors will buy battery cells worth 4 billion euros from Zorin Cells, its purchasing chief said.

Cells worth 1.5 billion euros are to come from a new Zorin factory near Erfurt, and the remaining 2.5 billion euros' worth from Zorin's plants in China.
""",
    "venture.txt": """Brenna Auto and Kestrel Motors form electric car venture

Published July 10, 2018

Brenna Auto and Kestrel Motors signed an agreement to form a 50-50 joint venture in China to make electric cars.

The new company, to be called Lumen Automotive Limited, will be based in Jiangsu province.
""",
    "cathode.txt": """Voltan Chemicals and Pellam Materials form cathode venture

Published May 20, 2021

Voltan Chemicals has agreed to form a joint venture with Pellam Materials to make cathode active materials and their precursors in China.

Pellam's chairman said the partnership would make Pellam more competitive at home.
""",
}


@pytest.fixture(scope="module")
def order(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("order"), ORDER)


def test_an_order_is_worth_its_total_not_its_parts(order: EvBot) -> None:
    reply = order.ask("How much was Tenmark's original battery cell order with Zorin worth?")
    assert reply.found and reply.text.startswith("MUNICH - Tenmark Motors will buy battery cells worth 4 billion")


def test_a_terse_question_for_a_ventures_name(order: EvBot) -> None:
    reply = order.ask("brenna kestrel jv name?")
    assert reply.found and "Lumen Automotive" in reply.text


def test_what_a_venture_will_produce(order: EvBot) -> None:
    reply = order.ask("What will the Voltan-Pellam joint venture produce?")
    assert reply.found and "cathode active materials" in reply.text and "competitive" not in reply.text
