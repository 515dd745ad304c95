#include "audit.h"
#include "db.h"

static const char SQL_ADD[] =
    "INSERT INTO audit_log (actor_person_id, actor_org_id, action,"
    " subject_type, subject_id, detail, request_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";

enum sdrz_err
audit_add(struct db *db, int64_t actor_person, int64_t actor_org,
    const char *action, const char *subject_type, int64_t subject_id,
    const char *detail, const char *reqid)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_ADD)) == NULL)
		return SDRZ_ERR_NOMEM;
	if (actor_person > 0)
		db_bind_int(st, 0, actor_person);
	else
		db_bind_null(st, 0);
	if (actor_org > 0)
		db_bind_int(st, 1, actor_org);
	else
		db_bind_null(st, 1);
	db_bind_text(st, 2, action);
	db_bind_text(st, 3, subject_type);
	if (subject_id > 0)
		db_bind_int(st, 4, subject_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, detail);
	db_bind_text(st, 6, reqid);
	return db_exec(st);
}
