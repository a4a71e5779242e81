#!/usr/bin/env bash
# Installs Debian's HAProxy when it is missing: the end-to-end tests and the demo run the real thing.
set -euo pipefail
# HAPROXY names another build to test against (tests/EndToEnd/Infrastructure/HaproxyExecutable.cs reads it too).
if [ -n "${HAPROXY:-}" ]; then
  [ -x "$HAPROXY" ] && exit 0
  echo "HAPROXY=$HAPROXY is not an executable file" >&2
  exit 1
fi
if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || [ -x /usr/local/sbin/haproxy ]; then
  exit 0
fi
echo "haproxy not found: installing Debian's package" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq haproxy >/dev/null
# The package starts a system-wide haproxy service where an init system runs; we only want the binary.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet haproxy 2>/dev/null; then
  $sudo systemctl stop haproxy || true
fi
