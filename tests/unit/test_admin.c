/*
 * Admins and their roles (admin.h): the names of the permission modules,
 * and against the test stack's MariaDB (unit_db.h) who holds which module
 * — the super admin all, a role's admin its role's, a removed admin or an
 * organisation not approved none — and the lists of admins and roles.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "admin.h"
#include "unit_db.h"

static void
test_modules(void **state)
{
	int	 i;

	(void)state;
	for (i = 0; i < MOD__MAX; i++) {
		assert_non_null(admin_modules[i].name);
		assert_non_null(admin_modules[i].label);
		assert_int_equal(admin_module(admin_modules[i].name), i);
	}
	assert_int_equal(admin_module("hours"), MOD_HOURS);
	assert_int_equal(admin_module("account_review"), MOD_ACCOUNT_REVIEW);
	assert_int_equal(admin_module("Hours"), MOD__MAX);
	assert_int_equal(admin_module(""), MOD__MAX);
	assert_int_equal(admin_module(NULL), MOD__MAX);
}

/* A role of org granting the modules named, NULL-terminated. */
static int64_t
role(int64_t org, const char *name, const char *const *mods)
{
	int64_t	 id;

	id = unit_exec("INSERT INTO admin_role (org_id, name) VALUES (?, ?)",
	    "is", org, name);
	for (; *mods != NULL; mods++)
		unit_exec("INSERT INTO admin_role_module (role_id, module)"
		    " VALUES (?, ?)", "is", id, *mods);
	return id;
}

/* The names of the modules held, joined by commas. */
static void
held(int64_t org, int64_t person, char *out, size_t sz)
{
	cJSON	*a, *m;
	size_t	 n = 0;

	assert_int_equal(admin_held(unit_db, org, person, &a), SDRZ_OK);
	out[0] = '\0';
	cJSON_ArrayForEach(m, a)
		n += (size_t)snprintf(out + n, sz - n, "%s%s", n ? "," : "",
		    cJSON_GetStringValue(m));
	cJSON_Delete(a);
}

static void
test_can(void **state)
{
	static const char *const clerk_mods[] = { "personnel", "hours", NULL };
	int64_t	 org, boss, clerk, plain, gone, stranger, r;
	int	 yes, sup, i;
	char	 buf[256], all[256];
	size_t	 n;

	(void)state;
	org = unit_org(0, "hrb_city", "权限测试局");
	boss = unit_person("局长", NULL, NULL);
	clerk = unit_person("科员", NULL, NULL);
	plain = unit_person("无角色", NULL, NULL);
	gone = unit_person("已移除", NULL, NULL);
	stranger = unit_person("外人", NULL, NULL);
	r = role(org, "人员与学时", clerk_mods);
	unit_admin(org, boss, 1, 0);
	unit_admin(org, clerk, 0, r);
	unit_admin(org, plain, 0, 0);
	unit_admin(org, gone, 0, r);
	unit_exec("UPDATE org_admin SET status = 'removed' WHERE org_id = ?"
	    " AND person_id = ?", "ii", org, gone);

	assert_int_equal(admin_can(unit_db, org, boss, MOD_ADMINS, &yes,
	    &sup), SDRZ_OK);
	assert_true(yes && sup);
	/* Every module of the table, in its order. */
	for (i = 0, n = 0, all[0] = '\0'; i < MOD__MAX; i++)
		n += (size_t)snprintf(all + n, sizeof(all) - n, "%s%s",
		    i ? "," : "", admin_modules[i].name);
	held(org, boss, buf, sizeof(buf));
	assert_string_equal(buf, all);
	assert_non_null(strstr(buf, "account_review,"));

	assert_int_equal(admin_can(unit_db, org, clerk, MOD_HOURS, &yes,
	    &sup), SDRZ_OK);
	assert_true(yes && !sup);
	assert_int_equal(admin_can(unit_db, org, clerk, MOD_ADMINS, &yes,
	    NULL), SDRZ_OK);
	assert_false(yes);
	held(org, clerk, buf, sizeof(buf));
	assert_string_equal(buf, "personnel,hours");

	held(org, plain, buf, sizeof(buf));
	assert_string_equal(buf, "");
	held(org, gone, buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_int_equal(admin_can(unit_db, org, stranger, MOD_HOURS, &yes,
	    &sup), SDRZ_OK);
	assert_false(yes || sup);

	/* Rights in one organisation are not rights in another. */
	assert_int_equal(admin_can(unit_db, unit_org(org, "unit", "下级单位"),
	    boss, MOD_HOURS, &yes, &sup), SDRZ_OK);
	assert_false(yes || sup);

	/* An organisation not approved grants nothing, super admin or not. */
	unit_exec("UPDATE org SET status = 'disabled' WHERE id = ?", "i", org);
	held(org, boss, buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_int_equal(admin_can(unit_db, org, boss, MOD_HOURS, &yes, &sup),
	    SDRZ_OK);
	assert_false(yes || sup);
}

static void
test_lists(void **state)
{
	static const char *const mods[] = { "hours", "admins", NULL };
	static const char *const none[] = { NULL };
	int64_t	 org, boss, clerk, gone, r, empty;
	cJSON	*l, *a, *m;

	(void)state;
	org = unit_org(0, "hrb_city", "名单测试局");
	clerk = unit_person("科员", NULL, NULL);
	boss = unit_person("局长", NULL, NULL);
	gone = unit_person("已移除", NULL, NULL);
	r = role(org, "学时管理员", mods);
	empty = role(org, "空角色", none);
	unit_admin(org, clerk, 0, r);
	unit_admin(org, boss, 1, 0);
	unit_admin(org, gone, 0, r);
	unit_exec("UPDATE org_admin SET status = 'removed' WHERE org_id = ?"
	    " AND person_id = ?", "ii", org, gone);

	/* The active admins, the super admin first. */
	assert_int_equal(admin_list(unit_db, org, &l), SDRZ_OK);
	assert_int_equal(cJSON_GetArraySize(l), 2);
	a = cJSON_GetArrayItem(l, 0);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(a,
	    "person_id")), boss);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a, "is_super")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "role_id")));
	a = cJSON_GetArrayItem(l, 1);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(a,
	    "person_id")), clerk);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(a,
	    "role_id")), r);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a,
	    "role_name")), "学时管理员");
	assert_int_equal(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(a,
	    "id_number_masked"))), 18);
	assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(a,
	    "id_number_masked")), "****"));
	cJSON_Delete(l);

	/* The roles by name, their modules, their active admins. */
	assert_int_equal(role_list(unit_db, org, &l), SDRZ_OK);
	assert_int_equal(cJSON_GetArraySize(l), 2);
	cJSON_ArrayForEach(a, l) {
		m = cJSON_GetObjectItem(a, "modules");
		if ((int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(a,
		    "id")) == r) {
			assert_int_equal(cJSON_GetNumberValue(
			    cJSON_GetObjectItem(a, "admins")), 1);
			assert_int_equal(cJSON_GetArraySize(m), 2);
			assert_string_equal(cJSON_GetStringValue(
			    cJSON_GetArrayItem(m, 0)), "admins");
			assert_string_equal(cJSON_GetStringValue(
			    cJSON_GetArrayItem(m, 1)), "hours");
		} else {
			assert_int_equal(cJSON_GetNumberValue(
			    cJSON_GetObjectItem(a, "id")), empty);
			assert_int_equal(cJSON_GetNumberValue(
			    cJSON_GetObjectItem(a, "admins")), 0);
			assert_int_equal(cJSON_GetArraySize(m), 0);
		}
	}
	cJSON_Delete(l);

	/* Another organisation's lists are its own. */
	assert_int_equal(role_list(unit_db, unit_org(org, "dept", "某部门"),
	    &l), SDRZ_OK);
	assert_int_equal(cJSON_GetArraySize(l), 0);
	cJSON_Delete(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modules),
		UNIT_DB_TEST(test_can),
		UNIT_DB_TEST(test_lists),
	};

	return unit_db_run("test_admin", tests, sizeof(tests) /
	    sizeof(tests[0]));
}
