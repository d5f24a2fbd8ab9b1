// The web application: a hash router over pages that call the JSON API.
// Routes carry ids only; names, CURP and other personal data never enter a URL.

import * as api from "./api.js";
import * as session from "./session.js";
import { go, message as carried } from "./navigate.js";
import { h, clear, notice, announce, focusOn } from "./dom.js";
import { loginPage, accountPage } from "./pages/account.js";
import { homePage } from "./pages/home.js";
import { victimRoutes } from "./pages/victimas.js";
import { importRoutes } from "./pages/importacion.js";
import { canalizacionRoutes } from "./pages/canalizaciones.js";
import { casoRoutes } from "./pages/casos.js";
import { reporteRoutes } from "./pages/reportesciudadanos.js";
import { carpetaRoutes } from "./pages/carpetas.js";
import { grupoRoutes } from "./pages/grupo.js";
import { actividadRoutes } from "./pages/actividades.js";
import { reportRoutes } from "./pages/reportes.js";
import { adminRoutes } from "./pages/admin.js";

const routes = [
  // Before the víctimas' routes, whose /victimas/:id would take it.
  ...importRoutes, ...victimRoutes, ...casoRoutes, ...reporteRoutes, ...canalizacionRoutes, ...carpetaRoutes, ...grupoRoutes,
  ...actividadRoutes, ...reportRoutes, ...adminRoutes,
  { path: "/cuenta", page: accountPage },
  { path: "/", page: homePage },
];

// menu lists each section with the roles that see it.
const menu = [
  ["/", "Inicio", null],
  ["/victimas", "Víctimas", ["capturista", "grupo_trabajo"]],
  ["/casos", "Expedientes", ["capturista", "grupo_trabajo"]],
  ["/reportes-ciudadanos", "Reportes ciudadanos", ["capturista", "fiscalia"]],
  ["/canalizaciones", "Canalizaciones", ["capturista", "fiscalia"]],
  ["/carpetas", "Carpetas", ["fiscalia"]],
  ["/grupo", "Grupo de Trabajo", ["grupo_trabajo"]],
  ["/actividades", "Actividades", ["enlace", "secretaria_tecnica"]],
  ["/reportes", "Reportes", ["secretaria_tecnica", "analista"]],
  ["/estadisticas", "Estadísticas", ["secretaria_tecnica", "analista"]],
  ["/usuarios", "Usuarios", ["admin"]],
  ["/catalogos", "Catálogos", ["admin"]],
  ["/auditoria", "Auditoría", ["auditor"]],
];

const app = document.getElementById("app");
const nav = document.getElementById("nav");

function match(path) {
  for (const r of routes) {
    const names = [];
    const re = new RegExp("^" + r.path.replace(/:(\w+)/g, (_, n) => (names.push(n), "([^/]+)")) + "$");
    const m = path.match(re);
    if (m) return { route: r, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

function drawNav() {
  const current = (location.hash.slice(1) || "/").split("/").slice(0, 2).join("/") || "/";
  const me = session.user();
  clear(nav, me ? [
    h("ul", {}, menu.filter(([, , who]) => !who || session.hasRole(...who)).map(([path, label]) =>
      h("li", {}, h("a", { href: "#" + path, "aria-current": current === path ? "page" : null }, label)))),
    h("div", { class: "who" }, h("a", { href: "#/cuenta" }, `${me.display_name} · ${me.institution}`),
      h("button", { type: "button", class: "link", onclick: logout }, "Salir")),
  ] : []);
}

async function logout() {
  await session.signOut();
  go("/");
}

// newView gives the page being drawn a place of its own in the main area,
// so that a page still loading when the person moved on draws into a place
// no longer shown, never over the page she went to.
function newView() {
  const view = h("div", { class: "view" });
  clear(app, view);
  return view;
}

// render draws the page of the address. Its heading then takes the focus,
// so that a screen reader starts reading the new page there, and what the
// action that led to it did is announced.
async function render(message) {
  const said = carried();
  announce();
  const view = await draw(message);
  if (!view || !view.isConnected) return;
  focusOn(view.querySelector("h1"));
  announce(said);
}

// draw draws the page of the address in a new view, and resolves with the
// view once the page is shown (none when a newer one took its place).
async function draw(message) {
  const path = location.hash.slice(1) || "/";
  if (!api.signedIn()) {
    session.forget();
    drawNav();
    const view = newView();
    loginPage(view, { message, onSignedIn: () => start() });
    return view;
  }
  let me;
  try {
    me = await session.load();
  } catch (err) {
    return draw(err.message);
  }
  drawNav();
  const view = newView();
  if (me.restriction) {
    await accountPage(view, { restriction: me.restriction, onDone: () => start() });
    return view;
  }
  const found = match(path);
  clear(view, h("p", { class: "loading" }, "Cargando…"));
  if (!found) return clear(view, h("h1", {}, "Página no encontrada"), h("p", {}, h("a", { href: "#/" }, "Volver al inicio")));
  try {
    await found.route.page(view, found.params);
  } catch (err) {
    // An ended session has already brought back the sign-in form.
    if (err.status === 401) return null;
    clear(view, h("h1", {}, "No se pudo mostrar la página"), notice(err.message, "error"));
  }
  return view;
}

async function start() {
  session.forget();
  await render();
}

window.addEventListener("hashchange", () => render());
window.addEventListener("sintra:redraw", () => render());
document.querySelector(".skip").addEventListener("click", (ev) => {
  ev.preventDefault();
  document.getElementById("contenido").focus();
});
window.addEventListener("sintra:expired", () => {
  session.forget();
  render("Su sesión expiró o se cerró. Inicie sesión de nuevo.");
});
start();
