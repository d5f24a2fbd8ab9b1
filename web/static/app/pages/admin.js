// Administration (accounts and roles) and the auditor's view of the trail.
// Neither shows personal data of víctimas.

import * as api from "../api.js";
import { h, clear, form, notice, table, fmtTime } from "../dom.js";
import { options, pager } from "./shared.js";

export const adminRoutes = [
  { path: "/usuarios", page: usersPage },
  { path: "/auditoria", page: auditPage },
];

const roleNames = [
  ["capturista", "Capturista"], ["fiscalia", "Fiscalía"], ["grupo_trabajo", "Grupo de Trabajo"], ["enlace", "Enlace institucional"],
  ["secretaria_tecnica", "Secretaría Técnica"], ["analista", "Analista"], ["auditor", "Auditoría"], ["admin", "Administración"],
];

async function usersPage(app) {
  const [institutions, municipios] = await Promise.all([options("instituciones"), options("municipios")]);
  const domains = [["*", "Todo el estado"], ...municipios];
  const list = h("section", { "aria-live": "polite" });
  const message = h("div", { "aria-live": "assertive" });
  const show = async (offset = 0) => {
    const page = await api.get(`/api/v1/admin/usuarios?limit=50&offset=${offset}`);
    clear(list, h("h2", {}, `Cuentas (${page.total})`), table([
      ["Usuario", (u) => u.username], ["Nombre", (u) => u.display_name], ["Institución", (u) => u.institution],
      ["Funciones", (u) => u.roles.map((r) => `${r.role} (${r.domain})`).join(", ")],
      ["Estado", (u) => (u.disabled ? "Deshabilitada" : "Activa") + (u.mfa_enabled ? " · 2FA" : "")],
      ["", (u) => h("div", { class: "actions" },
        h("button", { type: "button", class: "link", onclick: async () => {
          await api.post(`/api/v1/admin/usuarios/${u.id}/${u.disabled ? "habilitar" : "deshabilitar"}`);
          await show(offset);
        } }, u.disabled ? "Habilitar" : "Deshabilitar"),
        h("button", { type: "button", class: "link", onclick: async () => {
          const r = await api.post(`/api/v1/admin/usuarios/${u.id}/restablecer-contrasena`);
          clear(message, notice(`Contraseña temporal de ${u.username}: ${r.temporary_password}. Entréguela en persona; se pedirá cambiarla.`));
        } }, "Restablecer contraseña"))],
    ], page.items), pager(page, show));
  };
  const roleForm = form({
    fields: [
      { name: "username", label: "Usuario", required: true },
      { name: "role", label: "Función", type: "select", required: true, options: roleNames },
      { name: "domain", label: "Ámbito", type: "select", required: true, options: domains },
    ],
    submit: "Asignar función",
    onSubmit: async (body) => {
      const page = await api.get("/api/v1/admin/usuarios?limit=200");
      const u = page.items.find((x) => x.username === body.username.toLowerCase());
      if (!u) throw Object.assign(new Error("No existe esa cuenta."), { errors: [{ field: "username", message: "No existe esa cuenta." }] });
      await api.post(`/api/v1/admin/usuarios/${u.id}/roles`, { role: body.role, domain: body.domain });
      await show();
    },
  });
  clear(app, h("h1", {}, "Usuarios y funciones"), message,
    h("h2", {}, "Nueva cuenta"),
    form({
      fields: [
        { name: "username", label: "Usuario", required: true },
        { name: "display_name", label: "Nombre", required: true },
        { name: "institution", label: "Institución", type: "select", required: true, options: institutions },
        { name: "role", label: "Función", type: "select", required: true, options: roleNames },
        { name: "domain", label: "Ámbito", type: "select", required: true, options: domains },
      ],
      submit: "Crear cuenta",
      onSubmit: async (body, el) => {
        const r = await api.post("/api/v1/admin/usuarios", { username: body.username, display_name: body.display_name,
          institution: body.institution, roles: [{ role: body.role, domain: body.domain }] });
        clear(message, notice(`Cuenta ${r.user.username} creada. Contraseña temporal: ${r.temporary_password}. Entréguela en persona; se pedirá cambiarla.`));
        el.reset();
        await show();
      },
    }),
    h("h2", {}, "Asignar otra función"), roleForm, list);
  await show();
}

async function auditPage(app) {
  const events = h("section", { "aria-live": "polite" });
  const show = async (before) => {
    const page = await api.get(`/api/v1/auditoria?limite=50${before ? `&antes_de=${before}` : ""}`);
    clear(events, h("h2", {}, "Eventos"), table([
      ["#", (e) => e.id], ["Fecha", (e) => fmtTime(e.occurred_at)], ["Usuario", (e) => e.username || ""], ["Institución", (e) => e.institution || ""],
      ["Acción", (e) => e.action], ["Registro", (e) => (e.record_type ? `${e.record_type} ${e.record_id || ""}` : "")],
      ["Resultado", (e) => e.outcome], ["Motivo", (e) => [e.reason_code, e.reason_text].filter(Boolean).join(": ")],
    ], page.items), page.next_before ? h("button", { type: "button", onclick: () => show(page.next_before) }, "Anteriores") : null);
  };
  const findings = await api.get("/api/v1/auditoria/hallazgos");
  clear(app, h("h1", {}, "Auditoría"),
    h("p", {}, h("button", { type: "button", onclick: () => api.download("/api/v1/auditoria/exportacion", "auditoria.csv") }, "Exportar CSV")),
    h("h2", {}, "Hallazgos"),
    table([["Detectado", (f) => fmtTime(f.detected_at)], ["Regla", (f) => f.rule], ["Usuario", (f) => f.username], ["Cantidad", (f) => f.count],
      ["Detalle", (f) => f.detail]], findings.items, { empty: "Sin hallazgos." }),
    events);
  await show();
}
