# The complaints platform. `make run` brings everything up with a demo; `make test` tests it.
.PHONY: run up down demo test test-mongo test-unit test-integration proto proto-check lint bench setup clean asyncapi asyncapi-check asyncapi-validate metrics-check procedure-tables status test-faults test-containers test-console screenshots bench-console

VENV := .venv/bin

setup:
	@scripts/bootstrap.sh

run: setup
	@scripts/ensure_rabbitmq.sh
	@$(VENV)/python -m devstack up --demo

up: setup
	@scripts/ensure_rabbitmq.sh
	@$(VENV)/python -m devstack start

down:
	@$(VENV)/python -m devstack stop

status:
	@$(VENV)/python -m devstack status

demo:
	@$(VENV)/python -m devstack demo

# In parallel, a file per worker (pytest-xdist): a worker per core, at most 4, each test
# still on a vhost and stores of its own; the 15 slowest are listed at the end.
# TEST_WORKERS=0 runs them one after another.
TEST_WORKERS ?= auto
test: setup
	@scripts/ensure_rabbitmq.sh
	@$(VENV)/python -m pytest -q -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile --durations 15

# The services' integration and end-to-end tests with their stores on MongoDB's protocol
# (testcontainers' mongo:7 where Docker runs, else the embedded mongoeco server).
MONGO_TESTS := tests/common/storage tests/intake/integration tests/deadlines/integration \
	tests/notifications/integration tests/records/integration tests/e2e/test_complaint_flow.py
test-mongo: setup
	@scripts/ensure_rabbitmq.sh
	@TEST_STORE=mongo $(VENV)/python -m pytest -q $(MONGO_TESTS)

# The services' integration tests, the end-to-end flow and the platform's own image against a
# RabbitMQ container (docs/containers.md): a Docker engine (started here when none runs),
# the images built from Debian packages (cached by recipe), the tests, then every test
# container and the engine started here stopped. Without an engine: the local broker, and
# the run's summary says so.
CONTAINER_TESTS := tests/intake/integration tests/deadlines/integration \
	tests/notifications/integration tests/records/integration tests/common/integration \
	tests/e2e/test_complaint_flow.py tests/containers
test-containers: setup
	@scripts/ensure_rabbitmq.sh
	@scripts/docker_engine.sh run -- sh -c '\
		{ [ -n "$${TEST_DOCKER_UNAVAILABLE:-}" ] || scripts/images.sh build; } \
		&& TEST_BROKER=container $(VENV)/python -m pytest -q $(CONTAINER_TESTS)'

# The fault tests alone, at full size: a burst of 2,000 and the broker's node killed too.
test-faults: setup
	@scripts/ensure_rabbitmq.sh
	@FAULT_BURST=2000 FAULT_FULL=1 $(VENV)/python -m pytest -q -m faults tests/faults

# The web console in headless Chromium with axe-core (scripts/ensure_browser.sh installs them).
test-console: setup
	@scripts/ensure_rabbitmq.sh
	@scripts/ensure_browser.sh
	@$(VENV)/python -m pytest -q tests/console

# The console's screenshots in docs/screenshots/, taken by its browser tests.
screenshots: setup
	@scripts/ensure_rabbitmq.sh
	@scripts/ensure_browser.sh
	@CONSOLE_SCREENSHOTS_DIR=docs/screenshots $(VENV)/python -m pytest -q tests/console/test_console_browser.py

# The console's page timings with 100,000 cases (bench/results/console.json).
bench-console: setup
	@scripts/ensure_rabbitmq.sh
	@$(VENV)/python -m bench console --cases 100000

test-unit: setup
	@$(VENV)/python -m pytest -q -m "not integration and not e2e"

proto: setup
	@scripts/gen_proto.sh

proto-check: setup
	@scripts/gen_proto.sh && git diff --exit-code -- complaints/ \
		|| (echo "generated gRPC code is stale: run make proto and commit" && exit 1)

asyncapi: setup
	@$(VENV)/python -m common.asyncapi

asyncapi-check: setup
	@$(VENV)/python -m common.asyncapi --check

# docs/asyncapi/ under the official AsyncAPI parser (Node.js; installs it from npm once).
asyncapi-validate:
	@scripts/check_asyncapi.sh

# Every service's /metrics under `promtool check metrics` (installs it as root in CI).
metrics-check: setup
	@scripts/check_metrics.sh

# procedures/README.md's exemption and referral tables, from the procedure files.
procedure-tables: setup
	@$(VENV)/python -m services.notifications.tables

lint: setup
	@$(VENV)/ruff check .

bench: setup
	@scripts/ensure_rabbitmq.sh
	@$(VENV)/python -m bench pipeline

clean: down
	rm -rf .data
