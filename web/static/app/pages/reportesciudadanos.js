// Reportes ciudadanos: the calls to the hotline, denuncias en línea and
// other first contacts the caller's institution receives. A reporte is
// recorded with few required fields and no personal data; what was told
// and how to reach the person are optional and sealed. It is classified,
// then turned into an expediente or closed as canalizado or descartado.
// Addresses carry the reporte's id only.

import * as api from "../api.js";
import { h, clear, form, notice, table, facts, fmtDate, fmtTime, action, announce } from "../dom.js";
import { hasRole, user } from "../session.js";
import { go } from "../navigate.js";
import { options, pager, at, municipiosOf, filterForm, reasons } from "./shared.js";
import { word, namers } from "./words.js";

export const reporteRoutes = [
  { path: "/reportes-ciudadanos", page: listPage },
  { path: "/reportes-ciudadanos/registro", page: registerPage },
  { path: "/reportes-ciudadanos/:id", page: detailPage },
];

const channels = [
  ["linea_telefonica", "Línea telefónica"], ["denuncia_en_linea", "Denuncia en línea"], ["correo", "Correo"],
  ["presencial", "Presencial"], ["redes_sociales", "Redes sociales"], ["otro", "Otro"],
];
const reporters = [["posible_victima", "La posible víctima"], ["familiar", "Un familiar"], ["tercero", "Un tercero"], ["anonimo", "Anónimo"]];
const classifications = [["por_determinar", "Por determinar"], ["posible_trata", "Posible trata de personas"], ["no_es_trata", "No es trata"]];
const statuses = [
  ["recibido", "Recibido"], ["en_analisis", "En análisis"], ["canalizado", "Canalizado"], ["convertido_en_caso", "Convertido en caso"],
  ["descartado", "Descartado"],
];

// role is the role the person receives reportes with.
const role = () => (hasRole("capturista") ? "capturista" : "fiscalia");

async function listPage(app) {
  const n = await namers("municipios");
  const results = h("div", { "aria-live": "polite" });
  let filter = "";
  const show = async (cursor = "") => {
    const page = await api.get(`/api/v1/reportes-ciudadanos?limit=20${at(cursor)}${filter}`);
    clear(results, h("h2", {}, `Reportes (${page.total})`), table([
      ["Folio", (r) => h("a", { href: `#/reportes-ciudadanos/${r.id}` }, r.folio)], ["Recibido", (r) => fmtTime(r.received_at)],
      ["Canal", (r) => word(channels, r.channel)], ["Clasificación", (r) => word(classifications, r.classification)],
      ["Estado", (r) => word(statuses, r.status)], ["Municipio de los hechos", (r) => (r.hechos_municipio ? n.municipios(r.hechos_municipio) : "No especificado")],
    ], page.items, { empty: "No hay reportes con ese filtro.", sortable: true }), pager(page, cursor, show));
  };
  const filters = filterForm([
    { name: "mes", label: "Mes de recepción", type: "month" },
    { name: "estado", label: "Estado", type: "select", options: statuses },
    { name: "clasificacion", label: "Clasificación", type: "select", options: classifications },
  ], async (q) => {
    filter = q;
    await show();
  });
  clear(app, h("h1", {}, "Reportes ciudadanos"),
    h("p", {}, "Llamadas a la línea telefónica, denuncias en línea y demás reportes que recibe su institución."),
    h("p", {}, h("a", { href: "#/reportes-ciudadanos/registro", class: "button" }, "Registrar reporte")),
    filters, results);
  await show();
}

async function registerPage(app) {
  const [municipios, todos, modalidades] = await Promise.all([municipiosOf(role()), options("municipios"), options("modalidades")]);
  clear(app, h("h1", {}, "Registrar reporte"),
    h("p", {}, "Solo el municipio, el canal y quién reporta son obligatorios. No pida datos personales que la persona no quiera dar."),
    form({
      fields: [
        { name: "municipio", label: "Municipio de la oficina que lo recibe", type: "select", required: true, options: municipios },
        { name: "channel", label: "Canal", type: "select", required: true, options: channels },
        { name: "reporter", label: "Quién reporta", type: "select", required: true, options: reporters },
        { name: "received_at", label: "Fecha y hora de recepción (si no es ahora)", type: "datetime-local" },
        { name: "hechos_municipio", label: "Municipio de los hechos (si se sabe)", type: "select", options: todos },
        { name: "classification", label: "Clasificación", type: "select", options: classifications },
        { name: "modalidades", label: "Modalidades (solo si es posible trata)", type: "checks", options: modalidades },
        { name: "narrative", label: "Relato (opcional; dato personal, se guarda cifrado)", type: "textarea" },
        { name: "contact", label: "Datos de contacto (opcional; dato personal, se guarda cifrado)", type: "textarea" },
      ],
      submit: "Registrar reporte",
      onSubmit: async (body) => {
        // The time is written in Quintana Roo's, which is UTC−5 all year.
        if (body.received_at) body.received_at = `${body.received_at}:00-05:00`;
        const r = await api.post("/api/v1/reportes-ciudadanos", body);
        go(`/reportes-ciudadanos/${r.id}`, `Reporte ${r.folio} registrado.`);
      },
    }));
}

async function detailPage(app, { id }) {
  const res = await api.request("GET", `/api/v1/reportes-ciudadanos/${id}`, undefined, { raw: true });
  const etag = res.headers.get("ETag");
  const r = await res.json();
  const n = await namers("instituciones", "municipios", "modalidades");
  const open = !["canalizado", "convertido_en_caso", "descartado"].includes(r.status);
  const mine = r.institution === user().institution;
  // An erased reporte changes no more, but may still become an expediente.
  const editable = open && mine && !r.erased;
  const again = (said) => go(`/reportes-ciudadanos/${id}`, said);
  const stale = (err) => {
    if (err.status === 412) throw new Error("Otra persona cambió el reporte mientras lo veía. Vuelva a abrirlo para ver la versión actual.");
    throw err;
  };
  const patch = (body) => api.request("PATCH", `/api/v1/reportes-ciudadanos/${id}`, body, { headers: { "If-Match": etag } }).catch(stale);
  const [modalidades, municipios, instituciones] = editable
    ? await Promise.all([options("modalidades"), options("municipios"), options("instituciones")]) : [[], [], []];
  clear(app, h("h1", {}, `Reporte ${r.folio}`),
    r.erased ? notice("El relato, los datos de contacto y el motivo de cierre fueron suprimidos.", "warning") : null,
    facts([["Estado", word(statuses, r.status)], ["Recibido", fmtTime(r.received_at)], ["Canal", word(channels, r.channel)],
      ["Quién reporta", word(reporters, r.reporter)], ["Clasificación", word(classifications, r.classification)],
      ["Modalidades", r.modalidades.map(n.modalidades).join(", ")], ["Institución que lo recibe", n.instituciones(r.institution)],
      ["Municipio de la oficina", n.municipios(r.municipio)],
      ["Municipio de los hechos", r.hechos_municipio ? n.municipios(r.hechos_municipio) : "No especificado"],
      ["Canalizado a", r.canalizado_a ? n.instituciones(r.canalizado_a) : ""], ["Cerrado el", fmtDate(r.closed_on)],
      ["Motivo del cierre", r.closing_reason], ["Relato", r.narrative], ["Contacto", r.contact]]),
    r.caso_id ? [
      h("h2", {}, "Expediente"),
      h("p", {}, h("a", { href: `#/casos/${r.caso_id}` }, "Ver el expediente abierto con este reporte")),
      h("p", {}, "Registre a sus víctimas desde el expediente («Registrar una víctima en este expediente»); las canalizaciones se envían desde el registro de cada víctima."),
    ] : null,
    editable ? [
      h("h2", {}, "Clasificar"),
      form({
        fields: [
          { name: "classification", label: "Clasificación", type: "select", required: true, options: classifications, value: r.classification },
          { name: "modalidades", label: "Modalidades (solo si es posible trata)", type: "checks", options: modalidades, value: r.modalidades, always: true },
          { name: "hechos_municipio", label: "Municipio de los hechos", type: "select", options: municipios, value: r.hechos_municipio },
          { name: "status", label: "Estado", type: "select", required: true, options: statuses.slice(0, 2), value: r.status },
        ],
        submit: "Guardar clasificación",
        onSubmit: async (body) => {
          await patch(body);
          again("Reporte clasificado.");
        },
      }),
    ] : null,
    open && mine && r.classification === "posible_trata" && hasRole("capturista") ? [
      h("h2", {}, "Convertir en caso"),
      h("p", {}, "Abre un expediente con el municipio, las modalidades y la fecha del reporte; desde él se registran sus víctimas."),
      action("Convertir en caso", async () => {
        const done = await api.post(`/api/v1/reportes-ciudadanos/${id}/caso`, undefined, { headers: { "If-Match": etag } }).catch(stale);
        go(`/casos/${done.caso_id}`, `Se abrió el expediente con el reporte ${r.folio}. Registre aquí a sus víctimas.`);
      }, {}, "¿Abrir un expediente con este reporte? El reporte quedará cerrado."),
    ] : null,
    editable ? [
      h("h2", {}, "Cerrar el reporte"),
      form({
        fields: [
          { name: "status", label: "Cierre", type: "select", required: true,
            options: statuses.filter(([s]) => s === "canalizado" || (s === "descartado" && r.classification !== "posible_trata")) },
          { name: "canalizado_a", label: "Autoridad a la que se canaliza", type: "select", options: instituciones },
          { name: "closing_reason", label: "Motivo (sin datos personales)", type: "textarea", required: true },
        ],
        submit: "Cerrar reporte",
        onSubmit: async (body) => {
          await patch(body);
          again("Reporte cerrado.");
        },
      }),
    ] : null,
    mine && !r.erased ? erasureSection(r, () => detailPage(app, { id })) : null);
}

// erasureSection erases for good, after confirming, what the reporte tells
// and how to reach whoever told it, when a person it names asks to be
// forgotten (ARCO cancelación); the reporte keeps counting.
function erasureSection(r, again) {
  return h("section", {}, h("h2", {}, "Suprimir datos personales (cancelación ARCO)"),
    h("p", {}, "Destruye para siempre el relato, los datos de contacto y el motivo de cierre. El reporte se conserva sin ellos y sigue contando en las estadísticas."),
    form({
      fields: [
        { name: "reason_code", label: "Motivo de la supresión", type: "select", required: true, options: reasons, value: "solicitud_arco" },
        { name: "reason_text", label: "Detalle (sin datos personales)" },
      ],
      submit: "Suprimir datos personales",
      confirm: `¿Suprimir para siempre el relato y los datos de contacto del reporte ${r.folio}? No se podrán recuperar.`,
      onSubmit: async (body) => {
        await api.post(`/api/v1/reportes-ciudadanos/${r.id}/supresion`, body);
        await again();
        announce(`Se suprimieron para siempre los datos personales del reporte ${r.folio}.`);
      },
    }));
}
