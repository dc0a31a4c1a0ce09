# kxp: see README.md. `make up` starts the local platform, `make test` runs every test.
SHELL := /bin/bash
NODE_DEPS := node_modules/.package-lock.json

.PHONY: up down test unit e2e check build peers peers-compare synth clean

SHARDS ?= 1
up: peers build ## start the local platform and leave it running (make down stops it); SHARDS=2 runs kcp sharded
	node dist/cli/main.js up --shards $(SHARDS)

down: ## stop the local platform started by make up
	@if [ -f dist/cli/main.js ]; then node dist/cli/main.js down; else echo "nothing built, nothing running"; fi

test: check unit e2e ## type-check, lint, unit tests, end-to-end tests against the real peers

check: $(NODE_DEPS)
	npm run --silent typecheck
	npm run --silent lint

unit: $(NODE_DEPS)
	npm run --silent test:unit

e2e: $(NODE_DEPS) peers
	npm run --silent test:e2e

synth: $(NODE_DEPS) ## synthesise compositions/ into compositions/dist/<name>/*.yaml
	node --import tsx compositions/synth.ts

build: $(NODE_DEPS)
	npm run --silent build

peers: ## build the peer binaries that are missing from the cache (a no-op when all are cached)
	peers/build.sh

peers-compare: ## build api-syncagent too, the peer the bridge is measured against
	peers/build.sh api-syncagent

.PHONY: bench
bench: $(NODE_DEPS) ## the function benchmark: kxp against the TypeScript and Go SDKs (BENCH_SECONDS per run)
	npm run --silent bench

# npm install, not npm ci: npm 11.19 locks only this platform's optional packages (Biome, swc) and
# then `npm ci` rejects its own lock as out of sync. npm install follows the lock all the same.
$(NODE_DEPS): package.json package-lock.json
	npm install --no-audit --no-fund
	@touch $@

clean:
	rm -rf dist .kxp
