/*
 * Certificates: the annual completion certificate (结业证书) and the hour
 * registration form (继续教育学时登记表). The library writes each as an
 * XML document (validated against the schema in cert.c), keeps it with
 * its number and content hash, and renders the XML to an A4 PDF with one
 * embedded CJK face and a QR code that opens the public verification page.
 */
#ifndef SDRZ_CERT_H
#define SDRZ_CERT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct audit_actor;
struct config;
struct db;

#define CERT_NUMBER_LEN	15	/* 2026 + 10 random + 1 check character */

/* A new number for a certificate of the year (out: CERT_NUMBER_LEN + 1). */
int		 cert_number_new(int year, char *out);
/* 1 when the number has the shape and check character of ours. */
int		 cert_number_valid(const char *);

/* The schema of the XML, for the tests (xmllint --schema). */
extern const char cert_xsd[];
/* SDRZ_OK when the XML is valid against the schema, else INVALID. */
enum sdrz_err	 cert_validate(const char *xml, size_t len);

/*
 * Issues the completion certificate (kind "completion"; only for a year
 * the person completed: SDRZ_ERR_CONFLICT otherwise) or the registration
 * form ("register", any year) of a year; an unrevoked one with the same
 * content is given again instead of a new number. SDRZ_ERR_FORBIDDEN when
 * a certificate of exactly this content was revoked and the bureau has not
 * allowed its reissue (changed content, e.g. corrected hour records, needs
 * no consent). number: 16 bytes.
 */
enum sdrz_err	 cert_issue(struct db *, const struct config *,
		    int64_t person_id, const char *kind, int year,
		    const struct audit_actor *, char *number);

/* Renders a certificate's XML to PDF (free() it). */
enum sdrz_err	 cert_render(const char *xml, size_t len, unsigned char **pdf,
		    size_t *pdflen);

/* The PDF of a certificate of person_id (0: anyone, for reviewing
 * admins); NOT_FOUND when it is not theirs. */
enum sdrz_err	 cert_pdf(struct db *, const char *number, int64_t person_id,
		    unsigned char **pdf, size_t *pdflen);

/* What the public verification page shows: {status: valid|revoked|
 * unknown, kind, year, name, id_number_masked, public, professional,
 * total, issued_at, revoked_at}. */
enum sdrz_err	 cert_verify(struct db *, const char *number, cJSON **out);

/* Revokes a certificate issued to personnel of top's subtree. */
enum sdrz_err	 cert_revoke(struct db *, int64_t top, const char *number,
		    const char *reason, const struct audit_actor *);

/* The bureau (top's subtree) consents, with a note, that the revoked
 * certificate's content may be issued again under a new number; audited.
 * NOT_FOUND when it is not revoked, was allowed already or is outside. */
enum sdrz_err	 cert_allow_reissue(struct db *, int64_t top,
		    const char *number, const char *note,
		    const struct audit_actor *);

/* 电子证书查询验证: the certificates of the person with that ID number and
 * name, in top's subtree. */
enum sdrz_err	 cert_search(struct db *, int64_t top, const char *id_number,
		    const char *name, cJSON **out);

/* The person's certificates. */
enum sdrz_err	 cert_mine(struct db *, int64_t person_id, cJSON **out);

#endif
