"""A funding round told in one sentence and its lead investor in the next ("The round was led by Equator") is a
deal between the company that raised it and the investor that led it, and the answer to "who led it?".
Articles written for these tests."""

from __future__ import annotations

from pathlib import Path

from written import bot_over


def test_the_lead_investor_named_after_the_round_is_a_party(tmp_path: Path) -> None:
    bot = bot_over(
        tmp_path,
        {
            "round.txt": """Kestrel Moto raises $24 million

Published February 7, 2024

Nairobi-based electric motorcycle maker Kestrel Moto has raised $24 million in a Series A round of equity and debt.

The round was led by venture capital firm Orvane Capital, which put in up to $14 million, the company said.

Kestrel Moto competes with electric bus start-up Tarn Mobility and Halvo Motors, among others.
"""
        },
    )
    deal = next(d for d in bot.kb.deals if "Kestrel Moto" in d.parties)
    assert set(deal.parties) == {"Kestrel Moto", "Orvane Capital"} and deal.status == "signed"
    reply = bot.ask("who led kestrel moto's series a?")
    assert reply.found and "led by venture capital firm Orvane Capital" in reply.text and "competes" not in reply.text
