/*
 * What the hours files (hours.c, hours_form.c, hours_decl.c,
 * hours_query.c) share and nothing else uses: not part of the library's
 * interface.
 */
#ifndef SDRZ_HOURS_INT_H
#define SDRZ_HOURS_INT_H

#include <cjson/cJSON.h>

#include "sdrz.h"

struct db;

/* A JSON number of hours as tenths, or -1 (not a number, negative, more
 * than 100000 hours, or more than one decimal). */
int		 hours_tenths_of(const cJSON *);

/* One study form as JSON in *out (the caller frees it with cJSON_Delete),
 * or SDRZ_ERR_NOT_FOUND. */
enum sdrz_err	 hours_study_form_get(struct db *, const char *code,
		    cJSON **out);

#endif
