/*
 * Sign-in (auth.h) against the test stack's MariaDB (unit_db.h): captchas
 * used up once, whatever the answer; a sign-in that makes a session; the
 * lock of an account at one address after AUTH_MAX_FAILURES, which leaves
 * other addresses alone; what a person waiting for approval is told.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "auth.h"
#include "session.h"
#include "unit_db.h"

/* A new captcha's id, and its answer as kept (the tests read it). */
static void
captcha(char id[33], char *answer, size_t sz)
{
	unsigned char	*png = NULL;
	size_t		 len = 0;
	struct db_stmt	*st;

	assert_int_equal(auth_captcha_new(unit_db, id, &png, &len), SDRZ_OK);
	assert_int_equal(strlen(id), 32);
	assert_true(len > 8);
	assert_memory_equal(png, "\x89PNG", 4);
	free(png);
	assert_non_null(st = db_stmt(unit_db,
	    "SELECT answer FROM captcha WHERE id = ?"));
	db_bind_text(st, 0, id);
	assert_int_equal(db_exec(st), SDRZ_OK);
	assert_int_equal(db_next(st), 1);
	snprintf(answer, sz, "%s", db_col_text(st, 0));
}

static void
test_captcha(void **state)
{
	char	 id[33], answer[16], lower[16];
	size_t	 i;

	(void)state;
	/* A wrong answer uses it up: the right one fails after it. */
	captcha(id, answer, sizeof(answer));
	assert_int_equal(auth_captcha_take(unit_db, id, "?"),
	    SDRZ_ERR_INVALID);
	assert_int_equal(auth_captcha_take(unit_db, id, answer),
	    SDRZ_ERR_INVALID);

	/* The right answer, in any case, once. */
	captcha(id, answer, sizeof(answer));
	for (i = 0; answer[i] != '\0'; i++)
		lower[i] = (char)(answer[i] >= 'A' && answer[i] <= 'Z' ?
		    answer[i] - 'A' + 'a' : answer[i]);
	lower[i] = '\0';
	assert_int_equal(auth_captcha_take(unit_db, id, lower), SDRZ_OK);
	assert_int_equal(auth_captcha_take(unit_db, id, answer),
	    SDRZ_ERR_INVALID);

	/* An expired one is refused. */
	captcha(id, answer, sizeof(answer));
	unit_exec("UPDATE captcha SET expires_at = NOW(3) - INTERVAL 1 SECOND"
	    " WHERE id = ?", "s", id);
	assert_int_equal(auth_captcha_take(unit_db, id, answer),
	    SDRZ_ERR_INVALID);

	assert_int_equal(auth_captcha_take(unit_db, "short", answer),
	    SDRZ_ERR_INVALID);
	assert_int_equal(auth_captcha_take(unit_db, NULL, answer),
	    SDRZ_ERR_INVALID);
}

/* Signs in as personnel with a fresh captcha; the result. */
static enum auth_result
login(const char *idn, const char *password, const char *ip,
    struct auth_login *l)
{
	char	 id[33], answer[16];

	captcha(id, answer, sizeof(answer));
	memset(l, 0, sizeof(*l));
	l->user_type = "personnel";
	l->id_type = "01";
	l->id_number = idn;
	l->password = password;
	l->captcha_id = id;
	l->captcha = answer;
	l->ip = ip;
	assert_int_equal(auth_login(unit_db, &unit_cfg, l), SDRZ_OK);
	auth_login_release(l);
	return l->result;
}

static void
test_login(void **state)
{
	struct auth_login	 l;
	struct session		 s;
	char			 idn[19], id[33], answer[16];
	int64_t			 p, org;

	(void)state;
	org = unit_org(0, "hrb_city", "登录测试局");
	p = unit_person("登录者", "Rizhao2026", idn);
	unit_personnel(p, org, "approved");

	assert_int_equal(login(idn, "Rizhao2026", "10.1.0.1", &l), AUTH_OK);
	assert_int_equal(l.person_id, p);
	assert_int_equal(l.role_chosen, 1);	/* the one role */
	assert_int_equal(session_load(unit_db, &unit_cfg, l.token, &s),
	    SDRZ_OK);
	assert_int_equal(s.person_id, p);
	assert_string_equal(s.role_kind, "personnel");
	assert_int_equal(s.role_org_id, org);
	session_release(&s);
	assert_int_equal(unit_int("SELECT COUNT(*) FROM audit_log WHERE"
	    " action = 'auth.login' AND actor_person_id = ?", "i", p), 1);

	/* A wrong captcha: the password is not even tried. */
	captcha(id, answer, sizeof(answer));
	memset(&l, 0, sizeof(l));
	l.user_type = "personnel";
	l.id_type = "01";
	l.id_number = idn;
	l.password = "Rizhao2026";
	l.captcha_id = id;
	l.captcha = "wrong";
	assert_int_equal(auth_login(unit_db, &unit_cfg, &l), SDRZ_OK);
	assert_int_equal(l.result, AUTH_CAPTCHA);
	assert_string_equal(l.token, "");
	auth_login_release(&l);

	/* The right password of another user type has no role there. */
	captcha(id, answer, sizeof(answer));
	l.user_type = "unit";
	l.captcha_id = id;
	l.captcha = answer;
	assert_int_equal(auth_login(unit_db, &unit_cfg, &l), SDRZ_OK);
	assert_int_equal(l.result, AUTH_NO_ROLE);
	auth_login_release(&l);

	/* A wrong password counts down. */
	assert_int_equal(login(idn, "Rizhao2027", "10.1.0.1", &l), AUTH_BAD);
	assert_int_equal(l.remaining, AUTH_MAX_FAILURES - 1);
	assert_string_equal(l.token, "");
}

/*
 * The lock holds for the account at one address. An account that does
 * not exist is counted as one that does (and its failures mail nobody,
 * which keeps this test inside its transaction).
 */
static void
test_lock(void **state)
{
	struct auth_login	 l;
	char			 idn[19];
	int			 i;

	(void)state;
	unit_id_number(idn);
	for (i = 1; i < AUTH_MAX_FAILURES; i++) {
		assert_int_equal(login(idn, "Guess2026", "10.2.0.1", &l),
		    AUTH_BAD);
		assert_int_equal(l.remaining, AUTH_MAX_FAILURES - i);
	}
	assert_int_equal(login(idn, "Guess2026", "10.2.0.1", &l),
	    AUTH_LOCKED);
	assert_int_equal(login(idn, "Guess2026", "10.2.0.1", &l),
	    AUTH_LOCKED);
	/* Another address may still try. */
	assert_int_equal(login(idn, "Guess2026", "10.2.0.2", &l), AUTH_BAD);
	assert_int_equal(l.remaining, AUTH_MAX_FAILURES - 1);
	/* A locked try is not an attempt. */
	assert_int_equal(unit_int("SELECT COUNT(*) FROM login_attempt WHERE"
	    " id_number = ?", "s", idn), AUTH_MAX_FAILURES + 1);
}

static void
test_pending(void **state)
{
	struct auth_login	 l;
	char			 idn[19];
	int64_t			 p, org;

	(void)state;
	org = unit_org(0, "hrb_city", "待审测试局");
	p = unit_person("待审者", "Rizhao2026", idn);
	unit_personnel(p, org, "pending");
	assert_int_equal(login(idn, "Rizhao2026", "10.3.0.1", &l),
	    AUTH_PENDING);
	assert_non_null(strstr(l.message, "待审测试局"));
	assert_string_equal(l.token, "");

	unit_exec("UPDATE personnel SET status = 'rejected', reject_reason ="
	    " '单位不符' WHERE person_id = ?", "i", p);
	assert_int_equal(login(idn, "Rizhao2026", "10.3.0.1", &l),
	    AUTH_REJECTED);
	assert_non_null(strstr(l.message, "单位不符"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_DB_TEST(test_captcha),
		UNIT_DB_TEST(test_login),
		UNIT_DB_TEST(test_lock),
		UNIT_DB_TEST(test_pending),
	};

	return unit_db_run("test_auth", tests, sizeof(tests) /
	    sizeof(tests[0]));
}
