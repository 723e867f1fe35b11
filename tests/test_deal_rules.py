"""What counts as a deal, and what a deal record holds, on articles written for these tests.

Each test ingests one or a few short invented articles and checks what `evbot deals` would show:
the parties, kind, status, dates, figures and topics, or that no deal was made up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.core import EvBot
from bot.models import Request
from knowledge import non_orgs
from knowledge.knowledge_base import KnowledgeBase
from knowledge.records import Deal

EVBOT = str(Path(sys.executable).with_name("evbot"))


def ingest(bot: EvBot, folder: Path, **articles: str) -> None:
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    report = bot.ingest_paths([str(folder / f"{name}.txt") for name in articles])
    assert len(report.added) == len(articles), report.skipped


def pairs(bot: EvBot) -> set[frozenset[str]]:
    """Every deal's parties, the two sample deals left out."""
    return {frozenset(d.parties) for d in bot.kb.deals} - {
        frozenset({"Ford", "Alibaba"}),
        frozenset({"Ford", "Xiaomi"}),
    }


def only_deal(bot: EvBot) -> Deal:
    found = [d for d in bot.kb.deals if not {"Alibaba", "Xiaomi"} & set(d.parties)]
    assert len(found) == 1, [d.parties for d in found]
    return found[0]


def test_rivals_and_examples_named_beside_a_deal_are_not_parties(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Kestrel Motors and Voltara Energy team up on batteries\nPublished: 2024-05-02\n\n"
        "Kestrel Motors and Voltara Energy signed a battery partnership on Thursday, in a bid to outsell Tesla "
        "and BYD in Europe. Rivals such as Toyota and Honda have partnered with other suppliers.\n",
    )
    assert pairs(bot) == {frozenset({"Kestrel Motors", "Voltara Energy"})}


def test_an_owner_named_in_passing_is_not_a_deal(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Quillon Energy agrees to buy Orbis Cells\nPublished: 2024-02-01\n\n"
        "Quillon Energy has agreed to acquire Orbis Cells for $800 million. Orbis Cells's stake in Pelican "
        "Lithium is not part of the sale.\n",
    )
    assert pairs(bot) == {frozenset({"Quillon Energy", "Orbis Cells"})}
    assert only_deal(bot).kind == "acquisition"


def test_a_companys_own_unit_and_a_ventures_vehicle_are_not_parties(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        unit="Honda widens tie-up with GM\nPublished: 2024-03-01\n\nHonda said its tie-up with GM and its "
        "Cruise unit on driverless cars remains in place.\n",
        vehicle="Kestrel Motors and Voltara Energy form cell venture\nPublished: 2024-04-01\n\nNordvolt Cells, "
        "the joint venture between Kestrel Motors and Voltara Energy, will build a plant in Ohio.\n",
    )
    assert pairs(bot) == {frozenset({"Honda", "General Motors"}), frozenset({"Kestrel Motors", "Voltara Energy"})}


def test_places_and_public_bodies_are_never_parties(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Kestrel Motors picks Ohio for its plant\nPublished: 2024-04-01\n\n"
        "Kestrel Motors signed an agreement with the Ohio Department of Development and Franklin County "
        "on tax credits for its plant. Kestrel Motors and New Zealand Company signed nothing.\n",
    )
    assert pairs(bot) == set()


def test_the_shipped_place_names_are_pycountrys() -> None:
    """knowledge/data/places.json is read instead of pycountry at run time; after a pycountry upgrade,
    ``python -m knowledge.non_orgs`` writes it again."""
    shipped = json.loads((Path(non_orgs.__file__).parent / non_orgs.PLACES_FILE).read_text("utf-8"))
    assert shipped == non_orgs.pycountry_places()
    assert non_orgs.is_place("Bayern") and non_orgs.is_place("Côte d'Ivoire") and not non_orgs.is_place("Ford")


def test_a_three_party_venture_keeps_every_party(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Three carmakers form engine venture\nPublished: 2024-01-15\n\n"
        "Renault, Nissan and Dongfeng have set up a joint venture to build engines in Wuhan. Dongfeng holds "
        "50 percent, with Renault and Nissan owning 25 percent each.\n",
    )
    deal = only_deal(bot)
    assert set(deal.parties) == {"Renault", "Nissan", "Dongfeng"} and deal.kind == "joint venture"
    assert {"50 percent", "25 percent"} <= {f.text for f in deal.figures if f.kind in {"stake", "split"}}


def test_a_storyline_over_several_articles_is_one_deal_whose_status_is_the_latest(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,  # ingested newest first: the timeline goes by the dates, not the order of arrival
        ended="Honda and Nissan call off merger talks\nPublished: 2025-02-13\n\nHonda and Nissan have called "
        "off their merger talks, the companies said on Thursday.\n",
        talks="Honda and Nissan begin merger talks\nPublished: 2024-12-23\n\nHonda and Nissan are in talks "
        "about a merger under a joint holding company.\n",
        mou="Honda and Nissan sign MoU on EV partnership\nPublished: 2024-03-15\n\nHonda and Nissan signed a "
        "memorandum of understanding to study a strategic partnership on electric vehicles.\n",
    )
    deal = only_deal(bot)
    assert deal.status == "ended"
    assert [(e.status, e.date) for e in deal.events] == [
        ("preliminary", "2024-03-15"),
        ("talks", "2024-12-23"),
        ("ended", "2025-02-13"),
    ]
    assert deal.events[-1].summary.startswith("Ended") and "was in talks" in deal.events[-1].summary


def test_a_recalled_earlier_step_is_an_earlier_event(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Audi and SAIC sign platform deal\nPublished: 2024-05-20\n\n"
        "Audi and SAIC have signed an agreement to develop electric cars for China. Audi and SAIC signed a "
        "memorandum of understanding last July.\n",
    )
    deal = only_deal(bot)
    assert deal.status == "signed"
    assert [(e.status, e.date) for e in deal.events] == [("preliminary", "2023-07"), ("signed", "2024-05-20")]


def test_two_arrangements_between_the_same_companies_stay_two_deals(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        supply="Voltara Energy to supply Kestrel Motors\nPublished: 2024-01-10\n\nVoltara Energy has signed a "
        "contract to supply battery cells to Kestrel Motors from 2025.\n",
        plant="Kestrel Motors and Voltara Energy discuss a plant venture\nPublished: 2024-06-10\n\nKestrel "
        "Motors is in talks with Voltara Energy about a joint venture to build a cell plant in Texas.\n",
    )
    found = sorted((d.kind, d.status) for d in bot.kb.deals if "Kestrel Motors" in d.parties)
    assert found == [("joint venture", "talks"), ("supply", "signed")]


def test_figures_are_labelled_and_other_numbers_left_out(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Stellantis buys into Leapmotor\nPublished: 2023-10-26\n\n"
        "Stellantis will invest about €1.5 billion to acquire a 20% stake in Leapmotor. The partners plan a "
        "plant in Valencia, Spain with a capacity of 40 GWh a year and 2,000 jobs. Stellantis shares fell 3% "
        "and the strike is costing it $200 million a week, the company said.\n",
    )
    figures = {(f.kind, f.text) for f in only_deal(bot).figures}
    assert {("investment", "about €1.5 billion"), ("stake", "20%"), ("jobs", "2,000 jobs")} <= figures
    assert not {text for _, text in figures} & {"3%", "$200 million"}


def test_kinds_come_from_a_fixed_set_and_a_denied_kind_is_not_taken(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Ford licenses CATL battery technology\nPublished: 2023-02-13\n\n"
        "Ford will license battery technology from CATL for a plant in Michigan. The plant is not a joint "
        "venture: Ford owns it, and CATL will supply know-how.\n",
    )
    deal = only_deal(bot)
    assert deal.kind == "licensing" and set(deal.topics) <= {"battery cells", "manufacturing"}


def test_statuses_read_negation_and_preliminary_steps(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="BMW and Hyundai negotiate charging venture\nPublished: 2024-04-18\n\n"
        "BMW and Hyundai are negotiating a joint venture for fast chargers, but no agreement has been signed "
        "yet.\n",
    )
    assert only_deal(bot).status == "talks"


def test_names_as_people_type_them(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Great Wall Motor and Rivian agree software deal\nPublished: 2024-06-01\n\n"
        "Great Wall Motor Co., Ltd. and Rivian Automotive signed a software agreement. Great Wall said the "
        "deal covers infotainment.\n",
    )
    deal = only_deal(bot)
    assert set(deal.parties) == {"Great Wall Motor", "Rivian"}  # suffixes do not make a second company
    for typed in ("rivain great wall", "GWM rivian", "Great Wall"):
        assert [d.key for d in bot.kb.find_deal(typed)] == [deal.key], typed


def test_a_store_from_an_older_extraction_is_read_again(db_path: Path, tmp_path: Path) -> None:
    bot = EvBot.open(db_path)
    ingest(
        bot,
        tmp_path,
        story="Kestrel Motors and Voltara Energy sign supply deal\nPublished: 2024-03-05\n\n"
        "Kestrel Motors signed a supply agreement with Voltara Energy.\n",
    )
    store = bot.kb.store
    store.delete_many("deals", [d["key"] for d in store.all("deals")])
    store.put("meta", {"key": "extraction", "version": 1})
    reopened = KnowledgeBase.open(db_path)
    assert {frozenset(d.parties) for d in reopened.deals} >= {frozenset({"Kestrel Motors", "Voltara Energy"})}


def test_deals_and_sources_print_json_lines(db_path: Path, tmp_path: Path) -> None:
    deals = subprocess.run(
        [EVBOT, "--db", str(db_path), "deals", "--json"], capture_output=True, text=True, timeout=60, check=True
    )
    records = [json.loads(line) for line in deals.stdout.splitlines()]
    ford = next(r for r in records if set(r["parties"]) == {"Ford", "Alibaba"})
    assert set(ford) == {"name", "parties", "kind", "status", "date", "events", "figures", "topics"}
    assert ford["status"] in {"talks", "preliminary", "signed", "ended"}
    event = ford["events"][0]
    assert set(event) == {"date", "status", "kind", "summary", "quote", "title", "url", "published"}
    assert "December 7" in event["quote"]
    sources = subprocess.run(
        [EVBOT, "--db", str(db_path), "sources", "--json"], capture_output=True, text=True, timeout=60, check=True
    )
    articles = [json.loads(line) for line in sources.stdout.splitlines()]
    assert len(articles) == 2 and all(set(a) == {"title", "url", "published", "source", "text"} for a in articles)
    assert any("Tmall" in a["text"] for a in articles)


def test_a_deal_reply_shows_its_timeline(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Honda and Nissan call off merger talks\nPublished: 2025-02-13\n\n"
        "Honda and Nissan have called off their merger talks. The two Japanese automakers began discussions in "
        "December about combining under a joint holding company.\n",
    )
    reply = bot.handle(Request(text="deal honda nissan"))
    timeline = next(f.value for f in reply.fields if f.name == "Timeline").splitlines()
    assert timeline[0].startswith("2024-12: In talks") and timeline[1].startswith("2025-02-13: Ended")


def test_share_prices_and_months_are_not_deal_figures(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Orbis Cells buys into Pelican Lithium\nPublished: 2024-02-01\n\n"
        "Orbis Cells will invest $650 million in Pelican Lithium, paying $21.34 a share for a 10% stake. "
        "The partners will open a plant in May with an annual capacity of 27 gigawatt-hours.\n",
    )
    figures = {(f.kind, f.text) for f in only_deal(bot).figures}
    assert {("investment", "$650 million"), ("stake", "10%")} <= figures
    assert not {text for _, text in figures} & {"$21.34", "May"}


def test_parties_named_the_ways_news_names_them(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        abbreviated="Ford signs nickel deal\nBy Dana Holt | March 30, 2023\n\nFord Motor Co. signed a definitive "
        "agreement on Thursday with Vale Indonesia and Huayou Cobalt to invest in a nickel plant.\n",
        joins="Mazda joins Subaru and Denso in sensor plant\nBy Dana Holt | May 3, 2023\n\nThe three companies "
        "will share the costs of the plant in Gunma.\n",
        chiefs="Lucid drivers get Tesla chargers\nBy Dana Holt | June 1, 2023\n\nLucid owners will be able to use "
        "Tesla chargers under an agreement that Lucid CEO Peter Rawlinson and Tesla CEO Elon Musk "
        "announced on Thursday.\n",
    )
    assert pairs(bot) == {
        frozenset({"Ford", "Vale Indonesia", "Huayou Cobalt"}),
        frozenset({"Mazda", "Subaru", "Denso"}),
        frozenset({"Lucid", "Tesla"}),
    }


def test_selling_a_stake_to_a_partner_is_its_own_deal_and_the_lead_sets_the_status(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        venture="Subaru and Denso form sensor venture\nBy Dana Holt | May 3, 2021\n\nSubaru and Denso signed an "
        "agreement to form a joint venture that will make radar sensors.\n",
        sale="Subaru to sell its share of sensor venture to Denso\nBy Dana Holt | June 2, 2024\n\nSubaru said on "
        "Monday that it has reached a non-binding agreement to sell its stake in the sensor plant to its "
        "joint venture partner Denso.\n\nSeparately, Subaru and Denso said they had agreed to jointly "
        "develop lidar.\n",
    )
    deals = {d.kind: d for d in bot.kb.deals if set(d.parties) == {"Subaru", "Denso"}}
    assert deals["joint venture"].status == "signed"
    assert deals["acquisition"].status == "preliminary"


def test_companies_introduced_by_what_they_do_and_the_words_around_them(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        described="Quarrant and Pelmet drop refinery plan\nBy Dana Holt | June 25, 2024\n\nFrench miner Quarrant "
        "and German chemicals group Pelmet abandon their refinery plan in Indonesia, Quarrant said.\n",
        regional="Subaru widens recycling pact\nBy Dana Holt | Nov. 16, 2023\n\nSubaru North America and battery "
        "recycler Tarnwell Materials have broadened their partnership, with the Japanese automaker "
        "agreeing to buy recycled cathode material.\n",
        listed="Government takes a stake in Orbis Cells\nBy Dana Holt | Oct. 1, 2025\n\nThe stake follows other "
        "equity positions the government has taken, including chipmaker Intel and producer MP Materials.\n",
        suppliers="Mazda adds a cell supplier\nBy Dana Holt | July 16, 2020\n\nMazda signed a supply contract "
        "with Northvolt. Northvolt joins China's CATL and South Korea's Samsung SDI as Mazda's cell "
        "suppliers, and will also recycle factory scrap.\n",
    )
    assert pairs(bot) == {
        frozenset({"Quarrant", "Pelmet"}),
        frozenset({"Subaru", "Tarnwell Materials"}),
        frozenset({"Mazda", "Northvolt"}),
    }
    statuses = {frozenset(d.parties): d.status for d in bot.kb.deals}
    assert statuses[frozenset({"Quarrant", "Pelmet"})] == "ended"
    assert statuses[frozenset({"Mazda", "Northvolt"})] == "signed", "factory scrap is no scrapped deal"


def test_a_venture_announced_by_its_makers_and_its_partner(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        story="Mazda and Tarnwell to pour $5 billion into Ohio\nBy Dana Holt | Sept. 28, 2021\n\n"
        "Mazda and its battery partner Tarnwell Energy on Monday laid out plans to spend $5 billion in Ohio. The "
        "investments will be made through Ohiocell, a new joint venture Mazda and Tarnwell Energy intend to "
        "form.\n",
    )
    assert pairs(bot) == {frozenset({"Mazda", "Tarnwell Energy"})}
    assert "Mazda & Tarnwell Energy (Ohiocell)" in bot.handle(Request(text="deals mazda")).text, "named by its venture"


def test_a_third_partner_makes_another_deal_and_a_break_up_ends_the_first(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        us="Ford and SK Innovation form US battery venture\nBy Dana Holt | Sept. 28, 2021\n\nFord and SK "
        "Innovation signed an agreement to form a battery joint venture in Kentucky.\n",
        turkey="Ford, SK On and Koc sign preliminary pact for Turkish plant\nBy Dana Holt | March 14, 2022\n\n"
        "Ford, SK On and Koc Holding signed a preliminary pact on Monday to form a joint venture for a "
        "battery plant near Ankara.\n",
        split="SK On and Ford agree to break up their battery venture\nBy Dana Holt | Dec. 11, 2025\n\nSK On and "
        "Ford agreed to break up their joint venture in Kentucky, dividing its plants.\n",
        exit="LG replaces SK On in Turkish plan\nBy Dana Holt | Feb. 22, 2023\n\nThe news comes two weeks after SK "
        "On, Ford and Koc said their own preliminary deal for a Turkish battery venture, signed in March 2022, "
        "had been terminated.\n",
    )
    deals = {frozenset(d.parties): d for d in bot.kb.deals}
    turkey = deals[frozenset({"Ford", "SK On", "Koc Holding"})]
    assert turkey.status == "ended" and turkey.as_of == "2023-02-22", "ended when told, not when signed"
    assert "Turkish" not in {c for d in bot.kb.deals for c in d.parties}
    us = next(
        d
        for parties, d in deals.items()
        if "Koc Holding" not in parties and "Ford" in parties and parties & {"SK On", "SK Innovation"}
    )
    assert us.status == "ended" and len(us.articles) == 2


def test_a_withdrawn_offer_ends_and_a_proposal_is_talks(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        offer="Kestrel proposes merger with Voltara\nBy Dana Holt | May 27, 2019\n\nKestrel Motors proposed a "
        "50/50 merger with Voltara Energy on Monday.\n",
        withdrawn="Kestrel withdraws Voltara offer\nBy Dana Holt | June 6, 2019\n\nKestrel Motors withdrew its "
        "offer for Voltara Energy on Thursday.\n",
    )
    deal = only_deal(bot)
    assert [e.status for e in deal.events] == ["talks", "ended"]


def test_a_called_off_sale_ends_the_deal_and_ending_a_standoff_ends_nothing(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        sale="Kestrel agrees to sell plant to Voltara\nBy Dana Holt | Jan. 17, 2020\n\nKestrel Motors signed a "
        "binding agreement to sell its idle plant in Pune to Voltara Energy.\n",
        off="Kestrel calls off plant sale to Voltara\nBy Dana Holt | July 1, 2022\n\nKestrel Motors said on Friday "
        "it had abandoned the sale of its idle plant in Pune to Voltara Energy after approvals failed to come.\n",
        back="Orbis and Kestrel plant back on track\nBy Dana Holt | July 5, 2023\n\nKestrel Motors and Orbis Cells "
        "say their joint venture plant is going ahead after a financing agreement with the state, ending a "
        "standoff that had halted construction.\n",
    )
    deals = {frozenset(d.parties): d for d in bot.kb.deals}
    assert deals[frozenset({"Kestrel Motors", "Voltara Energy"})].status == "ended"
    assert deals[frozenset({"Kestrel Motors", "Orbis Cells"})].status == "signed"


def test_an_acronym_learned_in_one_article_names_the_company_in_the_next(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        first="Tarnwell raises $1 billion for its EV unit\nBy Dana Holt | Oct. 12, 2021\n\nTarnwell Motors signed "
        "a binding agreement under which private equity firm QRX will invest $1 billion in its EV unit.\n",
        second="Tarnwell receives the last QRX money\nBy Dana Holt | Jan. 31, 2023\n\nTarnwell Motors said its EV "
        "unit received the last instalment of 3,750 crore rupees from QRX Climate, completing the investment "
        "the two sides agreed in 2021.\n",
    )
    deal = only_deal(bot)
    assert len(deal.articles) == 2
    assert "3,750 crore rupees" in {f.text for f in deal.figures}


def test_a_most_read_list_is_page_furniture(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        page="Kestrel and Orbis sign battery deal\nBy Dana Holt | May 2, 2024\n\nKestrel Motors and Orbis Cells "
        "signed a battery supply agreement on Thursday.\n\nMost read\n1. Year-end discounts on compact SUVs\n"
        "2. Two-wheeler makers report December sales on Friday\n",
    )
    sentences = {s for a in bot.kb.articles for s in a.sentences}
    assert not any("Two-wheeler" in s or "discounts" in s for s in sentences)


def test_a_unit_continues_its_owners_deal_and_winding_up_ends_it(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        plan="Ford and SK Innovation plan battery venture\nBy Dana Holt | Sept. 27, 2021\n\nFord and SK Innovation "
        "said the investments will be made through a joint venture the two companies intend to form.\n",
        end="SK On and Ford to wind up their venture\nBy Dana Holt | Dec. 11, 2025\n\nSK On and Ford have agreed "
        "to wind up their U.S. battery joint venture and divide its factories.\n",
    )
    deal = only_deal(bot)
    assert [e.status for e in deal.events] == ["preliminary", "ended"], "'intend to form' is not signed yet"
    assert set(deal.parties) == {"Ford", "SK Innovation"} and len(deal.articles) == 2
    reply = bot.handle(Request(text="As of December 2025, are Ford and SK On still partners?"))
    assert reply.found and "wind up" in reply.text


def test_a_ventures_owners_listed_later_carry_its_storyline(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        formed="Carmakers form charging venture\nBy Dana Holt | July 26, 2023\n\nKestrel Motors, Orbis Cells and "
        "Tarnwell Energy said they will form a joint venture to build charging stations.\n",
        named="Charging venture gets a name\nBy Dana Holt | Feb. 9, 2024\n\nVoltline's owners are Kestrel Motors, "
        "Orbis Cells and Tarnwell Energy, which announced the venture in July 2023.\n",
    )
    deal = only_deal(bot)
    assert len(deal.articles) == 2


def test_weighing_the_impact_is_no_talks(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        jv="Kestrel and Orbis form battery venture\nBy Dana Holt | Feb. 1, 2022\n\nKestrel Motors and Orbis Cells "
        "signed an agreement to form a battery joint venture.\n",
        later="Kestrel weighs impact of Orbis troubles\nBy Dana Holt | Oct. 30, 2024\n\nKestrel Motors said it is "
        "weighing the possible impact of Orbis Cells' troubles on the joint venture.\n",
    )
    assert only_deal(bot).status == "signed"


def test_a_partner_buying_the_other_out_ends_the_venture_and_the_venture_is_no_party(
    bot: EvBot, tmp_path: Path
) -> None:
    ingest(
        bot,
        tmp_path,
        jv="Kestrel and Orbis form battery venture\nBy Dana Holt | June 1, 2021\n\nKestrel Motors and Orbis Cells "
        "signed an agreement to form a 50/50 battery joint venture, Voltline Energy.\n",
        buyout="Kestrel to take full control of Voltline Energy\nBy Dana Holt | Jan. 29, 2025\n\nKestrel Motors has "
        "signed a share purchase agreement with Orbis Cells to buy its shares in Voltline Energy, their "
        "battery venture in Ohio, leaving Kestrel as the sole owner.\n",
    )
    deal = only_deal(bot)
    assert set(deal.parties) == {"Kestrel Motors", "Orbis Cells"}
    assert deal.status == "ended" and len(deal.articles) == 2


def test_a_company_named_beside_what_it_is_is_learned_and_pulling_the_plug_ends_it(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        invest="Kestrel invests in Argon AI\nBy Dana Holt | July 12, 2019\n\nKestrel Motors will invest $2.6 billion "
        "in Argon AI, the Pittsburgh autonomous-vehicle company, the carmaker said.\n",
        shut="Kestrel pulls the plug on Argon AI\nBy Dana Holt | Oct. 26, 2022\n\nKestrel Motors said it will no "
        "longer invest in Argon AI, which is shutting down.\n",
    )
    deal = only_deal(bot)
    assert set(deal.parties) == {"Kestrel Motors", "Argon AI"} and deal.status == "ended"
    assert bot.handle(Request(text="is argon ai still operating?")).text.startswith("No")


def test_unknown_companies_named_as_signers_are_parties_and_people_are_not(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        haulers="""Quarrin and Lindmark sign a haul-truck deal

Published: 2024-09-25

Quarrin and Lindmark signed a $2.8 billion agreement on Wednesday for battery-electric haul trucks.

Separately, Pell Hardy and Mara Voss said their companies would meet again. Hardy and Voss announced a review.
""",
        miner="""Harwick Mining buys Osgard Trucks

Published: 2024-10-01

Harwick Mining has agreed to acquire Osgard Trucks for $90 million.
""",
    )
    assert pairs(bot) == {frozenset({"Quarrin", "Lindmark"}), frozenset({"Harwick Mining", "Osgard Trucks"})}


def test_a_describing_word_or_a_nationality_is_no_part_of_a_name(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        cells="""Brenna Motors picks Quell Energy for cells

Published: 2023-10-04

Brenna Motors signed a battery supply agreement with Quell Energy on Wednesday. Rival Voss Energy, a major supplier to Ardent Motors, said in July it would build a plant in Kansas.

Kessler Partners agreed to buy Swedish safety supplier Brightline for $4.5 billion.
""",
    )
    names = {p for pair in pairs(bot) for p in pair}
    assert "Rival Voss Energy" not in names and "Swedish" not in names, names
    assert frozenset({"Brenna Motors", "Quell Energy"}) in pairs(bot)


def test_a_licence_spelt_the_british_way_is_a_licensing_deal(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        licence="""Brightcar's Voltiq licenses Quell solid-state cells

Published July 11, 2024

Brightcar's battery company Voltiq has been granted a licence by Quell Energy to make its solid-state cells, the two companies said.
""",
    )
    deal = only_deal(bot)
    assert {"Voltiq", "Quell Energy"} <= set(deal.parties) and deal.kind == "licensing"


def test_a_withdrawn_offer_and_scrapped_merger_talks_end_the_deal(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        offer="""Pelman Motors and Dorant Group scrap merger talks

Published June 6, 2019

Pelman Motors withdrew its $35 billion merger proposal to Dorant Group on Thursday, blaming political conditions in France.
""",
    )
    deal = only_deal(bot)
    assert deal.status == "ended"
    assert {e.status for e in deal.events} == {"ended"}


def test_bidding_for_a_stake_is_talks(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        bid="""Garlow Motors bids for stake in Orvane Metals

Published February 8, 2023

Garlow Motors has bid for a minority stake in Orvane Metals, people familiar with the matter said.
""",
    )
    assert only_deal(bot).status == "talks"


def test_talks_with_an_unnamed_automaker_that_ended_end_the_reported_talks(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        rescue="""Pellar says rescue talks with large automaker have ended

Published March 25, 2024

NEW YORK, March 25 - Electric-vehicle start-up Pellar Motors said on Monday its talks with a large automaker over an investment and partnership had ended, putting a $150 million financing at risk.

Pellar did not name the carmaker. Reuters reported earlier this month that Nissan was in advanced talks to invest in Pellar Motors.
""",
    )
    deal = only_deal(bot)
    assert set(deal.parties) == {"Pellar Motors", "Nissan"}
    assert deal.status == "ended"


def test_a_rejected_proposal_ends_the_deal(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        rejected="""India rejects Corvan-Meshar car plant proposal

Published July 24, 2023

NEW DELHI, July 24 - India has rejected a $1 billion investment proposal from carmaker Corvan Motors and its Hyderabad-based partner Meshar Engineering to set up an electric vehicle factory, government sources said.
""",
    )
    assert only_deal(bot).status == "ended"


def test_a_third_partys_partners_a_source_a_product_and_a_unit_make_no_deal(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        partners="Halden Tech and Pelora Energy form battery venture\nPublished: 2024-05-02\n\n"
        "Halden Tech and Pelora Energy signed a joint venture agreement on Thursday to build battery packs. "
        "Last year Halden Tech agreed a 50-50 venture with Brava Motor, called Mobile Drive, for in-car software, "
        "and it is working with Kestrel Motors on a car to be built in the United States.\n",
        platform="Orvane Group and Tenmark Motors sign supply deal\nPublished: 2024-02-02\n\n"
        "Orvane Group and Tenmark Motors have signed a supply agreement for electric components. "
        '"The Orvane Electric Platform and its components are key to affordable mobility," said an Orvane '
        "executive. Tenmark India is a subsidiary of the Shanghai-based, state-owned Sorell Motor.\n",
        source="Sorell Motor and Orvane Group form Tenmark India venture\nPublished: 2024-03-02\n\n"
        "Orvane Group and Sorell Motor have formed a joint venture for Tenmark India, the companies said. "
        "According to Automotive News Canada, the new company will supply Brava Motor and Kestrel Motors "
        "from the start. Brava Motor's Voltcell joint venture with Nortek Energy already produces cells in Ohio.\n",
    )
    found = pairs(bot)
    assert frozenset({"Halden Tech", "Pelora Energy"}) in found
    assert frozenset({"Brava Motor", "Kestrel Motors"}) not in found  # "with X ..., and it is working with Y"
    assert not any(any("Electric" in p for p in pair) for pair in found)  # a platform is no company
    assert not any("Automotive News" in pair for pair in found)  # who reports is no party
    assert frozenset({"Tenmark India", "Sorell Motor"}) not in found  # a subsidiary and its owner
    assert not any("Voltcell" in pair for pair in found)  # the venture is no party beside its parent's partner


def test_a_venture_between_two_described_parents_is_their_deal(bot: EvBot, tmp_path: Path) -> None:
    ingest(
        bot,
        tmp_path,
        ceer="Saudi Arabia launches Velo, its first EV brand\nPublished: 2022-11-03\n\n"
        "Velo is a joint venture between the Public Investment Fund (PIF), the kingdom's sovereign wealth fund, "
        "and Taiwan's Hon Hai Precision Industry Co., better known as Foxconn.\n",
    )
    assert frozenset({"Public Investment Fund", "Foxconn"}) in pairs(bot)
