"""Buying the rest of a company one already backs is an acquisition, not the end of a venture; a collapse in a
share price ends no deal; "what deals has X done with Y?" lists the pair's deals; "called a close relationship"
names nothing. Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "stake.txt": """Kestrel Lighting to put $100 million into lidar partner Veyra Inc

Published October 27, 2022

Veyra Inc said on Thursday it has signed a binding agreement under which Kestrel Lighting Corp will invest $100 million in Veyra through convertible preferred stock.
""",
    "buyout.txt": """Kestrel Lighting agrees to buy out lidar maker Veyra

Published July 30, 2024

Kestrel Lighting Corp has agreed to acquire the rest of Veyra Inc, the lidar company it has backed for years, turning a minority investment into full ownership.
""",
    "charger.txt": """Norvik Energy agrees to buy charging firm Plugwell

Published June 12, 2025

Norvik Energy has agreed to buy the part of charging firm Plugwell Ltd it does not already own, after a collapse in Plugwell's share price.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("buyouts"), ARTICLES)


def test_buying_the_rest_of_a_company_is_an_acquisition_not_an_ended_venture(bot: EvBot) -> None:
    deals = [d for d in bot.kb.deals if "Veyra Inc" in d.parties]
    assert deals and all(d.status != "ended" and d.kind != "joint venture" for d in deals)
    assert any(d.kind == "acquisition" and d.status == "signed" for d in deals)


def test_a_collapse_in_a_share_price_ends_no_deal(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if "Plugwell Ltd" in d.parties)
    assert deal.status != "ended"


def test_what_deals_a_pair_has_done_is_a_list_of_them(bot: EvBot) -> None:
    reply = bot.ask("What deals has Kestrel Lighting done with Veyra?")
    assert reply.found and reply.text.startswith("- Kestrel Lighting Corp & Veyra Inc") and "ended" not in reply.text
