"""``l10n serve`` end to end in headless Chromium (Debian's chromium + chromium-driver, through Selenium).

A reviewer opens the Spanish document, edits one entry, approves another, tries
to drop a tag, and meets a conflict; the ``.po`` on disk is checked after each.
Screenshots go to ``$L10N_SCREENSHOTS`` if set (else the test's tmp folder).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import catalog, config
from pipeline.serve.app import create_app
from tests.conftest import CHROMIUM, chromium_flags

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="headless browser tests need Debian's chromium and chromium-driver (make system-test)",
)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from tests.test_serve import COUNT, HEADING, TAGGED, copy_project, po_path  # noqa: E402


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


@pytest.fixture
def base_url(root: Path) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, create_app(config.load(root)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in chromium_flags(tmp_path / "chromium-profile", 1280, 1000):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("L10N_SCREENSHOTS", tmp_path / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def on_disk(root: Path, msgid: str) -> object:
    entry = catalog.read(po_path(root)).find(msgid)
    assert entry is not None
    return entry


def wait(browser: WebDriver) -> WebDriverWait[WebDriver]:
    return WebDriverWait(browser, 15)


def article(browser: WebDriver, number: int) -> WebElement:
    return browser.find_element(By.ID, f"entry-{number}")


def status_says(browser: WebDriver, text: str) -> None:
    wait(browser).until(ec.text_to_be_present_in_element((By.ID, "status"), text))


def keys(browser: WebDriver, *sequence: str) -> None:
    webdriver.ActionChains(browser).send_keys(*sequence).perform()


def ctrl(browser: WebDriver, key: str) -> None:
    webdriver.ActionChains(browser).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()


def test_review_the_spanish_document(browser: WebDriver, base_url: str, root: Path, shots: Path) -> None:
    browser.get(base_url + "/")
    assert "español" in browser.find_element(By.CSS_SELECTOR, "table.dashboard").text
    browser.save_screenshot(str(shots / "1-dashboard.png"))

    browser.find_element(By.LINK_TEXT, "press").click()
    wait(browser).until(ec.presence_of_element_located((By.ID, "entry-1")))
    browser.save_screenshot(str(shots / "2-document.png"))

    # j selects the first entry, e opens the editor on it; Ctrl+A selects the editor's text only.
    browser.find_element(By.CSS_SELECTOR, ".summary code").click()
    keys(browser, "j", "e")
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-1 .editor")))
    ctrl(browser, "a")
    keys(browser, "Los jefes de policía se reúnen en Lyon")
    browser.save_screenshot(str(shots / "3-editing.png"))
    ctrl(browser, Keys.ENTER)
    status_says(browser, "Saved #1: reviewed")
    assert not browser.find_elements(By.CSS_SELECTOR, ".editor")
    assert "reviewed" in article(browser, 1).find_element(By.CSS_SELECTOR, ".badge").text

    # The save moved on to the next entry needing work, and the focus with it: a approves it.
    wait(browser).until(lambda b: "current" in (article(b, 2).get_attribute("class") or ""))
    assert browser.switch_to.active_element.get_attribute("id") == "entry-2"
    keys(browser, "a")
    status_says(browser, "Approved #2: reviewed")
    browser.save_screenshot(str(shots / "4-saved.png"))
    assert browser.find_element(By.CSS_SELECTOR, 'a[data-count="reviewed"]').text == "2 reviewed"
    assert browser.find_element(By.CSS_SELECTOR, 'a[data-count="machine"]').text == "1 machine"

    heading = on_disk(root, HEADING)
    assert heading.msgstr == "Los jefes de policía se reúnen en Lyon" and not heading.fuzzy  # type: ignore[attr-defined]
    count = on_disk(root, COUNT)
    assert not count.fuzzy and "l10n: machine apertium" in count.tcomment  # type: ignore[attr-defined]
    assert on_disk(root, TAGGED).fuzzy  # type: ignore[attr-defined]


def test_a_tag_needs_two_deletes_and_a_save_without_it_is_refused(
    browser: WebDriver, base_url: str, root: Path, shots: Path
) -> None:
    browser.get(base_url + "/doc/es/press")
    article(browser, 3).find_element(By.CSS_SELECTOR, 'button[data-action="edit"]').click()
    editor = wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-3 .editor")))
    # Caret right after the closing tag </1>, then Backspace.
    browser.execute_script(
        "const chip = arguments[0].querySelectorAll('.chip')[1];"
        "const r = document.createRange(); r.setStartAfter(chip); r.collapse(true);"
        "const s = getSelection(); s.removeAllRanges(); s.addRange(r);",
        editor,
    )
    keys(browser, Keys.BACKSPACE)
    assert len(editor.find_elements(By.CSS_SELECTOR, ".chip")) == 2  # still there, armed
    assert editor.find_elements(By.CSS_SELECTOR, ".chip.armed")
    status_says(browser, "is a tag the translation needs")
    browser.save_screenshot(str(shots / "5-tag-armed.png"))

    keys(browser, Keys.BACKSPACE)
    assert len(editor.find_elements(By.CSS_SELECTOR, ".chip")) == 1
    assert "missing </1>" in article(browser, 3).find_element(By.CSS_SELECTOR, ".hint").text
    ctrl(browser, "s")
    status_says(browser, "Not saved: the translation lacks </1>")
    browser.save_screenshot(str(shots / "6-tag-missing.png"))
    assert on_disk(root, TAGGED).fuzzy  # type: ignore[attr-defined]

    # The missing tag is put back from the palette, at the caret; now the save goes through.
    article(browser, 3).find_element(By.CSS_SELECTOR, 'button.chip.missing[data-tag="</1>"]').click()
    ctrl(browser, Keys.ENTER)
    status_says(browser, "Saved #3: reviewed")
    saved = on_disk(root, TAGGED)
    assert saved.msgstr == "Lea el <1>informe completo</1> en línea." and not saved.fuzzy  # type: ignore[attr-defined]


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_conflict_shows_both_versions_and_the_reviewer_chooses(
    browser: WebDriver, base_url: str, root: Path, shots: Path, choice: str
) -> None:
    browser.get(base_url + "/doc/es/press")
    article(browser, 1).find_element(By.CSS_SELECTOR, 'button[data-action="edit"]').click()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-1 .editor")))
    ctrl(browser, "a")
    keys(browser, "Reunión de jefes de policía en Lyon")

    # Meanwhile another reviewer saves a different translation of the same entry.
    theirs = catalog.read(po_path(root))
    theirs.find(HEADING).msgstr = "Los jefes de la policía, reunidos en Lyon"
    catalog.save(theirs, po_path(root))
    disk = po_path(root).read_bytes()

    ctrl(browser, Keys.ENTER)
    panel = wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#entry-1 .conflict")))
    assert "Reunión de jefes de policía en Lyon" in panel.text
    assert "Los jefes de la policía, reunidos en Lyon" in panel.text
    assert po_path(root).read_bytes() == disk  # nothing written yet
    if choice == "mine":
        browser.save_screenshot(str(shots / "7-conflict.png"))

    panel.find_element(By.CSS_SELECTOR, f'button[data-choice="{choice}"]').click()
    if choice == "mine":
        status_says(browser, "Saved #1: reviewed")
        assert on_disk(root, HEADING).msgstr == "Reunión de jefes de policía en Lyon"  # type: ignore[attr-defined]
    else:
        status_says(browser, "Kept the version on disk")
        assert po_path(root).read_bytes() == disk
        shown = article(browser, 1).find_element(By.CSS_SELECTOR, ".target").text
        assert "Los jefes de la policía, reunidos en Lyon" in shown
    assert not browser.find_elements(By.CSS_SELECTOR, ".conflict")


def test_arabic_renders_right_to_left(browser: WebDriver, base_url: str, shots: Path) -> None:
    browser.get(base_url + "/doc/ar/press")
    target = article(browser, 1).find_element(By.CSS_SELECTOR, ".target")
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", target) == "rtl"
    source = article(browser, 1).find_element(By.CSS_SELECTOR, ".source")
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", source) == "ltr"
    browser.save_screenshot(str(shots / "8-arabic.png"))
