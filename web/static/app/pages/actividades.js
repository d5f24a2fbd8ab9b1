// Actividades de política pública: the list with its totals, one by one,
// and the spreadsheet template and import.

import * as api from "../api.js";
import { h, clear, form, table, fmtDate, announce } from "../dom.js";
import { hasRole, user } from "../session.js";
import { options, names, pager, at, filterForm, importForm } from "./shared.js";
import { corrections, voidedMark } from "./corrections.js";

// activityLabels name an activity's fields in its history.
const activityLabels = { tema: "Tema", type: "Tipo", name: "Nombre", held_on: "Fecha", municipios: "Municipios", actions: "Acciones",
  people_total: "Personas", women: "Mujeres", men: "Hombres", material: "Material", material_units: "Unidades de material",
  objective: "Objetivo" };

export const actividadRoutes = [{ path: "/actividades", page: actividadesPage }];

const temas = [["prevencion", "Prevención"], ["combate", "Combate"], ["sancion", "Sanción"]];

async function actividadesPage(app) {
  const [institutions, types, municipios, inst, typeNames] = await Promise.all([
    options("instituciones"), options("tipos-actividad"), options("municipios"), names("instituciones"), names("tipos-actividad")]);
  const any = hasRole("secretaria_tecnica");
  const list = h("section", { "aria-live": "polite" });
  let filter = "";
  const show = async (cursor = "") => {
    const page = await api.get(`/api/v1/actividades?limit=20${at(cursor)}${filter}`);
    clear(list, h("h2", {}, "Actividades registradas"),
      h("p", {}, `${page.total} actividades, ${page.actions} acciones, ${page.people} personas (${page.women} mujeres, ${page.men} hombres).`),
      table([["Fecha", (a) => fmtDate(a.held_on)], ["Institución", (a) => inst.get(a.institution) || a.institution], ["Tipo", (a) => typeNames.get(a.type) || a.type],
        ["Nombre", (a) => a.name], ["Acciones", (a) => a.actions], ["Personas", (a) => a.people_total], ["Estado", voidedMark],
        ["Cambios", (a) => corrections({ path: `/api/v1/actividades/${a.id}`, record: a, what: "la actividad", labels: activityLabels,
          canChange: any || a.institution === user().institution, onDone: () => show(cursor), fields: [
            { name: "tema", label: "Tema", type: "select", options: temas, value: a.tema },
            { name: "type", label: "Tipo de actividad", type: "select", required: true, options: types, value: a.type },
            { name: "name", label: "Nombre de la actividad", required: true, value: a.name },
            { name: "held_on", label: "Fecha", type: "date", required: true, value: a.held_on },
            { name: "municipios", label: "Municipios", type: "checks", options: municipios, value: a.municipios },
            { name: "all_municipios", label: "En todo el estado", type: "checkbox", value: a.all_municipios },
            { name: "actions", label: "Acciones", type: "number", min: 1, required: true, value: a.actions },
            { name: "people_total", label: "Personas alcanzadas", type: "number", min: 0, required: true, value: a.people_total },
            { name: "women", label: "Mujeres", type: "number", min: 0, value: a.women },
            { name: "men", label: "Hombres", type: "number", min: 0, value: a.men },
            { name: "material", label: "Material", value: a.material },
            { name: "material_units", label: "Unidades de material", type: "number", min: 0, value: a.material_units },
            { name: "objective", label: "Objetivo", value: a.objective },
          ] })]], page.items,
      { empty: "No hay actividades con ese filtro.", sortable: true }),
      pager(page, cursor, show));
  };
  const create = form({
    fields: [
      { name: "institution", label: "Institución", type: "select", required: true, options: any ? institutions : institutions.filter(([c]) => c === user().institution),
        value: user().institution },
      { name: "tema", label: "Tema", type: "select", options: temas },
      { name: "type", label: "Tipo de actividad", type: "select", required: true, options: types },
      { name: "name", label: "Nombre de la actividad", required: true },
      { name: "held_on", label: "Fecha", type: "date", required: true },
      { name: "municipios", label: "Municipios (Ctrl o Mayús para elegir varios)", type: "multi", options: municipios },
      { name: "all_municipios", label: "En todo el estado", type: "checkbox" },
      { name: "actions", label: "Acciones", type: "number", min: 1, required: true, value: 1 },
      { name: "people_total", label: "Personas alcanzadas", type: "number", min: 0, required: true },
      { name: "women", label: "Mujeres", type: "number", min: 0 },
      { name: "men", label: "Hombres", type: "number", min: 0 },
      { name: "material", label: "Material" },
      { name: "material_units", label: "Unidades de material", type: "number", min: 0 },
      { name: "objective", label: "Objetivo" },
    ],
    submit: "Registrar actividad",
    onSubmit: async (body, el) => {
      await api.post("/api/v1/actividades", body);
      el.reset();
      await show();
      announce(`Actividad registrada: ${body.name}.`);
    },
  });
  const [importEl, result] = importForm({
    send: (file) => api.post(`/api/v1/actividades/importacion?archivo=${encodeURIComponent(file.name)}`, file,
      { contentType: "application/octet-stream" }),
    done: async (r) => {
      await show();
      return r.already_imported ? "Este archivo ya se había importado; no se cambió nada." : `Se importaron ${r.rows} actividades.`;
    },
  });
  clear(app, h("h1", {}, "Actividades de política pública"),
    h("section", {}, h("h2", {}, "Importar desde una hoja de cálculo"),
      h("p", {}, "Descargue la plantilla, llene una fila por actividad e impórtela. Si alguna fila tiene un error no se importa ninguna."),
      h("p", {}, h("button", { type: "button", onclick: () => api.download("/api/v1/actividades/plantilla", "plantilla-actividades.xlsx") },
        "Descargar plantilla XLSX")),
      importEl, result),
    h("section", {}, h("h2", {}, "Registrar una actividad"), create),
    h("h2", {}, "Buscar actividades"),
    filterForm([
      ...(any ? [{ name: "institucion", label: "Institución", type: "select", options: institutions }] : []),
      { name: "tema", label: "Tema", type: "select", options: temas },
      { name: "tipo", label: "Tipo de actividad", type: "select", options: types },
      { name: "desde", label: "Desde", type: "date" },
      { name: "hasta", label: "Hasta", type: "date" },
      { name: "anuladas", label: "Incluir las anuladas", type: "checkbox" },
    ], async (q) => {
      filter = q;
      await show();
    }),
    list);
  await show();
}
