// Package app wires the domain services over one store: the one place that
// knows how they depend on each other, shared by the server, the demo
// generator, the benchmarks and the tests.
package app

import (
	"sintra/internal/actividades"
	"sintra/internal/atenciones"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/canalizaciones"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/crypto"
	"sintra/internal/grupotrabajo"
	"sintra/internal/reports"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Domain holds the services that record and report on víctimas, casos,
// follow-up, the Grupo de Trabajo and activities.
type Domain struct {
	Store          *store.Store
	Victims        *victims.Service
	Casos          *casos.Service
	Atenciones     *atenciones.Service
	Canalizaciones *canalizaciones.Service
	Carpetas       *carpetas.Service
	Grupo          *grupotrabajo.Service
	Actividades    *actividades.Service
	Reports        *reports.Service
}

// NewDomain wires the domain services; analystK and publicK are the
// reports' suppression thresholds.
func NewDomain(st *store.Store, keys *crypto.Keyring, a *authz.Authorizer, rec *audit.Recorder, analystK, publicK int) Domain {
	v := victims.NewService(st, keys, a, rec, nil)
	return Domain{
		Store:          st,
		Victims:        v,
		Casos:          casos.NewService(st, a, rec, nil),
		Atenciones:     atenciones.NewService(st, a, rec, v, nil),
		Canalizaciones: canalizaciones.NewService(st, a, rec, v, nil),
		Carpetas:       carpetas.NewService(st, keys, a, rec, nil),
		Grupo:          grupotrabajo.NewService(st, a, rec, v, nil),
		Actividades:    actividades.NewService(st, a, rec, nil),
		Reports:        reports.NewService(st, a, rec, analystK, publicK, nil),
	}
}
