"""Entity resolution: mentions -> entities within a document, entities -> IRIs across documents.

Within a document
* Mentions with the same normalised surface (NFKC, traditional -> simplified, quotes and
  title marks ignored) and type are one entity; a mention's ``canonical`` (a company's
  short form, a list item's full name) points to the entity it stands for.
* Context-dependent short forms are resolved by the place of their article (the place
  prefix of the article's organisation): 县总/县总工会 -> <county>总工会, 市总/市总工会 ->
  <city>总工会 (the city above the article's district), 省总 -> <province>总工会, 县法院 ->
  <county>人民法院, 县X局/县X办 -> <county>X局. Policy: the entity is named by the full form
  (from the text where it occurs there, else constructed) and keeps the short form as an
  alias; an unresolvable short form stays a separate entity of its document.
* An organisation whose name is another's name less a place prefix (新吴区总工会 vs
  无锡市新吴区总工会), or an abbreviation of it (物联网研究院 vs 无锡物联网产业研究院: same
  head, same start, characters in order), merges into the longer name.
* Places with the same gazetteer code are one place, named by the longest form.

Across documents (``assign_iris``)
* IRI = type + canonical name (``kg.vocab.entity_iri``); entities of the same type whose
  canonical names or aliases match one already seen (or a ``known`` store entity) share
  its IRI. Bare short forms that could not be resolved (市总工会 with no place) get an IRI
  scoped to their document, so two cities' 市总工会 never merge.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from kg.model import ORG_TYPES, Document, Entity, Mention
from kg.nlp.rules import load_rules
from kg.vocab import entity_iri

QUOTES = "“”‘’「」『』《》\"'"


def norm_key(name: str) -> str:
    """The matching key of a name: NFKC, simplified, without quotes, title marks or spaces."""
    from kg.ingest import normalise

    s = normalise(unicodedata.normalize("NFKC", name))
    return "".join(c for c in s if c not in QUOTES and not c.isspace())


@dataclass
class AliasRules:
    union_short: dict[str, str] = field(default_factory=dict)  # 县总 -> county
    level_prefix_bodies: tuple[str, ...] = ()  # 法院 人民法院 局 办 ...
    abbreviations: dict[str, str] = field(default_factory=dict)  # 全总 -> 中华全国总工会
    court_full: dict[str, str] = field(default_factory=dict)  # 法院 -> 人民法院
    official_heads: dict[str, str] = field(default_factory=dict)  # 政府 -> 人民政府
    level_words: tuple[str, ...] = ()  # words that start with a level character: 市场, 区域
    generic_starts: tuple[str, ...] = ()  # 工会第一届委员会: a name that starts with a bare head


@lru_cache(maxsize=1)
def alias_rules() -> AliasRules:
    data = yaml.safe_load(resources.files("kg.rules").joinpath("aliases.yaml").read_text(encoding="utf-8"))
    return AliasRules(
        union_short=data["union_short_forms"],
        level_prefix_bodies=tuple(data["level_prefix_bodies"]),
        abbreviations=data["abbreviations"],
        court_full=data["court_full_names"],
        official_heads=data.get("official_heads") or {},
        level_words=tuple(data.get("not_level_prefixes") or ()),
        generic_starts=tuple(data.get("generic_name_starts") or ()),
    )


def read_shared_place_names(doc: Document, mentions: list[Mention]) -> set[str]:
    """Give place mentions whose name several places share (南山区) the place that fits the
    document's unambiguous places (广东省深圳市 -> 深圳's 南山区, also where that is written
    inside another name); return those context codes."""
    from kg.gazetteer import get_gazetteer, place_context

    gaz = get_gazetteer()
    context = set(place_context(doc.norm or doc.text))
    if not context:
        return context
    for m in (m for m in mentions if m.type == "PLACE"):
        chain = gaz.place_chain(norm_key(m.text), context)
        if chain and m.attrs.get("code") and chain[-1].code != m.attrs["code"]:
            m.attrs.update(code=chain[-1].code, level=chain[-1].level, official=chain[-1].name)
    return context


def article_places(doc: Document, mentions: list[Mention], context: set[str] | None = None) -> dict[int, list]:
    """For each article index, the gazetteer chain of its own place (from its organisation)."""
    from kg.gazetteer import find_places, get_gazetteer

    gaz = get_gazetteer()
    out: dict[int, list] = {}
    for art in doc.articles:
        names: list[str] = [by.affiliation for by in art.bylines if by.affiliation and by.role != "source"]
        names += [
            m.text
            for m in mentions
            if art.span.start <= m.start < art.span.end and m.type in ("UNION", "GOVERNMENT")
        ]
        for name in names:
            split = gaz.split_place_prefix(norm_key(name), context or ())
            if split:
                chain = gaz.chain(split[1][-1])
                out[art.index] = chain
                break
        else:
            places = [p for s, e, p in find_places(doc.norm or doc.text) if art.span.start <= s and e <= art.span.end]
            chain = _only_place_of(gaz, places, context or set())
            if chain:
                out[art.index] = chain
    return out


def _only_place_of(gaz, places: list, context: set[str]) -> list:
    """Without a named local body, an article is about its place if it names only one
    (alone or inside other names): the deepest place whose chain holds every other."""
    chains = [gaz.chain(gaz.lookup(p.name, context_codes=context)[0] if context else p) for p in places]
    chains = [c for c in chains if c[-1].level != "region"]
    if not chains:
        return []
    deepest = max(chains, key=len)
    codes = {p.code for p in deepest}
    if all(c[-1].code in codes for c in chains):
        return deepest
    # else the province most of its place mentions lie in (浙江 ×3, 杭州 and the 北京 of a
    # national ceremony: 浙江省), as deep as all those mentions agree
    province, count = Counter(c[0].code for c in chains).most_common(1)[0]
    if count < 2 or count <= len(chains) / 2:
        return []
    group = [c for c in chains if c[0].code == province]
    shared = group[0]
    for c in group[1:]:
        shared = [a for a, b in zip(shared, c, strict=False) if a.code == b.code]
    return shared


def _level_place(chain: list, level_char: str):
    """The place of the article chain at the level a short form names (县/区 -> county ...)."""
    want = {"县": "county", "区": "county", "市": "city", "省": "province"}[level_char]
    if level_char == "市" and chain and chain[-1].level == "county" and chain[-1].name.endswith("市"):
        return chain[-1]  # an article about a county-level city (榆树市): 市 is that city
    for place in reversed(chain):
        if place.level == want:
            return place
    if level_char == "市":  # 北京, 天津, 上海, 重庆: the city is the province-level unit
        return next((p for p in chain if p.level == "province" and p.name.endswith("市")), None)
    return None


def expand_short_form(surface: str, chain: list) -> str | None:
    """The full name a context-dependent short form stands for in an article about ``chain``."""
    rules = alias_rules()
    key = norm_key(surface)
    if key in rules.abbreviations:
        return rules.abbreviations[key]
    if not chain:
        return None
    for short, level_char in sorted(rules.union_short.items(), key=lambda kv: -len(kv[0])):
        if key.startswith(short):
            # 县总 -> <county>总工会; 省总职工科技活动中心 -> <province>总工会职工科技活动中心
            place = _level_place(chain, level_char)
            return f"{place.name}总工会{key[len(short):]}" if place else None
    # '福建工会' (a province's short name + 工会) -> the province federation
    if key.endswith("工会") and not key.endswith("总工会"):
        place = chain[0] if chain and chain[0].level == "province" else None
        if place and key[:-2] in (place.short, place.name):
            return f"{place.name}总工会"
    m = re.match(r"^([县市区省])(.+)$", key)
    if m and key.endswith(rules.level_prefix_bodies) and _level_char_stands_alone(key):
        place = _level_place(chain, m.group(1))
        if place is None:
            return None
        body = m.group(2)
        for short, full in rules.court_full.items():
            if body == short:
                body = full
        return place.name + body
    return None


def _level_char_stands_alone(name: str) -> bool:
    """县/市/区/省 at the start is a level prefix, not the first character of a word (市场监管局)."""
    return not name.startswith(alias_rules().level_words)


def resolve_document(doc: Document, mentions: list[Mention]) -> tuple[list[Entity], list[str]]:
    """Group the mentions of one document into entities; return them and each mention's entity id."""
    from kg.gazetteer import get_gazetteer

    chains = article_places(doc, mentions, read_shared_place_names(doc, mentions))
    groups: dict[tuple[str, str], Entity] = {}
    order: list[tuple[str, str]] = []
    mention_keys: list[tuple[str, str]] = []
    for m in mentions:
        art = doc.article_at(m.start)
        chain = chains.get(art.index, []) if art else []
        full = m.canonical or alias_rules().abbreviations.get(norm_key(m.text))
        if full is None and m.type in ORG_TYPES:
            full = expand_short_form(m.text, chain)
        if m.type == "PLACE" and m.attrs.get("code"):
            key = ("PLACE", "code:" + m.attrs["code"])
        else:
            key = (m.type, _official_key(norm_key(full or m.text)))
        ent = groups.get(key)
        if ent is None:
            name = full or _unquote(m.text)
            ent = Entity(id="", name=name, type=m.type, attrs={k: v for k, v in m.attrs.items() if k != "require_relation"})
            groups[key] = ent
            order.append(key)
        ent.mentions.append(m)
        _add_name(ent, m.text)
        if full:
            _add_name(ent, full)
        mention_keys.append(key)
    for key in order:  # bodies of the state are local: 科技局 in an article about 沛县 = 沛县科技局
        ent = groups[key]
        national = any(m.source == "government_national" for m in ent.mentions)  # 国务院 is nobody's local body
        if ent.type == "GOVERNMENT" and ent.mentions and not national:
            art = doc.article_at(ent.mentions[0].start)
            chain = chains.get(art.index, []) if art else []
            if chain and not get_gazetteer().split_place_prefix(norm_key(ent.name)) and not re.match(r"^[县市区省]", ent.name):
                qualified = chain[-1].name + ent.name
                ent.attrs["qualified_name"] = qualified
                ent.aliases.append(qualified)
    merged = _merge_short_names(groups, order, doc.text)
    merged.update(_merge_programme_variants(groups, order, merged))
    entities: list[Entity] = []
    ids: dict[int, str] = {}
    for key in order:
        ent = groups[merged.get(key, key)]
        if id(ent) in ids:
            continue
        ent.id = f"e{len(entities) + 1}"
        ids[id(ent)] = ent.id
        entities.append(ent)
    return entities, [groups[merged.get(k, k)].id for k in mention_keys]


def _official_key(key: str) -> str:
    """Key a name by its official head (天长市政府 and 天长市人民政府 are one government)."""
    for short, full in alias_rules().official_heads.items():
        if key.endswith(short) and not key.endswith(full) and len(key) > len(short):
            return key[: -len(short)] + full
    return key


def _add_name(ent: Entity, surface: str) -> None:
    """Keep the fullest form as the name and every other form as an alias."""
    surface = _unquote(surface) if ent.type != "DOCUMENT" else surface
    if not surface or surface == ent.name or surface in ent.aliases:
        return
    if len(norm_key(surface)) > len(norm_key(ent.name)) and ent.type in ("PLACE", "UNION", "ENTERPRISE", "GOVERNMENT"):
        ent.aliases.append(ent.name)
        ent.name = surface
    else:
        ent.aliases.append(surface)


def _unquote(name: str) -> str:
    """“沛公驿” -> 沛公驿, but “沛公驿”服务站 keeps its quotes (they mark the brand inside)."""
    inner = name[1:-1]
    if len(name) > 2 and name[0] in "“「" and name[-1] in "”」" and not any(c in inner for c in "“”「」"):
        return inner
    return name


def _merge_short_names(groups: dict[tuple[str, str], Entity], order: list[tuple[str, str]], text: str = "") -> dict:
    """Map the key of a short organisation name to the key of the full name it abbreviates."""
    from kg.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    merged: dict[tuple[str, str], tuple[str, str]] = {}
    keys = [k for k in order if k[0] in ORG_TYPES]
    rules = load_rules()
    heads = {suffix for suffix, _ in rules.suffix_types}
    # a form another entity already carries as an alias (徐工集团 after 徐州工程机械集团有限公司
    # (以下简称徐工集团)) joins that entity, when exactly one entity carries it
    alias_owner: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for k in keys:
        for alias in groups[k].aliases:
            alias_owner.setdefault((k[0], norm_key(alias)), []).append(k)
    for short in keys:
        s = norm_key(groups[short].name)
        best = None
        owners = [o for o in alias_owner.get((short[0], s), []) if o != short]
        if len(owners) == 1:
            best = owners[0]
        if best is None and (s in heads or s.startswith(alias_rules().generic_starts)):
            # a bare head (工会联合会), or a name starting with one (工会第一届委员会), stands
            # for the one named body of the document it ends
            fulls = [k for k in keys if k != short and k[0] == short[0] and norm_key(groups[k].name).endswith(s)]
            best = fulls[0] if len(fulls) == 1 else _owner_by_nearest_place(groups, short, fulls, text)
        for full in keys:
            if best is not None or full == short or full[0] != short[0]:
                continue
            f = norm_key(groups[full].name)
            if len(f) <= len(s):
                continue
            if f.startswith(s) and s.endswith(rules.company_suffixes):
                continue  # a company's full name is no short form of its branch (X有限公司|Y市供电公司)
            split = gaz.split_place_prefix(f)
            rest = f[len(split[0]) :] if split else f
            if f.endswith(s) and split and (rest == s or s.endswith(rest) and len(s) > len(rest)):
                best = full  # 新吴区总工会 -> 无锡市新吴区总工会
            elif _abbreviates(s, rest) and short[0] in ("ORGANIZATION", "ENTERPRISE"):
                best = full  # 物联网研究院 -> 无锡物联网产业研究院
            elif short[0] == "ENTERPRISE" and s in rules.company_short_forms(f):
                best = full  # 中建三局 -> 中建三局集团有限公司
        if best is not None:
            merged[short] = best
            target = groups[best]
            for m in groups[short].mentions:
                target.mentions.append(m)
            for form in (groups[short].name, *groups[short].aliases):
                if form != target.name and form not in target.aliases:
                    target.aliases.append(form)
    # follow chains a -> b -> c
    for k in list(merged):
        seen = {k}
        while merged[k] in merged and merged[k] not in seen:
            seen.add(merged[k])
            merged[k] = merged[merged[k]]
    return merged


QUOTED = re.compile(r"^(.*?)[“「]([^”」]+)[”」](.*)$")
CAMPAIGN_WORDS = ("工程", "行动")  # interchangeable heads of one campaign ("求学圆梦"行动 / 工程)


def _merge_programme_variants(
    groups: dict[tuple[str, str], Entity], order: list[tuple[str, str]], merged: dict
) -> dict[tuple[str, str], tuple[str, str]]:
    """“X”系列专题培训 / “X”专题培训 and “X”行动 / “X”工程 name one programme: same quoted
    core, and one head ends the other (or both are campaign words). “X”劳动技能竞赛 and
    “X”职工职业技能大赛 stay two."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    keys = [k for k in order if k[0] == "PROGRAMME" and k not in merged]
    parsed = {k: QUOTED.match(groups[k].name) for k in keys}
    for a in keys:
        for b in keys:
            ma, mb = parsed[a], parsed[b]
            if a == b or not ma or not mb or a in out or b in out or ma.group(2) != mb.group(2):
                continue
            ta, tb = ma.group(3), mb.group(3)
            same = (ta and tb and (ta.endswith(tb) or tb.endswith(ta))) or (
                any(ta.endswith(w) for w in CAMPAIGN_WORDS) and any(tb.endswith(w) for w in CAMPAIGN_WORDS)
            )
            if not same or len(groups[a].name) < len(groups[b].name):
                continue
            out[b] = a  # the longer name keeps the entity
            target = groups[a]
            target.mentions += groups[b].mentions
            for form in (groups[b].name, *groups[b].aliases):
                if form != target.name and form not in target.aliases:
                    target.aliases.append(form)
    return out


PLACE_CONTEXT = 30  # characters before a bare head where the place it belongs to is named


def _owner_by_nearest_place(
    groups: dict[tuple[str, str], Entity], short: tuple[str, str], fulls: list[tuple[str, str]], text: str
) -> tuple[str, str] | None:
    """Of several bodies a bare head could stand for, the one whose place is named last
    right before the head's first mention: 中共厦门市委常委、总工会主席 is 厦门市总工会's
    chairman even where 福建省总工会 is named too."""
    from kg.gazetteer import get_gazetteer

    first = min((m.start for m in groups[short].mentions), default=0)
    before = text[max(0, first - PLACE_CONTEXT) : first]
    best, best_pos = None, -1
    for full in fulls:
        split = get_gazetteer().split_place_prefix(norm_key(groups[full].name))
        pos = before.rfind(split[0]) if split else -1
        if pos > best_pos:
            best, best_pos = full, pos
    return best


def _abbreviates(short: str, full: str) -> bool:
    """物联网研究院 abbreviates 物联网产业研究院: same start, same head, characters in order."""
    if len(short) < 4 or len(full) <= len(short) or short[:2] != full[:2] or short[-2:] != full[-2:]:
        return False
    it = iter(full)
    return all(c in it for c in short)


def assign_iris(
    entities_by_doc: list[list[Entity]],
    known: Iterable[tuple[str, str, str, list[str]]] = (),
    doc_keys: list[str] | None = None,
) -> None:
    """Give every entity its IRI; the same entity in several documents gets one IRI.

    ``doc_keys`` (one per document, e.g. content hashes) scope the IRIs of unresolved
    short forms to their document."""
    index: dict[tuple[str, str], str] = {}
    for iri, etype, label, aliases in known:
        for form in (label, *aliases):
            index.setdefault((etype, norm_key(form)), iri)
    for n, entities in enumerate(entities_by_doc):
        doc_key = doc_keys[n] if doc_keys else str(n)
        for ent in sorted(entities, key=lambda e: (-len(e.name), e.name)):
            keys = [(ent.type, norm_key(ent.attrs.get("qualified_name") or ent.name))]
            if ent.type == "PLACE" and ent.attrs.get("code"):
                keys.insert(0, ("PLACE", "code:" + ent.attrs["code"]))
            keys += [(ent.type, norm_key(a)) for a in ent.aliases if _is_global_alias(ent, a)]
            iri = next((index[k] for k in keys if k in index), None)
            if iri is None:
                iri = entity_iri(ent.type, ent.attrs.get("qualified_name") or ent.name)
                if not _is_global_name(ent):
                    iri += "/doc-" + doc_key[:12]
            ent.iri = iri
            for k in keys if _is_global_name(ent) else []:
                index.setdefault(k, iri)


def _is_global_name(ent: Entity) -> bool:
    """A name that means the same body in any document (not 市总工会, 县法院, 省总)."""
    key = norm_key(ent.name)
    rules = alias_rules()
    if key in rules.union_short or re.match(r"^[县市区省](?:总工会|总|法院|人民法院)$", key):
        return False
    return not (ent.type in ORG_TYPES and re.match(r"^[县市区省]", key) and key.endswith(rules.level_prefix_bodies))


def _is_global_alias(ent: Entity, alias: str) -> bool:
    probe = Entity(id="", name=alias, type=ent.type)
    return _is_global_name(probe) and len(norm_key(alias)) >= 3
