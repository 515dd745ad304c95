/*
 * Logging (log.h): untrusted text quoted into one line, and the lines
 * themselves: one write each, the program's name, the level, the shape of
 * a request line, control characters of a message made blanks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"

/* log_quote: untrusted text made one quoted line, never a character cut. */
static void
test_log_quote(void **state)
{
	char	 out[64], small[8];

	(void)state;
	assert_int_equal(log_quote(out, sizeof(out), "a\nb\"c\\d\te"), 0);
	assert_string_equal(out, "a\\nb\\\"c\\\\d\\te");
	/* ESC, DEL, C1 NEL, U+2028 and U+2029; a stray byte. */
	assert_int_equal(log_quote(out, sizeof(out),
	    "\x1b[\x7f\xc2\x85\xe2\x80\xa8\xe2\x80\xa9\xff"), 0);
	assert_string_equal(out,
	    "\\u001b[\\u007f\\u0085\\u2028\\u2029\\xff");
	/* Chinese text passes; a cut falls between characters. */
	assert_int_equal(log_quote(out, sizeof(out), "日照"), 0);
	assert_string_equal(out, "日照");
	assert_int_equal(log_quote(small, sizeof(small), "日照市"), 1);
	assert_string_equal(small, "日照");
	assert_int_equal(log_quote(small, sizeof(small), "abc\ndefg"), 1);
	assert_string_equal(small, "abc\\nde");
	/* A truncated sequence at the end is a stray byte, not read past. */
	assert_int_equal(log_quote(out, sizeof(out), "x\xe6\x97"), 0);
	assert_string_equal(out, "x\\xe6\\x97");
}

/* What the calls of f write to standard error, into out. */
static void
captured(void (*f)(void), char *out, size_t outsz)
{
	int	 fds[2], saved;
	ssize_t	 n;

	assert_int_equal(pipe(fds), 0);
	saved = dup(STDERR_FILENO);
	assert_int_not_equal(dup2(fds[1], STDERR_FILENO), -1);
	f();
	assert_int_not_equal(dup2(saved, STDERR_FILENO), -1);
	close(saved);
	close(fds[1]);
	n = read(fds[0], out, outsz - 1);
	assert_true(n > 0);
	out[n] = '\0';
	close(fds[0]);
}

static void
write_lines(void)
{
	log_init("sdrz-test");
	log_info("started %d workers", 4);
	log_warn("bad\nline\tfrom %s", "input");
	log_request("r1", "GET", "/api/v1/me", 200, 1.5);
}

static void
test_lines(void **state)
{
	char	 out[1024], *l1, *l2, *l3, *end;

	(void)state;
	captured(write_lines, out, sizeof(out));
	/* Three lines, each starting with the time. */
	l1 = out;
	assert_non_null(l2 = strchr(l1, '\n'));
	*l2++ = '\0';
	assert_non_null(l3 = strchr(l2, '\n'));
	*l3++ = '\0';
	assert_non_null(end = strchr(l3, '\n'));
	*end = '\0';
	assert_string_equal(end + 1, "");
	assert_non_null(strstr(l1, " sdrz-test info started 4 workers"));
	/* The message's newline and tab are blanks: one event, one line. */
	assert_non_null(strstr(l2, " sdrz-test warn bad line from input"));
	/* Time, portal, request id, method, path, status, milliseconds. */
	assert_non_null(strstr(l3, " sdrz-test r1 GET /api/v1/me 200 1.50ms"));
	assert_null(strstr(l3, "info"));
	assert_true(l1[0] >= '0' && l1[0] <= '9');
	assert_int_equal(strncmp(l1, l2, 2), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_quote),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
