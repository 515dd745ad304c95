/*
 * Logging to standard error, one line per event. The portals' request
 * lines have a fixed shape for tools: time, portal, request id, method,
 * path, status, milliseconds.
 */
#ifndef SDRZ_LOG_H
#define SDRZ_LOG_H

/* Names the program in every line; the string must outlive the process. */
void	 log_init(const char *name);
void	 log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_request(const char *reqid, const char *method, const char *path,
	    int status, double ms);

#endif
