/*
 * Question banks and questions (bank.h): their rules, the drawing of an
 * exam's questions, and the management the bureau's pages call. The
 * spreadsheet template and import are at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "audit.h"
#include "bank.h"
#include "course.h"
#include "db.h"
#include "form.h"
#include "list.h"
#include "util.h"
#include "xlsx.h"

const char *const bank_kinds[BANK_KIND__MAX] = {
	[BANK_SINGLE] = "single",
	[BANK_MULTIPLE] = "multiple",
	[BANK_JUDGE] = "judge",
};

const char *const bank_kind_labels[BANK_KIND__MAX] = {
	[BANK_SINGLE] = "单选题",
	[BANK_MULTIPLE] = "多选题",
	[BANK_JUDGE] = "判断题",
};

/* The options of every judge question, in this order. */
static const char JUDGE_TRUE[] = "正确";
static const char JUDGE_FALSE[] = "错误";

enum bank_kind
bank_kind(const char *s)
{
	static const char *const short_labels[BANK_KIND__MAX] = {
		[BANK_SINGLE] = "单选",
		[BANK_MULTIPLE] = "多选",
		[BANK_JUDGE] = "判断",
	};
	int	 i;

	if (s == NULL)
		return BANK_KIND__MAX;
	for (i = 0; i < BANK_KIND__MAX; i++)
		if (strcmp(s, bank_kinds[i]) == 0 ||
		    strcmp(s, bank_kind_labels[i]) == 0 ||
		    strcmp(s, short_labels[i]) == 0)
			return (enum bank_kind)i;
	return BANK_KIND__MAX;
}

static const char *const kind_words[] = { "single", "multiple", "judge",
    NULL };

static const struct form_field bank_fields[] = {
	{ "name", "题库名称", FORM_TEXT, 1, 100, NULL, NULL, 0, 0, NULL },
};
const struct form_desc bank_bank_form = { "question-bank", bank_fields,
    sizeof(bank_fields) / sizeof(bank_fields[0]) };

/* options (an array of texts) and answer (an array of indexes) travel
 * beside the table, checked by bank_check(). */
static const struct form_field question_fields[] = {
	{ "kind", "题型", FORM_CHOICE, 1, 16, NULL, NULL, 0, 0, kind_words },
	{ "stem", "题干", FORM_LINES, 1, 1000, NULL, NULL, 0, 0, NULL },
	{ "explanation", "解析", FORM_LINES, 0, 1000, NULL, NULL, 0, 0, NULL },
	{ "tags", "标签", FORM_TEXT, 0, 200, NULL, NULL, 0, 0, NULL },
	{ "active", "启用", FORM_BOOL, 0, 0, NULL, NULL, 0, 0, NULL },
};
const struct form_desc bank_question_form = { "question", question_fields,
    sizeof(question_fields) / sizeof(question_fields[0]) };

static void
set_why(struct sdrz_why *why, const char *code, const char *message,
    const char *field)
{
	if (why == NULL)
		return;
	why->code = code;
	why->message = message;
	why->field = field;
}

/* ---- pure rules ---- */

const char *
bank_check(enum bank_kind kind, const cJSON *options, const cJSON *answer,
    const char **field)
{
	static char	 msg[256];
	const cJSON	*o, *p, *a;
	int		 n, i, j, prev = -1, count = 0;
	double		 d;

	*field = "options";
	if ((unsigned)kind >= BANK_KIND__MAX) {
		*field = "kind";
		return "请选择题型(单选题、多选题或判断题)";
	}
	if (!cJSON_IsArray(options))
		return "选项格式不正确";
	n = cJSON_GetArraySize(options);
	if (kind == BANK_JUDGE) {
		if (n != 2 || strcmp(cJSON_GetStringValue(cJSON_GetArrayItem(
		    options, 0)) ? cJSON_GetStringValue(cJSON_GetArrayItem(
		    options, 0)) : "", JUDGE_TRUE) != 0 ||
		    strcmp(cJSON_GetStringValue(cJSON_GetArrayItem(options,
		    1)) ? cJSON_GetStringValue(cJSON_GetArrayItem(options,
		    1)) : "", JUDGE_FALSE) != 0)
			return "判断题的选项固定为“正确”和“错误”";
	} else if (n < BANK_OPTIONS_MIN || n > BANK_OPTIONS_MAX)
		return "选择题须有 2 到 8 个选项";
	i = 0;
	cJSON_ArrayForEach(o, options) {
		const char	*s = cJSON_GetStringValue(o);

		if (s == NULL || *s == '\0') {
			snprintf(msg, sizeof(msg), "选项%c不能为空", 'A' + i);
			return msg;
		}
		if (form_text_check(s, 0, BANK_OPTION_MAXLEN, "选项", msg,
		    sizeof(msg)) != NULL)
			return msg;
		j = 0;
		cJSON_ArrayForEach(p, options) {
			if (j >= i)
				break;
			if (strcmp(cJSON_GetStringValue(p), s) == 0) {
				snprintf(msg, sizeof(msg), "选项%c与选项%c相同,"
				    "请修改", 'A' + i, 'A' + j);
				return msg;
			}
			j++;
		}
		i++;
	}
	*field = "answer";
	if (!cJSON_IsArray(answer) || cJSON_GetArraySize(answer) == 0)
		return "请选择正确答案";
	cJSON_ArrayForEach(a, answer) {
		if (!cJSON_IsNumber(a))
			return "答案格式不正确";
		d = a->valuedouble;
		if (d != (double)(int)d || d < 0 || d >= n)
			return "答案须为已有的选项";
		if ((int)d <= prev)
			return "答案中的选项不能重复";
		prev = (int)d;
		count++;
	}
	if ((kind == BANK_SINGLE || kind == BANK_JUDGE) && count != 1)
		return kind == BANK_JUDGE ? "判断题只能有一个正确答案" :
		    "单选题只能有一个正确答案";
	if (kind == BANK_MULTIPLE && count < 2)
		return "多选题至少要有两个正确答案";
	*field = NULL;
	return NULL;
}

long
bank_random_below(long n)
{
	uint64_t	 r, lim;

	if (n <= 0)
		return -1;
	/* Rejection sampling: the largest multiple of n below 2^64 bounds
	 * the draws, so that every value is equally likely. */
	lim = UINT64_MAX - UINT64_MAX % (uint64_t)n;
	do {
		if (util_random(&r, sizeof(r)) == -1)
			return -1;
	} while (r >= lim);
	return (long)(r % (uint64_t)n);
}

int
bank_shuffle(cJSON *q)
{
	cJSON		*opts, *ans, *nopts = NULL, *nans = NULL;
	const char	*kind;
	int		 perm[BANK_OPTIONS_MAX], right[BANK_OPTIONS_MAX];
	int		 n, i, j, t;
	long		 r;
	const cJSON	*a;

	opts = cJSON_GetObjectItem(q, "options");
	ans = cJSON_GetObjectItem(q, "answer");
	kind = cJSON_GetStringValue(cJSON_GetObjectItem(q, "kind"));
	if (!cJSON_IsArray(opts) || !cJSON_IsArray(ans) || kind == NULL)
		return -1;
	n = cJSON_GetArraySize(opts);
	if (n < 1 || n > BANK_OPTIONS_MAX)
		return -1;
	memset(right, 0, sizeof(right));
	cJSON_ArrayForEach(a, ans) {
		if (!cJSON_IsNumber(a) || a->valueint < 0 || a->valueint >= n)
			return -1;
		right[a->valueint] = 1;
	}
	/* 正确 stays before 错误: a shuffled judge question reads oddly
	 * and gains nothing. */
	if (strcmp(kind, "judge") == 0)
		return 0;
	for (i = 0; i < n; i++)
		perm[i] = i;
	/* Fisher-Yates: new position i shows old option perm[i]. */
	for (i = n - 1; i > 0; i--) {
		if ((r = bank_random_below(i + 1)) < 0)
			return -1;
		j = (int)r;
		t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	if ((nopts = cJSON_CreateArray()) == NULL ||
	    (nans = cJSON_CreateArray()) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		if (!cJSON_AddItemToArray(nopts, cJSON_Duplicate(
		    cJSON_GetArrayItem(opts, perm[i]), 1)))
			goto fail;
		if (right[perm[i]] && !cJSON_AddItemToArray(nans,
		    cJSON_CreateNumber(i)))
			goto fail;
	}
	cJSON_ReplaceItemInObject(q, "options", nopts);
	cJSON_ReplaceItemInObject(q, "answer", nans);
	return 0;
fail:
	cJSON_Delete(nopts);
	cJSON_Delete(nans);
	return -1;
}

cJSON *
bank_questions_public(const cJSON *questions)
{
	static const char *const keep[] = { "id", "kind", "stem", "options" };
	const cJSON	*q, *v;
	cJSON		*out, *o;
	size_t		 i;

	if ((out = cJSON_CreateArray()) == NULL)
		return NULL;
	cJSON_ArrayForEach(q, questions) {
		if ((o = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(out, o)) {
			cJSON_Delete(o);
			cJSON_Delete(out);
			return NULL;
		}
		for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
			if ((v = cJSON_GetObjectItem(q, keep[i])) != NULL)
				cJSON_AddItemToObject(o, keep[i],
				    cJSON_Duplicate(v, 1));
	}
	return out;
}

/*
 * Tags as stored: the words of s split at commas (ASCII or full width)
 * and 、, each trimmed, empty ones and repeats dropped, joined by ","
 * (FIND_IN_SET matches them whole). Writes into out (size sz); returns
 * NULL, or the message when a word is longer than 50 characters or the
 * whole would not fit.
 */
static const char *
tags_normalise(const char *s, char *out, size_t sz)
{
	char		*copy, *p, *w, *e;
	size_t		 len = 0, wl;

	*out = '\0';
	if (s == NULL)
		return NULL;
	if ((copy = malloc(strlen(s) * 1 + 1)) == NULL)
		return "标签格式不正确";
	/* Full-width comma and 、 become ASCII commas (both 3 bytes). */
	for (p = copy; *s; s++) {
		if (strncmp(s, "\xef\xbc\x8c", 3) == 0 ||
		    strncmp(s, "\xe3\x80\x81", 3) == 0) {
			*p++ = ',';
			s += 2;
		} else
			*p++ = *s;
	}
	*p = '\0';
	for (w = copy; w != NULL; w = e) {
		if ((e = strchr(w, ',')) != NULL)
			*e++ = '\0';
		util_trim(w);
		if (*w == '\0')
			continue;
		if (form_chars(w) > 50) {
			free(copy);
			return "每个标签不能超过 50 个字";
		}
		/* A repeat of an earlier word: skip it. */
		wl = strlen(w);
		{
			const char	*x = out;
			int		 dup = 0;

			while (*x) {
				const char	*c = strchr(x, ',');
				size_t		 xl = c ? (size_t)(c - x) :
				    strlen(x);

				if (xl == wl && strncmp(x, w, wl) == 0)
					dup = 1;
				x += xl + (c ? 1 : 0);
			}
			if (dup)
				continue;
		}
		if (len + wl + 2 > sz) {
			free(copy);
			return "标签总长度不能超过 200 个字";
		}
		if (len)
			out[len++] = ',';
		memcpy(out + len, w, wl + 1);
		len += wl;
	}
	free(copy);
	if (form_chars(out) > 200)
		return "标签总长度不能超过 200 个字";
	return NULL;
}

/* ---- drawing ---- */

static const char SQL_ACTIVE_IDS[] =
    "SELECT id FROM question WHERE bank_id = ? AND active = 1";
static const char SQL_ACTIVE_IDS_TAG[] =
    "SELECT id FROM question WHERE bank_id = ? AND active = 1"
    " AND FIND_IN_SET(?, tags) > 0";
/* The picked questions by their ids, given as one JSON array. */
static const char SQL_DRAW_ROWS[] =
    "SELECT q.id, q.kind, q.stem, q.options, q.answer, q.explanation"
    " FROM question q WHERE q.active = 1 AND q.id IN (SELECT jt.id FROM"
    " JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) jt)";
static const char SQL_COUNT_TAG[] =
    "SELECT COUNT(*) FROM question WHERE bank_id = ? AND active = 1"
    " AND (? IS NULL OR FIND_IN_SET(?, tags) > 0)";

enum sdrz_err
bank_count(struct db *db, int64_t bank_id, const char *tag, long *n)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	*n = 0;
	if (tag != NULL && *tag == '\0')
		tag = NULL;
	if ((st = db_stmt(db, SQL_COUNT_TAG)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, bank_id);
	db_bind_text(st, 1, tag);
	db_bind_text(st, 2, tag);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_DB;
	*n = (long)db_col_int(st, 0);
	return SDRZ_OK;
}

/* The active ids of the bank (with the tag); malloc'd into *ids. */
static enum sdrz_err
active_ids(struct db *db, int64_t bank_id, const char *tag, int64_t **ids,
    size_t *n)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		*v = NULL, *nv;
	size_t		 len = 0, cap = 0;
	int		 r;

	*ids = NULL;
	*n = 0;
	if ((st = db_stmt(db, tag ? SQL_ACTIVE_IDS_TAG : SQL_ACTIVE_IDS)) ==
	    NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, bank_id);
	if (tag != NULL)
		db_bind_text(st, 1, tag);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while ((r = db_next(st)) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				free(v);
				return SDRZ_ERR_NOMEM;
			}
			v = nv;
		}
		v[len++] = db_col_int(st, 0);
	}
	if (r == -1) {
		free(v);
		return SDRZ_ERR_DB;
	}
	*ids = v;
	*n = len;
	return SDRZ_OK;
}

/* One question row (id, kind, stem, options, answer, explanation) as a
 * snapshot object; NULL when a column does not parse. */
static cJSON *
snapshot_of(const struct db_stmt *st)
{
	cJSON	*o, *opts, *ans;

	opts = cJSON_Parse(db_col_text(st, 3));
	ans = cJSON_Parse(db_col_text(st, 4));
	if (opts == NULL || ans == NULL || (o = cJSON_CreateObject()) == NULL) {
		cJSON_Delete(opts);
		cJSON_Delete(ans);
		return NULL;
	}
	cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
	util_json_text(o, "kind", db_col_text(st, 1));
	util_json_text(o, "stem", db_col_text(st, 2));
	cJSON_AddItemToObject(o, "options", opts);
	cJSON_AddItemToObject(o, "answer", ans);
	cJSON_AddStringToObject(o, "explanation", db_col_text(st, 5) ?
	    db_col_text(st, 5) : "");
	return o;
}

/* One try of a draw; SDRZ_ERR_GONE when a picked question was retired
 * between the reading of the ids and of the rows (try again). */
static enum sdrz_err
draw_once(struct db *db, int64_t bank_id, const char *tag, int n,
    cJSON **out, struct sdrz_why *why)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		*ids = NULL, t;
	size_t		 count, i;
	long		 j;
	cJSON		*list = NULL, *byid[BANK_DRAW_MAX], *q, *arr = NULL;
	char		*text = NULL;
	int		 r, got = 0, k;

	if ((rc = active_ids(db, bank_id, tag, &ids, &count)) != SDRZ_OK)
		return rc;
	if (count < (size_t)n) {
		set_why(why, "bank_short", "题库中的有效试题不足,暂不能考试,"
		    "请联系管理员", NULL);
		rc = SDRZ_ERR_CONFLICT;
		goto out;
	}
	/* A partial Fisher-Yates: the first n places hold the pick. */
	for (i = 0; i < (size_t)n; i++) {
		if ((j = bank_random_below((long)(count - i))) < 0) {
			rc = SDRZ_ERR_IO;
			goto out;
		}
		t = ids[i];
		ids[i] = ids[i + (size_t)j];
		ids[i + (size_t)j] = t;
	}
	if ((arr = cJSON_CreateArray()) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < (size_t)n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)ids[i]));
	if ((text = cJSON_PrintUnformatted(arr)) == NULL ||
	    (st = db_stmt(db, SQL_DRAW_ROWS)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_text(st, 0, text);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	memset(byid, 0, sizeof(byid));
	while ((r = db_next(st)) == 1) {
		if ((q = snapshot_of(st)) == NULL) {
			rc = SDRZ_ERR_DB;
			goto rows;
		}
		for (k = 0; k < n; k++)
			if (ids[k] == db_col_int(st, 0) && byid[k] == NULL)
				break;
		if (k == n) {
			cJSON_Delete(q);
			continue;
		}
		byid[k] = q;
		got++;
	}
	if (r == -1)
		rc = SDRZ_ERR_DB;
	else if (got < n)
		rc = SDRZ_ERR_GONE;
	else if ((list = cJSON_CreateArray()) == NULL)
		rc = SDRZ_ERR_NOMEM;
	else {
		/* In the picked (random) order, each shuffled. */
		for (k = 0; k < n; k++) {
			if (bank_shuffle(byid[k]) == -1) {
				rc = SDRZ_ERR_IO;
				break;
			}
			cJSON_AddItemToArray(list, byid[k]);
			byid[k] = NULL;
		}
		if (rc == SDRZ_OK) {
			*out = list;
			list = NULL;
		}
	}
rows:
	for (k = 0; k < n; k++)
		cJSON_Delete(byid[k]);
	cJSON_Delete(list);
out:
	cJSON_free(text);
	cJSON_Delete(arr);
	free(ids);
	return rc;
}

enum sdrz_err
bank_draw(struct db *db, int64_t bank_id, const char *tag, int n,
    cJSON **out, struct sdrz_why *why)
{
	enum sdrz_err	 rc = SDRZ_ERR_GONE;
	int		 tries;

	*out = NULL;
	if (n < 1 || n > BANK_DRAW_MAX)
		return SDRZ_ERR_INVALID;
	if (tag != NULL && *tag == '\0')
		tag = NULL;
	for (tries = 0; tries < 3 && rc == SDRZ_ERR_GONE; tries++)
		rc = draw_once(db, bank_id, tag, n, out, why);
	if (rc == SDRZ_ERR_GONE) {
		set_why(why, "bank_short", "题库正在调整,请稍后再试", NULL);
		rc = SDRZ_ERR_CONFLICT;
	}
	return rc;
}

/* ---- rights ---- */

static const char SQL_BANK_OWNER[] =
    "SELECT org_id FROM question_bank WHERE id = ?";
static const char SQL_BANK_LOCK[] =
    "SELECT org_id FROM question_bank WHERE id = ? FOR UPDATE";

enum sdrz_err
bank_owner(struct db *db, int64_t bank_id, int64_t *org_id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	*org_id = 0;
	if ((st = db_stmt(db, SQL_BANK_OWNER)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, bank_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0)
		return SDRZ_ERR_NOT_FOUND;
	*org_id = db_col_int(st, 0);
	return SDRZ_OK;
}

/*
 * The actor's right to banks (owner: a bank's org, 0 for a new one): the
 * banks of public classes follow the classes' rule (course_right()).
 * Fills why on a refusal.
 */
static enum sdrz_err
bank_need(struct db *db, const struct audit_actor *a, int64_t owner,
    enum course_right need, struct sdrz_why *why)
{
	enum course_right	 r;
	enum sdrz_err		 rc;

	if ((rc = course_right(db, a ? a->org_id : 0, COURSE_PUBLIC, owner,
	    &r)) != SDRZ_OK)
		return rc;
	if (r >= need)
		return SDRZ_OK;
	set_why(why, "bureau_required", r == COURSE_RIGHT_NONE ?
	    "题库由人力资源和社会保障部门管理,本单位无权查看" :
	    "题库由市人力资源和社会保障局统一管理,区县人社局只能查看,不能修改",
	    NULL);
	return SDRZ_ERR_FORBIDDEN;
}

/* Opens a bank for the actor (lock: FOR UPDATE, inside a transaction). */
static enum sdrz_err
bank_open(struct db *db, int64_t bank_id, int lock,
    const struct audit_actor *a, enum course_right need, struct sdrz_why *why)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	/* Outsiders are refused before they learn whether it exists. */
	if ((rc = bank_need(db, a, 0, COURSE_RIGHT_READ, why)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, lock ? SQL_BANK_LOCK : SQL_BANK_OWNER)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, bank_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0) {
		set_why(why, "not_found", "该题库不存在", NULL);
		return SDRZ_ERR_NOT_FOUND;
	}
	return bank_need(db, a, db_col_int(st, 0), need, why);
}

enum sdrz_err
bank_may(struct db *db, int64_t bank_id, const struct audit_actor *a,
    int write, struct sdrz_why *why)
{
	return bank_open(db, bank_id, 0, a, write ? COURSE_RIGHT_WRITE :
	    COURSE_RIGHT_READ, why);
}

/* ---- banks ---- */

const struct list_param bank_list_params[] = {
	{ "name", "题库名称", LIST_TEXT, 0, 100, NULL },
};
const size_t bank_list_nparams = sizeof(bank_list_params) /
    sizeof(bank_list_params[0]);

/* in_use: a published section draws from it (questions are retired then,
 * never deleted). */
#define BANK_IN_USE(b) \
    " EXISTS (SELECT 1 FROM section s JOIN class_version v" \
    " ON v.id = s.version_id WHERE s.bank_id = " b \
    " AND v.published_at IS NOT NULL)"
#define BANK_FROM \
    " FROM question_bank b JOIN org o ON o.id = b.org_id" \
    " WHERE (? = 0 OR b.org_id = ?) AND (? IS NULL OR LOCATE(?, b.name) > 0)"
#define BANK_SELECT \
    "SELECT b.id, b.org_id, o.name, b.name," \
    " (SELECT COUNT(*) FROM question q WHERE q.bank_id = b.id)," \
    " (SELECT COUNT(*) FROM question q WHERE q.bank_id = b.id" \
    "  AND q.active = 1), b.created_at," BANK_IN_USE("b.id")

static const char SQL_BANK_COUNT[] = "SELECT COUNT(*)" BANK_FROM;
static const char SQL_BANK_PAGE[] = BANK_SELECT BANK_FROM
    " ORDER BY b.id DESC LIMIT ? OFFSET ?";
static const char SQL_BANK_ONE[] = BANK_SELECT
    " FROM question_bank b JOIN org o ON o.id = b.org_id WHERE b.id = ?";
static const char SQL_BANK_TAGS[] =
    "SELECT tags FROM question WHERE bank_id = ? AND active = 1"
    " AND tags <> '' GROUP BY tags LIMIT 1000";

struct bank_list_ctx {
	const struct bank_list_query	*q;
	int64_t				 owner;
};

static unsigned
bank_list_bind(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct bank_list_ctx	*c = arg;

	db_bind_int(st, at++, c->owner);
	db_bind_int(st, at++, c->owner);
	db_bind_text(st, at++, c->q->name);
	db_bind_text(st, at++, c->q->name);
	return at;
}

static enum sdrz_err
bank_row(struct db_stmt *st, cJSON *it, const void *arg)
{
	(void)arg;
	cJSON_AddNumberToObject(it, "id", (double)db_col_int(st, 0));
	cJSON_AddNumberToObject(it, "org_id", (double)db_col_int(st, 1));
	util_json_text(it, "org_name", db_col_text(st, 2));
	util_json_text(it, "name", db_col_text(st, 3));
	cJSON_AddNumberToObject(it, "questions", (double)db_col_int(st, 4));
	cJSON_AddNumberToObject(it, "active", (double)db_col_int(st, 5));
	util_json_text(it, "created_at", db_col_text(st, 6));
	cJSON_AddBoolToObject(it, "in_use", db_col_int(st, 7) != 0);
	return SDRZ_OK;
}

static const struct list_spec bank_spec = {
	SQL_BANK_COUNT, SQL_BANK_PAGE, NULL, bank_list_bind, bank_row, 0
};

enum sdrz_err
bank_list(struct db *db, const struct audit_actor *a,
    const struct bank_list_query *q, struct sdrz_why *why, cJSON **out)
{
	struct bank_list_ctx	 c;
	enum sdrz_err		 rc;

	*out = NULL;
	if ((rc = bank_need(db, a, 0, COURSE_RIGHT_READ, why)) != SDRZ_OK)
		return rc;
	c.q = q;
	c.owner = 0;	/* the bureaus read every bank */
	return list_run(db, &bank_spec, &q->pg, &c, -1, out);
}

/* Appends the words of a stored tags text to arr, once each. */
static void
tags_collect(cJSON *arr, const char *tags)
{
	char		*copy, *w, *e;
	const cJSON	*x;

	if (tags == NULL || (copy = strdup(tags)) == NULL)
		return;
	for (w = copy; w != NULL; w = e) {
		if ((e = strchr(w, ',')) != NULL)
			*e++ = '\0';
		if (*w == '\0')
			continue;
		cJSON_ArrayForEach(x, arr)
			if (strcmp(cJSON_GetStringValue(x), w) == 0)
				break;
		if (x == NULL)
			cJSON_AddItemToArray(arr, cJSON_CreateString(w));
	}
	free(copy);
}

enum sdrz_err
bank_get(struct db *db, int64_t bank_id, const struct audit_actor *a,
    struct sdrz_why *why, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*o, *tags;
	int		 r;

	*out = NULL;
	if ((rc = bank_open(db, bank_id, 0, a, COURSE_RIGHT_READ, why)) !=
	    SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_BANK_ONE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, bank_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if ((o = cJSON_CreateObject()) == NULL)
		return SDRZ_ERR_NOMEM;
	bank_row(st, o, NULL);
	{
		enum course_right	 right;

		if ((rc = course_right(db, a->org_id, COURSE_PUBLIC,
		    (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(o,
		    "org_id")), &right)) != SDRZ_OK) {
			cJSON_Delete(o);
			return rc;
		}
		cJSON_AddBoolToObject(o, "writable",
		    right == COURSE_RIGHT_WRITE);
	}
	tags = cJSON_AddArrayToObject(o, "tags");
	if ((st = db_stmt(db, SQL_BANK_TAGS)) == NULL) {
		cJSON_Delete(o);
		return SDRZ_ERR_NOMEM;
	}
	db_bind_int(st, 0, bank_id);
	if ((rc = db_exec(st)) != SDRZ_OK) {
		cJSON_Delete(o);
		return rc;
	}
	while ((r = db_next(st)) == 1)
		tags_collect(tags, db_col_text(st, 0));
	if (r == -1) {
		cJSON_Delete(o);
		return SDRZ_ERR_DB;
	}
	*out = o;
	return SDRZ_OK;
}

static const char SQL_BANK_NEW[] =
    "INSERT INTO question_bank (org_id, name) VALUES (?, ?)";
static const char SQL_BANK_RENAME[] =
    "UPDATE question_bank SET name = ? WHERE id = ?";

enum sdrz_err
bank_create(struct db *db, const cJSON *body, const struct audit_actor *a,
    struct form *f, struct sdrz_why *why, int64_t *id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	rc = form_parse(f, bank_fields, bank_bank_form.n, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	if ((rc = bank_need(db, a, 0, COURSE_RIGHT_WRITE, why)) != SDRZ_OK)
		return rc;
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_BANK_NEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, a->org_id);
	db_bind_text(st, 1, form_get(f, "name"));
	if ((rc = db_exec(st)) == SDRZ_ERR_CONFLICT) {
		form_error(f, "name", "题库名称已存在,请换一个名称");
		return rc;
	}
	if (rc != SDRZ_OK)
		return rc;
	*id = (int64_t)db_insert_id(st);
	return audit_add(db, a, "bank.create", "question_bank", *id, NULL);
}

enum sdrz_err
bank_rename(struct db *db, int64_t bank_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	rc = form_parse(f, bank_fields, bank_bank_form.n, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	if ((rc = bank_open(db, bank_id, 0, a, COURSE_RIGHT_WRITE, why)) !=
	    SDRZ_OK)
		return rc;
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_BANK_RENAME)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, form_get(f, "name"));
	db_bind_int(st, 1, bank_id);
	if ((rc = db_exec(st)) == SDRZ_ERR_CONFLICT)
		form_error(f, "name", "题库名称已存在,请换一个名称");
	return rc;
}

/* ---- questions ---- */

const struct list_param bank_question_list_params[] = {
	{ "tag", "标签", LIST_TEXT, 0, 50, NULL },
	{ "active", "状态", LIST_INT, 0, 1, NULL },
	{ "q", "题干", LIST_TEXT, 0, 100, NULL },
	{ "kind", "题型", LIST_ENUM, 0, 0, kind_words },
};
const size_t bank_question_list_nparams = sizeof(bank_question_list_params) /
    sizeof(bank_question_list_params[0]);

#define QUESTION_FROM \
    " FROM question q WHERE q.bank_id = ?" \
    " AND (? IS NULL OR FIND_IN_SET(?, q.tags) > 0)" \
    " AND (? < 0 OR q.active = ?)" \
    " AND (? IS NULL OR LOCATE(?, q.stem) > 0)" \
    " AND (? IS NULL OR q.kind = ?)"
#define QUESTION_SELECT \
    "SELECT q.id, q.kind, q.stem, q.options, q.answer, q.explanation," \
    " q.tags, q.active, q.updated_at"

static const char SQL_Q_COUNT[] = "SELECT COUNT(*)" QUESTION_FROM;
static const char SQL_Q_PAGE[] = QUESTION_SELECT QUESTION_FROM
    " ORDER BY q.id LIMIT ? OFFSET ?";
static const char SQL_Q_SEEK[] = QUESTION_SELECT QUESTION_FROM
    " AND q.id > ? ORDER BY q.id LIMIT ?";

struct q_ctx {
	int64_t				 bank_id;
	const struct bank_question_query *q;
};

static unsigned
q_bind(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct q_ctx	*c = arg;

	db_bind_int(st, at++, c->bank_id);
	db_bind_text(st, at++, c->q->tag);
	db_bind_text(st, at++, c->q->tag);
	db_bind_int(st, at++, c->q->active);
	db_bind_int(st, at++, c->q->active);
	db_bind_text(st, at++, c->q->q);
	db_bind_text(st, at++, c->q->q);
	db_bind_text(st, at++, c->q->kind);
	db_bind_text(st, at++, c->q->kind);
	return at;
}

static enum sdrz_err
q_row(struct db_stmt *st, cJSON *it, const void *arg)
{
	(void)arg;
	cJSON_AddNumberToObject(it, "id", (double)db_col_int(st, 0));
	util_json_text(it, "kind", db_col_text(st, 1));
	util_json_text(it, "stem", db_col_text(st, 2));
	cJSON_AddItemToObject(it, "options", cJSON_Parse(db_col_text(st, 3)));
	cJSON_AddItemToObject(it, "answer", cJSON_Parse(db_col_text(st, 4)));
	util_json_text(it, "explanation", db_col_text(st, 5));
	util_json_text(it, "tags", db_col_text(st, 6));
	cJSON_AddBoolToObject(it, "active", db_col_int(st, 7) != 0);
	util_json_text(it, "updated_at", db_col_text(st, 8));
	return SDRZ_OK;
}

static const struct list_spec q_spec = {
	SQL_Q_COUNT, SQL_Q_PAGE, SQL_Q_SEEK, q_bind, q_row, 0
};

enum sdrz_err
bank_questions(struct db *db, int64_t bank_id, const struct audit_actor *a,
    const struct bank_question_query *q, struct sdrz_why *why, cJSON **out)
{
	struct q_ctx	 c;
	enum sdrz_err	 rc;

	*out = NULL;
	if ((rc = bank_open(db, bank_id, 0, a, COURSE_RIGHT_READ, why)) !=
	    SDRZ_OK)
		return rc;
	c.bank_id = bank_id;
	c.q = q;
	return list_run(db, &q_spec, &q->pg, &c, -1, out);
}

/* A checked question, ready to store. */
struct question_in {
	enum bank_kind	 kind;
	const char	*stem, *explanation;
	char		 tags[256];
	char		*options;	/* JSON text, malloc'd */
	char		*answer;	/* JSON text, malloc'd */
	int		 active;	/* -1: unchanged */
};

static void
question_in_release(struct question_in *q)
{
	cJSON_free(q->options);
	cJSON_free(q->answer);
	q->options = q->answer = NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Checks kind, options and answer (a judge question may omit its
 * options), trimming the options and sorting the answer; on success
 * fills q's JSON texts. Messages under the fields in f.
 */
static int
question_check(enum bank_kind kind, const cJSON *options, const cJSON *answer,
    struct form *f, struct question_in *q)
{
	cJSON		*opts = NULL, *ans = NULL;
	const cJSON	*it;
	const char	*msg, *field;
	double		 v[BANK_OPTIONS_MAX + 1];
	int		 n = 0, i, ok = -1;
	char		*s;

	if (kind == BANK_JUDGE && (options == NULL || cJSON_IsNull(options))) {
		opts = cJSON_CreateArray();
		cJSON_AddItemToArray(opts, cJSON_CreateString(JUDGE_TRUE));
		cJSON_AddItemToArray(opts, cJSON_CreateString(JUDGE_FALSE));
	} else if (cJSON_IsArray(options)) {
		opts = cJSON_CreateArray();
		cJSON_ArrayForEach(it, options) {
			if (!cJSON_IsString(it)) {
				form_error(f, "options", "选项须为文字");
				goto out;
			}
			if ((s = strdup(it->valuestring)) == NULL)
				goto out;
			util_trim(s);
			cJSON_AddItemToArray(opts, cJSON_CreateString(s));
			free(s);
		}
	} else {
		form_error(f, "options", "请填写选项");
		goto out;
	}
	if (cJSON_IsArray(answer) && cJSON_GetArraySize(answer) <=
	    BANK_OPTIONS_MAX) {
		cJSON_ArrayForEach(it, answer) {
			if (!cJSON_IsNumber(it)) {
				n = -1;
				break;
			}
			v[n++] = it->valuedouble;
		}
		if (n >= 0) {
			qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
			ans = cJSON_CreateArray();
			for (i = 0; i < n; i++)
				cJSON_AddItemToArray(ans, cJSON_CreateNumber(
				    v[i]));
		}
	}
	if (ans == NULL) {
		form_error(f, "answer", cJSON_IsArray(answer) ?
		    "答案格式不正确" : "请选择正确答案");
		goto out;
	}
	if ((msg = bank_check(kind, opts, ans, &field)) != NULL) {
		form_error(f, field ? field : "answer", msg);
		goto out;
	}
	q->options = cJSON_PrintUnformatted(opts);
	q->answer = cJSON_PrintUnformatted(ans);
	ok = q->options && q->answer ? 0 : -1;
out:
	cJSON_Delete(opts);
	cJSON_Delete(ans);
	return ok;
}

/* Parses a question body into q; SDRZ_ERR_INVALID with messages in f. */
static enum sdrz_err
question_parse(struct db *db, const cJSON *body, struct form *f,
    struct question_in *q)
{
	enum sdrz_err	 rc;
	const char	*msg;

	memset(q, 0, sizeof(*q));
	rc = form_parse(f, question_fields, bank_question_form.n, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	q->kind = bank_kind(form_get(f, "kind"));
	q->stem = form_get(f, "stem");
	q->explanation = form_get(f, "explanation");
	q->active = form_has(f, "active") ? form_true(f, "active") : -1;
	if ((msg = tags_normalise(form_get(f, "tags"), q->tags,
	    sizeof(q->tags))) != NULL)
		form_error(f, "tags", msg);
	if (q->kind != BANK_KIND__MAX)
		question_check(q->kind, cJSON_GetObjectItem(body, "options"),
		    cJSON_GetObjectItem(body, "answer"), f, q);
	return f->errors != NULL ? SDRZ_ERR_INVALID : SDRZ_OK;
}

static const char SQL_Q_NEW[] =
    "INSERT INTO question (bank_id, kind, stem, options, answer,"
    " explanation, tags) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_Q_EDIT[] =
    "UPDATE question SET kind = ?, stem = ?, options = ?, answer = ?,"
    " explanation = ?, tags = ?, active = IF(? < 0, active, ?)"
    " WHERE id = ?";
static const char SQL_Q_BANK[] = "SELECT bank_id FROM question WHERE id = ?";

static enum sdrz_err
question_insert(struct db *db, int64_t bank_id, const struct question_in *q,
    int64_t *id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_Q_NEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, bank_id);
	db_bind_text(st, 1, bank_kinds[q->kind]);
	db_bind_text(st, 2, q->stem);
	db_bind_text(st, 3, q->options);
	db_bind_text(st, 4, q->answer);
	db_bind_text(st, 5, q->explanation);
	db_bind_text(st, 6, q->tags);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (id != NULL)
		*id = (int64_t)db_insert_id(st);
	return SDRZ_OK;
}

enum sdrz_err
bank_question_add(struct db *db, int64_t bank_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why,
    int64_t *id)
{
	struct question_in	 q;
	enum sdrz_err		 rc, prc;

	prc = question_parse(db, body, f, &q);
	if (prc != SDRZ_OK && prc != SDRZ_ERR_INVALID)
		goto out;
	if ((rc = bank_open(db, bank_id, 0, a, COURSE_RIGHT_WRITE, why)) !=
	    SDRZ_OK || (rc = prc) != SDRZ_OK)
		goto out;
	rc = question_insert(db, bank_id, &q, id);
out:
	question_in_release(&q);
	return prc != SDRZ_OK && prc != SDRZ_ERR_INVALID ? prc : rc;
}

/* The bank of a question; NOT_FOUND with why. */
static enum sdrz_err
question_bank_of(struct db *db, int64_t question_id, int64_t *bank_id,
    struct sdrz_why *why)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	if ((st = db_stmt(db, SQL_Q_BANK)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, question_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0) {
		set_why(why, "not_found", "该试题不存在", NULL);
		return SDRZ_ERR_NOT_FOUND;
	}
	*bank_id = db_col_int(st, 0);
	return SDRZ_OK;
}

enum sdrz_err
bank_question_edit(struct db *db, int64_t question_id, const cJSON *body,
    const struct audit_actor *a, struct form *f, struct sdrz_why *why)
{
	struct question_in	 q;
	struct db_stmt		*st;
	enum sdrz_err		 rc, prc;
	int64_t			 bank;

	prc = question_parse(db, body, f, &q);
	if (prc != SDRZ_OK && prc != SDRZ_ERR_INVALID) {
		rc = prc;
		goto out;
	}
	/* The right first, so that outsiders learn nothing. */
	if ((rc = bank_need(db, a, 0, COURSE_RIGHT_READ, why)) != SDRZ_OK ||
	    (rc = question_bank_of(db, question_id, &bank, why)) != SDRZ_OK ||
	    (rc = bank_open(db, bank, 0, a, COURSE_RIGHT_WRITE, why)) !=
	    SDRZ_OK || (rc = prc) != SDRZ_OK)
		goto out;
	if ((st = db_stmt(db, SQL_Q_EDIT)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_text(st, 0, bank_kinds[q.kind]);
	db_bind_text(st, 1, q.stem);
	db_bind_text(st, 2, q.options);
	db_bind_text(st, 3, q.answer);
	db_bind_text(st, 4, q.explanation);
	db_bind_text(st, 5, q.tags);
	db_bind_int(st, 6, q.active);
	db_bind_int(st, 7, q.active);
	db_bind_int(st, 8, question_id);
	rc = db_exec(st);
out:
	question_in_release(&q);
	return rc;
}

static const char SQL_BANK_PUBLISHED[] =
    "SELECT" BANK_IN_USE("?");
static const char SQL_Q_RETIRE[] = "UPDATE question SET active = 0 WHERE id = ?";
static const char SQL_Q_DELETE[] = "DELETE FROM question WHERE id = ?";

struct remove_op {
	int64_t			 id;
	const struct audit_actor *a;
	struct sdrz_why		*why;
	int			 deleted;
};

static enum sdrz_err
remove_tx(struct db *db, void *arg)
{
	struct remove_op	*op = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 bank;
	int			 used;

	if ((rc = question_bank_of(db, op->id, &bank, op->why)) != SDRZ_OK)
		return rc;
	/* The bank locked: a publish (which locks it shared) waits, so no
	 * attempt can draw this question while we decide. */
	if ((rc = bank_open(db, bank, 1, op->a, COURSE_RIGHT_WRITE, op->why)) !=
	    SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_BANK_PUBLISHED)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, bank);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_DB;
	used = db_col_int(st, 0) != 0;
	if ((st = db_stmt(db, used ? SQL_Q_RETIRE : SQL_Q_DELETE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, op->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	op->deleted = !used;
	return SDRZ_OK;
}

enum sdrz_err
bank_question_remove(struct db *db, int64_t question_id,
    const struct audit_actor *a, struct sdrz_why *why, int *deleted)
{
	struct remove_op	 op;
	enum sdrz_err		 rc;

	if ((rc = bank_need(db, a, 0, COURSE_RIGHT_READ, why)) != SDRZ_OK)
		return rc;
	memset(&op, 0, sizeof(op));
	op.id = question_id;
	op.a = a;
	op.why = why;
	if ((rc = db_tx(db, remove_tx, &op)) == SDRZ_OK && deleted != NULL)
		*deleted = op.deleted;
	return rc;
}

/* ---- the spreadsheet template and import ---- */

/* The template's columns, in order; the import finds them by these
 * header names (ignoring spaces, a '*' and a parenthesised note). */
enum tcol {
	TC_KIND, TC_STEM, TC_A, TC_B, TC_C, TC_D, TC_E, TC_F, TC_G, TC_H,
	TC_ANSWER, TC_EXPLANATION, TC_TAGS, TC__MAX
};

static const char *const tcol_names[TC__MAX] = {
	"题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F",
	"选项G", "选项H", "答案", "解析", "标签",
};

#define IMPORT_ROWS_MAX		5000
#define IMPORT_ERRORS_MAX	200

/* Reads a whole file into a malloc'd buffer. */
static enum sdrz_err
slurp(const char *path, unsigned char **data, size_t *len)
{
	FILE		*fp;
	long		 n;
	unsigned char	*buf;

	if ((fp = fopen(path, "rb")) == NULL)
		return SDRZ_ERR_IO;
	if (fseek(fp, 0, SEEK_END) == -1 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) == -1) {
		fclose(fp);
		return SDRZ_ERR_IO;
	}
	if ((buf = malloc((size_t)n + 1)) == NULL) {
		fclose(fp);
		return SDRZ_ERR_NOMEM;
	}
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		fclose(fp);
		return SDRZ_ERR_IO;
	}
	fclose(fp);
	*data = buf;
	*len = (size_t)n;
	return SDRZ_OK;
}

enum sdrz_err
bank_template(struct db *db, const struct audit_actor *a,
    struct sdrz_why *why, unsigned char **data, size_t *len)
{
	static char	 k0[] = "单选题", k1[] = "多选题", k2[] = "判断题";
	static char	*kinds[] = { k0, k1, k2, NULL };
	static char	 title[] = "题型", msg[] = "请从下拉列表中选择:单选题、多选题或判断题";
	static const char *const notes[] = {
		"填写说明",
		"1. 第一个工作表“试题”的第一行是列名,请勿修改;从第二行起每行一道试题。",
		"2. 题型:单选题、多选题或判断题(可从下拉列表选择)。",
		"3. 选项A至选项H:选择题至少填写两个选项,从选项A起依次填写,中间不要空列;判断题不填选项(固定为“正确”“错误”)。",
		"4. 答案:选择题填写正确选项的字母,如 A;多选题填写两个或以上字母,如 AC;判断题填写“正确”或“错误”。",
		"5. 解析:答题后给学员看的说明,可不填。标签:用逗号分隔的若干词,小节考试可按标签抽题,可不填。",
		"6. 导入时逐行检查,任何一行有误都不会导入任何试题,请按提示修改后重新导入。",
		"",
		"示例(请在“试题”工作表中按此格式填写):",
	};
	static const char *const examples[][TC__MAX] = {
		{ "单选题", "根据《专业技术人员继续教育规定》,专业技术人员参加继续教育的时间,每年累计应不少于多少学时?",
		    "60学时", "72学时", "90学时", "120学时", "", "", "", "",
		    "C", "人社部令第25号第八条:每年累计不少于90学时,其中专业科目一般不少于总学时的三分之二。",
		    "继续教育规定" },
		{ "多选题", "专业技术人员继续教育的内容包括哪些?", "公需科目",
		    "专业科目", "娱乐科目", "", "", "", "", "", "AB",
		    "继续教育内容包括公需科目和专业科目。", "继续教育规定" },
		{ "判断题", "专业科目学时一般不少于继续教育总学时的三分之二。", "",
		    "", "", "", "", "", "", "", "正确", "", "继续教育规定" },
	};
	lxw_workbook_options	 opt = { 0, NULL, 0 };
	lxw_workbook		*wb;
	lxw_worksheet		*ws, *help;
	lxw_format		*head;
	lxw_data_validation	 dv;
	char			 path[] = "/tmp/sdrz-template-XXXXXX";
	const char		*tmp = getenv("TMPDIR");
	char			 tpath[512];
	enum sdrz_err		 rc;
	int			 fd, i, j;

	*data = NULL;
	*len = 0;
	if ((rc = bank_need(db, a, 0, COURSE_RIGHT_READ, why)) != SDRZ_OK)
		return rc;
	/* libxlsxwriter (1.1.4) writes to a file only: a private temporary
	 * one, read back and removed. */
	if (tmp != NULL && *tmp != '\0' && strlen(tmp) < 400)
		snprintf(tpath, sizeof(tpath), "%s/sdrz-template-XXXXXX", tmp);
	else
		snprintf(tpath, sizeof(tpath), "%s", path);
	if ((fd = mkstemp(tpath)) == -1)
		return SDRZ_ERR_IO;
	close(fd);
	if ((wb = workbook_new_opt(tpath, &opt)) == NULL) {
		unlink(tpath);
		return SDRZ_ERR_IO;
	}
	ws = workbook_add_worksheet(wb, "试题");
	help = workbook_add_worksheet(wb, "填写说明");
	head = workbook_add_format(wb);
	format_set_bold(head);
	for (i = 0; i < TC__MAX; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, tcol_names[i],
		    head);
	worksheet_set_column(ws, TC_KIND, TC_KIND, 10, NULL);
	worksheet_set_column(ws, TC_STEM, TC_STEM, 50, NULL);
	worksheet_set_column(ws, TC_A, TC_H, 16, NULL);
	worksheet_set_column(ws, TC_ANSWER, TC_ANSWER, 8, NULL);
	worksheet_set_column(ws, TC_EXPLANATION, TC_EXPLANATION, 40, NULL);
	worksheet_set_column(ws, TC_TAGS, TC_TAGS, 16, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	memset(&dv, 0, sizeof(dv));
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = kinds;
	dv.input_title = title;
	dv.input_message = msg;
	worksheet_data_validation_range(ws, 1, TC_KIND, IMPORT_ROWS_MAX,
	    TC_KIND, &dv);
	worksheet_set_column(help, 0, 0, 100, NULL);
	for (i = 0; i < (int)(sizeof(notes) / sizeof(notes[0])); i++)
		worksheet_write_string(help, (lxw_row_t)i, 0, notes[i],
		    i == 0 ? head : NULL);
	j = (int)(sizeof(notes) / sizeof(notes[0]));
	for (i = 0; i < TC__MAX; i++)
		worksheet_write_string(help, (lxw_row_t)j, (lxw_col_t)i,
		    tcol_names[i], head);
	for (i = 0; i < 3; i++) {
		int	 k;

		for (k = 0; k < TC__MAX; k++)
			if (examples[i][k][0] != '\0')
				worksheet_write_string(help,
				    (lxw_row_t)(j + 1 + i), (lxw_col_t)k,
				    examples[i][k], NULL);
	}
	if (workbook_close(wb) != LXW_NO_ERROR) {
		unlink(tpath);
		return SDRZ_ERR_IO;
	}
	rc = slurp(tpath, data, len);
	unlink(tpath);
	return rc;
}

/* A header cell's name: spaces, '*' and a trailing (note) removed. */
static void
header_name(const char *s, char *out, size_t sz)
{
	size_t	 n = 0;

	for (; *s && n + 1 < sz; s++) {
		if (*s == '(' || strncmp(s, "\xef\xbc\x88", 3) == 0)
			break;	/* ( or （ */
		if (*s == ' ' || *s == '*' || *s == '\t')
			continue;
		if (strncmp(s, "\xe3\x80\x80", 3) == 0) {	/* ideographic space */
			s += 2;
			continue;
		}
		out[n++] = *s;
	}
	out[n] = '\0';
}

static int
header_col(const char *name)
{
	static const struct {
		const char	*alias;
		enum tcol	 col;
	} aliases[] = {
		{ "试题类型", TC_KIND }, { "题目", TC_STEM },
		{ "正确答案", TC_ANSWER }, { "答案解析", TC_EXPLANATION },
		{ "A", TC_A }, { "B", TC_B }, { "C", TC_C }, { "D", TC_D },
		{ "E", TC_E }, { "F", TC_F }, { "G", TC_G }, { "H", TC_H },
	};
	size_t	 i;

	for (i = 0; i < TC__MAX; i++)
		if (strcmp(name, tcol_names[i]) == 0)
			return (int)i;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(name, aliases[i].alias) == 0)
			return (int)aliases[i].col;
	return -1;
}

struct import_ctx {
	cJSON			*errors;
	unsigned		 cols[TC__MAX];	/* sheet column of each */
	int			 have[TC__MAX];
};

static void
row_error(struct import_ctx *c, unsigned row, int tc, const char *msg)
{
	cJSON	*e;
	char	 cell[16], col[8];

	if (cJSON_GetArraySize(c->errors) >= IMPORT_ERRORS_MAX)
		return;
	e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "row", row);
	cJSON_AddStringToObject(e, "column", tc >= 0 ? tcol_names[tc] : "");
	if (tc >= 0 && c->have[tc]) {
		xlsx_col_name(c->cols[tc], col);
		snprintf(cell, sizeof(cell), "%s%u", col, row);
		cJSON_AddStringToObject(e, "cell", cell);
	} else
		cJSON_AddNullToObject(e, "cell");
	cJSON_AddStringToObject(e, "message", msg);
	cJSON_AddItemToArray(c->errors, e);
}

/* The trimmed text of a template column in a row, "" when empty. */
static char *
cell_of(const struct xlsx_sheet *sh, const struct import_ctx *c,
    unsigned row, int tc)
{
	const char	*s = c->have[tc] ? xlsx_cell(sh, row, c->cols[tc]) : NULL;
	char		*t = strdup(s ? s : "");

	if (t != NULL)
		util_trim(t);
	return t;
}

/*
 * An answer cell as option indexes: letters (A, AC, A,C, A、C, in either
 * case or full width) for choice questions; 正确/错误 (对/错, √/×, A/B,
 * TRUE/FALSE) for judge ones. NULL with *msg on a bad cell.
 */
static cJSON *
answer_of(enum bank_kind kind, const char *s, int nopts, const char **msg)
{
	static char	 buf[96];
	cJSON		*a;
	int		 seen[BANK_OPTIONS_MAX] = { 0 }, i, any = 0;
	const unsigned char *p = (const unsigned char *)s;

	*msg = NULL;
	if (*s == '\0') {
		*msg = "请填写答案";
		return NULL;
	}
	if (kind == BANK_JUDGE) {
		static const char *const yes[] = { "正确", "对", "√", "A", "a",
		    "T", "TRUE", "是", NULL };
		static const char *const no[] = { "错误", "错", "×", "B", "b",
		    "F", "FALSE", "否", NULL };
		const char *const *w;

		for (w = yes; *w; w++)
			if (strcmp(s, *w) == 0)
				break;
		if (*w) {
			a = cJSON_CreateArray();
			cJSON_AddItemToArray(a, cJSON_CreateNumber(0));
			return a;
		}
		for (w = no; *w; w++)
			if (strcmp(s, *w) == 0)
				break;
		if (*w) {
			a = cJSON_CreateArray();
			cJSON_AddItemToArray(a, cJSON_CreateNumber(1));
			return a;
		}
		*msg = "判断题的答案请填写“正确”或“错误”";
		return NULL;
	}
	while (*p) {
		int	 letter = -1;

		if (*p >= 'A' && *p <= 'Z')
			letter = *p - 'A', p++;
		else if (*p >= 'a' && *p <= 'z')
			letter = *p - 'a', p++;
		else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0xa1 &&
		    p[2] <= 0xba)	/* Ａ..Ｚ */
			letter = p[2] - 0xa1, p += 3;
		else if (p[0] == 0xef && p[1] == 0xbd && p[2] >= 0x81 &&
		    p[2] <= 0x9a)	/* ａ..ｚ */
			letter = p[2] - 0x81, p += 3;
		else if (*p == ',' || *p == ' ' || *p == ';')
			p++;
		else if (strncmp((const char *)p, "\xef\xbc\x8c", 3) == 0 ||
		    strncmp((const char *)p, "\xe3\x80\x81", 3) == 0 ||
		    strncmp((const char *)p, "\xef\xbc\x9b", 3) == 0)
			p += 3;	/* ，、； */
		else {
			*msg = "答案请填写选项字母,如 A 或 AC";
			return NULL;
		}
		if (letter < 0)
			continue;
		if (letter >= nopts) {
			snprintf(buf, sizeof(buf), "答案中的 %c 没有对应的选项",
			    'A' + letter);
			*msg = buf;
			return NULL;
		}
		if (seen[letter]) {
			*msg = "答案中的字母重复了";
			return NULL;
		}
		seen[letter] = 1;
		any = 1;
	}
	if (!any) {
		*msg = "请填写答案";
		return NULL;
	}
	a = cJSON_CreateArray();
	for (i = 0; i < nopts; i++)
		if (seen[i])
			cJSON_AddItemToArray(a, cJSON_CreateNumber(i));
	return a;
}

/* Holds the checked questions of the sheet; every text is owned here. */
struct import_rows {
	struct question_in	*q;
	char			**texts;	/* stems and explanations */
	size_t			 n, ntexts;
};

static void
import_rows_free(struct import_rows *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		question_in_release(&r->q[i]);
	for (i = 0; i < r->ntexts; i++)
		free(r->texts[i]);
	free(r->q);
	free(r->texts);
	memset(r, 0, sizeof(*r));
}

/* Checks one row into q; 0, -1 when it had errors (recorded). */
static int
import_row(const struct xlsx_sheet *sh, struct import_ctx *c, unsigned row,
    struct question_in *q, char **stem_out, char **expl_out)
{
	char		*cells[TC__MAX] = { NULL }, msg[256];
	cJSON		*opts = NULL, *ans = NULL;
	const char	*m, *field;
	enum bank_kind	 kind;
	int		 i, nopts = 0, gap = -1, bad = 0, e0;
	struct form	 f;

	e0 = cJSON_GetArraySize(c->errors);
	for (i = 0; i < TC__MAX; i++)
		if ((cells[i] = cell_of(sh, c, row, i)) == NULL)
			goto nomem;
	memset(q, 0, sizeof(*q));
	kind = bank_kind(cells[TC_KIND]);
	if (kind == BANK_KIND__MAX)
		row_error(c, row, TC_KIND, *cells[TC_KIND] ? "题型须为单选题、"
		    "多选题或判断题" : "请填写题型");
	if (*cells[TC_STEM] == '\0')
		row_error(c, row, TC_STEM, "请填写题干");
	else if ((m = form_text_check(cells[TC_STEM], 1, 1000, "题干", msg,
	    sizeof(msg))) != NULL)
		row_error(c, row, TC_STEM, m);
	if ((m = form_text_check(cells[TC_EXPLANATION], 1, 1000, "解析", msg,
	    sizeof(msg))) != NULL)
		row_error(c, row, TC_EXPLANATION, m);
	if ((m = tags_normalise(cells[TC_TAGS], q->tags, sizeof(q->tags))) !=
	    NULL)
		row_error(c, row, TC_TAGS, m);
	if (kind == BANK_JUDGE) {
		opts = cJSON_CreateArray();
		cJSON_AddItemToArray(opts, cJSON_CreateString(JUDGE_TRUE));
		cJSON_AddItemToArray(opts, cJSON_CreateString(JUDGE_FALSE));
		nopts = 2;
	} else if (kind != BANK_KIND__MAX) {
		opts = cJSON_CreateArray();
		for (i = TC_A; i <= TC_H; i++) {
			if (*cells[i] == '\0') {
				if (gap < 0)
					gap = i;
				continue;
			}
			if (gap >= 0) {
				snprintf(msg, sizeof(msg), "%s为空,请从选项A起"
				    "依次填写", tcol_names[gap]);
				row_error(c, row, gap, msg);
				bad = 1;
				break;
			}
			if ((m = form_text_check(cells[i], 0,
			    BANK_OPTION_MAXLEN, tcol_names[i], msg,
			    sizeof(msg))) != NULL) {
				row_error(c, row, i, m);
				bad = 1;
			}
			cJSON_AddItemToArray(opts, cJSON_CreateString(
			    cells[i]));
			nopts++;
		}
		if (!bad && nopts < BANK_OPTIONS_MIN) {
			row_error(c, row, nopts == 0 ? TC_A : TC_A + nopts,
			    "选择题至少要填写两个选项");
			bad = 1;
		}
	}
	if (kind != BANK_KIND__MAX && !bad) {
		if ((ans = answer_of(kind, cells[TC_ANSWER], nopts, &m)) ==
		    NULL)
			row_error(c, row, TC_ANSWER, m);
		else if ((m = bank_check(kind, opts, ans, &field)) != NULL)
			row_error(c, row, field != NULL && strcmp(field,
			    "options") == 0 ? TC_A : TC_ANSWER, m);
	}
	if (cJSON_GetArraySize(c->errors) == e0) {
		memset(&f, 0, sizeof(f));
		q->kind = kind;
		q->active = -1;
		q->options = cJSON_PrintUnformatted(opts);
		q->answer = cJSON_PrintUnformatted(ans);
		*stem_out = cells[TC_STEM];
		*expl_out = cells[TC_EXPLANATION];
		cells[TC_STEM] = cells[TC_EXPLANATION] = NULL;
		q->stem = *stem_out;
		q->explanation = **expl_out ? *expl_out : NULL;
		if (q->options == NULL || q->answer == NULL)
			goto nomem;
	}
	for (i = 0; i < TC__MAX; i++)
		free(cells[i]);
	cJSON_Delete(opts);
	cJSON_Delete(ans);
	return cJSON_GetArraySize(c->errors) == e0 ? 0 : -1;
nomem:
	for (i = 0; i < TC__MAX; i++)
		free(cells[i]);
	cJSON_Delete(opts);
	cJSON_Delete(ans);
	return -2;
}

/* Reads the sheet's questions, every row checked; errors in c. */
static enum sdrz_err
import_parse(const struct xlsx_sheet *sh, struct import_ctx *c,
    struct import_rows *out)
{
	const struct xlsx_row	*hr = NULL;
	size_t			 i, k;
	unsigned		 row, last;
	char			 name[128];
	int			 tc, r, any;
	char			*stem, *expl;

	/* The header: the first of the first rows that names 题型 and 题干. */
	for (i = 0; i < sh->nrows && i < 10 && hr == NULL; i++) {
		memset(c->have, 0, sizeof(c->have));
		for (k = 0; k < sh->rows[i].ncells; k++) {
			header_name(sh->rows[i].cells[k].text, name,
			    sizeof(name));
			if ((tc = header_col(name)) >= 0 && !c->have[tc]) {
				c->have[tc] = 1;
				c->cols[tc] = sh->rows[i].cells[k].col;
			}
		}
		if (c->have[TC_KIND] && c->have[TC_STEM])
			hr = &sh->rows[i];
	}
	if (hr == NULL) {
		memset(c->have, 0, sizeof(c->have));
		row_error(c, 1, -1, "没有找到列名行:第一行应为“题型、题干、选项A…"
		    "选项H、答案、解析、标签”,请使用下载的模板");
		return SDRZ_ERR_INVALID;
	}
	if (!c->have[TC_ANSWER]) {
		row_error(c, hr->num, TC_ANSWER, "缺少“答案”列,请使用下载的模板");
		return SDRZ_ERR_INVALID;
	}
	last = sh->nrows ? sh->rows[sh->nrows - 1].num : 0;
	for (i = 0; i < sh->nrows; i++) {
		row = sh->rows[i].num;
		if (row <= hr->num)
			continue;
		/* A row whose template cells are all empty is no question. */
		any = 0;
		for (k = 0; k < sh->rows[i].ncells && !any; k++) {
			const char	*t = sh->rows[i].cells[k].text;

			for (tc = 0; tc < TC__MAX; tc++)
				if (c->have[tc] && c->cols[tc] ==
				    sh->rows[i].cells[k].col)
					break;
			if (tc < TC__MAX && t[strspn(t, " \t\r\n")] != '\0')
				any = 1;
		}
		if (!any)
			continue;
		if (out->n >= IMPORT_ROWS_MAX) {
			row_error(c, row, -1, "一次最多导入 5000 道试题,"
			    "请分成几个文件导入");
			return SDRZ_ERR_INVALID;
		}
		if (out->n % 64 == 0) {
			void	*nq = realloc(out->q, (out->n + 64) *
			    sizeof(*out->q));
			void	*nt;

			if (nq == NULL)
				return SDRZ_ERR_NOMEM;
			out->q = nq;
			if ((nt = realloc(out->texts, (out->n + 64) * 2 *
			    sizeof(*out->texts))) == NULL)
				return SDRZ_ERR_NOMEM;
			out->texts = nt;
		}
		stem = expl = NULL;
		r = import_row(sh, c, row, &out->q[out->n], &stem, &expl);
		if (r == -2)
			return SDRZ_ERR_NOMEM;
		if (stem != NULL)
			out->texts[out->ntexts++] = stem;
		if (expl != NULL)
			out->texts[out->ntexts++] = expl;
		if (r == 0)
			out->n++;
		else
			question_in_release(&out->q[out->n]);
	}
	(void)last;
	if (cJSON_GetArraySize(c->errors) > 0)
		return SDRZ_ERR_INVALID;
	if (out->n == 0) {
		row_error(c, hr->num + 1, -1, "表格中没有试题:请从列名下一行起,"
		    "每行填写一道试题");
		return SDRZ_ERR_INVALID;
	}
	return SDRZ_OK;
}

struct import_op {
	int64_t			 bank_id;
	const struct audit_actor *a;
	struct sdrz_why		*why;
	const struct import_rows *rows;
};

static enum sdrz_err
import_tx(struct db *db, void *arg)
{
	struct import_op	*op = arg;
	enum sdrz_err		 rc;
	size_t			 i;
	char			 detail[64];

	if ((rc = bank_open(db, op->bank_id, 1, op->a, COURSE_RIGHT_WRITE,
	    op->why)) != SDRZ_OK)
		return rc;
	for (i = 0; i < op->rows->n; i++)
		if ((rc = question_insert(db, op->bank_id, &op->rows->q[i],
		    NULL)) != SDRZ_OK)
			return rc;
	snprintf(detail, sizeof(detail), "{\"questions\":%zu}", op->rows->n);
	return audit_add(db, op->a, "bank.import", "question_bank",
	    op->bank_id, detail);
}

enum sdrz_err
bank_import(struct db *db, int64_t bank_id, const unsigned char *data,
    size_t len, const struct audit_actor *a, struct sdrz_why *why,
    cJSON **errors, long *count)
{
	struct xlsx_sheet	*sh = NULL;
	struct import_ctx	 c;
	struct import_rows	 rows;
	struct import_op	 op;
	const char		*msg = NULL;
	enum sdrz_err		 rc;

	*errors = NULL;
	*count = 0;
	memset(&rows, 0, sizeof(rows));
	memset(&c, 0, sizeof(c));
	/* The right before the file: outsiders learn nothing from it. */
	if ((rc = bank_open(db, bank_id, 0, a, COURSE_RIGHT_WRITE, why)) !=
	    SDRZ_OK)
		return rc;
	if ((rc = xlsx_read(data, len, 0, &sh, &msg)) != SDRZ_OK) {
		if (rc == SDRZ_ERR_INVALID)
			set_why(why, "bad_file", msg, "file");
		return rc;
	}
	if ((c.errors = cJSON_CreateArray()) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	if ((rc = import_parse(sh, &c, &rows)) != SDRZ_OK) {
		if (rc == SDRZ_ERR_INVALID) {
			*errors = c.errors;
			c.errors = NULL;
		}
		goto out;
	}
	op.bank_id = bank_id;
	op.a = a;
	op.why = why;
	op.rows = &rows;
	if ((rc = db_tx(db, import_tx, &op)) == SDRZ_OK)
		*count = (long)rows.n;
out:
	cJSON_Delete(c.errors);
	import_rows_free(&rows);
	xlsx_sheet_free(sh);
	return rc;
}
