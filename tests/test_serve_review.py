"""The review loop through Flask's test client: pages, search, undo, blocked approvals, signatures, plurals."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from pipeline import catalog, config
from pipeline.checkers import Term
from pipeline.cli import main
from pipeline.review import State, mark_machine, state
from pipeline.serve import store
from pipeline.serve.app import create_app
from pipeline.serve.identity import reviewer_from_git, valid_reviewer
from pipeline.serve.views import Run, highlight, runs
from tests.test_serve import COUNT, HEADING, TAGGED, copy_project, entry, open_page, po_path, post
from tests.test_serve import EMPTY as EMPTY_TEXT

REVIEWER = "Ana Ruiz <ana@example.org>"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


@pytest.fixture
def client(root: Path) -> FlaskClient:
    return create_app(config.load(root), reviewer=REVIEWER).test_client()


def big_catalog(root: Path, count: int) -> Path:
    """The Spanish catalog replaced by ``count`` numbered machine entries, with comments and references."""
    po = catalog.read(po_path(root))
    del po[:]
    for i in range(1, count + 1):
        e = polib.POEntry(
            msgid=f"Sentence number {i} about {'apples' if i % 10 == 0 else 'pears'}.",
            occurrences=[("source/press.md", str(i))],
            tcomment="ask the legal team" if i == 77 else "",
        )
        mark_machine(e, f"Frase número {i}.", "apertium eng-spa 3.9.4")
        po.append(e)
    catalog.save(po, po_path(root))
    return po_path(root)


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-number="(\d+)"', text)]


def test_a_long_catalog_is_shown_a_page_at_a_time(client: FlaskClient, root: Path) -> None:
    big_catalog(root, 120)
    first = client.get("/doc/es/press").get_data(as_text=True)
    assert numbers(first) == list(range(1, 51))
    assert "page 1 of 3" in first and 'href="/doc/es/press?page=2"' in first
    last = client.get("/doc/es/press?page=3").get_data(as_text=True)
    assert numbers(last) == list(range(101, 121))
    assert numbers(client.get("/doc/es/press?page=99").get_data(as_text=True)) == list(range(101, 121))
    assert numbers(client.get("/doc/es/press?per=10&page=2").get_data(as_text=True)) == list(range(11, 21))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("apples", [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]),  # source
        ("número 42.", [42]),  # translation
        ("LEGAL team", [77]),  # translator comment, any case
        ("press.md:99", [99]),  # reference
        ("number 42 pears", [42]),  # every word must be found
        ("number 42 apples", []),
        ("kiwis", []),
    ],
)
def test_search_finds_source_translation_comments_and_references(
    client: FlaskClient, root: Path, query: str, expected: list[int]
) -> None:
    big_catalog(root, 120)
    text = client.get("/doc/es/press", query_string={"q": query}).get_data(as_text=True)
    assert numbers(text) == expected
    assert f"{len(expected)} of 120 entries match" in text


def test_search_pages_keep_the_query(client: FlaskClient, root: Path) -> None:
    big_catalog(root, 120)
    text = client.get("/doc/es/press?q=pears").get_data(as_text=True)
    assert "108 of 120 entries match" in text and "page 1 of 3" in text
    assert 'href="/doc/es/press?page=2&amp;q=pears"' in text


@pytest.mark.parametrize("query", ["check=nope", "state=bogus", "check=%3Cscript%3E"])
def test_unknown_filters_are_refused_with_the_known_ones(client: FlaskClient, query: str) -> None:
    response = client.get(f"/doc/es/press?{query}")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "one of:" in text and "<script>" not in text


def test_favicon_is_served(client: FlaskClient) -> None:
    assert client.get("/favicon.ico").status_code == 200
    assert 'rel="icon"' in client.get("/").get_data(as_text=True)


def test_a_catalog_changed_on_disk_is_read_again(client: FlaskClient, root: Path) -> None:
    assert "Jefes de policía" in client.get("/doc/es/press").get_data(as_text=True)
    path = po_path(root)
    path.write_text(path.read_text(encoding="utf-8").replace("Jefes de policía", "Jefas de policía"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even with an mtime from the past: the size changed
    assert "Jefas de policía" in client.get("/doc/es/press").get_data(as_text=True)


def test_touching_a_catalog_without_changing_it_keeps_it_in_memory(root: Path) -> None:
    path = po_path(root)
    first = store.load(path)
    os.utime(path, ns=(10**18, 10**18))
    assert store.load(path) is first
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert store.load(path) is not first


def test_saves_write_what_a_full_render_would(client: FlaskClient, root: Path) -> None:
    """The server re-renders only the entry it changed: the file must be what catalog.render makes of it."""
    path = big_catalog(root, 60)
    page = open_page(client)
    for msgid in list(page.versions)[:5]:
        assert post(client, page, msgid, "approve", entry(root, msgid).msgstr).status_code == 200
    page = open_page(client)
    key = next(iter(page.versions))
    assert post(client, page, key, "comment", "checked with the author").status_code == 200
    text = path.read_text(encoding="utf-8")
    assert text == catalog.render(catalog.read(path))
    assert "# checked with the author" in text


def test_approval_is_signed_in_the_entry_and_the_header(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    assert post(client, page, HEADING, "approve", entry(root, HEADING).msgstr).status_code == 200
    po = catalog.read(po_path(root))
    assert po.metadata["Last-Translator"] == REVIEWER
    found = po.find(HEADING)
    assert found is not None and not found.fuzzy
    assert re.search(rf"l10n: reviewed by {re.escape(REVIEWER)} on \d{{4}}-\d\d-\d\d", found.tcomment)
    assert "l10n: machine apertium" in found.tcomment  # provenance kept


def test_needs_work_keeps_the_text_and_makes_it_fuzzy(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    post(client, page, COUNT, "edit", "Unos 120 altos funcionarios de 50 países se reunieron en Lyon.")
    response = post(client, open_page(client), COUNT, "needs-work")
    assert response.status_code == 200 and response.json["state"] == "needs review"
    found = entry(root, COUNT)
    assert found.fuzzy and found.msgstr == "Unos 120 altos funcionarios de 50 países se reunieron en Lyon."
    assert "reviewed by" not in found.tcomment
    assert response.json["counts"]["needs review"] == 2


def test_undo_puts_the_entry_back_as_it_was(client: FlaskClient, root: Path) -> None:
    before = po_path(root).read_text(encoding="utf-8")
    page = open_page(client)
    assert post(client, page, TAGGED, "untranslate").status_code == 200
    assert entry(root, TAGGED).msgstr == ""
    response = client.post("/undo/es/press", json={}, headers={"X-CSRF-Token": page.csrf})
    assert response.status_code == 200 and response.json["undone"] and response.json["state"] == "machine"
    found = entry(root, TAGGED)
    assert found.msgstr == "Lea el <1>informe completo</1> en línea." and found.fuzzy
    assert "l10n: machine apertium" in found.tcomment
    assert str(found) == str(polib.pofile(before).find(TAGGED))
    again = client.post("/undo/es/press", json={}, headers={"X-CSRF-Token": page.csrf})
    assert again.status_code == 409 and "nothing to undo" in again.json["error"]


def test_undo_does_not_overwrite_a_later_change_on_disk(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    post(client, page, HEADING, "approve", entry(root, HEADING).msgstr)
    path = po_path(root)
    path.write_text(path.read_text(encoding="utf-8").replace("Jefes de policía", "Jefas"), encoding="utf-8")
    response = client.post("/undo/es/press", json={}, headers={"X-CSRF-Token": page.csrf})
    assert response.status_code == 409
    assert entry(root, HEADING).msgstr == "Jefas se reúnen en Lyon"


def test_an_error_finding_blocks_approval_until_a_reason_is_given(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    hidden = "Jefes de policía \u202e en Lyon"  # a right-to-left override: the text shows other than it is
    blocked = post(client, page, HEADING, "edit", hidden)
    assert blocked.status_code == 422
    assert [b.split(":")[0] for b in blocked.json["blocked"]] == ["bidi"]
    assert entry(root, HEADING).msgstr == "Jefes de policía se reúnen en Lyon"  # nothing written
    approve = post(client, page, COUNT, "approve", entry(root, COUNT).msgstr)
    assert approve.status_code == 200  # an entry without errors is approved as before
    allowed = post(client, page, HEADING, "edit", hidden, override="the  mark is wanted")
    assert allowed.status_code == 200 and allowed.json["state"] == "reviewed"
    found = entry(root, HEADING)
    assert found.msgstr == hidden
    assert "l10n: ignore bidi — the mark is wanted" in found.tcomment
    assert not any(f.startswith("bidi") for f in allowed.json["findings"])  # silenced from now on


def test_approving_an_entry_someone_else_changed_is_a_conflict(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    path = po_path(root)
    text = path.read_text(encoding="utf-8")
    theirs = text.replace('#, fuzzy\nmsgid "Police chiefs', 'msgid "Police chiefs').replace("Jefes de", "Los jefes de")
    path.write_text(theirs, encoding="utf-8")
    response = post(client, page, HEADING, "approve", "Jefes de policía se reúnen en Lyon")
    assert response.status_code == 409
    assert response.json["conflict"]["theirs"]["msgstr"] == "Los jefes de policía se reúnen en Lyon"


def test_a_comment_is_added_as_a_translator_comment(client: FlaskClient, root: Path) -> None:
    response = post(client, open_page(client), COUNT, "comment", "  120 is\nthe figure from the police  ")
    assert response.status_code == 200
    assert "# 120 is the figure from the police" in po_path(root).read_text(encoding="utf-8")
    assert "120 is the figure from the police" in client.get("/doc/es/press").get_data(as_text=True)
    empty = post(client, open_page(client), COUNT, "comment", "   ")
    assert empty.status_code == 422


def plural_project(root: Path, code: str = "es") -> None:
    path = po_path(root, code)
    po = catalog.read(path)
    po.append(
        polib.POEntry(
            msgid="%d delegate",
            msgid_plural="%d delegates",
            msgstr_plural={0: "", 1: ""},
            occurrences=[("source/press.md", "11")],
        )
    )
    catalog.save(po, path)


def test_plural_entries_show_their_forms_by_cldr_category_and_can_be_edited(client: FlaskClient, root: Path) -> None:
    plural_project(root)
    text = client.get("/doc/es/press").get_data(as_text=True)
    assert "%d delegates" in text
    assert re.search(r"<dt[^>]*>one <span class=\"examples\">\(1\)</span>", text)
    assert re.search(r"<dt[^>]*>other <span class=\"examples\">\(0, 2, 3, 4, …\)</span>", text)
    page = open_page(client)
    response = post(client, page, "%d delegate", "edit", forms=["%d delegado", "%d delegados"])
    assert response.status_code == 200, response.json
    found = entry(root, "%d delegate")
    assert found.msgstr_plural == {0: "%d delegado", 1: "%d delegados"} and not found.fuzzy
    half = post(client, open_page(client), "%d delegate", "edit", forms=["%d delegado", ""])
    assert half.status_code == 422 and "every plural form" in half.json["error"]


def test_next_entry_needing_work_can_be_on_another_page(client: FlaskClient, root: Path) -> None:
    path = big_catalog(root, 120)
    po = catalog.read(path)
    for e in po:
        if e.msgid != "Sentence number 90 about apples." and e.msgid != "Sentence number 5 about pears.":
            e.flags.remove("fuzzy")
    catalog.save(po, path)
    found = client.get("/next/es/press?after=5&want=work").json
    assert found == {"number": 90, "url": "/doc/es/press?page=2#entry-90"}
    wrapped = client.get("/next/es/press?after=90&want=work").json
    assert wrapped["number"] == 5
    filtered = client.get("/next/es/press?after=0&want=work&q=apples").json
    assert filtered == {"number": 90, "url": "/doc/es/press?page=1&q=apples#entry-90"}
    assert client.get("/next/es/press?after=0&want=untranslated").json == {"number": None}
    assert client.get("/next/es/press?want=nope").status_code == 400


def test_reviewer_comes_from_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    env: dict[str, Any] = {"cwd": tmp_path, "check": True}
    subprocess.run(["git", "config", "user.name", "Ana Ruiz"], **env)
    assert reviewer_from_git(tmp_path) == ""  # no mail yet: not signed
    subprocess.run(["git", "config", "user.email", "ana@example.org"], **env)
    assert reviewer_from_git(tmp_path) == "Ana Ruiz <ana@example.org>"


@pytest.mark.parametrize(
    ("given", "ok"),
    [("Ana <ana@example.org>", True), ("Ana", False), ("<ana@example.org>", False), ("Ana <a>\nX: y", False)],
)
def test_reviewer_must_be_a_name_and_a_mail(given: str, ok: bool) -> None:
    assert valid_reviewer(given) is ok


def test_serve_refuses_a_malformed_reviewer(root: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(root), "serve", "--reviewer", "Ana"])
    assert result.exit_code == 2
    assert "expected 'Name <mail>'" in result.output


def test_state_counts_after_a_save_are_those_of_the_whole_catalog(client: FlaskClient, root: Path) -> None:
    big_catalog(root, 120)
    page = open_page(client, "/doc/es/press?page=3")
    key = next(iter(page.versions))
    response = post(client, page, key, "approve", entry(root, key).msgstr)
    assert response.json["counts"] == {"untranslated": 0, "machine": 119, "needs review": 0, "reviewed": 1}
    text = client.get("/doc/es/press").get_data(as_text=True)
    assert '<span class="n">119</span> machine' in text and "machine (119)" in text
    assert state(entry(root, key)) is State.REVIEWED


def memory_project(root: Path) -> None:
    """A second Spanish catalog (another document) and a compendium, for the translation memory."""
    other = catalog.read(po_path(root))
    del other[:]
    other.append(polib.POEntry(msgid="Police chiefs meet in Paris", msgstr="Los jefes de policía se reúnen en París"))
    other.append(polib.POEntry(msgid="Contact the press office.", msgstr="Contacte con la oficina de prensa."))
    catalog.save(other, root / "locales" / "es" / "LC_MESSAGES" / "news.po")
    for e in other:
        e.msgstr = ""
    catalog.save(other, root / "locales" / "news.pot")
    compendium = catalog.read(po_path(root))
    del compendium[:]
    compendium.append(polib.POEntry(msgid="Police chiefs meet in Lyon", msgstr="Reunión de jefes de policía en Lyon"))
    catalog.save(compendium, root / "compendium-es.po")
    toml = root / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[translate]\ncompendium = "compendium-{locale}.po"\n')


def test_memory_suggests_exact_and_fuzzy_matches_with_a_score(root: Path) -> None:
    memory_project(root)
    client = create_app(config.load(root)).test_client()
    found = client.get("/suggest/es/press", query_string={"key": HEADING}).json["suggestions"]
    assert found[0] == {
        "text": "Reunión de jefes de policía en Lyon",
        "source": HEADING,
        "score": 100,
        "origin": "compendium-es.po",
        "reviewed": True,
        "made_by": None,
    }
    fuzzy = found[1]
    assert fuzzy["text"] == "Los jefes de policía se reúnen en París" and 60 <= fuzzy["score"] < 100
    assert fuzzy["origin"] == "locales/es/LC_MESSAGES/news.po"
    assert [s["text"] for s in found].count("Jefes de policía se reúnen en Lyon") == 0  # its own text is no news
    unrelated = client.get("/suggest/es/press", query_string={"key": COUNT}).json["suggestions"]
    assert unrelated == []
    assert client.get("/suggest/es/press", query_string={"key": "nope"}).status_code == 404


def test_memory_follows_a_save(root: Path) -> None:
    memory_project(root)
    client = create_app(config.load(root)).test_client()
    page = open_page(client)
    post(client, page, EMPTY_TEXT, "edit", "Póngase en contacto con la oficina de prensa para entrevistas.")
    found = client.get("/suggest/es/press", query_string={"key": "Contact the press office."})
    assert found.status_code == 404  # not an entry of press.po; ask from the news catalog's page instead
    news = client.get("/suggest/es/news", query_string={"key": "Contact the press office."}).json["suggestions"]
    assert news[0]["text"] == "Póngase en contacto con la oficina de prensa para entrevistas."
    assert news[0]["origin"] == "locales/es/LC_MESSAGES/press.po"


def test_other_locales_of_an_entry_are_shown_on_request(client: FlaskClient) -> None:
    answer = client.get("/suggest/es/press", query_string={"key": HEADING, "others": "1"}).json
    assert [(o["locale"], o["rtl"]) for o in answer["others"]] == [("ar", True)]
    assert answer["others"][0]["text"] and answer["others"][0]["name"] == "العربية"
    assert "others" not in client.get("/suggest/es/press", query_string={"key": HEADING}).json


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "page=99999999999999999999",
        "per=0",
        "per=100000",
        "q=" + "x" * 5000,
        "q=%5B(*%2B?",
        "q=%00",
    ],
)
def test_odd_page_and_search_arguments_give_a_page(client: FlaskClient, query: str) -> None:
    response = client.get(f"/doc/es/press?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"forms": "not a list"},
        {"forms": [1, 2]},
        {"override": ["x"]},
        {"action": "bless"},
    ],
)
def test_hostile_save_bodies_are_refused_and_nothing_is_written(client: FlaskClient, root: Path, body: dict) -> None:
    before = po_path(root).read_bytes()
    page = open_page(client)
    response = post(client, page, HEADING, body.pop("action", "approve"), entry(root, HEADING).msgstr, **body)
    assert response.status_code == 400
    assert po_path(root).read_bytes() == before


def test_a_comment_cannot_inject_po_lines(client: FlaskClient, root: Path) -> None:
    response = post(client, open_page(client), COUNT, "comment", 'ok\n#, fuzzy\nmsgid "x"')
    assert response.status_code == 200
    found = entry(root, COUNT)
    assert found.tcomment.splitlines()[-1] == 'ok #, fuzzy msgid "x"'
    assert [e.msgid for e in catalog.read(po_path(root))].count("x") == 0


def test_undo_needs_a_change_of_this_session(root: Path) -> None:
    app = create_app(config.load(root))
    first, second = app.test_client(), app.test_client()
    page = open_page(first)
    assert post(first, page, HEADING, "approve", entry(root, HEADING).msgstr).status_code == 200
    other = open_page(second)
    response = second.post("/undo/es/press", json={}, headers={"X-CSRF-Token": other.csrf})
    assert response.status_code == 409  # another browser's change is not this one's to undo
    assert not entry(root, HEADING).fuzzy
    no_token = first.post("/undo/es/press", json={})
    assert no_token.status_code == 403


def test_a_save_keeps_what_an_editor_wrote_meanwhile_to_another_entry(client: FlaskClient, root: Path) -> None:
    path = big_catalog(root, 60)
    page = open_page(client)  # the server holds the catalog in memory now
    text = path.read_text(encoding="utf-8").replace("Frase número 30.", "Frase número treinta.")
    path.write_text(text, encoding="utf-8")  # a PO editor saves meanwhile
    key = "Sentence number 2 about pears."
    assert post(client, page, key, "approve", "Frase número 2.").status_code == 200
    po = catalog.read(path)
    assert po.find("Sentence number 30 about apples.").msgstr == "Frase número treinta."
    assert not po.find(key).fuzzy
    assert path.read_text(encoding="utf-8") == catalog.render(po)
    assert "Frase número treinta." in client.get("/doc/es/press").get_data(as_text=True)
    again = open_page(client)
    assert post(client, again, "Sentence number 3 about pears.", "approve", "Frase número 3.").status_code == 200
    assert catalog.read(path).find("Sentence number 30 about apples.").msgstr == "Frase número treinta."


def test_glossary_terms_are_highlighted_in_the_source_with_their_target(root: Path) -> None:
    (root / "glossary.csv").write_text("term,es,note\npolice,policía,\nLyon,,a city\n", encoding="utf-8")
    text = create_app(config.load(root)).test_client().get("/doc/es/press").get_data(as_text=True)
    assert '<mark class="term" title="glossary: policía">Police</mark> chiefs meet in' in text
    assert '<mark class="term" title="glossary: keep as it is">Lyon</mark>' in text
    assert highlight(runs("Policemen meet the police"), (Term("police", "policía"),)) == (
        Run("Policemen meet the "),
        Run("police", term="policía"),
    )
