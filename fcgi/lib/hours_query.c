/*
 * What is read of hours: a person's declarations, years and records, and
 * the admins' query of their subtree's hours (继续教育学时查询).
 */
#include <stdio.h>
#include <string.h>

#include "acct.h"
#include "attach.h"
#include "db.h"
#include "hours.h"
#include "list.h"
#include "org.h"
#include "util.h"

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

/* ---- admins' query ---- */

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
