/*
 * Classes against the test stack's database (UNIT_DB_CONFIG, as
 * tests/unit/test_db.c): the rights of the city bureau, a district bureau
 * and a unit; the publish checks and their Chinese list; publishing; the
 * draft a first edit makes as a copy (copied_from) while the live
 * version stays frozen; the outline and the unlock order the learner
 * side reads; moving courses. The fixture (the city bureau, when the
 * database has none, and everything the tests make) is removed at the
 * end.
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

#include "audit.h"
#include "config.h"
#include "course.h"
#include "db.h"
#include "form.h"

static struct config	 cfg;
static struct db	*db;
static int64_t		 city, district, unit, person, video, bank, klass;
static int		 city_made;
static struct audit_actor as_city, as_district, as_unit;

static int64_t
one_int(const char *sql, int64_t arg)
{
	struct db_stmt	*st = db_stmt(db, sql);

	assert_non_null(st);
	db_bind_int(st, 0, arg);
	assert_int_equal(db_exec(st), SDRZ_OK);
	assert_int_equal(db_next(st), 1);
	return db_col_int(st, 0);
}

static void
run(const char *sql, int64_t arg)
{
	struct db_stmt	*st = db_stmt(db, sql);

	if (st == NULL)
		return;
	db_bind_int(st, 0, arg);
	db_exec(st);
}

/* Runs an INSERT whose parameters are the ids of args (text: the first
 * parameter is that text instead); the new id. */
static int64_t
insert(const char *sql, const char *text, int n, ...)
{
	struct db_stmt	*st = db_stmt(db, sql);
	va_list		 ap;
	int		 i, at = 0;

	assert_non_null(st);
	if (text != NULL)
		db_bind_text(st, (unsigned)at++, text);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		db_bind_int(st, (unsigned)at++, va_arg(ap, int64_t));
	va_end(ap);
	assert_int_equal(db_exec(st), SDRZ_OK);
	return (int64_t)db_insert_id(st);
}

static int
setup(void **state)
{
	struct db_stmt	*st;
	char		 idn[32];

	(void)state;
	if ((db = db_new(&cfg)) == NULL)
		return -1;
	/* The root must be the city bureau; a fresh database has none, and
	 * then the test's own is removed at the end. */
	st = db_stmt(db, "SELECT id FROM org WHERE parent_id IS NULL");
	assert_int_equal(db_exec(st), SDRZ_OK);
	if (db_next(st) == 1)
		city = db_col_int(st, 0);
	else {
		city = insert("INSERT INTO org (kind, name, status) VALUES"
		    " ('hrb_city', ?, 'approved')", "单元测试市人社局", 0);
		city_made = 1;
	}
	district = insert("INSERT INTO org (kind, name, status, parent_id)"
	    " VALUES ('hrb_district', ?, 'approved', ?)", "单元测试区人社局", 1,
	    city);
	unit = insert("INSERT INTO org (kind, name, status, parent_id)"
	    " VALUES ('unit', ?, 'approved', ?)", "单元测试单位", 1, city);
	snprintf(idn, sizeof(idn), "UC%016ld", (long)getpid());
	person = insert("INSERT INTO person (id_type, id_number, name,"
	    " password_hash) VALUES ('99', ?, '测试', 'x')", idn, 0);
	video = insert("INSERT INTO video (org_id, uploaded_by, name, size,"
	    " received, status, dir, duration_ms) VALUES (?, ?, 'v.mp4', 10,"
	    " 10, 'ready', 'v', 61000)", NULL, 2, city, person);
	as_city.person_id = as_district.person_id = as_unit.person_id = person;
	as_city.org_id = city;
	as_district.org_id = district;
	as_unit.org_id = unit;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	if (klass > 0) {
		run("UPDATE course_class SET live_version = NULL, draft_version"
		    " = NULL WHERE id = ?", klass);
		run("DELETE FROM section WHERE version_id IN (SELECT id FROM"
		    " class_version WHERE class_id = ?)", klass);
		run("DELETE FROM course WHERE version_id IN (SELECT id FROM"
		    " class_version WHERE class_id = ?)", klass);
		run("DELETE FROM class_version WHERE class_id = ?", klass);
		run("DELETE FROM audit_log WHERE subject_type = 'course_class'"
		    " AND subject_id = ?", klass);
		run("DELETE FROM course_class WHERE id = ?", klass);
	}
	run("DELETE FROM question WHERE bank_id = ?", bank);
	run("DELETE FROM question_bank WHERE id = ?", bank);
	run("DELETE FROM video WHERE id = ?", video);
	run("DELETE FROM org WHERE id = ?", unit);
	run("DELETE FROM org WHERE id = ?", district);
	run("DELETE FROM person WHERE id = ?", person);
	if (city_made)
		run("DELETE FROM org WHERE id = ?", city);
	db_free(db);
	return 0;
}

static cJSON *
J(const char *text)
{
	cJSON	*v = cJSON_Parse(text);

	assert_non_null(v);
	return v;
}

static void
test_rights(void **state)
{
	enum course_right	 r;

	(void)state;
	assert_int_equal(course_right(db, city, COURSE_PUBLIC, 0, &r), SDRZ_OK);
	assert_int_equal(r, COURSE_RIGHT_WRITE);
	assert_int_equal(course_right(db, city, COURSE_PROFESSIONAL, 0, &r),
	    SDRZ_OK);
	assert_int_equal(r, COURSE_RIGHT_WRITE);
	assert_int_equal(course_right(db, district, COURSE_PUBLIC, city, &r),
	    SDRZ_OK);
	assert_int_equal(r, COURSE_RIGHT_READ);
	assert_int_equal(course_right(db, unit, COURSE_PUBLIC, city, &r),
	    SDRZ_OK);
	assert_int_equal(r, COURSE_RIGHT_NONE);
	assert_int_equal(course_right(db, 0, COURSE_PUBLIC, city, &r), SDRZ_OK);
	assert_int_equal(r, COURSE_RIGHT_NONE);
}

/* Publishes and expects refusal with n sentences; the first must hold
 * want. */
static void
refused(int n, const char *want)
{
	struct sdrz_why	 why = { 0 };
	cJSON		*missing = NULL;

	assert_int_equal(course_class_publish(db, klass, &as_city, &why,
	    &missing), SDRZ_ERR_UNPROCESSABLE);
	assert_string_equal(why.code, "class_incomplete");
	assert_non_null(missing);
	assert_int_equal(cJSON_GetArraySize(missing), n);
	assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetArrayItem(missing,
	    0)), want));
	cJSON_Delete(missing);
}

static void
test_build_publish_copy(void **state)
{
	struct form		 f;
	struct sdrz_why		 why = { 0 };
	struct course_version	 v;
	struct course_section	 s;
	cJSON			*body, *missing = NULL, *o;
	int64_t			 c1, c2, s1, s2, live, draft, *order;
	size_t			 n;
	char			 text[256], *out;
	int			 i;

	(void)state;
	/* Only the city bureau creates; field errors otherwise. */
	body = J("{\"category\":\"public\",\"year\":2026,\"name\":\"单元测试班\","
	    "\"hours\":24.5}");
	memset(&why, 0, sizeof(why));
	assert_int_equal(course_class_create(db, body, &as_district, &f, &why,
	    &klass), SDRZ_ERR_FORBIDDEN);
	assert_string_equal(why.code, "bureau_required");
	form_release(&f);
	klass = 0;
	assert_int_equal(course_class_create(db, body, &as_city, &f, &why,
	    &klass), SDRZ_OK);
	form_release(&f);
	cJSON_Delete(body);
	assert_true(klass > 0);
	refused(1, "还没有课程");

	/* Two courses; the first with two sections. */
	body = J("{\"name\":\"法律法规\"}");
	assert_int_equal(course_course_add(db, klass, body, &as_city, &f, &why,
	    &c1), SDRZ_OK);
	form_release(&f);
	cJSON_Delete(body);
	body = J("{\"name\":\"职业道德\",\"hours\":1.5}");
	assert_int_equal(course_course_add(db, klass, body, &as_city, &f, &why,
	    &c2), SDRZ_OK);
	form_release(&f);
	cJSON_Delete(body);
	refused(2, "课程「法律法规」还没有小节");

	bank = insert("INSERT INTO question_bank (org_id, name) VALUES (?, ?)",
	    NULL, 2, city, (int64_t)getpid());
	snprintf(text, sizeof(text), "{\"name\":\"宪法\",\"video_id\":%lld,"
	    "\"bank_id\":%lld,\"exam_questions\":3,\"exam_minutes\":15}",
	    (long long)video, (long long)bank);
	body = J(text);
	assert_int_equal(course_section_add(db, c1, body, &as_city, &f, &why,
	    &s1), SDRZ_OK);
	form_release(&f);
	assert_int_equal(course_section_add(db, c2, body, &as_city, &f, &why,
	    &s2), SDRZ_OK);
	form_release(&f);
	cJSON_Delete(body);
	/* The bank holds 2 of the 3 questions each exam draws. */
	for (i = 0; i < 2; i++)
		run("INSERT INTO question (bank_id, kind, stem, options, answer)"
		    " VALUES (?, 'judge', '题', '[\"正确\",\"错误\"]', '[0]')",
		    bank);
	refused(2, "有效试题只有 2 道,少于考试题数 3 道");
	run("INSERT INTO question (bank_id, kind, stem, options, answer)"
	    " VALUES (?, 'judge', '题三', '[\"正确\",\"错误\"]', '[1]')", bank);

	/* The district bureau may not publish; the city may. */
	memset(&why, 0, sizeof(why));
	assert_int_equal(course_class_publish(db, klass, &as_district, &why,
	    &missing), SDRZ_ERR_FORBIDDEN);
	assert_int_equal(course_class_publish(db, klass, &as_city, &why,
	    &missing), SDRZ_OK);
	assert_null(missing);
	assert_int_equal(course_version_live(db, klass, &v), SDRZ_OK);
	live = v.id;
	assert_int_equal(v.version_no, 1);
	assert_int_equal(v.published, 1);
	assert_int_equal(v.hours, 245);
	assert_string_equal(v.category, "public");
	assert_string_equal(v.class_status, "published");
	assert_string_equal(v.name, "单元测试班");

	/* The outline: courses and sections in order, no answers. */
	assert_int_equal(course_outline(db, live, &o), SDRZ_OK);
	out = cJSON_PrintUnformatted(o);
	assert_null(strstr(out, "answer"));
	assert_null(strstr(out, "bank"));
	cJSON_free(out);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "courses")),
	    2);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(o, "courses"), 0), "name")),
	    "法律法规");
	{
		cJSON	*sec = cJSON_GetArrayItem(cJSON_GetObjectItem(
		    cJSON_GetArrayItem(cJSON_GetObjectItem(o, "courses"), 1),
		    "sections"), 0);

		assert_int_equal((int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItem(sec, "id")), s2);
		assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(
		    sec, "duration_ms")), 61000);
		assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(
		    sec, "exam_minutes")), 15);
		assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(
		    sec, "exam_questions")), 3);
	}
	cJSON_Delete(o);
	assert_int_equal(course_section_order(db, live, &order, &n), SDRZ_OK);
	assert_int_equal(n, 2);
	assert_true(order[0] == s1 && order[1] == s2);
	free(order);
	assert_int_equal(course_section_get(db, s1, &s), SDRZ_OK);
	assert_int_equal(s.published, 1);
	assert_int_equal(s.bank_id, bank);
	assert_int_equal(s.video_id, video);
	assert_int_equal(s.exam_minutes, 15);
	assert_int_equal(s.class_id, klass);
	assert_string_equal(s.bank_tag, "");

	/* The live version is frozen. */
	body = J("{\"name\":\"改名\"}");
	memset(&why, 0, sizeof(why));
	assert_int_equal(course_course_edit(db, c1, body, &as_city, &f, &why),
	    SDRZ_ERR_CONFLICT);
	assert_string_equal(why.code, "version_frozen");
	form_release(&f);
	cJSON_Delete(body);

	/* A first edit copies: version 2 with copies of both courses and
	 * sections, copied_from naming the originals. */
	body = J("{\"name\":\"单元测试班(修订)\",\"hours\":20}");
	memset(&why, 0, sizeof(why));
	assert_int_equal(course_class_edit(db, klass, body, &as_district, &f,
	    &why), SDRZ_ERR_FORBIDDEN);
	form_release(&f);
	assert_int_equal(course_class_edit(db, klass, body, &as_city, &f,
	    &why), SDRZ_OK);
	form_release(&f);
	cJSON_Delete(body);
	draft = one_int("SELECT draft_version FROM course_class WHERE id = ?",
	    klass);
	assert_true(draft > 0 && draft != live);
	assert_int_equal(one_int("SELECT COUNT(*) FROM course WHERE version_id ="
	    " ? AND copied_from IS NOT NULL", draft), 2);
	assert_int_equal(one_int("SELECT COUNT(*) FROM section s JOIN section o"
	    " ON o.id = s.copied_from WHERE s.version_id = ? AND o.name ="
	    " s.name AND o.bank_id = s.bank_id AND o.video_id = s.video_id",
	    draft), 2);
	assert_int_equal(one_int("SELECT COUNT(*) FROM section s JOIN course c"
	    " ON c.id = s.course_id WHERE s.version_id = ? AND c.version_id ="
	    " s.version_id", draft), 2);
	assert_int_equal(course_version_get(db, live, &v), SDRZ_OK);
	assert_string_equal(v.name, "单元测试班");
	assert_int_equal(v.hours, 245);
	assert_int_equal(course_version_get(db, draft, &v), SDRZ_OK);
	assert_int_equal(v.version_no, 2);
	assert_int_equal(v.published, 0);
	assert_int_equal(v.hours, 200);

	/* Move the draft's second course first: the draft's order changes,
	 * the live one's does not. */
	c2 = one_int("SELECT id FROM course WHERE version_id = ? ORDER BY sort"
	    " DESC LIMIT 1", draft);
	body = J("{\"position\":1}");
	assert_int_equal(course_course_move(db, c2, body, &as_city, &f, &why),
	    SDRZ_OK);
	form_release(&f);
	cJSON_Delete(body);
	assert_int_equal(course_section_order(db, draft, &order, &n), SDRZ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(one_int("SELECT copied_from FROM section WHERE id = ?",
	    order[0]), s2);
	free(order);
	assert_int_equal(course_section_order(db, live, &order, &n), SDRZ_OK);
	assert_true(order[0] == s1 && order[1] == s2);
	free(order);

	/* Publishing the draft: version 2 live, version 1 as it was. */
	assert_int_equal(course_class_publish(db, klass, &as_city, &why,
	    &missing), SDRZ_OK);
	assert_int_equal(course_version_live(db, klass, &v), SDRZ_OK);
	assert_int_equal(v.id, draft);
	assert_int_equal(one_int("SELECT COUNT(*) FROM course_class WHERE id = ?"
	    " AND draft_version IS NULL", klass), 1);
	assert_int_equal(one_int("SELECT COUNT(*) FROM section WHERE version_id"
	    " = ?", live), 2);
	/* Nothing more to publish. */
	memset(&why, 0, sizeof(why));
	assert_int_equal(course_class_publish(db, klass, &as_city, &why,
	    &missing), SDRZ_ERR_CONFLICT);
	assert_string_equal(why.code, "nothing_to_publish");
	/* Not found. */
	assert_int_equal(course_version_get(db, 0, &v), SDRZ_ERR_NOT_FOUND);
	assert_int_equal(course_outline(db, 0, &o), SDRZ_ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rights),
		cmocka_unit_test(test_build_publish_copy),
	};
	const char	*path = getenv("UNIT_DB_CONFIG");
	char		 err[256];
	int		 rc;

	if (path == NULL || *path == '\0') {
		fprintf(stderr, "test_course: UNIT_DB_CONFIG names no "
		    "configuration; skipped (./dev test sets it)\n");
		return 77;
	}
	if (config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "test_course: %s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, setup, teardown);
	config_release(&cfg);
	return rc;
}
