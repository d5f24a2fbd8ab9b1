// Víctimas: the list with its filters and the search, registration with
// the duplicate warning, and edition; the record itself is in victima.js.

import * as api from "../api.js";
import { h, clear, form, table, fmtDate, showErrors, focusOn } from "../dom.js";
import { today } from "../clock.js";
import { hasRole } from "../session.js";
import { go } from "../navigate.js";
import { askReason, carryReason, options, names, sexes, label, pager, at, municipiosOf, filterForm } from "./shared.js";
import { recordPage } from "./victima.js";
import { word, namers, yesNo, estadosCiviles, calidadesMigratorias, ageGroups } from "./words.js";

export const victimRoutes = [
  { path: "/victimas", page: listPage },
  { path: "/victimas/registro", page: registerPage },
  { path: "/victimas/registro/caso/:caso", page: registerPage },
  { path: "/victimas/:id", page: recordPage },
  { path: "/victimas/:id/editar", page: editPage },
];

// summaryColumns are a list's columns, naming codes with n (from namers).
const summaryColumns = (n) => [
  ["Folio", (v) => h("a", { href: `#/victimas/${v.id}` }, v.folio)],
  ["Identificada", (v) => fmtDate(v.identified_on)],
  ["Municipio", (v) => n.municipios(v.municipio)],
  ["Sexo", (v) => label(sexes, v.sex)],
  ["Grupo de edad", (v) => word(ageGroups, v.age_group)],
  ["Nacionalidad", (v) => n.nacionalidades(v.nationality)],
];

async function listPage(app) {
  const columns = summaryColumns(await namers("municipios", "nacionalidades"));
  const results = h("div", { "aria-live": "polite" });
  let filter = "";
  const show = async (cursor = "") => {
    const page = await api.get(`/api/v1/victimas?limit=20${at(cursor)}${filter}`);
    clear(results, h("h2", {}, `Víctimas (${page.total_at_least ? "más de " : ""}${page.total.toLocaleString("es-MX")})`),
      table(columns, page.items, { sortable: true, empty: "Ninguna víctima de su ámbito tiene esos datos." }), pager(page, cursor, show));
  };
  // The Grupo de Trabajo sees víctimas in the minimal view, which searches
  // by folio only and is not filtered by what it hides.
  const byFolioOnly = !hasRole("capturista");
  const municipios = await municipiosOf(byFolioOnly ? "grupo_trabajo" : "capturista");
  const filters = filterForm([
    { name: "sexo", label: "Sexo", type: "select", options: sexes },
    { name: "nacionalidad", label: "Nacionalidad", type: "select", options: await options("nacionalidades") },
    ...(municipios.length > 1 ? [{ name: "municipio", label: "Municipio", type: "select", options: municipios }] : []),
    ...(byFolioOnly ? [] : [
      { name: "menor", label: "¿Menor en los hechos?", type: "select", options: yesNo },
      { name: "identificada_desde", label: "Identificada desde", type: "date" },
      { name: "identificada_hasta", label: "Identificada hasta", type: "date" },
    ]),
  ], async (q) => {
    filter = q;
    await show();
  });
  const search = form({
    fields: [
      { name: "folio", label: "Folio (p. ej. QROO-2024-000123)" },
      ...(byFolioOnly ? [] : [
        { name: "nombre", label: "Partes del nombre o alias (3 letras o más cada una)" },
        { name: "curp", label: "CURP" },
        { name: "given_names", label: "Nombre(s)" },
        { name: "first_surname", label: "Primer apellido" },
        { name: "second_surname", label: "Segundo apellido" },
        { name: "birth_date", label: "Fecha de nacimiento", type: "date" },
      ]),
    ],
    submit: "Buscar",
    keep: true,
    onSubmit: async (body) => {
      const found = await api.post("/api/v1/victimas/busqueda", body);
      const named = found.items.some((v) => v.name) ? [["Nombre", (v) => v.name || ""], ...columns] : columns;
      clear(results, h("h2", {}, `Resultados de la búsqueda (${found.items.length})`),
        table(named, found.items, { empty: "Ninguna víctima de su ámbito coincide." }),
        h("button", { type: "button", class: "link", onclick: async () => {
          await show();
          focusOn(results.querySelector("h2"));
        } }, "Ver todas"));
    },
  });
  clear(app, h("h1", {}, "Víctimas"),
    hasRole("capturista") ? h("p", { class: "actions" }, h("a", { href: "#/victimas/registro", class: "button" }, "Registrar víctima"),
      h("a", { href: "#/victimas/importacion" }, "Importar desde hoja de cálculo")) : null,
    h("details", {}, h("summary", {}, byFolioOnly ? "Buscar por folio" : "Buscar por nombre, folio o CURP"),
      h("p", {}, byFolioOnly ? "Los términos de búsqueda no se guardan ni aparecen en la dirección de la página."
        : "Llene un solo criterio. Los términos de búsqueda no se guardan ni aparecen en la dirección de la página. " +
          "Por partes del nombre se muestran hasta 20 víctimas de su ámbito con su nombre, y la búsqueda queda en la bitácora; " +
          "por nombre completo, escriba también la fecha de nacimiento."), search),
    h("details", {}, h("summary", {}, "Filtrar la lista por datos estadísticos"), filters),
    results);
  await show();
}

async function victimFields(v = {}) {
  const a = v.attributes || {};
  const p = v.personal || {};
  const bool = (x) => (x === true ? "true" : x === false ? "false" : "");
  return [
    h("h2", {}, "Datos estadísticos"),
    { name: "attributes.identified_on", label: "Fecha de identificación", type: "date", value: a.identified_on || (await today()) },
    { name: "attributes.sex", label: "Sexo", type: "select", required: true, options: sexes, value: a.sex },
    { name: "attributes.age", label: "Edad al ser identificada", type: "number", min: 0, max: 120, value: a.age },
    { name: "attributes.nationality", label: "Nacionalidad", type: "select", options: await options("nacionalidades"), value: a.nationality },
    { name: "attributes.estado_civil", label: "Estado civil", type: "select", options: estadosCiviles, value: a.estado_civil },
    { name: "attributes.calidad_migratoria", label: "Calidad migratoria", type: "select", options: calidadesMigratorias,
      value: a.calidad_migratoria },
    { name: "attributes.indigenous_language", label: "Lengua indígena", type: "select", options: await options("lenguas-indigenas"),
      value: a.indigenous_language },
    { name: "attributes.disability", label: "¿Tiene alguna discapacidad?", type: "select", boolean: true, options: yesNo,
      value: bool(a.disability) },
    { name: "attributes.minor_at_time", label: "¿Era menor de edad en los hechos?", type: "select", boolean: true, options: yesNo,
      value: bool(a.minor_at_time) },
    { name: "attributes.denuncia_filed", label: "¿Presentó denuncia?", type: "select", boolean: true, options: yesNo,
      value: bool(a.denuncia_filed) },
    h("h2", {}, "Datos personales (se guardan cifrados)"),
    { name: "personal.given_names", label: "Nombre(s)", value: p.given_names },
    { name: "personal.first_surname", label: "Primer apellido", value: p.first_surname },
    { name: "personal.second_surname", label: "Segundo apellido", value: p.second_surname },
    { name: "personal.alias", label: "Alias", value: p.alias },
    { name: "personal.curp", label: "CURP", value: p.curp },
    { name: "personal.birth_date", label: "Fecha de nacimiento", type: "date", value: p.birth_date },
    { name: "personal.phone", label: "Teléfono", type: "tel", value: p.phone },
    { name: "personal.address", label: "Domicilio", value: p.address },
    { name: "personal.contacts", label: "Contactos (personas de confianza y cómo localizarlas)", type: "textarea", value: p.contacts },
    { name: "personal.notes", label: "Notas", type: "textarea", value: p.notes },
  ];
}

// joinCaso adds a víctima just registered to the expediente she was
// registered from, as its page would; it returns the expediente's folio.
async function joinCaso(casoID, victimID) {
  const res = await api.request("GET", `/api/v1/casos/${casoID}`, undefined, { raw: true });
  const c = await res.json();
  await api.put(`/api/v1/casos/${casoID}`, { ...c.facts, victim_ids: [victimID] }, { headers: { "If-Match": res.headers.get("ETag") } });
  return c.folio;
}

// registerPage registers a víctima; from an expediente (caso), she joins it.
async function registerPage(app, { caso } = {}) {
  const municipios = await municipiosOf("capturista");
  const from = caso ? await api.get(`/api/v1/casos/${caso}`) : null;
  const fields = [
    { name: "municipio", label: "Municipio", type: "select", required: true, options: municipios, value: municipios[0] && municipios[0][0] },
    ...(await victimFields()),
    h("h2", {}, "Consentimientos"),
    { name: "consent_data", label: "Consiente el tratamiento de sus datos", type: "checkbox" },
    { name: "consent_share", label: "Consiente compartir su registro con otras instituciones (canalizaciones)", type: "checkbox" },
    { name: "consent_on", label: "Fecha de los consentimientos", type: "date", value: await today() },
  ];
  const warning = h("div", { "aria-live": "assertive" });
  let pending = null;
  const send = async (body) => {
    const v = await api.post("/api/v1/victimas", body);
    carryReason(`victima:${v.id}`, { code: "actualizacion_registro" });
    if (!from) {
      go(`/victimas/${v.id}`, `Víctima registrada con el folio ${v.folio}.`);
      return;
    }
    // She is registered: a failure to add her is said, not thrown, so that
    // the form is not sent again.
    const joined = await joinCaso(caso, v.id).catch(() => null);
    go(`/victimas/${v.id}`, joined ? `Víctima registrada con el folio ${v.folio} y agregada al expediente ${joined}.`
      : `Víctima registrada con el folio ${v.folio}; no se pudo agregar al expediente ${from.folio}: agréguela desde el expediente por su folio.`);
  };
  const f = form({
    fields, submit: "Registrar",
    onSubmit: async (values) => {
      const givenOn = values.consent_on || (await today());
      const consents = [];
      if (values.consent_data) consents.push({ kind: "tratamiento_datos", granted: true, given_on: givenOn });
      if (values.consent_share) consents.push({ kind: "compartir_instituciones", granted: true, given_on: givenOn });
      delete values.consent_on;
      delete values.consent_data;
      delete values.consent_share;
      const body = { ...values, attributes: values.attributes || {}, personal: values.personal || {}, consents };
      try {
        await send(body);
      } catch (err) {
        if (err.status !== 409 || !err.duplicates.length) throw err;
        pending = body;
        const inst = await names("instituciones");
        clear(warning, h("div", { class: "notice warning", role: "alert" },
          h("p", {}, "Posible duplicado: ya hay un registro con la misma CURP, o el mismo nombre y fecha de nacimiento."),
          h("ul", {}, err.duplicates.map((d) => h("li", {}, d.folio ? h("a", { href: `#/victimas/${d.victim_id}` }, d.folio) : "Registro",
            ` de ${inst.get(d.institution) || d.institution}`))),
          h("button", { type: "button", onclick: async () => {
            try {
              await send({ ...pending, confirm_duplicate: true });
            } catch (e) {
              showErrors(f, e.errors.length ? e.errors : [{ field: "", message: e.message }]);
            }
          } }, "Es otra persona: registrar de todos modos")));
        warning.querySelector("button").focus();
      }
    },
  });
  clear(app, h("h1", {}, "Registrar víctima"),
    from ? h("p", {}, `Quedará agregada al expediente ${from.folio}.`) : null, warning, f);
}

async function editPage(app, { id }) {
  const reason = await askReason(app, "Editar registro");
  const res = await api.request("GET", `/api/v1/victimas/${id}`, undefined, { headers: api.reasonHeaders(reason), raw: true });
  const etag = res.headers.get("ETag");
  const view = await res.json();
  if (view.view !== "completa") throw new Error("No puede editar este registro.");
  const v = view.victim;
  clear(app, h("h1", {}, `Editar ${v.folio}`), form({
    fields: await victimFields(v),
    submit: "Guardar cambios",
    onSubmit: async (body) => {
      try {
        await api.put(`/api/v1/victimas/${id}`, { attributes: body.attributes || {}, personal: body.personal || {} }, { headers: { "If-Match": etag } });
      } catch (err) {
        if (err.status === 412) throw new Error("Otra persona cambió el registro mientras lo editaba. Vuelva a abrirlo para ver la versión actual.");
        throw err;
      }
      carryReason(`victima:${id}`, reason);
      go(`/victimas/${id}`, `Se guardaron los cambios del registro ${v.folio}.`);
    },
  }));
}
