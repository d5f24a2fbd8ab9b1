// Carpetas de investigación (Fiscalía): register one with its víctimas,
// move it forward, add imputados and resoluciones.

import * as api from "../api.js";
import { h, clear, form, table, facts, fmtDate, announce } from "../dom.js";
import { go } from "../navigate.js";
import { adjuntosSection } from "./adjuntos.js";
import { askReason, carryReason, options, sexes, label, pager, at, municipiosOf, filterForm } from "./shared.js";
import { word, namers, carpetaStatuses, ageGroups } from "./words.js";
import { corrections, voidedMark } from "./corrections.js";
import { reparacionColumns, reparacionSection, centavos, amountError } from "./reparacion.js";

export const carpetaRoutes = [
  { path: "/carpetas", page: listPage },
  { path: "/carpetas/registro", page: registerPage },
  { path: "/carpetas/:id", page: detailPage },
];

const statuses = carpetaStatuses;

const resolutionKinds = [
  ["sentencia_condenatoria", "Sentencia condenatoria"], ["sentencia_absolutoria", "Sentencia absolutoria"],
  ["sobreseimiento", "Sobreseimiento"], ["procedimiento_abreviado", "Procedimiento abreviado"],
  ["suspension_condicional", "Suspensión condicional"], ["otra", "Otra"],
];

async function listPage(app) {
  const n = await namers("municipios", "modalidades");
  const results = h("div", { "aria-live": "polite" });
  let filter = "";
  const show = async (cursor = "") => {
    const page = await api.get(`/api/v1/carpetas?limit=20${at(cursor)}${filter}`);
    clear(results, table([["Número", (c) => h("a", { href: `#/carpetas/${c.id}` }, c.number)], ["Unidad", (c) => c.fiscalia_unit],
      ["Municipio", (c) => n.municipios(c.municipio)], ["Inicio", (c) => fmtDate(c.started_on)], ["Modalidad", (c) => n.modalidades(c.modalidad)], ["Estado", (c) => label(statuses, c.status)],
      ["Judicializada", (c) => fmtDate(c.judicialized_on)]], page.items, { empty: "Sin carpetas con ese filtro.", sortable: true }),
    pager(page, cursor, show));
  };
  clear(app, h("h1", {}, "Carpetas de investigación"),
    h("p", {}, h("a", { href: "#/carpetas/registro", class: "button" }, "Registrar carpeta")),
    h("details", {}, h("summary", {}, "Buscar por número de carpeta"), form({
      fields: [{ name: "number", label: "Número exacto", required: true },
        { name: "municipio", label: "Municipio (si el número existe en varios de los suyos)", type: "select", options: await municipiosOf("fiscalia") }],
      submit: "Buscar",
      keep: true,
      onSubmit: async (body) => {
        let found = [];
        try {
          found = [await api.post("/api/v1/carpetas/busqueda", body)];
        } catch (err) {
          if (err.status !== 404) throw err;
        }
        clear(results, table([["Número", () => h("a", { href: `#/carpetas/${found[0].id}` }, body.number.trim())],
          ["Unidad", (c) => c.fiscalia_unit], ["Municipio", (c) => n.municipios(c.municipio)],
          ["Estado", (c) => label(statuses, c.status)]], found, { empty: "Ninguna carpeta de su ámbito tiene ese número." }),
        h("button", { type: "button", class: "link", onclick: () => show() }, "Ver todas"));
      },
    })),
    h("details", {}, h("summary", {}, "Filtrar la lista"), filterForm([
      { name: "estado", label: "Estado", type: "select", options: statuses },
      { name: "modalidad", label: "Modalidad", type: "select", options: await options("modalidades") },
      { name: "distrito", label: "Distrito judicial", type: "select", options: await options("distritos-judiciales") },
      { name: "judicializada_desde", label: "Judicializada desde", type: "date" },
      { name: "judicializada_hasta", label: "Judicializada hasta", type: "date" },
    ], async (q) => {
      filter = q;
      await show();
    })), results);
  await show();
}

async function registerPage(app) {
  const municipios = await municipiosOf("fiscalia");
  clear(app, h("h1", {}, "Registrar carpeta de investigación"), form({
    fields: [
      { name: "number", label: "Número de carpeta (se guarda cifrado)", required: true },
      { name: "fiscalia_unit", label: "Unidad de la Fiscalía", required: true },
      { name: "municipio", label: "Municipio", type: "select", required: true, options: municipios },
      { name: "started_on", label: "Fecha de inicio", type: "date", required: true },
      { name: "modalidad", label: "Modalidad", type: "select", required: true, options: await options("modalidades") },
      { name: "folios", label: "Folios de las víctimas (p. ej. QROO-2024-000123), separados por comas", type: "textarea" },
    ],
    submit: "Registrar",
    onSubmit: async (body) => {
      const folios = (body.folios || "").split(/[\s,]+/).filter(Boolean);
      delete body.folios;
      const c = await api.post("/api/v1/carpetas", { ...body, victims: folios.map((folio) => ({ folio })) });
      carryReason(`carpeta:${c.id}`, { code: "actualizacion_registro" });
      go(`/carpetas/${c.id}`, "Carpeta de investigación registrada.");
    },
  }));
}

async function detailPage(app, { id }) {
  await showDetail(app, id, await askReason(app, "Consultar carpeta", `carpeta:${id}`));
}

async function showDetail(app, id, reason) {
  const d = await api.get(`/api/v1/carpetas/${id}`, { headers: api.reasonHeaders(reason) });
  const [districts, nationalities] = await Promise.all([options("distritos-judiciales"), options("nacionalidades")]);
  const n = await namers("municipios", "modalidades", "nacionalidades", "distritos-judiciales");
  const c = d.carpeta;
  const again = () => showDetail(app, id, reason);
  const current = statuses.findIndex(([s]) => s === c.status);
  const describe = (rid) => {
    const i = d.resoluciones.findIndex((r) => r.id === rid);
    const r = d.resoluciones[i];
    return `Resolución ${i + 1}: ${label(resolutionKinds, r.kind).toLowerCase()} del ${fmtDate(r.resolved_on)}`;
  };
  clear(app, h("h1", {}, `Carpeta ${d.number}`),
    facts([["Unidad", c.fiscalia_unit], ["Municipio", n.municipios(c.municipio)], ["Inicio", fmtDate(c.started_on)],
      ["Modalidad", n.modalidades(c.modalidad)],
      ["Estado", label(statuses, c.status)], ["Distrito judicial", n["distritos-judiciales"](c.judicial_district)]]),
    h("h2", {}, "Etapas"),
    table([["Etapa", (e) => label(statuses, e.status)], ["Fecha", (e) => fmtDate(e.date)], ["Distrito", (e) => n["distritos-judiciales"](e.judicial_district)]], d.events),
    h("h3", {}, "Avanzar etapa"),
    form({
      fields: [
        { name: "status", label: "Nueva etapa", type: "select", required: true, options: statuses.slice(current + 1) },
        { name: "date", label: "Fecha", type: "date", required: true },
        { name: "judicial_district", label: "Distrito judicial (al judicializar)", type: "select", options: districts },
      ],
      submit: "Registrar etapa",
      onSubmit: async (body) => {
        await api.post(`/api/v1/carpetas/${id}/etapas`, body);
        await again();
        announce(`Etapa registrada: ${label(statuses, body.status).toLowerCase()}.`);
      },
    }),
    h("h2", {}, "Víctimas"),
    table([["Folio", (v) => h("a", { href: `#/victimas/${v.id}` }, v.folio)], ["Sexo", (v) => label(sexes, v.sex)], ["Grupo de edad", (v) => word(ageGroups, v.age_group)]], d.victims),
    form({
      fields: [{ name: "folio", label: "Vincular víctima por folio", required: true }],
      submit: "Vincular",
      onSubmit: async (body) => {
        await api.post(`/api/v1/carpetas/${id}/victimas`, { victims: [{ folio: body.folio }] });
        await again();
        announce(`Víctima ${body.folio} vinculada a la carpeta.`);
      },
    }),
    h("h2", {}, "Imputados"),
    table([["Sexo", (i) => label(sexes, i.sex)], ["Edad", (i) => i.age ?? ""], ["Nacionalidad", (i) => n.nacionalidades(i.nationality)],
      ["Nombres", (i) => i.names || ""], ["Estado", voidedMark], ["Cambios", (i) => corrections({
        path: `/api/v1/carpetas/${id}/imputados/${i.id}`, record: i, what: "el imputado", headers: () => api.reasonHeaders(reason),
        labels: { sex: "Sexo", age: "Edad", nationality: "Nacionalidad", names: "Nombres" }, onDone: again,
        fields: [
          { name: "sex", label: "Sexo", type: "select", required: true, options: sexes, value: i.sex },
          { name: "age", label: "Edad", type: "number", min: 12, max: 120, value: i.age },
          { name: "nationality", label: "Nacionalidad", type: "select", options: nationalities, value: i.nationality },
          { name: "names", label: "Nombres (se guardan cifrados)", value: i.names },
        ] })]], d.imputados),
    form({
      fields: [
        { name: "sex", label: "Sexo", type: "select", required: true, options: sexes },
        { name: "age", label: "Edad", type: "number", min: 12, max: 120 },
        { name: "nationality", label: "Nacionalidad", type: "select", options: nationalities },
        { name: "names", label: "Nombres (se guardan cifrados)" },
      ],
      submit: "Agregar imputado",
      onSubmit: async (body) => {
        await api.post(`/api/v1/carpetas/${id}/imputados`, body);
        await again();
        announce("Imputado agregado a la carpeta.");
      },
    }),
    h("h2", {}, "Resoluciones"),
    table([["Tipo", (r) => label(resolutionKinds, r.kind)], ["Fecha", (r) => fmtDate(r.resolved_on)], ["Sentencia", (r) => r.sentence || ""],
      ...reparacionColumns(d)], d.resoluciones),
    form({
      fields: [
        { name: "kind", label: "Tipo", type: "select", required: true, options: resolutionKinds },
        { name: "resolved_on", label: "Fecha", type: "date", required: true },
        { name: "imputado_id", label: "Imputado", type: "select",
          options: d.imputados.map((i, n) => [i, `Imputado ${n + 1} (${label(sexes, i.sex)})`]).filter(([i]) => !i.voided_at).map(([i, t]) => [i.id, t]) },
        { name: "sentence", label: "Sentencia (por ejemplo, 15 años de prisión)" },
        { name: "reparation_ordered", label: "Se ordenó la reparación del daño", type: "checkbox" },
        { name: "reparation_amount", label: "Monto de la reparación ordenada (MXN)", inputmode: "decimal", help: "Por ejemplo 250000.00" },
      ],
      submit: "Registrar resolución",
      onSubmit: async (body) => {
        if (body.reparation_amount !== undefined) {
          const amount = centavos(body.reparation_amount);
          if (amount === null) throw amountError("reparation_amount");
          body.reparation_amount = amount / 100;
        }
        await api.post(`/api/v1/carpetas/${id}/resoluciones`, body);
        await again();
        announce(`Resolución registrada: ${label(resolutionKinds, body.kind).toLowerCase()}.`);
      },
    }),
    reparacionSection({ id, d, describe, canWrite: true, again }),
    await adjuntosSection(`/api/v1/carpetas/${id}`, true, api.reasonHeaders(reason), "de la carpeta"));
}
