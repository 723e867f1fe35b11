"""Fact questions read past typos, by what kind of answer they want, on articles written for these tests.

A battery maker leaves a national battery project and another company takes its place, for reasons given in
a quote; a truck-charging venture whose headquarters are told in an article that names no company in the
question; a scooter partnership whose partner is described by what it makes.
"""

from __future__ import annotations

import pytest
from written import bot_over

from bot.core import EvBot
from bot.models import Reply, Request

ARTICLES = {
    "exit.txt": """Kelvar Cells quits Norland battery project; Danfo Cobalt steps in

Published: 2025-04-23

Kelvar Cells has formally pulled out of the $8.45 billion Norland battery project, the country's energy ministry said on Wednesday.

"Taking into account various factors, including market conditions and the investment environment, we have agreed to withdraw," Kelvar Cells said in a statement.

The ministry said Chinese firm Danfo Cobalt would take over Kelvar's place in the project.

Kelvar Cells said it would keep exploring other work in Norland.
""",
    "charging.txt": """Truckmakers to base their charging venture in Rotterdam

Published: 2021-07-05

The three truckmakers signed a non-binding agreement on Monday to set up a charging network for heavy trucks.

Fleet operators will be able to use the network from 2023.

Each site will offer fast charging during the drivers' rest breaks.

The venture will be headquartered in Rotterdam.

It will start with 1,700 charge points.
""",
    "scooters.txt": """Ravi Motors and Swapgo team up on battery swapping

Published: 2021-04-21

Ravi Motors, the largest maker of motorcycles and scooters in the region, signed a partnership with Swapgo on Wednesday.

The two companies will set up battery swapping stations, and Swapgo will license its swapping technology to Ravi.
""",
    "tellor-1.txt": """Tellor Capital to invest $1 billion in Marden Motors' electric car unit

Published: 2021-10-12

Marden Motors said on Tuesday it had signed a binding agreement under which Tellor Capital and its co-investor QZX of Dubai will put $1 billion into its new electric car unit.

The investors will buy convertible instruments that will give them between 11 percent and 15 percent of the new company.
""",
    "tellor-2.txt": """Marden Motors' EV unit receives first tranche from Tellor

Published: 2022-03-30

Marden Motors said on Wednesday its electric car unit had received the first tranche of $500 million from Tellor Capital.

Tellor and its co-investor QZX Holdings are to pay the rest by the end of 2022.
""",
    "venture-sheet.txt": """Orlen-Kasai battery venture gets a name: Brightcell Power & Solutions

Published: 2020-02-03

Orlen Motors and Kasai Electric said on Monday they would set up Brightcell Power & Solutions on April 1.

Photo caption: Orlen's president Taro Mase and Kasai's president Ken Ueda at a news conference in 2017.

Details of the new company:

- Ownership: Orlen 51%, Kasai 49%

- President: Hiroshi Odaka, from Orlen, as representative director

- Staff: about 5,100, including about 2,400 at a subsidiary abroad
""",
    "sale-2018.txt": """Nordane finds a buyer for its battery business: Envara Group

Published: 2018-08-03

Nordane Motors said on Friday it had signed a definitive agreement to sell its battery business to Envara Group.

Envara will set up a new company to take over the operations, and Nordane will keep a 25 percent stake in it.
""",
    "sale-2019.txt": """Envara completes takeover of Nordane's battery business

Published: 2019-04-02

Envara Group has completed its acquisition of the battery business of Nordane Motors.

Envara holds around 80 percent of the new holding company, and Nordane around 20 percent.
""",
    "charger-sale.txt": """Brightway buys charging firm Voltpoint

Published: 2018-06-28

Brightway Energy has agreed to buy Voltpoint Charging, the country's largest charging network.

Brightway did not disclose what it is paying. The deal is thought to be worth about 130 million pounds, according to people familiar with it.
""",
    "fleet.txt": """Quarrin expands its electric fleet order with Lindmark

Published: 2024-09-25

Quarrin and Lindmark signed a $2.8 billion agreement on Wednesday for a zero-emission mining fleet.

Under the earlier deal Lindmark was to supply 120 haul trucks; the expanded arrangement raises the total to about 475 machines.

Quarrin expects to buy around 360 autonomous battery-electric trucks, 55 electric excavators and 60 dozers.
""",
    "suv-stake.txt": """Bretton Investment to back Marlin's electric SUV company

Published: 2022-07-07

Bretton Investment will invest up to $250 million in Marlin Motors' new electric SUV company, Marlin Motors said on Thursday.

That will give Bretton between 2.75 percent and 4.76 percent of the company, depending on the final terms.

Ravi Sen, executive director of Marlin Motors, said the company expected 20 to 30 percent of its SUVs to be electric by 2027.
""",
    "ohio-jv.txt": """Honvale and Kestra Cells formally launch their Ohio battery company

Published: 2023-01-13

Honvale Motors and Kestra Cells said on Friday they had set up their battery joint venture, H-K Battery Company.

H-K Battery starts with capital of $210 million, of which Kestra Cells owns 51% and Honvale 49%.

The two companies have committed $3.5 billion to build the factory. They plan to hire about 2,200 people.
""",
    "site.txt": """Orrin and Valdt pick Lindholm for their cell factory

GOTHENBURG, Feb. 4, 2022 - Orrin Cars and Valdt Cells said on Friday that the battery cell factory they are building together will be located in Lindholm.

The companies did not say how much the plant would cost.
""",
    "takeover.txt": """Ardmore walks away from Lintell takeover

Published: 2023-10-16

Lintell Resources' board had agreed in September to back Ardmore's "best and final" offer of A$3.00 cash a share.

Her private company Harrow Prospecting has built a 19.9% holding in Lintell, buying shares on the market.

In October Ardmore also agreed to buy Australia's Lithium Power International for about $244 million.
""",
    "bid-march.txt": """Lintell rejects Ardmore's takeover approach

Published: 2023-03-28

Lintell Resources said on Tuesday it had rejected a non-binding takeover proposal from Ardmore.

The board said the proposal substantially undervalues Lintell.
""",
    "bid-october.txt": """Ardmore walks away from Lintell after a rival builds a stake

Published: 2023-10-17

Ardmore said on Monday it had ended its agreed takeover of Lintell Resources.

Ardmore said it walked away because a rival investor's 19.9% holding made the deal unlikely to win approval.
""",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    return bot_over(tmp_path_factory.mktemp("facts"), ARTICLES)


def ask(bot: EvBot, text: str) -> Reply:
    return bot.handle(Request(text=text))


def test_who_is_replacing_a_company_asks_for_a_company_even_misspelt(bot: EvBot) -> None:
    for question in ("who is replacing Kelvar Cells in the Norland project?", "who is replacng kelvar in norland??"):
        reply = ask(bot, question)
        assert "Danfo Cobalt" in reply.text, (question, reply.text)


def test_a_reason_given_as_factors_taken_into_account_answers_why(bot: EvBot) -> None:
    reply = ask(bot, "why did Kelvar Cells pull out of the Norland project?")
    assert "market conditions" in reply.text, reply.text


def test_the_headline_tells_which_article_a_question_without_companies_means(bot: EvBot) -> None:
    reply = ask(bot, "Where will the truckmakers' charging venture be headquartered?")
    assert "Rotterdam" in reply.text, reply.text


def test_a_company_learned_from_a_later_article_is_named_in_the_earlier_one(bot: EvBot) -> None:
    reply = ask(bot, "What stake will Tellor Capital and QZX Holdings end up with in Marden Motors' EV unit?")
    assert "11 percent and 15 percent" in reply.text, reply.text


def test_a_fact_sheet_line_answers_by_its_label(bot: EvBot) -> None:
    reply = ask(bot, "How many employees will Brightcell Power & Solutions have?")
    assert "5,100" in reply.text, reply.text


def test_the_president_of_the_venture_is_not_a_parents_president(bot: EvBot) -> None:
    reply = ask(bot, "who's going to be president of the orlen-kasai battery company")
    assert "Odaka" in reply.text and "Mase" not in reply.text, reply.text


def test_now_takes_the_newest_articles_figure_even_told_without_its_verb(bot: EvBot) -> None:
    reply = ask(bot, "How much of the battery business does Nordane still own now that Envara has taken it over?")
    assert "20 percent" in reply.text and "25 percent" not in reply.text, reply.text
    already = ask(bot, "How much of its old battery business does Nordane hold already?")
    assert "20 percent" in already.text and "25 percent" not in already.text, already.text
    first = ask(bot, "How big a stake was Nordane first going to keep in its battery business?")
    assert "25 percent" in first.text, first.text


def test_a_sum_asked_of_one_payer_is_a_sum_that_payer_pays(bot: EvBot) -> None:
    for question in (
        "How much is Danfo Cobalt investing after taking over Kelvar's place in Norland?",
        "How much of the $1 billion did QZX Holdings put in on its own?",
    ):
        reply = ask(bot, question)
        assert not reply.found and "billion" not in reply.text, (question, reply.text)
    paid = ask(bot, "what did brightway pay for voltpoint?")
    assert "130 million pounds" in paid.text, paid.text


def test_who_was_picked_to_run_the_venture_is_not_a_parents_executive(bot: EvBot) -> None:
    reply = ask(bot, "Who did Orlen Motors and Kasai Electric pick to run their battery company?")
    assert "Odaka" in reply.text and "Mase" not in reply.text, reply.text


def test_a_speaker_is_not_named_chief_of_the_venture(bot: EvBot) -> None:
    reply = ask(bot, "Who was named CEO of the Orlen / Kasai battery joint venture?")
    assert "Mase" not in reply.text and "Ueda" not in reply.text, reply.text


def test_a_figure_of_an_earlier_deal_gives_way_to_the_current_one(bot: EvBot) -> None:
    reply = ask(bot, "How many battery-electric haul trucks is Quarrin getting from Lindmark?")
    assert "360" in reply.text and "120" not in reply.text, reply.text


def test_a_proportion_of_things_is_no_stake(bot: EvBot) -> None:
    reply = ask(
        bot, "How much of Marlin's electric SUV company will Bretton Investment own after putting its money in?"
    )
    assert "2.75 percent" in reply.text and "20 to 30" not in reply.text, reply.text


def test_who_owns_what_in_a_venture_is_its_parents_split(bot: EvBot) -> None:
    reply = ask(bot, "Who owns what in H-K Battery?")
    assert "51%" in reply.text and "49%" in reply.text, reply.text


def test_a_count_told_of_they_after_the_companies_are_named(bot: EvBot) -> None:
    reply = ask(bot, "How many jobs is the Honvale-Kestra Cells plant in Ohio supposed to create?")
    assert "2,200 people" in reply.text, reply.text


def test_a_datelines_date_is_no_date_of_what_the_report_tells(bot: EvBot) -> None:
    reply = ask(bot, "When did the Lindholm battery plant start producing cells?")
    assert not reply.found and "2022" not in reply.text, reply.text


def test_an_offer_asked_of_one_bidder_is_not_another_bidders(bot: EvBot) -> None:
    reply = ask(bot, "How much per share did Harrow Prospecting offer for Lintell?")
    assert not reply.found and "3.00" not in reply.text, reply.text


def test_a_company_named_for_a_topic_is_not_that_topic(bot: EvBot) -> None:
    reply = ask(bot, "What lithium deals are there?")
    assert "Lithium Power" not in reply.title and reply.deals, reply.text


def test_why_back_in_a_month_is_the_reason_given_that_month(bot: EvBot) -> None:
    reply = ask(bot, "why did lintell say no to ardmore back in march?")
    assert "undervalues" in reply.text, reply.text


def test_what_a_partner_makes_is_not_what_the_deal_covers(bot: EvBot) -> None:
    reply = ask(bot, "ravi swapgo: what does the tie-up cover?")
    assert "swapping stations" in reply.text, reply.text
