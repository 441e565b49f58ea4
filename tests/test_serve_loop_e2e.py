"""The review loop in headless Chromium: approve → next, needs work, undo, send back, search, pages, plurals,
a blocked approval overridden with a reason, a comment; and an axe-core audit of the pages.

axe-core comes from the npm registry (``make test`` fetches it into ``.test-cache/``; or point
``L10N_AXE`` at an ``axe.min.js``); without it the audit is skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polib
import pytest

from pipeline import catalog
from pipeline.review import mark_machine
from tests import test_serve_e2e as e2e
from tests.test_serve import COUNT, HEADING, TAGGED, po_path
from tests.test_serve_e2e import article, ctrl, keys, on_disk, status_says, wait
from tests.test_serve_review import big_catalog, memory_project, plural_project

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402

# The fixtures of the first browser tests: a copy of the project, its server, Chromium, the screenshot folder.
root, base_url, browser, shots = e2e.root, e2e.base_url, e2e.browser, e2e.shots

AXE = Path(os.environ.get("L10N_AXE", Path(__file__).parent.parent / ".test-cache" / "axe-core-4.10.3" / "axe.min.js"))


def current(browser: WebDriver) -> str:
    return str(browser.switch_to.active_element.get_attribute("id"))


def is_current(number: int) -> object:
    return lambda b: "current" in (article(b, number).get_attribute("class") or "")


def test_approve_moves_on_needs_work_and_undo(browser: WebDriver, base_url: str, root: Path) -> None:
    browser.get(base_url + "/doc/es/press")
    keys(browser, "j")
    assert current(browser) == "entry-1"
    keys(browser, "a")
    status_says(browser, "Approved #1: reviewed")
    wait(browser).until(is_current(2))
    assert current(browser) == "entry-2"  # focus follows, for screen readers
    assert not on_disk(root, HEADING).fuzzy  # type: ignore[attr-defined]

    keys(browser, "k", "a")  # approving twice says so
    status_says(browser, "#1 is reviewed: nothing to approve")

    keys(browser, "n")  # needs work: fuzzy again, text kept
    status_says(browser, "Marked as needing work #1: needs review")
    heading = on_disk(root, HEADING)
    assert heading.fuzzy and heading.msgstr == "Jefes de policía se reúnen en Lyon"  # type: ignore[attr-defined]

    keys(browser, "z")
    status_says(browser, "Undone: #1 is reviewed again")
    assert not on_disk(root, HEADING).fuzzy  # type: ignore[attr-defined]


def test_send_back_asks_first(browser: WebDriver, base_url: str, root: Path) -> None:
    browser.get(base_url + "/doc/es/press")
    keys(browser, "j", "j", "j", "b")
    dialog = wait(browser).until(ec.visibility_of_element_located((By.ID, "confirm")))
    assert "Send #3 back to untranslated?" in dialog.text
    dialog.find_element(By.CSS_SELECTOR, 'button[value="no"]').click()
    assert on_disk(root, TAGGED).msgstr  # type: ignore[attr-defined]
    article(browser, 3).click()
    keys(browser, "b")
    wait(browser).until(ec.visibility_of_element_located((By.ID, "confirm")))
    keys(browser, Keys.ENTER)  # Yes has the focus
    status_says(browser, "Sent back #3: untranslated")
    assert on_disk(root, TAGGED).msgstr == ""  # type: ignore[attr-defined]


def test_keys_help_ctrl_s_and_the_leave_guard(browser: WebDriver, base_url: str) -> None:
    browser.get(base_url + "/doc/es/press")
    keys(browser, "?")
    assert wait(browser).until(ec.visibility_of_element_located((By.ID, "keys"))).text.startswith("Keys")
    keys(browser, Keys.ESCAPE)
    ctrl(browser, "s")
    status_says(browser, "Nothing to save")
    leave = "const e = new Event('beforeunload', {cancelable: true}); dispatchEvent(e); return e.defaultPrevented;"
    assert browser.execute_script(leave) is False
    keys(browser, "j", "e")
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-1 .editor")))
    keys(browser, " más")
    assert browser.execute_script(leave) is True  # leaving now would lose the text: the browser asks


def test_copy_source_and_insert_the_next_missing_tag(browser: WebDriver, base_url: str, root: Path) -> None:
    browser.get(base_url + "/doc/es/press")
    article(browser, 3).find_element(By.CSS_SELECTOR, 'button[data-action="edit"]').click()
    editor = wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-3 .editor")))
    ctrl(browser, "a")
    keys(browser, Keys.DELETE, Keys.DELETE, Keys.DELETE, "Lea el ")
    webdriver.ActionChains(browser).key_down(Keys.ALT).send_keys("t").key_up(Keys.ALT).perform()
    keys(browser, "informe")
    webdriver.ActionChains(browser).key_down(Keys.ALT).send_keys("t").key_up(Keys.ALT).perform()
    keys(browser, " en línea.")
    assert [c.text for c in editor.find_elements(By.CSS_SELECTOR, ".chip")] == ["<1>", "</1>"]
    ctrl(browser, "s")
    status_says(browser, "Saved #3: reviewed")
    assert on_disk(root, TAGGED).msgstr == "Lea el <1>informe</1> en línea."  # type: ignore[attr-defined]

    article(browser, 2).find_element(By.CSS_SELECTOR, 'button[data-action="edit"]').click()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-2 .editor")))
    webdriver.ActionChains(browser).key_down(Keys.ALT).send_keys("c").key_up(Keys.ALT).perform()
    ctrl(browser, Keys.ENTER)
    status_says(browser, "Saved #2")
    assert on_disk(root, COUNT).msgstr == COUNT  # type: ignore[attr-defined]


def test_search_and_pages_of_a_long_catalog(browser: WebDriver, base_url: str, root: Path, shots: Path) -> None:
    big_catalog(root, 120)
    browser.get(base_url + "/doc/es/press")
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.entry")) == 50
    browser.find_element(By.CSS_SELECTOR, 'a[rel="next"]').click()
    wait(browser).until(ec.presence_of_element_located((By.ID, "entry-51")))
    assert "page 2 of 3" in browser.find_element(By.CSS_SELECTOR, "nav.pages").text
    keys(browser, "/", "apples", Keys.ENTER)
    wait(browser).until(ec.url_contains("q=apples"))
    shown = [a.get_attribute("id") for a in browser.find_elements(By.CSS_SELECTOR, "article.entry")]
    assert shown == [f"entry-{n}" for n in range(10, 121, 10)]
    assert "12 of 120 entries match" in browser.find_element(By.CSS_SELECTOR, ".summary").text
    browser.save_screenshot(str(shots / "loop-search.png"))


def test_next_needing_work_goes_to_another_page(browser: WebDriver, base_url: str, root: Path) -> None:
    path = big_catalog(root, 120)
    po = catalog.read(path)
    for e in po:
        if e.msgid != "Sentence number 90 about apples.":
            e.flags.remove("fuzzy")
    catalog.save(po, path)
    browser.get(base_url + "/doc/es/press")
    keys(browser, "w")
    wait(browser).until(ec.url_contains("page=2"))
    wait(browser).until(is_current(90))
    assert current(browser) == "entry-90"


def test_plural_forms_are_edited_one_field_each(browser: WebDriver, base_url: str, root: Path, shots: Path) -> None:
    plural_project(root)
    browser.get(base_url + "/doc/es/press")
    plural = article(browser, 6)
    assert "%d delegates" in plural.text
    plural.find_element(By.CSS_SELECTOR, 'button[data-action="edit"]').click()
    fields = wait(browser).until(lambda b: article(b, 6).find_elements(By.CSS_SELECTOR, "textarea"))
    labels = [f.find_element(By.XPATH, "..").text for f in fields]
    assert labels[0].startswith("one") and labels[1].startswith("other")
    fields[0].send_keys("%d delegado")
    fields[1].send_keys("%d delegados")
    browser.save_screenshot(str(shots / "loop-plural.png"))
    ctrl(browser, "s")
    status_says(browser, "Saved #6: reviewed")
    saved = on_disk(root, "%d delegate")
    assert saved.msgstr_plural == {0: "%d delegado", 1: "%d delegados"}  # type: ignore[attr-defined]


def test_an_error_blocks_approval_until_a_reason_is_given(
    browser: WebDriver, base_url: str, root: Path, shots: Path
) -> None:
    po = catalog.read(po_path(root))
    found = po.find(HEADING)
    assert found is not None
    mark_machine(found, "Jefes de policía \u202e en Lyon", "apertium eng-spa 3.9.4")
    catalog.save(po, po_path(root))
    browser.get(base_url + "/doc/es/press")
    keys(browser, "j", "a")
    form = wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-1 form.override")))
    assert "Not approved: bidi" in form.text
    assert on_disk(root, HEADING).fuzzy  # type: ignore[attr-defined]
    browser.save_screenshot(str(shots / "loop-blocked.png"))
    keys(browser, "the client asked for it", Keys.ENTER)
    status_says(browser, "Approved #1: reviewed")
    saved = on_disk(root, HEADING)
    assert not saved.fuzzy  # type: ignore[attr-defined]
    assert "l10n: ignore bidi — the client asked for it" in saved.tcomment  # type: ignore[attr-defined]


def test_a_comment_is_added_and_kept_in_the_po(browser: WebDriver, base_url: str, root: Path) -> None:
    browser.get(base_url + "/doc/es/press")
    keys(browser, "j", "j", "c")
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-2 form.add-comment input")))
    keys(browser, "figure checked with Interpol", Keys.ENTER)
    status_says(browser, "Comment added to #2")
    assert "figure checked with Interpol" in article(browser, 2).find_element(By.CSS_SELECTOR, ".comments").text
    assert "# figure checked with Interpol\n" in po_path(root).read_text(encoding="utf-8")
    assert "figure checked with Interpol" in polib.pofile(str(po_path(root))).find(COUNT).tcomment


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core not fetched (make test does: npm pack axe-core)")
@pytest.mark.parametrize("page", ["/", "/doc/es/press", "/doc/ar/press", "/doc/es/press?state=machine"])
def test_no_serious_accessibility_violations(browser: WebDriver, base_url: str, root: Path, page: str) -> None:
    plural_project(root)
    browser.get(base_url + page)
    if page != "/":
        keys(browser, "j", "e")  # with an editor open too
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))));"
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_a_memory_suggestion_is_used_and_saved(browser: WebDriver, base_url: str, root: Path) -> None:
    memory_project(root)  # the server started before: its memory is the other Spanish catalog, not the compendium
    browser.get(base_url + "/doc/es/press")
    keys(browser, "j", "s")
    box = wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-1 .panel-memory li")))
    assert re.match(
        r"\d\d % Los jefes de policía se reúnen en París news.po", box.text.replace("locales/es/LC_MESSAGES/", "")
    )
    box.find_element(By.TAG_NAME, "button").click()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-1 .editor")))
    ctrl(browser, "s")
    status_says(browser, "Saved #1: reviewed")
    assert on_disk(root, HEADING).msgstr == "Los jefes de policía se reúnen en París"  # type: ignore[attr-defined]
    keys(browser, "k", "o")
    other = wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-1 .panel-others dd")))
    assert other.get_attribute("dir") == "rtl" and other.get_attribute("lang") == "ar"


def test_english_labels_read_left_to_right_in_an_arabic_column(browser: WebDriver, base_url: str) -> None:
    browser.get(base_url + "/doc/ar/press")
    article(browser, 3).find_element(By.CSS_SELECTOR, 'button[data-action="edit"]').click()
    palette = wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-3 .palette")))
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", palette) == "ltr"
    assert palette.text.startswith("Tags of the source")
    editor = article(browser, 3).find_element(By.CSS_SELECTOR, ".editor")
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", editor) == "rtl"


def test_the_status_bar_never_covers_the_current_entry(browser: WebDriver, base_url: str, root: Path) -> None:
    big_catalog(root, 120)
    browser.set_window_size(1280, 500)
    browser.get(base_url + "/doc/es/press")
    keys(browser, "j", "a")  # the status bar appears
    status_says(browser, "Approved #1")
    for _ in range(12):
        keys(browser, "j")
    keys(browser, *["k"] * 6)  # upwards: the entry must come out from under the sticky bar
    covered = browser.execute_script(
        "const bar = document.getElementById('status').getBoundingClientRect();"
        "const entry = document.querySelector('article.entry.current').getBoundingClientRect();"
        "return entry.top < bar.bottom && entry.bottom > bar.top;"
    )
    assert covered is False
