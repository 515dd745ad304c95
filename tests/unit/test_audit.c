/*
 * The audit log (audit.h) against the test stack's MariaDB (unit_db.h):
 * who acted, from where, on what, with what detail; the system as a
 * nobody; and a detail that is not JSON refused rather than kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "audit.h"
#include "unit_db.h"

static void
test_add(void **state)
{
	struct audit_actor	 a;
	int64_t			 p, org, last;

	(void)state;
	p = unit_person("审计者", NULL, NULL);
	org = unit_org(0, "hrb_city", "审计测试局");
	a.person_id = p;
	a.org_id = org;
	a.reqid = "req-unit-1";
	a.ip = "192.0.2.7";
	assert_int_equal(audit_add(unit_db, &a, "unit.test", "org", org,
	    "{\"k\":\"值\"}"), SDRZ_OK);
	last = unit_int("SELECT MAX(id) FROM audit_log WHERE action ="
	    " 'unit.test'", "");
	assert_int_equal(unit_int("SELECT COUNT(*) FROM audit_log WHERE id = ?"
	    " AND actor_person_id = ? AND actor_org_id = ? AND subject_type ="
	    " 'org' AND subject_id = ? AND request_id = 'req-unit-1' AND ip ="
	    " '192.0.2.7' AND JSON_VALUE(detail, '$.k') = '值'", "iiii", last,
	    p, org, org), 1);

	/* No actor: the system; 0 ids are NULL, not 0. */
	assert_int_equal(audit_add(unit_db, NULL, "unit.system", "person", 0,
	    NULL), SDRZ_OK);
	last = unit_int("SELECT MAX(id) FROM audit_log WHERE action ="
	    " 'unit.system'", "");
	assert_int_equal(unit_int("SELECT COUNT(*) FROM audit_log WHERE id = ?"
	    " AND actor_person_id IS NULL AND actor_org_id IS NULL AND"
	    " subject_id IS NULL AND detail IS NULL AND request_id IS NULL"
	    " AND ip IS NULL", "i", last), 1);

	/* The column takes JSON only. */
	assert_int_not_equal(audit_add(unit_db, NULL, "unit.bad", "person", p,
	    "not json"), SDRZ_OK);
	assert_int_equal(unit_int("SELECT COUNT(*) FROM audit_log WHERE"
	    " action = 'unit.bad'", ""), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_DB_TEST(test_add),
	};

	return unit_db_run("test_audit", tests, sizeof(tests) /
	    sizeof(tests[0]));
}
