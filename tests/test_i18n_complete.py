"""Every user-facing string table speaks every language, with the same blanks to fill in.

A missing language falls back to English silently, and a placeholder spelled differently in
one language fails only when that language is shown, so both are caught here instead.
"""

from __future__ import annotations

import string

import pytest

from surveytui import i18n
from surveytui.report import followup, indicators, locale

LANGUAGES = {"sv", "da", "en"}

# Each table as {key: {language: value}}; the report's follow-up and indicator words are
# stored the other way round ({language: {key: value}}) and are turned over.
BY_KEY = {
    "i18n.STRINGS": i18n.STRINGS,
    "report.locale.WORDS": locale.WORDS,
}
BY_LANGUAGE = {
    "report.followup.WORDS": followup.WORDS,
    "report.indicators.WORDS": indicators.WORDS,
}
PER_LANGUAGE = {
    "report.locale.MONTHS": locale.MONTHS,
    "report.locale.DATE_FORMATS": locale.DATE_FORMATS,
    "report.locale.DECIMAL": locale.DECIMAL,
    "report.locale.THOUSANDS": locale.THOUSANDS,
    "report.locale.PERCENT": locale.PERCENT,
}


def turned(table: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    # In a fixed order, so that every pytest-xdist worker collects the same tests.
    keys = sorted({key for words in table.values() for key in words})
    return {
        key: {lang: words[key] for lang, words in table.items() if key in words} for key in keys
    }


ENTRIES = [
    (f"{name}[{key!r}]", texts) for name, table in BY_KEY.items() for key, texts in table.items()
]
ENTRIES += [
    (f"{name}[{key!r}]", texts)
    for name, table in BY_LANGUAGE.items()
    for key, texts in turned(table).items()
]


def fields(value: object) -> list[list[str]]:
    """The placeholders of a text, or of each text in a tuple of texts."""
    texts = value if isinstance(value, tuple) else (value,)
    return [
        sorted({name for _, name, _, _ in string.Formatter().parse(text) if name}) for text in texts
    ]


def test_the_tables_are_found():
    assert all(len(table) >= 3 for table in [*BY_KEY.values(), *BY_LANGUAGE.values()])
    assert len(ENTRIES) > 100


@pytest.mark.parametrize(("name", "texts"), ENTRIES, ids=[name for name, _ in ENTRIES])
def test_every_entry_has_every_language_with_the_same_placeholders(name, texts):
    assert set(texts) == LANGUAGES, f"{name} has {sorted(texts)}, wants {sorted(LANGUAGES)}"
    assert all(texts.values()), f"{name} has an empty text"
    shapes = {lang: fields(value) for lang, value in texts.items()}
    assert all(shape == shapes["en"] for shape in shapes.values()), (
        f"{name}: the languages differ in their {{placeholders}}: {shapes}"
    )


@pytest.mark.parametrize("name", PER_LANGUAGE)
def test_every_number_and_date_convention_has_every_language(name):
    table = PER_LANGUAGE[name]
    assert set(table) == LANGUAGES, f"{name} has {sorted(table)}, wants {sorted(LANGUAGES)}"
    assert all(table.values())


def test_every_language_has_twelve_months():
    assert all(len(months) == 12 for months in locale.MONTHS.values())
