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
