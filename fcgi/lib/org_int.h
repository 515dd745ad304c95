/*
 * What the organisation files (org.c, org_reg.c, org_list.c, org_info.c)
 * share and nothing else uses: not part of the library's interface.
 */
#ifndef SDRZ_ORG_INT_H
#define SDRZ_ORG_INT_H

#include <cjson/cJSON.h>

struct db_stmt;

/* The name of the code col in dictionary d, as a subquery column. */
#define ORG_DICT(d, col) \
    " (SELECT name FROM dict_item WHERE dict = '" d "' AND code = " col ")"

/* Sets the path of the organisation (bound second) below the parent's
 * path (bound first). */
extern const char org_sql_set_path[];

/*
 * One organisation row as JSON (newly allocated, the caller frees it with
 * cJSON_Delete; NULL when out of memory), from a statement whose first 22
 * columns are those of org.c's SQL_DETAIL: id, kind, name, nature and its
 * name, ... parent_id, parent name, parent kind.
 */
cJSON		*org_json(const struct db_stmt *);

/* The form validators of an organisation's phone and USCC (form.h):
 * NULL when fine, else the message. */
const char	*org_check_phone(char *);
const char	*org_check_uscc(char *);

#endif
