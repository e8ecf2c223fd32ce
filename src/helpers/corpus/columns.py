"""Which column of a table export holds the text, title, date, source, id and url.

Real exports name them in many ways — a CMS's ``content``, an RSS feed's
``pubDate``, a spreadsheet's ``Published At``, a Persian export's «متن» and
«تاریخ انتشار». Names are compared *folded*: any case, spaces, underscores,
hyphens, dots and ZWNJ ignored, Arabic ي/ك as Persian. For each role the
first name in :data:`CANDIDATES` that a table has wins (the list is the
documented priority); other candidates for the same role are named in a
warning. An explicit mapping (``columns={"text": "story"}``) overrides the
search for its roles.

>>> plan = plan_columns(["ID", "Title", "pubDate", "Text"])
>>> plan.roles
{'text': 'Text', 'title': 'Title', 'date': 'pubDate', 'id': 'ID'}
>>> plan_columns(["guid", "headline", "content", "description"]).warnings
["text: used column 'content' (also a candidate: 'description')"]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["CANDIDATES", "ROLES", "ColumnPlan", "fold_name", "plan_columns"]

ROLES = ("text", "title", "date", "source", "id", "url")

#: Column names each role is looked for under, in priority order (folded).
CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": (
        "text", "content", "body", "article", "articletext", "articlebody", "story", "fulltext",
        "maintext", "contentencoded", "news", "newstext", "description", "summary", "abstract",
        "متن", "متنخبر", "محتوا", "متنکامل", "شرح", "خبر",
    ),
    "title": ("title", "headline", "heading", "subject", "titr", "عنوان", "تیتر", "سرخط", "عنوانخبر"),
    "date": (
        "date", "published", "pubdate", "publishdate", "publisheddate", "publishedat", "publicationdate",
        "datepublished", "datetime", "created", "createdat", "createddate", "time", "timestamp",
        "updated", "modified", "تاریخ", "تاریخانتشار", "زمانانتشار", "زمان", "تاریخخبر",
    ),
    "source": (
        "source", "site", "sitename", "domain", "publisher", "outlet", "agency", "media", "newspaper",
        "website", "منبع", "خبرگزاری", "رسانه", "سایت", "ناشر", "منبعخبر",
    ),
    "id": ("id", "guid", "docid", "documentid", "articleid", "newsid", "uuid", "key", "شناسه", "کد", "کدخبر", "ردیف"),
    "url": ("url", "link", "permalink", "href", "canonicalurl", "articleurl", "نشانی", "لینک", "آدرس", "پیوند"),
}  # fmt: skip

_NAME_NOISE = re.compile(r"[\s_\-.:\u200c\u200d]+")


def fold_name(name: object) -> str:
    """A column name as compared: lowercase, no spaces/underscores/hyphens/dots/ZWNJ.

    >>> fold_name(" Published_At "), fold_name("content:encoded"), fold_name("تاريخ انتشار")
    ('publishedat', 'contentencoded', 'تاریخانتشار')
    """
    text = str(name).replace("\ufeff", "").replace("ي", "ی").replace("ك", "ک")
    return _NAME_NOISE.sub("", text).lower()


@dataclass
class ColumnPlan:
    """The columns chosen for each role of one table.

    Attributes:
        roles: role → the table's own column name.
        warnings: one line per choice a user may want to know about.
        missing_text: why no text column could be chosen (None when one was).
    """

    roles: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    missing_text: str | None = None


def plan_columns(names: Sequence[object], mapping: Mapping[str, str] | None = None) -> ColumnPlan:
    """Choose a column for each role among ``names``.

    Args:
        names: the table's column names, in order.
        mapping: role → column name given by the user (compared folded).

    Returns:
        A :class:`ColumnPlan`. ``missing_text`` says, in one line, which
        columns there are and how to map one as text when none is found.
    """
    plan = ColumnPlan()
    mapping = dict(mapping or {})
    names = [str(n) for n in names]
    by_fold: dict[str, list[str]] = {}
    for name in names:
        by_fold.setdefault(fold_name(name), []).append(name)
    used: set[str] = set()
    for role in ROLES:
        if role in mapping:
            wanted = fold_name(mapping[role])
            if wanted in by_fold:
                plan.roles[role] = _pick(by_fold[wanted], role, plan)
            elif role == "text":
                plan.missing_text = (
                    f"no column {mapping[role]!r} (mapped as text); columns: {_shown(names)}"
                )
            else:
                plan.warnings.append(f"{role}: no column {mapping[role]!r} (mapped as {role}); {role} left empty")
            continue
        found = [folded for folded in CANDIDATES[role] if folded in by_fold and by_fold[folded][0] not in used]
        if not found:
            continue
        plan.roles[role] = _pick(by_fold[found[0]], role, plan)
        if len(found) > 1:
            others = ", ".join(repr(by_fold[f][0]) for f in found[1:])
            plan.warnings.append(f"{role}: used column {plan.roles[role]!r} (also a candidate: {others})")
        used.add(plan.roles[role])
    if "text" not in plan.roles and plan.missing_text is None:
        plan.missing_text = (
            f"no text column (columns: {_shown(names)}); name one with "
            "columns={'text': 'NAME'} or --text-column NAME"
        )
    return plan


def _pick(same: list[str], role: str, plan: ColumnPlan) -> str:
    """The first of columns whose names fold alike (``Text``, ``text``), with a warning."""
    if len(same) > 1:
        plan.warnings.append(
            f"{role}: {len(same)} columns named alike ({', '.join(repr(s) for s in same)}); used {same[0]!r}"
        )
    return same[0]


def _shown(names: list[str]) -> str:
    return (", ".join(names[:10]) + (" …" if len(names) > 10 else "")) or "none"
