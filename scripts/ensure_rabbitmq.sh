#!/usr/bin/env bash
# Makes sure a RabbitMQ broker answers on 127.0.0.1:5672.
# Order: already running -> nothing; a Docker engine -> the compose service;
# otherwise the Debian package (installed if absent) started as a local server.
set -euo pipefail
cd "$(dirname "$0")/.."
up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
if up; then exit 0; fi
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "starting RabbitMQ with docker compose" >&2
  docker compose -f deploy/compose.yaml up -d rabbitmq
else
  if ! command -v rabbitmq-server >/dev/null 2>&1 && [ ! -x /usr/sbin/rabbitmq-server ]; then
    echo "installing the Debian package rabbitmq-server" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq rabbitmq-server >/dev/null
  fi
  echo "starting the local RabbitMQ server" >&2
  PATH="$PATH:/usr/sbin" rabbitmq-server -detached || true
fi
for _ in $(seq 1 90); do
  if up; then
    # The port opens a little before the broker accepts work.
    PATH="$PATH:/usr/sbin" timeout 60 rabbitmqctl -q await_startup 2>/dev/null || sleep 2
    exit 0
  fi
  sleep 1
done
echo "error: RabbitMQ did not come up on 127.0.0.1:5672; see /var/log/rabbitmq/" >&2
exit 1
