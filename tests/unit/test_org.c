/*
 * The organisation tree (org.h): the validators of its forms, what
 * org_create refuses before it touches the database, and against the test
 * stack's MariaDB (unit_db.h) the subtree predicate, look-ups, one
 * organisation in detail, the subtree's list and its personnel totals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "org.h"
#include "org_int.h"
#include "unit_db.h"

/* A tree of the test's own: R, its district D, under it the unit U with
 * its branch B, and the unit S beside U. */
struct tree {
	int64_t	 r, d, u, b, s;
	char	 tag[16];
	char	 uname[64], bname[64];
};

static void
tree(struct tree *t)
{
	char	 name[64];

	snprintf(t->tag, sizeof(t->tag), "%ld", (long)getpid());
	snprintf(name, sizeof(name), "测试市人社局%s", t->tag);
	t->r = unit_org(0, "hrb_city", name);
	snprintf(name, sizeof(name), "测试区人社局%s", t->tag);
	t->d = unit_org(t->r, "hrb_district", name);
	snprintf(t->uname, sizeof(t->uname), "测试单位%s", t->tag);
	t->u = unit_org(t->d, "unit", t->uname);
	snprintf(t->bname, sizeof(t->bname), "测试单位%s分公司", t->tag);
	t->b = unit_org(t->u, "unit", t->bname);
	snprintf(name, sizeof(name), "邻近单位%s", t->tag);
	t->s = unit_org(t->d, "unit", name);
}

static void
test_checks(void **state)
{
	char	 ok[] = "0633-8888888", short_[] = "123456";
	char	 space[] = "0633 888888", letter[] = "0633-88888a";
	char	 uscc[] = "91350100m000100y43", bad[] = "91350100M000100Y44";

	(void)state;
	assert_null(org_check_phone(ok));
	assert_non_null(org_check_phone(short_));
	assert_non_null(org_check_phone(space));
	assert_non_null(org_check_phone(letter));
	assert_null(org_check_uscc(uscc));
	assert_string_equal(uscc, "91350100M000100Y43");
	assert_non_null(org_check_uscc(bad));
}

/* Each refusal names the field, and comes before any statement: no
 * database is given. */
static void
test_create_refused(void **state)
{
	struct org_new	 good = {
		.kind = "unit", .parent_id = 7, .name = "某单位",
		.admin_id_number = "11010519491231002X",
		.admin_name = "张三", .admin_password = "Rizhao2026",
	}, o;
	char		 err[256];
	int64_t		 id = 0;
	size_t		 i;
	static const struct {
		const char	*field, *value, *says;
	} bad[] = {
		{ "kind", "school", "the kind must be one of" },
		{ "kind", "hrb_city", "the city HR bureau is the root" },
		{ "name", "", "the organisation name is required" },
		{ "region_code", "37110", "the region code must be 6 digits" },
		{ "uscc", "91350100M000100Y44", "is not a valid unified" },
		{ "admin_id_number", "110105194912310021", "is not a valid "
		    "resident ID number" },
		{ "admin_name", "张\n三", "control characters" },
		{ "admin_password", "123", "the admin's password is refused" },
		{ "admin_phone", "12806330001", "is not a mobile number" },
		{ "admin_email", "a@b", "is not an e-mail address" },
	};

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o = good;
		if (strcmp(bad[i].field, "kind") == 0)
			o.kind = bad[i].value;
		else if (strcmp(bad[i].field, "name") == 0)
			o.name = bad[i].value;
		else if (strcmp(bad[i].field, "region_code") == 0)
			o.region_code = bad[i].value;
		else if (strcmp(bad[i].field, "uscc") == 0)
			o.uscc = bad[i].value;
		else if (strcmp(bad[i].field, "admin_id_number") == 0)
			o.admin_id_number = bad[i].value;
		else if (strcmp(bad[i].field, "admin_name") == 0)
			o.admin_name = bad[i].value;
		else if (strcmp(bad[i].field, "admin_password") == 0)
			o.admin_password = bad[i].value;
		else if (strcmp(bad[i].field, "admin_phone") == 0)
			o.admin_phone = bad[i].value;
		else
			o.admin_email = bad[i].value;
		assert_int_equal(org_create(NULL, &unit_cfg, &o, &id, err,
		    sizeof(err)), SDRZ_ERR_INVALID);
		if (strstr(err, bad[i].says) == NULL)
			fail_msg("%s=%s: \"%s\" does not say \"%s\"",
			    bad[i].field, bad[i].value, err, bad[i].says);
	}
	/* The root is the one organisation without a parent. */
	o = good;
	o.parent_id = 0;
	assert_int_equal(org_create(NULL, &unit_cfg, &o, &id, err,
	    sizeof(err)), SDRZ_ERR_INVALID);
	assert_int_equal(id, 0);
}

static void
test_subtree(void **state)
{
	struct tree	 t;
	int		 yes;

	(void)state;
	tree(&t);
	assert_int_equal(org_in_subtree(unit_db, t.u, t.u, &yes), SDRZ_OK);
	assert_int_equal(yes, 1);		/* itself */
	assert_int_equal(org_in_subtree(unit_db, t.u, t.b, &yes), SDRZ_OK);
	assert_int_equal(yes, 1);		/* its branch */
	assert_int_equal(org_in_subtree(unit_db, t.r, t.b, &yes), SDRZ_OK);
	assert_int_equal(yes, 1);		/* two levels down */
	assert_int_equal(org_in_subtree(unit_db, t.u, t.s, &yes), SDRZ_OK);
	assert_int_equal(yes, 0);		/* its neighbour */
	assert_int_equal(org_in_subtree(unit_db, t.u, t.d, &yes), SDRZ_OK);
	assert_int_equal(yes, 0);		/* its parent */
	assert_int_equal(org_in_subtree(unit_db, t.b, t.u, &yes), SDRZ_OK);
	assert_int_equal(yes, 0);
	assert_int_equal(org_in_subtree(unit_db, t.u, INT64_MAX, &yes),
	    SDRZ_OK);
	assert_int_equal(yes, 0);		/* no such organisation */
}

static void
test_lookups(void **state)
{
	struct tree	 t;
	int64_t		 id = 0;
	cJSON		*k;
	char		 name[64];

	(void)state;
	tree(&t);
	assert_int_equal(org_root(unit_db, &id), SDRZ_OK);
	assert_int_equal(id, t.r);
	assert_int_equal(org_find(unit_db, t.d, t.uname, &id), SDRZ_OK);
	assert_int_equal(id, t.u);
	snprintf(name, sizeof(name), "测试市人社局%s", t.tag);
	assert_int_equal(org_find(unit_db, 0, name, &id), SDRZ_OK);
	assert_int_equal(id, t.r);
	/* The name under another parent is not found. */
	assert_int_equal(org_find(unit_db, t.r, t.uname, &id),
	    SDRZ_ERR_NOT_FOUND);
	assert_int_equal(org_kind_of(unit_db, t.d, &k), SDRZ_OK);
	assert_string_equal(cJSON_GetStringValue(k), "hrb_district");
	cJSON_Delete(k);
	assert_int_equal(org_kind_of(unit_db, INT64_MAX, &k),
	    SDRZ_ERR_NOT_FOUND);
	assert_null(k);
}

static void
test_detail(void **state)
{
	struct tree	 t;
	cJSON		*o, *admins, *a;
	char		 idn[19], masked[19], *text;
	int64_t		 boss, clerk, gone;

	(void)state;
	tree(&t);
	clerk = unit_person("李四", NULL, NULL);
	boss = unit_person("王五", NULL, idn);
	gone = unit_person("赵六", NULL, NULL);
	unit_admin(t.u, clerk, 0, 0);
	unit_admin(t.u, boss, 1, 0);
	unit_admin(t.u, gone, 0, 0);
	unit_exec("UPDATE org_admin SET status = 'removed' WHERE org_id = ?"
	    " AND person_id = ?", "ii", t.u, gone);
	unit_exec("UPDATE org SET has_uscc = 0 WHERE id = ?", "i", t.u);

	assert_int_equal(org_detail(unit_db, t.u, &o), SDRZ_OK);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(o, "id")),
	    t.u);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o,
	    "name")), t.uname);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o,
	    "kind")), "unit");
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(o,
	    "parent_id")), t.d);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o,
	    "parent_kind")), "hrb_district");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(o, "has_uscc")));
	/* The active admins, the super admin first, ID numbers masked. */
	admins = cJSON_GetObjectItem(o, "admins");
	assert_int_equal(cJSON_GetArraySize(admins), 2);
	a = cJSON_GetArrayItem(admins, 0);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(a,
	    "person_id")), boss);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a, "is_super")));
	snprintf(masked, sizeof(masked), "%.10s****%.4s", idn, idn + 14);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a,
	    "id_number_masked")), masked);
	text = cJSON_PrintUnformatted(a);
	assert_null(strstr(text, idn));
	cJSON_free(text);
	a = cJSON_GetArrayItem(admins, 1);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(a,
	    "person_id")), clerk);
	cJSON_Delete(o);

	/* The root has no parent. */
	assert_int_equal(org_detail(unit_db, t.r, &o), SDRZ_OK);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "parent_id")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "has_uscc")));
	cJSON_Delete(o);
	assert_int_equal(org_detail(unit_db, INT64_MAX, &o),
	    SDRZ_ERR_NOT_FOUND);
}

/* The position of the organisation id in a list's items, or -1. */
static int
at(const cJSON *list, int64_t id)
{
	const cJSON	*it;
	int		 i = 0;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(list, "items")) {
		if ((int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(it,
		    "id")) == id)
			return i;
		i++;
	}
	return -1;
}

static int
count(const cJSON *list)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(list, "items"));
}

static void
test_list(void **state)
{
	struct tree		 t;
	struct org_query	 q;
	cJSON			*l;
	int64_t			 p;

	(void)state;
	tree(&t);
	p = unit_person("甲", NULL, NULL);
	unit_personnel(p, t.u, "approved");
	p = unit_person("乙", NULL, NULL);
	unit_personnel(p, t.u, "approved");
	p = unit_person("丙", NULL, NULL);
	unit_personnel(p, t.u, "pending");

	memset(&q, 0, sizeof(q));
	q.top = t.d;
	q.pg.page = 1;
	q.pg.size = 20;
	/* Strictly below the top, in the order of the paths: a branch
	 * right after its unit. */
	assert_int_equal(org_list(unit_db, &q, &l), SDRZ_OK);
	assert_int_equal(count(l), 3);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(l,
	    "total")), 3);
	assert_int_equal(at(l, t.d), -1);
	assert_int_not_equal(at(l, t.s), -1);
	assert_int_not_equal(at(l, t.u), -1);
	assert_int_equal(at(l, t.b), at(l, t.u) + 1);
	/* The approved personnel only. */
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), at(l, t.u)),
	    "personnel_count")), 2);
	cJSON_Delete(l);

	q.type = "branch";
	assert_int_equal(org_list(unit_db, &q, &l), SDRZ_OK);
	assert_int_equal(count(l), 1);
	assert_int_equal(at(l, t.b), 0);
	cJSON_Delete(l);

	q.type = "unit";		/* units, not branches */
	assert_int_equal(org_list(unit_db, &q, &l), SDRZ_OK);
	assert_int_equal(count(l), 2);
	assert_int_equal(at(l, t.b), -1);
	cJSON_Delete(l);

	q.type = NULL;
	q.name = "分公司";
	assert_int_equal(org_list(unit_db, &q, &l), SDRZ_OK);
	assert_int_equal(count(l), 1);
	assert_int_equal(at(l, t.b), 0);
	cJSON_Delete(l);

	/* Nothing lies below a branch. */
	q.name = NULL;
	q.top = t.b;
	assert_int_equal(org_list(unit_db, &q, &l), SDRZ_OK);
	assert_int_equal(count(l), 0);
	cJSON_Delete(l);
}

static void
test_personnel_total(void **state)
{
	struct tree	 t;
	int64_t		 total, p, all;
	int		 wide;

	(void)state;
	tree(&t);
	p = unit_person("甲", NULL, NULL);
	unit_personnel(p, t.u, "approved");
	p = unit_person("乙", NULL, NULL);
	unit_personnel(p, t.b, "approved");
	p = unit_person("丙", NULL, NULL);
	unit_personnel(p, t.s, "approved");
	p = unit_person("丁", NULL, NULL);
	unit_personnel(p, t.s, "pending");

	assert_int_equal(org_personnel_total(unit_db, t.d, 0, NULL, &total),
	    SDRZ_OK);
	assert_int_equal(total, 3);
	assert_int_equal(org_personnel_total(unit_db, t.u, 0, NULL, &total),
	    SDRZ_OK);
	assert_int_equal(total, 2);		/* U and its branch */
	assert_int_equal(org_personnel_total(unit_db, t.d, t.s, NULL, &total),
	    SDRZ_OK);
	assert_int_equal(total, 1);		/* one organisation of it */
	assert_int_equal(org_personnel_total(unit_db, t.u, t.s, NULL, &total),
	    SDRZ_OK);
	assert_int_equal(total, 0);		/* not in the subtree */
	assert_int_equal(org_personnel_total(unit_db, t.d, 0, "371102",
	    &total), SDRZ_OK);
	assert_int_equal(total, 3);
	assert_int_equal(org_personnel_total(unit_db, t.d, 0, "371103",
	    &total), SDRZ_OK);
	assert_int_equal(total, 0);

	/* A subtree of all the approved personnel is wide, an empty one
	 * is not. */
	all = unit_int("SELECT SUM(approved) FROM org_personnel_count", "");
	assert_true(all >= 3);
	assert_int_equal(org_subtree_wide(unit_db, all, &wide), SDRZ_OK);
	assert_int_equal(wide, 1);
	assert_int_equal(org_subtree_wide(unit_db, 0, &wide), SDRZ_OK);
	assert_int_equal(wide, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_create_refused),
		UNIT_DB_TEST(test_subtree),
		UNIT_DB_TEST(test_lookups),
		UNIT_DB_TEST(test_detail),
		UNIT_DB_TEST(test_list),
		UNIT_DB_TEST(test_personnel_total),
	};

	return unit_db_run("test_org", tests, sizeof(tests) /
	    sizeof(tests[0]));
}
