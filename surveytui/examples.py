"""Made-up example results for the seminar questionnaire, so a new user sees something at once.

`python -m surveytui.examples` writes `results/seminar-feedback-v<version>-example.csv`
through the response store, from a fixed seed: six seminars of a series, a few hundred
respondents whose answers hang together the way real ones do (a person who found the
seminar relevant tends to find it useful), some "don't know", some skipped questions and
Swedish free text. Nothing in it is real data.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from surveytui.errors import SurveyError
from surveytui.model import NA_CODE, Questionnaire, load_questionnaire
from surveytui.store import ResponseStore, ResultsFiles, default_results_path

SEED = 20260301
QUESTIONNAIRE = Path("questionnaires") / "seminar-feedback.yaml"

# seminar -> (participants, how relevant, useful and new it was on average, its speaker)
SEMINARS = {
    "1": (58, 0.6, 0.4, 0.8, 0.5),
    "2": (47, 0.3, 0.5, 0.3, 0.7),
    "3": (52, 0.8, 0.7, 0.2, 0.9),
    "4": (39, -0.4, -0.5, 0.1, -0.3),
    "5": (44, 0.5, 0.6, 0.4, 0.2),
    "6": (36, 0.7, 0.9, -0.2, 0.6),
}
LANGUAGES = (("sv", 0.88), ("en", 0.07), ("da", 0.05))
ROLES = (
    ("manager", 0.12),
    ("caseworker", 0.34),
    ("practitioner", 0.27),
    ("developer", 0.17),
    (None, 0.10),
)
OTHER_ROLES = ("Förtroendevald", "Samordnare", "Projektledare", "Kurator", "Student")
TOPICS = {
    "indicators": 0.45,
    "surveys": 0.35,
    "analysis": 0.40,
    "participation": 0.30,
    "feedback": 0.25,
}
OTHER_TOPICS = ("Etik i uppföljning", "Digitala verktyg för enkäter", "Kostnadsberäkningar")
BEST = (
    "Konkreta exempel från andra kommuner.",
    "Bra att få diskutera i mindre grupper.",
    "Genomgången av hur man formulerar indikatorer.",
    "Tydlig skillnad mellan uppföljning och utvärdering, det har jag saknat.",
    "Föreläsaren var engagerad och lätt att lyssna på.",
    "Att vi fick arbeta med vår egen verksamhets mål.",
    "Exemplen från socialtjänsten kändes igen.",
    "Mallen för utvärderingsplan som vi kan ta med hem.",
    "Tiden för frågor på slutet.",
    "Bra blandning av teori och praktik.",
    "Att träffa kollegor från andra förvaltningar.",
    "Diskussionen om hur vi återkopplar resultat till medarbetarna.",
)
IMPROVE = (
    "Mer tid för diskussion.",
    "Skicka ut materialet i förväg.",
    "För mycket innehåll på för kort tid.",
    "Fler exempel från äldreomsorgen.",
    "Lokalen var trång och ljudet dåligt.",
    "Kortare pass och längre pauser.",
    "Svårt att se bilderna längst bak.",
    "Mer om hur man analyserar enkätsvar.",
    "Tydligare koppling till vårt eget uppföljningsarbete.",
    "Det gick lite för snabbt i början.",
    "Gärna ett uppföljande seminarium om brukarmedverkan.",
    "Inget, det var bra som det var.",
)


def example_path(questionnaire: Questionnaire, results: Path) -> Path:
    """`results/<id>-v<version>-example.csv`: the default file's name, marked as example."""
    return ResultsFiles(default_results_path(questionnaire, results)).example


def generate(questionnaire: Questionnaire, path: Path, seed: int = SEED) -> int:
    """Write the example responses to a new file at `path`; return how many were written."""
    for old in (path, ResultsFiles(path).snapshot):
        old.unlink(missing_ok=True)
    rnd = random.Random(seed)
    store = ResponseStore(path, questionnaire)
    written = 0
    for seminar, (participants, *quality) in SEMINARS.items():
        for _ in range(participants):
            language = weighted(rnd, LANGUAGES)
            answers = _respondent(rnd, questionnaire, seminar, quality, language == "sv")
            store.append(answers, {"seminar": seminar}, language=language)
            written += 1
    return written


def weighted(rnd: random.Random, options: tuple[tuple[Any, float], ...]) -> Any:
    return rnd.choices([value for value, _ in options], [weight for _, weight in options])[0]


def point(rnd: random.Random, latent: float, points: int = 5) -> int:
    """An answer on a 1..points scale around a respondent's latent opinion."""
    centre = (points + 1) / 2 + latent * (points - 1) / 4
    return min(points, max(1, round(rnd.gauss(centre, 0.55))))


def _respondent(
    rnd: random.Random,
    questionnaire: Questionnaire,
    seminar: str,
    quality: list[float],
    writes_swedish: bool,
) -> dict[str, Any]:
    relevant, useful, new, speaker = quality
    mood = rnd.gauss(0, 0.5)  # how positive this person is about the day overall
    relevance = relevant + mood + rnd.gauss(0, 0.5)
    usefulness = 0.5 * relevance + 0.5 * useful + mood + rnd.gauss(0, 0.45)
    knowledge = new + 0.5 * mood + rnd.gauss(0, 0.55)
    format_ = speaker + mood + rnd.gauss(0, 0.5)
    answers: dict[str, Any] = {
        "relevant_work": point(rnd, relevance),
        "relevant_goals": NA_CODE if rnd.random() < 0.09 else point(rnd, relevance - 0.2),
        "relevant_practice": point(rnd, relevance),
        "use_can": point(rnd, usefulness),
        "use_will": NA_CODE if rnd.random() < 0.06 else point(rnd, usefulness - 0.2),
        "use_share": NA_CODE if rnd.random() < 0.05 else point(rnd, usefulness - 0.4),
        "learnt_new": point(rnd, knowledge),
        "learnt_deeper": point(rnd, knowledge),
        "learnt_known": point(rnd, -knowledge - 0.3),
        "format_structure": point(rnd, format_),
        "format_discussion": point(rnd, format_ - 0.5),
        "speaker_clear": point(rnd, format_ + 0.2),
        "speaker_examples": point(rnd, 0.5 * format_ + 0.5 * relevance),
        "grade": min(10, max(0, round(rnd.gauss(7 + 1.3 * (relevance + usefulness) / 2, 1.1)))),
    }
    role = weighted(rnd, ROLES)
    if role is None:
        answers["role__other"] = rnd.choice(OTHER_ROLES)
    else:
        answers["role"] = role
    answers["attended_before"] = rnd.random() < min(0.85, 0.15 * int(seminar))
    if answers["attended_before"]:
        answers["used_since"] = weighted(rnd, ((True, 0.6), (False, 0.3), (NA_CODE, 0.1)))
    if rnd.random() < 0.85:
        answers["topics"] = [code for code, share in TOPICS.items() if rnd.random() < share]
        if rnd.random() < 0.06:
            answers["topics__other"] = rnd.choice(OTHER_TOPICS)
    if writes_swedish and rnd.random() < 0.45:
        answers["best"] = rnd.choice(BEST)
    if writes_swedish and rnd.random() < 0.35:
        answers["improve"] = rnd.choice(IMPROVE)
    for key in list(answers):
        if key != "grade" and rnd.random() < 0.025:  # skipped: grade alone is required
            del answers[key]
    shown = {key for q in questionnaire.visible(answers) for key in q.columns + [q.id]}
    return {key: value for key, value in answers.items() if key in shown}


def write_examples(
    jobs: list[tuple[Path, Callable[[Questionnaire, Path], int]]], folder: Path
) -> int:
    """Run each generator on its questionnaire into `folder`; the exit code, as the CLI's."""
    try:
        for source, make in jobs:
            questionnaire = load_questionnaire(source)
            path = example_path(questionnaire, folder)
            print(f"{path}: {make(questionnaire, path)} example responses")
    except SurveyError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 2
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m surveytui.examples",
        description="Write made-up example results for the seminar questionnaire.",
    )
    parser.add_argument("--questionnaire", type=Path, default=QUESTIONNAIRE, metavar="Q.yaml")
    parser.add_argument("--results", type=Path, default=Path("results"), metavar="FOLDER")
    args = parser.parse_args()
    return write_examples([(args.questionnaire, generate)], args.results)


if __name__ == "__main__":
    raise SystemExit(main())
