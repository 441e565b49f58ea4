"""Every check, passing and failing, one table per family of checks.

A row is (check id, locale, source, translation, what the finding must say or
None when the check must stay quiet). Flags and glossary terms come from the
few rows that need them.
"""

from __future__ import annotations

import polib
import pytest

from pipeline.checkers import Term, Unit, target
from pipeline.checkers.names import names
from pipeline.checks import BY_ID, CHECKS, ERROR, check_entry

Row = tuple[str, str, str, str, str | None]


def findings(
    check: str,
    locale: str,
    source: str,
    translation: str,
    flags: tuple[str, ...] = (),
    terms: tuple[Term, ...] = (),
) -> list[str]:
    entry = polib.POEntry(msgid=source, msgstr=translation, flags=list(flags))
    found = check_entry(entry, locale, glossary=terms, enabled=frozenset({"untranslated"}))
    return [f.message for f in found if f.check == check]


def verify(check: str, locale: str, source: str, translation: str, expected: str | None, **extra: object) -> None:
    messages = findings(check, locale, source, translation, **extra)  # type: ignore[arg-type]
    if expected is None:
        assert messages == [], f"{check} should pass: {translation!r}"
    else:
        assert any(expected in m for m in messages), f"{check} should say {expected!r}, said {messages}"


MARKUP: list[Row] = [
    ("placeholders", "fr", "Read <1>the guide</1> now.", "Lisez <1>le guide</1> maintenant.", None),
    ("placeholders", "fr", "Read <1>the guide</1><2/>.", "<2/>Lisez <1>le guide</1>.", None),  # reordered
    ("placeholders", "fr", "Read <1>the guide</1> now.", "Lisez le guide maintenant.", "missing </1>, <1>"),
    ("placeholders", "fr", "<1>a <2>b</2></1>", "<1>a <2>b</1></2>", "out of order"),
    ("html", "fr", 'Go <a href="%s">here</a>.', 'Allez <a href="%s">ici</a>.', None),
    ("html", "fr", "Hello", "Bonjour <sup>1</sup>", None),  # formatting only
    ("html", "fr", "<<original entry>>", "<<entrée originale>>", None),  # not a tag
    ("html", "fr", "Usage: <file>", "Usage : <fichier>", None),  # a metavariable, not HTML
    ("html", "fr", 'Go <a href="%s">here</a>.', 'Allez <a href="%s" onclick="x()">ici</a>.', "event handler onclick"),
    ("html", "fr", 'Go <a href="%s">here</a>.', 'Allez <a href="%s" style="x">ici</a>.', "new attribute style"),
    ("html", "fr", "Hello", 'Bonjour <img src="x">', "new tag <img>"),
    ("html", "fr", "Hello", '<a href="javascript:alert(1)">Bonjour</a>', "script URL"),
    ("html", "fr", "<b>Bold</b> text", "<b>Gras</b texte", "opened 1 times but closed 0"),
    ("urls", "fr", "See https://example.org/docs.", "Voir https://example.org/docs.", None),
    ("urls", "fr", "See https://example.org/en/docs.", "Voir https://example.org/fr/docs.", None),  # localised
    ("urls", "zh_CN", "See https://example.org/.", "见 https://example.org/。", None),
    ("urls", "fr", "See https://example.org/docs.", "Voir https://example.com/docs.", "missing https://example.org"),
    ("urls", "fr", "Write to help@example.org.", "Écrivez à aide@example.org.", "not in the source: aide@example"),
    ("format", "fr", "%(count)d files in %(dir)s", "%(dir)s : %(count)d fichiers", None),
    ("format", "fr", "%(count)d files", "%(count)s fichiers", "missing %(count)d"),
    ("format", "fr", "%s of %d", "%d de %s", "directives %s %d in the source"),
    ("format", "fr", "%1$s of %2$d", "%2$d de %1$s", None),
    ("format", "fr", "{name} has {count} items", "{name} a {count} éléments", None),
    ("format", "fr", "{name} has {count} items", "{nom} a {count} éléments", "missing {name}"),
    ("format", "fr", "{name} has items", "{name] a des éléments", "unbalanced"),
]
FORMAT_FLAGS = {
    "%(count)d": ("python-format",),
    "%s of": ("c-format",),
    "%1$s": ("c-format",),
    "{name}": ("python-brace-format",),
}


@pytest.mark.parametrize(("check", "locale", "source", "translation", "expected"), MARKUP)
def test_markup_checks(check: str, locale: str, source: str, translation: str, expected: str | None) -> None:
    flags = next((f for key, f in FORMAT_FLAGS.items() if source.startswith(key) or key in source), ())
    verify(check, locale, source, translation, expected, flags=flags)


NUMBERS: list[Row] = [
    ("numbers", "fr", "Some 120 officers from 50 countries.", "Quelque 120 policiers de 50 pays.", None),
    ("numbers", "fr", "From 50 countries, 120 officers.", "120 policiers de 50 pays.", None),  # reordered
    ("numbers", "fr", "122 million people", "122 millions de personnes", None),
    ("numbers", "fr", "50 per cent", "50 %", None),
    ("numbers", "fr", "It costs 1,000.5 euros.", "Cela coûte 1 000,5 euros.", None),
    ("numbers", "fr", "It costs 1,000.5 euros.", "Cela coûte 1\u202f000,5 euros.", None),
    ("numbers", "es", "It costs 1,000.5 euros.", "Cuesta 1.000,5 euros.", None),
    ("numbers", "de", "It costs 1,000,000 euros.", "Es kostet 1.000.000 Euro.", None),
    ("numbers", "ar", "Since 2019, 120 officers.", "منذ ٢٠١٩، ١٢٠ ضابطا.", None),  # Arabic-Indic digits
    ("numbers", "fr", "Three officers.", "3 policiers.", None),  # small numbers may be words
    ("numbers", "fr", "9 officers.", "Neuf policiers.", None),
    ("numbers", "ja", "150 characters or fewer.", "150文字以下。", None),
    ("numbers", "fr", "At 6 p.m.", "À 18 h.", None),
    ("numbers", "fr", "Version 2.5.1 is out.", "La version 2.5.1 est sortie.", None),
    ("numbers", "fr", "Some 120 officers from 50 countries.", "Quelque 210 policiers de 50 pays.", "missing 120"),
    ("numbers", "fr", "Held since 2019.", "Tenue depuis 2018.", "not in the source: 2018"),
    ("numbers", "es", "It costs 1,000.5 euros.", "Cuesta 1.000,6 euros.", "missing 1000.5"),
    ("numbers", "fr", "Wait 3 seconds.", "Attendez 4 secondes.", "not in the source: 4"),  # small ones too
    ("numbers", "fr", "Wait three seconds.", "Attendez 4 secondes.", "not in the source: 4"),
    ("numbers", "ja", "September", "9月", None),  # a month
    ("numbers", "fr", "Add a file", "Ajouter 1 fichier", None),
    ("numbers", "hi", "Since 2019.", "२०१९ से।", None),  # Devanagari digits
    ("numbers", "hi", "Since 2019.", "२०१८ से।", "not in the source: 2018"),
    ("numbers", "fr", "The mantissa holds 2⁵² values.", "La mantisse a 2⁵³ valeurs.", None),  # superscripts: no crash
    ("numbers", "fr", "Pi is 3." + "1" * 5000, "Pi vaut 3," + "1" * 5000, None),  # longer than int() takes
]


@pytest.mark.parametrize(("check", "locale", "source", "translation", "expected"), NUMBERS)
def test_number_checks(check: str, locale: str, source: str, translation: str, expected: str | None) -> None:
    verify(check, locale, source, translation, expected)


TEXT: list[Row] = [
    ("untranslated", "fr", "Hello world", "", "not translated"),
    ("untranslated", "fr", "Hello world", "Bonjour", None),
    ("unchanged", "fr", "The conference opens today.", "La conférence s'ouvre aujourd'hui.", None),
    ("unchanged", "fr", "INTERPOL", "INTERPOL", None),  # acronym
    ("unchanged", "fr", "Jürgen Stock", "Jürgen Stock", None),  # proper name
    ("unchanged", "fr", "%(count)s / %(total)s", "%(count)s / %(total)s", None),  # nothing to translate
    ("unchanged", "fr", "settings.py", "settings.py", None),  # code
    ("unchanged", "fr", "Total", "Total", None),  # one word, often the same
    ("unchanged", "fr", "The conference opens today.", "The conference opens today.", "same as the source"),
    ("whitespace", "fr", "Name: ", "Nom : ", None),
    ("whitespace", "fr", "\n    View: <1/>\n", "\nVue : <1/>\n", None),  # template indentation
    ("whitespace", "fr", "Name: ", "Nom :", "trailing whitespace"),
    ("whitespace", "fr", "Name", " Nom", "leading whitespace"),
    ("whitespace", "fr", "The name", "Le  nom", None),  # a doubled space is invisible; --fix still removes it
    ("whitespace", "fr", "Name", "Nom ", None),  # so is a trailing space the source lacks
    ("whitespace", "fr", "Name", "Nom\n", "trailing whitespace"),  # a line break is not
    ("punctuation", "fr", "Are you sure?", "Êtes-vous sûr ?", None),  # French space before ?
    ("punctuation", "fr", "Name:", "Nom :", None),
    ("punctuation", "fr", "He said “yes.”", "Il a dit « oui ».", None),  # guillemets
    ("punctuation", "es", "Are you sure?", "¿Está seguro?", None),
    ("punctuation", "ar", "Are you sure?", "هل أنت متأكد؟", None),
    ("punctuation", "ar", "Names, dates", "الأسماء، التواريخ", None),
    ("punctuation", "ja", "The file is empty.", "ファイルが空です。", None),
    ("punctuation", "hi", "The file is empty.", "फ़ाइल खाली है।", None),
    ("punctuation", "th", "The file is empty.", "ไฟล์ว่างเปล่า", None),  # Thai needs no full stop
    ("punctuation", "el", "Are you sure?", "Είστε σίγουροι;", None),  # Greek question mark
    ("punctuation", "fr", "Feb.", "févr", None),  # an abbreviation, not a sentence
    ("punctuation", "fr", "Hello", "Bonjour.", None),
    ("punctuation", "fr", "Are you sure?", "Êtes-vous sûr.", "ends with a full stop, the source with a question"),
    ("punctuation", "fr", "Deleted:", "Supprimé", "ends with no punctuation, the source with a colon"),
    ("punctuation", "fr", "The conference opens today in Lyon.", "La conférence s'ouvre aujourd'hui à Lyon", None),
    ("punctuation", "fr", "The conference opens today in Lyon with delegates.", "La conférence", "cut off?"),
    ("length", "fr", "The conference will be held in Lyon next week.", "La conférence aura lieu à Lyon.", None),
    ("length", "ja", "The conference will be held in Lyon next week.", "会議は来週リヨンで開催されます。", None),
    ("length", "fr", "Short", "Une traduction beaucoup trop longue pour un mot", None),  # short source exempt
    ("length", "fr", "This object doesn't have a change history at all, and never had one.", "Non.", "times as long"),
    (
        "length",
        "fr",
        "The conference will be held in Lyon next week.",
        "La conférence aura lieu à Lyon la semaine prochaine, et puis encore une fois, "
        "et puis encore une fois, et puis encore une fois, et puis encore une fois, et puis encore.",
        "times as long",
    ),
    ("repeats", "fr", "You can do it.", "Vous vous pouvez le faire.", None),  # grammatical "vous vous"
    ("repeats", "fr", "Theme (current theme: dark)", "Thème (thème actuel : sombre)", None),
    ("repeats", "it", "%(value)s nonillion", "%(value)s miliardi di miliardi di miliardi", None),
    ("repeats", "hi", "Add another item", "एक और आइटम जोड़ें", None),  # combining marks are not words
    ("repeats", "fr", "The file is here.", "Le le fichier est ici.", "doubled word 'le le'"),
    ("repeats", "es", "The police", "La policía de la policía de la policía de la policía", "repeated in a loop"),
    (
        "repeats",
        "fr",
        "Sync with files.",
        "Synchronisez avec des fichiers. avec des fichiers. avec des fichiers.",
        "in a loop",
    ),
    ("repeats", "fr", "Yes or no", "Oui ou non, oui ou non", None),  # a phrase said twice is not a loop
    ("repeats", "fr", "Go to the next page now", "Allez à la page suivante à la page suivante", "in a loop"),
    # Eight words: too few for a three-word phrase said three times, enough for a four-word one said twice.
    ("repeats", "fr", "Open the new file", "ouvrir le nouveau fichier ouvrir le nouveau fichier", "in a loop"),
    ("engine-marks", "es", "The policing officials", "Los *policing oficiales", "engine mark '*policing'"),
    ("engine-marks", "es", "The officials", "Los #oficial", "engine mark '#oficial'"),
    ("engine-marks", "es", "Use *args here", "Use *args aquí", None),  # in the source too
    ("engine-marks", "es", "Very important", "Muy *importante*", None),  # emphasis
    ("engine-marks", "hi", "invalid regex %r", "अमान्य रेगएक्स #regex# %r", None),  # a gloss
]


@pytest.mark.parametrize(("check", "locale", "source", "translation", "expected"), TEXT)
def test_text_checks(check: str, locale: str, source: str, translation: str, expected: str | None) -> None:
    verify(check, locale, source, translation, expected)


SCRIPTS: list[Row] = [
    ("bidi", "ar", "Version %s", "الإصدار \u2068%s\u2069", None),  # balanced isolate in RTL
    ("bidi", "ar", "Hello", "\u200fمرحبا", None),  # RLM in RTL
    ("bidi", "ckb", "%(num)d minute", "\u202b%(num)d خولەک", None),  # legacy RLE in RTL
    ("bidi", "th", "Hello world", "สวัสดี\u200bชาวโลก", None),  # ZWSP marks word breaks in Thai
    ("bidi", "fa", "Settings", "تنظیمات\u200cها", None),  # ZWNJ is part of Persian spelling
    ("bidi", "fr", "Access granted", "Accès \u202eaccordé", "RLO"),
    ("bidi", "ar", "Access granted", "تم \u202eالوصول", "RLO"),
    ("bidi", "fr", "Version %s", "Version \u2066%s\u2069", "left-to-right locale"),
    ("bidi", "ar", "Version %s", "الإصدار \u2067%s", "unbalanced"),
    ("bidi", "fr", "Hello", "Bon\u200bjour", "ZERO WIDTH SPACE"),
    ("bidi", "es", "Hello world", "Hola\x00mundo", "U+0000 (C gettext ends the message there)"),
    ("bidi", "es", "Warning", "\x1b[31mAviso", "control character U+001B"),
    ("bidi", "es", "Name:\tvalue\n", "Nombre:\tvalor\n", None),  # tab and line feed are text
    ("bidi", "fr", "Hello", "\u200fBonjour", "RLM in a left-to-right locale"),
    ("script", "ar", "The conference opens today in Lyon.", "يفتتح المؤتمر اليوم في ليون.", None),
    ("script", "ar", "INTERPOL and Frontex met today.", "اجتمع INTERPOL و Frontex اليوم.", None),  # names kept
    ("script", "ja", "Run make html", "make html を実行します", None),
    ("script", "udm", "Enter a valid date.", "Шонер дата гожтэ.", None),  # CLDR does not know udm: no judgement
    ("script", "ar", "The conference opens today.", "La conferencia se inaugura hoy en Lyon.", "mostly Latin"),
    ("script", "ru", "The conference opens today.", "La conférence ouvre aujourd'hui à Lyon.", "expected Cyrl"),
]


@pytest.mark.parametrize(("check", "locale", "source", "translation", "expected"), SCRIPTS)
def test_script_checks(check: str, locale: str, source: str, translation: str, expected: str | None) -> None:
    verify(check, locale, source, translation, expected)


GLOSSARY = (Term("INTERPOL", "", True), Term("Secretary General", "Secrétaire général"))
TERMS: list[Row] = [
    ("terms", "fr", "The INTERPOL Secretary General spoke.", "Le Secrétaire général d'INTERPOL a parlé.", None),
    ("terms", "fr", "The Secretary General spoke.", "Les secrétaires généraux ont parlé.", None),  # inflected
    ("terms", "fr", "The weather is fine.", "Il fait beau.", None),  # no term in the source
    ("terms", "fr", "INTERPOL met.", "Interpol s'est réuni.", "do-not-translate term 'INTERPOL'"),
    ("terms", "fr", "The Secretary General spoke.", "Le directeur a parlé.", "'Secrétaire général' (glossary)"),
]


@pytest.mark.parametrize(("check", "locale", "source", "translation", "expected"), TERMS)
def test_glossary_checks(check: str, locale: str, source: str, translation: str, expected: str | None) -> None:
    verify(check, locale, source, translation, expected, terms=GLOSSARY)


VARIABLES: list[Row] = [
    # No format flag on these entries: catalogs from other tools often lack it.
    ("variables", "fr", "Hello %(user)s, you have %d messages", "Bonjour %(user)s, vous avez %d messages", None),
    ("variables", "fr", "Hello %(user)s", "Bonjour %(utilisateur)s", "missing %(user)s; not in the source: %(ut"),
    ("variables", "fr", "Open %s now", "Ouvrez maintenant", "missing %s"),
    ("variables", "fr", "Copy %1$s to %2$s", "Copiez %2$s vers %1$s", None),  # reordered
    ("variables", "fr", "Hello {name}", "Bonjour {nom}", "missing {name}"),
    ("variables", "fr", "Hello {0}", "Bonjour", "missing {0}"),
    ("variables", "fr", "Saved to ${path}", "Enregistré dans ${chemin}", "missing ${path}"),
    ("variables", "fr", "You have {{ count }} files", "Vous avez {{count}} fichiers", None),  # spacing is free
    ("variables", "fr", "You have {{ count }} files", "Vous avez {{ compte }} fichiers", "missing {{count}}"),
    ("variables", "fr", "Run ``make test`` first", "Lancez d'abord ``faire test``", "missing ``make test``"),
    ("variables", "fr", "Call :func:`len` here", "Appelez :func:`longueur` ici", "missing :func:`len`"),
    ("variables", "fr", "See :ref:`the guide <guide>`", "Voir :ref:`le guide <guide>`", None),  # text translated
    ("variables", "fr", "See :term:`API`", "Voir :term:`interface <API>`", None),  # the same term
    ("variables", "fr", "Run `make` first", "Lancez d'abord make", "missing `make`"),
    ("variables", "fr", "Read `the docs <https://x.org/>`_", "Lisez `la doc <https://x.org/>`_", None),
    ("variables", "fr", "50% of files", "50 % des fichiers", None),  # a percent sign, not a directive
    ("variables", "fr", "Save", "Enregistrer {0}", "not in the source: {0}"),
]


@pytest.mark.parametrize(("check", "locale", "source", "translation", "expected"), VARIABLES)
def test_variables_everywhere(check: str, locale: str, source: str, translation: str, expected: str | None) -> None:
    verify(check, locale, source, translation, expected)


def test_variables_are_errors_on_entries_flagged_as_format_strings() -> None:
    entry = polib.POEntry(msgid="Run ``make`` for %(user)s", msgstr="Lancez ``faire`` pour %(user)s")
    assert [f.severity for f in check_entry(entry, "fr") if f.check == "variables"] == ["warning"]
    entry.flags = ["python-format"]
    assert [f.severity for f in check_entry(entry, "fr") if f.check == "variables"] == [ERROR]


NAMES: list[Row] = [
    (
        "names",
        "fr",
        "Ahmed Naser Al-Raisi was elected.",
        "Ahmed Naser Au-Raisi a été élu.",
        "'Al-Raisi' changed to 'Au-Raisi'",
    ),
    ("names", "fr", "Ahmed Naser Al-Raisi was elected.", "Ahmed Naser Al-Raisi a été élu.", None),
    ("names", "fr", "The report was written by Sean O'Brien.", "Le rapport a été écrit par Sean O'Brian.", "O'Brien"),
    ("names", "fr", "Please ask INTERPOL for the notice.", "Demandez la notice à Interpol.", "'INTERPOL'"),
    ("names", "fr", "Install the Python package first.", "Installez d'abord le paquet Python.", None),
    ("names", "fi", "Install the Python package first.", "Asenna ensin Pythonin paketti.", None),  # inflected
    ("names", "cs", "This requires the Django framework.", "To vyžaduje framework Djangu.", None),  # declined
    ("names", "fr", "Police arrested two suspects today.", "La police a arrêté deux suspects.", None),  # initial
    ("names", "fr", "Change Your Account Password Now", "Changez le mot de passe", None),  # Title Case: a label
    ("names", "fr", "Timor-Leste", "Timor oriental", None),  # a one-word label: localised
    ("names", "ja", "Install the Python package first.", "最初にパイソンのパッケージをインストールします。", None),
    ("names", "ja", "Send it to INTERPOL and the Django team.", "Django チームに送ってください。", "'INTERPOL'"),
    ("names", "ru", "Deluge uses the Python library here.", "Deluge использует библиотеку Pyhton.", "'Python'"),
    ("names", "fr", "Ask Jürgen Stock about it now.", "Demandez à Jurgen Stock maintenant.", "'Jürgen'"),
]
# A one-letter variant of a capitalised word is an alteration even where the word itself may be translated
# (key names, institutions): a translator who translates it writes another word ("Entrée"), not "Euter".
NEAR_MISSES: list[Row] = [
    (
        "names",
        "ru",
        "Please press Enter to accept the default value.",
        "Нажмите Euter, чтобы принять значение.",
        "name 'Enter' changed to 'Euter'",
    ),
    (
        "names",
        "zh_TW",
        "Please enter a new root path (or just Enter to exit)",
        "請輸入一個新的根路徑（或直接按 Enteu 離開）",
        "name 'Enter' changed to 'Enteu'",
    ),
    ("names", "fr", "Please press Enter to accept the default value.", "Tapez Entrée pour accepter la valeur.", None),
    ("names", "ru", "Please press Enter to accept the default value.", "Нажмите Enter, чтобы принять значение.", None),
    (
        "names",
        "es",
        "Local Service Discovery finds local peers on your network.",
        "Local Service Duscovery encuentra pares locales en su red.",
        "name 'Discovery' changed to 'Duscovery'",
    ),
    (
        "names",
        "es",
        "Local Service Discovery finds local peers on your network.",
        "El descubrimiento de servicios locales encuentra pares en su red.",
        None,
    ),  # translated: no variant
    (
        "names",
        "tg",
        "Enter a valid IPv6 address.",
        "Шакли ҳақиқии IPv4-суроғаро ворид кунед.",
        "name 'IPv6' changed to 'IPv4'",
    ),  # Django 5.2's Tajik catalog: a Latin name in Cyrillic
    ("names", "pl", "Ahmed Naser Al-Raisi was elected.", "Wybrano Ahmeda Nasera Al-Raisiego.", None),  # declined
    (
        "names",
        "pl",
        "Ahmed Naser Al-Raisi was elected.",
        "Wybrano Ahmeda Nasera Au-Raisiego.",
        "name 'Al-Raisi' changed to 'Au-Raisiego'",
    ),  # changed, then declined
    ("names", "fi", "This requires the Django framework.", "Tämä vaatii Djangoa.", None),
    (
        "names",
        "es",
        "You may modify it under the terms of the GNU General Public License.",
        "Puede modificarlo según los términos de la Licencia Pública General de GNU.",
        None,
    ),  # respelled: Pública
    ("names", "ca", "The value must be either True or False.", "El valor ha de ser Cert o Fals.", None),
    (
        "names",
        "fr",
        "Deluge uses the Python library here.",
        "Deluge utilise ici la bibliothèque Pyhton.",
        "name 'Python' changed to 'Pyhton'",
    ),  # two letters swapped
    (
        "names",
        "zh_TW",
        "The directive is documented in the ``sphinx.ext.autosummary`` Python module.",
        "此指令的格式被記錄在 ``sphinx.ext.autosummary`` Pythou 模組中。",
        "name 'Python' changed to 'Pythou'",
    ),  # a code span does not end a sentence
    (
        "names",
        "fr",
        "We recommend changing the default password.<br><br>Would you like to change it now?",
        "Nous recommandons de changer le mot de passe.<br><br>Souhaitez-vous le changer maintenant ?",
        None,
    ),  # a tag does
    (
        "names",
        "nl",
        "Please activate JavaScript to enable the search functionality.",
        "Activeer JavaSscript om de zoekfunctionaliteit in te schakelen.",
        "name 'JavaScript' changed to 'JavaSscript'",
    ),  # Sphinx 9.0.4's Dutch catalog: a letter doubled
    ("names", "es", "The lecture was given by Professor Smith today.", "La charla la dio hoy el Profesor Smith.", None),
]
NAME_GLOSSARY = (Term("Jürgen Stock", "Juergen Stock"),)


@pytest.mark.parametrize(("check", "locale", "source", "translation", "expected"), NEAR_MISSES)
def test_a_one_letter_variant_of_a_capitalised_word_is_reported(
    check: str, locale: str, source: str, translation: str, expected: str | None
) -> None:
    verify(check, locale, source, translation, expected)


@pytest.mark.parametrize(("check", "locale", "source", "translation", "expected"), NAMES)
def test_names_are_kept(check: str, locale: str, source: str, translation: str, expected: str | None) -> None:
    verify(check, locale, source, translation, expected)


def test_a_word_the_catalog_writes_in_lower_case_may_take_the_languages_own_ending() -> None:
    # Wagtail 8.0.1's catalogs: "Results" and "Redirect" are ordinary words there ("results", "redirect").
    vocabulary = frozenset({"promoted", "results", "redirect", "redirects"})
    source = "An exact match is required for your Promoted Results to be displayed."

    def said(locale: str, translation: str) -> list[str]:
        return list(names(Unit(source, translation, target(locale), vocabulary=vocabulary)))

    assert said("pt_PT", "É necessária uma correspondência exata para que os seus Resultados sejam exibidos.") == []
    assert said("sv", "En exakt match är nödvändig för att dina Främjade Resultat ska synas.") == []
    assert said("pt_PT", "É necessária uma correspondência exata para que os seus Rusults sejam exibidos.") == [
        "name 'Results' changed to 'Rusults'"
    ]


def test_a_name_the_glossary_translates_is_left_to_the_terms_check() -> None:
    found = findings("names", "fr", "Ask Jürgen Stock about it now.", "Demandez à Juergen Stock.", terms=NAME_GLOSSARY)
    assert found == []


PLURALS: list[tuple[str, str, dict[int, str], int, str | None]] = [
    ("fr", "%(n)d file", {0: "%(n)d fichier", 1: "%(n)d fichiers"}, 2, None),
    # A third form beyond nplurals=2: the catalog-wide plural_excess error, not this check (test_checks_project).
    ("fr", "%(n)d file", {0: "%(n)d fichier", 1: "%(n)d fichiers", 2: "%(n)d fichiers"}, 2, None),  # CLDR's 3
    ("ar", "%(n)d file", {0: "a", 1: "b", 2: "c", 3: "d", 4: "e", 5: "f"}, 6, None),
    ("he", "%(n)d file", {0: "a", 1: "b", 2: "c"}, 4, "3 plural forms but the Plural-Forms header says 4"),
    ("ru", "%(n)d file", {0: "%(n)d файл", 1: "", 2: "%(n)d файлов"}, 3, "msgstr[1] is empty"),
    ("ja", "%(n)d file", {0: "%(n)d ファイル"}, 1, None),
    # No Plural-Forms header: the count is the language's, and the message must not invent a header.
    ("ar", "%(n)d file", {0: "a", 1: "b"}, 0, "2 plural forms but 'ar' has 6 (the catalog has no Plural-Forms header)"),
]


@pytest.mark.parametrize(("locale", "source", "forms", "nplurals", "expected"), PLURALS)
def test_plural_forms(locale: str, source: str, forms: dict[int, str], nplurals: int, expected: str | None) -> None:
    entry = polib.POEntry(msgid=source, msgid_plural=source + "s", msgstr_plural=forms, flags=["python-format"])
    found = [f for f in check_entry(entry, locale, nplurals=nplurals) if f.check == "plurals"]
    if expected is None:
        assert found == []
    else:
        assert [f.severity for f in found] == [ERROR] and expected in found[0].message


def test_plural_form_may_leave_out_the_count_but_not_add_a_directive() -> None:
    entry = polib.POEntry(
        msgid="%(count)s file was changed",
        msgid_plural="%(count)s files were changed",
        msgstr_plural={0: "Un fichier a été modifié", 1: "%(count)s fichiers ont été modifiés", 2: "%(total)s"},
        flags=["python-format"],
    )
    messages = [f.message for f in check_entry(entry, "fr") if f.check == "format"]
    assert messages == ["python-format directive %(total)s is not in the source"]


def test_every_check_has_rows_in_a_table() -> None:
    tables = MARKUP + NUMBERS + TEXT + SCRIPTS + TERMS + VARIABLES + NAMES
    covered = {row[0] for row in tables} | {"plurals", "subtitles"}  # tested in their own tables and files
    for check in CHECKS:
        assert check.id in covered, f"no test rows for {check.id}"
        rows = [row for row in tables if row[0] == check.id]
        if check.id not in ("plurals", "subtitles"):
            assert any(r[4] is None for r in rows) and any(r[4] for r in rows), f"{check.id} needs both cases"


def test_registry_titles_and_severities() -> None:
    assert len(BY_ID) == len(CHECKS)
    for check in CHECKS:
        assert check.severity in {"error", "warning"}
        assert check.title and not check.title.startswith(check.id)
    assert {c.id for c in CHECKS if c.severity == ERROR} == {"placeholders", "html", "format", "plurals", "bidi"}


def test_a_lone_entry_has_no_path_and_line_zero() -> None:
    entry = polib.POEntry(msgid="Read <1>this</1>.", msgstr="Lisez ceci.")
    (finding,) = check_entry(entry, "fr")
    assert (finding.path, finding.line, finding.msgid, finding.check) == ("", 0, "Read <1>this</1>.", "placeholders")


def test_a_translator_comment_silences_one_check_on_one_entry() -> None:
    entry = polib.POEntry(msgid="Held since 2019.", msgstr="Tenue depuis 2018 .", tcomment="l10n: ignore numbers")
    assert {f.check for f in check_entry(entry, "fr")} == set()  # French space before "." is not flagged either
    entry.msgstr = " Tenue depuis 2018."
    assert {f.check for f in check_entry(entry, "fr")} == {"whitespace"}


def test_disabled_checks_do_not_run() -> None:
    entry = polib.POEntry(msgid="Held since 2019?", msgstr="Tenue depuis 2018")
    assert {f.check for f in check_entry(entry, "fr")} == {"numbers", "punctuation"}
    assert check_entry(entry, "fr", disabled=frozenset({"numbers", "punctuation"})) == []


def test_pseudo_locales_get_structural_checks_only() -> None:
    entry = polib.POEntry(msgid="Read <1>this</1>.", msgstr="\u202e[Ŕéåð <1>ţĥîš</1>· · ·]\u202c")
    assert check_entry(entry, "ar-XB") == []
    entry.msgstr = "\u202e[Ŕéåð ţĥîš· · ·]\u202c"
    assert [f.check for f in check_entry(entry, "ar-XB")] == ["placeholders"]


def test_docs_list_the_registry() -> None:
    from pathlib import Path

    from pipeline.report import check_list

    docs = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    listed = docs.split("<!-- checks:list -->\n", 1)[1].split("<!-- /checks:list -->", 1)[0]
    assert listed.strip() == check_list(markdown=True), "regenerate the table of checks in README.md from the registry"


def test_the_length_check_counts_every_wide_character_as_two_columns() -> None:
    """Its fast path takes text below WIDE_FROM as one column a character; Unicode must agree."""
    import unicodedata

    from pipeline.checkers.text import WIDE_FROM, _width

    assert not [c for c in range(ord(WIDE_FROM)) if unicodedata.east_asian_width(chr(c)) in "WF"]
    assert _width("Ελληνικά") == 8 and _width("日本語のテキスト") == 16 and _width("é" * 5) == 5
