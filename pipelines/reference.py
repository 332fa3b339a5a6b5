"""Reference data: ISO 3166-1 states from pycountry plus the small curated tables in reference/data/.

Everything here is general knowledge about the world (names, demonyms, capitals, blocs, agencies),
never knowledge about a particular article.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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


@cache
def leaders() -> tuple[Leader, ...]:
    """Heads of state and government, foreign ministers and heads of major IGOs since 1990."""
    return tuple(
        Leader(r["name"], _split(r["aliases"]) + (r["name"],), r["country_code"], r["role"],
               int(r["start_year"]) if r["start_year"] else None, int(r["end_year"]) if r["end_year"] else None)
        for r in _rows("leaders.csv")
    )


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
            aliases[(name, country.code)] = StateAlias(country.code, name, "name")  # type: ignore[arg-type]
    for r in _rows("state_aliases.csv"):
        aliases[(r["alias"], r["iso3"])] = StateAlias(r["iso3"], r["alias"], r["alias_kind"])
    return tuple(sorted(aliases.values(), key=lambda a: (a.code, a.alias)))


def all_actor_codes() -> set[str]:
    """Every code a *_code column may hold: ISO alpha-3 states and the bloc/IGO codes."""
    return set(countries()) | set(blocs())


def is_state(code: str | None) -> bool:
    return code is not None and code in countries()
