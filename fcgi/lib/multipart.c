/*
 * multipart/form-data (RFC 7578) parsing for http.c. The parts point into
 * the body; their names and types are copies.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

#define MAX_PARTS 64

/* One header line "Name: value" of a part, lines ending in CRLF. */
static int
part_headers(const char *h, size_t len, struct http_part *part)
{
	const char	*line = h, *end = h + len, *eol, *colon;
	char		*v = NULL;
	size_t		 llen;

	while (line < end) {
		if ((eol = memmem(line, (size_t)(end - line), "\r\n", 2)) == NULL)
			eol = end;
		llen = (size_t)(eol - line);
		if ((colon = memchr(line, ':', llen)) == NULL)
			return -1;
		if ((v = strndup(colon + 1, (size_t)(eol - colon - 1))) == NULL)
			return -1;
		if ((size_t)(colon - line) == 19 &&
		    strncasecmp(line, "Content-Disposition", 19) == 0) {
			/* "form-data; name=...; filename=..." */
			while (*v == ' ')
				memmove(v, v + 1, strlen(v));
			if (strncasecmp(v, "form-data", 9) != 0)
				goto fail;
			free(part->name);
			free(part->filename);
			part->name = http_header_param(v, "name");
			part->filename = http_header_param(v, "filename");
		} else if ((size_t)(colon - line) == 12 &&
		    strncasecmp(line, "Content-Type", 12) == 0) {
			free(part->content_type);
			part->content_type = strdup(v + strspn(v, " \t"));
			if (part->content_type == NULL)
				goto fail;
		}
		free(v);
		v = NULL;
		line = eol + 2;
	}
	return part->name != NULL && *part->name != '\0' ? 0 : -1;
fail:
	free(v);
	return -1;
}

int
http_parse_multipart(char *body, size_t len, const char *ctype,
    struct http_part **out, size_t *nout)
{
	char		*boundary = NULL, *delim = NULL;
	size_t		 dlen, n = 0;
	const char	*p, *end = body + len, *hend, *next;
	struct http_part *parts = NULL, *np;
	int		 rc = -1;

	*out = NULL;
	*nout = 0;
	if ((boundary = http_header_param(ctype, "boundary")) == NULL ||
	    *boundary == '\0' || strlen(boundary) > 70)
		goto out;
	dlen = strlen(boundary) + 4;
	if ((delim = malloc(dlen + 1)) == NULL)
		goto out;
	/* Every delimiter but the first is preceded by CRLF. */
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, dlen - 4);
	delim[dlen] = '\0';

	if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0)
		goto out;
	p = body + dlen - 2;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			rc = 0;		/* the close delimiter */
			break;
		}
		/* Transport padding, then CRLF. */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			break;
		p += 2;
		if ((hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4)) == NULL)
			break;
		if ((next = memmem(hend + 4, (size_t)(end - hend - 4), delim,
		    dlen)) == NULL)
			break;
		if (n == MAX_PARTS)
			break;
		if ((np = realloc(parts, (n + 1) * sizeof(*np))) == NULL)
			break;
		parts = np;
		memset(&parts[n], 0, sizeof(parts[n]));
		n++;
		if (part_headers(p, (size_t)(hend - p), &parts[n - 1]) == -1)
			break;
		parts[n - 1].data = hend + 4;
		parts[n - 1].len = (size_t)(next - hend - 4);
		p = next + dlen;
	}
out:
	if (rc == -1) {
		while (n > 0) {
			n--;
			free(parts[n].name);
			free(parts[n].filename);
			free(parts[n].content_type);
		}
		free(parts);
	} else {
		*out = parts;
		*nout = n;
	}
	free(boundary);
	free(delim);
	return rc;
}
