"""The tag pronoun's antecedent features (quotes/antecedents.py): hand-built narration mentions, no spaCy."""

from __future__ import annotations

import pytest

from ficlens.quotes.antecedents import ANTECEDENT_FEATURES, Narration, antecedent_features
from ficlens.quotes.features import SPEAKER_FEATURES

# narration mentions (offset, character, paragraph, subject): "Tom walked in (para 0). Ben looked at Tom (para 1).
# Tom sat down; Ann smiled (para 2)." and then the quote at offset 100 in paragraph 3
ROWS = [(0, "tom", 0, True), (20, "ben", 1, True), (30, "tom", 1, False), (50, "tom", 2, True),
        (60, "ann", 2, True)]


def test_the_columns_are_speaker_features() -> None:
    assert set(ANTECEDENT_FEATURES) <= set(SPEAKER_FEATURES)


def test_narration_lookups() -> None:
    narr = Narration.of(list(reversed(ROWS)))
    assert narr.last_mention("tom", 100) == 50 and narr.last_mention("tom", 40) == 30
    assert narr.last_mention("ben", 10) == -1 and narr.last_mention("zed", 100) == -1
    # the latest subject before the quote is Ann's, in paragraph 2; none in paragraph 3 itself
    assert narr.last_subject(100, 2) == "ann"
    assert narr.last_subject(100, 3) is None
    # before offset 40 the latest mention is Tom as an object; the latest subject is Ben's
    assert narr.last_subject(40, 0) == "ben"


def test_a_he_tag_reads_the_men_only() -> None:
    narr = Narration.of(ROWS)
    out = antecedent_features(narr, ["tom", "ben"], 100, 3, {}, None, None, set(), set())
    # Ann is the last subject but no man: no "previous sentence" antecedent among the men
    assert all("pron_prev_sent_subj" not in f for f in out.values())
    # Tom was mentioned last: rank 1; Ben second
    assert out["tom"]["pron_rank_narr"] == pytest.approx(1.0)
    assert out["ben"]["pron_rank_narr"] == pytest.approx(0.5)
    assert "ann" not in out


def test_subject_of_the_sentence_before_and_of_the_paragraph() -> None:
    narr = Narration.of([*ROWS, (80, "ben", 3, True)])
    out = antecedent_features(narr, ["tom", "ben"], 100, 3, {}, None, None, set(), set())
    assert out["ben"]["pron_prev_sent_subj"] == 1.0 and out["ben"]["pron_subj_para"] == 1.0
    assert "pron_prev_sent_subj" not in out["tom"]


def test_turns_count_in_the_rank_with_quotes_and_the_turns_before() -> None:
    narr = Narration.of(ROWS)
    # Ben spoke the turn that starts at offset 90 (after Tom's last mention): first by mentions or turns
    out = antecedent_features(narr, ["tom", "ben"], 100, 3, {"ben": 90}, "ben", "tom", {"tom"}, set())
    assert out["ben"]["pron_rank_all"] == pytest.approx(1.0) and out["tom"]["pron_rank_all"] == pytest.approx(0.5)
    assert out["tom"]["pron_rank_narr"] == pytest.approx(1.0)
    assert out["ben"]["pron_prev"] == 1.0 and "pron_prev2" not in out["ben"]
    assert out["tom"]["pron_prev2"] == 1.0 and out["tom"]["pron_addressed_prev"] == 1.0


def test_never_mentioned_candidates_share_the_last_rank() -> None:
    narr = Narration.of(ROWS)
    out = antecedent_features(narr, ["tom", "sam", "max"], 100, 3, {}, None, None, set(), set())
    assert out["sam"]["pron_rank_narr"] == out["max"]["pron_rank_narr"] == pytest.approx(1 / 4)


def test_the_possessor_of_said_his_wife_without_a_pronoun_tag() -> None:
    out = antecedent_features(Narration.of(ROWS), [], 100, 3, {}, None, None, set(), {"tom"})
    assert out == {"tom": {"possessor": 1.0}}
