#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "attach.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "org.h"
#include "log.h"
#include "util.h"

const char *
attach_sniff(const void *data, size_t len)
{
	const unsigned char	*p = data;

	if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	return NULL;
}

static const struct {
	const char	*name;
	const char	*message;
} faults[ATTACH_FAULT__MAX] = {
	[ATTACH_FAULT_NONE] = { "ok", "" },
	[ATTACH_FAULT_EMPTY] = { "empty", "文件是空的,请重新选择" },
	[ATTACH_FAULT_SIZE] = { "too_big", "文件不能超过 5 MB" },
	[ATTACH_FAULT_TYPE] = { "type", "只能上传 PDF、PNG 或 JPG 文件" },
	[ATTACH_FAULT_INCOMPLETE] = { "incomplete",
	    "文件不完整(可能没有保存完或传输中断),请重新保存或扫描后再上传" },
	[ATTACH_FAULT_CORRUPT] = { "corrupt",
	    "文件已损坏或格式不正确,请用看图或 PDF 软件另存后再上传" },
	[ATTACH_FAULT_DIMENSIONS] = { "dimensions",
	    "图片尺寸不符合要求:每边不超过 20000 像素、总共不超过 4000 万像素,"
	    "请缩小后再上传" },
	[ATTACH_FAULT_BOMB] = { "bomb",
	    "图片数据与其标明的尺寸不符,请用看图软件另存后再上传" },
	[ATTACH_FAULT_PDF] = { "pdf_structure",
	    "PDF 文件结构不完整(缺少文件头或文件尾),请重新导出后再上传" },
	[ATTACH_FAULT_POLYGLOT] = { "polyglot",
	    "文件中夹带网页代码,不能作为 PDF 上传,请用 PDF 软件重新导出后再上传" },
};

const char *
attach_fault_name(enum attach_fault f)
{
	return (unsigned)f < ATTACH_FAULT__MAX ? faults[f].name : "unknown";
}

const char *
attach_fault_message(enum attach_fault f)
{
	return (unsigned)f < ATTACH_FAULT__MAX ? faults[f].message :
	    faults[ATTACH_FAULT_CORRUPT].message;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Whether an image of w x h pixels is within the limits. */
static int
size_ok(uint32_t w, uint32_t h)
{
	return w > 0 && h > 0 && w <= ATTACH_MAX_SIDE && h <= ATTACH_MAX_SIDE &&
	    (uint64_t)w * h <= (uint64_t)ATTACH_MAX_PIXELS;
}

/* The bytes of filtered rows of w x h pixels of bpp bits (a filter byte
 * per row). */
static uint64_t
png_rows(uint64_t w, uint64_t h, unsigned bpp)
{
	if (w == 0 || h == 0)
		return 0;
	return h * (1 + (w * bpp + 7) / 8);
}

/* The exact inflated size of a PNG's pixel data, from IHDR; 0 for a
 * bit depth or colour type the standard does not allow. */
static uint64_t
png_raw_size(const unsigned char *ihdr)
{
	/* Adam7: the origin and step of each pass, x then y. */
	static const unsigned char adam7[7][4] = {
		{ 0, 8, 0, 8 }, { 4, 8, 0, 8 }, { 0, 4, 4, 8 }, { 2, 4, 0, 4 },
		{ 0, 2, 2, 4 }, { 1, 2, 0, 2 }, { 0, 1, 1, 2 },
	};
	uint64_t	 w = be32(ihdr), h = be32(ihdr + 4), sum;
	unsigned	 depth = ihdr[8], type = ihdr[9], ch, i;

	switch (type) {
	case 0:
		ch = 1;
		if (depth != 1 && depth != 2 && depth != 4 && depth != 8 &&
		    depth != 16)
			return 0;
		break;
	case 3:
		ch = 1;
		if (depth != 1 && depth != 2 && depth != 4 && depth != 8)
			return 0;
		break;
	case 2:
	case 4:
	case 6:
		ch = type == 2 ? 3 : type == 4 ? 2 : 4;
		if (depth != 8 && depth != 16)
			return 0;
		break;
	default:
		return 0;
	}
	if (ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1)
		return 0;
	if (ihdr[12] == 0)
		return png_rows(w, h, ch * depth);
	for (sum = 0, i = 0; i < 7; i++)
		sum += png_rows(
		    w > adam7[i][0] ? (w - adam7[i][0] + adam7[i][1] - 1) /
		    adam7[i][1] : 0,
		    h > adam7[i][2] ? (h - adam7[i][2] + adam7[i][3] - 1) /
		    adam7[i][3] : 0, ch * depth);
	return sum;
}

/*
 * A PNG: IHDR first, every chunk whole with its CRC, the IDAT stream
 * inflated (into a scratch buffer, never kept) to exactly the size IHDR
 * demands, IEND last. The inflation stops as soon as the output passes
 * that size, so a small file that would inflate to gigabytes costs no
 * more than a real picture of its declared size.
 */
static enum attach_fault
check_png(const unsigned char *p, size_t len)
{
	unsigned char	 scratch[65536];
	z_stream	 z;
	enum attach_fault f = ATTACH_FAULT_INCOMPLETE;
	uint64_t	 want = 0, got = 0;
	size_t		 pos = 8;
	uint32_t	 n;
	int		 zrc = Z_OK, zinit = 0, first = 1, ended = 0;

	memset(&z, 0, sizeof(z));
	while (pos + 12 <= len) {
		n = be32(p + pos);
		if (n > 0x7fffffffU || n > len - pos - 12)
			goto out;	/* cut short */
		if (crc32(0, p + pos + 4, n + 4) != be32(p + pos + 8 + n)) {
			f = ATTACH_FAULT_CORRUPT;
			goto out;
		}
		if (first) {
			if (memcmp(p + pos + 4, "IHDR", 4) != 0 || n != 13) {
				f = ATTACH_FAULT_CORRUPT;
				goto out;
			}
			if (!size_ok(be32(p + pos + 8), be32(p + pos + 12))) {
				f = ATTACH_FAULT_DIMENSIONS;
				goto out;
			}
			if ((want = png_raw_size(p + pos + 8)) == 0) {
				f = ATTACH_FAULT_CORRUPT;
				goto out;
			}
			if (inflateInit(&z) != Z_OK) {
				f = ATTACH_FAULT_CORRUPT;
				goto out;
			}
			zinit = 1;
			first = 0;
		} else if (memcmp(p + pos + 4, "IDAT", 4) == 0) {
			if (zrc == Z_STREAM_END)
				goto next;	/* decoders ignore the rest */
			z.next_in = (unsigned char *)(uintptr_t)(p + pos + 8);
			z.avail_in = n;
			/* Until the output no longer fills the buffer: then
			 * this chunk is used up (or the stream ended). */
			do {
				z.next_out = scratch;
				z.avail_out = sizeof(scratch);
				zrc = inflate(&z, Z_NO_FLUSH);
				if (zrc != Z_OK && zrc != Z_STREAM_END &&
				    zrc != Z_BUF_ERROR) {
					f = ATTACH_FAULT_CORRUPT;
					goto out;
				}
				got += sizeof(scratch) - z.avail_out;
				if (got > want) {
					f = ATTACH_FAULT_BOMB;
					goto out;
				}
			} while (zrc != Z_STREAM_END && z.avail_out == 0);
		} else if (memcmp(p + pos + 4, "IEND", 4) == 0) {
			ended = 1;
			pos += 12 + n;
			break;
		} else if (memcmp(p + pos + 4, "IHDR", 4) == 0) {
			f = ATTACH_FAULT_CORRUPT;
			goto out;
		}
next:
		pos += 12 + n;
	}
	if (!ended)
		goto out;
	if (pos != len) {
		f = ATTACH_FAULT_CORRUPT;	/* something after IEND */
		goto out;
	}
	f = zrc == Z_STREAM_END && got == want ? ATTACH_FAULT_NONE :
	    ATTACH_FAULT_INCOMPLETE;
out:
	if (zinit)
		inflateEnd(&z);
	return f;
}

/*
 * A JPEG: segments from SOI, each frame header (SOFn) within the size
 * limits and before the first scan, the entropy-coded data of each scan
 * skipped up to its next marker, up to EOI. Bytes after EOI are
 * accepted: decoders stop there, and phones append their own data.
 */
static enum attach_fault
check_jpeg(const unsigned char *p, size_t len)
{
	const unsigned char	*q;
	size_t			 pos = 2, seg;
	unsigned		 m;
	int			 frame = 0, scan = 0;

	for (;;) {
		if (pos >= len)
			return ATTACH_FAULT_INCOMPLETE;
		if (p[pos] != 0xff)
			return ATTACH_FAULT_CORRUPT;
		while (pos < len && p[pos] == 0xff)
			pos++;		/* fill bytes */
		if (pos >= len)
			return ATTACH_FAULT_INCOMPLETE;
		m = p[pos++];
		if (m == 0xd9)
			return frame && scan ? ATTACH_FAULT_NONE :
			    ATTACH_FAULT_CORRUPT;
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7))
			continue;	/* no length */
		if (m == 0x00 || m == 0xd8)
			return ATTACH_FAULT_CORRUPT;
		if (len - pos < 2)
			return ATTACH_FAULT_INCOMPLETE;
		seg = (size_t)p[pos] << 8 | p[pos + 1];
		if (seg < 2)
			return ATTACH_FAULT_CORRUPT;
		if (seg > len - pos)
			return ATTACH_FAULT_INCOMPLETE;
		/* SOF0-15 except DHT (c4), JPG (c8) and DAC (cc). */
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 &&
		    m != 0xcc) {
			if (seg < 8 || scan)
				return ATTACH_FAULT_CORRUPT;
			if (!size_ok((uint32_t)p[pos + 5] << 8 | p[pos + 6],
			    (uint32_t)p[pos + 3] << 8 | p[pos + 4]))
				return ATTACH_FAULT_DIMENSIONS;
			if (p[pos + 7] == 0 || p[pos + 7] > 4)
				return ATTACH_FAULT_CORRUPT;
			frame = 1;
		}
		pos += seg;
		if (m != 0xda)
			continue;
		if (!frame)
			return ATTACH_FAULT_CORRUPT;
		scan = 1;
		/* Entropy-coded data: 0xff is followed by 00 (a stuffed byte),
		 * a restart marker or fill, else it starts the next marker. */
		for (;;) {
			if ((q = memchr(p + pos, 0xff, len - pos)) == NULL)
				return ATTACH_FAULT_INCOMPLETE;
			pos = (size_t)(q - p);
			if (pos + 1 >= len)
				return ATTACH_FAULT_INCOMPLETE;
			m = p[pos + 1];
			if (m == 0x00 || (m >= 0xd0 && m <= 0xd7))
				pos += 2;
			else if (m == 0xff)
				pos++;
			else
				break;
		}
	}
}

/* Whether s (lower case) occurs in p[0..len), ignoring ASCII case. */
static int
has_nocase(const unsigned char *p, size_t len, const char *s)
{
	size_t	 n = strlen(s), i, j;

	for (i = 0; i + n <= len; i++) {
		for (j = 0; j < n; j++)
			if (tolower(p[i + j]) != s[j])
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

/* The last occurrence of s in p[0..len), or NULL. */
static const unsigned char *
last_of(const unsigned char *p, size_t len, const char *s)
{
	size_t	 n = strlen(s), i;

	for (i = len >= n ? len - n + 1 : 0; i-- > 0; )
		if (memcmp(p + i, s, n) == 0)
			return p + i;
	return NULL;
}

#define PDF_WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || \
	(c) == '\n' || (c) == '\f' || (c) == '\0')

/*
 * A PDF: "%PDF-d.d" at offset 0; none of the tags by which a browser
 * takes a file for a web page in its first KiB; and at its end, after
 * the last "startxref", an offset inside the file where a cross-reference
 * table ("xref") or stream (an object number) starts, then "%%EOF" and
 * only white space.
 */
static enum attach_fault
check_pdf(const unsigned char *p, size_t len)
{
	static const char *const html[] = {
		"<!doctype", "<html", "<head", "<body", "<script", "<iframe",
		"<title", "<style", "<svg", "<object", "<embed", "<meta",
		"<img", "<form", "<a href", "<!--", "javascript:",
	};
	const unsigned char	*tail, *x;
	size_t			 end, i, off, tl;

	if (len < 8 || memcmp(p, "%PDF-", 5) != 0 || !isdigit(p[5]) ||
	    p[6] != '.' || !isdigit(p[7]))
		return ATTACH_FAULT_PDF;
	for (i = 0; i < sizeof(html) / sizeof(html[0]); i++)
		if (has_nocase(p, len < 1024 ? len : 1024, html[i]))
			return ATTACH_FAULT_POLYGLOT;
	for (end = len; end > 0 && PDF_WS(p[end - 1]); end--)
		continue;
	if (end < 5 || memcmp(p + end - 5, "%%EOF", 5) != 0)
		return ATTACH_FAULT_PDF;
	end -= 5;
	tl = end < 1024 ? end : 1024;
	tail = p + end - tl;
	if ((x = last_of(tail, tl, "startxref")) == NULL)
		return ATTACH_FAULT_PDF;
	i = (size_t)(x - p) + 9;
	if (i >= end || !PDF_WS(p[i]))
		return ATTACH_FAULT_PDF;
	while (i < end && PDF_WS(p[i]))
		i++;
	for (off = 0; i < end && isdigit(p[i]); i++) {
		off = off * 10 + (size_t)(p[i] - '0');
		if (off >= len)
			return ATTACH_FAULT_PDF;
	}
	while (i < end && PDF_WS(p[i]))
		i++;
	if (i != end || off >= (size_t)(x - p) || off == 0)
		return ATTACH_FAULT_PDF;
	while (off < len && PDF_WS(p[off]))
		off++;
	if (off + 4 > len || (memcmp(p + off, "xref", 4) != 0 &&
	    !isdigit(p[off])))
		return ATTACH_FAULT_PDF;
	return ATTACH_FAULT_NONE;
}

enum attach_fault
attach_check(const void *data, size_t len, const char **mime)
{
	enum attach_fault	 f;
	const char		*m;

	*mime = NULL;
	if (len == 0)
		return ATTACH_FAULT_EMPTY;
	if (len > ATTACH_MAX_SIZE)
		return ATTACH_FAULT_SIZE;
	if ((m = attach_sniff(data, len)) == NULL)
		return ATTACH_FAULT_TYPE;
	if (strcmp(m, "image/png") == 0)
		f = check_png(data, len);
	else if (strcmp(m, "image/jpeg") == 0)
		f = check_jpeg(data, len);
	else
		f = check_pdf(data, len);
	if (f == ATTACH_FAULT_NONE)
		*mime = m;
	return f;
}

/* Writes the whole buffer to a new file; 0 or -1 (nothing left behind). */
static int
write_new(const char *path, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) ==
	    -1)
		return -1;
	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	/* Acknowledged means on disk. */
	if (fsync(fd) == -1)
		goto fail;
	return close(fd);
fail:
	close(fd);
	unlink(path);
	return -1;
}

static const char SQL_ADD[] =
    "INSERT INTO attachment (person_id, file, name, mime, size, sha256)"
    " VALUES (?, ?, ?, ?, ?, ?)";

enum sdrz_err
attach_store(struct db *db, const struct config *cfg, int64_t person_id,
    const char *name, const void *data, size_t len, cJSON **out,
    enum attach_fault *fault)
{
	unsigned char	 raw[16];
	char		 file[40], dir[1024], path[1100], sum[65], clean[201];
	const char	*mime;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	size_t		 i, n;

	*out = NULL;
	if ((*fault = attach_check(data, len, &mime)) != ATTACH_FAULT_NONE)
		return SDRZ_ERR_INVALID;
	/* The name is shown, never used as a path: keep printable text. */
	snprintf(clean, sizeof(clean), "%s", name && *name ? name : "附件");
	for (i = 0, n = strlen(clean); i < n; i++)
		if ((unsigned char)clean[i] < 0x20 || strchr("/\\\"", clean[i]))
			clean[i] = '_';
	while (n > 0 && !util_utf8_valid(clean, n))
		clean[--n] = '\0';
	if (util_random(raw, sizeof(raw)) == -1)
		return SDRZ_ERR_IO;
	util_hex(raw, sizeof(raw), file);
	snprintf(dir, sizeof(dir), "%s/att", cfg->media_dir);
	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		log_warn("attach: %s: %s", dir, strerror(errno));
		return SDRZ_ERR_IO;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (write_new(path, data, len) == -1) {
		log_warn("attach: %s: %s", path, strerror(errno));
		return SDRZ_ERR_IO;
	}
	util_sha256_hex(data, len, sum);
	if ((st = db_stmt(db, SQL_ADD)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto fail;
	}
	db_bind_int(st, 0, person_id);
	db_bind_text(st, 1, file);
	db_bind_text(st, 2, clean);
	db_bind_text(st, 3, mime);
	db_bind_int(st, 4, (int64_t)len);
	db_bind_text(st, 5, sum);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto fail;
	*out = cJSON_CreateObject();
	cJSON_AddNumberToObject(*out, "id", (double)db_insert_id(st));
	cJSON_AddStringToObject(*out, "name", clean);
	cJSON_AddStringToObject(*out, "mime", mime);
	cJSON_AddNumberToObject(*out, "size", (double)len);
	return SDRZ_OK;
fail:
	unlink(path);
	return rc;
}

static const char SQL_BIND[] =
    "UPDATE attachment SET review_id = ? WHERE id = ? AND person_id = ?"
    " AND review_id IS NULL";

enum sdrz_err
attach_bind(struct db *db, int64_t person_id, const cJSON *ids,
    int64_t review_id)
{
	struct db_stmt	*st;
	const cJSON	*id;
	int64_t		 aid;
	enum sdrz_err	 rc;

	if (ids == NULL || cJSON_IsNull(ids))
		return SDRZ_OK;
	if (!cJSON_IsArray(ids) || cJSON_GetArraySize(ids) > ATTACH_MAX_COUNT)
		return SDRZ_ERR_INVALID;
	cJSON_ArrayForEach(id, ids) {
		if (form_json_id(id, &aid) == -1)
			return SDRZ_ERR_INVALID;
		if ((st = db_stmt(db, SQL_BIND)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, review_id);
		db_bind_int(st, 1, aid);
		db_bind_int(st, 2, person_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_affected(st) != 1)
			return SDRZ_ERR_INVALID;
	}
	return SDRZ_OK;
}

static const char SQL_OF_REVIEW[] =
    "SELECT id, name, mime, size FROM attachment WHERE review_id = ?"
    " ORDER BY id";

enum sdrz_err
attach_of_review(struct db *db, int64_t review_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*arr, *o;

	if ((st = db_stmt(db, SQL_OF_REVIEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, review_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	arr = cJSON_CreateArray();
	while (db_next(st) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
		cJSON_AddStringToObject(o, "name", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "mime", db_col_text(st, 2));
		cJSON_AddNumberToObject(o, "size", (double)db_col_int(st, 3));
	}
	*out = arr;
	return SDRZ_OK;
}

/* The owner, or an admin of an approver of its review or of an ancestor
 * of that approver. */
static const char SQL_OPEN[] =
    "SELECT f.file, f.mime, f.name FROM attachment f"
    " LEFT JOIN review r ON r.id = f.review_id WHERE f.id = ? AND"
    " (f.person_id = ? OR EXISTS (SELECT 1 FROM review_approver a"
    "  JOIN org o ON o.id = a.org_id JOIN org t"
    "  ON t.id = IF(r.kind = 'declaration', ?, IF(r.kind = 'profile_change', ?, 0))"
    "  WHERE a.review_id = f.review_id"
    "  AND" ORG_SUBTREE("o", "t") "))";

enum sdrz_err
attach_open(struct db *db, int64_t id, int64_t person_id, int64_t info_org,
    int64_t hours_org, char *uri, char *mime, char *name)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_OPEN)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, id);
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, hours_org);
	db_bind_int(st, 3, info_org);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	snprintf(uri, 128, "/media/att/%s", db_col_text(st, 0));
	snprintf(mime, 48, "%s", db_col_text(st, 1));
	snprintf(name, 256, "%s", db_col_text(st, 2));
	return SDRZ_OK;
}
