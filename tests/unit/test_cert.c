/*
 * Certificates (cert.h): the shape and check character of their numbers,
 * the schema their XML must meet, and the PDF rendered from it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cert.h"

static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static void
test_number(void **state)
{
	char	 a[CERT_NUMBER_LEN + 1], b[CERT_NUMBER_LEN + 1];
	char	 t[CERT_NUMBER_LEN + 1];
	size_t	 i, j;

	(void)state;
	assert_int_equal(cert_number_new(2026, a), 0);
	assert_int_equal(strlen(a), CERT_NUMBER_LEN);
	assert_int_equal(strncmp(a, "2026", 4), 0);
	for (i = 4; i < CERT_NUMBER_LEN; i++)
		assert_non_null(strchr(alphabet, a[i]));
	assert_true(cert_number_valid(a));
	assert_int_equal(cert_number_new(2026, b), 0);
	assert_string_not_equal(a, b);		/* random */

	/* Any one character after the year changed to any other of the
	 * alphabet is caught. */
	for (i = 4; i < CERT_NUMBER_LEN; i++) {
		for (j = 0; alphabet[j] != '\0'; j++) {
			if (alphabet[j] == a[i])
				continue;
			memcpy(t, a, sizeof(t));
			t[i] = alphabet[j];
			if (cert_number_valid(t))
				fail_msg("%s passes for %s", t, a);
		}
	}
	/* A year's digit changed by one is caught. */
	for (i = 0; i < 4; i++) {
		memcpy(t, a, sizeof(t));
		t[i] = t[i] == '9' ? '8' : (char)(t[i] + 1);
		if (cert_number_valid(t))
			fail_msg("%s passes for %s", t, a);
	}
	/* The letters read aloud wrongly are not ours; nor lowercase, nor
	 * another length. */
	memcpy(t, a, sizeof(t));
	t[5] = 'O';
	assert_false(cert_number_valid(t));
	memcpy(t, a, sizeof(t));
	for (i = 4; i < CERT_NUMBER_LEN; i++)
		if (t[i] >= 'A' && t[i] <= 'Z')
			t[i] = (char)(t[i] - 'A' + 'a');
	if (strcmp(t, a) != 0)
		assert_false(cert_number_valid(t));
	a[CERT_NUMBER_LEN - 1] = '\0';
	assert_false(cert_number_valid(a));
	assert_false(cert_number_valid(""));
	assert_false(cert_number_valid(NULL));
	/* The year is printed with four digits. */
	assert_int_equal(cert_number_new(7, b), 0);
	assert_int_equal(strncmp(b, "0007", 4), 0);
	assert_true(cert_number_valid(b));
}

/* A certificate's XML in the namespace, with the number, the public
 * hours and the items given (free() it). */
static char *
xml_in(const char *ns, const char *number, const char *pub,
    const char *items)
{
	char	*s = NULL;
	int	 n;

	n = asprintf(&s,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<certificate xmlns=\"%s\" kind=\"completion\""
	    " number=\"%s\" year=\"2025\">"
	    "<title>日照市专业技术人员继续教育结业证书</title>"
	    "<issuer>日照市人力资源和社会保障局</issuer>"
	    "<site>日照市专业技术人员继续教育公共服务平台</site>"
	    "<issuedOn>2026-01-15</issuedOn>"
	    "<holder><name>张三</name><idNumber>37110219800101001X</idNumber>"
	    "<qualification>工程师</qualification></holder>"
	    "<hours public=\"%s\" professional=\"60\" total=\"90\"/>"
	    "<items>%s</items>"
	    "<verifyUrl>https://sdrz.example.cn/verify?n=%s</verifyUrl>"
	    "</certificate>", ns, number, pub, items, number);
	assert_int_not_equal(n, -1);
	return s;
}

static char *
xml(const char *number, const char *pub, const char *items)
{
	return xml_in("urn:sdrz:certificate:1", number, pub, items);
}

static void
test_schema(void **state)
{
	char	 n[CERT_NUMBER_LEN + 1], *x;
	const char *item = "<item group=\"公需科目\" name=\"数字经济\""
	    " hours=\"12.5\"/>";

	(void)state;
	assert_int_equal(cert_number_new(2025, n), 0);
	x = xml(n, "30", item);
	assert_int_equal(cert_validate(x, strlen(x)), SDRZ_OK);
	free(x);
	x = xml(n, "30", "");			/* no items is fine */
	assert_int_equal(cert_validate(x, strlen(x)), SDRZ_OK);
	free(x);
	x = xml(n, "30.25", item);		/* hours have one decimal */
	assert_int_equal(cert_validate(x, strlen(x)), SDRZ_ERR_INVALID);
	free(x);
	x = xml(n, "-1", item);
	assert_int_equal(cert_validate(x, strlen(x)), SDRZ_ERR_INVALID);
	free(x);
	x = xml("2025IOIOIOIOIOI", "30", item);	/* not our alphabet */
	assert_int_equal(cert_validate(x, strlen(x)), SDRZ_ERR_INVALID);
	free(x);
	x = xml(n, "30", "<item group=\"公需科目\" name=\"\" hours=\"1\"/>");
	assert_int_equal(cert_validate(x, strlen(x)), SDRZ_ERR_INVALID);
	free(x);
	/* Not XML at all, and XML of another namespace. */
	assert_int_equal(cert_validate("<certificate", 12), SDRZ_ERR_INVALID);
	x = xml_in("urn:sdrz:certificate:2", n, "30", item);
	assert_int_equal(cert_validate(x, strlen(x)), SDRZ_ERR_INVALID);
	free(x);
}

static void
test_render(void **state)
{
	char		 n[CERT_NUMBER_LEN + 1], *x;
	unsigned char	*pdf = NULL;
	size_t		 len = 0;

	(void)state;
	assert_int_equal(cert_number_new(2025, n), 0);
	x = xml(n, "30", "<item group=\"公需科目\" name=\"数字经济\""
	    " hours=\"12.5\"/>");
	assert_int_equal(cert_render(x, strlen(x), &pdf, &len), SDRZ_OK);
	assert_non_null(pdf);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	free(pdf);
	free(x);
	assert_int_equal(cert_render("<nope/>", 7, &pdf, &len),
	    SDRZ_ERR_INVALID);
	assert_null(pdf);
	assert_int_equal(len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
