#!/usr/bin/env bash
# Finds or starts a Docker engine for the container tests, and stops only what it started.
#
#   scripts/docker_engine.sh up          # prints `export DOCKER_HOST=...` for eval
#   scripts/docker_engine.sh down        # stops the engine `up` started (none other)
#   scripts/docker_engine.sh status      # which engine answers, and whose it is
#   scripts/docker_engine.sh run -- CMD  # up, CMD with DOCKER_HOST set, leftovers removed, down
#
# Order: an engine that already answers `docker info` (DOCKER_HOST, or the default socket)
# is used as it is and never stopped. Otherwise, as root, Debian's docker.io is installed
# if dockerd is missing and a private engine is started:
#   dockerd --iptables=false --bridge=none  (containers use the host's network only)
# on its own socket, pid file, log, exec root and data root under $DOCKER_ENGINE_DIR
# (default .data/docker-engine), so nothing else on the machine sees it: not the default
# socket, not /var/lib/docker. Its images stay in the data root between runs (the cache).
#
# When no engine can be had (not root, no apt-get, dockerd does not come up), `up` says
# why on stderr and exits 3; `run` then runs CMD anyway with TEST_DOCKER_UNAVAILABLE set
# to the reason, so the tests fall back to the local broker and say so.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENGINE_DIR=${DOCKER_ENGINE_DIR:-$ROOT/.data/docker-engine}
SOCK=$ENGINE_DIR/docker.sock
PIDFILE=$ENGINE_DIR/dockerd.pid
LOG=$ENGINE_DIR/dockerd.log
START_TIMEOUT_S=${DOCKER_ENGINE_START_TIMEOUT_S:-60}
PRIVATE_HOST=unix://$SOCK

say() { echo "docker-engine: $*" >&2; }

answers() { # answers HOST ('' = the docker CLI's default)
  command -v docker >/dev/null 2>&1 || return 1
  if [ -n "$1" ]; then
    DOCKER_HOST=$1 timeout 15 docker info >/dev/null 2>&1
  else
    env -u DOCKER_HOST timeout 15 docker info >/dev/null 2>&1
  fi
}

private_pid() { # the pid of the engine this script started, if it still runs
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "dockerd .*$SOCK" || return 1
  echo "$pid"
}

existing_host() { # prints the host of an engine that answers (and is not ours), if any
  if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != "$PRIVATE_HOST" ] && answers "$DOCKER_HOST"; then
    echo "$DOCKER_HOST"
  elif [ -z "${DOCKER_HOST:-}" ] && answers ""; then
    echo "unix:///var/run/docker.sock"
  else
    return 1
  fi
}

install_engine() {
  if command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "cannot install a Docker engine: no dockerd and no apt-get (install Docker yourself)"
    return 1
  fi
  say "installing Debian's docker.io (dockerd, containerd, runc)"
  # No service start at install: the engine below is started by this script alone.
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io \
    >"$ENGINE_DIR/apt.log" 2>&1; then
    apt-get update -qq >>"$ENGINE_DIR/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io \
      >>"$ENGINE_DIR/apt.log" 2>&1 || {
      say "cannot install docker.io with apt-get; see $ENGINE_DIR/apt.log"
      return 1
    }
  fi
}

start_private() {
  if [ "$(id -u)" -ne 0 ]; then
    say "cannot start a Docker engine: not root (dockerd needs root); start one yourself"
    return 1
  fi
  mkdir -p "$ENGINE_DIR"
  install_engine || return 1
  say "starting a private engine: dockerd --iptables=false --bridge=none on $SOCK"
  rm -f "$SOCK"
  setsid dockerd --iptables=false --bridge=none \
    --host "$PRIVATE_HOST" --pidfile "$PIDFILE" \
    --exec-root "$ENGINE_DIR/exec" --data-root "$ENGINE_DIR/data" \
    >"$LOG" 2>&1 </dev/null &
  local started=$SECONDS
  until answers "$PRIVATE_HOST"; do
    if ! kill -0 $! 2>/dev/null; then
      say "dockerd exited at start; the end of $LOG:"
      tail -n 15 "$LOG" >&2
      return 1
    fi
    if ((SECONDS - started > START_TIMEOUT_S)); then
      say "dockerd did not answer within ${START_TIMEOUT_S}s; stopping it; see $LOG"
      kill $! 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
  say "engine up in $((SECONDS - started))s"
}

cmd_up() { # prints `export DOCKER_HOST=...`; 0 when an engine answers
  local host
  if host=$(existing_host); then
    say "using the engine that answers at $host (not started here, never stopped here)"
  elif private_pid >/dev/null && answers "$PRIVATE_HOST"; then
    say "using the private engine started earlier (pid $(private_pid))"
    host=$PRIVATE_HOST
  else
    start_private || return 3
    host=$PRIVATE_HOST
  fi
  echo "export DOCKER_HOST=$host"
}

cmd_down() {
  local pid
  if ! pid=$(private_pid); then
    say "no engine of this script runs; nothing to stop"
    rm -f "$PIDFILE"
    unmount_leftovers
    return 0
  fi
  say "stopping the private engine (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "dockerd still runs after 30s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE" "$SOCK"
  unmount_leftovers
}

unmount_leftovers() { # what dockerd leaves mounted under its own directories (netns/default)
  local target
  awk -v dir="$ENGINE_DIR/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r \
    | while read -r target; do
      umount -l "$target" 2>/dev/null || say "could not unmount $target"
    done
}

cmd_status() {
  local host pid
  if pid=$(private_pid); then
    echo "private engine of this script: pid $pid, DOCKER_HOST=$PRIVATE_HOST"
  fi
  if host=$(existing_host); then
    echo "an engine answers at $host (not this script's)"
  fi
  [ -n "${pid:-}" ] || [ -n "${host:-}" ] || echo "no Docker engine answers"
}

cmd_run() {
  [ "${1:-}" = "--" ] && shift
  [ $# -gt 0 ] || {
    say "usage: $0 run -- COMMAND..."
    return 2
  }
  local env_line reason="" started=0 rc=0
  private_pid >/dev/null && started=-1 # running before: leave it running
  if env_line=$(cmd_up 2>"$ENGINE_DIR.up.err"); then
    cat "$ENGINE_DIR.up.err" >&2
    eval "$env_line"
    [ "$started" -eq 0 ] && private_pid >/dev/null && started=1
  else
    cat "$ENGINE_DIR.up.err" >&2
    reason=$(grep -m1 "cannot\|did not\|exited" "$ENGINE_DIR.up.err" | sed 's/^docker-engine: //')
    export TEST_DOCKER_UNAVAILABLE=${reason:-no Docker engine could be started}
    say "running without containers: $TEST_DOCKER_UNAVAILABLE"
  fi
  rm -f "$ENGINE_DIR.up.err"
  "$@" || rc=$?
  if [ -z "$reason" ]; then
    local left
    left=$(docker ps -aq --filter label=org.testcontainers)
    if [ -n "$left" ]; then
      say "test containers left behind, removing: $(echo "$left" | tr '\n' ' ')"
      echo "$left" | xargs docker rm -f >/dev/null
      [ "$rc" -ne 0 ] || rc=4
    fi
  fi
  [ "$started" -eq 1 ] && cmd_down
  return "$rc"
}

mkdir -p "$(dirname "$ENGINE_DIR")"
case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  run)
    shift
    mkdir -p "$ENGINE_DIR"
    cmd_run "$@"
    ;;
  *)
    echo "usage: $0 up|down|status|run -- COMMAND..." >&2
    exit 2
    ;;
esac
