#!/usr/bin/env bash
# Builds the container tests' images from Debian packages, each once: the tag is a hash of
# its recipe (and of what it is built FROM), so a changed recipe gets a new image and an
# unchanged one is reused from the engine's cache.
#
#   scripts/images.sh build [base|rabbitmq|platform ...]   # default: all three
#   scripts/images.sh tag base|rabbitmq|platform           # the tag the recipe gives now
#
#   base      complaints-base:<suite>-<hash>      debootstrap (deploy/images/base/), imported
#   rabbitmq  complaints-rabbitmq:<hash>          deploy/images/rabbitmq/Dockerfile FROM base
#   platform  complaints-platform:<hash>          deploy/Dockerfile FROM base (also hashes the
#                                                 code it copies in)
#
# Needs a Docker engine (DOCKER_HOST; scripts/docker_engine.sh) and, for the base, root and
# debootstrap (installed from Debian if missing). Packages come from the Debian mirror apt
# is configured with here (DEBIAN_MIRROR overrides it); builds use the host's network.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
IMAGES=deploy/images
# shellcheck source=../deploy/images/base/debootstrap.env
. "$IMAGES/base/debootstrap.env"
# What deploy/Dockerfile copies in (its build context is made of exactly these files).
PLATFORM_FILES=(pyproject.toml constraints.txt common complaints procedures services cli ops devstack)

say() { echo "images: $*" >&2; }

present() { # the files under the given paths (tracked or new, not ignored) that exist, \0-ended
  local f
  git ls-files -z -co --exclude-standard -- "$@" | while IFS= read -r -d '' f; do
    [ -f "$f" ] && printf '%s\0' "$f"
  done
}

hash_of() { # hash_of WORD... -- FILE...: a short hash of the words and the files' contents
  local words=() files=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    words+=("$1")
    shift
  done
  [ "${1:-}" = "--" ] && shift
  files=("$@")
  {
    printf '%s\n' "${words[@]}"
    present "${files[@]}" | sort -z | xargs -0 -r sha256sum
  } | sha256sum | cut -c1-12
}

tag() {
  case "$1" in
    base) echo "complaints-base:$SUITE-$(hash_of "$SUITE" "$VARIANT" "$INCLUDE" -- "$IMAGES/base")" ;;
    rabbitmq) echo "complaints-rabbitmq:$(hash_of "$(tag base)" -- "$IMAGES/rabbitmq")" ;;
    platform)
      echo "complaints-platform:$(hash_of "$(tag base)" -- deploy/Dockerfile "${PLATFORM_FILES[@]}")"
      ;;
    *)
      say "no image named '$1' (base, rabbitmq, platform)"
      return 2
      ;;
  esac
}

have() { docker image inspect "$1" >/dev/null 2>&1; }

debian_mirror() { # the Debian archive apt uses here, for a suite debootstrap knows
  if [ -n "${DEBIAN_MIRROR:-}" ]; then
    echo "$DEBIAN_MIRROR"
    return
  fi
  local uri release
  while read -r uri release; do
    if [ -e "/usr/share/debootstrap/scripts/$release" ]; then
      echo "${uri%/}"
      return
    fi
  done < <(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE)' 2>/dev/null)
  return 1
}

BASE_READY=""

build_base() {
  [ -z "$BASE_READY" ] || return 0
  BASE_READY=1
  local t
  t=$(tag base)
  if have "$t"; then
    say "base: $t (cached)"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    say "base: cannot debootstrap as a non-root user; run as root or load $t yourself"
    return 1
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    say "base: installing Debian's debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap \
      >/dev/null || {
      say "base: cannot install debootstrap with apt-get"
      return 1
    }
  fi
  local mirror dir started=$SECONDS
  mirror=$(debian_mirror) || {
    say "base: no Debian mirror in apt's sources (set DEBIAN_MIRROR)"
    return 1
  }
  dir=$(mktemp -d /tmp/complaints-base.XXXXXX)
  # shellcheck disable=SC2064 # the directory is known now
  trap "rm -rf '$dir'" RETURN
  say "base: debootstrap --variant=$VARIANT $SUITE from $mirror"
  debootstrap --variant="$VARIANT" --include="$INCLUDE" "$SUITE" "$dir/root" "$mirror" \
    >"$dir/debootstrap.log" 2>&1 || {
    tail -n 20 "$dir/debootstrap.log" >&2
    say "base: debootstrap failed"
    return 1
  }
  cp "$IMAGES/base/finish.sh" "$dir/root/finish.sh"
  chroot "$dir/root" /bin/sh /finish.sh
  rm "$dir/root/finish.sh"
  tar --numeric-owner -C "$dir/root" -cf - . \
    | docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' \
      --message "debootstrap --variant=$VARIANT $SUITE" - "$t" >/dev/null
  say "base: $t built in $((SECONDS - started))s"
}

build_with() { # build_with NAME DOCKERFILE CONTEXT-COMMAND...: docker build FROM the base
  local name=$1 dockerfile=$2 t base started=$SECONDS
  shift 2
  t=$(tag "$name")
  if have "$t"; then
    say "$name: $t (cached)"
    return
  fi
  base=$(tag base)
  say "$name: building $t FROM $base"
  mkdir -p .data/images
  "$@" | docker build --force-rm --network host --build-arg "BASE=$base" "${BUILD_ARGS[@]}" -f "$dockerfile" -t "$t" \
    --label "org.complaints.recipe=$t" - >".data/images/$name.log" 2>&1 || {
    tail -n 30 ".data/images/$name.log" >&2
    say "$name: docker build failed; the whole log is .data/images/$name.log"
    return 1
  }
  say "$name: $t built in $((SECONDS - started))s"
}

BUILD_ARGS=()

wheels() { # the platform's dependencies as wheels, by this machine's pip (its index, its
  # certificates): the image build then needs no package index. Prints their parent dir.
  local python=$ROOT/.venv/bin/python dir
  [ -x "$python" ] || python=python3
  dir=.data/images/wheels-$(hash_of "$("$python" -V)" -- pyproject.toml constraints.txt)
  if [ ! -f "$dir/done" ]; then
    rm -rf "$dir"
    say "platform: the dependencies' wheels, by $("$python" -V) here"
    "$python" -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))\
['project']['dependencies']))" >"$dir.requirements.txt"
    "$python" -m pip wheel -q -c constraints.txt -r "$dir.requirements.txt" setuptools wheel \
      -w "$dir/wheels" >"$dir.log" 2>&1 || {
      tail -n 20 "$dir.log" >&2
      say "platform: pip wheel failed; the whole log is $dir.log"
      return 1
    }
    rm -f "$dir.requirements.txt"
    touch "$dir/done"
  fi
  echo "$dir"
}

context_of() { # a tar of FILES (tracked or new, not ignored) and the wheels, for `docker build -`
  local wheel_dir=$1
  shift
  present "$@" | tar --null -cf - -T - -C "$wheel_dir" wheels
}

build() {
  local name
  for name in "$@"; do
    case "$name" in
      base) build_base ;;
      rabbitmq)
        build_base
        build_with rabbitmq Dockerfile tar -C "$IMAGES/rabbitmq" -cf - .
        ;;
      platform)
        build_base
        have "$(tag platform)" || {
          local wheel_dir
          wheel_dir=$(wheels)
          BUILD_ARGS=(--build-arg "PIP_OPTS=--no-index")
        }
        build_with platform deploy/Dockerfile \
          context_of "${wheel_dir:-}" deploy/Dockerfile "${PLATFORM_FILES[@]}"
        BUILD_ARGS=()
        ;;
      *)
        say "no image named '$name' (base, rabbitmq, platform)"
        return 2
        ;;
    esac
  done
}

need_engine() { # an engine that answers: DOCKER_HOST, the default, or docker_engine.sh's
  docker info >/dev/null 2>&1 && return
  local private=unix://${DOCKER_ENGINE_DIR:-$ROOT/.data/docker-engine}/docker.sock
  if [ -z "${DOCKER_HOST:-}" ] && DOCKER_HOST=$private docker info >/dev/null 2>&1; then
    export DOCKER_HOST=$private
    return
  fi
  say "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}); start one with"
  say '  eval "$(scripts/docker_engine.sh up)"'
  return 1
}

case "${1:-}" in
  build)
    shift
    need_engine
    [ $# -gt 0 ] || set -- base rabbitmq platform
    build "$@"
    ;;
  tag)
    [ $# -eq 2 ] || {
      echo "usage: $0 tag base|rabbitmq|platform" >&2
      exit 2
    }
    tag "$2"
    ;;
  *)
    echo "usage: $0 build [base|rabbitmq|platform ...] | tag NAME" >&2
    exit 2
    ;;
esac
