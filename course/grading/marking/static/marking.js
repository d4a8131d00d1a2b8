// The marking page: one question at a time, every learner's answer in this marker's order.
// Plain JavaScript over the JSON handlers in server.py; every action has a key (see #keys).
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const state = { questions: [], queue: null, index: 0, answer: null, version: 0, busy: false };

  function cookie(name) {
    const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  async function api(path, options) {
    const headers = { "Content-Type": "application/json", "X-XSRFToken": cookie("_xsrf") || config.xsrf };
    const response = await fetch(config.base + encodeURIComponent(config.module) + path, {
      credentials: "same-origin", headers, ...(options || {}),
    });
    let body = {};
    try { body = await response.json(); } catch (e) { body = { message: "The server gave no answer; is `course mark` still running?" }; }
    return { ok: response.ok, status: response.status, body };
  }

  function say(text) { $("status").textContent = text; }
  function warn(text) {
    $("alert").textContent = text || "";
    $("alert").hidden = !text;
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fmt(n) { return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100); }

  // --- the list of questions ---------------------------------------------------------------

  async function loadQuestions(openPlace) {
    const { ok, body } = await api("/questions");
    if (!ok) { warn(body.message); return; }
    config.module = body.module;
    state.questions = body.questions;
    $("module").textContent = body.module;
    const blind = body.role === "second" ? " (second marker: the first marker's marks are hidden)" : "";
    $("who").textContent = `Marking as ${body.marker}${blind}.`;
    const list = $("questions");
    list.replaceChildren();
    body.questions.forEach((q) => {
      const item = el("li");
      const changed = q.changed ? `, ${q.changed} changed since marked` : "";
      const button = el("button", { type: "button", "data-question": q.id },
        `${q.title}: ${q.marked} of ${q.answers} marked${changed}`);
      button.addEventListener("click", () => openQuestion(q.id));
      item.append(button);
      list.append(item);
    });
    if (openPlace && body.place && body.questions.some((q) => q.id === body.place)) {
      await openQuestion(body.place);
      return;
    }
    showPicker();
  }

  function showPicker() {
    $("marking").hidden = true;
    $("picker").hidden = false;
    const first = $("questions").querySelector("button");
    if (first) first.focus();
    say(state.questions.length ? "Choose a question with the arrow keys and Enter." : "This module has no questions marked by hand.");
  }

  // --- one question's queue ----------------------------------------------------------------

  async function openQuestion(id) {
    const { ok, body } = await api("/questions/" + encodeURIComponent(id));
    if (!ok) { warn(body.message); return; }
    state.queue = body;
    const q = body.question;
    $("question-title").textContent = q.title;
    $("guide").replaceChildren(...q.guide.split(/\n\s*\n/).map((p) => el("p", {}, p.replace(/\*\*/g, ""))));
    $("max").textContent = fmt(q.max_score);
    $("score").max = q.max_score;
    const items = $("rubric-items");
    items.replaceChildren();
    q.rubric.forEach((r, i) => {
      const label = el("label");
      const box = el("input", { type: "checkbox", "data-points": r.points, id: "rubric-" + i });
      box.addEventListener("change", rubricToScore);
      label.append(box, " ", el("kbd", {}, String(i + 1)), ` ${fmt(r.points)} mark${r.points === 1 ? "" : "s"}: ${r.text}`);
      items.append(label);
    });
    $("rubric").hidden = q.rubric.length === 0;
    showBank(body.bank);
    $("picker").hidden = true;
    $("marking").hidden = false;
    $("differences").hidden = true;
    warn("");
    if (!body.items.length) { say("Nobody has handed in this module yet."); return; }
    const start = body.resume === null ? 0 : body.resume;
    if (body.resume === null) say(`All ${body.items.length} answers to this question are marked.`);
    await showAnswer(start);
  }

  function showBank(bank) {
    const list = $("bank");
    list.replaceChildren();
    bank.forEach((text) => {
      const item = el("li");
      const button = el("button", { type: "button" }, text);
      button.addEventListener("click", () => addComment(text));
      item.append(button);
      list.append(item);
    });
    if (!bank.length) list.append(el("li", {}, "None yet: comments you save appear here."));
  }

  function addComment(text) {
    const box = $("comment");
    box.value = box.value.trim() ? box.value.trim() + "\n" + text : text;
    box.focus();
    say("Comment added.");
  }

  function rubricToScore() {
    const ticked = [...$("rubric-items").querySelectorAll("input:checked")];
    const sum = ticked.reduce((total, box) => total + Number(box.dataset.points), 0);
    $("score").value = fmt(Math.min(sum, state.queue.question.max_score));
  }

  async function showAnswer(index) {
    const items = state.queue.items;
    state.index = (index + items.length) % items.length;
    const item = items[state.index];
    const { ok, body } = await api(`/questions/${encodeURIComponent(state.queue.question.id)}/answers/${item.pseudonym}`);
    if (!ok) { warn(body.message); return; }
    state.answer = body;
    item.status = body.status;
    $("answer-heading").textContent = `Answer ${state.index + 1} of ${items.length}: ${body.pseudonym} (${body.status})`;
    $("note").textContent = body.note;
    $("note").hidden = !body.note;
    const parts = $("parts");
    parts.replaceChildren();
    body.parts.forEach((p) => {
      const box = el("section", { class: "part" });
      box.append(el("h3", {}, p.heading), el("div", { class: "text" }, p.lines.join("\n")));
      parts.append(box);
    });
    fillForm(body.mark);
    $("answer-heading").focus();
  }

  function fillForm(mark) {
    state.version = mark ? mark.version : 0;
    const ticked = new Set(mark ? mark.rubric : []);
    $("rubric-items").querySelectorAll("input").forEach((box, i) => { box.checked = ticked.has(i); });
    $("score").value = mark ? fmt(mark.score) : "";
    $("comment").value = mark ? mark.comment : "";
  }

  async function save() {
    if (state.busy || !state.answer) return;
    const raw = $("score").value.trim();
    if (raw === "") { warn("Give a mark before saving: tick rubric items or press S and type it."); $("score").focus(); return; }
    const rubric = [...$("rubric-items").querySelectorAll("input")].map((b, i) => (b.checked ? i : -1)).filter((i) => i >= 0);
    state.busy = true;
    const q = state.queue.question;
    const { ok, status, body } = await api(`/questions/${encodeURIComponent(q.id)}/answers/${state.answer.pseudonym}`, {
      method: "POST",
      body: JSON.stringify({ score: Number(raw), rubric, comment: $("comment").value, version: state.version }),
    });
    state.busy = false;
    if (status === 409) {
      // Another marker saved first: their mark stays; the form keeps this marker's own.
      state.version = body.current ? body.current.version : state.version;
      warn(body.message);
      $("save").focus();
      return;
    }
    if (!ok) { warn(body.message); return; }
    warn("");
    state.queue.items[state.index].status = "marked";
    showBank(body.bank);
    const items = state.queue.items;
    const next = [...Array(items.length).keys()].map((k) => (state.index + 1 + k) % items.length).find((i) => items[i].status !== "marked");
    if (next === undefined) {
      $("answer-heading").textContent = `Answer ${state.index + 1} of ${items.length}: ${state.answer.pseudonym} (marked)`;
      say(`Saved ${fmt(body.mark.score)}. All ${items.length} answers to this question are marked.`);
      $("back").focus();
      return;
    }
    say(`Saved ${fmt(body.mark.score)} for ${state.answer.pseudonym}.`);
    await showAnswer(next);
  }

  async function differences() {
    const q = state.queue.question;
    const { ok, body } = await api(`/questions/${encodeURIComponent(q.id)}/differences`);
    if (!ok) { warn(body.message); return; }
    const rows = $("differences-table").querySelector("tbody");
    rows.replaceChildren();
    body.differences.forEach((d) => {
      const row = el("tr");
      row.append(el("td", {}, d.pseudonym), el("td", {}, `${fmt(d.first)} (${d.first_marker})`),
        el("td", {}, `${fmt(d.second)} (${d.second_marker})`), el("td", {}, fmt(d.difference)));
      rows.append(row);
    });
    $("differences-summary").textContent = `${body.differences.length} answer(s) where the two markers' marks differ by more than ${fmt(body.margin)}.`;
    $("differences-table").hidden = body.differences.length === 0;
    $("differences").hidden = false;
    $("differences-heading").focus();
  }

  // --- keys --------------------------------------------------------------------------------

  function inText(target) {
    return target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type !== "checkbox"));
  }

  document.addEventListener("keydown", (event) => {
    const marking = !$("marking").hidden;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if (marking) { event.preventDefault(); save(); }
      return;
    }
    if (event.key === "Escape" && inText(event.target)) { event.target.blur(); $("answer-heading").focus(); return; }
    if (inText(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key;
    if (!marking) {
      const buttons = [...$("questions").querySelectorAll("button")];
      const at = buttons.indexOf(document.activeElement);
      if (key === "ArrowDown" || key === "ArrowUp") {
        event.preventDefault();
        const step = key === "ArrowDown" ? 1 : -1;
        const target = buttons[Math.max(0, Math.min(buttons.length - 1, at + step))];
        if (target) target.focus();
      } else if (key === "?") { event.preventDefault(); $("keys").focus(); }
      return;
    }
    if (document.activeElement && document.activeElement.closest("#bank") && (key === "ArrowDown" || key === "ArrowUp")) {
      event.preventDefault();
      const buttons = [...$("bank").querySelectorAll("button")];
      const at = buttons.indexOf(document.activeElement);
      const target = buttons[Math.max(0, Math.min(buttons.length - 1, at + (key === "ArrowDown" ? 1 : -1)))];
      if (target) target.focus();
      return;
    }
    const actions = {
      s: () => $("score").focus(),
      c: () => $("comment").focus(),
      b: () => { const first = $("bank").querySelector("button"); if (first) first.focus(); else say("No comments saved for this question yet."); },
      n: () => showAnswer(state.index + 1),
      p: () => showAnswer(state.index - 1),
      q: () => loadQuestions(false),
      d: () => differences(),
      "?": () => $("keys").focus(),
    };
    const lower = key.length === 1 ? key.toLowerCase() : key;
    if (/^[1-9]$/.test(key)) {
      const box = $("rubric-items").querySelectorAll("input")[Number(key) - 1];
      if (box) { event.preventDefault(); box.checked = !box.checked; rubricToScore(); box.focus(); }
    } else if (actions[lower]) {
      event.preventDefault();
      actions[lower]();
    }
  });

  $("save").addEventListener("click", save);
  $("next").addEventListener("click", () => showAnswer(state.index + 1));
  $("prev").addEventListener("click", () => showAnswer(state.index - 1));
  $("back").addEventListener("click", () => loadQuestions(false));
  $("show-differences").addEventListener("click", differences);

  loadQuestions(true);
})();
