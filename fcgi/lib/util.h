/*
 * Small helpers every module uses: a growable byte buffer, random bytes,
 * hex, clocks and string checks.
 */
#ifndef SDRZ_UTIL_H
#define SDRZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* A growable, always NUL-terminated byte buffer. Zero-initialise it, then
 * buf_release() frees what it holds. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* Each returns 0, or -1 when out of memory (the buffer is unchanged). */
int	 buf_append(struct buf *, const void *, size_t);
int	 buf_puts(struct buf *, const char *);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_reset(struct buf *);
void	 buf_release(struct buf *);

/* Fills with cryptographically strong random bytes; 0 or -1. */
int	 util_random(void *, size_t);
/* Writes 2*len hex digits and a NUL into out (size 2*len+1). */
void	 util_hex(const unsigned char *, size_t, char *out);
/* SHA-256 of the data as 64 hex digits and a NUL into out (size 65). */
void	 util_sha256_hex(const void *, size_t, char *out);

/* Monotonic milliseconds, for durations. */
double	 util_now_ms(void);
/* Wall clock as "2026-11-28T10:00:00.123+08:00" (local time) into out (size >= 40). */
void	 util_timestamp(char *out, size_t);

/* Decodes %XX and '+' in place (form encoding); returns the new length,
 * or -1 when an escape is malformed. */
long	 util_urldecode(char *);
/* 1 when the bytes are valid UTF-8 without NUL, else 0. */
int	 util_utf8_valid(const char *, size_t);
/* Adds a string member, or null when v is NULL. */
void	 util_json_text(cJSON *, const char *key, const char *v);
/* strdup that returns NULL for a NULL argument. */
char	*util_strdup0(const char *);
/* Removes leading and trailing ASCII whitespace in place; returns s. */
char	*util_trim(char *);

#endif
