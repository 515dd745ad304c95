/*
 * Attachments: proof files (PDF, PNG, JPEG — recognised by their content,
 * not their name) a person uploads for a change under review. Files live
 * in media_dir/att/ outside the web root; nginx serves them from its
 * internal /media/ location only after attach_open() allowed the request.
 */
#ifndef SDRZ_ATTACH_H
#define SDRZ_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct config;
struct db;

#define ATTACH_MAX_SIZE	(5 * 1024 * 1024)	/* bytes of one file */
#define ATTACH_MAX_COUNT 5			/* files of one change */

/* The type of a file from its first bytes: "application/pdf",
 * "image/png", "image/jpeg", or NULL for anything else. */
const char	*attach_sniff(const void *data, size_t len);

/*
 * Stores an upload of person_id. SDRZ_ERR_INVALID (with a message in
 * *why) for an empty, too large or unsupported file. *out is {id, name,
 * mime, size} (the caller frees it).
 */
enum sdrz_err	 attach_store(struct db *, const struct config *,
		    int64_t person_id, const char *name, const void *data,
		    size_t len, cJSON **out, const char **why);

/* Binds the person's unbound attachments (a JSON array of ids) to a
 * review, inside the caller's transaction; SDRZ_ERR_INVALID when one is
 * not theirs, already bound, or there are too many. */
enum sdrz_err	 attach_bind(struct db *, int64_t person_id,
		    const cJSON *ids, int64_t review_id);

/* The attachments of a review: [{id, name, mime, size}]. */
enum sdrz_err	 attach_of_review(struct db *, int64_t review_id, cJSON **out);

/*
 * Whether the attachment may be read by person_id (its owner) or by an
 * admin of an approver of its review (or of an ancestor of one) who holds
 * the module of that review's kind: info_org for profile changes,
 * hours_org for declarations (0: the admin does not hold it). On SDRZ_OK
 * fills the path under /media/ (uri, size 128), its type and its file
 * name (sizes 48 and 256). SDRZ_ERR_NOT_FOUND otherwise, whether it
 * exists or not.
 */
enum sdrz_err	 attach_open(struct db *, int64_t id, int64_t person_id,
		    int64_t info_org, int64_t hours_org, char *uri, char *mime,
		    char *name);

#endif
