"""Partner countries: a Persian gazetteer matched like the topics.

The gazetteer starts from the Persian territory names of CLDR that Babel
ships (offline; regions such as «اروپا» and pseudo-locales left out) and
adds, from ``helpers/data/countries.yaml``, variants, demonyms and capitals
for Iran's region (Caspian littoral states, Central Asia, the Caucasus and
the members of the regional bodies), with lexicon-style rules for the
ambiguous ones («آستانه» counts as Kazakhstan's capital only beside
Kazakhstan or «نشست آستانه»; «دوشنبه» is Monday unless Tajikistan is near;
«دریای عمان» is a sea). Each country becomes a topic of a
:class:`~helpers.topics.lexicon.Lexicon` (id: the ISO code in lower case),
so the matcher, its spelling tolerance (ZWNJ, spacing, Arabic letters,
suffixes: «روسیه‌ای», «چینی») and the mention cache are the topics' own.

>>> lexicon = country_lexicon()
>>> lexicon.topic("kz").label_fa, lexicon.topic("kz").label_en
('قزاقستان', 'Kazakhstan')
>>> from helpers.topics.matching import TopicMatcher
>>> matcher = TopicMatcher(lexicon)
>>> [m.topic for m in matcher.find("هیئت قزاقستانی در آستانه با وزیر روسیه دیدار کرد.")]
['kz', 'kz', 'ru']
>>> [m.topic for m in matcher.find("در آستانه سفر وزیر، قرارداد گاز امضا شد.")]
[]
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import pandas as pd
import yaml

from helpers.topics.lexicon import Lexicon, LexiconError, Term, Topic
from helpers.topics.spelling import fold

__all__ = ["COUNTRIES_FILE", "country_lexicon", "gazetteer", "home_country", "regions"]

COUNTRIES_FILE = Path(str(files("helpers") / "data" / "countries.yaml"))
# CLDR territory codes that are not countries (regions, unions, pseudo-locales).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}
_COLOR = "#56B4E9"
_TERM_KEYS = {"term", "requires", "exclude", "unless", "inflect"}


def _clean(name: str) -> str:
    """A CLDR name as news writes it: no hamza above («کرهٔ» → «کره»), the part before a comma."""
    return " ".join(name.replace("\u0654", "").split("،")[0].split())


@lru_cache(maxsize=4)
def _read(path: str) -> dict:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{Path(path).name}: cannot read the gazetteer: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("countries"), dict):
        raise LexiconError(f"{Path(path).name}: must be a mapping with a 'countries' mapping")
    return raw


def _entries(code: str, kind: str, values: object, path: Path) -> list[tuple[str, dict]]:
    if values is None:
        return []
    if not isinstance(values, list):
        raise LexiconError(f"{path.name}: {code}: {kind!r} must be a list")
    out = []
    for value in values:
        if isinstance(value, str) and value.strip():
            out.append((value.strip(), {}))
        elif isinstance(value, dict) and str(value.get("term") or "").strip() and not set(value) - _TERM_KEYS:
            rules = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in value.items() if k in ("requires", "exclude", "unless")}
            if "inflect" in value:
                rules["inflect"] = bool(value["inflect"])
            out.append((str(value["term"]).strip(), rules))
        else:
            raise LexiconError(f"{path.name}: {code}: bad {kind} entry {value!r} (a phrase, or a mapping with 'term')")
    return out


def gazetteer(path: str | Path | None = None) -> pd.DataFrame:
    """One row per name: ``code``, ``label_fa``, ``label_en``, ``name``, ``kind``
    (``cldr``, ``variant``, ``demonym``, ``capital``), ``rules``, ``regions``.

    >>> table = gazetteer()
    >>> table[table["code"] == "TJ"][["name", "kind"]].values.tolist()
    [['تاجیکستان', 'cldr'], ['دوشنبه', 'capital']]
    """
    return _gazetteer(str(Path(path) if path is not None else COUNTRIES_FILE)).copy()


@lru_cache(maxsize=4)
def _gazetteer(path_text: str) -> pd.DataFrame:
    from babel import Locale

    path = Path(path_text)
    raw = _read(str(path))
    persian, english = Locale("fa").territories, Locale("en").territories
    codes = sorted(c for c in persian if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)
    unknown = sorted(set(raw["countries"]) - set(codes))
    if unknown:
        raise LexiconError(f"{path.name}: {unknown[0]!r} is not a CLDR country code")
    membership: dict[str, list[str]] = {}
    for region, members in (raw.get("regions") or {}).items():
        for code in members:
            membership.setdefault(code, []).append(region)
    skip = set(raw.get("skip_cldr_name") or [])
    rows = []
    for code in codes:
        extra = raw["countries"].get(code) or {}
        label = _clean(persian[code])
        names = [] if code in skip else [(label, {}, "cldr")]
        for kind in ("variants", "demonyms", "capitals"):
            names += [(n, r, kind.rstrip("s")) for n, r in _entries(code, kind, extra.get(kind), path)]
        for name, rules, kind in names:
            rows.append((code, label, english.get(code, code), name, kind, rules, tuple(membership.get(code, ()))))
    table = pd.DataFrame(rows, columns=["code", "label_fa", "label_en", "name", "kind", "rules", "regions"])
    # a variant repeating the CLDR name brings its rules («عمان» but not «دریای عمان»)
    table = table.drop_duplicates(subset=["code", "name"], keep="last")
    return table.sort_index(kind="stable").reset_index(drop=True)


def home_country(path: str | Path | None = None) -> str:
    """The ISO code of the corpus's own country (``home`` in the gazetteer: IR)."""
    return str(_read(str(Path(path) if path else COUNTRIES_FILE)).get("home") or "")


def regions(path: str | Path | None = None) -> dict[str, list[str]]:
    """Region → member ISO codes (``caspian``, ``central_asia``, ``sco`` …)."""
    return {k: list(v) for k, v in (_read(str(Path(path) if path else COUNTRIES_FILE)).get("regions") or {}).items()}


@lru_cache(maxsize=4)
def country_lexicon(path: str | Path | None = None) -> Lexicon:
    """The gazetteer as a lexicon: one topic per country, its names as terms.

    A name that stands inside a longer name of another country («روسیه» in
    «روسیه سفید», «گینه» in «گینه استوایی») is excluded there.
    """
    table = _gazetteer(str(Path(path) if path is not None else COUNTRIES_FILE))
    folded = {name: f" {fold(name)} " for name in table["name"]}
    by_code = table.groupby("code", sort=True)
    topics = []
    for code, rows in by_code:
        terms = []
        for name, rules in zip(rows["name"], rows["rules"], strict=True):
            others = sorted(
                n for n, c in zip(table["name"], table["code"], strict=True) if c != code and n != name and folded[name] in folded[n]
            )
            exclude = tuple(dict.fromkeys((*rules.get("exclude", ()), *others)))
            requires = tuple(r if not r.startswith("@") else r.lower() for r in rules.get("requires", ()))
            terms.append(
                Term(text=name, topic=code.lower(), requires=requires, exclude=exclude, unless=rules.get("unless", ()), inflect=rules.get("inflect", True))
            )
        first = rows.iloc[0]
        topics.append(Topic(id=code.lower(), label_fa=first["label_fa"], label_en=first["label_en"], color=_COLOR, terms=tuple(terms)))
    return Lexicon(topics=tuple(topics), path=Path(path) if path is not None else COUNTRIES_FILE)
