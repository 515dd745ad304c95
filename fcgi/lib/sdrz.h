/*
 * The library's one error type. Every fallible function of libsdrz.a
 * returns an enum sdrz_err; the HTTP layer alone maps it to a status, a
 * stable code and a Chinese message (http_error_from()).
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
	SDRZ_ERR__MAX
};

/* A short English description for logs; never NULL. */
const char *sdrz_strerror(enum sdrz_err);

#endif
