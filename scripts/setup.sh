#!/usr/bin/env bash
# Sets up everything Cortazar Desk needs on Debian or Ubuntu: Qt's system libraries (and, with --test, PostgreSQL,
# Xvfb and poppler for the tests), a virtual environment in .venv with the package installed in it, and the
# compiled Qt Designer forms. Safe to run again: it only does what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WITH_TEST=0
for arg in "$@"; do
  case "$arg" in
    --test) WITH_TEST=1 ;;
    *) echo "setup.sh: opción desconocida: $arg" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Qt (widgets, WebEngine, Pdf) on X11 or offscreen, and a font that covers Spanish (STACK.md lists how they were found).
APP_PACKAGES=(
  libegl1 libgl1 libx11-6 libx11-xcb1 libxcomposite1 libxdamage1 libxext6 libxfixes3 libxrandr2 libxtst6 libxrender1
  libxi6 libsm6 libice6 libasound2 libbrotli1 libdbus-1-3 libfontconfig1 libfreetype6 libgbm1 libglib2.0-0 libnspr4
  libnss3 libxcb-dri3-0 libxcb1 libxkbcommon0 libxkbfile1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
  fonts-dejavu-core
)
# zbar-tools: the tests read back the QR codes printed on orders and sheets.
TEST_PACKAGES=(postgresql xvfb xauth poppler-utils libreoffice-calc zbar-tools)

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

missing_packages() {
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      # Debian 13 renamed some libraries with a t64 suffix; either name will do.
      if ! dpkg-query -W -f='${Status}' "${pkg}t64" 2>/dev/null | grep -q "install ok installed"; then
        echo "$pkg"
      fi
    fi
  done
}

resolve_names() {
  local pkg
  for pkg in "$@"; do
    if apt-cache show "$pkg" >/dev/null 2>&1 && [ -n "$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}' | grep -v none)" ]; then
      echo "$pkg"
    else
      echo "${pkg}t64"
    fi
  done
}

if command -v dpkg-query >/dev/null 2>&1; then
  wanted=("${APP_PACKAGES[@]}")
  if [ "$WITH_TEST" -eq 1 ]; then wanted+=("${TEST_PACKAGES[@]}"); fi
  mapfile -t missing < <(missing_packages "${wanted[@]}")
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Instalando paquetes del sistema: ${missing[*]}"
    if [ "$apt_updated" -eq 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
    mapfile -t names < <(resolve_names "${missing[@]}")
    apt_install "${names[@]}"
  fi
else
  echo "Aviso: este sistema no usa apt; instale a mano las bibliotecas de Qt 6 (ver README)." >&2
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Se necesita Python 3.11 o más nuevo (encontrado: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi

# A bare Debian lacks python3-venv (ensurepip) and refuses pip outside a venv (PEP 668).
if [ ! -x .venv/bin/python ]; then
  rm -rf .venv
  if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    echo "Instalando python3-venv"
    apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi

# Reinstall only when pyproject.toml changed (an install with the test extras also serves the app alone).
STAMP=.venv/.cortazar-desk-installed
project_hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
want="$project_hash-$WITH_TEST"
have="$(cat "$STAMP" 2>/dev/null || true)"
if [ "$have" != "$want" ] && [ "$have" != "$project_hash-1" ]; then
  echo "Instalando dependencias de Python en .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  # PySide6 6.12 split WebEngine and Pdf into wheels of their own; going back to 6.11 (see pyproject.toml) must not
  # leave them over the files of 6.11's Addons.
  if .venv/bin/python -m pip show --quiet PySide6_WebEngine >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall --quiet --yes PySide6 PySide6_Addons PySide6_Essentials PySide6_WebEngine \
      PySide6_Pdf shiboken6 || true
    rm -rf .venv/lib/python3*/site-packages/PySide6 .venv/lib/python3*/site-packages/shiboken6
  fi
  if [ "$WITH_TEST" -eq 1 ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
  fi
  echo "$want" > "$STAMP"
fi

.venv/bin/python scripts/build_forms.py
