/*
 * Sessions (session.h): the cookie and the CSRF token, and against the
 * test stack's MariaDB (unit_db.h) what is kept of a session — only its
 * token's SHA-256 — and when a token stops loading one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "session.h"
#include "unit_db.h"
#include "util.h"

static void
test_cookie_csrf(void **state)
{
	struct config	 c;
	char		 err[128], out[256], a[65], b[65];
	const char	*tok = "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff";

	(void)state;
	assert_int_equal(config_load(&c, NULL, err, sizeof(err)), 0);
	assert_int_equal(session_cookie(&c, tok, out, sizeof(out)), 0);
	assert_string_equal(out, "sdrz_sid=00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff; Path=/; HttpOnly; SameSite=Lax");
	assert_int_equal(session_cookie(&c, NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "sdrz_sid=; Path=/; HttpOnly; SameSite=Lax; "
	    "Max-Age=0");
	free(c.url_sdrz);
	c.url_sdrz = strdup("https://sdrz.example.gov.cn");
	free(c.cookie_domain);
	c.cookie_domain = strdup("example.gov.cn");
	assert_int_equal(session_cookie(&c, tok, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "; Secure; Domain=example.gov.cn"));

	free(c.secret_key);
	c.secret_key = strdup("k1");
	session_csrf(&c, tok, a);
	session_csrf(&c, tok, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	session_csrf(&c, "ff112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff", b);
	assert_string_not_equal(a, b);		/* another session, another token */
	free(c.secret_key);
	c.secret_key = strdup("k2");
	session_csrf(&c, tok, b);
	assert_string_not_equal(a, b);		/* another key, another token */
	config_release(&c);
}

static void
test_kept_hashed(void **state)
{
	char		 token[65], hash[65];
	int64_t		 p;
	size_t		 i;

	(void)state;
	p = unit_person("孙七", NULL, NULL);
	assert_int_equal(session_create(unit_db, &unit_cfg, p, "personnel",
	    NULL, 0, "10.0.0.1", "test agent", token), SDRZ_OK);
	assert_int_equal(strlen(token), 64);
	for (i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", token[i]));
	/* The table never holds the token, only its hash. */
	util_sha256_hex(token, 64, hash);
	assert_int_equal(unit_int("SELECT COUNT(*) FROM session WHERE"
	    " token_hash = ? AND person_id = ?", "si", hash, p), 1);
	assert_int_equal(unit_int("SELECT COUNT(*) FROM session WHERE"
	    " token_hash = ?", "s", token), 0);
	/* It ends after session_max_hours. */
	assert_int_equal(unit_int("SELECT TIMESTAMPDIFF(MINUTE, created_at,"
	    " expires_at) FROM session WHERE token_hash = ?", "s", hash),
	    (int64_t)unit_cfg.session_max_hours * 60);
}

static void
test_load(void **state)
{
	struct session	 s;
	char		 token[65], csrf[65], other[65];
	int64_t		 p, org;

	(void)state;
	p = unit_person("周八", NULL, NULL);
	org = unit_org(0, "hrb_city", "会话测试局");
	assert_int_equal(session_create(unit_db, &unit_cfg, p, "hrb", "admin",
	    org, NULL, NULL, token), SDRZ_OK);
	assert_int_equal(session_load(unit_db, &unit_cfg, token, &s),
	    SDRZ_OK);
	assert_int_equal(s.person_id, p);
	assert_string_equal(s.user_type, "hrb");
	assert_string_equal(s.role_kind, "admin");
	assert_int_equal(s.role_org_id, org);
	session_csrf(&unit_cfg, token, csrf);
	assert_string_equal(s.csrf, csrf);
	/* The person comes in the same round trip. */
	assert_non_null(s.me);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(s.me,
	    "name")), "周八");

	/* A role chosen later is kept. */
	assert_int_equal(session_set_role(unit_db, &s, "personnel", org),
	    SDRZ_OK);
	session_release(&s);
	assert_int_equal(session_load(unit_db, &unit_cfg, token, &s),
	    SDRZ_OK);
	assert_string_equal(s.role_kind, "personnel");

	/* Another token of the same person is another session. */
	assert_int_equal(session_create(unit_db, &unit_cfg, p, "personnel",
	    NULL, 0, NULL, NULL, other), SDRZ_OK);
	assert_string_not_equal(token, other);
	assert_int_equal(session_end_others(unit_db, &s), SDRZ_OK);
	session_release(&s);
	assert_int_equal(session_load(unit_db, &unit_cfg, other, &s),
	    SDRZ_ERR_NOT_FOUND);
	assert_int_equal(session_load(unit_db, &unit_cfg, token, &s),
	    SDRZ_OK);
	assert_int_equal(session_end(unit_db, &s), SDRZ_OK);
	session_release(&s);
	assert_int_equal(session_load(unit_db, &unit_cfg, token, &s),
	    SDRZ_ERR_NOT_FOUND);
	assert_int_equal(s.person_id, 0);
	session_release(&s);
}

static void
test_refused(void **state)
{
	struct session	 s;
	char		 token[65], upper[65], hash[65];
	int64_t		 p;
	size_t		 i;

	(void)state;
	p = unit_person("吴九", NULL, NULL);
	assert_int_equal(session_create(unit_db, &unit_cfg, p, "personnel",
	    NULL, 0, NULL, NULL, token), SDRZ_OK);
	util_sha256_hex(token, 64, hash);

	/* Not a token's shape: not even looked up. */
	for (i = 0; i < 65; i++)
		upper[i] = (char)(token[i] >= 'a' && token[i] <= 'f' ?
		    token[i] - 'a' + 'A' : token[i]);
	if (strcmp(upper, token) != 0)
		assert_int_equal(session_load(unit_db, &unit_cfg, upper, &s),
		    SDRZ_ERR_NOT_FOUND);
	token[63] = '\0';
	assert_int_equal(session_load(unit_db, &unit_cfg, token, &s),
	    SDRZ_ERR_NOT_FOUND);
	assert_int_equal(session_load(unit_db, &unit_cfg, NULL, &s),
	    SDRZ_ERR_NOT_FOUND);
	assert_int_equal(session_load(unit_db, &unit_cfg, hash, &s),
	    SDRZ_ERR_NOT_FOUND);	/* the hash is no token */
	util_sha256_hex(token, 63, upper);	/* any other token */
	assert_int_equal(session_load(unit_db, &unit_cfg, upper, &s),
	    SDRZ_ERR_NOT_FOUND);
}

/* Idle for longer than session_idle_minutes, or past its end: gone. */
static void
test_expiry(void **state)
{
	struct session	 s;
	char		 token[65], hash[65];
	int64_t		 p;

	(void)state;
	p = unit_person("郑十", NULL, NULL);
	assert_int_equal(session_create(unit_db, &unit_cfg, p, "personnel",
	    NULL, 0, NULL, NULL, token), SDRZ_OK);
	util_sha256_hex(token, 64, hash);

	unit_exec("UPDATE session SET last_seen_at = NOW(3) - INTERVAL ?"
	    " MINUTE WHERE token_hash = ?", "is",
	    (int64_t)unit_cfg.session_idle_minutes - 1, hash);
	assert_int_equal(session_load(unit_db, &unit_cfg, token, &s),
	    SDRZ_OK);
	session_release(&s);
	/* Loading it was activity: it starts its idle time again. */
	assert_int_equal(unit_int("SELECT last_seen_at > NOW(3) - INTERVAL 1"
	    " MINUTE FROM session WHERE token_hash = ?", "s", hash), 1);

	unit_exec("UPDATE session SET last_seen_at = NOW(3) - INTERVAL ?"
	    " MINUTE WHERE token_hash = ?", "is",
	    (int64_t)unit_cfg.session_idle_minutes + 1, hash);
	assert_int_equal(session_load(unit_db, &unit_cfg, token, &s),
	    SDRZ_ERR_NOT_FOUND);

	unit_exec("UPDATE session SET last_seen_at = NOW(3),"
	    " expires_at = NOW(3) - INTERVAL 1 SECOND WHERE token_hash = ?",
	    "s", hash);
	assert_int_equal(session_load(unit_db, &unit_cfg, token, &s),
	    SDRZ_ERR_NOT_FOUND);
}

/* A transfer moves the sessions acting as personnel, no other. */
static void
test_move_personnel(void **state)
{
	struct session	 s;
	char		 staff[65], admin[65];
	int64_t		 p, from, to;

	(void)state;
	p = unit_person("钱一", NULL, NULL);
	from = unit_org(0, "hrb_city", "调出局");
	to = unit_org(from, "unit", "调入单位");
	assert_int_equal(session_create(unit_db, &unit_cfg, p, "personnel",
	    "personnel", from, NULL, NULL, staff), SDRZ_OK);
	assert_int_equal(session_create(unit_db, &unit_cfg, p, "hrb",
	    "admin", from, NULL, NULL, admin), SDRZ_OK);
	assert_int_equal(session_move_personnel(unit_db, p, to), SDRZ_OK);
	assert_int_equal(session_load(unit_db, &unit_cfg, staff, &s),
	    SDRZ_OK);
	assert_int_equal(s.role_org_id, to);
	session_release(&s);
	assert_int_equal(session_load(unit_db, &unit_cfg, admin, &s),
	    SDRZ_OK);
	assert_int_equal(s.role_org_id, from);
	session_release(&s);

	assert_int_equal(session_end_person(unit_db, p), SDRZ_OK);
	assert_int_equal(session_load(unit_db, &unit_cfg, staff, &s),
	    SDRZ_ERR_NOT_FOUND);
	assert_int_equal(session_load(unit_db, &unit_cfg, admin, &s),
	    SDRZ_ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookie_csrf),
		UNIT_DB_TEST(test_kept_hashed),
		UNIT_DB_TEST(test_load),
		UNIT_DB_TEST(test_refused),
		UNIT_DB_TEST(test_expiry),
		UNIT_DB_TEST(test_move_personnel),
	};

	return unit_db_run("test_session", tests, sizeof(tests) /
	    sizeof(tests[0]));
}
