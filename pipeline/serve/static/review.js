// l10n review page: keyboard navigation, the tag-safe editor, saves and conflicts.
// Text from catalogs only ever reaches the page through textContent / text nodes;
// the one innerHTML below takes an entry block the server rendered with Jinja's
// autoescaping (the same template as the page itself).
"use strict";

(() => {
  const TAG = /<(\/?)(\d+)(\/?)>/g;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";

  for (const select of document.querySelectorAll("form.filters select")) {
    select.addEventListener("change", () => select.form.submit());
  }

  const list = document.getElementById("entries");
  if (!list) return;
  const status = document.getElementById("status");
  let current = null;
  let editing = null; // {article, editor, palette, hint}

  const say = (text, kind = "info") => {
    status.textContent = text;
    status.className = kind;
  };

  const entries = () => Array.from(list.querySelectorAll("article.entry"));

  function select(article) {
    if (current) current.classList.remove("current");
    current = article;
    if (article) {
      article.classList.add("current");
      article.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    const all = entries();
    if (!all.length) return;
    const at = all.indexOf(current);
    select(all[at < 0 ? 0 : Math.min(all.length - 1, Math.max(0, at + step))]);
  }

  function tagsOf(text) {
    return Array.from(text.matchAll(TAG)).filter((m) => !(m[1] && m[3])).map((m) => m[0]);
  }

  function chip(tag) {
    const span = document.createElement("span");
    span.className = "chip";
    span.contentEditable = "false";
    span.dataset.tag = tag;
    span.textContent = tag;
    return span;
  }

  function fill(editor, text) {
    editor.replaceChildren();
    let pos = 0;
    for (const m of text.matchAll(TAG)) {
      if (m[1] && m[3]) continue;
      if (m.index > pos) editor.append(document.createTextNode(text.slice(pos, m.index)));
      editor.append(chip(m[0]));
      pos = m.index + m[0].length;
    }
    if (pos < text.length) editor.append(document.createTextNode(text.slice(pos)));
  }

  function serialise(node) {
    let out = "";
    node.childNodes.forEach((child, i) => {
      if (child.nodeType === Node.TEXT_NODE) out += child.data;
      else if (child.dataset && child.dataset.tag) out += child.dataset.tag;
      else if (child.nodeName === "BR") out += "\n";
      else {
        if (i > 0 && (child.nodeName === "DIV" || child.nodeName === "P")) out += "\n";
        out += serialise(child);
      }
    });
    return out;
  }

  function editorText() {
    let text = serialise(editing.editor);
    const source = editing.article.dataset.msgid;
    // The browser keeps a trailing <br> to show an empty last line; it is not the reviewer's.
    if (text.endsWith("\n") && !source.endsWith("\n")) text = text.replace(/\n+$/, "");
    return text;
  }

  // Which tags the source has that the editor lacks (and the other way round).
  function tagReport() {
    const want = tagsOf(editing.article.dataset.msgid);
    const got = tagsOf(editorText());
    const missing = [...want];
    const extra = [];
    for (const tag of got) {
      const at = missing.indexOf(tag);
      if (at >= 0) missing.splice(at, 1);
      else extra.push(tag);
    }
    return { missing, extra };
  }

  function refreshTags() {
    const { missing, extra } = tagReport();
    for (const button of editing.palette.querySelectorAll("button.chip")) {
      button.classList.toggle("missing", missing.includes(button.dataset.tag));
    }
    const parts = [];
    if (missing.length) parts.push(`missing ${missing.join(" ")} (click it below to put it back)`);
    if (extra.length) parts.push(`not in the source: ${extra.join(" ")}`);
    editing.hint.textContent = parts.length ? `Tags: ${parts.join("; ")}` : "";
    editing.hint.className = parts.length ? "hint problem" : "hint";
  }

  function chipsIn(ranges) {
    const hit = [];
    for (const r of ranges) {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      for (const c of editing.editor.querySelectorAll(".chip")) {
        if (range.intersectsNode(c) && !hit.includes(c)) hit.push(c);
      }
    }
    return hit;
  }

  let savedRange = null;
  function rememberCaret() {
    const sel = window.getSelection();
    if (editing && sel.rangeCount && editing.editor.contains(sel.getRangeAt(0).startContainer)) {
      savedRange = sel.getRangeAt(0).cloneRange();
    }
  }

  function insertChip(tag) {
    const node = chip(tag);
    if (savedRange && editing.editor.contains(savedRange.startContainer)) {
      savedRange.deleteContents();
      savedRange.insertNode(node);
    } else {
      editing.editor.append(node);
    }
    const range = document.createRange();
    range.setStartAfter(node);
    range.collapse(true);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    savedRange = range.cloneRange();
    editing.editor.focus();
    refreshTags();
  }

  function startEdit(article) {
    if (editing) cancelEdit();
    if (article.dataset.plural) return;
    select(article);
    article.classList.add("editing");
    const target = article.querySelector(".target");
    const shown = target.querySelector(".text");
    shown.hidden = true;

    const editor = document.createElement("div");
    editor.className = "editor";
    editor.contentEditable = "true";
    editor.spellcheck = true;
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    editor.setAttribute("aria-label", "translation");
    fill(editor, article.dataset.msgstr || "");

    const palette = document.createElement("div");
    palette.className = "palette";
    const sourceTags = tagsOf(article.dataset.msgid);
    if (sourceTags.length) {
      palette.append(document.createTextNode("Tags of the source: "));
      for (const tag of sourceTags) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "chip";
        button.dataset.tag = tag;
        button.textContent = tag;
        button.title = "insert this tag at the cursor";
        button.addEventListener("mousedown", (ev) => ev.preventDefault()); // keep the caret
        button.addEventListener("click", () => insertChip(tag));
        palette.append(button);
      }
    }

    const hint = document.createElement("p");
    hint.className = "hint";
    const buttons = document.createElement("div");
    buttons.className = "edit-buttons";
    const save = document.createElement("button");
    save.type = "button";
    save.className = "primary";
    save.textContent = "Save (Ctrl+Enter)";
    save.addEventListener("click", () => saveEdit());
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel (Esc)";
    cancel.addEventListener("click", () => cancelEdit());
    buttons.append(save, cancel);
    target.append(editor, palette, hint, buttons);
    editing = { article, editor, palette, hint, parts: [editor, palette, hint, buttons], shown };

    editor.addEventListener("beforeinput", (ev) => {
      if (ev.inputType === "insertParagraph") {
        ev.preventDefault(); // Enter alone does nothing; Shift+Enter makes a line break
        return;
      }
      const hit = chipsIn(ev.getTargetRanges());
      if (hit.length && !hit.every((c) => c.classList.contains("armed"))) {
        ev.preventDefault();
        for (const c of editor.querySelectorAll(".chip.armed")) c.classList.remove("armed");
        for (const c of hit) c.classList.add("armed");
        say(`${hit.map((c) => c.dataset.tag).join(" ")} is a tag the translation needs; do it again to remove it anyway`, "warn");
        return;
      }
      for (const c of editor.querySelectorAll(".chip.armed")) c.classList.remove("armed");
    });
    editor.addEventListener("input", () => refreshTags());
    editor.addEventListener("paste", (ev) => {
      ev.preventDefault();
      document.execCommand("insertText", false, ev.clipboardData.getData("text/plain"));
    });
    for (const name of ["keyup", "mouseup", "focus", "input"]) editor.addEventListener(name, rememberCaret);

    editor.focus();
    const range = document.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    savedRange = range.cloneRange();
    refreshTags();
  }

  function cancelEdit() {
    if (!editing) return;
    for (const part of editing.parts) part.remove();
    editing.shown.hidden = false;
    const article = editing.article;
    article.classList.remove("editing");
    editing = null;
    savedRange = null;
    article.focus({ preventScroll: true });
  }

  function saveEdit() {
    if (!editing) return;
    const { missing } = tagReport();
    if (missing.length) {
      say(`Not saved: the translation lacks ${missing.join(" ")}. Click the tag under the editor to put it back.`, "error");
      return;
    }
    send(editing.article, "edit", editorText());
  }

  // Keep the summary's counts by state true as entries change state.
  function recount(before, after) {
    if (before === after) return;
    for (const [state, step] of [[before, -1], [after, 1]]) {
      const n = document.querySelector(`a[data-count="${state}"] .n`);
      if (n) n.textContent = String(Number(n.textContent) + step);
    }
  }

  function replaceEntry(article, html) {
    const holder = document.createElement("template");
    holder.innerHTML = html; // server-rendered and escaped by the page's own template
    const fresh = holder.content.firstElementChild;
    if (editing && editing.article === article) editing = null;
    article.replaceWith(fresh);
    if (current === article || !current) select(fresh);
    return fresh;
  }

  async function send(article, action, text, base) {
    const body = {
      key: article.dataset.key,
      action,
      base: base ?? article.dataset.version,
      text,
      number: Number(article.dataset.number),
    };
    let response;
    let data = {};
    try {
      response = await fetch(list.dataset.saveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body),
      });
      data = await response.json();
    } catch (error) {
      say(`Not saved: ${response ? `the server answered ${response.status}` : "the server cannot be reached"}.`, "error");
      return;
    }
    if (response.status === 409) {
      showConflict(article, data.conflict);
      return;
    }
    if (!response.ok) {
      say(data.error || `Not saved (${response.status}).`, "error");
      return;
    }
    recount(article.dataset.state, data.state);
    const fresh = replaceEntry(article, data.html);
    const checks = data.findings.length ? `checks: ${data.findings.join("; ")}` : "checks pass";
    const what = data.written ? `Saved #${fresh.dataset.number}: ${data.state}` : `#${fresh.dataset.number} was already so on disk`;
    const held = data.held ? " Not counted as reviewed until the error is fixed or ignored (# l10n: ignore <check>)." : "";
    say(`${what}; ${checks}.${held}`, data.findings.length ? "warn" : "ok");
  }

  function showConflict(article, conflict) {
    article.querySelector(".conflict")?.remove();
    const panel = document.createElement("div");
    panel.className = "conflict";
    panel.setAttribute("role", "alert");
    const title = document.createElement("p");
    title.className = "conflict-title";
    title.textContent = `Conflict: ${conflict.message}. Nothing was saved; choose which version to keep.`;
    panel.append(title);
    if (!conflict.theirs) {
      const reload = document.createElement("button");
      reload.type = "button";
      reload.textContent = "Reload the page";
      reload.addEventListener("click", () => window.location.reload());
      panel.append(reload);
    } else {
      const lang = article.querySelector(".target").getAttribute("lang");
      const dir = article.querySelector(".target").getAttribute("dir");
      const column = (label, text) => {
        const box = document.createElement("div");
        box.className = "version";
        const head = document.createElement("h3");
        head.textContent = label;
        const body = document.createElement("div");
        body.className = "version-text";
        body.setAttribute("lang", lang);
        body.setAttribute("dir", dir);
        body.textContent = text || "(untranslated)";
        box.append(head, body);
        return box;
      };
      const both = document.createElement("div");
      both.className = "versions";
      const theirs = conflict.theirs;
      both.append(column("Yours", conflict.mine), column(`On disk now (${theirs.state})`, theirs.msgstr));
      const keep = document.createElement("button");
      keep.type = "button";
      keep.className = "primary";
      keep.dataset.choice = "mine";
      keep.textContent = "Keep mine";
      keep.addEventListener("click", () => send(article, "edit", conflict.mine, theirs.version));
      const take = document.createElement("button");
      take.type = "button";
      take.dataset.choice = "theirs";
      take.textContent = "Take theirs";
      take.addEventListener("click", () => {
        recount(article.dataset.state, theirs.state);
        replaceEntry(article, theirs.html);
        say("Kept the version on disk; nothing was written.", "ok");
      });
      panel.append(both, keep, take);
    }
    article.append(panel);
    say("Conflict: the entry changed on disk. Nothing was saved.", "error");
  }

  function act(article, action) {
    if (!article) return;
    select(article);
    if (action === "edit") startEdit(article);
    else if (action === "approve") {
      const button = article.querySelector('button[data-action="approve"]');
      if (button && !button.disabled) send(article, "approve", article.dataset.msgstr);
    } else if (action === "untranslate") send(article, "untranslate", "");
  }

  list.addEventListener("click", (ev) => {
    const article = ev.target.closest("article.entry");
    if (!article) return;
    const button = ev.target.closest("button[data-action]");
    if (button) act(article, button.dataset.action);
    else if (!editing || editing.article !== article) select(article);
  });

  document.addEventListener("keydown", (ev) => {
    const save = (ev.ctrlKey || ev.metaKey) && (ev.key === "Enter" || ev.key.toLowerCase() === "s");
    if (save) {
      if (editing) {
        ev.preventDefault();
        saveEdit();
      }
      return;
    }
    if (editing) {
      if (ev.key === "Escape") cancelEdit();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.target.closest("input, select, textarea, [contenteditable]")) return;
    if (ev.key === "j") move(1);
    else if (ev.key === "k") move(-1);
    else if (ev.key === "e" || ev.key === "a") {
      if (!current) move(1);
      ev.preventDefault();
      act(current, ev.key === "e" ? "edit" : "approve");
    } else return;
  });
})();
