# tskube: `make run` starts the all-in-one server on the embedded store;
# `make test` builds everything and runs the whole suite.
SHELL := /bin/bash
NODE_MODULES_STAMP := node_modules/.install-stamp
SCHEMAS := api-schemas/generated/STAMP
PROTO := api-schemas/generated/proto.json
OPENAPI_PROTO := api-schemas/generated/openapi-v2.proto.json
DATA_DIR ?= .tskube
PORT ?= 6443

.PHONY: all install schemas build run test test-unit bench clean etcd

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

clean:
	rm -rf dist api-schemas/generated
