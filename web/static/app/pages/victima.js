// A víctima's record, after stating why: her data, expedientes and
// consents, the services given and the canalizaciones sent, her medidas de
// protección, her documents, the history of changes and, for her
// institution, ARCO erasure.

import * as api from "../api.js";
import { h, clear, form, notice, table, facts, fmtDate, fmtTime, action, announce } from "../dom.js";
import { today } from "../clock.js";
import { hasRole, user } from "../session.js";
import { go } from "../navigate.js";
import { askReason, carryReason, options, sexes, label, reasons } from "./shared.js";
import {
  word, yesNoWord, namers, estadosCiviles, calidadesMigratorias, consentKinds, casoStatuses, ageGroups, timelineKinds,
} from "./words.js";
import { timelineWhat } from "./timeline.js";
import { serviceChanges } from "./canalizaciones.js";
import { voidedMark } from "./corrections.js";
import { medidasSection } from "./medidas.js";
import { adjuntosSection } from "./adjuntos.js";

export async function recordPage(app, { id }) {
  const reason = await askReason(app, "Consultar registro", `victima:${id}`);
  await showRecord(app, id, reason);
}

async function showRecord(app, id, reason) {
  const headers = api.reasonHeaders(reason);
  const view = await api.get(`/api/v1/victimas/${id}`, { headers });
  const n = await namers("instituciones", "municipios", "nacionalidades", "lenguas-indigenas", "modalidades", "tipos-servicio",
    "distritos-judiciales");
  if (view.view === "minima") {
    const m = view.minimal;
    return clear(app, h("h1", {}, `Víctima ${m.folio}`), notice("Vista mínima: la del Grupo de Trabajo."),
      facts([["Iniciales", m.initials], ["Sexo", label(sexes, m.sex)], ["Grupo de edad", word(ageGroups, m.age_group)],
        ["Nacionalidad", n.nacionalidades(m.nationality)], ["Modalidades", m.modalidades.map(n.modalidades).join(", ")],
        ["Estado", word(casoStatuses, m.status)]]));
  }
  const v = view.victim;
  const p = v.personal || {};
  const a = v.attributes;
  const mine = hasRole("capturista") && v.institution === user().institution && !v.erased;
  const again = () => showRecord(app, id, reason);
  const sections = [
    h("h1", {}, `Víctima ${v.folio}`),
    v.erased ? notice("Sus datos personales fueron suprimidos.", "warning") : null,
    h("h2", {}, "Datos personales"),
    facts([["Nombre", [p.given_names, p.first_surname, p.second_surname].filter(Boolean).join(" ")], ["Alias", p.alias],
      ["CURP", p.curp], ["Fecha de nacimiento", fmtDate(p.birth_date)], ["Teléfono", p.phone], ["Domicilio", p.address],
      ["Contactos", p.contacts], ["Notas", p.notes]]),
    h("h2", {}, "Datos estadísticos"),
    facts([["Institución", n.instituciones(v.institution)], ["Municipio", n.municipios(v.municipio)],
      ["Identificada", fmtDate(a.identified_on)], ["Sexo", label(sexes, a.sex)], ["Edad", a.age],
      ["Nacionalidad", n.nacionalidades(a.nationality)], ["Estado civil", word(estadosCiviles, a.estado_civil)],
      ["Calidad migratoria", word(calidadesMigratorias, a.calidad_migratoria)],
      ["Lengua indígena", n["lenguas-indigenas"](a.indigenous_language)], ["Discapacidad", yesNoWord(a.disability)],
      ["Menor de edad en los hechos", yesNoWord(a.minor_at_time)], ["Presentó denuncia", yesNoWord(a.denuncia_filed)]]),
    mine ? h("p", {}, h("a", { href: `#/victimas/${id}/editar`, class: "button" }, "Editar datos")) : null,
    h("h2", {}, "Expedientes"),
    table([["Folio", (c) => h("a", { href: `#/casos/${c.id}` }, c.folio)], ["Estado", (c) => word(casoStatuses, c.status)]], v.casos,
      { empty: "No está en ningún expediente." }),
    mine ? h("p", {}, h("a", { href: `#/casos/registro/${id}` }, "Abrir un expediente con esta víctima")) : null,
    consentSection(v, mine, again),
  ];
  const timelineBox = h("section", {}, h("h2", {}, "Línea de tiempo"));
  const refreshTimeline = async () => {
    const t = await api.get(`/api/v1/victimas/${id}/linea-de-tiempo`, { headers });
    clear(timelineBox, h("h2", {}, "Línea de tiempo"), table([["Fecha", (e) => fmtDate(e.on)], ["Tipo", (e) => word(timelineKinds, e.kind)],
      ["Qué", (e) => timelineWhat(e, n)], ["Institución", (e) => n.instituciones(e.institution)], ["Cantidad", (e) => e.quantity ?? ""],
      ["Notas", (e) => e.notes || ""]], t.items));
  };
  const servicesBox = h("section", { id: "servicios", "aria-live": "polite" });
  const serviceTypes = mine ? await options("tipos-servicio") : [];
  const refreshServices = async (message) => {
    const given = await api.get(`/api/v1/victimas/${id}/servicios?anuladas=true`);
    clear(servicesBox, h("h2", {}, "Servicios"), message ? notice(message) : null,
      table([["Fecha", (s) => fmtDate(s.provided_on)], ["Servicio", (s) => n["tipos-servicio"](s.type)], ["Cantidad", (s) => s.quantity],
        ["Institución", (s) => n.instituciones(s.institution)], ["Estado", voidedMark],
        ["Cambios", serviceChanges(serviceTypes, async (m) => { await refreshServices(m); await refreshTimeline(); }, () => headers)]],
      given.items, { empty: "Aún no hay servicios registrados." }));
  };
  const refreshBoth = async () => {
    await refreshServices();
    await refreshTimeline();
  };
  if (mine) sections.push(...(await serviceAndReferral(id, reason, n, refreshBoth)));
  sections.push(servicesBox, await medidasSection(id, mine, headers, n), await adjuntosSection(`/api/v1/victimas/${id}`, mine, headers), timelineBox,
    historySection(id, headers));
  if (mine) sections.push(erasureSection(v, reason, again));
  clear(app, sections);
  await refreshBoth();
}

// consentSection lists her consents, the latest of each kind first, and
// lets her institution record one given or withdrawn.
function consentSection(v, mine, again) {
  const latest = [...v.consents].sort((x, y) => (y.given_on + y.recorded_at).localeCompare(x.given_on + x.recorded_at));
  return h("section", { id: "consentimientos" }, h("h2", {}, "Consentimientos"),
    table([["Consentimiento", (c) => word(consentKinds, c.kind)], ["Otorgado", (c) => (c.granted ? "Sí" : "No (retirado o negado)")],
      ["Fecha", (c) => fmtDate(c.given_on)], ["Registrado", (c) => fmtTime(c.recorded_at)]], latest,
    { empty: "No hay consentimientos registrados." }),
    mine ? form({
      fields: [
        { name: "kind", label: "Consentimiento", type: "select", required: true, options: consentKinds },
        { name: "granted", label: "¿Lo otorga?", type: "select", required: true, boolean: true,
          options: [["true", "Sí, lo otorga"], ["false", "No: lo niega o lo retira"]] },
        { name: "given_on", label: "Fecha en que lo expresó", type: "date", required: true },
      ],
      submit: "Registrar consentimiento",
      onSubmit: async (body) => {
        await api.post(`/api/v1/victimas/${v.id}/consentimientos`, body);
        await again();
        announce(`Consentimiento registrado: ${word(consentKinds, body.kind).toLowerCase()}, ${body.granted ? "otorgado" : "negado o retirado"}.`);
      },
    }) : null);
}

// serviceAndReferral are the forms of her institution: a service given,
// and a canalización to another institution.
async function serviceAndReferral(id, reason, n, refreshTimeline) {
  const [services, institutions, on] = await Promise.all([options("tipos-servicio"), options("instituciones"), today()]);
  const done = h("p", { role: "status" });
  const consentHelp = h("div", { "aria-live": "polite" });
  const serviceForm = form({
    fields: [
      { name: "type", label: "Servicio", type: "select", required: true, options: services },
      { name: "provided_on", label: "Fecha", type: "date", required: true, value: on },
      { name: "quantity", label: "Cantidad (unidades)", type: "number", min: 1, value: 1, required: true },
      { name: "notes", label: "Notas (se guardan cifradas)", type: "textarea" },
    ],
    submit: "Registrar servicio",
    onSubmit: async (body) => {
      await api.post(`/api/v1/victimas/${id}/servicios`, body);
      await refreshTimeline();
      done.textContent = `Servicio registrado: ${n["tipos-servicio"](body.type)}.`;
    },
  });
  const referral = form({
    fields: [
      { name: "to", label: "Institución receptora", type: "select", required: true,
        options: institutions.filter(([code]) => code !== user().institution) },
      { name: "service_type", label: "Servicio solicitado", type: "select", required: true, options: services },
      { name: "sent_on", label: "Fecha de envío", type: "date", required: true, value: on },
      { name: "notes", label: "Notas para la institución (se guardan cifradas)", type: "textarea" },
    ],
    submit: "Enviar canalización",
    onSubmit: async (body) => {
      clear(consentHelp);
      let c;
      try {
        c = await api.post("/api/v1/canalizaciones", { ...body, victim_id: id });
      } catch (err) {
        // Without her consent to share, the way on is to record it.
        if (err.status === 409) {
          clear(consentHelp, h("p", {}, h("a", { href: "#consentimientos", onclick: (ev) => {
            ev.preventDefault();
            const section = document.getElementById("consentimientos");
            section.querySelector("select").focus();
          } }, "Registre el consentimiento de la víctima")));
        }
        throw err;
      }
      carryReason(`canalizacion:${c.id}`, reason);
      go(`/canalizaciones/${c.id}`, `Canalización enviada a ${n.instituciones(body.to)}.`);
    },
  });
  return [h("h2", {}, "Registrar servicio"), serviceForm, done, h("h2", {}, "Canalizar a otra institución"), referral, consentHelp];
}

// historyFields names the fields of the record, for its history.
const historyFields = {
  given_names: "Nombre(s)", first_surname: "Primer apellido", second_surname: "Segundo apellido", alias: "Alias", curp: "CURP",
  birth_date: "Fecha de nacimiento", address: "Domicilio", phone: "Teléfono", contacts: "Contactos", notes: "Notas",
  identified_on: "Fecha de identificación", sex: "Sexo", age: "Edad", nationality: "Nacionalidad", estado_civil: "Estado civil",
  calidad_migratoria: "Calidad migratoria", indigenous_language: "Lengua indígena", disability: "Discapacidad",
  minor_at_time: "Menor de edad en los hechos", denuncia_filed: "Presentó denuncia",
};

// historySection shows, on request, who changed which field when, with
// the value it had before.
function historySection(id, headers) {
  const box = h("div", { "aria-live": "polite" });
  return h("section", {}, h("h2", {}, "Historial de cambios"),
    h("p", {}, action("Ver historial de cambios", async () => {
      const changes = await api.get(`/api/v1/victimas/${id}/historial`, { headers });
      clear(box, table([["Fecha", (c) => fmtTime(c.changed_at)], ["Dato", (c) => historyFields[c.field] || c.field],
        ["Valor anterior", (c) => c.previous], ["Versión", (c) => c.version]], changes.items,
      { empty: "El registro no ha cambiado desde que se capturó." }));
    }, { class: "secondary" })), box);
}

// erasureSection erases her personal data for good (ARCO cancelación),
// after confirming; her statistical attributes keep counting.
function erasureSection(v, reason, again) {
  return h("section", {}, h("h2", {}, "Suprimir datos personales (cancelación ARCO)"),
    h("p", {}, "Destruye para siempre sus datos personales, notas e historial cifrados. Los datos estadísticos se conservan y siguen contando en los informes."),
    form({
      fields: [
        { name: "reason_code", label: "Motivo de la supresión", type: "select", required: true, options: reasons, value: "solicitud_arco" },
        { name: "reason_text", label: "Detalle (sin datos personales)" },
      ],
      submit: "Suprimir datos personales",
      confirm: `¿Suprimir para siempre los datos personales de ${v.folio}? No se podrán recuperar.`,
      onSubmit: async (body) => {
        await api.post(`/api/v1/victimas/${v.id}/supresion`, body);
        await again();
        announce(`Se suprimieron para siempre los datos personales de ${v.folio}.`);
      },
    }));
}
