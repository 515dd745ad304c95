/*
 * The lists of an admin's subtree: the organisations below it, the
 * registrations and changes waiting for it, and the personnel totals that
 * choose how personnel lists are read.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "list.h"
#include "org.h"
#include "org_int.h"
#include "review.h"
#include "util.h"

/* The filters every organisation list shares; binds from index `at`. */
#define ORG_FILTER \
    " AND (? IS NULL OR LOCATE(?, o.name) > 0)" \
    " AND (? IS NULL OR o.nature = ?)" \
    " AND (? IS NULL OR o.industry = ?)" \
    " AND (? IS NULL OR o.level = ?)" \
    " AND (? IS NULL OR o.region_code = ?)" \
    " AND (? IS NULL" \
    "  OR (? = 'hrb' AND o.kind IN ('hrb_city', 'hrb_district'))" \
    "  OR (? = 'branch' AND o.kind = 'unit' AND p.kind = 'unit')" \
    "  OR (? = 'unit' AND o.kind = 'unit' AND p.kind <> 'unit')" \
    "  OR (? IN ('dept', 'base') AND o.kind = ?))" \
    " AND (? IS NULL OR EXISTS (SELECT 1 FROM org_admin fa" \
    "  JOIN person fp ON fp.id = fa.person_id" \
    "  WHERE fa.org_id = o.id AND fa.status = 'active'" \
    "  AND (LOCATE(?, fp.name) > 0 OR fp.id_number = ?)))"

static unsigned
bind_filter(struct db_stmt *st, unsigned at, const struct org_query *q)
{
	const char	*v[] = { q->name, q->nature, q->industry, q->level,
	    q->region };
	unsigned	 i;

	for (i = 0; i < 5; i++) {
		db_bind_text(st, at++, v[i]);
		db_bind_text(st, at++, v[i]);
	}
	for (i = 0; i < 6; i++)
		db_bind_text(st, at++, q->type);
	/* An active admin: a part of the name, or the whole ID number. */
	for (i = 0; i < 3; i++)
		db_bind_text(st, at++, q->admin);
	return at;
}

/* Binds the top twice, then the filters. */
static const char SQL_LIST_COUNT[] =
    "SELECT COUNT(*) FROM org o LEFT JOIN org p ON p.id = o.parent_id"
    " WHERE" ORG_SUBTREE_OF("o") " AND o.status = 'approved' AND o.id <> ?"
    ORG_FILTER;
static const char SQL_LIST[] =
    "SELECT o.id, o.kind, o.name, o.nature," ORG_DICT("unit_nature", "o.nature")
    ", o.industry," ORG_DICT("industry", "o.industry") ", o.level,"
    ORG_DICT("org_level", "o.level") ", o.phone, o.address, o.uscc,"
    " o.has_uscc, o.region_code," ORG_DICT("region", "o.region_code") ","
    " o.status, o.reject_reason, o.created_at, o.approved_at, o.parent_id,"
    " p.name, p.kind,"
    " (SELECT COUNT(*) FROM personnel pe WHERE pe.org_id = o.id"
    "  AND pe.status = 'approved')"
    " FROM org o LEFT JOIN org p ON p.id = o.parent_id"
    " WHERE" ORG_SUBTREE_OF("o") " AND o.status = 'approved' AND o.id <> ?"
    ORG_FILTER
    " ORDER BY o.path, o.id LIMIT ? OFFSET ?";

/* The filters of a list (queue: with the tab bound after the top). */
static unsigned
bind_list(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct org_query	*q = arg;

	db_bind_int(st, at++, q->top);
	db_bind_int(st, at++, q->top);
	return bind_filter(st, at, q);
}

static unsigned
bind_queue(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct org_query	*q = arg;

	db_bind_int(st, at++, q->top);
	db_bind_int(st, at++, q->decided);
	return bind_filter(st, at, q);
}

/* The organisation's columns, then its approved personnel. */
static enum sdrz_err
list_row(struct db_stmt *st, cJSON *it, const void *q)
{
	cJSON	*o = org_json(st), *c;

	(void)q;
	if (o == NULL)
		return SDRZ_ERR_NOMEM;
	while ((c = o->child) != NULL)
		cJSON_AddItemToObject(it, c->string, cJSON_DetachItemViaPointer(
		    o, c));
	cJSON_Delete(o);
	cJSON_AddNumberToObject(it, "personnel_count", (double)db_col_int(st,
	    22));
	return SDRZ_OK;
}

/* The organisation's columns, then its review: id, status, submitted,
 * decided, reason, payload, before. */
static enum sdrz_err
queue_row(struct db_stmt *st, cJSON *it, const void *q)
{
	cJSON		*o = org_json(st), *c, *r;
	const unsigned	 x = 22;

	(void)q;
	if (o == NULL)
		return SDRZ_ERR_NOMEM;
	while ((c = o->child) != NULL)
		cJSON_AddItemToObject(it, c->string, cJSON_DetachItemViaPointer(
		    o, c));
	cJSON_Delete(o);
	r = cJSON_AddObjectToObject(it, "review");
	cJSON_AddNumberToObject(r, "id", (double)db_col_int(st, x));
	util_json_text(r, "status", db_col_text(st, x + 1));
	util_json_text(r, "submitted_at", db_col_text(st, x + 2));
	util_json_text(r, "decided_at", db_col_text(st, x + 3));
	util_json_text(r, "reason", db_col_text(st, x + 4));
	if (db_col_text(st, x + 5) != NULL)
		cJSON_AddItemToObject(r, "after", cJSON_Parse(db_col_text(st,
		    x + 5)));
	if (db_col_text(st, x + 6) != NULL)
		cJSON_AddItemToObject(r, "before", cJSON_Parse(db_col_text(st,
		    x + 6)));
	/* Registrations waiting on this USCC, this one included: more than
	 * 1, several claim it. */
	cJSON_AddNumberToObject(it, "same_uscc_pending", (double)db_col_int(st,
	    x + 7));
	return SDRZ_OK;
}

static const struct list_spec list_spec = {
	SQL_LIST_COUNT, SQL_LIST, NULL, bind_list, list_row, 0
};

enum sdrz_err
org_list(struct db *db, const struct org_query *q, cJSON **out)
{
	return list_run(db, &list_spec, &q->pg, q, -1, out);
}

static const char SQL_PERSONNEL_TOTAL[] =
    "SELECT COALESCE(SUM(c.approved), 0) FROM org o"
    " JOIN org_personnel_count c ON c.org_id = o.id WHERE" ORG_SUBTREE_OF("o")
    " AND (? = 0 OR o.id = ?) AND (? IS NULL OR o.region_code = ?)";

static const char SQL_PERSONNEL_ALL[] =
    "SELECT COALESCE(SUM(approved), 0) FROM org_personnel_count";

enum sdrz_err
org_subtree_wide(struct db *db, int64_t total, int *wide)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	*wide = 0;
	if ((st = db_stmt(db, SQL_PERSONNEL_ALL)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	*wide = r == 1 && total * 1000 >= db_col_int(st, 0) *
	    ORG_WIDE_PERMILLE;
	return SDRZ_OK;
}

enum sdrz_err
org_personnel_total(struct db *db, int64_t top, int64_t org_id,
    const char *region, int64_t *total)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	*total = 0;
	if ((st = db_stmt(db, SQL_PERSONNEL_TOTAL)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, top);
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, org_id);
	db_bind_text(st, 3, region);
	db_bind_text(st, 4, region);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	*total = r == 1 ? db_col_int(st, 0) : 0;
	return SDRZ_OK;
}

/* A queue of reviews of one kind addressed to q->top. */
#define QUEUE_FROM(kind) \
    REVIEW_QUEUE_FROM " AND a.org_id = ? JOIN org o ON o.id = r.subject_id" \
    " LEFT JOIN org p ON p.id = o.parent_id" \
    " WHERE r.kind = '" kind "' AND r.subject_type = 'org'" \
    " AND" REVIEW_QUEUE_OPEN ORG_FILTER

#define QUEUE_SELECT \
    "SELECT o.id, o.kind, o.name, o.nature," ORG_DICT("unit_nature", "o.nature") \
    ", o.industry," ORG_DICT("industry", "o.industry") ", o.level," \
    ORG_DICT("org_level", "o.level") ", o.phone, o.address, o.uscc," \
    " o.has_uscc, o.region_code," ORG_DICT("region", "o.region_code") "," \
    " o.status, o.reject_reason, o.created_at, o.approved_at, o.parent_id," \
    " p.name, p.kind, r.id, a.status, r.created_at, a.decided_at, a.reason," \
    " r.payload, r.before_payload," \
    " (SELECT COUNT(*) FROM org o2 WHERE o2.uscc = o.uscc" \
    "  AND o2.status = 'pending')"

static const char SQL_REGQ_COUNT[] = "SELECT COUNT(*)" QUEUE_FROM("org_reg");
static const char SQL_REGQ[] = QUEUE_SELECT QUEUE_FROM("org_reg")
    " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";
static const char SQL_CHGQ_COUNT[] =
    "SELECT COUNT(*)" QUEUE_FROM("org_change");
static const char SQL_CHGQ[] = QUEUE_SELECT QUEUE_FROM("org_change")
    " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";

static const struct list_spec regq_spec = {
	SQL_REGQ_COUNT, SQL_REGQ, NULL, bind_queue, queue_row, 0
};
static const struct list_spec chgq_spec = {
	SQL_CHGQ_COUNT, SQL_CHGQ, NULL, bind_queue, queue_row, 0
};

enum sdrz_err
org_reg_list(struct db *db, const struct org_query *q, cJSON **out)
{
	return list_run(db, &regq_spec, &q->pg, q, -1, out);
}

enum sdrz_err
org_change_list(struct db *db, const struct org_query *q, cJSON **out)
{
	return list_run(db, &chgq_spec, &q->pg, q, -1, out);
}
