# Makefile for github.com/gobapi/clerk. Run `make help` for the targets.
GO       ?= go
OAPI     := .bin/oapi-codegen
CLIENTSPEC := .bin/clientspec
UPSTREAM ?= ../shared/clerk-openapi/bapi-2026-05-12.yml
STATICCHECK_VERSION := v0.8.2
# Framework adapters, each its own module (tested and linted in its own directory, GOWORK=off).
MODULES  := clerkgin clerkecho clerkgrpc

.PHONY: help generate generate-check spec-drift coverage-report bench-compare bench-verify test test-tools lint bench demo tools bench-adapters bench-limit

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

$(OAPI): internal/tools/go.mod internal/tools/go.sum
	cd internal/tools && $(GO) build -o $(CURDIR)/$(OAPI) github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen

$(CLIENTSPEC): internal/tools/go.mod internal/tools/clientspec/main.go
	cd internal/tools && $(GO) build -o $(CURDIR)/$(CLIENTSPEC) ./clientspec

tools: $(OAPI) $(CLIENTSPEC) ## build the pinned code generator and the client-spec filter into .bin/

generate: $(OAPI) $(CLIENTSPEC) ## regenerate gen/ from openapi/bapi.yaml
	./scripts/generate.sh

generate-check: $(OAPI) $(CLIENTSPEC) ## fail when gen/ is not what openapi/ generates
	./scripts/generate.sh check

spec-drift: ## compare our spec with an upstream file: make spec-drift UPSTREAM=path/to/bapi.yml
	cd internal/tools && $(GO) run ./specdrift -ours ../../openapi/bapi.yaml -allow ../../openapi/drift-allow.yaml -upstream $(abspath $(UPSTREAM))

coverage-report: ## operations our spec covers / operations upstream (UPSTREAM=path/to/bapi.yml)
	@cd internal/tools && $(GO) run ./specdrift -ours ../../openapi/bapi.yaml -allow ../../openapi/drift-allow.yaml -upstream $(abspath $(UPSTREAM)) | grep -E '^operations:'

test: ## run every test: root module (race detector), tools module, browser e2e module
	@./scripts/crosscheck-status.sh
	@command -v chromium >/dev/null 2>&1 || [ -n "$$CHROMIUM" ] || echo "e2e: SKIPPED: chromium not found (apt-get install chromium, or set CHROMIUM); the browser tests will not run$$( [ "$$CI" = true ] && echo ', which fails under CI=true')"
	cd e2e && $(GO) test -count=1 ./...
	$(GO) test -race -count=1 ./...
	cd internal/tools && $(GO) test -count=1 ./...
	for m in $(MODULES); do (cd $$m && GOWORK=off $(GO) test -race -count=1 ./...) || exit 1; done
	@command -v redis-server >/dev/null || echo "redislimit and import-users Redis tests: SKIPPED: redis-server not found (install the Debian package redis-server)"
	cd redislimit && $(GO) test -race -count=1 ./...
	cd examples/import-users && $(GO) test -race -count=1 ./...
	cd internal/fidelity/officialsdk && $(GO) test -race -count=1 ./...

lint: ## go vet and staticcheck (generated code excluded from staticcheck)
	cd e2e && $(GO) vet ./... && $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $$($(GO) list ./... | grep -v -e '/gen$$' -e '/bapi$$' -e '/internal/apiclient$$' -e '/internal/bapiserver$$')
	for m in $(MODULES); do (cd $$m && GOWORK=off $(GO) vet ./... && GOWORK=off $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...) || exit 1; done
	MODULES="$(MODULES)" ./scripts/adapter-modules.sh
	cd redislimit && $(GO) vet ./... && $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	cd examples/import-users && $(GO) vet ./... && $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	cd internal/fidelity/officialsdk && $(GO) vet ./... && $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

bench: ## run the benchmarks (report with benchstat)
	$(GO) test -run '^$$' -bench . -benchmem -count=6 ./... | tee bench.out

bench-limit: ## 4 import processes sharing one rate budget through Redis vs each alone; writes its BENCHMARKS.md section (~2 min)
	./scripts/bench-limit.sh

bench-verify: ## the verifier against the RSA floor, interleaved rounds with ratios (~4 min)
	./scripts/bench-verify.sh

bench-compare: ## compare with clerk-sdk-go v2 and golang-jwt; writes BENCHMARKS.md (~5 min)
	./scripts/bench-compare.sh

demo: ## run the quick start against clerktest, the in-process fake Clerk (never a real instance)
	@echo "make demo: compiling examples/quickstart (under a minute on an empty build cache, a few seconds after that)..."
	@$(GO) build -o .bin/quickstart ./examples/quickstart
	@echo "make demo: running it against clerktest, the in-process fake Clerk: no account, nothing leaves this machine."
	@./.bin/quickstart

bench-adapters: ## each framework adapter's overhead over the root middleware, cached token (one run)
	for m in $(MODULES); do (cd $$m && GOWORK=off $(GO) test -run '^$$' -bench Overhead -benchtime=40x -count=6 .) || exit 1; done
