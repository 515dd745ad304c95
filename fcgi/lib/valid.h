/*
 * Checks of identifiers the national standards define: the resident ID
 * number (GB 11643-1999) and the unified social credit code (GB 32100-2015),
 * and of contact fields. Each returns 1 when valid, else 0.
 */
#ifndef SDRZ_VALID_H
#define SDRZ_VALID_H

/* An 18-character mainland ID number: region digits, a real birth date
 * not in the future, and the ISO 7064 MOD 11-2 check character. A
 * lowercase x is made uppercase in place. */
int	 valid_id_number(char *);
/* Birth date "YYYY-MM-DD" (size 11) and gender 1 male / 2 female of a
 * valid ID number. */
void	 valid_id_birth(const char *, char *out, int *gender);
/* An 18-character USCC with its MOD 31 check character; lowercase is
 * made uppercase in place. */
int	 valid_uscc(char *);
/* A mainland mobile number: 11 digits starting with 1[3-9]. */
int	 valid_mobile(const char *);
/* A plausible e-mail address (local@domain.tld, no spaces, <= 254). */
int	 valid_email(const char *);

#endif
