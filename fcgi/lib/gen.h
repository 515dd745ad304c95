/*
 * A generated city for benchmarks: districts, supervising departments and
 * units in a skewed distribution, approved personnel and their hour
 * records, bulk-inserted by the server (INSERT ... SELECT over the
 * Sequence engine's seq_1_to_N) in large transactions.
 */
#ifndef SDRZ_GEN_H
#define SDRZ_GEN_H

#include <stdio.h>

#include "sdrz.h"

struct db;

struct gen_opts {
	long	 districts;	/* district HR bureaus under the root */
	long	 depts;		/* supervising departments, spread over them */
	long	 units;		/* units: a third under a district, the rest
				 * under a department */
	long	 personnel;	/* approved personnel, skewed over the units:
				 * unit k of n holds about the share
				 * ((k/n)^(1/3) - ((k-1)/n)^(1/3)); the first
				 * unit is the largest */
	int	 year;		/* the year of the hour records */
};

/*
 * Adds a generated city under the root organisation (which must exist:
 * sdrzctl bootstrap or demo) with gen_opts' sizes, each person with a
 * public and a professional hour record of the year. Two admins sign in
 * with the root admin's password: GEN_DISTRICT_ADMIN of the first
 * district and GEN_UNIT_ADMIN of the largest unit. Refuses (SDRZ_ERR_CONFLICT)
 * when a city was generated already. Progress goes to out; on error a
 * message to err.
 */
#define GEN_DISTRICT_ADMIN	"371199197001010010"
#define GEN_UNIT_ADMIN		"371199197001010029"
enum sdrz_err	 gen_city(struct db *, const struct gen_opts *, FILE *out,
		    char *err, size_t errsz);

#endif
