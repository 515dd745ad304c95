/*
 * The certificate benchmark's driver: renders one stored certificate's XML
 * N times and prints renders per second and the PDF size. Built by
 * tests/bench/cert.sh against build/fcgi/lib/libsdrz.a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cert.h"
#include "util.h"

int
main(int argc, char *argv[])
{
	struct buf	 xml = { 0 };
	char		 chunk[4096];
	size_t		 n, len = 0;
	unsigned char	*pdf;
	struct timespec	 a, b;
	double		 ms;
	int		 i, count;

	count = argc > 1 ? atoi(argv[1]) : 200;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		buf_append(&xml, chunk, n);
	if (xml.data == NULL || cert_validate(xml.data, xml.len) != SDRZ_OK) {
		fprintf(stderr, "cert bench: no valid certificate XML on stdin\n");
		return 1;
	}
	/* The first render loads the fonts, as a worker's first one does. */
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (cert_render(xml.data, xml.len, &pdf, &len) != SDRZ_OK)
		return 1;
	free(pdf);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("first render (font loading): %.1f ms\n",
	    (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < count; i++) {
		if (cert_render(xml.data, xml.len, &pdf, &len) != SDRZ_OK)
			return 1;
		free(pdf);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	printf("%d renders: %.1f ms each, %.0f per second on one core, "
	    "%zu bytes (%.1f kB) each\n", count, ms / count, count * 1e3 / ms,
	    len, len / 1024.0);
	buf_release(&xml);
	return 0;
}
