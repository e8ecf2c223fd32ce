"""The default lexicon is complete, and bad lexicon files fail in one line."""

from __future__ import annotations

import pytest

from helpers.topics.lexicon import LexiconError, load_lexicon

THEMATIC = ["trade", "energy", "transport", "caspian_environment", "culture_tourism", "industry_mining", "peace_security"]


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_required_topics_and_groups(lexicon):
    for topic_id in [*THEMATIC, "regional_bodies", "sco", "brics", "eco", "eaeu"]:
        assert topic_id in lexicon.ids
    assert lexicon.topic("regional_bodies").is_group
    assert {"sco", "brics", "eco", "eaeu"} <= set(lexicon.members("regional_bodies"))


@pytest.mark.parametrize("topic_id", THEMATIC)
def test_thematic_topics_have_at_least_25_terms(lexicon, topic_id):
    assert len(lexicon.topic(topic_id).terms) >= 25


def test_labels_and_colours(lexicon):
    for topic in lexicon.topics:
        assert topic.label_fa and topic.label_en and topic.color.startswith("#")
    assert lexicon.topic("energy").label("both") == "انرژی (Energy)"


def test_term_rules_are_resolved(lexicon):
    shanghai = next(t for t in lexicon.topic("sco").terms if t.text == "شانگهای")
    assert "@regional_bodies" in shanghai.requires and "بورس شانگهای" in shanghai.exclude
    explicit = next(t for t in lexicon.topic("caspian_environment").terms if t.text == "آلودگی دریای خزر")
    generic = next(t for t in lexicon.topic("caspian_environment").terms if t.text == "آلودگی")
    assert explicit.requires == () and "خزر" in generic.requires


VALID_TOPIC = "  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت]}\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت], colour: red}\n", "topic 't': unknown key 'colour'"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: []}\n", "topic 't': empty term list"),
        ("topics:\n" + VALID_TOPIC + VALID_TOPIC, "duplicate topic id 't'"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', patterns: ['(نفت']}\n", "bad regex '(نفت'"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', group: g, terms: [نفت]}\n", "group 'g' is not a topic with kind: group"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [{term: اکو, requires: ['@nope']}]}\n", "requires unknown topic '@nope'"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: red, terms: [نفت]}\n", "color 'red' is not #RRGGBB"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت, نفت]}\n", "duplicate term 'نفت'"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [{term: نفت, inflect: maybe}]}\n", "inflect must be true or false"),
        ("topics:\n  - {id: T-1, label_fa: ت, label_en: T, color: '#123456', terms: [نفت]}\n", "id must be lowercase"),
        ("topics:\n  - {id: g, label_fa: ت, label_en: T, color: '#123456', kind: group}\n", "group 'g' has no member topics"),
        ("topics: [\n", "not valid YAML"),
        ("terms: [نفت]\n", "must be a mapping with a non-empty 'topics' list"),
        ("topics:\n" + VALID_TOPIC + "extra: 1\n", "unknown top-level key 'extra'"),
    ],
)
def test_invalid_lexicons(tmp_path, body, message):
    path = tmp_path / "my-lexicon.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert message in str(info.value)
    assert str(info.value).startswith("my-lexicon.yaml") and "\n" not in str(info.value)


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(LexiconError, match="cannot read lexicon"):
        load_lexicon(tmp_path / "none.yaml")


def test_yaml_is_loaded_safely(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("topics: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML"):
        load_lexicon(path)


def _laughs(depth: int = 9) -> str:
    """The "billion laughs": ten aliases per level, ``depth`` levels (10**depth values)."""
    lines = ["contexts:", "  l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, depth + 1)]
    return "\n".join(lines) + f"\ntopics:\n  - {{id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت], description: *l{depth}}}\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_laughs(), "aliases expand to more than"),
        ("a: &a [x, *a]\ntopics: *a\n", "an alias refers to itself"),  # recursive alias
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', group: [x], terms: [نفت]}\n", "'group' must be a string"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: نفت}\n", "'terms' must be a list"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: {نفت: 1}}\n", "'terms' must be a list"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [[نفت]]}\n", "a term must be a string or a mapping"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [{term: [نفت]}]}\n", "'term' must be a string"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [true]}\n", "a term must be a string or a mapping"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: ['  ']}\n", "empty term"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', kind: [group], terms: [نفت]}\n", "kind must be 'topic' or 'group'"),
        ("topics:\n  - {id: [t], label_fa: ت, label_en: T, color: '#123456', terms: [نفت]}\n", "missing or empty 'id'"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت], description: [a]}\n", "'description' must be a string"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت], inside_names: always}\n", "inside_names must be 'count' or 'suppress'"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت], codebook: {counts: [x]}}\n", "codebook: missing or empty 'definition'"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت], codebook: {definition: d, examples: [{text: x, counts: maybe}]}}\n", "counts must be true or false"),
        ("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت], codebook: {definition: d, colour: red}}\n", "codebook: unknown key 'colour'"),
        ("names: nowhere.yaml\ntopics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت]}\n", "names file 'nowhere.yaml' not found"),
        ("topics:\n" + VALID_TOPIC * 2, "duplicate topic id 't'"),
        ("", "must be a mapping with a non-empty 'topics' list"),
        ("topics: [\x00]\n", "NUL"),
    ],
)
def test_hostile_lexicons_give_one_line_fast(tmp_path, content, message):
    import time

    path = tmp_path / "hostile.yaml"
    path.write_text(content, encoding="utf-8")
    began = time.perf_counter()
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert time.perf_counter() - began < 5, "a hostile lexicon must fail fast"
    assert message in str(info.value), str(info.value)
    assert str(info.value).startswith("hostile.yaml") and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("topics:\n  - {id: t, label_fa: نفت, label_en: T, color: '#123456', terms: [نفت]}\n".encode("cp1256"), "not UTF-8 \\(byte 0x"),
        (b"\xff\xfe" + "topics: []".encode("utf-16-le"), "not UTF-8"),
    ],
)
def test_a_lexicon_that_is_not_utf8(tmp_path, data, message):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(data)
    with pytest.raises(LexiconError, match=message):
        load_lexicon(path)


def test_a_huge_lexicon_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from helpers.topics import yamlfile

    monkeypatch.setattr(yamlfile, "MAX_BYTES", 1000)
    path = tmp_path / "hostile.yaml"
    path.write_text("topics:\n" + VALID_TOPIC * 100, encoding="utf-8")
    with pytest.raises(LexiconError, match="larger than the 1,000-byte limit"):
        load_lexicon(path)


def test_a_folder_is_not_a_lexicon(tmp_path):
    with pytest.raises(LexiconError, match="it is a folder"):
        load_lexicon(tmp_path)


def test_the_packaged_lexicon_has_a_codebook_for_every_topic():
    lexicon = load_lexicon()
    for topic in lexicon.topics:
        assert topic.codebook is not None and topic.codebook.definition, topic.id
        if not topic.is_group:
            assert topic.codebook.examples, topic.id


def test_deeply_nested_brackets_are_one_error_not_a_crash(tmp_path):
    """libyaml's C parser recurses without a limit (a segfault); the safe loader raises, and we say it in one line."""
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 30_000 + "]" * 30_000, encoding="utf-8")
    with pytest.raises(LexiconError, match="nested too deeply"):
        load_lexicon(path)


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        (None, True),  # the packaged lexicon
        ("[" * 300 + "]" * 300, False),
        ("- " * 300 + "a", False),
        ("".join(" " * i + "a:\n" for i in range(250)), False),
        ("topics:\n  - id: trade\n    terms: [«تجارت»]\n", True),
    ],
)
def test_libyaml_only_where_its_recursion_is_bounded(text, fast):
    import yaml

    from helpers.topics.lexicon import DEFAULT_LEXICON
    from helpers.topics.yamlfile import _loader_for

    text = DEFAULT_LEXICON.read_text(encoding="utf-8") if text is None else text
    assert (_loader_for(text) is getattr(yaml, "CSafeLoader", None)) is fast or not hasattr(yaml, "CSafeLoader")
