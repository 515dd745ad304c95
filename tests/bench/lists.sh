#!/usr/bin/env bash
# tests/bench/lists.sh — the two lists that reach a million rows, as the
# city bureau, a district bureau and a large unit see them.
#
# For each of 人员管理 (GET /api/v1/personnel) and 继续教育学时查询
# (GET /api/v1/hours/query?year=YEAR) and each of the three admins it times
# through nginx, with curl, the first page, a deep page (page 2,000 by its
# key: the after cursor that page 1,999 handed out, as the pages do; and
# the same page by number for comparison) and a name search. Each figure
# is the median of BENCH_RUNS requests (5), in milliseconds.
#
# Needs a city made by `sdrzctl gen` (once per database, a few minutes for
# 10^6 personnel) in the running stack (./dev up, then
# build/fcgi/sdrzctl --config var/sdrz.conf demo and ... gen).
#
# Settings: BENCH_RUNS (5), BENCH_YEAR (2026), BENCH_DEEP (2000: the deep
# page), BENCH_NAME (王伟: the name searched), BENCH_WHO ("city district
# unit": whose lists), SDRZ_URL_SDRZ.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BASE=${SDRZ_URL_SDRZ:-http://127.0.0.1:${SDRZ_PORT_SDRZ:-8080}}
RUNS=${BENCH_RUNS:-5}
YEAR=${BENCH_YEAR:-2026}
DEEP=${BENCH_DEEP:-2000}
NAME=${BENCH_NAME:-王伟}
CONF=$(cat "$ROOT/var/run/stack-config" 2>/dev/null || echo "$ROOT/var/sdrz.conf")
PASSWORD=${BENCH_PASSWORD:-Rizhao2026}
CITY_ADMIN=${BENCH_CITY_ADMIN:-371102198001010016}
DISTRICT_ADMIN=371199197001010010
UNIT_ADMIN=371199197001010029

die() { printf 'lists.sh: %s\n' "$*" >&2; exit 1; }
[[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/api/v1/health" || true) == 200 ]] ||
	die "no stack answers at $BASE: ./dev up first"

conf() { sed -n "s/^$1 *= *//p" "$CONF" | tail -1; }
q() {
	MYSQL_PWD=$(conf db_password) mariadb --no-defaults --socket="$(conf db_socket)" \
		--user="$(conf db_user)" --batch --skip-column-names "$(conf db_name)" -e "SET time_zone = '+08:00'; $1"
}
[[ -n $(q "SELECT 1 FROM person WHERE id_number = '$DISTRICT_ADMIN'") ]] ||
	die "no generated city: run sdrzctl gen first"
printf 'personnel: %s, hour records: %s, organisations: %s\n' \
	"$(q "SELECT COUNT(*) FROM personnel")" "$(q "SELECT COUNT(*) FROM hour_record")" \
	"$(q "SELECT COUNT(*) FROM org")"

# signin USER_TYPE ID_NUMBER: prints the session cookie and CSRF-free GETs
# need nothing more. The captcha is prepared in the database.
signin() {
	local cid
	cid=$(q "SELECT MD5(CONCAT('lists', RAND()))")
	q "INSERT INTO captcha (id, answer, expires_at) VALUES ('$cid', 'BENCH', NOW(3) + INTERVAL 5 MINUTE);
	   DELETE FROM login_attempt WHERE id_number = '$2'"
	curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"user_type\":\"$1\",\"id_type\":\"01\",\"id_number\":\"$2\",\"password\":\"$PASSWORD\",\"captcha_id\":\"$cid\",\"captcha\":\"BENCH\"}" \
		"$BASE/api/v1/auth/login" | sed -n 's/^[Ss]et-[Cc]ookie: \(sdrz_sid=[0-9a-f]*\).*/\1/p'
}

# ms COOKIE URL: the median time of RUNS requests in ms; fails on a status
# other than 200.
ms() {
	local i t code times=()
	for ((i = 0; i < RUNS; i++)); do
		read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
			-H "Cookie: $1" "$BASE$2")
		[[ $code == 200 ]] || die "$2 answered $code"
		times+=("$t")
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f", a[int((NR + 1) / 2)] * 1000 }'
}

# cursor COOKIE PATH PAGE: the after cursor of page PAGE (by walking a
# page of size*PAGE rows in one request is not allowed: the cap is 100, so
# it walks pages of 100 by key up to the row before the page).
cursor() {
	local cookie=$1 path=$2 page=$3 rows after="" n body sep
	rows=$(((page - 1) * 20))
	sep='?'; [[ $path == *'?'* ]] && sep='&'
	while ((rows > 0)); do
		n=$((rows > 100 ? 100 : rows))
		body=$(curl -s -H "Cookie: $cookie" "$BASE$path${sep}size=$n${after:+&after=$after}")
		after=$(printf '%s' "$body" | sed -n 's/.*"next":\([0-9]*\).*/\1/p')
		[[ -n $after ]] || { echo 0; return; }
		rows=$((rows - n))
	done
	echo "$after"
}

row() {
	local who=$1 cookie=$2 list=$3 path=$4 first deep bynum search after sep total
	sep='?'; [[ $path == *'?'* ]] && sep='&'
	total=$(curl -s -H "Cookie: $cookie" "$BASE$path" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
	first=$(ms "$cookie" "$path")
	after=$(cursor "$cookie" "$path" "$DEEP")
	if [[ $after != 0 ]]; then
		deep=$(ms "$cookie" "$path${sep}page=$DEEP&after=$after")
	else
		deep=-
	fi
	bynum=$(ms "$cookie" "$path${sep}page=$DEEP")
	search=$(ms "$cookie" "$path${sep}name=$(printf '%s' "$NAME" | od -An -tx1 | tr ' ' % | tr -d '\n')")
	printf '%-14s %-10s %8s %8s %10s %12s %8s\n' "$who" "$list" "$total" "$first" "$deep" "$bynum" "$search"
}

city=$(signin hrb "$CITY_ADMIN")
district=$(signin hrb "$DISTRICT_ADMIN")
unit=$(signin unit "$UNIT_ADMIN")
[[ -n $city && -n $district && -n $unit ]] || die "an admin cannot sign in"

printf '\nmedian of %s requests, ms; deep page = page %s\n' "$RUNS" "$DEEP"
printf '%-14s %-10s %8s %8s %10s %12s %8s\n' who list total first "deep(key)" "deep(number)" "name"
for who in ${BENCH_WHO:-city district unit}; do
	cookie=${!who}
	row "$who" "$cookie" personnel /api/v1/personnel
	row "$who" "$cookie" hours "/api/v1/hours/query?year=$YEAR"
done
