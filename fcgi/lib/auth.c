#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "acct.h"
#include "admin.h"
#include "audit.h"
#include "auth.h"
#include "captcha.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "passwd.h"
#include "session.h"
#include "util.h"

/* ---- captcha ---- */

static const char SQL_CAPTCHA_NEW[] =
    "INSERT INTO captcha (id, answer, expires_at)"
    " VALUES (?, ?, NOW(3) + INTERVAL 5 MINUTE)";
static const char SQL_CAPTCHA_PURGE[] =
    "DELETE FROM captcha WHERE expires_at < NOW(3) LIMIT 50";
/* Deleting and reading in one statement makes each captcha single use
 * even when two requests race. */
static const char SQL_CAPTCHA_TAKE[] =
    "DELETE FROM captcha WHERE id = ? RETURNING answer, expires_at > NOW(3)";

enum sdrz_err
auth_captcha_new(struct db *db, char id[33], unsigned char **png,
    size_t *len)
{
	unsigned char	 raw[16];
	char		 text[CAPTCHA_LEN + 1];
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	*png = NULL;
	if (util_random(raw, sizeof(raw)) == -1 ||
	    captcha_text(text, sizeof(text)) == -1)
		return SDRZ_ERR_IO;
	util_hex(raw, sizeof(raw), id);
	if ((rc = captcha_png(text, png, len)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_CAPTCHA_NEW)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto fail;
	}
	db_bind_text(st, 0, id);
	db_bind_text(st, 1, text);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto fail;
	if ((st = db_stmt(db, SQL_CAPTCHA_PURGE)) != NULL)
		(void)db_exec(st);
	return SDRZ_OK;
fail:
	free(*png);
	*png = NULL;
	return rc;
}

enum sdrz_err
auth_captcha_take(struct db *db, const char *id, const char *answer)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if (id == NULL || answer == NULL || strlen(id) != 32)
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_CAPTCHA_TAKE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1 || db_col_int(st, 1) != 1)
		return SDRZ_ERR_INVALID;
	return strcasecmp(db_col_text(st, 0), answer) == 0 ? SDRZ_OK :
	    SDRZ_ERR_INVALID;
}

/* ---- lockout ---- */

/* Failures of one account from one address since that pair's last
 * success (NULL addresses count as one address). */
static const char SQL_PAIR_FAILURES[] =
    "SELECT COUNT(*) FROM login_attempt a"
    " WHERE a.id_number = ? AND a.id_type = ? AND a.ip <=> ? AND a.ok = 0"
    " AND a.at > NOW(3) - INTERVAL 15 MINUTE"
    " AND a.at > COALESCE((SELECT MAX(b.at) FROM login_attempt b"
    "  WHERE b.id_number = ? AND b.id_type = ? AND b.ip <=> ? AND b.ok = 1),"
    "  '1970-01-01')";
/* Failures of the account from every address since its last success, and
 * the milliseconds since the newest of them. */
static const char SQL_ACCOUNT_FAILURES[] =
    "SELECT COUNT(*),"
    " COALESCE(TIMESTAMPDIFF(MICROSECOND, MAX(a.at), NOW(3)) DIV 1000, 0)"
    " FROM login_attempt a"
    " WHERE a.id_number = ? AND a.id_type = ? AND a.ok = 0"
    " AND a.at > NOW(3) - INTERVAL 15 MINUTE"
    " AND a.at > COALESCE((SELECT MAX(b.at) FROM login_attempt b"
    "  WHERE b.id_number = ? AND b.id_type = ? AND b.ok = 1),"
    "  '1970-01-01')";
static const char SQL_ATTEMPT[] =
    "INSERT INTO login_attempt (id_type, id_number, ok, ip) VALUES (?, ?, ?, ?)";
/* Claims this hour's alert of a person: 1 row inserted or 2 updated when
 * the mail is due, 0 when one went out within the hour. */
static const char SQL_ALERT_CLAIM[] =
    "INSERT INTO login_alert (person_id, sent_at) VALUES (?, NOW(3))"
    " ON DUPLICATE KEY UPDATE sent_at ="
    " IF(sent_at < NOW(3) - INTERVAL 1 HOUR, NOW(3), sent_at)";
static const char SQL_OWNER[] =
    "SELECT name, email FROM person WHERE id = ?";

static enum sdrz_err
pair_failures(struct db *db, const struct auth_login *l, int *n)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_PAIR_FAILURES)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, l->id_number);
	db_bind_text(st, 1, l->id_type);
	db_bind_text(st, 2, l->ip);
	db_bind_text(st, 3, l->id_number);
	db_bind_text(st, 4, l->id_type);
	db_bind_text(st, 5, l->ip);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	*n = db_next(st) == 1 ? (int)db_col_int(st, 0) : 0;
	return SDRZ_OK;
}

static enum sdrz_err
account_failures(struct db *db, const struct auth_login *l, int *n,
    int64_t *since_ms)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_ACCOUNT_FAILURES)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, l->id_number);
	db_bind_text(st, 1, l->id_type);
	db_bind_text(st, 2, l->id_number);
	db_bind_text(st, 3, l->id_type);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	*n = 0;
	*since_ms = 0;
	if (db_next(st) == 1) {
		*n = (int)db_col_int(st, 0);
		*since_ms = db_col_int(st, 1);
	}
	return SDRZ_OK;
}

/* The delay in seconds that the account's nfail failures impose on the
 * next attempt after the last one; 0 below AUTH_SLOW_AFTER. */
static int
slow_delay(int nfail)
{
	int	 shift;

	if (nfail < AUTH_SLOW_AFTER)
		return 0;
	shift = nfail - AUTH_SLOW_AFTER;
	if (shift > 5)
		return AUTH_SLOW_MAX_SECONDS;
	return (2 << shift) > AUTH_SLOW_MAX_SECONDS ? AUTH_SLOW_MAX_SECONDS :
	    2 << shift;
}

static enum sdrz_err
attempt(struct db *db, const struct auth_login *l, int ok)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_ATTEMPT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, l->id_type);
	db_bind_text(st, 1, l->id_number);
	db_bind_int(st, 2, ok);
	db_bind_text(st, 3, l->ip);
	return db_exec(st);
}

struct alert_ctx {
	const struct config	*cfg;
	const struct auth_login	*l;
	int			 nfail;
};

/* Mails the owner about the failures, unless one went out this hour or
 * the person has no address; the claim and the mail are one transaction. */
static enum sdrz_err
alert_tx(struct db *db, void *arg)
{
	struct alert_ctx	*c = arg;
	struct db_stmt		*st;
	struct buf		 body = { 0 };
	char			 name[200], to[256], ts[48];
	enum sdrz_err		 rc;

	if ((st = db_stmt(db, SQL_OWNER)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->l->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1 || db_col_text(st, 1) == NULL ||
	    *db_col_text(st, 1) == '\0')
		return SDRZ_OK;
	snprintf(name, sizeof(name), "%s", db_col_text(st, 0));
	snprintf(to, sizeof(to), "%s", db_col_text(st, 1));
	if ((st = db_stmt(db, SQL_ALERT_CLAIM)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->l->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_affected(st) == 0)
		return SDRZ_OK;
	util_timestamp(ts, sizeof(ts));
	buf_printf(&body, "%s,您好:\n\n您在%s的账号近 %d 分钟内有 %d 次"
	    "密码错误的登录尝试,最近一次来自网络地址 %s(%s)。\n\n"
	    "连续输错 %d 次的网络地址会被暂停登录 %d 分钟,您在其他地址"
	    "仍可正常登录。如果这不是您本人的操作,请登录后修改密码,"
	    "或在登录页点击“忘记密码”重置密码。\n\n%s\n", name,
	    c->cfg->site_name, AUTH_LOCK_MINUTES, c->nfail,
	    c->l->ip ? c->l->ip : "未知", ts, AUTH_MAX_FAILURES,
	    AUTH_LOCK_MINUTES, c->cfg->site_organiser);
	if (body.data == NULL)
		return SDRZ_ERR_NOMEM;
	rc = mail_queue(db, to, "账号登录异常提醒", body.data);
	buf_release(&body);
	return rc;
}

/* ---- sign-in ---- */

/*
 * A hash of the configured cost, verified against for unknown accounts so
 * that they take as long as known ones. Made once per process.
 */
static const char *
dummy_hash(const struct config *cfg)
{
	static char	*h;

	if (h == NULL)
		h = passwd_hash(cfg, "not a password 0");
	return h;
}

static enum sdrz_err
audit_login(struct db *db, const struct auth_login *l, const char *action,
    const char *why)
{
	struct audit_actor	 a = { l->person_id, 0, l->reqid, l->ip };
	cJSON			*d;
	char			*text, masked[33];
	enum sdrz_err		 rc;

	if ((d = cJSON_CreateObject()) == NULL)
		return SDRZ_ERR_NOMEM;
	acct_mask_id(l->id_number, masked);
	cJSON_AddStringToObject(d, "user_type", l->user_type);
	cJSON_AddStringToObject(d, "id_number", masked);
	if (why != NULL)
		cJSON_AddStringToObject(d, "why", why);
	if (l->user_agent != NULL)
		cJSON_AddStringToObject(d, "user_agent", l->user_agent);
	text = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	if (text == NULL)
		return SDRZ_ERR_NOMEM;
	rc = audit_add(db, &a, action, "person", l->person_id, text);
	cJSON_free(text);
	return rc;
}

static void
locked_message(struct auth_login *l)
{
	l->result = AUTH_LOCKED;
	snprintf(l->message, sizeof(l->message),
	    "登录失败次数过多,此账号在您当前的网络地址已暂停登录 %d 分钟,"
	    "其他网络地址不受影响;忘记密码可点击“忘记密码”重置",
	    AUTH_LOCK_MINUTES);
}

void
auth_login_release(struct auth_login *l)
{
	cJSON_Delete(l->roles);
	l->roles = NULL;
}

/* Sorts the roles into usable ones and the reason why none is. */
static void
explain_roles(struct auth_login *l, enum acct_user_type type, cJSON *all)
{
	cJSON		*r, *usable, *pending = NULL, *rejected = NULL;
	const char	*st, *org, *parent;

	usable = cJSON_CreateArray();
	cJSON_ArrayForEach(r, all) {
		st = cJSON_GetStringValue(cJSON_GetObjectItem(r, "status"));
		if (st == NULL)
			continue;
		if (strcmp(st, "approved") == 0)
			cJSON_AddItemReferenceToArray(usable, r);
		else if (strcmp(st, "pending") == 0 && pending == NULL)
			pending = r;
		else if (strcmp(st, "rejected") == 0 && rejected == NULL)
			rejected = r;
	}
	l->roles = usable;
	if (cJSON_GetArraySize(usable) > 0) {
		l->result = AUTH_OK;
		return;
	}
	if (pending != NULL) {
		l->result = AUTH_PENDING;
		org = cJSON_GetStringValue(cJSON_GetObjectItem(pending,
		    "org_name"));
		parent = cJSON_GetStringValue(cJSON_GetObjectItem(pending,
		    "parent_name"));
		if (type == USER_PERSONNEL)
			snprintf(l->message, sizeof(l->message),
			    "此账号还未被审核,请联系所在单位(%s)管理员审核",
			    org ? org : "");
		else
			snprintf(l->message, sizeof(l->message),
			    "此账号还未被审核,请联系上级部门%s%s%s管理员审核",
			    parent ? "(" : "", parent ? parent : "",
			    parent ? ")" : "");
	} else if (rejected != NULL) {
		l->result = AUTH_REJECTED;
		snprintf(l->message, sizeof(l->message),
		    "您的注册信息未通过审核,原因:%s。请修改后重新注册",
		    cJSON_GetStringValue(cJSON_GetObjectItem(rejected,
		    "reason")) ?: "未说明");
	} else {
		l->result = AUTH_NO_ROLE;
		snprintf(l->message, sizeof(l->message),
		    "该账号没有此用户类型的角色,请选择正确的用户类型");
	}
}

static void
copy_roles(struct auth_login *l, cJSON *all)
{
	cJSON	*copy = cJSON_Duplicate(l->roles, 1);

	/* The usable list referenced items of all; keep a real copy. */
	cJSON_Delete(l->roles);
	l->roles = copy;
	cJSON_Delete(all);
}

enum sdrz_err
auth_login(struct db *db, const struct config *cfg, struct auth_login *l)
{
	struct acct_login	 who;
	enum acct_user_type	 type;
	enum sdrz_err		 rc;
	cJSON			*all = NULL, *r;
	char			*rehash;
	int			 nfail = 0, nacct = 0, delay, ok;
	int64_t			 since_ms = 0;
	const char		*hash;

	memset(&who, 0, sizeof(who));
	l->result = AUTH_BAD;
	l->roles = NULL;
	l->role_chosen = 0;
	l->remaining = 0;
	l->wait_seconds = 0;
	l->message[0] = '\0';
	l->token[0] = '\0';
	l->person_id = 0;
	type = acct_user_type(l->user_type);

	/* The captcha is used up first, whatever follows. */
	rc = auth_captcha_take(db, l->captcha_id, l->captcha);
	if (rc == SDRZ_ERR_INVALID) {
		l->result = AUTH_CAPTCHA;
		return SDRZ_OK;
	}
	if (rc != SDRZ_OK)
		return rc;

	if ((rc = pair_failures(db, l, &nfail)) != SDRZ_OK ||
	    (rc = account_failures(db, l, &nacct, &since_ms)) != SDRZ_OK)
		return rc;
	delay = slow_delay(nacct);
	if (nfail >= AUTH_MAX_FAILURES || since_ms < (int64_t)delay * 1000) {
		/* Whose account it is, for the audit; no password check,
		 * and the attempt does not count. */
		if ((rc = acct_find(db, l->id_type, l->id_number, &who)) ==
		    SDRZ_OK)
			l->person_id = who.person_id;
		acct_login_release(&who);
		if (rc != SDRZ_OK && rc != SDRZ_ERR_NOT_FOUND)
			return rc;
		if (nfail >= AUTH_MAX_FAILURES) {
			locked_message(l);
			return audit_login(db, l, "auth.login_locked",
			    "locked");
		}
		l->result = AUTH_SLOWED;
		l->wait_seconds = (int)(((int64_t)delay * 1000 - since_ms +
		    999) / 1000);
		snprintf(l->message, sizeof(l->message),
		    "此账号近期登录失败次数较多,为保护账号安全,请 %d 秒后再试",
		    l->wait_seconds);
		return audit_login(db, l, "auth.login_slowed", "slowed");
	}

	rc = acct_find_login(db, l->id_type, l->id_number, l->password, &who);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_NOT_FOUND)
		return rc;
	hash = rc == SDRZ_OK ? who.password_hash : dummy_hash(cfg);
	ok = hash != NULL && passwd_verify(hash, l->password) == 1 &&
	    rc == SDRZ_OK && type != USER__MAX;
	if (!ok) {
		l->person_id = who.person_id;
		acct_login_release(&who);
		if ((rc = attempt(db, l, 0)) != SDRZ_OK)
			return rc;
		if (l->person_id > 0 && nacct + 1 >= AUTH_ALERT_AT) {
			struct alert_ctx ac = { cfg, l, nacct + 1 };

			if ((rc = db_tx(db, alert_tx, &ac)) != SDRZ_OK)
				return rc;
		}
		if (nfail + 1 >= AUTH_MAX_FAILURES) {
			locked_message(l);
			return audit_login(db, l, "auth.login_locked",
			    "failures");
		}
		l->result = AUTH_BAD;
		l->remaining = AUTH_MAX_FAILURES - (nfail + 1);
		snprintf(l->message, sizeof(l->message),
		    "账号或密码错误,请重新输入。还可尝试 %d 次,之后此账号在"
		    "您当前的网络地址将暂停登录 %d 分钟", l->remaining,
		    AUTH_LOCK_MINUTES);
		return audit_login(db, l, "auth.login_failed", "password");
	}
	l->person_id = who.person_id;

	if ((rc = acct_roles(db, who.person_id, type, &all)) != SDRZ_OK)
		goto out;
	explain_roles(l, type, all);
	copy_roles(l, all);
	all = NULL;
	if (l->roles == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	/* An admin whose rights were removed is told so, and by whom. */
	if (l->result == AUTH_NO_ROLE && type != USER_PERSONNEL) {
		rc = admin_removal_notice(db, who.person_id,
		    type == USER_HRB ? "hrb_city" : l->user_type,
		    type == USER_HRB ? "hrb_district" : l->user_type,
		    l->message, sizeof(l->message));
		if (rc != SDRZ_OK && rc != SDRZ_ERR_NOT_FOUND)
			goto out;
	}
	if (l->result != AUTH_OK) {
		/* The password was right: not a failure toward the lock. */
		rc = audit_login(db, l, "auth.login_refused",
		    l->result == AUTH_PENDING ? "pending" :
		    l->result == AUTH_REJECTED ? "rejected" : "no_role");
		goto out;
	}

	/* Parameters raised since this hash was made: hash again now. */
	if (passwd_needs_rehash(cfg, who.password_hash) &&
	    (rehash = passwd_hash(cfg, l->password)) != NULL) {
		(void)acct_set_password(db, who.person_id, rehash);
		free(rehash);
	}
	r = cJSON_GetArraySize(l->roles) == 1 ?
	    cJSON_GetArrayItem(l->roles, 0) : NULL;
	l->role_chosen = r != NULL;
	if ((rc = session_create(db, cfg, who.person_id, l->user_type,
	    r ? cJSON_GetStringValue(cJSON_GetObjectItem(r, "kind")) : NULL,
	    r ? (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(r,
	    "org_id")) : 0, l->ip, l->user_agent, l->token)) != SDRZ_OK)
		goto out;
	if ((rc = attempt(db, l, 1)) != SDRZ_OK)
		goto out;
	rc = audit_login(db, l, "auth.login", NULL);
out:
	cJSON_Delete(all);
	acct_login_release(&who);
	return rc;
}

enum sdrz_err
auth_choose_role(struct db *db, struct session *s, const char *kind,
    int64_t org_id)
{
	cJSON		*all = NULL, *r;
	enum sdrz_err	 rc;
	const char	*k, *st;

	if ((rc = acct_roles(db, s->person_id, acct_user_type(s->user_type),
	    &all)) != SDRZ_OK)
		return rc;
	rc = SDRZ_ERR_FORBIDDEN;
	cJSON_ArrayForEach(r, all) {
		k = cJSON_GetStringValue(cJSON_GetObjectItem(r, "kind"));
		st = cJSON_GetStringValue(cJSON_GetObjectItem(r, "status"));
		if (k && st && strcmp(k, kind) == 0 &&
		    strcmp(st, "approved") == 0 &&
		    (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(r,
		    "org_id")) == org_id) {
			rc = session_set_role(db, s, kind, org_id);
			break;
		}
	}
	cJSON_Delete(all);
	return rc;
}

/* ---- passwords ---- */

static const char SQL_FORGOT[] =
    "SELECT id, name, email FROM person WHERE id_type = ? AND id_number = ?";
static const char SQL_RESET_NEW[] =
    "INSERT INTO password_reset (token_hash, person_id, expires_at)"
    " VALUES (?, ?, NOW(3) + INTERVAL 30 MINUTE)";
static const char SQL_RESET_TAKE[] =
    "SELECT person_id FROM password_reset WHERE token_hash = ?"
    " AND used_at IS NULL AND expires_at > NOW(3) FOR UPDATE";
static const char SQL_RESET_USED[] =
    "UPDATE password_reset SET used_at = NOW(3) WHERE token_hash = ?";
static const char SQL_RESET_OTHERS[] =
    "UPDATE password_reset SET used_at = NOW(3)"
    " WHERE person_id = ? AND used_at IS NULL";

struct forgot_ctx {
	const struct config	*cfg;
	const struct audit_actor *actor;
	int64_t			 person_id;
	const char		*name;
	const char		*email;
};

static enum sdrz_err
forgot_tx(struct db *db, void *arg)
{
	struct forgot_ctx	*c = arg;
	struct db_stmt		*st;
	unsigned char		 raw[32];
	char			 token[65], hash[65];
	struct buf		 body = { 0 };
	enum sdrz_err		 rc;

	if (util_random(raw, sizeof(raw)) == -1)
		return SDRZ_ERR_IO;
	util_hex(raw, sizeof(raw), token);
	util_sha256_hex(token, 64, hash);
	if ((st = db_stmt(db, SQL_RESET_NEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, hash);
	db_bind_int(st, 1, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	buf_printf(&body, "%s,您好:\n\n您在%s申请重置登录密码。请在 30 分钟内"
	    "打开下面的链接设置新密码(链接只能使用一次):\n\n"
	    "%s/reset-password?token=%s\n\n如果这不是您本人的操作,请忽略本邮件,"
	    "您的密码不会改变。\n\n%s\n", c->name, c->cfg->site_name,
	    c->cfg->url_sdrz, token, c->cfg->site_organiser);
	if (body.data == NULL)
		return SDRZ_ERR_NOMEM;
	rc = mail_queue(db, c->email, "重置登录密码", body.data);
	buf_release(&body);
	if (rc != SDRZ_OK)
		return rc;
	return audit_add(db, c->actor, "auth.reset_requested", "person",
	    c->person_id, NULL);
}

enum sdrz_err
auth_forgot(struct db *db, const struct config *cfg, const char *id_type,
    const char *id_number, const char *email,
    const struct audit_actor *actor)
{
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	struct forgot_ctx	 c;
	char			 name[200], to[256];

	if ((st = db_stmt(db, SQL_FORGOT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, id_type);
	db_bind_text(st, 1, id_number);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1 || db_col_text(st, 2) == NULL ||
	    strcasecmp(db_col_text(st, 2), email) != 0)
		return SDRZ_OK;		/* the same answer as a match */
	memset(&c, 0, sizeof(c));
	c.person_id = db_col_int(st, 0);
	snprintf(name, sizeof(name), "%s", db_col_text(st, 1));
	snprintf(to, sizeof(to), "%s", db_col_text(st, 2));
	c.cfg = cfg;
	c.actor = actor;
	c.name = name;
	c.email = to;
	return db_tx(db, forgot_tx, &c);
}

struct reset_ctx {
	const char		*hash;		/* of the token */
	const char		*pwhash;
	const struct audit_actor *actor;
};

static enum sdrz_err
reset_tx(struct db *db, void *arg)
{
	struct reset_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 person;
	struct audit_actor	 a;

	if ((st = db_stmt(db, SQL_RESET_TAKE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, c->hash);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	person = db_col_int(st, 0);
	if ((rc = acct_set_password(db, person, c->pwhash)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_RESET_USED)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, c->hash);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	/* Any other link sent before is void now. */
	if ((st = db_stmt(db, SQL_RESET_OTHERS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((rc = session_end_person(db, person)) != SDRZ_OK)
		return rc;
	a = *c->actor;
	a.person_id = person;
	return audit_add(db, &a, "auth.password_reset", "person", person,
	    NULL);
}

enum sdrz_err
auth_reset(struct db *db, const struct config *cfg, const char *token,
    const char *password, const struct audit_actor *actor)
{
	struct reset_ctx	 c;
	char			 hash[65], *pwhash;
	enum sdrz_err		 rc;

	if (token == NULL || strlen(token) != 64 ||
	    strspn(token, "0123456789abcdef") != 64)
		return SDRZ_ERR_NOT_FOUND;
	util_sha256_hex(token, 64, hash);
	if ((pwhash = passwd_hash(cfg, password)) == NULL)
		return SDRZ_ERR_NOMEM;
	c.hash = hash;
	c.pwhash = pwhash;
	c.actor = actor;
	rc = db_tx(db, reset_tx, &c);
	free(pwhash);
	return rc;
}

struct change_ctx {
	const struct session	*s;
	const char		*pwhash;
	const struct audit_actor *actor;
};

static enum sdrz_err
change_tx(struct db *db, void *arg)
{
	struct change_ctx	*c = arg;
	enum sdrz_err		 rc;

	if ((rc = acct_set_password(db, c->s->person_id, c->pwhash)) !=
	    SDRZ_OK)
		return rc;
	if ((rc = session_end_others(db, c->s)) != SDRZ_OK)
		return rc;
	return audit_add(db, c->actor, "auth.password_changed", "person",
	    c->s->person_id, NULL);
}

static const char SQL_HASH_OF[] =
    "SELECT password_hash FROM person WHERE id = ?";

enum sdrz_err
auth_change_password(struct db *db, const struct config *cfg,
    const struct session *s, const char *old_pw, const char *new_pw,
    const struct audit_actor *actor)
{
	struct db_stmt		*st;
	struct change_ctx	 c;
	enum sdrz_err		 rc;
	char			*pwhash;
	int			 ok;

	if ((st = db_stmt(db, SQL_HASH_OF)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, s->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	ok = passwd_verify(db_col_text(st, 0), old_pw);
	if (ok != 1)
		return SDRZ_ERR_FORBIDDEN;
	if ((pwhash = passwd_hash(cfg, new_pw)) == NULL)
		return SDRZ_ERR_NOMEM;
	c.s = s;
	c.pwhash = pwhash;
	c.actor = actor;
	rc = db_tx(db, change_tx, &c);
	free(pwhash);
	return rc;
}
