// The reparación del daño of a carpeta's resoluciones: what each ordered,
// what has been paid and what remains, the payments and a form to record
// one, with a button to void a payment recorded by mistake.

import * as api from "../api.js";
import { h, clear, form, table, facts, fmtDate, announce } from "../dom.js";
import { correctionReasons, voidedMark } from "./corrections.js";

export const payers = [
  ["persona_sentenciada", "Persona sentenciada"],
  ["fondo_ceaveqroo", "Fondo de Ayuda, Asistencia y Reparación Integral (CEAVEQROO)"],
  ["aseguradora_fianza", "Aseguradora o fianza"],
  ["otro", "Otro"],
];

const money = new Intl.NumberFormat("es-MX", { style: "currency", currency: "MXN" });

// pesos shows an amount in centavos as Mexican pesos: $1,234.50.
export const pesos = (cents) => (cents === undefined || cents === null ? "" : money.format(cents / 100));

// centavos reads an amount in pesos as written ("1500", "1,500.50",
// "$1,500.5") into whole centavos, exactly, without binary fractions; null
// when it is not an amount.
export function centavos(text) {
  const t = String(text).replace(/[\s$,]/g, "");
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || "0").padEnd(2, "0"));
}

// amountError is the error a form shows next to an amount it cannot read.
export const amountError = (field) => Object.assign(new Error("Revise el monto."),
  { errors: [{ field, message: "Escriba el monto en pesos, por ejemplo 1500.50." }] });

// reparacionColumns are the columns the resoluciones table shows for the
// balance of each: ordered, paid, pending.
export function reparacionColumns(d) {
  const of = (r) => (d.reparacion || []).find((b) => b.resolucion_id === r.id);
  const shown = (r, f) => (of(r)?.reparation_ordered ? f(of(r)) : "—");
  return [
    ["Reparación ordenada", (r) => shown(r, (b) => (b.ordered_centavos === undefined ? "Sin monto" : pesos(b.ordered_centavos)))],
    ["Pagado", (r) => shown(r, (b) => pesos(b.paid_centavos))],
    ["Pendiente", (r) => shown(r, (b) => pesos(b.pending_centavos))],
  ];
}

// reparacionSection lists, for each resolución that ordered the reparación
// del daño, its payments and a form to record one. again redraws the page.
export function reparacionSection({ id, d, describe, canWrite, again }) {
  const ordered = (d.reparacion || []).filter((b) => b.reparation_ordered);
  if (!ordered.length) return null;
  const t = d.reparacion_total;
  const victimOptions = d.victims.map((v) => [v.id, `Víctima ${v.folio}`]);
  const folioOf = (vid) => d.victims.find((v) => v.id === vid)?.folio || "";
  return h("section", { "aria-labelledby": "reparacion-titulo" },
    h("h2", { id: "reparacion-titulo" }, "Reparación del daño"),
    facts([["Ordenada en la carpeta", pesos(t.ordered_centavos)], ["Pagada", pesos(t.paid_centavos)],
      ["Saldo pendiente", pesos(t.pending_centavos)]]),
    ordered.map((b) => {
      const path = `/api/v1/carpetas/${id}/resoluciones/${b.resolucion_id}/pagos`;
      const box = h("div", { class: "correction", "aria-live": "polite" });
      const voidButton = (p) => (p.voided_at || !canWrite ? "" : h("button", { type: "button", class: "secondary",
        onclick: () => clear(box, h("h4", {}, `Anular el pago del ${fmtDate(p.paid_on)}`),
          h("p", {}, "El pago anulado se conserva con quién lo anuló, cuándo y por qué, y deja de contar en el saldo y los reportes."),
          form({
            fields: [
              { name: "reason_code", label: "Motivo", type: "select", required: true, options: correctionReasons },
              { name: "reason_text", label: "Explique el motivo (obligatorio con «Otro»; se guarda cifrado)", type: "textarea" },
            ],
            submit: "Confirmar anulación",
            confirm: `¿Anular el pago de ${pesos(p.amount_centavos)}? No se puede deshacer.`,
            onSubmit: async (body) => {
              await api.post(`${path}/${p.id}/anulacion`, body, { headers: { "If-Match": `"v${p.version}"` } });
              await again();
              announce(`Se anuló el pago de ${pesos(p.amount_centavos)}.`);
            },
          })) }, "Anular pago"));
      const given = b.ordered_centavos !== undefined;
      const amountButton = canWrite ? h("button", { type: "button", class: "secondary",
        onclick: () => clear(box, h("h4", {}, given ? "Corregir el monto ordenado" : "Indicar el monto ordenado"),
          h("p", {}, "El monto anterior, quién lo cambió, cuándo y por qué quedan registrados; no puede ser menor que lo ya pagado."),
          form({
            fields: [
              { name: "ordered_centavos", label: "Monto ordenado (MXN)", required: true, inputmode: "decimal", help: "Por ejemplo 250000.00" },
              { name: "reason_code", label: "Motivo", type: "select", required: true, options: correctionReasons },
              { name: "reason_text", label: "Explique el motivo (obligatorio con «Otro»; se guarda cifrado)", type: "textarea" },
            ],
            submit: "Guardar monto",
            onSubmit: async (body) => {
              const amount = centavos(body.ordered_centavos);
              if (!amount) throw amountError("ordered_centavos");
              await api.put(`/api/v1/carpetas/${id}/resoluciones/${b.resolucion_id}/reparacion`, { ...body, ordered_centavos: amount },
                { headers: { "If-Match": `"v${b.version}"` } });
              await again();
              announce(`Monto ordenado: ${pesos(amount)}.`);
            },
          })) }, given ? "Corregir monto ordenado" : "Indicar monto ordenado") : null;
      return h("div", { class: "reparacion" },
        h("h3", {}, describe(b.resolucion_id)),
        facts([["Ordenado", b.ordered_centavos === undefined ? "Sin monto registrado" : pesos(b.ordered_centavos)],
          ["Pagado", pesos(b.paid_centavos)], ["Pendiente", pesos(b.pending_centavos)]]),
        table([["Fecha", (p) => fmtDate(p.paid_on)], ["Monto", (p) => pesos(p.amount_centavos)],
          ["Pagó", (p) => payers.find(([k]) => k === p.payer)?.[1] || p.payer], ["Víctima", (p) => folioOf(p.victim_id)],
          ["Registró", (p) => p.institution], ["Estado", voidedMark], ["Acciones", voidButton, { hidden: true }]], b.payments,
        { caption: "Pagos", empty: "Sin pagos registrados." }),
        h("div", { class: "actions" }, amountButton),
        box,
        canWrite && given ? form({
          fields: [
            { name: "paid_on", label: "Fecha del pago", type: "date", required: true },
            { name: "amount_centavos", label: "Monto pagado (MXN)", required: true, inputmode: "decimal", help: "Por ejemplo 1500.50" },
            { name: "payer", label: "Quién pagó", type: "select", required: true, options: payers },
            { name: "victim_id", label: "Víctima que lo recibió", type: "select", options: victimOptions },
          ],
          submit: "Registrar pago",
          onSubmit: async (body) => {
            const amount = centavos(body.amount_centavos);
            if (!amount) throw amountError("amount_centavos");
            await api.post(path, { ...body, amount_centavos: amount });
            await again();
            announce(`Pago de ${pesos(amount)} registrado.`);
          },
        }) : null);
    }));
}
