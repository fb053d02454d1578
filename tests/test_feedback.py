"""Every classic mistake is rejected and named, the same way on every seed, in both languages;
every correct style passes on every seed (tests/feedback.py)."""

from __future__ import annotations

import re

import pytest

from tests.feedback import SEEDS, diagnosis_of, grade_seeds, said
from tests.helpers import MISTAKES, TESTS

MISTAKE_FILES = sorted(MISTAKES.glob("exercise*/*.py"))
CORRECT_FILES = sorted((TESTS / "correct").glob("exercise*/*.py"))
HANGUL = re.compile("[가-힣]")


def _id(path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", MISTAKE_FILES, ids=_id)
def test_a_mistake_is_named_the_same_way_on_every_seed(path):
    sentence = diagnosis_of(path)
    for seed, verdicts in zip(SEEDS, grade_seeds(path), strict=True):
        assert not all(c.passed for c in verdicts), f"seed {seed}: accepted"
        english = said(verdicts, "en")
        assert sentence in english, f"seed {seed}:\n{english}"
        korean = [
            c.message.ko
            for c in verdicts
            if not c.passed and c.message and sentence in " ".join(c.message.en.split())
        ]
        assert all(HANGUL.search(text) for text in korean), f"seed {seed}: {korean}"


@pytest.mark.parametrize("path", CORRECT_FILES, ids=_id)
def test_a_correct_style_passes_on_every_seed(path):
    for seed, verdicts in zip(SEEDS, grade_seeds(path), strict=True):
        assert all(c.passed for c in verdicts), f"seed {seed}:\n{said(verdicts, 'en')}"


def test_the_corpus_is_large_enough():
    assert len(MISTAKE_FILES) >= 90
    assert len(CORRECT_FILES) >= 30
