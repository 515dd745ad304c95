# tests/bench/lib.sh — what the benchmarks that sign a person in share,
# sourced after `set -euo pipefail` with NAME set to the script's name:
# the settings (BENCH_DURATION, BENCH_CONNECTIONS, BENCH_THREADS,
# SDRZ_URL_SDRZ), a running stack (started with ./dev up when none answers,
# and stopped again at the end), q() for SQL on the stack's database, and
# bench_person: the bench's unit 压测单位 and its approved person, made
# once per database (ADMIN, PERSON, PASSWORD, root, unit).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
BASE=${SDRZ_URL_SDRZ:-http://127.0.0.1:8080}
OUT=$ROOT/var/bench
CONF=$(cat "$ROOT/var/run/stack-config" 2>/dev/null || echo "$ROOT/var/sdrz.conf")

die() { printf '%s: %s\n' "$NAME" "$*" >&2; exit 1; }
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

ADMIN=371102197001010011
PERSON=371102197501010018
PASSWORD=Bench2026x

bench_person() {
	root=$(q "SELECT id FROM org WHERE parent_id IS NULL")
	[[ -n $root ]] || die "no root organisation: run sdrzctl demo or bootstrap first"
	if [[ -z $(q "SELECT id FROM org WHERE name = '压测单位'") ]]; then
		SDRZ_ADMIN_PASSWORD=$PASSWORD "$ROOT/build/fcgi/sdrzctl" --config "$CONF" org-add \
			--kind unit --parent "$root" --name 压测单位 --admin-id "$ADMIN" \
			--admin-name 压测管理员 >/dev/null
	fi
	unit=$(q "SELECT id FROM org WHERE name = '压测单位'")
	if [[ -z $(q "SELECT 1 FROM person WHERE id_number = '$PERSON'") ]]; then
		# The person's hash is the admin's (same password), made by
		# sdrzctl with the configured argon2 parameters.
		q "INSERT INTO person (id_type, id_number, name, password_hash)
		   SELECT '01', '$PERSON', '压测人员', password_hash FROM person WHERE id_number = '$ADMIN';
		   INSERT INTO personnel (person_id, org_id, status)
		   SELECT id, $unit, 'approved' FROM person WHERE id_number = '$PERSON'"
	fi
}
