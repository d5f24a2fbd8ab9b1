// Pieces several pages share: catalog options, the reason prompt,
// status labels, paging and the upload of a filled spreadsheet.

import * as api from "../api.js";
import { h, clear, form, focusOn, table } from "../dom.js";
import { user } from "../session.js";

// options lists a catalog's entries as [code, name]. A municipio names its
// entidad once municipios of several entidades are loaded, and an
// institution of another entidad than the person's own names its entidad.
export async function options(catalogName) {
  const entries = await api.catalog(catalogName);
  if (catalogName !== "municipios" && catalogName !== "instituciones") return entries.map((e) => [e.code, e.name]);
  const entidades = await names("entidades");
  const own = catalogName === "municipios"
    ? (entries.every((e) => e.entidad === entries[0].entidad) ? entries[0].entidad : null)
    : (entries.find((e) => e.code === (user() || {}).institution) || {}).entidad;
  const named = (e) => entidades.get(e.entidad) || e.entidad;
  return entries.map((e) => [e.code, !e.entidad || e.entidad === own ? e.name
    : catalogName === "municipios" ? `${e.name}, ${named(e)}` : `${e.name} (${named(e)})`]);
}

// covers says whether a role held in domain acts in target: a national
// role (*) everywhere, an entidad's in itself and its municipios (whose
// codes start with the entidad's), a municipio's in itself.
export const covers = (domain, target) => domain === "*" || domain === target || (domain.length === 2 && target.length === 5 && target.startsWith(domain));

// municipiosOf lists the municipios where the person holds role: those of
// her entidad for a role held in the whole entidad.
export async function municipiosOf(role) {
  const all = await options("municipios");
  const domains = user().roles.filter((r) => r.role === role).map((r) => r.domain);
  return all.filter(([code]) => domains.some((d) => covers(d, code)));
}

// entidadesOf lists the entidades where the person holds one of roles, in
// a whole entidad or in one of its municipios; null when one is national.
export function entidadesOf(...roles) {
  const domains = user().roles.filter((r) => roles.includes(r.role)).map((r) => r.domain);
  return domains.includes("*") ? null : [...new Set(domains.map((d) => d.slice(0, 2)))];
}

// loadedEntidades lists, as [code, name], the entidades whose municipios
// are in the catalog.
export async function loadedEntidades() {
  const [municipios, entidades] = await Promise.all([api.catalog("municipios"), options("entidades")]);
  const loaded = new Set(municipios.map((m) => m.entidad));
  return entidades.filter(([code]) => loaded.has(code));
}

// domainNames names where a role is held: "nacional", an entidad, or a
// municipio as options names it.
export async function domainNames() {
  const [municipios, entidades] = await Promise.all([options("municipios"), options("entidades")]);
  return new Map([["*", "nacional"], ...entidades, ...municipios]);
}

export async function names(catalogName) {
  const entries = catalogName === "municipios" || catalogName === "instituciones" ? await options(catalogName)
    : (await api.catalog(catalogName)).map((e) => [e.code, e.name]);
  return new Map(entries);
}

export const reasons = [
  ["seguimiento_caso", "Seguimiento del caso"],
  ["atencion_victima", "Atención a la víctima"],
  ["canalizacion", "Canalización"],
  ["procuracion_justicia", "Procuración de justicia"],
  ["revision_grupo_trabajo", "Revisión del Grupo de Trabajo"],
  ["actualizacion_registro", "Actualización del registro"],
  ["solicitud_arco", "Solicitud de derechos ARCO"],
  ["otro", "Otro (descríbalo)"],
];

// carried holds, per record, the reason a person already stated for what
// she is doing, for the page she is sent to after saving it.
const carried = new Map();

// carryReason hands reason to the next page that asks why it reads key
// ("victima:ID", "canalizacion:ID", "carpeta:ID", "sesion:ID"), once: a
// person who has just saved a record is not asked again why she reads it.
export function carryReason(key, reason) {
  carried.set(key, reason);
}

// askReason asks why personal data is about to be shown, and resolves
// with { code, text } once the person answers; every read is audited with it.
// A reason carried for key is used instead, once.
export function askReason(app, title, key) {
  if (key && carried.has(key)) {
    const reason = carried.get(key);
    carried.delete(key);
    return Promise.resolve(reason);
  }
  return new Promise((resolve) => {
    clear(app, h("h1", {}, title),
      h("p", {}, "Para mostrar datos personales indique el motivo de la consulta. La consulta y su motivo quedan registrados."),
      form({
        fields: [
          { name: "code", label: "Motivo de la consulta", type: "select", required: true, options: reasons },
          { name: "text", label: "Detalle (obligatorio con «Otro»; sin datos personales)" },
        ],
        submit: "Mostrar",
        onSubmit: async (r) => resolve(r),
      }));
    focusOn(app.querySelector("h1"));
  });
}

export const sexes = [["mujer", "Mujer"], ["hombre", "Hombre"], ["otro", "Otro"], ["no_especificado", "No especificado"]];

export const label = (pairs, code) => (pairs.find(([c]) => c === code) || [code, code])[1];

// filterForm is a form of list filters that keeps its values on screen and
// calls onFilter with them as a query string ("&sexo=mujer&…"). Filters are
// statistical attributes, never personal data, so they may enter a URL.
export function filterForm(fields, onFilter) {
  const f = form({ fields, submit: "Filtrar", keep: true,
    onSubmit: async (body) => onFilter(Object.entries(body).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join("")) });
  f.classList.add("filters");
  return f;
}

// positions remembers, for each list's onPage, where each cursor's page
// starts and the cursor of the page before it: cursors are opaque.
const positions = new WeakMap();

// pager shows "n–m de total" with previous/next buttons for a page of a
// list paged by cursor: cursor is the one the page was asked with ("" for
// the first), onPage(cursor) shows another page. Once it is shown, the
// focus goes to its heading (or its table), as the button pressed is drawn
// again.
export function pager(page, cursor, onPage) {
  if (!page.next && !cursor) return null;
  if (!positions.has(onPage)) positions.set(onPage, new Map());
  const seen = positions.get(onPage);
  const here = (cursor && seen.get(cursor)) || { before: "", from: 0 };
  const to = here.from + page.items.length;
  const turn = (next) => async (ev) => {
    const box = ev.target.closest("nav").parentElement;
    await onPage(next);
    focusOn(box.querySelector("h2, table"));
  };
  return h("nav", { class: "pager", "aria-label": "Páginas" },
    h("button", { type: "button", disabled: !cursor, onclick: turn(here.before) }, "Anterior"),
    h("span", {}, ` ${here.from + 1}–${to}${page.total === undefined ? "" : ` de ${page.total}`} `),
    h("button", { type: "button", disabled: !page.next, onclick: (ev) => {
      seen.set(page.next, { before: cursor, from: to });
      return turn(page.next)(ev);
    } }, "Siguiente"));
}

// at is the query parameter that asks for the page at cursor.
export const at = (cursor) => (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");

// importForm is the form that uploads a spreadsheet filled from a template,
// and the place where what came of it shows: send(file) posts the file and
// resolves with the answer, done(answer) resolves with what to say of it;
// a refused file's errors show in a table by row and column, and by sheet
// when the file has several.
export function importForm({ send, done }) {
  const file = h("input", { type: "file", id: "archivo", accept: ".xlsx,.csv", required: true });
  const result = h("div", { "aria-live": "polite" });
  const el = h("form", { class: "import" },
    h("div", { class: "field" }, h("label", { for: "archivo" }, "Archivo XLSX o CSV llenado con la plantilla"), file),
    h("button", { type: "submit" }, "Importar"));
  el.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return clear(result, h("p", { class: "notice error", role: "alert" }, "Elija un archivo."));
    el.setAttribute("aria-busy", "true");
    clear(result, h("p", { role: "status", class: "progress" }, `Revisando ${chosen.name}…`));
    try {
      const said = await done(await send(chosen));
      clear(result, h("p", { class: "notice ok", role: "status" }, said));
    } catch (err) {
      const columns = [["Fila", (e) => e.row], ["Columna", (e) => e.column], ["Problema", (e) => e.message]];
      if (err.rowErrors.some((e) => e.sheet)) columns.unshift(["Hoja", (e) => e.sheet]);
      clear(result, h("div", { class: "notice error", role: "alert" }, h("p", {}, err.message),
        err.rowErrors.length ? [table(columns, err.rowErrors)] : null));
    } finally {
      el.removeAttribute("aria-busy");
    }
  });
  return [el, result];
}
