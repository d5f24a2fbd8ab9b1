package httpapi

import (
	"net/http"
	"net/url"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/audit"
	"sintra/internal/domain"
	"sintra/internal/victims"
)

// ListVictims lists víctimas in scope.
func (h *handlers) ListVictims(c echo.Context, params api.ListVictimsParams) error {
	at, err := decodeKeyset(afterVictim, params.Cursor)
	if err != nil {
		return err
	}
	limit := limitOf(params.Limit)
	f := domain.VictimFilter{Nationality: params.Nacionalidad, Municipio: params.Municipio, Minor: params.Menor,
		IdentifiedFrom: dateOrNil(params.IdentificadaDesde), IdentifiedTo: dateOrNil(params.IdentificadaHasta)}
	if params.Sexo != nil {
		sex := string(*params.Sexo)
		f.Sex = &sex
	}
	page, err := h.deps.Victims.List(c.Request().Context(), principalOf(c), f, limit, at.After)
	if err != nil {
		return err
	}
	if !at.After.Valid { // the first page counts; later ones repeat its count
		at.Total, at.AtLeast = page.Total, page.AtLeast
	}
	out := api.VictimPage{Items: victimSummaries(page.Items), Total: at.Total, Limit: limit}
	if page.More {
		last := page.Items[len(page.Items)-1].ID
		out.Next = encodeKeyset(afterVictim, keyset{After: uuid.NullUUID{UUID: last, Valid: true}, Total: at.Total, AtLeast: at.AtLeast})
	}
	if at.AtLeast {
		out.TotalAtLeast = &at.AtLeast
	}
	return c.JSON(http.StatusOK, out)
}

// RegisterVictim registers a víctima.
func (h *handlers) RegisterVictim(c echo.Context) error {
	var req api.NewVictim
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r := victims.Registration{Municipio: req.Municipio, Attributes: attributesIn(req.Attributes),
		Personal: personalIn(req.Personal), ConfirmDuplicate: req.ConfirmDuplicate != nil && *req.ConfirmDuplicate}
	if req.Consents != nil {
		for _, k := range *req.Consents {
			r.Consents = append(r.Consents, consentIn(k))
		}
	}
	v, err := h.deps.Victims.Register(c.Request().Context(), principalOf(c), r)
	if err != nil {
		return err
	}
	setETag(c, v.Version)
	return c.JSON(http.StatusCreated, victimDTO(v))
}

// SearchVictims finds víctimas by exact folio, CURP, name and birth date, or
// parts of a name.
func (h *handlers) SearchVictims(c echo.Context) error {
	var req api.VictimSearch
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p := victims.Personal{GivenNames: deref(req.GivenNames), FirstSurname: deref(req.FirstSurname),
		SecondSurname: deref(req.SecondSurname), CURP: deref(req.Curp)}
	if req.BirthDate != nil {
		p.BirthDate = req.BirthDate.Format("2006-01-02")
	}
	terms := victims.Terms{Folio: deref(req.Folio), Personal: p, Fragment: deref(req.Nombre)}
	found, err := h.deps.Victims.Search(c.Request().Context(), principalOf(c), terms)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.VictimMatches{Items: victimSummaries(found)})
}

// GetVictim reads a víctima for a stated reason.
func (h *handlers) GetVictim(c echo.Context, id api.RecordID, params api.GetVictimParams) error {
	view, err := h.deps.Victims.Get(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	if view.Full != nil {
		setETag(c, view.Full.Version)
		full := victimDTO(*view.Full)
		return c.JSON(http.StatusOK, api.VictimView{View: api.Completa, Victim: &full})
	}
	return c.JSON(http.StatusOK, api.VictimView{View: api.Minima, Minimal: minimalDTO(*view.Minimal)})
}

// UpdateVictim replaces a víctima's data when the caller's copy is current.
func (h *handlers) UpdateVictim(c echo.Context, id api.RecordID, params api.UpdateVictimParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.VictimUpdate
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	v, err := h.deps.Victims.Update(c.Request().Context(), principalOf(c), id, version, attributesIn(req.Attributes), personalIn(req.Personal))
	if err != nil {
		return err
	}
	setETag(c, v.Version)
	return c.JSON(http.StatusOK, victimDTO(v))
}

// GetVictimHistory lists a víctima's changes for a stated reason.
func (h *handlers) GetVictimHistory(c echo.Context, id api.RecordID, params api.GetVictimHistoryParams) error {
	changes, err := h.deps.Victims.History(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	out := api.VictimHistory{Items: make([]api.VictimChange, len(changes))}
	for i, ch := range changes {
		out.Items[i] = api.VictimChange{ChangedAt: ch.ChangedAt.UTC(), ChangedBy: nullUUID(ch.ChangedBy), Field: ch.Field,
			Previous: ch.Previous, Version: ch.Version}
	}
	return c.JSON(http.StatusOK, out)
}

// RecordVictimConsent records a consent.
func (h *handlers) RecordVictimConsent(c echo.Context, id api.RecordID) error {
	var req api.Consent
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.deps.Victims.RecordConsent(c.Request().Context(), principalOf(c), id, consentIn(req)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// EraseVictim destroys a víctima's personal data.
func (h *handlers) EraseVictim(c echo.Context, id api.RecordID) error {
	var req api.Erasure
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	reason := audit.Reason{Code: string(req.ReasonCode), Text: deref(req.ReasonText)}
	if err := h.deps.Victims.Erase(c.Request().Context(), principalOf(c), id, reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// reasonOf reads the motivo de consulta headers; the detail arrives
// percent-encoded so that any text fits in a header.
func reasonOf(code api.Reason, text *api.ReasonText) audit.Reason {
	r := audit.Reason{Code: string(code)}
	if text != nil {
		r.Text = *text
		if decoded, err := url.PathUnescape(*text); err == nil {
			r.Text = decoded
		}
	}
	return r
}
