"""A storyline told in three articles (an MoU, a definitive agreement, production starting) answers each
question from the step it asks about, on articles written for these tests.

"When did they sign the final agreement?" is the signing, not the later news; "when did the plant start
production?" is answered by "began mass production ... on Thursday"; "who leads the venture?" by "will be
led by".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "mou.txt": """Halvo Motors and Kivra Battery sign MoU on cell plant

Published March 3, 2022

Halvo Motors and Kivra Battery have signed a non-binding memorandum of understanding to build a battery cell plant in Karawang, the companies said on Thursday.

The companies aim to sign a final agreement by the end of the year.
""",
    "deal.txt": """Halvo and Kivra seal battery venture

Published September 14, 2022

Halvo Motors and Kivra Battery on Wednesday signed a definitive agreement to form a 50-50 joint venture that will build the plant in Karawang.

The venture, called HK Cell, will be led by Lee Jun-ho, a Kivra veteran.
""",
    "open.txt": """Halvo-Kivra battery plant starts production

Published April 18, 2024

HK Cell, the joint venture of Halvo Motors and Kivra Battery, began mass production of battery cells at its plant in Karawang on Thursday.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(Path(tmp_path_factory.mktemp("timeline")), ARTICLES)


def test_the_final_agreement_is_dated_by_its_signing(bot: EvBot) -> None:
    reply = bot.ask("when did halvo and kivra sign the final agreement?")
    assert reply.found and "definitive agreement" in reply.text and "2024" not in reply.text


def test_a_weekday_in_the_news_dates_what_happened(bot: EvBot) -> None:
    reply = bot.ask("when did the halvo kivra plant start production?")
    assert reply.found and "began mass production" in reply.text


def test_led_by_names_who_leads(bot: EvBot) -> None:
    reply = bot.ask("who leads hk cell?")
    assert reply.found and "Lee Jun-ho" in reply.text


def test_a_step_recalled_with_its_month_is_dated_then(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "history.txt": """Dorvik and Valmar's fuel-cell venture delays its plant

Published January 14, 2025

The joint venture's history goes back to April 2020, when Dorvik Truck and Valmar Group signed a preliminary, non-binding agreement.
""",
        },
    )
    deal = next(d for d in bot.kb.deals if {"Dorvik Truck", "Valmar Group"} <= set(d.parties))
    assert [(e.status, e.date) for e in deal.events if not e.delayed] == [("preliminary", "2020-04")]


def test_binding_asks_about_the_deal_still_on_when_another_ended(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "scaled.txt": """Garlow walks away from Nikro stake; fuel-cell supply deal remains

Published November 30, 2020

Garlow Motors will not take an equity stake in Nikro, ending the investment the two companies announced in September.

Instead, Garlow and Nikro signed a non-binding memorandum of understanding under which Garlow would supply its fuel-cell system for Nikro's trucks.
""",
        },
    )
    reply = bot.ask("garlow nikro revised deal - binding or not")
    assert "non-binding" in reply.text


def test_a_day_without_a_year_is_said_on_that_day(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")  # the sample articles: "On Thursday, December 7, Alibaba ... signed"
    reply = bot.ask("alibaba ford?")
    assert "on Thursday, December 7" in reply.text and "in Thursday" not in reply.text
