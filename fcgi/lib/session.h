/*
 * Sessions shared by the three portals: the cookie holds a random token of
 * 64 hex digits; the database keeps only its SHA-256. A session ends after
 * session_idle_minutes without a request or session_max_hours after
 * sign-in, whichever comes first. The CSRF token of a session is an HMAC
 * of its token under the secret key, so it needs no storage and a token of
 * another session never fits.
 */
#ifndef SDRZ_SESSION_H
#define SDRZ_SESSION_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct config;
struct db;

#define SESSION_COOKIE	"sdrz_sid"

struct session {
	char	 token_hash[65];
	int64_t	 person_id;
	char	 user_type[16];		/* personnel, unit, dept, hrb, base */
	char	 role_kind[16];		/* "personnel", "admin", or "" */
	int64_t	 role_org_id;		/* 0 until a role is chosen */
	char	 csrf[65];
	/* The person as GET /api/v1/me answers (acct_me_json()), read in
	 * the same round trip by session_load(); NULL for a session that
	 * session_create() just made. Owned: session_release(). */
	cJSON	*me;
	/* With me: the reason a registration was refused (NULL: none), the
	 * rest of what the roles of a personnel session are
	 * (acct_roles_of_me()). Owned: session_release(). */
	char	*reject_reason;
};

/* Starts a session and writes its token (64 hex digits and a NUL) to
 * token. role_kind may be NULL (chosen later). */
enum sdrz_err	 session_create(struct db *, const struct config *,
		    int64_t person_id, const char *user_type,
		    const char *role_kind, int64_t role_org_id,
		    const char *ip, const char *user_agent, char token[65]);
/* Loads a live session by its token into s, with the person's data
 * (s->me), in one round trip, and records the activity; SDRZ_ERR_NOT_FOUND
 * when there is none (unknown, idle, expired). s is overwritten: release
 * it first if it held a session. Release s with session_release() in
 * every case. */
enum sdrz_err	 session_load(struct db *, const struct config *,
		    const char *token, struct session *s);
/* Frees what s owns and zeroes it; a zeroed s may be released. */
void		 session_release(struct session *s);
enum sdrz_err	 session_set_role(struct db *, struct session *,
		    const char *role_kind, int64_t role_org_id);
/* Ends one session, or every session of a person. */
enum sdrz_err	 session_end(struct db *, const struct session *);
enum sdrz_err	 session_end_person(struct db *, int64_t person_id);
/* Ends every session of the person but s (after a password change). */
enum sdrz_err	 session_end_others(struct db *, const struct session *s);
/* The person's sessions acting as personnel follow them to a new unit. */
enum sdrz_err	 session_move_personnel(struct db *, int64_t person_id,
		    int64_t org_id);
/* The CSRF token of a session token into out (65 bytes). */
void		 session_csrf(const struct config *, const char *token,
		    char out[65]);
/* The Set-Cookie value for a token (NULL token: the deleting cookie),
 * into out; 0, or -1 when it does not fit. */
int		 session_cookie(const struct config *, const char *token,
		    char *out, size_t outsz);

#endif
