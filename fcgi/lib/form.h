/*
 * Input checked at the edge, from tables: a form is a table of fields
 * (JSON name, Chinese label, type, required, length, dictionary, extra
 * check). form_parse() turns a JSON object into checked text values and,
 * for each bad field, a Chinese message under the field's name, so that
 * the API, the bulk import and the tests share one rule per field.
 */
#ifndef SDRZ_FORM_H
#define SDRZ_FORM_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct db;

enum form_type {
	FORM_TEXT,	/* a string, trimmed */
	FORM_DATE,	/* "YYYY-MM-DD", a real date */
	FORM_BOOL,	/* true/false, kept as "1"/"0" */
	FORM_DICT,	/* a code of the dictionary named by dict */
	FORM_ID,	/* a positive integer id, kept as decimal text */
	FORM_SECRET,	/* a string kept exactly (passwords): not trimmed */
};

struct form_field {
	const char	*name;
	const char	*label;
	enum form_type	 type;
	int		 required;
	size_t		 maxlen;	/* in characters; 0: 200 */
	const char	*dict;		/* FORM_DICT */
	/* A further check of a present value, which it may normalise in
	 * place; returns NULL, or the message for the person. */
	const char	*(*check)(char *value);
};

struct form {
	const struct form_field	*fields;
	size_t			 n;
	char			**vals;		/* NULL when absent or empty */
	cJSON			*errors;	/* { name: message } */
};

/*
 * Checks obj against the fields. Returns SDRZ_OK when every field passed;
 * SDRZ_ERR_INVALID when some did (their messages in f->errors); another
 * error when the database could not be asked. Release f in every case.
 */
enum sdrz_err	 form_parse(struct form *f, const struct form_field *,
		    size_t n, const cJSON *obj, struct db *);
/* The checked value of a field, or NULL. */
const char	*form_get(const struct form *, const char *name);
/* 1 when the boolean field is true. */
int		 form_true(const struct form *, const char *name);
/* Adds a message for a field (first message wins); 0 or -1. */
int		 form_error(struct form *, const char *name, const char *msg);
void		 form_release(struct form *);

/* 1 when s is a real date "YYYY-MM-DD" from 1900 on. */
int		 form_valid_date(const char *s);

#endif
