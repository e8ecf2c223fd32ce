"""Decoding raw bytes of news files into text.

Persian news files come as UTF-8 (with or without BOM), UTF-16 with BOM
(Windows "Unicode" exports) or Windows-1256 (older Persian sites). Bytes that
are none of these, or are binary, raise :class:`NotTextError` with a one-line
reason so the loader can record a skip.

A file that is UTF-8 but for a few bytes (a bad byte, a file cut in the
middle of a character) stays UTF-8, those bytes replaced (U+FFFD) and
counted; only text that as a whole is not UTF-8 is read as Windows-1256.
Tables, whose rows often come from different sources, are decided line by
line (:func:`decode_lines`).

>>> decode_bytes("سلام".encode("utf-8"))
Decoded(text='سلام', encoding='utf-8', replaced=0, line_notes=())
>>> decode_bytes("سلام".encode("utf-16"))
Decoded(text='سلام', encoding='utf-16', replaced=0, line_notes=())
>>> decode_bytes("كشور ايران".encode("cp1256"))
Decoded(text='كشور ايران', encoding='cp1256', replaced=0, line_notes=())
>>> decode_bytes("سلام دنیا".encode("utf-8")[:-1])  # cut in the middle of «ا»
Decoded(text='سلام دنی\ufffd', encoding='utf-8', replaced=1, line_notes=())
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import NamedTuple

import numpy as np

__all__ = ["Decoded", "NotTextError", "arabic_script_share", "decode_bytes", "decode_lines", "encoding_warnings"]


class NotTextError(ValueError):
    """The bytes are not a text document this project can read."""


class Decoded(NamedTuple):
    """Decoded text, the codec it was read with, and how many invalid byte
    sequences were replaced by U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0
    #: For a file decoded line by line: per line, what to warn about ("" for nothing).
    line_notes: tuple[str, ...] = ()


# A valid UTF-8 sequence of two to four bytes (RFC 3629).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# UTF-8 with at most one invalid sequence per this many valid multi-byte ones
# is UTF-8 with errors; Windows-1256 Persian has far more invalid ones.
_VALID_PER_INVALID = 4
_NOT_HIGH = re.compile(rb"[\x00-\x7f]+")


def _utf8_with_errors(data: bytes) -> tuple[str, int] | None:
    """``(text, replaced)`` when ``data`` is UTF-8 but for a few bytes, else None."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = len(_UTF8_MULTIBYTE.findall(data))
    # Mostly valid UTF-8; or ASCII with a stray byte or two (not Windows-1256 Persian).
    if valid and valid >= _VALID_PER_INVALID * replaced:
        return text, replaced
    # ASCII with a stray byte or two — but never a text made of replacement characters
    if len(_NOT_HIGH.sub(b"", data)) <= 3 and replaced * 20 <= len(text):
        return text, replaced
    return None


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

    What the two patterns above count (letters: not ``[\\W\\d_]``; Arabic
    script: the ranges of ``_NOT_ARABIC_SCRIPT_LETTER``), read per UTF-16
    unit from tables the patterns themselves fill: ≈20× faster on a
    document's sample. Text beyond the Basic Multilingual Plane takes the
    patterns.

    >>> arabic_script_share("سلام news")
    0.5
    >>> arabic_script_share("𝐚𝐛 سلام"), arabic_script_share("۱۲۳ _ !")
    (0.6666666666666666, 0.0)
    """
    data = text.encode("utf-16-le", "surrogatepass")
    units = np.frombuffer(data, dtype=np.uint16)
    is_letter, is_arabic = _script_tables()
    if len(data) != 2 * len(text):  # astral characters (two units each)
        letters = len(_NOT_LETTER.sub("", text))
        return len(_NOT_ARABIC_SCRIPT_LETTER.sub("", text)) / letters if letters else 0.0
    letters = int(np.count_nonzero(is_letter[units]))
    return int(np.count_nonzero(is_arabic[units])) / letters if letters else 0.0


@lru_cache(maxsize=1)
def _script_tables() -> tuple[np.ndarray, np.ndarray]:
    """Per code point of the BMP: a letter? an Arabic-script letter? (as the patterns decide)."""
    every = "".join(map(chr, range(0x10000)))  # one character per code point, lone surrogates included
    is_letter = np.ones(0x10000, dtype=bool)
    is_arabic = np.ones(0x10000, dtype=bool)
    for match in _NOT_LETTER.finditer(every):
        is_letter[match.start() : match.end()] = False
    for match in _NOT_ARABIC_SCRIPT_LETTER.finditer(every):
        is_arabic[match.start() : match.end()] = False
    return is_letter, is_arabic


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


def decode_bytes(data: bytes) -> Decoded:
    """Decode a document's bytes, trying the encodings Persian news uses.

    Order: a BOM decides (UTF-8 or UTF-16); otherwise UTF-8 (strict, or
    with a few invalid bytes replaced); otherwise Windows-1256 when the result
    looks like Persian prose.

    Args:
        data: the raw bytes of a file.

    Returns:
        :class:`Decoded`: the text, the codec's Python name and the number
        of invalid byte sequences replaced.

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
            return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            lenient = _utf8_with_errors(data[len(codecs.BOM_UTF8) :])
            if lenient is None:
                raise NotTextError(f"starts with a UTF-8 BOM but is not valid UTF-8 (byte {exc.start})") from None
            return Decoded(lenient[0], "utf-8-sig", lenient[1])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise NotTextError(f"starts with a UTF-16 BOM but is not valid UTF-16 (byte {exc.start})") from None
        if _control_share(text) > 0.05:
            raise NotTextError("binary file (UTF-16 BOM followed by control characters), not text")
        return Decoded(text, "utf-16")

    # NUL bytes are cleaned from text files, but many of them mean binary data.
    if data.count(0) > max(8, len(data) // 100):
        raise NotTextError(f"binary file ({data.count(0)} NUL bytes), not text")

    replaced = 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        lenient = _utf8_with_errors(data)
        text, replaced = lenient if lenient is not None else ("", -1)
    if replaced >= 0:
        if _control_share(text) > 0.05:
            raise NotTextError("binary file (mostly control characters), not text")
        return Decoded(text, "utf-8", replaced)

    per_line = _per_line(data)
    if per_line is not None and per_line.encoding == "mixed":
        return per_line
    text = data.decode("cp1256", errors="replace")
    if "\ufffd" not in text and _plausible_cp1256(text):
        return Decoded(text, "cp1256")
    if _control_share(text) > 0.005:
        raise NotTextError("binary file (control characters), not text")
    raise NotTextError("not text: neither UTF-8, UTF-16 nor Windows-1256 Persian")


def decode_lines(data: bytes) -> Decoded:
    """Decode a table file whose lines may come in different encodings.

    A file that decodes as a whole (:func:`decode_bytes`: a BOM, UTF-8,
    Windows-1256) is taken as that. Otherwise each line is decided on its own:
    UTF-8 (with a few bytes replaced if need be), or Windows-1256 when that
    reads as Persian; ``encoding`` is then ``"mixed"`` when lines differ.

    >>> mixed = "متن اول\\n".encode("utf-8") + "كشور ايران\\n".encode("cp1256")
    >>> decode_lines(mixed)
    Decoded(text='متن اول\\nكشور ايران\\n', encoding='mixed', replaced=0, line_notes=('', 'decoded as Windows-1256 (not UTF-8)', ''))
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    per_line = _per_line(data)
    return per_line if per_line is not None else decode_bytes(data)


def _per_line(data: bytes) -> Decoded | None:
    """Each line decoded on its own; None when no line is UTF-8 beyond ASCII
    (then the file as a whole decides)."""
    parts: list[str] = []
    notes: list[str] = []
    encodings: set[str] = set()
    replaced = 0
    utf8_lines = 0
    for line in data.split(b"\n"):
        try:
            parts.append(line.decode("utf-8"))
            notes.append("")
            if _UTF8_MULTIBYTE.search(line):
                utf8_lines += 1
                encodings.add("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        lenient = _utf8_with_errors(line)
        cp1256 = line.decode("cp1256", errors="replace")
        if lenient is None and "\ufffd" not in cp1256 and _control_share(cp1256) == 0 and arabic_script_share(cp1256) >= 0.6:
            parts.append(cp1256)
            notes.append("decoded as Windows-1256 (not UTF-8)")
            encodings.add("cp1256")
            continue
        text = lenient[0] if lenient is not None else line.decode("utf-8", errors="replace")
        bad = text.count("\ufffd") - line.count(b"\xef\xbf\xbd")
        replaced += bad
        parts.append(text)
        notes.append(f"replaced {bad} invalid UTF-8 byte sequence(s) with U+FFFD" if bad else "")
        encodings.add("utf-8")
        utf8_lines += lenient is not None
    if not utf8_lines:
        return None
    encoding = "mixed" if len(encodings) > 1 else "utf-8"
    return Decoded("\n".join(parts), encoding, replaced, tuple(notes))


def encoding_warnings(decoded: Decoded) -> list[str]:
    """What a user should know about how the bytes were decoded.

    >>> encoding_warnings(Decoded("x", "utf-8", 2))
    ['replaced 2 invalid UTF-8 byte sequence(s) with U+FFFD']
    """
    warnings = []
    if decoded.encoding == "cp1256":
        warnings.append("decoded as Windows-1256 (not UTF-8)")
    elif decoded.encoding == "mixed":
        warnings.append("lines in two encodings: UTF-8 and Windows-1256, each decoded as its own")
    if decoded.replaced:
        warnings.append(f"replaced {decoded.replaced} invalid UTF-8 byte sequence(s) with U+FFFD")
    return warnings
