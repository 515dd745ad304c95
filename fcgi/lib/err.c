#include <stddef.h>

#include "sdrz.h"

static const char *const errstr[SDRZ_ERR__MAX] = {
	[SDRZ_OK] = "success",
	[SDRZ_ERR_NOMEM] = "out of memory",
	[SDRZ_ERR_INVALID] = "invalid input",
	[SDRZ_ERR_NOT_FOUND] = "not found",
	[SDRZ_ERR_CONFLICT] = "conflict",
	[SDRZ_ERR_FORBIDDEN] = "forbidden",
	[SDRZ_ERR_DB_UNAVAILABLE] = "database unavailable",
	[SDRZ_ERR_DB_TIMEOUT] = "statement time limit exceeded",
	[SDRZ_ERR_DB] = "database error",
	[SDRZ_ERR_IO] = "input/output error",
	[SDRZ_ERR_UNAUTHENTICATED] = "not authenticated",
	[SDRZ_ERR_GONE] = "expired or used",
	[SDRZ_ERR_LIMITED] = "too many attempts",
	[SDRZ_ERR_UNPROCESSABLE] = "content cannot be processed",
};

const char *
sdrz_strerror(enum sdrz_err e)
{
	if ((unsigned)e >= SDRZ_ERR__MAX || errstr[e] == NULL)
		return "unknown error";
	return errstr[e];
}
