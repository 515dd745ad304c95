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

/* The length of the UTF-8 sequence at p (1 to 4), or 0 when it is not
 * one (a stray, overlong or truncated sequence). */
static size_t
utf8_len(const unsigned char *p)
{
	size_t	 n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((n == 3 && p[0] == 0xe0 && p[1] < 0xa0) ||
	    (n == 4 && p[0] == 0xf0 && p[1] < 0x90) ||
	    (n == 4 && p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

int
log_quote(char *out, size_t outsz, const char *in)
{
	const unsigned char	*p = (const unsigned char *)in;
	char			 esc[8];
	const char		*piece;
	size_t			 used = 0, n, len;

	for (; *p != '\0'; p += n) {
		n = utf8_len(p);
		piece = esc;
		if (n == 0) {
			n = 1;
			snprintf(esc, sizeof(esc), "\\x%02x", p[0]);
		} else if (p[0] == '\\' || p[0] == '"') {
			snprintf(esc, sizeof(esc), "\\%c", p[0]);
		} else if (p[0] == '\n') {
			snprintf(esc, sizeof(esc), "\\n");
		} else if (p[0] == '\r') {
			snprintf(esc, sizeof(esc), "\\r");
		} else if (p[0] == '\t') {
			snprintf(esc, sizeof(esc), "\\t");
		} else if (p[0] < 0x20 || p[0] == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", p[0]);
		} else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			snprintf(esc, sizeof(esc), "\\u%04x", p[1]);
		} else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9)) {
			snprintf(esc, sizeof(esc), "\\u%04x", 0x2000 + p[2] -
			    0x80);
		} else
			piece = NULL;
		len = piece != NULL ? strlen(piece) : n;
		if (used + len >= outsz) {
			out[used] = '\0';
			return 1;
		}
		memcpy(out + used, piece != NULL ? piece : (const char *)p,
		    len);
		used += len;
	}
	out[used] = '\0';
	return 0;
}
