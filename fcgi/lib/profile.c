#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "attach.h"
#include "audit.h"
#include "db.h"
#include "org.h"
#include "dict.h"
#include "form.h"
#include "profile.h"
#include "review.h"
#include "session.h"
#include "valid.h"
#include "util.h"


/* ---- fields saved at once ---- */

static const char *
check_mobile(char *v)
{
	return valid_mobile(v) ? NULL : "手机号应为 11 位手机号码";
}

static const char *
check_email(char *v)
{
	return valid_email(v) ? NULL : "电子邮箱格式不正确";
}

static const struct form_field update_fields[] = {
	{ "phone", "手机号", FORM_TEXT, 1, 11, NULL, check_mobile, 0, 0, NULL },
	{ "email", "电子邮箱", FORM_TEXT, 1, 254, NULL, check_email, 0, 0, NULL },
	{ "landline", "固定电话", FORM_TEXT, 0, 32, NULL, NULL, 0, 0, NULL },
	{ "ethnic", "民族", FORM_DICT, 1, 8, "ethnic", NULL, 0, 0, NULL },
	{ "education", "最高学历", FORM_DICT, 1, 8, "education", NULL, 0, 0, NULL },
	{ "school", "毕业院校", FORM_TEXT, 1, 100, NULL, NULL, 0, 0, NULL },
	{ "major_code", "所学专业", FORM_DICT, 1, 16, "major", NULL, 0, 0, NULL },
	{ "graduated_on", "毕业时间", FORM_DATE, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "degree", "学位", FORM_DICT, 1, 8, "degree", NULL, 0, 0, NULL },
	{ "postdoc", "是否有博士后工作经历", FORM_BOOL, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "admin_post", "行政职务", FORM_TEXT, 0, 100, NULL, NULL, 0, 0, NULL },
	{ "admin_level", "行政级别", FORM_DICT, 0, 16, "admin_level", NULL, 0, 0, NULL },
	{ "prof_qualification", "专业技术人员职业资格", FORM_DICT, 1, 32,
	    "prof_qualification", NULL, 0, 0, NULL },
	{ "prof_qualification_level", "职业资格级别", FORM_DICT, 1, 16,
	    "prof_qualification_level", NULL, 0, 0, NULL },
};

/* What the person may not change, and whom to ask. */
static const char *const locked[] = { "name", "id_type", "id_number",
    "org_id" };
static const char *const reviewed[] = { "dept", "title_series",
    "title_level", "title_qualification", "title_effective_on",
    "appointed_on" };

static const char SQL_PERSON_UPDATE[] =
    "UPDATE person SET phone = ?, email = ?, landline = ? WHERE id = ?";
static const char SQL_PERSONNEL_UPDATE[] =
    "UPDATE personnel SET ethnic = ?, education = ?, school = ?,"
    " major_code = ?, graduated_on = ?, degree = ?, postdoc = ?,"
    " admin_post = ?, admin_level = ?, prof_qualification = ?,"
    " prof_qualification_level = ? WHERE person_id = ?"
    " AND status = 'approved'";

struct upd_ctx {
	const struct form	*f;
	int64_t			 person_id;
	const struct audit_actor *actor;
};

static enum sdrz_err
update_tx(struct db *db, void *arg)
{
	struct upd_ctx		*c = arg;
	const struct form	*f = c->f;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	unsigned		 i;

	if ((st = db_stmt(db, SQL_PERSON_UPDATE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, form_get(f, "phone"));
	db_bind_text(st, 1, form_get(f, "email"));
	db_bind_text(st, 2, form_get(f, "landline"));
	db_bind_int(st, 3, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_PERSONNEL_UPDATE)) == NULL)
		return SDRZ_ERR_NOMEM;
	for (i = 3; i < 14; i++) {
		if (strcmp(update_fields[i].name, "postdoc") == 0)
			db_bind_int(st, i - 3, form_true(f, "postdoc"));
		else
			db_bind_text(st, i - 3, form_get(f,
			    update_fields[i].name));
	}
	db_bind_int(st, 11, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_affected(st) == 0) {
		/* Not approved personnel, or nothing changed: tell apart. */
	}
	return audit_add(db, c->actor, "profile.update", "person",
	    c->person_id, NULL);
}

enum sdrz_err
profile_update(struct db *db, int64_t person_id, const cJSON *body,
    const struct audit_actor *actor, struct form *f)
{
	struct upd_ctx	 c;
	enum sdrz_err	 rc;
	size_t		 i;

	rc = form_parse(f, update_fields, sizeof(update_fields) /
	    sizeof(update_fields[0]), body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	for (i = 0; i < sizeof(locked) / sizeof(locked[0]); i++)
		if (cJSON_GetObjectItem(body, locked[i]) != NULL)
			form_error(f, locked[i], "工作单位、姓名和证件号不能自行"
			    "修改,请联系所在单位管理员或客服人员");
	for (i = 0; i < sizeof(reviewed) / sizeof(reviewed[0]); i++)
		if (cJSON_GetObjectItem(body, reviewed[i]) != NULL)
			form_error(f, reviewed[i], "工作部门和职称信息的修改须"
			    "经单位审核,请通过“职称信息修改”提交");
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	c.f = f;
	c.person_id = person_id;
	c.actor = actor;
	return db_tx(db, update_tx, &c);
}

/* ---- reviewed changes ---- */

static const struct form_field change_fields[] = {
	{ "dept", "工作部门", FORM_TEXT, 1, 100, NULL, NULL, 0, 0, NULL },
	{ "title_series", "职称系列", FORM_DICT, 1, 16, "title_series", NULL, 0, 0, NULL },
	{ "title_level", "职称级别", FORM_DICT, 1, 16, "title_level", NULL, 0, 0, NULL },
	{ "title_qualification", "现专业技术职务资格", FORM_DICT, 1, 32,
	    "title_qualification", NULL, 0, 0, NULL },
	{ "title_effective_on", "评审通过时间", FORM_DATE, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "appointed_on", "聘任日期", FORM_DATE, 0, 0, NULL, NULL, 0, 0, NULL },
};

#define NCHANGE (sizeof(change_fields) / sizeof(change_fields[0]))

/* The dictionary of each reviewed field, for the names shown beside. */
static const char *const change_dicts[NCHANGE] = {
	NULL, "title_series", "title_level", "title_qualification", NULL, NULL,
};

static const char SQL_CURRENT[] =
    "SELECT pe.org_id, pe.dept, pe.title_series, pe.title_level,"
    " pe.title_qualification, pe.title_effective_on, pe.appointed_on"
    " FROM personnel pe WHERE pe.person_id = ? AND pe.status = 'approved'"
    " FOR UPDATE";
static const char SQL_PENDING_KIND[] =
    "SELECT kind FROM review WHERE subject_type = 'person'"
    " AND subject_id = ? AND status = 'pending'"
    " AND kind IN ('profile_change', 'transfer') LIMIT 1";

struct chg_ctx {
	struct form		*f;
	const cJSON		*attachments;
	int64_t			 person_id;
	const struct audit_actor *actor;
};

/* The values of one side (in the order of change_fields) as JSON with the
 * dictionary names beside. */
static enum sdrz_err
side(struct db *db, const char *const *val, cJSON **out)
{
	cJSON		*o;
	char		 name[200], key[64];
	size_t		 i;
	enum sdrz_err	 rc;

	if ((o = cJSON_CreateObject()) == NULL)
		return SDRZ_ERR_NOMEM;
	for (i = 0; i < NCHANGE; i++) {
		util_json_text(o, change_fields[i].name, val[i]);
		if (change_dicts[i] == NULL)
			continue;
		snprintf(key, sizeof(key), "%s_name", change_fields[i].name);
		name[0] = '\0';
		if (val[i] != NULL && (rc = dict_item_name(db, change_dicts[i],
		    val[i], name, sizeof(name))) != SDRZ_OK &&
		    rc != SDRZ_ERR_NOT_FOUND) {
			cJSON_Delete(o);
			return rc;
		}
		util_json_text(o, key, val[i] ? name : NULL);
	}
	*out = o;
	return SDRZ_OK;
}

static enum sdrz_err
pending_kind(struct db *db, int64_t person_id, char *kind, size_t kindsz)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	kind[0] = '\0';
	if ((st = db_stmt(db, SQL_PENDING_KIND)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) == 1)
		snprintf(kind, kindsz, "%s", db_col_text(st, 0));
	return SDRZ_OK;
}

static enum sdrz_err
change_tx(struct db *db, void *arg)
{
	struct chg_ctx	*c = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	char		*cur[NCHANGE] = { NULL }, pend[32];
	const char	*now[NCHANGE], *after_v[NCHANGE];
	char		*a = NULL, *b = NULL;
	cJSON		*ja = NULL, *jb = NULL;
	int64_t		 org, review;
	size_t		 i;
	int		 diff = 0;

	if ((rc = pending_kind(db, c->person_id, pend, sizeof(pend))) !=
	    SDRZ_OK)
		return rc;
	if (pend[0] != '\0') {
		form_error(c->f, "dept", strcmp(pend, "transfer") == 0 ?
		    "您有待审核的单位调转申请,请等待审核完成或撤回后再修改" :
		    "您有一项信息修改正在等待单位审核,请等审核完成后再提交");
		return SDRZ_ERR_CONFLICT;
	}
	if ((st = db_stmt(db, SQL_CURRENT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_FORBIDDEN;	/* not approved personnel */
	org = db_col_int(st, 0);
	for (i = 0; i < NCHANGE; i++) {
		if (db_col_text(st, (unsigned)i + 1) != NULL &&
		    (cur[i] = strdup(db_col_text(st, (unsigned)i + 1))) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		now[i] = cur[i];
		after_v[i] = form_get(c->f, change_fields[i].name);
		if ((now[i] == NULL) != (after_v[i] == NULL) ||
		    (now[i] != NULL && strcmp(now[i], after_v[i]) != 0))
			diff = 1;
	}
	if (!diff) {
		form_error(c->f, "dept", "与当前信息相同,没有需要审核的修改");
		rc = SDRZ_ERR_INVALID;
		goto out;
	}
	if ((rc = side(db, after_v, &ja)) != SDRZ_OK ||
	    (rc = side(db, now, &jb)) != SDRZ_OK)
		goto out;
	a = cJSON_PrintUnformatted(ja);
	b = cJSON_PrintUnformatted(jb);
	if (a == NULL || b == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	if ((rc = review_submit(db, REVIEW_PROFILE_CHANGE, "person",
	    c->person_id, &org, 1, c->person_id, a, b, &review)) != SDRZ_OK)
		goto out;
	if ((rc = attach_bind(db, c->person_id, c->attachments, review)) !=
	    SDRZ_OK) {
		if (rc == SDRZ_ERR_INVALID)
			form_error(c->f, "attachments", "证明附件无效,请重新上传"
			    "(最多 5 个)");
		goto out;
	}
	rc = audit_add(db, c->actor, "profile.change_requested", "person",
	    c->person_id, a);
out:
	for (i = 0; i < NCHANGE; i++)
		free(cur[i]);
	cJSON_Delete(ja);
	cJSON_Delete(jb);
	cJSON_free(a);
	cJSON_free(b);
	return rc;
}

enum sdrz_err
profile_request_change(struct db *db, int64_t person_id, const cJSON *body,
    const struct audit_actor *actor, struct form *f)
{
	struct chg_ctx	 c;
	enum sdrz_err	 rc;

	rc = form_parse(f, change_fields, NCHANGE, body, db);
	if (rc != SDRZ_OK)
		return rc;
	if ((rc = acct_check_title(db, f)) != SDRZ_OK)
		return rc;
	c.f = f;
	c.attachments = cJSON_GetObjectItem(body, "attachments");
	c.person_id = person_id;
	c.actor = actor;
	return db_tx(db, change_tx, &c);
}

static const char SQL_APPLY_CHANGE[] =
    "UPDATE personnel SET dept = ?, title_series = ?, title_level = ?,"
    " title_qualification = ?, title_effective_on = ?, appointed_on = ?"
    " WHERE person_id = ? AND status = 'approved'";

enum sdrz_err
profile_apply_change(struct db *db, const struct review_item *it,
    int approve, const char *reason)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*a;
	size_t		 i;

	(void)reason;
	if (!approve)
		return SDRZ_OK;		/* the approved values never moved */
	if (it->payload == NULL || (a = cJSON_Parse(it->payload)) == NULL)
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_APPLY_CHANGE)) == NULL) {
		cJSON_Delete(a);
		return SDRZ_ERR_NOMEM;
	}
	for (i = 0; i < NCHANGE; i++)
		db_bind_text(st, (unsigned)i, cJSON_GetStringValue(
		    cJSON_GetObjectItem(a, change_fields[i].name)));
	db_bind_int(st, NCHANGE, it->subject_id);
	rc = db_exec(st);
	cJSON_Delete(a);
	if (rc != SDRZ_OK)
		return rc;
	return db_affected(st) <= 1 ? SDRZ_OK : SDRZ_ERR_CONFLICT;
}

/* ---- transfers ---- */

static const struct form_field transfer_fields[] = {
	{ "to_org_id", "调入单位", FORM_ID, 1, 0, NULL, NULL, 0, 0, NULL },
};

static const char SQL_MY_ORG[] =
    "SELECT org_id FROM personnel WHERE person_id = ? AND status = 'approved'"
    " FOR UPDATE";
static const char SQL_TARGET[] =
    "SELECT name FROM org WHERE id = ? AND status = 'approved'"
    " AND kind <> 'base'";
static const char SQL_TRANSFER_NEW[] =
    "INSERT INTO personnel_transfer (person_id, from_org_id, to_org_id,"
    " review_id) VALUES (?, ?, ?, ?)";

struct xfer_ctx {
	struct form		*f;
	int64_t			 person_id;
	const struct audit_actor *actor;
};

static enum sdrz_err
transfer_tx(struct db *db, void *arg)
{
	struct xfer_ctx	*c = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	char		 pend[32], payload[128];
	int64_t		 from, to, review;

	to = strtoll(form_get(c->f, "to_org_id"), NULL, 10);
	if ((st = db_stmt(db, SQL_MY_ORG)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_FORBIDDEN;
	from = db_col_int(st, 0);
	if ((rc = pending_kind(db, c->person_id, pend, sizeof(pend))) !=
	    SDRZ_OK)
		return rc;
	if (pend[0] != '\0') {
		form_error(c->f, "to_org_id", strcmp(pend, "transfer") == 0 ?
		    "您已有一项单位调转申请正在等待审核" :
		    "您有信息修改正在等待审核,请在审核完成后再申请单位调转");
		return SDRZ_ERR_CONFLICT;
	}
	if (to == from) {
		form_error(c->f, "to_org_id", "调入单位与当前所在单位相同");
		return SDRZ_ERR_INVALID;
	}
	if ((st = db_stmt(db, SQL_TARGET)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, to);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1) {
		form_error(c->f, "to_org_id", "所选调入单位不存在或尚未通过审核");
		return SDRZ_ERR_INVALID;
	}
	snprintf(payload, sizeof(payload), "{\"from_org_id\":%lld,"
	    "\"to_org_id\":%lld}", (long long)from, (long long)to);
	if ((rc = review_submit(db, REVIEW_TRANSFER, "person", c->person_id,
	    &to, 1, c->person_id, payload, NULL, &review)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_TRANSFER_NEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->person_id);
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_int(st, 3, review);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	return audit_add(db, c->actor, "transfer.requested", "person",
	    c->person_id, payload);
}

enum sdrz_err
profile_request_transfer(struct db *db, int64_t person_id, const cJSON *body,
    const struct audit_actor *actor, struct form *f)
{
	struct xfer_ctx	 c;
	enum sdrz_err	 rc;

	if ((rc = form_parse(f, transfer_fields, 1, body, db)) != SDRZ_OK)
		return rc;
	c.f = f;
	c.person_id = person_id;
	c.actor = actor;
	return db_tx(db, transfer_tx, &c);
}

static const char SQL_WITHDRAW_T[] =
    "UPDATE personnel_transfer SET status = 'withdrawn', decided_at = NOW(3)"
    " WHERE person_id = ? AND status = 'pending'";

struct wd_ctx {
	int64_t			 person_id;
	const struct audit_actor *actor;
};

static enum sdrz_err
withdraw_tx(struct db *db, void *arg)
{
	struct wd_ctx	*c = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_WITHDRAW_T)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_affected(st) == 0)
		return SDRZ_ERR_NOT_FOUND;
	if ((rc = review_withdraw(db, REVIEW_TRANSFER, "person",
	    c->person_id)) != SDRZ_OK)
		return rc;
	return audit_add(db, c->actor, "transfer.withdrawn", "person",
	    c->person_id, NULL);
}

enum sdrz_err
profile_withdraw_transfer(struct db *db, int64_t person_id,
    const struct audit_actor *actor)
{
	struct wd_ctx	 c = { person_id, actor };

	return db_tx(db, withdraw_tx, &c);
}

static const char SQL_T_OF[] =
    "SELECT from_org_id, to_org_id FROM personnel_transfer"
    " WHERE review_id = ? AND status = 'pending' FOR UPDATE";
static const char SQL_T_MOVE[] =
    "UPDATE personnel SET org_id = ? WHERE person_id = ? AND org_id = ?"
    " AND status = 'approved'";
static const char SQL_T_DONE[] =
    "UPDATE personnel_transfer SET status = ?, reason = ?,"
    " decided_at = NOW(3) WHERE review_id = ?";

enum sdrz_err
profile_apply_transfer(struct db *db, const struct review_item *it,
    int approve, const char *reason)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 from, to;

	if ((st = db_stmt(db, SQL_T_OF)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, it->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_CONFLICT;
	from = db_col_int(st, 0);
	to = db_col_int(st, 1);
	if (approve) {
		/* One statement moves the person: their hours and reviews
		 * stay theirs, the old unit's lists no longer hold them. */
		if ((st = db_stmt(db, SQL_T_MOVE)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, to);
		db_bind_int(st, 1, it->subject_id);
		db_bind_int(st, 2, from);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_affected(st) != 1)
			return SDRZ_ERR_CONFLICT;
		if ((rc = session_move_personnel(db, it->subject_id, to)) !=
		    SDRZ_OK)
			return rc;
	}
	if ((st = db_stmt(db, SQL_T_DONE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, approve ? "approved" : "rejected");
	db_bind_text(st, 1, approve ? NULL : reason);
	db_bind_int(st, 2, it->id);
	return db_exec(st);
}

/* ---- what the person sees of their requests ---- */

static const char SQL_MY_CHANGE[] =
    "SELECT r.id, r.status, r.created_at, r.decided_at, r.reason, r.payload,"
    " r.before_payload FROM review r WHERE r.kind = 'profile_change'"
    " AND r.subject_type = 'person' AND r.subject_id = ?"
    " AND r.status <> 'withdrawn' ORDER BY r.id DESC LIMIT 1";
static const char SQL_MY_TRANSFER[] =
    "SELECT t.id, t.status, t.created_at, t.decided_at, t.reason,"
    " f.name, o.name FROM personnel_transfer t"
    " JOIN org f ON f.id = t.from_org_id JOIN org o ON o.id = t.to_org_id"
    " WHERE t.person_id = ? ORDER BY t.id DESC LIMIT 1";

static cJSON *
parse_or_null(const char *s)
{
	cJSON	*v = s ? cJSON_Parse(s) : NULL;

	return v ? v : cJSON_CreateNull();
}

enum sdrz_err
profile_requests(struct db *db, int64_t person_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*o, *c, *att;
	int64_t		 review = 0;

	*out = NULL;
	if ((st = db_stmt(db, SQL_MY_CHANGE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	o = cJSON_CreateObject();
	if (db_next(st) == 1) {
		c = cJSON_AddObjectToObject(o, "change");
		review = db_col_int(st, 0);
		cJSON_AddNumberToObject(c, "id", (double)review);
		util_json_text(c, "status", db_col_text(st, 1));
		util_json_text(c, "submitted_at", db_col_text(st, 2));
		util_json_text(c, "decided_at", db_col_text(st, 3));
		util_json_text(c, "reason", db_col_text(st, 4));
		cJSON_AddItemToObject(c, "after", parse_or_null(db_col_text(st,
		    5)));
		cJSON_AddItemToObject(c, "before",
		    parse_or_null(db_col_text(st, 6)));
		if ((rc = attach_of_review(db, review, &att)) != SDRZ_OK) {
			cJSON_Delete(o);
			return rc;
		}
		cJSON_AddItemToObject(c, "attachments", att);
	} else
		cJSON_AddNullToObject(o, "change");
	if ((st = db_stmt(db, SQL_MY_TRANSFER)) == NULL) {
		cJSON_Delete(o);
		return SDRZ_ERR_NOMEM;
	}
	db_bind_int(st, 0, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK) {
		cJSON_Delete(o);
		return rc;
	}
	if (db_next(st) == 1) {
		c = cJSON_AddObjectToObject(o, "transfer");
		cJSON_AddNumberToObject(c, "id", (double)db_col_int(st, 0));
		util_json_text(c, "status", db_col_text(st, 1));
		util_json_text(c, "submitted_at", db_col_text(st, 2));
		util_json_text(c, "decided_at", db_col_text(st, 3));
		util_json_text(c, "reason", db_col_text(st, 4));
		util_json_text(c, "from_org_name", db_col_text(st, 5));
		util_json_text(c, "to_org_name", db_col_text(st, 6));
	} else
		cJSON_AddNullToObject(o, "transfer");
	*out = o;
	return SDRZ_OK;
}

/* ---- admins' lists ---- */

/* Replaces each item's "attachments" (its review id, set by the row) by
 * the review's attachments. */
static enum sdrz_err
fill_attachments(struct db *db, cJSON *o)
{
	cJSON		*it, *next, *att;
	enum sdrz_err	 rc;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(o, "items")) {
		next = cJSON_GetObjectItem(it, "attachments");
		if (next == NULL || !cJSON_IsNumber(next))
			continue;
		if ((rc = attach_of_review(db, (int64_t)next->valuedouble,
		    &att)) != SDRZ_OK)
			return rc;
		cJSON_ReplaceItemInObject(it, "attachments", att);
	}
	return SDRZ_OK;
}

/* A list, and the attachments of its rows when with_att. */
static enum sdrz_err
page(struct db *db, const struct list_spec *spec,
    const struct profile_query *q, int64_t total, int with_att, cJSON **out)
{
	enum sdrz_err	 rc;

	if ((rc = list_run(db, spec, &q->pg, q, total, out)) != SDRZ_OK)
		return rc;
	if (with_att && (rc = fill_attachments(db, *out)) != SDRZ_OK) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

#define CHANGE_FROM \
    REVIEW_QUEUE_FROM \
    " JOIN org o ON o.id = a.org_id" \
    " JOIN person p ON p.id = r.subject_id" \
    " WHERE" ORG_SUBTREE_OF("o") " AND r.kind = 'profile_change'" \
    " AND" REVIEW_QUEUE_OPEN \
    " AND (? IS NULL OR LOCATE(?, p.name) > 0)" \
    " AND (? IS NULL OR p.id_number = ?)"

static const char SQL_CHG_COUNT[] = "SELECT COUNT(*)" CHANGE_FROM;
static const char SQL_CHG_LIST[] =
    "SELECT r.id, a.status, r.created_at, a.decided_at, a.reason,"
    " r.payload, r.before_payload, p.name, p.id_number, o.name" CHANGE_FROM
    " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";

static unsigned
bind_change(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct profile_query	*q = arg;

	db_bind_int(st, at++, q->top);
	db_bind_int(st, at++, q->decided);
	db_bind_text(st, at++, q->name);
	db_bind_text(st, at++, q->name);
	db_bind_text(st, at++, q->id_number);
	db_bind_text(st, at++, q->id_number);
	return at;
}

static enum sdrz_err
change_row(struct db_stmt *st, cJSON *it, const void *q)
{
	char	 masked[33];

	(void)q;
	cJSON_AddNumberToObject(it, "id", (double)db_col_int(st, 0));
	util_json_text(it, "status", db_col_text(st, 1));
	util_json_text(it, "submitted_at", db_col_text(st, 2));
	util_json_text(it, "decided_at", db_col_text(st, 3));
	util_json_text(it, "reason", db_col_text(st, 4));
	cJSON_AddItemToObject(it, "after", parse_or_null(db_col_text(st, 5)));
	cJSON_AddItemToObject(it, "before", parse_or_null(db_col_text(st, 6)));
	util_json_text(it, "name", db_col_text(st, 7));
	acct_mask_id(db_col_text(st, 8), masked);
	util_json_text(it, "id_number_masked", masked);
	util_json_text(it, "org_name", db_col_text(st, 9));
	/* Filled after the rows are read. */
	cJSON_AddNumberToObject(it, "attachments", (double)db_col_int(st, 0));
	return SDRZ_OK;
}

static const struct list_spec change_spec = {
	SQL_CHG_COUNT, SQL_CHG_LIST, NULL, bind_change, change_row, 0
};

enum sdrz_err
profile_change_list(struct db *db, const struct profile_query *q,
    cJSON **out)
{
	return page(db, &change_spec, q, -1, 1, out);
}

#define TQUEUE_FROM \
    REVIEW_QUEUE_FROM " AND a.org_id = ?" \
    " JOIN personnel_transfer x ON x.review_id = r.id" \
    " JOIN person p ON p.id = r.subject_id JOIN org f ON f.id = x.from_org_id" \
    " WHERE r.kind = 'transfer' AND" REVIEW_QUEUE_OPEN \
    " AND (? IS NULL OR LOCATE(?, p.name) > 0)" \
    " AND (? IS NULL OR p.id_number = ?)"

static const char SQL_TQ_COUNT[] = "SELECT COUNT(*)" TQUEUE_FROM;
static const char SQL_TQ_LIST[] =
    "SELECT r.id, a.status, r.created_at, a.decided_at, a.reason, p.name,"
    " p.id_number, f.name, p.id" TQUEUE_FROM
    " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";

static enum sdrz_err
tqueue_row(struct db_stmt *st, cJSON *it, const void *q)
{
	char	 masked[33];

	(void)q;
	cJSON_AddNumberToObject(it, "id", (double)db_col_int(st, 0));
	util_json_text(it, "status", db_col_text(st, 1));
	util_json_text(it, "submitted_at", db_col_text(st, 2));
	util_json_text(it, "decided_at", db_col_text(st, 3));
	util_json_text(it, "reason", db_col_text(st, 4));
	util_json_text(it, "name", db_col_text(st, 5));
	acct_mask_id(db_col_text(st, 6), masked);
	util_json_text(it, "id_number_masked", masked);
	util_json_text(it, "from_org_name", db_col_text(st, 7));
	cJSON_AddNumberToObject(it, "person_id", (double)db_col_int(st, 8));
	return SDRZ_OK;
}

static const struct list_spec tqueue_spec = {
	SQL_TQ_COUNT, SQL_TQ_LIST, NULL, bind_change, tqueue_row, 0
};

enum sdrz_err
profile_transfer_queue(struct db *db, const struct profile_query *q,
    cJSON **out)
{
	return page(db, &tqueue_spec, q, -1, 0, out);
}

#define THIST_FROM \
    " FROM personnel_transfer x JOIN person p ON p.id = x.person_id" \
    " JOIN org f ON f.id = x.from_org_id JOIN org o ON o.id = x.to_org_id" \
    " WHERE ((? <> 'out' AND x.to_org_id = ?) OR" \
    "  (? <> 'in' AND x.from_org_id = ?))" \
    " AND (? IS NULL OR LOCATE(?, p.name) > 0)"

static const char SQL_TH_COUNT[] = "SELECT COUNT(*)" THIST_FROM;
static const char SQL_TH_LIST[] =
    "SELECT x.id, x.status, x.created_at, x.decided_at, x.reason, p.name,"
    " p.id_number, f.name, o.name, x.from_org_id" THIST_FROM
    " ORDER BY x.created_at DESC, x.id DESC LIMIT ? OFFSET ?";

static unsigned
bind_hist(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct profile_query	*q = arg;
	const char			*d = q->direction ? q->direction : "";

	db_bind_text(st, at++, d);
	db_bind_int(st, at++, q->top);
	db_bind_text(st, at++, d);
	db_bind_int(st, at++, q->top);
	db_bind_text(st, at++, q->name);
	db_bind_text(st, at++, q->name);
	return at;
}

static enum sdrz_err
thist_row(struct db_stmt *st, cJSON *it, const void *arg)
{
	const struct profile_query	*q = arg;
	char				 masked[33];

	cJSON_AddNumberToObject(it, "id", (double)db_col_int(st, 0));
	util_json_text(it, "status", db_col_text(st, 1));
	util_json_text(it, "submitted_at", db_col_text(st, 2));
	util_json_text(it, "decided_at", db_col_text(st, 3));
	util_json_text(it, "reason", db_col_text(st, 4));
	util_json_text(it, "name", db_col_text(st, 5));
	acct_mask_id(db_col_text(st, 6), masked);
	util_json_text(it, "id_number_masked", masked);
	util_json_text(it, "from_org_name", db_col_text(st, 7));
	util_json_text(it, "to_org_name", db_col_text(st, 8));
	util_json_text(it, "direction", db_col_int(st, 9) == q->top ? "out" :
	    "in");
	return SDRZ_OK;
}

static const struct list_spec thist_spec = {
	SQL_TH_COUNT, SQL_TH_LIST, NULL, bind_hist, thist_row, 0
};

enum sdrz_err
profile_transfer_history(struct db *db, const struct profile_query *q,
    cJSON **out)
{
	return page(db, &thist_spec, q, -1, 0, out);
}

/* 人员管理 reaches a million rows: it pages by person id (seek), the name
 * search is a prefix match on ix_person_name, and without a name or ID
 * number the total is the sum of the counts kept per organisation. */
/* The join orders of a list over the personnel of a subtree, chosen by
 * the caller rather than by MariaDB's averages (a large unit holds
 * thousands of times the average): by the subtree's organisations, then
 * sorted (a small subtree); by the personnel's ids, filtering by subtree
 * (a wide one, org_subtree_wide()); by the name index (a name search). */
#define PEOPLE_BY_ORG \
    " FROM personnel pe JOIN org o ON o.id = pe.org_id" \
    " JOIN person p ON p.id = pe.person_id"
#define PEOPLE_BY_ID \
    " FROM personnel pe STRAIGHT_JOIN org o ON o.id = pe.org_id" \
    " STRAIGHT_JOIN person p ON p.id = pe.person_id"
#define PEOPLE_BY_NAME \
    " FROM person p STRAIGHT_JOIN personnel pe ON pe.person_id = p.id" \
    " STRAIGHT_JOIN org o ON o.id = pe.org_id"
#define PEOPLE_WHERE \
    " WHERE" ORG_SUBTREE_OF("o") " AND pe.status = 'approved'" \
    " AND (? = 0 OR pe.org_id = ?)" \
    " AND (? IS NULL OR p.name LIKE " LIST_PREFIX_PARAM ")" \
    " AND (? IS NULL OR p.id_number = ?)"

#define PEOPLE_SELECT \
    "SELECT p.id, p.name, p.id_number, p.gender, p.phone, o.id, o.name," \
    " pe.dept, (SELECT name FROM dict_item WHERE dict = 'title_qualification'" \
    " AND code = pe.title_qualification)"

/* The statements of one join order. */
#define PEOPLE_SQL(from) \
    "SELECT COUNT(*)" from PEOPLE_WHERE, \
    PEOPLE_SELECT from PEOPLE_WHERE " ORDER BY pe.person_id LIMIT ? OFFSET ?", \
    PEOPLE_SELECT from PEOPLE_WHERE \
    " AND pe.person_id > ? ORDER BY pe.person_id LIMIT ?"

static unsigned
bind_people(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct profile_query	*q = arg;

	db_bind_int(st, at++, q->top);
	db_bind_int(st, at++, q->org_id);
	db_bind_int(st, at++, q->org_id);
	db_bind_text(st, at++, q->name);
	db_bind_text(st, at++, q->name);
	db_bind_text(st, at++, q->id_number);
	db_bind_text(st, at++, q->id_number);
	return at;
}

static enum sdrz_err
people_row(struct db_stmt *st, cJSON *it, const void *q)
{
	char	 masked[33];

	(void)q;
	cJSON_AddNumberToObject(it, "person_id", (double)db_col_int(st, 0));
	util_json_text(it, "name", db_col_text(st, 1));
	acct_mask_id(db_col_text(st, 2), masked);
	util_json_text(it, "id_number_masked", masked);
	cJSON_AddNumberToObject(it, "gender", (double)db_col_int(st, 3));
	util_json_text(it, "phone", db_col_text(st, 4));
	cJSON_AddNumberToObject(it, "org_id", (double)db_col_int(st, 5));
	util_json_text(it, "org_name", db_col_text(st, 6));
	util_json_text(it, "dept", db_col_text(st, 7));
	util_json_text(it, "title_qualification_name", db_col_text(st, 8));
	return SDRZ_OK;
}

static const struct list_spec people_spec = {
	PEOPLE_SQL(PEOPLE_BY_ORG), bind_people, people_row, 0
};
static const struct list_spec people_wide_spec = {
	PEOPLE_SQL(PEOPLE_BY_ID), bind_people, people_row, 0
};
static const struct list_spec people_name_spec = {
	PEOPLE_SQL(PEOPLE_BY_NAME), bind_people, people_row, 0
};

enum sdrz_err
profile_personnel_list(struct db *db, const struct profile_query *q,
    cJSON **out)
{
	int64_t		 total = -1;
	enum sdrz_err	 rc;
	int		 wide = 0;

	if (q->name == NULL && q->id_number == NULL) {
		if ((rc = org_personnel_total(db, q->top, q->org_id, NULL,
		    &total)) != SDRZ_OK ||
		    (q->org_id == 0 && (rc = org_subtree_wide(db, total,
		    &wide)) != SDRZ_OK))
			return rc;
	}
	return page(db, q->name != NULL ? &people_name_spec : wide ?
	    &people_wide_spec : &people_spec, q, total, 0, out);
}

/* ---- corrections by an admin ---- */

static const struct form_field correct_fields[] = {
	{ "name", "姓名", FORM_TEXT, 0, 64, NULL, NULL, 0, 0, NULL },
	{ "id_type", "证件类型", FORM_DICT, 0, 8, "id_type", NULL, 0, 0, NULL },
	{ "id_number", "证件号", FORM_TEXT, 0, 32, NULL, NULL, 0, 0, NULL },
	{ "note", "更正说明", FORM_LINES, 1, 300, NULL, NULL, 0, 0, NULL },
};

const struct form_desc profile_correct_form = { "personnel-correct",
    correct_fields, sizeof(correct_fields) / sizeof(correct_fields[0]) };

static const char SQL_WHO_IN_SUBTREE[] =
    "SELECT p.name, p.id_type, p.id_number FROM person p"
    " JOIN personnel pe ON pe.person_id = p.id JOIN org o ON o.id = pe.org_id"
    " JOIN org t ON t.id = ? WHERE p.id = ? AND pe.status = 'approved'"
    " AND" ORG_SUBTREE("o", "t") " FOR UPDATE";
/* A resident ID number brings its gender and birth date; another kept
 * what the person gave. */
static const char SQL_CORRECT[] =
    "UPDATE person SET name = ?, id_type = ?, id_number = ?,"
    " gender = COALESCE(?, gender), birth_date = COALESCE(?, birth_date)"
    " WHERE id = ?";

struct corr_ctx {
	struct form		*f;
	int64_t			 top, person_id;
	const struct audit_actor *actor;
};

static enum sdrz_err
correct_tx(struct db *db, void *arg)
{
	struct corr_ctx	*c = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	char		 name[64], type[16], idn[40], birth[11], *detail;
	const char	*msg, *v;
	int		 gender = 0;
	cJSON		*d;

	if ((st = db_stmt(db, SQL_WHO_IN_SUBTREE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->top);
	db_bind_int(st, 1, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "name_before", db_col_text(st, 0));
	cJSON_AddStringToObject(d, "id_number_before", db_col_text(st, 2));
	snprintf(name, sizeof(name), "%s", (v = form_get(c->f, "name")) ? v :
	    db_col_text(st, 0));
	snprintf(type, sizeof(type), "%s", (v = form_get(c->f, "id_type")) ?
	    v : db_col_text(st, 1));
	snprintf(idn, sizeof(idn), "%s", (v = form_get(c->f, "id_number")) ?
	    v : db_col_text(st, 2));
	if ((msg = acct_check_id(type, idn)) != NULL) {
		form_error(c->f, "id_number", msg);
		cJSON_Delete(d);
		return SDRZ_ERR_INVALID;
	}
	birth[0] = '\0';
	if (strcmp(type, ID_TYPE_RESIDENT) == 0)
		valid_id_birth(idn, birth, &gender);
	if ((st = db_stmt(db, SQL_CORRECT)) == NULL) {
		cJSON_Delete(d);
		return SDRZ_ERR_NOMEM;
	}
	db_bind_text(st, 0, name);
	db_bind_text(st, 1, type);
	db_bind_text(st, 2, idn);
	if (gender)
		db_bind_int(st, 3, gender);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, birth[0] ? birth : NULL);
	db_bind_int(st, 5, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK) {
		if (rc == SDRZ_ERR_CONFLICT)
			form_error(c->f, "id_number", "该证件号已被其他用户使用");
		cJSON_Delete(d);
		return rc;
	}
	cJSON_AddStringToObject(d, "name_after", name);
	cJSON_AddStringToObject(d, "id_number_after", idn);
	cJSON_AddStringToObject(d, "note", form_get(c->f, "note"));
	detail = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	if (detail == NULL)
		return SDRZ_ERR_NOMEM;
	rc = audit_add(db, c->actor, "person.correct", "person", c->person_id,
	    detail);
	cJSON_free(detail);
	return rc;
}

enum sdrz_err
profile_correct(struct db *db, int64_t top, int64_t person_id,
    const cJSON *body, const struct audit_actor *actor, struct form *f)
{
	struct corr_ctx	 c;
	enum sdrz_err	 rc;

	if ((rc = form_parse(f, correct_fields, sizeof(correct_fields) /
	    sizeof(correct_fields[0]), body, db)) != SDRZ_OK)
		return rc;
	if (form_get(f, "name") == NULL && form_get(f, "id_number") == NULL) {
		form_error(f, "name", "请填写要更正的姓名或证件号");
		return SDRZ_ERR_INVALID;
	}
	c.f = f;
	c.top = top;
	c.person_id = person_id;
	c.actor = actor;
	return db_tx(db, correct_tx, &c);
}
