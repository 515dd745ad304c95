#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include "captcha.h"

/* The answer alphabet as captcha.h describes it. */
static const char expect_alphabet[] = "ACDEFGHKLMNPQRTUVWXY349";

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
test_text(void **state)
{
	char	 t[CAPTCHA_LEN + 1], big[65], tiny[1] = { 'x' };
	size_t	 i;
	int	 seen[256] = { 0 }, n;

	(void)state;
	for (n = 0; n < 2000; n++) {
		assert_int_equal(captcha_text(t, sizeof(t)), 0);
		assert_int_equal(strlen(t), CAPTCHA_LEN);
		for (i = 0; i < CAPTCHA_LEN; i++) {
			assert_non_null(strchr(expect_alphabet, t[i]));
			seen[(unsigned char)t[i]]++;
		}
	}
	/* 10000 draws over 23 characters: every one shows up, none of the
	 * look-alikes does. */
	for (i = 0; expect_alphabet[i] != '\0'; i++)
		assert_true(seen[(unsigned char)expect_alphabet[i]] > 200);
	for (i = 0; i < sizeof("0O1IJ25S678BZ") - 1; i++)
		assert_int_equal(seen[(unsigned char)"0O1IJ25S678BZ"[i]], 0);

	assert_int_equal(captcha_text(big, sizeof(big)), 0);
	assert_int_equal(strlen(big), 64);
	assert_int_equal(captcha_text(tiny, sizeof(tiny)), -1);
	assert_int_equal(tiny[0], '\0');
	assert_int_equal(captcha_text(NULL, 0), -1);
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
test_text_differs(void **state)
{
	char	(*t)[CAPTCHA_LEN + 1];
	int	 i, dup = 0;

	(void)state;
	t = calloc(1000, sizeof(*t));
	assert_non_null(t);
	for (i = 0; i < 1000; i++)
		assert_int_equal(captcha_text(t[i], sizeof(t[i])), 0);
	qsort(t, 1000, sizeof(*t), cmp);
	for (i = 1; i < 1000; i++)
		dup += strcmp(t[i - 1], t[i]) == 0;
	/* 1000 draws from 23^5 collide with odds of about 8%, three times
	 * with odds below 1e-4: more means the randomness is broken. */
	assert_true(dup <= 2);
	free(t);
}

static void
test_png(void **state)
{
	static const unsigned char sig[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
	};
	unsigned char	*a = NULL, *b = NULL;
	size_t		 alen, blen;

	(void)state;
	assert_int_equal(captcha_png("K7MRX", &a, &alen), SDRZ_OK);
	assert_non_null(a);
	assert_true(alen > 1000);	/* noise and colour, not a blank */
	assert_true(alen < 64 * 1024);
	assert_memory_equal(a, sig, sizeof(sig));
	assert_int_equal(be32(a + 8), 13);
	assert_memory_equal(a + 12, "IHDR", 4);
	assert_int_equal(be32(a + 16), CAPTCHA_WIDTH);
	assert_int_equal(be32(a + 20), CAPTCHA_HEIGHT);
	assert_memory_equal(a + alen - 8, "IEND", 4);

	/* Same text, another picture. */
	assert_int_equal(captcha_png("K7MRX", &b, &blen), SDRZ_OK);
	assert_false(alen == blen && memcmp(a, b, alen) == 0);
	free(a);
	free(b);

	/* The longest text and a lower-case one render too. */
	assert_int_equal(captcha_png("ACDEFGHK", &a, &alen), SDRZ_OK);
	free(a);
	assert_int_equal(captcha_png("a", &a, &alen), SDRZ_OK);
	free(a);
}

static void
test_png_refused(void **state)
{
	unsigned char	*p = (unsigned char *)"sentinel";
	size_t		 len = 99;

	(void)state;
	assert_int_equal(captcha_png("", &p, &len), SDRZ_ERR_INVALID);
	assert_null(p);
	assert_int_equal(len, 0);
	assert_int_equal(captcha_png("ACDEFGHJK", &p, &len), SDRZ_ERR_INVALID);
	assert_null(p);
	assert_int_equal(captcha_png("AB CD", &p, &len), SDRZ_ERR_INVALID);
	assert_int_equal(captcha_png("AB\xe6\x97\xa5", &p, &len),
	    SDRZ_ERR_INVALID);
	assert_int_equal(captcha_png(NULL, &p, &len), SDRZ_ERR_INVALID);
	assert_int_equal(captcha_png("ABC", NULL, &len), SDRZ_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_differs),
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_png_refused),
	};
	int	 rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	/* Cairo's and fontconfig's font caches live as long as the process
	 * (652 bytes whether 1 or 300 captchas were drawn); release them so
	 * that LeakSanitizer reports only real leaks. */
	cairo_debug_reset_static_data();
	FcFini();
	return rc;
}
