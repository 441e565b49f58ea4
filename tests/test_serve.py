"""``l10n serve`` through Flask's test client: pages, saves, conflicts and the security rules."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from pipeline import catalog, config
from pipeline.cli import main
from pipeline.placeholders import tags
from pipeline.serve.app import create_app
from pipeline.serve.views import runs, word_diff

DATA = Path(__file__).parent / "data" / "serve" / "project"
HEADING = "Police chiefs meet in Lyon"
COUNT = "Some 120 senior police officials from 50 countries met in Lyon."
TAGGED = "Read the <1>full report</1> online."
CHANGED = "The conference ends on Friday."
EMPTY = "Contact the press office for interviews."


@dataclass
class Page:
    csrf: str
    versions: dict[str, str]  # msgid -> the version the page loaded
    text: str


def copy_project(tmp_path: Path) -> Path:
    """A copy of the small review project: Spanish and Arabic catalogs with machine entries."""
    target = tmp_path / "project"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


@pytest.fixture
def client(root: Path) -> FlaskClient:
    return create_app(config.load(root)).test_client()


def po_path(root: Path, code: str = "es") -> Path:
    return root / "locales" / code / "LC_MESSAGES" / "press.po"


def entry(root: Path, msgid: str, code: str = "es") -> Any:
    found = catalog.read(po_path(root, code)).find(msgid)
    assert found is not None
    return found


def open_page(client: FlaskClient, url: str = "/doc/es/press") -> Page:
    response = client.get(url)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)">', text)
    assert csrf is not None
    pairs = re.findall(r'data-key="([^"]*)" data-version="([^"]*)"', text)
    return Page(csrf.group(1), {html.unescape(k): v for k, v in pairs}, text)


def post(client: FlaskClient, page: Page, msgid: str, action: str, text: str = "", **extra: Any) -> Any:
    body = {"key": msgid, "action": action, "base": page.versions[msgid], "text": text, "number": 1, **extra}
    return client.post("/save/es/press", json=body, headers={"X-CSRF-Token": page.csrf})


def assert_msgfmt_ok(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed (apt-get install gettext)")
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_dashboard_lists_every_locale_and_document(client: FlaskClient) -> None:
    text = client.get("/").get_data(as_text=True)
    assert "Review demo" in text
    assert 'href="/doc/es/press"' in text and 'href="/doc/ar/press"' in text
    assert "español" in text and 'dir="rtl">العربية' in text
    assert "no catalog yet: run <code>l10n update --locale fr</code>" in text
    assert 'href="/doc/es/press?state=machine">3</a>' in text


STATUS_PROJECTS = [DATA, Path(__file__).parent / "data" / "status" / "three-locales"]


@pytest.mark.parametrize("project", STATUS_PROJECTS, ids=["serve", "status"])
def test_dashboard_shows_the_figures_of_l10n_status(project: Path, tmp_path: Path) -> None:
    """Entries per state and words reviewed per catalog: the same on the page as in ``l10n status``."""
    root = tmp_path / "project"
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("expected.*"))
    result = CliRunner().invoke(main, ["--project", str(root), "status", "--format", "json"])
    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)["documents"]
    text = create_app(config.load(root)).test_client().get("/").get_data(as_text=True)
    header = re.findall(r'<th scope="col" class="num">([^<]+)</th>', text)[:-1]  # the states, then "Words reviewed"
    shown: dict[tuple[str, str], dict[str, str]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", text.split("<tbody>")[1], re.S):
        link = re.search(r'<a href="/doc/([^/"]+)/([^"]+)">', row)
        if link is None:
            continue  # no catalog yet
        cells = [re.sub(r"<[^>]+>|\s+", "", cell) for cell in re.findall(r'<td class="num">(.*?)</td>', row, re.S)]
        meter = re.search(r'<meter [^>]*value="([^"]+)"', row)
        assert meter is not None
        shown[(link.group(1), link.group(2))] = dict(zip(header, cells, strict=False)) | {"meter": meter.group(1)}
    expected = {}
    for doc in documents:
        po = root / "locales" / doc["locale"] / "LC_MESSAGES" / f"{doc['document']}.po"
        if po.is_file():
            counts = {state: str(doc["entries"][state]) for state in header}
            expected[(doc["locale"], doc["document"])] = counts | {"meter": f"{doc['reviewed_percent']:.1f}"}
    assert expected and shown == expected


def test_a_broken_catalog_is_named_on_the_dashboard_and_the_others_still_listed(
    client: FlaskClient, root: Path
) -> None:
    po_path(root).write_text('msgid "a"\nmsgstr "b"\nhalf-typed line\n', encoding="utf-8")
    response = client.get("/")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "unreadable: " in text and "press.po:3: PO syntax error" in text
    assert 'href="/doc/ar/press"' in text and 'href="/doc/es/press"' not in text


def test_document_shows_source_translation_state_provenance_and_diff(client: FlaskClient) -> None:
    text = open_page(client).text
    assert "Jefes de policía se reúnen en Lyon" in text
    assert text.count('class="badge state-machine">machine<') == 3
    assert 'class="badge state-needs_review">needs review<' in text
    assert 'class="badge state-untranslated">untranslated<' in text
    assert "machine apertium eng-spa 3.9.4" in text
    # The previous source as a word diff, and tags as chips in source and translation.
    assert "The conference ends on <del>Thursday.</del><ins>Friday.</ins>" in text
    assert 'Read the <span class="chip"' in text and ">&lt;/1&gt;</span> online." in text
    assert 'Lea el <span class="chip"' in text


def test_documents_in_subfolders(client: FlaskClient, root: Path) -> None:
    (root / "locales" / "guide").mkdir()
    shutil.copy(root / "locales" / "press.pot", root / "locales" / "guide" / "intro.pot")
    (root / "locales" / "es" / "LC_MESSAGES" / "guide").mkdir()
    shutil.copy(po_path(root), root / "locales" / "es" / "LC_MESSAGES" / "guide" / "intro.po")
    assert 'href="/doc/es/guide/intro"' in client.get("/").get_data(as_text=True)
    page = open_page(client, "/doc/es/guide/intro")
    body = {"key": HEADING, "action": "approve", "base": page.versions[HEADING], "text": ""}
    assert client.post("/save/es/guide/intro", json=body, headers={"X-CSRF-Token": page.csrf}).status_code == 200
    assert entry(root, HEADING).fuzzy  # press.po itself untouched


def test_right_to_left_locale_renders_right_to_left(client: FlaskClient) -> None:
    text = open_page(client, "/doc/ar/press").text
    assert '<div class="target" lang="ar" dir="rtl">' in text
    assert '<div class="source" lang="en" dir="ltr">' in text


def test_filter_by_state(client: FlaskClient) -> None:
    page = open_page(client, "/doc/es/press?state=needs+review")
    assert list(page.versions) == [CHANGED]


def test_edit_writes_the_catalog_and_it_still_compiles(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    response = post(client, page, HEADING, "edit", "Los jefes de policía se reúnen en Lyon")
    assert response.status_code == 200
    assert response.json["state"] == "reviewed" and response.json["written"]
    saved = entry(root, HEADING)
    assert saved.msgstr == "Los jefes de policía se reúnen en Lyon"
    assert not saved.fuzzy
    assert "l10n: machine apertium" in saved.tcomment  # provenance of the draft kept
    assert entry(root, TAGGED).fuzzy  # the other entries are as they were
    assert_msgfmt_ok(po_path(root))


def test_a_save_keeps_a_windows_catalogs_line_endings(client: FlaskClient, root: Path) -> None:
    windows = po_path(root).read_bytes().replace(b"\n", b"\r\n")
    po_path(root).write_bytes(windows)
    assert post(client, open_page(client), HEADING, "edit", "Jefes de policía en Lyon").status_code == 200
    after = po_path(root).read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") > 20  # every line still ends in CRLF
    assert entry(root, HEADING).msgstr == "Jefes de policía en Lyon"


def test_approve_clears_fuzzy_and_keeps_the_machine_comment(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    response = post(client, page, TAGGED, "approve", "Lea el <1>informe completo</1> en línea.")
    assert response.status_code == 200
    saved = entry(root, TAGGED)
    assert not saved.fuzzy and saved.msgstr == "Lea el <1>informe completo</1> en línea."
    assert saved.tcomment == "l10n: machine apertium eng-spa 3.9.4"
    assert "reviewed" in response.json["html"]
    assert_msgfmt_ok(po_path(root))


def test_approving_an_entry_with_an_error_says_it_is_not_counted_as_reviewed(client: FlaskClient, root: Path) -> None:
    hidden = "Lea el <1>informe \u202ecompleto</1> en línea."  # a right-to-left override: a bidi error
    blocked = post(client, open_page(client), TAGGED, "edit", hidden)
    assert blocked.status_code == 422 and blocked.json["blocked"]  # the page asks for a reason first
    po = catalog.read(po_path(root))  # approved elsewhere (a PO editor): shown as held
    approved = po.find(TAGGED)
    approved.msgstr = hidden
    approved.flags.remove("fuzzy")
    catalog.save(po, po_path(root))
    text = client.get("/doc/es/press").get_data(as_text=True)
    assert "not counted as reviewed" in text and "# l10n: ignore bidi" in text
    fine = post(client, open_page(client), TAGGED, "edit", "Lea el <1>informe completo</1> en línea.")
    assert fine.json["held"] is False and "not counted as reviewed" not in fine.json["html"]


def test_approving_a_changed_source_drops_the_previous_msgid(client: FlaskClient, root: Path) -> None:
    post(client, open_page(client), CHANGED, "edit", "La conferencia termina el viernes.")
    saved = entry(root, CHANGED)
    assert not saved.fuzzy and saved.previous_msgid is None
    assert "#| msgid" not in po_path(root).read_text(encoding="utf-8")


def test_untranslate_empties_the_entry_and_its_machine_comment(client: FlaskClient, root: Path) -> None:
    response = post(client, open_page(client), HEADING, "untranslate")
    assert response.status_code == 200 and response.json["state"] == "untranslated"
    saved = entry(root, HEADING)
    assert saved.msgstr == "" and not saved.fuzzy and "l10n: machine" not in saved.tcomment
    assert_msgfmt_ok(po_path(root))


def test_approving_an_untranslated_entry_is_refused(client: FlaskClient, root: Path) -> None:
    before = po_path(root).read_bytes()
    response = post(client, open_page(client), EMPTY, "approve")
    assert response.status_code == 422 and "untranslated" in response.json["error"]
    assert po_path(root).read_bytes() == before


def test_a_save_that_loses_a_tag_is_refused(client: FlaskClient, root: Path) -> None:
    before = po_path(root).read_bytes()
    response = post(client, open_page(client), TAGGED, "edit", "Lea el informe completo</1> en línea.")
    assert response.status_code == 422
    assert "missing <1>" in response.json["error"]
    assert po_path(root).read_bytes() == before


@pytest.mark.parametrize("csrf", [None, "", "forged"])
def test_a_post_without_the_csrf_token_changes_nothing(client: FlaskClient, root: Path, csrf: str | None) -> None:
    page = open_page(client)
    before = po_path(root).read_bytes()
    headers = {} if csrf is None else {"X-CSRF-Token": csrf}
    body = {"key": HEADING, "action": "edit", "base": page.versions[HEADING], "text": "pirata"}
    response = client.post("/save/es/press", json=body, headers=headers)
    assert response.status_code == 403
    assert po_path(root).read_bytes() == before


def test_a_token_from_another_session_is_refused(root: Path) -> None:
    app = create_app(config.load(root))
    page = open_page(app.test_client())
    response = post(app.test_client(), page, HEADING, "edit", "pirata")  # no session cookie
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/doc/es/../../l10n",
        "/doc/es/..%2F..%2Fl10n",
        "/doc/es/%2e%2e/%2e%2e/etc/passwd",
        "/doc/es//etc/passwd",
        "/doc/es/press.po",
        "/doc/../es/press",
        "/doc/xx/press",
        "/doc/es/nothing",
        "/static/../l10n.toml",
        "/static/%2e%2e/app.py",
    ],
)
def test_paths_outside_the_project_catalogs_are_not_found(client: FlaskClient, url: str) -> None:
    assert client.get(url, follow_redirects=True).status_code == 404


def test_a_post_to_an_unknown_catalog_is_not_found(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    body = {"key": HEADING, "action": "edit", "base": page.versions[HEADING], "text": "x"}
    for url in ("/save/es/..%2Fpress", "/save/../es/press", "/save/es/press.pot", "/save/fr/press"):
        assert client.post(url, json=body, headers={"X-CSRF-Token": page.csrf}).status_code == 404


def test_a_save_too_large_gets_a_json_error_and_changes_nothing(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    before = po_path(root).read_bytes()
    response = post(client, page, HEADING, "edit", "x" * (2 << 20))
    assert response.status_code == 413 and "error" in response.json
    assert po_path(root).read_bytes() == before


def test_user_text_is_escaped(client: FlaskClient, root: Path) -> None:
    post(client, open_page(client), HEADING, "edit", '<script>alert("x")</script> & <b>', override="a test of escaping")
    text = client.get("/doc/es/press").get_data(as_text=True)
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;" in text
    assert "script-src" not in text  # no inline scripts to allow: the policy is 'self' only
    assert client.get("/").headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_conflict_when_the_entry_changed_on_disk(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    # Someone else (an editor, a translate job) changes the same entry after the page loaded.
    po = catalog.read(po_path(root))
    po.find(HEADING).msgstr = "Jefes de policía reunidos en Lyon"
    catalog.save(po, po_path(root))
    theirs_on_disk = po_path(root).read_bytes()

    response = post(client, page, HEADING, "edit", "Los jefes de policía se reúnen en Lyon")
    assert response.status_code == 409
    conflict = response.json["conflict"]
    assert conflict["mine"] == "Los jefes de policía se reúnen en Lyon"
    assert conflict["theirs"]["msgstr"] == "Jefes de policía reunidos en Lyon"
    assert conflict["theirs"]["state"] == "machine"
    assert po_path(root).read_bytes() == theirs_on_disk  # nothing overwritten

    # The reviewer chooses "keep mine": the same edit against the version now on disk.
    keep = post(client, page, HEADING, "edit", conflict["mine"], base=conflict["theirs"]["version"])
    assert keep.status_code == 200
    assert entry(root, HEADING).msgstr == "Los jefes de policía se reúnen en Lyon"


def test_a_save_keeps_other_entries_changed_on_disk(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    po = catalog.read(po_path(root))
    po.find(EMPTY).msgstr = "Contacte con la oficina de prensa."
    catalog.save(po, po_path(root))

    assert post(client, page, TAGGED, "approve", "Lea el <1>informe completo</1> en línea.").status_code == 200
    assert entry(root, EMPTY).msgstr == "Contacte con la oficina de prensa."
    assert not entry(root, TAGGED).fuzzy


def test_an_entry_gone_from_the_catalog_is_a_conflict(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    po = catalog.read(po_path(root))
    po.remove(po.find(HEADING))
    catalog.save(po, po_path(root))
    response = post(client, page, HEADING, "edit", "Hola")
    assert response.status_code == 409 and response.json["conflict"]["theirs"] is None


def test_a_broken_catalog_on_disk_is_reported_not_overwritten(client: FlaskClient, root: Path) -> None:
    page = open_page(client)
    broken = 'msgid "a"\nmsgstr "b"\nhalf-typed line\n'
    po_path(root).write_text(broken, encoding="utf-8")
    response = post(client, page, HEADING, "edit", "Hola")
    assert response.status_code == 422 and "press.po:3: PO syntax error" in response.json["error"]
    assert po_path(root).read_text(encoding="utf-8") == broken


def test_checks_rerun_on_save_show_inline_and_filter(client: FlaskClient) -> None:
    response = post(client, open_page(client), COUNT, "edit", "Unos 12 altos funcionarios de 50 países en Lyon.")
    assert response.json["findings"] == ["numbers: missing 120; not in the source: 12"]
    page = open_page(client, "/doc/es/press?check=numbers")
    assert list(page.versions) == [COUNT]
    assert '<span class="check">numbers</span> <span class="severity">warning</span> missing 120' in page.text
    response = post(client, page, COUNT, "edit", "Unos 120 altos funcionarios de 50 países en Lyon.")
    assert response.json["findings"] == []
    assert open_page(client, "/doc/es/press?check=numbers").versions == {}


def test_checks_disabled_in_the_configuration_are_not_shown(root: Path) -> None:
    toml = root / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[checks]\ndisable = ["numbers"]\n', encoding="utf-8")
    client = create_app(config.load(root)).test_client()
    response = post(client, open_page(client), COUNT, "edit", "Unos 12 altos funcionarios de 50 países en Lyon.")
    assert response.json["findings"] == []


def test_requests_for_another_host_name_are_refused(client: FlaskClient) -> None:
    """A page elsewhere cannot reach the server through DNS rebinding."""
    assert client.get("/", headers={"Host": "attacker.example:8765"}).status_code == 403
    assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200


def test_a_token_is_needed_once_then_kept_in_a_cookie(root: Path) -> None:
    client = create_app(config.load(root), token="s3cret", loopback_only=False).test_client()
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    first = client.get("/doc/es/press?token=s3cret&state=machine")
    assert first.status_code == 302 and first.headers["Location"] == "/doc/es/press?state=machine"
    assert client.get("/").status_code == 200


def test_serve_beyond_loopback_without_a_token_refuses_to_start(root: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(root), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "--host 0.0.0.0 would let other machines change the catalogs; give a --token too" in result.output


def test_serve_on_a_busy_port_says_so(root: Path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["-C", str(root), "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use (pick another --port)" in result.output


def test_serve_prints_its_address_and_stops_cleanly_on_ctrl_c(root: Path) -> None:
    import signal
    import urllib.request

    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "-C", str(root), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert address is not None, line
        with urllib.request.urlopen(address.group(0)) as response:
            assert "Review demo" in response.read().decode("utf-8")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "stopped" in out
    assert "Traceback" not in err


words = st.text(alphabet=st.sampled_from("ab <1></1>\n"), max_size=40)


@given(words, words)
def test_the_word_diff_gives_back_both_texts(old: str, new: str) -> None:
    runs = word_diff(old, new)
    assert "".join(r.text for r in runs if r.op != "ins") == old
    assert "".join(r.text for r in runs if r.op != "del") == new


@given(words)
def test_chips_and_text_give_back_the_message(text: str) -> None:
    shown = runs(text)
    assert "".join(r.text for r in shown) == text
    assert [r.text for r in shown if r.tag] == [text[t.start : t.end] for t in tags(text)]


def test_catalogs_without_their_template_can_still_be_reviewed(root: Path) -> None:
    (root / "locales" / "press.pot").unlink()  # a reviewer was sent the catalogs only
    client = create_app(config.load(root)).test_client()
    assert 'href="/doc/es/press"' in client.get("/").get_data(as_text=True)
    page = open_page(client)
    assert post(client, page, HEADING, "edit", "Jefes de policía en Lyon").status_code == 200
    assert entry(root, HEADING).msgstr == "Jefes de policía en Lyon"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 200_000, "nested too deeply"),
        (
            '{"key": "' + "x" * 10 + '", "action": "edit", "base": "", "text": "' + "[" * 10 + '"' + "}" * 0,
            "JSON object",
        ),
        ("{}" + "]" * 100, "JSON object"),
    ],
    ids=["200 KB of [", "truncated", "trailing junk"],
)
def test_a_malformed_body_is_a_400_with_a_message_never_a_500(
    client: FlaskClient, root: Path, body: str, message: str
) -> None:
    page = open_page(client)
    before = po_path(root).read_bytes()
    response = client.post(
        "/save/es/press", data=body, content_type="application/json", headers={"X-CSRF-Token": page.csrf}
    )
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    assert message in response.json["error"]
    assert po_path(root).read_bytes() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"La polic\\ud800a"', "lone surrogate (U+D800)"),
        ('"La\\u0000 polic\\u00eda"', "NUL character"),
        ('"La\\u0004 polic\\u00eda"', "U+0004"),
    ],
    ids=["lone surrogate", "NUL", "EOT"],
)
def test_text_a_catalog_cannot_hold_is_refused_with_a_message(
    client: FlaskClient, root: Path, text: str, message: str
) -> None:
    page = open_page(client)
    before = po_path(root).read_bytes()
    body = json.dumps({"key": HEADING, "action": "edit", "base": page.versions[HEADING], "number": 1})
    body = body[:-1] + f', "text": {text}}}'  # the escape as a browser's JSON.stringify sends it
    response = client.post(
        "/save/es/press", data=body, content_type="application/json", headers={"X-CSRF-Token": page.csrf}
    )
    assert response.status_code == 400 and message in response.json["error"]
    assert po_path(root).read_bytes() == before


def test_a_catalog_linked_outside_the_project_is_refused(tmp_path: Path) -> None:
    """Written through, the link would let a cloned project overwrite any file the reviewer can write."""
    root = copy_project(tmp_path)
    client = create_app(config.load(root)).test_client()
    outside = tmp_path / "outside.po"
    shutil.copy(po_path(root), outside)
    before = outside.read_bytes()
    po_path(root).unlink()
    po_path(root).symlink_to(outside)  # made after the server started: load-time checks cannot see it
    response = client.get("/doc/es/press")
    assert response.status_code == 403
    assert "links outside the project" in response.get_data(as_text=True)
    response = client.post("/save/es/press", json={"key": HEADING, "action": "edit", "base": "", "text": "x"})
    assert response.status_code == 403
    assert outside.read_bytes() == before
