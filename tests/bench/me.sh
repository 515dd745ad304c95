#!/usr/bin/env bash
# tests/bench/me.sh — what a signed-in request and the personnel home page
# cost, beside the health endpoint, in one run.
#
# wrk measures through nginx on the sdrz portal, one after the other:
#   health        GET /api/v1/health (one database round trip)
#   me            GET /api/v1/me with a session cookie
#   session       GET /api/v1/auth/session with a session cookie
#   site, dict    GET /api/v1/site, GET /api/v1/dicts/title_series
#   dict 304      the same dictionary with If-None-Match: its ETag
#   home, first   the six requests the personnel home page makes (site,
#                 session, me, dicts id_type, title_series, title_level),
#                 in turn, with the cookie, as a browser on its first visit
#   home, again   the same with If-None-Match on the four reference answers
#                 (a returning browser whose copies are older than max-age)
#   home, kept    the site revalidated (304), session and me (a browser
#                 within the dictionaries' max-age asks nothing of them)
# and prints req/s, p99, each figure against health's, and complete homes
# per second (req/s divided by the requests of one home). The machine may
# be shared: run it a few times and read the ratios beside the figures.
#
# Uses the running stack (./dev up); without one it starts it and stops it.
# Settings: BENCH_DURATION (10s), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
# SDRZ_URL_SDRZ (http://127.0.0.1:8080).
set -euo pipefail

NAME=me.sh
# shellcheck source=tests/bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The bench's unit and approved person (lib.sh), made once per database;
# the person has a title, so the home page shows one.
bench_person
q "UPDATE personnel pe JOIN person p ON p.id = pe.person_id
   JOIN dict_item t ON t.dict = 'title_qualification' AND t.parent_code IS NOT NULL AND t.attr IS NOT NULL
   SET pe.title_series = t.parent_code, pe.title_level = t.attr, pe.title_qualification = t.code,
       pe.major_code = (SELECT code FROM dict_item WHERE dict = 'major' AND level = 3 ORDER BY sort LIMIT 1),
       pe.dept = '压测科'
   WHERE p.id_number = '$PERSON' AND pe.title_qualification IS NULL"
q "DELETE FROM login_attempt WHERE id_number = '$PERSON'"

# One session for the run, signed in with a captcha made in the database.
cid=$(q "SELECT MD5(CONCAT('me-bench', RAND()))")
q "INSERT INTO captcha (id, answer, expires_at) VALUES ('$cid', 'BENCH', NOW(3) + INTERVAL 5 MINUTE)"
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
	-d "{\"user_type\":\"personnel\",\"id_type\":\"01\",\"id_number\":\"$PERSON\",\"password\":\"$PASSWORD\",\"captcha_id\":\"$cid\",\"captcha\":\"BENCH\"}" \
	"$BASE/api/v1/auth/login" | sed -n 's/^[Ss]et-[Cc]ookie: \(sdrz_sid=[0-9a-f]*\).*/\1/p')
[[ -n $cookie ]] || die "the bench person cannot sign in"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$BASE/api/v1/me")
[[ $status == 200 ]] || die "GET /api/v1/me answers $status"

REF=(/api/v1/site /api/v1/dicts/id_type /api/v1/dicts/title_series /api/v1/dicts/title_level)
declare -A ETAG
for p in "${REF[@]}"; do
	ETAG[$p]=$(curl -s -D - -o /dev/null "$BASE$p" | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' | tr -d '\r')
	[[ -n ${ETAG[$p]} ]] || die "$p has no ETag"
done

# lua NAME PATH[|ETAG]...: a wrk script that sends the requests in turn,
# each with the cookie, and If-None-Match when an ETag follows the path.
lua() {
	local name=$1 f=$OUT/me-$1.lua item path tag
	shift
	{
		printf 'local list = {\n'
		for item in "$@"; do
			path=${item%%|*}
			tag=""
			[[ $item == *"|"* ]] && tag=${item#*|}
			printf '  { [[%s]], [[%s]] },\n' "$path" "$tag"
		done
		printf '}\n'
		cat <<LUA
local reqs, i = {}, 0
function init(args)
  for _, r in ipairs(list) do
    local h = { ["Cookie"] = "$cookie" }
    if r[2] ~= "" then h["If-None-Match"] = r[2] end
    reqs[#reqs + 1] = wrk.format("GET", r[1], h)
  end
end
function request()
  i = i % #reqs + 1
  return reqs[i]
end
LUA
	} >"$f"
	printf '%s' "$f"
}

declare -A RPS P99 PER
NAMES=()
# measure NAME REQUESTS_PER_UNIT WRK-ARGS...
measure() {
	local name=$1 per=$2 out
	shift 2
	wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$@" >/dev/null
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
	printf '%s\n' "$out" >"$OUT/wrk-me-$name.txt"
	if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
		printf '%s\n' "$out" >&2
		die "$name: some answers were not 2xx or 3xx"
	fi
	RPS[$name]=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	P99[$name]=$(awk '$1 == "99%" {print $2}' <<<"$out")
	PER[$name]=$per
	NAMES+=("$name")
}

home=(/api/v1/site /api/v1/auth/session /api/v1/me /api/v1/dicts/id_type
	/api/v1/dicts/title_series /api/v1/dicts/title_level)
again=()
for p in "${home[@]}"; do
	if [[ -n ${ETAG[$p]:-} ]]; then again+=("$p|${ETAG[$p]}"); else again+=("$p"); fi
done

measure health 0 "$BASE/api/v1/health"
measure me 0 -H "Cookie: $cookie" "$BASE/api/v1/me"
measure session 0 -H "Cookie: $cookie" "$BASE/api/v1/auth/session"
measure site 0 "$BASE/api/v1/site"
measure dict 0 "$BASE/api/v1/dicts/title_series"
measure dict304 0 -H "If-None-Match: ${ETAG[/api/v1/dicts/title_series]}" "$BASE/api/v1/dicts/title_series"
measure home-first 6 -s "$(lua first "${home[@]}")" "$BASE"
measure home-again 6 -s "$(lua again "${again[@]}")" "$BASE"
measure home-kept 3 -s "$(lua kept "/api/v1/site|${ETAG[/api/v1/site]}" /api/v1/auth/session /api/v1/me)" "$BASE"

workers=$(pgrep -P "$(cat "$ROOT/var/pids/sdrz-main.pid" 2>/dev/null || echo 0)" | wc -l || true)
printf '\nsdrz portal through nginx, %s per run, %s connections, %s wrk threads, %s cores, %s portal workers\n' \
	"$DURATION" "$CONNECTIONS" "$THREADS" "$(nproc)" "$workers"
printf '  %-40s %10s %10s %9s %10s\n' "" "req/s" "p99" "/health" "homes/s"
for n in "${NAMES[@]}"; do
	awk -v n="$n" -v r="${RPS[$n]}" -v h="${RPS[health]}" -v p="${P99[$n]}" -v per="${PER[$n]}" 'BEGIN {
		label["health"] = "GET /api/v1/health"
		label["me"] = "GET /api/v1/me (signed in)"
		label["session"] = "GET /api/v1/auth/session (signed in)"
		label["site"] = "GET /api/v1/site"
		label["dict"] = "GET /api/v1/dicts/title_series"
		label["dict304"] = "  the same, If-None-Match: 304"
		label["home-first"] = "home, first visit (6 requests)"
		label["home-again"] = "home, returning (4 of 6 answer 304)"
		label["home-kept"] = "home, within max-age (3 requests)"
		homes = per > 0 ? sprintf("%.0f", r / per) : ""
		printf "  %-40s %10.0f %10s %8.0f%% %10s\n", label[n], r, p, 100 * r / h, homes
	}'
done
awk -v m="${RPS[me]}" -v h="${RPS[health]}" \
	'BEGIN { printf "  ratio me/health: %.2f (aim: 0.80 or more)\n", m / h }'
