#!/usr/bin/env bash
# Makes sure a RabbitMQ broker answers on 127.0.0.1:5672, set up for the platform:
#   - the platform's own vhost (the path of PLATFORM_AMQP_URL; `complaints` by default,
#     common/settings.py) exists and the URL's user may use it, so nothing else on a
#     shared broker (other work, tests, their dead letters) meets the platform's queues;
#   - the broker refuses a message over 16 MiB (`max_message_size`; its own default is
#     128 MiB): intake's limit is 4 MiB, so intake still answers a body up to 16 MiB with a
#     clear rejection, and a larger one never reaches it.
# Order: already running -> only the set-up; a Docker engine -> the compose service
# (deploy/rabbitmq/complaints.conf); otherwise the Debian package (installed if absent)
# started as a local server with the same limit. Idempotent: run by every `make` target.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin"
MAX_MESSAGE_SIZE=16777216 # 16 MiB; keep in step with deploy/rabbitmq/complaints.conf
COMPOSE=(docker compose -f deploy/compose.yaml)
up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
have_docker() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

started=""
if ! up; then
  started=1
  if have_docker; then
    echo "starting RabbitMQ with docker compose" >&2
    "${COMPOSE[@]}" up -d rabbitmq
  else
    if ! command -v rabbitmq-server >/dev/null 2>&1; then
      echo "installing the Debian package rabbitmq-server" >&2
      SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq rabbitmq-server >/dev/null
    fi
    echo "starting the local RabbitMQ server" >&2
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-rabbit max_message_size $MAX_MESSAGE_SIZE" \
      rabbitmq-server -detached || true
  fi
  for _ in $(seq 1 90); do
    up && break
    sleep 1
  done
  if ! up; then
    echo "error: RabbitMQ did not come up on 127.0.0.1:5672; see /var/log/rabbitmq/" >&2
    exit 1
  fi
fi

# rabbitmqctl on this machine, else inside the compose service.
if command -v rabbitmqctl >/dev/null 2>&1; then
  ctl() { timeout 60 rabbitmqctl -s "$@"; }
elif have_docker && [ -n "$("${COMPOSE[@]}" ps -q rabbitmq 2>/dev/null)" ]; then
  ctl() { timeout 60 "${COMPOSE[@]}" exec -T rabbitmq rabbitmqctl -s "$@"; }
else
  ctl() { return 127; }
fi
# The port of a broker just started opens a little before the broker accepts work.
[ -z "$started" ] || ctl await_startup 2>/dev/null || sleep 2

# The vhost and user of PLATFORM_AMQP_URL (the platform's own default when unset).
read -r host user vhost < <(
  (.venv/bin/python - 2>/dev/null || echo "127.0.0.1 guest complaints") <<'PY'
from urllib.parse import unquote, urlsplit

from common.settings import PlatformSettings

settings = PlatformSettings()
url = urlsplit(settings.amqp_url)
print(url.hostname or "127.0.0.1", unquote(url.username or "guest"), settings.amqp_vhost)
PY
)
case "$host" in 127.0.0.1 | localhost | ::1) ;; *) exit 0 ;; esac # not this broker

if ! vhosts=$(ctl list_vhosts name 2>/dev/null); then
  # No rabbitmqctl that reaches this broker (another user's node, say): the platform can
  # still run if its vhost is there already, which connecting to it tells.
  if .venv/bin/python -c 'import pika; from common.settings import PlatformSettings as P
pika.BlockingConnection(pika.URLParameters(P().amqp_url)).close()' 2>/dev/null; then
    level=warning
  else
    level=error
  fi
  cat >&2 <<MSG
$level: rabbitmqctl cannot reach the broker on 127.0.0.1:5672, so this script cannot set it
  up for the platform (vhost '$vhost' for user '$user'; messages over 16 MiB refused).
  Where rabbitmqctl reaches it (as root or the rabbitmq user: sudo), run once:
    rabbitmqctl add_vhost $vhost
    rabbitmqctl set_permissions -p $vhost $user '.*' '.*' '.*'
    rabbitmqctl eval 'application:set_env(rabbit, max_message_size, $MAX_MESSAGE_SIZE).'
MSG
  [ "$level" = warning ]
  exit
fi
if ! grep -qxF -- "$vhost" <<<"$vhosts"; then
  # Another run may create it at the same moment: only its absence afterwards is an error.
  # A broker busy deleting other vhosts (a test run's teardown) can keep the CLI waiting
  # past its timeout, so it is tried again before giving up.
  for try in 1 2 3; do
    ctl add_vhost "$vhost" >/dev/null 2>&1 || true
    ctl list_vhosts name 2>/dev/null | grep -qxF -- "$vhost" && break
    sleep "$try"
  done
  if ! ctl list_vhosts name | grep -qxF -- "$vhost"; then
    echo "error: could not create the platform's vhost '$vhost' (rabbitmqctl add_vhost)" >&2
    exit 1
  fi
  echo "created the platform's vhost '$vhost' on the local RabbitMQ" >&2
fi
ctl set_permissions -p "$vhost" "$user" '.*' '.*' '.*' >/dev/null
# Applies to channels opened from now on; a broker this script started has it from boot.
ctl eval "application:set_env(rabbit, max_message_size, $MAX_MESSAGE_SIZE)." >/dev/null
