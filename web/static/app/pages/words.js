// The Spanish names of the codes the API answers with that no catalog
// serves (statuses, kinds, yes/no), and nameOf, which names a code with a
// catalog's or such a list's entries. Screens show names, never codes.

import { names } from "./shared.js";

export const yesNo = [["true", "Sí"], ["false", "No"]];

export const estadosCiviles = [
  ["soltera", "Soltera/o"], ["casada", "Casada/o"], ["union_libre", "Unión libre"], ["separada", "Separada/o"],
  ["divorciada", "Divorciada/o"], ["viuda", "Viuda/o"], ["no_especificado", "No especificado"],
];

export const calidadesMigratorias = [
  ["nacional", "Nacional"], ["regular", "Extranjera en situación regular"], ["irregular", "Extranjera en situación irregular"],
  ["solicitante_refugio", "Solicitante de refugio"], ["refugiada", "Refugiada"], ["no_especificado", "No especificado"],
];

export const consentKinds = [
  ["tratamiento_datos", "Tratamiento de sus datos"],
  ["compartir_instituciones", "Compartir su registro con otras instituciones (canalizaciones)"],
];

export const casoStatuses = [["abierto", "Abierto"], ["en_seguimiento", "En seguimiento"], ["concluido", "Concluido"]];

export const canalizacionStatuses = [
  ["enviada", "Enviada"], ["aceptada", "Aceptada"], ["rechazada", "Rechazada"], ["atendida", "Atendida"],
  ["cerrada", "Cerrada"], ["cancelada", "Cancelada"],
];

export const carpetaStatuses = [
  ["en_investigacion", "En investigación"], ["judicializada", "Judicializada"], ["vinculacion_proceso", "Vinculación a proceso"],
  ["sentencia_condenatoria", "Sentencia condenatoria"], ["sentencia_absolutoria", "Sentencia absolutoria"],
  ["no_ejercicio_archivo", "No ejercicio / archivo"],
];

export const sessionKinds = [["ordinaria", "Ordinaria"], ["extraordinaria", "Extraordinaria"]];

export const acuerdoStatuses = [["pendiente", "Pendiente"], ["en_proceso", "En proceso"], ["cumplido", "Cumplido"], ["vencido", "Vencido"]];

export const ageGroups = [
  ["0-11", "0 a 11 años"], ["12-17", "12 a 17 años"], ["18-29", "18 a 29 años"], ["30-44", "30 a 44 años"],
  ["45-59", "45 a 59 años"], ["60+", "60 años o más"], ["sin_dato", "Sin dato"],
];

export const timelineKinds = [
  ["identificacion", "Identificación"], ["registro", "Registro"], ["servicio", "Servicio"], ["canalizacion", "Canalización"],
  ["carpeta", "Carpeta de investigación"],
];

// word names a code with the pairs of one of the lists above; an unknown
// code is shown as it came.
export function word(pairs, code) {
  if (code === undefined || code === null || code === "") return "";
  const found = pairs.find(([c]) => c === String(code));
  return found ? found[1] : String(code);
}

// yesNoWord names a boolean, or nothing when unknown.
export const yesNoWord = (b) => (b === true ? "Sí" : b === false ? "No" : "");

// namers resolves with a function per catalog that names its codes, for
// the catalogs asked: namers("municipios", "instituciones").
export async function namers(...catalogs) {
  const maps = await Promise.all(catalogs.map((c) => names(c)));
  return Object.fromEntries(catalogs.map((c, i) => [c, (code) => (code ? maps[i].get(code) || code : "")]));
}
