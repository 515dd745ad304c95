/*
 * The library's one error type. Every fallible function of libsdrz.a
 * returns an enum sdrz_err; the HTTP layer alone maps it to a status, a
 * stable code and a Chinese message (http_error_from(), http_fail()).
 */
#ifndef SDRZ_H
#define SDRZ_H

enum sdrz_err {
	SDRZ_OK = 0,
	SDRZ_ERR_NOMEM,		/* out of memory */
	SDRZ_ERR_INVALID,	/* input failed a check */
	SDRZ_ERR_NOT_FOUND,	/* no such thing */
	SDRZ_ERR_CONFLICT,	/* duplicate, or the thing is in the wrong state */
	SDRZ_ERR_FORBIDDEN,	/* the actor may not do this */
	SDRZ_ERR_DB_UNAVAILABLE, /* cannot reach the database */
	SDRZ_ERR_DB_TIMEOUT,	/* a statement ran past its time limit and
				 * the server stopped it */
	SDRZ_ERR_DB,		/* any other database error */
	SDRZ_ERR_IO,		/* file or system call failed */
	SDRZ_ERR_UNAUTHENTICATED, /* no valid session, or wrong credentials */
	SDRZ_ERR_GONE,		/* it existed and has expired or been used */
	SDRZ_ERR_LIMITED,	/* too many attempts: wait, then try again */
	SDRZ_ERR_UNPROCESSABLE,	/* well-formed, but its content cannot be
				 * used (a file that is not what it claims) */
	SDRZ_ERR__MAX
};

/*
 * Why a call failed, in words a person can act on: the stable code and
 * the Chinese message of the answer, and the input field it concerns. A
 * library function that can say more than its enum sdrz_err fills one
 * (static strings, or strings the caller owns); a NULL member means the
 * error's default code or message, or no field.
 */
struct sdrz_why {
	const char	*code;
	const char	*message;
	const char	*field;
};

/* A short English description for logs; never NULL. */
const char *sdrz_strerror(enum sdrz_err);

#endif
