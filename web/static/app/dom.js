// Small helpers that build the page from data. Text always goes in as
// text (never as HTML), so nothing a user typed can become markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return el;
}

export function notice(text, kind = "info") {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

// announce says text in the page's polite live region (#anuncio, outside
// the part of the page that is redrawn, so a screen reader hears every
// change), where it also shows; an empty text clears it.
export function announce(text = "") {
  const region = document.getElementById("anuncio");
  if (region) region.textContent = text;
}

// focusOn moves the focus to el, a heading or a message made focusable for
// it, so that the keyboard and the screen reader go on from there.
export function focusOn(el) {
  if (!el) return;
  if (!el.matches("a[href], button, input, select, textarea, [tabindex]")) el.setAttribute("tabindex", "-1");
  el.focus();
}

// headingOf is the text of the heading of the section el is in: the
// nearest heading before it.
function headingOf(el) {
  for (let n = el; n && n.id !== "app"; n = n.parentElement) {
    for (let s = n.previousElementSibling; s; s = s.previousElementSibling) {
      const found = s.matches("h1, h2, h3") ? s : [...s.querySelectorAll("h1, h2, h3")].at(-1);
      if (found) return found.textContent;
    }
  }
  return null;
}

// afterAction keeps the focus off the page's body once an action is done:
// a disabled button loses it, and a redrawn page removes the button. The
// focus goes back to the button while it is on the page; otherwise to the
// heading of the section the person was in, now redrawn, or to the page's
// heading.
function afterAction(button, section) {
  const lost = !document.activeElement || document.activeElement === document.body;
  if (!lost) return;
  if (button.isConnected) return button.focus();
  const headings = [...document.querySelectorAll("#app h1, #app h2, #app h3")];
  focusOn(headings.find((x) => section && x.textContent === section) || headings[0]);
}

let fieldCounter = 0;

// field describes one input: { name, label, type, options, required,
// value, help }. name is the API's dotted path (personal.given_names).
function input(f) {
  const id = `f${++fieldCounter}`;
  const common = { id, name: f.name, required: f.required, "aria-describedby": `${id}-err` };
  let control;
  if (f.type === "multi") {
    control = h("select", { ...common, multiple: true, size: Math.min(8, (f.options || []).length) },
      (f.options || []).map(([v, label]) => h("option", { value: v }, label)));
  } else if (f.type === "select") {
    // A required choice starts empty, so that nothing is chosen by default,
    // unless there is only one to choose.
    const opts = f.options || [];
    const value = f.value ?? (f.required && opts.length === 1 ? opts[0][0] : "");
    control = h("select", common,
      h("option", { value: "" }, f.required ? "Seleccione…" : "—"),
      opts.map(([v, label]) => h("option", { value: v, selected: String(value) === String(v) }, label)));
  } else if (f.type === "checks") {
    // Several choices, as checkboxes: a person ticks each, with no key held.
    const chosen = new Set((f.value || []).map(String));
    control = h("fieldset", { id, class: "checks", "aria-describedby": `${id}-err` }, h("legend", {}, f.label),
      (f.options || []).map(([v, label]) => h("label", { class: "check" },
        h("input", { type: "checkbox", name: f.name, value: v, checked: chosen.has(String(v)) }), ` ${label}`)));
  } else if (f.type === "textarea") {
    control = h("textarea", { ...common, rows: 3 }, f.value ?? "");
  } else if (f.type === "checkbox") {
    control = h("input", { ...common, type: "checkbox", checked: !!f.value });
  } else {
    control = h("input", { ...common, type: f.type || "text", value: f.value ?? "", min: f.min, max: f.max,
      autocomplete: f.autocomplete || "off", inputmode: f.inputmode });
  }
  const wrap = h("div", { class: `field ${f.type === "checkbox" ? "check" : ""}`, "data-field": f.name },
    f.type === "checkbox" ? [control, h("label", { for: id }, f.label)] : f.type === "checks" ? control
      : [h("label", { for: id }, f.label), control],
    f.help ? h("small", {}, f.help) : null,
    h("span", { class: "field-error", id: `${id}-err` }));
  return wrap;
}

// missing lists the required fields left empty, as errors next to them.
function missing(formEl, fields) {
  return fields.filter((f) => !(f instanceof Node) && f.required && f.type !== "checkbox").filter((f) => {
    const control = formEl.querySelector(`[name="${CSS.escape(f.name)}"]`);
    if (f.type === "checks") return !formEl.querySelector(`[name="${CSS.escape(f.name)}"]:checked`);
    return f.type === "multi" ? !control.selectedOptions.length : !control.value.trim();
  }).map((f) => ({ field: f.name, message: ["select", "multi", "checks"].includes(f.type) ? "Seleccione una opción." : "Este dato es obligatorio." }));
}

// form builds a form whose submit checks the required fields, collects the
// fields into an object (dotted names nest) and calls onSubmit; errors from
// the server land next to their fields, or at the top when they name none.
// Once saved, the form is emptied back to its starting values, unless keep
// is set (searches keep their terms on screen). confirm, when given, is a
// question asked before sending.
export function form({ fields, submit, onSubmit, extra, keep, confirm: question }) {
  const top = h("div", { class: "form-errors", role: "alert" });
  const button = h("button", { type: "submit" }, submit);
  const el = h("form", { novalidate: true }, top, fields.map((f) => (f instanceof Node ? f : input(f))), extra, button);
  el.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    showErrors(el, []);
    const empty = missing(el, fields);
    if (empty.length) return showErrors(el, empty);
    if (question && !(await confirmed(typeof question === "function" ? question(collect(el, fields)) : question))) return;
    const section = headingOf(el);
    button.disabled = true;
    el.setAttribute("aria-busy", "true");
    try {
      await onSubmit(collect(el, fields), el);
      if (!keep) el.reset();
    } catch (err) {
      showErrors(el, err.errors && err.errors.length ? err.errors : [{ field: "", message: err.message }]);
    } finally {
      button.disabled = false;
      el.removeAttribute("aria-busy");
      afterAction(button, section);
    }
  });
  return el;
}

export function showErrors(formEl, errors) {
  formEl.querySelectorAll(".field-error").forEach((s) => (s.textContent = ""));
  formEl.querySelectorAll("[aria-invalid]").forEach((s) => s.removeAttribute("aria-invalid"));
  const top = formEl.querySelector(".form-errors");
  top.replaceChildren();
  for (const e of errors) {
    const wrap = e.field && formEl.querySelector(`[data-field="${CSS.escape(e.field)}"]`);
    if (wrap) {
      wrap.querySelector(".field-error").textContent = e.message;
      wrap.querySelector("input,select,textarea").setAttribute("aria-invalid", "true");
    } else {
      top.append(h("p", {}, e.message));
    }
  }
  const first = formEl.querySelector("[aria-invalid]");
  if (first) first.focus();
}

function collect(formEl, fields) {
  const out = {};
  for (const f of fields) {
    if (f instanceof Node) continue;
    const control = formEl.querySelector(`[name="${CSS.escape(f.name)}"]`);
    let v;
    if (f.type === "checkbox") v = control.checked;
    else if (f.type === "checks") {
      v = [...formEl.querySelectorAll(`[name="${CSS.escape(f.name)}"]:checked`)].map((c) => c.value);
      if (!v.length && !f.always) continue;
    } else if (f.type === "multi") {
      v = [...control.selectedOptions].map((o) => o.value);
      if (!v.length) continue;
    } else {
      v = control.value.trim();
      if (v === "") continue;
      if (f.type === "number") v = Number(v);
      if (f.type === "select" && (v === "true" || v === "false") && f.boolean) v = v === "true";
    }
    const path = f.name.split(".");
    let node = out;
    for (const p of path.slice(0, -1)) node = node[p] = node[p] || {};
    node[path.at(-1)] = v;
  }
  return out;
}

// confirmed asks a yes/no question in a dialog, and resolves with the
// answer; the dialog is part of the page, so it works with the keyboard and
// a screen reader.
export function confirmed(question, yes = "Sí, continuar") {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "confirm", "aria-label": "Confirmación" });
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(h("p", {}, question), h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => close(true) }, yes),
      h("button", { type: "button", class: "secondary", onclick: () => close(false) }, "Cancelar")));
    dialog.addEventListener("cancel", (ev) => {
      ev.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

// action is a button that runs an async task, disabled while it runs; a
// refusal from the server (its Spanish title) shows next to the button.
export function action(text, task, attrs = {}, question) {
  const said = h("span", { class: "action-error", role: "alert" });
  const button = h("button", { type: "button", ...attrs }, text);
  button.addEventListener("click", async () => {
    said.textContent = "";
    if (question && !(await confirmed(question))) return;
    const section = headingOf(button);
    button.disabled = true;
    try {
      await task();
    } catch (err) {
      if (err.status === 401) return;
      said.textContent = err.message;
    } finally {
      button.disabled = false;
      afterAction(button, section);
    }
  });
  return h("span", { class: "action" }, button, said);
}

// facts renders label/value pairs as a definition list, leaving out the
// empty values.
export function facts(pairs) {
  return h("dl", {}, pairs.filter(([, v]) => v !== undefined && v !== null && v !== "")
    .flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))]));
}

// table renders rows of objects under the given columns: [header, fn], or
// [header, fn, { hidden: true }] for a column whose cells say what they are
// (the row's name, its buttons), whose header only a screen reader reads.
// With sortable, each header is a button that orders the rows shown by
// that column, ascending then descending (dates as DD/MM/AAAA included).
export function table(columns, rows, { caption, empty = "Sin registros.", sortable = false } = {}) {
  if (!rows.length) return h("p", { class: "empty" }, empty);
  // Each cell names its column, for a phone, where a row shows as a card.
  const cell = (v) => (v === "" ? null : v);
  const body = h("tbody", {}, rows.map((r) => h("tr", {}, columns.map(([head, fn, o = {}]) =>
    h("td", { "data-label": (!o.hidden && head) || null }, cell(fn(r)))))));
  const heads = columns.map(([head, , o = {}], i) => {
    if (o.hidden) return h("th", { scope: "col" }, h("span", { class: "sr-only" }, head));
    if (!sortable || !head) return h("th", { scope: "col" }, head);
    const th = h("th", { scope: "col", "aria-sort": "none" });
    th.append(h("button", { type: "button", class: "sort", onclick: () => sortBy(th, body, i) }, head));
    return th;
  });
  return h("table", { class: sortable ? "sortable" : null },
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, heads)), body);
}

// sortKey makes a cell's text comparable: numbers as numbers, DD/MM/AAAA
// dates as AAAAMMDD.
function sortKey(text) {
  const t = text.trim();
  const d = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(t);
  if (d) return d[3] + d[2] + d[1] + t.slice(10);
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t.toLocaleLowerCase("es-MX");
}

function sortBy(th, body, i) {
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  th.closest("tr").querySelectorAll("th").forEach((x) => x.setAttribute("aria-sort", "none"));
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const rows = [...body.rows];
  rows.sort((a, b) => {
    const x = sortKey(a.cells[i].textContent), y = sortKey(b.cells[i].textContent);
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "es-MX");
    return ascending ? c : -c;
  });
  body.append(...rows);
}

// bars draws a horizontal bar chart (SVG) of [label, value] pairs; values
// that are marks ("X") are drawn as hidden.
export function bars(title, pairs) {
  if (!pairs.length) return h("figure", { class: "chart" }, h("figcaption", {}, title), h("p", { class: "empty" }, "Sin datos en el periodo."));
  const svgNS = "http://www.w3.org/2000/svg";
  const max = Math.max(1, ...pairs.map(([, v]) => (typeof v === "number" ? v : 0)));
  const rowH = 22, labelW = 260, barW = 360;
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${labelW + barW + 80} ${pairs.length * rowH + 8}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", title);
  pairs.forEach(([label, v], i) => {
    const y = i * rowH + 4;
    const t = document.createElementNS(svgNS, "text");
    t.setAttribute("x", labelW - 6);
    t.setAttribute("y", y + 14);
    t.setAttribute("text-anchor", "end");
    t.textContent = label.length > 40 ? label.slice(0, 38) + "…" : label;
    const r = document.createElementNS(svgNS, "rect");
    r.setAttribute("x", labelW);
    r.setAttribute("y", y + 2);
    r.setAttribute("height", rowH - 6);
    r.setAttribute("width", typeof v === "number" ? Math.max(1, (v / max) * barW) : 0);
    r.setAttribute("class", "bar");
    const n = document.createElementNS(svgNS, "text");
    n.setAttribute("x", labelW + (typeof v === "number" ? (v / max) * barW : 0) + 6);
    n.setAttribute("y", y + 14);
    n.textContent = String(v);
    svg.append(t, r, n);
  });
  return h("figure", { class: "chart" }, h("figcaption", {}, title), svg);
}

// columns draws a column chart (SVG) of [label, value] pairs in order, for
// a figure across periods; marks ("X") are drawn as a gap with the mark.
export function columns(title, pairs) {
  const svgNS = "http://www.w3.org/2000/svg";
  const max = Math.max(1, ...pairs.map(([, v]) => (typeof v === "number" ? v : 0)));
  const colW = 56, plotH = 120, top = 18, bottom = 22;
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${pairs.length * colW} ${top + plotH + bottom}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${title}: ${pairs.map(([label, v]) => `${label}, ${v}`).join("; ")}`);
  const text = (x, y, content) => {
    const t = document.createElementNS(svgNS, "text");
    t.setAttribute("x", x);
    t.setAttribute("y", y);
    t.setAttribute("text-anchor", "middle");
    t.textContent = content;
    return t;
  };
  pairs.forEach(([label, v], i) => {
    const x = i * colW + colW / 2;
    const height = typeof v === "number" ? Math.max(1, (v / max) * plotH) : 0;
    const r = document.createElementNS(svgNS, "rect");
    r.setAttribute("x", i * colW + 10);
    r.setAttribute("y", top + plotH - height);
    r.setAttribute("width", colW - 20);
    r.setAttribute("height", height);
    r.setAttribute("class", "bar");
    svg.append(r, text(x, top + plotH - height - 4, String(v)), text(x, top + plotH + 16, label));
  });
  return h("figure", { class: "chart" }, h("figcaption", {}, title), svg);
}

const zone = "America/Cancun";
const dayFormat = new Intl.DateTimeFormat("es-MX", { timeZone: zone, day: "2-digit", month: "2-digit", year: "numeric" });
const instantFormat = new Intl.DateTimeFormat("es-MX", { timeZone: zone, day: "2-digit", month: "2-digit", year: "numeric",
  hour: "2-digit", minute: "2-digit" });

// fmtDate shows a calendar date (YYYY-MM-DD) as DD/MM/AAAA, as written,
// with no time of day; an instant shows its date in Quintana Roo.
export function fmtDate(s) {
  if (!s) return "";
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return d ? `${d[3]}/${d[2]}/${d[1]}` : dayFormat.format(new Date(s));
}

// fmtTime shows an instant in Quintana Roo's time.
export const fmtTime = (s) => (s ? instantFormat.format(new Date(s)) : "");
