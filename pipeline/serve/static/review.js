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

  function select(article, focus = true) {
    if (current) current.classList.remove("current");
    current = article;
    if (article) {
      article.classList.add("current");
      article.scrollIntoView({ block: "nearest" });
      if (focus && !editing) article.focus({ preventScroll: true }); // screen readers follow the current entry
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
    if (article.dataset.plural) {
      startPluralEdit(article);
      return;
    }
    select(article, false);
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
    editor.setAttribute("aria-label", `translation of entry ${article.dataset.number}`);
    fill(editor, article.dataset.msgstr || "");

    // The editor's own labels are English: lay them out left to right even in a right-to-left column.
    const palette = document.createElement("div");
    palette.className = "palette";
    palette.lang = "en";
    palette.dir = "ltr";
    const sourceTags = tagsOf(article.dataset.msgid);
    if (sourceTags.length) {
      palette.append(document.createTextNode("Tags of the source (Alt+T inserts the next missing one): "));
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
    hint.lang = "en";
    hint.dir = "ltr";
    hint.setAttribute("aria-live", "polite");
    const buttons = editButtons();
    const copy = document.createElement("button");
    copy.type = "button";
    copy.textContent = "Copy source (Alt+C)";
    copy.addEventListener("click", () => copySource());
    buttons.append(copy);
    target.append(editor, palette, hint, buttons);
    editing = { article, editor, palette, hint, parts: [editor, palette, hint, buttons], shown, start: article.dataset.msgstr || "" };

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
    caretAtEnd();
    refreshTags();
  }

  function caretAtEnd() {
    const range = document.createRange();
    range.selectNodeContents(editing.editor);
    range.collapse(false);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    savedRange = range.cloneRange();
  }

  function editButtons() {
    const buttons = document.createElement("div");
    buttons.className = "edit-buttons";
    buttons.lang = "en";
    buttons.dir = "ltr";
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
    return buttons;
  }

  function startPluralEdit(article) {
    select(article, false);
    article.classList.add("editing");
    const target = article.querySelector(".target");
    const shown = target.querySelector(".forms");
    shown.hidden = true;
    const box = document.createElement("div");
    box.className = "plural-editor";
    const fields = [];
    for (const form of article.querySelectorAll(".forms .form")) {
      const label = document.createElement("label");
      const name = document.createElement("span");
      name.className = "form-name";
      name.lang = "en";
      name.dir = "ltr";
      name.textContent = form.querySelector("dt").textContent;
      const area = document.createElement("textarea");
      area.rows = 2;
      area.value = form.dataset.text || "";
      area.dataset.index = form.dataset.index;
      label.append(name, area);
      box.append(label);
      fields.push(area);
    }
    const buttons = editButtons();
    target.append(box, buttons);
    editing = { article, fields, parts: [box, buttons], shown, start: fields.map((f) => f.value).join("\u0000") };
    fields[0]?.focus();
  }

  function copySource() {
    if (!editing || !editing.editor) return;
    fill(editing.editor, editing.article.dataset.msgid);
    editing.editor.focus();
    caretAtEnd();
    refreshTags();
    say("Copied the source into the editor.", "info");
  }

  function insertNextTag() {
    if (!editing || !editing.editor) return;
    const { missing } = tagReport();
    if (!missing.length) {
      say("No tag is missing.", "info");
      return;
    }
    insertChip(missing[0]);
  }

  function changed() {
    if (!editing) return false;
    if (editing.fields) return editing.fields.map((f) => f.value).join("\u0000") !== editing.start;
    return editorText() !== editing.start;
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

  window.addEventListener("beforeunload", (ev) => {
    if (changed()) {
      ev.preventDefault();
      ev.returnValue = ""; // the browser asks whether to leave and lose the text being edited
    }
  });

  function saveEdit() {
    if (!editing) return;
    if (editing.fields) {
      send(editing.article, "edit", "", { forms: editing.fields.map((f) => f.value) });
      return;
    }
    const { missing } = tagReport();
    if (missing.length) {
      say(`Not saved: the translation lacks ${missing.join(" ")}. Click the tag under the editor to put it back.`, "error");
      return;
    }
    send(editing.article, "edit", editorText());
  }

  // Keep the summary's counts by state true as entries change state (the server sends the figures).
  function recount(counts) {
    if (!counts) return;
    for (const [state, n] of Object.entries(counts)) {
      const link = document.querySelector(`a[data-count="${state}"] .n`);
      if (link) link.textContent = String(n);
      const option = document.querySelector(`form.filters option[value="${state}"]`);
      if (option) option.textContent = `${state} (${n})`;
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

  async function post(url, body) {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body),
      });
      return { response, data: await response.json() };
    } catch (error) {
      say(`Not saved: ${response ? `the server answered ${response.status}` : "the server cannot be reached"}.`, "error");
      return null;
    }
  }

  const ACTION_WORDS = { edit: "Saved", approve: "Approved", "needs-work": "Marked as needing work", untranslate: "Sent back", comment: "Comment added to" };

  async function send(article, action, text, extra = {}) {
    const body = {
      key: article.dataset.key,
      action,
      base: extra.base ?? article.dataset.version,
      text,
      number: Number(article.dataset.number),
      forms: extra.forms ?? [],
      override: extra.override ?? "",
    };
    const answer = await post(list.dataset.saveUrl, body);
    if (!answer) return;
    const { response, data } = answer;
    if (response.status === 409) {
      showConflict(article, data.conflict);
      return;
    }
    if (response.status === 422 && data.blocked) {
      showBlocked(article, action, text, body, data.blocked);
      return;
    }
    if (!response.ok) {
      say(data.error || `Not saved (${response.status}).`, "error");
      return;
    }
    recount(data.counts);
    const fresh = replaceEntry(article, data.html);
    const checks = data.findings.length ? `checks: ${data.findings.join("; ")}` : "checks pass";
    const what = data.written
      ? `${ACTION_WORDS[action] || "Saved"} #${fresh.dataset.number}: ${data.state}`
      : `#${fresh.dataset.number} is already ${data.state}: nothing to change`;
    const held = data.held ? " Not counted as reviewed until the error is fixed or ignored (# l10n: ignore <check>)." : "";
    say(`${what}; ${checks}.${held}${data.written ? " Press z to undo." : ""}`, data.findings.length ? "warn" : "ok");
    if (data.written && ["edit", "approve", "needs-work", "untranslate"].includes(action)) nextNeedingWork(fresh, "work", true);
  }

  function showBlocked(article, action, text, body, errors) {
    article.querySelector(".override")?.remove();
    const form = document.createElement("form");
    form.className = "override";
    form.lang = "en";
    form.dir = "ltr";
    form.setAttribute("role", "alert");
    const title = document.createElement("p");
    title.textContent = `Not approved: ${errors.join("; ")}. Fix the translation, or approve anyway with a reason (recorded in the catalog).`;
    const label = document.createElement("label");
    label.textContent = "Reason ";
    const input = document.createElement("input");
    input.name = "reason";
    input.required = true;
    input.size = 40;
    label.append(input);
    const go = document.createElement("button");
    go.type = "submit";
    go.textContent = "Approve anyway";
    const drop = document.createElement("button");
    drop.type = "button";
    drop.textContent = "Cancel";
    drop.addEventListener("click", () => form.remove());
    form.append(title, label, document.createTextNode(" "), go, document.createTextNode(" "), drop);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      form.remove();
      send(article, action, text, { base: body.base, forms: body.forms, override: input.value });
    });
    article.append(form);
    say(`Not approved #${article.dataset.number}: ${errors.join("; ")}`, "error");
    input.focus();
  }

  // Approve or save moves on to the next entry needing work: on this page if there is one, else where the server says.
  async function nextNeedingWork(from, want, afterSave = false) {
    const all = entries();
    const at = from ? all.indexOf(from) : -1;
    const fits = (a) =>
      want === "untranslated" ? a.dataset.state === "untranslated"
      : want === "findings" ? Boolean(a.dataset.findings)
      : a.dataset.state !== "reviewed";
    const here = all.slice(at + 1).find(fits);
    if (here) {
      select(here);
      return;
    }
    const after = from ? Number(from.dataset.number) : 0;
    const url = `${list.dataset.nextUrl}${list.dataset.nextUrl.includes("?") ? "&" : "?"}want=${want}&after=${after}`;
    let data;
    try {
      data = await (await fetch(url, { credentials: "same-origin" })).json();
    } catch (error) {
      say("The server cannot be reached.", "error");
      return;
    }
    if (data.number === null || data.number === undefined) {
      if (!afterSave) say(want === "work" ? "Nothing left needing work." : `No entry is ${want === "findings" ? "flagged by the checks" : "untranslated"}.`, "ok");
      return;
    }
    const there = document.getElementById(`entry-${data.number}`);
    if (there) {
      select(there);
      return;
    }
    if (afterSave) {
      status.append(document.createTextNode(` Next needing work: #${data.number} (press w).`));
      return;
    }
    window.location.assign(data.url);
  }

  async function undo() {
    const answer = await post(list.dataset.undoUrl, {});
    if (!answer) return;
    const { response, data } = answer;
    if (!response.ok && response.status !== 409) {
      say(data.error || "Nothing to undo.", "info");
      return;
    }
    const article = document.getElementById(`entry-${data.number ?? ""}`);
    if (response.status === 409) {
      say(data.error || "Not undone: the entry changed on disk since.", "error");
      return;
    }
    recount(data.counts);
    if (article) replaceEntry(article, data.html);
    say(`Undone: #${data.number} is ${data.state} again.`, "ok");
    if (article) select(document.getElementById(`entry-${data.number}`));
  }

  function confirmThen(question, then) {
    const dialog = document.getElementById("confirm");
    if (!dialog) return;
    dialog.querySelector("#confirm-title").textContent = question;
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "yes") then();
    }, { once: true });
    dialog.showModal();
    dialog.querySelector("#confirm-yes").focus();
  }

  function comment(article) {
    if (article.querySelector("form.add-comment")) return;
    const form = document.createElement("form");
    form.className = "add-comment";
    form.lang = "en";
    form.dir = "ltr";
    const label = document.createElement("label");
    label.textContent = "Comment for translators ";
    const input = document.createElement("input");
    input.size = 50;
    label.append(input);
    const go = document.createElement("button");
    go.type = "submit";
    go.textContent = "Add comment";
    form.append(label, document.createTextNode(" "), go);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (input.value.trim()) send(article, "comment", input.value);
    });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") form.remove();
    });
    article.append(form);
    input.focus();
  }

  function panel(article, kind, title) {
    article.querySelector(`.panel-${kind}`)?.remove();
    const box = document.createElement("section");
    box.className = `panel panel-${kind}`;
    box.lang = "en";
    box.dir = "ltr";
    box.setAttribute("aria-label", title);
    const head = document.createElement("h3");
    head.textContent = title;
    box.append(head);
    article.append(box);
    return box;
  }

  async function lookup(article, withOthers) {
    const url = `${list.dataset.suggestUrl}?key=${encodeURIComponent(article.dataset.key)}${withOthers ? "&others=1" : ""}`;
    let data;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      data = await response.json();
      if (!response.ok) {
        say(data.error || `No suggestions (${response.status}).`, "error");
        return;
      }
    } catch (error) {
      say("The server cannot be reached.", "error");
      return;
    }
    const target = article.querySelector(".target");
    const lang = target.getAttribute("lang");
    const dir = target.getAttribute("dir");
    if (withOthers) {
      const box = panel(article, "others", "Other languages");
      if (!data.others.length) box.append(document.createTextNode("No other language has this entry."));
      const rows = document.createElement("dl");
      for (const other of data.others) {
        const name = document.createElement("dt");
        name.textContent = `${other.name} (${other.locale}, ${other.state})`;
        const text = document.createElement("dd");
        text.lang = other.locale;
        text.dir = other.rtl ? "rtl" : "ltr";
        text.textContent = other.text || "(untranslated)";
        rows.append(name, text);
      }
      box.append(rows);
      say(`${data.others.length} other language${data.others.length === 1 ? "" : "s"} for #${article.dataset.number}.`, "info");
      return;
    }
    const box = panel(article, "memory", "Translation memory");
    if (!data.suggestions.length) box.append(document.createTextNode("No match of 60 % or more in this language's catalogs."));
    const items = document.createElement("ol");
    for (const s of data.suggestions) {
      const item = document.createElement("li");
      const score = document.createElement("span");
      score.className = "score";
      score.textContent = `${s.score} %`;
      const text = document.createElement("span");
      text.className = "suggestion";
      text.lang = lang;
      text.dir = dir;
      text.textContent = s.text;
      const from = document.createElement("span");
      from.className = "origin";
      from.textContent = `${s.origin}, ${s.reviewed ? "reviewed" : s.made_by || "machine"}${s.score < 100 ? ` — for “${s.source}”` : ""}`;
      const use = document.createElement("button");
      use.type = "button";
      use.textContent = "Use";
      use.addEventListener("click", () => {
        startEdit(article);
        if (editing && editing.editor) {
          fill(editing.editor, s.text);
          caretAtEnd();
          refreshTags();
        }
      });
      item.append(score, document.createTextNode(" "), text, document.createTextNode(" "), from, document.createTextNode(" "), use);
      items.append(item);
    }
    box.append(items);
    say(`${data.suggestions.length} suggestion${data.suggestions.length === 1 ? "" : "s"} for #${article.dataset.number}.`, "info");
  }

  async function bulkApprove() {
    const chosen = entries().filter((a) => ["machine", "needs review"].includes(a.dataset.state));
    const clean = chosen.filter((a) => !a.dataset.errors);
    if (!clean.length) {
      say(chosen.length ? "Every entry shown that awaits review has errors: approve those one by one." : "No entry shown awaits review.", "info");
      return;
    }
    const refused = chosen.length - clean.length;
    confirmThen(
      `Approve ${clean.length} entries shown?${refused ? ` ${refused} with errors are left out.` : ""}`,
      async () => {
        let done = 0;
        for (const article of clean) {
          const answer = await post(list.dataset.saveUrl, {
            key: article.dataset.key, action: "approve", base: article.dataset.version,
            text: article.dataset.msgstr, number: Number(article.dataset.number), forms: [], override: "",
          });
          if (!answer || !answer.response.ok) continue;
          recount(answer.data.counts);
          replaceEntry(article, answer.data.html);
          done += 1;
        }
        say(`Approved ${done} of ${clean.length} entries${refused ? `; left out ${refused} with errors` : ""}.`, done === clean.length ? "ok" : "warn");
      },
    );
  }
  document.getElementById("bulk-approve")?.addEventListener("click", bulkApprove);

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
      keep.addEventListener("click", () => send(article, "edit", conflict.mine, { base: theirs.version }));
      const take = document.createElement("button");
      take.type = "button";
      take.dataset.choice = "theirs";
      take.textContent = "Take theirs";
      take.addEventListener("click", () => {
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
    select(article, action !== "edit");
    const button = article.querySelector(`button[data-action="${action}"]`);
    if (action === "edit") startEdit(article);
    else if (action === "comment") comment(article);
    else if (action === "suggest") lookup(article, false);
    else if (action === "others") lookup(article, true);
    else if (button && button.disabled) say(`#${article.dataset.number} is ${article.dataset.state}: nothing to ${action === "untranslate" ? "send back" : action.replace("-", " ")}.`, "info");
    else if (action === "approve") send(article, "approve", article.dataset.msgstr);
    else if (action === "needs-work") send(article, "needs-work", "");
    else if (action === "untranslate") {
      confirmThen(`Send #${article.dataset.number} back to untranslated? Its translation is removed (z undoes it).`, () => send(article, "untranslate", ""));
    }
  }

  list.addEventListener("click", (ev) => {
    const article = ev.target.closest("article.entry");
    if (!article) return;
    const button = ev.target.closest("button[data-action]");
    if (button) act(article, button.dataset.action);
    else if (!editing || editing.article !== article) {
      if (!ev.target.closest("form")) select(article);
    }
  });

  const KEYS = { e: "edit", Enter: "edit", a: "approve", n: "needs-work", b: "untranslate", c: "comment", s: "suggest", o: "others" };

  document.addEventListener("keydown", (ev) => {
    const save = (ev.ctrlKey || ev.metaKey) && (ev.key === "Enter" || ev.key.toLowerCase() === "s");
    if (save) {
      ev.preventDefault(); // never the browser's Save dialog
      if (editing) saveEdit();
      else say("Nothing to save: press e to edit the current entry.", "info");
      return;
    }
    if (editing) {
      if (ev.key === "Escape") cancelEdit();
      else if (ev.altKey && ev.key.toLowerCase() === "c") {
        ev.preventDefault();
        copySource();
      } else if (ev.altKey && ev.key.toLowerCase() === "t") {
        ev.preventDefault();
        insertNextTag();
      }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.target.closest("input, select, textarea, [contenteditable], dialog")) return;
    if (ev.key === "j") move(1);
    else if (ev.key === "k") move(-1);
    else if (ev.key === "w") nextNeedingWork(current, "work");
    else if (ev.key === "u") nextNeedingWork(current, "untranslated");
    else if (ev.key === "f") nextNeedingWork(current, "findings");
    else if (ev.key === "z") undo();
    else if (ev.key === "?") document.getElementById("keys")?.showModal();
    else if (ev.key === "/") document.querySelector('form.filters input[name="q"]')?.focus();
    else if (KEYS[ev.key]) {
      if (!current) move(1);
      act(current, KEYS[ev.key]);
    } else return;
    ev.preventDefault();
  });

  // Arriving at #entry-N (from "next needing work" on another page) selects it.
  const wanted = window.location.hash.match(/^#entry-(\d+)$/);
  if (wanted) select(document.getElementById(`entry-${wanted[1]}`));
})();
