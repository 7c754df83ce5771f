#!/usr/bin/env bash
# Regenerates the gRPC Python code in complaints/v1/ from proto/complaints/v1/*.proto.
# CI runs it and fails when the checked-in code differs (scripts/check_proto.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
mkdir -p complaints/v1
"$PY" -m grpc_tools.protoc -I proto \
  --python_out=. --pyi_out=. --grpc_python_out=. \
  proto/complaints/v1/*.proto
touch complaints/__init__.py complaints/v1/__init__.py
