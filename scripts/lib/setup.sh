# Shared by scripts/demo and scripts/test: installs what Pokja needs, only when missing, so a second
# run is quick and changes nothing. Works as root (CI) or with sudo.

pokja_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Swift lives in /opt/swift on these machines; make sure it is on PATH for non-login shells.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi

pokja_say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
if [ -n "${NO_COLOR:-}" ] || [ ! -t 2 ]; then pokja_say() { printf '==> %s\n' "$*" >&2; }; fi

pokja_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "error: installing packages needs root; run as root or install: $*" >&2; return 77
  fi
}

# pokja_apt PACKAGE…: installs the Debian packages that are not installed yet.
pokja_apt() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  pokja_say "Installing ${missing[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  pokja_as_root apt-get update -qq
  pokja_as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

# pokja_pip MODULE=PACKAGE…: installs the PyPI packages whose module cannot be imported yet.
pokja_pip() {
  local missing=()
  for pair in "$@"; do
    python3 -c "import ${pair%%=*}" 2>/dev/null || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  pokja_say "Installing ${missing[*]} (pip)"
  # Debian's own python3 refuses pip installs outside a venv (PEP 668); these are test tools only.
  python3 -m pip install -q --disable-pip-version-check "${missing[@]}" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages "${missing[@]}"
}

# Python 3 with pip, from Debian when the machine has none.
pokja_python() {
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -m pip --version >/dev/null 2>&1; then
    pokja_apt python3 python3-pip
  fi
}

# What building Pokja needs: libcurl (the mail transport) and SQLite (the store).
pokja_build_dependencies() {
  pokja_apt libcurl4-openssl-dev libsqlite3-dev pkg-config ca-certificates
}
