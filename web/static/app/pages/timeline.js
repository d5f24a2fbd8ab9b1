// The names of what a víctima's timeline says in codes: "atencion_psicologica:
// CEAVEQROO → IQM (aceptada)" reads "Atención psicológica: CEAVEQROO → Instituto
// Quintanarroense de la Mujer (Aceptada)".

import { word, canalizacionStatuses, carpetaStatuses } from "./words.js";

// timelineWhat names the codes of a timeline event with the catalogs in n
// (from namers: tipos-servicio, instituciones) and the status names.
export function timelineWhat(e, n) {
  if (e.kind === "servicio") return n["tipos-servicio"](e.what);
  if (e.kind === "canalizacion") {
    const m = /^(\S+): (\S+) → (\S+) \((\w+)\)$/.exec(e.what);
    if (m) return `${n["tipos-servicio"](m[1])}: ${n.instituciones(m[2])} → ${n.instituciones(m[3])} (${word(canalizacionStatuses, m[4])})`;
  }
  if (e.kind === "carpeta") {
    const m = /^(\w+)(?: \((\S+)\))?$/.exec(e.what);
    if (m) return word(carpetaStatuses, m[1]) + (m[2] ? ` (${n["distritos-judiciales"] ? n["distritos-judiciales"](m[2]) : m[2]})` : "");
  }
  return e.what;
}
