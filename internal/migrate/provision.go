package migrate

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The database roles. Migrations name AppRole in their grants.
const (
	OwnerRole = "sintra_owner"
	AppRole   = "sintra_app"
)

// Provision creates the owner and application roles and a database owned by
// the owner role, connecting as a superuser. It does nothing that already exists.
func Provision(ctx context.Context, superuserURL, database string) error {
	conn, err := pgx.Connect(ctx, superuserURL)
	if err != nil {
		return fmt.Errorf("migrate: provision: connect: %w", err)
	}
	defer conn.Close(ctx)
	for _, role := range []string{OwnerRole, AppRole} {
		var exists bool
		if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", role).Scan(&exists); err != nil {
			return fmt.Errorf("migrate: provision: %w", err)
		}
		if !exists {
			if _, err := conn.Exec(ctx, "CREATE ROLE "+pgx.Identifier{role}.Sanitize()+" LOGIN"); err != nil {
				return fmt.Errorf("migrate: provision: create role %s: %w", role, err)
			}
		}
	}
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", database).Scan(&exists); err != nil {
		return fmt.Errorf("migrate: provision: %w", err)
	}
	if exists {
		return nil
	}
	create := fmt.Sprintf("CREATE DATABASE %s OWNER %s ENCODING 'UTF8' TEMPLATE template0",
		pgx.Identifier{database}.Sanitize(), pgx.Identifier{OwnerRole}.Sanitize())
	if _, err := conn.Exec(ctx, create); err != nil {
		return fmt.Errorf("migrate: provision: create database: %w", err)
	}
	// Only the roles of this product may connect.
	if _, err := conn.Exec(ctx, fmt.Sprintf("REVOKE CONNECT ON DATABASE %s FROM PUBLIC; GRANT CONNECT ON DATABASE %[1]s TO %s",
		pgx.Identifier{database}.Sanitize(), pgx.Identifier{AppRole}.Sanitize())); err != nil {
		return fmt.Errorf("migrate: provision: restrict connect: %w", err)
	}
	return nil
}
