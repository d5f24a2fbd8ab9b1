// The catalogs of each entidad, for its administrators: its municipios,
// loaded from INEGI's catalog as a CSV file, and its institutions, to
// which another entidad may then send canalizaciones. No personal data.

import * as api from "../api.js";
import { h, clear, form, notice, table, announce } from "../dom.js";
import { user } from "../session.js";
import { covers } from "./shared.js";

const memberships = [["integrante", "Integrante de la Comisión"], ["invitado", "Invitada permanente"]];

export async function catalogsPage(app) {
  const held = user().roles.filter((r) => r.role === "admin").map((r) => r.domain);
  const entidades = (await api.catalog("entidades")).filter((e) => held.some((d) => covers(d, e.code)));
  const chosen = h("select", { id: "entidad" }, h("option", { value: "" }, "Seleccione…"),
    entidades.map((e) => h("option", { value: e.code }, e.name)));
  const section = h("div", { "aria-live": "polite" });
  chosen.addEventListener("change", () => (chosen.value ? showEntidad(section, entidades.find((e) => e.code === chosen.value)) : clear(section)));
  clear(app, h("h1", {}, "Catálogos por entidad"),
    h("p", {}, "Cargue los municipios de una entidad desde el catálogo del INEGI y agregue sus instituciones: desde entonces se registran casos en ellos, se asignan funciones en ellos y otras entidades les envían canalizaciones."),
    h("div", { class: "field" }, h("label", { for: "entidad" }, "Entidad federativa"), chosen), section);
  if (entidades.length === 1) {
    chosen.value = entidades[0].code;
    await showEntidad(section, entidades[0]);
  }
}

// showEntidad draws an entidad's municipios and institutions, each with
// the form that adds to them.
async function showEntidad(section, entidad) {
  const [municipios, institutions] = await Promise.all([api.catalog("municipios"), api.catalog("instituciones")]);
  const ofEntidad = (entries) => entries.filter((e) => e.entidad === entidad.code);
  const redraw = async (catalog, said) => {
    api.forgetCatalog(catalog);
    await showEntidad(section, entidad);
    announce(said);
  };
  clear(section,
    h("section", {}, h("h2", {}, `Municipios de ${entidad.name}`),
      table([["Clave", (m) => m.code], ["Municipio", (m) => m.name]], ofEntidad(municipios),
        { caption: `Municipios de ${entidad.name}`, empty: "Aún no hay municipios cargados de esta entidad." }),
      loadForm(entidad, (said) => redraw("municipios", said))),
    h("section", {}, h("h2", {}, `Instituciones de ${entidad.name}`),
      table([["Clave", (i) => i.code], ["Institución", (i) => i.name]], ofEntidad(institutions),
        { caption: `Instituciones de ${entidad.name}`, empty: "Aún no hay instituciones de esta entidad." }),
      h("h3", {}, "Agregar una institución"),
      form({
        fields: [
          { name: "code", label: "Clave (mayúsculas, números o guiones; por ejemplo FGE-YUC)", required: true },
          { name: "name", label: "Nombre", required: true },
          { name: "membership", label: "Participación en la Comisión", type: "select", required: true, options: memberships },
          { name: "uses_system", label: "Trabaja en SINTRA (si no, sus canalizaciones se imprimen)", type: "checkbox", value: true },
        ],
        submit: "Agregar institución",
        onSubmit: async (body) => {
          const added = await api.post("/api/v1/admin/instituciones", { ...body, entidad: entidad.code });
          await redraw("instituciones", `Institución agregada: ${added.name}.`);
        },
      })));
}

// loadForm uploads a CSV file of an entidad's municipios; every row or
// none is loaded, and each wrong row is shown.
function loadForm(entidad, onLoaded) {
  const file = h("input", { type: "file", id: "municipios-archivo", accept: ".csv", required: true });
  const result = h("div", { "aria-live": "polite" });
  const el = h("form", { class: "import" },
    h("p", {}, "Un archivo CSV con una fila de encabezado y las columnas clave (la del INEGI, de cinco dígitos o los tres del municipio) y nombre; también se leen las columnas CVE_MUN y NOM_MUN del catálogo del INEGI. Si alguna fila tiene un error no se carga ninguna; cargar el mismo archivo otra vez no cambia nada."),
    h("div", { class: "field" }, h("label", { for: "municipios-archivo" }, "Archivo CSV de municipios"), file),
    h("button", { type: "submit" }, "Cargar municipios"), result);
  el.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return clear(result, h("p", { class: "notice error", role: "alert" }, "Elija un archivo."));
    el.setAttribute("aria-busy", "true");
    try {
      const r = await api.put(`/api/v1/admin/entidades/${entidad.code}/municipios`, chosen, { contentType: "application/octet-stream" });
      await onLoaded(`Municipios de ${entidad.name}: ${r.added} agregados, ${r.renamed} renombrados, ${r.unchanged} sin cambios.`);
    } catch (err) {
      clear(result, h("div", { class: "notice error", role: "alert" }, h("p", {}, err.message),
        err.rowErrors.length ? table([["Fila", (e) => e.row], ["Columna", (e) => e.column], ["Problema", (e) => e.message]], err.rowErrors) : null));
    } finally {
      el.removeAttribute("aria-busy");
    }
  });
  return el;
}
