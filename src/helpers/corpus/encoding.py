"""Decoding raw bytes of news files into text.

Persian news files come as UTF-8 (with or without BOM), UTF-16 with BOM
(Windows "Unicode" exports) or Windows-1256 (older Persian sites). Bytes that
are none of these, or are binary, raise :class:`NotTextError` with a one-line
reason so the loader can record a skip.

>>> decode_bytes("سلام".encode("utf-8"))
('سلام', 'utf-8')
>>> decode_bytes("سلام".encode("utf-16"))
('سلام', 'utf-16')
>>> decode_bytes("كشور ايران".encode("cp1256"))
('كشور ايران', 'cp1256')
"""

from __future__ import annotations

import codecs
import re

__all__ = ["NotTextError", "arabic_script_share", "decode_bytes"]


class NotTextError(ValueError):
    """The bytes are not a text document this project can read."""


# Signatures of binary formats people drop into corpus folders by mistake.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (also .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"PAR1", "Parquet file"),
    (b"\x7fELF", "executable"),
]

# Unicode category Cc minus NUL and the whitespace controls (\t \n \v \f \r).
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")
# Counting by deleting the complement is C-speed; findall builds a str per hit.
_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_ARABIC_SCRIPT_LETTER = re.compile(r"[^\u0621-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]+")


def _control_share(text: str) -> float:
    """Share of control characters other than whitespace and NUL."""
    return len(_CONTROL.findall(text)) / len(text) if text else 0.0


def arabic_script_share(text: str) -> float:
    """Share of letters that are Arabic-script (Persian, Arabic) letters.

    >>> arabic_script_share("سلام news")
    0.5
    """
    letters = len(_NOT_LETTER.sub("", text))
    return len(_NOT_ARABIC_SCRIPT_LETTER.sub("", text)) / letters if letters else 0.0


def _plausible_cp1256(text: str) -> bool:
    """Whether a Windows-1256 decoding looks like Persian/Arabic prose.

    Any byte string decodes as Windows-1256, so the decoding alone proves
    nothing: real text has almost no control characters, and most of its
    letters are Arabic-script letters separated by spaces.
    """
    if _control_share(text) > 0.005:
        return False
    spaces = text.count(" ") + text.count("\n")
    return spaces / len(text) >= 0.05 and arabic_script_share(text[:20_000]) >= 0.6


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a document's bytes, trying the encodings Persian news uses.

    Order: a BOM decides (UTF-8 or UTF-16); otherwise strict UTF-8; otherwise
    Windows-1256 when the result looks like Persian prose.

    Args:
        data: the raw bytes of a file.

    Returns:
        ``(text, encoding)`` with the encoding's Python codec name.

    Raises:
        NotTextError: empty, binary or undecodable input; the message is one
            line fit for a skip report.

    >>> decode_bytes(b"")
    Traceback (most recent call last):
    ...
    helpers.corpus.encoding.NotTextError: empty file (0 bytes)
    >>> decode_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    helpers.corpus.encoding.NotTextError: binary file (PNG image), not text
    """
    if not data:
        raise NotTextError("empty file (0 bytes)")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise NotTextError(f"binary file ({kind}), not text")

    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise NotTextError(f"starts with a UTF-8 BOM but is not valid UTF-8 (byte {exc.start})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise NotTextError(f"starts with a UTF-16 BOM but is not valid UTF-16 (byte {exc.start})") from None
        if _control_share(text) > 0.05:
            raise NotTextError("binary file (UTF-16 BOM followed by control characters), not text")
        return text, "utf-16"

    # NUL bytes are cleaned from text files, but many of them mean binary data.
    if data.count(0) > max(8, len(data) // 100):
        raise NotTextError(f"binary file ({data.count(0)} NUL bytes), not text")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _control_share(text) > 0.05:
            raise NotTextError("binary file (mostly control characters), not text")
        return text, "utf-8"

    text = data.decode("cp1256", errors="replace")
    if "\ufffd" not in text and _plausible_cp1256(text):
        return text, "cp1256"
    if _control_share(text) > 0.005:
        raise NotTextError("binary file (control characters), not text")
    raise NotTextError("not text: neither UTF-8, UTF-16 nor Windows-1256 Persian")
