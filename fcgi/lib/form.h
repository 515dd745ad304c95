/*
 * Input checked at the edge, from tables: a form is a table of fields
 * (JSON name, Chinese label, type, required, length, dictionary, bounds,
 * allowed words, extra check). form_parse() turns a JSON object into
 * checked, typed values and, for each bad field, a Chinese message under
 * the field's name, so that the API, the bulk import, the tests and the
 * pages (form_describe()) share one rule per field.
 *
 * Every text value passes form_text_check(): no control characters (C0
 * and DEL; tab and newline only in FORM_LINES), and its length counted in
 * characters, never bytes. A field's maxlen equals its database column.
 */
#ifndef SDRZ_FORM_H
#define SDRZ_FORM_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct db;

enum form_type {
	FORM_TEXT,	/* one line of text, trimmed */
	FORM_LINES,	/* text of several lines (tab, newline), trimmed */
	FORM_DATE,	/* "YYYY-MM-DD", a real date */
	FORM_BOOL,	/* true/false, kept as "1"/"0" and 1/0 */
	FORM_DICT,	/* a code of the dictionary named by dict */
	FORM_ID,	/* a positive integer id */
	FORM_INT,	/* an integer from min to max, no fraction */
	FORM_CHOICE,	/* one of the words of choices */
	FORM_IDS,	/* an array of at most maxlen distinct positive ids */
	FORM_SECRET,	/* a string kept exactly (passwords): not trimmed */
	FORM_TYPE__MAX
};

/* The names form_describe() gives the types. */
extern const char *const form_types[FORM_TYPE__MAX];

struct form_field {
	const char	*name;
	const char	*label;
	enum form_type	 type;
	int		 required;
	size_t		 maxlen;	/* characters (FORM_IDS: items); 0: 200 */
	const char	*dict;		/* FORM_DICT */
	/* A further check of a present value, which it may normalise in
	 * place; returns NULL, or the message for the person. */
	const char	*(*check)(char *value);
	long long	 min, max;	/* FORM_INT */
	const char *const *choices;	/* FORM_CHOICE, NULL-terminated */
};

/* A named field table, as the pages ask for it. */
struct form_desc {
	const char		*name;
	const struct form_field	*fields;
	size_t			 n;
};

struct form_value {
	char		*text;	/* NULL when absent or empty */
	long long	 num;	/* FORM_INT, FORM_ID, FORM_BOOL */
	int64_t		*ids;	/* FORM_IDS */
	size_t		 nids;
};

struct form {
	const struct form_field	*fields;
	size_t			 n;
	struct form_value	*v;
	cJSON			*errors;	/* { name: message } */
};

/*
 * Checks obj against the fields. Returns SDRZ_OK when every field passed;
 * SDRZ_ERR_INVALID when some did (their messages in f->errors); another
 * error when the database could not be asked. Release f in every case.
 */
enum sdrz_err	 form_parse(struct form *f, const struct form_field *,
		    size_t n, const cJSON *obj, struct db *);
/* The checked text of a field (FORM_INT, FORM_ID: its decimal text), or
 * NULL when absent or the name is not in the table. */
const char	*form_get(const struct form *, const char *name);
/* The same text, to be normalised in place by the caller. */
char		*form_edit(struct form *, const char *name);
/* 1 when the field is present. */
int		 form_has(const struct form *, const char *name);
/* The integer of a FORM_INT, FORM_ID or FORM_BOOL field; def when
 * absent. */
long long	 form_int(const struct form *, const char *name, long long def);
/* The ids of a FORM_IDS field (NULL and 0 when absent). */
const int64_t	*form_ids(const struct form *, const char *name, size_t *n);
/* 1 when the boolean field is true. */
int		 form_true(const struct form *, const char *name);
/* Adds a message for a field (first message wins); 0 or -1. */
int		 form_error(struct form *, const char *name, const char *msg);
void		 form_release(struct form *);

/* For the few numbers read outside a table: 0 and the id in *out when v
 * is a JSON number that is a positive integer (no fraction), else -1. */
int		 form_json_id(const cJSON *v, int64_t *out);
/* 1 when s is a real date "YYYY-MM-DD" from 1900 on. */
int		 form_valid_date(const char *s);
/* The number of characters of the UTF-8 text s. */
size_t		 form_chars(const char *s);
/*
 * The one rule for text: NULL when s has no control character (C0 or
 * DEL; tab, newline and a carriage return before a newline are allowed
 * when lines is set) and at most max characters; else the message, with
 * label in front, written to msg (size sz).
 */
const char	*form_text_check(const char *s, int lines, size_t max,
		    const char *label, char *msg, size_t sz);
/*
 * The fields of a form as the pages use them: [{name, label, type,
 * required, maxlen?, min?, max?, dict?, choices?}]; NULL when out of
 * memory. The caller frees it with cJSON_Delete().
 */
cJSON		*form_describe(const struct form_field *, size_t n);

#endif
