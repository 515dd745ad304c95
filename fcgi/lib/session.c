#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "acct.h"
#include "config.h"
#include "db.h"
#include "session.h"
#include "util.h"

static const char SQL_CREATE[] =
    "INSERT INTO session (token_hash, person_id, user_type, role_kind,"
    " role_org_id, expires_at, ip, user_agent)"
    " VALUES (?, ?, ?, ?, ?, NOW(3) + INTERVAL ? HOUR, ?, ?)";
/* The session and what the requests need of its person (the answer of
 * GET /api/v1/me) in one round trip. */
static const char SQL_LOAD[] =
    "SELECT s.person_id, s.user_type, s.role_kind, s.role_org_id,"
    " s.last_seen_at < NOW(3) - INTERVAL 1 MINUTE, pe.reject_reason, "
    ACCT_ME_COLUMNS
    " FROM session s JOIN person p ON p.id = s.person_id" ACCT_ME_JOINS
    " WHERE s.token_hash = ? AND s.expires_at > NOW(3)"
    " AND s.last_seen_at > NOW(3) - INTERVAL ? MINUTE";
static const char SQL_TOUCH[] =
    "UPDATE session SET last_seen_at = NOW(3) WHERE token_hash = ?";
static const char SQL_ROLE[] =
    "UPDATE session SET role_kind = ?, role_org_id = ? WHERE token_hash = ?";
static const char SQL_END[] = "DELETE FROM session WHERE token_hash = ?";
static const char SQL_END_PERSON[] = "DELETE FROM session WHERE person_id = ?";
static const char SQL_END_OTHERS[] =
    "DELETE FROM session WHERE person_id = ? AND token_hash <> ?";
static const char SQL_PURGE[] =
    "DELETE FROM session WHERE expires_at < NOW(3) - INTERVAL 1 DAY LIMIT 100";

static int
valid_token(const char *t)
{
	return t != NULL && strlen(t) == 64 &&
	    strspn(t, "0123456789abcdef") == 64;
}

void
session_csrf(const struct config *cfg, const char *token, char out[65])
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 len = 0;

	HMAC(EVP_sha256(), cfg->secret_key, (int)strlen(cfg->secret_key),
	    (const unsigned char *)token, strlen(token), mac, &len);
	util_hex(mac, len, out);
}

static void
trunc_copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

enum sdrz_err
session_create(struct db *db, const struct config *cfg, int64_t person_id,
    const char *user_type, const char *role_kind, int64_t role_org_id,
    const char *ip, const char *ua, char token[65])
{
	unsigned char	 raw[32];
	char		 hash[65], uabuf[256];
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if (util_random(raw, sizeof(raw)) == -1)
		return SDRZ_ERR_IO;
	util_hex(raw, sizeof(raw), token);
	util_sha256_hex(token, 64, hash);
	if ((st = db_stmt(db, SQL_CREATE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, hash);
	db_bind_int(st, 1, person_id);
	db_bind_text(st, 2, user_type);
	db_bind_text(st, 3, role_kind);
	if (role_org_id > 0)
		db_bind_int(st, 4, role_org_id);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, cfg->session_max_hours);
	db_bind_text(st, 6, ip);
	/* Cut at a character boundary: the column holds 255 characters. */
	trunc_copy(uabuf, sizeof(uabuf), ua);
	while (strlen(uabuf) > 0 && !util_utf8_valid(uabuf, strlen(uabuf)))
		uabuf[strlen(uabuf) - 1] = '\0';
	db_bind_text(st, 7, ua ? uabuf : NULL);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	/* Expired rows go a few at a time, at sign-in, not on every request. */
	if ((st = db_stmt(db, SQL_PURGE)) != NULL)
		(void)db_exec(st);
	return SDRZ_OK;
}

enum sdrz_err
session_load(struct db *db, const struct config *cfg, const char *token,
    struct session *s)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 stale;

	memset(s, 0, sizeof(*s));
	if (!valid_token(token))
		return SDRZ_ERR_NOT_FOUND;
	util_sha256_hex(token, 64, s->token_hash);
	if ((st = db_stmt(db, SQL_LOAD)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, s->token_hash);
	db_bind_int(st, 1, cfg->session_idle_minutes);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1) {
		memset(s, 0, sizeof(*s));
		return SDRZ_ERR_NOT_FOUND;
	}
	s->person_id = db_col_int(st, 0);
	trunc_copy(s->user_type, sizeof(s->user_type), db_col_text(st, 1));
	trunc_copy(s->role_kind, sizeof(s->role_kind), db_col_text(st, 2));
	s->role_org_id = db_col_int(st, 3);
	stale = db_col_int(st, 4) == 1;
	if ((!db_col_isnull(st, 5) && (s->reject_reason =
	    strdup(db_col_text(st, 5))) == NULL) ||
	    (s->me = acct_me_json(db, st, 6)) == NULL) {
		session_release(s);
		return SDRZ_ERR_NOMEM;
	}
	session_csrf(cfg, token, s->csrf);
	/* One write a minute at most per session keeps reads cheap. */
	if (stale) {
		if ((st = db_stmt(db, SQL_TOUCH)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_text(st, 0, s->token_hash);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
	}
	return SDRZ_OK;
}

void
session_release(struct session *s)
{
	cJSON_Delete(s->me);
	free(s->reject_reason);
	memset(s, 0, sizeof(*s));
}

enum sdrz_err
session_set_role(struct db *db, struct session *s, const char *role_kind,
    int64_t role_org_id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_ROLE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, role_kind);
	db_bind_int(st, 1, role_org_id);
	db_bind_text(st, 2, s->token_hash);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	trunc_copy(s->role_kind, sizeof(s->role_kind), role_kind);
	s->role_org_id = role_org_id;
	return SDRZ_OK;
}

enum sdrz_err
session_end(struct db *db, const struct session *s)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_END)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, s->token_hash);
	return db_exec(st);
}

enum sdrz_err
session_end_person(struct db *db, int64_t person_id)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_END_PERSON)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	return db_exec(st);
}

enum sdrz_err
session_end_others(struct db *db, const struct session *s)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_END_OTHERS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, s->person_id);
	db_bind_text(st, 1, s->token_hash);
	return db_exec(st);
}

static const char SQL_MOVE[] =
    "UPDATE session SET role_org_id = ? WHERE person_id = ?"
    " AND role_kind = 'personnel'";

enum sdrz_err
session_move_personnel(struct db *db, int64_t person_id, int64_t org_id)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_MOVE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, org_id);
	db_bind_int(st, 1, person_id);
	return db_exec(st);
}

int
session_cookie(const struct config *cfg, const char *token, char *out,
    size_t outsz)
{
	int	 n, secure;

	secure = strncasecmp(cfg->url_sdrz, "https:", 6) == 0;
	n = snprintf(out, outsz, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s%s%s",
	    SESSION_COOKIE, token ? token : "",
	    token ? "" : "; Max-Age=0",
	    secure ? "; Secure" : "",
	    cfg->cookie_domain[0] ? "; Domain=" : "", cfg->cookie_domain);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}
