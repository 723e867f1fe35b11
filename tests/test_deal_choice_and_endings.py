"""Which of a pair's deals a question means, and endings that may not be for good: two carmakers in a
self-driving pact and in a charging venture of many; Daimler's deals are Mercedes-Benz's, under its old name;
"shelved, for now ... might be resumed at a later date" is not dead for good; "is the tie-up over?" asks whether
it ended. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "pact.txt": """BMW and Daimler sign automated-driving contract

Published July 4, 2019

MUNICH - BMW Group and Daimler AG have signed a contract for a long-term strategic cooperation on automated driving, the companies said on Thursday.

More than 1,200 specialists from the two groups are to work on the project.
""",
    "hold.txt": """BMW and Mercedes-Benz put joint self-driving work on hold

Published June 19, 2020

FRANKFURT - Mercedes-Benz and BMW have shelved, for now, the partnership they formed last year to develop automated driving technology together, the two companies said on Friday.

The carmakers said the cost of building a shared platform and the economic conditions made the timing wrong.

Both sides stressed that the cooperation might be resumed at a later date.
""",
    "charging.txt": """Five carmakers form charging venture

Published July 26, 2023

BMW, Mercedes-Benz, Tenmark Motors, Brenna Auto and Kestrel Motors said the venture aims to install 30,000 chargers in North America.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("choice"), ARTICLES)


def test_a_company_under_its_old_name_is_the_same_party(bot: EvBot) -> None:
    pairs = [set(d.parties) for d in bot.kb.deals if len(d.parties) == 2 and "BMW" in d.parties]
    assert pairs == [{"BMW", "Mercedes-Benz"}]


def test_the_deal_of_just_the_pair_asked_is_the_one_meant(bot: EvBot) -> None:
    reply = bot.ask("Are BMW and Mercedes still developing automated driving together?")
    assert reply.found and "shelved" in reply.text and "chargers" not in reply.text


def test_why_a_pair_shelved_its_partnership_is_told_from_that_deal(bot: EvBot) -> None:
    reply = bot.ask("Why did BMW and Mercedes shelve their self-driving partnership?")
    assert reply.found and "cost" in reply.text


def test_an_ending_that_may_be_undone_is_not_for_good(bot: EvBot) -> None:
    reply = bot.ask("Is the BMW/Mercedes automated-driving tie-up dead for good?")
    assert reply.found and "Not necessarily" in reply.text and "resumed at a later date" in reply.text


def test_asking_whether_a_tie_up_is_over_asks_whether_it_ended(bot: EvBot) -> None:
    reply = bot.ask("Is the BMW-Mercedes tie-up over?")
    assert reply.text.startswith("Yes: it ended")


DELAYS = {
    "offtake.txt": """Pellam Minerals signs graphite offtake with Tenmark Motors

Published December 29, 2021

Pellam Minerals has signed a binding offtake agreement to supply Tenmark Motors with graphite, the companies said.

Tenmark may terminate the agreement if Pellam fails to qualify its material.
""",
    "deadline.txt": """Pellam and Tenmark push back graphite deadline again

Published January 19, 2026

Pellam Minerals and Tenmark Motors have again pushed back the deadline for Pellam to qualify its graphite under their offtake agreement, to March 16, 2026.
""",
    "earnout.txt": """Kestrel Motors buys Ardent Trucks from Halvo Group

Published October 30, 2020

Kestrel Motors has signed binding agreements to buy Ardent Trucks from Halvo Group for 243 billion yen.

On top of that, an earn-out of up to 15 billion yen will be paid to Halvo Group depending on how Ardent Trucks performs.
""",
}


@pytest.fixture(scope="module")
def delays(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("delays"), DELAYS)


def test_a_contract_whose_deadline_slipped_is_still_in_force(delays: EvBot) -> None:
    reply = delays.ask("Is the Pellam-Tenmark graphite contract still in force?")
    assert reply.found and reply.text.startswith("Yes") and "scaled back" not in reply.text


def test_what_came_of_a_sum_is_not_the_most_it_could_be(delays: EvBot) -> None:
    reply = delays.ask("How much earn-out did Halvo end up receiving from Kestrel for Ardent Trucks?")
    assert not reply.found and "15 billion yen" not in reply.text
