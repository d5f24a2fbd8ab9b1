// Reports: choose a period, see its tables and charts, download them, and
// (the Secretaría Técnica) define periods and issue reports. Analysts get
// the suppressed view from the server.

import * as api from "../api.js";
import { h, clear, form, notice, table, bars, fmtDate, fmtTime, confirmed, announce } from "../dom.js";
import { hasRole } from "../session.js";
import { go } from "../navigate.js";
import { today } from "../clock.js";
import { label, entidadesOf, loadedEntidades, names } from "./shared.js";

const money = new Intl.NumberFormat("es-MX", { style: "currency", currency: "MXN" });

// cellText shows a figure of column i of a table: an amount of a money
// column (in centavos) in pesos, anything else as it comes.
const cellText = (t, cell, i) => ((t.money_columns || []).includes(i) && typeof cell === "number" ? money.format(cell / 100) : String(cell));

const periodKinds = [["trimestral", "Trimestral"], ["anual", "Anual"], ["mensual", "Mensual"], ["personalizado", "Otro periodo"]];

export const reportRoutes = [
  { path: "/reportes", page: periodsPage },
  { path: "/reportes/:periodo", page: reportPage },
  { path: "/estadisticas", page: statisticsPage },
];

// chosen is the entidad the reports and statistics count, as chosen on
// their pages by a person who reaches several: "" for the nation.
let chosen = null;

// entidadPicker offers, to a national role or one held in several
// entidades, the entidades to count (and the nation, to a national one),
// and calls onChange when another is chosen; for one entidad, nothing.
// entidadParam is the query parameter of the entidad chosen.
async function entidadPicker(onChange) {
  const mine = entidadesOf("secretaria_tecnica", "analista");
  const [loaded, entidades] = await Promise.all([loadedEntidades(), names("entidades")]);
  const choices = mine === null ? [["", "Nacional"], ...loaded] : mine.map((e) => [e, entidades.get(e) || e]);
  if (chosen === null || !choices.some(([c]) => c === chosen)) chosen = choices[0] ? choices[0][0] : "";
  if (choices.length < 2) return null;
  const select = h("select", { id: "entidad-reporte" }, choices.map(([code, name]) => h("option", { value: code, selected: code === chosen }, name)));
  select.addEventListener("change", () => {
    chosen = select.value;
    onChange();
  });
  return h("div", { class: "field" }, h("label", { for: "entidad-reporte" }, "Entidad"), select);
}

const entidadParam = () => (chosen ? `&entidad=${chosen}` : "");

// statisticsPage builds a table of one measure by one or two dimensions
// for a period: exact for the Secretaría Técnica, protected for analysts.
async function statisticsPage(app) {
  const [periods, measures, picker] = await Promise.all([api.get("/api/v1/periodos").then((r) => r.items),
    api.get("/api/v1/estadisticas/dimensiones").then((r) => r.items), entidadPicker(() => {})]);
  const option = (value, text) => h("option", { value }, text);
  const select = (name, text, options) => h("label", {}, text,
    h("select", { name, required: true }, option("", "Seleccione…"), options));
  const periodo = select("periodo", "Periodo", periods.map((p) => option(p.id, p.name)));
  const medida = select("medida", "Medida", measures.map((m) => option(m.code, m.name)));
  const dim1 = select("dim1", "Filas por", []);
  const dim2 = h("label", {}, "Columnas por (opcional)", h("select", { name: "dim2" }, option("", "Ninguna")));
  const control = (label) => label.querySelector("select");
  const measure = () => measures.find((m) => m.code === control(medida).value);
  control(medida).addEventListener("change", () => {
    const m = measure();
    control(dim1).replaceChildren(option("", "Seleccione…"), ...(m ? m.dimensions.map((d) => option(d.code, d.name)) : []));
    control(dim2).replaceChildren(option("", "Ninguna"));
  });
  control(dim1).addEventListener("change", () => {
    const m = measure();
    const d = m && m.dimensions.find((x) => x.code === control(dim1).value);
    control(dim2).replaceChildren(option("", "Ninguna"),
      ...(d ? m.dimensions.filter((x) => d.crosses.includes(x.code)).map((x) => option(x.code, x.name)) : []));
  });
  const out = h("section", { "aria-live": "polite" });
  const errors = h("p", { class: "form-errors", role: "alert" });
  const run = async (ev) => {
    ev.preventDefault();
    errors.textContent = "";
    const [p, m, d1, d2] = [periodo, medida, dim1, dim2].map((l) => control(l).value);
    if (!p || !m || !d1) {
      errors.textContent = "Elija el periodo, la medida y la dimensión de las filas.";
      return;
    }
    clear(out, h("p", { role: "status", class: "progress" }, "Calculando la tabla…"));
    const query = `/api/v1/estadisticas?periodo=${encodeURIComponent(p)}${entidadParam()}&medida=${m}&dim1=${d1}${d2 ? `&dim2=${d2}` : ""}`;
    try {
      const t = await api.get(query);
      const last = (t.columns || []).length - 1;
      clear(out, table([["Concepto", (r) => r.label, { hidden: true }], ...(t.columns || []).map((c, i) => [c, (r) => String(r.cells[i])])], t.rows || [],
        { caption: t.title, empty: `${t.title}: sin registros en el periodo.` }),
      t.note ? h("p", { class: "note" }, t.note) : null,
      h("p", { class: "actions" }, ["csv", "xlsx"].map((fmt) => h("button", { type: "button",
        onclick: () => api.download(`${query}&formato=${fmt}`, `estadistica.${fmt}`) }, `Descargar ${fmt.toUpperCase()}`))),
      bars(t.title, (t.rows || []).filter((r) => r.key !== "total").map((r) => [r.label, r.cells[last]])));
    } catch (err) {
      clear(out);
      errors.textContent = err.message;
    }
  };
  clear(app, h("h1", {}, "Estadísticas"),
    h("p", {}, "Elija una medida y una o dos dimensiones. La Secretaría Técnica ve cifras exactas; las demás vistas ocultan las cifras pequeñas y las que permitirían deducirlas."),
    h("form", { onsubmit: run, novalidate: true }, errors, picker, periodo, medida, dim1, dim2, h("button", { type: "submit" }, "Consultar")), out);
}

async function periodsPage(app) {
  const periods = (await api.get("/api/v1/periodos")).items;
  const parts = [h("h1", {}, "Reportes"),
    h("h2", {}, "Periodos"),
    table([["Periodo", (p) => h("a", { href: `#/reportes/${p.id}` }, p.name)], ["Tipo", (p) => label(periodKinds, p.kind)],
      ["Del", (p) => fmtDate(p.starts_on)], ["Al", (p) => fmtDate(p.ends_on)]], periods,
    { empty: "Aún no hay periodos definidos." })];
  if (hasRole("secretaria_tecnica")) {
    parts.push(h("h2", {}, "Definir un periodo"), form({
      fields: [
        { name: "name", label: "Nombre (por ejemplo, 2024 T2)", required: true },
        { name: "kind", label: "Tipo", type: "select", required: true, options: periodKinds },
        { name: "starts_on", label: "Desde", type: "date", required: true },
        { name: "ends_on", label: "Hasta", type: "date", required: true },
      ],
      submit: "Definir periodo",
      onSubmit: async (body) => {
        const p = await api.post("/api/v1/periodos", body);
        go(`/reportes/${p.id}`, `Periodo ${p.name} definido.`);
      },
    }), await htcdsSection());
  }
  clear(app, parts);
}

// htcdsSection downloads the víctimas of a year as k-anonymous microdata
// for IOM's Counter Trafficking Data Collaborative (CTDC).
async function htcdsSection() {
  const lastYear = Number((await today()).slice(0, 4)) - 1;
  return h("section", {}, h("h2", {}, "Exportación para el CTDC (HTCDS)"),
    h("p", {}, "Microdatos anonimizados para la Colaborativa de Datos contra la Trata (CTDC) de la OIM: una fila por víctima " +
      "identificada en el año, con las variables del CTDC y sin ningún dato personal. Cada fila es idéntica a por lo menos otras " +
      "k − 1 (el k de las publicaciones); lo que no lo logra se generaliza o se omite. Solo se exportan años terminados, y la " +
      "primera exportación de un año queda fija: las siguientes entregan el mismo archivo, aunque después se corrijan los registros."),
    form({
      fields: [
        { name: "anio", label: "Año", type: "number", required: true, min: 2000, max: lastYear, value: lastYear },
        { name: "formato", label: "Formato", type: "select", required: true, options: [["csv", "CSV"], ["json", "JSON"]], value: "csv" },
      ],
      submit: "Descargar exportación",
      keep: true,
      onSubmit: async ({ anio, formato }) => {
        await api.download(`/api/v1/exportaciones/htcds?anio=${anio}&formato=${formato}`, `htcds-${anio}.${formato}`);
        announce(`Exportación HTCDS de ${anio} descargada.`);
      },
    }));
}

async function reportPage(app, { periodo }) {
  const periods = (await api.get("/api/v1/periodos")).items;
  const period = periods.find((p) => p.id === periodo);
  if (!period) throw new Error("El periodo no existe.");
  const picker = await entidadPicker(() => reportPage(app, { periodo }));
  const query = `/api/v1/reportes/trimestral?periodo=${encodeURIComponent(period.id)}${entidadParam()}`;
  clear(app, h("h1", {}, `Reporte ${period.name}`), h("p", { role: "status", "aria-busy": "true", class: "progress" }, "Generando el reporte…"));
  const report = await api.get(query);
  const byMunicipio = await api.get(`/api/v1/estadisticas?periodo=${period.id}${entidadParam()}&medida=victimas&dim1=municipio`).catch(() => null);
  const resumen = (report.tables || []).find((t) => t.id === "resumen");
  const sexo = (report.tables || []).find((t) => t.id === "victimas_sexo");
  const charts = [];
  if (resumen) charts.push(bars("Personas alcanzadas por tipo de acción", (resumen.rows || []).map((r) => [r.label.split(":")[0], r.cells[1]])));
  if (sexo) charts.push(bars("Víctimas atendidas por sexo", (sexo.rows || []).filter((r) => r.key !== "total").map((r) => [r.label, r.cells.at(-1)])));
  if (byMunicipio) charts.push(bars("Víctimas atendidas por municipio", (byMunicipio.rows || []).filter((r) => r.key !== "total").map((r) => [r.label, r.cells.at(-1)])));
  const status = h("p", { role: "status" });
  const downloads = h("p", { class: "actions" }, ["xlsx", "pdf", "csv"].map((fmt) =>
    h("button", { type: "button", onclick: async () => {
      status.textContent = `Preparando ${fmt.toUpperCase()}…`;
      await api.download(`${query}&formato=${fmt}`, `reporte-${period.name.replace(/\s+/g, "-")}.${fmt}`);
      status.textContent = `${fmt.toUpperCase()} descargado.`;
    } }, `Descargar ${fmt.toUpperCase()}`)));
  const issue = hasRole("secretaria_tecnica") ? await issueSection(period) : null;
  clear(app, h("h1", {}, `Reporte ${period.name}`), picker,
    h("p", {}, `${report.title}. Del ${fmtDate(period.starts_on)} al ${fmtDate(period.ends_on)}. Generado ${fmtTime(report.generated_at)}; versión de datos ${report.data_version}.`),
    report.protection !== "exacto" ? notice(`Vista protegida: ${report.protection}.`) : null,
    downloads, status, h("div", { class: "charts" }, charts),
    (report.tables || []).map((t) => h("section", {}, table(
      [["Concepto", (r) => r.label, { hidden: true }], ...(t.columns || []).map((c, i) => [c, (r) => cellText(t, r.cells[i], i)])], t.rows || [],
      { caption: t.title, empty: `${t.title}: sin registros en el periodo.` }),
    t.note ? h("p", { class: "note" }, t.note) : null)),
    h("h2", {}, "Indicador C01A03I3"),
    h("p", {}, `Informes realizados / temas atendidos = ${report.mir.promedio}; ${report.mir.informes_realizados} de ${report.mir.informes_programados} programados (${report.mir.avance_porcentaje} %).`),
    h("h2", {}, "Notas"), h("ul", {}, (report.notes || []).map((n) => h("li", {}, n))),
    issue);
}

async function issueSection(period) {
  const box = h("section", {});
  const draw = async () => {
    const issued = (await api.get(`/api/v1/reportes/emitidos?periodo=${period.id}`)).items.filter((r) => (r.entidad || "") === chosen);
    clear(box, h("h2", {}, "Reportes emitidos"),
      h("p", {}, "Emitir congela las cifras: correcciones posteriores de los registros no cambian un reporte emitido."),
      table([["Emitido", (r) => fmtTime(r.issued_at)], ["Versión de datos", (r) => r.data_version], ["SHA-256", (r) => h("code", {}, r.sha256.slice(0, 16) + "…")],
        ["Descarga", (r) => h("button", { type: "button", class: "link", onclick: () => api.download(`/api/v1/reportes/emitidos/${r.id}?formato=pdf`, `reporte-emitido-${period.name.replace(/\s+/g, "-")}.pdf`) }, "PDF"), { hidden: true }]],
      issued, { empty: "Este periodo no tiene reportes emitidos." }),
      form({ fields: [], submit: "Emitir reporte", onSubmit: async () => {
        if (!(await confirmed(`¿Emitir el reporte ${period.name}? Sus cifras quedarán congeladas y contarán en el indicador MIR.`, "Sí, emitir"))) return;
        await api.post("/api/v1/reportes/emitidos", chosen ? { periodo: period.id, entidad: chosen } : { periodo: period.id });
        await draw();
        announce(`Reporte ${period.name} emitido: sus cifras quedaron congeladas.`);
      } }));
  };
  await draw();
  return box;
}
