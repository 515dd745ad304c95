/*
 * Paged lists: the one helper every list of the platform goes through.
 *
 * A list has a query table (struct list_param: name, Chinese label, type,
 * bounds, allowed values) that list_parse() checks the query string
 * against, beside the parameters every list shares: page (1..LIST_PAGE_MAX),
 * size (1..LIST_SIZE_MAX, LIST_SIZE_DEFAULT) and, for the lists that page
 * by key, after (the key of the last row of the previous page).
 *
 * list_run() answers one shape, {items, total, page, size} and, for a list
 * that pages by key, next: the key to pass as after for the following
 * page (null on the last page). A page asked with after is read by key
 * (WHERE key > after ... LIMIT size), never by OFFSET, so that page 2,000
 * of a million rows costs what page 1 costs. A database error while
 * counting, reading or fetching is that error: never a short list.
 */
#ifndef SDRZ_LIST_H
#define SDRZ_LIST_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct db;
struct db_stmt;
struct form;

#define LIST_SIZE_DEFAULT	20
#define LIST_SIZE_MAX		100	/* the one cap on a page's size */
#define LIST_PAGE_MAX		100000
#define LIST_PARAMS_MAX		16	/* entries of one query table */

/*
 * SQL: the LIKE pattern "starts with the bound text", its %, _ and \
 * escaped. A prefix match uses the column's index (a name search over a
 * million persons reads only the matching range), where LOCATE() or a
 * leading % reads every row.
 */
#define LIST_PREFIX_PARAM \
    "CONCAT(REPLACE(REPLACE(REPLACE(?, '\\\\', '\\\\\\\\'), '%', '\\\\%'), '_', '\\\\_'), '%')"

enum list_type {
	LIST_INT,	/* a decimal integer within [min, max] */
	LIST_TEXT,	/* text of at most max characters */
	LIST_ENUM,	/* one of allowed[] */
	LIST_DATE,	/* "YYYY-MM-DD", a real date */
	LIST_CODE,	/* a dictionary code: ASCII letters and digits, as
			 * the code columns hold (dict_code_valid()) */
};

struct list_param {
	const char		*name;	/* in the query string */
	const char		*label;	/* Chinese, for messages */
	enum list_type		 type;
	long			 min, max;	/* LIST_INT bounds; LIST_TEXT
						 * max characters */
	const char *const	*allowed;	/* LIST_ENUM, NULL-terminated */
};

/* Which page: by number, or by key when after is set. */
struct list_page {
	long		 page, size;
	int64_t		 after;		/* 0: none */
};

/* A checked query: the shared parameters, and one value per entry of the
 * list's table (absent and empty values are not set). */
struct list_query {
	struct list_page		 pg;
	const struct list_param		*params;
	size_t				 nparams;
	struct {
		int		 set;
		long		 n;	/* LIST_INT */
		const char	*s;	/* the text as given (not copied) */
	}				 v[LIST_PARAMS_MAX];
};

/*
 * Checks the query string, read through get(arg, name) (NULL when absent),
 * against the shared parameters and the table; seek says whether the list
 * takes after. Returns 0 with q filled, or -1 with a Chinese message under
 * each bad parameter's name in errs (form_error()); values are not copied
 * and live as long as get's source.
 */
int		 list_parse(struct list_query *q, const struct list_param *,
		    size_t n, int seek, const char *(*get)(void *,
		    const char *), void *arg, struct form *errs);
/* The value of a parameter by its name: NULL (text) or def (integer)
 * when it was not given. */
const char	*list_text(const struct list_query *, const char *name);
long		 list_int(const struct list_query *, const char *name,
		    long def);

/*
 * A list's statements and how to bind and read them.
 *  - count: "SELECT COUNT(*) ..." with the filters (NULL: none asked);
 *  - page: the rows "... LIMIT ? OFFSET ?";
 *  - seek: the same rows "... AND <key> > ? ... ORDER BY <key> LIMIT ?"
 *    (NULL: the list pages only by number). Both orders are by the key.
 * bind(st, at, q) binds the filters from index at and returns the next
 * index; it binds the same filters in the same order into all three.
 * row(st, item, q) fills one item from the current row. key_col is the
 * column of the key in page and seek (read when seek is not NULL).
 */
struct list_spec {
	const char	*count;
	const char	*page;
	const char	*seek;
	unsigned	(*bind)(struct db_stmt *, unsigned at, const void *q);
	enum sdrz_err	(*row)(struct db_stmt *, cJSON *item, const void *q);
	unsigned	 key_col;
};

/*
 * Runs a list: the count (unless total_known >= 0 gives it: a count kept
 * as a fact), then the page, by key when pg->after is set and the spec
 * can seek, else by number. On SDRZ_OK *out is the answer (the caller
 * frees it with cJSON_Delete()); on error *out is NULL and nothing is
 * answered.
 */
enum sdrz_err	 list_run(struct db *, const struct list_spec *,
		    const struct list_page *pg, const void *q,
		    int64_t total_known, cJSON **out);

/*
 * The reading loop of list_run(), apart so that it can be tried without
 * a database: next(src) is 1 for a row, 0 at the end, -1 on an error;
 * row() fills an item (key is its key, when the list seeks). Appends to
 * items; returns SDRZ_OK with the number of rows in *nrows and the last
 * key in *last, or the first error (a failed fetch is SDRZ_ERR_DB).
 */
enum sdrz_err	 list_read(int (*next)(void *src), enum sdrz_err (*row)(
		    void *src, cJSON *item, int64_t *key), void *src,
		    cJSON *items, size_t *nrows, int64_t *last);

/* The answer object {items, total, page, size[, next]} around items
 * (which it takes); next is set when seek, to last when the page is full
 * (nrows == size), else null. NULL when out of memory. */
cJSON		*list_answer(cJSON *items, int64_t total, long page,
		    long size, int seek, size_t nrows, int64_t last);

#endif
