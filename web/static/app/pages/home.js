// The home page: what each role needs first.

import * as api from "../api.js";
import { h, clear, table, fmtDate, columns } from "../dom.js";
import { today } from "../clock.js";
import { hasRole, user } from "../session.js";
import { sexes, label } from "./shared.js";
import { word, namers, ageGroups, carpetaStatuses, sessionKinds } from "./words.js";
import { medidaTypes, riskLevels } from "./medidas.js";

export async function homePage(app) {
  const sections = [];
  const [n, avisos] = await Promise.all([namers("instituciones", "tipos-servicio", "modalidades", "municipios"), api.get("/api/v1/avisos")]);
  sections.push(avisosSection(avisos.items, n));
  if (hasRole("capturista")) {
    const [recent, inbox] = await Promise.all([
      api.get("/api/v1/victimas?limit=5"),
      api.get("/api/v1/canalizaciones?bandeja=recibidas&estado=enviada&limit=10"),
    ]);
    sections.push(h("section", {}, h("h2", {}, "Víctimas recientes"),
      table([["Folio", (v) => h("a", { href: `#/victimas/${v.id}` }, v.folio)], ["Identificada", (v) => fmtDate(v.identified_on)],
        ["Sexo", (v) => label(sexes, v.sex)], ["Edad", (v) => word(ageGroups, v.age_group)]], recent.items, { empty: "Aún no hay víctimas registradas." }),
      h("p", {}, h("a", { href: "#/victimas/registro", class: "button" }, "Registrar víctima"))));
    sections.push(h("section", {}, h("h2", {}, "Canalizaciones por aceptar"),
      table([["Folio", (c) => h("a", { href: `#/canalizaciones/${c.id}` }, c.folio || "—")], ["De", (c) => n.instituciones(c.from)],
        ["Servicio", (c) => n["tipos-servicio"](c.service_type)], ["Enviada", (c) => fmtDate(c.sent_on)]], inbox.items,
      { empty: "No hay canalizaciones pendientes." })));
  }
  if (avisos.items.some((a) => a.kind === "medidas_por_revisar")) {
    const due = await api.get("/api/v1/medidas-proteccion?limit=10");
    sections.push(h("section", { id: "medidas-por-revisar" }, h("h2", {}, "Medidas de protección por revisar"),
      table([["Víctima", (m) => h("a", { href: `#/victimas/${m.victim_id}` }, m.folio)], ["Medida", (m) => label(medidaTypes, m.type)],
        ["Riesgo", (m) => (m.risk_level ? label(riskLevels, m.risk_level) : "Sin evaluar")], ["Revisión", (m) => fmtDate(m.next_review_on)]],
      due.items),
      due.total > due.items.length ? h("p", { class: "note" }, `Se muestran las ${due.items.length} más antiguas de ${due.total}.`) : null));
  }
  if (hasRole("fiscalia")) {
    const carpetas = await api.get("/api/v1/carpetas?limit=10");
    sections.push(h("section", {}, h("h2", {}, "Carpetas de investigación"),
      table([["Número", (c) => h("a", { href: `#/carpetas/${c.id}` }, c.number)], ["Unidad", (c) => c.fiscalia_unit], ["Inicio", (c) => fmtDate(c.started_on)],
        ["Estado", (c) => word(carpetaStatuses, c.status)], ["Modalidad", (c) => n.modalidades(c.modalidad)]], carpetas.items, { empty: "Sin carpetas." }),
      h("p", {}, h("a", { href: "#/carpetas/registro", class: "button" }, "Registrar carpeta"))));
  }
  if (hasRole("grupo_trabajo")) {
    const [sessions, overdue] = await Promise.all([api.get("/api/v1/grupo-trabajo/sesiones?limit=5"), api.get("/api/v1/acuerdos?vencidos=true")]);
    const now = await today();
    const next = sessions.items.filter((s) => s.held_on >= now).at(-1);
    sections.push(h("section", {}, h("h2", {}, "Próxima sesión"),
      next ? h("p", {}, h("a", { href: `#/grupo/sesiones/${next.id}` }, `${fmtDate(next.held_on)} (sesión ${word(sessionKinds, next.kind).toLowerCase()})`))
        : h("p", { class: "empty" }, "No hay una sesión programada."),
      h("h2", {}, "Acuerdos vencidos"),
      table([["Acuerdo", (a) => a.text], ["Responsable", (a) => n.instituciones(a.responsible)], ["Vencía", (a) => fmtDate(a.due_on)]],
        overdue.items, { empty: "No hay acuerdos vencidos." })));
  }
  if (hasRole("enlace", "secretaria_tecnica")) {
    sections.push(h("section", {}, h("h2", {}, "Actividades de política pública"),
      h("p", {}, h("a", { href: "#/actividades" }, "Registrar o importar actividades"))));
  }
  if (hasRole("secretaria_tecnica", "analista")) {
    const trend = h("div", { class: "loading-inline", "aria-busy": "true" }, "Cargando la tendencia de los trimestres…");
    sections.push(h("section", {}, h("h2", {}, "Estadísticas y reportes"),
      h("p", {}, h("a", { href: "#/reportes" }, "Ver el reporte trimestral o anual de un periodo")),
      h("h2", {}, "Tendencia de los últimos trimestres"), trend));
    drawTrend(trend);
  }
  if (hasRole("admin")) sections.push(h("section", {}, h("h2", {}, "Administración"), h("p", {}, h("a", { href: "#/usuarios" }, "Usuarios y funciones"))));
  if (hasRole("auditor")) sections.push(h("section", {}, h("h2", {}, "Auditoría"), h("p", {}, h("a", { href: "#/auditoria" }, "Eventos y hallazgos"))));
  clear(app, h("h1", {}, `Bienvenida/o, ${user().display_name}`), sections);
}

const months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

// plural picks the singular or the plural wording of a count.
const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

// avisoText says what an aviso counts, and where to look.
function avisoText(a, n) {
  switch (a.kind) {
    case "canalizaciones_por_aceptar":
      return [plural(a.count, "canalización recibida espera", "canalizaciones recibidas esperan") + " que la acepte o rechace", "#/canalizaciones"];
    case "canalizaciones_recibidas_sin_respuesta":
      return [plural(a.count, "canalización recibida lleva", "canalizaciones recibidas llevan") +
        ` ${a.days} días o más sin respuesta (enviadas hasta el ${fmtDate(a.sent_on_or_before)})`, "#/canalizaciones"];
    case "canalizaciones_enviadas_sin_respuesta":
      return [plural(a.count, "canalización enviada lleva", "canalizaciones enviadas llevan") +
        ` ${a.days} días o más sin respuesta de la institución receptora`, "#/canalizaciones"];
    case "medidas_por_revisar":
      return [plural(a.count, "medida de protección tiene", "medidas de protección tienen") + " vencida la revisión del riesgo (lista abajo)", null];
    case "acuerdos_vencidos":
      return [plural(a.count, "acuerdo del Grupo de Trabajo está vencido", "acuerdos del Grupo de Trabajo están vencidos"), "#/grupo"];
    case "municipios_sin_sesion": {
      const [year, month] = a.month.split("-");
      return [`${plural(a.count, "municipio con casos en seguimiento no tuvo", "municipios con casos en seguimiento no tuvieron")} ` +
        `sesión del Grupo de Trabajo en ${months[Number(month) - 1]} de ${year}: ${a.municipios.map(n.municipios).join(", ")}`, "#/grupo"];
    }
    case "hallazgos_recientes":
      return [plural(a.count, "hallazgo de las reglas de alerta", "hallazgos de las reglas de alerta") + ` en los últimos ${a.days} días`, "#/auditoria"];
  }
  return [plural(a.count, "aviso", "avisos"), "#/"];
}

// avisosSection lists what needs the user, counted in their scope.
function avisosSection(avisos, n) {
  return h("section", { class: "avisos", "aria-labelledby": "avisos-title" }, h("h2", { id: "avisos-title" }, "Avisos"),
    avisos.length
      ? h("ul", {}, avisos.map((a) => {
        const [text, href] = avisoText(a, n);
        return h("li", { "data-aviso": a.kind }, href ? h("a", { href }, text) : text);
      }))
      : h("p", { class: "empty" }, "Nada pendiente por ahora."));
}

// The figures of the Comisión's summary followed across quarters, and
// where each is read in the report's summary table ("resumen").
const trendFigures = [
  { title: "Víctimas rescatadas", row: "rescatadas", cell: 1 },
  { title: "Acciones de combate", row: "combate", cell: 0 },
  { title: "Personas imputadas en carpetas judicializadas", row: "judicializacion", cell: 1 },
  { title: "Personas alcanzadas por la capacitación", row: "capacitacion", cell: 1 },
];

// drawTrend fills into the summary figures of the last six quarters that
// have ended, each from that quarter's report: exact for the Secretaría
// Técnica, protected for analysts, as the reports themselves.
async function drawTrend(into) {
  const now = await today();
  const quarters = (await api.get("/api/v1/periodos")).items
    .filter((p) => p.kind === "trimestral" && p.ends_on < now)
    .sort((a, b) => a.ends_on.localeCompare(b.ends_on))
    .slice(-6);
  if (!quarters.length) {
    clear(into, h("p", { class: "empty" }, "Aún no termina ningún trimestre definido."));
    into.removeAttribute("aria-busy");
    return;
  }
  let reports;
  try {
    reports = await Promise.all(quarters.map((q) => api.get(`/api/v1/reportes/trimestral?periodo=${q.id}`)));
  } catch {
    clear(into, h("p", { class: "empty" }, "No se pudo calcular la tendencia; abra los reportes de cada periodo."));
    into.removeAttribute("aria-busy");
    return;
  }
  const value = (report, figure) => {
    const row = report.tables.find((t) => t.id === "resumen")?.rows.find((r) => r.key === figure.row);
    return row ? row.cells[figure.cell] : 0;
  };
  const series = trendFigures.map((f) => ({ ...f, values: reports.map((r) => value(r, f)) }));
  clear(into,
    h("div", { class: "charts" }, series.map((s) => columns(s.title, quarters.map((q, i) => [q.name, s.values[i]])))),
    table([["Trimestre", (q) => q.name], ...series.map((s) => [s.title, (q) => String(s.values[quarters.indexOf(q)])])], quarters),
    h("p", { class: "note" }, reports[0].protection === "exacto" ? "Cifras exactas." :
      "Cifras protegidas como en los reportes: «X» es una cifra reservada."));
  into.removeAttribute("aria-busy");
}
