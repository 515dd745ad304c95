/*
 * Reference dictionaries (sql/002_dict.sql): coded lists such as 民族,
 * 学历, 职称, 行业, 专业 and 行政区划, one table of items for all of them.
 *
 * A dictionary has a name ("ethnic"); an item has a code, unique in its
 * dictionary and compared exactly, a name, an optional parent (in the same
 * dictionary, or in the one dict.parent_dict names: the parents of
 * title_qualification are title_series codes), its depth (level, 1 on top)
 * and an optional second code, attr (title_qualification: its title_level).
 *
 * Every function that takes a dictionary name or a code first checks its
 * shape (dict_name_valid(), dict_code_valid()): a malformed one is simply
 * not in any dictionary.
 */
#ifndef SDRZ_DICT_H
#define SDRZ_DICT_H

#include <stddef.h>

#include "http.h"
#include "sdrz.h"

struct db;

#define DICT_NAME_MAX	32	/* bytes of a dictionary name */
#define DICT_CODE_MAX	32	/* bytes of a code */
#define DICT_QUERY_MAX	50	/* characters of a search text */
#define DICT_SEARCH_DEFAULT 50	/* items a search answers by default */
#define DICT_SEARCH_MAX	200	/* and at most */

/* A dictionary as GET /api/v1/dicts describes it. */
struct dict_info {
	char	 name[DICT_NAME_MAX + 1];
	char	*label;
	int	 hierarchical;
	char	*parent_dict;	/* NULL: parents are in this dictionary */
	char	*attr_label;	/* NULL: attr is unused */
	char	*source;	/* the standard or origin of the codes */
	long	 count;		/* items */
};

/* One item; every string is its own allocation, NULL when absent. */
struct dict_item {
	char	*code;
	char	*name;
	char	*parent;	/* parent code */
	char	*parent_name;
	int	 level;
	char	*attr;
};

/* A list of items; zero-initialise, free with dict_items_clear(). */
struct dict_items {
	struct dict_item	*v;
	size_t			 n;
	int			 truncated;	/* more matched than the limit */
};

/* What dict_query() selects; zero-initialise. */
struct dict_query {
	int		 by_parent;	/* filter by parent: */
	const char	*parent;	/* NULL or "": top level, else children */
	const char	*attr;		/* NULL: any attr, else this one */
	const char	*q;		/* NULL or "": no search, else a name
					 * substring or a code prefix */
	size_t		 limit;		/* 0: all */
};

/* 1 when the text has the shape of a dictionary name ([a-z][a-z0-9_]*,
 * at most DICT_NAME_MAX bytes) or of a code ([A-Za-z0-9]+, at most
 * DICT_CODE_MAX bytes); else 0. */
int		 dict_name_valid(const char *);
int		 dict_code_valid(const char *);

/*
 * Writes s into out (size outsz) with the LIKE wildcards % and _ and the
 * escape character ! escaped by '!', for "LIKE ... ESCAPE '!'". Returns 0,
 * or -1 when out is too small (out is then the empty string).
 */
int		 dict_like_escape(const char *s, char *out, size_t outsz);

/* The number of characters (UTF-8 code points) of s. */
size_t		 dict_utf8_chars(const char *s);

/*
 * SDRZ_OK when code is an item of the dictionary, SDRZ_ERR_INVALID when it
 * is not (or either text is malformed), else a database error.
 */
enum sdrz_err	 dict_check(struct db *, const char *dict, const char *code);

/*
 * The item code of the dictionary into *out (free with dict_item_clear()),
 * with its parent's name. SDRZ_ERR_NOT_FOUND when there is no such item
 * (or either text is malformed), else SDRZ_OK or a database error; *out is
 * zeroed first in every case.
 */
enum sdrz_err	 dict_lookup(struct db *, const char *dict, const char *code,
		    struct dict_item *out);
void		 dict_item_clear(struct dict_item *);

/*
 * The name of an item into out (size outsz, truncated at a character
 * boundary); SDRZ_ERR_NOT_FOUND as dict_lookup(). The names come from a
 * copy of every item's name that the process keeps DICT_NAMES_TTL seconds
 * (an item missing from it is looked up in the database), so a statement
 * may select codes and leave their names to this, rather than join or
 * run a subquery per code.
 */
#define DICT_NAMES_TTL		60
#define DICT_ITEM_NAME_MAX	(200 * 4 + 1)	/* bytes: dict_item.name */
enum sdrz_err	 dict_item_name(struct db *, const char *dict,
		    const char *code, char *out, size_t outsz);
/* Frees the kept names (at a worker's exit); the next lookup loads them. */
void		 dict_names_release(void);

/*
 * The dictionary named name into *out (free with dict_info_clear()), with
 * its item count. SDRZ_ERR_NOT_FOUND when there is none.
 */
enum sdrz_err	 dict_get(struct db *, const char *name, struct dict_info *);
void		 dict_info_clear(struct dict_info *);

/*
 * Every dictionary, in their display order, into a new array *out of *n
 * elements; free with dict_list_free(). On error *out is NULL.
 */
enum sdrz_err	 dict_list(struct db *, struct dict_info **out, size_t *n);
void		 dict_list_free(struct dict_info *, size_t);

/*
 * The items of dictionary dict that the query selects, into *out (cleared
 * first). Without a search they come in the dictionary's order (parents
 * before children); with one, exact name matches first, then names that
 * start with the text, then the rest, each by level and order. A search
 * text longer than DICT_QUERY_MAX characters, or a malformed parent or
 * attr, is SDRZ_ERR_INVALID. The dictionary's existence is not checked:
 * an unknown one has no items.
 */
enum sdrz_err	 dict_query(struct db *, const char *dict,
		    const struct dict_query *, struct dict_items *out);
void		 dict_items_clear(struct dict_items *);

#endif
