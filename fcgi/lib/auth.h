/*
 * Signing in and out, captchas, the lockout, forgotten and changed
 * passwords. The manual's distinct sign-in errors are auth results; the
 * API maps them to answers.
 */
#ifndef SDRZ_AUTH_H
#define SDRZ_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct audit_actor;
struct config;
struct db;
struct session;

/*
 * The lockout counts failed sign-ins per account and client address within
 * AUTH_LOCK_MINUTES (since that pair's last success): AUTH_MAX_FAILURES
 * lock that pair only, so an attacker cannot lock the owner out. Failures
 * of the account from every address (since its last success) mail the
 * owner at AUTH_ALERT_AT, at most once an hour, and from AUTH_SLOW_AFTER on
 * every attempt waits a growing delay (2, 4, ... up to AUTH_SLOW_MAX_SECONDS
 * after the last failure) instead of a lock.
 */
#define AUTH_MAX_FAILURES	5
#define AUTH_LOCK_MINUTES	15
#define AUTH_ALERT_AT		5
#define AUTH_SLOW_AFTER		10
#define AUTH_SLOW_MAX_SECONDS	60
#define CAPTCHA_TTL_MINUTES	5
#define RESET_TTL_MINUTES	30

/* A new captcha: its id (32 hex digits) and its PNG (free() it). */
enum sdrz_err	 auth_captcha_new(struct db *, char id[33],
		    unsigned char **png, size_t *len);
/* Uses up the captcha id: SDRZ_OK when the answer fits (any case) and it
 * had not expired, SDRZ_ERR_INVALID otherwise. Single use either way. */
enum sdrz_err	 auth_captcha_take(struct db *, const char *id,
		    const char *answer);

enum auth_result {
	AUTH_OK,		/* signed in: token set */
	AUTH_CAPTCHA,		/* wrong or expired captcha */
	AUTH_LOCKED,		/* too many failures of this account and address */
	AUTH_SLOWED,		/* the account waits: wait_seconds */
	AUTH_BAD,		/* wrong account or password: remaining */
	AUTH_PENDING,		/* not yet approved: message names who approves */
	AUTH_REJECTED,		/* registration rejected: message has the reason */
	AUTH_NO_ROLE,		/* the person holds no role of this user type */
	AUTH__MAX
};

struct auth_login {
	/* in */
	const char	*user_type;
	const char	*id_type;
	const char	*id_number;
	const char	*password;
	const char	*captcha_id;
	const char	*captcha;
	const char	*ip;
	const char	*user_agent;
	const char	*reqid;
	/* out */
	enum auth_result result;
	char		 token[65];
	int64_t		 person_id;
	cJSON		*roles;		/* usable roles; auth_login_release() */
	int		 role_chosen;	/* 1 when exactly one role was usable */
	int		 remaining;	/* AUTH_BAD: failures left before the lock */
	int		 wait_seconds;	/* AUTH_SLOWED: how long to wait */
	char		 message[512];
};

enum sdrz_err	 auth_login(struct db *, const struct config *,
		    struct auth_login *);
void		 auth_login_release(struct auth_login *);

/* Switches the session to one of the person's usable roles of its user
 * type; SDRZ_ERR_FORBIDDEN when the person holds no such role. */
enum sdrz_err	 auth_choose_role(struct db *, struct session *,
		    const char *kind, int64_t org_id);

/*
 * Forgotten password: when the ID number and e-mail match a person, queues
 * a mail with a single-use link valid RESET_TTL_MINUTES. Says nothing of
 * whether they matched (SDRZ_OK both ways).
 */
enum sdrz_err	 auth_forgot(struct db *, const struct config *,
		    const char *id_type, const char *id_number,
		    const char *email, const struct audit_actor *);
/* Sets the password of the link's person and ends their sessions;
 * SDRZ_ERR_NOT_FOUND for an unknown, used or expired token. */
enum sdrz_err	 auth_reset(struct db *, const struct config *,
		    const char *token, const char *password,
		    const struct audit_actor *);
/* Changes the password after checking the old one (SDRZ_ERR_FORBIDDEN
 * when it is wrong); ends the person's other sessions. */
enum sdrz_err	 auth_change_password(struct db *, const struct config *,
		    const struct session *, const char *old_pw,
		    const char *new_pw, const struct audit_actor *);

#endif
