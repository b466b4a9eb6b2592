"""The words surveytui itself shows a participant, in Swedish, Danish and English.

Questionnaire texts come from the questionnaire file; this module holds only the tool's
own words (buttons, hints, messages), so that every screen a participant sees speaks one
language. Add a language by adding it to every entry; a missing one falls back to English.
"""

from __future__ import annotations

LANGUAGE_NAMES = {"sv": "Svenska", "da": "Dansk", "en": "English", "nb": "Norsk", "fi": "Suomi"}

STRINGS: dict[str, dict[str, str]] = {
    "start": {"sv": "Börja", "da": "Start", "en": "Start"},
    "choose_language": {
        "sv": "Välj språk",
        "da": "Vælg sprog",
        "en": "Choose a language",
    },
    "next": {"sv": "Nästa", "da": "Næste", "en": "Next"},
    "back": {"sv": "Tillbaka", "da": "Tilbage", "en": "Back"},
    "submit": {"sv": "Skicka in", "da": "Send", "en": "Submit"},
    "review_title": {
        "sv": "Kontrollera dina svar",
        "da": "Tjek dine svar",
        "en": "Check your answers",
    },
    "not_answered": {"sv": "(inget svar)", "da": "(intet svar)", "en": "(no answer)"},
    "none_chosen": {
        "sv": "(inget av dessa)",
        "da": "(ingen af disse)",
        "en": "(none of these)",
    },
    "progress": {
        "sv": "Sida {page} av {pages}",
        "da": "Side {page} af {pages}",
        "en": "Page {page} of {pages}",
    },
    "required_mark": {"sv": "* = måste besvaras", "da": "* = skal besvares", "en": "* = required"},
    "required_missing": {
        "sv": "Svara på frågan: {question}",
        "da": "Besvar venligst spørgsmålet: {question}",
        "en": "Please answer: {question}",
    },
    "check_answer": {
        "sv": "Kontrollera svaret på: {question}",
        "da": "Tjek svaret på: {question}",
        "en": "Please check your answer to: {question}",
    },
    "hint_keys": {
        "sv": "Siffra eller mellanslag väljer · piltangenter och Tab flyttar · Enter: nästa",
        "da": "Tal eller mellemrum vælger · piletaster og Tab flytter · Enter: næste",
        "en": "Digit or Space chooses · arrows and Tab move · Enter: next",
    },
    "hint_back": {"sv": "PgUp: tillbaka", "da": "PgUp: tilbage", "en": "PgUp: back"},
    "hint_multiline": {
        "sv": "Enter ger ny rad; Tab går vidare",
        "da": "Enter giver ny linje; Tab går videre",
        "en": "Enter starts a new line; Tab moves on",
    },
    "hint_multi": {
        "sv": "Välj alla som passar",
        "da": "Vælg alle, der passer",
        "en": "Choose all that apply",
    },
    "yes": {"sv": "Ja", "da": "Ja", "en": "Yes"},
    "no": {"sv": "Nej", "da": "Nej", "en": "No"},
    "other_placeholder": {
        "sv": "Skriv här",
        "da": "Skriv her",
        "en": "Please specify",
    },
    "number_placeholder": {"sv": "Ett tal", "da": "Et tal", "en": "A number"},
    "number_invalid": {
        "sv": "Skriv ett tal, till exempel 12 eller 2.5",
        "da": "Skriv et tal, for eksempel 12 eller 2.5",
        "en": "Type a number, for example 12 or 2.5",
    },
    "number_range": {
        "sv": "Ett tal från {min} till {max}",
        "da": "Et tal fra {min} til {max}",
        "en": "A number from {min} to {max}",
    },
    "thanks": {
        "sv": "Tack för dina svar! De är nu sparade.",
        "da": "Tak for dine svar! De er nu gemt.",
        "en": "Thank you for your answers! They have been saved.",
    },
    "thanks_next": {
        "sv": "Tryck Enter för att lämna över till nästa deltagare.",
        "da": "Tryk Enter for at give plads til den næste deltager.",
        "en": "Press Enter to hand over to the next participant.",
    },
    "done": {"sv": "Klar", "da": "Færdig", "en": "Done"},
    "intro_back": {
        "sv": "Esc: välj ett annat språk",
        "da": "Esc: vælg et andet sprog",
        "en": "Esc: choose another language",
    },
    "still_there": {"sv": "Är du kvar?", "da": "Er du her stadig?", "en": "Are you still there?"},
    "still_there_detail": {
        "sv": "Tryck på en tangent för att fortsätta. Annars läggs svaren undan och enkäten "
        "börjar om för nästa deltagare.",
        "da": "Tryk på en tast for at fortsætte. Ellers lægges svarene til side, og skemaet "
        "starter forfra for den næste deltager.",
        "en": "Press any key to go on. Otherwise your answers are put aside and the "
        "questionnaire starts again for the next participant.",
    },
    "continue": {"sv": "Fortsätt", "da": "Fortsæt", "en": "Continue"},
    "window_too_small": {
        "sv": "Fönstret är för litet. Gör det större (minst {cols}×{rows}).",
        "da": "Vinduet er for lille. Gør det større (mindst {cols}×{rows}).",
        "en": "The window is too small. Please make it larger (at least {cols}×{rows}).",
    },
    "plain_intro": {
        "sv": "Skriv ditt svar och tryck Enter. Enter utan svar hoppar över en fråga som inte "
        "måste besvaras. Ctrl+C avbryter utan att spara.",
        "da": "Skriv dit svar og tryk Enter. Enter uden svar springer et spørgsmål over, der "
        "ikke skal besvares. Ctrl+C afbryder uden at gemme.",
        "en": "Type your answer and press Enter. Enter alone skips a question that is not "
        "required. Ctrl+C abandons without saving.",
    },
    "plain_scale": {
        "sv": "Skriv ett tal från {min} till {max}",
        "da": "Skriv et tal fra {min} til {max}",
        "en": "Type a number from {min} to {max}",
    },
    "plain_choice": {
        "sv": "Skriv numret på ditt val",
        "da": "Skriv nummeret på dit valg",
        "en": "Type the number of your choice",
    },
    "plain_multi": {
        "sv": "Skriv numren på alla som passar, åtskilda av mellanslag",
        "da": "Skriv numrene på alle, der passer, adskilt af mellemrum",
        "en": "Type the numbers of all that apply, separated by spaces",
    },
    "plain_invalid_choice": {
        "sv": "Skriv ett av numren i listan",
        "da": "Skriv et af numrene på listen",
        "en": "Type one of the numbers in the list",
    },
    "plain_required": {
        "sv": "Den här frågan måste besvaras",
        "da": "Dette spørgsmål skal besvares",
        "en": "This question is required",
    },
    "plain_other": {
        "sv": "Beskriv ({other})",
        "da": "Beskriv ({other})",
        "en": "Please specify ({other})",
    },
    "plain_abandoned": {
        "sv": "Svaret avbröts. Inget sparades.",
        "da": "Besvarelsen blev afbrudt. Intet blev gemt.",
        "en": "Response abandoned. Nothing was saved.",
    },
    "plain_another": {
        "sv": "Tryck Enter för ett nytt svar, eller Ctrl+C för att avsluta",
        "da": "Tryk Enter for en ny besvarelse, eller Ctrl+C for at afslutte",
        "en": "Press Enter for another response, or Ctrl+C to finish",
    },
    "plain_saved_one": {
        "sv": "1 svar sparat under sessionen i {path}",
        "da": "1 besvarelse gemt i denne session i {path}",
        "en": "1 response saved this session in {path}",
    },
    "plain_saved_many": {
        "sv": "{n} svar sparade under sessionen i {path}",
        "da": "{n} besvarelser gemt i denne session i {path}",
        "en": "{n} responses saved this session in {path}",
    },
    "plain_choose_language": {
        "sv": "Välj språk (skriv numret)",
        "da": "Vælg sprog (skriv nummeret)",
        "en": "Choose a language (type the number)",
    },
    "web_closed": {
        "sv": "Enkäten tar inte emot fler svar just nu. Tack för ditt intresse.",
        "da": "Spørgeskemaet modtager ikke flere svar lige nu. Tak for din interesse.",
        "en": "This questionnaire is not taking responses now. Thank you for your interest.",
    },
    "web_already_answered": {
        "sv": "Den här länken har redan använts för att svara. Tack!",
        "da": "Dette link er allerede brugt til at svare. Tak!",
        "en": "This link has already been used to answer. Thank you!",
    },
    "web_expired": {
        "sv": "Sidan är för gammal. Öppna länken igen för att fortsätta där du var.",
        "da": "Siden er for gammel. Åbn linket igen for at fortsætte, hvor du var.",
        "en": "This page has expired. Open the link again to go on where you were.",
    },
    "web_try_again": {
        "sv": "Svaren kunde inte sparas just nu. Dina svar finns kvar; försök igen om en stund.",
        "da": "Svarene kunne ikke gemmes lige nu. Dine svar er bevaret; prøv igen om lidt.",
        "en": "The answers could not be saved just now. They are kept; please try again shortly.",
    },
    "web_too_large": {
        "sv": "Svaret är för långt för att skickas. Korta ner texten och försök igen.",
        "da": "Svaret er for langt til at blive sendt. Gør teksten kortere, og prøv igen.",
        "en": "The answer is too long to send. Please shorten the text and try again.",
    },
    "web_too_many": {
        "sv": "För många förfrågningar. Vänta en stund och försök igen.",
        "da": "For mange forespørgsler. Vent lidt, og prøv igen.",
        "en": "Too many requests. Please wait a moment and try again.",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """The tool's text `key` in `lang` (English if that language lacks it), filled in."""
    texts = STRINGS[key]
    text = texts.get(lang) or texts["en"]
    return text.format(**values) if values else text


def language_name(code: str) -> str:
    """A language's name in that language, for a language chooser."""
    return LANGUAGE_NAMES.get(code, code)
