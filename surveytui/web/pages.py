"""The respondent's pages as HTML: Jinja2 templates, every text escaped on the way in.

Only this module knows the templates; `app` hands it the step to draw. The style sheet is
inline (nothing is loaded from anywhere else) and named in the Content-Security-Policy by
its hash, so no other style and no script can run in a page.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from surveytui.i18n import language_name, t
from surveytui.model.qtypes import NA_CODE
from surveytui.model.types import OTHER_SUFFIX, Question, Questionnaire, Section, tr
from surveytui.options import Option, number_text
from surveytui.web.fields import NA_FIELD, checked, field_for, field_name

TEMPLATES = Path(__file__).with_name("templates")
CSS = (TEMPLATES / "style.css").read_text(encoding="utf-8").strip()
CSS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode()
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src '{CSS_HASH}'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=False,
    auto_reload=False,  # the templates are read once: no stat of each file per page
)


@dataclass(frozen=True)
class Hidden:
    """The form's own fields: the CSRF token and this form's submission id."""

    csrf: str
    form: str

    def __call__(self) -> Markup:
        csrf, form = escape(self.csrf), escape(self.form)
        return Markup(
            f'<input type="hidden" name="_csrf" value="{csrf}">'
            f'<input type="hidden" name="_form" value="{form}">'
        )


def _render(template: str, lang: str, title: str, **context: Any) -> str:
    return _ENV.get_template(template).render(lang=lang, title=title, css=Markup(CSS), **context)


def message_page(questionnaire: Questionnaire, lang: str, message: str) -> str:
    """A page that only says something: thanks, closed, already answered, try again."""
    return _render("message.html", lang, tr(questionnaire.title, lang), message=message)


def language_page(questionnaire: Questionnaire, hidden: Hidden) -> str:
    """The first page when there is more than one language: each language's own name."""
    languages = [(code, language_name(code)) for code in questionnaire.languages]
    first = questionnaire.languages[0]
    return _render(
        "start.html",
        first,
        " / ".join(
            dict.fromkeys(tr(questionnaire.title, code) for code in questionnaire.languages)
        ),
        hidden=hidden,
        languages=languages,
        prompts={code: t("choose_language", code) for code in questionnaire.languages},
    )


def intro_page(questionnaire: Questionnaire, lang: str, hidden: Hidden, can_go_back: bool) -> str:
    """The title and intro (what the answers are for, anonymity) in the chosen language."""
    return _render(
        "start.html",
        lang,
        tr(questionnaire.title, lang),
        hidden=hidden,
        languages=[],
        intro=tr(questionnaire.intro, lang),
        start=t("start", lang),
        back=t("back", lang),
        can_go_back=can_go_back,
    )


def question_page(
    questionnaire: Questionnaire,
    section: Section,
    questions: list[Question],
    answers: Mapping[str, Any],
    lang: str,
    hidden: Hidden,
    *,
    position: int,
    pages: int,
    last: bool,
    problems: Mapping[str, str] | None = None,
    drawn: dict[tuple[str, str], Markup] | None = None,
) -> str:
    """One section's shown questions, with what was answered and the problems found.

    `drawn` keeps the HTML of each question not answered yet, per language, for the
    next person on the page: drawing every field anew is most of the time a page takes.
    """
    problems = dict(problems or {})
    drawn = {} if drawn is None else drawn
    return _render(
        "page.html",
        lang,
        tr(questionnaire.title, lang),
        hidden=hidden,
        section_title=tr(section.title, lang),
        progress=t("progress", lang, page=position, pages=pages),
        questions=[question_html(q, answers, lang, problems.get(q.id), drawn) for q in questions],
        problems=problems,
        required_mark=t("required_mark", lang),
        next=t("submit", lang) if last else t("next", lang),
        back=t("back", lang),
    )


def review_page(
    questionnaire: Questionnaire, lines: list[tuple[str, str]], lang: str, hidden: Hidden
) -> str:
    """Every shown question with the answer in words, before the response is sent."""
    return _render(
        "review.html",
        lang,
        tr(questionnaire.title, lang),
        hidden=hidden,
        heading=t("review_title", lang),
        lines=lines,
        submit=t("submit", lang),
        back=t("back", lang),
    )


def _option_text(option: Option) -> str:
    """A scale point as its code and label ("4 Agree"), any other option as its words."""
    if option.shown is not None:
        return f"{option.shown} {option.label}".strip()
    return option.label


def question_html(
    question: Question,
    answers: Mapping[str, Any],
    lang: str,
    problem: str | None,
    drawn: dict[tuple[str, str], Markup],
) -> Markup:
    """The question's field, answered as `answers` say; kept in `drawn` while unanswered."""
    unanswered = problem is None and not any(key in answers for key in question.answer_keys)
    if unanswered and (question.id, lang) in drawn:
        return drawn[question.id, lang]
    item = question_item(question, answers, lang, problem)
    html: Markup = getattr(_ENV.get_template("fields.html").module, item["macro"])(item)
    if unanswered:
        drawn[question.id, lang] = html
    return html


def question_item(
    question: Question, answers: Mapping[str, Any], lang: str, problem: str | None
) -> dict[str, Any]:
    """What the question's field macro needs to draw it, answered as `answers` say."""
    field = field_for(question)
    options = field.options(question, lang)
    value = answers.get(question.id)
    number_hint = (
        t("number_range", lang, min=number_text(question.min), max=number_text(question.max))
        if question.min is not None or question.max is not None
        else t("number_placeholder", lang)
    )
    return {
        "macro": field.macro,
        "id": question.id,
        "name": field_name(question.id),
        "text": tr(question.text, lang),
        "help": tr(question.help, lang),
        "required": question.required,
        "problem": problem,
        "options": [_option_text(option) for option in options],
        "chosen": checked(question, answers, options),
        "rows": [
            {"id": row.id, "name": field_name(row.id), "text": tr(row.text, lang)}
            for row in question.rows
        ],
        "other": tr(question.other, lang) if question.offers_other else "",
        "other_label": f"{tr(question.other, lang)}: {t('other_placeholder', lang)}",
        "other_name": field_name(question.id + OTHER_SUFFIX),
        "other_value": answers.get(question.id + OTHER_SUFFIX) or "",
        "multi_hint": t("hint_multi", lang),
        "number_hint": number_hint,
        "value": "" if value is None or value == NA_CODE or isinstance(value, list) else value,
        "multiline": question.multiline,
        "na": tr(question.na, lang) if question.na is not None else "",
        "na_name": field_name(question.id) + NA_FIELD,
        "na_checked": value == NA_CODE,
    }
