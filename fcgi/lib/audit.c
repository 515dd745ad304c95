#include <stddef.h>

#include "audit.h"
#include "db.h"

static const char SQL_ADD[] =
    "INSERT INTO audit_log (actor_person_id, actor_org_id, action,"
    " subject_type, subject_id, detail, request_id, ip)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

static void
bind_id(struct db_stmt *st, unsigned idx, int64_t id)
{
	if (id > 0)
		db_bind_int(st, idx, id);
	else
		db_bind_null(st, idx);
}

enum sdrz_err
audit_add(struct db *db, const struct audit_actor *a, const char *action,
    const char *subject_type, int64_t subject_id, const char *detail)
{
	static const struct audit_actor nobody = { 0, 0, NULL, NULL };
	struct db_stmt	*st;

	if (a == NULL)
		a = &nobody;
	if ((st = db_stmt(db, SQL_ADD)) == NULL)
		return SDRZ_ERR_NOMEM;
	bind_id(st, 0, a->person_id);
	bind_id(st, 1, a->org_id);
	db_bind_text(st, 2, action);
	db_bind_text(st, 3, subject_type);
	bind_id(st, 4, subject_id);
	db_bind_text(st, 5, detail);
	db_bind_text(st, 6, a->reqid);
	db_bind_text(st, 7, a->ip);
	return db_exec(st);
}
