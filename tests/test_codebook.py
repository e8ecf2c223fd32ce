"""The codebook: kept with the lexicon, its examples true of the matcher, the README its copy."""

from __future__ import annotations

import pytest

from helpers import config
from helpers.corpus.normalization import get_pipeline
from helpers.topics.codebook import CODEBOOK_BEGIN, CODEBOOK_END, codebook_markdown, update_readme
from helpers.topics.lexicon import load_lexicon
from helpers.topics.matching import TopicMatcher

LEXICON = load_lexicon()
EXAMPLES = [
    pytest.param(topic.id, example.text, example.counts, id=f"{topic.id}-{number}")
    for topic in LEXICON.topics
    if topic.codebook
    for number, example in enumerate(topic.codebook.examples)
]


@pytest.fixture(scope="module")
def matcher():
    return TopicMatcher(LEXICON)


@pytest.mark.parametrize(("topic", "text", "counts"), EXAMPLES)
def test_every_codebook_example_is_counted_as_it_says(matcher, topic, text, counts):
    found = {m.topic for m in matcher.find(get_pipeline().normalize(text))}
    assert bool(found & (set(LEXICON.members(topic)) | {topic})) is counts, found


@pytest.mark.skipif(config.PROJECT_ROOT is None, reason="needs a source checkout")
def test_the_readme_section_is_the_yaml(tmp_path):
    readme = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(CODEBOOK_BEGIN) + len(CODEBOOK_BEGIN) : readme.index(CODEBOOK_END)]
    assert section.strip() == codebook_markdown(LEXICON.topics).strip(), (
        "README's codebook differs from lexicon.yaml: run "
        '.venv/bin/python -c "from helpers import load_lexicon; from helpers.topics.codebook import update_readme; update_readme(load_lexicon().topics)"'
    )
    copy = tmp_path / "README.md"
    copy.write_text(readme.replace("Counts:", "Counted:", 1), encoding="utf-8")
    assert update_readme(LEXICON.topics, copy) is True and update_readme(LEXICON.topics, copy) is False
    assert copy.read_text(encoding="utf-8") == readme


def test_every_topic_of_the_lexicon_is_in_the_codebook():
    text = codebook_markdown(LEXICON.topics)
    for topic in LEXICON.topics:
        assert f"(`{topic.id}`," in text
