/* Demo data: a living organisation tree of Rizhao with admins and
 * personnel, for development and demonstrations. */
#ifndef SDRZ_DEMO_H
#define SDRZ_DEMO_H

#include <stdio.h>

#include "sdrz.h"

struct config;
struct db;

#define DEMO_PASSWORD	"Rizhao2026"

/*
 * Creates what is missing of the demo tree (organisations by name under
 * their parent, personnel by ID number), through the same calls the API
 * uses: organisations approved, personnel registered and approved by their
 * unit. Running it again changes nothing. Writes the accounts to out;
 * on error, a message to err.
 */
enum sdrz_err	 demo_load(struct db *, const struct config *, FILE *out,
		    char *err, size_t errsz);

#endif
