// Canalizaciones: the inbox and outbox, each one's next steps and, for the
// institution that accepted one, the services it gives the víctima.

import * as api from "../api.js";
import { h, clear, form, table, facts, fmtDate, action, announce } from "../dom.js";
import { today } from "../clock.js";
import { user } from "../session.js";
import { askReason, names, options, pager, at, sexes, label } from "./shared.js";
import { word, namers, canalizacionStatuses } from "./words.js";
import { corrections, voidedMark } from "./corrections.js";

// serviceChanges are the buttons to correct, void and see the history of a
// service the caller's institution gave; headers state the reason already given.
export const serviceChanges = (types, onDone, headers) => (s) => corrections({
  path: `/api/v1/servicios/${s.id}`, record: s, what: "el servicio", headers, onDone,
  canChange: s.institution === user().institution,
  labels: { type: "Servicio", provided_on: "Fecha", quantity: "Cantidad", notes: "Notas" },
  fields: [
    { name: "type", label: "Servicio", type: "select", required: true, options: types, value: s.type },
    { name: "provided_on", label: "Fecha del servicio", type: "date", required: true, value: s.provided_on },
    { name: "quantity", label: "Cantidad (unidades)", type: "number", min: 1, required: true, value: s.quantity },
    { name: "notes", label: "Notas nuevas (se guardan cifradas; déjelo vacío para conservar las actuales)", type: "textarea" },
  ] });

export const canalizacionRoutes = [
  { path: "/canalizaciones", page: listPage },
  { path: "/canalizaciones/:id", page: detailPage },
];

// steps: from → to, the side that takes it, and whether it needs a reason.
const steps = [
  ["enviada", "aceptada", "receptora", false, "Aceptar"],
  ["enviada", "rechazada", "receptora", true, "Rechazar"],
  ["enviada", "cancelada", "emisora", true, "Cancelar"],
  ["aceptada", "atendida", "receptora", false, "Marcar como atendida"],
  ["aceptada", "cancelada", "emisora", true, "Cancelar"],
  ["atendida", "cerrada", "emisora", false, "Cerrar"],
];

async function listPage(app) {
  const n = await namers("instituciones", "tipos-servicio");
  const results = h("div", { "aria-live": "polite" });
  let box = "recibidas";
  const show = async (cursor = "") => {
    const page = await api.get(`/api/v1/canalizaciones?bandeja=${box}&limit=20${at(cursor)}`);
    clear(results, table([
      ["Folio", (c) => h("a", { href: `#/canalizaciones/${c.id}` }, c.folio || "Ver")],
      ["De", (c) => n.instituciones(c.from)], ["A", (c) => n.instituciones(c.to)],
      ["Servicio", (c) => n["tipos-servicio"](c.service_type)], ["Estado", (c) => word(canalizacionStatuses, c.status)],
      ["Enviada", (c) => fmtDate(c.sent_on)],
    ], page.items, { empty: "No hay canalizaciones en esta bandeja." }), pager(page, cursor, show));
  };
  const tabs = h("div", { role: "group", "aria-label": "Bandeja", class: "tabs" },
    [["recibidas", "Recibidas"], ["enviadas", "Enviadas"], ["todas", "Todas"]].map(([value, text]) =>
      h("button", { type: "button", "aria-pressed": value === box ? "true" : "false", onclick: (ev) => {
        box = value;
        ev.target.parentElement.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", b === ev.target ? "true" : "false"));
        show();
      } }, text)));
  clear(app, h("h1", {}, "Canalizaciones"), h("p", {}, "Para canalizar a una víctima, ábrala desde Víctimas."), tabs, results);
  await show();
}

async function detailPage(app, { id }) {
  await showDetail(app, id, await askReason(app, "Consultar canalización", `canalizacion:${id}`));
}

// showDetail shows a canalización; after a step it shows it again with the
// same reason, as the person is still doing what she said.
async function showDetail(app, id, reason) {
  const d = await api.get(`/api/v1/canalizaciones/${id}`, { headers: api.reasonHeaders(reason) });
  const n = await namers("instituciones", "tipos-servicio", "nacionalidades", "lenguas-indigenas");
  const c = d.canalizacion;
  const side = c.to === user().institution ? "receptora" : c.from === user().institution ? "emisora" : "";
  const next = steps.filter(([from, , who]) => from === c.status && who === side);
  const on = await today();
  const actions = next.map(([, to, , needsReason, text]) => form({
    fields: [
      { name: "on", label: `Fecha (${text.toLowerCase()})`, type: "date", required: true, value: on },
      ...(needsReason ? [{ name: "reason", label: `Motivo (${text.toLowerCase()})`, required: true }] : []),
    ],
    submit: text,
    confirm: needsReason ? `¿${text} la canalización de ${d.victim.folio}? Este paso no se puede deshacer.` : undefined,
    onSubmit: async (body) => {
      await api.post(`/api/v1/canalizaciones/${id}/transiciones`, { status: to, ...body });
      await showDetail(app, id, reason);
      announce(`La canalización quedó ${word(canalizacionStatuses, to).toLowerCase()}.`);
    },
  }));
  const attending = side === "receptora" && (c.status === "aceptada" || c.status === "atendida");
  const types = await options("tipos-servicio");
  const changes = side === "emisora" ? [h("h2", {}, "Corrección y anulación"),
    h("p", {}, c.voided_at ? "Esta canalización fue anulada: no cuenta en bandejas, reportes ni estadísticas."
      : c.status === "enviada" ? "Mientras la institución receptora no la responda, puede corregir el servicio, la fecha o las notas, o anularla si se envió por error."
        : "Ya fue respondida: no se puede corregir ni anular; si ya no procede, cancélela."),
    corrections({ path: `/api/v1/canalizaciones/${id}`, record: c, what: "la canalización", headers: () => api.reasonHeaders(reason),
      canChange: c.status === "enviada", onDone: () => showDetail(app, id, reason),
      labels: { service_type: "Servicio", sent_on: "Fecha de envío", notes: "Notas" },
      fields: [
        { name: "service_type", label: "Servicio solicitado", type: "select", required: true, options: types, value: c.service_type },
        { name: "sent_on", label: "Fecha de envío", type: "date", required: true, value: c.sent_on },
        { name: "notes", label: "Notas nuevas (se guardan cifradas; déjelo vacío para conservar las actuales)", type: "textarea" },
      ] })] : null;
  clear(app, h("h1", {}, `Canalización de ${d.victim.folio}`),
    facts([["De", n.instituciones(c.from)], ["A", n.instituciones(c.to)], ["Servicio", n["tipos-servicio"](c.service_type)],
      ["Estado", word(canalizacionStatuses, c.status)], ["Enviada", fmtDate(c.sent_on)], ["Víctima", d.victim.name],
      ["Sexo", label(sexes, d.victim.sex)], ["Edad", d.victim.age], ["Nacionalidad", n.nacionalidades(d.victim.nationality)],
      ["Lengua indígena", n["lenguas-indigenas"](d.victim.indigenous_language)], ["Teléfono", d.victim.phone], ["Notas", d.notes],
      ["Sin consentimiento, motivo", d.override_reason]]),
    h("h2", {}, "Pasos"),
    table([["Fecha", (s) => fmtDate(s.on)], ["De", (s) => word(canalizacionStatuses, s.from) || "—"], ["A", (s) => word(canalizacionStatuses, s.to)],
      ["Institución", (s) => n.instituciones(s.by_institution)],
      ["Motivo", (s) => s.reason]], d.steps),
    attending ? await servicesGiven(c, on, reason) : null,
    actions.length && !c.voided_at ? [h("h2", {}, "Siguiente paso"), h("div", { class: "actions" }, actions)] : null,
    changes,
    side === "emisora" ? h("p", {}, action("Descargar oficio (PDF)", () =>
      api.download(`/api/v1/canalizaciones/${id}/documento`, "canalizacion.pdf", { headers: api.reasonHeaders(reason) }),
    { class: "link" })) : null);
}

// servicesGiven lets the receiving institution, while it attends the
// víctima (accepted, not yet closed), record the services it gives her and
// see those it recorded; her record stays with the institution that
// registered her.
async function servicesGiven(c, on, reason) {
  const [types, typeNames] = await Promise.all([options("tipos-servicio"), names("tipos-servicio")]);
  const path = `/api/v1/victimas/${c.victim_id}/servicios`;
  const list = h("div", { "aria-live": "polite" });
  const done = h("p", { role: "status" });
  const show = async () => {
    const given = await api.get(`${path}?anuladas=true`);
    clear(list, table([["Fecha", (s) => fmtDate(s.provided_on)], ["Servicio", (s) => typeNames.get(s.type) || s.type],
      ["Cantidad", (s) => s.quantity], ["Estado", voidedMark], ["Cambios", serviceChanges(types, show, () => api.reasonHeaders(reason))]],
    given.items, { empty: "Su institución aún no registra servicios para ella." }));
  };
  await show();
  return h("section", {}, h("h2", {}, "Servicios que da su institución"), list,
    form({
      fields: [
        { name: "type", label: "Servicio", type: "select", required: true, options: types, value: c.service_type },
        { name: "provided_on", label: "Fecha del servicio", type: "date", required: true, value: on },
        { name: "quantity", label: "Cantidad (unidades)", type: "number", min: 1, value: 1, required: true },
        { name: "notes", label: "Notas (se guardan cifradas)", type: "textarea" },
      ],
      submit: "Registrar servicio",
      onSubmit: async (body, el) => {
        await api.post(path, body);
        el.reset();
        await show();
        done.textContent = "Servicio registrado.";
      },
    }), done);
}
