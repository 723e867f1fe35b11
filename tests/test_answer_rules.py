"""The answering rules, each on articles written for these tests.

A storyline told over three articles (talks, a signed supply contract, its
cancellation) is ingested newest first, so that the timeline has to order the
articles by their publication dates; a second story says its terms were not
disclosed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import EvBot
from bot.models import Reply, Request

ARTICLES = {
    "mazda-cancels.txt": (
        "2024-11-20",
        """Mazda cancels Northvolt battery order

Mazda has cancelled its battery supply agreement with Northvolt, the Japanese automaker said on Wednesday.

The decision came because of repeated delivery delays at the Swedish battery maker, Mazda said.

The cancellation also reflects slowing demand for electric SUVs in Japan.

Mazda will now buy cells from existing suppliers in Japan.
""",
    ),
    "mazda-talks.txt": (
        "2024-03-04",
        """Mazda in talks with Northvolt over battery cells

Mazda is in talks with Northvolt about a battery cell supply deal, people familiar with the matter said.

No agreement has been signed, and both companies declined to comment.
""",
    ),
    "mazda-signs.txt": (
        "2024-06-10",
        """Mazda and Northvolt sign battery supply contract

Mazda and Northvolt signed a supply agreement on Monday, June 10, 2024, under which Northvolt will deliver 15 GWh of battery cells a year.

The contract is worth about $1.2 billion, Mazda said.

The cells will be made at Northvolt's plant in Skelleftea, Sweden.

Northvolt could also supply Mazda with up to 4 GWh more a year if demand grows faster than expected.
""",
    ),
    "subaru-mobileye.txt": (
        "2024-05-03",
        """Subaru picks Mobileye for driver assistance

Subaru and Mobileye signed a partnership on May 2, 2024 to bring Mobileye's driver-assistance chips to Subaru cars.

Financial terms were not disclosed.

Subaru will also sell the equipped models through its own online store.

Atsushi Osaki, Subaru's chief executive, said in Nagoya that the systems would reach showrooms in 2026.

Mobileye competes with rivals such as Nvidia and LG Electronics in driver-assistance chips.
""",
    ),
    "denso-aisin.txt": (
        "2024-01-15",
        """Denso and Aisin form e-axle venture

Denso and Aisin signed an agreement on January 12, 2024 to form a joint venture that will make 200,000 e-axles a year in Kariya.

Each of the two companies will own half of the venture.

The deal is subject to regulatory approvals.

Koji Arima, Denso's chief executive, said production would start in 2026.
""",
    ),
    "subaru-lg.txt": (
        "2023-02-01",
        """Subaru and LG form Aster Cells battery venture

Subaru and LG Energy Solution signed an agreement on January 31, 2023 to form Aster Cells, a joint venture that will build battery cells in Gunma.

Subaru shares were up 2% at 2,500 yen in Tokyo trading.
""",
    ),
    "subaru-redwood.txt": (
        "2023-11-16",
        """Subaru and Redwood Materials sign battery recycling deal

Subaru and Redwood Materials signed a battery recycling agreement on Thursday. Financial terms were not disclosed.

The recycled material will go into Subaru's Gunma battery plant, which Subaru is upgrading for $2 billion.
""",
    ),
    "kestrel-spain-mou.txt": (
        "2023-03-01",
        """Kestrel and Voltara plan Spanish battery venture

Kestrel Motors and Voltara Energy signed a non-binding memorandum of understanding on Wednesday to form a battery joint venture in Spain.
""",
    ),
    "kestrel-spain-dropped.txt": (
        "2023-09-01",
        """Kestrel and Voltara drop Spanish battery venture

Kestrel Motors and Voltara Energy have scrapped their plan for a battery joint venture in Spain, citing weak demand.
""",
    ),
    "tarnwell-ipo.txt": (
        "2024-01-29",
        """Tarnwell Energy calls off its listing

Tarnwell Energy said on Monday it has cancelled the planned initial public offering of its battery unit.

The Tarnwell IPO had been meant to give Tarnwell's battery unit more visibility.
""",
    ),
    "kestrel-orbis.txt": (
        "2022-10-11",
        """Kestrel Motors and Orbis Cells pick Ohio for battery plant

Kestrel Motors and Orbis Cells said on Tuesday their joint venture battery plant will be built in Ohio.

Separately, Kestrel will spend $700 million to retool its existing Ohio plants, adding about 300 jobs.

The partners said they are initially committing $3.5 billion and expect to create 2,200 jobs.

Orbis said in a filing to the Public Records Platform on Friday that the site was final.

The venture's board will have nine members, five of them named by Kestrel.

"This plant is the foundation of our future," said Dana Whitcombe, Kestrel's vice president of manufacturing.
""",
    ),
}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    folder = tmp_path_factory.mktemp("rules")
    bot = EvBot.open(folder / "kb.json")
    for name, (published, text) in ARTICLES.items():  # the cancellation first: ingestion order is not news order
        path = folder / name
        path.write_text(text, encoding="utf-8")
        assert bot.ingest_paths([str(path)], published=published).added
    return bot


def ask(bot: EvBot, text: str, conversation: str = "") -> Reply:
    return bot.handle(Request(text=text, conversation=conversation))


def stored_sentences(bot: EvBot) -> set[str]:
    return {s for a in bot.kb.articles for s in a.sentences}


@pytest.mark.parametrize(
    "question, expected",
    [
        ("How much is the Mazda Northvolt contract worth?", "$1.2 billion"),
        ("How many GWh a year will Northvolt supply to Mazda?", "15 GWh"),
        ("Where will Northvolt make the cells for Mazda?", "Skelleftea"),
        ("Who is Subaru's chief executive?", "Atsushi Osaki"),
        ("Why did Mazda cancel the Northvolt order?", "delivery delays"),
    ],
)
def test_a_fact_is_the_stored_sentence_that_holds_the_kind_asked_for(
    story: EvBot, question: str, expected: str
) -> None:
    reply = ask(story, question)
    assert reply.found and expected in reply.text
    assert reply.citations and all(c.quote in stored_sentences(story) for c in reply.citations)
    assert all(c.quote in reply.text for c in reply.citations), "the answer quotes its sentences as they stand"


@pytest.mark.parametrize(
    "question, expected",
    [
        ("kestrel orbis ohio plant: initial investment and job count?", ["$3.5 billion", "2,200"]),  # not "Separately"
        ("What was Kestrel and Orbis's initial commitment?", ["$3.5 billion"]),
        ("How many seats will the Kestrel Orbis board have?", ["nine members"]),  # not the jobs or the plants
        ("Which Kestrel exec was quoted on the Orbis plant, and what's her title?", ["Dana Whitcombe"]),
        ("Why did Mazda cancel the Northvolt order?", ["delivery delays", "slowing demand"]),  # reasons, told twice
    ],
)
def test_each_part_asked_for_is_in_the_answer(story: EvBot, question: str, expected: list[str]) -> None:
    reply = ask(story, question)
    assert reply.found and all(e in reply.text for e in expected), reply.text


def test_a_question_in_other_words_than_the_article_is_answered(story: EvBot) -> None:
    reply = ask(story, "Could I buy one of those Subaru Mobileye cars on a website?")  # "sell ... online store"
    assert reply.found and "online store" in reply.text


def test_a_sum_in_an_article_whose_terms_were_withheld_is_not_the_deals(story: EvBot) -> None:
    reply = ask(story, "How much is Subaru paying Redwood for the recycled material?")  # "Redwood" as people say it
    assert not reply.found and "Financial terms were not disclosed." in reply.text and "$2 billion" not in reply.text


@pytest.mark.parametrize(
    "question",
    [
        "How much compensation did Northvolt pay Mazda for the cancelled order?",  # a sum of what was asked, or none
        "Mazda's $1.2 billion Northvolt contract: how much of it was paid upfront?",  # the question's own figure
        "Did the Skelleftea plant ship any cells by the end of 2030?",  # after the newest article naming Skelleftea
    ],
)
def test_a_loosely_related_sum_or_a_later_time_is_not_an_answer(story: EvBot, question: str) -> None:
    reply = ask(story, question)
    assert not reply.found, reply.text


def test_a_withheld_figure_is_reported_as_withheld(story: EvBot) -> None:
    reply = ask(story, "How much is the Subaru Mobileye deal worth?")
    assert not reply.found
    assert "don't say how much" in reply.text and "Financial terms were not disclosed." in reply.text


@pytest.mark.parametrize(
    "question, missing",
    [
        ("How many jobs will the Subaru Mobileye partnership create?", "how many"),
        ("When will Mazda and Northvolt open their joint plant in Ohio?", "don't"),
    ],
)
def test_what_no_sentence_holds_is_named_as_missing(story: EvBot, question: str, missing: str) -> None:
    reply = ask(story, question)
    assert not reply.found and missing in reply.text


@pytest.mark.parametrize(
    "question",
    [
        "How much is Quantumsoft paying Mazda?",  # a name no article uses
        "What did Subaru and Northvolt sign?",  # two known companies that never dealt with each other
        "Will it rain in Skelleftea tomorrow?",
    ],
)
def test_questions_the_articles_cannot_answer_are_refused(story: EvBot, question: str) -> None:
    assert not ask(story, question).found


def test_status_takes_the_newest_event_by_publication_date(story: EvBot) -> None:
    reply = ask(story, "Is the Mazda Northvolt deal still on?")
    assert reply.found and reply.text.startswith("No: it ended")
    assert "cancelled" in reply.text and reply.citations[0].published == "2024-11-20"


def test_status_first_and_at_a_time(story: EvBot) -> None:
    first = ask(story, "Were Mazda and Northvolt originally just in talks?")
    assert first.text.startswith("At first: Yes: in talks") and first.citations[0].published == "2024-03-04"
    then = ask(story, "What was the status of Mazda and Northvolt in July 2024?")
    assert "signed" in then.text.split(".")[0] and then.citations[0].published == "2024-06-10"


def test_status_as_of_a_part_of_a_year(story: EvBot) -> None:
    spring = ask(story, "What was the status of Mazda and Northvolt in spring 2024?")
    assert "in talks" in spring.text.split(".")[0] and spring.citations[0].published == "2024-03-04"


def test_status_of_the_venture_the_question_points_at(story: EvBot) -> None:
    now = ask(story, "Where does Kestrel's Spain battery JV stand now?")  # not its Ohio venture with Orbis
    assert now.text.startswith("No: it ended") and "scrapped" in now.text
    then = ask(story, "As of spring 2023, was Kestrel's Spanish venture signed?")
    assert "preliminary" in then.text.split(".")[0] and then.citations[0].published == "2023-03-01"


def test_the_status_of_something_that_is_no_deal_is_the_sentence_that_says_how_it_stands(story: EvBot) -> None:
    reply = ask(story, "tarnwell ipo - still on?")  # the article says "initial public offering"
    assert reply.found and "cancelled" in reply.text


def test_a_when_question_gets_the_date_of_what_it_names(story: EvBot) -> None:
    reply = ask(story, "When will Denso and Aisin start production?")  # not the day they signed
    assert reply.found and "2026" in reply.text and "January 12" not in reply.text


def test_a_list_of_either_topic(story: EvBot) -> None:
    reply = ask(story, "Which deals are about chips or recycling rather than batteries?")
    assert "Subaru & Mobileye" in reply.text and "Subaru & Redwood Materials" in reply.text
    assert "Mazda" not in reply.text and "Denso" not in reply.text


def test_the_deal_timeline_lists_its_steps_in_news_order(story: EvBot) -> None:
    deal = story.kb.find_deal("mazda northvolt")[0]
    assert [e.status for e in deal.events][:: len(deal.events) - 1] == ["talks", "ended"]
    assert deal.status == "ended"


def test_a_kind_the_deal_is_not_is_answered_with_what_it_is(story: EvBot) -> None:
    reply = ask(story, "Is the Mazda Northvolt deal a joint venture?")
    assert reply.text.startswith("No: the articles describe a supply deal, not a joint venture")


def test_list_filters_come_from_vocabularies(story: EvBot) -> None:
    ended = ask(story, "which deals were called off?")
    assert "Mazda & Northvolt" in ended.text and "Subaru" not in ended.text
    unsigned = ask(story, "which deals are not signed yet?")
    assert "Xiaomi" in unsigned.text and "Subaru" not in unsigned.text and "Alibaba" not in unsigned.text
    chips = ask(story, "list the chips deals")
    assert "Subaru & Mobileye" in chips.text and "Mazda" not in chips.text


def test_words_that_fit_no_filter_are_ignored(story: EvBot) -> None:
    reply = ask(story, "which flurbish deals are there?")
    assert reply.found and "Mazda & Northvolt" in reply.text and "Subaru & Mobileye" in reply.text


def test_every_listed_deal_has_its_status_date_and_a_source(story: EvBot) -> None:
    reply = ask(story, "deals")
    rows = reply.text.splitlines()
    assert len(rows) == len(reply.deals) == len(reply.citations)
    for row in rows:
        assert any(s in row for s in ("signed", "ended", "in talks", "preliminary"))
    assert "November 20, 2024" in rows[0], "newest news first, with its date"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("help me understand the mazda northvolt deal", "deal"),
        ("digest the news about mazda", "deal"),
        ("ask help", "help"),
        ("help", "help"),
        ("deal mazda northvolt", "deal"),
    ],
)
def test_commands_never_swallow_questions(story: EvBot, text: str, kind: str) -> None:
    reply = ask(story, text)
    assert reply.kind == kind and reply.found


def test_a_follow_up_is_about_the_previous_answer_in_that_conversation_only(story: EvBot) -> None:
    assert "Northvolt" in ask(story, "mazda northvolt?", conversation="c1").title
    worth = ask(story, "how much was it worth?", conversation="c1")
    assert worth.found and "$1.2 billion" in worth.text
    assert "$1.2 billion" not in ask(story, "how much was it worth?", conversation="c2").text
    assert "$1.2 billion" not in ask(story, "how much was it worth?").text


def test_a_follow_up_after_the_articles_do_not_say_is_about_the_same_deal(story: EvBot) -> None:
    missing = ask(story, "who signed the mazda northvolt contract for mazda?", conversation="c3")
    assert not missing.found and missing.deals
    worth = ask(story, "how much was it worth?", conversation="c3")
    assert worth.found and "$1.2 billion" in worth.text


def test_chat_reads_a_scripted_conversation_from_standard_input(tmp_path: Path) -> None:
    import subprocess
    import sys

    evbot = str(Path(sys.executable).with_name("evbot"))
    result = subprocess.run(
        [evbot, "--db", str(tmp_path / "kb.json"), "chat"],
        capture_output=True,
        text=True,
        input="alibaba ford?\nwhen was it signed?\n",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    after = result.stdout.split("when was it signed?", 1)
    assert len(after) == 2 and "December 7" in after[1]


def test_a_conversation_forgets_after_its_time_limit_and_keeps_a_bounded_memory() -> None:
    from bot.answering.conversation import MAX_CONVERSATIONS, Conversations

    now = [0.0]
    memory = Conversations(ttl=60, clock=lambda: now[0])
    memory.remember("slack:C1:1.0", ("Ford", "Alibaba"))
    now[0] = 59
    assert memory.recall("slack:C1:1.0") == ("Ford", "Alibaba")
    assert memory.recall("slack:C1:2.0") == ()
    now[0] = 200
    assert memory.recall("slack:C1:1.0") == ()
    for n in range(MAX_CONVERSATIONS + 10):
        memory.remember(f"k{n}", ("Ford",))
    assert memory.recall("k0") == () and memory.recall(f"k{MAX_CONVERSATIONS + 9}") == ("Ford",)


def test_a_list_names_each_side_of_a_deal_by_region_and_sector(story: EvBot) -> None:
    reply = ask(story, "Which Japanese automakers have deals with European battery makers?")
    assert "Mazda & Northvolt" in reply.text and "Subaru" not in reply.text


def test_an_it_with_nothing_before_it_asks_which_deal(story: EvBot) -> None:
    reply = ask(story, "when was it signed?")
    assert not reply.found and "Which deal" in reply.text


def test_a_short_name_is_the_partner_of_the_other_company_named(story: EvBot) -> None:
    reply = ask(story, "subaru lg battery venture - what's it called?")
    assert reply.found and "Aster Cells" in reply.text


def test_a_venture_named_by_its_own_name_is_its_parents_deal(story: EvBot) -> None:
    reply = ask(story, "Is Aster Cells still going?")
    assert reply.found and "Subaru" in reply.title and reply.text.startswith("Yes")


def test_a_share_price_is_not_what_a_deal_costs(story: EvBot) -> None:
    assert not ask(story, "How much is Subaru paying for the LG venture?").found


def test_a_yes_no_question_after_a_when_clause_asks_for_the_status(story: EvBot) -> None:
    reply = ask(story, "When Subaru and LG signed in January 2023, was that a binding deal?")
    assert reply.kind == "deal" and reply.text.startswith("In January 2023: Yes: signed")


def test_a_share_in_words_is_a_share(story: EvBot) -> None:
    reply = ask(story, "denso aisin venture - who owns what?")
    assert reply.found and "half" in reply.text


def test_a_deal_that_still_needs_approvals_is_not_final(story: EvBot) -> None:
    for question in ("Is the Denso Aisin venture final?", "denso aisin deal done or not?"):
        reply = ask(story, question)
        assert reply.kind == "deal" and "regulatory approvals" in reply.text, question
    assert ask(story, "Is the Denso Aisin venture final?").text.startswith("Not final yet")


def test_a_role_at_one_company_is_not_answered_by_another_companys_chief(story: EvBot) -> None:
    assert not ask(story, "Who is Aisin's CEO?").found
    assert "Koji Arima" in ask(story, "Who is Denso's CEO?").text


def test_a_place_named_in_the_question_must_be_in_the_answers_article(story: EvBot) -> None:
    assert not ask(story, "How many e-axles a year will the Denso Aisin venture make in Nagoya?").found
    assert "200,000" in ask(story, "How many e-axles a year will the Denso Aisin venture make in Kariya?").text


SUMS_ARTICLES = {
    "kestrel-voltara.txt": (
        "2019-08-28",
        """Kestrel takes a stake in Voltara

Kestrel Motors will acquire 24 million Voltara Energy shares, equal to 4.94% of Voltara, for a total of 96 billion yen (about $908 million).

Voltara, which sells around 3.4 million batteries a year, has been independent since 2015.
""",
    ),
    "orbis-yinlo.txt": (
        "2024-08-20",
        """Orbis buys 10% of Yinlo

Orbis Cells has agreed to buy 10% of Tarnwell Energy's software unit Yinlo Systems for 11.5 billion yuan, the companies said.

Separately, Orbis said it no longer expects to keep its majority stake in its Korean unit.

Granite Motors said in July that it also intends to invest in Yinlo Systems, but it did not disclose the size of the stake or the amount.

The Orbis and Tarnwell Energy battery plant in Ohio is being built by their joint venture, Northline Power.
""",
    ),
    "orbis-tarnwell-split.txt": (
        "2024-12-31",
        """Orbis and Tarnwell call off battery venture

Orbis Cells said on Thursday it is calling off its battery venture with Tarnwell Energy, pointing to the upheaval the pandemic caused in the economy.

Separately, Orbis said it no longer expects to remain the majority shareholder of its Korean unit.
""",
    ),
}


@pytest.fixture(scope="module")
def sums(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    """Stakes paid in yen and rupees, a second buyer whose terms were withheld, a venture named in passing."""
    folder = tmp_path_factory.mktemp("sums")
    bot = EvBot.open(folder / "kb.json")
    for name, (published, text) in SUMS_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        assert bot.ingest_paths([str(folder / name)], published=published).added
    return bot


def test_a_stake_in_other_words_and_a_sum_in_yen(sums: EvBot) -> None:
    reply = ask(sums, "How much is Kestrel paying for its piece of Voltara, and how big a stake is it?")
    assert reply.found and "96 billion yen" in reply.text and "4.94%" in reply.text
    assert "3.4 million" not in reply.text, "a stake's size is no count"


def test_terms_withheld_between_the_companies_asked_are_not_another_buyers(sums: EvBot) -> None:
    withheld = ask(sums, "how much is Granite paying for its stake in Yinlo?")
    assert not withheld.found and "11.5 billion" not in withheld.text and "did not disclose" in withheld.text
    paid = ask(sums, "How much did Orbis pay to get into Yinlo, and for what share?")
    assert paid.found and "11.5 billion yuan" in paid.text and "10%" in paid.text


def test_a_reason_is_never_an_aside(sums: EvBot) -> None:
    reply = ask(sums, "why did Orbis and Tarnwell walk away from their venture?")
    assert reply.found and "pandemic" in reply.text and "Korean unit" not in reply.text


def test_a_venture_named_in_passing_answers_what_it_is_called(sums: EvBot) -> None:
    reply = ask(sums, "What's the name of the Orbis-Tarnwell battery joint venture?")
    assert reply.found and "Northline Power" in reply.text


def test_which_maker_asks_for_a_company_and_heading_asks_for_a_person(story: EvBot) -> None:
    assert "Mobileye" in ask(story, "Which chipmaker's systems will Subaru cars use?").text
    assert "Atsushi Osaki" in ask(story, "Who's heading Subaru?").text


def test_when_something_happens_is_not_when_the_deal_was_signed(story: EvBot) -> None:
    reply = ask(story, "When does Northvolt start making the cells for Mazda in Skelleftea?")
    assert not reply.found and "June 10" not in reply.text


def test_what_period_asks_how_long_and_what_exact_date_asks_when(story: EvBot) -> None:
    period = ask(story, "how much is the Mazda Northvolt contract worth, and over what period?")
    assert period.found and "$1.2 billion" in period.text and "how long" in period.text
    exact = ask(story, "What exact date did Mazda and Northvolt sign their supply agreement?")
    assert exact.found and "June 10, 2024" in exact.text


def test_how_much_of_a_measure_takes_a_sum_of_that_measure(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    (tmp_path / "halt.txt").write_text(
        "Kestrel assumes no more Orbis production\n\nKestrel Motors no longer expects to build any more Orbis Cells "
        "packs, it said on Friday.\n\nOrbis missed an $8.4 million interest payment in March.\n\nKestrel said the halt "
        "reduces its 2024 sales by about $400 million.\n",
        encoding="utf-8",
    )
    assert bot.ingest_paths([str(tmp_path / "halt.txt")], published="2024-05-07").added
    reply = ask(bot, "how much 2024 revenue does Kestrel lose because of the Orbis halt?")
    assert reply.found and "$400 million" in reply.text and "8.4 million" not in reply.text


def test_the_asking_clause_sets_the_time_and_a_venture_name_stands_for_its_parents(sums: EvBot) -> None:
    still = ask(sums, "Orbis and Tarnwell originally planned a battery venture - is it still on?")
    assert "call" in still.text.lower() or "ended" in still.text.lower()
    story = ask(sums, "In the Northline Power venture, where is the plant?")
    assert story.found and "Ohio" in story.text
    chief = ask(sums, "Who is the chief executive of Northline Power?")
    assert not chief.found


def test_a_price_per_share_is_a_per_share_sum_and_a_count_of_vans_is_no_sum(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    (tmp_path / "stake.txt").write_text(
        "Orbis buys into Kestrel\n\nOrbis Cells will pay $738.5 million for 84,695,543 new Kestrel Motors shares, at "
        "$8.72 apiece.\n",
        encoding="utf-8",
    )
    (tmp_path / "order.txt").write_text(
        "Orbis orders 100,000 vans from Kestrel\n\nOrbis Cells ordered 100,000 electric vans from Kestrel Motors on "
        "Thursday. Kestrel declined to discuss the financial terms.\n",
        encoding="utf-8",
    )
    assert bot.ingest_paths([str(tmp_path / "stake.txt")], published="2023-06-20").added
    assert bot.ingest_paths([str(tmp_path / "order.txt")], published="2023-09-19").added
    per_share = ask(bot, "What price per share is Orbis paying for the Kestrel stock?")
    assert per_share.found and "$8.72" in per_share.text
    order = ask(bot, "what is Orbis paying Kestrel for the 100k van order?")
    assert not order.found and "declined to discuss" in order.text


def test_a_sum_in_an_article_that_withholds_the_terms_is_the_deals_only_when_said_of_it(sums: EvBot) -> None:
    reply = ask(sums, "How much did Granite and Yinlo each put into the deal?")
    assert not reply.found and "11.5 billion" not in reply.text


def test_a_venture_named_before_its_kind_is_its_name_and_the_factory_speaks_of_the_deal(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    (tmp_path / "plant.txt").write_text(
        "Kestrel and Orbis pick Indiana\n\nKestrel Motors and Orbis Cells signed an agreement to build battery plants "
        "together.\n\nThe companies said Kokomo will be home to a second factory "
        "of their Starline Energy joint venture.\n\nKestrel already has five Indiana sites employing more than 5,700 "
        "people.\n\nThe factory is expected to employ about 1,700 people once running.\n",
        encoding="utf-8",
    )
    assert bot.ingest_paths([str(tmp_path / "plant.txt")], published="2023-10-11").added
    assert "Starline Energy" in ask(bot, "What is the Kestrel / Orbis battery joint venture called?").text
    assert "1,700" in ask(bot, "How many people will the Kestrel-Orbis factory employ?").text


@pytest.fixture(scope="module")
def plants(tmp_path_factory: pytest.TempPathFactory) -> EvBot:
    """A storyline of two plants: a first one, then a second one, each with its chiefs."""
    folder = tmp_path_factory.mktemp("plants")
    bot = EvBot.open(folder / "kb.json")
    articles = {
        "first.txt": (
            "2021-10-22",
            "Kestrel and Orbis sign battery MoU\n\nKestrel Motors and Orbis Cells signed a "
            "memorandum of understanding to form a battery joint venture.\n\nYoung-hyun Jun, president and "
            "chief executive of Orbis Cells, called it an honour.\n",
        ),
        "plant.txt": (
            "2022-05-24",
            "Kestrel and Orbis pick Kokomo\n\nKestrel Motors and Orbis Cells will spend "
            "$2.5 billion on their first battery plant in Kokomo.\n",
        ),
        "second.txt": (
            "2023-10-11",
            "Kestrel and Orbis add a second Kokomo plant\n\nKestrel Motors and Orbis Cells "
            "said their second Kokomo battery plant will cost $3.2 billion.\n\nYoon-ho Choi, president and "
            "chief executive of Orbis Cells, said Kokomo would be its largest base.\n\nDana Price, chief "
            "operating officer of Kestrel Motors, welcomed the plan.\n",
        ),
    }
    for name, (published, text) in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
        assert bot.ingest_paths([str(folder / name)], published=published).added
    return bot


def test_the_first_of_several_plants_is_not_the_second(plants: EvBot) -> None:
    reply = ask(plants, "how much are Kestrel and Orbis spending on the first Kokomo battery plant?")
    assert "$2.5 billion" in reply.text and "$3.2 billion" not in reply.text


def test_who_runs_a_company_is_its_own_chief_and_a_when_clause_asks_no_date(plants: EvBot) -> None:
    reply = ask(plants, "Who was running Orbis when it signed the original battery MoU with Kestrel?")
    assert reply.found and "Young-hyun Jun" in reply.text, "the first article tells who ran it then"
    assert "Dana Price" not in reply.text and "when" not in reply.text.split(".")[-1]


def test_when_a_deal_was_announced_is_the_date_of_the_step_not_of_a_plan(tmp_path: Path) -> None:
    bot = EvBot.open(tmp_path / "kb.json")
    path = tmp_path / "orla-vexa.txt"
    path.write_text(
        """Orla and Vexa Motors to co-develop small EVs

(Wire) June 4 -- Orla Group and Vexa Motors have signed an agreement to co-develop two small electric cars.

In April, Vexa's chief executive Mara Quist had said a car co-developed with Orla would go on sale in 2027.

The cars will share a platform designed by Orla.
""",
        encoding="utf-8",
    )
    assert bot.ingest_paths([str(path)]).added  # no publication date: the dateline's day has no year
    reply = ask(bot, "When did Orla and Vexa announce the deal to co-develop the cars?")
    assert reply.found and "June 4" in reply.text, reply.text
