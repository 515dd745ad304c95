/*
 * The rules of hours: the pure ones (completion of a year, parsing and
 * formatting tenths, a study form's hour rule) and the yearly rule kept in
 * the database. Study forms are in hours_form.c, declarations and credits
 * in hours_decl.c, what people and admins read in hours_query.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "form.h"
#include "hours.h"
#include "hours_int.h"

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

int
hours_tenths_of(const cJSON *v)
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
		t = hours_tenths_of(cJSON_GetObjectItem(rule, "hours"));
	else if (strcmp(kind, "per_unit") == 0) {
		per = hours_tenths_of(cJSON_GetObjectItem(rule, "per"));
		/* Whole or half units (days). */
		units = v == NULL ? -1 : cJSON_IsNumber(v) ? hours_tenths_of(v) :
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
		t = hours_tenths_of(cJSON_GetObjectItem(cJSON_GetObjectItem(rule,
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
	    hours_tenths_of(cap) >= 0 && t > hours_tenths_of(cap))
		t = hours_tenths_of(cap);
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
		v[i] = hours_tenths_of(cJSON_GetObjectItem(body, keys[i]));
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
