#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attach.h"
#include "config.h"
#include "db.h"
#include "org.h"
#include "log.h"
#include "util.h"

const char *
attach_sniff(const void *data, size_t len)
{
	const unsigned char	*p = data;

	if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	return NULL;
}

/* Writes the whole buffer to a new file; 0 or -1 (nothing left behind). */
static int
write_new(const char *path, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) ==
	    -1)
		return -1;
	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	/* Acknowledged means on disk. */
	if (fsync(fd) == -1)
		goto fail;
	return close(fd);
fail:
	close(fd);
	unlink(path);
	return -1;
}

static const char SQL_ADD[] =
    "INSERT INTO attachment (person_id, file, name, mime, size, sha256)"
    " VALUES (?, ?, ?, ?, ?, ?)";

enum sdrz_err
attach_store(struct db *db, const struct config *cfg, int64_t person_id,
    const char *name, const void *data, size_t len, cJSON **out,
    const char **why)
{
	unsigned char	 raw[16];
	char		 file[40], dir[1024], path[1100], sum[65], clean[201];
	const char	*mime;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	size_t		 i, n;

	*out = NULL;
	*why = NULL;
	if (len == 0) {
		*why = "文件是空的,请重新选择";
		return SDRZ_ERR_INVALID;
	}
	if (len > ATTACH_MAX_SIZE) {
		*why = "文件不能超过 5 MB";
		return SDRZ_ERR_INVALID;
	}
	if ((mime = attach_sniff(data, len)) == NULL) {
		*why = "只能上传 PDF、PNG 或 JPG 文件";
		return SDRZ_ERR_INVALID;
	}
	/* The name is shown, never used as a path: keep printable text. */
	snprintf(clean, sizeof(clean), "%s", name && *name ? name : "附件");
	for (i = 0, n = strlen(clean); i < n; i++)
		if ((unsigned char)clean[i] < 0x20 || strchr("/\\\"", clean[i]))
			clean[i] = '_';
	while (n > 0 && !util_utf8_valid(clean, n))
		clean[--n] = '\0';
	if (util_random(raw, sizeof(raw)) == -1)
		return SDRZ_ERR_IO;
	util_hex(raw, sizeof(raw), file);
	snprintf(dir, sizeof(dir), "%s/att", cfg->media_dir);
	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		log_warn("attach: %s: %s", dir, strerror(errno));
		return SDRZ_ERR_IO;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (write_new(path, data, len) == -1) {
		log_warn("attach: %s: %s", path, strerror(errno));
		return SDRZ_ERR_IO;
	}
	util_sha256_hex(data, len, sum);
	if ((st = db_stmt(db, SQL_ADD)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto fail;
	}
	db_bind_int(st, 0, person_id);
	db_bind_text(st, 1, file);
	db_bind_text(st, 2, clean);
	db_bind_text(st, 3, mime);
	db_bind_int(st, 4, (int64_t)len);
	db_bind_text(st, 5, sum);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto fail;
	*out = cJSON_CreateObject();
	cJSON_AddNumberToObject(*out, "id", (double)db_insert_id(st));
	cJSON_AddStringToObject(*out, "name", clean);
	cJSON_AddStringToObject(*out, "mime", mime);
	cJSON_AddNumberToObject(*out, "size", (double)len);
	return SDRZ_OK;
fail:
	unlink(path);
	return rc;
}

static const char SQL_BIND[] =
    "UPDATE attachment SET review_id = ? WHERE id = ? AND person_id = ?"
    " AND review_id IS NULL";

enum sdrz_err
attach_bind(struct db *db, int64_t person_id, const cJSON *ids,
    int64_t review_id)
{
	struct db_stmt	*st;
	const cJSON	*id;
	enum sdrz_err	 rc;

	if (ids == NULL || cJSON_IsNull(ids))
		return SDRZ_OK;
	if (!cJSON_IsArray(ids) || cJSON_GetArraySize(ids) > ATTACH_MAX_COUNT)
		return SDRZ_ERR_INVALID;
	cJSON_ArrayForEach(id, ids) {
		if (!cJSON_IsNumber(id) || id->valuedouble < 1)
			return SDRZ_ERR_INVALID;
		if ((st = db_stmt(db, SQL_BIND)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, review_id);
		db_bind_int(st, 1, (int64_t)id->valuedouble);
		db_bind_int(st, 2, person_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_affected(st) != 1)
			return SDRZ_ERR_INVALID;
	}
	return SDRZ_OK;
}

static const char SQL_OF_REVIEW[] =
    "SELECT id, name, mime, size FROM attachment WHERE review_id = ?"
    " ORDER BY id";

enum sdrz_err
attach_of_review(struct db *db, int64_t review_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*arr, *o;

	if ((st = db_stmt(db, SQL_OF_REVIEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, review_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	arr = cJSON_CreateArray();
	while (db_next(st) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
		cJSON_AddStringToObject(o, "name", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "mime", db_col_text(st, 2));
		cJSON_AddNumberToObject(o, "size", (double)db_col_int(st, 3));
	}
	*out = arr;
	return SDRZ_OK;
}

/* The owner, or an admin of an approver of its review or of an ancestor
 * of that approver. */
static const char SQL_OPEN[] =
    "SELECT f.file, f.mime, f.name FROM attachment f"
    " LEFT JOIN review r ON r.id = f.review_id WHERE f.id = ? AND"
    " (f.person_id = ? OR EXISTS (SELECT 1 FROM review_approver a"
    "  JOIN org o ON o.id = a.org_id JOIN org t"
    "  ON t.id = IF(r.kind = 'declaration', ?, IF(r.kind = 'profile_change', ?, 0))"
    "  WHERE a.review_id = f.review_id"
    "  AND" ORG_SUBTREE("o", "t") "))";

enum sdrz_err
attach_open(struct db *db, int64_t id, int64_t person_id, int64_t info_org,
    int64_t hours_org, char *uri, char *mime, char *name)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_OPEN)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, id);
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, hours_org);
	db_bind_int(st, 3, info_org);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	snprintf(uri, 128, "/media/att/%s", db_col_text(st, 0));
	snprintf(mime, 48, "%s", db_col_text(st, 1));
	snprintf(name, 256, "%s", db_col_text(st, 2));
	return SDRZ_OK;
}
