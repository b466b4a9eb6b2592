"""XLSForm names and languages as surveytui ids, codes and language codes.

The questionnaire importer and the submissions reader both turn XLSForm names into ids
and choice names into codes with these functions, so that a submission's columns find the
questions of a questionnaire converted earlier.
"""

from __future__ import annotations

import re

from surveytui.i18n import LANGUAGE_NAMES

_NOT_ID = re.compile(r"[^a-z0-9]+")
_NOT_CODE = re.compile(r"[^A-Za-z0-9]+")
_LANGUAGE_CODE = re.compile(r"\(\s*([A-Za-z]{2,3})\s*\)\s*$")
# Language names as XLSForms write them without a code: the tool's own names and English ones.
_LANGUAGE_CODES = {name.lower(): code for code, name in LANGUAGE_NAMES.items()} | {
    "swedish": "sv",
    "danish": "da",
    "english": "en",
    "norwegian": "nb",
    "finnish": "fi",
    "german": "de",
    "french": "fr",
    "spanish": "es",
    "portuguese": "pt",
    "arabic": "ar",
    "swahili": "sw",
    "chinese": "zh",
    "hindi": "hi",
    "russian": "ru",
    "italian": "it",
    "dutch": "nl",
    "icelandic": "is",
}


def to_id(name: str) -> str:
    """A question, row or section id for an XLSForm name: lowercase, single underscores."""
    ident = _NOT_ID.sub("_", name.lower()).strip("_")
    if not ident or not ident[0].isalpha():
        ident = f"q_{ident}".rstrip("_")
    return ident


def to_code(name: str) -> str:
    """A choice code for an XLSForm choice name: letters, digits, single underscores."""
    return _NOT_CODE.sub("_", name).strip("_")


def language_code(name: str) -> str | None:
    """The code of an XLSForm language, `Svenska (sv)` or `English`; None when unknown."""
    found = _LANGUAGE_CODE.search(name)
    if found:
        return found.group(1).lower()
    plain = name.strip().lower()
    if plain in _LANGUAGE_CODES:
        return _LANGUAGE_CODES[plain]
    return plain if re.fullmatch(r"[a-z]{2,3}", plain) else None


def language_header(code: str) -> str:
    """How an XLSForm names a language so that ODK knows its code: `Svenska (sv)`."""
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"
