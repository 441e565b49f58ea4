"""Sentence splitting: a table of tricky cases, the sample's glued text, and the sample through extract."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.sentences import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "interpol-european-regional-conference"
DATA = Path(__file__).parent / "data" / "sentences"


def split(text: str, language: str = "en") -> list[str]:
    return [text[s:e].strip() for s, e in sentence_spans(text, language) if text[s:e].strip()]


# (input, expected sentences); English unless the case says otherwise.
CASES: list[tuple[str, list[str]] | tuple[str, list[str], str]] = [
    # plain
    ("One. Two.", ["One.", "Two."]),
    ("Is it? Yes! Good.", ["Is it?", "Yes!", "Good."]),
    ("Really?! Yes.", ["Really?!", "Yes."]),
    ("No end", ["No end"]),
    ("", []),
    ("It rains.\nThen it stops.", ["It rains.", "Then it stops."]),
    ("It costs 5. Then more.", ["It costs 5.", "Then more."]),
    ("I was born in 1990. 2000 was better.", ["I was born in 1990.", "2000 was better."]),
    # titles and abbreviations that never end a sentence
    ("Mr. Smith met Mrs. Jones.", ["Mr. Smith met Mrs. Jones."]),
    ("Dr. Who and Prof. X met. They talked.", ["Dr. Who and Prof. X met.", "They talked."]),
    ("Use fruit, e.g. Apples. Or pears.", ["Use fruit, e.g. Apples.", "Or pears."]),
    ("Some, i.e. The best, stay.", ["Some, i.e. The best, stay."]),
    ("France vs. Brazil ended 1-0.", ["France vs. Brazil ended 1-0."]),
    ("It weighs approx. 5 kg. It is heavy.", ["It weighs approx. 5 kg.", "It is heavy."]),
    ("See Fig. 3 for details.", ["See Fig. 3 for details."]),
    # abbreviations that may end a sentence
    ("Apples, pears, etc. are sold here.", ["Apples, pears, etc. are sold here."]),
    ("Apples, pears, etc. The shop opens at nine.", ["Apples, pears, etc.", "The shop opens at nine."]),
    ("He works for Acme Inc. The firm is big.", ["He works for Acme Inc.", "The firm is big."]),
    ("Acme Ltd. Chief Executive Jo Bloggs spoke.", ["Acme Ltd. Chief Executive Jo Bloggs spoke."]),
    ("He lives on Main St. Next door is a bank.", ["He lives on Main St. Next door is a bank."]),
    ("He lives on Main St. It is quiet.", ["He lives on Main St.", "It is quiet."]),
    ("The U.S. President spoke.", ["The U.S. President spoke."]),
    ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
    ("The U.K. Government and the U.S.A. agreed.", ["The U.K. Government and the U.S.A. agreed."]),
    ("A Ph.D. Student came.", ["A Ph.D. Student came."]),
    ("She has a Ph.D. Then she left.", ["She has a Ph.D.", "Then she left."]),
    ("Fruit (apples, pears, etc.) The rest is veg.", ["Fruit (apples, pears, etc.)", "The rest is veg."]),
    ("Use a list, e.g., Foo or Bar.", ["Use a list, e.g., Foo or Bar."]),
    ("Ask Mr.Smith today.", ["Ask Mr.Smith today."]),
    ("Built ca. 1900 in San Jose, CA. The house stands.", ["Built ca. 1900 in San Jose, CA.", "The house stands."]),
    # numbers
    ("Released v1.2.3. Next comes v2.", ["Released v1.2.3.", "Next comes v2."]),
    ("See No. 5 on the list.", ["See No. 5 on the list."]),
    ("No. The answer is no.", ["No.", "The answer is no."]),
    ("It opens Jan. 12 at noon.", ["It opens Jan. 12 at noon."]),
    ("It grew 3.5 per cent. Sales rose.", ["It grew 3.5 per cent.", "Sales rose."]),
    ("It cost $1,000.50. That was a lot.", ["It cost $1,000.50.", "That was a lot."]),
    ("Version 2.0.1 is out.", ["Version 2.0.1 is out."]),
    # times
    ("We meet at 10 a.m. Monday.", ["We meet at 10 a.m. Monday."]),
    ("We met at 10 a.m. The next day we left.", ["We met at 10 a.m.", "The next day we left."]),
    ("From 9 a.m. to 5 p.m. daily.", ["From 9 a.m. to 5 p.m. daily."]),
    ("It ends at 5 p.m. It starts at 9.", ["It ends at 5 p.m.", "It starts at 9."]),
    # initials
    ("J. R. R. Tolkien wrote it.", ["J. R. R. Tolkien wrote it."]),
    ("Jürgen K. Stock spoke.", ["Jürgen K. Stock spoke."]),
    ("J.R.R. Tolkien wrote it.", ["J.R.R. Tolkien wrote it."]),
    ("We chose plan B. It worked.", ["We chose plan B.", "It worked."]),
    ("John F. Kennedy and George W. Bush.", ["John F. Kennedy and George W. Bush."]),
    # ellipses
    ("Wait... what happened?", ["Wait... what happened?"]),
    ("It ended... Then silence.", ["It ended...", "Then silence."]),
    ("It ended… Then silence.", ["It ended…", "Then silence."]),
    ("Well… maybe.", ["Well… maybe."]),
    # quotes and brackets after the full stop
    ('He said "Go." Then he left.', ['He said "Go."', "Then he left."]),
    ("He said “Go.” Then he left.", ["He said “Go.”", "Then he left."]),
    ("He said ‘Go.’ Then he left.", ["He said ‘Go.’", "Then he left."]),
    ("Il a dit « Va. » Puis il partit.", ["Il a dit « Va. »", "Puis il partit."]),
    ("(See above.) Next comes this.", ["(See above.)", "Next comes this."]),
    ("It is done [sic.] Then we go.", ["It is done [sic.]", "Then we go."]),
    ("“Who?” he asked.", ["“Who?” he asked."]),
    ('"Stop!" she cried. He stopped.', ['"Stop!" she cried.', "He stopped."]),
    ("It ended. “Why?” she asked.", ["It ended.", "“Why?” she asked."]),
    ("It ended. (Nobody came.)", ["It ended.", "(Nobody came.)"]),
    # URLs, e-mail addresses, file names
    ("Visit www.interpol.int for more.", ["Visit www.interpol.int for more."]),
    ("Visit www.interpol.int. The site is new.", ["Visit www.interpol.int.", "The site is new."]),
    ("Write to john.doe@example.org today.", ["Write to john.doe@example.org today."]),
    ("See https://x.org/a.b or x.org/Docs.Html now.", ["See https://x.org/a.b or x.org/Docs.Html now."]),
    ("Install Node.js first.", ["Install Node.js first."]),
    ("Open example.Com in a browser.", ["Open example.Com in a browser."]),
    ("Edit config.JSON and README.md now.", ["Edit config.JSON and README.md now."]),
    ("Extend React.PureComponent or httpx.StatusCodes.", ["Extend React.PureComponent or httpx.StatusCodes."]),
    ("Find VC.Tools.ARM64 and (semver.Range) here.", ["Find VC.Tools.ARM64 and (semver.Range) here."]),
    ("Made in the U.S.A and sold.", ["Made in the U.S.A and sold."]),
    ("Fruit, e.g.Apples, is good.", ["Fruit, e.g.Apples, is good."]),
    # numbered lists
    ("1. Open the file. 2. Close it.", ["1. Open the file.", "2. Close it."]),
    ("Step 1. Open the file.", ["Step 1.", "Open the file."]),
    # glued sentences from scraped pages
    ("the refugee population.Other crimes rose.", ["the refugee population.", "Other crimes rose."]),
    ("the crime group.INTERPOL President spoke.", ["the crime group.", "INTERPOL President spoke."]),
    ("the system (FIELDS).A joint initiative.", ["the system (FIELDS).", "A joint initiative."]),
    ("in 2022.Police cooperation“Since we met.", ["in 2022.", "Police cooperation", "“Since we met."]),
    ("he said.”Next we go.", ["he said.”", "Next we go."]),
    ("he said.“Next we go.", ["he said.", "“Next we go."]),
    ('he said."Next we go.', ["he said.", '"Next we go.']),
    # every glued boundary of the sample press release, verbatim
    (
        "at the INTERPOL European Regional Conference.Meeting in person for the first time since 2019",
        ["at the INTERPOL European Regional Conference.", "Meeting in person for the first time since 2019"],
    ),
    (
        "smuggling among the refugee population.Other crimes linked to the conflict",
        ["smuggling among the refugee population.", "Other crimes linked to the conflict"],
    ),
    (
        "offenders and criminal networks.Financial crimesDelegates will also be briefed",
        ["offenders and criminal networks.", "Financial crimes", "Delegates will also be briefed"],
    ),
    (
        "which was launched earlier this year.Providing a rapid response for victims of fraud",
        ["which was launched earlier this year.", "Providing a rapid response for victims of fraud"],
    ),
    (
        "to combat the Black Axe organized crime group.INTERPOL President Ahmed Naser Al-Raisi said",
        ["to combat the Black Axe organized crime group.", "INTERPOL President Ahmed Naser Al-Raisi said"],
    ),
    (
        "a pillar of its security strategies.“Europe will always find in INTERPOL",
        ["a pillar of its security strategies.", "“Europe will always find in INTERPOL"],
    ),
    (
        "to the rest of the world,” said President Al-Raisi.INTERPOL’s European region remains",
        ["to the rest of the world,” said President Al-Raisi.", "INTERPOL’s European region remains"],
    ),
    (
        "more than one billion searches so far in 2022.Police cooperation“Since we last came together",
        ["more than one billion searches so far in 2022.", "Police cooperation", "“Since we last came together"],
    ),
    (
        "in a safer world,” concluded Secretary General Stock.Identifying areas for enhanced cooperation",
        ["in a safer world,” concluded Secretary General Stock.", "Identifying areas for enhanced cooperation"],
    ),
    (
        "during the three-day (17 – 19 May) meeting.One example of a successful collaboration",
        ["during the three-day (17 – 19 May) meeting.", "One example of a successful collaboration"],
    ),
    (
        "Electronic Library Document System (FIELDS).A joint initiative between INTERPOL and Frontex",
        ["Electronic Library Document System (FIELDS).", "A joint initiative between INTERPOL and Frontex"],
    ),
    (
        'police communication open."\n        Jürgen Stock, INTERPOL Secretary General',
        ['police communication open."', "Jürgen Stock, INTERPOL Secretary General"],
    ),
    # glued headings
    ("It ended.Financial crimesDelegates will meet.", ["It ended.", "Financial crimes", "Delegates will meet."]),
    ("It ended. Police cooperation“Since we met.", ["It ended.", "Police cooperation", "“Since we met."]),
    ("OverviewThe meeting starts.", ["Overview", "The meeting starts."]),
    ("Financial crimesDelegates will meet.", ["Financial crimesDelegates will meet."]),
    ("Enforce all defaultProps have a matching type.", ["Enforce all defaultProps have a matching type."]),
    ("It works. Enforce no accessKey prop on elements.", ["It works.", "Enforce no accessKey prop on elements."]),
    ("It works. See the SublimeLinter docs.", ["It works.", "See the SublimeLinter docs."]),
    ("[readme] Update flatConfig example.", ["[readme] Update flatConfig example."]),
    ("Done. Remove rootDir from Jest path configs.", ["Done.", "Remove rootDir from Jest path configs."]),
    ("Fixed. <1/>: improve cacheKey when used.", ["Fixed.", "<1/>: improve cacheKey when used."]),
    ("Fixed a crash. (<1>#604</1>, thanks <2>@jo</2>)", ["Fixed a crash. (<1>#604</1>, thanks <2>@jo</2>)"]),
    ("He uses JavaScript and PowerPoint.", ["He uses JavaScript and PowerPoint."]),
    ("An iPhone, a McDonald and YouTube.", ["An iPhone, a McDonald and YouTube."]),
    ("On GitHub, LinkedIn and WhatsApp.", ["On GitHub, LinkedIn and WhatsApp."]),
    ("Pay with PayPal on eBay or macOS.", ["Pay with PayPal on eBay or macOS."]),
    ("The DevOps and SharePoint teams.", ["The DevOps and SharePoint teams."]),
    ("Call document.querySelector or readFile(path).", ["Call document.querySelector or readFile(path)."]),
    ('the "quoted"Text stays.', ['the "quoted"Text stays.']),
    # tags stand for inline markup
    ("<1>First.</1> Second.", ["<1>First.</1>", "Second."]),
    ("First. <1>Second.</1>", ["First.", "<1>Second.</1>"]),
    ("<1>Mr.</1> Smith came.", ["<1>Mr.</1> Smith came."]),
    ("It ended.<2/> Then silence.", ["It ended.", "<2/> Then silence."]),
    ("Read <1>the guide</1>. It helps.", ["Read <1>the guide</1>.", "It helps."]),
    # other languages
    ("M. Dupont est venu. Il est parti.", ["M. Dupont est venu.", "Il est parti."], "fr"),
    ("Il y a des fruits, p. ex. Des pommes.", ["Il y a des fruits, p. ex. Des pommes."], "fr"),
    ("El Sr. García llegó. Luego se fue.", ["El Sr. García llegó.", "Luego se fue."], "es"),
    ("Viajó a EE. UU. El viaje fue largo.", ["Viajó a EE. UU.", "El viaje fue largo."], "es"),
    ("¿Vienes? ¡Sí! Vale.", ["¿Vienes?", "¡Sí!", "Vale."], "es"),
    ("Das ist z. B. Obst. Es ist gut.", ["Das ist z. B. Obst.", "Es ist gut."], "de"),
    ("Am 3. Oktober feiern wir. Es ist schön.", ["Am 3. Oktober feiern wir.", "Es ist schön."], "de"),
    ("Er kam um 3. Er ging um 5.", ["Er kam um 3.", "Er ging um 5."], "de"),
    ("Dr. Ana llegó. Mañana se va.", ["Dr. Ana llegó.", "Mañana se va."], "pt"),
    ("هل أنت هنا؟ نعم.", ["هل أنت هنا؟", "نعم."], "ar"),
    ("今日は晴れです。明日は雨です。", ["今日は晴れです。", "明日は雨です。"], "ja"),
    # sentence-final marks of other scripts
    ("هل أنت هنا؟نعم.", ["هل أنت هنا؟", "نعم."], "ar"),
    ("یہ کتاب ہے۔ وہ قلم ہے۔", ["یہ کتاب ہے۔", "وہ قلم ہے۔"], "ur"),
    ("यह किताब है। वह कलम है॥ ठीक है?", ["यह किताब है।", "वह कलम है॥", "ठीक है?"], "hi"),
    ("Բարև Ձեզ։ Ինչպե՞ս եք։", ["Բարև Ձեզ։", "Ինչպե՞ս եք։"], "hy"),
    ("Բարև Ձեզ: Ժամը 10:30 է:", ["Բարև Ձեզ:", "Ժամը 10:30 է:"], "hy"),
    ("Τι ώρα είναι; Είναι δέκα.", ["Τι ώρα είναι;", "Είναι δέκα."], "el"),
    ("Ήρθε, όμως; δεν ξέρω.", ["Ήρθε, όμως; δεν ξέρω."], "el"),
    ("One; Two.", ["One; Two."]),
    ("ሰላም ነው። እንዴት ነህ፧ ደህና ነኝ።", ["ሰላም ነው።", "እንዴት ነህ፧", "ደህና ነኝ።"], "am"),
    ("မင်္ဂလာပါ။ နေကောင်းလား။", ["မင်္ဂလာပါ။", "နေကောင်းလား။"], "my"),
    ("你好！你去哪儿？我去北京。", ["你好！", "你去哪儿？", "我去北京。"], "zh"),
    ("我们去看《摔跤吧！爸爸》好吗？好！", ["我们去看《摔跤吧！爸爸》好吗？", "好！"], "zh"),
    ("彼は「はい。そうです。」と言った。次に行く。", ["彼は「はい。そうです。」と言った。", "次に行く。"], "ja"),
    ("金利は３．２９％です。以上。", ["金利は３．２９％です。", "以上。"], "ja"),
    ("恐れはないのか?ついつい考える!本当だ。", ["恐れはないのか?", "ついつい考える!", "本当だ。"], "ja"),
    # abbreviations and ordinals beyond en, fr, es, de
    ("Г-н Иванов пришёл. Он ушёл в 5 ч. вечера.", ["Г-н Иванов пришёл.", "Он ушёл в 5 ч. вечера."], "ru"),
    ("См. рис. 3 ниже. Всё ясно.", ["См. рис. 3 ниже.", "Всё ясно."], "ru"),
    ("А. С. Пушкин родился в Москве. Он поэт.", ["А. С. Пушкин родился в Москве.", "Он поэт."], "ru"),
    ("Il sig. Rossi è arrivato. Poi è partito.", ["Il sig. Rossi è arrivato.", "Poi è partito."], "it"),
    ("Vedi pag. 5 del libro. Grazie.", ["Vedi pag. 5 del libro.", "Grazie."], "it"),
    ("O Sr. Silva chegou. Depois saiu.", ["O Sr. Silva chegou.", "Depois saiu."], "pt"),
    ("A Profa. Ana deu aula. Foi ótima.", ["A Profa. Ana deu aula.", "Foi ótima."], "pt-BR"),
    ("Dhr. Jansen kwam. Hij bleef.", ["Dhr. Jansen kwam.", "Hij bleef."], "nl"),
    ("Zie nr. 4 en blz. 7. Dat is alles.", ["Zie nr. 4 en blz. 7.", "Dat is alles."], "nl"),
    ("Prof. Nowak przyszedł. Potem wyszedł.", ["Prof. Nowak przyszedł.", "Potem wyszedł."], "pl"),
    ("Zajął 3. miejsce. To dobrze.", ["Zajął 3. miejsce.", "To dobrze."], "pl"),
    ("Vi köpte t.ex. Äpplen och päron. Sedan gick vi.", ["Vi köpte t.ex. Äpplen och päron.", "Sedan gick vi."], "sv"),
    ("Han kom hem osv. Sedan sov han.", ["Han kom hem osv.", "Sedan sov han."], "sv"),
    ("Det var den 3. maj. Hr. Hansen kom.", ["Det var den 3. maj.", "Hr. Hansen kom."], "da"),
    ("Dr. Yılmaz geldi. Sonra gitti.", ["Dr. Yılmaz geldi.", "Sonra gitti."], "tr"),
    ("Bina 15. yüzyılda yapıldı. Çok eski.", ["Bina 15. yüzyılda yapıldı.", "Çok eski."], "tr"),
    ("„Ich komme.“ Er kam.", ["„Ich komme.“", "Er kam."], "de"),
    ("Visit Jane.Doe@example.com today.", ["Visit Jane.Doe@example.com today."]),
    ("Buy: 1.Milk, 2.Eggs. Then go.", ["Buy: 1.Milk, 2.Eggs.", "Then go."]),
    # lists generated from pySBD (Slovak titles) and CLDR (Portuguese), not written here
    ("Prišiel MUDr. Novák. Potom odišiel.", ["Prišiel MUDr. Novák.", "Potom odišiel."], "sk"),
    ("Veja o fasc. 3 da revista. Depois leia.", ["Veja o fasc. 3 da revista.", "Depois leia."], "pt"),
    # a dash opening a line of dialogue
    ("Stanął przed kupcem. - Wejdź do domu!", ["Stanął przed kupcem.", "- Wejdź do domu!"], "pl"),
    ("Он ушёл. — Куда? — Домой.", ["Он ушёл.", "— Куда?", "— Домой."], "ru"),
    ("«Да? – спросила мама. – Завтра». Он кивнул.", ["«Да? – спросила мама. – Завтра».", "Он кивнул."], "ru"),
    ("Open 9 a.m. – 5 p.m. daily.", ["Open 9 a.m. – 5 p.m. daily."]),
    ("- Where is it?\n- Not here yet.", ["- Where is it?\n- Not here yet."]),
    ("- Where is it? - Not here yet.", ["- Where is it? - Not here yet."]),
    ("– Да? – спросила мама. – Завтра.", ["– Да? – спросила мама. – Завтра."], "ru"),
    ("It ended. – and then not.", ["It ended. – and then not."]),
]  # fmt: skip


def _case(item: tuple[str, list[str]] | tuple[str, list[str], str]) -> tuple[str, list[str], str]:
    return (item[0], item[1], item[2]) if len(item) == 3 else (item[0], item[1], "en")


@pytest.mark.parametrize(
    ("text", "expected", "language"), [_case(c) for c in CASES], ids=[str(c[0])[:40] for c in CASES]
)
def test_split(text: str, expected: list[str], language: str) -> None:
    assert split(text, language) == expected


def test_enough_cases() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("source", sorted(DATA.glob("*.txt")), ids=lambda p: p.name)
def test_golden(source: Path) -> None:
    """Each paragraph of a golden file, split, gives the sentences of ``<name>.txt.expect``, one a line."""
    text = source.read_text(encoding="utf-8")
    got = [" ".join(s.split()) for paragraph in re.split(r"\n\s*\n", text) for s in split(paragraph)]
    expected = (DATA / f"{source.name}.expect").read_text(encoding="utf-8").splitlines()
    assert got == expected


@given(
    st.text(alphabet=st.sampled_from(list("aZé .!?…\"”“'()<>/1\n\t:@ABc2•-–;։。「」《》．３؟[]")), max_size=80),
    st.sampled_from(["en", "de", "el", "hy", "ja", "ru"]),
)
def test_spans_cover_the_text_in_order(text: str, language: str) -> None:
    spans = sentence_spans(text, language)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize("language", ["en", "fr", "es", "de", "pt-BR", "ar", "zh_Hans"])
def test_every_language_keeps_the_text(language: str) -> None:
    text = "Mr. A. Smith (no. 5) came at 10 a.m. Then… « Non. » ¿Qué? 今日。"
    assert "".join(text[s:e] for s, e in sentence_spans(text, language)) == text


def _sample_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    shutil.copy(ROOT / "source" / f"{SAMPLE}.txt", project / "source")
    (project / "l10n.toml").write_text(
        '[project]\nname = "Sample"\nsource_language = "en"\nlocales = ["fr"]\nsegmentation = "sentence"\n',
        encoding="utf-8",
    )
    return project


def test_sample_template_has_headings_apart_and_one_pull_quote(tmp_path: Path) -> None:
    project = _sample_project(tmp_path)
    result = CliRunner().invoke(main, ["-C", str(project), "extract"])
    assert result.exit_code == 0, result.output
    pot = polib.pofile(str(project / "locales" / f"{SAMPLE}.pot"))
    by_id = {entry.msgid: entry for entry in pot}
    assert "Financial crimes" in by_id
    assert "Police cooperation" in by_id
    assert by_id["Delegates will also be briefed on the INTERPOL Financial Crime and Anti-Corruption Centre (IFCACC) "
                 "which was launched earlier this year."]  # fmt: skip
    quote = (
        "INTERPOL President Ahmed Naser Al-Raisi said the European region continues to lead in making INTERPOL "
        "a pillar of its security strategies."
    )
    assert len(by_id[quote].occurrences) == 2
    assert not [m for m in by_id if "1 /" in m or m.strip() in {"1", "4"}]
    assert len(pot) == 22


def test_generated_abbreviation_lists_name_their_sources() -> None:
    """pipeline/data/abbreviations.json says where its lists come from (pySBD, CLDR) and holds the languages."""
    data = json.loads((ROOT / "pipeline" / "data" / "abbreviations.json").read_text(encoding="utf-8"))
    assert any("pySBD" in source for source in data["sources"])
    assert any("CLDR" in source for source in data["sources"])
    assert {"da", "de", "es", "fr", "it", "nl", "pl", "pt", "ru"} <= set(data["languages"])
