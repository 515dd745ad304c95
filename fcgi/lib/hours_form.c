/*
 * Study forms (学习形式): their fields and hour rules, listed for the
 * pages and edited by the HR bureau.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "dict.h"
#include "form.h"
#include "hours.h"
#include "hours_int.h"


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

enum sdrz_err
hours_study_form_get(struct db *db, const char *code, cJSON **out)
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
	if ((rc = hours_study_form_get(db, code, &cur)) != SDRZ_OK)
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
	if (v != NULL && !cJSON_IsNull(v) && (cap = hours_tenths_of(v)) < 0)
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
