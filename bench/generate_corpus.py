"""Write a synthetic but realistic corpus of EV-deal news articles as .txt files.

Each article is one file: the title on the first line, a "Published <date>"
line, then 8-20 sentences in paragraphs, sometimes under section headings, and
sometimes with the page furniture a copied web page carries (navigation lines,
bylines, captions, "Read more" teasers for other stories, a recommendations
block at the end). The deals are drawn from the shipped company list
(knowledge/data/companies.json) plus invented companies, over every kind of
deal evbot knows (agreements, joint ventures, stakes and investments with money
and percentages, supply deals in GWh, acquisitions, licensing, talks, deals
called off); a share of the articles are follow-ups on an earlier deal (talks
that later end in a signature, or are called off).

The text comes from many sentence templates with alternations and slot pools
(people, places, models, technologies, figures), so the vocabulary grows the way
a news corpus does instead of repeating ten sentences.

Deterministic for a given --seed. Also writes a manifest (one JSON line per
article with its deal, parties and people), which run_bench.py uses to build
questions about the corpus.

    python bench/generate_corpus.py --count 10000 --seed 7 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

COMPANIES_JSON = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "companies.json"

COUNTRY_ADJ = {
    "US": "American",
    "CN": "Chinese",
    "JP": "Japanese",
    "DE": "German",
    "KR": "South Korean",
    "FR": "French",
    "GB": "British",
    "SE": "Swedish",
    "IN": "Indian",
    "VN": "Vietnamese",
    "TW": "Taiwanese",
    "IT": "Italian",
    "NL": "Dutch",
    "NO": "Norwegian",
    "CA": "Canadian",
    "AU": "Australian",
    "IL": "Israeli",
    "IE": "Irish",
    "CH": "Swiss",
    "ES": "Spanish",
    "BE": "Belgian",
    "CL": "Chilean",
    "BR": "Brazilian",
    "SA": "Saudi",
    "AT": "Austrian",
    "FI": "Finnish",
    "HR": "Croatian",
    "DK": "Danish",
}
SECTOR_NOUN = {
    "automaker": ["automaker", "carmaker", "car company", "EV maker", "vehicle manufacturer"],
    "tech": ["technology giant", "tech company", "internet group", "software company", "electronics maker"],
    "battery": ["battery maker", "cell manufacturer", "battery company", "battery supplier"],
    "materials": ["mining group", "lithium producer", "materials company", "miner"],
    "supplier": ["parts supplier", "auto supplier", "components maker", "tier-one supplier"],
    "charging": ["charging operator", "charging network", "charging company"],
    "semiconductor": ["chipmaker", "semiconductor company", "chip designer"],
    "energy": ["energy company", "utility", "oil major", "power group"],
}
SUFFIX_SECTOR = {
    "Motors": "automaker",
    "Automotive": "automaker",
    "Mobility": "automaker",
    "Auto": "automaker",
    "Energy": "battery",
    "Batteries": "battery",
    "Cells": "battery",
    "Power": "energy",
    "Technologies": "tech",
    "Labs": "tech",
    "Systems": "supplier",
    "Robotics": "tech",
    "Materials": "materials",
    "Lithium": "materials",
    "Semiconductors": "semiconductor",
    "Charging": "charging",
    "Electric": "automaker",
    "Industries": "supplier",
}
SYLLABLES_A = [
    "Vol",
    "Kes",
    "Nor",
    "Ar",
    "Zen",
    "Tor",
    "Lum",
    "Quan",
    "Sol",
    "Ter",
    "Hel",
    "Cor",
    "Mar",
    "Ven",
    "Astr",
    "Bri",
    "Cal",
    "Dra",
    "El",
    "Fen",
    "Gal",
    "Hy",
    "Ion",
    "Jor",
    "Kai",
    "Lyr",
    "Mer",
    "Nex",
    "Or",
    "Pyr",
    "Rho",
    "Sen",
    "Tal",
    "Ul",
    "Vex",
    "Wyn",
    "Xan",
    "Yar",
    "Zor",
    "Ostr",
    "Pol",
    "Stra",
]
SYLLABLES_B = [
    "tara",
    "trel",
    "vik",
    "ion",
    "ova",
    "ex",
    "ara",
    "en",
    "is",
    "o",
    "ant",
    "ix",
    "um",
    "ora",
    "eon",
    "ith",
    "ar",
    "ene",
    "ium",
    "ata",
    "os",
    "yn",
    "eda",
    "ica",
    "ore",
    "ana",
    "ell",
    "ux",
    "ari",
    "ent",
    "esta",
    "ino",
    "ondo",
    "axa",
    "ilo",
    "unda",
    "eva",
    "ira",
    "olt",
    "ance",
    "ero",
    "ida",
    "ova",
]
SURNAME_A = [
    "Var",
    "Del",
    "Kor",
    "Mal",
    "Ber",
    "Sto",
    "Fal",
    "Han",
    "Lind",
    "Mor",
    "Tre",
    "Vel",
    "Ash",
    "Brun",
    "Cas",
    "Dor",
    "Eck",
    "Gar",
    "Hol",
    "Ja",
    "Kel",
    "Lor",
    "Mar",
    "Nor",
    "Ost",
    "Pel",
    "Quin",
    "Ros",
    "Sal",
    "Tor",
    "Ull",
    "Vin",
    "Wal",
    "Yor",
    "Zel",
    "Ak",
    "Bel",
    "Cor",
    "Dra",
    "Fen",
    "Gul",
    "Har",
    "Ib",
    "Kam",
]
SURNAME_B = [
    "onen",
    "mari",
    "strom",
    "berg",
    "ovic",
    "etti",
    "sen",
    "ard",
    "ino",
    "ez",
    "ski",
    "ova",
    "enko",
    "aki",
    "oglu",
    "ley",
    "ton",
    "well",
    "mann",
    "ier",
    "ault",
    "ucci",
    "eda",
    "ara",
    "yama",
    "moto",
    "ata",
    "ang",
    "ian",
    "ides",
    "quist",
    "feld",
    "ström",
    "escu",
    "ovich",
    "elli",
    "ani",
    "uri",
    "ez",
    "anu",
]

FIRST = (
    "James Mary Wei Li Hiroshi Yuki Klaus Anna Pierre Sophie Raj Priya Min-jun Ji-woo Carlos Elena Lars Ingrid "
    "Ahmed Fatima Oliver Emma Noah Mia Lucas Chloe Mateo Isabella Kenji Aiko Thomas Claire Marco Giulia Erik "
    "Astrid Daniel Sarah Michael Laura David Rachel Hans Greta Jun Mei Takeshi Naomi Arjun Ananya Luca Francesca "
    "Stefan Katrin Olivier Camille Sven Maja Jae-hyun Soo-ah Ravi Deepa Pablo Lucia Tomasz Agnieszka Henrik Freya "
    "Brian Karen Kevin Linda Mark Susan Paul Nancy Jonas Lena Felix Clara Viktor Nadia Omar Leila Yusuf Selin"
).split()
LAST = (
    "Smith Zhang Wang Chen Tanaka Suzuki Mueller Schmidt Dubois Martin Sharma Patel Kim Park Garcia Rossi "
    "Johansson Lindqvist Hassan Khan Brown Wilson Taylor Moreau Lopez Yamamoto Watanabe Fischer Weber Bernard "
    "Ricci Nilsson Cohen Levy Singh Gupta Fernandez Novak Kowalski Hansen Berg Clarke Walker Young Hughes "
    "Nakamura Kobayashi Becker Hoffmann Laurent Girard Bianchi Romano Andersson Eriksson Lee Choi Reddy Iyer "
    "Sanchez Torres Nowak Wojcik Larsen Dahl Murphy Kelly Okafor Mensah Haddad Nasser Demir Yilmaz Ivanova "
    "Petrov Costa Silva Jensen Koch Wagner Huang Liu Zhao Sato Ito Morgan Reyes Ortiz Bauer Vogel Marsh"
).split()
TITLES = [
    "chief executive",
    "CEO",
    "chief financial officer",
    "chairman",
    "president",
    "head of electrification",
    "chief technology officer",
    "head of China operations",
    "executive vice president",
    "chief operating officer",
    "head of battery strategy",
    "global head of purchasing",
    "head of software",
    "managing director for Europe",
]
ANALYST_FIRMS = [
    "Bernstein",
    "Morningstar",
    "Jefferies",
    "Evercore ISI",
    "UBS",
    "Citi",
    "Barclays",
    "Wedbush",
    "Guidehouse Insights",
    "BloombergNEF",
    "Rho Motion",
    "Benchmark Mineral Intelligence",
    "AlixPartners",
    "Sino Auto Insights",
    "Dunne Insights",
    "Cox Automotive",
    "S&P Global Mobility",
    "Counterpoint Research",
    "GlobalData",
    "Fitch Ratings",
    "Moody's",
    "Canalys",
    "Wood Mackenzie",
]
PLACES = [
    ("Debrecen", "Hungary"),
    ("Spartanburg", "South Carolina"),
    ("Chennai", "India"),
    ("Shenzhen", "China"),
    ("Hefei", "China"),
    ("Ningde", "China"),
    ("Changzhou", "China"),
    ("Wuhan", "China"),
    ("Chongqing", "China"),
    ("Kentucky", "the United States"),
    ("Tennessee", "the United States"),
    ("Georgia", "the United States"),
    ("Ohio", "the United States"),
    ("Michigan", "the United States"),
    ("Ontario", "Canada"),
    ("Quebec", "Canada"),
    ("Monterrey", "Mexico"),
    ("Saxony", "Germany"),
    ("Brandenburg", "Germany"),
    ("Salzgitter", "Germany"),
    ("Dunkirk", "France"),
    ("Douai", "France"),
    ("Valencia", "Spain"),
    ("Navalmoral", "Spain"),
    ("Sunderland", "Britain"),
    ("Skelleftea", "Sweden"),
    ("Gothenburg", "Sweden"),
    ("Wroclaw", "Poland"),
    ("Ivancice", "Czech Republic"),
    ("Gyor", "Hungary"),
    ("Komarom", "Hungary"),
    ("Cheongju", "South Korea"),
    ("Ulsan", "South Korea"),
    ("Aichi", "Japan"),
    ("Himeji", "Japan"),
    ("Rayong", "Thailand"),
    ("Batang", "Indonesia"),
    ("Hai Phong", "Vietnam"),
    ("Pune", "India"),
    ("Gujarat", "India"),
    ("Sao Paulo", "Brazil"),
    ("Camacari", "Brazil"),
    ("Atacama", "Chile"),
    ("Western Australia", "Australia"),
    ("Nevada", "the United States"),
    ("Arizona", "the United States"),
    ("Turin", "Italy"),
    ("Termoli", "Italy"),
    ("Kragujevac", "Serbia"),
    ("Bursa", "Turkey"),
    ("Zwickau", "Germany"),
    ("Emden", "Germany"),
    ("Heide", "Germany"),
    ("Kaiserslautern", "Germany"),
    ("Trnava", "Slovakia"),
    ("Nitra", "Slovakia"),
    ("Pitesti", "Romania"),
    ("Craiova", "Romania"),
    ("Setubal", "Portugal"),
    ("Sines", "Portugal"),
    ("Martorell", "Spain"),
    ("Sagunto", "Spain"),
    ("Mo i Rana", "Norway"),
    ("Arendal", "Norway"),
    ("Vaasa", "Finland"),
    ("Oulu", "Finland"),
    ("Swindon", "Britain"),
    ("Somerset", "Britain"),
    ("Blyth", "Britain"),
    ("Melfi", "Italy"),
    ("Cassino", "Italy"),
    ("Sochaux", "France"),
    ("Ruitz", "France"),
    ("Flins", "France"),
    ("Lordstown", "Ohio"),
    ("Warren", "Michigan"),
    ("Marshall", "Michigan"),
    ("Glendale", "Kentucky"),
    ("Stanton", "Tennessee"),
    ("Ellabell", "Georgia"),
    ("Liberty", "North Carolina"),
    ("Kansas City", "Kansas"),
    ("De Soto", "Kansas"),
    ("Austin", "Texas"),
    ("Fremont", "California"),
    ("Normal", "Illinois"),
    ("Reno", "Nevada"),
    ("Chandler", "Arizona"),
    ("St. Thomas", "Ontario"),
    ("Windsor", "Ontario"),
    ("Becancour", "Quebec"),
    ("Saltillo", "Mexico"),
    ("Nuevo Leon", "Mexico"),
    ("Puebla", "Mexico"),
    ("Karawang", "Indonesia"),
    ("Morowali", "Indonesia"),
    ("Chachoengsao", "Thailand"),
    ("Penang", "Malaysia"),
    ("Bangalore", "India"),
    ("Hosur", "India"),
    ("Sanand", "India"),
    ("Xi'an", "China"),
    ("Changsha", "China"),
    ("Guangzhou", "China"),
    ("Hangzhou", "China"),
    ("Ningbo", "China"),
    ("Yibin", "China"),
    ("Liuzhou", "China"),
    ("Tianjin", "China"),
    ("Nanjing", "China"),
    ("Suzhou", "China"),
    ("Hiroshima", "Japan"),
    ("Kyushu", "Japan"),
    ("Pohang", "South Korea"),
    ("Gwangju", "South Korea"),
    ("Taoyuan", "Taiwan"),
    ("Kaohsiung", "Taiwan"),
    ("Gauteng", "South Africa"),
    ("Tangier", "Morocco"),
    ("Kenitra", "Morocco"),
    ("Salta", "Argentina"),
    ("Jujuy", "Argentina"),
    ("Minas Gerais", "Brazil"),
    ("Kwinana", "Australia"),
    ("Pilbara", "Australia"),
    ("Geelong", "Australia"),
    ("Abu Dhabi", "the United Arab Emirates"),
    ("Riyadh", "Saudi Arabia"),
    ("King Abdullah Economic City", "Saudi Arabia"),
]
SCOPES = [
    "cloud computing",
    "connectivity",
    "retail",
    "battery cells",
    "solid-state batteries",
    "charging networks",
    "autonomous driving",
    "driver assistance",
    "software",
    "chips",
    "semiconductors",
    "mapping",
    "artificial intelligence",
    "infotainment",
    "smart cockpits",
    "ride-hailing",
    "robotaxis",
    "lithium supply",
    "raw materials",
    "battery recycling",
    "hydrogen fuel cells",
    "digital services",
    "vehicle platforms",
    "EV platforms",
    "connected cars",
    "e-commerce",
    "over-the-air updates",
    "electric motors",
    "power electronics",
    "silicon carbide chips",
    "battery management systems",
    "cathode materials",
    "anode materials",
    "vehicle-to-grid services",
    "fleet electrification",
    "electric vans",
    "electric trucks",
    "two-wheelers",
    "lidar sensors",
    "high-performance computing",
    "thermal management",
    "sodium-ion batteries",
    "LFP cells",
    "battery swapping",
    "in-car payments",
    "voice assistants",
    "energy storage",
]
PRODUCTS = [
    "battery cells",
    "battery packs",
    "electric SUVs",
    "compact EVs",
    "electric pickups",
    "cathode material",
    "electric drive units",
    "charging hardware",
    "EV platforms",
    "lithium hydroxide",
    "semiconductors",
    "electric vans",
    "inverters",
    "solid-state cells",
    "affordable electric hatchbacks",
]
MODEL_A = [
    "Aero",
    "Nova",
    "Terra",
    "Vento",
    "Astra",
    "Lumo",
    "Kite",
    "Pulse",
    "Orbit",
    "Zephyr",
    "Sable",
    "Vega",
    "Rally",
    "Ember",
    "Flux",
    "Arc",
    "Halo",
    "Echo",
    "Strata",
    "Drift",
    "Ridge",
    "Mistral",
    "Onyx",
    "Cirrus",
]
MODEL_B = ["", " e", " EV", " X", " Pro", " Max", " S", " GT", " Sport", " Cross", " Plus", " 7", " 5", " 9", " L"]
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Deal kinds with their share of first reports.
KINDS = [
    ("agreement", 22),
    ("joint venture", 14),
    ("stake", 14),
    ("supply", 14),
    ("talks", 16),
    ("acquisition", 6),
    ("licensing", 5),
    ("called off", 9),
]

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Co:
    name: str
    country: str
    sector: str
    known: bool


@dataclass
class Deal:
    a: Co
    b: Co
    kind: str
    status: str
    scope: list[str]
    first: date
    place: tuple[str, str] | None = None
    money: str | None = None
    stake: int | None = None
    gwh: int | None = None
    target_year: int | None = None
    models: int | None = None
    execs: dict[str, tuple[str, str]] = field(default_factory=dict)  # company -> (person, title)


def load_companies() -> list[Co]:
    raw = json.loads(COMPANIES_JSON.read_text("utf-8"))
    return [
        Co(c["name"], c.get("country") or "US", c.get("sector") or "supplier", True)
        for c in raw
        if c.get("sector") not in {"media", "agency"}
    ]


def media_names() -> list[str]:
    raw = json.loads(COMPANIES_JSON.read_text("utf-8"))
    return [c["name"] for c in raw if c.get("sector") == "media"]


def invent_companies(rng: random.Random, count: int, taken: set[str]) -> list[Co]:
    """Plausible company names the gazetteer does not know, each with a corporate suffix."""
    out: list[Co] = []
    suffixes = list(SUFFIX_SECTOR)
    countries = list(COUNTRY_ADJ)
    while len(out) < count:
        stem = rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B)
        if rng.random() < 0.5:
            stem += rng.choice(SYLLABLES_B)
        suffix = rng.choice(suffixes)
        name = f"{stem} {suffix}"
        if stem in taken or name in taken:
            continue
        taken.add(stem)
        taken.add(name)
        out.append(Co(name, rng.choice(countries), SUFFIX_SECTOR[suffix], False))
    return out


class Writer:
    """Fills templates: {slot} from a dict, [a|b|c] alternations at random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str, slots: dict[str, str]) -> str:
        text = template
        while "[" in text:
            text = _ALT.sub(lambda m: self.rng.choice(m.group(1).split("|")), text)
        text = _SLOT.sub(lambda m: slots[m.group(1)], text)
        text = re.sub(r"\s{2,}", " ", text).strip()
        first = next((i for i, ch in enumerate(text) if ch.isalnum()), 0)
        return text[:first] + text[first].upper() + text[first + 1 :]

    def pick(self, templates: list[str], slots: dict[str, str], used: set[str] | None = None) -> str:
        """A filled template; with ``used``, one not picked before for this article when there is one."""
        choices = templates if used is None else [t for t in templates if t not in used] or templates
        template = self.rng.choice(choices)
        if used is not None:
            used.add(template)
        return self.fill(template, slots)


# ---------------------------------------------------------------- templates
# Slots: A, B (names), Adesc/Bdesc ("the Chinese battery maker X"), As/Bs (later references), scope, scope2,
# scope3, date (weekday + month day), year, money, pct, gwh, place, region, product, person, title, person2,
# title2, analyst, firm, model, models, tyear, jobs, media, month, prevmonth, rival, rival2, capacity.

TITLES_BY_KIND = {
    "agreement": [
        "{A} and {B} sign [deal|agreement|pact] on {scope}",
        "{A} signs {scope} deal with {B}",
        "{A}, {B} strike [strategic |wide-ranging |]partnership on {scope}",
        "{A} Teams Up With {B} on {scope_t}",
        "{B} and {A} agree to cooperate on {scope} and {scope2}",
        "{A} inks agreement with {B} to [develop|co-develop|build] {product}",
    ],
    "joint venture": [
        "{A} and {B} form joint venture to build {product} in {region}",
        "{A}, {B} launch {money} joint venture for {product}",
        "{A} and {B} Set Up Joint Venture in {region}",
        "{B} and {A} to create {product} joint venture",
    ],
    "stake": [
        "{A} takes {pct}% stake in {B} for {money}",
        "{A} invests {money} in {B}",
        "{A} buys {pct} percent of {B} in {money} deal",
        "{A} Leads {money} Investment in {B}",
        "{B} lands {money} investment from {A}",
    ],
    "supply": [
        "{B} to supply {A} with battery cells from {tyear}",
        "{A} secures {gwh} GWh battery supply deal with {B}",
        "{B} wins {money} contract to supply {A}",
        "{A} Signs {gwh} GWh Supply Deal With {B}",
        "{A} lines up {product} supply from {B}",
    ],
    "talks": [
        "{A} in talks with {B} over {scope} tie-up",
        "{A} and {B} Discuss a Strategic EV Alliance",
        "{A} weighs partnership with {B}, sources say",
        "{B} and {A} in early talks on {scope}",
        "{A} said to be negotiating {scope} deal with {B}",
    ],
    "acquisition": [
        "{A} agrees to buy {B} for {money}",
        "{A} to acquire {B} in {money} deal",
        "{A} Snaps Up {B} to Bolster {scope_t} Push",
        "{A} completes takeover of {B}",
    ],
    "licensing": [
        "{A} licenses {scope} technology to {B}",
        "{B} to license {A}'s {scope} know-how",
        "{A} and {B} sign licensing deal for {scope}",
    ],
    "update": [
        "{A} and {B} [widen|expand|extend] {kindword} to {scope}",
        "{A}, {B} {kindword} on track in {place}",
        "{A} and {B} give update on {scope} {kindword}",
        "{A} and {B} Deepen Ties With {scope_t} Deal",
    ],
    "called off": [
        "{A} scraps planned {kindword} with {B}",
        "{A} and {B} call off {scope} partnership",
        "{A} Pulls Out of {B} {kindword_t} Plan",
        "{B} and {A} abandon {scope} tie-up",
    ],
}

LEAD = {
    "agreement": [
        "On {date}, {Adesc} signed [an agreement|a deal|a memorandum of understanding] with {Bdesc} to [cooperate on|work together on|explore cooperation in] {scope}, {scope2} and {scope3}, [according to a {media} report|the companies said in a statement|people familiar with the matter said].",
        "{Adesc} and {Bdesc} signed a [strategic|long-term|broad] agreement on {date} covering {scope} and {scope2}.",
        "{Adesc} has struck a deal with {Bdesc} to [jointly develop|build|bring to market] {product}, the companies announced on {date}.",
        "{Adesc} said on {date} that it had agreed to [partner with|team up with] {Bdesc} on {scope}, a move that [could reshape|may shake up|extends] its [strategy|plans|roadmap] in {region}.",
    ],
    "joint venture": [
        "{Adesc} and {Bdesc} formed a joint venture on {date} to [build|produce|manufacture] {product} in {place}, {region}.",
        "{Adesc} said on {date} it would launch a joint venture with {Bdesc} to make {product}, with a combined investment of {money}.",
        "On {date}, {Adesc} and {Bdesc} signed an agreement to set up a [50-50|{pct}-{pct2}] joint venture that will [produce|assemble|develop] {product} in {region}.",
    ],
    "stake": [
        "{Adesc} has taken a {pct}% stake in {Bdesc} for {money}, the companies said on {date}.",
        "On {date}, {Adesc} agreed to invest {money} in {Bdesc} in exchange for a {pct} percent stake.",
        "{Adesc} led a {money} funding round in {Bdesc}, taking a stake of about {pct}%, [according to|as reported by] {media}.",
        "{Adesc} invested {money} in {Bdesc}, [deepening|cementing|formalising] a relationship focused on {scope}, the companies said on {date}.",
    ],
    "supply": [
        "{Bdesc} will supply {Adesc} with {gwh} GWh of battery cells a year from {tyear}, the companies said on {date}.",
        "{Adesc} signed a [multi-year|long-term|five-year] supply agreement with {Bdesc} on {date} for {product} worth about {money}.",
        "On {date}, {Bdesc} agreed to supply {Adesc} with {product} for its next generation of electric vehicles, starting in {tyear}.",
        "{Bdesc} has [won|secured|landed] a contract to supply {Adesc} with {gwh} GWh of cells, enough for roughly {units} vehicles a year.",
    ],
    "talks": [
        "{Adesc} is in talks with {Bdesc} about [a possible|a potential|an] [partnership|tie-up|alliance] on {scope}, [people familiar with the matter said|according to a {media} report|{media} reported on {date}].",
        "{Adesc} has opened discussions with {Bdesc} about [teaming up|working together|cooperating] on {scope} and {scope2}.",
        "{Adesc} and {Bdesc} are negotiating a deal that would see them [share|co-develop|jointly source] {product}, [two people briefed on the talks said|{media} reported].",
        "{Adesc} is exploring a potential partnership with {Bdesc} as it [looks for|seeks|hunts for] [a cheaper route into|a foothold in|scale in] {region}'s EV market.",
    ],
    "acquisition": [
        "{Adesc} agreed on {date} to acquire {Bdesc} for {money}, [adding|bringing in-house] its expertise in {scope}.",
        "{Adesc} has completed the takeover of {Bdesc} in a deal valued at {money}, the companies said on {date}.",
        "On {date}, {Adesc} said it would buy {Bdesc} for {money} in cash to strengthen its [position|hand|capabilities] in {scope}.",
    ],
    "licensing": [
        "{Adesc} signed a licensing agreement with {Bdesc} on {date} that lets {Bs} use its {scope} technology in [future models|its vehicles|cars sold in {region}].",
        "On {date}, {Adesc} agreed to license its {scope} know-how to {Bdesc} for an undisclosed fee.",
    ],
    "called off": [
        "{Adesc} has called off its planned {kindword} with {Bdesc}, the companies said on {date}, [citing|blaming|after] [weak demand|rising costs|regulatory hurdles|a review of priorities].",
        "{Adesc} and {Bdesc} have scrapped their {kindword} on {scope}, [less than a year|two years|only months] after announcing it.",
        "On {date}, {Adesc} said it had pulled out of its {kindword} with {Bdesc}, ending [a project|an effort|plans] to [build|develop] {product} together.",
    ],
}

FOLLOW_UP_LEAD = {
    "signed": [
        "{Adesc} and {Bdesc} signed their [long-awaited|much-discussed|previously reported] agreement on {date}, turning months of talks into a deal covering {scope} and {scope2}.",
        "After talks that began in {prevmonth}, {Adesc} finalized its deal with {Bdesc} on {date}.",
    ],
    "called off": [
        "{Adesc} has abandoned talks with {Bdesc}, [people familiar with the matter said|the company confirmed on {date}], after the two failed to agree on [price|control of the venture|technology sharing].",
        "{Adesc} and {Bdesc} have called off their planned partnership, the companies said on {date}.",
    ],
    "update": [
        "{Adesc} and {Bdesc} gave an update on their {kindword} on {date}, saying [production|work|testing] in {place} [is on track|has begun|will start in {tyear}].",
        "The {kindword} between {A} and {B} [is expanding|will widen] to cover {scope}, the companies said on {date}.",
    ],
}

DETAIL = {
    "money": [
        "The deal is [valued at|worth] {money}[, according to a regulatory filing| in total|, including milestone payments|].",
        "{As} will [invest|commit|put] {money} [over the next five years|in the first phase|by {tyear}], [it said|according to the statement|the companies said].",
        "The investment [of|totalling] {money} is [among the largest|one of the biggest] [in the sector|by a carmaker in {region}|this year].",
    ],
    "stake": [
        "The {pct}% stake makes {As} [the largest|the second-largest|a significant] shareholder in {Bs}.",
        "{As} will also get [a seat|two seats] on {Bs}'s board [as part of the deal|under the terms of the investment].",
    ],
    "gwh": [
        "The cells will come from {Bs}'s plant in {place}, which has [an annual capacity|capacity] of {capacity} GWh.",
        "The {gwh} GWh [a year|annually] would be enough for [about|roughly|some] {units} electric vehicles.",
        "{Bs} plans to [raise|expand|double] output at its {place} plant to {capacity} GWh by {tyear} to [meet|serve] the order.",
    ],
    "models": [
        "By {tyear}, the partnership is expected to [yield|produce|put] {models} [new electric or hybrid models|new EV models|electric models] on sale in {region}.",
        "{As} plans to launch {models} electric models [based on|using] the [shared|jointly developed] platform by {tyear}.",
    ],
    "jobs": [
        "The [plant|factory|project] in {place} is expected to create [about|around|up to] {jobs} jobs.",
        "[Production|Construction] [at the {place} site|in {place}] is [scheduled|due|set] to [start|begin] in {tyear}, creating {jobs} jobs.",
    ],
    "scope": [
        "The [agreement|partnership|collaboration|deal] [focuses on|is centred on|covers] {scope} and {scope2}[, as well as {scope3}|].",
        "The two companies will also [look into|explore|study] a pilot project on {scope2}.",
        "[Under the deal|As part of the agreement], {Bs} will provide {scope} [for|to] {As}'s vehicles sold in {region}.",
        "The collaboration [could|may] extend to {scope3} [later|at a later stage|if the first phase goes well].",
    ],
    "model": [
        "The first vehicle to [use|benefit from] the [technology|system|cells] will be the {model}, [due|expected|scheduled] in {tyear}.",
        "{As}'s {model} [crossover|sedan|hatchback|pickup] [will be|is set to be] the first model [built under|covered by] the deal.",
    ],
}

QUOTE = [
    '"{region} [ranks among|is one of] the [biggest|most dynamic|most competitive] [EV|digital|car] markets anywhere," said {person}, {As}\'s {title}.',
    "{person}, {title} of {As}, said the [agreement|partnership|deal] [would help|will allow] the company to [move faster|cut costs|reach more customers] in {region}.",
    "\"This [partnership|agreement|deal] [brings together|combines] [our|{As}'s] [engineering|manufacturing|software] [strength|know-how|experience] with {Bs}'s [expertise|leadership|scale] in {scope},\" {person} said [in a statement|at a news conference|on a call with reporters].",
    '"We see {scope} as [central|key|critical] to [the next decade|our electrification strategy|how people will buy cars]," said {person2}, {title2} at {Bs}.',
    "{person2}, {Bs}'s {title2}, told [reporters|analysts|investors] that the companies [would share|planned to share] [costs|technology|plants] where it made sense.",
    "Speaking in {place}, {person}, {As}'s {title}, said {region} would [clearly lead|set the pace for|shape] [the world|the industry] in [EV development|battery technology|software-defined cars].",
    "{person} declined to [give financial details|comment on the price|say how much each side would invest].",
]

QUOTE_TALKS = [
    "{As} declined to comment, while a spokesperson for {Bs} said the company [does not comment on market speculation|is always in talks with potential partners].",
    "No final decision has been made and the talks [could still fall apart|may not lead to a deal], [the people said|{media} reported].",
    "A deal [could be announced|may be signed] [as early as|by] {month} {year}, [one of the people said|according to the report].",
]

QUOTE_ENDED = [
    "{As} said it would [pursue|focus on|develop] {scope} [on its own|in-house|with other partners] instead.",
    "The decision [reflects|follows|comes amid] [slowing EV demand|a price war in {region}|tighter budgets across the industry], [analysts said|according to {analyst} of {firm}].",
    '"[We|Both companies] concluded that [the project no longer fits|the economics no longer work|our priorities have changed]," said {person}, {As}\'s {title}.',
]

CONTEXT = [
    "{region}'s EV market ranks among the [biggest|fiercest|fastest-growing] anywhere, with [many|dozens of] local and foreign [brands|companies] competing for share.",
    "{rival}, {rival2} and {rival3} have already built strong positions [there|in that market|in {region}].",
    "{As} sold [about|more than|nearly] {units} electric vehicles last year, [up|down] {pct3}% from a year earlier.",
    "{As} has pledged to spend [over|more than|about] {money2} on [EV development|electrification|batteries and software] by {tyear}.",
    "[Battery|Lithium|Cell] prices have [fallen|dropped|slid] [sharply|by about {pct3}%] since {year2}, [squeezing|helping] [margins|suppliers|carmakers].",
    "{Bs}, {Bbackground}, has [lately|recently|since {year2}] been [pushing deeper into|expanding in|betting on] [the car business|electric vehicles|automotive supply|the EV supply chain].",
    "{As}, {Abackground}, [employs|has] [about|more than|nearly] {staff} [people|employees|staff] [worldwide|across {count} countries].",
    "[Only a few months earlier|Earlier this year|Last year], {rival} laid out plans to [speed up|expand|scale back] its [hybrid|EV|battery] programmes in {region}.",
    "[Shares of|Stock in] {As} [rose|climbed|fell|slipped] {pct3}% [in {city} trading|after the announcement|on the news].",
    "Government [subsidies|tax credits|incentives] for electric cars in {region} [are being phased out|were extended|were cut] [this year|in {year2}], [adding pressure on|helping] [prices|sales|demand].",
    "[Tariffs|Import duties] on [Chinese-made|imported] EVs [have pushed|are pushing] carmakers to [localise|move] [production|battery supply chains] [closer to customers|to {region}].",
    "The [car|auto] industry is in the midst of [a major|an unprecedented|a costly] [shift|transition|overhaul] toward [electric mobility|software-defined vehicles|electrification].",
    "Established carmakers are under [growing|mounting|heavy] pressure to [switch to|invest in|catch up on] electric vehicles [as rules tighten|as emissions targets loom|as new rivals gain ground].",
    "{rival} [recalled|had to recall] {units} vehicles [last month|earlier this year|in {month}] over a [software|battery|braking] [fault|issue|defect].",
    "Demand for [plug-in hybrids|cheaper EVs|electric SUVs] [has outpaced|has lagged|has surprised] [forecasts|expectations] in {region} [this year|since {year2}].",
    "The [plant|site|factory] in {place} [employs|will employ] [about|around] {jobs} people and [makes|will make] {product}.",
    "{As} [reported|posted] [a quarterly loss|record revenue|a drop in profit|higher margins] in {month}, [citing|helped by] [price cuts|strong EV sales|currency swings|lower battery costs].",
    "[Charging|Battery|Software] [costs|bottlenecks|shortages] remain [a major|the biggest|a persistent] [obstacle|hurdle|challenge] to [wider adoption|profitability|growth] in {region}.",
    "[Regulators|Lawmakers|Officials] in {region} [are reviewing|have scrutinised|are expected to examine] [foreign investment|data rules|battery sourcing] in the sector.",
]

CONTEXT += [
    "{rival} [broke ground on|opened|expanded] a {product} [plant|factory|facility] in {place2} [last year|in {year2}|this spring], [backed by|helped by|with] [state aid|local tax breaks|a government loan] of {money2}.",
    "[Lithium|Nickel|Cobalt|Graphite|Manganese] [prices|supplies|contracts] have [swung wildly|tightened|eased] since {year2}, [forcing|prompting|encouraging] carmakers to [sign long-term offtake deals|invest directly in mines|diversify suppliers].",
    "[Average transaction prices|List prices|Lease rates] for electric [SUVs|sedans|hatchbacks] in {region} [fell|rose|held steady at] [about|roughly] {carprice} in {month}, according to {firm}.",
    "[Public|Fast|Ultra-fast] charging points in {region} [number|total|have grown to] [about|more than|nearly] {units}, [far short of|roughly in line with|ahead of] [government targets|what analysts say is needed|forecasts].",
    "[Unions|Workers|Labour representatives] at {rival}'s {place2} [plant|site] have [pushed back against|welcomed|asked for guarantees over] [the shift to battery production|plans to cut shifts|the new investment].",
    "The [European Union|Commission|government in {region}] [has proposed|is weighing|approved] [new|stricter|looser] [emissions rules|battery passport requirements|local-content rules|charging mandates] [for {tyear}|that take effect in {tyear}|this year].",
    "[Software-defined|Connected|Autonomous] vehicles [require|depend on|rely on] [far more|powerful|specialised] [chips|computing power|sensors|code] than [older|conventional|combustion] [models|cars|platforms].",
    "{rival}'s [{model}|new {model} crossover|{model} sedan] [went on sale|arrived in showrooms|started deliveries] in {month}, [priced from|starting at|costing] {carprice}.",
    "[Range anxiety|High sticker prices|Patchy charging|Long waiting lists] [remain|is still|are still] [the main reason|a common reason|the top reason] [buyers hesitate|drivers stick with petrol cars|sales lag] in {region}, [a survey by {firm} found|according to {firm}].",
    "[Recycling|Second-life|Reuse] of [old|spent|end-of-life] [batteries|packs|cells] [could|may|is expected to] [supply|provide|cover] {pct3}% of [raw material|cathode|lithium] demand by {tyear}.",
    "[Freight rates|Shipping costs|Port congestion] [between Asia and Europe|across the Pacific|in {region}] [have doubled|have eased|remain high] [since {month}|this year|after recent disruptions], [adding to|cutting|weighing on] [costs|delivery times|margins].",
    "[Sodium-ion|Solid-state|Lithium iron phosphate|High-nickel] [cells|batteries|chemistries] [are cheaper|last longer|charge faster|are safer] but [store less energy|remain unproven at scale|need new factories], [engineers say|experts note|according to {firm}].",
    "{rival} [cut|raised|froze] prices on [several|most|two of its] models in {region} in {month}, [triggering|joining|escalating] a [price war|round of discounts|wave of cuts].",
    "[Fleet operators|Rental companies|Delivery firms|Taxi companies] [in {region}|across {region}] [ordered|have ordered|plan to buy] [about|some|up to] {units} electric [vans|cars|trucks] [this year|by {tyear}|over five years].",
    "[Hydrogen|Fuel-cell|Synthetic fuel] [projects|programmes|efforts] [have struggled|have stalled|have been scaled back] [as costs rose|for lack of stations|amid weak demand], leaving batteries [the dominant|the main|the clear] [path|route|choice].",
    "[Plug-in hybrids|Range-extender models|Extended-range EVs] [accounted for|made up|took] {pct3}% of [new-energy vehicle|electrified car|EV] sales in {region} in {month}.",
    "[Residual values|Used-car prices|Resale values] for [electric cars|older EVs|battery-electric models] [dropped|slumped|recovered] [sharply|by about {pct3}%|modestly] [last year|in {year2}|this quarter], [worrying|reassuring] [lenders|leasing companies|dealers].",
    "[Insurers|Regulators|Safety agencies] in {region} [are studying|have questioned|flagged] [battery fire risks|driver-assistance claims|repair costs] for [electric|newer|connected] models.",
    "[Dealers|Franchise dealers|Showrooms] in {region} [have complained|warned|said] that [inventory|unsold stock|EV stock] [is piling up|has tightened|is running low] [ahead of|after|despite] [the new model year|subsidy changes|price cuts].",
    "[The ministry of industry|Trade officials|Economic planners] in {region} [want|aim|hope] to [build|attract|secure] {gwh} GWh of [domestic|local|new] battery capacity by {tyear}.",
    "[Over-the-air|Remote|Wireless] [updates|software upgrades] [let|allow] carmakers to [add features|fix faults|improve range] [after a sale|without a dealer visit|years after delivery], [a feature|something|a capability] buyers [increasingly expect|now take for granted].",
    "[Copper|Aluminium|Steel] [costs|tariffs|shortages] [have added|could add|added] [about|roughly|as much as] {carprice} to the cost of [each|a typical] [electric car|battery pack|vehicle], [according to|estimates from] {firm}.",
    "[Last quarter|In {month}|So far this year], {rival} [delivered|shipped|handed over] {units} vehicles, [beating|missing|matching] [analyst estimates|its own guidance|market expectations].",
    "[Battery|Cell|Pack] costs [fell|dropped|declined] to [about|around|below] ${kwh} per kilowatt-hour in {year2}, [according to|data from] {firm} [show|shows|].",
    "[Vehicle-to-grid|Bidirectional charging|Home energy storage] [pilots|trials|projects] [in {place2}|across {region}] [let|allow] [drivers|owners|fleets] to [sell power back|support the grid|earn money] [at peak times|during heatwaves|overnight].",
]

ANALYST = [
    '"[This is a smart move|It makes strategic sense|The logic is clear] [for both sides|for {As}|for {Bs}]," said {analyst}, an analyst at {firm}.',
    "{analyst} of {firm} said the [deal|agreement|tie-up] [gives|could give] {As} [access to|a cheaper source of|a head start in] {scope}.",
    "[Some|Several] analysts [questioned|doubted|were sceptical about] whether the [partnership|deal|venture] would [pay off|deliver|make money] before {tyear}.",
    "{firm} [estimates|expects|forecasts] that [EVs|electric cars|battery-electric models] will make up {pct3}% of [new car sales|the market] in {region} by {tyear}.",
    "[According to|Data from] {firm}, [demand for|sales of] {product} [could|may] [double|triple|grow {pct3}%] by {tyear}.",
]

OUTLOOK = [
    "[Both|The two] companies [expect|aim] to [start production|begin deliveries|finalise the details|announce further steps] by {tyear}.",
    "[Further|More] details [will be|are expected to be] announced [later this year|in the coming months|at {As}'s investor day].",
    "[The deal|The agreement] [still needs|is subject to] [regulatory approval|approval from antitrust authorities|shareholder approval] in {region}.",
    "[Neither company disclosed|The companies did not disclose] [financial terms|how the costs would be shared|the value of the deal].",
    "[The|That] [move|deal|agreement] fits {As}'s [wider plan|broader strategy|stated goal] to [strengthen its electric lineup|cut battery costs by {pct3}%|sell {units} EVs a year by {tyear}].",
]

HISTORY = [
    "The two companies first [disclosed|revealed|confirmed] talks in {prevmonth}.",
    "{As} and {Bs} [have worked together|first partnered] on {scope2} since {year2}.",
    "[The talks|Discussions] had been [going on|under way] since {prevmonth}, [according to|as previously reported by] {media}.",
]

HEADINGS = [
    "{As}'s Strategic Play in EVs",
    "What the Deal Means for {region}",
    "Where {Bs} Fits In",
    "Competition in the Market",
    "Challenges Ahead",
    "The Numbers",
    "Why It Matters",
    "Background",
    "What Comes Next",
    "A Crowded Field",
    "{As}'s Electrification Pledge",
    "Supply Chain Questions",
    "Inside the Agreement",
    "Market Reaction",
    "Conclusion",
]

TEASER_TITLES = [
    "{rival} recalls about {units} vehicles over a safety problem",
    "Is {rival} about to cut prices on its {model}?",
    "{model} or {model2}: which electric SUV comes out ahead?",
    "The best EV lease deals this month",
    "{rival} unveils its cheapest electric car yet",
    "Why charging prices are rising in {region}",
    "Review: the {model} is quick, quiet and expensive",
    "{rival} expands its fast-charging network in {region}",
]
TEASER_BODY = [
    "{rival} is voluntarily recalling {units} of its electric vehicles to fix a flaw in its [driver-assistance|braking|battery management] software.",
    "Right now most of [its|the] [models|trims] are easy to find in stock, which is not [good news|great] for the company.",
    "Among today's most sought-after electric cars are the {model} and the {model2}.",
    "Can't choose between them? This guide [is here to help|lays out the differences].",
    "Prices [start at|begin at] {carprice} before incentives, [making it|which makes it] [one of the cheapest options|a rare affordable choice] in its class.",
    "Owners in {region} [say|report] that [range|charging speed|software] [has improved|is the weak point] after the latest update.",
]
FURNITURE_TOP = ["Skip to main content", "Menu", "Search", "Subscribe", "Sign in", "Home"]
FURNITURE_MID = [
    "Advertisement",
    "Share this article",
    "Related Videos",
    "Listen to this article",
    "Share on X",
    "Continue reading",
]


def _company_desc(rng: random.Random, co: Co) -> str:
    """'the Chinese battery maker CATL', 'CATL', 'CATL, the Chinese battery maker,'"""
    r = rng.random()
    adj = COUNTRY_ADJ.get(co.country, "")
    noun = rng.choice(SECTOR_NOUN.get(co.sector, ["company"]))
    if r < 0.5 or not adj:
        return co.name
    if r < 0.8:
        return f"{adj} {noun} {co.name}"
    return f"{co.name}, the {adj} {noun},"


def _money(rng: random.Random, small: bool = False) -> str:
    unit = rng.choice(["million", "billion"]) if not small else "million"
    if unit == "billion":
        amount = rng.choice([1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7.5, 10, 12, 15, 20, 30])
    else:
        amount = rng.choice([50, 75, 100, 120, 150, 200, 250, 300, 350, 400, 500, 600, 700, 750, 800, 900])
    amount_text = f"{amount:g}"
    style = rng.random()
    if style < 0.55:
        return f"${amount_text} {unit}"
    if style < 0.7:
        return f"€{amount_text} {unit}"
    if style < 0.8:
        return f"${amount_text}{'bn' if unit == 'billion' else 'm'}"
    if style < 0.9:
        return f"{amount_text} {unit} euros"
    return f"{amount_text} {unit} yuan"


def _model(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(MODEL_A) + rng.choice(MODEL_B)
    if rng.random() < 0.5:
        return rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B) + rng.choice(MODEL_B)
    return f"{rng.choice('EIQXYZ')}{rng.choice(['', 'S', 'L', 'M'])}{rng.randint(1, 9)}{rng.choice(['', '0', '00'])}"


def _surname(rng: random.Random) -> str:
    return rng.choice(LAST) if rng.random() < 0.6 else rng.choice(SURNAME_A) + rng.choice(SURNAME_B)


def _person(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {_surname(rng)}"
    return name if rng.random() < 0.85 else f"{rng.choice(FIRST)} {rng.choice('ABCDEFGHJKLMPRSTW')}. {_surname(rng)}"


def _kind_word(kind: str) -> str:
    return {
        "joint venture": "joint venture",
        "stake": "investment",
        "supply": "supply agreement",
        "acquisition": "acquisition",
        "licensing": "licensing deal",
        "talks": "partnership",
        "agreement": "partnership",
    }.get(kind, "partnership")


class CorpusGenerator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.writer = Writer(self.rng)
        known = load_companies()
        taken = {c.name for c in known} | {w for c in known for w in c.name.split()}
        self.known = known
        self.invented = invent_companies(random.Random(seed * 7919 + 1), 6000, taken)
        self.companies: list[Co] = list(known)
        self.automakers = [c for c in known if c.sector == "automaker"]
        self.invented_used = 0
        self.media = media_names()
        self.people: dict[str, list[tuple[str, str]]] = {}
        self.deals: list[Deal] = []
        self.persons_rng = random.Random(seed * 31 + 5)

    # -- companies, people, deals
    def _execs(self, co: Co) -> list[tuple[str, str]]:
        if co.name not in self.people:
            rng = self.persons_rng
            self.people[co.name] = [(_person(rng), title) for title in rng.sample(TITLES, 3)]
        return self.people[co.name]

    def _grow(self, number: int) -> None:
        """New companies keep appearing as the corpus grows (about 40 * sqrt(n) invented ones by article n)."""
        wanted = min(len(self.invented), int(40 * number**0.5))
        while self.invented_used < wanted:
            co = self.invented[self.invented_used]
            self.companies.append(co)
            if co.sector == "automaker":
                self.automakers.append(co)
            self.invented_used += 1

    def _pair(self) -> tuple[Co, Co]:
        rng = self.rng
        a = rng.choice(self.automakers) if rng.random() < 0.7 else rng.choice(self.companies)
        # Popular companies get more deals (a few names dominate real deal news).
        b = rng.choice(self.companies[:40]) if rng.random() < 0.25 else rng.choice(self.companies)
        while b.name == a.name:
            b = rng.choice(self.companies)
        return a, b

    def _new_deal(self, published: date) -> Deal:
        rng = self.rng
        kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
        a, b = self._pair()
        status = {"talks": "talks", "called off": "ended"}.get(kind, "signed")
        deal = Deal(
            a=a,
            b=b,
            kind=kind,
            status=status,
            scope=rng.sample(SCOPES, 3),
            first=published,
            place=rng.choice(PLACES),
            target_year=published.year + rng.randint(1, 6),
        )
        if kind in {"stake", "acquisition", "joint venture"} or rng.random() < 0.4:
            deal.money = _money(rng)
        if kind == "stake":
            deal.stake = rng.choice([2, 3, 4.9, 5, 7, 9.9, 10, 12, 15, 17, 20, 21, 25, 30, 33, 40, 49, 51])
        if kind == "supply" or (kind == "joint venture" and rng.random() < 0.5):
            deal.gwh = rng.choice([5, 8, 10, 12, 15, 20, 24, 30, 36, 40, 50, 60, 80, 100])
        if rng.random() < 0.35:
            deal.models = rng.randint(2, 20)
        return deal

    # -- articles
    def _slots(self, deal: Deal, published: date, event: date) -> dict[str, str]:
        rng = self.rng
        rivals = rng.sample(self.automakers, 3)
        (person, title), (person2, title2) = rng.choice(self._execs(deal.a)), rng.choice(self._execs(deal.b))
        deal.execs[deal.a.name] = (person, title)
        deal.execs[deal.b.name] = (person2, title2)
        place, region = deal.place or rng.choice(PLACES)
        region = rng.choice(
            [
                region,
                region,
                COUNTRY_REGION.get(deal.a.country, region),
                "Europe",
                "China",
                "the United States",
                "Southeast Asia",
                "India",
            ]
        )
        pct = deal.stake if deal.stake is not None else rng.choice([10, 20, 25, 30, 40, 49, 51, 60])
        prev = event - timedelta(days=rng.randint(40, 400))
        scope = deal.scope
        return {
            "A": deal.a.name,
            "B": deal.b.name,
            "As": deal.a.name,
            "Bs": deal.b.name,
            "Adesc": _company_desc(rng, deal.a),
            "Bdesc": _company_desc(rng, deal.b),
            "scope": scope[0],
            "scope2": scope[1],
            "scope3": scope[2],
            "scope_t": scope[0].title(),
            "date": self._date_text(event),
            "year": str(event.year),
            "year2": str(event.year - rng.randint(1, 6)),
            "money": deal.money or _money(rng),
            "money2": _money(rng),
            "pct": f"{pct:g}",
            "pct2": f"{100 - pct:g}",
            "pct3": str(rng.randint(3, 65)),
            "gwh": str(deal.gwh or rng.choice([10, 20, 30])),
            "capacity": str((deal.gwh or 20) + rng.choice([10, 20, 40, 60])),
            "units": f"{rng.choice([12, 25, 40, 60, 80, 120, 150, 200, 250, 363, 480, 600, 750]) * 1000:,}"
            if rng.random() < 0.7
            else f"{rng.randint(1200, 990000):,}",
            "place": place,
            "region": region,
            "city": rng.choice(["Hong Kong", "Frankfurt", "New York", "Tokyo", "Shanghai", "Seoul", "Paris", "Milan"]),
            "product": rng.choice(PRODUCTS),
            "person": person,
            "title": title,
            "person2": person2,
            "title2": title2,
            "analyst": _person(rng),
            "firm": rng.choice(ANALYST_FIRMS),
            "model": _model(rng),
            "model2": _model(rng),
            "models": str(deal.models or rng.randint(2, 12)),
            "tyear": str(deal.target_year),
            "jobs": f"{rng.choice([300, 500, 800, 1200, 1500, 2000, 2500, 3000, 4000]):,}",
            "media": rng.choice(self.media),
            "month": rng.choice(MONTH_NAMES),
            "prevmonth": f"{MONTH_NAMES[prev.month - 1]} {prev.year}",
            "rival": rivals[0].name,
            "rival2": rivals[1].name,
            "rival3": rivals[2].name,
            "kindword": _kind_word(deal.kind),
            "kindword_t": _kind_word(deal.kind).title(),
            "Abackground": rng.choice(BACKGROUND.get(deal.a.sector, BACKGROUND["supplier"])),
            "Bbackground": rng.choice(BACKGROUND.get(deal.b.sector, BACKGROUND["supplier"])),
            "staff": f"{rng.choice([4, 9, 15, 28, 45, 60, 120, 170, 240, 290, 370]) * 1000:,}",
            "count": str(rng.randint(5, 60)),
            "carprice": f"${rng.choice([22, 25, 28, 30, 35, 40, 45, 55, 70, 90]) * 1000:,}",
            "place2": rng.choice(PLACES)[0],
            "kwh": str(rng.randint(75, 180)),
        }

    def _date_text(self, day: date) -> str:
        r = self.rng.random()
        month = MONTH_NAMES[day.month - 1]
        if r < 0.45:
            return f"{WEEKDAYS[day.weekday()]}, {month} {day.day}"
        if r < 0.8:
            return f"{month} {day.day}"
        return f"{month} {day.day}, {day.year}"

    def _published_line(self, day: date) -> str:
        r = self.rng.random()
        month = MONTH_NAMES[day.month - 1]
        if r < 0.5:
            return f"Published {month} {day.day}, {day.year}"
        if r < 0.75:
            return f"Published on {WEEKDAYS[day.weekday()]}, {month} {day.day}, {day.year}"
        if r < 0.9:
            return f"Published {day.isoformat()}"
        return f"Updated {month[:3]} {day.day}, {day.year}"

    def article(self, number: int) -> tuple[str, dict]:
        rng, w = self.rng, self.writer
        self._grow(number)
        published = date(2016, 1, 1) + timedelta(days=rng.randint(0, 365 * 9))
        follow = self.deals and rng.random() < 0.25
        if follow:
            open_deals = [d for d in self.deals[-400:] if d.status != "ended"] or self.deals[-400:]
            deal = rng.choice(open_deals)
            published = max(published, deal.first + timedelta(days=rng.randint(20, 300)))
            if deal.status == "talks":
                deal.status = rng.choice(["signed", "signed", "ended"])
                phase = "signed" if deal.status == "signed" else "called off"
            else:
                phase = "update"
        else:
            deal = self._new_deal(published)
            self.deals.append(deal)
            phase = None
        event = published - timedelta(days=rng.randint(0, 6))
        s = self._slots(deal, published, event)

        if phase:
            title_kind = {"signed": "agreement", "called off": "called off", "update": "update"}[phase]
        else:
            title_kind = deal.kind
        title = w.pick(TITLES_BY_KIND.get(title_kind, TITLES_BY_KIND["agreement"]), s)
        lead = w.pick(FOLLOW_UP_LEAD[phase] if phase else LEAD[deal.kind], s)

        body: list[str] = []
        detail_keys = ["scope"]
        if deal.money:
            detail_keys.append("money")
        if deal.stake is not None:
            detail_keys.append("stake")
        if deal.gwh:
            detail_keys.append("gwh")
        if deal.models:
            detail_keys.append("models")
        detail_keys += rng.sample(["jobs", "model", "scope"], 2)
        used: set[str] = set()
        for key in detail_keys:
            body.append(w.pick(DETAIL[key], s, used))
        quotes = (
            QUOTE_TALKS if deal.kind == "talks" and phase is None else QUOTE_ENDED if deal.status == "ended" else QUOTE
        )
        body += [w.pick(quotes, s, used) for _ in range(rng.randint(1, 2))]
        if phase or rng.random() < 0.2:
            body.append(w.pick(HISTORY, s, used))
        target = rng.randint(8, 20) - 1  # sentences besides the lead
        extra = [CONTEXT, CONTEXT, ANALYST, OUTLOOK, QUOTE]
        while len(body) < target:
            body.append(w.pick(rng.choice(extra), s, used))
        body = body[: max(target, 4)]
        # Keep the deal facts near the top, shuffle the colour.
        head, tail = body[:3], body[3:]
        rng.shuffle(tail)
        sentences = [lead] + head + tail

        lines: list[str] = []
        if rng.random() < 0.3:
            lines += rng.sample(FURNITURE_TOP, rng.randint(1, 2))
            lines.append("")
        lines.append(title)
        lines.append("")
        if rng.random() < 0.35:
            lines.append(f"By {_person(rng)}")
        lines.append(self._published_line(published))
        if rng.random() < 0.3:
            lines.append(
                f"{deal.a.name} {rng.choice(['office building', 'headquarters', 'factory', 'logo at a motor show'])}"
            )
        lines.append("")
        with_headings = rng.random() < 0.4
        headings = rng.sample(HEADINGS, 4)
        position, section = 0, 0
        teaser_at = rng.randint(1, 3) if rng.random() < 0.25 else -1
        while position < len(sentences):
            size = rng.choice([1, 2, 2, 3, 3, 4])
            if with_headings and position > 0 and section < len(headings) and rng.random() < 0.6:
                lines.append(w.fill(headings[section], s))
                section += 1
            lines.append(" ".join(sentences[position : position + size]))
            lines.append("")
            position += size
            if teaser_at == 0:
                lines += self._teaser(s)
            teaser_at -= 1
            if rng.random() < 0.08:
                lines += [rng.choice(FURNITURE_MID), ""]
        if rng.random() < 0.3:
            lines += [
                rng.choice(
                    [
                        "Editors' Recommendations",
                        "Related Articles",
                        "You might also like",
                        "More from the newsroom",
                        "Recommended for you",
                    ]
                ),
                "",
            ]
            for _ in range(rng.randint(1, 3)):
                lines += self._teaser(s)
        text = "\n".join(lines).rstrip() + "\n"
        manifest = {
            "number": number,
            "title": title,
            "published": published.isoformat(),
            "event": event.isoformat(),
            "phase": phase or "first",
            "kind": deal.kind,
            "status": deal.status,
            "a": deal.a.name,
            "b": deal.b.name,
            "a_known": deal.a.known,
            "b_known": deal.b.known,
            "a_country": deal.a.country,
            "a_sector": deal.a.sector,
            "b_country": deal.b.country,
            "b_sector": deal.b.sector,
            "scope": deal.scope,
            "money": s["money"] if deal.money else None,
            "stake": deal.stake,
            "gwh": deal.gwh,
            "models": deal.models,
            "target_year": deal.target_year,
            "place": s["place"],
            "region": s["region"],
            "person": s["person"],
            "person_title": s["title"],
            "person_company": deal.a.name,
            "rival": s["rival"],
            "model": s["model"],
            "product": s["product"],
        }
        return text, manifest

    def _teaser(self, s: dict[str, str]) -> list[str]:
        """A teaser for another story, as pages embed them: headline, caption, blurb, "Read more"."""
        w, rng = self.writer, self.rng
        t = dict(s, rival=rng.choice(self.automakers).name, model=_model(rng), model2=_model(rng))
        out = [_headline_case(w.pick(TEASER_TITLES, t))]
        if rng.random() < 0.5:
            out.append(w.fill("The {model} [parked outside a showroom|on a test track|at a charging station]", t))
        used: set[str] = set()
        out += ["", " ".join(w.pick(TEASER_BODY, t, used) for _ in range(rng.randint(1, 2))), "", "Read more"]
        return out


def _headline_case(text: str) -> str:
    small = {"a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "at", "by", "or", "as"}
    words = text.split()
    return " ".join(wd if i and wd.lower() in small else wd[:1].upper() + wd[1:] for i, wd in enumerate(words))


BACKGROUND = {
    "automaker": [
        "which sold its first electric model in {year2}",
        "one of the oldest names in the industry",
        "a relative newcomer to electric cars",
        "whose best-selling model is a compact SUV",
        "which builds cars on three continents",
    ],
    "tech": [
        "best known for smartphones and consumer electronics",
        "which runs one of the largest cloud businesses",
        "best known for its search engine and maps",
        "which makes software for phones and cars",
        "best known for its e-commerce platforms",
    ],
    "battery": [
        "which supplies cells to several carmakers",
        "one of the largest battery makers in the world",
        "which started out making batteries for laptops",
        "a specialist in lithium iron phosphate cells",
    ],
    "materials": [
        "which mines lithium in South America and Australia",
        "a major producer of nickel and cobalt",
        "which refines battery-grade lithium hydroxide",
        "best known for its copper mines",
    ],
    "supplier": [
        "which makes brakes, seats and wiring",
        "a long-time supplier of transmissions",
        "best known for its sensors and control units",
        "which supplies most large carmakers",
    ],
    "charging": [
        "which operates fast chargers along motorways",
        "one of the largest charging networks",
        "which installs home and workplace chargers",
    ],
    "semiconductor": [
        "which designs chips for data centres and cars",
        "a leading maker of power semiconductors",
        "best known for its processors",
    ],
    "energy": [
        "which is shifting from oil and gas to power",
        "a large utility with growing renewables",
        "which runs filling stations across Europe",
    ],
}

COUNTRY_REGION = {
    "US": "the United States",
    "CN": "China",
    "JP": "Japan",
    "DE": "Germany",
    "KR": "South Korea",
    "FR": "France",
    "GB": "Britain",
    "SE": "Sweden",
    "IN": "India",
    "VN": "Vietnam",
    "TW": "Taiwan",
    "IT": "Italy",
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def generate(count: int, seed: int, out: Path, manifest: Path | None = None) -> list[dict]:
    """Write ``count`` articles into ``out``; return (and optionally write) the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    gen = CorpusGenerator(seed)
    records = []
    for number in range(1, count + 1):
        text, record = gen.article(number)
        name = f"{number:06d}-{_slug(record['title'])}.txt"
        (out / name).write_text(text, encoding="utf-8")
        record["file"] = name
        records.append(record)
    if manifest is not None:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        with manifest.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", "-n", type=int, default=1000, help="how many articles (default 1000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed; the same seed gives the same corpus")
    parser.add_argument("--out", type=Path, required=True, help="folder for the .txt files")
    parser.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="where to write the JSON-lines manifest (default: <out>.manifest.jsonl beside the folder)",
    )
    args = parser.parse_args(argv)
    manifest = args.manifest or args.out.with_name(args.out.name + ".manifest.jsonl")
    started = time.perf_counter()
    generate(args.count, args.seed, args.out, manifest)
    print(
        f"wrote {args.count} articles to {args.out} in {time.perf_counter() - started:.1f} s; manifest {manifest}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
