#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dict.h"
#include "form.h"
#include "list.h"
#include "util.h"

/* The number of UTF-8 characters of s (valid UTF-8 assumed). */
static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* A decimal integer in [min, max]: 0 with *out, else -1. */
static int
parse_long(const char *s, long min, long max, long *out)
{
	char		*end;
	long long	 n;

	if (*s == '\0' || strlen(s) > 18 ||
	    strspn(s + (*s == '-'), "0123456789") != strlen(s + (*s == '-')))
		return -1;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || n < min || n > max)
		return -1;
	*out = (long)n;
	return 0;
}

/* Checks one value against its entry; NULL, or the message in msg. */
static const char *
check(const struct list_param *p, const char *v, long *n, char *msg,
    size_t msgsz)
{
	size_t	 i, len;

	switch (p->type) {
	case LIST_INT:
		if (parse_long(v, p->min, p->max, n) == 0)
			return NULL;
		snprintf(msg, msgsz, "%s须为 %ld 到 %ld 之间的整数", p->label,
		    p->min, p->max);
		return msg;
	case LIST_TEXT:
		if (!util_utf8_valid(v, strlen(v)))
			snprintf(msg, msgsz, "%s含有无法识别的字符", p->label);
		else if ((long)chars(v) > p->max)
			snprintf(msg, msgsz, "%s不能超过 %ld 个字符", p->label,
			    p->max);
		else
			return NULL;
		return msg;
	case LIST_DATE:
		if (form_valid_date(v))
			return NULL;
		snprintf(msg, msgsz, "%s须为“年-月-日”格式的日期,例如 2026-01-31",
		    p->label);
		return msg;
	case LIST_CODE:
		if (dict_code_valid(v))
			return NULL;
		snprintf(msg, msgsz, "%s须为字典代码(字母或数字),请从列表中选择",
		    p->label);
		return msg;
	case LIST_ENUM:
		for (i = 0; p->allowed[i] != NULL; i++)
			if (strcmp(p->allowed[i], v) == 0)
				return NULL;
		len = (size_t)snprintf(msg, msgsz, "%s只能是 ", p->label);
		for (i = 0; p->allowed[i] != NULL && len < msgsz; i++)
			len += (size_t)snprintf(msg + len, msgsz - len, "%s%s",
			    i == 0 ? "" : p->allowed[i + 1] == NULL ? " 或 " :
			    "、", p->allowed[i]);
		return msg;
	}
	return "参数有误";
}

static const struct list_param shared[] = {
	{ "page", "页码", LIST_INT, 1, LIST_PAGE_MAX, NULL },
	{ "size", "每页条数", LIST_INT, 1, LIST_SIZE_MAX, NULL },
	{ "after", "翻页位置", LIST_INT, 1, 999999999999999L, NULL },
};

int
list_parse(struct list_query *q, const struct list_param *params, size_t n,
    int seek, const char *(*get)(void *, const char *), void *arg,
    struct form *errs)
{
	const char	*v, *bad;
	char		 msg[256];
	long		 num, shared_v[3] = { 1, LIST_SIZE_DEFAULT, 0 };
	size_t		 i;
	int		 ok = 1;

	memset(q, 0, sizeof(*q));
	if (n > LIST_PARAMS_MAX)
		n = LIST_PARAMS_MAX;	/* a programming error; tables are small */
	q->params = params;
	q->nparams = n;
	for (i = 0; i < 3; i++) {
		if (i == 2 && !seek)
			break;
		if ((v = get(arg, shared[i].name)) == NULL || *v == '\0')
			continue;
		if ((bad = check(&shared[i], v, &num, msg, sizeof(msg))) !=
		    NULL) {
			form_error(errs, shared[i].name, bad);
			ok = 0;
		} else
			shared_v[i] = num;
	}
	q->pg.page = shared_v[0];
	q->pg.size = shared_v[1];
	q->pg.after = shared_v[2];
	for (i = 0; i < n; i++) {
		if ((v = get(arg, params[i].name)) == NULL || *v == '\0')
			continue;
		num = 0;
		if ((bad = check(&params[i], v, &num, msg, sizeof(msg))) !=
		    NULL) {
			form_error(errs, params[i].name, bad);
			ok = 0;
			continue;
		}
		q->v[i].set = 1;
		q->v[i].n = num;
		q->v[i].s = v;
	}
	return ok ? 0 : -1;
}

static int
find(const struct list_query *q, const char *name)
{
	size_t	 i;

	for (i = 0; i < q->nparams; i++)
		if (strcmp(q->params[i].name, name) == 0)
			return q->v[i].set ? (int)i : -1;
	return -1;
}

const char *
list_text(const struct list_query *q, const char *name)
{
	int	 i = find(q, name);

	return i < 0 ? NULL : q->v[i].s;
}

long
list_int(const struct list_query *q, const char *name, long def)
{
	int	 i = find(q, name);

	return i < 0 ? def : q->v[i].n;
}

enum sdrz_err
list_read(int (*next)(void *), enum sdrz_err (*row)(void *, cJSON *,
    int64_t *), void *src, cJSON *items, size_t *nrows, int64_t *last)
{
	cJSON		*it;
	enum sdrz_err	 rc;
	int		 r;
	int64_t		 key;

	*nrows = 0;
	*last = 0;
	while ((r = next(src)) == 1) {
		if ((it = cJSON_CreateObject()) == NULL)
			return SDRZ_ERR_NOMEM;
		cJSON_AddItemToArray(items, it);
		key = 0;
		if ((rc = row(src, it, &key)) != SDRZ_OK)
			return rc;
		(*nrows)++;
		*last = key;
	}
	return r == 0 ? SDRZ_OK : SDRZ_ERR_DB;
}

cJSON *
list_answer(cJSON *items, int64_t total, long page, long size, int seek,
    size_t nrows, int64_t last)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL) {
		cJSON_Delete(items);
		return NULL;
	}
	cJSON_AddItemToObject(o, "items", items);
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddNumberToObject(o, "page", (double)page);
	cJSON_AddNumberToObject(o, "size", (double)size);
	if (seek) {
		if (nrows == (size_t)size && size > 0)
			cJSON_AddNumberToObject(o, "next", (double)last);
		else
			cJSON_AddNullToObject(o, "next");
	}
	return o;
}

/* list_read() over a statement. */
struct src {
	struct db_stmt		*st;
	const struct list_spec	*spec;
	const void		*q;
};

static int
src_next(void *arg)
{
	return db_next(((struct src *)arg)->st);
}

static enum sdrz_err
src_row(void *arg, cJSON *it, int64_t *key)
{
	struct src	*s = arg;

	if (s->spec->seek != NULL)
		*key = db_col_int(s->st, s->spec->key_col);
	return s->spec->row(s->st, it, s->q);
}

enum sdrz_err
list_run(struct db *db, const struct list_spec *spec,
    const struct list_page *lq, const void *q, int64_t total_known,
    cJSON **out)
{
	struct db_stmt	*st;
	struct src	 s;
	enum sdrz_err	 rc;
	cJSON		*items;
	int64_t		 total = total_known, last;
	size_t		 nrows;
	unsigned	 at;
	int		 r, seek = spec->seek != NULL && lq->after > 0;

	*out = NULL;
	if (total < 0) {
		if ((st = db_stmt(db, spec->count)) == NULL)
			return SDRZ_ERR_NOMEM;
		spec->bind(st, 0, q);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if ((r = db_next(st)) == -1)
			return SDRZ_ERR_DB;
		total = r == 1 ? db_col_int(st, 0) : 0;
	}
	if ((st = db_stmt(db, seek ? spec->seek : spec->page)) == NULL)
		return SDRZ_ERR_NOMEM;
	at = spec->bind(st, 0, q);
	if (seek) {
		db_bind_int(st, at++, lq->after);
		db_bind_int(st, at, lq->size);
	} else {
		db_bind_int(st, at++, lq->size);
		db_bind_int(st, at, (lq->page - 1) * lq->size);
	}
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((items = cJSON_CreateArray()) == NULL)
		return SDRZ_ERR_NOMEM;
	s.st = st;
	s.spec = spec;
	s.q = q;
	if ((rc = list_read(src_next, src_row, &s, items, &nrows, &last)) !=
	    SDRZ_OK) {
		cJSON_Delete(items);
		return rc;
	}
	if ((*out = list_answer(items, total, lq->page, lq->size,
	    spec->seek != NULL, nrows, last)) == NULL)
		return SDRZ_ERR_NOMEM;
	return SDRZ_OK;
}
