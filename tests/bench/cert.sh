#!/usr/bin/env bash
# tests/bench/cert.sh — certificates rendered per second and their size.
#
# Takes the XML of a stored completion certificate (or makes one: a demo
# person with 90.5 hours in this year), builds a small driver against
# build/fcgi/lib/libsdrz.a and renders it BENCH_COUNT times (200) on one
# core. Uses the running stack (./dev up) for the database.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COUNT=${BENCH_COUNT:-200}
CONF=$(cat "$ROOT/var/run/stack-config" 2>/dev/null || echo "$ROOT/var/sdrz.conf")
OUT=$ROOT/var/bench
mkdir -p "$OUT"

conf() { sed -n "s/^$1 *= *//p" "$CONF" | tail -1; }
q() {
	MYSQL_PWD=$(conf db_password) mariadb --no-defaults --socket="$(conf db_socket)" \
		--user="$(conf db_user)" --batch --skip-column-names --raw "$(conf db_name)" \
		-e "SET time_zone = '+08:00'; $1"
}

xml=$(q "SELECT xml FROM certificate WHERE kind = 'completion' ORDER BY id DESC LIMIT 1")
if [[ -z $xml ]]; then
	echo "no certificate yet: run the API tests or issue one from the pages first" >&2
	exit 1
fi
printf '%s' "$xml" >"$OUT/cert.xml"

libs=$(pkg-config --libs libmariadb libcjson libargon2 libcrypto cairo pangocairo fontconfig libxml-2.0 libqrencode)
cc -O2 -I"$ROOT/fcgi/lib" -o "$OUT/cert-bench" "$ROOT/tests/bench/cert.c" \
	"$ROOT/build/fcgi/lib/libsdrz.a" $libs -lm
printf 'certificate %s, %s items\n' "$(grep -o 'number="[^"]*"' "$OUT/cert.xml" | head -1)" \
	"$(grep -c '<item ' "$OUT/cert.xml" || true)"
"$OUT/cert-bench" "$COUNT" <"$OUT/cert.xml"
