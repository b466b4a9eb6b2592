"""Made-up follow-up results with a known built-in change, for trying and testing follow-up.

`python -m surveytui.examples_followup` writes two files through the response store, each
from a fixed seed (nothing in them is real data):

- `results/collaboration-indicators-v1-example.csv`: three waves (2025-2, 2026-1, 2026-2)
  of the collaboration indicators questionnaire in four units, plus a unit too small to
  show (harbour, 3 respondents a wave). Built in: in unit north the joint follow-up area
  rises by `NORTH_FOLLOW_UP_RISE` on the latent scale per wave (about 1.5 answer points
  from the first wave to the last); in every unit information flow rises by
  `INFORMATION_RISE` per wave; everything else stays level.
- `results/client-follow-up-v1-example.csv`: clients of two units answering at `start`
  and at `follow_up_6m` with the same pseudonymous code; some drop out and some answer
  only at follow-up. Built in: well-being rises by `WELLBEING_RISE` on the latent scale
  between the waves, living conditions do not change.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from surveytui.examples import point, weighted, write_examples
from surveytui.model import NA_CODE, Questionnaire
from surveytui.store import ResponseStore, ResultsFiles

SEED = 20261010
COLLABORATION = Path("questionnaires") / "collaboration-indicators.yaml"
CLIENTS = Path("questionnaires") / "client-follow-up.yaml"

WAVES = ("2025-2", "2026-1", "2026-2")
# unit -> respondents per wave
UNITS = {
    "north": (18, 21, 19),
    "south": (24, 22, 25),
    "east": (12, 14, 11),
    "west": (16, 15, 17),
    "harbour": (3, 3, 3),
}
# area -> (its rows, the level every unit starts from)
AREAS = {
    "goals": (("goals_written", "goals_known", "goals_anchored"), 0.3),
    "roles": (("roles_clear", "roles_mandate", "roles_coordinator"), 0.1),
    "information": (("info_timely", "info_routines", "info_stuck"), -0.4),
    "trust": (("trust_competence", "trust_open", "trust_agreements"), 0.5),
    "follow_up": (("follow_regular", "follow_data", "follow_action"), -0.6),
}
REVERSED = {"info_stuck"}
NORTH_FOLLOW_UP_RISE = 0.6
INFORMATION_RISE = 0.25
ORGANISATIONS = (
    ("social_services", 0.4),
    ("school", 0.3),
    ("health", 0.15),
    ("police", 0.1),
    (None, 0.05),
)
IMPROVE = (
    "Fler gemensamma möten där alla organisationer deltar.",
    "Tydligare vem som kallar till samverkansmöten.",
    "Att information inte fastnar hos enskilda personer.",
    "En gemensam rutin för uppföljning av ärenden.",
    "Mer tid för samverkan i tjänsten.",
)

CLIENT_WAVES = ("start", "follow_up_6m")
# When each wave was answered: the follow-up half a year after the start, so that the waves
# come in the order of time without --wave-order.
CLIENT_WAVE_DAYS = {
    "start": datetime(2026, 1, 12, 9, tzinfo=UTC),
    "follow_up_6m": datetime(2026, 7, 13, 9, tzinfo=UTC),
}
# unit -> (clients at start, of whom answer at follow-up, new at follow-up only)
CLIENT_UNITS = {"family_support": (34, 27, 3), "youth_team": (26, 20, 2)}
WELLBEING_RISE = 0.7
WELLBEING = ("sit_physical", "sit_mental", "sit_relations", "sit_safety")
LIVING = ("sit_housing", "sit_economy", "sit_occupation")


def _fresh_store(questionnaire: Questionnaire, path: Path) -> ResponseStore:
    for old in (path, ResultsFiles(path).snapshot):
        old.unlink(missing_ok=True)
    return ResponseStore(path, questionnaire)


def _maybe_na(rnd: random.Random, value: int, share: float = 0.04) -> Any:
    return NA_CODE if rnd.random() < share else value


def generate_collaboration(questionnaire: Questionnaire, path: Path, seed: int = SEED) -> int:
    """Write the collaboration example to a new file at `path`; return the rows written."""
    rnd = random.Random(seed)
    store = _fresh_store(questionnaire, path)
    written = 0
    for step, wave in enumerate(WAVES):
        for unit, sizes in UNITS.items():
            for _ in range(sizes[step]):
                mood = rnd.gauss(0, 0.35)
                answers: dict[str, Any] = {}
                for area, (rows, level) in AREAS.items():
                    latent = level + mood + rnd.gauss(0, 0.3)
                    if area == "information":
                        latent += INFORMATION_RISE * step
                    if area == "follow_up" and unit == "north":
                        latent += NORTH_FOLLOW_UP_RISE * step
                    for row in rows:
                        sign = -1 if row in REVERSED else 1
                        answers[row] = _maybe_na(rnd, point(rnd, sign * latent))
                organisation = weighted(rnd, ORGANISATIONS)
                if organisation is None:
                    answers["organisation__other"] = "Kommunens fritidsverksamhet"
                else:
                    answers["organisation"] = organisation
                answers["overall_grade"] = min(10, max(1, round(rnd.gauss(6.5 + 2 * mood, 1.2))))
                if rnd.random() < 0.3:
                    answers["improve"] = rnd.choice(IMPROVE)
                store.append(
                    answers,
                    {"unit": unit, "wave": wave},
                    language=weighted(rnd, (("sv", 0.8), ("da", 0.1), ("en", 0.1))),
                )
                written += 1
    return written


def _client(rnd: random.Random, base: dict[str, float], after: bool) -> dict[str, Any]:
    wellbeing = base["wellbeing"] + (WELLBEING_RISE if after else 0.0)
    answers: dict[str, Any] = {
        row: _maybe_na(rnd, point(rnd, base["living"] + rnd.gauss(0, 0.3))) for row in LIVING
    }
    answers.update(
        (row, _maybe_na(rnd, point(rnd, wellbeing + rnd.gauss(0, 0.3)))) for row in WELLBEING
    )
    answers["life_overall"] = min(10, max(0, round(rnd.gauss(5 + 2 * wellbeing, 1.3))))
    answers["first_time"] = not after
    if after:
        answers["change"] = weighted(rnd, (("better", 0.6), ("same", 0.3), ("worse", 0.1)))
        answers["support_helped"] = _maybe_na(rnd, point(rnd, 0.6 + rnd.gauss(0, 0.4)))
    answers["other_support"] = rnd.random() < 0.3
    return answers


def generate_clients(questionnaire: Questionnaire, path: Path, seed: int = SEED) -> int:
    """Write the client follow-up example to a new file at `path`; return the rows written."""
    rnd = random.Random(seed)
    store = _fresh_store(questionnaire, path)
    people: list[tuple[str, str, dict[str, float], bool, bool]] = []
    for unit, (at_start, returning, new) in CLIENT_UNITS.items():
        for i in range(at_start + new):
            code = f"{unit[0].upper()}{rnd.randrange(10, 100)}{chr(65 + i % 26)}{i:02d}"
            base = {"living": rnd.gauss(-0.3, 0.5), "wellbeing": rnd.gauss(-0.5, 0.5)}
            people.append((unit, code, base, i < at_start, i < returning or i >= at_start))
    written = 0
    for wave in CLIENT_WAVES:
        after = wave != CLIENT_WAVES[0]
        for unit, code, base, starts, follows in people:
            if follows if after else starts:
                answers = {"client_code": code, **_client(rnd, base, after)}
                store.append(
                    answers,
                    {"unit": unit, "wave": wave},
                    submitted=CLIENT_WAVE_DAYS[wave] + timedelta(days=written % 15),
                )
                written += 1
    return written


def main() -> int:
    """Write both examples into the results folder (`--results`)."""
    parser = argparse.ArgumentParser(
        prog="python -m surveytui.examples_followup",
        description="Write made-up multi-wave example results with a known change.",
    )
    parser.add_argument("--results", type=Path, default=Path("results"), metavar="FOLDER")
    args = parser.parse_args()
    return write_examples(
        [(COLLABORATION, generate_collaboration), (CLIENTS, generate_clients)], args.results
    )


if __name__ == "__main__":
    raise SystemExit(main())
