"""Names that look like companies in news but are never party to a deal.

A capitalised name with "Co" or "Group" can be a county ("Napa Co"), a
country's old company ("New Zealand Company"), a ministry, an association's
working group or a stock index; news also puts places and regulators next to
the companies it is about.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import orjson

from knowledge.text import without_accents

_INSTITUTION = re.compile(
    r"\b(?:Department|Ministry|Commission|Administration|Agency|Authority|Bureau|Council|Government|Parliament|"
    r"Senate|Congress|Court|Committee|Association|Federation|Union|Coalition|Forum|Institute|Foundation|Society|"
    r"Working Group|Task Force|County|Province|Prefecture|Municipality|State|City|Republic|Kingdom|Exchange|"
    r"Index|University|College|School|Police|Army|Navy|Party|Office|Regulator|Board|Chamber|Lab)\b"
)
_INDICES = frozenset(
    {
        "nasdaq",
        "dow",
        "dow jones",
        "s&p",
        "s&p 500",
        "ftse",
        "ftse 100",
        "nikkei",
        "nikkei 225",
        "hang seng",
        "stoxx",
        "stoxx 600",
        "kospi",
        "csi 300",
        "dax",
        "cac 40",
        "nyse",
        "sensex",
    }
)
_COMPANY_WORDS = re.compile(
    r"\b(?:Inc|Corp|Corporation|Ltd|LLC|PLC|AG|SE|GmbH|Motors?|Automotive|Technologies|"
    r"Energy|Batter(?:y|ies)|Holdings?|Electric|Mobility)\b"
)


PLACES_FILE = "data/places.json"  # pycountry's names, lower-cased: written by write_places, checked by a test


def pycountry_places() -> list[str]:
    """Every country's name, common name and official name, and every subdivision's name, lower-cased, as
    pycountry has them. Read from knowledge/data/places.json at run time: importing pycountry and walking its
    database took about 50 ms, the first time a process asked whether a name is a place."""
    import pycountry

    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.lower())
    for sub in pycountry.subdivisions:
        names.add(sub.name.lower())
    return sorted(names)


def write_places() -> Path:
    """(Re)write knowledge/data/places.json from the installed pycountry: ``python -m knowledge.non_orgs``."""
    path = Path(__file__).with_name("data") / "places.json"
    path.write_bytes(orjson.dumps(pycountry_places(), option=orjson.OPT_INDENT_2) + b"\n")
    return path


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    names = {without_accents(n) for n in orjson.loads(resources.files("knowledge").joinpath(PLACES_FILE).read_bytes())}
    names.update(
        {
            "us",
            "u.s.",
            "usa",
            "uk",
            "uae",
            "u.a.e.",
            "eu",
            "europe",
            "asia",
            "africa",
            "north america",
            "south america",
            "latin america",
            "middle east",
            "silicon valley",
            "wall street",
            "new zealand",
            "hong kong",
        }
    )
    return frozenset(names)


def is_not_an_organisation(name: str) -> bool:
    """A place, a public institution, an association or a stock index, not a company."""
    lowered = name.lower().strip(" .")
    if lowered in _INDICES or lowered in _places():
        return True
    if _INSTITUTION.search(name) and not _COMPANY_WORDS.search(name):
        return True
    words = lowered.split()
    # "Napa Co", "New Zealand Company": a place with a bare company word is the place.
    return len(words) > 1 and words[-1].strip(".") in {"co", "company", "group"} and " ".join(words[:-1]) in _places()


def is_place(name: str) -> bool:
    """A country, a region or a state or province of one ("Georgia", "Bavaria", "Europe", "Nuevo Leon")."""
    return without_accents(name.lower().strip(" .,")) in _places()


# A country (or emirate) as news names it, and its code: "South Korea's Tarn Cells" is from KR.
COUNTRY_NAMES = {
    "south korea": "KR",
    "korea": "KR",
    "china": "CN",
    "japan": "JP",
    "germany": "DE",
    "france": "FR",
    "india": "IN",
    "taiwan": "TW",
    "sweden": "SE",
    "italy": "IT",
    "britain": "GB",
    "the u.s.": "US",
    "the us": "US",
    "america": "US",
    "indonesia": "ID",
    "vietnam": "VN",
    "saudi arabia": "SA",
    "abu dhabi": "AE",
    "dubai": "AE",
    "the uae": "AE",
    "qatar": "QA",
    "canada": "CA",
}

# A people's adjective and its country's code: "a Turkish conglomerate" is from TR.
DEMONYMS = {
    "american": "US",
    "british": "GB",
    "chinese": "CN",
    "japanese": "JP",
    "korean": "KR",
    "south korean": "KR",
    "german": "DE",
    "french": "FR",
    "swedish": "SE",
    "indian": "IN",
    "vietnamese": "VN",
    "taiwanese": "TW",
    "italian": "IT",
    "dutch": "NL",
    "norwegian": "NO",
    "canadian": "CA",
    "australian": "AU",
    "israeli": "IL",
    "turkish": "TR",
    "spanish": "ES",
    "indonesian": "ID",
    "mexican": "MX",
    "brazilian": "BR",
    "russian": "RU",
    "polish": "PL",
    "hungarian": "HU",
    "thai": "TH",
    "malaysian": "MY",
    "saudi": "SA",
    "emirati": "AE",
    "belgian": "BE",
    "austrian": "AT",
    "swiss": "CH",
    "finnish": "FI",
    "danish": "DK",
    "czech": "CZ",
    "chilean": "CL",
    "argentine": "AR",
    "slovak": "SK",
    "slovenian": "SI",
    "romanian": "RO",
    "bulgarian": "BG",
    "serbian": "RS",
    "croatian": "HR",
    "ukrainian": "UA",
    "greek": "GR",
    "portuguese": "PT",
    "irish": "IE",
    "estonian": "EE",
    "latvian": "LV",
    "lithuanian": "LT",
    "moroccan": "MA",
    "egyptian": "EG",
    "algerian": "DZ",
    "tunisian": "TN",
    "nigerian": "NG",
    "kenyan": "KE",
    "rwandan": "RW",
    "ugandan": "UG",
    "tanzanian": "TZ",
    "ethiopian": "ET",
    "ghanaian": "GH",
    "south african": "ZA",
    "zambian": "ZM",
    "zimbabwean": "ZW",
    "congolese": "CD",
    "peruvian": "PE",
    "colombian": "CO",
    "bolivian": "BO",
    "filipino": "PH",
    "singaporean": "SG",
    "pakistani": "PK",
    "bangladeshi": "BD",
    "qatari": "QA",
    "kuwaiti": "KW",
    "omani": "OM",
    "new zealand": "NZ",
    "european": "",
    "asian": "",
    "african": "",
}


@lru_cache(maxsize=4096)
def is_place_word(word: str) -> bool:
    """A place, a compass point or its people's adjective ("South", "Korean", "Indonesian", "Turkish"): no
    company's name and no part of a person's. Kept for the words asked about most (every capitalised word of
    a candidate sentence is asked about, once per question that reads it)."""
    lowered = word.lower()
    return (
        lowered in DEMONYMS
        or lowered in {"north", "south", "east", "west"}
        or any(is_place(word[: len(word) - cut]) for cut in (0, 1, 2, 3) if len(word) - cut >= 4 or cut == 0)
    )


if __name__ == "__main__":
    print(write_places())
