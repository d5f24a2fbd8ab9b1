// The main journey of each role, in Debian's Chromium against a demo
// server started for the run. Screenshots of each main screen are saved in
// artifacts/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { TOTP } from "otpauth";

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.env.SINTRA_BIN || join(here, "..", "..", "bin", "sintra");
const artifacts = join(here, "artifacts");
const password = "laguna-bacalar-demostracion";
// Every journey runs at 23:30 of 29 November in Cancún, already the 30th in
// UTC: the server's clock and each browser's start there, so a date taken
// from the wrong time zone shows.
const clockStart = "2026-11-30T04:30:00Z";
let spawnedAt;
// clockOffset is the server's clock minus this one, once the server answers.
let clockOffset = null;
// serverNow is the server's clock: clockStart plus the time since it started
// (asked of the server once it runs, since it starts its clock only then).
const serverNow = () => (clockOffset === null ? Date.parse(clockStart) + (Date.now() - spawnedAt) : Date.now() + clockOffset);

let server, baseURL, browser, dataDir;
// Every URL the browser asked for, to check that no personal data went in one.
const urls = [];

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "sintra-web-"));
  // As root, PostgreSQL runs as the postgres user, who must reach the folder.
  chmodSync(dataDir, 0o755);
  spawnedAt = Date.now();
  server = spawn(binary, ["serve", "--demo", "--demo-clock", clockStart, "--require-mfa=false", "--data-dir", dataDir, "--addr", "127.0.0.1:0"], {
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SINTRA_"))),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  server.stderr.on("data", (d) => (stderr += d));
  baseURL = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${stderr}`)), 90000);
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on("exit", (code) => reject(new Error(`the server exited (${code}):\n${stderr}`)));
  });
  const login = await fetch(baseURL + "/api/v1/auth/login", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "demo.capturista", password }) }).then((r) => r.json());
  const asked = Date.now();
  const fecha = await fetch(baseURL + "/api/v1/fecha", { headers: { Authorization: `Bearer ${login.access_token}` } }).then((r) => r.json());
  clockOffset = Date.parse(fecha.now) - (asked + Date.now()) / 2;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

// phone is the screen of a common phone, in CSS pixels; desk, of a common
// laptop.
const phone = { width: 390, height: 844 };
const desk = { width: 1366, height: 768 };

// openPage opens a fresh browser context on the home page, on a desk's
// screen or, given a viewport, another (a phone's, held as a phone).
async function openPage(viewport) {
  const mobile = viewport && viewport.width <= phone.width ? { isMobile: true, hasTouch: true } : {};
  const context = await browser.newContext({ acceptDownloads: true, locale: "es-MX", ...(viewport ? { viewport, ...mobile } : {}) });
  await context.clock.install({ time: serverNow() });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Answers of 4xx are part of the journeys (a refused CURP, a duplicate);
  // what counts is a script error.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
  page.on("request", (r) => urls.push(r.url()));
  page.errors = errors;
  await page.goto(baseURL + "/");
  return page;
}

// signIn opens a fresh browser context as a demo account.
async function signIn(username, viewport) {
  const page = await openPage(viewport);
  await page.getByLabel("Usuario").fill(username);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.getByRole("heading", { level: 1, name: /Bienvenida/ }).waitFor();
  return page;
}

// menu follows a link of the navigation bar.
async function menu(page, name) {
  await page.getByRole("navigation", { name: "Secciones" }).getByRole("link", { name, exact: true }).click();
}

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

async function giveReason(page, code = "seguimiento_caso") {
  await page.getByLabel("Motivo de la consulta").selectOption(code);
  await page.getByRole("button", { name: "Mostrar" }).click();
}

// pdfDocument is a minimal PDF document, made here; mark makes it differ.
const pdfDocument = (mark = "") => Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
  `2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n${mark}trailer << /Root 1 0 R >>\n%%EOF\n`);

// attach attaches a file in a page's Documentos section and waits for it
// to be said attached.
async function attach(section, { kind, description, name, buffer, mimeType = "application/pdf" }) {
  await section.getByLabel("Tipo de documento").selectOption(kind);
  await section.getByLabel("Descripción (se guarda cifrada)").fill(description || "");
  await section.getByLabel(/^Archivo/).setInputFiles({ name, mimeType, buffer });
  await section.getByRole("button", { name: "Adjuntar documento" }).click();
}

// downloadSame downloads the document of a row and checks it is the file
// attached, under its name.
async function downloadSame(page, row, name, buffer) {
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("button", { name: /^Descargar/ }).click()]);
  assert.equal(download.suggestedFilename(), name);
  assert.deepEqual(readFileSync(await download.path()), buffer);
}

const shared = {};

test("the caseworker registers a víctima, sees the duplicate warning, gives services and refers her", async () => {
  const page = await signIn("demo.capturista");
  await shot(page, "inicio-capturista");
  await page.getByRole("link", { name: "Registrar víctima" }).first().click();
  await page.getByRole("heading", { name: "Registrar víctima" }).waitFor();
  // A wrong CURP is refused next to its field, and nothing is lost.
  // Today is the server's date in Quintana Roo, not the UTC date.
  assert.equal(await page.getByLabel("Fecha de los consentimientos").inputValue(), "2026-11-29");
  assert.equal(await page.getByLabel("Fecha de identificación").inputValue(), "2026-11-29");
  await page.getByLabel("Fecha de identificación").fill("2026-09-28");
  // A required choice starts empty and is asked for before anything is sent.
  assert.equal(await page.getByLabel("Sexo").inputValue(), "");
  await page.getByRole("button", { name: "Registrar" }).click();
  await page.locator('[data-field="attributes.sex"] .field-error', { hasText: "Seleccione una opción." }).waitFor();
  await page.getByLabel("Sexo").selectOption("mujer");
  await page.getByLabel("Edad al ser identificada").fill("24");
  await page.getByLabel("Nombre(s)").fill("Lucía Fernanda");
  await page.getByLabel("Primer apellido").fill("Pat");
  await page.getByLabel("Fecha de nacimiento").fill("2000-02-14");
  await page.getByLabel("CURP").fill("XXXX");
  await page.getByLabel("Consiente compartir su registro").check();
  await page.getByRole("button", { name: "Registrar" }).click();
  const curpError = page.locator('[data-field="personal.curp"] .field-error');
  await curpError.filter({ hasText: "CURP" }).waitFor();
  assert.equal(await page.getByLabel("Nombre(s)").inputValue(), "Lucía Fernanda");
  await shot(page, "registro-victima-error");
  await page.getByLabel("CURP").fill("");
  await page.getByRole("button", { name: "Registrar" }).click();
  // Who has just registered her is not asked why she reads the record.
  const heading = await page.getByRole("heading", { level: 1, name: /Víctima QROO-/ }).textContent();
  shared.folio = heading.replace("Víctima ", "").trim();
  shared.victimURL = page.url();
  // The new page's heading takes the focus, and the page says what was done.
  await page.locator("#anuncio", { hasText: `Víctima registrada con el folio ${shared.folio}.` }).waitFor();
  assert.ok(await page.evaluate(() => document.activeElement === document.querySelector("#app h1")), "the focus is not on the heading");
  await page.getByText("Lucía Fernanda Pat").waitFor();

  await page.getByLabel("Servicio", { exact: true }).selectOption("alimentos");
  await page.getByLabel("Fecha", { exact: true }).fill("2026-10-05");
  await page.getByLabel("Cantidad (unidades)").fill("3");
  await page.getByRole("button", { name: "Registrar servicio" }).click();
  await page.getByText("Servicio registrado: Alimentos.").waitFor();
  // The focus stays where the person was, on the form's button.
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Registrar servicio");
  await page.locator("table td", { hasText: /^3$/ }).first().waitFor();
  // The form is ready for the next service.
  assert.equal(await page.getByLabel("Cantidad (unidades)").inputValue(), "1");
  assert.equal(await page.getByLabel("Servicio", { exact: true }).inputValue(), "");
  await shot(page, "victima-expediente");

  // Editing asks why again, and keeps the other fields.
  await page.getByRole("link", { name: "Editar" }).click();
  await giveReason(page, "actualizacion_registro");
  await page.getByLabel("Teléfono").fill("998 555 0101");
  await page.getByRole("button", { name: "Guardar cambios" }).click();
  // Nor asked again after saving her own changes.
  await page.getByText("998 555 0101").waitFor();
  await page.getByText("Lucía Fernanda Pat").waitFor();

  // No institution is chosen for her by default.
  assert.equal(await page.getByLabel("Institución receptora").inputValue(), "");
  await page.getByLabel("Servicio solicitado").selectOption("atencion_psicologica");
  await page.getByRole("button", { name: "Enviar canalización" }).click();
  await page.locator('[data-field="to"] .field-error', { hasText: "Seleccione una opción." }).waitFor();
  await page.getByLabel("Institución receptora").selectOption("IQM");
  await page.getByRole("button", { name: "Enviar canalización" }).click();
  await page.getByRole("heading", { name: `Canalización de ${shared.folio}` }).waitFor();

  // The same name and birth date again: the duplicate warning names the first record.
  await page.goto(baseURL + "/#/victimas/registro");
  await page.getByLabel("Sexo").selectOption("mujer");
  await page.getByLabel("Nombre(s)").fill("Lucía Fernanda");
  await page.getByLabel("Primer apellido").fill("Pat");
  await page.getByLabel("Fecha de nacimiento").fill("2000-02-14");
  await page.getByRole("button", { name: "Registrar" }).click();
  await page.getByText("Posible duplicado").waitFor();
  await page.getByRole("link", { name: shared.folio }).waitFor();
  await shot(page, "registro-duplicado");
  assert.deepEqual(page.errors, []);
});

// awaiting is how many canalizaciones the home page's avisos say wait to
// be accepted or rejected.
async function awaiting(page) {
  await menu(page, "Inicio");
  // A fresh load: the home page already on screen would answer before the
  // one being drawn.
  await page.reload();
  await page.getByRole("heading", { name: "Avisos" }).waitFor();
  const aviso = page.locator('[data-aviso="canalizaciones_por_aceptar"]');
  if (!(await aviso.count())) return 0;
  return Number((await aviso.textContent()).match(/^\d+/)[0]);
}

test("the receiving institution accepts and attends the canalización; the sender closes it", async () => {
  const iqm = await signIn("demo.iqm");
  // The home page counts the canalización the caseworker sent among those to accept.
  const before = await awaiting(iqm);
  assert.ok(before >= 1, `avisos: ${before} to accept`);
  await menu(iqm, "Canalizaciones");
  await iqm.getByRole("link", { name: shared.folio }).click();
  await giveReason(iqm, "canalizacion");
  await iqm.getByText("Lucía Fernanda Pat").waitFor();
  // Rejecting asks first; the receiver thinks better of it.
  await iqm.getByLabel("Motivo (rechazar)").fill("Sin cupo");
  await iqm.getByRole("button", { name: "Rechazar" }).click();
  await iqm.getByRole("dialog").getByText(/¿Rechazar la canalización/).waitFor();
  await iqm.getByRole("dialog").getByRole("button", { name: "Cancelar" }).click();
  await iqm.locator("dd", { hasText: "enviada" }).waitFor();
  await iqm.getByRole("button", { name: "Aceptar" }).click();
  await iqm.getByRole("button", { name: "Marcar como atendida" }).waitFor();
  assert.equal(await awaiting(iqm), before - 1);
  await menu(iqm, "Canalizaciones");
  await iqm.getByRole("link", { name: shared.folio }).click();
  await giveReason(iqm, "canalizacion");
  // Once it accepted her, the receiving institution records the services it gives.
  const given = iqm.locator("section", { has: iqm.getByRole("heading", { name: "Servicios que da su institución" }) });
  await given.getByText("Su institución aún no registra servicios para ella.").waitFor();
  assert.equal(await given.getByLabel("Fecha del servicio").inputValue(), "2026-11-29");
  await given.getByLabel("Cantidad (unidades)").fill("2");
  await given.getByRole("button", { name: "Registrar servicio" }).click();
  await given.getByText("Servicio registrado.").waitFor();
  await given.getByRole("cell", { name: "29/11/2026" }).waitFor();
  assert.equal(await given.getByLabel("Cantidad (unidades)").inputValue(), "1");
  await iqm.getByRole("button", { name: "Marcar como atendida" }).click();
  await iqm.getByRole("cell", { name: "atendida" }).first().waitFor();
  await shot(iqm, "canalizacion-receptora");

  const sender = await signIn("demo.capturista");
  await menu(sender, "Canalizaciones");
  await sender.getByRole("button", { name: "Enviadas" }).click();
  await sender.getByRole("link", { name: shared.folio }).click();
  await giveReason(sender, "canalizacion");
  // IQM works in SINTRA: the oficio is not needed, and the page says why.
  await sender.getByRole("button", { name: "Descargar oficio (PDF)" }).click();
  await sender.getByRole("alert").filter({ hasText: "La institución receptora trabaja en SINTRA" }).waitFor();
  await sender.getByRole("button", { name: "Cerrar" }).click();
  await sender.locator("dd", { hasText: "cerrada" }).waitFor();
  assert.deepEqual([...iqm.errors, ...sender.errors], []);
});

test("the Fiscalía links a carpeta to the víctima and judicializes it", async () => {
  const page = await signIn("demo.fiscalia");
  await shot(page, "inicio-fiscalia");
  await page.getByRole("link", { name: "Registrar carpeta" }).click();
  await page.getByLabel("Número de carpeta").fill("FGE/QR/BJ/0042/2026");
  await page.getByLabel("Unidad de la Fiscalía").fill("Fiscalía Especializada en Trata de Personas");
  await page.getByLabel("Fecha de inicio").fill("2026-03-02");
  await page.getByLabel("Modalidad").selectOption("explotacion_sexual");
  await page.getByLabel("Folios de las víctimas").fill(shared.folio);
  await page.getByRole("button", { name: "Registrar" }).click();
  await page.getByRole("heading", { name: "Carpeta FGE/QR/BJ/0042/2026" }).waitFor();
  await page.getByRole("cell", { name: shared.folio }).waitFor();
  await page.getByLabel("Nueva etapa").selectOption("judicializada");
  await page.getByLabel("Fecha", { exact: true }).first().fill("2026-04-10");
  await page.getByLabel("Distrito judicial (al judicializar)").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Registrar etapa" }).click();
  await page.locator("dd", { hasText: "Judicializada" }).waitFor();
  // The page is drawn again: the focus goes back to the section the person
  // was in, not to the page's body, and the status region says what was done.
  await page.getByRole("status").filter({ hasText: "Etapa registrada: judicializada." }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Avanzar etapa");
  await page.getByLabel("Sexo").selectOption("hombre");
  await page.getByRole("button", { name: "Agregar imputado" }).click();
  await page.getByRole("cell", { name: "Hombre" }).waitFor();
  const resolution = page.locator("form", { has: page.getByRole("button", { name: "Registrar resolución" }) });
  await resolution.getByLabel("Tipo").selectOption("procedimiento_abreviado");
  await resolution.getByLabel("Fecha").fill("2026-10-20");
  await resolution.getByLabel("Sentencia").fill("8 años de prisión");
  await resolution.getByRole("button", { name: "Registrar resolución" }).click();
  await page.getByRole("cell", { name: "8 años de prisión" }).waitFor();
  // The carpeta keeps the signed acta of the hearing, downloaded as the same file.
  const documents = page.locator("#documentos");
  await documents.getByText("No tiene documentos adjuntos.").waitFor();
  const acta = pdfDocument("% acta de audiencia\n");
  await attach(documents, { kind: "acta", description: "Acta de la audiencia inicial", name: "acta-audiencia.pdf", buffer: acta });
  await documents.getByText("Documento adjuntado: acta-audiencia.pdf.").waitFor();
  const actaRow = documents.getByRole("row", { name: /acta-audiencia\.pdf Acta firmada Acta de la audiencia inicial PDF/ });
  await downloadSame(page, actaRow, "acta-audiencia.pdf", acta);
  await shot(page, "carpeta");
  // The Fiscalía reads the record of the víctima of its carpeta.
  await page.getByRole("link", { name: shared.folio }).click();
  await giveReason(page, "procuracion_justicia");
  await page.getByText("Lucía Fernanda Pat").waitFor();
  // The list names each carpeta by its number.
  await menu(page, "Carpetas");
  await page.getByRole("link", { name: "FGE/QR/BJ/0042/2026" }).waitFor();
  await shot(page, "carpetas");
  // Found again by its exact number, which travels only in a request body.
  await page.getByText("Buscar por número de carpeta").click();
  await page.getByLabel("Número exacto").fill("FGE/QR/BJ/9999/2026");
  await page.getByRole("button", { name: "Buscar" }).click();
  await page.getByText("Ninguna carpeta de su ámbito tiene ese número.").waitFor();
  await page.getByLabel("Número exacto").fill("FGE/QR/BJ/0042/2026");
  await page.getByRole("button", { name: "Buscar" }).click();
  await page.getByRole("cell", { name: "Fiscalía Especializada en Trata de Personas" }).waitFor();
  await page.getByRole("link", { name: "FGE/QR/BJ/0042/2026" }).waitFor();
  assert.deepEqual(page.errors, []);
});

test("the Fiscalía follows the reparación del daño a sentence ordered: payments, the balance, a refusal, a corrected amount and a voiding", async () => {
  const page = await signIn("demo.fiscalia");
  await menu(page, "Carpetas");
  await page.getByRole("link", { name: "FGE/QR/BJ/0042/2026" }).click();
  await giveReason(page, "procuracion_justicia");
  await page.getByRole("heading", { name: "Carpeta FGE/QR/BJ/0042/2026" }).waitFor();
  const resolution = page.locator("form", { has: page.getByRole("button", { name: "Registrar resolución" }) });
  await resolution.getByLabel("Tipo").selectOption("sentencia_condenatoria");
  await resolution.getByLabel("Fecha").fill("2026-10-25");
  await resolution.getByLabel("Sentencia").fill("15 años de prisión");
  await resolution.getByLabel("Se ordenó la reparación del daño").check();
  await resolution.getByLabel("Monto de la reparación ordenada (MXN)").fill("250,000.00");
  await resolution.getByRole("button", { name: "Registrar resolución" }).click();
  const section = page.getByRole("region", { name: "Reparación del daño" });
  await section.getByRole("heading", { name: /sentencia condenatoria del 25\/10\/2026/ }).waitFor();
  const payment = section.locator("form", { has: page.getByRole("button", { name: "Registrar pago" }) });
  await payment.getByLabel("Fecha del pago").fill("2026-11-02");
  await payment.getByLabel("Monto pagado (MXN)").fill("100000.50");
  await payment.getByLabel("Quién pagó").selectOption("fondo_ceaveqroo");
  await payment.getByLabel("Víctima que lo recibió").selectOption({ index: 1 });
  await payment.getByRole("button", { name: "Registrar pago" }).click();
  await page.getByRole("status").filter({ hasText: "Pago de $100,000.50 registrado." }).waitFor();
  await section.locator('dt:text-is("Saldo pendiente") + dd', { hasText: "$149,999.50" }).waitFor();
  // A payment beyond the balance is refused, in words, until the amount ordered is corrected.
  const again = page.getByRole("region", { name: "Reparación del daño" }).locator("form", { has: page.getByRole("button", { name: "Registrar pago" }) });
  await again.getByLabel("Fecha del pago").fill("2026-11-03");
  await again.getByLabel("Monto pagado (MXN)").fill("150000");
  await again.getByLabel("Quién pagó").selectOption("persona_sentenciada");
  await again.getByRole("button", { name: "Registrar pago" }).click();
  await again.getByText(/El pago excede el saldo pendiente/).waitFor();
  await shot(page, "carpeta-reparacion");
  // The amount ordered is corrected, with a reason, and the balance follows.
  await section.getByRole("button", { name: "Corregir monto ordenado" }).click();
  await section.getByLabel("Monto ordenado (MXN)").fill("300000");
  await section.getByLabel("Motivo", { exact: true }).selectOption("informacion_nueva");
  await section.getByRole("button", { name: "Guardar monto" }).click();
  await page.getByRole("status").filter({ hasText: "Monto ordenado: $300,000.00." }).waitFor();
  await section.locator('dt:text-is("Saldo pendiente") + dd', { hasText: "$199,999.50" }).waitFor();
  // A payment recorded by mistake is voided with a reason and stops counting.
  await section.getByRole("button", { name: "Anular pago" }).click();
  await section.getByLabel("Motivo", { exact: true }).selectOption("error_captura");
  await section.getByRole("button", { name: "Confirmar anulación" }).click();
  await page.getByRole("button", { name: "Sí, continuar" }).click();
  await page.getByRole("status").filter({ hasText: "Se anuló el pago de $100,000.50." }).waitFor();
  await section.getByRole("cell", { name: "Anulado" }).waitFor();
  await section.locator('dt:text-is("Saldo pendiente") + dd', { hasText: "$300,000.00" }).waitFor();
  assert.deepEqual(page.errors, []);
});

test("the Grupo de Trabajo holds a session with an acuerdo", async () => {
  const page = await signIn("demo.grupo");
  // The demo's Benito Juárez has casos in follow-up and held no session in October.
  await page.locator('[data-aviso="municipios_sin_sesion"]').getByText(/en octubre de 2026: Benito Juárez$/).waitFor();
  await menu(page, "Grupo de Trabajo");
  await page.getByLabel("Fecha").fill("2026-11-20");
  await page.getByLabel("Tipo").selectOption("ordinaria");
  // Attendance is ticked, one institution after another.
  await page.getByLabel("Instituto Quintanarroense de la Mujer").check();
  await page.getByLabel("Fiscalía General del Estado").check();
  await page.getByLabel(/^Minuta/).fill("Se revisaron los casos abiertos.");
  await page.getByRole("button", { name: "Registrar sesión" }).click();
  await page.getByRole("heading", { name: /Sesión del/ }).waitFor();
  await page.getByText("Asisten: Fiscalía General del Estado, Instituto Quintanarroense de la Mujer.").waitFor();
  await page.getByText("Municipio Benito Juárez; sesión ordinaria.").waitFor();
  // What changed in each open caso since the previous session.
  await page.getByRole("heading", { name: /^Qué cambió/ }).waitFor();
  const agenda = page.locator("table", { has: page.getByRole("columnheader", { name: "Cambios" }) });
  assert.ok((await agenda.getByRole("row").count()) > 1);
  assert.equal(await page.getByLabel("Minuta de la sesión").inputValue(), "Se revisaron los casos abiertos.");
  await page.getByLabel("Minuta de la sesión").fill("Se revisaron los casos abiertos y se acordó dar seguimiento.");
  await page.getByRole("button", { name: "Guardar minuta" }).click();
  await page.waitForFunction(() => !document.querySelector("form[aria-busy]"));
  await page.reload();
  await giveReason(page, "revision_grupo_trabajo");
  assert.equal(await page.getByLabel("Minuta de la sesión").inputValue(), "Se revisaron los casos abiertos y se acordó dar seguimiento.");
  await page.getByLabel("Acuerdo", { exact: true }).fill("Dar seguimiento a la atención psicológica");
  await page.getByLabel("Institución responsable").selectOption("IQM");
  await page.getByLabel("Fecha límite").fill("2026-12-15");
  await page.getByRole("button", { name: "Agregar acuerdo" }).click();
  await page.getByRole("cell", { name: "Dar seguimiento a la atención psicológica" }).waitFor();
  // A case review shows the caso's víctimas in the minimal view only.
  await page.getByLabel("Caso a revisar").selectOption({ index: 1 });
  await page.getByLabel("Resumen de la revisión").fill("Se revisaron avances de la atención.");
  await page.getByRole("button", { name: "Registrar revisión" }).click();
  await page.getByRole("heading", { level: 3, name: /Caso EXP-QROO-/ }).waitFor();
  assert.equal(await page.getByText(/Persona Demo/).count(), 0);
  // The session keeps its signed list of attendance, downloaded as the same file.
  const documents = page.locator("#documentos");
  const list = pdfDocument("% lista de asistencia\n");
  await attach(documents, { kind: "acta", description: "Lista de asistencia firmada", name: "lista-asistencia.pdf", buffer: list });
  await documents.getByText("Documento adjuntado: lista-asistencia.pdf.").waitFor();
  await downloadSame(page, documents.getByRole("row", { name: /lista-asistencia\.pdf Acta firmada Lista de asistencia firmada PDF/ }),
    "lista-asistencia.pdf", list);
  await shot(page, "sesion-grupo");
  // The minimal view searches víctimas by folio only.
  await menu(page, "Víctimas");
  await page.getByText("Buscar por folio", { exact: true }).click();
  assert.equal(await page.getByLabel("CURP").count(), 0);
  await page.getByLabel("Folio (p. ej. QROO-2024-000123)").fill(shared.folio);
  await page.getByRole("button", { name: "Buscar" }).click();
  await page.getByRole("heading", { name: "Resultados de la búsqueda (1)" }).waitFor();
  await page.getByRole("link", { name: shared.folio }).waitFor();
  assert.deepEqual(page.errors, []);
});

test("the caseworker records a call to the hotline without personal data, turns it into an expediente with a víctima she refers, and closes a call of no trata", async () => {
  const page = await signIn("demo.capturista");
  await menu(page, "Reportes ciudadanos");
  await page.getByRole("heading", { level: 1, name: "Reportes ciudadanos" }).waitFor();
  await page.getByRole("link", { name: "Registrar reporte" }).click();
  await page.getByRole("heading", { level: 1, name: "Registrar reporte" }).waitFor();
  // Few fields are required, and the form names them.
  await page.getByRole("button", { name: "Registrar reporte" }).click();
  await page.locator(".field-error", { hasText: "Seleccione una opción." }).first().waitFor();
  await page.getByLabel("Municipio de la oficina que lo recibe").selectOption("23005");
  await page.getByLabel("Canal", { exact: true }).selectOption("linea_telefonica");
  await page.getByLabel("Quién reporta").selectOption("anonimo");
  await page.getByLabel(/^Relato/).fill("Marisol dice que a su prima no la dejan salir del hotel");
  await page.getByLabel(/^Datos de contacto/).fill("998 000 1122");
  await page.getByRole("button", { name: "Registrar reporte" }).click();
  await page.getByRole("heading", { level: 1, name: /^Reporte REP-QROO-2026-/ }).waitFor();
  shared.reporteURL = page.url();
  await page.getByText("Por determinar", { exact: true }).first().waitFor();
  await page.getByText("Marisol dice que a su prima no la dejan salir del hotel").waitFor();
  // Classified as posible trata, with its modalidad and where it happened.
  await page.getByLabel("Clasificación", { exact: true }).selectOption("posible_trata");
  await page.getByLabel("Prostitución ajena u otras formas de explotación sexual").check();
  await page.getByLabel("Municipio de los hechos").selectOption("23005");
  await page.getByLabel("Estado", { exact: true }).selectOption("en_analisis");
  await page.getByRole("button", { name: "Guardar clasificación" }).click();
  await page.getByRole("heading", { name: "Convertir en caso" }).waitFor();
  const reporteFolio = (await page.getByRole("heading", { level: 1 }).textContent()).replace("Reporte ", "").trim();
  await page.getByRole("button", { name: "Convertir en caso" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sí, continuar" }).click();
  // She lands on the new expediente, which names the reporte it came from.
  const expediente = page.getByRole("heading", { level: 1, name: /^Expediente EXP-QROO-/ });
  await expediente.waitFor();
  const casoFolio = (await expediente.textContent()).replace("Expediente ", "").trim();
  const casoURL = page.url();
  await page.locator("#anuncio", { hasText: `Se abrió el expediente con el reporte ${reporteFolio}.` }).waitFor();
  await page.getByText("Abierto con el reporte ciudadano").getByRole("link", { name: reporteFolio }).waitFor();
  // The expediente carries the municipio, the modalidad and the day of the
  // call in Cancún (the 29th, already the 30th in UTC).
  const fact = (name) => page.locator("dt", { hasText: name }).locator("xpath=following-sibling::dd[1]").textContent();
  assert.equal((await fact("Modalidades")).trim(), "Prostitución ajena u otras formas de explotación sexual");
  assert.equal((await fact("Fecha de la denuncia")).trim(), "29/11/2026");
  await page.getByText("Sin víctimas.").waitFor();
  // The woman the call was about is registered from the expediente, and
  // joins it.
  await page.getByRole("link", { name: "Registrar una víctima en este expediente" }).click();
  await page.getByRole("heading", { level: 1, name: "Registrar víctima" }).waitFor();
  await page.getByText(`Quedará agregada al expediente ${casoFolio}.`).waitFor();
  await page.getByLabel("Sexo").selectOption("mujer");
  await page.getByLabel("Edad al ser identificada").fill("19");
  await page.getByLabel("Nombre(s)").fill("Prima Reportada");
  await page.getByLabel("Primer apellido").fill("Hotel");
  await page.getByLabel("Consiente compartir su registro").check();
  await page.getByRole("button", { name: "Registrar" }).click();
  const victimHeading = await page.getByRole("heading", { level: 1, name: /^Víctima QROO-/ }).textContent();
  const victimFolio = victimHeading.replace("Víctima ", "").trim();
  await page.locator("#anuncio", { hasText: `Víctima registrada con el folio ${victimFolio} y agregada al expediente ${casoFolio}.` }).waitFor();
  await page.getByRole("link", { name: casoFolio, exact: true }).waitFor();
  // From her record she is referred, as any víctima.
  await page.getByLabel("Institución receptora").selectOption("SESA");
  await page.getByLabel("Servicio solicitado").selectOption("atencion_medica");
  await page.getByRole("button", { name: "Enviar canalización" }).click();
  await page.getByRole("heading", { name: `Canalización de ${victimFolio}` }).waitFor();
  await page.getByText("Secretaría de Salud").first().waitFor();
  // The expediente lists her; the reporte leads to the expediente.
  await page.goto(casoURL);
  await expediente.waitFor();
  await page.getByRole("link", { name: victimFolio, exact: true }).waitFor();
  await page.getByText("Abierto con el reporte ciudadano").getByRole("link", { name: reporteFolio }).click();
  await page.getByRole("heading", { level: 1, name: `Reporte ${reporteFolio}` }).waitFor();
  await page.getByText("Convertido en caso", { exact: true }).waitFor();
  await page.getByRole("link", { name: "Ver el expediente abierto con este reporte" }).waitFor();
  await shot(page, "reporte-ciudadano");
  // Marisol asks to be forgotten: what she told and her number go for good;
  // the reporte stays, and keeps counting.
  await page.getByText("Marisol dice que a su prima no la dejan salir del hotel").waitFor();
  await page.getByRole("button", { name: "Suprimir datos personales" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sí, continuar" }).click();
  await page.getByText("El relato, los datos de contacto y el motivo de cierre fueron suprimidos.").waitFor();
  assert.equal(await page.getByText("Marisol").count(), 0);
  assert.equal(await page.getByText("998 000 1122").count(), 0);
  assert.equal(await page.getByRole("button", { name: "Suprimir datos personales" }).count(), 0);
  await page.getByText("Convertido en caso", { exact: true }).waitFor();
  // A call of no trata is closed as descartado, with a reason.
  await menu(page, "Reportes ciudadanos");
  await page.getByRole("link", { name: "Registrar reporte" }).click();
  await page.getByLabel("Municipio de la oficina que lo recibe").selectOption("23005");
  await page.getByLabel("Canal", { exact: true }).selectOption("redes_sociales");
  await page.getByLabel("Quién reporta").selectOption("tercero");
  await page.getByLabel("Clasificación").selectOption("no_es_trata");
  await page.getByRole("button", { name: "Registrar reporte" }).click();
  await page.getByRole("heading", { level: 1, name: /^Reporte REP-QROO-2026-/ }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Convertir en caso" }).count(), 0);
  await page.getByLabel("Cierre").selectOption("descartado");
  await page.getByLabel("Motivo (sin datos personales)").fill("Se trata de un conflicto vecinal, no de trata.");
  await page.getByRole("button", { name: "Cerrar reporte" }).click();
  await page.getByText("Se trata de un conflicto vecinal, no de trata.").waitFor();
  await page.getByText("Descartado", { exact: true }).waitFor();
  // The list, filtered by status, shows it without personal data.
  await menu(page, "Reportes ciudadanos");
  await page.getByLabel("Estado").selectOption("descartado");
  await page.getByRole("button", { name: "Filtrar" }).click();
  await page.getByRole("heading", { name: /^Reportes \(\d+\)/ }).waitFor();
  assert.ok((await page.locator("#app tbody tr").count()) >= 1);
  assert.equal(await page.getByText("Marisol").count(), 0);
  assert.deepEqual(page.errors, []);
});

test("the caseworker completes a record: her situation, consent, an expediente with its status, the history and the erasure", async () => {
  const page = await signIn("demo.capturista");
  await page.getByRole("link", { name: "Registrar víctima" }).first().click();
  await page.getByLabel("Sexo").selectOption("mujer");
  await page.getByLabel("Nacionalidad").selectOption("HN");
  await page.getByLabel("Estado civil").selectOption("soltera");
  await page.getByLabel("Calidad migratoria").selectOption("irregular");
  await page.getByLabel("¿Tiene alguna discapacidad?").selectOption("false");
  await page.getByLabel("Nombre(s)").fill("Marisol");
  await page.getByLabel("Primer apellido").fill("Ek");
  await page.getByLabel("Contactos").fill("Hermana, 998 000 1111");
  await page.getByRole("button", { name: "Registrar" }).click();
  const folio = (await page.getByRole("heading", { level: 1, name: /Víctima QROO-/ }).textContent()).replace("Víctima ", "").trim();
  const facts = page.locator("dl").nth(1);
  for (const shown of ["Honduras", "Soltera/o", "Extranjera en situación irregular", "Benito Juárez"]) {
    await facts.getByText(shown, { exact: true }).waitFor();
  }
  await page.getByText("Hermana, 998 000 1111").waitFor();

  // Without her consent to share, the refusal leads to the consent form.
  await page.getByLabel("Institución receptora").selectOption("DIF");
  await page.getByLabel("Servicio solicitado").selectOption("trabajo_social");
  await page.getByRole("button", { name: "Enviar canalización" }).click();
  await page.getByText(/no ha dado su consentimiento/).waitFor();
  await page.getByRole("link", { name: "Registre el consentimiento de la víctima" }).click();
  const consent = page.locator("#consentimientos");
  assert.equal(await consent.getByLabel("Consentimiento", { exact: true }).evaluate((el) => el === document.activeElement), true);
  await consent.getByLabel("Consentimiento", { exact: true }).selectOption("compartir_instituciones");
  await consent.getByLabel("¿Lo otorga?").selectOption("true");
  await consent.getByLabel("Fecha en que lo expresó").fill("2026-11-29");
  await consent.getByRole("button", { name: "Registrar consentimiento" }).click();
  await consent.getByRole("cell", { name: /Compartir su registro/ }).waitFor();
  await page.getByLabel("Institución receptora").selectOption("DIF");
  await page.getByLabel("Servicio solicitado").selectOption("trabajo_social");
  await page.getByRole("button", { name: "Enviar canalización" }).click();
  await page.getByRole("heading", { name: `Canalización de ${folio}` }).waitFor();

  // An expediente opened from her record, with its facts named, not coded.
  await page.goBack();
  await giveReason(page, "seguimiento_caso");
  await page.getByRole("link", { name: "Abrir un expediente con esta víctima" }).click();
  await page.getByLabel("Fecha de los hechos").fill("2026-08-01");
  await page.getByRole("button", { name: "Abrir expediente" }).click();
  await page.locator('[data-field="modalidades"] .field-error', { hasText: "Seleccione una opción." }).waitFor();
  await page.getByLabel("Trabajos o servicios forzados").check();
  await page.getByLabel("Forma de enganche").selectOption({ index: 1 });
  await page.getByLabel("Medio de transporte").selectOption({ index: 1 });
  const origin = page.locator("form");
  await origin.getByLabel("País").first().selectOption("HN");
  await origin.getByLabel("País").nth(1).selectOption("MX");
  await origin.getByLabel("Entidad federativa (en México)").nth(1).selectOption("23");
  await origin.getByLabel("Municipio (en Quintana Roo)").nth(1).selectOption("23008");
  await page.getByRole("button", { name: "Abrir expediente" }).click();
  await page.getByRole("heading", { name: /Expediente EXP-QROO-/ }).waitFor();
  await page.getByText("México, Quintana Roo, Solidaridad").waitFor();
  await page.locator("dd", { hasText: "Trabajos o servicios forzados" }).waitFor();
  await page.getByRole("cell", { name: folio }).waitFor();
  await page.getByLabel("Nuevo estado").selectOption("concluido");
  await page.getByRole("button", { name: "Cambiar estado" }).click();
  await page.getByText("Explique por qué se concluye o se reabre el expediente.").waitFor();
  await page.getByLabel(/^Motivo/).fill("Se concluyó la atención");
  await page.getByRole("button", { name: "Cambiar estado" }).click();
  await page.getByRole("cell", { name: "Se concluyó la atención" }).waitFor();
  await page.locator("dd", { hasText: "Concluido" }).waitFor();
  // The expediente keeps the denuncia; its name shows, and it downloads,
  // once a reason is stated.
  const documents = page.locator("#documentos");
  const denuncia = pdfDocument("% denuncia\n");
  await attach(documents, { kind: "evidencia", description: "Copia de la denuncia", name: "denuncia.pdf", buffer: denuncia });
  await documents.getByText("Documento adjuntado: denuncia.pdf.").waitFor();
  assert.equal(await documents.getByRole("row", { name: /denuncia\.pdf/ }).count(), 0);
  assert.equal(await documents.getByRole("button", { name: /^Descargar/ }).count(), 0);
  await documents.getByLabel("Motivo de la consulta de los documentos").selectOption("seguimiento_caso");
  await documents.getByRole("button", { name: "Mostrar documentos" }).click();
  await downloadSame(page, documents.getByRole("row", { name: /denuncia\.pdf Evidencia Copia de la denuncia PDF/ }), "denuncia.pdf", denuncia);
  await shot(page, "expediente");

  // Her history shows what changed, and the erasure asks first.
  await page.getByRole("link", { name: folio }).click();
  await giveReason(page, "actualizacion_registro");
  await page.getByRole("link", { name: "Editar datos" }).click();
  await giveReason(page, "actualizacion_registro");
  await page.getByLabel("Estado civil").selectOption("union_libre");
  await page.getByRole("button", { name: "Guardar cambios" }).click();
  await page.locator("dd", { hasText: "Unión libre" }).waitFor();
  await page.getByRole("button", { name: "Ver historial de cambios" }).click();
  await page.getByRole("row", { name: /Estado civil soltera/ }).waitFor();
  await shot(page, "victima-completa");
  await page.getByRole("button", { name: "Suprimir datos personales" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancelar" }).click();
  await page.getByText("Marisol Ek").waitFor();
  await page.getByRole("button", { name: "Suprimir datos personales" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sí, continuar" }).click();
  await page.getByText("Sus datos personales fueron suprimidos.").waitFor();
  assert.equal(await page.getByText("Marisol").count(), 0);
  await menu(page, "Expedientes");
  await page.getByRole("cell", { name: "Concluido" }).first().waitFor();
  // The víctimas are filtered by what is kept in clear, and sorted.
  await menu(page, "Víctimas");
  await page.getByText("Filtrar la lista por datos estadísticos").click();
  const everyone = await page.getByRole("heading", { name: /^Víctimas \(/ }).textContent();
  await page.locator("form.filters").getByLabel("Nacionalidad").selectOption("HN");
  await page.locator("form.filters").getByRole("button", { name: "Filtrar" }).click();
  await page.getByRole("heading", { name: /^Víctimas \(/ }).filter({ hasNotText: everyone }).waitFor();
  await page.getByRole("link", { name: folio }).waitFor();
  const nationalities = await page.locator("tbody tr td:nth-child(6)").allTextContents();
  assert.ok(nationalities.every((n) => n === "Honduras"), nationalities.join());
  const onlyHN = await page.getByRole("heading", { name: /^Víctimas \(/ }).textContent();
  await page.locator("form.filters").getByLabel("Nacionalidad").selectOption("");
  await page.locator("form.filters").getByRole("button", { name: "Filtrar" }).click();
  await page.getByRole("heading", { name: /^Víctimas \(/ }).filter({ hasNotText: onlyHN }).waitFor();
  await page.getByRole("button", { name: "Folio" }).click();
  await page.getByRole("button", { name: "Folio" }).click();
  const folios = await page.locator("tbody tr td:first-child").allTextContents();
  assert.deepEqual(folios, [...folios].sort().reverse());
  // She is found by parts of her name, which the results name.
  await page.getByText("Buscar por nombre, folio o CURP").click();
  await page.getByLabel(/Partes del nombre/).fill("fern pat");
  await page.getByRole("button", { name: "Buscar" }).click();
  await page.getByRole("row", { name: new RegExp(`Lucía Fernanda Pat ${shared.folio}`) }).waitFor();
  await page.getByLabel(/Partes del nombre/).fill("pa");
  await page.getByRole("button", { name: "Buscar" }).click();
  await page.getByText("Escriba al menos 3 letras").waitFor();
  assert.deepEqual(page.errors, []);
});

test("the caseworker asks for a medida de protección, assesses the risk, grants it and reviews it; the Fiscalía reads it", async () => {
  const page = await signIn("demo.capturista");
  await page.goto(shared.victimURL);
  await giveReason(page, "seguimiento_caso");
  const section = page.locator("#medidas-proteccion");
  await section.getByText("No tiene medidas de protección registradas.").waitFor();
  await section.getByLabel("Medida", { exact: true }).selectOption("escolta_vigilancia");
  await section.getByLabel("Protege a").selectOption("ambas");
  await section.getByLabel("Institución que la solicita").selectOption("FGE");
  assert.equal(await section.getByLabel("Fecha de solicitud").inputValue(), "2026-11-29");
  await section.getByLabel("Observaciones (se guardan cifradas)").fill("Recibe amenazas del tratante");
  await section.getByLabel("Familiares protegidos (se guarda cifrado)").fill("Su madre y su hermano");
  await section.getByRole("button", { name: "Registrar medida" }).click();
  await section.getByRole("heading", { name: "Escolta o vigilancia policial (29/11/2026)" }).waitFor();
  await section.getByText("Recibe amenazas del tratante").waitFor();
  // The history says when, in Quintana Roo's time: 23:30 of the 29th, not the 30th in UTC.
  const history = section.getByRole("table", { name: "Cambios de estado de la medida" });
  const requested = history.getByRole("row", { name: /29\/11\/2026 Solicitada/ });
  await requested.waitFor();
  assert.match(await requested.textContent(), /29\/11\/2026,?\s11:\d\d\sp/);

  // The risk, with a review date that must come after the assessment.
  await section.getByLabel("Nivel de riesgo").selectOption("alto");
  await section.getByLabel("Próxima revisión").fill("2026-11-29");
  await section.getByRole("button", { name: "Registrar evaluación" }).click();
  await section.getByText("La próxima revisión debe ser posterior a la fecha de la evaluación.").waitFor();
  await section.getByLabel("Próxima revisión").fill("2026-12-29");
  await section.getByLabel("Notas (se guardan cifradas)").fill("El tratante conoce su domicilio");
  await section.getByRole("button", { name: "Registrar evaluación" }).click();
  await section.getByRole("cell", { name: "El tratante conoce su domicilio" }).waitFor();
  await section.getByRole("row", { name: /Escolta o vigilancia policial .* Alto 29\/12\/2026/ }).waitFor();

  // Granted: not before it was asked for, and by whom.
  await section.getByLabel("Nuevo estado").selectOption("otorgada");
  await section.getByLabel("Autoridad que otorga o niega").selectOption("juez");
  await section.getByLabel("Fecha de otorgamiento").fill("2026-11-01");
  await section.getByRole("button", { name: "Cambiar estado" }).click();
  await section.getByText("La medida no puede otorgarse antes de solicitarse (29/11/2026).").waitFor();
  await section.getByLabel("Fecha de otorgamiento").fill("2026-11-29");
  await section.getByRole("button", { name: "Cambiar estado" }).click();
  await history.getByRole("row", { name: /29\/11\/2026 Otorgada/ }).waitFor();
  await section.locator("dd", { hasText: "Juez" }).waitFor();
  await shot(page, "medida-proteccion");
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // On a phone, the section fits.
  const small = await signIn("demo.capturista", phone);
  await small.goto(shared.victimURL);
  await giveReason(small, "seguimiento_caso");
  await small.locator("#medidas-proteccion").getByRole("button", { name: /^Ver detalle/ }).first().click();
  await small.locator("#medidas-proteccion").getByRole("heading", { name: /Escolta o vigilancia policial/ }).waitFor();
  assert.equal(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
  await shot(small, "medida-proteccion-telefono");
  assert.deepEqual(small.errors, []);
  await small.context().close();

  // The Fiscalía, with a carpeta she is in, reads it and changes nothing.
  const fiscalia = await signIn("demo.fiscalia");
  await fiscalia.goto(shared.victimURL);
  await giveReason(fiscalia, "procuracion_justicia");
  const seen = fiscalia.locator("#medidas-proteccion");
  await seen.getByRole("button", { name: /^Ver detalle/ }).first().click();
  await seen.getByText("Recibe amenazas del tratante").waitFor();
  assert.equal(await seen.getByRole("button", { name: "Registrar medida" }).count(), 0);
  assert.equal(await seen.getByRole("button", { name: "Cambiar estado" }).count(), 0);
  assert.deepEqual(fiscalia.errors, []);
  await fiscalia.context().close();
});

test("the caseworker's home says when a medida's risk review is due, and leads to it; a medida recorded twice is voided and counts no more", async () => {
  const page = await signIn("demo.capturista");
  await page.goto(shared.victimURL);
  await giveReason(page, "seguimiento_caso");
  const section = page.locator("#medidas-proteccion");
  // A botón de pánico asked for at the start of the month, its risk assessed then with a review due ten days ago.
  await section.getByLabel("Medida", { exact: true }).selectOption("boton_panico");
  await section.getByLabel("Protege a").selectOption("victima");
  await section.getByLabel("Institución que la solicita").selectOption("CEAVEQROO");
  await section.getByLabel("Fecha de solicitud").fill("2026-11-02");
  await section.getByRole("button", { name: "Registrar medida" }).click();
  await section.getByRole("heading", { name: "Botón de pánico (02/11/2026)" }).waitFor();
  await section.getByLabel("Nivel de riesgo").selectOption("medio");
  await section.getByLabel("Fecha de la evaluación").fill("2026-11-02");
  await section.getByLabel("Próxima revisión").fill("2026-11-19");
  await section.getByRole("button", { name: "Registrar evaluación" }).click();
  await section.getByRole("row", { name: /Botón de pánico .* Medio 19\/11\/2026/ }).waitFor();

  // The same medida recorded twice by mistake: two avisos, until the copy is voided with a reason.
  await section.getByLabel("Medida", { exact: true }).selectOption("boton_panico");
  await section.getByLabel("Protege a").selectOption("victima");
  await section.getByLabel("Institución que la solicita").selectOption("CEAVEQROO");
  await section.getByLabel("Fecha de solicitud").fill("2026-11-03");
  await section.getByRole("button", { name: "Registrar medida" }).click();
  await section.getByRole("heading", { name: "Botón de pánico (03/11/2026)" }).waitFor();
  await section.getByLabel("Nivel de riesgo").selectOption("medio");
  await section.getByLabel("Fecha de la evaluación").fill("2026-11-03");
  await section.getByLabel("Próxima revisión").fill("2026-11-20");
  await section.getByRole("button", { name: "Registrar evaluación" }).click();
  await section.getByRole("row", { name: /Botón de pánico .* Medio 20\/11\/2026/ }).waitFor();
  await menu(page, "Inicio");
  await page.locator('[data-aviso="medidas_por_revisar"]').getByText(/^2 medidas de protección tienen vencida la revisión del riesgo/).waitFor();
  await page.locator("#medidas-por-revisar").getByRole("row", { name: /Botón de pánico Medio 20\/11\/2026/ }).getByRole("link").click();
  await giveReason(page, "seguimiento_caso");
  await section.getByRole("button", { name: "Ver detalle: Botón de pánico, solicitada el 03/11/2026" }).click();
  await section.getByRole("heading", { name: "Botón de pánico (03/11/2026)" }).waitFor();
  await section.getByRole("button", { name: "Anular medida" }).click();
  await section.getByLabel("Motivo", { exact: true }).selectOption("otro");
  await section.getByRole("button", { name: "Confirmar anulación" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sí, continuar" }).click();
  await section.getByText("Describa el motivo (al menos 5 caracteres).").waitFor();
  await section.getByLabel("Explique el motivo (obligatorio con «Otro»; se guarda cifrado)").fill("Se registró dos veces la misma solicitud");
  await section.getByRole("button", { name: "Confirmar anulación" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sí, continuar" }).click();
  await section.getByText("Otro (descríbalo): Se registró dos veces la misma solicitud").waitFor();
  await section.getByRole("row", { name: /Botón de pánico .* 03\/11\/2026 Anulada/ }).waitFor();
  // Voided, it takes no more changes.
  assert.equal(await section.getByRole("button", { name: "Anular medida" }).count(), 0);
  assert.equal(await section.getByRole("button", { name: "Registrar evaluación" }).count(), 0);

  await menu(page, "Inicio");
  await page.locator('[data-aviso="medidas_por_revisar"]').getByText(/^1 medida de protección tiene vencida la revisión del riesgo/).waitFor();
  assert.equal(await page.locator("#medidas-por-revisar").getByRole("row", { name: /20\/11\/2026/ }).count(), 0);
  await page.locator("#medidas-por-revisar").getByRole("row", { name: /Botón de pánico Medio 19\/11\/2026/ }).getByRole("link").click();
  await giveReason(page, "seguimiento_caso");
  await section.getByRole("button", { name: "Ver detalle: Botón de pánico, solicitada el 02/11/2026" }).click();
  await section.getByRole("heading", { name: "Botón de pánico (02/11/2026)" }).waitFor();
  await section.getByLabel("Nivel de riesgo").selectOption("bajo");
  await section.getByLabel("Próxima revisión").fill("2027-01-29");
  await section.getByRole("button", { name: "Registrar evaluación" }).click();
  await section.getByRole("row", { name: /Botón de pánico .* Bajo 29\/01\/2027/ }).waitFor();
  // Reviewed, it is no longer an aviso.
  await menu(page, "Inicio");
  await page.getByRole("heading", { name: "Avisos" }).waitFor();
  assert.equal(await page.locator('[data-aviso="medidas_por_revisar"]').count(), 0);
  assert.deepEqual(page.errors, []);
});

test("the caseworker attaches a signed consent as a PDF to a víctima, downloads the same bytes, is refused a text file named .pdf, and deletes the PDF with a reason", async () => {
  const page = await signIn("demo.capturista");
  await page.goto(shared.victimURL);
  await giveReason(page, "seguimiento_caso");
  const section = page.locator("#documentos");
  await section.getByText("No tiene documentos adjuntos.").waitFor();
  const pdf = pdfDocument();
  await attach(section, { kind: "consentimiento", description: "Consentimiento informado firmado", name: "consentimiento-firmado.pdf", buffer: pdf });
  await section.getByText("Documento adjuntado: consentimiento-firmado.pdf.").waitFor();
  const row = section.getByRole("row", { name: /consentimiento-firmado\.pdf Consentimiento Consentimiento informado firmado PDF/ });
  await row.waitFor();
  await shot(page, "documentos-victima");
  // Downloaded, it is the same file.
  await downloadSame(page, row, "consentimiento-firmado.pdf", pdf);
  // A text file named .pdf is refused by what it is, not by its name.
  await attach(section, { kind: "evidencia", name: "notas.pdf", buffer: Buffer.from("Solo texto, no un PDF.\n") });
  await section.getByText("El archivo no es un PDF, JPEG ni PNG; solo se aceptan esos formatos.").waitFor();
  assert.equal(await section.getByRole("row", { name: /notas\.pdf/ }).count(), 0);
  // Deleted with a reason, it stays listed as deleted, without a download.
  await row.getByRole("button", { name: /^Eliminar/ }).click();
  await section.getByLabel("Motivo", { exact: true }).selectOption("duplicado");
  await section.getByRole("button", { name: "Confirmar eliminación" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sí, continuar" }).click();
  await section.getByText("Documento eliminado.").waitFor();
  const gone = section.getByRole("row", { name: /consentimiento-firmado\.pdf .* Eliminado/ });
  await gone.waitFor();
  assert.equal(await gone.getByRole("button", { name: /^Descargar/ }).count(), 0);
  assert.ok(!urls.some((u) => u.includes("consentimiento-firmado")), "a file name went in a URL");
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // On a phone, the section fits.
  const small = await signIn("demo.capturista", phone);
  await small.goto(shared.victimURL);
  await giveReason(small, "seguimiento_caso");
  await small.locator("#documentos").getByRole("button", { name: "Adjuntar documento" }).waitFor();
  assert.equal(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
  await shot(small, "documentos-victima-telefono");
  assert.deepEqual(small.errors, []);
  await small.context().close();
});

test("a caseworker imports earlier records from a spreadsheet, reads each error by sheet, row and column, and finds the víctimas in the list", async () => {
  const page = await signIn("demo.capturista");
  await menu(page, "Víctimas");
  await page.getByRole("link", { name: "Importar desde hoja de cálculo" }).click();
  await page.getByRole("heading", { level: 1, name: "Importar registros desde una hoja de cálculo" }).waitFor();
  const [template] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Descargar plantilla XLSX" }).click()]);
  assert.equal(template.suggestedFilename(), "plantilla-victimas.xlsx");
  // A CSV of víctimas, each row with her expediente and a service; the
  // first víctima's second service on a row of its own.
  const header = "clave_victima,clave_caso,municipio,fecha_identificacion,nombres,primer_apellido,sexo,edad,nacionalidad," +
    "municipio_caso,modalidades,tipo_servicio,fecha_servicio,cantidad\n";
  const rows = (third) => header +
    "V1,E1,Benito Juárez,07/10/2026,Importada,Primera,mujer,24,México,Benito Juárez,Trabajos o servicios forzados,Alimentos,08/10/2026,12\n" +
    "V1,,,,,,,,,,,Asesoría jurídica,09/10/2026,1\n" +
    "V2,E1,23005,07/10/2026,Importada,Segunda,mujer,31,Honduras,,,,,\n" +
    `V3,,${third},07/10/2026,Importada,Tercera,hombre,40,,,,,,\n`;
  const bad = join(artifacts, "victimas-con-error.csv");
  writeFileSync(bad, rows("Cozumel"));
  await page.setInputFiles("#archivo", bad);
  await page.getByRole("button", { name: "Importar" }).click();
  await page.getByText(/no se importó ninguna fila/).waitFor();
  const error = page.getByRole("row", { name: /CSV 5 municipio Solo puede registrar víctimas en los municipios de su ámbito/ });
  await error.waitFor();
  await shot(page, "importacion-victimas-errores");
  const good = join(artifacts, "victimas.csv");
  writeFileSync(good, rows("23005"));
  await page.setInputFiles("#archivo", good);
  await page.getByRole("button", { name: "Importar" }).click();
  await page.getByText("Se importaron 3 víctimas, 1 expediente y 2 servicios.").waitFor();
  await shot(page, "importacion-victimas");
  // The same file again changes nothing.
  await page.getByRole("button", { name: "Importar" }).click();
  await page.getByText("Este archivo ya se había importado; no se cambió nada.").waitFor();
  await menu(page, "Víctimas");
  await page.getByText("Filtrar la lista por datos estadísticos").click();
  const filters = page.locator("form.filters");
  await filters.getByLabel("Identificada desde").fill("2026-10-07");
  await filters.getByLabel("Identificada hasta").fill("2026-10-07");
  await filters.getByRole("button", { name: "Filtrar" }).click();
  await page.getByRole("heading", { name: "Víctimas (3)" }).waitFor();
  const identified = await page.locator("tbody tr td:nth-child(2)").allTextContents();
  assert.deepEqual(identified, ["07/10/2026", "07/10/2026", "07/10/2026"]);
  assert.ok((await page.locator("tbody tr td:first-child").allTextContents()).every((f) => /^QROO-2026-\d{6}$/.test(f)));
  assert.deepEqual(page.errors, []);
});

test("a liaison downloads the template and imports activities, seeing each row's error", async () => {
  const page = await signIn("demo.enlace");
  await menu(page, "Actividades");
  const [template] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Descargar plantilla XLSX" }).click()]);
  assert.equal(template.suggestedFilename(), "plantilla-actividades.xlsx");
  const header = "institucion,tema,tipo_accion,nombre,fecha,municipios,numero_acciones,personas_total,mujeres,hombres,material_distribuido,unidades_material,objetivo_programa_estatal\n";
  const bad = join(artifacts, "actividades-con-error.csv");
  writeFileSync(bad, header + "SSC,prevencion,capacitacion,Plática en escuelas,2026-10-02,23005,2,80,50,40,,,\n");
  await page.setInputFiles("#archivo", bad);
  await page.getByRole("button", { name: "Importar" }).click();
  await page.getByText(/no se importó ninguna fila/).waitFor();
  await page.getByRole("cell", { name: "2", exact: true }).first().waitFor();
  await shot(page, "importacion-errores");
  const good = join(artifacts, "actividades.csv");
  writeFileSync(good, header + "SSC,prevencion,capacitacion,Plática en escuelas,2026-10-02,23005,2,80,40,40,,,\n" +
    "SSC,prevencion,sensibilizacion,Taller comunitario,2026-10-09,23005,1,35,20,15,,,\n");
  await page.setInputFiles("#archivo", good);
  await page.getByRole("button", { name: "Importar" }).click();
  await page.getByText("Se importaron 2 actividades.").waitFor();
  await page.getByRole("cell", { name: "Plática en escuelas" }).waitFor();
  await page.getByRole("cell", { name: "Taller comunitario" }).waitFor();
  // The list is filtered by type.
  const search = page.locator("form.filters");
  await search.getByLabel("Tipo de actividad").selectOption("capacitacion");
  await search.getByRole("button", { name: "Filtrar" }).click();
  await page.getByRole("cell", { name: "Taller comunitario" }).waitFor({ state: "detached" });
  await page.getByRole("cell", { name: "Plática en escuelas" }).waitFor();
  await shot(page, "actividades");
  assert.deepEqual(page.errors, []);
});

test("a caseworker corrects a service and a liaison voids an activity, each with a reason, and both see the history", async () => {
  const page = await signIn("demo.capturista");
  await page.getByRole("link", { name: "Registrar víctima" }).first().click();
  await page.getByLabel("Sexo").selectOption("mujer");
  await page.getByLabel("Nombre(s)").fill("Marisol");
  await page.getByRole("button", { name: "Registrar" }).click();
  await page.getByRole("heading", { level: 1, name: /Víctima QROO-/ }).waitFor();
  await page.getByLabel("Servicio", { exact: true }).selectOption("alimentos");
  await page.getByLabel("Cantidad (unidades)").fill("30");
  await page.getByRole("button", { name: "Registrar servicio" }).click();
  const services = page.locator("#servicios");
  await services.getByRole("cell", { name: "30", exact: true }).waitFor();

  // 30 was a typing error for 3: corrected, with its reason.
  await services.getByRole("button", { name: "Corregir" }).click();
  await services.getByLabel("Cantidad (unidades)").fill("3");
  await services.getByRole("button", { name: "Guardar corrección" }).click();
  await services.locator('[data-field="reason_code"] .field-error', { hasText: "Seleccione una opción." }).waitFor();
  await services.getByLabel("Motivo", { exact: true }).selectOption("otro");
  await services.getByRole("button", { name: "Guardar corrección" }).click();
  await services.locator('[data-field="reason_text"] .field-error', { hasText: "Describa el motivo" }).waitFor();
  await services.getByLabel(/Explique el motivo/).fill("Se tecleó 30 en lugar de 3");
  await services.getByRole("button", { name: "Guardar corrección" }).click();
  await services.getByText("Se corrigió el servicio.").waitFor();
  await services.getByRole("cell", { name: "3", exact: true }).waitFor();
  await page.locator("#app table td", { hasText: /^30$/ }).waitFor({ state: "detached" });
  await services.getByRole("button", { name: "Historial" }).click();
  await services.getByRole("cell", { name: "Corrección", exact: true }).waitFor();
  await services.getByRole("cell", { name: "Otro (descríbalo): Se tecleó 30 en lugar de 3", exact: true }).waitFor();
  await services.getByRole("cell", { name: "Cantidad: 30", exact: true }).waitFor();
  await shot(page, "servicio-corregido");
  assert.deepEqual(page.errors, []);

  const liaison = await signIn("demo.enlace");
  await menu(liaison, "Actividades");
  const create = liaison.locator("section", { has: liaison.getByRole("heading", { name: "Registrar una actividad" }) });
  await create.getByLabel("Tipo de actividad").selectOption("capacitacion");
  await create.getByLabel("Nombre de la actividad").fill("Plática registrada dos veces");
  await create.getByLabel("Fecha").fill("2026-10-20");
  await create.getByLabel("En todo el estado").check();
  await create.getByLabel("Personas alcanzadas").fill("40");
  await create.getByLabel("Mujeres").fill("20");
  await create.getByLabel("Hombres").fill("20");
  await create.getByRole("button", { name: "Registrar actividad" }).click();
  const row = liaison.getByRole("row", { name: /Plática registrada dos veces/ });
  await row.waitFor();
  await row.getByRole("button", { name: "Anular" }).click();
  await row.getByLabel("Motivo", { exact: true }).selectOption("duplicado");
  await row.getByRole("button", { name: "Confirmar anulación" }).click();
  // Voiding asks first; saying no changes nothing.
  await liaison.getByRole("dialog").getByRole("button", { name: "Cancelar" }).click();
  await row.getByRole("button", { name: "Confirmar anulación" }).click();
  await liaison.getByRole("dialog").getByRole("button", { name: "Sí, continuar" }).click();
  await row.waitFor({ state: "detached" });
  // Voided, it no longer counts; asked for, it shows as such, with its history.
  const search = liaison.locator("form.filters");
  await search.getByLabel("Incluir las anuladas").check();
  await search.getByRole("button", { name: "Filtrar" }).click();
  const voided = liaison.getByRole("row", { name: /Plática registrada dos veces/ });
  await voided.getByText("Anulado").waitFor();
  assert.equal(await voided.getByRole("button", { name: "Corregir" }).count(), 0);
  await voided.getByRole("button", { name: "Historial" }).click();
  await voided.getByLabel("Motivo de la consulta").selectOption("actualizacion_registro");
  await voided.getByRole("button", { name: "Ver historial" }).click();
  await voided.getByRole("cell", { name: "Anulación", exact: true }).waitFor();
  await voided.getByRole("cell", { name: "Registro duplicado", exact: true }).waitFor();
  await shot(liaison, "actividad-anulada");
  assert.deepEqual(liaison.errors, []);
  await page.context().close();
  await liaison.context().close();
});

test("the Secretaría Técnica defines a period, sees the quarterly report, downloads and issues it", async () => {
  const page = await signIn("demo.secretaria");
  await menu(page, "Reportes");
  await page.getByLabel("Nombre (por ejemplo, 2024 T2)").fill("Prueba 2026 T4");
  await page.getByLabel("Tipo").selectOption("trimestral");
  await page.getByLabel("Desde").fill("2026-09-16");
  await page.getByLabel("Hasta").fill("2026-12-15");
  await page.getByRole("button", { name: "Definir periodo" }).click();
  await page.getByRole("heading", { name: "Reporte Prueba 2026 T4" }).waitFor();
  await page.getByRole("figure").first().waitFor();
  // The activities imported above: 80 people in capacitación.
  const capacitacion = page.getByRole("row", { name: /Capacitación/ }).first();
  assert.match(await capacitacion.textContent(), /80/);
  await shot(page, "reporte-trimestral");
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Descargar XLSX" }).click()]);
  const saved = join(artifacts, "reporte.xlsx");
  await xlsx.saveAs(saved);
  assert.equal(readFileSync(saved).subarray(0, 2).toString(), "PK");
  await page.getByRole("button", { name: "Emitir reporte" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sí, emitir" }).click();
  await page.getByRole("button", { name: "PDF" }).waitFor();
  assert.deepEqual(page.errors, []);
});

test("the Secretaría Técnica downloads the demo year as anonymized microdata for the CTDC", async () => {
  const page = await signIn("demo.secretaria");
  await menu(page, "Reportes");
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Exportación para el CTDC (HTCDS)" }) });
  await section.getByLabel("Año").fill("2024");
  await section.getByLabel("Formato").selectOption("csv");
  // k is the public one: the screen offers no other.
  assert.equal(await section.getByLabel("k (opcional)").count(), 0);
  const [file] = await Promise.all([page.waitForEvent("download"), section.getByRole("button", { name: "Descargar exportación" }).click()]);
  assert.equal(file.suggestedFilename(), "htcds-2024.csv");
  const saved = join(artifacts, "htcds-2024.csv");
  await file.saveAs(saved);
  const text = readFileSync(saved, "utf8");
  assert.match(text, /\n#,k,10\n/);
  assert.doesNotMatch(text, /Persona Demo|Ficticia|QROO-2024-/);
  const [header, ...rows] = text.split("\n").filter((l) => l && !/^\uFEFF?#/.test(l));
  assert.match(header, /^yearOfRegistration,Datasource,gender,ageBroad,majorityStatus,/);
  assert.ok(rows.length >= 10, `${rows.length} rows`);
  // Every row is one of at least ten identical ones.
  const groups = new Map();
  for (const r of rows) groups.set(r, (groups.get(r) || 0) + 1);
  for (const [r, n] of groups) assert.ok(n >= 10, `${n} rows of ${r}`);
  await page.getByText("Exportación HTCDS de 2024 descargada.").waitFor();
  // A second download is the same file: the year was frozen at the first.
  const [again] = await Promise.all([page.waitForEvent("download"), section.getByRole("button", { name: "Descargar exportación" }).click()]);
  const resaved = join(artifacts, "htcds-2024-de-nuevo.csv");
  await again.saveAs(resaved);
  assert.equal(readFileSync(resaved, "utf8"), text);
  await shot(page, "exportacion-htcds");
  assert.deepEqual(page.errors, []);
});

test("an analyst sees the report's protected view", async () => {
  const page = await signIn("demo.analista");
  // Home: the summary's figures across the quarters that have ended, protected as the reports are.
  const trend = page.locator("section", { has: page.getByRole("heading", { name: "Tendencia de los últimos trimestres" }) });
  await trend.getByRole("img", { name: /^Víctimas rescatadas: / }).waitFor();
  const quarters = await trend.locator("tbody tr td:first-child").allTextContents();
  assert.ok(quarters.length >= 2 && quarters.every((q) => /^\d{4} T[1-4]$/.test(q)), quarters.join());
  for (const small of ["1", "2", "3", "4"]) assert.equal(await trend.getByRole("cell", { name: small, exact: true }).count(), 0);
  await menu(page, "Reportes");
  await page.getByRole("link", { name: "Prueba 2026 T4" }).click();
  await page.getByText(/Vista protegida/).waitFor();
  // One víctima was attended: the analyst sees the mark of a hidden figure, never the 1.
  const sexo = page.locator("table", { has: page.locator("caption", { hasText: "sexo" }) }).first();
  assert.ok((await sexo.getByRole("cell", { name: "X", exact: true }).count()) > 0);
  assert.equal(await sexo.getByRole("cell", { name: "1", exact: true }).count(), 0);
  await shot(page, "reporte-analista");
  // The table builder: víctimas by nacionalidad and sexo in the demo's 2024 T2, protected.
  await menu(page, "Estadísticas");
  await page.getByLabel("Periodo").selectOption({ label: "2024 T2" });
  await page.getByLabel("Medida").selectOption({ label: "Víctimas atendidas" });
  await page.getByLabel("Filas por").selectOption({ label: "nacionalidad" });
  await page.getByLabel("Columnas por (opcional)").selectOption({ label: "sexo" });
  await page.getByRole("button", { name: "Consultar" }).click();
  const stats = page.locator("table", { has: page.locator("caption", { hasText: "Víctimas atendidas por nacionalidad y sexo" }) });
  await stats.waitFor();
  assert.ok((await stats.getByRole("row").count()) > 2);
  for (const small of ["1", "2", "3", "4"]) assert.equal(await stats.getByRole("cell", { name: small, exact: true }).count(), 0);
  assert.equal(await stats.getByRole("cell", { name: /^[A-Z]{2}$/ }).count(), 0, "a nationality shown by its code");
  await shot(page, "estadisticas-analista");
  assert.deepEqual(page.errors, []);
});

// grantAnalystAndRemove grants demo.enlace the analyst's role in the domain
// labelled domain, finds the account by part of its name in other
// capitals, sees the role named shown, and removes it after confirming;
// it returns the account's row.
async function grantAnalystAndRemove(admin, domain, shown) {
  const assign = admin.locator("form", { has: admin.getByRole("button", { name: "Asignar función" }) });
  await assign.getByLabel("Usuario").fill("demo.enlace");
  await assign.getByLabel("Función").selectOption("analista");
  await assign.getByLabel("Ámbito").selectOption({ label: domain });
  await assign.getByRole("button", { name: "Asignar función" }).click();
  await admin.getByText("Función asignada a demo.enlace.").waitFor();
  await admin.getByLabel("Buscar por usuario o nombre").fill("ENLACE");
  await admin.getByRole("button", { name: "Buscar", exact: true }).click();
  await admin.getByText("1 cuentas con ese texto.").waitFor();
  const row = admin.getByRole("row", { name: /demo\.enlace/ });
  await row.getByText(shown).waitFor();
  await row.getByRole("listitem").filter({ hasText: "Analista" }).getByRole("button", { name: "Quitar" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Sí, continuar" }).click();
  await admin.getByText(/Se quitó a demo\.enlace la función Analista/).waitFor();
  await row.getByText(shown).waitFor({ state: "detached" });
  return row;
}

test("the administrator and the auditor see accounts and the trail", async () => {
  const admin = await signIn("demo.admin");
  await menu(admin, "Usuarios");
  await admin.getByRole("cell", { name: "demo.capturista" }).waitFor();
  await shot(admin, "usuarios");
  // Any account is found by part of its name, and a role held in the whole
  // entidad is granted and removed after confirming.
  const row = await grantAnalystAndRemove(admin, "Quintana Roo (toda la entidad)", "Analista (Quintana Roo)");
  await row.getByText(/^Enlace institucional/).waitFor();

  const auditor = await signIn("demo.auditor");
  await menu(auditor, "Auditoría");
  await auditor.getByRole("cell", { name: "victima.consultar" }).first().waitFor();
  await shot(auditor, "auditoria");
  // The trail is searched by action, and by the user of an event.
  await auditor.getByLabel(/^Acción/).fill("canalizacion.consultar");
  await auditor.getByRole("button", { name: "Filtrar" }).click();
  await auditor.waitForFunction(() => {
    const actions = [...document.querySelectorAll("#app table:last-of-type tbody tr td:nth-child(5)")].map((c) => c.textContent);
    return actions.length > 0 && actions.every((a) => a === "canalizacion.consultar");
  });
  await auditor.getByRole("button", { name: "demo.iqm" }).first().click();
  await auditor.getByText("Solo los eventos de demo.iqm.").waitFor();
  const users = await auditor.locator("table").last().locator("tbody tr td:nth-child(3)").allTextContents();
  assert.ok(users.length > 0 && users.every((u) => u === "demo.iqm"), users.join());
  assert.deepEqual([...admin.errors, ...auditor.errors], []);
});

test("two administrators create a caseworker; she joins the halves of her password, changes it and signs in with a second factor", async () => {
  const admin = await signIn("demo.admin");
  await menu(admin, "Usuarios");
  const create = admin.locator("form", { has: admin.getByRole("button", { name: "Crear cuenta" }) });
  await create.getByLabel("Usuario").fill("ana.lopez");
  await create.getByLabel("Nombre").fill("Ana López (prueba)");
  await create.getByLabel("Institución").selectOption("CEAVEQROO");
  await create.getByLabel("Función").selectOption("capturista");
  await create.getByLabel("Ámbito").selectOption("23005");
  await create.getByRole("button", { name: "Crear cuenta" }).click();
  // A caseworker's account waits for a second administrator; the requester holds only the first half.
  await admin.getByText(/Solicitud registrada: crear la cuenta ana\.lopez/).waitFor();
  const first = (await admin.locator("code.half").textContent()).trim();
  const mine = admin.getByRole("row", { name: /ana\.lopez/ });
  await mine.getByText("Espera la aprobación de otra persona administradora.").waitFor();
  assert.equal(await mine.getByRole("button", { name: "Aprobar" }).count(), 0);
  await shot(admin, "solicitud-pendiente");

  const approver = await signIn("demo.admin2");
  await menu(approver, "Usuarios");
  const request = approver.getByRole("row", { name: /ana\.lopez/ }).filter({ hasText: "demo.admin" });
  await request.getByRole("button", { name: "Aprobar" }).click();
  await approver.getByText(/Solicitud aprobada: crear cuenta de ana\.lopez, pedida por demo\.admin\./).waitFor();
  const second = (await approver.locator("code.half").textContent()).trim();
  assert.equal(first.length, 8);
  assert.equal(second.length, 8);
  assert.ok(!(await approver.content()).includes(first), "the approver saw the requester's half");
  await approver.getByText("No hay solicitudes pendientes.").waitFor();
  const accounts = approver.locator("section", { has: approver.getByRole("heading", { name: /^Cuentas/ }) });
  await accounts.getByRole("cell", { name: "ana.lopez", exact: true }).waitFor();
  await shot(approver, "solicitud-aprobada");

  const page = await openPage();
  await page.getByLabel("Usuario").fill("ana.lopez");
  await page.getByLabel("Contraseña").fill(first);
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.getByText("Usuario o contraseña incorrectos.").waitFor();
  const temporary = first + second;
  await page.getByLabel("Contraseña").fill(temporary);
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.getByRole("heading", { name: "Cambie su contraseña para continuar" }).waitFor();
  await page.getByLabel("Contraseña actual").fill(temporary);
  await page.getByLabel("Contraseña nueva").fill("corto");
  await page.getByRole("button", { name: "Cambiar contraseña" }).click();
  await page.locator(".form-errors p, .field-error").filter({ hasText: /\S/ }).first().waitFor();
  await page.getByLabel("Contraseña nueva").fill("brujula-tejon-violin-83");
  await page.getByRole("button", { name: "Cambiar contraseña" }).click();
  await page.getByRole("heading", { name: /Bienvenida/ }).waitFor();

  await page.goto(baseURL + "/#/cuenta");
  await page.getByRole("button", { name: "Activar segundo factor" }).click();
  // A QR code to scan, and the secret, which fits a phone's screen.
  const qr = page.getByRole("img", { name: /Código QR/ });
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth >= 200));
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "the enrolment overflows a phone");
  await shot(page, "segundo-factor-telefono");
  await page.setViewportSize({ width: 1280, height: 720 });
  const secret = (await page.locator("code.secret").textContent()).trim();
  const totp = new TOTP({ secret, digits: 6, period: 30, algorithm: "SHA1" });
  await page.getByLabel("Código de 6 dígitos que muestra la aplicación").fill(totp.generate({ timestamp: serverNow() }));
  await page.getByRole("button", { name: "Activar segundo factor" }).click();
  await page.getByRole("heading", { name: "Segundo factor activado" }).waitFor();
  const codes = (await page.locator("ul.codes li").allTextContents()).map((c) => c.trim());
  assert.ok(codes.length > 0);
  // The recovery codes are downloaded as a text file, or printed.
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Descargar (.txt)" }).click()]);
  assert.equal(file.suggestedFilename(), "sintra-codigos-de-recuperacion.txt");
  const saved = readFileSync(await file.path(), "utf8");
  assert.ok(codes.every((c) => saved.includes(c)), saved);
  await page.getByRole("button", { name: "Imprimir" }).waitFor();
  await shot(page, "segundo-factor");
  await page.getByRole("button", { name: "Continuar" }).click();
  await page.getByRole("button", { name: "Salir" }).click();

  await page.getByLabel("Usuario").fill("ana.lopez");
  await page.getByLabel("Contraseña").fill("brujula-tejon-violin-83");
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.getByText("Escriba el código de su aplicación de autenticación.").waitFor();
  // The next period's code: the one just used to confirm may not serve twice.
  await page.getByLabel(/Código de 6 dígitos/).fill(totp.generate({ timestamp: serverNow() + 30000 }));
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.getByRole("heading", { name: "Bienvenida/o, Ana López (prueba)" }).waitFor();
  assert.deepEqual([...admin.errors, ...approver.errors, ...page.errors], []);
});

test("an expired session returns to the sign-in form and says why", async () => {
  const page = await signIn("demo.capturista");
  await page.evaluate(() => {
    sessionStorage.setItem("access", "caducado");
    sessionStorage.setItem("refresh", "caducado");
  });
  await menu(page, "Víctimas");
  await page.getByText("Su sesión expiró o se cerró. Inicie sesión de nuevo.").waitFor();
  // Signing in again with the keyboard alone.
  await page.getByLabel("Usuario").focus();
  await page.keyboard.type("demo.capturista");
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  // Back where the person was going.
  await page.getByRole("heading", { level: 1, name: "Víctimas" }).waitFor();
});

// Every demo account, with the sections its menu should offer.
const menus = {
  "demo.capturista": ["Inicio", "Víctimas", "Expedientes", "Reportes ciudadanos", "Canalizaciones"],
  "demo.iqm": ["Inicio", "Víctimas", "Expedientes", "Reportes ciudadanos", "Canalizaciones"],
  "demo.fiscalia": ["Inicio", "Reportes ciudadanos", "Canalizaciones", "Carpetas"],
  "demo.grupo": ["Inicio", "Víctimas", "Expedientes", "Grupo de Trabajo"],
  "demo.enlace": ["Inicio", "Actividades"],
  "demo.secretaria": ["Inicio", "Actividades", "Reportes", "Estadísticas"],
  "demo.analista": ["Inicio", "Reportes", "Estadísticas"],
  "demo.admin": ["Inicio", "Usuarios", "Catálogos"],
  "demo.auditor": ["Inicio", "Auditoría"],
};

// visit follows a menu link and waits for its page to be drawn.
async function visit(page, name) {
  const link = page.getByRole("navigation", { name: "Secciones" }).getByRole("link", { name, exact: true });
  await link.click();
  await page.locator('#nav a[aria-current="page"]', { hasText: name }).waitFor();
  await page.locator("#app h1").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("#app .loading"));
  return (await page.locator("#app h1").first().textContent()).trim();
}

// pageWidth is how wide the page shown is, scrolling sideways included.
const pageWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);

// fitsThePhone asserts that the page shown does not scroll sideways.
async function fitsThePhone(page, what) {
  const width = await pageWidth(page);
  assert.ok(width <= phone.width, `${what} is ${width} pixels wide on a phone`);
}

test("each role's menu offers only the sections it can use, and each opens and fits a phone", async () => {
  for (const [username, sections] of Object.entries(menus)) {
    const page = await signIn(username, phone);
    await fitsThePhone(page, `${username}'s home`);
    const offered = (await page.getByRole("navigation", { name: "Secciones" }).locator("ul a").allTextContents()).map((t) => t.trim());
    assert.deepEqual(offered, sections, `${username}'s menu`);
    for (const name of sections) {
      const heading = await visit(page, name);
      assert.notEqual(heading, "No se pudo mostrar la página", `${username}: ${name}`);
      await fitsThePhone(page, `${username}: ${name}`);
      if (name === "Usuarios" || name === "Expedientes") await shot(page, `telefono-${name.toLowerCase()}`);
      // Names, never codes: no municipio, country or snake_case code in a cell.
      if (name !== "Reportes") {
        const codes = (await page.locator("#app td, #app dd").allTextContents())
          .filter((t) => /^(23\d{3}|[A-Z]{2}|[a-z]+(_[a-z]+)+)$/.test(t.trim()));
        assert.deepEqual(codes, [], `${username}: codes on ${name}`);
      }
    }
    assert.deepEqual(page.errors, [], username);
    await page.context().close();
  }
});

test("a record, a canalización, a carpeta and a session fit a phone", async () => {
  const caseworker = await signIn("demo.capturista", phone);
  await caseworker.goto(shared.victimURL);
  await giveReason(caseworker, "seguimiento_caso");
  await caseworker.getByText("Lucía Fernanda Pat").waitFor();
  await caseworker.getByRole("heading", { name: "Línea de tiempo" }).waitFor();
  await caseworker.getByRole("cell", { name: /Alimentos/ }).first().waitFor();
  await fitsThePhone(caseworker, "a víctima's record");
  await shot(caseworker, "telefono-victima");
  await menu(caseworker, "Canalizaciones");
  await caseworker.getByRole("button", { name: "Enviadas" }).click();
  await caseworker.getByRole("link", { name: shared.folio }).first().click();
  await giveReason(caseworker, "canalizacion");
  await caseworker.getByRole("heading", { name: `Canalización de ${shared.folio}` }).waitFor();
  await fitsThePhone(caseworker, "a canalización");
  const fiscalia = await signIn("demo.fiscalia", phone);
  await menu(fiscalia, "Carpetas");
  await fiscalia.getByRole("link", { name: "FGE/QR/BJ/0042/2026" }).click();
  await giveReason(fiscalia, "procuracion_justicia");
  await fiscalia.getByRole("heading", { name: "Carpeta FGE/QR/BJ/0042/2026" }).waitFor();
  await fitsThePhone(fiscalia, "a carpeta");
  await shot(fiscalia, "telefono-carpeta");
  const grupo = await signIn("demo.grupo", phone);
  await menu(grupo, "Grupo de Trabajo");
  await grupo.getByRole("link", { name: "20/11/2026" }).click();
  await giveReason(grupo, "revision_grupo_trabajo");
  await grupo.getByRole("heading", { name: /^Qué cambió/ }).waitFor();
  await fitsThePhone(grupo, "a session of the Grupo de Trabajo");
  await shot(grupo, "telefono-sesion");
  assert.deepEqual([...caseworker.errors, ...fiscalia.errors, ...grupo.errors], []);
});

// axeScript is axe-core's script, run in the page to check it. The
// server's Content-Security-Policy refuses a script tag added to the page,
// as it should; a script run from the browser's tools is not subject to it.
const axeScript = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
// axeTags are the rules checked: WCAG 2.0 and 2.1 at levels A and AA, and
// axe-core's best practices (landmarks, the order of headings, …).
const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

// axeViolations runs axe-core's rules on the page shown and lists each
// violation with its impact and the nodes it found.
async function axeViolations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeScript);
  return page.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: "tag", values: tags } }))
    .violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`), axeTags);
}

// settled waits until the screen is drawn: its heading shown and nothing
// loading.
async function settled(page) {
  await page.locator("#app h1").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("#app .loading, #app [aria-busy='true'], form[aria-busy]"));
}

// checked lists the screens checkScreen checked, to say how many.
const checked = [];

// checkScreen checks the screen shown on a desk and on a phone: axe-core
// finds no WCAG 2.1 A or AA violation and no best practice broken, and on
// the phone nothing scrolls
// sideways. What it finds is added to problems, so one run lists them all.
async function checkScreen(page, what, problems) {
  await settled(page);
  for (const [size, viewport] of [["1366 px", desk], ["390 px", phone]]) {
    await page.setViewportSize(viewport);
    for (const v of await axeViolations(page)) problems.push(`${what} at ${size}: ${v}`);
    const width = await pageWidth(page);
    if (viewport === phone && width > phone.width) problems.push(`${what} is ${width} pixels wide on a phone`);
  }
  await page.setViewportSize(desk);
  checked.push(what);
}

// A screen of each section and record, as each account sees it: how to
// reach it from the one before.
const screens = {
  "demo.capturista": [
    ["Inicio", (p) => visit(p, "Inicio")],
    ["Víctimas", (p) => visit(p, "Víctimas")],
    ["Víctimas, búsqueda y filtros abiertos", async (p) => {
      for (const s of await p.locator("#app summary").all()) await s.click();
    }],
    ["Registrar víctima", (p) => p.getByRole("link", { name: "Registrar víctima" }).first().click()],
    ["Registrar víctima con errores", async (p) => {
      await p.getByRole("button", { name: "Registrar" }).click();
      await p.locator(".field-error", { hasText: "Seleccione una opción." }).first().waitFor();
    }],
    ["Importar desde hoja de cálculo", async (p) => {
      await visit(p, "Víctimas");
      await p.getByRole("link", { name: "Importar desde hoja de cálculo" }).click();
      await p.getByRole("heading", { level: 1, name: "Importar registros desde una hoja de cálculo" }).waitFor();
    }],
    ["Importación con errores", async (p) => {
      await p.setInputFiles("#archivo", { name: "errores.csv", mimeType: "text/csv", buffer: Buffer.from("clave_victima,municipio\nV1,Cozumel\n") });
      await p.getByRole("button", { name: "Importar" }).click();
      await p.getByRole("cell", { name: "fecha_identificacion" }).first().waitFor();
    }],
    ["Motivo de la consulta", async (p) => {
      // The víctima of the first journey, or, run alone, the latest one.
      await visit(p, "Víctimas");
      if (shared.victimURL) await p.goto(shared.victimURL);
      else await p.locator("#app tbody a").first().click();
      await p.getByLabel("Motivo de la consulta").waitFor();
    }],
    ["Registro de una víctima, con su línea de tiempo e historial", async (p) => {
      await giveReason(p, "seguimiento_caso");
      await p.getByRole("heading", { name: "Línea de tiempo" }).waitFor();
      await p.getByRole("button", { name: "Ver historial de cambios" }).click();
      await p.locator("#app table").last().waitFor();
    }],
    ["Medida de protección de una víctima", async (p) => {
      const details = p.locator("#medidas-proteccion").getByRole("button", { name: /^Ver detalle/ });
      if (await details.count()) {
        await details.first().click();
        await p.locator("#medidas-proteccion h3").first().waitFor();
      }
    }],
    ["Confirmación de supresión", async (p) => {
      await p.getByRole("button", { name: "Suprimir datos personales" }).click();
      await p.getByRole("dialog").waitFor();
    }],
    ["Editar víctima", async (p) => {
      await p.getByRole("dialog").getByRole("button", { name: "Cancelar" }).click();
      await p.getByRole("link", { name: "Editar datos" }).click();
      await giveReason(p, "actualizacion_registro");
      await p.getByRole("button", { name: "Guardar cambios" }).waitFor();
    }],
    ["Expedientes", (p) => visit(p, "Expedientes")],
    ["Expediente", (p) => p.locator("#app tbody a").first().click()],
    ["Abrir expediente", async (p) => {
      await visit(p, "Expedientes");
      await p.getByRole("link", { name: "Abrir expediente" }).click();
    }],
    ["Reportes ciudadanos", (p) => visit(p, "Reportes ciudadanos")],
    ["Registrar reporte con errores", async (p) => {
      await p.getByRole("link", { name: "Registrar reporte" }).click();
      await p.getByRole("button", { name: "Registrar reporte" }).click();
      await p.locator(".field-error", { hasText: "Seleccione una opción." }).first().waitFor();
    }],
    ["Reporte ciudadano abierto, con sus formularios", async (p) => {
      await p.getByLabel("Municipio de la oficina que lo recibe").selectOption("23005");
      await p.getByLabel("Canal", { exact: true }).selectOption("correo");
      await p.getByLabel("Quién reporta").selectOption("anonimo");
      await p.getByLabel("Clasificación").selectOption("posible_trata");
      await p.getByRole("button", { name: "Registrar reporte" }).click();
      await p.getByRole("heading", { name: "Convertir en caso" }).waitFor();
    }],
    ["Reporte ciudadano convertido en caso", async (p) => {
      if (!shared.reporteURL) return; // the hotline journey's, when it ran
      await p.goto(shared.reporteURL);
      await p.getByRole("heading", { level: 1, name: /^Reporte REP-/ }).waitFor();
    }],
    ["Canalizaciones", (p) => visit(p, "Canalizaciones")],
    ["Canalización", async (p) => {
      await p.getByRole("button", { name: "Todas" }).click();
      await p.locator("#app tbody a").first().click();
      await giveReason(p, "canalizacion");
      await p.getByRole("heading", { name: /^Canalización de/ }).waitFor();
    }],
    ["Mi cuenta", (p) => p.getByRole("navigation", { name: "Secciones" }).getByRole("link", { name: /·/ }).click()],
  ],
  "demo.iqm": [
    ["Inicio", (p) => visit(p, "Inicio")],
    ["Víctimas", (p) => visit(p, "Víctimas")],
    ["Expedientes", (p) => visit(p, "Expedientes")],
    ["Canalizaciones", (p) => visit(p, "Canalizaciones")],
    ["Canalización recibida", async (p) => {
      await p.locator("#app tbody a").first().click();
      await giveReason(p, "canalizacion");
      await p.getByRole("heading", { name: /^Canalización de/ }).waitFor();
    }],
  ],
  "demo.fiscalia": [
    ["Inicio", (p) => visit(p, "Inicio")],
    ["Reportes ciudadanos", (p) => visit(p, "Reportes ciudadanos")],
    ["Registrar reporte", async (p) => {
      await p.getByRole("link", { name: "Registrar reporte" }).click();
      await p.getByRole("heading", { level: 1, name: "Registrar reporte" }).waitFor();
    }],
    ["Canalizaciones", (p) => visit(p, "Canalizaciones")],
    ["Carpetas", (p) => visit(p, "Carpetas")],
    ["Carpeta", async (p) => {
      await p.locator("#app tbody a").first().click();
      await giveReason(p, "procuracion_justicia");
      await p.getByRole("heading", { name: /^Carpeta / }).waitFor();
    }],
    ["Registrar carpeta", async (p) => {
      await visit(p, "Carpetas");
      await p.getByRole("link", { name: "Registrar carpeta" }).click();
    }],
  ],
  "demo.grupo": [
    ["Inicio", (p) => visit(p, "Inicio")],
    ["Víctimas", (p) => visit(p, "Víctimas")],
    ["Víctima en la vista mínima", async (p) => {
      await p.locator("#app tbody a").first().click();
      await giveReason(p, "revision_grupo_trabajo");
      await p.getByText("Vista mínima: la del Grupo de Trabajo.").waitFor();
    }],
    ["Expedientes", (p) => visit(p, "Expedientes")],
    ["Grupo de Trabajo", (p) => visit(p, "Grupo de Trabajo")],
    ["Sesión del Grupo de Trabajo", async (p) => {
      await p.locator("#app tbody a").first().click();
      await giveReason(p, "revision_grupo_trabajo");
      await p.getByRole("heading", { name: /^Qué cambió/ }).waitFor();
    }],
  ],
  "demo.enlace": [
    ["Inicio", (p) => visit(p, "Inicio")],
    ["Actividades", (p) => visit(p, "Actividades")],
  ],
  "demo.secretaria": [
    ["Inicio", (p) => visit(p, "Inicio")],
    ["Actividades", (p) => visit(p, "Actividades")],
    ["Reportes", (p) => visit(p, "Reportes")],
    ["Reporte", async (p) => {
      await p.getByRole("link", { name: "2024 T2", exact: true }).click();
      await p.getByRole("heading", { name: "Reportes emitidos" }).waitFor();
    }],
    ["Estadísticas", (p) => visit(p, "Estadísticas")],
    ["Estadísticas con una tabla", async (p) => {
      await p.getByLabel("Periodo").selectOption({ label: "2024 T2" });
      await p.getByLabel("Medida").selectOption({ label: "Víctimas atendidas" });
      await p.getByLabel("Filas por").selectOption({ label: "municipio" });
      await p.getByRole("button", { name: "Consultar" }).click();
      await p.locator("#app table").waitFor();
    }],
  ],
  "demo.analista": [
    ["Inicio", (p) => visit(p, "Inicio")],
    ["Reportes", (p) => visit(p, "Reportes")],
    ["Reporte protegido", async (p) => {
      await p.getByRole("link", { name: "2024 T2", exact: true }).click();
      await p.getByText(/Vista protegida/).waitFor();
    }],
    ["Estadísticas", (p) => visit(p, "Estadísticas")],
  ],
  "demo.admin": [
    ["Inicio", (p) => visit(p, "Inicio")],
    ["Usuarios", (p) => visit(p, "Usuarios")],
    ["Confirmación de quitar una función", async (p) => {
      await p.getByRole("button", { name: "Quitar" }).first().click();
      await p.getByRole("dialog").waitFor();
    }],
    ["Catálogos", async (p) => {
      await p.getByRole("dialog").getByRole("button", { name: "Cancelar" }).click();
      await visit(p, "Catálogos");
    }],
    ["Catálogos de una entidad", async (p) => {
      await p.getByLabel("Entidad federativa").selectOption({ label: "Quintana Roo" });
      await p.getByRole("heading", { name: "Instituciones de Quintana Roo" }).waitFor();
    }],
  ],
  "demo.auditor": [
    ["Inicio", (p) => visit(p, "Inicio")],
    ["Auditoría", async (p) => {
      await visit(p, "Auditoría");
      await p.locator("#app table").last().waitFor();
    }],
    ["Mi cuenta", (p) => p.getByRole("navigation", { name: "Secciones" }).getByRole("link", { name: /·/ }).click()],
    ["Activar segundo factor", async (p) => {
      await p.getByRole("button", { name: "Activar segundo factor" }).click();
      await p.getByRole("img", { name: /Código QR/ }).waitFor();
    }],
  ],
};

test("every screen of every role passes axe-core's WCAG 2.1 A and AA rules and best practices on a desk and a phone, and none scrolls sideways on the phone", async () => {
  const problems = [];
  const page = await openPage(desk);
  await checkScreen(page, "Iniciar sesión", problems);
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.locator(".field-error", { hasText: /\S/ }).first().waitFor();
  await checkScreen(page, "Iniciar sesión con errores", problems);
  await page.context().close();
  for (const [username, steps] of Object.entries(screens)) {
    const page = await signIn(username, desk);
    for (const [name, reach] of steps) {
      await reach(page);
      await checkScreen(page, `${username}: ${name}`, problems);
    }
    assert.deepEqual(page.errors, [], username);
    await page.context().close();
  }
  console.log(`${checked.length} screens checked at 1366 and 390 px`);
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join("\n")}`);
});

test("no personal data ever went into a URL", () => {
  for (const url of urls) {
    for (const secret of ["Lucía", "Luc%C3%ADa", "Fernanda", "Pat&", "2000-02-14", "FGE/QR/BJ/0042", "Marisol", "998%20000", "Importada"]) {
      assert.ok(!url.includes(secret), `${url} holds ${secret}`);
    }
  }
});

// Last, since the municipios of a second entidad name their entidad on
// every screen after it.
test("an administrator loads Yucatán's municipios and adds its Fiscalía, grants a role in the whole entidad, and a caseworker may refer a víctima there", async () => {
  const admin = await signIn("demo.admin");
  await menu(admin, "Catálogos");
  await admin.getByLabel("Entidad federativa").selectOption({ label: "Yucatán" });
  await admin.getByText("Aún no hay municipios cargados de esta entidad.").waitFor();
  // A file with a municipio of another entidad loads nothing and says which row.
  const bad = join(artifacts, "municipios-con-error.csv");
  writeFileSync(bad, "clave,nombre\n31050,Mérida\n23005,Benito Juárez\n");
  await admin.setInputFiles("#municipios-archivo", bad);
  await admin.getByRole("button", { name: "Cargar municipios" }).click();
  await admin.getByText(/no se cargó ningún municipio/).waitFor();
  await admin.getByRole("cell", { name: "La clave es de un municipio de otra entidad." }).waitFor();
  // INEGI's own columns.
  const good = join(artifacts, "municipios-yucatan.csv");
  writeFileSync(good, "CVE_ENT,NOM_ENT,CVE_MUN,NOM_MUN\n31,Yucatán,050,Mérida\n31,Yucatán,059,Progreso\n");
  await admin.setInputFiles("#municipios-archivo", good);
  await admin.getByRole("button", { name: "Cargar municipios" }).click();
  await admin.getByText("Municipios de Yucatán: 2 agregados, 0 renombrados, 0 sin cambios.").waitFor();
  await admin.getByRole("cell", { name: "Progreso" }).waitFor();
  const add = admin.locator("form", { has: admin.getByRole("button", { name: "Agregar institución" }) });
  await add.getByLabel(/^Clave/).fill("FGE-YUC");
  await add.getByLabel("Nombre").fill("Fiscalía General del Estado de Yucatán");
  await add.getByLabel("Participación en la Comisión").selectOption("integrante");
  await add.getByRole("button", { name: "Agregar institución" }).click();
  await admin.getByRole("cell", { name: "Fiscalía General del Estado de Yucatán" }).waitFor();
  await shot(admin, "catalogos-yucatan");

  // A role held in the whole of Yucatán, named by the entidad.
  await menu(admin, "Usuarios");
  await grantAnalystAndRemove(admin, "Yucatán (toda la entidad)", "Analista (Yucatán)");

  // A caseworker of Quintana Roo may refer a víctima to Yucatán's Fiscalía,
  // which names its entidad.
  const caseworker = await signIn("demo.capturista");
  await menu(caseworker, "Víctimas");
  await caseworker.locator("#app tbody a").first().click();
  await giveReason(caseworker, "canalizacion");
  const to = caseworker.getByLabel("Institución receptora");
  await to.waitFor();
  assert.ok((await to.locator("option").allTextContents()).includes("Fiscalía General del Estado de Yucatán (Yucatán)"));
  assert.deepEqual([...admin.errors, ...caseworker.errors], []);
});
