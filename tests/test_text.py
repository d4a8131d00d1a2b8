"""course.text: word counts in many scripts, and privacy warnings for identifying details."""

from __future__ import annotations

import pytest

from course import text

# --------------------------------------------------------------------------------------------
# word_count
# --------------------------------------------------------------------------------------------


def test_english_punctuation_separates_words() -> None:
    """Commas, full stops, dashes and brackets separate words and are not counted."""
    assert text.word_count("Listen first, then act—(always).") == 5


def test_contractions_and_hyphens_join_a_word() -> None:
    """An apostrophe or hyphen inside a word keeps it one word."""
    assert text.word_count("don't well-being O’Neill") == 3


def test_underscores_separate_words() -> None:
    """An underscore is punctuation, so it splits what it sits between."""
    assert text.word_count("care_plan") == 2


def test_digits_are_words() -> None:
    """A number counts as a word."""
    assert text.word_count("4 hours") == 2


def test_arabic_vowel_marks_stay_with_their_word() -> None:
    """Arabic harakat are combining marks, so they do not split a word."""
    assert text.word_count("كَتَبَ الوَلَدُ الدَّرْسَ") == 3


def test_devanagari_matras_stay_with_their_word() -> None:
    """Hindi vowel signs and the virama belong to the word they are written in."""
    assert text.word_count("नमस्ते दुनिया") == 2


def test_decomposed_accents_stay_with_their_word() -> None:
    """An accent typed as a separate combining character does not split the word."""
    assert text.word_count("cafe\u0301 noir") == 2


def test_each_chinese_character_is_a_word() -> None:
    """Chinese has no spaces, so each Han ideograph counts as one word."""
    assert text.word_count("我们一起改善护理") == 8


def test_japanese_kana_and_kanji_each_count_once() -> None:
    """Each kanji, hiragana and katakana character counts as one word."""
    assert text.word_count("看護師が患者さんと話します") == 13


def test_the_japanese_long_vowel_mark_joins_the_kana_before_it() -> None:
    """ー lengthens the kana before it, so コーヒー counts as two, not four."""
    assert text.word_count("コーヒー") == 2


def test_korean_words_are_counted_by_spaces() -> None:
    """Hangul is written with spaces, so each spaced word counts once."""
    assert text.word_count("우리는 함께 배웁니다") == 3


def test_mixed_english_and_chinese_count_both_ways() -> None:
    """A Latin word counts once and each Han ideograph beside it counts once."""
    assert text.word_count("NHS 的医院") == 4


@pytest.mark.parametrize("sentence", ["สวัสดีครับ", "ສະບາຍດີ", "សួស្តី", "မင်္ဂလာပါ"])
def test_scripts_without_spaces_are_counted_not_ignored(sentence: str) -> None:
    """Thai, Lao, Khmer and Myanmar count at least once, though splitting needs a dictionary."""
    assert text.word_count(sentence) >= 1


def test_emoji_and_punctuation_alone_are_no_words() -> None:
    """Emoji, symbols and punctuation with no letters count as nothing."""
    assert text.word_count("👍 🎉 — !!! … ✓ 👨‍👩‍👧") == 0


def test_empty_text_has_no_words() -> None:
    """An empty answer has zero words."""
    assert text.word_count("") == 0


def test_a_long_text_is_counted_exactly() -> None:
    """A 200,000-word text in several scripts gives exactly 200,000."""
    sentence = "We met at 4 o’clock about well-being, كَتَبَ and नमस्ते. "  # 10 words
    assert text.word_count(sentence * 20_000) == 200_000


# --------------------------------------------------------------------------------------------
# privacy_kinds and privacy_warnings
# --------------------------------------------------------------------------------------------


def test_no_identifying_detail_gives_no_warnings() -> None:
    """An ordinary reflection gives an empty list."""
    assert text.privacy_warnings("I listened to the ward team and we agreed a plan.") == []


@pytest.mark.parametrize("number", ["943 476 5919", "943-476-5919", "9434765919"])
def test_an_nhs_number_is_found(number: str) -> None:
    """A valid NHS number, spaced, hyphenated or run together, is found."""
    assert text.privacy_kinds(f"The patient, NHS number {number}, was discharged.") == [
        "NHS number"
    ]


def test_a_number_failing_the_nhs_check_is_not_an_nhs_number() -> None:
    """Ten digits that fail the modulus 11 check give no warning."""
    assert text.privacy_kinds("Reference 9434765918 was logged.") == []


def test_an_nhs_number_inside_a_longer_run_of_digits_is_ignored() -> None:
    """Ten valid digits inside a longer number are not an NHS number."""
    assert text.privacy_kinds("Order 19434765919 and 94347659190 arrived.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Mrs B, born 12/03/1985, told me her story.",
        "DOB: 12-03-85, seen in clinic.",
        "Her D.O.B. is 12.03.1985 according to the notes.",
        "He was born on 12 March 1985 in Leeds.",
        "Date of birth March 12 1985 was on the form.",
        "It was 12th March 1985, his birthday.",
    ],
)
def test_a_date_near_a_birth_word_is_a_date_of_birth(sentence: str) -> None:
    """A date with a birth word within five words of it is found."""
    assert text.privacy_kinds(sentence) == ["date of birth"]


def test_a_date_without_a_birth_word_is_not_a_date_of_birth() -> None:
    """A meeting date gives no warning."""
    assert text.privacy_kinds("We reviewed it at the meeting on 12/03/2025.") == []


def test_a_date_far_from_a_birth_word_is_not_a_date_of_birth() -> None:
    """A birth word more than five words from the date gives no warning."""
    sentence = "She was born in Leeds and moved south for work, then we met on 12/03/2025."
    assert text.privacy_kinds(sentence) == []


def test_an_age_is_not_a_date_of_birth() -> None:
    """An age such as "aged 84" gives no warning, even beside a birth word."""
    assert text.privacy_kinds("He was born in Leeds and is aged 84.") == []


@pytest.mark.parametrize(
    "postcode",
    ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "sw1a 1aa", "M11AE"],
)
def test_a_postcode_is_found(postcode: str) -> None:
    """A full UK postcode, in capitals or not, with or without its space, is found."""
    assert text.privacy_kinds(f"She lives at {postcode}, near the surgery.") == ["postcode"]


@pytest.mark.parametrize("sentence", ["Take the A1 road north.", "Call NHS 111 out of hours."])
def test_road_names_and_service_numbers_are_not_postcodes(sentence: str) -> None:
    """Road names such as A1 and the NHS 111 service look like postcodes but are not."""
    assert text.privacy_kinds(sentence) == []


def test_an_email_address_is_found() -> None:
    """An email address is found."""
    assert text.privacy_kinds("I emailed jo.bloggs@nhs.net about it.") == ["email address"]


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "020 7946 0958",
        "0161 496 0000",
        "+44 20 7946 0958",
        "(0113) 496 0000",
        "01632 960000",
    ],
)
def test_a_phone_number_is_found(number: str) -> None:
    """UK mobile and landline numbers in their usual spacings are found."""
    assert text.privacy_kinds(f"Her daughter's number is {number} if needed.") == ["phone number"]


@pytest.mark.parametrize(
    "sentence", ["Ring 111 or 999 in an emergency.", "The plan runs to 2025.", "NHS 943 476 5919"]
)
def test_service_numbers_years_and_nhs_numbers_are_not_phone_numbers(sentence: str) -> None:
    """111, 999, a year and an NHS number give no phone number warning."""
    assert "phone number" not in text.privacy_kinds(sentence)


def test_several_kinds_give_one_warning_each_in_a_fixed_order() -> None:
    """Each kind found is reported once, in PRIVACY_KINDS order, however often it appears."""
    sentence = (
        "Call 07700 900123 or email a.patient@example.com; she lives at SW1A 1AA, "
        "NHS number 943 476 5919, and was born 12/03/1985. Her other number is 020 7946 0958."
    )
    assert text.privacy_kinds(sentence) == list(text.PRIVACY_KINDS)


def test_privacy_kinds_lists_the_kinds_in_order() -> None:
    """The kinds are the five named in the course's privacy guidance, most serious first."""
    assert text.PRIVACY_KINDS == (
        "NHS number",
        "date of birth",
        "postcode",
        "email address",
        "phone number",
    )


def test_each_warning_is_one_sentence_naming_its_kind() -> None:
    """Every warning is a single sentence that names the kind it found."""
    sentence = "NHS 943 476 5919, born 12/03/1985, SW1A 1AA, jo@nhs.net, 07700 900123."
    warnings = text.privacy_warnings(sentence)
    assert len(warnings) == len(text.PRIVACY_KINDS)
    for kind, warning in zip(text.PRIVACY_KINDS, warnings, strict=True):
        assert kind in warning
        assert warning.endswith(".") and warning.count(". ") == 0


def test_warnings_never_quote_the_detail_back() -> None:
    """No warning repeats the number, date, postcode or address it found."""
    details = ["943 476 5919", "12/03/1985", "SW1A 1AA", "jo@nhs.net", "07700 900123"]
    warnings = " ".join(text.privacy_warnings(f"NHS {details[0]}, born " + ", ".join(details[1:])))
    assert not any(detail in warnings for detail in details)


def test_a_long_text_is_checked_in_full() -> None:
    """A detail at the very end of a 200,000-word text is still found."""
    filler = "We met on 12/03/2025 at 9:30 to talk about care plans for 111 patients. " * 14_286
    assert text.privacy_kinds(filler + "Her number is 07700 900123.") == ["phone number"]
