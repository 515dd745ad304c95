/*
 * How hours are credited: declarations (学时申报) checked against their
 * study form, their review and the credit an approval gives, hours
 * credited by other modules and entered by admins, and the reviewers'
 * queue of declarations.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "acct.h"
#include "attach.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "hours.h"
#include "hours_int.h"
#include "org.h"
#include "review.h"
#include "util.h"


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
	if ((rc = hours_study_form_get(db, code, &d->form)) == SDRZ_ERR_NOT_FOUND ||
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
		if (used >= hours_tenths_of(cap)) {
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

/* ---- admins' entries ---- */

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
	    hours_study_form_get(db, form, &sf) != SDRZ_OK)
		form_error(f, "study_form", "请选择学习形式");
	else if (form != NULL && cat != NULL &&
	    strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(
	    sf, "category")), "either") != 0 && strcmp(cJSON_GetStringValue(
	    cJSON_GetObjectItem(sf, "category")), cat) != 0)
		form_error(f, "category", "该学习形式只能记入另一类科目");
	cJSON_Delete(sf);
	t = hours_tenths_of(cJSON_GetObjectItem(body, "hours"));
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

/* ---- the review queue ---- */

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
