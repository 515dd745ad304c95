#!/usr/bin/env bash
# tests/bench/health.sh — what a portal costs over plain nginx.
#
# In one run, wrk measures (1) GET /api/v1/health of the sdrz portal through
# nginx (FastCGI + one database round trip) and (2) nginx serving a static
# file of the same body size, then prints both req/s figures, their p99
# latencies and the ratio. Uses the running stack (./dev up); without one it
# starts it and stops it afterwards.
#
# Settings (environment): BENCH_DURATION (10s), BENCH_CONNECTIONS (32),
# BENCH_THREADS (2), SDRZ_URL_SDRZ (http://127.0.0.1:8080).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
BASE=${SDRZ_URL_SDRZ:-http://127.0.0.1:8080}
HEALTH_URL=$BASE/api/v1/health
STATIC_URL=$BASE/_bench/health.json
STATIC_FILE=$ROOT/var/bench/health.json

die() { printf 'health.sh: %s\n' "$*" >&2; exit 1; }

command -v wrk >/dev/null || die "wrk is missing: ./dev deps installs it"

started=0
if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$HEALTH_URL" || true) != 200 ]]; then
	echo "no stack answers at $HEALTH_URL: starting one with ./dev up (stopped again at the end)"
	started=1
	trap '"$ROOT/dev" down >/dev/null' EXIT
	"$ROOT/dev" up >/dev/null
fi

# A static file with as many bytes as the health answer.
size=$(curl -s -o /dev/null -w '%{size_download}' "$HEALTH_URL")
((size > 0)) || die "empty answer from $HEALTH_URL"
mkdir -p "$(dirname "$STATIC_FILE")"
prefix='{"portal":"bench","pad":"'
suffix='"}'
pad=$((size - ${#prefix} - ${#suffix}))
((pad >= 0)) || die "health answer of $size bytes is too small to imitate"
{
	printf '%s' "$prefix"
	head -c "$pad" /dev/zero | tr '\0' x
	printf '%s' "$suffix"
} >"$STATIC_FILE"
static_size=$(curl -s -o /dev/null -w '%{size_download}' "$STATIC_URL")
[[ $static_size == "$size" ]] || die "static file answers $static_size bytes, health $size bytes"

# run NAME URL: a short warm-up, then the measured run; sets RPS[NAME] and
# P99[NAME].
declare -A RPS P99
run() {
	local name=$1 url=$2 out
	wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$url" >/dev/null
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
	printf '%s\n' "$out" >"$ROOT/var/bench/wrk-$name.txt"
	if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
		printf '%s\n' "$out" >&2
		die "$name: some answers were not 2xx"
	fi
	RPS[$name]=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	P99[$name]=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	local errors
	errors=$(grep -E '^ +Socket errors' <<<"$out" || true)
	[[ -z $errors ]] || printf '%s: %s\n' "$name" "${errors# }"
}

echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per run; body $size bytes"
run health "$HEALTH_URL"
run static "$STATIC_URL"

printf '\n%-34s %12s %10s\n' "" "req/s" "p99"
printf '%-34s %12s %10s\n' "GET /api/v1/health (nginx+portal)" "${RPS[health]}" "${P99[health]}"
printf '%-34s %12s %10s\n' "static file (nginx)" "${RPS[static]}" "${P99[static]}"
awk -v h="${RPS[health]}" -v s="${RPS[static]}" \
	'BEGIN { printf "ratio static/health: %.1f (the portal serves %.0f%% of nginx static)\n", s / h, 100 * h / s }'
((started == 0)) || echo "stopping the stack it started"
