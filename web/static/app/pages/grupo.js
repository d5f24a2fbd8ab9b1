// Grupo de Trabajo: sessions of the municipio with their attendance and
// minutes, the agenda of what changed in each caso since the previous
// session, case reviews (minimal view only) and acuerdos with their
// follow-up.

import * as api from "../api.js";
import { h, clear, form, table, fmtDate, action, announce } from "../dom.js";
import { go } from "../navigate.js";
import { adjuntosSection } from "./adjuntos.js";
import { askReason, carryReason, options, municipiosOf, sexes, label } from "./shared.js";
import { word, namers, sessionKinds, acuerdoStatuses, casoStatuses, ageGroups } from "./words.js";
import { corrections, voidedMark } from "./corrections.js";

// acuerdoChanges are the buttons to correct, void and see the history of an acuerdo.
const acuerdoChanges = (institutions, onDone, headers) => (a) => corrections({
  path: `/api/v1/acuerdos/${a.id}`, record: a, what: "el acuerdo", headers, onDone,
  labels: { text: "Acuerdo", responsible: "Responsable", due_on: "Fecha límite" },
  fields: [
    { name: "text", label: "Acuerdo", type: "textarea", required: true, value: a.text },
    { name: "responsible", label: "Institución responsable", type: "select", required: true, options: institutions, value: a.responsible },
    { name: "due_on", label: "Fecha límite", type: "date", required: true, value: a.due_on },
  ] });

export const grupoRoutes = [
  { path: "/grupo", page: sessionsPage },
  { path: "/grupo/sesiones/:id", page: sessionPage },
];

const followUpStatus = acuerdoStatuses.filter(([s]) => s !== "vencido");

const statusCell = (a) => h("span", { class: `status ${a.status}` }, word(acuerdoStatuses, a.status));

async function sessionsPage(app) {
  const municipios = await municipiosOf("grupo_trabajo");
  const [sessions, acuerdos, n, institutions] = await Promise.all([api.get("/api/v1/grupo-trabajo/sesiones?limit=50"),
    api.get("/api/v1/acuerdos?anuladas=true"), namers("instituciones", "municipios"), options("instituciones")]);
  clear(app, h("h1", {}, "Grupo de Trabajo"),
    h("h2", {}, "Sesiones"),
    table([["Fecha", (s) => h("a", { href: `#/grupo/sesiones/${s.id}` }, fmtDate(s.held_on))], ["Municipio", (s) => n.municipios(s.municipio)],
      ["Tipo", (s) => word(sessionKinds, s.kind)]], sessions.items, { empty: "Aún no hay sesiones." }),
    h("h2", {}, "Nueva sesión"),
    form({
      fields: [
        { name: "municipio", label: "Municipio", type: "select", required: true, options: municipios },
        { name: "held_on", label: "Fecha", type: "date", required: true },
        { name: "kind", label: "Tipo", type: "select", required: true, options: sessionKinds },
        { name: "institutions", label: "Instituciones asistentes", type: "checks", options: institutions },
        { name: "minutes", label: "Minuta (se guarda cifrada; puede completarla después)", type: "textarea" },
      ],
      submit: "Registrar sesión",
      onSubmit: async (body) => {
        const s = await api.post("/api/v1/grupo-trabajo/sesiones", body);
        const id = s.session ? s.session.id : s.id;
        carryReason(`sesion:${id}`, { code: "revision_grupo_trabajo" });
        go(`/grupo/sesiones/${id}`, "Sesión registrada.");
      },
    }),
    h("h2", {}, "Acuerdos"),
    table([["Acuerdo", (a) => a.text], ["Responsable", (a) => n.instituciones(a.responsible)], ["Vence", (a) => fmtDate(a.due_on)],
      ["Estado", (a) => (a.voided_at ? voidedMark(a) : statusCell(a))],
      ["Cambios", acuerdoChanges(institutions, () => sessionsPage(app))]], acuerdos.items, { empty: "Sin acuerdos." }));
}

async function sessionPage(app, { id }) {
  await showSession(app, id, await askReason(app, "Abrir sesión del Grupo de Trabajo", `sesion:${id}`));
}

// changes says in words what changed in a caso since the previous session.
function changes(c) {
  const parts = [];
  const count = (k, one, many) => k && parts.push(`${k} ${k === 1 ? one : many}`);
  if (c.is_new) parts.push("expediente nuevo");
  count(c.new_services, "servicio nuevo", "servicios nuevos");
  count(c.new_canalizaciones, "canalización nueva", "canalizaciones nuevas");
  count(c.canalizacion_steps, "paso de canalización", "pasos de canalización");
  count(c.carpeta_events, "etapa de carpeta", "etapas de carpeta");
  count(c.status_changes, "cambio de estado", "cambios de estado");
  return parts.length ? parts.join(", ") : "Sin cambios";
}

async function showSession(app, id, reason) {
  const headers = api.reasonHeaders(reason);
  const s = await api.get(`/api/v1/grupo-trabajo/sesiones/${id}`, { headers });
  const [n, institutions] = await Promise.all([namers("instituciones", "municipios"), options("instituciones")]);
  const agenda = await api.get(`/api/v1/grupo-trabajo/agenda?municipio=${s.session.municipio}&fecha=${s.session.held_on}`);
  const again = () => showSession(app, id, reason);
  const since = agenda.since > "1900-01-01" ? `desde la sesión anterior (${fmtDate(agenda.since)})` : "(es la primera sesión del municipio)";
  const acuerdoRow = (a) => form({
    fields: [
      { name: "status", label: `Seguimiento de «${a.text.slice(0, 40)}»`, type: "select", required: true, options: followUpStatus,
        value: a.status === "vencido" ? "" : a.status },
      { name: "note", label: "Nota" },
    ],
    submit: "Guardar seguimiento",
    onSubmit: async (body) => {
      await api.post(`/api/v1/acuerdos/${a.id}/seguimiento`, { ...body, session_id: id });
      await again();
      announce(`Seguimiento guardado: ${word(acuerdoStatuses, body.status).toLowerCase()}.`);
    },
  });
  clear(app, h("h1", {}, `Sesión del ${fmtDate(s.session.held_on)}`),
    h("p", {}, `Municipio ${n.municipios(s.session.municipio)}; sesión ${word(sessionKinds, s.session.kind).toLowerCase()}.`),
    h("p", {}, s.institutions.length ? `Asisten: ${s.institutions.map(n.instituciones).join(", ")}.` : "No se registró la asistencia."),
    h("p", {}, action("Descargar acta (PDF)", () => api.download(`/api/v1/grupo-trabajo/sesiones/${id}/acta`, "acta.pdf", { headers }))),
    h("h2", {}, `Qué cambió ${since}`),
    table([["Expediente", (c) => h("a", { href: `#/casos/${c.caso_id}` }, c.folio)], ["Estado", (c) => word(casoStatuses, c.status)],
      ["Institución", (c) => n.instituciones(c.institution)], ["Cambios", changes],
      ["Acuerdos vencidos", (c) => (c.overdue_acuerdos ? h("span", { class: "status vencido" }, String(c.overdue_acuerdos)) : "0")]],
    agenda.items, { empty: "No hay expedientes abiertos en el municipio." }),
    h("h2", {}, "Minuta"),
    form({
      fields: [{ name: "minutes", label: "Minuta de la sesión (se guarda cifrada)", type: "textarea", value: s.minutes }],
      submit: "Guardar minuta",
      keep: true,
      onSubmit: async (body) => {
        await api.put(`/api/v1/grupo-trabajo/sesiones/${id}/minuta`, { minutes: body.minutes || "" },
          { headers: { "If-Match": `"v${s.session.version}"` } }).catch((err) => {
          if (err.status === 412) throw new Error("Otra persona cambió la minuta mientras la editaba. Vuelva a abrir la sesión para ver la versión actual.");
          throw err;
        });
        await again();
        announce("Minuta guardada.");
      },
    }),
    h("h2", {}, "Revisión de casos"),
    s.reviews.map((r) => h("article", { class: "review" },
      h("h3", {}, `Caso ${r.review.folio} (${word(casoStatuses, r.review.caso_status).toLowerCase()})`), h("p", {}, r.review.summary),
      table([["Folio", (v) => v.folio], ["Iniciales", (v) => v.initials], ["Sexo", (v) => label(sexes, v.sex)],
        ["Edad", (v) => word(ageGroups, v.age_group)]], r.victims))),
    form({
      fields: [
        { name: "caso_id", label: "Caso a revisar", type: "select", required: true, options: agenda.items.map((c) => [c.caso_id, c.folio]) },
        { name: "summary", label: "Resumen de la revisión (sin datos personales)", type: "textarea", required: true },
      ],
      submit: "Registrar revisión",
      onSubmit: async (body) => {
        await api.post(`/api/v1/grupo-trabajo/sesiones/${id}/revisiones`, body);
        await again();
        announce("Revisión del caso registrada.");
      },
    }),
    h("h2", {}, "Acuerdos de la sesión"),
    table([["Acuerdo", (a) => a.text], ["Responsable", (a) => n.instituciones(a.responsible)], ["Vence", (a) => fmtDate(a.due_on)],
      ["Estado", statusCell], ["Cambios", acuerdoChanges(institutions, again, () => headers)]], s.acuerdos),
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
        announce("Acuerdo agregado.");
      },
    }),
    h("h2", {}, "Acuerdos pendientes de sesiones anteriores"),
    s.pending.length ? s.pending.map(acuerdoRow) : h("p", { class: "empty" }, "Ninguno."),
    await adjuntosSection(`/api/v1/grupo-trabajo/sesiones/${id}`, true, headers, "de la sesión"));
}
