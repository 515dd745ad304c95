/*
 * Classes, their versions, courses and sections (course.h). The tables
 * are in sql/014_learning.sql; docs/LEARNING.md names the rules.
 *
 * Every change runs in one transaction that first locks the class row
 * (SELECT ... FOR UPDATE), so that two first edits of a published class
 * make one draft, and a publish sees the draft as it will go live.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "audit.h"
#include "bank.h"
#include "course.h"
#include "db.h"
#include "form.h"
#include "list.h"
#include "util.h"

const char *const course_categories[COURSE_CATEGORY__MAX] = {
	[COURSE_PUBLIC] = "public",
	[COURSE_PROFESSIONAL] = "professional",
};

static const char *const category_words[] = { "public", "professional",
    NULL };

/* Hours travel as JSON numbers with at most one decimal, outside the
 * field tables (as the hours of hours.c): checked by tenths_of(). */
static const struct form_field class_fields[] = {
	{ "category", "科目类别", FORM_CHOICE, 1, 16, NULL, NULL, 0, 0,
	    category_words },
	{ "year", "年度", FORM_INT, 1, 0, NULL, NULL, 2000, 2100, NULL },
	{ "name", "培训班名称", FORM_TEXT, 1, 100, NULL, NULL, 0, 0, NULL },
	{ "intro", "培训班简介", FORM_LINES, 0, 2000, NULL, NULL, 0, 0, NULL },
};
const struct form_desc course_class_form = { "course-class", class_fields,
    sizeof(class_fields) / sizeof(class_fields[0]) };

/* An edit names neither the category nor the year: a class keeps them. */
static const struct form_field class_edit_fields[] = {
	{ "name", "培训班名称", FORM_TEXT, 1, 100, NULL, NULL, 0, 0, NULL },
	{ "intro", "培训班简介", FORM_LINES, 0, 2000, NULL, NULL, 0, 0, NULL },
};

static const struct form_field course_fields[] = {
	{ "name", "课程名称", FORM_TEXT, 1, 100, NULL, NULL, 0, 0, NULL },
	{ "teacher", "主讲教师", FORM_TEXT, 0, 50, NULL, NULL, 0, 0, NULL },
	{ "intro", "课程简介", FORM_LINES, 0, 2000, NULL, NULL, 0, 0, NULL },
};
const struct form_desc course_course_form = { "course", course_fields,
    sizeof(course_fields) / sizeof(course_fields[0]) };

static const struct form_field section_fields[] = {
	{ "name", "小节名称", FORM_TEXT, 1, 100, NULL, NULL, 0, 0, NULL },
	{ "video_id", "视频", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "bank_id", "题库", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "bank_tag", "试题标签", FORM_TEXT, 0, 50, NULL, NULL, 0, 0, NULL },
	{ "exam_questions", "考试题数", FORM_INT, 0, 0, NULL, NULL, 1,
	    BANK_DRAW_MAX, NULL },
	{ "pass_score", "合格分数", FORM_INT, 0, 0, NULL, NULL, 1, 100, NULL },
	{ "exam_minutes", "考试时长(分钟)", FORM_INT, 0, 0, NULL, NULL, 1, 600,
	    NULL },
};
const struct form_desc course_section_form = { "course-section", section_fields,
    sizeof(section_fields) / sizeof(section_fields[0]) };

static const struct form_field move_fields[] = {
	{ "position", "位置", FORM_INT, 1, 0, NULL, NULL, 1, 1000, NULL },
};

#define SECTION_QUESTIONS_DEFAULT	5
#define SECTION_PASS_DEFAULT		60

/* A JSON number of hours as tenths, or -1. */
static int
tenths_of(const cJSON *v)
{
	double	 d;

	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble * 10;
	if (d < 0 || d > 1e6 || fabs(d - round(d)) > 1e-6)
		return -1;
	return (int)round(d);
}

static enum course_category
category_of(const char *s)
{
	int	 i;

	for (i = 0; i < COURSE_CATEGORY__MAX; i++)
		if (s != NULL && strcmp(s, course_categories[i]) == 0)
			return (enum course_category)i;
	return COURSE_CATEGORY__MAX;
}

static void
copy_text(char *dst, size_t sz, const char *src)
{
	snprintf(dst, sz, "%s", src ? src : "");
}

static void
set_why(struct sdrz_why *why, const char *code, const char *message)
{
	if (why == NULL)
		return;
	why->code = code;
	why->message = message;
	why->field = NULL;
}

/* ---- reading ---- */

#define VERSION_SELECT \
    "SELECT v.id, v.class_id, c.org_id, v.version_no, c.year, c.category," \
    " c.status, v.published_at IS NOT NULL, v.hours * 10, v.price_fen," \
    " v.name FROM class_version v JOIN course_class c ON c.id = v.class_id"

static const char SQL_VERSION[] = VERSION_SELECT " WHERE v.id = ?";
static const char SQL_VERSION_LIVE[] = VERSION_SELECT
    " WHERE c.id = ? AND v.id = c.live_version";

static enum sdrz_err
version_read(struct db *db, const char *sql, int64_t id,
    struct course_version *v)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	memset(v, 0, sizeof(*v));
	if ((st = db_stmt(db, sql)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0)
		return SDRZ_ERR_NOT_FOUND;
	v->id = db_col_int(st, 0);
	v->class_id = db_col_int(st, 1);
	v->org_id = db_col_int(st, 2);
	v->version_no = (int)db_col_int(st, 3);
	v->year = (int)db_col_int(st, 4);
	copy_text(v->category, sizeof(v->category), db_col_text(st, 5));
	copy_text(v->class_status, sizeof(v->class_status), db_col_text(st, 6));
	v->published = db_col_int(st, 7) != 0;
	v->hours = (int)db_col_int(st, 8);
	v->price_fen = (int)db_col_int(st, 9);
	copy_text(v->name, sizeof(v->name), db_col_text(st, 10));
	return SDRZ_OK;
}

enum sdrz_err
course_version_get(struct db *db, int64_t version_id,
    struct course_version *v)
{
	return version_read(db, SQL_VERSION, version_id, v);
}

enum sdrz_err
course_version_live(struct db *db, int64_t class_id, struct course_version *v)
{
	return version_read(db, SQL_VERSION_LIVE, class_id, v);
}

static const char SQL_SECTION[] =
    "SELECT s.id, s.course_id, s.version_id, v.class_id, s.video_id,"
    " s.bank_id, s.bank_tag, s.exam_questions, s.pass_score,"
    " s.exam_minutes, v.published_at IS NOT NULL, s.name"
    " FROM section s JOIN class_version v ON v.id = s.version_id"
    " WHERE s.id = ?";

enum sdrz_err
course_section_get(struct db *db, int64_t id, struct course_section *s)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	memset(s, 0, sizeof(*s));
	if ((st = db_stmt(db, SQL_SECTION)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0)
		return SDRZ_ERR_NOT_FOUND;
	s->id = db_col_int(st, 0);
	s->course_id = db_col_int(st, 1);
	s->version_id = db_col_int(st, 2);
	s->class_id = db_col_int(st, 3);
	s->video_id = db_col_int(st, 4);
	s->bank_id = db_col_int(st, 5);
	copy_text(s->bank_tag, sizeof(s->bank_tag), db_col_text(st, 6));
	s->exam_questions = (int)db_col_int(st, 7);
	s->pass_score = (int)db_col_int(st, 8);
	s->exam_minutes = (int)db_col_int(st, 9);
	s->published = db_col_int(st, 10) != 0;
	copy_text(s->name, sizeof(s->name), db_col_text(st, 11));
	return SDRZ_OK;
}

static const char SQL_ORDER[] =
    "SELECT s.id FROM section s JOIN course c ON c.id = s.course_id"
    " WHERE s.version_id = ? ORDER BY c.sort, c.id, s.sort, s.id";

enum sdrz_err
course_section_order(struct db *db, int64_t version_id, int64_t **ids,
    size_t *n)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		*v = NULL, *nv;
	size_t		 len = 0, cap = 0;
	int		 r;

	*ids = NULL;
	*n = 0;
	if ((st = db_stmt(db, SQL_ORDER)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, version_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while ((r = db_next(st)) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				free(v);
				return SDRZ_ERR_NOMEM;
			}
			v = nv;
		}
		v[len++] = db_col_int(st, 0);
	}
	if (r == -1) {
		free(v);
		return SDRZ_ERR_DB;
	}
	*ids = v;
	*n = len;
	return SDRZ_OK;
}

static const char SQL_OUTLINE_HEAD[] =
    "SELECT v.id, v.class_id, v.version_no, c.category, c.year, v.name,"
    " v.intro, v.hours * 10 FROM class_version v"
    " JOIN course_class c ON c.id = v.class_id WHERE v.id = ?";

/* Courses and their sections in one pass, in the unlock order; a course
 * without sections comes as one row with NULL section columns. */
static const char SQL_OUTLINE[] =
    "SELECT c.id, c.name, c.teacher, c.intro, c.hours * 10, s.id, s.name,"
    " s.video_id, vd.duration_ms, s.exam_questions, s.pass_score,"
    " s.exam_minutes FROM course c"
    " LEFT JOIN section s ON s.course_id = c.id"
    " LEFT JOIN video vd ON vd.id = s.video_id"
    " WHERE c.version_id = ? ORDER BY c.sort, c.id, s.sort, s.id";

static void
add_id_or_null(cJSON *o, const char *key, const struct db_stmt *st,
    unsigned col)
{
	if (db_col_isnull(st, col))
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, (double)db_col_int(st, col));
}

enum sdrz_err
course_outline(struct db *db, int64_t version_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*o, *courses, *course = NULL, *sections = NULL, *s;
	int64_t		 cur = 0, cid;
	int		 r;

	*out = NULL;
	if ((st = db_stmt(db, SQL_OUTLINE_HEAD)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, version_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0)
		return SDRZ_ERR_NOT_FOUND;
	if ((o = cJSON_CreateObject()) == NULL)
		return SDRZ_ERR_NOMEM;
	cJSON_AddNumberToObject(o, "version_id", (double)db_col_int(st, 0));
	cJSON_AddNumberToObject(o, "class_id", (double)db_col_int(st, 1));
	cJSON_AddNumberToObject(o, "version_no", (double)db_col_int(st, 2));
	util_json_text(o, "category", db_col_text(st, 3));
	cJSON_AddNumberToObject(o, "year", (double)db_col_int(st, 4));
	util_json_text(o, "name", db_col_text(st, 5));
	util_json_text(o, "intro", db_col_text(st, 6));
	cJSON_AddNumberToObject(o, "hours", db_col_int(st, 7) / 10.0);
	courses = cJSON_AddArrayToObject(o, "courses");
	if ((st = db_stmt(db, SQL_OUTLINE)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto fail;
	}
	db_bind_int(st, 0, version_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto fail;
	while ((r = db_next(st)) == 1) {
		cid = db_col_int(st, 0);
		if (cid != cur) {
			cur = cid;
			course = cJSON_CreateObject();
			cJSON_AddItemToArray(courses, course);
			cJSON_AddNumberToObject(course, "id", (double)cid);
			util_json_text(course, "name", db_col_text(st, 1));
			util_json_text(course, "teacher", db_col_text(st, 2));
			util_json_text(course, "intro", db_col_text(st, 3));
			cJSON_AddNumberToObject(course, "hours",
			    db_col_int(st, 4) / 10.0);
			sections = cJSON_AddArrayToObject(course, "sections");
		}
		if (db_col_isnull(st, 5))
			continue;
		s = cJSON_CreateObject();
		cJSON_AddItemToArray(sections, s);
		cJSON_AddNumberToObject(s, "id", (double)db_col_int(st, 5));
		util_json_text(s, "name", db_col_text(st, 6));
		add_id_or_null(s, "video_id", st, 7);
		add_id_or_null(s, "duration_ms", st, 8);
		cJSON_AddNumberToObject(s, "exam_questions",
		    (double)db_col_int(st, 9));
		cJSON_AddNumberToObject(s, "pass_score",
		    (double)db_col_int(st, 10));
		add_id_or_null(s, "exam_minutes", st, 11);
	}
	if (r == -1) {
		rc = SDRZ_ERR_DB;
		goto fail;
	}
	*out = o;
	return SDRZ_OK;
fail:
	cJSON_Delete(o);
	return rc;
}

/* ---- permissions ---- */

static const char SQL_ORG_STANDING[] =
    "SELECT kind, parent_id IS NULL, status FROM org WHERE id = ?";

enum sdrz_err
course_right(struct db *db, int64_t org_id, enum course_category cat,
    int64_t owner_org, enum course_right *right)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	const char	*kind, *status;
	int		 r, root;

	*right = COURSE_RIGHT_NONE;
	if ((unsigned)cat >= COURSE_CATEGORY__MAX || org_id <= 0)
		return SDRZ_OK;
	if ((st = db_stmt(db, SQL_ORG_STANDING)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0)
		return SDRZ_OK;
	kind = db_col_text(st, 0);
	root = db_col_int(st, 1) != 0;
	status = db_col_text(st, 2);
	if (status == NULL || strcmp(status, "approved") != 0)
		return SDRZ_OK;
	/* The city HR bureau manages the content of both portals. */
	if (root && kind != NULL && strcmp(kind, "hrb_city") == 0) {
		*right = COURSE_RIGHT_WRITE;
		return SDRZ_OK;
	}
	/*
	 * XXX: issue 12 lets an approved CE base write its own professional
	 * classes (owner_org == org_id), published after the bureau's
	 * review: that is one more branch here, for cat ==
	 * COURSE_PROFESSIONAL.
	 */
	(void)owner_org;
	if (kind != NULL && strcmp(kind, "hrb_district") == 0)
		*right = COURSE_RIGHT_READ;
	return SDRZ_OK;
}

/* Fills why for a refusal of need; returns the error, or SDRZ_OK when the
 * right suffices. */
static enum sdrz_err
refuse(enum course_right have, enum course_right need, enum course_category c,
    struct sdrz_why *why)
{
	if (have >= need)
		return SDRZ_OK;
	if (have == COURSE_RIGHT_NONE)
		set_why(why, "bureau_required", c == COURSE_PROFESSIONAL ?
		    "专业科目内容由人力资源和社会保障部门管理,本单位无权查看" :
		    "公需科目由人力资源和社会保障部门管理,本单位无权查看");
	else
		set_why(why, "bureau_required", c == COURSE_PROFESSIONAL ?
		    "专业科目内容由市人力资源和社会保障局管理,本单位只能查看" :
		    "公需科目由市人力资源和社会保障局统一管理,区县人社局只能查看,"
		    "不能修改");
	return SDRZ_ERR_FORBIDDEN;
}

/* Whether the actor's org may read (at least) some class: the bureaus. */
static enum sdrz_err
need_any(struct db *db, const struct audit_actor *a, enum course_right need,
    struct sdrz_why *why)
{
	enum course_right	 r;
	enum sdrz_err		 rc;

	if ((rc = course_right(db, a ? a->org_id : 0, COURSE_PUBLIC, 0, &r)) !=
	    SDRZ_OK)
		return rc;
	return refuse(r, need, COURSE_PUBLIC, why);
}

/* ---- the class being changed ---- */

struct cls {
	int64_t			 id, org_id, live, draft;
	enum course_category	 cat;
	char			 status[16];
	int			 year;
};

static const char SQL_CLASS_LOCK[] =
    "SELECT id, org_id, category, status, live_version, draft_version, year"
    " FROM course_class WHERE id = ? FOR UPDATE";
static const char SQL_CLASS_READ[] =
    "SELECT id, org_id, category, status, live_version, draft_version, year"
    " FROM course_class WHERE id = ?";

/*
 * Reads (lock: and locks) the class and checks the actor's right to it.
 * SDRZ_ERR_NOT_FOUND for no such class; SDRZ_ERR_FORBIDDEN with why.
 */
static enum sdrz_err
class_open(struct db *db, int64_t class_id, int lock,
    const struct audit_actor *a, enum course_right need, struct cls *c,
    struct sdrz_why *why)
{
	struct db_stmt		*st;
	enum course_right	 r;
	enum sdrz_err		 rc;
	int			 n;

	memset(c, 0, sizeof(*c));
	/* Outsiders learn nothing, not even whether the class exists. */
	if ((rc = need_any(db, a, COURSE_RIGHT_READ, why)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, lock ? SQL_CLASS_LOCK : SQL_CLASS_READ)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, class_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((n = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (n == 0) {
		set_why(why, "not_found", "该培训班不存在");
		return SDRZ_ERR_NOT_FOUND;
	}
	c->id = db_col_int(st, 0);
	c->org_id = db_col_int(st, 1);
	c->cat = category_of(db_col_text(st, 2));
	copy_text(c->status, sizeof(c->status), db_col_text(st, 3));
	c->live = db_col_int(st, 4);
	c->draft = db_col_int(st, 5);
	c->year = (int)db_col_int(st, 6);
	if ((rc = course_right(db, a->org_id, c->cat, c->org_id, &r)) !=
	    SDRZ_OK)
		return rc;
	if (r == COURSE_RIGHT_NONE) {
		set_why(why, "not_found", "该培训班不存在");
		return SDRZ_ERR_NOT_FOUND;
	}
	return refuse(r, need, c->cat, why);
}

static const char SQL_NEXT_VERSION[] =
    "SELECT COALESCE(MAX(version_no), 0) + 1 FROM class_version"
    " WHERE class_id = ?";
static const char SQL_COPY_VERSION[] =
    "INSERT INTO class_version (class_id, version_no, name, intro,"
    " cover_file, hours, price_fen) SELECT class_id, ?, name, intro,"
    " cover_file, hours, price_fen FROM class_version WHERE id = ?";
static const char SQL_COPY_COURSES[] =
    "INSERT INTO course (version_id, sort, name, teacher, intro, hours,"
    " copied_from) SELECT ?, sort, name, teacher, intro, hours, id"
    " FROM course WHERE version_id = ?";
static const char SQL_COPY_SECTIONS[] =
    "INSERT INTO section (course_id, version_id, sort, name, video_id,"
    " bank_id, bank_tag, exam_questions, pass_score, exam_minutes,"
    " copied_from) SELECT nc.id, nc.version_id, s.sort, s.name, s.video_id,"
    " s.bank_id, s.bank_tag, s.exam_questions, s.pass_score,"
    " s.exam_minutes, s.id FROM section s"
    " JOIN course nc ON nc.version_id = ? AND nc.copied_from = s.course_id"
    " WHERE s.version_id = ?";
static const char SQL_SET_DRAFT[] =
    "UPDATE course_class SET draft_version = ? WHERE id = ?";

/*
 * The class's draft for a write, made first as a copy of the live version
 * when there is none (inside the caller's transaction, the class locked).
 * A closed class takes no edits.
 */
static enum sdrz_err
draft_of(struct db *db, struct cls *c, struct sdrz_why *why)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 no, v;

	if (strcmp(c->status, "closed") == 0) {
		set_why(why, "class_closed", "该培训班已结束报名,不能再修改;"
		    "如需调整请新建培训班");
		return SDRZ_ERR_CONFLICT;
	}
	if (c->draft > 0)
		return SDRZ_OK;
	if (c->live <= 0)
		return SDRZ_ERR_DB;	/* a class has one or the other */
	if ((st = db_stmt(db, SQL_NEXT_VERSION)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_DB;
	no = db_col_int(st, 0);
	if ((st = db_stmt(db, SQL_COPY_VERSION)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, no);
	db_bind_int(st, 1, c->live);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	v = (int64_t)db_insert_id(st);
	if ((st = db_stmt(db, SQL_COPY_COURSES)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, v);
	db_bind_int(st, 1, c->live);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_COPY_SECTIONS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, v);
	db_bind_int(st, 1, c->live);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_SET_DRAFT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, v);
	db_bind_int(st, 1, c->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	c->draft = v;
	return SDRZ_OK;
}

/* The refusal of a change to a version that is not the class's draft. */
static enum sdrz_err
frozen(const struct cls *c, int64_t version_id, struct sdrz_why *why)
{
	if (strcmp(c->status, "closed") == 0) {
		set_why(why, "class_closed", "该培训班已结束报名,不能再修改;"
		    "如需调整请新建培训班");
		return SDRZ_ERR_CONFLICT;
	}
	if (version_id == c->draft && c->draft > 0)
		return SDRZ_OK;
	set_why(why, "version_frozen", "已发布的版本不能修改:请刷新页面,"
	    "在新版本(草稿)中编辑,发布后学员才会看到");
	return SDRZ_ERR_CONFLICT;
}

/* ---- create and edit the class ---- */

struct class_op {
	const cJSON		*body;
	const struct audit_actor *a;
	struct form		*f;
	struct sdrz_why		*why;
	int64_t			 id;	/* class, course or section */
	int64_t			 out;	/* what was made */
	int			 tenths, position;
	cJSON			*missing;
};

static const char SQL_CLASS_NEW[] =
    "INSERT INTO course_class (org_id, category, year, created_by)"
    " VALUES (?, ?, ?, ?)";
static const char SQL_VERSION_NEW[] =
    "INSERT INTO class_version (class_id, version_no, name, intro, hours)"
    " VALUES (?, 1, ?, ?, ?)";

static enum sdrz_err
create_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 cid, vid;
	const char	*intro = form_get(op->f, "intro");
	char		 detail[160];

	if ((st = db_stmt(db, SQL_CLASS_NEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, op->a->org_id);
	db_bind_text(st, 1, form_get(op->f, "category"));
	db_bind_int(st, 2, form_int(op->f, "year", 0));
	db_bind_int(st, 3, op->a->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	cid = (int64_t)db_insert_id(st);
	if ((st = db_stmt(db, SQL_VERSION_NEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, cid);
	db_bind_text(st, 1, form_get(op->f, "name"));
	db_bind_text(st, 2, intro ? intro : "");
	db_bind_double(st, 3, op->tenths / 10.0);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	vid = (int64_t)db_insert_id(st);
	if ((st = db_stmt(db, SQL_SET_DRAFT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, vid);
	db_bind_int(st, 1, cid);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	snprintf(detail, sizeof(detail), "{\"category\":\"%s\",\"year\":%lld,"
	    "\"version_id\":%lld}", form_get(op->f, "category"),
	    form_int(op->f, "year", 0), (long long)vid);
	if ((rc = audit_add(db, op->a, "course.create", "course_class", cid,
	    detail)) != SDRZ_OK)
		return rc;
	op->out = cid;
	return SDRZ_OK;
}

/* The hours of a class body: 0.5 to 200 with one decimal. */
static int
class_hours(const cJSON *body, struct form *f)
{
	int	 t = tenths_of(cJSON_GetObjectItem(body, "hours"));

	if (t <= 0 || t > 2000) {
		form_error(f, "hours", "学时须大于 0、不超过 200,可有一位小数");
		return -1;
	}
	return t;
}

enum sdrz_err
course_class_create(struct db *db, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why,
    int64_t *id)
{
	struct class_op		 op;
	enum course_right	 r;
	enum sdrz_err		 rc;
	enum course_category	 cat;

	rc = form_parse(f, class_fields, course_class_form.n, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	memset(&op, 0, sizeof(op));
	op.tenths = class_hours(body, f);
	cat = category_of(form_get(f, "category"));
	if ((rc = course_right(db, a->org_id, cat == COURSE_CATEGORY__MAX ?
	    COURSE_PUBLIC : cat, 0, &r)) != SDRZ_OK)
		return rc;
	if ((rc = refuse(r, COURSE_RIGHT_WRITE, cat, why)) != SDRZ_OK)
		return rc;
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	op.body = body;
	op.a = a;
	op.f = f;
	op.why = why;
	if ((rc = db_tx(db, create_tx, &op)) == SDRZ_OK)
		*id = op.out;
	return rc;
}

static const char SQL_VERSION_EDIT[] =
    "UPDATE class_version SET name = ?, intro = ?, hours = ? WHERE id = ?";

static enum sdrz_err
edit_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	struct cls	 c;
	enum sdrz_err	 rc;
	const char	*intro = form_get(op->f, "intro");

	if ((rc = class_open(db, op->id, 1, op->a, COURSE_RIGHT_WRITE, &c,
	    op->why)) != SDRZ_OK || (rc = draft_of(db, &c, op->why)) !=
	    SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_VERSION_EDIT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, form_get(op->f, "name"));
	db_bind_text(st, 1, intro ? intro : "");
	db_bind_double(st, 2, op->tenths / 10.0);
	db_bind_int(st, 3, c.draft);
	return db_exec(st);
}

enum sdrz_err
course_class_edit(struct db *db, int64_t class_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why)
{
	struct class_op	 op;
	enum sdrz_err	 rc;

	rc = form_parse(f, class_edit_fields, sizeof(class_edit_fields) /
	    sizeof(class_edit_fields[0]), body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	memset(&op, 0, sizeof(op));
	op.tenths = class_hours(body, f);
	/* The right first: an outsider learns nothing from field errors. */
	if ((rc = need_any(db, a, COURSE_RIGHT_WRITE, why)) != SDRZ_OK)
		return rc;
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	op.body = body;
	op.a = a;
	op.f = f;
	op.why = why;
	op.id = class_id;
	return db_tx(db, edit_tx, &op);
}

static enum sdrz_err
draft_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct cls	 c;
	enum sdrz_err	 rc;

	if ((rc = class_open(db, op->id, 1, op->a, COURSE_RIGHT_WRITE, &c,
	    op->why)) != SDRZ_OK || (rc = draft_of(db, &c, op->why)) !=
	    SDRZ_OK)
		return rc;
	op->out = c.draft;
	return SDRZ_OK;
}

enum sdrz_err
course_class_draft(struct db *db, int64_t class_id,
    const struct audit_actor *a, struct sdrz_why *why, int64_t *version_id)
{
	struct class_op	 op;
	enum sdrz_err	 rc;

	memset(&op, 0, sizeof(op));
	op.a = a;
	op.why = why;
	op.id = class_id;
	if ((rc = db_tx(db, draft_tx, &op)) == SDRZ_OK && version_id != NULL)
		*version_id = op.out;
	return rc;
}

/* ---- the detail and the list ---- */

static const char SQL_DETAIL_CLASS[] =
    "SELECT c.id, c.category, c.year, c.status, c.org_id, o.name,"
    " c.live_version, c.draft_version, lv.version_no, lv.published_at,"
    " (SELECT COUNT(*) FROM enrolment e WHERE e.class_id = c.id),"
    " c.created_at FROM course_class c JOIN org o ON o.id = c.org_id"
    " LEFT JOIN class_version lv ON lv.id = c.live_version WHERE c.id = ?";
static const char SQL_DETAIL_VERSION[] =
    "SELECT id, version_no, published_at IS NOT NULL, name, intro,"
    " hours * 10, published_at FROM class_version WHERE id = ?";
static const char SQL_DETAIL_COURSES[] =
    "SELECT c.id, c.sort, c.name, c.teacher, c.intro, c.hours * 10,"
    " c.copied_from, s.id, s.sort, s.name, s.video_id, vd.name, vd.status,"
    " vd.duration_ms, s.bank_id, b.name, s.bank_tag, s.exam_questions,"
    " s.pass_score, s.exam_minutes, s.copied_from FROM course c"
    " LEFT JOIN section s ON s.course_id = c.id"
    " LEFT JOIN video vd ON vd.id = s.video_id"
    " LEFT JOIN question_bank b ON b.id = s.bank_id"
    " WHERE c.version_id = ? ORDER BY c.sort, c.id, s.sort, s.id";

static enum sdrz_err
detail_version(struct db *db, int64_t vid, cJSON *o)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*courses, *course = NULL, *sections = NULL, *s;
	int64_t		 cur = 0, cid;
	int		 r;

	if ((st = db_stmt(db, SQL_DETAIL_VERSION)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, vid);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_DB;
	cJSON_AddNumberToObject(o, "version_id", (double)db_col_int(st, 0));
	cJSON_AddNumberToObject(o, "version_no", (double)db_col_int(st, 1));
	cJSON_AddBoolToObject(o, "published", db_col_int(st, 2) != 0);
	util_json_text(o, "name", db_col_text(st, 3));
	util_json_text(o, "intro", db_col_text(st, 4));
	cJSON_AddNumberToObject(o, "hours", db_col_int(st, 5) / 10.0);
	util_json_text(o, "published_at", db_col_text(st, 6));
	courses = cJSON_AddArrayToObject(o, "courses");
	if ((st = db_stmt(db, SQL_DETAIL_COURSES)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, vid);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while ((r = db_next(st)) == 1) {
		cid = db_col_int(st, 0);
		if (cid != cur) {
			cur = cid;
			course = cJSON_CreateObject();
			cJSON_AddItemToArray(courses, course);
			cJSON_AddNumberToObject(course, "id", (double)cid);
			cJSON_AddNumberToObject(course, "sort",
			    (double)db_col_int(st, 1));
			util_json_text(course, "name", db_col_text(st, 2));
			util_json_text(course, "teacher", db_col_text(st, 3));
			util_json_text(course, "intro", db_col_text(st, 4));
			cJSON_AddNumberToObject(course, "hours",
			    db_col_int(st, 5) / 10.0);
			add_id_or_null(course, "copied_from", st, 6);
			sections = cJSON_AddArrayToObject(course, "sections");
		}
		if (db_col_isnull(st, 7))
			continue;
		s = cJSON_CreateObject();
		cJSON_AddItemToArray(sections, s);
		cJSON_AddNumberToObject(s, "id", (double)db_col_int(st, 7));
		cJSON_AddNumberToObject(s, "sort", (double)db_col_int(st, 8));
		util_json_text(s, "name", db_col_text(st, 9));
		add_id_or_null(s, "video_id", st, 10);
		util_json_text(s, "video_name", db_col_text(st, 11));
		util_json_text(s, "video_status", db_col_text(st, 12));
		add_id_or_null(s, "duration_ms", st, 13);
		add_id_or_null(s, "bank_id", st, 14);
		util_json_text(s, "bank_name", db_col_text(st, 15));
		util_json_text(s, "bank_tag", db_col_text(st, 16));
		cJSON_AddNumberToObject(s, "exam_questions",
		    (double)db_col_int(st, 17));
		cJSON_AddNumberToObject(s, "pass_score",
		    (double)db_col_int(st, 18));
		add_id_or_null(s, "exam_minutes", st, 19);
		add_id_or_null(s, "copied_from", st, 20);
	}
	return r == -1 ? SDRZ_ERR_DB : SDRZ_OK;
}

enum sdrz_err
course_class_detail(struct db *db, int64_t class_id,
    const struct audit_actor *a, struct sdrz_why *why, cJSON **out)
{
	struct db_stmt		*st;
	struct cls		 c;
	enum course_right	 r;
	enum sdrz_err		 rc;
	cJSON			*o, *ed;
	int64_t			 vid;

	*out = NULL;
	if ((rc = class_open(db, class_id, 0, a, COURSE_RIGHT_READ, &c,
	    why)) != SDRZ_OK)
		return rc;
	if ((rc = course_right(db, a->org_id, c.cat, c.org_id, &r)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_DETAIL_CLASS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, class_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if ((o = cJSON_CreateObject()) == NULL)
		return SDRZ_ERR_NOMEM;
	cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
	util_json_text(o, "category", db_col_text(st, 1));
	cJSON_AddNumberToObject(o, "year", (double)db_col_int(st, 2));
	util_json_text(o, "status", db_col_text(st, 3));
	cJSON_AddNumberToObject(o, "org_id", (double)db_col_int(st, 4));
	util_json_text(o, "org_name", db_col_text(st, 5));
	add_id_or_null(o, "live_version", st, 6);
	add_id_or_null(o, "draft_version", st, 7);
	add_id_or_null(o, "live_version_no", st, 8);
	util_json_text(o, "published_at", db_col_text(st, 9));
	cJSON_AddNumberToObject(o, "learners", (double)db_col_int(st, 10));
	util_json_text(o, "created_at", db_col_text(st, 11));
	cJSON_AddBoolToObject(o, "writable", r == COURSE_RIGHT_WRITE &&
	    strcmp(c.status, "closed") != 0);
	vid = c.draft > 0 ? c.draft : c.live;
	ed = cJSON_AddObjectToObject(o, "editing");
	if ((rc = detail_version(db, vid, ed)) != SDRZ_OK) {
		cJSON_Delete(o);
		return rc;
	}
	*out = o;
	return SDRZ_OK;
}

static const char *const status_words[] = { "draft", "published", "closed",
    NULL };

const struct list_param course_class_list_params[] = {
	{ "category", "科目类别", LIST_ENUM, 0, 0, category_words },
	{ "year", "年度", LIST_INT, 2000, 2100, NULL },
	{ "status", "状态", LIST_ENUM, 0, 0, status_words },
	{ "name", "培训班名称", LIST_TEXT, 0, 100, NULL },
};
const size_t course_class_list_nparams = sizeof(course_class_list_params) /
    sizeof(course_class_list_params[0]);

/* The name shown is the live version's, else the draft's (a class never
 * published). */
#define CLASS_LIST_FROM \
    " FROM course_class c" \
    " JOIN class_version v ON v.id = COALESCE(c.live_version, c.draft_version)" \
    " WHERE (? IS NULL OR c.category = ?) AND (? = 0 OR c.year = ?)" \
    " AND (? IS NULL OR c.status = ?) AND (? = 0 OR c.org_id = ?)" \
    " AND (? IS NULL OR LOCATE(?, v.name) > 0)"

static const char SQL_CLASS_COUNT[] = "SELECT COUNT(*)" CLASS_LIST_FROM;
static const char SQL_CLASS_PAGE[] =
    "SELECT c.id, c.category, c.year, c.status, v.name, v.hours * 10,"
    " v.version_no, c.draft_version IS NOT NULL, v.published_at,"
    " (SELECT COUNT(*) FROM enrolment e WHERE e.class_id = c.id),"
    " c.created_at" CLASS_LIST_FROM
    " ORDER BY c.year DESC, c.id DESC LIMIT ? OFFSET ?";

struct class_list_ctx {
	const struct course_list_query	*q;
	int64_t				 owner;	/* 0: any */
};

static unsigned
class_list_bind(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct class_list_ctx	*c = arg;

	db_bind_text(st, at++, c->q->category);
	db_bind_text(st, at++, c->q->category);
	db_bind_int(st, at++, c->q->year);
	db_bind_int(st, at++, c->q->year);
	db_bind_text(st, at++, c->q->status);
	db_bind_text(st, at++, c->q->status);
	db_bind_int(st, at++, c->owner);
	db_bind_int(st, at++, c->owner);
	db_bind_text(st, at++, c->q->name);
	db_bind_text(st, at++, c->q->name);
	return at;
}

static enum sdrz_err
class_list_row(struct db_stmt *st, cJSON *it, const void *arg)
{
	(void)arg;
	cJSON_AddNumberToObject(it, "id", (double)db_col_int(st, 0));
	util_json_text(it, "category", db_col_text(st, 1));
	cJSON_AddNumberToObject(it, "year", (double)db_col_int(st, 2));
	util_json_text(it, "status", db_col_text(st, 3));
	util_json_text(it, "name", db_col_text(st, 4));
	cJSON_AddNumberToObject(it, "hours", db_col_int(st, 5) / 10.0);
	cJSON_AddNumberToObject(it, "version_no", (double)db_col_int(st, 6));
	cJSON_AddBoolToObject(it, "has_draft", db_col_int(st, 7) != 0);
	util_json_text(it, "published_at", db_col_text(st, 8));
	cJSON_AddNumberToObject(it, "learners", (double)db_col_int(st, 9));
	util_json_text(it, "created_at", db_col_text(st, 10));
	return SDRZ_OK;
}

static const struct list_spec class_list_spec = {
	SQL_CLASS_COUNT, SQL_CLASS_PAGE, NULL, class_list_bind, class_list_row,
	0
};

enum sdrz_err
course_class_list(struct db *db, const struct audit_actor *a,
    const struct course_list_query *q, struct sdrz_why *why, cJSON **out)
{
	struct class_list_ctx	 c;
	enum sdrz_err		 rc;

	*out = NULL;
	if ((rc = need_any(db, a, COURSE_RIGHT_READ, why)) != SDRZ_OK)
		return rc;
	/* The bureaus read every class; issue 12's owners will read their
	 * own (owner = their org). */
	c.q = q;
	c.owner = 0;
	return list_run(db, &class_list_spec, &q->pg, &c, -1, out);
}

/* ---- courses ---- */

static const char SQL_COURSE_OF[] =
    "SELECT c.version_id, v.class_id FROM course c"
    " JOIN class_version v ON v.id = c.version_id WHERE c.id = ?";
static const char SQL_SECTION_OF[] =
    "SELECT s.version_id, v.class_id, s.course_id FROM section s"
    " JOIN class_version v ON v.id = s.version_id WHERE s.id = ?";

/*
 * The version and class of a course (section: 1) by id, before the class
 * is locked; the caller checks again under the lock that the version is
 * the draft. NOT_FOUND when there is none.
 */
static enum sdrz_err
owner_of(struct db *db, int section, int64_t id, int64_t *version,
    int64_t *class_id, int64_t *course)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	if ((st = db_stmt(db, section ? SQL_SECTION_OF : SQL_COURSE_OF)) ==
	    NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0)
		return SDRZ_ERR_NOT_FOUND;
	*version = db_col_int(st, 0);
	*class_id = db_col_int(st, 1);
	if (course != NULL)
		*course = section ? db_col_int(st, 2) : id;
	return SDRZ_OK;
}

/*
 * Opens the class of a course or section for a write: locks the class,
 * checks the right and that the thing is in the draft. Returns its
 * version and course.
 */
static enum sdrz_err
open_part(struct db *db, int section, int64_t id, const struct audit_actor *a,
    struct cls *c, int64_t *course, struct sdrz_why *why)
{
	enum sdrz_err	 rc;
	int64_t		 version, class_id, v2, c2;

	if ((rc = need_any(db, a, COURSE_RIGHT_WRITE, why)) != SDRZ_OK)
		return rc;
	if ((rc = owner_of(db, section, id, &version, &class_id, course)) !=
	    SDRZ_OK) {
		set_why(why, "not_found", section ? "该小节不存在" :
		    "该课程不存在");
		return rc;
	}
	if ((rc = class_open(db, class_id, 1, a, COURSE_RIGHT_WRITE, c,
	    why)) != SDRZ_OK)
		return rc;
	/* Read again under the lock: a concurrent removal is seen here. */
	if ((rc = owner_of(db, section, id, &v2, &class_id, &c2)) != SDRZ_OK) {
		set_why(why, "not_found", section ? "该小节不存在" :
		    "该课程不存在");
		return rc;
	}
	return frozen(c, v2, why);
}

static const char SQL_COURSE_NEXT_SORT[] =
    "SELECT COALESCE(MAX(sort), 0) + 1 FROM course WHERE version_id = ?";
static const char SQL_COURSE_NEW[] =
    "INSERT INTO course (version_id, sort, name, teacher, intro, hours)"
    " VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_COURSE_EDIT[] =
    "UPDATE course SET name = ?, teacher = ?, intro = ?, hours = ?"
    " WHERE id = ?";

/* The hours of a course body: absent 0, else 0 to 200. */
static int
course_hours(const cJSON *body, struct form *f)
{
	const cJSON	*v = cJSON_GetObjectItem(body, "hours");
	int		 t;

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if ((t = tenths_of(v)) < 0 || t > 2000) {
		form_error(f, "hours", "课程学时须为 0 到 200,可有一位小数");
		return -1;
	}
	return t;
}

static int
next_sort(struct db *db, const char *sql, int64_t parent, int64_t *sort)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_int(st, 0, parent);
	if (db_exec(st) != SDRZ_OK || db_next(st) != 1)
		return -1;
	*sort = db_col_int(st, 0);
	return 0;
}

static enum sdrz_err
course_add_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	struct cls	 c;
	enum sdrz_err	 rc;
	int64_t		 sort;
	const char	*t = form_get(op->f, "teacher"), *i = form_get(op->f,
	    "intro");

	if ((rc = class_open(db, op->id, 1, op->a, COURSE_RIGHT_WRITE, &c,
	    op->why)) != SDRZ_OK || (rc = draft_of(db, &c, op->why)) !=
	    SDRZ_OK)
		return rc;
	if (next_sort(db, SQL_COURSE_NEXT_SORT, c.draft, &sort) == -1)
		return SDRZ_ERR_DB;
	if ((st = db_stmt(db, SQL_COURSE_NEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c.draft);
	db_bind_int(st, 1, sort);
	db_bind_text(st, 2, form_get(op->f, "name"));
	db_bind_text(st, 3, t ? t : "");
	db_bind_text(st, 4, i ? i : "");
	db_bind_double(st, 5, op->tenths / 10.0);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	op->out = (int64_t)db_insert_id(st);
	return SDRZ_OK;
}

/* Parses a course body and checks the actor may write some class. */
static enum sdrz_err
course_parse(struct db *db, const cJSON *body, const struct audit_actor *a,
    struct form *f, struct sdrz_why *why, struct class_op *op)
{
	enum sdrz_err	 rc;

	rc = form_parse(f, course_fields, course_course_form.n, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	memset(op, 0, sizeof(*op));
	op->tenths = course_hours(body, f);
	if ((rc = need_any(db, a, COURSE_RIGHT_WRITE, why)) != SDRZ_OK)
		return rc;
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	op->body = body;
	op->a = a;
	op->f = f;
	op->why = why;
	return SDRZ_OK;
}

enum sdrz_err
course_course_add(struct db *db, int64_t class_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why,
    int64_t *id)
{
	struct class_op	 op;
	enum sdrz_err	 rc;

	if ((rc = course_parse(db, body, a, f, why, &op)) != SDRZ_OK)
		return rc;
	op.id = class_id;
	if ((rc = db_tx(db, course_add_tx, &op)) == SDRZ_OK)
		*id = op.out;
	return rc;
}

static enum sdrz_err
course_edit_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	struct cls	 c;
	enum sdrz_err	 rc;
	const char	*t = form_get(op->f, "teacher"), *i = form_get(op->f,
	    "intro");

	if ((rc = open_part(db, 0, op->id, op->a, &c, NULL, op->why)) !=
	    SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_COURSE_EDIT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, form_get(op->f, "name"));
	db_bind_text(st, 1, t ? t : "");
	db_bind_text(st, 2, i ? i : "");
	db_bind_double(st, 3, op->tenths / 10.0);
	db_bind_int(st, 4, op->id);
	return db_exec(st);
}

enum sdrz_err
course_course_edit(struct db *db, int64_t course_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why)
{
	struct class_op	 op;
	enum sdrz_err	 rc;

	if ((rc = course_parse(db, body, a, f, why, &op)) != SDRZ_OK)
		return rc;
	op.id = course_id;
	return db_tx(db, course_edit_tx, &op);
}

static const char SQL_SECTIONS_DEL[] = "DELETE FROM section WHERE course_id = ?";
static const char SQL_COURSE_DEL[] = "DELETE FROM course WHERE id = ?";

static enum sdrz_err
course_remove_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	struct cls	 c;
	enum sdrz_err	 rc;

	if ((rc = open_part(db, 0, op->id, op->a, &c, NULL, op->why)) !=
	    SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_SECTIONS_DEL)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, op->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_COURSE_DEL)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, op->id);
	return db_exec(st);
}

enum sdrz_err
course_course_remove(struct db *db, int64_t course_id,
    const struct audit_actor *a, struct sdrz_why *why)
{
	struct class_op	 op;

	memset(&op, 0, sizeof(op));
	op.a = a;
	op.why = why;
	op.id = course_id;
	return db_tx(db, course_remove_tx, &op);
}

/* ---- moving ---- */

static const char SQL_COURSE_SIBLINGS[] =
    "SELECT id FROM course WHERE version_id = ? ORDER BY sort, id";
static const char SQL_SECTION_SIBLINGS[] =
    "SELECT id FROM section WHERE course_id = ? ORDER BY sort, id";
static const char SQL_COURSE_SORT[] = "UPDATE course SET sort = ? WHERE id = ?";
static const char SQL_SECTION_SORT[] =
    "UPDATE section SET sort = ? WHERE id = ?";

/*
 * Puts id at the 1-based position among its siblings (the last one when
 * position is beyond them) and numbers them 1..n.
 */
static enum sdrz_err
move_to(struct db *db, int section, int64_t parent, int64_t id, int position)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc = SDRZ_OK;
	int64_t		*v = NULL, *nv;
	size_t		 n = 0, cap = 0, i, at = 0, to;
	int		 r;

	if ((st = db_stmt(db, section ? SQL_SECTION_SIBLINGS :
	    SQL_COURSE_SIBLINGS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, parent);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while ((r = db_next(st)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				free(v);
				return SDRZ_ERR_NOMEM;
			}
			v = nv;
		}
		if (db_col_int(st, 0) == id)
			at = n;
		v[n++] = db_col_int(st, 0);
	}
	if (r == -1 || n == 0) {
		free(v);
		return SDRZ_ERR_DB;
	}
	to = (size_t)position > n ? n - 1 : (size_t)position - 1;
	if (to < at)
		memmove(v + to + 1, v + to, (at - to) * sizeof(*v));
	else if (to > at)
		memmove(v + at, v + at + 1, (to - at) * sizeof(*v));
	v[to] = id;
	for (i = 0; i < n && rc == SDRZ_OK; i++) {
		if ((st = db_stmt(db, section ? SQL_SECTION_SORT :
		    SQL_COURSE_SORT)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			break;
		}
		db_bind_int(st, 0, (int64_t)i + 1);
		db_bind_int(st, 1, v[i]);
		rc = db_exec(st);
	}
	free(v);
	return rc;
}

struct move_op {
	int			 section;
	int64_t			 id;
	int			 position;
	const struct audit_actor *a;
	struct sdrz_why		*why;
};

static enum sdrz_err
move_tx(struct db *db, void *arg)
{
	struct move_op	*op = arg;
	struct cls	 c;
	enum sdrz_err	 rc;
	int64_t		 course;

	if ((rc = open_part(db, op->section, op->id, op->a, &c, &course,
	    op->why)) != SDRZ_OK)
		return rc;
	return move_to(db, op->section, op->section ? course : c.draft, op->id,
	    op->position);
}

static enum sdrz_err
move(struct db *db, int section, int64_t id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why)
{
	struct move_op	 op;
	enum sdrz_err	 rc;

	rc = form_parse(f, move_fields, 1, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	if ((rc = need_any(db, a, COURSE_RIGHT_WRITE, why)) != SDRZ_OK)
		return rc;
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	op.section = section;
	op.id = id;
	op.position = (int)form_int(f, "position", 1);
	op.a = a;
	op.why = why;
	return db_tx(db, move_tx, &op);
}

enum sdrz_err
course_course_move(struct db *db, int64_t course_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why)
{
	return move(db, 0, course_id, body, a, f, why);
}

enum sdrz_err
course_section_move(struct db *db, int64_t section_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why)
{
	return move(db, 1, section_id, body, a, f, why);
}

/* ---- sections ---- */

static const char SQL_VIDEO_OWNER[] = "SELECT org_id FROM video WHERE id = ?";
static const char SQL_SECTION_NEXT_SORT[] =
    "SELECT COALESCE(MAX(sort), 0) + 1 FROM section WHERE course_id = ?";
static const char SQL_SECTION_NEW[] =
    "INSERT INTO section (course_id, version_id, sort, name, video_id,"
    " bank_id, bank_tag, exam_questions, pass_score, exam_minutes)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SECTION_EDIT[] =
    "UPDATE section SET name = ?, video_id = ?, bank_id = ?, bank_tag = ?,"
    " exam_questions = ?, pass_score = ?, exam_minutes = ? WHERE id = ?";

/* Checks that the video and bank a section names are the class owner's
 * (field errors in f). */
static enum sdrz_err
section_refs(struct db *db, const struct cls *c, struct form *f)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 id, owner;

	if ((id = form_int(f, "video_id", 0)) > 0) {
		if ((st = db_stmt(db, SQL_VIDEO_OWNER)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_next(st) != 1 || db_col_int(st, 0) != c->org_id)
			form_error(f, "video_id", "所选视频不存在,请重新选择");
	}
	if ((id = form_int(f, "bank_id", 0)) > 0) {
		rc = bank_owner(db, id, &owner);
		if (rc != SDRZ_OK && rc != SDRZ_ERR_NOT_FOUND)
			return rc;
		if (rc == SDRZ_ERR_NOT_FOUND || owner != c->org_id)
			form_error(f, "bank_id", "所选题库不存在,请重新选择");
	}
	return f->errors != NULL ? SDRZ_ERR_INVALID : SDRZ_OK;
}

static void
bind_section(struct db_stmt *st, unsigned at, struct form *f)
{
	const char	*tag = form_get(f, "bank_tag");

	db_bind_text(st, at++, form_get(f, "name"));
	if (form_int(f, "video_id", 0) > 0)
		db_bind_int(st, at++, form_int(f, "video_id", 0));
	else
		db_bind_null(st, at++);
	if (form_int(f, "bank_id", 0) > 0)
		db_bind_int(st, at++, form_int(f, "bank_id", 0));
	else
		db_bind_null(st, at++);
	db_bind_text(st, at++, tag);
	db_bind_int(st, at++, form_int(f, "exam_questions",
	    SECTION_QUESTIONS_DEFAULT));
	db_bind_int(st, at++, form_int(f, "pass_score", SECTION_PASS_DEFAULT));
	if (form_has(f, "exam_minutes"))
		db_bind_int(st, at, form_int(f, "exam_minutes", 0));
	else
		db_bind_null(st, at);
}

static enum sdrz_err
section_add_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	struct cls	 c;
	enum sdrz_err	 rc;
	int64_t		 sort;

	if ((rc = open_part(db, 0, op->id, op->a, &c, NULL, op->why)) !=
	    SDRZ_OK || (rc = section_refs(db, &c, op->f)) != SDRZ_OK)
		return rc;
	if (next_sort(db, SQL_SECTION_NEXT_SORT, op->id, &sort) == -1)
		return SDRZ_ERR_DB;
	if ((st = db_stmt(db, SQL_SECTION_NEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, op->id);
	db_bind_int(st, 1, c.draft);
	db_bind_int(st, 2, sort);
	/* name ... exam_minutes from index 3, in the order of the insert */
	bind_section(st, 3, op->f);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	op->out = (int64_t)db_insert_id(st);
	return SDRZ_OK;
}

/* Parses a section body: the bank tag is one word (no comma). */
static enum sdrz_err
section_parse(struct db *db, const cJSON *body, const struct audit_actor *a,
    struct form *f, struct sdrz_why *why, struct class_op *op)
{
	enum sdrz_err	 rc;
	const char	*tag;

	rc = form_parse(f, section_fields, course_section_form.n, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	if ((tag = form_get(f, "bank_tag")) != NULL && (strchr(tag, ',') ||
	    strstr(tag, "\xef\xbc\x8c")))
		form_error(f, "bank_tag", "试题标签只能填写一个标签,不能含逗号");
	memset(op, 0, sizeof(*op));
	if ((rc = need_any(db, a, COURSE_RIGHT_WRITE, why)) != SDRZ_OK)
		return rc;
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	op->body = body;
	op->a = a;
	op->f = f;
	op->why = why;
	return SDRZ_OK;
}

enum sdrz_err
course_section_add(struct db *db, int64_t course_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why,
    int64_t *id)
{
	struct class_op	 op;
	enum sdrz_err	 rc;

	if ((rc = section_parse(db, body, a, f, why, &op)) != SDRZ_OK)
		return rc;
	op.id = course_id;
	if ((rc = db_tx(db, section_add_tx, &op)) == SDRZ_OK)
		*id = op.out;
	return rc;
}

static enum sdrz_err
section_edit_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	struct cls	 c;
	enum sdrz_err	 rc;

	if ((rc = open_part(db, 1, op->id, op->a, &c, NULL, op->why)) !=
	    SDRZ_OK || (rc = section_refs(db, &c, op->f)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_SECTION_EDIT)) == NULL)
		return SDRZ_ERR_NOMEM;
	bind_section(st, 0, op->f);
	db_bind_int(st, 7, op->id);
	return db_exec(st);
}

enum sdrz_err
course_section_edit(struct db *db, int64_t section_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why)
{
	struct class_op	 op;
	enum sdrz_err	 rc;

	if ((rc = section_parse(db, body, a, f, why, &op)) != SDRZ_OK)
		return rc;
	op.id = section_id;
	return db_tx(db, section_edit_tx, &op);
}

static const char SQL_SECTION_DEL[] = "DELETE FROM section WHERE id = ?";

static enum sdrz_err
section_remove_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	struct cls	 c;
	enum sdrz_err	 rc;

	if ((rc = open_part(db, 1, op->id, op->a, &c, NULL, op->why)) !=
	    SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_SECTION_DEL)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, op->id);
	return db_exec(st);
}

enum sdrz_err
course_section_remove(struct db *db, int64_t section_id,
    const struct audit_actor *a, struct sdrz_why *why)
{
	struct class_op	 op;

	memset(&op, 0, sizeof(op));
	op.a = a;
	op.why = why;
	op.id = section_id;
	return db_tx(db, section_remove_tx, &op);
}

/* ---- publishing and closing ---- */

/* Every course and section of the draft with what publishing needs, in
 * the unlock order. */
static const char SQL_PUBLISH_CHECK[] =
    "SELECT c.id, c.name, s.id, s.name, s.video_id, vd.status, s.bank_id,"
    " b.name, s.bank_tag, s.exam_questions FROM course c"
    " LEFT JOIN section s ON s.course_id = c.id"
    " LEFT JOIN video vd ON vd.id = s.video_id"
    " LEFT JOIN question_bank b ON b.id = s.bank_id"
    " WHERE c.version_id = ? ORDER BY c.sort, c.id, s.sort, s.id";
/* The banks the draft draws from, locked against a concurrent hard delete
 * of their questions (bank.c deletes only while no published section
 * names the bank). */
static const char SQL_PUBLISH_BANKS[] =
    "SELECT b.id FROM question_bank b WHERE b.id IN"
    " (SELECT s.bank_id FROM section s WHERE s.version_id = ?)"
    " ORDER BY b.id LOCK IN SHARE MODE";
static const char SQL_PUBLISH_VERSION[] =
    "UPDATE class_version SET published_at = NOW(3), published_by = ?"
    " WHERE id = ?";
static const char SQL_PUBLISH_CLASS[] =
    "UPDATE course_class SET status = 'published', live_version = ?,"
    " draft_version = NULL WHERE id = ?";

static const char *
video_state(const char *s)
{
	if (s == NULL)
		return "未知";
	if (strcmp(s, "uploading") == 0)
		return "上传中";
	if (strcmp(s, "queued") == 0)
		return "等待转码";
	if (strcmp(s, "processing") == 0)
		return "转码中";
	if (strcmp(s, "failed") == 0)
		return "转码失败";
	return s;
}

static int
missing_add(cJSON *missing, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
missing_add(cJSON *missing, const char *fmt, ...)
{
	va_list		 ap;
	char		 tmp[1024];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return cJSON_AddItemToArray(missing, cJSON_CreateString(tmp)) ? 0 : -1;
}

/* A section of the check, copied out of the statement: the bank counts
 * are asked with other statements. */
struct check_row {
	char	 course[401], section[401], bank[401], tag[201];
	char	 vstatus[16];
	int	 has_section, has_video, has_bank, questions;
	int64_t	 bank_id;
};

static enum sdrz_err
publish_check(struct db *db, int64_t draft, cJSON *missing)
{
	struct db_stmt		*st;
	struct check_row	*rows = NULL, *nr;
	size_t			 n = 0, cap = 0, i;
	enum sdrz_err		 rc;
	int			 r;
	long			 have;

	if ((st = db_stmt(db, SQL_PUBLISH_CHECK)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, draft);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while ((r = db_next(st)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nr = realloc(rows, cap * sizeof(*rows))) == NULL) {
				free(rows);
				return SDRZ_ERR_NOMEM;
			}
			rows = nr;
		}
		memset(&rows[n], 0, sizeof(rows[n]));
		copy_text(rows[n].course, sizeof(rows[n].course),
		    db_col_text(st, 1));
		rows[n].has_section = !db_col_isnull(st, 2);
		copy_text(rows[n].section, sizeof(rows[n].section),
		    db_col_text(st, 3));
		rows[n].has_video = !db_col_isnull(st, 4);
		copy_text(rows[n].vstatus, sizeof(rows[n].vstatus),
		    db_col_text(st, 5));
		rows[n].has_bank = !db_col_isnull(st, 6);
		rows[n].bank_id = db_col_int(st, 6);
		copy_text(rows[n].bank, sizeof(rows[n].bank),
		    db_col_text(st, 7));
		copy_text(rows[n].tag, sizeof(rows[n].tag), db_col_text(st, 8));
		rows[n].questions = (int)db_col_int(st, 9);
		n++;
	}
	if (r == -1) {
		free(rows);
		return SDRZ_ERR_DB;
	}
	if (n == 0)
		missing_add(missing, "培训班还没有课程:请至少添加一门课程");
	for (i = 0; i < n; i++) {
		struct check_row	*c = &rows[i];

		if (!c->has_section) {
			missing_add(missing, "课程「%s」还没有小节:"
			    "每门课程至少需要一个小节", c->course);
			continue;
		}
		if (!c->has_video)
			missing_add(missing, "小节「%s / %s」未选择视频",
			    c->course, c->section);
		else if (strcmp(c->vstatus, "ready") != 0)
			missing_add(missing, "小节「%s / %s」的视频尚未转码完成"
			    "(当前:%s)", c->course, c->section,
			    video_state(c->vstatus));
		if (!c->has_bank) {
			missing_add(missing, "小节「%s / %s」未选择考试题库",
			    c->course, c->section);
			continue;
		}
		if ((rc = bank_count(db, c->bank_id, c->tag[0] ? c->tag : NULL,
		    &have)) != SDRZ_OK) {
			free(rows);
			return rc;
		}
		if (have < c->questions) {
			if (c->tag[0])
				missing_add(missing, "小节「%s / %s」的题库「%s」"
				    "中标签为「%s」的有效试题只有 %ld 道,少于"
				    "考试题数 %d 道", c->course, c->section,
				    c->bank, c->tag, have, c->questions);
			else
				missing_add(missing, "小节「%s / %s」的题库「%s」"
				    "中有效试题只有 %ld 道,少于考试题数 %d 道",
				    c->course, c->section, c->bank, have,
				    c->questions);
		}
	}
	free(rows);
	return SDRZ_OK;
}

static enum sdrz_err
publish_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	struct cls	 c;
	enum sdrz_err	 rc;
	char		 detail[128];

	if ((rc = class_open(db, op->id, 1, op->a, COURSE_RIGHT_WRITE, &c,
	    op->why)) != SDRZ_OK)
		return rc;
	if (strcmp(c.status, "closed") == 0) {
		set_why(op->why, "class_closed", "该培训班已结束报名,不能再发布");
		return SDRZ_ERR_CONFLICT;
	}
	if (c.draft <= 0) {
		set_why(op->why, "nothing_to_publish", "当前版本已发布,"
		    "没有待发布的修改");
		return SDRZ_ERR_CONFLICT;
	}
	if ((st = db_stmt(db, SQL_PUBLISH_BANKS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c.draft);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	cJSON_Delete(op->missing);
	if ((op->missing = cJSON_CreateArray()) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = publish_check(db, c.draft, op->missing)) != SDRZ_OK)
		return rc;
	if (cJSON_GetArraySize(op->missing) > 0) {
		set_why(op->why, "class_incomplete", "培训班内容不完整,"
		    "请补充后再发布");
		return SDRZ_ERR_UNPROCESSABLE;
	}
	if ((st = db_stmt(db, SQL_PUBLISH_VERSION)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, op->a->person_id);
	db_bind_int(st, 1, c.draft);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_PUBLISH_CLASS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c.draft);
	db_bind_int(st, 1, c.id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	snprintf(detail, sizeof(detail), "{\"version_id\":%lld,"
	    "\"previous\":%lld}", (long long)c.draft, (long long)c.live);
	return audit_add(db, op->a, "course.publish", "course_class", c.id,
	    detail);
}

enum sdrz_err
course_class_publish(struct db *db, int64_t class_id,
    const struct audit_actor *a, struct sdrz_why *why, cJSON **missing)
{
	struct class_op	 op;
	enum sdrz_err	 rc;

	*missing = NULL;
	memset(&op, 0, sizeof(op));
	op.a = a;
	op.why = why;
	op.id = class_id;
	rc = db_tx(db, publish_tx, &op);
	if (rc == SDRZ_ERR_UNPROCESSABLE)
		*missing = op.missing;
	else
		cJSON_Delete(op.missing);
	return rc;
}

static const char SQL_CLOSE[] =
    "UPDATE course_class SET status = 'closed' WHERE id = ?";

static enum sdrz_err
close_tx(struct db *db, void *arg)
{
	struct class_op	*op = arg;
	struct db_stmt	*st;
	struct cls	 c;
	enum sdrz_err	 rc;

	if ((rc = class_open(db, op->id, 1, op->a, COURSE_RIGHT_WRITE, &c,
	    op->why)) != SDRZ_OK)
		return rc;
	if (strcmp(c.status, "published") != 0) {
		set_why(op->why, "not_published", strcmp(c.status, "closed") ==
		    0 ? "该培训班已结束报名" : "培训班尚未发布,无需结束报名");
		return SDRZ_ERR_CONFLICT;
	}
	if ((st = db_stmt(db, SQL_CLOSE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c.id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	return audit_add(db, op->a, "course.close", "course_class", c.id,
	    NULL);
}

enum sdrz_err
course_class_close(struct db *db, int64_t class_id,
    const struct audit_actor *a, struct sdrz_why *why)
{
	struct class_op	 op;

	memset(&op, 0, sizeof(op));
	op.a = a;
	op.why = why;
	op.id = class_id;
	return db_tx(db, close_tx, &op);
}

/* ---- learners ---- */

static const char *const enrol_words[] = { "active", "completed", NULL };

const struct list_param course_learner_list_params[] = {
	{ "status", "学习状态", LIST_ENUM, 0, 0, enrol_words },
	{ "name", "姓名", LIST_TEXT, 0, 64, NULL },
};
const size_t course_learner_list_nparams =
    sizeof(course_learner_list_params) /
    sizeof(course_learner_list_params[0]);

#define LEARNER_FROM \
    " FROM enrolment e JOIN person p ON p.id = e.person_id" \
    " WHERE e.class_id = ? AND (? IS NULL OR e.status = ?)" \
    " AND (? IS NULL OR p.name LIKE " LIST_PREFIX_PARAM ")"
#define LEARNER_SELECT \
    "SELECT e.id, p.id, p.name, p.id_number," \
    " (SELECT o.name FROM org o WHERE o.id = e.org_id)," \
    " (SELECT v.version_no FROM class_version v WHERE v.id = e.version_id)," \
    " (SELECT COUNT(*) FROM section_progress sp WHERE sp.enrolment_id = e.id" \
    "  AND sp.passed_at IS NOT NULL)," \
    " (SELECT COUNT(*) FROM section s WHERE s.version_id = e.version_id)," \
    " e.status, e.enrolled_at, e.last_study_at, e.completed_at"

static const char SQL_LEARNER_COUNT[] = "SELECT COUNT(*)" LEARNER_FROM;
static const char SQL_LEARNER_PAGE[] = LEARNER_SELECT LEARNER_FROM
    " ORDER BY e.id LIMIT ? OFFSET ?";
static const char SQL_LEARNER_SEEK[] = LEARNER_SELECT LEARNER_FROM
    " AND e.id > ? ORDER BY e.id LIMIT ?";

struct learner_ctx {
	int64_t				 class_id;
	const struct course_learner_query *q;
};

static unsigned
learner_bind(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct learner_ctx	*c = arg;

	db_bind_int(st, at++, c->class_id);
	db_bind_text(st, at++, c->q->status);
	db_bind_text(st, at++, c->q->status);
	db_bind_text(st, at++, c->q->name);
	db_bind_text(st, at++, c->q->name);
	return at;
}

static enum sdrz_err
learner_row(struct db_stmt *st, cJSON *it, const void *arg)
{
	char	 masked[33];

	(void)arg;
	cJSON_AddNumberToObject(it, "enrolment_id", (double)db_col_int(st, 0));
	cJSON_AddNumberToObject(it, "person_id", (double)db_col_int(st, 1));
	util_json_text(it, "name", db_col_text(st, 2));
	acct_mask_id(db_col_text(st, 3), masked);
	util_json_text(it, "id_number_masked", masked);
	util_json_text(it, "org_name", db_col_text(st, 4));
	cJSON_AddNumberToObject(it, "version_no", (double)db_col_int(st, 5));
	cJSON_AddNumberToObject(it, "passed", (double)db_col_int(st, 6));
	cJSON_AddNumberToObject(it, "total", (double)db_col_int(st, 7));
	util_json_text(it, "status", db_col_text(st, 8));
	util_json_text(it, "enrolled_at", db_col_text(st, 9));
	util_json_text(it, "last_study_at", db_col_text(st, 10));
	util_json_text(it, "completed_at", db_col_text(st, 11));
	return SDRZ_OK;
}

static const struct list_spec learner_spec = {
	SQL_LEARNER_COUNT, SQL_LEARNER_PAGE, SQL_LEARNER_SEEK, learner_bind,
	learner_row, 0
};

enum sdrz_err
course_learners(struct db *db, int64_t class_id, const struct audit_actor *a,
    const struct course_learner_query *q, struct sdrz_why *why, cJSON **out)
{
	struct learner_ctx	 c;
	struct cls		 cl;
	enum sdrz_err		 rc;

	*out = NULL;
	if ((rc = class_open(db, class_id, 0, a, COURSE_RIGHT_READ, &cl,
	    why)) != SDRZ_OK)
		return rc;
	c.class_id = class_id;
	c.q = q;
	return list_run(db, &learner_spec, &q->pg, &c, -1, out);
}
