// Grupo de Trabajo: sessions of the municipio, case reviews (minimal view
// only) and acuerdos with their follow-up.

import * as api from "../api.js";
import { h, clear, form, table, fmtDate } from "../dom.js";
import { go } from "../navigate.js";
import { askReason, carryReason, options, names, municipiosOf } from "./shared.js";

export const grupoRoutes = [
  { path: "/grupo", page: sessionsPage },
  { path: "/grupo/sesiones/:id", page: sessionPage },
];

const acuerdoStatus = [["pendiente", "Pendiente"], ["en_proceso", "En proceso"], ["cumplido", "Cumplido"]];

async function sessionsPage(app) {
  const municipios = await municipiosOf("grupo_trabajo");
  const [sessions, acuerdos, inst] = await Promise.all([api.get("/api/v1/grupo-trabajo/sesiones?limit=50"), api.get("/api/v1/acuerdos"), names("instituciones")]);
  clear(app, h("h1", {}, "Grupo de Trabajo"),
    h("h2", {}, "Sesiones"),
    table([["Fecha", (s) => h("a", { href: `#/grupo/sesiones/${s.id}` }, fmtDate(s.held_on))], ["Municipio", (s) => s.municipio], ["Tipo", (s) => s.kind]],
      sessions.items, { empty: "Aún no hay sesiones." }),
    h("h2", {}, "Nueva sesión"),
    form({
      fields: [
        { name: "municipio", label: "Municipio", type: "select", required: true, options: municipios },
        { name: "held_on", label: "Fecha", type: "date", required: true },
        { name: "kind", label: "Tipo", type: "select", required: true, options: [["ordinaria", "Ordinaria"], ["extraordinaria", "Extraordinaria"]] },
        { name: "institutions", label: "Instituciones asistentes", type: "multi", options: await options("instituciones") },
      ],
      submit: "Registrar sesión",
      onSubmit: async (body) => {
        const s = await api.post("/api/v1/grupo-trabajo/sesiones", body);
        const id = s.session ? s.session.id : s.id;
        carryReason(`sesion:${id}`, { code: "revision_grupo_trabajo" });
        go(`/grupo/sesiones/${id}`);
      },
    }),
    h("h2", {}, "Acuerdos"),
    table([["Acuerdo", (a) => a.text], ["Responsable", (a) => inst.get(a.responsible) || a.responsible], ["Vence", (a) => fmtDate(a.due_on)],
      ["Estado", (a) => h("span", { class: `status ${a.status}` }, a.status)]], acuerdos.items, { empty: "Sin acuerdos." }));
}

async function sessionPage(app, { id }) {
  await showSession(app, id, await askReason(app, "Abrir sesión del Grupo de Trabajo", `sesion:${id}`));
}

async function showSession(app, id, reason) {
  const s = await api.get(`/api/v1/grupo-trabajo/sesiones/${id}`, { headers: api.reasonHeaders(reason) });
  const inst = await names("instituciones");
  const institutions = await options("instituciones");
  const agenda = await api.get(`/api/v1/grupo-trabajo/agenda?municipio=${s.session.municipio}&fecha=${s.session.held_on}`).catch(() => null);
  const again = () => showSession(app, id, reason);
  const casos = agenda ? (agenda.items || agenda.casos || []) : [];
  const acuerdoRow = (a) => form({
    fields: [
      { name: "status", label: `Seguimiento de «${a.text.slice(0, 40)}»`, type: "select", required: true, options: acuerdoStatus, value: a.status === "vencido" ? "" : a.status },
      { name: "note", label: "Nota" },
    ],
    submit: "Guardar seguimiento",
    onSubmit: async (body) => {
      await api.post(`/api/v1/acuerdos/${a.id}/seguimiento`, { ...body, session_id: id });
      await again();
    },
  });
  clear(app, h("h1", {}, `Sesión del ${fmtDate(s.session.held_on)}`),
    h("p", {}, `Municipio ${s.session.municipio}; sesión ${s.session.kind}. Asisten: ${s.institutions.map((c) => inst.get(c) || c).join(", ")}.`),
    h("p", {}, h("button", { type: "button", onclick: () => api.download(`/api/v1/grupo-trabajo/sesiones/${id}/acta`, "acta.pdf", { headers: api.reasonHeaders(reason) }) }, "Descargar acta (PDF)")),
    h("h2", {}, "Revisión de casos"),
    s.reviews.map((r) => h("article", { class: "review" }, h("h3", {}, `Caso ${r.review.folio} (${r.review.caso_status})`), h("p", {}, r.review.summary),
      table([["Folio", (v) => v.folio], ["Iniciales", (v) => v.initials], ["Sexo", (v) => v.sex], ["Edad", (v) => v.age_group]], r.victims))),
    form({
      fields: [
        { name: "caso_id", label: "Caso a revisar", type: "select", required: true, options: casos.map((c) => [c.caso_id || c.id, c.folio]) },
        { name: "summary", label: "Resumen de la revisión (sin datos personales)", type: "textarea", required: true },
      ],
      submit: "Registrar revisión",
      onSubmit: async (body) => {
        await api.post(`/api/v1/grupo-trabajo/sesiones/${id}/revisiones`, body);
        await again();
      },
    }),
    h("h2", {}, "Acuerdos de la sesión"),
    table([["Acuerdo", (a) => a.text], ["Responsable", (a) => inst.get(a.responsible) || a.responsible], ["Vence", (a) => fmtDate(a.due_on)], ["Estado", (a) => a.status]], s.acuerdos),
    form({
      fields: [
        { name: "text", label: "Acuerdo", type: "textarea", required: true },
        { name: "responsible", label: "Institución responsable", type: "select", required: true, options: institutions },
        { name: "due_on", label: "Fecha límite", type: "date", required: true },
      ],
      submit: "Agregar acuerdo",
      onSubmit: async (body) => {
        await api.post(`/api/v1/grupo-trabajo/sesiones/${id}/acuerdos`, body);
        await again();
      },
    }),
    h("h2", {}, "Acuerdos pendientes de sesiones anteriores"),
    s.pending.length ? s.pending.map(acuerdoRow) : h("p", { class: "empty" }, "Ninguno."));
}
