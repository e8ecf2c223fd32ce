"""Random Unicode text and random bytes never crash loading or vanish."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import load_corpus
from helpers.corpus.sources import ParsedDocument, Skip, parse_source

# Persian letters, the characters the cleaner treats specially, whole tokens
# that trigger rules (headers, READ lines, footers, dates) and any code point.
persian_ish = st.lists(
    st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(["\u200c", " ", "\n", "\r", "\x00", "<", ">", "&", ";", "ي", "ك", "\xa0", "\ufeff"]),
        st.sampled_from(["READ ", "date 2025-12-10 ", "date 2025-13-45 ", "19 آذر 1404", "نوشته‌های مشابه", "<p>", "&amp;", "<script>x</script>"]),
        st.characters(),
    ),
    max_size=200,
).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=persian_ish, name=st.sampled_from(["a.txt", "a.csv", "a.jsonl", "a.parquet", "a.bin"]))
def test_parse_source_never_raises_on_text(text, name):
    results = parse_source(name, text.encode("utf-8", errors="surrogatepass"))
    assert results and all(isinstance(r, ParsedDocument | Skip) for r in results)
    for r in results:
        if isinstance(r, Skip):
            assert r.reason and "\n" not in r.reason


@SETTINGS
@given(data=st.binary(max_size=600), name=st.sampled_from(["a.txt", "a.csv", "a.jsonl", "a.parquet"]))
def test_parse_source_never_raises_on_bytes(data, name):
    results = parse_source(name, data)
    assert results and all(isinstance(r, ParsedDocument | Skip) for r in results)


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(persian_ish, min_size=1, max_size=4), blobs=st.lists(st.binary(max_size=300), max_size=3))
def test_every_text_file_is_accounted_for(texts, blobs):
    root = Path(tempfile.mkdtemp())
    try:
        for i, text in enumerate(texts):
            (root / f"t{i}.txt").write_bytes(text.encode("utf-8", errors="surrogatepass"))
        for i, blob in enumerate(blobs):
            (root / f"b{i}.txt").write_bytes(blob)
        corpus = load_corpus(root, cache=False)
        loaded = set(corpus.documents["path"])
        skipped = set(corpus.skipped["path"])
        assert loaded | skipped == {p.name for p in root.iterdir()}
        assert not loaded & skipped
        assert (corpus.documents["n_chars"] == corpus.documents["text"].str.len()).all()
    finally:
        shutil.rmtree(root)


@pytest.mark.parametrize("text", ["\x00" * 50, "<" * 300, "&#0;&#1;" * 20, "READ\nREAD\n", "\u200c" * 100, "date 2025-02-30 x\nتیتر\nمتن"])
def test_awkward_inputs(text, tmp_path):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path, cache=False)
    assert len(corpus.documents) + len(corpus.skipped) == 1


def _script_share_by_patterns(text: str) -> float:
    """The reference: the two regular expressions the tables are filled from."""
    from helpers.corpus import encoding

    letters = len(encoding._NOT_LETTER.sub("", text))
    return len(encoding._NOT_ARABIC_SCRIPT_LETTER.sub("", text)) / letters if letters else 0.0


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(persian_ish, st.text(max_size=80), st.text(alphabet=st.characters(min_codepoint=0x600, max_codepoint=0xFEFF), max_size=80)))
def test_arabic_script_share_equals_its_patterns(text):
    from helpers.corpus.encoding import arabic_script_share

    assert arabic_script_share(text) == _script_share_by_patterns(text)


@pytest.mark.parametrize(
    "text",
    ["", "سلام news", "همكاري ايران", "۱۲۳٫۵ درصد", "𝐚𝐛 سلام 😀", "\ud800\udc00 lone surrogates", "ـــ\u200c\u200f", "".join(map(chr, range(0x600, 0x700)))],
)
def test_arabic_script_share_on_hand_picked_text(text):
    from helpers.corpus.encoding import arabic_script_share

    assert arabic_script_share(text) == _script_share_by_patterns(text)
