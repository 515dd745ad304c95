/*
 * Passwords: argon2id only, with the parameters inside the stored string
 * ("$argon2id$v=19$m=65536,t=3,p=1$salt$hash"), so that raising them in
 * the configuration rehashes at the next sign-in.
 */
#ifndef SDRZ_PASSWD_H
#define SDRZ_PASSWD_H

struct config;

/* The encoded hash of the password with the configured parameters and a
 * random salt; malloc'd, the caller frees it. NULL on failure. */
char		*passwd_hash(const struct config *, const char *password);
/* 1 when the password matches the encoded hash, 0 when not, -1 when the
 * encoded string is malformed. */
int		 passwd_verify(const char *encoded, const char *password);
/* 1 when the encoded hash is weaker than the configured parameters. */
int		 passwd_needs_rehash(const struct config *, const char *encoded);
/* NULL when the password is acceptable (8 to 64 characters, letters and
 * digits both), else the Chinese message that says why. */
const char	*passwd_weakness(const char *password);

#endif
