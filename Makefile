# Tandem: `make run` to try it, `make test` to check everything. See README.md.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# wasm-opt from npm's binaryen 132 comes first: Debian's older binaryen produces release WASM
# that fails to hydrate.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Tests and clippy build without `--cfg erase_components` (which cargo-leptos adds to its
# debug builds): the browser tests run the release browser app against the server binary the
# HTTP tests build, and an erased server renders placeholders that release WASM does not
# expect when it hydrates. Any RUSTFLAGS in the environment would split their artefacts.
TEST_ENV := env -u RUSTFLAGS LEPTOS_OUTPUT_NAME=tandem

# PostgreSQL tests use this server (each test in a database of its own). It defaults to the
# local server when one answers; under CI=true the tests fail rather than skip without it.
TANDEM_TEST_POSTGRES_URL ?= $(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo postgres://postgres@127.0.0.1:5432/postgres)
export TANDEM_TEST_POSTGRES_URL

.PHONY: help setup build release browser-app wasm-budget run test fmt lint unit storage http e2e browser-tests screenshots lighthouse hydration-timing bench-ssr clean

help:
	@echo "make run    install what is missing, build, and serve the demo on http://127.0.0.1:3000"
	@echo "make test   fmt, clippy, unit, storage (SQLite and PostgreSQL), HTTP and browser tests"

setup:
	@scripts/setup.sh

# The browser app and the server build side by side, as cargo-leptos does without hashed
# names: with them it builds one after the other, which costs minutes on two cores. The
# browser's files get content-hashed names and brotli and gzip copies (served precompressed).
release: setup
	@env -u RUSTFLAGS cargo leptos build --release --precompress --frontend-only & front=$$!; \
	env -u RUSTFLAGS cargo leptos build --release --server-only; server=$$?; \
	wait $$front; front=$$?; \
	if [ $$server -ne 0 ] || [ $$front -ne 0 ]; then echo "release build failed (server $$server, browser $$front)"; exit 1; fi

build: setup
	env -u RUSTFLAGS cargo leptos build

run: release
	LEPTOS_SITE_ROOT=target/site ./target/release/tandem serve --demo

# The browser app's release build (the WASM people download, optimised by wasm-opt) goes on
# beside the checks and the Rust tests, which keep the other core busy; its size is then held
# to the download budget (scripts/wasm-budget.sh). The browser tests then run that WASM
# against the server binary the HTTP tests just built: the server's own release build
# (link-time optimisation of every dependency again) would add half an hour and check nothing
# the browser sees. Its output is in target/browser-app-build.log.
test: setup
	@mkdir -p target; \
	setsid $(MAKE) --no-print-directory browser-app > target/browser-app-build.log 2>&1 & front=$$!; \
	trap 'kill -- -$$front 2>/dev/null' EXIT; \
	$(MAKE) --no-print-directory fmt lint unit http || exit 1; \
	echo "==> waiting for the browser app's release build (target/browser-app-build.log)"; \
	if ! wait $$front; then tail -n 60 target/browser-app-build.log; echo "the browser app's build failed"; exit 1; fi; \
	trap - EXIT; \
	tail -n 3 target/browser-app-build.log; \
	scripts/wasm-budget.sh || exit 1; \
	TANDEM_E2E_SERVER=target/debug/tandem $(MAKE) --no-print-directory browser-tests

# The browser app alone, as `make release` builds it.
browser-app: setup
	@env -u RUSTFLAGS cargo leptos build --release --precompress --frontend-only

# The browser's download (the islands' WASM and JS, gzipped) against its budget.
wasm-budget: browser-app
	@scripts/wasm-budget.sh

fmt:
	cargo fmt --all -- --check

lint:
	$(TEST_ENV) cargo clippy -p app --features ssr,testing --all-targets -- -D warnings
	$(TEST_ENV) cargo clippy -p server --all-targets -- -D warnings
	$(TEST_ENV) cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# Unit tests of the domain and storage tests on both databases.
unit storage:
	@if [ -z "$$TANDEM_TEST_POSTGRES_URL" ]; then echo "warning: no PostgreSQL found; its tests will be skipped (set TANDEM_TEST_POSTGRES_URL)"; fi
	$(TEST_ENV) cargo test -p app --features ssr,testing

# In-process HTTP tests of the server, on both databases.
http:
	$(TEST_ENV) cargo test -p server

# End-to-end tests in Chromium against the release build, the one people run: only a browser
# shows whether optimised WASM still hydrates.
e2e: release browser-tests

browser-tests:
	cd end2end && npx playwright test

# How Tandem does on a phone, on the release build and a fresh demo database (figures in
# docs/wasm-size.md): Lighthouse's mobile profile on the first pages a person meets; the time
# to a working goal board with the CPU slowed 4x on Fast 3G; and server-rendered pages per
# second under 50 connections beside a bare axum handler (wrk).
lighthouse: release
	@scripts/with-demo-server.sh 3298 bash -c 'cd end2end && node lighthouse.mjs'

hydration-timing: release
	@scripts/with-demo-server.sh 3297 bash -c 'cd end2end && node hydration-timing.mjs'

bench-ssr: release
	LEPTOS_SITE_ROOT=target/site TANDEM_LOG=warn ./target/release/tandem bench-ssr

# Screenshots of the main pages at 360 and 1366 px, light and dark, for docs/screenshots/,
# from the release build on a fresh demo database.
screenshots: release
	@scripts/e2e-server.sh 3299 & server=$$!; \
	until curl -sf http://127.0.0.1:3299/readyz >/dev/null; do sleep 0.5; done; \
	(cd end2end && TANDEM_URL=http://127.0.0.1:3299 node screenshots.mjs ../docs/screenshots); status=$$?; \
	kill $$server; wait $$server; exit $$status

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results
