// Sign-in, the second factor, and the account's own settings.

import * as api from "../api.js";
import { h, clear, form, notice, focusOn } from "../dom.js";
import { user } from "../session.js";

export function loginPage(app, { message, onSignedIn }) {
  let needCode = false;
  const draw = (msg) => {
    const fields = [
      { name: "username", label: "Usuario", required: true, autocomplete: "username" },
      { name: "password", label: "Contraseña", type: "password", required: true, autocomplete: "current-password",
        help: "Si recibió su contraseña temporal en dos mitades, escriba la primera y enseguida la segunda, sin espacios." },
    ];
    if (needCode) {
      fields.push({ name: "totp_code", label: "Código de 6 dígitos de su aplicación de autenticación", inputmode: "numeric",
        autocomplete: "one-time-code" });
      fields.push({ name: "recovery_code", label: "O un código de recuperación", help: "Úselo solo si no tiene su aplicación." });
    }
    const f = form({
      fields, submit: "Iniciar sesión",
      onSubmit: async (body) => {
        try {
          api.keepTokens(await api.post("/api/v1/auth/login", body));
        } catch (err) {
          if (err.code === "mfa_required" && !needCode) {
            needCode = true;
            const keep = { username: body.username, password: body.password };
            draw("Escriba el código de su aplicación de autenticación.");
            app.querySelector('[name="username"]').value = keep.username;
            app.querySelector('[name="password"]').value = keep.password;
            app.querySelector('[name="totp_code"]').focus();
            return;
          }
          throw err;
        }
        onSignedIn();
      },
    });
    clear(app, h("section", { class: "login" }, h("h1", {}, "Iniciar sesión"),
      msg ? notice(msg) : null,
      h("p", {}, "Sistema de información sobre víctimas de trata de personas del Estado de Quintana Roo."), f));
  };
  draw(message);
}

// accountPage finishes a session's set-up (new password, second factor)
// or, without a restriction, lets the person change the password.
export async function accountPage(app, { restriction, onDone } = {}) {
  if (restriction === "mfa_enrollment_required") return enrolPage(app, onDone);
  const f = form({
    fields: [
      { name: "current_password", label: "Contraseña actual", type: "password", required: true, autocomplete: "current-password",
        help: restriction ? "La contraseña temporal con la que entró (si la recibió en dos mitades, las dos seguidas)." : undefined },
      { name: "new_password", label: "Contraseña nueva", type: "password", required: true, autocomplete: "new-password",
        help: "Al menos 12 caracteres; evite contraseñas comunes y nombres de lugares de Quintana Roo." },
    ],
    submit: "Cambiar contraseña",
    onSubmit: async (body) => {
      await api.post("/api/v1/auth/password", body);
      clear(app, h("h1", {}, "Contraseña cambiada"), notice("Su contraseña se cambió."),
        h("p", {}, h("a", { href: "#/" }, "Continuar")));
      if (onDone) onDone();
    },
  });
  const second = restriction ? null : h("section", {}, h("h2", {}, "Segundo factor"),
    user().mfa_enabled
      ? h("p", {}, "Su cuenta pide un código de su aplicación de autenticación al iniciar sesión.")
      : [h("p", {}, "Proteja su cuenta con un código de su aplicación de autenticación."),
        h("button", { type: "button", onclick: () => enrolPage(app, () => location.reload()) }, "Activar segundo factor")]);
  clear(app, h("h1", {}, restriction ? "Cambie su contraseña para continuar" : "Mi cuenta"),
    restriction ? notice("Su cuenta tiene una contraseña temporal: elija una nueva.") : h("h2", {}, "Contraseña"), f, second);
}

async function enrolPage(app, onDone) {
  const enrolment = await api.post("/api/v1/auth/totp");
  const f = form({
    fields: [{ name: "code", label: "Código de 6 dígitos que muestra la aplicación", required: true, inputmode: "numeric",
      autocomplete: "one-time-code" }],
    submit: "Activar segundo factor",
    onSubmit: async (body) => {
      const codes = await api.post("/api/v1/auth/totp/confirmacion", body);
      recoveryCodesPage(app, codes.recovery_codes, onDone);
    },
  });
  clear(app, h("h1", {}, "Active su segundo factor"),
    h("p", {}, "Su función exige un segundo factor. Abra su aplicación de autenticación (por ejemplo, FreeOTP o Google Authenticator), agregue una cuenta y escanee este código:"),
    h("img", { class: "qr", src: `data:image/png;base64,${enrolment.qr_png}`, width: 256, height: 256,
      alt: "Código QR para agregar la cuenta a su aplicación de autenticación" }),
    h("p", {}, "Si no puede escanearlo, escriba esta clave en la aplicación:"),
    h("p", {}, h("code", { class: "secret" }, enrolment.secret)), f);
  focusOn(app.querySelector("h1"));
}

// recoveryCodesPage shows the one-time recovery codes once, to download as
// a text file or print, before going on.
function recoveryCodesPage(app, codes, onDone) {
  const me = user();
  const text = ["SINTRA Quintana Roo: códigos de recuperación", `Cuenta: ${me ? me.username : ""}`, "",
    "Cada código sirve una sola vez, si no tiene su aplicación de autenticación.", "", ...codes, ""].join("\r\n");
  const save = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = h("a", { href: url, download: "sintra-codigos-de-recuperacion.txt" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  clear(app, h("h1", {}, "Segundo factor activado"),
    notice("Guarde estos códigos de recuperación en un lugar seguro: cada uno sirve una sola vez. No se volverán a mostrar."),
    h("ul", { class: "codes" }, codes.map((c) => h("li", {}, h("code", {}, c)))),
    h("p", { class: "actions no-print" },
      h("button", { type: "button", onclick: save }, "Descargar (.txt)"),
      h("button", { type: "button", class: "secondary", onclick: () => window.print() }, "Imprimir"),
      h("button", { type: "button", class: "secondary", onclick: onDone }, "Continuar")));
}
