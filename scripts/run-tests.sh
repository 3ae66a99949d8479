#!/usr/bin/env bash
# The whole test suite: lint, Dockerfile lint, and pytest on SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/ensure-test-services.sh)"
.venv/bin/ruff check .
.venv/bin/hadolint Dockerfile
.venv/bin/pytest "$@"
