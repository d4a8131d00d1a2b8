// The reflection box's front end (anywidget). It never claims a save the kernel did not
// confirm: every change is kept in this browser (localStorage) until the kernel answers that it
// wrote the file, and if no answer comes the box says so, right where the learner types.

const STORE = "sll-reflection:";
const CONFIRM_MS = 3000; // how long to wait for the kernel to confirm a save
const HELLO_MS = 2500; // how long to wait for a kernel to answer when the box is drawn
const SEND_AFTER_MS = 250; // typing pauses this long before a save is sent

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

let counter = 0;
function uid(prefix) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

function readKept(key) {
  try {
    return JSON.parse(window.localStorage.getItem(STORE + key) || "null");
  } catch (e) {
    return null;
  }
}

function keep(key, answer, seq) {
  try {
    window.localStorage.setItem(STORE + key, JSON.stringify({ answer, seq, t: Date.now() }));
  } catch (e) {
    /* a full or blocked store: the banner below still warns when a save is not confirmed */
  }
}

function forget(key, seq) {
  const kept = readKept(key);
  if (kept && kept.seq <= seq) window.localStorage.removeItem(STORE + key);
}

// One builder per kind: draws the inputs, reads the answer back, fills them from an answer.
const KINDS = {
  text(model, form) {
    const id = uid("sll-text");
    form.append(el("label", { for: id, class: "sll-label" }, "Your reflection"));
    const box = el("textarea", {
      id,
      rows: "10",
      placeholder: "Type your reflection here. It is saved as you type.",
    });
    form.append(box);
    return { inputs: [box], read: () => box.value, fill: (a) => (box.value = a || "") };
  },
  ratings(model, form) {
    const settings = model.get("settings");
    const items = settings.items || {};
    const groups = {};
    const inputs = [];
    for (const [item, label] of Object.entries(items)) {
      const set = el("fieldset", { class: "sll-rating" });
      const dimension = (settings.dimensions || {})[item];
      set.append(el("legend", {}, dimension ? `${label} (${dimension})` : label));
      const name = uid("sll-rate");
      groups[item] = [];
      for (const value of [0, 1, 2, 3, 4, 5]) {
        const id = uid("sll-r");
        const radio = el("input", { type: "radio", name, id, value: String(value) });
        const tag = el("label", { for: id }, value === 0 ? "not rated" : String(value));
        set.append(radio, tag);
        groups[item].push(radio);
        inputs.push(radio);
      }
      form.append(set);
    }
    return {
      inputs,
      read: () =>
        Object.fromEntries(
          Object.entries(groups).map(([item, radios]) => {
            const on = radios.find((r) => r.checked);
            return [item, on ? Number(on.value) : 0];
          }),
        ),
      fill: (a) => {
        for (const [item, radios] of Object.entries(groups)) {
          const value = String((a || {})[item] || 0);
          for (const r of radios) r.checked = r.value === value;
        }
      },
    };
  },
  stages(model, form) {
    const stages = model.get("settings").stages || {};
    const boxes = {};
    for (const [stage, label] of Object.entries(stages)) {
      const id = uid("sll-stage");
      form.append(el("label", { for: id, class: "sll-label" }, label));
      boxes[stage] = el("textarea", { id, rows: "4" });
      form.append(boxes[stage]);
    }
    return {
      inputs: Object.values(boxes),
      read: () => Object.fromEntries(Object.entries(boxes).map(([s, b]) => [s, b.value])),
      fill: (a) => {
        for (const [s, b] of Object.entries(boxes)) b.value = (a || {})[s] || "";
      },
    };
  },
  self_rating(model, form) {
    return KINDS.ratings(model, form);
  },
  table(model, form) {
    const settings = model.get("settings");
    const columns = settings.columns || [];
    const table = el("table", { class: "sll-table" });
    const head = el("tr");
    for (const c of columns) head.append(el("th", { scope: "col" }, c));
    table.append(el("thead")).append(head);
    const body = el("tbody");
    table.append(body);
    const cells = [];
    for (let r = 0; r < (settings.n_rows || 4); r++) {
      const row = el("tr");
      cells.push(
        columns.map((c) => {
          const input = el("input", { type: "text", "aria-label": `Row ${r + 1}: ${c}` });
          row.append(el("td")).append(input);
          return input;
        }),
      );
      body.append(row);
    }
    form.append(table);
    return {
      inputs: cells.flat(),
      read: () => cells.map((row) => row.map((i) => i.value)),
      fill: (a) =>
        cells.forEach((row, r) => row.forEach((i, c) => (i.value = ((a || [])[r] || [])[c] || ""))),
    };
  },
};

function clock(iso) {
  const when = iso ? new Date(iso) : null;
  return when && !isNaN(when) ? when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "";
}

function render({ model, el: root }) {
  const key = model.get("key");
  const kind = model.get("kind");
  const box = el("div", { class: "sll-reflection", role: "group" });
  const promptId = uid("sll-prompt");
  box.setAttribute("aria-labelledby", promptId);
  const prompt = el("p", { id: promptId, class: "sll-prompt" });
  const rated = kind === "ratings" || kind === "self_rating";
  prompt.append(el("strong", {}, rated ? "Self-rating: " : "Reflection: "));
  prompt.append(document.createTextNode(model.get("prompt")));
  box.append(prompt);
  const settings = model.get("settings");
  if (rated) {
    box.append(el("p", {}, `Scale: 1 = ${settings.low}; 5 = ${settings.high}. Leave none at "not rated".`));
  }
  const note = el("p", { class: "sll-note", role: "alert" });
  const lost = el("div", { class: "sll-lost", role: "alert" });
  const restored = el("p", { class: "sll-restored", role: "status" });
  const form = el("div", { class: "sll-form" });
  const status = el("p", { class: "sll-status", "aria-live": "polite" });
  const privacy = el("ul", { class: "sll-privacy", "aria-live": "polite" });
  box.append(note, restored, lost, form, status, privacy);
  root.append(box);

  const ui = KINDS[kind](model, form);
  ui.fill(model.get("answer"));
  let sent = 0; // the sequence number of the last save sent
  let live = false; // a kernel has answered this box
  let timer = null;
  let waiting = null;
  let pending = null; // an unsaved answer kept in this browser, to save once a kernel answers

  const show = (node, text) => {
    node.textContent = text;
    node.hidden = !text;
  };

  function showSaved() {
    if (model.get("error")) show(lost, model.get("error"));
    const at = clock(model.get("saved_at"));
    const where = at ? `saved at ${at} (in reflections/${key}.json)` : "not saved yet";
    show(status, `${model.get("status")}; ${where}.`);
    privacy.replaceChildren(...model.get("warnings").map((w) => el("li", {}, w)));
    privacy.hidden = !model.get("warnings").length;
    show(note, model.get("note"));
  }

  function kernelGone() {
    live = false;
    show(
      lost,
      "Not saved: this notebook's kernel is not running (it was restarted, stopped or lost its " +
        "connection). What you type is kept in this web browser. To save it, run this cell " +
        "again (click in it and press Shift+Enter) once the kernel is running.",
    );
  }

  function send(answer) {
    sent = Date.now();
    keep(key, answer, sent);
    try {
      model.send({ type: "save", seq: sent, answer });
    } catch (e) {
      kernelGone();
      return;
    }
    clearTimeout(waiting);
    const seq = sent;
    waiting = setTimeout(() => {
      if (model.get("saved_seq") < seq) kernelGone();
    }, CONFIRM_MS);
  }

  function changed() {
    keep(key, ui.read(), Date.now());
    show(status, "Saving…");
    clearTimeout(timer);
    timer = setTimeout(() => send(ui.read()), SEND_AFTER_MS);
  }

  function hello() {
    try {
      model.send({ type: "hello" });
    } catch (e) {
      return false;
    }
    return true;
  }

  model.on("change:saved_seq", () => {
    const seq = model.get("saved_seq");
    if (seq >= sent) {
      clearTimeout(waiting);
      if (!model.get("error")) forget(key, seq);
      show(lost, model.get("error"));
    }
    live = true;
    showSaved();
  });
  model.on("change:warnings", showSaved);
  model.on("change:note", showSaved);
  model.on("msg:custom", (msg) => {
    if (msg && msg.type === "hello") {
      live = true;
      show(restored, "");
      for (const input of ui.inputs) input.readOnly = input.disabled = false;
      if (lost.textContent.startsWith("Not saved: this notebook's kernel")) show(lost, "");
      if (pending !== null) {
        const answer = pending;
        pending = null;
        send(answer);
      }
    }
  });

  for (const input of ui.inputs) {
    input.addEventListener(input.type === "radio" ? "change" : "input", changed);
    input.addEventListener("focus", () => {
      if (!hello()) kernelGone();
    });
  }
  showSaved();
  show(lost, "");

  // What was typed here while no kernel was confirming saves, newer than the saved file, is
  // put back and saved as soon as this box has a kernel again.
  const kept = readKept(key);
  const savedAt = Date.parse(model.get("saved_at") || "") || 0;
  const recover = kept && kept.t > savedAt && JSON.stringify(kept.answer) !== JSON.stringify(model.get("answer"));
  if (recover) {
    ui.fill(kept.answer);
    pending = kept.answer;
  }

  // No kernel answers (a reopened notebook, or a kernel that crashed and came back before
  // this box was drawn again): the box stays editable, and what is typed is kept in this
  // web browser until the cell runs again, as when the kernel is lost while typing.
  const answered = hello();
  setTimeout(() => {
    if (live) return;
    show(
      restored,
      "This is your saved reflection, shown from the notebook file. What you type here is " +
        "kept in this web browser; to save it, run this cell (click in it and press " +
        "Shift+Enter).",
    );
  }, answered ? HELLO_MS : 0);
}

export default { render };
