/*
 * The personnel profile (profile.h) against the test stack's MariaDB
 * (unit_db.h): the fields a person may not save themselves, what they see
 * of their requests, and the admins' list of the personnel of a subtree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "form.h"
#include "profile.h"
#include "unit_db.h"

static const char *
err_of(const struct form *f, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(f->errors, name));
}

/* Refused before anything is saved: the unit, the name and the ID are
 * locked, the title goes through a review. */
static void
test_update_refused(void **state)
{
	struct form	 f;
	cJSON		*body;
	int64_t		 p, org;

	(void)state;
	org = unit_org(0, "hrb_city", "资料测试局");
	p = unit_person("资料者", NULL, NULL);
	unit_personnel(p, org, "approved");
	body = cJSON_Parse("{\"phone\":\"13806330001\",\"email\":\"a@rz.cn\","
	    "\"name\":\"改名\",\"org_id\":1,\"title_level\":\"2\","
	    "\"school\":\"日照学院\"}");
	assert_non_null(body);
	memset(&f, 0, sizeof(f));
	assert_int_equal(profile_update(unit_db, p, body, NULL, &f),
	    SDRZ_ERR_INVALID);
	assert_non_null(strstr(err_of(&f, "name"), "不能自行修改"));
	assert_non_null(strstr(err_of(&f, "org_id"), "不能自行修改"));
	assert_non_null(strstr(err_of(&f, "title_level"), "须经单位审核"));
	/* Required fields missing are named too; the phone was fine. */
	assert_non_null(err_of(&f, "education"));
	assert_null(err_of(&f, "phone"));
	form_release(&f);
	cJSON_Delete(body);
	/* Nothing was saved. */
	assert_int_equal(unit_int("SELECT school IS NULL FROM personnel"
	    " WHERE person_id = ?", "i", p), 1);
	assert_int_equal(unit_int("SELECT COUNT(*) FROM person WHERE id = ?"
	    " AND name = '资料者' AND phone IS NULL", "i", p), 1);
}

static void
test_requests(void **state)
{
	cJSON		*o, *c;
	int64_t		 p, org, to, r;

	(void)state;
	org = unit_org(0, "hrb_city", "请求测试局");
	to = unit_org(org, "unit", "调入单位");
	p = unit_person("请求者", NULL, NULL);
	unit_personnel(p, org, "approved");

	assert_int_equal(profile_requests(unit_db, p, &o), SDRZ_OK);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "change")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "transfer")));
	cJSON_Delete(o);

	/* The newest change that was not withdrawn, and the newest
	 * transfer. */
	unit_exec("INSERT INTO review (kind, subject_type, subject_id, org_id,"
	    " payload, status, reason) VALUES ('profile_change', 'person', ?,"
	    " ?, '{\"dept\":\"一科\"}', 'rejected', '材料不全')", "ii", p, org);
	r = unit_exec("INSERT INTO review (kind, subject_type, subject_id,"
	    " org_id, payload, before_payload) VALUES ('profile_change',"
	    " 'person', ?, ?, '{\"dept\":\"二科\"}', '{\"dept\":\"一科\"}')",
	    "ii", p, org);
	unit_exec("INSERT INTO review (kind, subject_type, subject_id, org_id,"
	    " payload, status) VALUES ('profile_change', 'person', ?, ?,"
	    " '{\"dept\":\"三科\"}', 'withdrawn')", "ii", p, org);
	unit_exec("INSERT INTO personnel_transfer (person_id, from_org_id,"
	    " to_org_id, review_id) VALUES (?, ?, ?, ?)", "iiii", p, org, to,
	    unit_exec("INSERT INTO review (kind, subject_type, subject_id,"
	    " org_id) VALUES ('transfer', 'person', ?, ?)", "ii", p, to));

	assert_int_equal(profile_requests(unit_db, p, &o), SDRZ_OK);
	c = cJSON_GetObjectItem(o, "change");
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(c, "id")), r);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c,
	    "status")), "pending");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
	    cJSON_GetObjectItem(c, "after"), "dept")), "二科");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
	    cJSON_GetObjectItem(c, "before"), "dept")), "一科");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c,
	    "attachments")), 0);
	c = cJSON_GetObjectItem(o, "transfer");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c,
	    "from_org_name")), "请求测试局");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c,
	    "to_org_name")), "调入单位");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c,
	    "status")), "pending");
	cJSON_Delete(o);
}

/* The person ids of a list's items, in order, as "1,2,3". */
static const char *
people(const cJSON *l, char *buf, size_t sz)
{
	const cJSON	*it;
	size_t		 n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items"))
		n += (size_t)snprintf(buf + n, sz - n, "%s%lld", n ? "," : "",
		    (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(it,
		    "person_id")));
	return buf;
}

static void
test_personnel_list(void **state)
{
	struct profile_query	 q;
	cJSON			*l;
	char			 got[128], want[128], idn[19];
	int64_t			 top, u, b, s, a, c, d;

	(void)state;
	top = unit_org(0, "hrb_city", "名册测试局");
	u = unit_org(top, "unit", "名册单位");
	b = unit_org(u, "unit", "名册单位分部");
	s = unit_org(top, "unit", "另一单位");
	a = unit_person("欧阳一", NULL, NULL);
	unit_personnel(a, u, "approved");
	c = unit_person("欧二", NULL, idn);
	unit_personnel(c, b, "approved");
	unit_personnel(unit_person("欧阳三", NULL, NULL), u, "pending");
	d = unit_person("司马四", NULL, NULL);
	unit_personnel(d, s, "approved");

	memset(&q, 0, sizeof(q));
	q.top = u;
	q.pg.page = 1;
	q.pg.size = 20;
	/* The approved personnel of the subtree, by person id. */
	assert_int_equal(profile_personnel_list(unit_db, &q, &l), SDRZ_OK);
	snprintf(want, sizeof(want), "%lld,%lld", (long long)a, (long long)c);
	assert_string_equal(people(l, got, sizeof(got)), want);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(l,
	    "total")), 2);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 1),
	    "org_name")), "名册单位分部");
	cJSON_Delete(l);

	/* A name is a prefix: 欧阳 finds 欧阳一, not 欧二. */
	q.name = "欧阳";
	assert_int_equal(profile_personnel_list(unit_db, &q, &l), SDRZ_OK);
	snprintf(want, sizeof(want), "%lld", (long long)a);
	assert_string_equal(people(l, got, sizeof(got)), want);
	cJSON_Delete(l);
	q.name = "阳";
	assert_int_equal(profile_personnel_list(unit_db, &q, &l), SDRZ_OK);
	assert_string_equal(people(l, got, sizeof(got)), "");
	cJSON_Delete(l);
	/* LIKE's wildcards are text. */
	q.name = "%";
	assert_int_equal(profile_personnel_list(unit_db, &q, &l), SDRZ_OK);
	assert_string_equal(people(l, got, sizeof(got)), "");
	cJSON_Delete(l);

	/* The whole ID number, and one organisation of the subtree. */
	q.name = NULL;
	q.id_number = idn;
	assert_int_equal(profile_personnel_list(unit_db, &q, &l), SDRZ_OK);
	snprintf(want, sizeof(want), "%lld", (long long)c);
	assert_string_equal(people(l, got, sizeof(got)), want);
	cJSON_Delete(l);
	q.id_number = NULL;
	q.org_id = u;
	assert_int_equal(profile_personnel_list(unit_db, &q, &l), SDRZ_OK);
	snprintf(want, sizeof(want), "%lld", (long long)a);
	assert_string_equal(people(l, got, sizeof(got)), want);
	cJSON_Delete(l);

	/* The city sees everyone; one row a page, by key. */
	q.org_id = 0;
	q.top = top;
	q.pg.size = 1;
	assert_int_equal(profile_personnel_list(unit_db, &q, &l), SDRZ_OK);
	snprintf(want, sizeof(want), "%lld", (long long)a);
	assert_string_equal(people(l, got, sizeof(got)), want);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(l,
	    "total")), 3);
	q.pg.after = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(l,
	    "next"));
	cJSON_Delete(l);
	assert_int_equal(q.pg.after, a);
	q.pg.page = 2;
	assert_int_equal(profile_personnel_list(unit_db, &q, &l), SDRZ_OK);
	snprintf(want, sizeof(want), "%lld", (long long)c);
	assert_string_equal(people(l, got, sizeof(got)), want);
	cJSON_Delete(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_DB_TEST(test_update_refused),
		UNIT_DB_TEST(test_requests),
		UNIT_DB_TEST(test_personnel_list),
	};

	return unit_db_run("test_profile", tests, sizeof(tests) /
	    sizeof(tests[0]));
}
