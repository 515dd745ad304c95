/* The hour rules and the completion rule, and certificate numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cert.h"
#include "hours.h"

static const struct year_rule national = { 2026, 900, 600, 300 };

static void
test_exactly_ninety(void **state)
{
	struct completion	 c;

	(void)state;
	hours_complete(&national, 300, 600, &c);
	assert_true(c.ok);
	assert_int_equal(c.total_h, 900);
	assert_int_equal(c.missing_total, 0);
}

static void
test_professional_one_short(void **state)
{
	struct completion	 c;

	(void)state;
	/* 31 public + 59 professional is 90 in all, but not enough
	 * professional hours. */
	hours_complete(&national, 310, 590, &c);
	assert_false(c.ok);
	assert_int_equal(c.missing_professional, 10);
	assert_int_equal(c.missing_total, 0);
	assert_int_equal(c.missing_public, 0);
}

static void
test_halves(void **state)
{
	struct completion	 c;

	(void)state;
	/* Halves add up exactly: 29.5 + 0.5 public, 60 professional. */
	hours_complete(&national, 295 + 5, 600, &c);
	assert_true(c.ok);
	hours_complete(&national, 295, 600, &c);
	assert_false(c.ok);
	assert_int_equal(c.missing_public, 5);
	assert_int_equal(c.missing_total, 5);
	/* More professional hours do not make up for public ones. */
	hours_complete(&national, 0, 1200, &c);
	assert_false(c.ok);
	assert_int_equal(c.missing_public, 300);
}

static void
test_parse_format(void **state)
{
	char	 out[16];

	(void)state;
	assert_int_equal(hours_parse("12.5"), 125);
	assert_int_equal(hours_parse("12"), 120);
	assert_int_equal(hours_parse("0.5"), 5);
	assert_int_equal(hours_parse("12.50"), 125);
	assert_int_equal(hours_parse("12.55"), -1);
	assert_int_equal(hours_parse("-1"), -1);
	assert_int_equal(hours_parse("1e3"), -1);
	assert_int_equal(hours_parse(""), -1);
	hours_format(125, out);
	assert_string_equal(out, "12.5");
	hours_format(900, out);
	assert_string_equal(out, "90");
}

static int
by(const char *rule, const char *data, const char **why)
{
	cJSON	*r = cJSON_Parse(rule), *d = cJSON_Parse(data);
	int	 t = hours_by_rule(r, d, why);

	cJSON_Delete(r);
	cJSON_Delete(d);
	return t;
}

static void
test_rules(void **state)
{
	const char	*why;

	(void)state;
	assert_int_equal(by("{\"kind\":\"fixed\",\"hours\":15}", "{}", &why),
	    150);
	assert_int_equal(by("{\"kind\":\"per_unit\",\"field\":\"days\","
	    "\"per\":8,\"cap\":40}", "{\"days\":3}", &why), 240);
	/* Half days, and the cap. */
	assert_int_equal(by("{\"kind\":\"per_unit\",\"field\":\"days\","
	    "\"per\":8,\"cap\":40}", "{\"days\":2.5}", &why), 200);
	assert_int_equal(by("{\"kind\":\"per_unit\",\"field\":\"days\","
	    "\"per\":8,\"cap\":40}", "{\"days\":10}", &why), 400);
	assert_int_equal(by("{\"kind\":\"by_option\",\"field\":\"level\","
	    "\"map\":{\"核心期刊\":10,\"普通期刊\":5}}",
	    "{\"level\":\"普通期刊\"}", &why), 50);
	assert_int_equal(by("{\"kind\":\"by_option\",\"field\":\"level\","
	    "\"map\":{\"核心期刊\":10}}", "{\"level\":\"别的\"}", &why), -1);
	assert_non_null(why);
	assert_int_equal(by("{\"kind\":\"per_unit\",\"field\":\"days\","
	    "\"per\":8}", "{}", &why), -1);
	assert_int_equal(by("{\"kind\":\"magic\"}", "{}", &why), -1);
}

static void
test_numbers(void **state)
{
	static const char alpha[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	char	 n[CERT_NUMBER_LEN + 1], m[CERT_NUMBER_LEN + 1];
	int	 i, j, k;

	(void)state;
	/* Every character of many numbers replaced by every other one. */
	for (k = 0; k < 200; k++) {
		assert_int_equal(cert_number_new(2026, n), 0);
		assert_true(cert_number_valid(n));
		for (i = 4; i < CERT_NUMBER_LEN; i++)
			for (j = 0; alpha[j]; j++) {
				if (alpha[j] == n[i])
					continue;
				memcpy(m, n, sizeof(m));
				m[i] = alpha[j];
				assert_false(cert_number_valid(m));
			}
	}
	assert_int_equal(cert_number_new(2026, n), 0);
	assert_int_equal(strlen(n), CERT_NUMBER_LEN);
	assert_int_equal(strncmp(n, "2026", 4), 0);
	assert_true(cert_number_valid(n));
	/* Every single change of a character is caught. */
	for (i = 4; i < CERT_NUMBER_LEN; i++) {
		memcpy(m, n, sizeof(m));
		m[i] = m[i] == 'A' ? 'B' : 'A';
		assert_false(cert_number_valid(m));
	}
	memcpy(m, n, sizeof(m));
	m[0] = 'X';
	assert_false(cert_number_valid(m));
	assert_false(cert_number_valid("2026"));
	assert_false(cert_number_valid(NULL));
}

static void
test_schema(void **state)
{
	static const char good[] =
	    "<certificate xmlns=\"urn:sdrz:certificate:1\" kind=\"register\""
	    " number=\"2026ABCDEFGHJKL\" year=\"2026\"><title>t</title>"
	    "<issuer>i</issuer><site>s</site><issuedOn>2026-11-28</issuedOn>"
	    "<holder><name>张三</name><idNumber>1</idNumber><qualification/>"
	    "</holder><hours public=\"30\" professional=\"60.5\" total=\"90.5\"/>"
	    "<items><item group=\"培训类\" name=\"线上\" hours=\"0.5\"/></items>"
	    "<verifyUrl>http://x/verify?n=1</verifyUrl></certificate>";
	char	 bad[sizeof(good) + 8];
	char	*p;

	(void)state;
	assert_int_equal(cert_validate(good, strlen(good)), SDRZ_OK);
	/* Two decimals of hours break the schema. */
	memcpy(bad, good, sizeof(good));
	p = strstr(bad, "60.5");
	memcpy(p, "6.55", 4);
	assert_int_equal(cert_validate(bad, strlen(bad)), SDRZ_ERR_INVALID);
	assert_int_equal(cert_validate("<x/>", 4), SDRZ_ERR_INVALID);
	assert_int_equal(cert_validate("not xml", 7), SDRZ_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exactly_ninety),
		cmocka_unit_test(test_professional_one_short),
		cmocka_unit_test(test_halves),
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_schema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
