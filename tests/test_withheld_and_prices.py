"""What an article says is withheld, and only that; a price of one share; a list quoted whole; trade words
before a name. A site named two clauses before "to an unspecified date" is not withheld; the newest article's
silence on "the 2024 contracts" is the answer, while the MoU's sum answers "what is the MoU worth?"; "53 cents"
and "6.5 pence a share" are prices; a name "to be announced in due course" is not yet given; jobs a fab would
create are not the staff a supplier has. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "fab.txt": """Veltra picks Saarland coal site for giant chip fab, with Korvex as investor

February 1, 2023

ENSDORF, Germany - U.S. chipmaker Veltra Semiconductor said on Wednesday it will build what it calls the world's largest silicon carbide device factory on the grounds of a shut-down coal-fired power station in Ensdorf, in the German state of Saarland, and that auto supplier Korvex will help pay for it.

Under the partnership, Korvex will make a sizable investment in the fab.
""",
    "hold.txt": """Veltra shelves German chip plant; Korvex set to pull out of stake

October 23, 2024

SAARBRUECKEN - Veltra Semiconductor has put its planned chip factory in Saarland on hold indefinitely, the state's premier said on Wednesday, and supplier Korvex is expected to drop its planned stake in the project.

The premier said the company had assured the state it remained committed to the Ensdorf site, but that Veltra is postponing the investment to an unspecified date.

Korvex had intended to put about $185 million into the fab in return for a share of it.

Korvex is the largest employer in Saarland, with about 9,000 people at its nearby transmission plant.
""",
    "mou.txt": """Dramont signs MoU with Quellix to secure silicon carbide chips

November 14, 2022

BERLIN, Nov 14, 2022 - Carmaker Dramont has signed a non-binding memorandum of understanding with German chipmaker Quellix Technologies for a multi-year supply of silicon carbide semiconductors, Quellix said on Monday.

The potential purchase volume and capacity reservation are worth well over 1 billion euros, Quellix said.
""",
    "supply.txt": """Quellix and Dramont turn chip pact into supply deals

November 8, 2024

MILAN - Dramont and Quellix Technologies said on Thursday they had signed supply and capacity agreements for the carmaker's next vehicles.

Neither company disclosed the value of the new contracts, or volumes and timing.

Quellix will supply three product families:
- PRISM smart power switches, which replace traditional fuses;
- silicon carbide semiconductors, to help Dramont standardise its power modules;
- ORBIT microcontrollers for the carmaker's new software architecture.

The approval of the plan comes as European governments weigh how to respond to the Inflation Reduction Act.
""",
    "note.txt": """Lumacycle shares jump as Garnet adds $75 million lifeline

March 12, 2024

Lumacycle Holdings shares rose 36% on Tuesday after the cash-strapped battery recycler agreed to issue a $75 million convertible note to an affiliate of Garnet Resources, its biggest strategic backer.

The note matures five years after closing and converts into Lumacycle common shares at an initial price of 53 cents.

Garnet first invested $200 million in Lumacycle in June 2022, buying a five-year convertible note that was convertible at $9.95 a share.
""",
    "jv.txt": """Tessaro and Hanwell to build silicon carbide JV in Chongqing

June 7, 2023

GENEVA - Tessaro Semiconductor and China's Hanwell Optoelectronics said on Wednesday they had signed an agreement to set up a joint venture making silicon carbide devices in Chongqing.

The venture will be 51% owned by Hanwell and 49% by Tessaro Semiconductor.

Production is targeted to begin in the fourth quarter of 2025, with full build-out expected in 2028.
""",
    "buy.txt": """Norvolt agrees deal to buy charging firm Plugwell

June 12, 2025

LONDON - Norvolt Energy has agreed to buy UK charging firm Plugwell in a recommended all-cash acquisition at 6.5 pence a share, the two companies said on Thursday.

The deal needs approval from Plugwell's other shareholders.
""",
    "name.txt": """Cathora-Voltpower cathode joint venture cleared by regulators

March 23, 2023

BRUSSELS - Belgian materials group Cathora and Voltpower, the battery company of Dramont, have received all regulatory approvals for their cathode materials joint venture, the companies said on Thursday.

The location and the name of the joint venture will be announced in due course, the companies said.

The approval comes as European governments weigh how to respond to the U.S. Inflation Reduction Act.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("withheld"), ARTICLES)


def test_a_date_left_unspecified_withholds_no_site(bot: EvBot) -> None:
    reply = bot.ask("where is veltra building its german fab?")
    assert reply.found and "Ensdorf" in reply.text


def test_an_investment_postponed_to_an_unspecified_date_still_has_its_sum(bot: EvBot) -> None:
    reply = bot.ask("How much is Korvex putting into the Veltra fab?")
    assert reply.found and "$185 million" in reply.text


def test_jobs_a_plant_creates_are_not_the_staff_a_company_has(bot: EvBot) -> None:
    reply = bot.ask("How many jobs will the Ensdorf fab create?")
    assert not reply.found and "9,000" not in reply.text
    assert "Neither company" not in reply.text  # another deal's silence is not this one's


def test_the_mou_sum_answers_what_the_mou_is_worth(bot: EvBot) -> None:
    reply = bot.ask("What is the Dramont Quellix silicon carbide MoU worth?")
    assert reply.found and "1 billion euros" in reply.text


def test_the_newest_article_withholding_the_value_of_its_contracts_is_the_answer(bot: EvBot) -> None:
    reply = bot.ask("What's the value of the 2024 Quellix-Dramont supply contracts?")
    assert not reply.found and "Neither company disclosed the value" in reply.text
    assert "1 billion" not in reply.text


def test_a_list_is_quoted_with_every_item(bot: EvBot) -> None:
    reply = bot.ask("Which Quellix products does Dramont get under the 2024 agreements?")
    assert reply.found and "PRISM" in reply.text and "ORBIT" in reply.text


def test_a_trade_word_before_a_name_is_no_part_of_it(bot: EvBot) -> None:
    names = {p for d in bot.kb.deals for p in d.parties}
    assert "Dramont" in names and not any(n.startswith("Carmaker") for n in names)


def test_a_conversion_price_is_a_price_of_one_share_in_cents(bot: EvBot) -> None:
    reply = bot.ask("What's the conversion price on the new Garnet note to Lumacycle?")
    assert reply.found and "53 cents" in reply.text and "$9.95" not in reply.text


def test_a_listed_deal_shows_its_sum(bot: EvBot) -> None:
    reply = bot.ask("What deals has Garnet done?")
    assert "Lumacycle" in reply.text and "$200 million" in reply.text


def test_a_name_cut_short_is_the_company_not_a_topic(bot: EvBot) -> None:
    reply = bot.ask("Tess and Hanwell JV ownership split?")
    assert reply.found and "51%" in reply.text and "49%" in reply.text


def test_a_start_told_in_the_article_whose_headline_names_the_plant(bot: EvBot) -> None:
    reply = bot.ask("When does the Chongqing silicon carbide fab start production?")
    assert reply.found and "2025" in reply.text


def test_pence_a_share_is_a_price(bot: EvBot) -> None:
    reply = bot.ask("What price per share is Norvolt paying for Plugwell?")
    assert reply.found and "6.5 pence" in reply.text


def test_who_bought_and_for_how_much_is_a_fact_not_a_list(bot: EvBot) -> None:
    reply = bot.ask("Who bought Plugwell and for how much?")
    assert reply.found and "Norvolt" in reply.text and "6.5 pence" in reply.text


def test_a_name_to_be_announced_in_due_course_is_not_given(bot: EvBot) -> None:
    reply = bot.ask("What is the name of the Cathora Voltpower joint venture?")
    assert not reply.found and "in due course" in reply.text and "Inflation Reduction Act" not in reply.text


def test_whats_the_latest_asks_for_the_status(bot: EvBot) -> None:
    reply = bot.ask("norvolt plugwell - what's the latest?")
    assert reply.found and reply.text.startswith("Yes: signed")
