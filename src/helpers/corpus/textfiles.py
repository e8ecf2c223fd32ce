"""Reading a ``.txt`` file: one article, with an optional ``date`` header line.

Decode, clean, split into header, headline and body (a one-paragraph
article has no separate headline: all of it is the body), and choose the
date: the header's, else the first explicit Jalali date in the article.
"""

from __future__ import annotations

from helpers.corpus.cleaning import clean_text, parse_article
from helpers.corpus.documents import ParsedDocument, Skip, finish, resolve_date
from helpers.corpus.encoding import NotTextError, decode_bytes, encoding_warnings

__all__ = ["parse_text_file"]


def parse_text_file(data: bytes) -> list[ParsedDocument | Skip]:
    """The document in a text file's bytes, or the reason there is none.

    >>> [doc] = parse_text_file("date 2025-12-10 ایرنا\\nصادرات برق به عراق ادامه دارد.".encode())
    >>> doc.title, doc.title_origin, str(doc.date.date()), doc.source
    ('', 'none', '2025-12-10', 'ایرنا')
    """
    try:
        decoded = decode_bytes(data)
    except NotTextError as exc:
        return [Skip(0, "", str(exc))]
    if not decoded.text.strip():
        return [Skip(0, "", "only whitespace")]
    text, warnings = clean_text(decoded.text)
    if not text:
        return [Skip(0, "", "no text left after removing control characters and HTML")]
    article = parse_article(text)
    date, origin = resolve_date(article.header_date, article.title + "\n" + article.body, warnings, what="header")
    doc = ParsedDocument(
        item=0,
        locator="",
        id_value=None,
        title=article.title,
        body=article.body,
        source=article.source,
        date=date,
        date_origin=origin,
        encoding=decoded.encoding,
        warnings=warnings,
        boilerplate=article.boilerplate,
        title_origin=article.title_origin,
    )
    return [finish(doc, encoding_warnings(decoded))]
