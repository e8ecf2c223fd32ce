"""Agency credit lines: which agency a document says its copy comes from.

Persian outlets credit syndicated copy in the first lines: «به گزارش ایرنا»,
«به نقل از ایسنا», «به گزارش خبرنگار اقتصادی خبرگزاری فارس», or a dateline
«تهران – ایرنا –». The agencies and their aliases are data
(``helpers/data/agencies.yaml``). A reporter's own credit («به گزارش
خبرنگار اقتصادی،») names no agency, and a word that only looks like one
(«خلیج فارس» elsewhere in the text) is not a credit: only the opening of the
article (:data:`OPENING_CHARS`) is read, and the agency must follow the
credit phrase directly (after an optional «خبرنگار …»/«خبرگزاری» word).

>>> credited_agency("به گزارش ایرنا، حجم مبادلات افزایش یافت.")
'ایرنا'
>>> credited_agency("به نقل از خبرگزاری دانشجویان ایران، نشست برگزار شد.")
'ایسنا'
>>> credited_agency("تهران- ایرنا- وزیر نیرو گفت …"), credited_agency("به گزارش خبرنگار اقتصادی، صادرات رشد کرد.")
('ایرنا', None)
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml

__all__ = ["AGENCIES_FILE", "OPENING_CHARS", "agency_pattern", "credited_agency", "load_agencies"]

AGENCIES_FILE = Path(str(files("helpers") / "data" / "agencies.yaml"))
# The credit line stands in the first sentences (after a headline).
OPENING_CHARS = 400

# Words that may stand between «به گزارش» and the agency: «خبرنگار اقتصادی», «خبرگزاری», «پایگاه خبری» …
_CREDIT_WORDS = r"(?:(?:خبرنگار|خبرگزاری|پایگاه خبری|پایگاه|روزنامه|سایت|شبکه|گروه|سرویس)(?:[\s\u200c]+[^\s\u200c،,.:]+)?[\s\u200c]+)?"


def load_agencies(path: str | Path | None = None) -> dict[str, str]:
    """Alias → canonical agency name, from the agencies file.

    >>> load_agencies()["خبرگزاری جمهوری اسلامی"]
    'ایرنا'
    """
    path = Path(path) if path is not None else AGENCIES_FILE
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("agencies"), list):
        raise ValueError(f"{path.name}: must be a mapping with an 'agencies' list")
    aliases: dict[str, str] = {}
    for entry in raw["agencies"]:
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            raise ValueError(f"{path.name}: every agency needs a 'name'")
        name = str(entry["name"]).strip()
        for alias in [name, *(entry.get("aliases") or [])]:
            aliases[" ".join(str(alias).replace("\u200c", " ").split())] = name
    return aliases


@lru_cache(maxsize=4)
def agency_pattern(path: str | None = None) -> tuple[re.Pattern[str], dict[str, str]]:
    """The credit-line regex and the alias table (built once per file)."""
    aliases = load_agencies(path)
    # Longest alias first, a space or ZWNJ between its words, and a whole word after it.
    names = "|".join(
        r"[\s\u200c]+".join(map(re.escape, alias.split())) for alias in sorted(aliases, key=len, reverse=True)
    )
    credit = rf"به[\s\u200c]+(?:گزارش|نقل[\s\u200c]+از)[\s\u200c]+{_CREDIT_WORDS}(?P<credit>{names})(?![\w])"
    dateline = rf"^[^\n]{{0,40}}?[-–—]\s*(?P<dateline>{names})\s*[-–—]"
    return re.compile(f"{credit}|{dateline}", re.MULTILINE), aliases


def credited_agency(text: str, path: str | None = None) -> str | None:
    """The agency credited in the opening of ``text`` (normalized), or None."""
    pattern, aliases = agency_pattern(path)
    match = pattern.search(text[:OPENING_CHARS])
    if match is None:
        return None
    found = match.group("credit") or match.group("dateline")
    return aliases.get(" ".join(found.replace("\u200c", " ").split()))
