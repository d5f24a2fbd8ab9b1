// Administration (accounts, roles and the requests a second administrator
// approves), and the route of the auditor's view of the trail. Neither
// shows personal data of víctimas. A temporary password given in two halves is shown to
// each administrator only as their own half.

import * as api from "../api.js";
import { h, clear, form, notice, table, fmtTime, action, focusOn } from "../dom.js";
import { user } from "../session.js";
import { options, names, label, pager, at, covers, domainNames, loadedEntidades } from "./shared.js";
import { auditPage } from "./auditoria.js";
import { catalogsPage } from "./catalogos.js";

export const adminRoutes = [
  { path: "/usuarios", page: usersPage },
  { path: "/catalogos", page: catalogsPage },
  { path: "/auditoria", page: auditPage },
];

const roleNames = [
  ["capturista", "Capturista"], ["fiscalia", "Fiscalía"], ["grupo_trabajo", "Grupo de Trabajo"], ["enlace", "Enlace institucional"],
  ["secretaria_tecnica", "Secretaría Técnica"], ["analista", "Analista"], ["auditor", "Auditoría"], ["admin", "Administración"],
  ["enlace_nacional", "Enlace con el SINTRA nacional"],
];

const kindNames = {
  crear_cuenta: "Crear cuenta", asignar_rol: "Asignar función",
  restablecer_contrasena: "Restablecer contraseña", restablecer_segundo_factor: "Restablecer segundo factor",
};

// rolesText names roles and where they are held: "Capturista (Benito Juárez)",
// "Analista (Quintana Roo)", "Administración (nacional)".
let domainLabels = new Map();
const domainText = (d) => domainLabels.get(d) || d;
const rolesText = (roles) => roles.map((r) => `${label(roleNames, r.role)} (${domainText(r.domain)})`).join(", ");

// halfNotice shows an administrator the half of a temporary password that
// is theirs to hand over, and how the person joins the two halves.
function halfNotice(lead, half, which, username, other) {
  const rest = which === "primera"
    ? `La segunda mitad se la entregará, también en persona, quien apruebe la solicitud.`
    : `La primera mitad se la entrega ${other}.`;
  return h("div", { class: "notice info", role: "status" },
    h("p", {}, lead),
    h("p", {}, `${which === "primera" ? "Primera" : "Segunda"} mitad de la contraseña temporal de ${username}: `,
      h("code", { class: "secret half" }, half)),
    h("p", {}, `Entréguela en persona. ${rest} Para entrar, ${username} escribe en «Contraseña» la primera mitad y enseguida la segunda, sin espacios; después elegirá su propia contraseña.`));
}

// requested tells the requester that a change waits for a second
// administrator, with the first half of the password it gives, if any.
function requested(message, r, what) {
  const lead = `Solicitud registrada: ${what}. Otra persona administradora debe aprobarla en esta página antes de 7 días; mientras tanto no cambia nada.`;
  clear(message, r.password_first_half
    ? halfNotice(lead, r.password_first_half, "primera", r.request.username)
    : notice(lead));
}

async function usersPage(app) {
  const [institutions, municipios, inst, entidades] = await Promise.all([options("instituciones"), options("municipios"),
    names("instituciones"), loadedEntidades()]);
  domainLabels = await domainNames();
  // The domains this administrator may grant in: the nation, the entidades
  // whose municipios are loaded, and their municipios, as far as its own
  // administration covers them.
  const held = user().roles.filter((r) => r.role === "admin").map((r) => r.domain);
  const domains = [["*", "Nacional"], ...entidades.map(([code, name]) => [code, `${name} (toda la entidad)`]), ...municipios]
    .filter(([d]) => held.some((domain) => covers(domain, d)));
  const me = user();
  const pending = h("section", { "aria-live": "polite" });
  const list = h("section", {});
  const message = h("div", { "aria-live": "assertive" });
  const refresh = async () => Promise.all([showPending(), show()]);

  const decide = (r) => {
    if (r.requested_by.id === me.id) return h("span", {}, "Espera la aprobación de otra persona administradora.");
    if (r.user_id === me.id) return h("span", {}, "Es sobre su cuenta: la decide otra persona administradora.");
    const cell = h("div", { class: "actions" });
    const refuse = () => focusOn(clear(cell, form({
      fields: [{ name: "reason", label: "Motivo del rechazo", required: true }],
      submit: "Rechazar solicitud",
      onSubmit: async (body) => {
        await api.post(`/api/v1/admin/solicitudes/${r.id}/rechazo`, body);
        clear(message, notice(`Solicitud rechazada: ${kindNames[r.kind].toLowerCase()} de ${r.username}. No se aplicó ningún cambio.`));
        await refresh();
      },
    })).querySelector("input"));
    return clear(cell,
      action("Aprobar", async () => {
        const done = await api.post(`/api/v1/admin/solicitudes/${r.id}/aprobacion`);
        const lead = `Solicitud aprobada: ${kindNames[r.kind].toLowerCase()} de ${r.username}, pedida por ${r.requested_by.username}.`;
        clear(message, done.password_second_half
          ? halfNotice(lead, done.password_second_half, "segunda", r.username, r.requested_by.username)
          : notice(lead));
        await refresh();
      }),
      h("button", { type: "button", class: "link", onclick: refuse }, "Rechazar"));
  };

  const showPending = async () => {
    const page = await api.get("/api/v1/admin/solicitudes?limit=200");
    clear(pending, h("h2", {}, `Solicitudes pendientes (${page.total})`),
      h("p", {}, "Necesitan la aprobación de una segunda persona administradora: crear una cuenta con una función que accede a datos personales o a la auditoría, o de administración; asignar una de esas funciones; y restablecer la contraseña o el segundo factor de una cuenta que la tiene."),
      table([
        ["Solicitud", (r) => kindNames[r.kind]], ["Cuenta", (r) => r.username], ["Funciones", (r) => rolesText(r.roles)],
        ["Solicitó", (r) => `${r.requested_by.username}, ${fmtTime(r.requested_at)}`], ["Vence", (r) => fmtTime(r.expires_at)],
        ["Decisión", decide, { hidden: true }],
      ], page.items, { empty: "No hay solicitudes pendientes." }));
  };

  let search = "";
  const accounts = h("div", { "aria-live": "polite" });
  // roleCell lists an account's roles, each with a button that removes it.
  const roleCell = (u, cursor) => h("ul", { class: "roles" }, u.roles.map((r) => h("li", {}, rolesText([r]), " ",
    u.id === me.id ? null : action("Quitar", async () => {
      await api.request("DELETE", `/api/v1/admin/usuarios/${u.id}/roles/${r.role}/${encodeURIComponent(r.domain)}`);
      clear(message, notice(`Se quitó a ${u.username} la función ${rolesText([r])}; cuenta desde su siguiente solicitud.`));
      await show(cursor);
    }, { class: "link" }, `¿Quitar a ${u.username} la función ${rolesText([r])}?`))));
  const show = async (cursor = "") => {
    const page = await api.get(`/api/v1/admin/usuarios?limit=50${at(cursor)}${search}`);
    clear(accounts, h("p", {}, `${page.total} cuentas${search ? " con ese texto" : ""}.`), table([
      ["Usuario", (u) => u.username], ["Nombre", (u) => u.display_name], ["Institución", (u) => inst.get(u.institution) || u.institution],
      ["Funciones", (u) => roleCell(u, cursor)],
      ["Estado", (u) => (u.disabled ? "Deshabilitada" : "Activa") + (u.mfa_enabled ? " · 2FA" : "")],
      ["Acciones", (u) => u.id === me.id ? "" : h("div", { class: "actions" },
        action(u.disabled ? "Habilitar" : "Deshabilitar", async () => {
          await api.post(`/api/v1/admin/usuarios/${u.id}/${u.disabled ? "habilitar" : "deshabilitar"}`);
          clear(message, notice(`Cuenta ${u.username} ${u.disabled ? "habilitada" : "deshabilitada"}.`));
          await show(cursor);
        }, { class: "link" }),
        action("Restablecer contraseña", async () => {
          const r = await api.post(`/api/v1/admin/usuarios/${u.id}/restablecer-contrasena`);
          if (r.request) {
            requested(message, r, `restablecer la contraseña de ${u.username}`);
            return showPending();
          }
          clear(message, notice(`Contraseña temporal de ${u.username}: ${r.temporary_password}. Entréguela en persona; se pedirá cambiarla.`));
        }, { class: "link" }),
        action("Restablecer segundo factor", async () => {
          const r = await api.post(`/api/v1/admin/usuarios/${u.id}/restablecer-segundo-factor`);
          if (r && r.request) {
            requested(message, r, `restablecer el segundo factor de ${u.username}`);
            return showPending();
          }
          clear(message, notice(`Se quitó el segundo factor de ${u.username}; lo activará de nuevo al iniciar sesión.`));
          await show(cursor);
        }, { class: "link" })), { hidden: true }],
    ], page.items, { empty: "Ninguna cuenta tiene ese texto en su usuario o nombre.", sortable: true }), pager(page, cursor, show));
  };
  const finder = form({
    fields: [{ name: "buscar", label: "Buscar por usuario o nombre" }],
    submit: "Buscar",
    keep: true,
    onSubmit: async (body) => {
      search = body.buscar ? `&buscar=${encodeURIComponent(body.buscar)}` : "";
      await show();
    },
  });
  finder.classList.add("filters");
  clear(list, h("h2", {}, "Cuentas"), finder, accounts);

  const roleForm = form({
    fields: [
      { name: "username", label: "Usuario", required: true },
      { name: "role", label: "Función", type: "select", required: true, options: roleNames },
      { name: "domain", label: "Ámbito", type: "select", required: true, options: domains },
    ],
    submit: "Asignar función",
    onSubmit: async (body) => {
      const page = await api.get(`/api/v1/admin/usuarios?limit=200&buscar=${encodeURIComponent(body.username.trim())}`);
      const u = page.items.find((x) => x.username === body.username.trim().toLowerCase());
      if (!u) throw Object.assign(new Error("No existe esa cuenta."), { errors: [{ field: "username", message: "No existe esa cuenta." }] });
      const r = await api.post(`/api/v1/admin/usuarios/${u.id}/roles`, { role: body.role, domain: body.domain });
      if (r.request) {
        const fresh = r.request.new_credentials ? "; como la cuenta no tenía funciones con acceso a datos personales, al aprobarse recibirá una contraseña temporal nueva y deberá activar de nuevo su segundo factor" : "";
        requested(message, r, `asignar ${label(roleNames, body.role)} (${domainText(body.domain)}) a ${u.username}${fresh}`);
      } else {
        clear(message, notice(`Función asignada a ${u.username}.`));
      }
      await refresh();
    },
  });
  clear(app, h("h1", {}, "Usuarios y funciones"), message, pending,
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
        if (r.request) requested(message, r, `crear la cuenta ${r.request.username}`);
        else clear(message, notice(`Cuenta ${r.user.username} creada. Contraseña temporal: ${r.temporary_password}. Entréguela en persona; se pedirá cambiarla.`));
        el.reset();
        await refresh();
      },
    }),
    h("h2", {}, "Asignar otra función"), roleForm, list);
  await refresh();
}
