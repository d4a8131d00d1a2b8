"""Counting words in any script, and spotting details that could identify a person.

Reflections are checked for length (a minimum number of words) and read by tutors, so two
things about a learner's text matter: how many words it holds, whatever language it is
written in, and whether it seems to hold something that identifies a patient or colleague.

``word_count`` counts words the way a reader would, in scripts with and without spaces.
``privacy_kinds`` and ``privacy_warnings`` look for NHS numbers, dates of birth, postcodes,
email addresses and phone numbers; they only report what they find, and never block, change
or send anything. Both are pure Python (the standard library only).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

__all__ = ["PRIVACY_KINDS", "privacy_kinds", "privacy_warnings", "word_count"]

# --------------------------------------------------------------------------------------------
# Word counts
# --------------------------------------------------------------------------------------------

# Han ideographs: CJK Unified Ideographs, Extension A, the Compatibility Ideographs, and the
# whole of planes 2 and 3 (Extensions B to I and the Compatibility Ideographs Supplement), so
# that ideographs added in later Unicode versions count too. 〆 and 〇 are ideographs in use.
_HAN = "\u3006\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"

# Hiragana and Katakana letters (the blocks without their punctuation), the small and
# half-width forms, and the Kana Supplement and Extensions.
_KANA = (
    "\u3041-\u3096\u309f\u30a1-\u30fa\u30ff\u31f0-\u31ff\uff66-\uff6f\uff71-\uff9d"
    "\U0001aff0-\U0001afff\U0001b000-\U0001b16f"
)

# Marks that lengthen or repeat the character before them (ー, 々, ゝ, ゞ, ヽ, ヾ, the voiced
# sound marks): they are not characters of their own, so they join it like accents.
_KANA_MARKS = "\u3005\u303b\u309b-\u309e\u30fc-\u30fe\uff70\uff9e\uff9f"

# Inside a word, these join the letters either side: apostrophes (' ’) and hyphens (- ‐ ‑),
# plus the invisible soft hyphen and zero-width (non-)joiner that Persian and Indic text use.
_JOINERS = "'\u2019\\-\u2010\u2011\u00ad\u200c\u200d"


def _combining_marks() -> str:
    """A character-class body of every combining mark (categories Mn, Mc and Me).

    Python's ``\\w`` leaves marks out, so Arabic vowel marks, Devanagari matras and
    decomposed accents would split words; listing them lets a mark stay with its letter.
    Marks only exist in planes 0, 1 and 14, so only those are scanned (about 25 ms, once).
    """
    ranges: list[list[int]] = []
    for cp in (*range(0x20000), *range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(cp)).startswith("M"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)


@functools.lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    """The word pattern, built on first use so importing the module stays instant."""
    marks = _combining_marks()
    # A letter or digit of a spaced script: \w without "_" and without Han and kana.
    letter = f"[^\\W_{_HAN}{_KANA}{_KANA_MARKS}]"
    piece = f"{letter}(?:{letter}|[{marks}])*"
    spaced_word = f"{piece}(?:[{_JOINERS}]{piece})*"
    # One Han or kana character, with any marks that belong to it.
    unspaced_word = f"[{_HAN}{_KANA}][{marks}{_KANA_MARKS}]*"
    return re.compile(f"{spaced_word}|{unspaced_word}")


def word_count(text: str) -> int:
    """Count the words in ``text``, in any script, as a reader would.

    The rules:

    - A word is a run of letters and digits ("4 hours" is two words). Combining marks
      (Unicode Mn, Mc, Me) belong to the letter they follow, so Arabic with harakat,
      Devanagari with matras and decomposed accents ("cafe\\u0301") are not split.
    - An apostrophe (' or ’) or hyphen between letters joins them: "don't", "well-being" and
      "O’Neill" are one word each (so do the invisible soft hyphen and zero-width joiners
      used in Persian and Indic text). Underscores and other punctuation separate words;
      punctuation, symbols and emoji on their own are not words.
    - Chinese and Japanese are written without spaces, so each Han ideograph and each
      Hiragana or Katakana character counts as one word ("我们一起改善护理" is 8; "NHS 的医院"
      is 4). The long-vowel mark ー and iteration marks such as 々 join the character before.
    - Korean (Hangul) is written with spaces, so its words are counted like English.
    - Thai, Lao, Khmer and Myanmar are also written without spaces between words, but telling
      their words apart needs a dictionary: each unbroken run counts as one word, so a
      sentence is under-counted (a known limit) but never counted as zero.
    """
    return sum(1 for _ in _word_pattern().finditer(text))


# --------------------------------------------------------------------------------------------
# Privacy warnings
# --------------------------------------------------------------------------------------------

# Ten digits, alone or as 3-3-4 with the same space or hyphen twice ("943 476 5919"), and
# never part of a longer run of digits.
_NHS_NUMBER = re.compile(
    r"""
    (?<![0-9])
    ([0-9]{3}) ([ -]?) ([0-9]{3}) \2 ([0-9]{4})
    (?![0-9])
    """,
    re.VERBOSE,
)


def _nhs_number_is_valid(digits: str) -> bool:
    """The NHS modulus 11 check: most ten-digit numbers that are not NHS numbers fail it."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))  # weights 10 to 2
    check = 11 - total % 11
    if check == 11:  # a remainder of 0 gives a check digit of 0
        check = 0
    return check != 10 and check == int(digits[9])  # 10: no NHS number starts this way


def _has_nhs_number(text: str) -> bool:
    """An NHS number identifies one patient for life, wherever it appears."""
    return any(
        _nhs_number_is_valid(match[1] + match[3] + match[4]) for match in _NHS_NUMBER.finditer(text)
    )


# A month's name or its usual abbreviation: "March", "Mar", "Mar.", "Sept".
_MONTH = r"""
    \b (?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?
      |sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?) \b \.?
"""

_DATE = re.compile(
    r"""
    (?<![0-9])
    (?:
        # 12/03/1985, 12-03-85, 12.03.1985 (the same separator twice; 03/12/1985 too)
        (?:0?[1-9]|[12][0-9]|3[01]) ([/.-]) (?:0?[1-9]|[12][0-9]|3[01]) \1 (?:[0-9]{4}|[0-9]{2})
      | # 1985-03-12
        [0-9]{4} - (?:0?[1-9]|1[0-2]) - (?:0?[1-9]|[12][0-9]|3[01])
      | # 12 March 1985, 12th of Mar 1985, 12 March, 1985
        (?:0?[1-9]|[12][0-9]|3[01]) (?:st|nd|rd|th)? \s+ (?:of\s+)? MONTH ,? \s+ [0-9]{4}
      | # March 12 1985, Mar 12th, 1985
        MONTH \s+ (?:0?[1-9]|[12][0-9]|3[01]) (?:st|nd|rd|th)? ,? \s+ [0-9]{4}
    )
    (?![0-9])
    """.replace("MONTH", _MONTH),
    re.VERBOSE | re.IGNORECASE,
)

# Words that say a date is a birth date: born, birth, birthday, birthdate, DOB, D.O.B.
_BIRTH_WORD = re.compile(
    r"""
    \b (?: born | birth (?:day|date)? s? | d \.? o \.? b ) \b
    """,
    re.VERBOSE | re.IGNORECASE,
)

# How near a birth word must be: within this many words before or after the date.
_BIRTH_WINDOW_WORDS = 5
_CHARS_PER_WORD = 40  # enough characters for a word of any ordinary length


def _near(text: str, start: int, end: int, words: int) -> tuple[str, str]:
    """The ``words`` words just before ``start`` and just after ``end`` (looked at locally)."""
    reach = _CHARS_PER_WORD * words
    before = text[max(0, start - reach) : start].split()[-words:]
    after = text[end : end + reach].split()[:words]
    return " ".join(before), " ".join(after)


def _has_date_of_birth(text: str) -> bool:
    """A date is only a date of birth with a birth word near it: meetings have dates too.

    The date must have a day, month and year, and a birth word (born, birth, birthday,
    birthdate, DOB, D.O.B.) must lie within five words before or after it; an age is not a date.
    Birth words are rare, so dates are looked for only around them (each stretch of text
    once), which keeps long texts fast.
    """
    reach = _CHARS_PER_WORD * _BIRTH_WINDOW_WORDS + 40  # the window, plus the date itself
    scanned = 0
    for birth in _BIRTH_WORD.finditer(text):
        start, stop = max(scanned, birth.start() - reach), birth.end() + reach
        # Dates that start by ``stop``; the extra room lets the last of them finish.
        for date in _DATE.finditer(text, start, stop + 2 * _CHARS_PER_WORD):
            if date.start() > stop:
                break
            before, after = _near(text, date.start(), date.end(), _BIRTH_WINDOW_WORDS)
            if _BIRTH_WORD.search(before) or _BIRTH_WORD.search(after):
                return True
        scanned = max(scanned, stop)
    return False


# Outward code (area letters, district) then inward code (sector digit, two unit letters);
# the letters each part may use follow Royal Mail's rules, so "A1 road" and "NHS 111" fail.
_POSTCODE = re.compile(
    r"""
    \b
    (?:
        [A-PR-UWYZ] [0-9] [0-9A-HJKPSTUW]?               # M1, B33, W1A
      | [A-PR-UWYZ] [A-HK-Y] [0-9] [0-9ABEHMNPRVWXY]?    # CR2, DN55, SW1A, EC1A
      | GIR                                             # Girobank's GIR 0AA
    )
    [ ]?                                                # the space is optional
    [0-9] [ABD-HJLNP-UW-Z]{2}                           # 1AA, 8TH, 6XH
    \b
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _has_postcode(text: str) -> bool:
    """A full postcode narrows an address down to a handful of homes."""
    return _POSTCODE.search(text) is not None


_EMAIL = re.compile(
    r"""
    (?<![\w.%+-])               # start at the beginning of the name, so long text stays fast
    [\w.%+-]+                   # the name before @
    @
    [\w-]+ (?:\.[\w-]+)*        # the domain, such as nhs or mail.example
    \.[A-Za-z]{2,}              # and its ending, such as .net or .uk
    \b
    """,
    re.VERBOSE,
)


def _has_email(text: str) -> bool:
    """Email addresses usually hold a person's name."""
    return _EMAIL.search(text) is not None


_PHONE = re.compile(
    r"""
    (?<![\w+(])                 # not inside a longer number or word
    (?:
        0 | \(0                 # 07700 ..., (0113) ...
      | \+44 [ ]? (?:\(0\)[ ]?)?  # or +44 for the first 0: +44 7700 ..., +44 (0)20 ...
    )
    (?:
        7 [0-9]{3} \)? [ -]? [0-9]{3} [ -]? [0-9]{3}             # mobiles: 07700 900 123
      | 2 [0-9] \)? [ -]? [0-9]{4} [ -]? [0-9]{4}                # 020 7946 0958
      | [13] [0-9]{2} \)? [ -]? [0-9]{3} [ -]? [0-9]{4}          # 0161 496 0000, 0300 ...
      | 1 [0-9]{3} \)? [ -]? (?:[0-9]{6} | [0-9]{3} [ -]? [0-9]{3} | [0-9]{5})
                                                                # 01632 960000
    )
    (?![0-9])
    """,
    re.VERBOSE,
)


def _has_phone_number(text: str) -> bool:
    """UK mobile and landline numbers reach one person (111 and 999 are too short to match)."""
    return _PHONE.search(text) is not None


# Each kind of identifying detail, in the order warnings are given.
_FINDERS: dict[str, Callable[[str], bool]] = {
    "NHS number": _has_nhs_number,
    "date of birth": _has_date_of_birth,
    "postcode": _has_postcode,
    "email address": _has_email,
    "phone number": _has_phone_number,
}

PRIVACY_KINDS: tuple[str, ...] = tuple(_FINDERS)

_WARNINGS = {
    "NHS number": "This looks like an NHS number: reflections should not identify patients, "
    "so leave it out or change it.",
    "date of birth": "This looks like a date of birth: reflections should not identify "
    "anyone, so leave it out or give an age range instead.",
    "postcode": "This looks like a postcode: reflections should not identify anyone, "
    "so leave it out or name only the town or area.",
    "email address": "This looks like an email address: reflections should not identify "
    "patients or colleagues, so leave it out.",
    "phone number": "This looks like a phone number: reflections should not identify "
    "patients or colleagues, so leave it out.",
}


def privacy_kinds(text: str) -> list[str]:
    """The kinds of identifying detail ``text`` seems to hold, in ``PRIVACY_KINDS`` order.

    The names let a tutor's summary count kinds without seeing the details themselves.
    """
    return [kind for kind, found in _FINDERS.items() if found(text)]


def privacy_warnings(text: str) -> list[str]:
    """One plain-English sentence per kind of identifying detail found (empty if none).

    The sentences name the kind but never quote the detail back. Nothing is blocked, changed
    or sent: the learner decides what to do.
    """
    return [_WARNINGS[kind] for kind in privacy_kinds(text)]
