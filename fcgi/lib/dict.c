#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dict.h"
#include "util.h"

/*
 * The parent of an item lives in the same dictionary, or in the one
 * dict.parent_dict names; every statement that shows a parent's name joins
 * through dict for that reason.
 */
static const char SQL_CHECK[] =
    "SELECT 1 FROM dict_item WHERE dict = ? AND code = ?";
static const char SQL_LOOKUP[] =
    "SELECT i.code, i.name, i.parent_code, p.name, i.level, i.attr"
    " FROM dict_item i JOIN dict d ON d.name = i.dict"
    " LEFT JOIN dict_item p ON p.dict = COALESCE(d.parent_dict, i.dict)"
    " AND p.code = i.parent_code"
    " WHERE i.dict = ? AND i.code = ?";
static const char SQL_GET[] =
    "SELECT d.name, d.label, d.hierarchical, d.parent_dict, d.attr_label,"
    " d.source, (SELECT COUNT(*) FROM dict_item i WHERE i.dict = d.name)"
    " FROM dict d WHERE d.name = ?";
static const char SQL_LIST[] =
    "SELECT d.name, d.label, d.hierarchical, d.parent_dict, d.attr_label,"
    " d.source, (SELECT COUNT(*) FROM dict_item i WHERE i.dict = d.name)"
    " FROM dict d ORDER BY d.sort, d.name";
/*
 * One text for every filter, so that one prepared statement serves them
 * all: a NULL parameter switches its condition off. Parameters: 0 dict;
 * 1 filter by parent (0/1), 2 parent (NULL: top level); 3, 4 attr; 5, 6
 * "%text%" for the name, 7 "TEXT%" for the code (NULL unless the text has
 * the shape of a code: an ASCII column must not be compared with other
 * characters); 8 search on (NULL: off), 9 text, 10 "text%": the rank;
 * 11 search on, for the level; 12 limit.
 */
static const char SQL_QUERY[] =
    "SELECT i.code, i.name, i.parent_code, p.name, i.level, i.attr"
    " FROM dict_item i JOIN dict d ON d.name = i.dict"
    " LEFT JOIN dict_item p ON p.dict = COALESCE(d.parent_dict, i.dict)"
    " AND p.code = i.parent_code"
    " WHERE i.dict = ?"
    " AND (? = 0 OR i.parent_code <=> ?)"
    " AND (? IS NULL OR i.attr = ?)"
    " AND (? IS NULL OR i.name LIKE ? ESCAPE '!' OR i.code LIKE ?)"
    " ORDER BY CASE WHEN ? IS NULL THEN 0 WHEN i.name = ? THEN 0"
    " WHEN i.name LIKE ? ESCAPE '!' THEN 1 ELSE 2 END,"
    " CASE WHEN ? IS NULL THEN 0 ELSE i.level END, i.sort"
    " LIMIT ?";

/* The query's LIMIT when the caller wants everything: more than any
 * dictionary holds. */
#define ALL_ITEMS 1000000

/*
 * Every item's name, kept by the process for DICT_NAMES_TTL seconds, so
 * that a statement that shows names (the person of every signed-in
 * request, the rows of a list) selects codes and the names come from
 * memory instead of a subquery per code. The dictionaries change only
 * with a migration: an item added since the last load is looked up in
 * the database; a renamed or removed one shows its old name until the
 * next load.
 */
static const char SQL_NAMES[] = "SELECT dict, code, name FROM dict_item";

struct name_entry {
	char	*dict;
	char	*code;
	char	*name;
};

static struct {
	struct name_entry	*v;
	size_t			 n;
	double			 at_ms;		/* when loaded; 0: never */
} names;

int
dict_name_valid(const char *s)
{
	size_t	 n;

	if (s == NULL || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return 0;
	return n <= DICT_NAME_MAX;
}

int
dict_code_valid(const char *s)
{
	size_t	 n;

	if (s == NULL || s[0] == '\0')
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= 'A' && s[n] <= 'Z') ||
		    (s[n] >= '0' && s[n] <= '9')))
			return 0;
	return n <= DICT_CODE_MAX;
}

int
dict_like_escape(const char *s, char *out, size_t outsz)
{
	size_t	 j = 0;

	if (outsz == 0)
		return -1;
	for (; *s != '\0'; s++) {
		if (*s == '!' || *s == '%' || *s == '_') {
			if (j + 1 >= outsz)
				goto full;
			out[j++] = '!';
		}
		if (j + 1 >= outsz)
			goto full;
		out[j++] = *s;
	}
	out[j] = '\0';
	return 0;
full:
	out[0] = '\0';
	return -1;
}

size_t
dict_utf8_chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void
dict_item_clear(struct dict_item *it)
{
	free(it->code);
	free(it->name);
	free(it->parent);
	free(it->parent_name);
	free(it->attr);
	memset(it, 0, sizeof(*it));
}

void
dict_items_clear(struct dict_items *items)
{
	size_t	 i;

	for (i = 0; i < items->n; i++)
		dict_item_clear(&items->v[i]);
	free(items->v);
	memset(items, 0, sizeof(*items));
}

void
dict_info_clear(struct dict_info *d)
{
	free(d->label);
	free(d->parent_dict);
	free(d->attr_label);
	free(d->source);
	memset(d, 0, sizeof(*d));
}

void
dict_list_free(struct dict_info *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		dict_info_clear(&v[i]);
	free(v);
}

/* Copies the current row of an item statement (the columns of
 * SQL_LOOKUP and SQL_QUERY) into it; -1 when out of memory. */
static int
row_item(const struct db_stmt *st, struct dict_item *it)
{
	memset(it, 0, sizeof(*it));
	it->code = util_strdup0(db_col_text(st, 0));
	it->name = util_strdup0(db_col_text(st, 1));
	it->parent = util_strdup0(db_col_text(st, 2));
	it->parent_name = util_strdup0(db_col_text(st, 3));
	it->level = (int)db_col_int(st, 4);
	it->attr = util_strdup0(db_col_text(st, 5));
	if (it->code == NULL || it->name == NULL ||
	    (it->parent == NULL) != db_col_isnull(st, 2) ||
	    (it->parent_name == NULL) != db_col_isnull(st, 3) ||
	    (it->attr == NULL) != db_col_isnull(st, 5)) {
		dict_item_clear(it);
		return -1;
	}
	return 0;
}

/* The same for the columns of SQL_GET and SQL_LIST. */
static int
row_info(const struct db_stmt *st, struct dict_info *d)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", db_col_text(st, 0));
	d->label = util_strdup0(db_col_text(st, 1));
	d->hierarchical = db_col_int(st, 2) != 0;
	d->parent_dict = util_strdup0(db_col_text(st, 3));
	d->attr_label = util_strdup0(db_col_text(st, 4));
	d->source = util_strdup0(db_col_text(st, 5));
	d->count = (long)db_col_int(st, 6);
	if (d->label == NULL || d->source == NULL ||
	    (d->parent_dict == NULL) != db_col_isnull(st, 3) ||
	    (d->attr_label == NULL) != db_col_isnull(st, 4)) {
		dict_info_clear(d);
		return -1;
	}
	return 0;
}

enum sdrz_err
dict_check(struct db *db, const char *dict, const char *code)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	if (!dict_name_valid(dict) || !dict_code_valid(code))
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_CHECK)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, dict);
	db_bind_text(st, 1, code);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	return r == 1 ? SDRZ_OK : SDRZ_ERR_INVALID;
}

enum sdrz_err
dict_lookup(struct db *db, const char *dict, const char *code,
    struct dict_item *out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	memset(out, 0, sizeof(*out));
	if (!dict_name_valid(dict) || !dict_code_valid(code))
		return SDRZ_ERR_NOT_FOUND;
	if ((st = db_stmt(db, SQL_LOOKUP)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, dict);
	db_bind_text(st, 1, code);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0)
		return SDRZ_ERR_NOT_FOUND;
	return row_item(st, out) == -1 ? SDRZ_ERR_NOMEM : SDRZ_OK;
}

static int
name_cmp(const void *a, const void *b)
{
	const struct name_entry	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->dict, y->dict)) != 0)
		return c;
	return strcmp(x->code, y->code);
}

static void
names_free(struct name_entry *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].dict);
		free(v[i].code);
		free(v[i].name);
	}
	free(v);
}

void
dict_names_release(void)
{
	names_free(names.v, names.n);
	memset(&names, 0, sizeof(names));
}

/* Loads every item's name when the kept copy is missing or older than
 * DICT_NAMES_TTL; on failure the old copy, if any, stays in use. */
static void
names_load(struct db *db)
{
	struct db_stmt		*st;
	struct name_entry	*v = NULL, *nv;
	size_t			 n = 0, cap = 0;
	double			 now = util_now_ms();
	int			 r;

	if (names.at_ms > 0 && now - names.at_ms < DICT_NAMES_TTL * 1000.0)
		return;
	if ((st = db_stmt(db, SQL_NAMES)) == NULL || db_exec(st) != SDRZ_OK)
		return;
	while ((r = db_next(st)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				goto fail;
			v = nv;
		}
		v[n].dict = util_strdup0(db_col_text(st, 0));
		v[n].code = util_strdup0(db_col_text(st, 1));
		v[n].name = util_strdup0(db_col_text(st, 2));
		n++;
		if (v[n - 1].dict == NULL || v[n - 1].code == NULL ||
		    v[n - 1].name == NULL)
			goto fail;
	}
	if (r == -1)
		goto fail;
	/* The order of the search below, whatever the collation's. */
	if (n > 0)
		qsort(v, n, sizeof(*v), name_cmp);
	names_free(names.v, names.n);
	names.v = v;
	names.n = n;
	names.at_ms = now;
	return;
fail:
	names_free(v, n);
}

/* The kept name of an item, NULL when it is not kept. */
static const char *
names_find(const char *dict, const char *code)
{
	struct name_entry	 key, *e;

	if (names.n == 0)
		return NULL;
	key.dict = (char *)dict;
	key.code = (char *)code;
	e = bsearch(&key, names.v, names.n, sizeof(*names.v), name_cmp);
	return e != NULL ? e->name : NULL;
}

/* Copies name into out (size outsz > 0), cut before a continuation
 * byte, never inside a character. */
static void
copy_name(char *out, size_t outsz, const char *name)
{
	size_t	 n = strlen(name);

	if (n >= outsz) {
		n = outsz - 1;
		while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, name, n);
	out[n] = '\0';
}

enum sdrz_err
dict_item_name(struct db *db, const char *dict, const char *code,
    char *out, size_t outsz)
{
	struct dict_item	 it;
	const char		*kept;
	enum sdrz_err		 rc;

	if (outsz == 0)
		return SDRZ_ERR_INVALID;
	out[0] = '\0';
	if (!dict_name_valid(dict) || !dict_code_valid(code))
		return SDRZ_ERR_NOT_FOUND;
	names_load(db);
	if ((kept = names_find(dict, code)) != NULL) {
		copy_name(out, outsz, kept);
		return SDRZ_OK;
	}
	if ((rc = dict_lookup(db, dict, code, &it)) != SDRZ_OK)
		return rc;
	copy_name(out, outsz, it.name);
	dict_item_clear(&it);
	return SDRZ_OK;
}


enum sdrz_err
dict_get(struct db *db, const char *name, struct dict_info *out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	memset(out, 0, sizeof(*out));
	if (!dict_name_valid(name))
		return SDRZ_ERR_NOT_FOUND;
	if ((st = db_stmt(db, SQL_GET)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, name);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	if (r == 0)
		return SDRZ_ERR_NOT_FOUND;
	return row_info(st, out) == -1 ? SDRZ_ERR_NOMEM : SDRZ_OK;
}

enum sdrz_err
dict_list(struct db *db, struct dict_info **out, size_t *nout)
{
	struct db_stmt		*st;
	struct dict_info	*v = NULL, *nv;
	size_t			 n = 0;
	enum sdrz_err		 rc;
	int			 r;

	*out = NULL;
	*nout = 0;
	if ((st = db_stmt(db, SQL_LIST)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while ((r = db_next(st)) == 1) {
		if ((nv = realloc(v, (n + 1) * sizeof(*v))) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto fail;
		}
		v = nv;
		if (row_info(st, &v[n]) == -1) {
			rc = SDRZ_ERR_NOMEM;
			goto fail;
		}
		n++;
	}
	if (r == -1) {
		rc = SDRZ_ERR_DB;
		goto fail;
	}
	*out = v;
	*nout = n;
	return SDRZ_OK;
fail:
	dict_list_free(v, n);
	return rc;
}

enum sdrz_err
dict_query(struct db *db, const char *dict, const struct dict_query *qr,
    struct dict_items *out)
{
	struct db_stmt		*st;
	struct dict_item	*nv;
	const char		*q;
	char			*infix = NULL, *prefix = NULL, *code = NULL, *p;
	char			 esc[DICT_QUERY_MAX * 8 + 1];
	size_t			 cap = 0, limit;
	enum sdrz_err		 rc;
	int			 r;

	dict_items_clear(out);
	q = qr->q != NULL && qr->q[0] != '\0' ? qr->q : NULL;
	if (q != NULL && dict_utf8_chars(q) > DICT_QUERY_MAX)
		return SDRZ_ERR_INVALID;
	if (qr->by_parent && qr->parent != NULL && qr->parent[0] != '\0' &&
	    !dict_code_valid(qr->parent))
		return SDRZ_ERR_INVALID;
	if (qr->attr != NULL && !dict_code_valid(qr->attr))
		return SDRZ_ERR_INVALID;
	if (!dict_name_valid(dict))
		return SDRZ_OK;
	if (q != NULL) {
		/* At most 4 bytes a character, 2 for an escaped one: the
		 * buffer holds any text of DICT_QUERY_MAX characters. */
		if (dict_like_escape(q, esc, sizeof(esc)) == -1)
			return SDRZ_ERR_INVALID;
		if (asprintf(&infix, "%%%s%%", esc) == -1) {
			infix = NULL;
			return SDRZ_ERR_NOMEM;
		}
		if (asprintf(&prefix, "%s%%", esc) == -1) {
			prefix = NULL;
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		if (dict_code_valid(q)) {
			if (asprintf(&code, "%s%%", q) == -1) {
				code = NULL;
				rc = SDRZ_ERR_NOMEM;
				goto out;
			}
			/* Codes use capitals only; a search by code should
			 * not care (i finds section I). */
			for (p = code; *p != '\0'; p++)
				*p = (char)toupper((unsigned char)*p);
		}
	}
	limit = qr->limit == 0 || qr->limit >= ALL_ITEMS ? ALL_ITEMS :
	    qr->limit;

	if ((st = db_stmt(db, SQL_QUERY)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_text(st, 0, dict);
	db_bind_int(st, 1, qr->by_parent ? 1 : 0);
	db_bind_text(st, 2, qr->by_parent && qr->parent != NULL &&
	    qr->parent[0] != '\0' ? qr->parent : NULL);
	db_bind_text(st, 3, qr->attr);
	db_bind_text(st, 4, qr->attr);
	db_bind_text(st, 5, infix);
	db_bind_text(st, 6, infix);
	db_bind_text(st, 7, code);
	db_bind_text(st, 8, q);
	db_bind_text(st, 9, q);
	db_bind_text(st, 10, prefix);
	db_bind_text(st, 11, q);
	/* One more than asked for tells whether there were more. */
	db_bind_int(st, 12, (int64_t)limit + 1);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	while ((r = db_next(st)) == 1) {
		if (out->n == limit) {
			out->truncated = 1;
			break;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nv = realloc(out->v, cap * sizeof(*nv))) == NULL) {
				rc = SDRZ_ERR_NOMEM;
				goto out;
			}
			out->v = nv;
		}
		if (row_item(st, &out->v[out->n]) == -1) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		out->n++;
	}
	rc = r == -1 ? SDRZ_ERR_DB : SDRZ_OK;
out:
	if (rc != SDRZ_OK)
		dict_items_clear(out);
	free(infix);
	free(prefix);
	free(code);
	return rc;
}
