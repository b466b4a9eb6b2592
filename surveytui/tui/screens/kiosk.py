"""The participant's screens: the start screen, the intro, one response, thank-you.

A participant's answers live only in one ResponseScreen (and its draft file); submitting
replaces that screen with the thank-you screen, so nothing of them is left for the next.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Input, ProgressBar, Static

from surveytui.errors import SurveyError
from surveytui.i18n import language_name, t
from surveytui.model.types import tr
from surveytui.session import Session, answer_pages, required_message, review_text
from surveytui.store import Draft, new_draft_id
from surveytui.tui.base import SurveyApp
from surveytui.tui.widgets.questions import QuestionWidget, make_question_widget

END_SESSION_KEY = "ctrl+x"
"""The facilitator's chord that ends a kiosk session (after a confirmation)."""
END_SESSION_DISPLAY = "Ctrl+X"


class StartScreen(Screen[None]):
    """Title, intro and language choice for the participant; counts for the facilitator."""

    app = getters.app(SurveyApp)  # self.app, typed: this screen runs in a SurveyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, session: Session, lang: str | None = None) -> None:
        super().__init__()
        self.session = session
        q = session.questionnaire
        self.languages = [lang] if lang else list(q.languages)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="start-body", can_focus=False):
            yield Static("", id="start-title", markup=False)
            yield Static("", id="start-intro", markup=False)
            yield Static("", id="start-prompt")
            with Horizontal(id="start-buttons"):
                for lang in self.languages:
                    label = language_name(lang) if len(self.languages) > 1 else t("start", lang)
                    yield Button(label, id=f"lang-{lang}", classes="start-language")
        yield Static("", id="facilitator", markup=False)

    def on_screen_resume(self) -> None:
        self._show_language(self.languages[0])
        self.query_one(f"#lang-{self.languages[0]}", Button).focus()
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Tell the facilitator how many responses this session and the file hold."""
        session = self.session
        try:
            in_file: object = session.responses_in_file()
        except SurveyError:
            in_file = "?"
        tags = " · ".join(f"{k}={v}" for k, v in session.tags.items())
        # The chord comes first so that a narrow window never cuts it off.
        self.query_one("#facilitator", Static).update(
            f"Facilitator: {END_SESSION_DISPLAY} ends the session · {session.submitted} this "
            f"session · {in_file} in {session.results.name}{' · ' + tags if tags else ''}"
        )

    def _show_language(self, lang: str) -> None:
        q = self.session.questionnaire
        self.app.ui_lang = lang
        self.query_one("#start-title", Static).update(tr(q.title, lang))
        self.query_one("#start-intro", Static).update(tr(q.intro, lang))
        prompt = t("choose_language", lang) if len(self.languages) > 1 else ""
        self.query_one("#start-prompt", Static).update(prompt)

    @on(DescendantFocus)
    def _focused(self, event: DescendantFocus) -> None:
        if isinstance(event.widget, Button) and event.widget.has_class("start-language"):
            self._show_language(str(event.widget.id).removeprefix("lang-"))

    @on(Button.Pressed, ".start-language")
    def _start(self, event: Button.Pressed) -> None:
        lang = str(event.button.id).removeprefix("lang-")
        if len(self.languages) > 1 and self.session.questionnaire.intro:
            self.app.push_screen(IntroScreen(self.session, lang))
        else:
            self.app.push_screen(ResponseScreen(self.session, lang))


class IntroScreen(Screen[None]):
    """The intro (what the answers are for, anonymity) in the language just chosen, before
    the first question: the start screen showed it in another language."""

    app = getters.app(SurveyApp)  # self.app, typed: this screen runs in a SurveyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", show=False, id="intro.back"),
    ]

    def __init__(self, session: Session, lang: str) -> None:
        super().__init__()
        self.session = session
        self.lang = lang

    def compose(self) -> ComposeResult:
        q, lang = self.session.questionnaire, self.lang
        with VerticalScroll(id="start-body", can_focus=False):
            yield Static(tr(q.title, lang), id="start-title", markup=False)
            yield Static(tr(q.intro, lang), id="intro-text", markup=False)
            with Horizontal(id="start-buttons"):
                yield Button(t("start", lang), id="intro-start", variant="primary")
            yield Static(t("intro_back", lang), id="intro-hint")

    def on_mount(self) -> None:
        self.app.ui_lang = self.lang
        self.query_one("#intro-start", Button).focus()

    @on(Button.Pressed, "#intro-start")
    def _start(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.switch_screen(ResponseScreen(self.session, self.lang))


class ResponseScreen(Screen[None]):
    """One participant's response, a section per page, journalled on every change."""

    app = getters.app(SurveyApp)  # self.app, typed: this screen runs in a SurveyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", show=False, id="response.next"),
        # Priority, so that the page's scrolling does not take PgUp/PgDn first.
        Binding("pagedown", "next", show=False, priority=True, id="response.next_page"),
        Binding("pageup", "back", show=False, priority=True, id="response.back"),
    ]

    def __init__(self, session: Session, lang: str, *, draft: Draft | None = None) -> None:
        super().__init__()
        self.session = session
        self.questionnaire = session.questionnaire
        self.lang = lang
        self.answers: dict[str, Any] = dict(draft.answers) if draft else {}
        self.draft_id = draft.id if draft else new_draft_id()
        self.tags: dict[str, str] = (
            dict(draft.meta.get("tags") or session.tags) if draft else dict(session.tags)
        )
        self.sections = answer_pages(self.questionnaire)
        self.pages = [f"page-{i}" for i in range(len(self.sections))]
        if self.questionnaire.review_before_submit:
            self.pages.append("page-review")
        start = int(draft.meta.get("page", 0)) if draft else 0
        self.page = start if 0 <= start < len(self.pages) else 0

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Horizontal(id="response-head"):
            yield Static(tr(self.questionnaire.title, lang), id="response-title", markup=False)
            yield Static("", id="progress-text")
            yield ProgressBar(show_eta=False, show_percentage=False, id="progress")
        with ContentSwitcher(initial=self.pages[self.page], id="pages"):
            for index, section in enumerate(self.sections):
                with VerticalScroll(id=f"page-{index}", classes="page", can_focus=False):
                    yield Static(tr(section.title, lang), classes="section-title", markup=False)
                    for question in section.questions:
                        yield make_question_widget(question, lang, id=f"q-{question.id}")
            if self.questionnaire.review_before_submit:
                with VerticalScroll(id="page-review", classes="page", can_focus=False):
                    yield Static(t("review_title", lang), classes="section-title")
                    yield Static("", id="answers-review", markup=False)
        yield Static("", id="message", markup=False)
        with Horizontal(id="nav"):
            back = Button(f"← {t('back', lang)}", id="back")
            back.can_focus = False  # so that Enter after the last answer always goes on
            yield back
            yield Static("", id="hints", markup=False)
            yield Button(f"{t('next', lang)} →", id="next", variant="primary")

    def on_mount(self) -> None:
        self.app.ui_lang = self.lang
        if self.answers:
            for widget in self.query(QuestionWidget):
                widget.set_answer(self.answers)
        self._apply_visibility()
        page = self.page if self._page_shown(self.page) else self._next_page(self.page, 1)
        self._show_page(page if page is not None else 0)

    # -- answers ------------------------------------------------------------------------
    @on(QuestionWidget.Changed)
    def _answer_changed(self, message: QuestionWidget.Changed) -> None:
        widget = message.widget
        for key in widget.question.answer_keys:
            self.answers.pop(key, None)
        self.answers.update(widget.answer)
        if widget.has_class("-problem"):
            widget.remove_class("-problem")
            self.query_one("#message", Static).update("")
        shown_now = self._apply_visibility()
        self._save_draft()
        self._focus_opened_follow_up(widget, shown_now)

    def _focus_opened_follow_up(self, widget: QuestionWidget, opened: list[QuestionWidget]) -> None:
        """If an answer just opened the question right after it, go there, not past it."""
        if widget.parent is None:
            return
        siblings = [w for w in widget.parent.query_children(QuestionWidget) if w.display]
        following = siblings[siblings.index(widget) + 1 :] if widget in siblings else []
        focused = self.focused
        if (
            following
            and following[0] in opened
            and focused is not None
            and widget not in focused.ancestors_with_self
        ):
            self._focus_first(following[0])

    def put_aside(self) -> None:
        """Keep what was answered as a draft for the facilitator; nothing if nothing was."""
        if self.answers:
            self._save_draft()
            return
        try:
            self.session.drafts.discard(self.draft_id)
        except SurveyError as err:
            self.notify(str(err), title="The draft could not be removed", severity="warning")

    def _save_draft(self) -> None:
        try:
            self.session.save_draft(self.draft_id, self.answers, self.lang, self.tags, self.page)
        except (SurveyError, ValueError) as err:
            self.notify(str(err), title="The draft could not be saved", severity="warning")

    def _apply_visibility(self) -> list[QuestionWidget]:
        """Show exactly the questions show_if allows; the ones that were hidden until now."""
        shown = {q.id for q in self.questionnaire.visible(self.answers)}
        opened = []
        for widget in self.query(QuestionWidget):
            visible = widget.question.id in shown
            if visible and not widget.display:
                opened.append(widget)
            widget.display = visible
        return opened

    # -- pages --------------------------------------------------------------------------
    def _page_shown(self, index: int) -> bool:
        if self.pages[index] == "page-review":
            return True
        page = self.query_one(f"#{self.pages[index]}")
        return any(w.display for w in page.query(QuestionWidget))

    def _next_page(self, index: int, step: int) -> int | None:
        index += step
        while 0 <= index < len(self.pages):
            if self._page_shown(index):
                return index
            index += step
        return None

    def _show_page(self, index: int) -> None:
        self.page = index
        page_id = self.pages[index]
        self.query_one(ContentSwitcher).current = page_id
        if page_id == "page-review":
            self.query_one("#answers-review", Static).update(
                review_text(self.questionnaire, self.answers, self.lang)
            )
        shown = [i for i in range(len(self.pages)) if self._page_shown(i)]
        position = shown.index(index) + 1 if index in shown else 1
        self.query_one("#progress-text", Static).update(
            t("progress", self.lang, page=position, pages=len(shown))
        )
        self.query_one(ProgressBar).update(total=len(shown), progress=position)
        last = self._next_page(index, 1) is None
        self.query_one("#next", Button).label = (
            t("submit", self.lang) if last else f"{t('next', self.lang)} →"
        )
        self.query_one("#back", Button).disabled = self._next_page(index, -1) is None
        self.query_one("#message", Static).update("")
        self.query_one("#hints", Static).update(self._hints(page_id))
        self._focus_first(self.query_one(f"#{page_id}"))

    def _hints(self, page_id: str) -> str:
        """The keys, with those of this page that differ from what is shown ("+ = 10")."""
        lang = self.lang
        page_keys = dict.fromkeys(
            hint
            for widget in self.query_one(f"#{page_id}").query(QuestionWidget)
            if widget.display
            for hint in widget.key_hints()
        )
        return " · ".join(
            [t("hint_keys", lang), *page_keys, t("hint_back", lang), t("required_mark", lang)]
        )

    def _focus_first(self, container: Any) -> None:
        for widget in container.query("*"):
            if widget.focusable:
                widget.focus()
                return
        self.query_one("#next", Button).focus()

    def _page_problem(self) -> tuple[QuestionWidget, str] | None:
        if self.pages[self.page] == "page-review":
            return None
        page = self.query_one(f"#{self.pages[self.page]}")
        for widget in page.query(QuestionWidget):
            if not widget.display:
                continue
            text = tr(widget.question.text, self.lang)
            if problem := widget.problem():
                return widget, f"{t('check_answer', self.lang, question=text)} ({problem})"
            if message := required_message(widget.question, self.answers, self.lang):
                return widget, message
        return None

    def action_next(self) -> None:
        found = self._page_problem()
        if found is not None:
            widget, message = found
            widget.add_class("-problem")
            self.query_one("#message", Static).update(message)
            self._focus_first(widget)
            return
        following = self._next_page(self.page, 1)
        if following is None:
            self._submit()
        else:
            self._show_page(following)
            self._save_draft()

    def action_back(self) -> None:
        previous = self._next_page(self.page, -1)
        if previous is not None:
            self._show_page(previous)

    @on(Input.Submitted)
    def _input_submitted(self, message: Input.Submitted) -> None:
        """Enter in a one-line field moves on to the next question, as a digit does."""
        message.stop()
        self.focus_next()

    @on(Button.Pressed, "#next")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    def _submit(self) -> None:
        try:
            self.session.submit(self.answers, self.lang, self.draft_id, self.tags)
        except SurveyError as err:
            self.app.show_error(err, "The answers could not be saved")
            return
        self.app.switch_screen(ThankYouScreen(self.lang, tr(self.questionnaire.outro, self.lang)))


class ThankYouScreen(Screen[None]):
    """Shown only once the response is on disk; Enter hands over to the next participant."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "dismiss", show=False, id="thanks.done"),
    ]

    def __init__(self, lang: str, outro: str = "") -> None:
        super().__init__()
        self.lang = lang
        self.outro = outro or t("thanks", lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="thanks-box"):
            yield Static(self.outro, id="thanks-text", markup=False)
            yield Static(t("thanks_next", self.lang), id="thanks-hint")
            yield Button(t("done", self.lang), id="thanks-done", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()
