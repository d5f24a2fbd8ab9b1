// The home page: what each role needs first.

import * as api from "../api.js";
import { h, clear, table, fmtDate } from "../dom.js";
import { today } from "../clock.js";
import { hasRole, user } from "../session.js";
import { sexes, label } from "./shared.js";
import { word, namers, ageGroups, carpetaStatuses, sessionKinds } from "./words.js";

export async function homePage(app) {
  const sections = [];
  const n = await namers("instituciones", "tipos-servicio", "modalidades");
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
    sections.push(h("section", {}, h("h2", {}, "Estadísticas y reportes"),
      h("p", {}, h("a", { href: "#/reportes" }, "Ver el reporte trimestral o anual de un periodo"))));
  }
  if (hasRole("admin")) sections.push(h("section", {}, h("h2", {}, "Administración"), h("p", {}, h("a", { href: "#/usuarios" }, "Usuarios y funciones"))));
  if (hasRole("auditor")) sections.push(h("section", {}, h("h2", {}, "Auditoría"), h("p", {}, h("a", { href: "#/auditoria" }, "Eventos y hallazgos"))));
  clear(app, h("h1", {}, `Bienvenida/o, ${user().display_name}`), sections);
}
