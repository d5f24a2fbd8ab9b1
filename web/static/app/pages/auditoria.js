// The auditor's view of the trail: findings, and the events searched by
// user, record, action, municipio and dates, exported as CSV. Events hold
// ids, never personal data.

import * as api from "../api.js";
import { h, clear, table, fmtTime, action, focusOn } from "../dom.js";
import { options, names, label, reasons, filterForm } from "./shared.js";

// failedSignIns names why a sign-in failed, as the trail records it.
const failedSignIns = [["bad_password", "Contraseña incorrecta"], ["unknown_user", "Usuario inexistente"],
  ["bad_second_factor", "Segundo factor incorrecto"]];
const findingRules = [["lecturas_excesivas", "Lecturas excesivas de víctimas"],
  ["coincidencias_excesivas", "Demasiadas coincidencias de registro"]];
const outcomes = [["ok", "Correcto"], ["denied", "Denegado"], ["failed", "Fallido"]];

// instant turns a date of Quintana Roo into the instant it starts (or,
// with end, the instant it ends), for the trail's time filters.
const instant = (date, end) => (date ? `${date}T${end ? "23:59:59.999" : "00:00:00"}-05:00` : "");

export async function auditPage(app) {
  const [municipios, inst] = await Promise.all([options("municipios"), names("instituciones")]);
  const municipioNames = new Map(municipios);
  const events = h("section", { "aria-live": "polite" });
  let filter = "";
  let who = null;
  // again shows the events anew, and takes the focus to their heading, as
  // the button pressed is gone.
  const again = async (before) => {
    await show(before);
    focusOn(events.querySelector("h2"));
  };
  const byUser = (e) => (e.user_id ? h("button", { type: "button", class: "link", title: "Ver solo sus eventos", onclick: async () => {
    who = e;
    await again();
  } }, e.username) : e.username || "");
  const show = async (cursor) => {
    const userFilter = who ? `&usuario=${who.user_id}` : "";
    const page = await api.get(`/api/v1/auditoria?limit=50${filter}${userFilter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    clear(events, h("h2", {}, "Eventos"),
      who ? h("p", {}, `Solo los eventos de ${who.username}. `, h("button", { type: "button", class: "link", onclick: async () => {
        who = null;
        await again();
      } }, "Ver los de todos")) : null,
      table([
        ["#", (e) => e.id], ["Fecha", (e) => fmtTime(e.occurred_at)], ["Usuario", byUser], ["Institución", (e) => inst.get(e.institution) || e.institution || ""],
        ["Acción", (e) => e.action], ["Registro", (e) => (e.record_type ? `${e.record_type} ${e.record_id || ""}`.trim() : "")],
        ["Municipio", (e) => municipioNames.get(e.municipio) || e.municipio || ""], ["Resultado", (e) => label(outcomes, e.outcome)],
        ["Motivo", (e) => [e.reason_code && label([...reasons, ...failedSignIns], e.reason_code), e.reason_text].filter(Boolean).join(": ")],
      ], page.items, { empty: "Ningún evento coincide con el filtro.", sortable: true }),
      page.next ? h("button", { type: "button", onclick: () => again(page.next) }, "Anteriores") : null);
  };
  const findings = await api.get("/api/v1/auditoria/hallazgos");
  const filters = filterForm([
    { name: "accion", label: "Acción (por ejemplo, victima.consultar)" },
    { name: "tipo_registro", label: "Tipo de registro (victima, carpeta…)" },
    { name: "registro", label: "Id del registro" },
    { name: "municipio", label: "Municipio", type: "select", options: municipios },
    { name: "desde", label: "Desde (fecha)", type: "date" },
    { name: "hasta", label: "Hasta (fecha)", type: "date" },
  ], async (q) => {
    const params = new URLSearchParams(q.replace(/^&/, ""));
    for (const [key, end] of [["desde", false], ["hasta", true]]) {
      if (params.has(key)) params.set(key, instant(params.get(key), end));
    }
    filter = params.toString() ? `&${params}` : "";
    await show();
  });
  clear(app, h("h1", {}, "Auditoría"),
    h("p", {}, action("Exportar CSV", () => api.download(`/api/v1/auditoria/exportacion?${(filter + (who ? `&usuario=${who.user_id}` : "")).replace(/^&/, "")}`,
      "auditoria.csv"))),
    h("h2", {}, "Hallazgos"),
    table([["Detectado", (f) => fmtTime(f.detected_at)], ["Regla", (f) => label(findingRules, f.rule)], ["Usuario", (f) => f.username], ["Cantidad", (f) => f.count],
      ["Detalle", (f) => f.detail]], findings.items, { empty: "Sin hallazgos." }),
    h("h2", {}, "Buscar en la bitácora"),
    h("p", {}, "Para ver los eventos de una persona, elija su nombre de usuario en la tabla."),
    filters, events);
  await show();
}
