#!/usr/bin/env bash
# tests/bench/login.sh — what signing in costs, beside what a signed-in
# request and the health endpoint cost.
#
# In one run, wrk measures through nginx on the sdrz portal:
#   (1) POST /api/v1/auth/login at 16 concurrent clients, each request with
#       its own captcha (prepared in the database, so captcha rendering is
#       not measured) and the right password: one argon2id verification each;
#   (2) GET /api/v1/me with a session cookie (session lookup + one query);
#   (3) GET /api/v1/health.
# It prints req/s and p99 of each and the argon2 parameters in force.
# Uses the running stack (./dev up); without one it starts and stops it.
#
# Settings: BENCH_DURATION (10s), BENCH_CONNECTIONS (16), BENCH_THREADS (2).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
BASE=${SDRZ_URL_SDRZ:-http://127.0.0.1:8080}
OUT=$ROOT/var/bench
CONF=$(cat "$ROOT/var/run/stack-config" 2>/dev/null || echo "$ROOT/var/sdrz.conf")

die() { printf 'login.sh: %s\n' "$*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing: ./dev deps installs it"

if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/api/v1/health" || true) != 200 ]]; then
	echo "no stack answers at $BASE: starting one with ./dev up (stopped again at the end)"
	trap '"$ROOT/dev" down >/dev/null' EXIT
	"$ROOT/dev" up >/dev/null
	CONF=$(cat "$ROOT/var/run/stack-config" 2>/dev/null || echo "$ROOT/var/sdrz.conf")
fi
mkdir -p "$OUT"

conf() { sed -n "s/^$1 *= *//p" "$CONF" | tail -1; }
q() {
	MYSQL_PWD=$(conf db_password) mariadb --no-defaults --socket="$(conf db_socket)" \
		--user="$(conf db_user)" --batch --skip-column-names "$(conf db_name)" \
		-e "SET time_zone = '+08:00'; $1"
}

# A unit and an approved person of the bench, made once per database.
root=$(q "SELECT id FROM org WHERE parent_id IS NULL")
[[ -n $root ]] || die "no root organisation: run sdrzctl demo or bootstrap first"
ADMIN=371102197001010011
PERSON=371102197501010018
PASSWORD=Bench2026x
if [[ -z $(q "SELECT id FROM org WHERE name = '压测单位'") ]]; then
	SDRZ_ADMIN_PASSWORD=$PASSWORD "$ROOT/build/fcgi/sdrzctl" --config "$CONF" org-add \
		--kind unit --parent "$root" --name 压测单位 --admin-id "$ADMIN" \
		--admin-name 压测管理员 >/dev/null
fi
unit=$(q "SELECT id FROM org WHERE name = '压测单位'")
if [[ -z $(q "SELECT 1 FROM person WHERE id_number = '$PERSON'") ]]; then
	# The person's hash is the admin's (same password), made by sdrzctl
	# with the configured argon2 parameters.
	q "INSERT INTO person (id_type, id_number, name, password_hash)
	   SELECT '01', '$PERSON', '压测人员', password_hash FROM person WHERE id_number = '$ADMIN';
	   INSERT INTO personnel (person_id, org_id, status)
	   SELECT id, $unit, 'approved' FROM person WHERE id_number = '$PERSON'"
fi

# Captchas for every sign-in the run can make (argon2 bounds it far below).
n=20000
q "DELETE FROM captcha WHERE answer = 'BENCH';
   INSERT INTO captcha (id, answer, expires_at)
   SELECT MD5(CONCAT('bench', seq, RAND())), 'BENCH', NOW(3) + INTERVAL 5 MINUTE
   FROM seq_1_to_$n"
q "SELECT id FROM captcha WHERE answer = 'BENCH'" >"$OUT/captcha-ids.txt"
q "DELETE FROM login_attempt WHERE id_number = '$PERSON'"

# A session for (2).
cid=$(head -1 "$OUT/captcha-ids.txt")
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
	-d "{\"user_type\":\"personnel\",\"id_type\":\"01\",\"id_number\":\"$PERSON\",\"password\":\"$PASSWORD\",\"captcha_id\":\"$cid\",\"captcha\":\"BENCH\"}" \
	"$BASE/api/v1/auth/login" | sed -n 's/^[Ss]et-[Cc]ookie: \(sdrz_sid=[0-9a-f]*\).*/\1/p')
[[ -n $cookie ]] || die "the bench person cannot sign in"
sed -i 1d "$OUT/captcha-ids.txt"

declare -A RPS P99
measure() {
	local name=$1 out
	shift
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
	printf '%s\n' "$out" >"$OUT/wrk-$name.txt"
	if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
		printf '%s\n' "$out" >&2
		die "$name: some answers were not 2xx"
	fi
	RPS[$name]=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	P99[$name]=$(awk '$1 == "99%" {print $2}' <<<"$out")
}

# wrk's Lua: each thread walks its own share of the captcha list.
cat >"$OUT/login-run.lua" <<LUA
local ids = {}
for line in io.lines("$OUT/captcha-ids.txt") do ids[#ids + 1] = line end
local threads, n = {}, 0
function setup(thread) n = n + 1; thread:set("k", n); table.insert(threads, thread) end
function init(args) i = k end
function request()
  local id = ids[i] or string.rep("0", 32)
  i = i + $THREADS
  return wrk.format("POST", "/api/v1/auth/login", { ["Content-Type"] = "application/json" },
    '{"user_type":"personnel","id_type":"01","id_number":"$PERSON","password":"$PASSWORD","captcha_id":"' .. id .. '","captcha":"BENCH"}')
end
LUA

measure login -s "$OUT/login-run.lua" "$BASE/api/v1/auth/login"
# Sign-ins still queued at the portal when wrk stopped would slow the next
# run: wait until the portal answers at once again.
for _ in $(seq 100); do
	t=$(curl -s -o /dev/null -w '%{time_total}' "$BASE/api/v1/health")
	awk -v t="$t" 'BEGIN { exit !(t < 0.02) }' && break
	sleep 0.2
done
measure me -H "Cookie: $cookie" "$BASE/api/v1/me"
measure health "$BASE/api/v1/health"

hash=$(q "SELECT password_hash FROM person WHERE id_number = '$PERSON'")
params=$(sed -n 's/^\$argon2id\$v=19\$\([^$]*\)\$.*/\1/p' <<<"$hash")
q "DELETE FROM captcha WHERE answer = 'BENCH'"
printf '\nsdrz portal through nginx, %s, %s connections, %s threads (%s)\n' \
	"$DURATION" "$CONNECTIONS" "$THREADS" "$(nproc) cores"
printf '  %-34s %10s req/s   p99 %s\n' \
	"POST /api/v1/auth/login" "${RPS[login]}" "${P99[login]}" \
	"GET /api/v1/me (signed in)" "${RPS[me]}" "${P99[me]}" \
	"GET /api/v1/health" "${RPS[health]}" "${P99[health]}"
printf '  argon2id parameters: %s (m in KiB)\n' "$params"
