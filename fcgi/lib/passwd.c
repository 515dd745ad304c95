#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <argon2.h>

#include "config.h"
#include "passwd.h"
#include "util.h"

#define SALT_LEN 16
#define HASH_LEN 32

char *
passwd_hash(const struct config *cfg, const char *pw)
{
	unsigned char	 salt[SALT_LEN];
	size_t		 len;
	char		*out;

	if (util_random(salt, sizeof(salt)) == -1)
		return NULL;
	len = argon2_encodedlen((uint32_t)cfg->argon2_t_cost,
	    (uint32_t)cfg->argon2_m_cost_kib, (uint32_t)cfg->argon2_parallelism,
	    SALT_LEN, HASH_LEN, Argon2_id);
	if ((out = malloc(len)) == NULL)
		return NULL;
	if (argon2id_hash_encoded((uint32_t)cfg->argon2_t_cost,
	    (uint32_t)cfg->argon2_m_cost_kib, (uint32_t)cfg->argon2_parallelism,
	    pw, strlen(pw), salt, SALT_LEN, HASH_LEN, out, len) != ARGON2_OK) {
		free(out);
		return NULL;
	}
	return out;
}

int
passwd_verify(const char *encoded, const char *pw)
{
	int	 rc;

	if (strncmp(encoded, "$argon2id$", 10) != 0)
		return -1;
	rc = argon2id_verify(encoded, pw, strlen(pw));
	if (rc == ARGON2_OK)
		return 1;
	if (rc == ARGON2_VERIFY_MISMATCH)
		return 0;
	return -1;
}

int
passwd_needs_rehash(const struct config *cfg, const char *encoded)
{
	long	 m, t, p;
	int	 v;

	if (sscanf(encoded, "$argon2id$v=%d$m=%ld,t=%ld,p=%ld$", &v, &m, &t,
	    &p) != 4)
		return 1;
	return v < ARGON2_VERSION_NUMBER || m < cfg->argon2_m_cost_kib ||
	    t < cfg->argon2_t_cost || p < cfg->argon2_parallelism;
}

const char *
passwd_weakness(const char *pw)
{
	size_t	 len = strlen(pw), i;
	int	 alpha = 0, digit = 0;

	if (len < 8)
		return "密码至少 8 位";
	if (len > 64)
		return "密码不能超过 64 位";
	for (i = 0; i < len; i++) {
		if (isalpha((unsigned char)pw[i]))
			alpha = 1;
		else if (isdigit((unsigned char)pw[i]))
			digit = 1;
		else if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f)
			return "密码不能包含控制字符";
	}
	if (!alpha || !digit)
		return "密码须同时包含字母和数字";
	return NULL;
}
