// Records kept before SINTRA: the template of víctimas, expedientes and
// services, the upload of the filled file, and its errors or what it created.

import * as api from "../api.js";
import { h, clear } from "../dom.js";
import { importForm } from "./shared.js";

export const importRoutes = [{ path: "/victimas/importacion", page: importPage }];

// counted says n things in Spanish: «1 víctima», «3 víctimas».
const counted = (n, one, many) => `${n.toLocaleString("es-MX")} ${n === 1 ? one : many}`;

async function importPage(app) {
  const [form, result] = importForm({
    send: (file) => api.post("/api/v1/victimas/importacion", file, { contentType: "application/octet-stream" }),
    done: (r) => r.already_imported
      ? "Este archivo ya se había importado; no se cambió nada."
      : `Se importaron ${counted(r.victims, "víctima", "víctimas")}, ${counted(r.casos, "expediente", "expedientes")} ` +
        `y ${counted(r.services, "servicio", "servicios")}.`,
  });
  clear(app, h("h1", {}, "Importar registros desde una hoja de cálculo"),
    h("p", {}, "Traiga a SINTRA las víctimas, sus expedientes y los servicios que su institución registró antes en hojas de cálculo. " +
      "Descargue la plantilla: su hoja Instrucciones dice qué va en cada columna, y la hoja Catálogos, las claves y los nombres aceptados."),
    h("p", {}, "Se revisa cada fila antes de guardar: si alguna tiene un error no se importa ninguna, y la tabla de errores dice la hoja, " +
      "la fila y la columna de cada uno. Solo se importan registros de los municipios de su ámbito. Los datos personales se guardan cifrados."),
    h("p", {}, "También acepta un archivo CSV (UTF-8) con una víctima por fila y, en la misma fila, su expediente y un servicio."),
    h("p", {}, h("button", { type: "button", onclick: () => api.download("/api/v1/victimas/plantilla", "plantilla-victimas.xlsx") },
      "Descargar plantilla XLSX")),
    form, result,
    h("p", {}, h("a", { href: "#/victimas" }, "Ir a la lista de víctimas")));
}
