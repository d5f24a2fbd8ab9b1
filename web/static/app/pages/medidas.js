// A víctima's medidas de protección (law Art. 14 IV and V, 15 X, 17), as a
// section of her record: the list, and, on request, a medida with its
// history and risk assessments. Her institution's caseworkers ask for one,
// change its status and review the risk; the Fiscalía of a carpeta she is
// in reads them.

import * as api from "../api.js";
import { h, clear, form, notice, table, facts, fmtDate, fmtTime, action, announce } from "../dom.js";
import { today } from "../clock.js";
import { options, label } from "./shared.js";
import { correctionReasons, reasonFields } from "./corrections.js";

export const medidaTypes = [
  ["alojamiento_refugio", "Alojamiento o resguardo en refugio"], ["escolta_vigilancia", "Escolta o vigilancia policial"],
  ["rondines_policiales", "Rondines policiales"], ["reubicacion_domicilio", "Reubicación o cambio de domicilio"],
  ["proteccion_identidad", "Protección de identidad"], ["reserva_actuaciones", "Reserva de las actuaciones"],
  ["orden_restriccion", "Medidas cautelares u órdenes de restricción"], ["boton_panico", "Botón de pánico"],
  ["traslado_seguro", "Traslado seguro"], ["otra", "Otra"],
];
const beneficiaries = [["victima", "La víctima"], ["familiares", "Sus familiares"], ["ambas", "La víctima y sus familiares"]];
const statuses = [["solicitada", "Solicitada"], ["otorgada", "Otorgada"], ["negada", "Negada"], ["vigente", "Vigente"],
  ["concluida", "Concluida"], ["revocada", "Revocada"]];
const authorities = [["ministerio_publico", "Ministerio Público"], ["juez", "Juez"], ["institucion", "Institución"], ["otra", "Otra"]];
export const riskLevels = [["bajo", "Bajo"], ["medio", "Medio"], ["alto", "Alto"]];
// next are the statuses a medida may move to.
const next = { solicitada: ["otorgada", "negada", "vigente"], otorgada: ["vigente", "concluida", "revocada"], vigente: ["concluida", "revocada"] };

// statusOf is a medida's status as a list shows it: a voided one is marked.
const statusOf = (m) => (m.voided_at ? h("span", { class: "status vencido" }, "Anulada") : label(statuses, m.status));

// voidedFacts say who voided a medida, when and why.
const voidedFacts = (m, d, names) => (m.voided_at ? [["Anulada", fmtTime(m.voided_at)],
  ["Anuló", names.instituciones(m.voided_by_institution)],
  ["Motivo de la anulación", [label(correctionReasons, m.void_reason_code), d.void_reason_text].filter(Boolean).join(": ")]] : []);

// medidasSection lists her medidas; mine lets her institution change them;
// headers state why her data is read.
export async function medidasSection(victimId, mine, headers, names) {
  const box = h("section", { id: "medidas-proteccion", "aria-labelledby": "medidas-titulo" });
  const detail = h("div", { "aria-live": "polite" });
  const on = mine ? await today() : "";
  const institutions = mine ? await options("instituciones") : [];
  const refresh = async (message) => {
    const list = await api.get(`/api/v1/victimas/${victimId}/medidas-proteccion`);
    clear(box, h("h2", { id: "medidas-titulo" }, "Medidas de protección"), message ? notice(message) : null,
      table([["Medida", (m) => label(medidaTypes, m.type)], ["Protege a", (m) => label(beneficiaries, m.beneficiary)],
        ["Solicitada", (m) => fmtDate(m.requested_on)], ["Estado", (m) => statusOf(m)],
        ["Riesgo", (m) => (m.risk_level ? label(riskLevels, m.risk_level) : "Sin evaluar")],
        ["Próxima revisión", (m) => fmtDate(m.next_review_on)],
        ["Acciones", (m) => action("Ver detalle", () => show(m.id), { class: "secondary",
          "aria-label": `Ver detalle: ${label(medidaTypes, m.type)}, solicitada el ${fmtDate(m.requested_on)}` }), { hidden: true }]],
      list.items, { caption: "Medidas de protección de la víctima", empty: "No tiene medidas de protección registradas." }),
      detail, mine ? newForm() : null);
  };
  const show = async (id) => {
    const d = await api.get(`/api/v1/medidas-proteccion/${id}`, { headers });
    const m = d.medida;
    const etag = { headers: { "If-Match": `"v${m.version}"` } };
    const changed = async (message) => {
      await refresh(message);
      await show(id);
      announce(message);
    };
    clear(detail, h("h3", {}, `${label(medidaTypes, m.type)} (${fmtDate(m.requested_on)})`),
      facts([["Protege a", label(beneficiaries, m.beneficiary)], ["Solicitó", names.instituciones(m.requested_by)],
        ["Fecha de solicitud", fmtDate(m.requested_on)], ["Estado", label(statuses, m.status)], ...voidedFacts(m, d, names),
        ["Autoridad que otorgó", m.granting_authority ? label(authorities, m.granting_authority) : ""],
        ["Fecha de otorgamiento", fmtDate(m.granted_on)], ["Inicio", fmtDate(m.starts_on)], ["Término", fmtDate(m.ends_on)],
        ["Nivel de riesgo", m.risk_level ? label(riskLevels, m.risk_level) : "Sin evaluar"], ["Evaluado", fmtDate(m.assessed_on)],
        ["Próxima revisión", fmtDate(m.next_review_on)], ["Observaciones", d.observations], ["Familiares protegidos", d.family]]),
      h("h4", {}, "Historial de estados"),
      table([["Fecha", (e) => fmtDate(e.on)], ["Estado", (e) => label(statuses, e.status)], ["Quién", (e) => e.changed_by],
        ["Registrado", (e) => fmtTime(e.changed_at)]], d.history, { caption: "Cambios de estado de la medida" }),
      h("h4", {}, "Evaluaciones de riesgo"),
      table([["Fecha", (e) => fmtDate(e.assessed_on)], ["Nivel", (e) => label(riskLevels, e.risk_level)],
        ["Próxima revisión", (e) => fmtDate(e.next_review_on)], ["Quién", (e) => e.assessed_by], ["Notas", (e) => e.notes || ""]],
      d.evaluations, { caption: "Evaluaciones del riesgo de la medida", empty: "Aún no se ha evaluado el riesgo." }),
      mine && !m.voided_at && next[m.status] ? statusForm(m, etag, changed) : null,
      mine && !m.voided_at && next[m.status] ? riskForm(m, changed) : null,
      mine && !m.voided_at ? voidBox(m, etag, changed) : null);
  };
  const voidBox = (m, etag, changed) => {
    const box = h("div", { class: "correction", "aria-live": "polite" });
    const open = () => clear(box, h("h4", {}, "Anular la medida"),
      h("p", {}, "Una medida registrada por error se conserva, marcada como anulada, con quién la anuló, cuándo y por qué; deja de contar en las estadísticas y en las revisiones pendientes, y ya no se puede modificar."),
      form({
        fields: reasonFields(),
        submit: "Confirmar anulación",
        confirm: `¿Anular la medida ${label(medidaTypes, m.type)} solicitada el ${fmtDate(m.requested_on)}? No se puede deshacer.`,
        onSubmit: async (body) => {
          await api.post(`/api/v1/medidas-proteccion/${m.id}/anulacion`, body, etag);
          await changed(`Se anuló la medida: ${label(medidaTypes, m.type)}.`);
        },
      }));
    clear(box, h("button", { type: "button", class: "secondary", onclick: open }, "Anular medida"));
    return box;
  };
  const newForm = () => h("div", {}, h("h3", {}, "Solicitar una medida de protección"), form({
    fields: [
      { name: "type", label: "Medida", type: "select", required: true, options: medidaTypes },
      { name: "beneficiary", label: "Protege a", type: "select", required: true, options: beneficiaries },
      { name: "requested_by", label: "Institución que la solicita", type: "select", required: true, options: institutions },
      { name: "requested_on", label: "Fecha de solicitud", type: "date", required: true, value: on },
      { name: "observations", label: "Observaciones (se guardan cifradas)", type: "textarea" },
      { name: "family", label: "Familiares protegidos (se guarda cifrado)", type: "textarea" },
    ],
    submit: "Registrar medida",
    onSubmit: async (body) => {
      const m = await api.post(`/api/v1/victimas/${victimId}/medidas-proteccion`, body);
      const message = `Medida registrada: ${label(medidaTypes, body.type)}, solicitada.`;
      await refresh(message);
      await show(m.id);
      announce(message);
    },
  }));
  const statusForm = (m, etag, changed) => h("div", {}, h("h4", {}, "Cambiar el estado"), form({
    fields: [
      { name: "status", label: "Nuevo estado", type: "select", required: true, options: statuses.filter(([c]) => next[m.status].includes(c)) },
      { name: "on", label: "Fecha del cambio", type: "date", required: true, value: on },
      { name: "granting_authority", label: "Autoridad que otorga o niega", type: "select", options: authorities, value: m.granting_authority || "" },
      { name: "granted_on", label: "Fecha de otorgamiento", type: "date", value: m.granted_on || "" },
      { name: "starts_on", label: "Fecha de inicio", type: "date", value: m.starts_on || "" },
      { name: "ends_on", label: "Fecha de término", type: "date", value: m.ends_on || "" },
    ],
    submit: "Cambiar estado",
    onSubmit: async (body) => {
      await api.request("PATCH", `/api/v1/medidas-proteccion/${m.id}`, body, etag);
      await changed(`Estado de la medida: ${label(statuses, body.status).toLowerCase()}.`);
    },
  }));
  const riskForm = (m, changed) => h("div", {}, h("h4", {}, m.risk_level ? "Revisar el riesgo" : "Evaluar el riesgo"), form({
    fields: [
      { name: "risk_level", label: "Nivel de riesgo", type: "select", required: true, options: riskLevels },
      { name: "assessed_on", label: "Fecha de la evaluación", type: "date", required: true, value: on },
      { name: "next_review_on", label: "Próxima revisión", type: "date", required: true },
      { name: "notes", label: "Notas (se guardan cifradas)", type: "textarea" },
    ],
    submit: "Registrar evaluación",
    onSubmit: async (body) => {
      await api.post(`/api/v1/medidas-proteccion/${m.id}/evaluaciones`, body);
      await changed(`Riesgo evaluado: ${label(riskLevels, body.risk_level).toLowerCase()}.`);
    },
  }));
  await refresh();
  return box;
}
