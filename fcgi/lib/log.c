#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

static const char *progname = "sdrz";

void
log_init(const char *name)
{
	progname = name;
}

/*
 * Writes the whole line with one write(2) so that lines of concurrent
 * workers sharing stderr never interleave. Control characters from
 * untrusted input are replaced so one event stays one line. A NULL level
 * leaves the level word out (request lines).
 */
static void
vemit(const char *level, const char *fmt, va_list ap)
{
	char	 line[2048], ts[48];
	int	 n, m;
	size_t	 i, len;

	util_timestamp(ts, sizeof(ts));
	n = snprintf(line, sizeof(line), "%s %s%s%s ", ts, progname,
	    level ? " " : "", level ? level : "");
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (m < 0)
		return;
	len = strlen(line);
	for (i = (size_t)n; i < len; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = ' ';
	line[len++] = '\n';
	(void)!write(STDERR_FILENO, line, len);
}

static void __attribute__((format(printf, 2, 3)))
emit(const char *level, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vemit(level, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vemit("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vemit("warn", fmt, ap);
	va_end(ap);
}

void
log_request(const char *reqid, const char *method, const char *path,
    int status, double ms)
{
	emit(NULL, "%s %s %s %d %.2fms", reqid, method, path, status, ms);
}
