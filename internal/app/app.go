// Package app wires the domain services over one store: the one place that
// knows how they depend on each other, shared by the server, the demo
// generator, the benchmarks and the tests.
package app

import (
	"time"

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

	parts parts
}

// parts are what the services are wired from, besides the store and clock.
type parts struct {
	keys              *crypto.Keyring
	authz             *authz.Authorizer
	audit             *audit.Recorder
	analystK, publicK int
}

// NewDomain wires the domain services; analystK and publicK are the
// reports' suppression thresholds.
func NewDomain(st *store.Store, keys *crypto.Keyring, a *authz.Authorizer, rec *audit.Recorder, analystK, publicK int) Domain {
	return wire(st, parts{keys: keys, authz: a, audit: rec, analystK: analystK, publicK: publicK}, nil)
}

// AsOf returns the same services on a clock that reads now(): the demo
// generator back-dates a decade of records with it. Audit events keep the
// wall clock.
func (d Domain) AsOf(now func() time.Time) Domain {
	return wire(d.Store, d.parts, now)
}

func wire(st *store.Store, p parts, now func() time.Time) Domain {
	v := victims.NewService(st, p.keys, p.authz, p.audit, now)
	return Domain{
		Store:          st,
		Victims:        v,
		Casos:          casos.NewService(st, p.authz, p.audit, now),
		Atenciones:     atenciones.NewService(st, p.authz, p.audit, v, now),
		Canalizaciones: canalizaciones.NewService(st, p.authz, p.audit, v, now),
		Carpetas:       carpetas.NewService(st, p.keys, p.authz, p.audit, now),
		Grupo:          grupotrabajo.NewService(st, p.authz, p.audit, v, now),
		Actividades:    actividades.NewService(st, p.authz, p.audit, now),
		Reports:        reports.NewService(st, p.authz, p.audit, p.analystK, p.publicK, now),
		parts:          p,
	}
}
