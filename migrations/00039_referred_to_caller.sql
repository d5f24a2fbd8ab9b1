-- An institution reads the víctimas referred to it and the services it
-- gave them (00023). Written as sub-selects on canalizaciones, those two
-- policies put a join into every plan that reads victims or services,
-- even in a transaction that names no institution, as the reports'
-- counting does: the planner then read a quarter's services through the
-- wrong index, one process alone, in three times what the owner's plan
-- takes. The same rule, asked of a function, stays out of the plan: it is
-- asked only of a row of the caller's institution (services), or only when
-- the transaction names an institution (victims).

-- +goose Up
CREATE FUNCTION sintra_referred_to_caller(victim uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT EXISTS (SELECT 1 FROM canalizaciones c WHERE c.victim_id = victim AND c.to_institution = sintra_institution()) $$;

ALTER POLICY victims_canalizadas ON victims
    USING ((SELECT sintra_institution()) <> '' AND sintra_referred_to_caller(id));
ALTER POLICY services_of_receiver ON services
    USING (institution_code = (SELECT sintra_institution()) AND sintra_referred_to_caller(victim_id))
    WITH CHECK (institution_code = (SELECT sintra_institution()) AND sintra_referred_to_caller(victim_id));

-- +goose Down
ALTER POLICY victims_canalizadas ON victims
    USING (EXISTS (SELECT 1 FROM canalizaciones c WHERE c.victim_id = victims.id AND c.to_institution = (SELECT sintra_institution())));
ALTER POLICY services_of_receiver ON services
    USING (institution_code = (SELECT sintra_institution())
           AND EXISTS (SELECT 1 FROM canalizaciones c WHERE c.victim_id = services.victim_id AND c.to_institution = services.institution_code))
    WITH CHECK (institution_code = (SELECT sintra_institution())
           AND EXISTS (SELECT 1 FROM canalizaciones c WHERE c.victim_id = services.victim_id AND c.to_institution = services.institution_code));
DROP FUNCTION sintra_referred_to_caller(uuid);
