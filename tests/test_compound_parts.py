"""Questions that ask two things at once, or one thing in words the articles put differently: "what % does X get
and where was it signed?"; "how big is the plant, and how many jobs?" (a plant's size is its output a year, and
the jobs are the same plant's); "how much money and how many robotaxis?" told as "20,000 of Lucid's SUVs"; "who
will be chairman and who will be president?"; "what did they say they'd invest?"; and "in the breakup, who gets
which plants?", which the article about the end answers, not the older plan. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "plant.txt": """Halvo Cars and Kivra Battery pick Torvik for their cell plant

Published March 4, 2022

Halvo Cars and battery maker Kivra Battery said on Friday that the cell factory of their joint venture will be built in Torvik, next to the carmaker's main plant.

The factory is due to open in 2025 and could employ up to 2,500 people.

Building work is scheduled to start in 2023.

At full tilt the site would have an annual cell output of up to 40 gigawatt hours (GWh), enough for about 400,000 cars a year.
""",
    "research.txt": """Halvo Cars and Kivra Battery open research centre

Published May 10, 2023

Halvo Cars and Kivra Battery opened the research centre of their battery venture on Wednesday.

The venture employs roughly 300 people in research near Torvik.
""",
    "stake.txt": """Orvane Group to take 35% of Tenmark India

Published November 30, 2023

Orvane Group and Tenmark Motors have formed a joint venture for Tenmark India, the companies said on Thursday.

The agreements were signed at Tenmark's office in London by the two groups' chairmen.

The venture plans to open 120 showrooms across India by 2026.

Under the agreements, Orvane will hold 35% of Tenmark India.
""",
    "robotaxi.txt": """Pellam bets $300 million on Dessa in robotaxi deal

Published July 17, 2025

Pellam Mobility will invest $300 million in Dessa Motors and deploy more than 20,000 of Dessa's Aurel SUVs fitted with self-driving technology over six years, the companies said on Thursday.

The robotaxis will be offered only through the Pellam Mobility app.

Competition is heating up: Corvane Robotics runs a fleet of about 1,500 vehicles across several cities.
""",
    "mobility.txt": """Sorell and Tenmark Motors sign joint venture for Sorell Tenmark Mobility

Published June 16, 2022

Sorell Group and Tenmark Motors have signed a joint venture agreement to set up Sorell Tenmark Mobility, which will sell electric cars from 2025.

Kenji Arata, a senior managing officer at Tenmark Motors, will become representative director, chairman and CEO of Sorell Tenmark Mobility.

Mika Sone, an executive of Sorell who heads its robotics business, will serve as representative director, president and COO.

Sorell chairman and CEO Taro Ebina said the venture would focus on safety and entertainment.
""",
    "cells.txt": """Kestrel Motors and Voltan SDI to build battery plant

Published April 25, 2023

Kestrel Motors and Voltan SDI intend to put more than $3 billion into a new battery cell factory in the United States, the companies said on Tuesday.

The plant will make nickel-rich prismatic and cylindrical cells.
""",
}

STORYLINE = {
    "plan.txt": """Brava and Nortek to spend $11.4 billion on Tennessee and Kentucky battery sites

Published September 27, 2021

Brava Motor and its battery partner Nortek Energy plan to invest $11.4 billion in Tennessee and Kentucky, the automaker said on Monday.

In Glendale, Kentucky, Brava and Nortek Energy plan a $5.8 billion battery park that is expected to create 5,000 jobs.
""",
    "breakup.txt": """Nortek Energy and Brava to dissolve their battery venture

Published December 11, 2025

Nortek Energy and Brava Motor are ending their U.S. battery joint venture and will divide its three factories between them, the battery maker said on Thursday.

Under the restructuring, Nortek Energy will take full ownership of the Tennessee plant at Brava's campus.

Brava, through a subsidiary, will take over the two Kentucky factories in Glendale.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("compound"), ARTICLES)


def test_a_percent_sign_asks_for_the_stake(bot: EvBot) -> None:
    reply = bot.ask("orvane tenmark india deal - what % does orvane get and where was it signed?")
    assert reply.found and "35%" in reply.text and "London" in reply.text
    assert "showrooms" not in reply.text  # each part answered by its own sentence, nothing more


def test_a_plants_size_is_its_output_and_its_jobs_are_the_same_plants(bot: EvBot) -> None:
    reply = bot.ask("how big is the halvo/kivra torvik plant gonna be, and how many jobs?")
    assert reply.found and "40 gigawatt hours" in reply.text and "2,500" in reply.text


def test_vehicles_counted_by_another_name_after_a_possessive(bot: EvBot) -> None:
    reply = bot.ask("pellam dessa deal - how much money and how many robotaxis?")
    assert reply.found and "$300 million" in reply.text and "20,000" in reply.text
    assert "1,500" not in reply.text  # a rival's fleet, after a colon, is no fact sheet's line
    assert "don't say" not in reply.text


def test_each_role_asked_gets_the_person_in_it(bot: EvBot) -> None:
    reply = bot.ask("who will be chairman and who will be president of Sorell Tenmark Mobility?")
    assert reply.found and "Kenji Arata" in reply.text and "Mika Sone" in reply.text
    assert "Taro Ebina" not in reply.text


def test_what_they_said_they_would_invest_asks_for_a_sum(bot: EvBot) -> None:
    reply = bot.ask("what did kestrel and voltan say they'd invest at first?")
    assert reply.found and "$3 billion" in reply.text


def test_the_end_named_is_answered_from_the_article_about_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(tmp_path_factory.mktemp("breakup"), STORYLINE)
    reply = bot.ask("In the Brava-Nortek breakup who ends up with which plants?")
    assert reply.found and "take full ownership of the Tennessee plant" in reply.text
    assert "$5.8 billion" not in reply.text


def test_a_city_says_where(bot: EvBot) -> None:
    reply = bot.ask("where was the orvane tenmark india deal signed?")
    assert reply.found and "London" in reply.text
