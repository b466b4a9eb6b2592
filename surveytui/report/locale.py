"""The written report's words and number formats in Swedish, Danish and English, in one place.

`Locale(lang)` formats numbers (decimal comma and a space or dot between thousands in
Swedish and Danish), percentages, intervals, p-values and dates, and `Locale.w(key, **values)`
gives a heading or sentence of `WORDS` in the report's language (English where a language
is missing). Questionnaire texts come from the questionnaire; only the tool's words are here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from surveytui.errors import SurveyError
from surveytui.model.types import Questionnaire, tr

MONTHS = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "da": (
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
DATE_FORMATS = {"sv": "{d} {month} {y}", "da": "{d}. {month} {y}", "en": "{d} {month} {y}"}
DECIMAL = {"sv": ",", "da": ",", "en": "."}
THOUSANDS = {"sv": "\u00a0", "da": ".", "en": ","}
PERCENT = {"sv": "\u00a0%", "da": "\u00a0%", "en": "%"}

WORDS: dict[str, dict[str, str]] = {
    "generated": {
        "sv": "Rapporten skapades {date}.",
        "da": "Rapporten blev lavet {date}.",
        "en": "Report produced on {date}.",
    },
    "answered": {
        "sv": "{n} personer besvarade enkäten.",
        "da": "{n} personer besvarede spørgeskemaet.",
        "en": "{n} people answered the questionnaire.",
    },
    "response_rate": {
        "sv": "{n} av {invited} inbjudna svarade: en svarsfrekvens på {rate}.",
        "da": "{n} af {invited} inviterede svarede: en svarprocent på {rate}.",
        "en": "{n} of the {invited} invited answered: a response rate of {rate}.",
    },
    "period": {
        "sv": "Svaren lämnades mellan {first} och {last}.",
        "da": "Svarene blev givet mellem {first} og {last}.",
        "en": "Answers were given between {first} and {last}.",
    },
    "period_day": {
        "sv": "Alla svar lämnades {first}.",
        "da": "Alle svar blev givet {first}.",
        "en": "All answers were given on {first}.",
    },
    "versions": {
        "sv": "Enkätversion: {versions}.",
        "da": "Spørgeskemaversion: {versions}.",
        "en": "Questionnaire version: {versions}.",
    },
    "filtered": {
        "sv": "Endast svar där {column} är {values}.",
        "da": "Kun svar hvor {column} er {values}.",
        "en": "Only answers where {column} is {values}.",
    },
    "problems": {
        "sv": "{n} rader i svarsfilen kunde inte läsas helt; de delar som gick att läsa ingår.",
        "da": "{n} rækker i svarfilen kunne ikke læses helt; de dele, der kunne læses, indgår.",
        "en": "{n} rows of the results file could not be read in full; the parts that could "
        "be read are included.",
    },
    "unit_intro": {
        "sv": "Den här återkopplingen gäller {column} {value} ({n} svar) och visar varje "
        "resultat bredvid resultatet för alla ({total} svar).",
        "da": "Denne tilbagemelding gælder {column} {value} ({n} svar) og viser hvert "
        "resultat ved siden af resultatet for alle ({total} svar).",
        "en": "This feedback is for {column} {value} ({n} answers) and shows each result "
        "next to the result for everyone ({total} answers).",
    },
    "asked_heading": {"sv": "Vad vi frågade", "da": "Hvad vi spurgte om", "en": "What was asked"},
    "asked": {
        "sv": "Enkäten hade {questions} frågor under de här rubrikerna:",
        "da": "Spørgeskemaet havde {questions} spørgsmål under disse overskrifter:",
        "en": "The questionnaire had {questions} questions under these headings:",
    },
    "summary_heading": {"sv": "Sammanfattning", "da": "Sammenfatning", "en": "Summary"},
    "scale_line": {
        "sv": "{scale}: medelvärde {mean} på skalan {low}–{high} ({n} svar).",
        "da": "{scale}: gennemsnit {mean} på skalaen {low}–{high} ({n} svar).",
        "en": "{scale}: mean {mean} on the scale {low}–{high} ({n} answers).",
    },
    "scale_empty": {
        "sv": "{scale}: för få svar för ett medelvärde.",
        "da": "{scale}: for få svar til et gennemsnit.",
        "en": "{scale}: too few answers for a mean.",
    },
    "rates_heading": {
        "sv": "Svarsfrekvens per {column}",
        "da": "Svarprocent pr. {column}",
        "en": "Response rate per {column}",
    },
    "questions_heading": {"sv": "Frågorna", "da": "Spørgsmålene", "en": "The questions"},
    "ordinal_line": {
        "sv": "Medelvärde {mean} (95\u00a0% konfidensintervall {ci}), {n} svar.",
        "da": "Gennemsnit {mean} (95\u00a0% konfidensinterval {ci}), {n} svar.",
        "en": "Mean {mean} (95% confidence interval {ci}), {n} answers.",
    },
    "top2_line": {
        "sv": "{top} valde något av de två högsta svaren och {bottom} något av de två lägsta.",
        "da": "{top} valgte et af de to højeste svar og {bottom} et af de to laveste.",
        "en": "{top} chose one of the two highest answers and {bottom} one of the two lowest.",
    },
    "na_line": {
        "sv": "{n} svarade ”{text}” och ingår inte i medelvärdet.",
        "da": "{n} svarede ”{text}” og indgår ikke i gennemsnittet.",
        "en": "{n} answered “{text}” and are not in the mean.",
    },
    "choice_line": {"sv": "{n} svar.", "da": "{n} svar.", "en": "{n} answers."},
    "multi_line": {
        "sv": "{n} svar; man kunde välja flera, så procenten är av dem som svarade.",
        "da": "{n} svar; man kunne vælge flere, så procenten er af dem, der svarede.",
        "en": "{n} answers; several could be chosen, so percentages are of those who answered.",
    },
    "yes_line": {
        "sv": "{yes} svarade ja (95\u00a0% konfidensintervall {ci}), {n} svar.",
        "da": "{yes} svarede ja (95\u00a0% konfidensinterval {ci}), {n} svar.",
        "en": "{yes} answered yes (95% confidence interval {ci}), {n} answers.",
    },
    "number_line": {
        "sv": "Medelvärde {mean}, median {median}, från {min} till {max}; {n} svar.",
        "da": "Gennemsnit {mean}, median {median}, fra {min} til {max}; {n} svar.",
        "en": "Mean {mean}, median {median}, from {min} to {max}; {n} answers.",
    },
    "text_line": {
        "sv": "{n} skrev ett svar; svaren finns under Fritextsvar.",
        "da": "{n} skrev et svar; svarene står under Fritekstsvar.",
        "en": "{n} wrote an answer; the answers are under Free-text answers.",
    },
    "chart_overview": {
        "sv": "Antal svar per alternativ, frågorna ordnade efter andelen som valde något av "
        "de två högsta svaren: {parts}.",
        "da": "Antal svar pr. svarmulighed, spørgsmålene ordnet efter andelen, der valgte et "
        "af de to højeste svar: {parts}.",
        "en": "Number of answers per option, the questions ordered by the share choosing one "
        "of the two highest answers: {parts}.",
    },
    "chart_overview_top": {
        "sv": "Antal svar per alternativ, frågorna ordnade efter andelen som valde det högsta "
        "svaret: {parts}.",
        "da": "Antal svar pr. svarmulighed, spørgsmålene ordnet efter andelen, der valgte det "
        "højeste svar: {parts}.",
        "en": "Number of answers per option, the questions ordered by the share choosing the "
        "highest answer: {parts}.",
    },
    "left_out": {
        "sv": "Inte med i diagrammet: {items}.",
        "da": "Ikke med i diagrammet: {items}.",
        "en": "Not in the chart: {items}.",
    },
    "chart_choice": {
        "sv": "Antal och andel som valde varje alternativ: {parts}.",
        "da": "Antal og andel, der valgte hver svarmulighed: {parts}.",
        "en": "Number and share choosing each option: {parts}.",
    },
    "chart_yes": {
        "sv": "Andel som svarade ja, med 95\u00a0% konfidensintervall: {parts}.",
        "da": "Andel, der svarede ja, med 95\u00a0% konfidensinterval: {parts}.",
        "en": "Share answering yes, with the 95% confidence interval: {parts}.",
    },
    "chart_histogram": {
        "sv": "Antal svar per värde eller intervall: {parts}.",
        "da": "Antal svar pr. værdi eller interval: {parts}.",
        "en": "Number of answers per value or range: {parts}.",
    },
    "chart_means": {
        "sv": "Medelvärde per grupp: {parts}; {everyone}: {mean}.",
        "da": "Gennemsnit pr. gruppe: {parts}; {everyone}: {mean}.",
        "en": "Mean per group: {parts}; {everyone}: {mean}.",
    },
    "scales_heading": {
        "sv": "Skalor och deras tillförlitlighet",
        "da": "Skalaer og deres pålidelighed",
        "en": "Scales and their reliability",
    },
    "scales_intro": {
        "sv": "En skala är medelvärdet av några frågor som mäter samma sak. Cronbachs alfa "
        "säger hur väl frågorna hänger ihop: 0,8 eller mer är bra, 0,7 godtagbart och "
        "under 0,6 svagt.",
        "da": "En skala er gennemsnittet af nogle spørgsmål, der måler det samme. Cronbachs "
        "alfa siger, hvor godt spørgsmålene hænger sammen: 0,8 eller mere er godt, 0,7 "
        "acceptabelt og under 0,6 svagt.",
        "en": "A scale is the mean of a few questions that measure the same thing. "
        "Cronbach's alpha says how well the questions hang together: 0.8 or more is "
        "good, 0.7 acceptable and below 0.6 weak.",
    },
    "alpha_good": {
        "sv": "{scale}: alfa {alpha}, frågorna hänger väl ihop.",
        "da": "{scale}: alfa {alpha}, spørgsmålene hænger godt sammen.",
        "en": "{scale}: alpha {alpha}, the questions hang together well.",
    },
    "alpha_fair": {
        "sv": "{scale}: alfa {alpha}, frågorna hänger godtagbart ihop.",
        "da": "{scale}: alfa {alpha}, spørgsmålene hænger acceptabelt sammen.",
        "en": "{scale}: alpha {alpha}, the questions hang together acceptably.",
    },
    "alpha_doubtful": {
        "sv": "{scale}: alfa {alpha}, frågorna hänger tveksamt ihop; läs skalan med försiktighet.",
        "da": "{scale}: alfa {alpha}, spørgsmålene hænger tvivlsomt sammen; læs skalaen med "
        "forsigtighed.",
        "en": "{scale}: alpha {alpha}, the questions hang together doubtfully; read the "
        "scale with care.",
    },
    "alpha_weak": {
        "sv": "{scale}: alfa {alpha}, frågorna mäter knappast samma sak; se på frågorna var "
        "för sig.",
        "da": "{scale}: alfa {alpha}, spørgsmålene måler næppe det samme; se på dem hver for sig.",
        "en": "{scale}: alpha {alpha}, the questions hardly measure the same thing; look at "
        "them one by one.",
    },
    "alpha_none": {
        "sv": "{scale}: för få svar för att beräkna alfa.",
        "da": "{scale}: for få svar til at beregne alfa.",
        "en": "{scale}: too few answers to compute alpha.",
    },
    "groups_heading": {
        "sv": "Jämförelse efter {column}",
        "da": "Sammenligning efter {column}",
        "en": "Comparison by {column}",
    },
    "groups_intro": {
        "sv": "Medelvärden per grupp. Ett p-värde under 0,05 betyder att skillnaden mellan "
        "grupperna knappast är en slump; effektstorleken säger hur stor den är.",
        "da": "Gennemsnit pr. gruppe. En p-værdi under 0,05 betyder, at forskellen mellem "
        "grupperne næppe er tilfældig; effektstørrelsen siger, hvor stor den er.",
        "en": "Means per group. A p-value below 0.05 means the difference between the groups "
        "is unlikely to be chance; the effect size says how large it is.",
    },
    "suppressed": {
        "sv": "Inte redovisade: {levels}, så att ingen kan pekas ut.",
        "da": "Ikke vist: {levels}, så ingen kan udpeges.",
        "en": "Not shown: {levels}, so that nobody can be singled out.",
    },
    "tests_heading": {
        "sv": "Test av skillnader",
        "da": "Test af forskelle",
        "en": "Tests of differences",
    },
    "text_heading": {"sv": "Fritextsvar", "da": "Fritekstsvar", "en": "Free-text answers"},
    "other_heading": {
        "sv": "{question} – {other}",
        "da": "{question} – {other}",
        "en": "{question} – {other}",
    },
    "no_answers": {"sv": "Inga svar.", "da": "Ingen svar.", "en": "No answers."},
    "methods_heading": {"sv": "Metod", "da": "Metode", "en": "Methods"},
    "method_scores": {
        "sv": "Frågorna besvarades på skalor med heltal. Medelvärden och standardavvikelser "
        "räknas på dem som svarade; ”vet ej” och obesvarade frågor ingår inte. "
        "Konfidensintervallen är t-intervall. En skalpoäng är medelvärdet av skalans "
        "frågor, med omvänt formulerade frågor vända, för den som besvarat tillräckligt "
        "många av dem.",
        "da": "Spørgsmålene blev besvaret på skalaer med heltal. Gennemsnit og "
        "standardafvigelser regnes på dem, der svarede; ”ved ikke” og ubesvarede "
        "spørgsmål indgår ikke. Konfidensintervallerne er t-intervaller. En skalascore "
        "er gennemsnittet af skalaens spørgsmål, med omvendt formulerede spørgsmål "
        "vendt, for den, der har besvaret nok af dem.",
        "en": "Questions were answered on whole-number scales. Means and standard deviations "
        "are of those who answered; “don't know” and unanswered questions are left "
        "out. Confidence intervals are t intervals. A scale score is the mean of the "
        "scale's questions, with reversed questions turned round, for everyone who "
        "answered enough of them.",
    },
    "method_alpha": {
        "sv": "Cronbachs alfa räknas från kovarianser mellan frågorna för alla par av svar som "
        "finns, med Feldts konfidensintervall, som i R:s psych och Pythons pingouin.",
        "da": "Cronbachs alfa beregnes ud fra kovarianser mellem spørgsmålene for alle par af "
        "svar, der findes, med Feldts konfidensinterval, som i R's psych og Pythons "
        "pingouin.",
        "en": "Cronbach's alpha is computed from the covariances of the questions over every "
        "pair of answers present, with Feldt's confidence interval, as in R's psych "
        "and Python's pingouin.",
    },
    "method_tests": {
        "sv": "Två grupper jämförs med Mann–Whitneys test (effektstorlek: rangbiserial "
        "korrelation), fler grupper med Kruskal–Wallis test (effektstorlek: "
        "epsilon²). Testen jämför rangordningar och kräver inte normalfördelning.",
        "da": "To grupper sammenlignes med Mann–Whitneys test (effektstørrelse: rangbiserial "
        "korrelation), flere grupper med Kruskal–Wallis' test (effektstørrelse: "
        "epsilon²). Testene sammenligner rangordener og kræver ikke normalfordeling.",
        "en": "Two groups are compared with the Mann–Whitney test (effect size: rank-biserial "
        "correlation), more groups with the Kruskal–Wallis test (effect size: "
        "epsilon²). The tests compare ranks and do not assume a normal distribution.",
    },
    "method_privacy": {
        "sv": "Inget tal som bygger på färre än {min} svarande redovisas, varken för en grupp, "
        "en fråga eller ett urval; grupper som inte visas ingår inte i testen. När de "
        "dolda grupperna tillsammans har färre än {min} svarande döljs även den näst "
        "minsta, så att ingen liten grupp kan räknas fram ur totalen. Personliga koder "
        "skrivs aldrig ut.",
        "da": "Intet tal, der bygger på færre end {min} besvarelser, vises, hverken for en "
        "gruppe, et spørgsmål eller et udsnit; grupper, der ikke vises, indgår ikke i "
        "testene. Når de skjulte grupper tilsammen har færre end {min} besvarelser, "
        "skjules også den næstmindste, så ingen lille gruppe kan regnes ud fra totalen. "
        "Personlige koder udskrives aldrig.",
        "en": "No number resting on fewer than {min} respondents is reported, for a group, a "
        "question or a selection, and groups not shown take no part in the tests. When "
        "the hidden groups together have fewer than {min} respondents, the next smallest "
        "is hidden too, so that no small group can be worked out from the total. "
        "Personal codes are never printed.",
    },
    "method_suppressed": {
        "sv": "Dolda grupper i den här rapporten: {levels}.",
        "da": "Skjulte grupper i denne rapport: {levels}.",
        "en": "Groups hidden in this report: {levels}.",
    },
    "method_min_group": {
        "sv": "Minsta gruppstorlek är i den här rapporten satt till {min} (standard {default}).",
        "da": "Mindste gruppestørrelse er i denne rapport sat til {min} (standard {default}).",
        "en": "The minimum group size in this report is set to {min} (the default is {default}).",
    },
    "hidden_small": {
        "sv": "Visas inte: färre än {min} har svarat.",
        "da": "Vises ikke: færre end {min} har svaret.",
        "en": "Not shown: fewer than {min} answered.",
    },
    "hidden_complement": {
        "sv": "Visas inte, så att en mindre grupp inte kan räknas fram ur totalen.",
        "da": "Vises ikke, så en mindre gruppe ikke kan regnes ud fra totalen.",
        "en": "Not shown, so that a smaller group cannot be worked out from the total.",
    },
    "reason_small": {
        "sv": "färre än {min} svarande",
        "da": "færre end {min} besvarelser",
        "en": "fewer than {min} answered",
    },
    "reason_small_invited": {
        "sv": "färre än {min} inbjudna",
        "da": "færre end {min} inviterede",
        "en": "fewer than {min} invited",
    },
    "reason_complement": {
        "sv": "så att en mindre grupp inte kan räknas fram",
        "da": "så en mindre gruppe ikke kan regnes ud",
        "en": "so that a smaller group cannot be worked out",
    },
    "no_answer_group": {"sv": "inget svar", "da": "intet svar", "en": "no answer"},
    "col_answer": {"sv": "Svar", "da": "Svar", "en": "Answer"},
    "col_value": {"sv": "Värde", "da": "Værdi", "en": "Value"},
    "col_item": {"sv": "Fråga", "da": "Spørgsmål", "en": "Question"},
    "col_scale": {"sv": "Skala", "da": "Skala", "en": "Scale"},
    "col_group": {"sv": "Grupp", "da": "Gruppe", "en": "Group"},
    "col_n": {"sv": "Antal", "da": "Antal", "en": "Number"},
    "col_pct": {"sv": "Procent", "da": "Procent", "en": "Percent"},
    "col_answered": {
        "sv": "Antal som svarade",
        "da": "Antal, der svarede",
        "en": "Number who answered",
    },
    "col_yes_share": {
        "sv": "Andel som svarade ja",
        "da": "Andel, der svarede ja",
        "en": "Share answering yes",
    },
    "col_n_pct": {
        "sv": "Antal (andel) per svar",
        "da": "Antal (andel) pr. svar",
        "en": "Number (share) per answer",
    },
    "col_top2": {"sv": "Två högsta", "da": "To højeste", "en": "Two highest"},
    "col_bottom2": {"sv": "Två lägsta", "da": "To laveste", "en": "Two lowest"},
    "col_mean": {"sv": "Medelvärde", "da": "Gennemsnit", "en": "Mean"},
    "col_sd": {"sv": "Std.avv.", "da": "Std.afv.", "en": "SD"},
    "col_alpha": {"sv": "Alfa", "da": "Alfa", "en": "Alpha"},
    "col_ci": {"sv": "95\u00a0% KI", "da": "95\u00a0% KI", "en": "95% CI"},
    "col_items": {"sv": "Frågor", "da": "Spørgsmål", "en": "Questions"},
    "col_rest": {
        "sv": "Samband med resten (r)",
        "da": "Sammenhæng med resten (r)",
        "en": "Item-rest r",
    },
    "col_alpha_without": {
        "sv": "Alfa utan frågan",
        "da": "Alfa uden spørgsmålet",
        "en": "Alpha without it",
    },
    "col_test": {"sv": "Test", "da": "Test", "en": "Test"},
    "col_p": {"sv": "p", "da": "p", "en": "p"},
    "col_effect": {"sv": "Effektstorlek", "da": "Effektstørrelse", "en": "Effect size"},
    "col_invited": {"sv": "Inbjudna", "da": "Inviterede", "en": "Invited"},
    "col_rate": {"sv": "Svarsfrekvens", "da": "Svarprocent", "en": "Response rate"},
    "col_all": {"sv": "Alla", "da": "Alle", "en": "Everyone"},
    "hidden": {"sv": "dold", "da": "skjult", "en": "hidden"},
    "mann-whitney": {"sv": "Mann–Whitney", "da": "Mann–Whitney", "en": "Mann–Whitney"},
    "kruskal-wallis": {"sv": "Kruskal–Wallis", "da": "Kruskal–Wallis", "en": "Kruskal–Wallis"},
    "rank_biserial": {"sv": "rangbiserial r", "da": "rangbiserial r", "en": "rank-biserial r"},
    "epsilon_squared": {"sv": "epsilon²", "da": "epsilon²", "en": "epsilon²"},
    "yes": {"sv": "Ja", "da": "Ja", "en": "Yes"},
    "no": {"sv": "Nej", "da": "Nej", "en": "No"},
    "not_chosen": {"sv": "Inte vald", "da": "Ikke valgt", "en": "Not chosen"},
}


def report_language(languages: Sequence[str], lang: str | None) -> str:
    """The language asked for, or the questionnaire's first; refuse one it has no texts in."""
    if lang is None:
        return languages[0]
    if lang not in languages:
        raise SurveyError(
            f"the questionnaire has no texts in {lang!r} (use --lang {' or '.join(languages)})"
        )
    return lang


@dataclass(frozen=True)
class Locale:
    """Number, date and wording conventions of one report language (sv, da or en)."""

    lang: str

    @property
    def _key(self) -> str:
        return self.lang if self.lang in DECIMAL else "en"

    def w(self, key: str, **values: object) -> str:
        """The report's words for `key` in this language, filled in."""
        texts = WORDS[key]
        text = texts.get(self.lang) or texts["en"]
        return text.format(**values) if values else text

    def level(self, questionnaire: Questionnaire, column: str, value: str | None) -> str:
        """A group's name: the choice's text when grouped by a single-choice question."""
        if value is None:
            return self.w("no_answer_group")
        question = questionnaire.question(column)
        choice = question.counted_choice(value) if question is not None else None
        return tr(choice.text, self.lang, value) if choice is not None else str(value)

    def integer(self, value: int | None) -> str:
        if value is None:
            return "–"
        return f"{value:,}".replace(",", THOUSANDS[self._key])

    def number(self, value: float | None, digits: int = 2) -> str:
        """A decimal number with the language's decimal mark; a dash when undefined."""
        if value is None:
            return "–"
        whole, _, fraction = f"{value:,.{digits}f}".partition(".")
        whole = whole.replace(",", THOUSANDS[self._key])
        return f"{whole}{DECIMAL[self._key]}{fraction}" if fraction else whole

    def percent(self, value: float | None, digits: int = 0) -> str:
        """A 0-100 percentage (rounded to a whole number unless `digits` are asked for),
        with the language's decimal mark and percent sign."""
        return "–" if value is None else f"{self.number(value, digits)}{PERCENT[self._key]}"

    def interval(self, pair: list[float] | None, digits: int = 2) -> str:
        if pair is None:
            return "–"
        return f"{self.number(pair[0], digits)}–{self.number(pair[1], digits)}"

    def decimals(self, text: str) -> str:
        """A text of numbers written by the analysis (a histogram bin such as 2.5–4.5) with
        this language's decimal mark."""
        return text.replace(".", DECIMAL[self._key])

    def p_value(self, value: float | None) -> str:
        if value is None:
            return "–"
        if value < 0.001:
            return f"<\u00a0{self.number(0.001, 3)}"
        return self.number(value, 3)

    def date(self, day: dt.date) -> str:
        month = MONTHS[self._key][day.month - 1]
        return DATE_FORMATS[self._key].format(d=day.day, month=month, y=day.year)
