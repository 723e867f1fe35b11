"""Rules of reading articles and questions added for unseen stories, each on articles written for these tests.

A storyline of two investments told in June and December, a plant announced by two companies who are
then "the two companies", a partnership announced with a description between a name and its verb, a
deal told only as "the agreement", two companies that share a name, and a sale told beside another
buyer's collapsed one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from written import bot_over

from bot.core import EvBot
from bot.models import Reply, Request

ARTICLES = {
    "ardent-june.txt": """Ardent Capital puts $640 million into Korvia Motors

SEOUL, June 12, 2023 - Korvia Motors said on Monday it had signed a share subscription agreement with Ardent Capital, under which Ardent will put $640 million in cash into the carmaker.

Ardent will subscribe for 70,000,000 new Korvia shares at $9.14 apiece.

Once the deal closes, Ardent will hold about 6% of Korvia.

Pell Ostrander, chairman of Ardent Capital, said the firm was keen to back Korvia abroad.
""",
    "ardent-december.txt": """Ardent Capital to invest another $1.9 billion in Korvia

SEOUL, Dec. 4, 2023 - Korvia Motors said on Monday it has agreed to take a further $1.9 billion from Ardent Capital, in a deal that will lift the investor's holding in the carmaker to about 18.4%.

Pell Ostrander, chairman of Ardent Capital, said the larger stake continued the firm's strategy.
""",
    "tellmark-plant.txt": """Tellmark picks Oskar Cells for a new battery plant

DETROIT, May 2, 2024 - Tellmark Motors and Oskar Cells said on Thursday they plan to invest more than $2 billion in a new battery cell plant.

The two companies signed a memorandum of understanding for the project.

The plant could later reach 40 GWh of annual capacity, and production is targeted for 2027.
""",
    "vantor-halden.txt": """Vantor to build robotaxis with Halden Auto

HALDEN CITY - Halden Auto and Vantor, the driverless-car unit of search group Quillon, on Friday announced a multi-year partnership to build Vantor robotaxis.

The robotaxi partnership will expand to 12 more cities over the next four years.

Financial terms were not disclosed.
""",
    "ostry-network.txt": """Ostry drivers get access to Brennan chargers

Published: 2024-02-01

Ostry Motors electric-car drivers will be able to use 9,000 Brennan Energy fast chargers from the spring, the two chief executives said on Thursday.

The agreement will roughly double the number of chargers available to Ostry customers.
""",
    "marrow-trucks.txt": """Marrow Motors and Solberg Group complete fuel-cell venture

Published: 2021-03-01

Marrow Motors and the Solberg Group on Monday completed the deal that creates their joint fuel-cell company, Cellvane.
""",
    "solberg-cars.txt": """Solberg Motors and Tianlu Auto drop merger plan

Published: 2021-02-20

Solberg Motors and Tianlu Auto have scrapped their plan to merge.
""",
    "nordane-sale.txt": """Nordane finds a new buyer for its battery unit

Published: 2018-08-03

Nordane Motors said on Friday it had signed a definitive agreement to sell its battery operations to Envara Group, just a month after a planned sale of the same business to investment fund Kessler Capital collapsed.
""",
    "marlin-bhi.txt": """UK's Britannic Development Investment to back Marlin's EV company

Published: 2022-07-07

Marlin & Marlin Ltd (M&M) said on Thursday that Britannic Development Investment (BDI), a development finance institution, will invest up to $250 million in a new company for electric cars.

M&M and BDI have executed a binding agreement for the investment.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("reading"), ARTICLES)


def ask(bot: EvBot, text: str) -> Reply:
    return bot.handle(Request(text=text))


def parties(bot: EvBot) -> list[set[str]]:
    return [set(d.parties) for d in bot.kb.deals]


def test_a_wire_dateline_dates_the_article(bot: EvBot) -> None:
    published = {a.title: a.published for a in bot.kb.articles}
    assert published["Ardent Capital to invest another $1.9 billion in Korvia"] == "2023-12-04"
    assert published["Tellmark picks Oskar Cells for a new battery plant"] == "2024-05-02"


@pytest.mark.parametrize(
    "question, expected, not_expected",
    [
        ("How much is Ardent putting into Korvia in the June deal?", "$640 million", "$1.9 billion"),
        ("korvia ardent stake after the december deal?", "18.4%", "6%"),
        ("When did Korvia sign the $1.9bn agreement with Ardent?", "Dec. 4", "June 12"),
    ],
)
def test_a_month_or_a_sum_in_the_question_picks_the_step_of_the_storyline(
    bot: EvBot, question: str, expected: str, not_expected: str
) -> None:
    reply = ask(bot, question)
    assert reply.found and expected in reply.text and not_expected not in reply.text, reply.text


def test_at_what_price_is_a_second_question(bot: EvBot) -> None:
    reply = ask(bot, "How much is Ardent putting into Korvia in the June deal, and at what price per share?")
    assert "$640 million" in reply.text and "$9.14" in reply.text, reply.text


def test_who_is_running_a_company(bot: EvBot) -> None:
    reply = ask(bot, "who's the guy running Ardent Capital?")
    assert reply.found and "Pell Ostrander" in reply.text
    assert reply.text.count("Pell Ostrander") == 1, "a near copy of the same sentence adds nothing"


def test_the_two_companies_are_the_two_the_sentence_before_named(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Tellmark Motors", "Oskar Cells"})
    assert any("memorandum of understanding" in e.text for e in deal.events)


def test_a_description_between_a_name_and_its_verb_is_read_past(bot: EvBot) -> None:
    assert {"Halden Auto", "Vantor"} in parties(bot)
    assert not any("Quillon" in p for p in parties(bot)), "the owner named in the description is no party"


def test_the_agreement_before_any_related_pair_is_the_deal_of_the_two_just_named(bot: EvBot) -> None:
    assert {"Ostry Motors", "Brennan Energy"} in parties(bot)


def test_a_number_of_other_things_is_no_count_of_what_was_asked(bot: EvBot) -> None:
    reply = ask(bot, "How many robotaxis will Halden Auto build for Vantor?")
    assert not reply.found and "12" not in reply.text, reply.text  # 12 more cities, not robotaxis


def test_the_questions_own_figure_must_be_beside_the_date(bot: EvBot) -> None:
    reply = ask(bot, "When will the Tellmark Oskar plant reach 40 GWh?")
    assert not reply.found, reply.text  # 2027 is the start of production, not of 40 GWh


def test_a_name_shared_by_two_companies_means_the_one_with_the_deal(bot: EvBot) -> None:
    reply = ask(bot, "Did Marrow and Solberg actually close their fuel cell deal?")
    assert reply.found and "completed" in reply.text, reply.text
    listed = ask(bot, "Which deals involve Solberg?")
    assert "Marrow Motors" in listed.text and "Tianlu" in listed.text, listed.text


def test_a_collapse_told_of_another_buyer_does_not_end_the_deal(bot: EvBot) -> None:
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Nordane Motors", "Envara Group"})
    assert deal.status == "signed"


def test_an_acronym_in_brackets_names_the_company_in_that_article(bot: EvBot) -> None:
    assert any("Britannic Development Investment" in p and any("Marlin" in n for n in p) for p in parties(bot))


def test_what_a_company_gets_in_return(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    path = tmp_path / "loan.txt"
    path.write_text(
        """Fernvale Lithium gives the state a stake to unlock its loan

Published: 2025-10-01

The state will take a 5% stake in Fernvale Lithium under a revised loan agreement announced on Wednesday.

In exchange, the state will release the first $435 million of its loan to Fernvale Lithium.
""",
        encoding="utf-8",
    )
    assert bot.ingest_paths([str(path)]).added
    reply = ask(bot, "how big a stake is the state taking in Fernvale Lithium, and what does FVL get in return?")
    assert "5%" in reply.text and "$435 million" in reply.text, reply.text


def test_the_stake_asked_for_is_the_holders(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    path = tmp_path / "mine.txt"
    path.write_text(
        """Regulator takes a stake in Grisdale Mining and its Kell Pass venture with Orvane

Published: 2025-10-01

The regulator will take a 5% stake in Grisdale Mining and a separate 5% stake in the Kell Pass venture that Grisdale owns with Orvane Motors.

Last year Orvane Motors committed $625 million for a 38% stake in Kell Pass.
""",
        encoding="utf-8",
    )
    assert bot.ingest_paths([str(path)]).added
    reply = ask(bot, "What's Orvane's share of Kell Pass now?")
    assert "38%" in reply.text, reply.text


def test_had_they_formed_it_yet_is_how_the_deal_stood_then(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    for name, published, text in [
        (
            "plan.txt",
            "2021-09-28",
            "Pardo and Kilner unveil battery plan\n\nPardo Motors and Kilner Energy signed a memorandum of understanding on "
            "Monday for Blue Kiln, a joint venture the two companies intend to form.\n",
        ),
        (
            "set-up.txt",
            "2022-07-20",
            "Pardo and Kilner form Blue Kiln\n\nPardo Motors and Kilner Energy have formed their battery joint venture, "
            "Blue Kiln.\n",
        ),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert bot.ingest_paths([str(path)], published=published).added
    reply = ask(
        bot, "When Pardo and Kilner announced Blue Kiln back in 2021, had they actually formed the venture yet?"
    )
    assert "preliminary" in reply.text.lower() and "2021" in reply.text, reply.text


@pytest.fixture(scope="module")
def shares(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    folder = tmp_path_factory.mktemp("shares")
    bot = EvBot.open(folder / "kb.json")
    path = folder / "quen-darro.txt"
    path.write_text(
        """Quen Motors buys Darro Mobility's EV unit for $600 million in stock

Published: 2023-08-28

Quen Motors said on Monday it will acquire the EV business of Darro Mobility, paying in new shares worth up to $600 million.

Quen Motors will issue new shares to Darro Mobility at $12.50 each, in return for the unit's assets.

The deal values the combined business at $4 billion, Quen Motors said.

With the unit, Quen Motors plans a small car developed under the project name "LUMA".

"This is a milestone for our customers," said Ida Ferran, chief executive of Quen Motors.

The venture's new battery arm, Quellcell, will be run by a manager still to be named.
""",
        encoding="utf-8",
    )
    assert bot.ingest_paths([str(path)]).added
    return bot


@pytest.mark.parametrize(
    "question, expected",
    [
        ("quen darro deal size?", "$600 million"),  # not the price of each share
        ("What valuation did the Quen Darro deal put on the business?", "$4 billion"),
        ("What's the codename of the car Quen Motors is building from the Darro deal?", "LUMA"),
        ("who from Quen Motors was quoted on the Darro deal?", "Ida Ferran"),
    ],
)
def test_what_the_question_asks_for_is_what_answers(shares: EvBot, question: str, expected: str) -> None:
    reply = ask(shares, question)
    assert reply.found and expected in reply.text, reply.text


def test_the_chief_of_a_name_is_a_chief_beside_that_name(shares: EvBot) -> None:
    reply = ask(shares, "Who is the CEO of Quellcell?")
    assert not reply.found and "Ida Ferran" not in reply.text, reply.text


def test_an_acronym_named_as_a_party_is_a_company_the_store_does_not_know(shares: EvBot) -> None:
    reply = ask(shares, "Tell me about Quen Motors' deal with Oman's OIA")
    assert not reply.found and "OIA" in reply.text, reply.text


def test_deals_told_with_brackets_glued_suffixes_and_auctions(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    for name, text in {
        "acvg.txt": "Anatolia picks Pelmar for batteries\n\nPublished: 2020-10-21\n\nISTANBUL - Turkey's Anatolia Car "
        "Venture Group (ACVG), the company developing the country's first home-grown car, has signed letters of "
        "intent with Pelmar Energy to produce battery cells.\n",
        "vero.txt": "Vero MotoCorp teams up with Zenith\n\nPublished: 2021-04-21\n\nNEW DELHI - Vero MotoCorp, the "
        "world's largest maker of scooters, announced a strategic partnership on Wednesday with Taiwan's Zenith Inc. "
        "to speed up the shift to electric two-wheelers.\n",
        "norra.txt": "Norra wins auction for Castor battery unit\n\nPublished: 2023-11-10\n\nSTOCKHOLM - Sweden's Norra "
        "Group said on Friday it had won an auction for the battery business of bankrupt bus maker Castor Motors "
        "with a bid of $210 million.\n",
    }.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert bot.ingest_paths([str(path)]).added
    found = {frozenset(d.parties): d.status for d in bot.kb.deals}
    assert found.get(frozenset({"Anatolia Car Venture Group", "Pelmar Energy"})) == "preliminary"  # letters of intent
    assert found.get(frozenset({"Vero MotoCorp", "Zenith Inc"})) == "signed"
    assert found.get(frozenset({"Norra Group", "Castor Motors"})) == "signed"


def test_a_plant_halted_and_restarted_is_on_hold_then_back_on(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    for name, published, text in [
        (
            "signed.txt",
            "2022-03-23",
            "Tarvo and Keller Energy sign battery venture\n\nTarvo Motors and Keller Energy said on Wednesday they "
            "have signed binding agreements to set up a battery joint venture in Windsor. Keller Energy will spend $1.4 "
            "billion to acquire a 51% stake in the venture, leaving Tarvo Motors with the remainder.\n",
        ),
        (
            "halted.txt",
            "2023-05-15",
            "Tarvo halts Windsor plant\n\nTarvo Motors has stopped all construction at the battery plant it is "
            "building with Keller Energy in Windsor, because of a dispute over subsidies.\n",
        ),
        (
            "resumed.txt",
            "2023-07-06",
            "Tarvo and Keller restart Windsor plant\n\nTarvo Motors and Keller Energy will resume building their "
            "battery factory in Windsor after a new subsidy agreement.\n",
        ),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert bot.ingest_paths([str(path)], published=published).added
    deal = next(d for d in bot.kb.deals if set(d.parties) == {"Tarvo Motors", "Keller Energy"})
    steps = [(e.date[:7], e.status) for e in deal.events]
    assert ("2022-03", "ended") not in steps, "a 51% stake in the venture is no buyout of the partner"
    assert ("2023-05", "ended") in steps and deal.status == "signed", steps


def test_a_name_given_in_passing_is_the_name(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    path = tmp_path / "plant.txt"
    path.write_text(
        "Tarvo and Keller restart plant\n\nPublished: 2023-07-06\n\nTarvo Motors and Keller Energy will resume "
        "building their battery factory in Windsor.\n\nThe plant now carries a name - Lumen Cells - and production "
        "starts next year.\n",
        encoding="utf-8",
    )
    assert bot.ingest_paths([str(path)]).added
    reply = ask(bot, "what's the name of the Tarvo/Keller battery plant in windsor?")
    assert reply.found and "Lumen Cells" in reply.text, reply.text


def test_when_was_it_signed_of_a_deal_still_in_talks_says_it_was_not(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    path = tmp_path / "talks.txt"
    path.write_text(
        "Orrin Motors in talks with Vessa Energy\n\nPublished: 2024-03-04\n\nOrrin Motors is in talks with Vessa "
        "Energy about a battery supply deal.\n\nVessa Energy plans to open its first plant by 2026.\n",
        encoding="utf-8",
    )
    assert bot.ingest_paths([str(path)]).added
    reply = ask(bot, "When was the Orrin Vessa deal signed?")
    assert not reply.found and "in talks" in reply.text and "2026" not in reply.text, reply.text
