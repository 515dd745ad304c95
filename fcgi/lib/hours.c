#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "attach.h"
#include "audit.h"
#include "db.h"
#include "dict.h"
#include "org.h"
#include "form.h"
#include "hours.h"
#include "review.h"
#include "util.h"

/* ---- pure rules ---- */

void
hours_complete(const struct year_rule *r, int pub, int prof,
    struct completion *c)
{
	memset(c, 0, sizeof(*c));
	c->public_h = pub;
	c->professional_h = prof;
	c->total_h = pub + prof;
	c->missing_public = pub < r->public_min ? r->public_min - pub : 0;
	c->missing_professional = prof < r->professional_min ?
	    r->professional_min - prof : 0;
	c->missing_total = c->total_h < r->total_min ?
	    r->total_min - c->total_h : 0;
	c->ok = c->missing_public == 0 && c->missing_professional == 0 &&
	    c->missing_total == 0;
}

int
hours_parse(const char *s)
{
	long	 whole = 0;
	int	 frac = 0;
	const char *p = s;

	if (s == NULL || !isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p)) {
		whole = whole * 10 + (*p++ - '0');
		if (whole > 100000)
			return -1;
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		frac = *p++ - '0';
		/* Only a trailing zero may follow: 12.50 is 12.5. */
		while (*p == '0')
			p++;
	}
	if (*p != '\0')
		return -1;
	return (int)(whole * 10 + frac);
}

void
hours_format(int t, char *out)
{
	if (t % 10 == 0)
		snprintf(out, 16, "%d", t / 10);
	else
		snprintf(out, 16, "%d.%d", t / 10, t % 10);
}

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

int
hours_by_rule(const cJSON *rule, const cJSON *data, const char **why)
{
	const char	*kind = cJSON_GetStringValue(cJSON_GetObjectItem(rule,
	    "kind"));
	const cJSON	*field, *v, *cap;
	int		 t = -1, per, units;

	*why = NULL;
	if (kind == NULL) {
		*why = "学时规则有误,请联系人社部门";
		return -1;
	}
	field = cJSON_GetObjectItem(rule, "field");
	v = cJSON_IsString(field) ? cJSON_GetObjectItem(data,
	    field->valuestring) : NULL;
	if (strcmp(kind, "fixed") == 0)
		t = tenths_of(cJSON_GetObjectItem(rule, "hours"));
	else if (strcmp(kind, "per_unit") == 0) {
		per = tenths_of(cJSON_GetObjectItem(rule, "per"));
		/* Whole or half units (days). */
		units = v == NULL ? -1 : cJSON_IsNumber(v) ? tenths_of(v) :
		    cJSON_IsString(v) ? hours_parse(v->valuestring) : -1;
		if (per < 0 || units <= 0) {
			*why = "请填写数量";
			return -1;
		}
		t = (int)((long)per * units / 10);
	} else if (strcmp(kind, "by_option") == 0) {
		if (!cJSON_IsString(v)) {
			*why = "请选择决定学时的选项";
			return -1;
		}
		t = tenths_of(cJSON_GetObjectItem(cJSON_GetObjectItem(rule,
		    "map"), v->valuestring));
		if (t < 0) {
			*why = "所选项不在学时规则中";
			return -1;
		}
	}
	if (t < 0) {
		*why = "学时规则有误,请联系人社部门";
		return -1;
	}
	if ((cap = cJSON_GetObjectItem(rule, "cap")) != NULL &&
	    tenths_of(cap) >= 0 && t > tenths_of(cap))
		t = tenths_of(cap);
	return t;
}

/* ---- the yearly rule ---- */

static const char SQL_RULE[] =
    "SELECT year, total_min * 10, professional_min * 10, public_min * 10"
    " FROM year_rule WHERE year <= ? ORDER BY year DESC LIMIT 1";

enum sdrz_err
hours_rule(struct db *db, int year, struct year_rule *r)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	r->year = year;
	r->total_min = 900;
	r->professional_min = 600;
	r->public_min = 300;
	if ((st = db_stmt(db, SQL_RULE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, year);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) == 1) {
		r->total_min = (int)db_col_int(st, 1);
		r->professional_min = (int)db_col_int(st, 2);
		r->public_min = (int)db_col_int(st, 3);
	}
	return SDRZ_OK;
}

static const char SQL_RULE_SET[] =
    "INSERT INTO year_rule (year, total_min, professional_min, public_min,"
    " updated_by) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
    " total_min = VALUES(total_min),"
    " professional_min = VALUES(professional_min),"
    " public_min = VALUES(public_min), updated_by = VALUES(updated_by)";

enum sdrz_err
hours_rule_set(struct db *db, int year, const cJSON *body,
    const struct audit_actor *actor, struct form *f)
{
	static const char *const keys[] = { "total_min", "professional_min",
	    "public_min" };
	int		 v[3], i;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	char		 detail[160];

	memset(f, 0, sizeof(*f));
	for (i = 0; i < 3; i++) {
		v[i] = tenths_of(cJSON_GetObjectItem(body, keys[i]));
		if (v[i] < 0 || v[i] > 5000)
			form_error(f, keys[i], "请填写 0 到 500 之间的学时(可有一位小数)");
	}
	if (f->errors == NULL && v[1] + v[2] > v[0])
		form_error(f, "total_min", "总学时不能少于专业科目与公需科目要求之和");
	if (year < 2000 || year > 2100)
		form_error(f, "year", "年度无效");
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_RULE_SET)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, year);
	db_bind_double(st, 1, v[0] / 10.0);
	db_bind_double(st, 2, v[1] / 10.0);
	db_bind_double(st, 3, v[2] / 10.0);
	if (actor && actor->person_id > 0)
		db_bind_int(st, 4, actor->person_id);
	else
		db_bind_null(st, 4);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	snprintf(detail, sizeof(detail), "{\"year\":%d,\"total\":%d,"
	    "\"professional\":%d,\"public\":%d}", year, v[0], v[1], v[2]);
	return audit_add(db, actor, "hours.rule_set", "year_rule", year, detail);
}

/* ---- study forms ---- */

static const char SQL_TYPES[] = "SELECT code, name FROM decl_type ORDER BY sort";
static const char SQL_FORMS[] =
    "SELECT code, decl_type, name, category, fields, rule, yearly_cap * 10,"
    " dedupe, attachment_required, declarable, active FROM study_form"
    " WHERE (? = 1 OR active = 1) ORDER BY sort, code";

static cJSON *
form_json(const struct db_stmt *st)
{
	cJSON		*o = cJSON_CreateObject(), *fields, *f;
	const char	*type;

	cJSON_AddStringToObject(o, "code", db_col_text(st, 0));
	cJSON_AddStringToObject(o, "decl_type", db_col_text(st, 1));
	cJSON_AddStringToObject(o, "name", db_col_text(st, 2));
	cJSON_AddStringToObject(o, "category", db_col_text(st, 3));
	fields = cJSON_Parse(db_col_text(st, 4));
	/* The page limits text as check_data() does. */
	cJSON_ArrayForEach(f, fields) {
		type = cJSON_GetStringValue(cJSON_GetObjectItem(f, "type"));
		cJSON_DeleteItemFromObject(f, "maxlen");
		if (type != NULL && strcmp(type, "text") == 0)
			cJSON_AddNumberToObject(f, "maxlen", HOURS_TITLE_MAX);
	}
	cJSON_AddItemToObject(o, "fields", fields);
	cJSON_AddItemToObject(o, "rule", cJSON_Parse(db_col_text(st, 5)));
	if (db_col_isnull(st, 6))
		cJSON_AddNullToObject(o, "yearly_cap");
	else
		cJSON_AddNumberToObject(o, "yearly_cap", db_col_int(st, 6) / 10.0);
	if (db_col_text(st, 7))
		cJSON_AddStringToObject(o, "dedupe", db_col_text(st, 7));
	else
		cJSON_AddNullToObject(o, "dedupe");
	cJSON_AddBoolToObject(o, "attachment_required", db_col_int(st, 8));
	cJSON_AddBoolToObject(o, "declarable", db_col_int(st, 9));
	cJSON_AddBoolToObject(o, "active", db_col_int(st, 10));
	return o;
}

enum sdrz_err
hours_forms(struct db *db, int all, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*o, *arr, *t;

	*out = NULL;
	if ((st = db_stmt(db, SQL_TYPES)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	o = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(o, "types");
	while (db_next(st) == 1) {
		t = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, t);
		cJSON_AddStringToObject(t, "code", db_col_text(st, 0));
		cJSON_AddStringToObject(t, "name", db_col_text(st, 1));
	}
	if ((st = db_stmt(db, SQL_FORMS)) == NULL) {
		cJSON_Delete(o);
		return SDRZ_ERR_NOMEM;
	}
	db_bind_int(st, 0, all);
	if ((rc = db_exec(st)) != SDRZ_OK) {
		cJSON_Delete(o);
		return rc;
	}
	arr = cJSON_AddArrayToObject(o, "forms");
	while (db_next(st) == 1)
		cJSON_AddItemToArray(arr, form_json(st));
	*out = o;
	return SDRZ_OK;
}

static const char SQL_FORM_ONE[] =
    "SELECT code, decl_type, name, category, fields, rule, yearly_cap * 10,"
    " dedupe, attachment_required, declarable, active FROM study_form"
    " WHERE code = ?";

/* One study form as JSON (the caller frees it), or NOT_FOUND. */
static enum sdrz_err
study_form_get(struct db *db, const char *code, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	*out = NULL;
	if ((st = db_stmt(db, SQL_FORM_ONE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, code);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*out = form_json(st);
	return SDRZ_OK;
}

/* A field list of a study form must be well made: the page draws it. */
static const char *
check_fields(const cJSON *fields)
{
	const cJSON	*f, *opts;
	const char	*type;
	char		 msg[160];

	if (!cJSON_IsArray(fields) || cJSON_GetArraySize(fields) > 20)
		return "字段列表须为不超过 20 项的数组";
	cJSON_ArrayForEach(f, fields) {
		type = cJSON_GetStringValue(cJSON_GetObjectItem(f, "type"));
		if (!cJSON_IsString(cJSON_GetObjectItem(f, "name")) ||
		    !cJSON_IsString(cJSON_GetObjectItem(f, "label")) ||
		    type == NULL || (strcmp(type, "text") && strcmp(type, "date") &&
		    strcmp(type, "number") && strcmp(type, "select")))
			return "每个字段须有 name、label 和 type(text/date/number/select)";
		if (form_text_check(cJSON_GetStringValue(cJSON_GetObjectItem(f,
		    "name")), 0, 32, "name", msg, sizeof(msg)) != NULL ||
		    form_text_check(cJSON_GetStringValue(cJSON_GetObjectItem(f,
		    "label")), 0, 50, "label", msg, sizeof(msg)) != NULL)
			return "字段的 name 不超过 32 个字、label 不超过 50 个字,"
			    "且不能包含控制字符";
		opts = cJSON_GetObjectItem(f, "options");
		if (strcmp(type, "select") == 0 && (!cJSON_IsArray(opts) ||
		    cJSON_GetArraySize(opts) == 0))
			return "下拉字段须有 options";
	}
	return NULL;
}

/* Longest unit of a per_unit rule (天, 篇, 学分...), in characters. */
#define RULE_UNIT_MAX	10

/*
 * A per_unit rule names the unit it counts ("unit": "天"), which the pages
 * show as 每 1 天 计 8 学时. Returns why a rule lacks it, or NULL (also for
 * the other kinds of rule).
 */
static const char *
per_unit_problem(const cJSON *rule)
{
	const char	*kind, *unit;
	size_t		 n;

	kind = cJSON_GetStringValue(cJSON_GetObjectItem(rule, "kind"));
	if (kind == NULL || strcmp(kind, "per_unit") != 0)
		return NULL;
	unit = cJSON_GetStringValue(cJSON_GetObjectItem(rule, "unit"));
	n = unit == NULL ? 0 : dict_utf8_chars(unit);
	if (n == 0 || n > RULE_UNIT_MAX)
		return "per_unit 规则须有 unit(数量的单位,如 天、篇,"
		    "不超过 10 个字)";
	return NULL;
}

static const char SQL_FORM_SAVE[] =
    "UPDATE study_form SET name = ?, fields = ?, rule = ?, yearly_cap = ?,"
    " dedupe = ?, attachment_required = ?, active = ? WHERE code = ?";

enum sdrz_err
hours_form_save(struct db *db, const char *code, const cJSON *body,
    const struct audit_actor *actor, struct form *f)
{
	cJSON		*cur = NULL, *fields, *rule, *probe;
	const cJSON	*v, *fl;
	const char	*why, *name;
	char		*fs = NULL, *rs = NULL, msg[160];
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 cap = -1, t;

	memset(f, 0, sizeof(*f));
	if ((rc = study_form_get(db, code, &cur)) != SDRZ_OK)
		return rc;
	name = cJSON_GetStringValue(cJSON_GetObjectItem(body, "name"));
	if (name == NULL || *name == '\0')
		form_error(f, "name", "请填写学习形式名称");
	else if ((why = form_text_check(name, 0, 100, "学习形式名称", msg,
	    sizeof(msg))) != NULL)	/* study_form.name */
		form_error(f, "name", why);
	fields = cJSON_GetObjectItem(body, "fields");
	rule = cJSON_GetObjectItem(body, "rule");
	if ((why = check_fields(fields)) != NULL)
		form_error(f, "fields", why);
	if (!cJSON_IsObject(rule))
		form_error(f, "rule", "学时规则须为对象");
	else {
		/* A rule that gives hours for some data of its own form. */
		probe = cJSON_CreateObject();
		fl = cJSON_GetObjectItem(rule, "field");
		v = cJSON_GetObjectItem(rule, "map");
		if (cJSON_IsString(fl) && cJSON_IsObject(v) && v->child)
			cJSON_AddStringToObject(probe, fl->valuestring,
			    v->child->string);
		else if (cJSON_IsString(fl))
			cJSON_AddNumberToObject(probe, fl->valuestring, 1);
		t = hours_by_rule(rule, probe, &why);
		cJSON_Delete(probe);
		if (t < 0)
			form_error(f, "rule", "学时规则无法计算:fixed 须有 hours,"
			    "per_unit 须有 field 与 per,by_option 须有 field 与 map");
		else if ((why = per_unit_problem(rule)) != NULL)
			form_error(f, "rule", why);
	}
	v = cJSON_GetObjectItem(body, "yearly_cap");
	if (v != NULL && !cJSON_IsNull(v) && (cap = tenths_of(v)) < 0)
		form_error(f, "yearly_cap", "年度上限须为学时数");
	v = cJSON_GetObjectItem(body, "dedupe");
	if (v != NULL && !cJSON_IsNull(v) && (!cJSON_IsString(v) ||
	    form_text_check(v->valuestring, 0, 32, "查重字段", msg,
	    sizeof(msg)) != NULL))	/* study_form.dedupe */
		form_error(f, "dedupe", "查重字段须为字段名");
	if (f->errors != NULL) {
		cJSON_Delete(cur);
		return SDRZ_ERR_INVALID;
	}
	fs = cJSON_PrintUnformatted(fields);
	rs = cJSON_PrintUnformatted(rule);
	rc = SDRZ_ERR_NOMEM;
	if (fs == NULL || rs == NULL || (st = db_stmt(db, SQL_FORM_SAVE)) ==
	    NULL)
		goto out;
	db_bind_text(st, 0, name);
	db_bind_text(st, 1, fs);
	db_bind_text(st, 2, rs);
	if (cap >= 0)
		db_bind_double(st, 3, cap / 10.0);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, cJSON_GetStringValue(cJSON_GetObjectItem(body,
	    "dedupe")));
	db_bind_int(st, 5, cJSON_IsTrue(cJSON_GetObjectItem(body,
	    "attachment_required")));
	db_bind_int(st, 6, !cJSON_IsFalse(cJSON_GetObjectItem(body, "active")));
	db_bind_text(st, 7, code);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	{
		cJSON	*d = cJSON_CreateObject();
		char	*ds;

		cJSON_AddStringToObject(d, "code", code);
		cJSON_AddItemToObject(d, "rule", cJSON_Duplicate(rule, 1));
		ds = cJSON_PrintUnformatted(d);
		cJSON_Delete(d);
		rc = ds ? audit_add(db, actor, "hours.form_save", "study_form",
		    0, ds) : SDRZ_ERR_NOMEM;
		cJSON_free(ds);
	}
out:
	cJSON_free(fs);
	cJSON_free(rs);
	cJSON_Delete(cur);
	return rc;
}

/* ---- declarations ---- */

/* The declared data checked against the form's fields; returns the
 * title of the activity — what certificates and records name it by (班级
 * 名称): the text field marked "title": true, else the first text field —
 * or NULL with errors in f (under "data.<name>"). */
static const char *
check_data(const cJSON *fields, const cJSON *data, struct form *f)
{
	const cJSON	*fld, *v, *o;
	const char	*name, *type, *label, *bad, *title = NULL;
	const char	*marked = NULL;
	char		 key[64], msg[160];
	int		 found, max;

	if (!cJSON_IsObject(data)) {
		form_error(f, "data", "请填写申报内容");
		return NULL;
	}
	cJSON_ArrayForEach(fld, fields) {
		name = cJSON_GetStringValue(cJSON_GetObjectItem(fld, "name"));
		type = cJSON_GetStringValue(cJSON_GetObjectItem(fld, "type"));
		label = cJSON_GetStringValue(cJSON_GetObjectItem(fld, "label"));
		snprintf(key, sizeof(key), "data.%s", name);
		v = cJSON_GetObjectItem(data, name);
		if (v == NULL || cJSON_IsNull(v) || (cJSON_IsString(v) &&
		    *v->valuestring == '\0')) {
			if (cJSON_IsTrue(cJSON_GetObjectItem(fld, "required"))) {
				snprintf(msg, sizeof(msg), "请填写%s", label);
				form_error(f, key, msg);
			}
			continue;
		}
		if (strcmp(type, "number") == 0) {
			max = cJSON_IsNumber(cJSON_GetObjectItem(fld, "max")) ?
			    cJSON_GetObjectItem(fld, "max")->valueint : 100000;
			if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
			    v->valuedouble > max)
				form_error(f, key, "请填写有效的数字");
		} else if (!cJSON_IsString(v))
			form_error(f, key, "请填写文字(不超过 200 字)");
		else if ((bad = form_text_check(v->valuestring, 0,
		    HOURS_TITLE_MAX, label ? label : name, msg,
		    sizeof(msg))) != NULL)
			form_error(f, key, bad);
		else if (strcmp(type, "date") == 0 &&
		    !form_valid_date(v->valuestring))
			form_error(f, key, "请填写有效日期(年-月-日)");
		else if (strcmp(type, "select") == 0) {
			found = 0;
			cJSON_ArrayForEach(o, cJSON_GetObjectItem(fld, "options"))
				if (cJSON_IsString(o) &&
				    strcmp(o->valuestring, v->valuestring) == 0)
					found = 1;
			if (!found)
				form_error(f, key, "请从选项中选择");
		} else if (strcmp(type, "text") == 0) {
			if (title == NULL)
				title = v->valuestring;
			if (marked == NULL &&
			    cJSON_IsTrue(cJSON_GetObjectItem(fld, "title")))
				marked = v->valuestring;
		}
	}
	if (marked != NULL)
		title = marked;
	return f->errors == NULL ? (title ? title : "学时申报") : NULL;
}

/* The key that stops a second credit of the same thing: the form's
 * dedupe field, upper-cased and without blanks or hyphens. */
static void
dedupe_key(const cJSON *form, const cJSON *data, char *out, size_t sz)
{
	const char	*field = cJSON_GetStringValue(cJSON_GetObjectItem(form,
	    "dedupe"));
	const char	*v;
	size_t		 n = 0;

	out[0] = '\0';
	if (field == NULL || (v = cJSON_GetStringValue(cJSON_GetObjectItem(data,
	    field))) == NULL)
		return;
	n = (size_t)snprintf(out, sz, "%s:", field);
	for (; *v && n + 1 < sz; v++)
		if (*v != ' ' && *v != '-' && *v != '\t')
			out[n++] = (char)toupper((unsigned char)*v);
	out[n] = '\0';
}

struct decl_in {
	int		 year;
	const char	*category;
	cJSON		*form;		/* the study form, owned */
	const cJSON	*data;
	const char	*title;
	int		 tenths;
	char		 dedupe[200];
};

static const char *const categories[] = { "public", "professional", NULL };

/* The declaration's own fields; its data are checked against the fields
 * of the chosen study form (check_data()). */
static const struct form_field decl_fields[] = {
	{ "year", "申报年度", FORM_INT, 1, 0, NULL, NULL, 2000, 2100, NULL },
	{ "category", "申报科目", FORM_CHOICE, 1, 16, NULL, NULL, 0, 0,
	    categories },
	{ "study_form", "学习形式", FORM_TEXT, 1, 16, NULL, NULL, 0, 0, NULL },
};

const struct form_desc hours_decl_form = { "declaration", decl_fields,
    sizeof(decl_fields) / sizeof(decl_fields[0]) };

/* Parses and checks a declaration body; errors in f. */
static enum sdrz_err
decl_parse(struct db *db, const cJSON *body, struct form *f,
    struct decl_in *d)
{
	const cJSON	*v;
	const char	*code, *cat, *why;
	enum sdrz_err	 rc;

	memset(d, 0, sizeof(*d));
	rc = form_parse(f, decl_fields, hours_decl_form.n, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	d->year = (int)form_int(f, "year", 0);
	if ((code = form_get(f, "study_form")) == NULL)
		return SDRZ_ERR_INVALID;
	if ((rc = study_form_get(db, code, &d->form)) == SDRZ_ERR_NOT_FOUND ||
	    (rc == SDRZ_OK && (!cJSON_IsTrue(cJSON_GetObjectItem(d->form,
	    "active")) || !cJSON_IsTrue(cJSON_GetObjectItem(d->form,
	    "declarable"))))) {
		form_error(f, "study_form", "该学习形式不能申报");
		return SDRZ_ERR_INVALID;
	}
	if (rc != SDRZ_OK)
		return rc;
	cat = form_get(f, "category");
	v = cJSON_GetObjectItem(d->form, "category");
	if (cat != NULL && strcmp(v->valuestring, "either") != 0 &&
	    strcmp(v->valuestring, cat) != 0)
		form_error(f, "category", "该学习形式只能申报为另一类科目");
	d->category = cat;
	d->data = cJSON_GetObjectItem(body, "data");
	d->title = check_data(cJSON_GetObjectItem(d->form, "fields"), d->data,
	    f);
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	d->tenths = hours_by_rule(cJSON_GetObjectItem(d->form, "rule"), d->data,
	    &why);
	if (d->tenths <= 0) {
		form_error(f, "data", why ? why : "按规则该申报不计学时");
		return SDRZ_ERR_INVALID;
	}
	dedupe_key(d->form, d->data, d->dedupe, sizeof(d->dedupe));
	return SDRZ_OK;
}

enum sdrz_err
hours_preview(struct db *db, int64_t person_id, const cJSON *body,
    struct form *f, int *tenths)
{
	struct decl_in	 d;
	enum sdrz_err	 rc;

	(void)person_id;
	rc = decl_parse(db, body, f, &d);
	*tenths = d.tenths;
	cJSON_Delete(d.form);
	return rc;
}

static const char SQL_DECL_DUP[] =
    "SELECT 1 FROM declaration WHERE person_id = ? AND dedupe_key = ?"
    " AND status IN ('pending', 'approved') LIMIT 1";
static const char SQL_FORM_USED[] =
    "SELECT COALESCE(SUM(hours), 0) * 10 FROM hour_record"
    " WHERE person_id = ? AND year = ? AND study_form = ?";
static const char SQL_MY_UNIT[] =
    "SELECT org_id FROM personnel WHERE person_id = ? AND status = 'approved'";
static const char SQL_DECL_NEW[] =
    "INSERT INTO declaration (person_id, org_id, year, category, study_form,"
    " title, data, hours, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DECL_REVIEW[] =
    "UPDATE declaration SET review_id = ? WHERE id = ?";
static const char SQL_ATTACH_DECL[] =
    "UPDATE attachment SET declaration_id = ? WHERE review_id = ?";

struct decl_ctx {
	struct decl_in		*d;
	struct form		*f;
	int64_t			 person_id, id;
	const cJSON		*attachments;
	const struct audit_actor *actor;
};

static enum sdrz_err
declare_tx(struct db *db, void *arg)
{
	struct decl_ctx	*c = arg;
	struct decl_in	*d = c->d;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 org, review;
	char		*data = NULL, payload[64];
	const cJSON	*cap;
	int		 used;

	if ((st = db_stmt(db, SQL_MY_UNIT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_FORBIDDEN;
	org = db_col_int(st, 0);
	if (d->dedupe[0]) {
		if ((st = db_stmt(db, SQL_DECL_DUP)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, c->person_id);
		db_bind_text(st, 1, d->dedupe);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_next(st) == 1) {
			char	 key[64];

			snprintf(key, sizeof(key), "data.%s",
			    cJSON_GetStringValue(cJSON_GetObjectItem(d->form,
			    "dedupe")));
			form_error(c->f, key, "该成果已申报过学时,不能重复申报");
			return SDRZ_ERR_CONFLICT;
		}
	}
	cap = cJSON_GetObjectItem(d->form, "yearly_cap");
	if (cJSON_IsNumber(cap)) {
		if ((st = db_stmt(db, SQL_FORM_USED)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, c->person_id);
		db_bind_int(st, 1, d->year);
		db_bind_text(st, 2, cJSON_GetStringValue(cJSON_GetObjectItem(
		    d->form, "code")));
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		used = db_next(st) == 1 ? (int)db_col_int(st, 0) : 0;
		if (used >= tenths_of(cap)) {
			form_error(c->f, "study_form", "该学习形式本年度认定的学时"
			    "已达上限");
			return SDRZ_ERR_CONFLICT;
		}
	}
	if ((data = cJSON_PrintUnformatted(d->data)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((st = db_stmt(db, SQL_DECL_NEW)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_int(st, 0, c->person_id);
	db_bind_int(st, 1, org);
	db_bind_int(st, 2, d->year);
	db_bind_text(st, 3, d->category);
	db_bind_text(st, 4, cJSON_GetStringValue(cJSON_GetObjectItem(d->form,
	    "code")));
	db_bind_text(st, 5, d->title);
	db_bind_text(st, 6, data);
	db_bind_double(st, 7, d->tenths / 10.0);
	db_bind_text(st, 8, d->dedupe[0] ? d->dedupe : NULL);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	c->id = (int64_t)db_insert_id(st);
	snprintf(payload, sizeof(payload), "{\"declaration_id\":%lld}",
	    (long long)c->id);
	if ((rc = review_submit(db, REVIEW_DECLARATION, "person",
	    c->person_id, &org, 1, c->person_id, payload, NULL, &review)) !=
	    SDRZ_OK)
		goto out;
	if ((st = db_stmt(db, SQL_DECL_REVIEW)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_int(st, 0, review);
	db_bind_int(st, 1, c->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	if ((rc = attach_bind(db, c->person_id, c->attachments, review)) !=
	    SDRZ_OK) {
		if (rc == SDRZ_ERR_INVALID)
			form_error(c->f, "attachments", "证明材料无效,请重新上传");
		goto out;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItem(d->form, "attachment_required")) &&
	    cJSON_GetArraySize(c->attachments) == 0) {
		form_error(c->f, "attachments", "该学习形式须上传证明材料");
		rc = SDRZ_ERR_INVALID;
		goto out;
	}
	if ((st = db_stmt(db, SQL_ATTACH_DECL)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_int(st, 0, c->id);
	db_bind_int(st, 1, review);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	rc = audit_add(db, c->actor, "hours.declare", "declaration", c->id,
	    NULL);
out:
	cJSON_free(data);
	return rc;
}

enum sdrz_err
hours_declare(struct db *db, int64_t person_id, const cJSON *body,
    const struct audit_actor *actor, struct form *f, int64_t *id)
{
	struct decl_in	 d;
	struct decl_ctx	 c;
	enum sdrz_err	 rc;

	if ((rc = decl_parse(db, body, f, &d)) != SDRZ_OK) {
		cJSON_Delete(d.form);
		return rc;
	}
	memset(&c, 0, sizeof(c));
	c.d = &d;
	c.f = f;
	c.person_id = person_id;
	c.attachments = cJSON_GetObjectItem(body, "attachments");
	c.actor = actor;
	rc = db_tx(db, declare_tx, &c);
	cJSON_Delete(d.form);
	if (rc == SDRZ_OK && id != NULL)
		*id = c.id;
	return rc;
}

static const char SQL_DECL_OF_REVIEW[] =
    "SELECT d.id, d.person_id, d.org_id, d.year, d.category, d.study_form,"
    " d.title, d.hours * 10, f.yearly_cap * 10 FROM declaration d"
    " JOIN study_form f ON f.code = d.study_form"
    " WHERE d.review_id = ? AND d.status = 'pending' FOR UPDATE";
static const char SQL_DECL_DONE[] =
    "UPDATE declaration SET status = ? WHERE id = ?";
static const char SQL_CREDIT[] =
    "INSERT INTO hour_record (person_id, org_id, year, category, study_form,"
    " title, hours, source, source_ref, created_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* Inserts a record; SDRZ_ERR_CONFLICT when the source was credited. */
static enum sdrz_err
credit(struct db *db, int64_t person, int64_t org, int year,
    const char *category, const char *form, const char *title, int tenths,
    const char *source, const char *ref, int64_t by)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_CREDIT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person);
	if (org > 0)
		db_bind_int(st, 1, org);
	else
		db_bind_null(st, 1);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, category);
	db_bind_text(st, 4, form);
	db_bind_text(st, 5, title);
	db_bind_double(st, 6, tenths / 10.0);
	db_bind_text(st, 7, source);
	db_bind_text(st, 8, ref);
	if (by > 0)
		db_bind_int(st, 9, by);
	else
		db_bind_null(st, 9);
	return db_exec(st);
}

enum sdrz_err
hours_apply_declaration(struct db *db, const struct review_item *it,
    int approve, const char *reason)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 id, person, org;
	int		 year, tenths, cap, used;
	char		 category[16], form[20], title[600], ref[40];

	(void)reason;
	if ((st = db_stmt(db, SQL_DECL_OF_REVIEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, it->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_CONFLICT;
	id = db_col_int(st, 0);
	person = db_col_int(st, 1);
	org = db_col_int(st, 2);
	year = (int)db_col_int(st, 3);
	snprintf(category, sizeof(category), "%s", db_col_text(st, 4));
	snprintf(form, sizeof(form), "%s", db_col_text(st, 5));
	snprintf(title, sizeof(title), "%s", db_col_text(st, 6));
	tenths = (int)db_col_int(st, 7);
	cap = db_col_isnull(st, 8) ? -1 : (int)db_col_int(st, 8);
	if ((st = db_stmt(db, SQL_DECL_DONE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, approve ? "approved" : "rejected");
	db_bind_int(st, 1, id);
	if ((rc = db_exec(st)) != SDRZ_OK || !approve)
		return rc;
	/* The yearly cap of the form trims what is credited now. */
	if (cap >= 0) {
		if ((st = db_stmt(db, SQL_FORM_USED)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, person);
		db_bind_int(st, 1, year);
		db_bind_text(st, 2, form);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		used = db_next(st) == 1 ? (int)db_col_int(st, 0) : 0;
		if (tenths > cap - used)
			tenths = cap - used;
		if (tenths <= 0)
			return SDRZ_OK;		/* the cap is reached */
	}
	snprintf(ref, sizeof(ref), "decl:%lld", (long long)id);
	return credit(db, person, org, year, category, form, title, tenths,
	    "declaration", ref, 0);
}

enum sdrz_err
hours_credit(struct db *db, int64_t person_id, int year, const char *category,
    const char *form, const char *title, int tenths, const char *source,
    const char *source_ref)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 org = 0;

	if ((st = db_stmt(db, SQL_MY_UNIT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) == 1)
		org = db_col_int(st, 0);
	return credit(db, person_id, org, year, category, form, title, tenths,
	    source, source_ref, 0);
}

/* ---- what the person sees ---- */

static const char SQL_MY_DECLS[] =
    "SELECT d.id, d.year, d.category, d.study_form, f.name, t.name, d.title,"
    " d.hours * 10, d.status, d.created_at, r.decided_at, r.reason"
    " FROM declaration d JOIN study_form f ON f.code = d.study_form"
    " JOIN decl_type t ON t.code = f.decl_type"
    " LEFT JOIN review r ON r.id = d.review_id"
    " WHERE d.person_id = ? AND (? = 0 OR d.id = ?)"
    " ORDER BY d.created_at DESC, d.id DESC";


static cJSON *
decl_json(const struct db_stmt *st)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
	cJSON_AddNumberToObject(o, "year", (double)db_col_int(st, 1));
	util_json_text(o, "category", db_col_text(st, 2));
	util_json_text(o, "study_form", db_col_text(st, 3));
	util_json_text(o, "study_form_name", db_col_text(st, 4));
	util_json_text(o, "decl_type_name", db_col_text(st, 5));
	util_json_text(o, "title", db_col_text(st, 6));
	cJSON_AddNumberToObject(o, "hours", db_col_int(st, 7) / 10.0);
	util_json_text(o, "status", db_col_text(st, 8));
	util_json_text(o, "submitted_at", db_col_text(st, 9));
	util_json_text(o, "decided_at", db_col_text(st, 10));
	util_json_text(o, "reason", db_col_text(st, 11));
	return o;
}

enum sdrz_err
hours_declarations(struct db *db, int64_t person_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*arr;

	if ((st = db_stmt(db, SQL_MY_DECLS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	db_bind_int(st, 1, 0);
	db_bind_int(st, 2, 0);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	arr = cJSON_CreateArray();
	while (db_next(st) == 1)
		cJSON_AddItemToArray(arr, decl_json(st));
	*out = arr;
	return SDRZ_OK;
}

static const char SQL_DECL_DATA[] =
    "SELECT data, review_id FROM declaration WHERE id = ? AND person_id = ?";
static const char SQL_DECL_HISTORY[] =
    "SELECT a.at, a.action, p.name, a.detail FROM audit_log a"
    " LEFT JOIN person p ON p.id = a.actor_person_id"
    " WHERE (a.subject_type = 'declaration' AND a.subject_id = ?)"
    " OR (a.subject_type = 'review' AND a.subject_id = ?) ORDER BY a.id";

enum sdrz_err
hours_declaration(struct db *db, int64_t person_id, int64_t id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*o = NULL, *h, *e, *att;
	int64_t		 review;

	*out = NULL;
	if ((st = db_stmt(db, SQL_MY_DECLS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	o = decl_json(st);
	if ((st = db_stmt(db, SQL_DECL_DATA)) == NULL)
		goto nomem;
	db_bind_int(st, 0, id);
	db_bind_int(st, 1, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK || db_next(st) != 1)
		goto fail;
	cJSON_AddItemToObject(o, "data", cJSON_Parse(db_col_text(st, 0)));
	review = db_col_int(st, 1);
	if ((rc = attach_of_review(db, review, &att)) != SDRZ_OK)
		goto fail;
	cJSON_AddItemToObject(o, "attachments", att);
	if ((st = db_stmt(db, SQL_DECL_HISTORY)) == NULL)
		goto nomem;
	db_bind_int(st, 0, id);
	db_bind_int(st, 1, review);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto fail;
	h = cJSON_AddArrayToObject(o, "history");
	while (db_next(st) == 1) {
		e = cJSON_CreateObject();
		cJSON_AddItemToArray(h, e);
		util_json_text(e, "at", db_col_text(st, 0));
		util_json_text(e, "action", db_col_text(st, 1));
		util_json_text(e, "by", db_col_text(st, 2));
		cJSON_AddItemToObject(e, "detail", db_col_text(st, 3) ?
		    cJSON_Parse(db_col_text(st, 3)) : cJSON_CreateNull());
	}
	*out = o;
	return SDRZ_OK;
nomem:
	rc = SDRZ_ERR_NOMEM;
fail:
	cJSON_Delete(o);
	return rc == SDRZ_OK ? SDRZ_ERR_DB : rc;
}

static const char SQL_SUMS[] =
    "SELECT COALESCE(SUM(IF(category = 'public', hours, 0)), 0) * 10,"
    " COALESCE(SUM(IF(category = 'professional', hours, 0)), 0) * 10"
    " FROM hour_record WHERE person_id = ? AND year = ?";

enum sdrz_err
hours_sums(struct db *db, int64_t person_id, int year, int *pub, int *prof)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	*pub = *prof = 0;
	if ((st = db_stmt(db, SQL_SUMS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	db_bind_int(st, 1, year);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) == 1) {
		*pub = (int)db_col_int(st, 0);
		*prof = (int)db_col_int(st, 1);
	}
	return SDRZ_OK;
}

static const char SQL_YEARS[] =
    "SELECT DISTINCT year FROM hour_record WHERE person_id = ?"
    " UNION SELECT YEAR(CURDATE()) ORDER BY 1 DESC";

/* Adds a completion as JSON to o. */
static void
completion_json(cJSON *o, const struct year_rule *r,
    const struct completion *c)
{
	cJSON	*rule = cJSON_AddObjectToObject(o, "rule"), *miss;

	cJSON_AddNumberToObject(o, "public", c->public_h / 10.0);
	cJSON_AddNumberToObject(o, "professional", c->professional_h / 10.0);
	cJSON_AddNumberToObject(o, "total", c->total_h / 10.0);
	cJSON_AddBoolToObject(o, "complete", c->ok);
	cJSON_AddNumberToObject(rule, "total_min", r->total_min / 10.0);
	cJSON_AddNumberToObject(rule, "professional_min",
	    r->professional_min / 10.0);
	cJSON_AddNumberToObject(rule, "public_min", r->public_min / 10.0);
	miss = cJSON_AddObjectToObject(o, "missing");
	cJSON_AddNumberToObject(miss, "total", c->missing_total / 10.0);
	cJSON_AddNumberToObject(miss, "professional",
	    c->missing_professional / 10.0);
	cJSON_AddNumberToObject(miss, "public", c->missing_public / 10.0);
}

enum sdrz_err
hours_years(struct db *db, int64_t person_id, cJSON **out)
{
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	cJSON			*arr, *o;
	int			 years[64], n = 0, i, pub, prof;
	struct year_rule	 r;
	struct completion	 c;

	if ((st = db_stmt(db, SQL_YEARS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while (n < 64 && db_next(st) == 1)
		years[n++] = (int)db_col_int(st, 0);
	arr = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		if ((rc = hours_rule(db, years[i], &r)) != SDRZ_OK ||
		    (rc = hours_sums(db, person_id, years[i], &pub, &prof)) !=
		    SDRZ_OK) {
			cJSON_Delete(arr);
			return rc;
		}
		hours_complete(&r, pub, prof, &c);
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddNumberToObject(o, "year", years[i]);
		completion_json(o, &r, &c);
	}
	*out = arr;
	return SDRZ_OK;
}

static const char SQL_RECORDS[] =
    "SELECT h.id, h.category, t.name, f.name, h.title, h.hours * 10,"
    " h.source, h.created_at, o.name FROM hour_record h"
    " JOIN study_form f ON f.code = h.study_form"
    " JOIN decl_type t ON t.code = f.decl_type"
    " LEFT JOIN org o ON o.id = h.org_id"
    " WHERE h.person_id = ? AND h.year = ? ORDER BY h.category DESC, h.id";

enum sdrz_err
hours_records(struct db *db, int64_t person_id, int year, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*arr, *o;

	if ((st = db_stmt(db, SQL_RECORDS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	db_bind_int(st, 1, year);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	arr = cJSON_CreateArray();
	while (db_next(st) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
		util_json_text(o, "category", db_col_text(st, 1));
		util_json_text(o, "decl_type_name", db_col_text(st, 2));
		util_json_text(o, "study_form_name", db_col_text(st, 3));
		util_json_text(o, "title", db_col_text(st, 4));
		cJSON_AddNumberToObject(o, "hours", db_col_int(st, 5) / 10.0);
		util_json_text(o, "source", db_col_text(st, 6));
		util_json_text(o, "credited_at", db_col_text(st, 7));
		util_json_text(o, "org_name", db_col_text(st, 8));
	}
	*out = arr;
	return SDRZ_OK;
}

/* ---- admins ---- */

static const char SQL_IN_TOP[] =
    "SELECT pe.org_id FROM personnel pe JOIN org o ON o.id = pe.org_id"
    " JOIN org t ON t.id = ? WHERE pe.person_id = ? AND pe.status = 'approved'"
    " AND" ORG_SUBTREE("o", "t");

/* An admin's entry; its hours (tenths) are read apart. */
static const struct form_field entry_fields[] = {
	{ "person_id", "人员", FORM_ID, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "year", "年度", FORM_INT, 1, 0, NULL, NULL, 2000, 2100, NULL },
	{ "category", "科目类别", FORM_CHOICE, 1, 16, NULL, NULL, 0, 0,
	    categories },
	{ "study_form", "学习形式", FORM_TEXT, 1, 16, NULL, NULL, 0, 0, NULL },
	{ "title", "学习内容名称", FORM_TEXT, 1, HOURS_TITLE_MAX, NULL, NULL, 0,
	    0, NULL },
};

const struct form_desc hours_entry_form = { "hours-entry", entry_fields,
    sizeof(entry_fields) / sizeof(entry_fields[0]) };

enum sdrz_err
hours_admin_add(struct db *db, int64_t top, const cJSON *body,
    const struct audit_actor *actor, struct form *f)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 person, org;
	int		 year = 0, t;
	const char	*cat, *form, *title;
	char		 ref[48];
	unsigned char	 raw[8];
	cJSON		*sf = NULL;

	rc = form_parse(f, entry_fields, hours_entry_form.n, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	person = form_int(f, "person_id", 0);
	year = (int)form_int(f, "year", 0);
	cat = form_get(f, "category");
	title = form_get(f, "title");
	if ((form = form_get(f, "study_form")) != NULL &&
	    study_form_get(db, form, &sf) != SDRZ_OK)
		form_error(f, "study_form", "请选择学习形式");
	else if (form != NULL && cat != NULL &&
	    strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(
	    sf, "category")), "either") != 0 && strcmp(cJSON_GetStringValue(
	    cJSON_GetObjectItem(sf, "category")), cat) != 0)
		form_error(f, "category", "该学习形式只能记入另一类科目");
	cJSON_Delete(sf);
	t = tenths_of(cJSON_GetObjectItem(body, "hours"));
	if (t <= 0 || t > 2000)
		form_error(f, "hours", "学时须大于 0、不超过 200,可有一位小数");
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_IN_TOP)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, top);
	db_bind_int(st, 1, person);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	org = db_col_int(st, 0);
	if (util_random(raw, sizeof(raw)) == -1)
		return SDRZ_ERR_IO;
	snprintf(ref, sizeof(ref), "admin:");
	util_hex(raw, sizeof(raw), ref + 6);
	if ((rc = credit(db, person, org, year, cat, form, title, t, "admin",
	    ref, actor ? actor->person_id : 0)) != SDRZ_OK)
		return rc;
	return audit_add(db, actor, "hours.admin_add", "person", person, NULL);
}

/* 继续教育学时查询 reaches a million rows: as 人员管理 (profile.c), it
 * pages by person id (seek), searches names by prefix and, without a name
 * or ID number, takes its total from the counts kept per organisation. */
/* The join orders of a list over the personnel of a subtree, chosen by
 * the caller rather than by MariaDB's averages (a large unit holds
 * thousands of times the average): by the subtree's organisations, then
 * sorted (a small subtree); by the personnel's ids, filtering by subtree
 * (a wide one, org_subtree_wide()); by the name index (a name search). */
#define QUERY_BY_ORG \
    " FROM personnel pe JOIN org o ON o.id = pe.org_id" \
    " JOIN person p ON p.id = pe.person_id"
#define QUERY_BY_ID \
    " FROM personnel pe STRAIGHT_JOIN org o ON o.id = pe.org_id" \
    " STRAIGHT_JOIN person p ON p.id = pe.person_id"
#define QUERY_BY_NAME \
    " FROM person p STRAIGHT_JOIN personnel pe ON pe.person_id = p.id" \
    " STRAIGHT_JOIN org o ON o.id = pe.org_id"
#define QUERY_WHERE \
    " WHERE" ORG_SUBTREE_OF("o") " AND pe.status = 'approved'" \
    " AND (? = 0 OR pe.org_id = ?)" \
    " AND (? IS NULL OR o.region_code = ?)" \
    " AND (? IS NULL OR p.name LIKE " LIST_PREFIX_PARAM ")" \
    " AND (? IS NULL OR p.id_number = ?)"

#define QUERY_SELECT \
    "SELECT p.id, p.name, p.id_number, o.name," \
    " (SELECT name FROM dict_item WHERE dict = 'title_qualification'" \
    "  AND code = pe.title_qualification)," \
    " (SELECT COALESCE(SUM(IF(h.category = 'public', h.hours, 0)), 0) * 10" \
    "  FROM hour_record h WHERE h.person_id = p.id AND h.year = ?)," \
    " (SELECT COALESCE(SUM(IF(h.category = 'professional', h.hours, 0)), 0)" \
    "  * 10 FROM hour_record h WHERE h.person_id = p.id AND h.year = ?)"

/* The count (apart: its binds differ from the page's), the page and the
 * seek of one join order. */
static const char SQL_Q_COUNT[] = "SELECT COUNT(*)" QUERY_BY_ORG QUERY_WHERE;
static const char SQL_Q_COUNT_NAME[] =
    "SELECT COUNT(*)" QUERY_BY_NAME QUERY_WHERE;
#define QUERY_SQL(from) \
    NULL, QUERY_SELECT from QUERY_WHERE \
    " ORDER BY pe.person_id LIMIT ? OFFSET ?", \
    QUERY_SELECT from QUERY_WHERE \
    " AND pe.person_id > ? ORDER BY pe.person_id LIMIT ?"

static unsigned
bind_query(struct db_stmt *st, unsigned at, const struct hours_query *q)
{
	db_bind_int(st, at++, q->top);
	db_bind_int(st, at++, q->org_id);
	db_bind_int(st, at++, q->org_id);
	db_bind_text(st, at++, q->region);
	db_bind_text(st, at++, q->region);
	db_bind_text(st, at++, q->name);
	db_bind_text(st, at++, q->name);
	db_bind_text(st, at++, q->id_number);
	db_bind_text(st, at++, q->id_number);
	return at;
}

/* The query and the year's rule, for the rows. */
struct query_ctx {
	const struct hours_query	*q;
	struct year_rule		 r;
};

static unsigned
bind_query_page(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct query_ctx	*c = arg;

	db_bind_int(st, at++, c->q->year);
	db_bind_int(st, at++, c->q->year);
	return bind_query(st, at, c->q);
}

static enum sdrz_err
query_row(struct db_stmt *st, cJSON *it, const void *arg)
{
	const struct query_ctx	*c = arg;
	struct completion	 done;
	char			 masked[33];

	cJSON_AddNumberToObject(it, "person_id", (double)db_col_int(st, 0));
	util_json_text(it, "name", db_col_text(st, 1));
	acct_mask_id(db_col_text(st, 2), masked);
	util_json_text(it, "id_number_masked", masked);
	util_json_text(it, "org_name", db_col_text(st, 3));
	util_json_text(it, "title_qualification_name", db_col_text(st, 4));
	hours_complete(&c->r, (int)db_col_int(st, 5), (int)db_col_int(st, 6),
	    &done);
	completion_json(it, &c->r, &done);
	return SDRZ_OK;
}

static const struct list_spec query_spec = {
	QUERY_SQL(QUERY_BY_ORG), bind_query_page, query_row, 0
};
static const struct list_spec query_wide_spec = {
	QUERY_SQL(QUERY_BY_ID), bind_query_page, query_row, 0
};
static const struct list_spec query_name_spec = {
	QUERY_SQL(QUERY_BY_NAME), bind_query_page, query_row, 0
};

enum sdrz_err
hours_query(struct db *db, const struct hours_query *q, cJSON **out)
{
	struct db_stmt		*st;
	struct query_ctx	 c;
	enum sdrz_err		 rc;
	int64_t			 total;
	int			 r, wide = 0;

	*out = NULL;
	c.q = q;
	if ((rc = hours_rule(db, q->year, &c.r)) != SDRZ_OK)
		return rc;
	if (q->name == NULL && q->id_number == NULL) {
		if ((rc = org_personnel_total(db, q->top, q->org_id, q->region,
		    &total)) != SDRZ_OK ||
		    (q->org_id == 0 && (rc = org_subtree_wide(db, total,
		    &wide)) != SDRZ_OK))
			return rc;
	} else {
		if ((st = db_stmt(db, q->name != NULL ? SQL_Q_COUNT_NAME :
		    SQL_Q_COUNT)) == NULL)
			return SDRZ_ERR_NOMEM;
		bind_query(st, 0, q);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if ((r = db_next(st)) == -1)
			return SDRZ_ERR_DB;
		total = r == 1 ? db_col_int(st, 0) : 0;
	}
	if ((rc = list_run(db, q->name != NULL ? &query_name_spec : wide ?
	    &query_wide_spec : &query_spec, &q->pg, &c, total, out)) !=
	    SDRZ_OK)
		return rc;
	cJSON_AddNumberToObject(*out, "year", q->year);
	return SDRZ_OK;
}

#define DQ_FROM \
    REVIEW_QUEUE_FROM \
    " JOIN org o ON o.id = a.org_id" \
    " JOIN declaration d ON d.review_id = r.id" \
    " JOIN person p ON p.id = d.person_id" \
    " JOIN study_form f ON f.code = d.study_form" \
    " JOIN decl_type y ON y.code = f.decl_type" \
    " WHERE" ORG_SUBTREE_OF("o") " AND r.kind = 'declaration'" \
    " AND" REVIEW_QUEUE_OPEN \
    " AND (? IS NULL OR LOCATE(?, p.name) > 0)" \
    " AND (? IS NULL OR p.id_number = ?)"

static const char SQL_DQ_COUNT[] = "SELECT COUNT(*)" DQ_FROM;
static const char SQL_DQ[] =
    "SELECT r.id, a.status, r.created_at, a.decided_at, a.reason, p.name,"
    " p.id_number, o.name, d.year, d.category, y.name, f.name, d.title,"
    " d.hours * 10, d.data, d.study_form" DQ_FROM
    " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";

/* The queue's filters and its tab (0 pending, 1 decided). */
struct dq_ctx {
	const struct hours_query	*q;
	int				 decided;
};

static unsigned
bind_dq(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct dq_ctx	*c = arg;

	db_bind_int(st, at++, c->q->top);
	db_bind_int(st, at++, c->decided);
	db_bind_text(st, at++, c->q->name);
	db_bind_text(st, at++, c->q->name);
	db_bind_text(st, at++, c->q->id_number);
	db_bind_text(st, at++, c->q->id_number);
	return at;
}

static enum sdrz_err
dq_row(struct db_stmt *st, cJSON *it, const void *arg)
{
	char	 masked[33];

	(void)arg;
	cJSON_AddNumberToObject(it, "id", (double)db_col_int(st, 0));
	util_json_text(it, "status", db_col_text(st, 1));
	util_json_text(it, "submitted_at", db_col_text(st, 2));
	util_json_text(it, "decided_at", db_col_text(st, 3));
	util_json_text(it, "reason", db_col_text(st, 4));
	util_json_text(it, "name", db_col_text(st, 5));
	acct_mask_id(db_col_text(st, 6), masked);
	util_json_text(it, "id_number_masked", masked);
	util_json_text(it, "org_name", db_col_text(st, 7));
	cJSON_AddNumberToObject(it, "year", (double)db_col_int(st, 8));
	util_json_text(it, "category", db_col_text(st, 9));
	util_json_text(it, "decl_type_name", db_col_text(st, 10));
	util_json_text(it, "study_form_name", db_col_text(st, 11));
	util_json_text(it, "title", db_col_text(st, 12));
	cJSON_AddNumberToObject(it, "hours", db_col_int(st, 13) / 10.0);
	cJSON_AddItemToObject(it, "data", cJSON_Parse(db_col_text(st, 14)));
	util_json_text(it, "study_form", db_col_text(st, 15));
	return SDRZ_OK;
}

static const struct list_spec dq_spec = {
	SQL_DQ_COUNT, SQL_DQ, NULL, bind_dq, dq_row, 0
};

enum sdrz_err
hours_decl_queue(struct db *db, const struct hours_query *q, int decided,
    cJSON **out)
{
	struct dq_ctx	 c = { q, decided };
	enum sdrz_err	 rc;
	cJSON		*it, *att;

	if ((rc = list_run(db, &dq_spec, &q->pg, &c, -1, out)) != SDRZ_OK)
		return rc;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(*out, "items")) {
		if ((rc = attach_of_review(db, (int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItem(it, "id")), &att)) != SDRZ_OK) {
			cJSON_Delete(*out);
			*out = NULL;
			return rc;
		}
		cJSON_AddItemToObject(it, "attachments", att);
	}
	return SDRZ_OK;
}
