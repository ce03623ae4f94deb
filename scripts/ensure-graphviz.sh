#!/usr/bin/env bash
# Make sure Graphviz `dot` is available: install it with apt-get when we are root,
# otherwise print the exact command and carry on (text outputs work without it).
set -euo pipefail
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "archwiz setup: installing Graphviz with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q graphviz >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q graphviz >/dev/null
  fi
  command -v dot >/dev/null && exit 0
fi
cat >&2 <<'MSG'
archwiz setup: Graphviz `dot` is not installed, so PNG/SVG/PDF diagrams cannot be drawn.
  Debian/Ubuntu:  sudo apt-get install graphviz
  Fedora:         sudo dnf install graphviz
  macOS:          brew install graphviz
Everything else (rationale, JSON, DOT and Mermaid sources) works without it.
MSG
exit 0
