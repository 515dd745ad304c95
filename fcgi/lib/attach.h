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

#define ATTACH_MAX_SIDE	20000			/* pixels of an image's side */
#define ATTACH_MAX_PIXELS (40L * 1000 * 1000)	/* pixels of an image */

/* Why an upload is refused; attach_fault_name() is the stable name the
 * API answers as error.reason, attach_fault_message() the Chinese text. */
enum attach_fault {
	ATTACH_FAULT_NONE,
	ATTACH_FAULT_EMPTY,		/* no bytes */
	ATTACH_FAULT_SIZE,		/* over ATTACH_MAX_SIZE */
	ATTACH_FAULT_TYPE,		/* not PDF, PNG or JPEG */
	ATTACH_FAULT_INCOMPLETE,	/* cut short: no IEND, EOI, ... */
	ATTACH_FAULT_CORRUPT,		/* broken structure, bad checksum */
	ATTACH_FAULT_DIMENSIONS,	/* an image too large or of no size */
	ATTACH_FAULT_BOMB,		/* pixel data beyond the declared size */
	ATTACH_FAULT_PDF,		/* no PDF header or trailer */
	ATTACH_FAULT_POLYGLOT,		/* a PDF that is also a web page */
	ATTACH_FAULT__MAX
};

const char	*attach_fault_name(enum attach_fault);
const char	*attach_fault_message(enum attach_fault);

/* The type of a file from its first bytes: "application/pdf",
 * "image/png", "image/jpeg", or NULL for anything else. */
const char	*attach_sniff(const void *data, size_t len);

/*
 * Checks a whole file, not only its first bytes: a PNG's chunks, their
 * checksums, IHDR's size (at most ATTACH_MAX_SIDE a side and
 * ATTACH_MAX_PIXELS) and its pixel data inflated to no more than that
 * size demands, up to IEND and nothing after; a JPEG's segments, each
 * frame's size (the same limits) and the scans up to EOI; a PDF's header
 * at offset 0, no HTML in its first KiB, and the trailer: startxref with
 * an offset inside the file, then %%EOF and only white space. Sets *mime
 * (NULL on a fault) and returns ATTACH_FAULT_NONE when the file passes.
 */
enum attach_fault attach_check(const void *data, size_t len,
		    const char **mime);

/*
 * Stores an upload of person_id after attach_check(). SDRZ_ERR_INVALID
 * (with the reason in *fault) for a file that does not pass. *out is
 * {id, name, mime, size} (the caller frees it).
 */
enum sdrz_err	 attach_store(struct db *, const struct config *,
		    int64_t person_id, const char *name, const void *data,
		    size_t len, cJSON **out, enum attach_fault *fault);

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
