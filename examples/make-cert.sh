#!/usr/bin/env bash
# Creates examples/ssl-cert.pem for haproxy-htx.cfg: a self-signed certificate for localhost / 127.0.0.1 / ::1
# followed by its private key, the single-file form HAProxy's "crt" expects. The file is git-ignored; it is made on
# the machine that uses it and never committed. An existing file is kept unless -f is given.
# Needs openssl (Debian: apt-get install openssl).
set -euo pipefail
cd "$(dirname "$0")"

out=ssl-cert.pem
if [ -e "$out" ] && [ "${1:-}" != "-f" ]; then
  echo "$out exists (use -f to replace it)"
  exit 0
fi

command -v openssl >/dev/null || { echo "openssl not found (Debian: apt-get install openssl)" >&2; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
# Readable by the owner only: the file holds the private key.
umask 077
cat "$dir/cert.pem" "$dir/key.pem" > "$out"
echo "wrote $(pwd)/$out"
