/*
 * Captcha: a random answer and a distorted PNG of it for the sign-in
 * form. Storing the answer, its 5-minute expiry and single use belong to
 * the caller; this module only makes the text and the picture.
 *
 * Answers are upper case, but the picture shows some letters in lower
 * case (a d e m t, whose small forms are unmistakable), so answers
 * must be compared case-insensitively.
 */
#ifndef SDRZ_CAPTCHA_H
#define SDRZ_CAPTCHA_H

#include <stddef.h>

#include "sdrz.h"

#define CAPTCHA_LEN	5	/* characters in an answer: 23^5, ~6.4 million */
#define CAPTCHA_MAX	8	/* longest text captcha_png() accepts */
#define CAPTCHA_WIDTH	120	/* pixels of the picture */
#define CAPTCHA_HEIGHT	40

/*
 * Writes n-1 random characters and a NUL into out, drawn uniformly
 * (rejection sampling, no modulo bias) from util_random() over 23
 * upper-case letters and digits without look-alikes: 0 O 1 I J 2 Z 5 S 6
 * 7 8 B are left out (J looks like I when crowded, 7 like Z or T when a
 * noise curve runs under it; G stays since 6 is gone, L since 1 and I
 * are). Returns 0, or -1 when n < 2 or no random bytes could be had (out
 * is then an empty string when n > 0).
 */
int		 captcha_text(char *out, size_t n);

/*
 * Renders text (1 to CAPTCHA_MAX printable ASCII characters) as a
 * CAPTCHA_WIDTH x CAPTCHA_HEIGHT PNG: each character rotated, scaled,
 * sheared, moved and coloured at random and crowding its neighbours,
 * Bezier noise curves in the text's colours, speckles, and a sine warp of
 * the whole image. Two renders of the same text differ. Letters are
 * drawn in upper case, a d e m t sometimes in lower case, whatever their
 * case in text. The face is DejaVu Sans Bold (fonts-dejavu-core), through
 * cairo's toy text API; fontconfig substitutes its default sans face
 * when DejaVu is missing.
 *
 * On SDRZ_OK, *png holds *len bytes allocated with malloc(); the caller
 * frees it with free(). Otherwise *png is NULL and *len 0 (unless
 * either pointer is NULL):
 * SDRZ_ERR_INVALID for an empty, overlong or non-printable text,
 * SDRZ_ERR_NOMEM, or SDRZ_ERR_IO (cairo or random source failed).
 *
 * Not thread-safe, and needs none in the pre-fork workers: every call
 * makes its own surfaces. Cairo and fontconfig keep their per-process
 * font caches (the first call costs a few ms of font loading); they are
 * plain memory and stay valid in children forked after it.
 */
enum sdrz_err	 captcha_png(const char *text, unsigned char **png,
		    size_t *len);

#endif
