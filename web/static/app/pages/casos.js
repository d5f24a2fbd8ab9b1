// Expedientes (casos): the list, opening one with its víctimas, its facts
// (modalidades, enganche, transporte, origin and destination), its status
// with the reasons of each change, and its documents.

import * as api from "../api.js";
import { h, clear, form, table, facts, fmtDate, fmtTime, announce } from "../dom.js";
import { today } from "../clock.js";
import { hasRole, user } from "../session.js";
import { go } from "../navigate.js";
import { options, pager, at, municipiosOf, sexes, label, filterForm } from "./shared.js";
import { word, namers, casoStatuses, ageGroups } from "./words.js";
import { adjuntosSection } from "./adjuntos.js";

export const casoRoutes = [
  { path: "/casos", page: listPage },
  { path: "/casos/registro", page: registerPage },
  { path: "/casos/registro/:victima", page: registerPage },
  { path: "/casos/:id", page: detailPage },
];

async function listPage(app) {
  const n = await namers("instituciones", "municipios");
  const results = h("div", { "aria-live": "polite" });
  let filter = "";
  const show = async (cursor = "") => {
    const page = await api.get(`/api/v1/casos?limit=20${at(cursor)}${filter}`);
    clear(results, h("h2", {}, `Expedientes (${page.total})`), table([
      ["Folio", (c) => h("a", { href: `#/casos/${c.id}` }, c.folio)], ["Estado", (c) => word(casoStatuses, c.status)],
      ["Municipio", (c) => n.municipios(c.municipio)], ["Institución", (c) => n.instituciones(c.institution)],
      ["Abierto", (c) => fmtTime(c.created_at)],
    ], page.items, { empty: "No hay expedientes con ese filtro.", sortable: true }), pager(page, cursor, show));
  };
  const municipios = await municipiosOf(hasRole("capturista") ? "capturista" : "grupo_trabajo");
  const filters = filterForm([
    { name: "estado", label: "Estado", type: "select", options: casoStatuses },
    ...(municipios.length > 1 ? [{ name: "municipio", label: "Municipio", type: "select", options: municipios }] : []),
  ], async (q) => {
    filter = q;
    await show();
  });
  clear(app, h("h1", {}, "Expedientes"),
    hasRole("capturista") ? h("p", {}, h("a", { href: "#/casos/registro", class: "button" }, "Abrir expediente")) : null,
    filters, results);
  await show();
}

// factFields are the fields of a caso's facts, filled with f, their parts
// titled with headings of the level given (under the page's or a section's).
async function factFields(f = {}, level = "h3") {
  const [modalidades, enganche, transporte, lugares, paises, entidades, municipios] = await Promise.all([
    options("modalidades"), options("formas-enganche"), options("medios-transporte"), options("tipos-lugar"),
    options("nacionalidades"), options("entidades"), options("municipios")]);
  const place = (prefix, title) => [
    h(level, {}, title),
    { name: `${prefix}_country`, label: "País", type: "select", options: paises, value: f[`${prefix}_country`] },
    { name: `${prefix}_entidad`, label: "Entidad federativa (en México)", type: "select", options: entidades, value: f[`${prefix}_entidad`] },
    { name: `${prefix}_municipio`, label: "Municipio (en Quintana Roo)", type: "select", options: municipios, value: f[`${prefix}_municipio`] },
  ];
  return [
    { name: "occurred_on", label: "Fecha de los hechos", type: "date", value: f.occurred_on },
    { name: "reported_on", label: "Fecha de la denuncia", type: "date", value: f.reported_on },
    { name: "modalidades", label: "Modalidades de explotación", type: "checks", required: true, options: modalidades, value: f.modalidades },
    { name: "recruitment_form", label: "Forma de enganche", type: "select", options: enganche, value: f.recruitment_form },
    { name: "transport_mean", label: "Medio de transporte", type: "select", options: transporte, value: f.transport_mean },
    { name: "place_type", label: "Tipo de lugar de explotación", type: "select", options: lugares, value: f.place_type },
    ...place("origin", "Lugar de origen"),
    ...place("destination", "Lugar de destino"),
    h(level, {}, "Víctimas"),
    { name: "folios", label: "Agregar víctimas por folio (p. ej. QROO-2024-000123), separados por comas", type: "textarea" },
  ];
}

// victimIds finds, by folio, the víctimas to add; a folio outside the
// caller's scope is reported next to the field.
async function victimIds(folios) {
  const ids = [];
  for (const folio of (folios || "").split(/[\s,]+/).filter(Boolean)) {
    const found = await api.post("/api/v1/victimas/busqueda", { folio: folio.toUpperCase() }).catch(() => ({ items: [] }));
    if (!found.items.length) {
      throw Object.assign(new Error(`No encontramos el folio ${folio} en su ámbito.`),
        { errors: [{ field: "folios", message: `No encontramos el folio ${folio} en su ámbito.` }] });
    }
    ids.push(found.items[0].id);
  }
  return ids;
}

async function registerPage(app, { victima } = {}) {
  const municipios = await municipiosOf("capturista");
  clear(app, h("h1", {}, "Abrir expediente"),
    victima ? h("p", {}, "La víctima desde la que lo abre queda incluida.") : null,
    form({
      fields: [{ name: "municipio", label: "Municipio de los hechos o de la denuncia", type: "select", required: true, options: municipios },
        ...(await factFields({}, "h2"))],
      submit: "Abrir expediente",
      onSubmit: async (body) => {
        const ids = await victimIds(body.folios);
        delete body.folios;
        if (victima) ids.unshift(victima);
        const c = await api.post("/api/v1/casos", { ...body, victim_ids: ids });
        go(`/casos/${c.id}`, `Expediente ${c.folio} abierto.`);
      },
    }));
}

async function detailPage(app, { id }) {
  const res = await api.request("GET", `/api/v1/casos/${id}`, undefined, { raw: true });
  const etag = res.headers.get("ETag");
  const c = await res.json();
  const n = await namers("instituciones", "municipios", "modalidades", "formas-enganche", "medios-transporte", "tipos-lugar",
    "nacionalidades", "entidades");
  const f = c.facts;
  const place = (p) => [n.nacionalidades(f[`${p}_country`]), n.entidades(f[`${p}_entidad`]), n.municipios(f[`${p}_municipio`])]
    .filter(Boolean).join(", ");
  const editable = hasRole("capturista") && c.institution === user().institution;
  const again = () => detailPage(app, { id });
  const stale = (err) => {
    if (err.status === 412) throw new Error("Otra persona cambió el expediente mientras lo veía. Vuelva a abrirlo para ver la versión actual.");
    throw err;
  };
  clear(app, h("h1", {}, `Expediente ${c.folio}`),
    facts([["Estado", word(casoStatuses, c.status)], ["Institución", n.instituciones(c.institution)], ["Municipio", n.municipios(c.municipio)],
      ["Fecha de los hechos", fmtDate(f.occurred_on)], ["Fecha de la denuncia", fmtDate(f.reported_on)],
      ["Modalidades", f.modalidades.map(n.modalidades).join(", ")], ["Forma de enganche", n["formas-enganche"](f.recruitment_form)],
      ["Medio de transporte", n["medios-transporte"](f.transport_mean)], ["Tipo de lugar", n["tipos-lugar"](f.place_type)],
      ["Origen", place("origin")], ["Destino", place("destination")]]),
    c.reporte ? h("p", {}, "Abierto con el reporte ciudadano ",
      h("a", { href: `#/reportes-ciudadanos/${c.reporte.id}` }, c.reporte.folio), ".") : null,
    h("h2", {}, "Víctimas"),
    table([["Folio", (v) => (hasRole("capturista") ? h("a", { href: `#/victimas/${v.id}` }, v.folio) : v.folio)],
      ["Sexo", (v) => label(sexes, v.sex)], ["Grupo de edad", (v) => word(ageGroups, v.age_group)],
      ["Nacionalidad", (v) => n.nacionalidades(v.nationality)]], c.victims, { empty: "Sin víctimas." }),
    editable ? h("p", {}, h("a", { href: `#/victimas/registro/caso/${id}`, class: "button" }, "Registrar una víctima en este expediente")) : null,
    h("h2", {}, "Cambios de estado"),
    table([["Fecha", (e) => fmtDate(e.changed_on)], ["De", (e) => word(casoStatuses, e.from) || "—"], ["A", (e) => word(casoStatuses, e.to)],
      ["Motivo", (e) => e.reason]], c.history, { empty: "Sin cambios de estado." }),
    // Only the expediente's own institution reads its documents.
    editable ? await adjuntosSection(`/api/v1/casos/${id}`, true, null, "del expediente") : null,
    editable ? [
      h("h2", {}, "Cambiar el estado"),
      form({
        fields: [
          { name: "status", label: "Nuevo estado", type: "select", required: true, options: casoStatuses.filter(([s]) => s !== c.status) },
          { name: "on", label: "Fecha del cambio", type: "date", required: true, value: await today() },
          { name: "reason", label: "Motivo (obligatorio al concluir o reabrir; sin datos personales)", type: "textarea" },
        ],
        submit: "Cambiar estado",
        onSubmit: async (body) => {
          await api.post(`/api/v1/casos/${id}/estado`, body, { headers: { "If-Match": etag } }).catch(stale);
          await again();
          announce(`El expediente pasó a ${word(casoStatuses, body.status).toLowerCase()}.`);
        },
      }),
      h("h2", {}, "Editar los hechos"),
      form({
        fields: await factFields(f),
        submit: "Guardar cambios",
        onSubmit: async (body) => {
          const ids = await victimIds(body.folios);
          delete body.folios;
          await api.put(`/api/v1/casos/${id}`, { ...body, victim_ids: ids }, { headers: { "If-Match": etag } }).catch(stale);
          await again();
          announce("Se guardaron los hechos del expediente.");
        },
      }),
    ] : null);
}
