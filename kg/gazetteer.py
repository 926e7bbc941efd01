"""A gazetteer of Chinese administrative divisions (``kg/data/admin_divisions.csv``) and
named regions (``kg/data/regions.csv``), with codes and parents.

Matching is a dictionary of surface forms: official names (江苏省, 无锡市, 新吴区, 沛县)
everywhere, and short forms (江苏, 无锡) only for provinces and prefecture-level cities,
whose short names are distinctive; a county's short form (新吴) would hit ordinary words
too often. Names shared by several divisions (鼓楼区) are ranked by context codes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "盟",
)
# A two-character county name starting with a function word (和县) or a generic one
# (城区, 郊区) is read as a place only inside a longer chain or a name's prefix.
FUNCTION_CHARS = set("和与及在从向对把将被给到让使的了等并由于为以")
GENERIC_NAMES = {"城区", "郊区", "矿区", "新区", "东区", "西区", "南区", "北区", "市中区", "开发区", "高新区"}


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str  # official full name: 阜宁县
    short: str  # 阜宁 (equal to name when no safe short form exists)
    level: str  # province | city | county | region
    parent: str | None


class Gazetteer:
    def __init__(self, places: Iterable[Place]):
        self.by_code: dict[str, Place] = {}
        self.by_surface: dict[str, list[Place]] = {}
        for p in places:
            self.by_code[p.code] = p
            self.by_surface.setdefault(p.name, []).append(p)
            if p.short != p.name and p.level in ("province", "city"):
                self.by_surface.setdefault(p.short, []).append(p)
            if p.name.endswith("自治州") and len(p.name) > 5:
                # 红河哈尼族彝族自治州 is written 红河州 (and 红河)
                for form in (p.name[:2] + "州", p.name[:2]):
                    if p not in self.by_surface.setdefault(form, []):
                        self.by_surface[form].append(p)
        self.max_len = max(len(s) for s in self.by_surface)
        # the lengths of the surfaces starting with each character, longest first: most
        # characters start no place name, and the others only a few lengths
        lengths: dict[str, set[int]] = {}
        for surface in self.by_surface:
            lengths.setdefault(surface[0], set()).add(len(surface))
        self.lengths_by_first = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}

    def lookup(self, name: str, *, context_codes: Iterable[str] = ()) -> list[Place]:
        """Places called ``name`` (full or short form), those under a context code first."""
        found = self.by_surface.get(name, [])
        if len(found) <= 1:
            return list(found)
        ctx = set(context_codes)
        return sorted(found, key=lambda p: (not (self._ancestors(p) & ctx), p.level != "city", p.code))

    def _ancestors(self, place: Place) -> set[str]:
        return {p.code for p in self.chain(place)}

    def chain(self, place: Place) -> list[Place]:
        """The place's ancestors and the place, top down: [江苏省, 盐城市, 阜宁县]."""
        out = [place]
        while out[0].parent and out[0].parent in self.by_code:
            out.insert(0, self.by_code[out[0].parent])
        return out

    def parent(self, place: Place) -> Place | None:
        return self.by_code.get(place.parent) if place.parent else None

    def find(self, text: str) -> list[tuple[int, int, Place]]:
        """Place mentions in ``text``, longest first, chains (盐城市阜宁县) as one mention of
        the innermost place."""
        out: list[tuple[int, int, Place]] = []
        i, n = 0, len(text)
        while i < n:
            hit = self._longest_at(text, i)
            if hit is None:
                i += 1
                continue
            end, place = hit
            start = i
            if self._weak(text, i, end):
                i += 1
                continue
            # extend a chain: a child written right after its parent
            while True:
                nxt = self._longest_at(text, end)
                if nxt is None or self.parent(nxt[1]) is None:
                    break
                child = nxt[1]
                options = self._under(self.by_surface.get(text[end : nxt[0]], []), place)
                if not options and child.parent != place.code:
                    break
                end, place = nxt[0], options[0] if options else child
            out.append((start, end, place))
            i = end
        return out

    def _weak(self, text: str, start: int, end: int) -> bool:
        """A match that is more likely part of ordinary words: 和县级 (and county-level)."""
        surface = text[start:end]
        if surface in GENERIC_NAMES:
            return True
        if end < len(text) and text[end] in "级长委杯":  # 安康杯 is a contest
            return True
        if surface.endswith("县") and end < len(text) and text[end] == "城":
            return True  # 新县城 is a new county town, not 新县
        return len(surface) == 2 and surface[0] in FUNCTION_CHARS

    def place_chain(self, name: str, context_codes: Iterable[str] = ()) -> list[Place] | None:
        """The chain a name written as places only consists of: 盐城市阜宁县 -> [盐城市, 阜宁县]."""
        split = self.split_place_prefix(name + "\x00", context_codes)
        return split[1] if split and split[0] == name else None

    def _under(self, options: list[Place], parent: Place) -> list[Place]:
        """The options that are children of ``parent``, else its grandchildren: a chain
        may skip the middle level (福建省晋江市 leaves out 泉州市)."""
        children = [p for p in options if p.parent == parent.code]
        if children:
            return children
        return [p for p in options if p.parent in self.by_code and self.by_code[p.parent].parent == parent.code]

    def context_codes(self, names: Iterable[str]) -> set[str]:
        """Codes of the places that names written as places stand for without doubt (a name
        of one place only, or a chain such as 广东省深圳市), with their ancestors: the
        context in which a shared name like 南山区 is read."""
        codes: set[str] = set()
        for name in names:
            chain = self.place_chain(name)
            if chain and (len(chain) > 1 or len(self.by_surface.get(name, [])) == 1):
                codes |= self._ancestors(chain[-1])
        return codes

    def _longest_at(self, text: str, i: int) -> tuple[int, Place] | None:
        for length in self.lengths_by_first.get(text[i], ()) if i < len(text) else ():
            if length < 2 or i + length > len(text):
                continue
            places = self.by_surface.get(text[i : i + length])
            if places:
                return i + length, places[0]
        return None

    def split_place_prefix(self, name: str, context_codes: Iterable[str] = ()) -> tuple[str, list[Place]] | None:
        """The place a name starts with: 无锡市新吴区总工会 -> ("无锡市新吴区", [无锡市, 新吴区]).

        Only a prefix counts (a place in brackets, 华虹半导体(无锡)有限公司, does not), and
        something must follow it. A name shared by several places (南山区) is read as the
        one under a context code (the document's other places) where there is one.
        """
        chain: list[Place] = []
        pos = 0
        while pos < len(name):
            hit = self._longest_at(name, pos)
            if hit is None:
                break
            end, place = hit
            options = self.by_surface.get(name[pos:end], [])
            if not chain and context_codes and len(options) > 1:
                place = self.lookup(name[pos:end], context_codes=context_codes)[0]
            if chain:
                under = self._under(options, chain[-1])
                if not under:
                    break
                place = under[0]
            chain.append(place)
            pos = end
        if not chain or pos >= len(name):
            return None
        return name[:pos], chain


def _short_form(name: str, level: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            # 内蒙古自治区 -> 内蒙古, 广西壮族自治区 -> 广西
            return short
    return name


@lru_cache(maxsize=4)
def find_places(text: str) -> tuple[tuple[int, int, Place], ...]:
    """``get_gazetteer().find(text)``, remembered: resolution and relations both read the
    places of a document's whole text."""
    return tuple(get_gazetteer().find(text))


@lru_cache(maxsize=4)
def place_context(text: str) -> frozenset[str]:
    """The codes of the places a document names without doubt (``Gazetteer.context_codes``
    of everything the gazetteer finds in it), remembered for resolution and relations."""
    return frozenset(get_gazetteer().context_codes(text[s:e] for s, e, _ in find_places(text)))


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    places: list[Place] = []
    data = resources.files("kg.data")
    with data.joinpath("admin_divisions.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            level = row["level"]
            places.append(
                Place(row["code"], row["name"], _short_form(row["name"], level), level, row["parent"] or None)
            )
    with data.joinpath("regions.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            places.append(Place(row["code"], row["name"], row["name"], "region", None))
    return Gazetteer(places)
