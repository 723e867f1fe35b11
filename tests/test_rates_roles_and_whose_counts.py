"""A rate is its own thing to ask for ("what interest rate?" is not answered by the loan's size, and is answered
by "at a fixed rate of 3.2%"), and a count asked of one buyer ("how many vans has Parcelnet ordered?") is not
another buyer's number told beside its name; a party's role is what its own clause says it will provide ("what is
Kestral's role?"), and "who leads development of the van?" asks which party, not which chief. Articles written for
these tests."""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot

ARTICLES = {
    "0loan.txt": """Prairie bank lends for electric school buses

Published November 2, 2021

The Prairie Infrastructure Bank (PIB) has signed an agreement with the Western Bus Operators Federation to lend up to C$150 million for 1,500 electric school buses.

The loans will be repaid out of the fuel savings the buses make over their lives.
""",
    "1bond.txt": """Voltaro borrows from Norden Bank for its cell plant

Published March 3, 2023

Voltaro Energy has signed a loan agreement with Norden Bank for 400 million euros to build its cell plant.

The loan carries a fixed interest rate of 3.2% over ten years.
""",
    "2vans.txt": """Ampvan wins more van orders

Published June 1, 2022

Grocera has reserved 3,000 Ampvan electric vans for its delivery fleet.

Besides Grocera, which reserved 3,000 vans in January, Ampvan counts Parcelnet and Fleetwise among its customers.
""",
    "3roles.txt": """Bharatbus ties up with Kanto Trading and Kestral Groep

Published July 3, 2024

Indian electric bus maker Bharatbus said it had entered a long-term strategic partnership with Japanese trading house Kanto Trading and Dutch industrial group Kestral Groep.

"This partnership with Kanto and Kestral represents a big step for electric bus manufacturing in India," said Bharatbus chairman Ravi Menon.

Under the deal Kanto will make strategic investments in the company, while Kestral Groep will provide technological support and take a small equity stake.
""",
    "4lead.txt": """Dorvan and Tessen name first co-developed models

Published September 12, 2024

Dorvan Motors and Tessen Auto have signed an agreement to co-develop five vehicles, their first jointly developed models.

Dorvan will lead development of the pickup platform, and Tessen will lead on the compact cars and the electric van.

Mara Kell, Dorvan senior vice president of purchasing, said partnering would bring more choice to customers at lower cost.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("rates"), ARTICLES)


def test_a_rate_not_given_is_said_to_be_missing(bot: EvBot) -> None:
    reply = bot.ask("What interest rate does the PIB charge on the school bus loans?")
    assert not reply.found and "rate" in reply.text and "C$150 million" not in reply.text


def test_a_rate_given_is_quoted(bot: EvBot) -> None:
    reply = bot.ask("What interest rate is Voltaro paying Norden Bank?")
    assert reply.found and "3.2%" in reply.text


def test_a_count_asked_of_one_buyer_is_not_anothers(bot: EvBot) -> None:
    other = bot.ask("How many Ampvan vans has Parcelnet ordered?")
    assert not other.found and "3,000" not in other.text
    own = bot.ask("How many Ampvan vans has Grocera reserved?")
    assert own.found and "3,000" in own.text


def test_a_partys_role_is_what_its_own_clause_says_it_will_provide(bot: EvBot) -> None:
    reply = bot.ask("What is Kestral's role in the Bharatbus partnership?")
    assert reply.found and "technological support" in reply.text


def test_who_leads_a_part_of_the_work_is_the_party_that_does(bot: EvBot) -> None:
    reply = bot.ask("In the Dorvan Tessen tie-up, who leads development of the electric van?")
    assert reply.found and "Tessen will lead on the compact cars and the electric van" in reply.text
