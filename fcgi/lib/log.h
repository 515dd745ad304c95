/*
 * Logging to standard error, one line per event. The portals' request
 * lines have a fixed shape for tools: time, portal, request id, method,
 * path, status, milliseconds.
 */
#ifndef SDRZ_LOG_H
#define SDRZ_LOG_H

#include <stddef.h>

/* Names the program in every line; the string must outlive the process. */
void	 log_init(const char *name);
void	 log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_request(const char *reqid, const char *method, const char *path,
	    int status, double ms);

/*
 * Copies untrusted text into out (size outsz > 0, always NUL-terminated)
 * so that it can be logged inside double quotes: backslash and quote are
 * escaped, control characters (C0, DEL, C1), U+2028 and U+2029 become
 * \n, \t, \r or \u escapes, bytes that are not UTF-8 become \xNN. A
 * character is never cut in half. Returns 1 when the text did not fit
 * and was cut, else 0.
 */
int	 log_quote(char *out, size_t outsz, const char *in);

#endif
