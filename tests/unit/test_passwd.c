#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "passwd.h"

static void
test_hash_verify(void **state)
{
	struct config	 c;
	char		 err[128], *h, *h2;

	(void)state;
	assert_int_equal(config_load(&c, NULL, err, sizeof(err)), 0);
	c.argon2_m_cost_kib = 1024;	/* fast for the test */
	c.argon2_t_cost = 1;
	h = passwd_hash(&c, "Rizhao2026");
	assert_non_null(h);
	assert_int_equal(strncmp(h, "$argon2id$v=19$m=1024,t=1,p=1$", 30), 0);
	assert_int_equal(passwd_verify(h, "Rizhao2026"), 1);
	assert_int_equal(passwd_verify(h, "rizhao2026"), 0);
	assert_int_equal(passwd_verify("$2y$10$bcrypt", "x"), -1);
	/* Salted: the same password hashes differently. */
	h2 = passwd_hash(&c, "Rizhao2026");
	assert_string_not_equal(h, h2);

	assert_int_equal(passwd_needs_rehash(&c, h), 0);
	c.argon2_t_cost = 2;
	assert_int_equal(passwd_needs_rehash(&c, h), 1);
	c.argon2_t_cost = 1;
	c.argon2_m_cost_kib = 2048;
	assert_int_equal(passwd_needs_rehash(&c, h), 1);
	assert_int_equal(passwd_needs_rehash(&c, "garbage"), 1);
	free(h);
	free(h2);
	config_release(&c);
}

static void
test_weakness(void **state)
{
	(void)state;
	assert_null(passwd_weakness("abcd1234"));
	assert_non_null(passwd_weakness("abc123"));
	assert_non_null(passwd_weakness("abcdefgh"));
	assert_non_null(passwd_weakness("12345678"));
	assert_non_null(passwd_weakness("abcd\x01" "1234"));
	assert_string_equal(passwd_weakness("short1"), "密码至少 8 位");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_weakness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
