"""Near-copied reflections are flagged; answers written independently to one prompt are not."""

from __future__ import annotations

from course.grading import similarity

PROMPT = (
    "Explain your lowest score. What would change if that authority disappeared tomorrow? "
    "(at least 60 words)"
)

# Two learners answering the same prompt in their own words.
ADA = (
    "My lowest score was for money, because I hold no budget of my own and every purchase "
    "goes through the finance lead. If that authority disappeared tomorrow I would notice "
    "very little, since I already win support by showing partners the evidence from our "
    "audit and asking the ward managers what they need. The real change would be for my "
    "director, who would have to argue for the discharge team in the monthly meeting."
)
BEN = (
    "I rated patients lowest. I work in commissioning, so I rarely meet the people who use "
    "the services we pay for, and my sway over them is indirect at best. Were that link "
    "removed, our contracts would drift away from what families tell the Healthwatch panel, "
    "and I would lose the stories that persuade GPs to change how they refer. I would need "
    "to build a new route, perhaps through the voluntary sector forum, to hear them again."
)
# ADA's answer lightly edited by another learner: a few words changed, one phrase added.
ADA_EDITED = (
    "My lowest score was for money, as I hold no budget of my own and every purchase goes "
    "through the finance manager. If that authority vanished tomorrow I would notice very "
    "little, since I already win support by showing partners the evidence from our audit "
    "and by asking the ward managers what they need. The main change would be for my "
    "director, who would have to argue for the discharge team in the monthly meeting."
)


def own(text: str) -> list[str]:
    return similarity.comparable(text, similarity.template_words({"prompt": PROMPT}))


def test_a_lightly_edited_copy_is_flagged() -> None:
    """A copy of another learner's reflection with a few words changed scores above the line."""
    pairs = similarity.similar_pairs({"ada": own(ADA), "ben": own(BEN), "cai": own(ADA_EDITED)})
    assert [(p.first, p.second) for p in pairs] == [("ada", "cai")]
    assert pairs[0].score >= similarity.THRESHOLD


def test_two_independent_answers_to_the_same_prompt_are_not_flagged() -> None:
    """Two answers written separately to one prompt stay well below the threshold."""
    assert similarity.similar_pairs({"ada": own(ADA), "ben": own(BEN)}) == []
    score = similarity.similarity(own(ADA), own(BEN))
    assert score < similarity.THRESHOLD - 0.3, score


def test_the_words_of_the_prompt_are_removed_before_comparing() -> None:
    """Answers that mostly repeat the prompt are alike only in words the learner was given."""
    assert own("What would change if that authority disappeared tomorrow? Nothing much.") == [
        "nothing",
        "much",
    ]


def test_labels_of_stages_and_columns_count_as_the_prompt() -> None:
    """Stage labels and column names are words the learner was given, not wrote."""
    given = similarity.template_words(
        {"prompt": "Map them", "stages": {"feelings": "Feelings"}, "columns": ["Partner", "Role"]}
    )
    assert given == {"map", "them", "feelings", "partner", "role"}


def test_very_short_answers_are_not_compared() -> None:
    """Two identical answers shorter than the minimum are not flagged (they match by chance)."""
    short = own("I would ask my manager first.")
    assert len(short) < similarity.MIN_WORDS
    assert similarity.similar_pairs({"ada": short, "ben": short}) == []
