/*
 * The mail outbox (mail.h) against the test stack's MariaDB (unit_db.h):
 * what is refused into it, the message the mail command reads (headers,
 * the subject as an RFC 2047 word, the body), and what a failing command
 * leaves for the next run. mail_send() sends every pending mail the
 * transaction sees: the test database's outbox is empty when the unit
 * tests run (./dev test makes it afresh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "mail.h"
#include "unit_db.h"

static void
command(const char *cmd)
{
	free(unit_cfg.mail_command);
	assert_non_null(unit_cfg.mail_command = strdup(cmd));
}

static void
test_queue_refused(void **state)
{
	(void)state;
	/* A header must not be split. */
	assert_int_equal(mail_queue(unit_db, "a@rz.cn\nBcc: b@rz.cn", "s",
	    "b"), SDRZ_ERR_INVALID);
	assert_int_equal(mail_queue(unit_db, "a@rz.cn", "s\r\nBcc: b@rz.cn",
	    "b"), SDRZ_ERR_INVALID);
	assert_int_equal(unit_int("SELECT COUNT(*) FROM mail_outbox", ""), 0);
}

static void
test_send(void **state)
{
	char	 path[] = "/tmp/sdrz-unit-mail-XXXXXX", cmd[64], msg[4096];
	FILE	*fp;
	size_t	 n;
	int	 fd, sent, failed;

	(void)state;
	assert_int_not_equal(fd = mkstemp(path), -1);
	close(fd);
	snprintf(cmd, sizeof(cmd), "cat >> %s", path);
	command(cmd);
	free(unit_cfg.mail_from);
	assert_non_null(unit_cfg.mail_from = strdup("noreply@rz.cn"));

	assert_int_equal(mail_queue(unit_db, "zhang@rz.cn", "账号登录异常提醒",
	    "张三,您好:\n\n一切正常。\n"), SDRZ_OK);
	assert_int_equal(mail_send(unit_db, &unit_cfg, &sent, &failed),
	    SDRZ_OK);
	assert_int_equal(sent, 1);
	assert_int_equal(failed, 0);
	assert_non_null(fp = fopen(path, "r"));
	n = fread(msg, 1, sizeof(msg) - 1, fp);
	fclose(fp);
	unlink(path);
	msg[n] = '\0';
	assert_int_equal(strncmp(msg, "From: noreply@rz.cn\nTo: zhang@rz.cn\n",
	    36), 0);
	/* base64 of the subject's UTF-8 */
	assert_non_null(strstr(msg, "\nSubject: =?UTF-8?B?"
	    "6LSm5Y+355m75b2V5byC5bi45o+Q6YaS?=\n"));
	assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8"));
	assert_non_null(strstr(msg, "\n\n张三,您好:\n\n一切正常。\n"));
	/* Sent once: the next run has nothing. */
	assert_int_equal(unit_int("SELECT COUNT(*) FROM mail_outbox WHERE"
	    " sent_at IS NOT NULL AND attempts = 1", ""), 1);
	assert_int_equal(mail_send(unit_db, &unit_cfg, &sent, &failed),
	    SDRZ_OK);
	assert_int_equal(sent + failed, 0);
}

static void
test_send_fails(void **state)
{
	int	 sent, failed;

	(void)state;
	command("cat > /dev/null; exit 3");
	assert_int_equal(mail_queue(unit_db, "li@rz.cn", "s", "b"), SDRZ_OK);
	assert_int_equal(mail_send(unit_db, &unit_cfg, &sent, &failed),
	    SDRZ_OK);
	assert_int_equal(sent, 0);
	assert_int_equal(failed, 1);
	/* Kept for the next run, with the reason. */
	assert_int_equal(unit_int("SELECT COUNT(*) FROM mail_outbox WHERE"
	    " sent_at IS NULL AND attempts = 1 AND last_error LIKE"
	    " '%status 3%'", ""), 1);
	assert_int_equal(mail_send(unit_db, &unit_cfg, &sent, &failed),
	    SDRZ_OK);
	assert_int_equal(failed, 1);
	assert_int_equal(unit_int("SELECT attempts FROM mail_outbox", ""), 2);
	/* After ten attempts it is given up. */
	unit_exec("UPDATE mail_outbox SET attempts = 10", "");
	assert_int_equal(mail_send(unit_db, &unit_cfg, &sent, &failed),
	    SDRZ_OK);
	assert_int_equal(sent + failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_DB_TEST(test_queue_refused),
		UNIT_DB_TEST(test_send),
		UNIT_DB_TEST(test_send_fails),
	};

	return unit_db_run("test_mail", tests, sizeof(tests) /
	    sizeof(tests[0]));
}
