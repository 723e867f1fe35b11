"""What a deal is about, in a controlled vocabulary.

A list filter ("battery deals") or a deal summary needs labels that mean the
same thing in every article, not phrase fragments cut from one sentence.
"""

from __future__ import annotations

import re

TOPICS: list[tuple[str, re.Pattern[str]]] = [
    (label, re.compile(pattern, re.I))
    for label, pattern in [
        (
            "battery cells",
            r"\bbatter(?:y|ies)\b(?![ -]swap)|\bcells?\b|\blithium[- ]iron|\bLFP\b|\bsolid-state\b|\bNMC\b",
        ),
        ("battery swapping", r"\bswap\w*\b"),
        ("charging", r"\b(?:super|fast-?|fast )?charg(?:ing|ers?)\b|\bcharge points?\b"),
        ("software", r"\bsoftware\b|\boperating system\b|\binfotainment\b|\bcockpits?\b|\bapps?\b|\bdigital\b"),
        (
            "autonomous driving",
            r"\bautonomous\b|\bself-driving\b|\bdriver[- ]assist\w*\b|\bADAS\b|\brobotaxis?\b|"
            r"\bdriverless\b|\bsmart driving\b|\bintelligent driving\b",
        ),
        (
            "platforms",
            r"\b(?:vehicle|EV|car|electric|modular|shared|common|new|skateboard|scalable|dedicated)\s+"
            r"(?:vehicle\s+|EV\s+)?platforms?\b|\bplatforms? for (?:electric|EVs?|cars|vehicles)\b|"
            r"\barchitectures?\b|\bchassis\b",
        ),
        ("powertrains", r"\bpowertrains?\b|\bengines?\b|\btransmissions?\b|\be-axles?\b|\belectric motors?\b"),
        (
            "manufacturing",
            r"\bmanufactur\w+\b|\bproduc(?:e|es|ed|ing|tion)\b|\bplants?\b|\bfactor(?:y|ies)\b|"
            r"\bassembl\w+\b|\bgigafactor\w+\b",
        ),
        (
            "retail and sales",
            r"\bretail\w*\b|\bsales (?:network|channels?|and service|outlets)\b|\bsold (?:through|via)\b|"
            r"\bsell (?:and|through|via|the|their)\b|\bdealers?\b|\bdistribut\w+\b|\bexports?\b|"
            r"\be-commerce\b|\bmarketing\b|\bshowrooms?\b",
        ),
        (
            "commercial vehicles",
            r"\b(?:trucks?|truckmakers?|lorr(?:y|ies)|buses|bus|e-?bus(?:es)?|coaches|vans?|"
            r"commercial vehicles?|heavy[- ]duty|haul trucks?|tractors|excavators|dozers|mining (?:fleets?|equipment|"
            r"gear|machines?|machinery|vehicles?))\b",
        ),
        ("two-wheelers", r"\b(?:two-wheelers?|scooters?|motorcycles?|motorbikes?|e-bikes?|three-wheelers?)\b"),
        ("cloud", r"\bcloud\b"),
        ("connectivity", r"\bconnectivity\b|\bconnected\b|\btelematics\b|\bin-car\b|\bIoT\b"),
        (
            "chips",
            r"\bchips?\b|\bsemiconductors?\b|\bprocessors?\b|\bsilicon carbide\b|\bsic (?:chips|devices|power)\b|"
            r"\bwafers?\b|\bpower (?:devices?|semiconductors?)\b|\bchipmakers?\b|\bchip designers?\b",
        ),
        (
            "raw materials",
            r"\blithium\b(?![- ]iron)|\bnickel\b|\bcobalt\b|\bgraphite\b|\braw materials?\b|"
            r"\bmining\b(?! (?:fleets?|equipment|gear|machines?|machinery|vehicles?|trucks?))",
        ),
        (
            "battery materials",
            r"\b(?:cathodes?|anodes?|precursors?|electrolytes?|separators?|active materials?)\b|\b(?-i:p?CAM|PCAM)\b",
        ),
        ("artificial intelligence", r"\bartificial intelligence\b|\bAI\b"),
        ("recycling", r"\brecycl\w+\b"),
        ("hydrogen", r"\bhydrogen\b|\bfuel cells?\b"),
        ("research and development", r"\bR&D\b|\bresearch\b|\bco-?develop\w*\b|\bjoint(?:ly)? develop\w*\b"),
        ("mapping", r"\bmapping\b|\bnavigation\b|\bHD maps?\b"),
        ("procurement", r"\bprocurement\b|\bpurchasing\b|\bsourcing\b"),
        ("financing", r"\bfinanc\w+\b|\bleasing\b|\bloans?\b"),
    ]
]


# The word an evidence sentence about a topic uses, where the label's first word would say too little
# ("commercial" also means "commercial production").
_HEADS = {"commercial vehicles": "trucks", "battery swapping": "swapping"}  # the word no other topic shares


def topic_head(label: str) -> str:
    return _HEADS.get(label, label.split()[0])


# Kinds of vehicle: what a deal's parties make, which lists filter by ("truck deals"), but no area of work a
# deal covers ("Hero, the maker of motorcycles and scooters, ...").
SEGMENTS = frozenset({"commercial vehicles", "two-wheelers"})


def topics_of(sentence: str) -> list[str]:
    """The topics a sentence names, in vocabulary order."""
    return [label for label, pattern in TOPICS if pattern.search(sentence)]


def areas_of(sentence: str) -> list[str]:
    """The areas of work a sentence names: its topics, vehicle segments aside."""
    return [label for label in topics_of(sentence) if label not in SEGMENTS]
