/*
 * attach_check(): uploads are judged by their whole structure, not their
 * first bytes. The files are made here (PNG chunks with zlib, JPEG
 * segments, PDF objects), so each case says exactly what is wrong.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <zlib.h>

#include "attach.h"

struct file {
	unsigned char	*p;
	size_t		 len, cap;
};

static void
put(struct file *f, const void *data, size_t len)
{
	if (f->len + len > f->cap) {
		f->cap = (f->len + len) * 2 + 64;
		f->p = realloc(f->p, f->cap);
		assert_non_null(f->p);
	}
	memcpy(f->p + f->len, data, len);
	f->len += len;
}

static void
put32(struct file *f, uint32_t v)
{
	unsigned char	 b[4] = { v >> 24, v >> 16, v >> 8, v };

	put(f, b, 4);
}

static void
chunk(struct file *f, const char *type, const void *data, uint32_t len)
{
	uLong	 crc;

	put32(f, len);
	put(f, type, 4);
	if (len > 0)
		put(f, data, len);
	crc = crc32(0, (const Bytef *)type, 4);
	if (len > 0)
		crc = crc32(crc, data, len);
	put32(f, (uint32_t)crc);
}

/* A PNG of w x h, colour type and interlace as given, 8 bits, whose
 * IDAT holds raw bytes of zeros, compressed. */
static struct file
png(uint32_t w, uint32_t h, int type, int interlace, size_t raw, int iend)
{
	struct file	 f = { 0 };
	unsigned char	 ihdr[13], *zeros, *z;
	uLongf		 zlen;

	put(&f, "\x89PNG\r\n\x1a\n", 8);
	ihdr[0] = w >> 24; ihdr[1] = w >> 16; ihdr[2] = w >> 8; ihdr[3] = w;
	ihdr[4] = h >> 24; ihdr[5] = h >> 16; ihdr[6] = h >> 8; ihdr[7] = h;
	ihdr[8] = 8;
	ihdr[9] = type;
	ihdr[10] = ihdr[11] = 0;
	ihdr[12] = interlace;
	chunk(&f, "IHDR", ihdr, 13);
	zeros = calloc(1, raw + 1);
	zlen = compressBound(raw);
	z = malloc(zlen);
	assert_non_null(zeros);
	assert_non_null(z);
	assert_int_equal(compress2(z, &zlen, zeros, raw, 9), Z_OK);
	/* Two IDAT chunks: the stream may be split anywhere. */
	chunk(&f, "IDAT", z, zlen / 2);
	chunk(&f, "IDAT", z + zlen / 2, zlen - zlen / 2);
	free(z);
	free(zeros);
	if (iend)
		chunk(&f, "IEND", NULL, 0);
	return f;
}

static enum attach_fault
check(const struct file *f, const char *want_mime)
{
	const char		*mime = "x";
	enum attach_fault	 rc;

	rc = attach_check(f->p, f->len, &mime);
	if (rc == ATTACH_FAULT_NONE)
		assert_string_equal(mime, want_mime);
	else
		assert_null(mime);
	return rc;
}

static void
test_png(void **state)
{
	struct file	 f;

	(void)state;
	/* 3 x 2 RGB: 2 rows of a filter byte and 9 bytes. */
	f = png(3, 2, 2, 0, 20, 1);
	assert_int_equal(check(&f, "image/png"), ATTACH_FAULT_NONE);
	/* A bit flipped: the chunk's CRC no longer matches. */
	f.p[8 + 8 + 3] ^= 1;
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_CORRUPT);
	free(f.p);
	/* Rows missing, or one byte too many. */
	f = png(3, 2, 2, 0, 19, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_INCOMPLETE);
	free(f.p);
	f = png(3, 2, 2, 0, 21, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_BOMB);
	free(f.p);
	/* No IEND, cut inside a chunk, something after IEND. */
	f = png(3, 2, 2, 0, 20, 0);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_INCOMPLETE);
	free(f.p);
	f = png(3, 2, 2, 0, 20, 1);
	f.len -= 5;
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_INCOMPLETE);
	f.len += 5;
	put(&f, "<html>", 6);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_CORRUPT);
	free(f.p);
	/* The signature and the start of IHDR only. */
	f = (struct file){ 0 };
	put(&f, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_INCOMPLETE);
	free(f.p);
	/* Adam7, 3 x 3 RGB: passes of 4 + 4 + 7 + 8 + 10 bytes. */
	f = png(3, 3, 2, 1, 33, 1);
	assert_int_equal(check(&f, "image/png"), ATTACH_FAULT_NONE);
	free(f.p);
	f = png(3, 3, 2, 1, 34, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_BOMB);
	free(f.p);
	/* A colour type that does not exist. */
	f = png(3, 2, 5, 0, 20, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_CORRUPT);
	free(f.p);
}

static void
test_png_size(void **state)
{
	struct file	 f;

	(void)state;
	f = png(100000, 100000, 2, 0, 10, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_DIMENSIONS);
	free(f.p);
	f = png(20001, 1, 0, 0, 10, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_DIMENSIONS);
	free(f.p);
	f = png(0, 10, 0, 0, 10, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_DIMENSIONS);
	free(f.p);
	/* 20000 x 2001 is more than 40 megapixels. */
	f = png(20000, 2001, 0, 0, 10, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_DIMENSIONS);
	free(f.p);
	/* The limits themselves pass (20000 x 1 grey: 20001 bytes). */
	f = png(20000, 1, 0, 0, 20001, 1);
	assert_int_equal(check(&f, "image/png"), ATTACH_FAULT_NONE);
	free(f.p);
}

static void
test_png_bomb(void **state)
{
	struct file	 f;

	(void)state;
	/* 100 x 100 grey needs 10100 bytes; its data inflate to 20 MB. */
	f = png(100, 100, 0, 0, 20 * 1024 * 1024, 1);
	assert_true(f.len < 100 * 1024);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_BOMB);
	free(f.p);
}

/* A JPEG of the given frame size: SOI, APP0, SOF0, DHT, SOS, entropy data
 * with a stuffed byte and a restart marker, EOI. */
static struct file
jpeg(unsigned w, unsigned h, int sof, int eoi)
{
	struct file	 f = { 0 };
	unsigned char	 frame[] = { 0xff, 0xc0, 0, 11, 8, h >> 8, h, w >> 8,
	    w, 1, 1, 0x11, 0 };
	static const unsigned char app0[] = { 0xff, 0xe0, 0, 16, 'J', 'F', 'I',
	    'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
	static const unsigned char dht[] = { 0xff, 0xc4, 0, 4, 0, 0 };
	static const unsigned char sos[] = { 0xff, 0xda, 0, 8, 1, 1, 0, 0, 63,
	    0 };
	static const unsigned char data[] = { 0x12, 0xff, 0x00, 0x34, 0xff,
	    0xd0, 0x56, 0xff, 0xff, 0xd9 };

	put(&f, "\xff\xd8", 2);
	put(&f, app0, sizeof(app0));
	if (sof)
		put(&f, frame, sizeof(frame));
	put(&f, dht, sizeof(dht));
	put(&f, sos, sizeof(sos));
	put(&f, data, eoi ? sizeof(data) : sizeof(data) - 2);
	return f;
}

static void
test_jpeg(void **state)
{
	struct file	 f;

	(void)state;
	f = jpeg(640, 480, 1, 1);
	assert_int_equal(check(&f, "image/jpeg"), ATTACH_FAULT_NONE);
	/* Bytes after EOI are what phones append: accepted. */
	put(&f, "trailer", 7);
	assert_int_equal(check(&f, "image/jpeg"), ATTACH_FAULT_NONE);
	free(f.p);
	f = jpeg(640, 480, 1, 0);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_INCOMPLETE);
	free(f.p);
	f = jpeg(640, 480, 0, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_CORRUPT);
	free(f.p);
	f = jpeg(20001, 10, 1, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_DIMENSIONS);
	free(f.p);
	f = jpeg(10000, 10000, 1, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_DIMENSIONS);
	free(f.p);
	f = jpeg(640, 0, 1, 1);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_DIMENSIONS);
	free(f.p);
	/* The three bytes of a JPEG's start, and a segment cut short. */
	f = (struct file){ 0 };
	put(&f, "\xff\xd8\xff", 3);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_INCOMPLETE);
	put(&f, "\xe0\x00\x10JFIF", 7);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_INCOMPLETE);
	free(f.p);
}

/* A PDF with one object, its xref table at the offset startxref names. */
static struct file
pdf(const char *head, const char *tail, long shift)
{
	struct file	 f = { 0 };
	char		 buf[256];
	size_t		 xref;

	put(&f, "%PDF-1.4\n", 9);
	put(&f, head, strlen(head));
	put(&f, "1 0 obj\n<< /Type /Catalog >>\nendobj\n", 36);
	xref = f.len;
	snprintf(buf, sizeof(buf), "xref\n0 2\n0000000000 65535 f \n"
	    "%010zu 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\n"
	    "startxref\n%ld\n%s", 9 + strlen(head), (long)xref + shift, tail);
	put(&f, buf, strlen(buf));
	return f;
}

static void
test_pdf(void **state)
{
	struct file	 f;

	(void)state;
	f = pdf("", "%%EOF\n", 0);
	assert_int_equal(check(&f, "application/pdf"), ATTACH_FAULT_NONE);
	free(f.p);
	f = pdf("%\xe2\xe3\xcf\xd3\n", "%%EOF\r\n\n", 0);
	assert_int_equal(check(&f, "application/pdf"), ATTACH_FAULT_NONE);
	free(f.p);
	/* No %%EOF; something after it; startxref outside the file or not
	 * at a cross-reference table. */
	f = pdf("", "", 0);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_PDF);
	free(f.p);
	f = pdf("", "%%EOF\ngarbage", 0);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_PDF);
	free(f.p);
	f = pdf("", "%%EOF\n", 100000);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_PDF);
	free(f.p);
	f = pdf("", "%%EOF\n", 2);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_PDF);
	free(f.p);
	/* No startxref at all. */
	f = (struct file){ 0 };
	put(&f, "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
	    strlen("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"));
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_PDF);
	free(f.p);
	/* A header that is not a version. */
	f = pdf("", "%%EOF\n", 0);
	f.p[5] = 'x';
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_PDF);
	free(f.p);
	/* PDF + HTML polyglots, in any case. */
	f = pdf("<html><body>hi</body></html>\n", "%%EOF\n", 0);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_POLYGLOT);
	free(f.p);
	f = pdf("% <ScRiPt>alert(1)</script>\n", "%%EOF\n", 0);
	assert_int_equal(check(&f, NULL), ATTACH_FAULT_POLYGLOT);
	free(f.p);
}

static void
test_other(void **state)
{
	const char	*mime;

	(void)state;
	assert_int_equal(attach_check("", 0, &mime), ATTACH_FAULT_EMPTY);
	assert_int_equal(attach_check("MZ\x90\0", 4, &mime), ATTACH_FAULT_TYPE);
	assert_null(mime);
	/* Every fault has a stable name and a message. */
	for (int i = ATTACH_FAULT_EMPTY; i < ATTACH_FAULT__MAX; i++) {
		assert_true(strlen(attach_fault_name(i)) > 0);
		assert_true(strlen(attach_fault_message(i)) > 0);
	}
	assert_string_equal(attach_fault_name(ATTACH_FAULT_POLYGLOT), "polyglot");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_png_size),
		cmocka_unit_test(test_png_bomb),
		cmocka_unit_test(test_jpeg),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_other),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
