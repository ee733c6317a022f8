# tskube: `make run` starts the all-in-one server on the embedded store;
# `make test` builds everything and runs the whole suite.
SHELL := /bin/bash
NODE_MODULES_STAMP := node_modules/.install-stamp
SCHEMAS := api-schemas/generated/STAMP
PROTO := api-schemas/generated/proto.json
OPENAPI_PROTO := api-schemas/generated/openapi-v2.proto.json
DATA_DIR ?= .tskube
PORT ?= 6443

.PHONY: all install schemas build run test test-unit bench clean etcd upstream conformance conformance-list conformance-docs

all: build

$(NODE_MODULES_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(NODE_MODULES_STAMP)

$(SCHEMAS): hack/gen-api-schemas.mjs api-schemas/served-group-versions.json
	node hack/gen-api-schemas.mjs

$(PROTO): hack/gen-proto.mjs $(SCHEMAS) $(NODE_MODULES_STAMP)
	node hack/gen-proto.mjs

# gen-api-schemas.mjs replaces api-schemas/generated/ as a whole, hence the dependency
$(OPENAPI_PROTO): hack/gen-openapi-proto.mjs $(SCHEMAS) $(NODE_MODULES_STAMP)
	node hack/gen-openapi-proto.mjs

schemas: $(SCHEMAS) $(PROTO) $(OPENAPI_PROTO)

build: $(NODE_MODULES_STAMP) $(SCHEMAS) $(PROTO) $(OPENAPI_PROTO)
	npx tsc -p tsconfig.json
	@node hack/build-info.mjs

etcd:
	@bash hack/etcd/build.sh >/dev/null

run: build
	bin/tskube server --data-dir $(DATA_DIR) --secure-port $(PORT)

# the whole suite; tests start the services they need (etcd, servers) themselves
test: build etcd
	npx mocha

test-unit: build
	npx mocha 'dist/test/unit/**/*.test.js'

bench: build etcd
	node dist/hack/bench/bench.js

# pinned upstream binaries (e2e.test, kubelet, kube-proxy, kube-apiserver, kube-scheduler,
# agnhost, crictl) into ~/.cache/tskube/upstream/v1.35.4/bin; prints build times and disk use
upstream:
	@time bash hack/upstream/build.sh

# make conformance FOCUS='<regex>' [SKIP='<regex>'] [TESTS=file] [ETCD=1] [OUT=dir]
FOCUS ?= \[Conformance\]
OUT ?= dist/conformance
conformance: build
	node dist/hack/conformance/run.js --out '$(OUT)' \
	  $(if $(TESTS),--tests '$(TESTS)' --expected '$(TESTS)',--focus '$(FOCUS)') \
	  $(if $(SKIP),--skip '$(SKIP)') $(if $(ETCD),--etcd)

# every [Conformance] test of v1.35.4, without running any: $(OUT)/tests.txt
conformance-list: build
	node dist/hack/conformance/run.js --list-only --out '$(OUT)'

# rewrite docs/conformance.md from reports: make conformance-docs REPORTS='a/report.json b/report.json'
REPORTS ?= $(OUT)/report.json
conformance-docs: build conformance-list
	node dist/hack/conformance/docs.js --all '$(OUT)/tests.txt' $(foreach r,$(REPORTS),--report '$(r)')

clean:
	rm -rf dist api-schemas/generated
