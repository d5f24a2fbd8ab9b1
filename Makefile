# SINTRA Quintana Roo. `make run` installs what is missing and starts the
# product; `make test` runs the whole test suite.

# The code generators are tool dependencies pinned in tools.mod, kept apart
# from go.mod so that their dependencies never change the product's.
GO_TOOL = $(GO) tool -modfile=tools.mod

GO ?= go
BIN := $(CURDIR)/bin
# The version `sintra --version` prints: the nearest tag and the commits since.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)

.PHONY: all setup setup-test build run test test-web fuzz bench generate clean

all: build

## setup: install PostgreSQL from the system's packages if missing
setup:
	@scripts/setup

## setup-test: also Chromium and Node.js, for the browser tests
setup-test:
	@scripts/setup --browser

## build: compile the sintra binary into bin/
build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN)/sintra ./cmd/sintra

## run: install what is missing, build and serve a demo on http://127.0.0.1:8080
run: setup build
	$(BIN)/sintra serve --demo --require-mfa=false

## test: install what is missing and run every test against a real PostgreSQL,
## then the browser tests of the web application in Chromium
test: setup-test build
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...
	$(MAKE) fuzz
	$(MAKE) test-web

# Every decoder of untrusted input, as package:FuzzTarget.
FUZZ_TARGETS := ./internal/victims:FuzzValidCURP ./internal/crypto:FuzzNormalize \
	./internal/actividades:FuzzReadRows ./internal/sheetimport:FuzzReadBook ./internal/auth:FuzzTokenParse \
	./internal/httpapi:FuzzBindJSON ./internal/httpapi:FuzzCursors ./internal/catalog:FuzzParseMunicipios \
	./internal/feed:FuzzVerify ./internal/adjuntos:FuzzFileName
# A count, not a duration: a duration races Go's fuzz coordinator at its deadline
# (go.dev/issue/75804, fixed in Go 1.27) and fails with no failing input.
FUZZ_EXECS ?= 20000

## fuzz: run each fuzz target for FUZZ_EXECS inputs
fuzz:
	@mkdir -p $(BIN)
	@for target in $(FUZZ_TARGETS); do \
		pkg=$${target%%:*}; name=$${target##*:}; \
		echo "fuzzing $$name for $(FUZZ_EXECS) inputs"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZ_EXECS)x >$(BIN)/fuzz.log 2>&1 || \
			{ tail -n 40 $(BIN)/fuzz.log; exit 1; }; \
	done

## test-web: the browser journeys (screenshots in web/e2e/artifacts/)
test-web: setup-test build
	cd web/e2e && npm ci --no-audit --no-fund --loglevel=error && SINTRA_BIN=$(BIN)/sintra npm test --silent

## bench: the benchmarks (API vs direct pgx, reports at state and national scale, sign-in, memory);
## prints tables. The national scale takes about half an hour to generate: BENCH_ESCALAS=estatal skips it.
BENCH_ESCALAS ?= estatal nacional
bench: setup
	SINTRA_BENCH_ESCALAS="$(BENCH_ESCALAS)" $(GO) test ./internal/bench -run '^$$' -bench . -benchtime 1x -timeout 3h

## generate: regenerate internal/store/internal/db (sqlc) and api/api.gen.go (oapi-codegen)
generate:
	$(GO_TOOL) sqlc generate
	$(GO_TOOL) oapi-codegen -config api/oapi-codegen.yaml api/openapi.yaml

clean:
	rm -rf $(BIN)
