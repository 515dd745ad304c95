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

NAME=login.sh
# shellcheck source=tests/bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# A unit and an approved person of the bench, made once per database.
bench_person

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
