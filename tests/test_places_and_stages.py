"""Where, precisely, and how far a deal got, in analysts' words: "in which cities?" wants towns, not the
country; "where in Chile?" a place within it ("would be located in Atacama"); "did they ever get past the term
sheet stage?" and "how did the partnership start?" ask for the timeline's newest and first steps; "how did
Brenna's stock react to the supply deal?" does not need the sentence to say "supply". Articles written for these
tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "fleet.txt": """Tenmark Motors to supply 20,000 electric cars to Pellam Mobility in India

Published February 20, 2023

MUMBAI - Tenmark Motors has signed a memorandum of understanding with Pellam Mobility to bring 20,000 of its electric sedans into Pellam's service in India, the companies said on Monday.

The cars will be used in Mumbai, Kolkata, Chennai and Hyderabad.

Deliveries to Pellam's fleet partners in India start this month.
""",
    "mou.txt": """Chile says Halvo Energy signs battery memorandum

Published December 30, 2020

Chile and Halvo Energy have signed a memorandum of understanding on a battery supply chain in Chile, the economy minister said on Wednesday.

The projects would be located in Atacama and Biobio.
""",
    "exit.txt": """Halvo Energy opens cell plant in Chile

Published April 23, 2025

Halvo Energy opened its first battery cell plant in Chile on Monday, the company said.

The plant employs 800 people.
""",
    "term.txt": """Brenna Auto and Kestrel Motors sign term sheet for electric components

Published August 15, 2022

Brenna Auto and Kestrel Motors signed a term sheet on Monday for the supply of electric components.
""",
    "supply.txt": """Brenna Auto and Kestrel Motors sign binding supply agreement

Published February 2, 2024

Brenna Auto and Kestrel Motors have signed a supply agreement for electric components, turning their term sheet into a firm contract.

Investors cheered the news. Brenna shares rose as much as 5.6% to a record high.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("places"), ARTICLES)


def test_cities_asked_are_answered_by_the_towns_not_the_country(bot: EvBot) -> None:
    reply = bot.ask("how many tenmark evs is pellam getting, and in which cities?")
    assert reply.found and "20,000" in reply.text and "Kolkata" in reply.text


def test_where_within_a_country_is_a_place_inside_it(bot: EvBot) -> None:
    reply = bot.ask("where in Chile were Halvo's battery projects to be located?")
    assert reply.found and "Atacama" in reply.text


def test_getting_past_a_stage_asks_for_the_newest_step(bot: EvBot) -> None:
    reply = bot.ask("did brenna and kestrel ever get past the term sheet stage?")
    assert reply.found and "supply agreement" in reply.text


def test_how_a_partnership_started_is_its_first_step(bot: EvBot) -> None:
    reply = bot.ask("how did the brenna-kestrel partnership start?")
    assert reply.found and "term sheet" in reply.text and "binding supply agreement" not in reply.text


def test_the_kind_of_deal_named_is_which_deal_not_a_word_to_find(bot: EvBot) -> None:
    reply = bot.ask("how did brenna's stock react to the kestrel supply deal")
    assert reply.found and "5.6%" in reply.text


SITE_STORY = {
    "plan.txt": """Kestrel Motors and Voltan SDI plan US battery plant

Published April 25, 2023

Kestrel Motors and Voltan SDI intend to put more than $3 billion into a new battery cell factory in the United States, the companies said on Tuesday.

Kestrel Motors and Voltan SDI did not say where the plant will be built.

Automakers have been rushing to lock in cell capacity in North America.
""",
    "final.txt": """Kestrel Motors and Voltan SDI seal Ohio battery venture

Published August 27, 2024

Kestrel Motors and Voltan SDI have finalised the agreement to jointly run a new battery cell plant in Akron, Ohio.
""",
}


@pytest.fixture(scope="module")
def site_story(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("site"), SITE_STORY)


def test_a_site_withheld_at_first_is_not_answered_by_the_later_one(site_story: EvBot) -> None:
    reply = site_story.ask("When Kestrel and Voltan first announced the plant, had they picked a site yet?")
    assert not reply.found and "did not say where" in reply.text and "Akron" not in reply.text


def test_the_site_now_is_the_town_not_the_country(site_story: EvBot) -> None:
    reply = site_story.ask("what site did kestrel and voltan pick for the plant?")
    assert reply.found and "Akron, Ohio" in reply.text
