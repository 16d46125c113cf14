# The two set-up commands: `make run` and `make test`. Both install what the machine lacks first.
CARGO ?= cargo
# No TLS to the local test server: libpq would load OpenSSL, whose exit-time cleanup can race the
# pool threads still connecting when a test process ends (a segfault after the tests passed).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
export TEST_DATABASE_URL
# One thread per Tesseract engine; the worker pool provides the parallelism.
export OMP_THREAD_LIMIT ?= 1

.PHONY: deps build run test

deps:
	@bash scripts/install-deps.sh
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust from your distribution or rustup" >&2; exit 1; }

build: deps
	$(CARGO) build --release --locked

# Serves on the embedded default: SQLite at ./data/checkpoint.db, http://127.0.0.1:8080.
run: build
	./target/release/checkpoint migrate
	./target/release/checkpoint serve

# The tree must be formatted and lint-free first; then every integration test runs twice, on
# SQLite and on PostgreSQL at $(TEST_DATABASE_URL). The contract test runs schemathesis (PyPI),
# installed once into target/schemathesis.
test: deps
	@$(CARGO) fmt --version >/dev/null 2>&1 && $(CARGO) clippy --version >/dev/null 2>&1 || rustup component add rustfmt clippy
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets --locked -- -D warnings
	@test -x target/schemathesis/bin/st || { python3 -m venv target/schemathesis && target/schemathesis/bin/pip install -q schemathesis==4.32.5; }
	$(CARGO) test --locked
