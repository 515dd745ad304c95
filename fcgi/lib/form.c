#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "form.h"
#include "util.h"

const char *const form_types[FORM_TYPE__MAX] = {
	[FORM_TEXT] = "text",
	[FORM_LINES] = "lines",
	[FORM_DATE] = "date",
	[FORM_BOOL] = "bool",
	[FORM_DICT] = "dict",
	[FORM_ID] = "id",
	[FORM_INT] = "int",
	[FORM_CHOICE] = "choice",
	[FORM_IDS] = "ids",
	[FORM_SECRET] = "secret",
};

/* The largest integer a JSON number (a double) holds exactly. */
#define FORM_INT_LIMIT	9007199254740991LL

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

size_t
form_chars(const char *s)
{
	size_t	 n = 0;

	/* Valid UTF-8 (the HTTP layer refuses anything else): count the
	 * bytes that start a character. */
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

const char *
form_text_check(const char *s, int lines, size_t max, const char *label,
    char *msg, size_t sz)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p != 0x7f)
			continue;
		if (lines && (*p == '\t' || *p == '\n' ||
		    (*p == '\r' && p[1] == '\n')))
			continue;
		snprintf(msg, sz, lines ? "%s不能包含换行以外的控制字符" :
		    "%s不能包含控制字符", label);
		return msg;
	}
	if (form_chars(s) > max) {
		snprintf(msg, sz, "%s不能超过 %zu 个字", label, max);
		return msg;
	}
	return NULL;
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

/*
 * The integer of a JSON number or of a decimal text, in *out: 0, or -1
 * when it is neither, has a fraction, or lies beyond what a JSON number
 * holds exactly.
 */
static int
integer_of(const cJSON *v, long long *out)
{
	const char	*s;
	char		*end;
	double		 d;

	if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
		if (!isfinite(d) || d != floor(d) || fabs(d) >
		    (double)FORM_INT_LIMIT)
			return -1;
		*out = (long long)d;
		return 0;
	}
	if (!cJSON_IsString(v))
		return -1;
	s = v->valuestring;
	if (*s == '-')
		s++;
	if (*s == '\0' || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 16)
		return -1;
	*out = strtoll(v->valuestring, &end, 10);
	return llabs(*out) > FORM_INT_LIMIT ? -1 : 0;
}

int
form_json_id(const cJSON *v, int64_t *out)
{
	long long	 n;

	if (!cJSON_IsNumber(v) || integer_of(v, &n) == -1 || n < 1)
		return -1;
	*out = (int64_t)n;
	return 0;
}

/* A FORM_INT or FORM_ID value; 0, or -1 with the message added. */
static int
parse_integer(struct form *f, const struct form_field *fld, const cJSON *v,
    struct form_value *out)
{
	long long	 n, lo, hi;
	char		 msg[256];

	if (integer_of(v, &n) == -1) {
		fail(f, fld, fld->type == FORM_ID ? "%s无效" : "%s须为整数");
		return -1;
	}
	lo = fld->type == FORM_ID ? 1 : fld->min;
	hi = fld->type == FORM_ID || fld->min == fld->max ? FORM_INT_LIMIT :
	    fld->max;
	if (fld->type == FORM_INT && fld->min == fld->max)
		lo = -FORM_INT_LIMIT;
	if (n < lo || n > hi) {
		if (fld->type == FORM_ID)
			fail(f, fld, "%s无效");
		else {
			snprintf(msg, sizeof(msg), "%s须为 %lld 到 %lld 之间的整数",
			    fld->label, lo, hi);
			form_error(f, fld->name, msg);
		}
		return -1;
	}
	out->num = n;
	return 0;
}

/* A FORM_IDS value; 0, -1 with the message added, or -2 out of memory. */
static int
parse_ids(struct form *f, const struct form_field *fld, const cJSON *v,
    struct form_value *out)
{
	const cJSON	*it;
	size_t		 max = fld->maxlen ? fld->maxlen : 200, i = 0;
	long long	 n;
	char		 msg[256];

	if (!cJSON_IsArray(v)) {
		fail(f, fld, "%s格式不正确");
		return -1;
	}
	if ((size_t)cJSON_GetArraySize(v) > max) {
		snprintf(msg, sizeof(msg), "%s一次最多 %zu 项", fld->label, max);
		form_error(f, fld->name, msg);
		return -1;
	}
	cJSON_ArrayForEach(it, v)
		if (!cJSON_IsNumber(it) || integer_of(it, &n) == -1 || n < 1) {
			fail(f, fld, "%s中有无效的编号");
			return -1;
		}
	if (cJSON_GetArraySize(v) == 0)
		return 0;
	if ((out->ids = calloc((size_t)cJSON_GetArraySize(v),
	    sizeof(int64_t))) == NULL)
		return -2;
	cJSON_ArrayForEach(it, v)
		out->ids[i++] = (int64_t)it->valuedouble;
	out->nids = i;
	return 0;
}

enum sdrz_err
form_parse(struct form *f, const struct form_field *fields, size_t n,
    const cJSON *obj, struct db *db)
{
	const struct form_field	*fld;
	const cJSON		*v;
	const char		*msg, *const *w;
	struct form_value	*out;
	char			*val, num[32], buf[256];
	size_t			 i;
	enum sdrz_err		 rc;
	int			 r;

	memset(f, 0, sizeof(*f));
	f->fields = fields;
	f->n = n;
	if ((f->v = calloc(n ? n : 1, sizeof(*f->v))) == NULL)
		return SDRZ_ERR_NOMEM;
	for (i = 0; i < n; i++) {
		fld = &fields[i];
		out = &f->v[i];
		v = cJSON_GetObjectItemCaseSensitive(obj, fld->name);
		val = NULL;
		if (v == NULL || cJSON_IsNull(v)) {
			/* absent */
		} else if (fld->type == FORM_BOOL) {
			if (!cJSON_IsBool(v)) {
				fail(f, fld, "%s须为是或否");
				continue;
			}
			out->num = cJSON_IsTrue(v);
			val = strdup(out->num ? "1" : "0");
		} else if (fld->type == FORM_ID || fld->type == FORM_INT) {
			if (cJSON_IsString(v) && *v->valuestring == '\0')
				goto absent;
			if (parse_integer(f, fld, v, out) == -1)
				continue;
			snprintf(num, sizeof(num), "%lld", out->num);
			val = strdup(num);
		} else if (fld->type == FORM_IDS) {
			if ((r = parse_ids(f, fld, v, out)) == -2)
				return SDRZ_ERR_NOMEM;
			if (r == -1)
				continue;
			if (out->nids == 0)
				goto absent;
			snprintf(num, sizeof(num), "%zu", out->nids);
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
				    fld->type == FORM_ID || fld->type ==
				    FORM_CHOICE || fld->type == FORM_IDS ?
				    "请选择%s" : "请填写%s");
			continue;
		}
		out->text = val;
		if ((msg = form_text_check(val, fld->type == FORM_LINES,
		    fld->maxlen ? fld->maxlen : 200, fld->label, buf,
		    sizeof(buf))) != NULL) {
			form_error(f, fld->name, msg);
			continue;
		}
		switch (fld->type) {
		case FORM_DATE:
			if (!form_valid_date(val)) {
				fail(f, fld, "%s须为有效日期(年-月-日)");
				continue;
			}
			break;
		case FORM_CHOICE:
			for (w = fld->choices; w != NULL && *w != NULL; w++)
				if (strcmp(*w, val) == 0)
					break;
			if (w == NULL || *w == NULL) {
				fail(f, fld, "%s不在可选范围内,请重新选择");
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

/* The value of a field by name, or NULL when the table has no such
 * field. */
static struct form_value *
value_of(const struct form *f, const char *name)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->v[i];
	return NULL;
}

const char *
form_get(const struct form *f, const char *name)
{
	const struct form_value	*v = value_of(f, name);

	return v != NULL ? v->text : NULL;
}

char *
form_edit(struct form *f, const char *name)
{
	struct form_value	*v = value_of(f, name);

	return v != NULL ? v->text : NULL;
}

int
form_has(const struct form *f, const char *name)
{
	return form_get(f, name) != NULL;
}

long long
form_int(const struct form *f, const char *name, long long def)
{
	const struct form_value	*v = value_of(f, name);

	return v != NULL && v->text != NULL ? v->num : def;
}

const int64_t *
form_ids(const struct form *f, const char *name, size_t *n)
{
	const struct form_value	*v = value_of(f, name);

	*n = v != NULL && v->text != NULL ? v->nids : 0;
	return *n ? v->ids : NULL;
}

int
form_true(const struct form *f, const char *name)
{
	const char	*v = form_get(f, name);

	return v != NULL && strcmp(v, "1") == 0;
}

cJSON *
form_describe(const struct form_field *fields, size_t n)
{
	cJSON			*arr, *o, *c;
	const struct form_field	*fld;
	const char *const	*w;
	size_t			 i;

	if ((arr = cJSON_CreateArray()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		fld = &fields[i];
		if ((o = cJSON_CreateObject()) == NULL)
			goto fail;
		cJSON_AddItemToArray(arr, o);
		if (!cJSON_AddStringToObject(o, "name", fld->name) ||
		    !cJSON_AddStringToObject(o, "label", fld->label) ||
		    !cJSON_AddStringToObject(o, "type", form_types[fld->type]) ||
		    !cJSON_AddBoolToObject(o, "required", fld->required))
			goto fail;
		switch (fld->type) {
		case FORM_TEXT:
		case FORM_LINES:
		case FORM_SECRET:
		case FORM_DICT:
		case FORM_IDS:
			if (!cJSON_AddNumberToObject(o, "maxlen",
			    (double)(fld->maxlen ? fld->maxlen : 200)))
				goto fail;
			break;
		case FORM_INT:
			if (fld->min != fld->max &&
			    (!cJSON_AddNumberToObject(o, "min", (double)fld->min) ||
			    !cJSON_AddNumberToObject(o, "max", (double)fld->max)))
				goto fail;
			break;
		default:
			break;
		}
		if (fld->type == FORM_DICT &&
		    !cJSON_AddStringToObject(o, "dict", fld->dict))
			goto fail;
		if (fld->type == FORM_CHOICE) {
			if ((c = cJSON_AddArrayToObject(o, "choices")) == NULL)
				goto fail;
			for (w = fld->choices; w != NULL && *w != NULL; w++)
				cJSON_AddItemToArray(c, cJSON_CreateString(*w));
		}
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

void
form_release(struct form *f)
{
	size_t	 i;

	if (f->v != NULL)
		for (i = 0; i < f->n; i++) {
			free(f->v[i].text);
			free(f->v[i].ids);
		}
	free(f->v);
	cJSON_Delete(f->errors);
	memset(f, 0, sizeof(*f));
}
