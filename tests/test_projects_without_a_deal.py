"""A company's project with a government, the government a party where it signs: "is Halvo still in Chile's
Andes Package?" is answered by the sentence saying it pulled out, not by its other venture in Chile,
nor by the article's recollection of the 2020 agreement; "who's replacing Halvo as lead partner?" by the sentence
that names the newcomer, though no deal lists it; "what did they sign back in 2020?" by that year's article.
Articles written for these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "mou.txt": """Chile says Halvo Energy signs $4 billion battery memorandum

Published December 30, 2020

SANTIAGO - Chile and South Korea's Halvo Energy have signed a memorandum of understanding on a $4 billion investment in electric vehicle batteries, Chile's economy minister told a news conference on Wednesday.

Halvo Energy described the document as a non-binding memorandum on cooperation and said it would give details later.
""",
    "exit.txt": """Halvo Energy quits Chile's battery 'Andes Package'; Voss Cobalt steps in

Published April 23, 2025

SANTIAGO - Halvo Energy has formally pulled out of a $4 billion project to build an electric vehicle battery supply chain in Chile, the company said on Monday.

Halvo Energy and the Chilean government agreed the so-called Andes Package in late 2020.

Ferra Cells, a joint venture of Halvo Energy and Kestrel Motors, last year opened Chile's first battery cell plant in Antofagasta.

On Wednesday the economy minister said the project would go ahead with Voss Cobalt taking over Halvo's role as lead partner.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("projects"), ARTICLES)


def test_a_named_project_no_deal_holds_is_answered_by_the_news(bot: EvBot) -> None:
    reply = bot.ask("Is Halvo still in Chile's Andes Package battery project?")
    assert reply.found and "pulled out" in reply.text
    assert "Ferra Cells" not in reply.text


def test_who_takes_a_companys_place_is_read_from_the_sentences(bot: EvBot) -> None:
    reply = bot.ask("who's replacing Halvo as lead partner in chile's battery project?")
    assert reply.found and "Voss Cobalt" in reply.text


def test_a_step_before_any_deal_record_is_read_from_that_years_article(bot: EvBot) -> None:
    reply = bot.ask("what did Halvo and Chile sign first back in 2020 - was it binding?")
    assert reply.found and "non-binding" in reply.text
