// Correcting and voiding a record — a service, an activity, an acuerdo, an
// imputado, a canalización — and its history of corrections: the
// "Corregir", "Anular" and "Historial" buttons the pages show on each.

import * as api from "../api.js";
import { h, clear, form, table, fmtTime } from "../dom.js";
import { reasons } from "./shared.js";

export const correctionReasons = [
  ["error_captura", "Error de captura"],
  ["duplicado", "Registro duplicado"],
  ["informacion_nueva", "Información nueva o aclarada"],
  ["registro_indebido", "No debió registrarse"],
  ["otro", "Otro (descríbalo)"],
];

// reasonFields are the fields of a form that asks why a record is corrected or voided.
export const reasonFields = () => [
  { name: "reason_code", label: "Motivo", type: "select", required: true, options: correctionReasons },
  { name: "reason_text", label: "Explique el motivo (obligatorio con «Otro»; se guarda cifrado)", type: "textarea" },
];

// voidedMark is how a voided record shows in a list.
export const voidedMark = (r) => (r.voided_at ? h("span", { class: "status vencido" }, "Anulado") : "");

// corrections returns the buttons of one record and the box where their
// forms and its history open. path is the record's API path; record has
// its version and voided_at; what names it ("el servicio"); fields are the
// correction form's fields, with the current values; labels name the
// fields in the history; headers, when given, returns the motivo de
// consulta headers already stated (otherwise the history asks for one);
// onDone redraws the page after a change, with a message.
export function corrections({ path, record, what, fields, labels = {}, headers, onDone, canChange = true }) {
  const historyTitle = `Historial ${what.startsWith("el ") ? "del " + what.slice(3) : "de " + what}`;
  const box = h("div", { class: "correction", "aria-live": "polite" });
  const ifMatch = { headers: { "If-Match": `"v${record.version}"` } };
  const showHistory = async (reasonHeaders) => {
    const history = await api.get(`${path}/historial`, { headers: reasonHeaders });
    clear(box, h("h3", {}, historyTitle), historyTable(history.items, labels));
  };
  const buttons = [];
  if (canChange && !record.voided_at) {
    buttons.push(h("button", { type: "button", class: "secondary", onclick: () => clear(box, h("h3", {}, `Corregir ${what}`),
      h("p", {}, "Los valores anteriores y el motivo quedan en el historial."),
      form({
        fields: [...fields, ...reasonFields()],
        submit: "Guardar corrección",
        onSubmit: async (body) => {
          await api.put(path, body, ifMatch);
          await onDone(`Se corrigió ${what}.`);
        },
      })) }, "Corregir"));
    buttons.push(h("button", { type: "button", class: "secondary", onclick: () => clear(box, h("h3", {}, `Anular ${what}`),
      h("p", {}, "Un registro anulado se conserva con su historial, pero deja de contar en listas, reportes y estadísticas."),
      form({
        fields: reasonFields(),
        submit: "Confirmar anulación",
        confirm: `¿Anular ${what}? Dejará de contar en listas, reportes y estadísticas; no se puede deshacer.`,
        onSubmit: async (body) => {
          await api.post(`${path}/anulacion`, body, ifMatch);
          await onDone(`Se anuló ${what}.`);
        },
      })) }, "Anular"));
  }
  buttons.push(h("button", { type: "button", class: "secondary", onclick: async () => {
    if (headers) return showHistory(headers());
    clear(box, h("h3", {}, historyTitle),
      h("p", {}, "El historial puede contener datos personales: indique el motivo de la consulta, que queda registrado."),
      form({
        fields: [
          { name: "code", label: "Motivo de la consulta", type: "select", required: true, options: reasons },
          { name: "text", label: "Detalle (obligatorio con «Otro»; sin datos personales)" },
        ],
        submit: "Ver historial",
        onSubmit: async (r) => showHistory(api.reasonHeaders(r)),
      }));
  } }, "Historial"));
  return h("div", { class: "corrections" }, h("div", { class: "actions" }, buttons), box);
}

// historyTable lists corrections and voiding: when, what, who, why and the
// values before.
function historyTable(items, labels) {
  const kinds = { correccion: "Corrección", anulacion: "Anulación" };
  const reasonOf = (c) => [correctionReasons.find(([k]) => k === c.reason_code)?.[1] || c.reason_code, c.reason_text].filter(Boolean).join(": ");
  const before = (c) => c.previous.map(({ field: k, value: v }) => `${labels[k] || k}: ${v === "" ? "(vacío)" : v}`).join("; ");
  return table([["Fecha", (c) => fmtTime(c.at)], ["Cambio", (c) => kinds[c.kind] || c.kind], ["Institución", (c) => c.by_institution],
    ["Motivo", reasonOf], ["Valores anteriores", before]], items, { empty: "Sin correcciones ni anulaciones." });
}

