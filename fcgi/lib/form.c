#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "form.h"
#include "util.h"

int
form_valid_date(const char *s)
{
	int	 y, m, d, dim;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	if (strspn(s, "0123456789") != 4 || strspn(s + 5, "0123456789") != 2 ||
	    strspn(s + 8, "0123456789") != 2)
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	dim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0));
	return d <= dim;
}

/* The number of UTF-8 characters (the text is valid UTF-8). */
static size_t
utf8_chars(const char *s)
{
	size_t	 n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int
form_error(struct form *f, const char *name, const char *msg)
{
	if (f->errors == NULL && (f->errors = cJSON_CreateObject()) == NULL)
		return -1;
	if (cJSON_GetObjectItemCaseSensitive(f->errors, name) != NULL)
		return 0;
	return cJSON_AddStringToObject(f->errors, name, msg) ? 0 : -1;
}

static int
fail(struct form *f, const struct form_field *fld, const char *fmt)
{
	char	 msg[256];

	snprintf(msg, sizeof(msg), fmt, fld->label);
	return form_error(f, fld->name, msg);
}

enum sdrz_err
form_parse(struct form *f, const struct form_field *fields, size_t n,
    const cJSON *obj, struct db *db)
{
	const struct form_field	*fld;
	const cJSON		*v;
	const char		*msg;
	char			*val, num[32];
	size_t			 i, max;
	enum sdrz_err		 rc;
	long long		 id;
	char			*end;

	memset(f, 0, sizeof(*f));
	f->fields = fields;
	f->n = n;
	if ((f->vals = calloc(n ? n : 1, sizeof(char *))) == NULL)
		return SDRZ_ERR_NOMEM;
	for (i = 0; i < n; i++) {
		fld = &fields[i];
		v = cJSON_GetObjectItemCaseSensitive(obj, fld->name);
		val = NULL;
		if (v == NULL || cJSON_IsNull(v)) {
			/* absent */
		} else if (fld->type == FORM_BOOL) {
			if (!cJSON_IsBool(v)) {
				fail(f, fld, "%s须为是或否");
				continue;
			}
			val = strdup(cJSON_IsTrue(v) ? "1" : "0");
		} else if (fld->type == FORM_ID && cJSON_IsNumber(v)) {
			if (v->valuedouble < 1 || v->valuedouble > 9e15 ||
			    v->valuedouble != (double)(long long)v->valuedouble) {
				fail(f, fld, "%s无效");
				continue;
			}
			snprintf(num, sizeof(num), "%lld",
			    (long long)v->valuedouble);
			val = strdup(num);
		} else if (!cJSON_IsString(v)) {
			fail(f, fld, "%s格式不正确");
			continue;
		} else {
			val = strdup(v->valuestring);
			if (val != NULL && fld->type != FORM_SECRET)
				util_trim(val);
			if (val != NULL && *val == '\0') {
				free(val);
				val = NULL;
				goto absent;
			}
		}
		if (v != NULL && !cJSON_IsNull(v) && val == NULL)
			return SDRZ_ERR_NOMEM;
absent:
		if (val == NULL) {
			if (fld->required)
				fail(f, fld, fld->type == FORM_DICT ||
				    fld->type == FORM_ID ? "请选择%s" :
				    "请填写%s");
			continue;
		}
		f->vals[i] = val;
		max = fld->maxlen ? fld->maxlen : 200;
		if (utf8_chars(val) > max) {
			char	 m[64];

			snprintf(m, sizeof(m), "%%s不能超过 %zu 个字", max);
			fail(f, fld, m);
			continue;
		}
		for (msg = NULL, end = val; *end; end++)
			if ((unsigned char)*end < 0x20 && fld->type != FORM_SECRET)
				msg = "%s不能包含控制字符";
		if (msg != NULL) {
			fail(f, fld, msg);
			continue;
		}
		switch (fld->type) {
		case FORM_DATE:
			if (!form_valid_date(val)) {
				fail(f, fld, "%s须为有效日期(年-月-日)");
				continue;
			}
			break;
		case FORM_ID:
			id = strtoll(val, &end, 10);
			if (*end != '\0' || id < 1) {
				fail(f, fld, "%s无效");
				continue;
			}
			break;
		case FORM_DICT:
			rc = dict_check(db, fld->dict, val);
			if (rc == SDRZ_ERR_INVALID) {
				fail(f, fld, "%s不在可选范围内,请重新选择");
				continue;
			}
			if (rc != SDRZ_OK)
				return rc;
			break;
		default:
			break;
		}
		if (fld->check != NULL && (msg = fld->check(val)) != NULL)
			form_error(f, fld->name, msg);
	}
	return f->errors != NULL ? SDRZ_ERR_INVALID : SDRZ_OK;
}

const char *
form_get(const struct form *f, const char *name)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->vals[i];
	return NULL;
}

int
form_true(const struct form *f, const char *name)
{
	const char	*v = form_get(f, name);

	return v != NULL && strcmp(v, "1") == 0;
}

void
form_release(struct form *f)
{
	size_t	 i;

	if (f->vals != NULL)
		for (i = 0; i < f->n; i++)
			free(f->vals[i]);
	free(f->vals);
	cJSON_Delete(f->errors);
	memset(f, 0, sizeof(*f));
}
