// The documents (adjuntos) of a record, as a section of its page: a
// víctima's, an expediente's, a carpeta's or a Grupo de Trabajo session's
// consent forms, signed actas, evidence, identifications. Whoever may
// change the record attaches a PDF, JPEG or PNG (up to 10 MiB) and deletes
// one attached by mistake, with a reason; whoever reads it lists and
// downloads them, under the reason already stated for the record, or one
// stated here for a page that asked none.

import * as api from "../api.js";
import { h, clear, form, notice, table, fmtTime, action, announce } from "../dom.js";
import { label, reasons } from "./shared.js";
import { correctionReasons } from "./corrections.js";

export const adjuntoKinds = [
  ["consentimiento", "Consentimiento"], ["acta", "Acta firmada"], ["evidencia", "Evidencia"],
  ["identificacion", "Identificación"], ["otro", "Otro documento"],
];
// A víctima's consent forms and identifications go on her own record, so
// that her erasure destroys them: other records do not take them.
const personalKinds = ["consentimiento", "identificacion"];
const kindsFor = (recordPath) => (recordPath.startsWith("/api/v1/victimas/") ? adjuntoKinds
  : adjuntoKinds.filter(([kind]) => !personalKinds.includes(kind)));
const formats = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG" };

// size says a file's size in Spanish: «12 KB», «1.4 MB».
function size(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024).toLocaleString("es-MX")} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString("es-MX", { maximumFractionDigits: 1 })} MB`;
}

// adjuntosSection lists the documents of the record at recordPath (its
// API path, «/api/v1/victimas/<id>»); mine lets the caller attach and
// delete them; headers state why its data is read: without them, the
// names are not shown and a reason is asked before downloading. whose says
// whose documents they are: «de la víctima».
export async function adjuntosSection(recordPath, mine, headers, whose = "de la víctima") {
  const box = h("section", { id: "documentos", "aria-labelledby": "documentos-titulo" });
  const work = h("div", { class: "correction", "aria-live": "polite" });
  let stated = headers;
  const refresh = async (message) => {
    const list = await api.get(`${recordPath}/adjuntos`, stated ? { headers: stated } : {});
    clear(box, h("h2", { id: "documentos-titulo" }, "Documentos"), message ? notice(message) : null,
      table([["Documento", (a) => a.name || label(adjuntoKinds, a.kind)], ["Tipo", (a) => label(adjuntoKinds, a.kind)],
        ["Descripción", (a) => a.description || ""], ["Formato", (a) => `${formats[a.content_type] || a.content_type}, ${size(a.size)}`],
        ["Adjuntado", (a) => `${fmtTime(a.attached_at)}, ${a.attached_by}`],
        ["Estado", (a) => (a.voided ? h("span", { class: "status vencido" }, `Eliminado ${fmtTime(a.voided_at)}`) : "Vigente")],
        ["Acciones", (a) => (a.voided ? "" : [
          stated ? action("Descargar", () => api.download(`/api/v1/adjuntos/${a.id}`, a.name || "documento", { headers: stated }),
            { class: "secondary", "aria-label": `Descargar ${a.name || label(adjuntoKinds, a.kind)}` }) : null,
          mine ? h("button", { type: "button", class: "secondary", "aria-label": `Eliminar ${a.name || label(adjuntoKinds, a.kind)}`,
            onclick: () => voidForm(a) }, "Eliminar") : null,
        ]), { hidden: true }]],
      list.items, { caption: `Documentos ${whose}`, empty: "No tiene documentos adjuntos." }),
      stated || !list.items.length ? null : reasonForm(), work, mine ? uploadForm() : null);
  };
  // reasonForm asks why the documents are read, to show their names and
  // download them.
  const reasonForm = () => h("div", {}, h("h3", {}, "Ver nombres y descargar"), form({
    fields: [
      { name: "code", label: "Motivo de la consulta de los documentos", type: "select", required: true, options: reasons },
      { name: "text", label: "Detalle del motivo (obligatorio con «Otro»; sin datos personales)" },
    ],
    submit: "Mostrar documentos",
    onSubmit: async (r) => {
      stated = api.reasonHeaders(r);
      await refresh();
    },
  }));
  const voidForm = (a) => clear(work, h("h3", {}, `Eliminar ${a.name || label(adjuntoKinds, a.kind)}`),
    h("p", {}, "Se borra el archivo; queda en la lista como eliminado, con quién lo eliminó, cuándo y por qué."),
    form({
      fields: [
        { name: "reason_code", label: "Motivo", type: "select", required: true, options: correctionReasons },
        { name: "reason_text", label: "Explique el motivo (obligatorio con «Otro»; se guarda cifrado)", type: "textarea" },
      ],
      submit: "Confirmar eliminación",
      confirm: "¿Eliminar el documento? No se puede deshacer.",
      onSubmit: async (body) => {
        await api.post(`/api/v1/adjuntos/${a.id}/anulacion`, body);
        clear(work);
        const message = "Documento eliminado.";
        await refresh(message);
        announce(message);
      },
    }));
  const uploadForm = () => {
    const file = h("input", { type: "file", id: "documento-archivo", name: "file", required: true,
      accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png", "aria-describedby": "documento-archivo-err" });
    const fileField = h("div", { class: "field", "data-field": "file" },
      h("label", { for: "documento-archivo" }, "Archivo (PDF, JPEG o PNG, hasta 10 MB)"), file,
      h("span", { class: "field-error", id: "documento-archivo-err" }));
    return h("div", {}, h("h3", {}, "Adjuntar un documento"), form({
      fields: [
        { name: "kind", label: "Tipo de documento", type: "select", required: true, options: kindsFor(recordPath) },
        { name: "description", label: "Descripción (se guarda cifrada)", type: "textarea" },
        fileField,
      ],
      submit: "Adjuntar documento",
      onSubmit: async (body) => {
        const chosen = file.files[0];
        if (!chosen) throw Object.assign(new Error("Elija un archivo."), { errors: [{ field: "file", message: "Elija un archivo." }] });
        const data = new FormData();
        data.append("kind", body.kind);
        if (body.description) data.append("description", body.description);
        data.append("file", chosen, chosen.name);
        await api.post(`${recordPath}/adjuntos`, data);
        const message = `Documento adjuntado: ${chosen.name}.`;
        await refresh(message);
        announce(message);
      },
    }));
  };
  await refresh();
  return box;
}
