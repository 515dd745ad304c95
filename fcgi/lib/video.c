/*
 * Videos: the chunked upload, the content check, the transcoding job and
 * who may watch (video.h). Files: uploads in upload_dir/video/, the HLS
 * of ready videos in media_dir/videos/<folder>/, which nginx serves only
 * through its internal location after video_may_watch().
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "list.h"
#include "log.h"
#include "util.h"
#include "video.h"

const char *const video_statuses[VIDEO_STATUS__MAX + 1] = {
	"uploading", "queued", "processing", "ready", "failed", NULL,
};

static const struct form_field new_fields[] = {
	{ "name", "视频名称", FORM_TEXT, 1, VIDEO_NAME_MAX, NULL, NULL, 0, 0,
	    NULL },
	/* The configured limit (video_max_bytes) is checked beside. */
	{ "size", "文件大小", FORM_INT, 1, 0, NULL, NULL, 1, 1LL << 40, NULL },
};

const struct form_desc video_new_form = { "video-upload", new_fields,
    sizeof(new_fields) / sizeof(new_fields[0]) };

/* ---- the content check ---- */

/* The brands of ISO BMFF files that are MP4 (ISO/IEC 14496-12 and -14,
 * and the common writers'): what the transcoder is fed as MP4. */
static const char *const mp4_brands[] = {
	"isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8",
	"iso9", "mp41", "mp42", "mp71", "avc1", "avc2", "hvc1", "dash",
	"M4V ", "M4VH", "M4VP", "MSNV", "NDAS", "f4v ", "mmp4", "XAVC",
	NULL,
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
mp4_brand(const unsigned char *p)
{
	size_t	 i;

	for (i = 0; mp4_brands[i] != NULL; i++)
		if (memcmp(p, mp4_brands[i], 4) == 0)
			return 1;
	return 0;
}

int
video_sniff_mp4(const void *head, size_t len)
{
	const unsigned char	*p = head;
	uint32_t		 size, i;

	/* size, "ftyp", major brand, minor version, compatible brands. */
	if (len < 16 || memcmp(p + 4, "ftyp", 4) != 0)
		return 0;
	size = be32(p);
	if (size < 16 || size > VIDEO_HEAD || size > len || (size - 16) % 4)
		return 0;
	if (mp4_brand(p + 8))
		return 1;
	for (i = 16; i + 4 <= size; i += 4)
		if (mp4_brand(p + i))
			return 1;
	return 0;
}

/* ---- names a player may ask for ---- */

/* 1 when s is prefix followed by min..max digits, then suffix. */
static int
numbered(const char *s, const char *prefix, size_t min, size_t max,
    const char *suffix)
{
	size_t	 n, d;

	n = strlen(prefix);
	if (strncmp(s, prefix, n) != 0)
		return 0;
	s += n;
	d = strspn(s, "0123456789");
	return d >= min && d <= max && strcmp(s + d, suffix) == 0;
}

const char *
video_media_type(const char *rendition, const char *file)
{
	if (file == NULL)
		return NULL;
	if (rendition == NULL)
		return strcmp(file, "master.m3u8") == 0 ?
		    "application/vnd.apple.mpegurl" : NULL;
	/* 240p .. 2160p: what video_renditions() names, never a path. */
	if (!numbered(rendition, "", 2, 4, "p") || rendition[0] == '0')
		return NULL;
	if (strcmp(file, "index.m3u8") == 0)
		return "application/vnd.apple.mpegurl";
	if (numbered(file, "seg", 5, 6, ".ts"))
		return "video/mp2t";
	return NULL;
}

/* ---- the rendition ladder ---- */

/* The encoder's rate for a height, in kbit/s. */
static int
video_rate(int h)
{
	if (h <= 144)
		return 200;
	if (h <= 240)
		return 400;
	if (h <= 360)
		return 800;
	if (h <= 480)
		return 1200;
	return 2500;
}

static void
rendition(struct video_rendition *r, int w, int h, int height,
    int has_audio)
{
	int64_t	 wd;

	memset(r, 0, sizeof(*r));
	r->height = height;
	/* The source's aspect, rounded to an even width. */
	wd = ((int64_t)w * height + h) / (2 * (int64_t)h) * 2;
	r->width = wd < 2 ? 2 : (int)wd;
	snprintf(r->name, sizeof(r->name), "%dp", height);
	r->video_kbps = video_rate(height);
	r->audio_kbps = has_audio ? (height <= 240 ? 96 : 128) : 0;
}

size_t
video_renditions(int w, int h, int has_audio,
    struct video_rendition out[VIDEO_RENDITIONS_MAX])
{
	static const int lower[] = { 240, 144 };
	int	 top, low = 0;
	size_t	 i;

	if (w < 2 || h < 4)
		return 0;
	top = (h < 720 ? h : 720) & ~1;
	if (top > 360)
		low = 360;
	else {
		for (i = 0; i < sizeof(lower) / sizeof(lower[0]); i++)
			if (lower[i] < top) {
				low = lower[i];
				break;
			}
		if (low == 0)
			low = (top / 2) & ~1;
	}
	if (low < 2)
		low = 2;
	rendition(&out[0], w, h, low, has_audio);
	rendition(&out[1], w, h, top, has_audio);
	return 2;
}

/* ---- ffprobe's answer ---- */

static int
json_int(const cJSON *o, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItem(o, key);

	if (cJSON_IsNumber(v))
		return (int)v->valuedouble;
	if (cJSON_IsString(v))
		return atoi(v->valuestring);
	return 0;
}

/* Seconds as ffprobe writes them ("12.000000") in ms; -1 when absent. */
static int64_t
json_ms(const cJSON *o, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItem(o, key);
	char		*end;
	double		 d;

	if (!cJSON_IsString(v))
		return -1;
	d = strtod(v->valuestring, &end);
	if (end == v->valuestring || d < 0 || d > 1e7)
		return -1;
	return (int64_t)(d * 1000.0 + 0.5);
}

/* The display rotation of a stream in degrees (0, 90, 180, 270). */
static int
rotation(const cJSON *st)
{
	const cJSON	*sd, *tags, *r;
	int		 deg = 0;

	tags = cJSON_GetObjectItem(st, "tags");
	if ((r = cJSON_GetObjectItem(tags, "rotate")) != NULL &&
	    cJSON_IsString(r))
		deg = atoi(r->valuestring);
	cJSON_ArrayForEach(sd, cJSON_GetObjectItem(st, "side_data_list")) {
		r = cJSON_GetObjectItem(sd, "rotation");
		if (cJSON_IsNumber(r))
			deg = (int)r->valuedouble;
	}
	deg %= 360;
	return deg < 0 ? deg + 360 : deg;
}

enum sdrz_err
video_probe_parse(const char *json, struct video_probe *p,
    const char **why)
{
	cJSON		*root;
	const cJSON	*st, *video = NULL, *fmt, *sar, *disp;
	const char	*type;
	int		 w, h, num, den;
	int64_t		 ms;
	enum sdrz_err	 rc = SDRZ_ERR_INVALID;

	memset(p, 0, sizeof(*p));
	*why = "无法识别该视频文件的格式,请确认它是完整的 MP4 视频";
	if (json == NULL || (root = cJSON_Parse(json)) == NULL)
		return SDRZ_ERR_INVALID;
	cJSON_ArrayForEach(st, cJSON_GetObjectItem(root, "streams")) {
		type = cJSON_GetStringValue(cJSON_GetObjectItem(st,
		    "codec_type"));
		if (type == NULL)
			continue;
		if (strcmp(type, "audio") == 0)
			p->has_audio = 1;
		/* A cover picture is a "video" stream of one frame. */
		disp = cJSON_GetObjectItem(st, "disposition");
		if (strcmp(type, "video") == 0 && video == NULL &&
		    json_int(disp, "attached_pic") != 1)
			video = st;
	}
	if (video == NULL) {
		*why = "该文件中没有视频画面,请上传含有视频的 MP4 文件";
		goto out;
	}
	w = json_int(video, "width");
	h = json_int(video, "height");
	if (w < 2 || h < 2 || w > 16384 || h > 16384) {
		*why = "无法读取视频的画面尺寸,请确认文件完整";
		goto out;
	}
	/* Non-square pixels: the width as displayed. */
	sar = cJSON_GetObjectItem(video, "sample_aspect_ratio");
	if (cJSON_IsString(sar) && sscanf(sar->valuestring, "%d:%d", &num,
	    &den) == 2 && num > 0 && den > 0 && num != den)
		w = (int)((int64_t)w * num / den);
	if (rotation(video) == 90 || rotation(video) == 270) {
		num = w;
		w = h;
		h = num;
	}
	fmt = cJSON_GetObjectItem(root, "format");
	if ((ms = json_ms(fmt, "duration")) <= 0)
		ms = json_ms(video, "duration");
	if (ms <= 0) {
		*why = "无法读取视频的时长,请确认文件完整";
		goto out;
	}
	p->duration_ms = ms;
	p->width = w;
	p->height = h;
	snprintf(p->format, sizeof(p->format), "%s",
	    cJSON_GetStringValue(cJSON_GetObjectItem(fmt, "format_name")) ?
	    cJSON_GetStringValue(cJSON_GetObjectItem(fmt, "format_name")) :
	    "");
	*why = NULL;
	rc = SDRZ_OK;
out:
	cJSON_Delete(root);
	return rc;
}

/* ---- files ---- */

static int
mkdir_one(const char *path)
{
	if (mkdir(path, 0750) == -1 && errno != EEXIST) {
		log_warn("video: mkdir %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* base/sub exists (base too); 0 or -1. */
static int
mkdir_under(const char *base, const char *sub, char *path, size_t sz)
{
	if (mkdir_one(base) == -1)
		return -1;
	snprintf(path, sz, "%s/%s", base, sub);
	return mkdir_one(path);
}

/* A random name of 32 hex digits into out (size 33); 0 or -1. */
static int
random_name(char out[33])
{
	unsigned char	 raw[16];

	if (util_random(raw, sizeof(raw)) == -1)
		return -1;
	util_hex(raw, sizeof(raw), out);
	return 0;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) == -1 &&
	    errno != ENOENT)
		log_warn("video: remove %s: %s", path, strerror(errno));
	return 0;
}

/* Removes a folder and what it holds (a missing one is fine). */
static void
rm_tree(const char *path)
{
	struct stat	 sb;

	if (lstat(path, &sb) == -1)
		return;
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
upload_path(const struct config *cfg, const char *file, char *path,
    size_t sz)
{
	snprintf(path, sz, "%s/%s", cfg->upload_dir, file);
}

/* Writes len bytes at offset and syncs them; 0 or -1 (errno). */
static int
write_at(const char *path, const void *data, size_t len, int64_t offset)
{
	const char	*p = data;
	ssize_t		 n;
	int		 fd, saved;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return -1;
	while (len > 0) {
		if ((n = pwrite(fd, p, len, (off_t)offset)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= (size_t)n;
		offset += n;
	}
	/* Acknowledged means on disk: the page moves on to the next chunk. */
	if (fsync(fd) == -1)
		goto fail;
	return close(fd);
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* 1 when the first n bytes of the file are an MP4's; 0 when not; -1 when
 * it cannot be read. */
static int
file_is_mp4(const char *path, size_t n)
{
	unsigned char	 head[VIDEO_HEAD];
	ssize_t		 got;
	size_t		 have = 0;
	int		 fd;

	if (n > sizeof(head))
		n = sizeof(head);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while (have < n) {
		got = pread(fd, head + have, n - have, (off_t)have);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		have += (size_t)got;
	}
	close(fd);
	return video_sniff_mp4(head, have);
}

/* ---- uploads ---- */

long
video_chunk_size(const struct config *cfg)
{
	return cfg->upload_limit < VIDEO_CHUNK_MAX ? cfg->upload_limit :
	    VIDEO_CHUNK_MAX;
}

static const char SQL_NEW[] =
    "INSERT INTO video (org_id, uploaded_by, name, size, upload_file)"
    " VALUES (?, ?, ?, ?, ?)";

struct create_ctx {
	const struct audit_actor *actor;
	int64_t		 org_id, size, id;
	const char	*name, *file;
};

static enum sdrz_err
create_tx(struct db *db, void *arg)
{
	struct create_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	char			 detail[64];

	if ((st = db_stmt(db, SQL_NEW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->org_id);
	db_bind_int(st, 1, c->actor->person_id);
	db_bind_text(st, 2, c->name);
	db_bind_int(st, 3, c->size);
	db_bind_text(st, 4, c->file);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	c->id = (int64_t)db_insert_id(st);
	snprintf(detail, sizeof(detail), "{\"size\":%lld}",
	    (long long)c->size);
	return audit_add(db, c->actor, "video.upload", "video", c->id,
	    detail);
}

enum sdrz_err
video_create(struct db *db, const struct config *cfg,
    const struct audit_actor *actor, int64_t org_id, const char *name,
    int64_t size, cJSON **out, struct sdrz_why *why)
{
	static char		 msg[128];
	struct create_ctx	 c;
	char			 hex[33], file[48], dir[1024], path[1100];
	enum sdrz_err		 rc;
	int			 fd;

	*out = NULL;
	memset(why, 0, sizeof(*why));
	if (size < 1 || size > cfg->video_max_bytes) {
		snprintf(msg, sizeof(msg), "视频文件不能超过 %ld MB,请压缩后再上传",
		    cfg->video_max_bytes / (1024 * 1024));
		why->code = "too_large";
		why->message = msg;
		why->field = "size";
		return SDRZ_ERR_INVALID;
	}
	if (random_name(hex) == -1)
		return SDRZ_ERR_IO;
	snprintf(file, sizeof(file), "video/%s.mp4", hex);
	if (mkdir_under(cfg->upload_dir, "video", dir, sizeof(dir)) == -1)
		return SDRZ_ERR_IO;
	upload_path(cfg, file, path, sizeof(path));
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0640)) == -1) {
		log_warn("video: %s: %s", path, strerror(errno));
		return SDRZ_ERR_IO;
	}
	close(fd);
	memset(&c, 0, sizeof(c));
	c.actor = actor;
	c.org_id = org_id;
	c.size = size;
	c.name = name;
	c.file = file;
	if ((rc = db_tx(db, create_tx, &c)) != SDRZ_OK) {
		unlink(path);
		return rc;
	}
	*out = cJSON_CreateObject();
	cJSON_AddNumberToObject(*out, "id", (double)c.id);
	cJSON_AddNumberToObject(*out, "chunk_size",
	    (double)video_chunk_size(cfg));
	cJSON_AddNumberToObject(*out, "received", 0);
	return SDRZ_OK;
}

static const char SQL_STATE[] =
    "SELECT received, size, status FROM video WHERE id = ? AND org_id = ?";

enum sdrz_err
video_state(struct db *db, int64_t org_id, int64_t id, int64_t *received,
    int64_t *size, char *status)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_STATE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, id);
	db_bind_int(st, 1, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*received = db_col_int(st, 0);
	*size = db_col_int(st, 1);
	snprintf(status, 16, "%s", db_col_text(st, 2));
	return SDRZ_OK;
}

static const char SQL_LOCK[] =
    "SELECT size, received, status, upload_file FROM video"
    " WHERE id = ? AND org_id = ? FOR UPDATE";
static const char SQL_RECEIVED[] =
    "UPDATE video SET received = ?, status = ?, error = NULL WHERE id = ?";
static const char SQL_NOT_MP4[] =
    "UPDATE video SET received = ?, status = 'failed', error = ?,"
    " upload_file = NULL WHERE id = ?";

#define NOT_MP4_MESSAGE \
    "该文件不是 MP4 视频(文件开头没有 MP4 的 ftyp 标识),已停止上传;" \
    "请将视频转换为 MP4(H.264)格式后重新上传"

struct chunk_ctx {
	const struct config	*cfg;
	int64_t			 org_id, id, offset;
	const void		*data;
	size_t			 len;
	/* out */
	int64_t			 received, size;
	const char		*status;
	char			 path[1100];
	int			 refused;	/* not an MP4: remove path */
	struct sdrz_why		*why;
};

static enum sdrz_err
chunk_tx(struct db *db, void *arg)
{
	struct chunk_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 end, head;
	char			 status[16];
	int			 ok = 1, checked = 0;

	c->refused = 0;
	if ((st = db_stmt(db, SQL_LOCK)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->id);
	db_bind_int(st, 1, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	c->size = db_col_int(st, 0);
	c->received = db_col_int(st, 1);
	snprintf(status, sizeof(status), "%s", db_col_text(st, 2));
	if (strcmp(status, "uploading") != 0 || db_col_isnull(st, 3)) {
		c->why->code = "not_uploading";
		c->why->message = strcmp(status, "failed") == 0 ?
		    "该视频上传失败,请删除后重新上传" :
		    "该视频已上传完成,无需再上传";
		return SDRZ_ERR_CONFLICT;
	}
	upload_path(c->cfg, db_col_text(st, 3), c->path, sizeof(c->path));
	if (c->offset != c->received) {
		c->why->code = "offset_mismatch";
		c->why->message = "上传位置与服务器已接收的不一致,将从已接收处继续上传";
		return SDRZ_ERR_CONFLICT;
	}
	end = c->offset + (int64_t)c->len;
	if (end > c->size) {
		c->why->code = "beyond_size";
		c->why->message = "上传的内容超出了文件的大小,请重新选择文件上传";
		return SDRZ_ERR_INVALID;
	}
	if (write_at(c->path, c->data, c->len, c->offset) == -1) {
		log_warn("video %lld: %s: %s", (long long)c->id, c->path,
		    strerror(errno));
		return SDRZ_ERR_IO;
	}
	/* The content is judged once its head is here, so that a file that
	 * is no MP4 stops early, and again when it is whole. */
	head = c->size < VIDEO_HEAD ? c->size : VIDEO_HEAD;
	if ((c->offset < head && end >= head) || end == c->size) {
		checked = 1;
		if ((ok = file_is_mp4(c->path, (size_t)head)) == -1) {
			log_warn("video %lld: %s: %s", (long long)c->id,
			    c->path, strerror(errno));
			return SDRZ_ERR_IO;
		}
	}
	if (checked && !ok) {
		if ((st = db_stmt(db, SQL_NOT_MP4)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, end);
		db_bind_text(st, 1, NOT_MP4_MESSAGE);
		db_bind_int(st, 2, c->id);
		c->refused = 1;
		c->received = end;
		c->status = "failed";
		return db_exec(st);
	}
	c->status = end == c->size ? "queued" : "uploading";
	if ((st = db_stmt(db, SQL_RECEIVED)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, end);
	db_bind_text(st, 1, c->status);
	db_bind_int(st, 2, c->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	c->received = end;
	return SDRZ_OK;
}

enum sdrz_err
video_put_chunk(struct db *db, const struct config *cfg, int64_t org_id,
    int64_t id, int64_t offset, const void *data, size_t len, cJSON **out,
    int64_t *received, struct sdrz_why *why)
{
	struct chunk_ctx	 c;
	enum sdrz_err		 rc;

	*out = NULL;
	*received = 0;
	memset(why, 0, sizeof(*why));
	if (len == 0) {
		why->code = "empty_chunk";
		why->message = "上传的内容为空,请重新上传";
		return SDRZ_ERR_INVALID;
	}
	if ((long)len > video_chunk_size(cfg)) {
		why->code = "chunk_too_large";
		why->message = "每次上传的分片过大,请刷新页面后重新上传";
		return SDRZ_ERR_INVALID;
	}
	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	c.org_id = org_id;
	c.id = id;
	c.offset = offset;
	c.data = data;
	c.len = len;
	c.why = why;
	rc = db_tx(db, chunk_tx, &c);
	*received = c.received;
	if (rc != SDRZ_OK)
		return rc;
	if (c.refused) {
		/* Recorded as failed: nothing of it stays on disk. */
		unlink(c.path);
		why->code = "not_mp4";
		why->message = NOT_MP4_MESSAGE;
		return SDRZ_ERR_UNPROCESSABLE;
	}
	*out = cJSON_CreateObject();
	cJSON_AddNumberToObject(*out, "id", (double)id);
	cJSON_AddNumberToObject(*out, "received", (double)c.received);
	cJSON_AddNumberToObject(*out, "size", (double)c.size);
	cJSON_AddStringToObject(*out, "status", c.status);
	return SDRZ_OK;
}

/* The columns of a video's answer, read by video_row(). */
#define VIDEO_COLS \
    "v.id, v.name, v.size, v.received, v.status, v.duration_ms, v.width," \
    " v.height, v.renditions, v.segment_seconds, v.error, v.tries," \
    " (SELECT COUNT(*) FROM section s WHERE s.video_id = v.id)," \
    " v.created_at, v.updated_at"

static void
video_row(struct db_stmt *st, cJSON *it)
{
	char	 master[96];
	int64_t	 id = db_col_int(st, 0);

	cJSON_AddNumberToObject(it, "id", (double)id);
	util_json_text(it, "name", db_col_text(st, 1));
	cJSON_AddNumberToObject(it, "size", (double)db_col_int(st, 2));
	cJSON_AddNumberToObject(it, "received", (double)db_col_int(st, 3));
	util_json_text(it, "status", db_col_text(st, 4));
	if (db_col_isnull(st, 5))
		cJSON_AddNullToObject(it, "duration_ms");
	else
		cJSON_AddNumberToObject(it, "duration_ms",
		    (double)db_col_int(st, 5));
	if (db_col_isnull(st, 6))
		cJSON_AddNullToObject(it, "width");
	else
		cJSON_AddNumberToObject(it, "width", (double)db_col_int(st, 6));
	if (db_col_isnull(st, 7))
		cJSON_AddNullToObject(it, "height");
	else
		cJSON_AddNumberToObject(it, "height",
		    (double)db_col_int(st, 7));
	if (db_col_isnull(st, 8))
		cJSON_AddNullToObject(it, "renditions");
	else
		cJSON_AddItemToObject(it, "renditions",
		    cJSON_Parse(db_col_text(st, 8)));
	if (db_col_isnull(st, 9))
		cJSON_AddNullToObject(it, "segment_seconds");
	else
		cJSON_AddNumberToObject(it, "segment_seconds",
		    (double)db_col_int(st, 9));
	util_json_text(it, "error", db_col_text(st, 10));
	cJSON_AddNumberToObject(it, "tries", (double)db_col_int(st, 11));
	cJSON_AddNumberToObject(it, "sections", (double)db_col_int(st, 12));
	util_json_text(it, "created_at", db_col_text(st, 13));
	util_json_text(it, "updated_at", db_col_text(st, 14));
	if (strcmp(db_col_text(st, 4), "ready") == 0) {
		snprintf(master, sizeof(master),
		    "/api/v1/media/videos/%lld/master.m3u8", (long long)id);
		cJSON_AddStringToObject(it, "master", master);
	} else
		cJSON_AddNullToObject(it, "master");
}

#define LIST_WHERE \
    " FROM video v WHERE v.org_id = ? AND (? IS NULL OR v.status = ?)" \
    " AND (? IS NULL OR v.name LIKE " LIST_PREFIX_PARAM ")"

static const char SQL_LIST_COUNT[] = "SELECT COUNT(*)" LIST_WHERE;
static const char SQL_LIST[] =
    "SELECT " VIDEO_COLS LIST_WHERE " ORDER BY v.id DESC LIMIT ? OFFSET ?";

struct list_ctx {
	int64_t		 org_id;
	const char	*status, *name;
};

static unsigned
list_bind(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct list_ctx	*c = arg;

	db_bind_int(st, at++, c->org_id);
	db_bind_text(st, at++, c->status);
	db_bind_text(st, at++, c->status);
	db_bind_text(st, at++, c->name);
	db_bind_text(st, at++, c->name);
	return at;
}

static enum sdrz_err
list_row(struct db_stmt *st, cJSON *it, const void *arg)
{
	(void)arg;
	video_row(st, it);
	return SDRZ_OK;
}

static const struct list_spec list_spec = {
	SQL_LIST_COUNT, SQL_LIST, NULL, list_bind, list_row, 0
};

enum sdrz_err
video_list(struct db *db, int64_t org_id, const struct list_query *q,
    cJSON **out)
{
	struct list_ctx	 c;

	c.org_id = org_id;
	c.status = list_text(q, "status");
	c.name = list_text(q, "name");
	return list_run(db, &list_spec, &q->pg, &c, -1, out);
}

static const char SQL_GET[] =
    "SELECT " VIDEO_COLS " FROM video v WHERE v.id = ? AND v.org_id = ?";

enum sdrz_err
video_get(struct db *db, const struct config *cfg, int64_t org_id,
    int64_t id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	*out = NULL;
	if ((st = db_stmt(db, SQL_GET)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, id);
	db_bind_int(st, 1, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if ((*out = cJSON_CreateObject()) == NULL)
		return SDRZ_ERR_NOMEM;
	video_row(st, *out);
	cJSON_AddNumberToObject(*out, "chunk_size",
	    (double)video_chunk_size(cfg));
	return SDRZ_OK;
}

static const char SQL_DEL_LOCK[] =
    "SELECT status, upload_file, dir, name,"
    " EXISTS (SELECT 1 FROM section s WHERE s.video_id = v.id)"
    " FROM video v WHERE v.id = ? AND v.org_id = ? FOR UPDATE";
static const char SQL_DEL[] = "DELETE FROM video WHERE id = ?";

struct del_ctx {
	const struct audit_actor *actor;
	int64_t		 org_id, id;
	char		 upload[256], dir[128];
	struct sdrz_why	*why;
};

static enum sdrz_err
del_tx(struct db *db, void *arg)
{
	struct del_ctx	*c = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*d;
	char		*detail;

	if ((st = db_stmt(db, SQL_DEL_LOCK)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->id);
	db_bind_int(st, 1, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if (db_col_int(st, 4) == 1) {
		c->why->code = "video_in_use";
		c->why->message = "该视频已被课程小节使用,不能删除;请先在小节中更换视频";
		return SDRZ_ERR_CONFLICT;
	}
	if (strcmp(db_col_text(st, 0), "processing") == 0) {
		c->why->code = "video_processing";
		c->why->message = "该视频正在转码,请转码结束后再删除";
		return SDRZ_ERR_CONFLICT;
	}
	snprintf(c->upload, sizeof(c->upload), "%s", db_col_isnull(st, 1) ?
	    "" : db_col_text(st, 1));
	snprintf(c->dir, sizeof(c->dir), "%s", db_col_isnull(st, 2) ? "" :
	    db_col_text(st, 2));
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "name", db_col_text(st, 3));
	detail = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	if ((st = db_stmt(db, SQL_DEL)) == NULL) {
		cJSON_free(detail);
		return SDRZ_ERR_NOMEM;
	}
	db_bind_int(st, 0, c->id);
	if ((rc = db_exec(st)) == SDRZ_OK)
		rc = audit_add(db, c->actor, "video.delete", "video", c->id,
		    detail);
	cJSON_free(detail);
	return rc;
}

enum sdrz_err
video_delete(struct db *db, const struct config *cfg,
    const struct audit_actor *actor, int64_t org_id, int64_t id,
    struct sdrz_why *why)
{
	struct del_ctx	 c;
	enum sdrz_err	 rc;
	char		 path[1100];

	memset(why, 0, sizeof(*why));
	memset(&c, 0, sizeof(c));
	c.actor = actor;
	c.org_id = org_id;
	c.id = id;
	c.why = why;
	if ((rc = db_tx(db, del_tx, &c)) != SDRZ_OK)
		return rc;
	/* The row is gone: its files go too (a failure only leaves a file
	 * no one can reach). */
	if (c.upload[0] != '\0') {
		upload_path(cfg, c.upload, path, sizeof(path));
		if (unlink(path) == -1 && errno != ENOENT)
			log_warn("video %lld: %s: %s", (long long)id, path,
			    strerror(errno));
	}
	if (c.dir[0] != '\0') {
		snprintf(path, sizeof(path), "%s/%s", cfg->media_dir, c.dir);
		rm_tree(path);
	}
	return SDRZ_OK;
}

/* ---- watching ---- */

/*
 * Every playlist and segment asks this, so each branch is index lookups
 * only: the video by its key; the sections of the video (ix_section_video,
 * the id bound again rather than taken from v, so the subquery runs once
 * instead of per row: MariaDB then scans a small section table) against
 * the person's enrolments (uq_enrolment) by version; the admin's row of
 * the session's organisation (the primary key) with both organisations'
 * paths (primary keys) and the role's module (primary key).
 * tests/api/videos.test.mjs EXPLAINs it.
 */
static const char SQL_MAY_WATCH[] =
    "SELECT v.dir FROM video v WHERE v.id = ? AND v.status = 'ready' AND ("
    " EXISTS (SELECT 1 FROM section s JOIN enrolment e"
    "  ON e.person_id = ? AND e.version_id = s.version_id"
    "  WHERE s.video_id = ?)"
    " OR EXISTS (SELECT 1 FROM org_admin a JOIN org ao ON ao.id = a.org_id"
    "  JOIN org vo ON vo.id = v.org_id"
    "  WHERE a.org_id = ? AND a.person_id = ? AND a.status = 'active'"
    "  AND ao.status = 'approved' AND vo.path LIKE CONCAT(ao.path, '%')"
    "  AND (a.is_super = 1 OR EXISTS (SELECT 1 FROM admin_role_module m"
    "   WHERE m.role_id = a.role_id AND m.module = 'courses'))))";

enum sdrz_err
video_may_watch(struct db *db, int64_t person_id, int64_t admin_org,
    int64_t video_id, char *dir, size_t dirsz)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_MAY_WATCH)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, video_id);
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, video_id);
	db_bind_int(st, 3, admin_org);
	db_bind_int(st, 4, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1 || db_col_isnull(st, 0))
		return SDRZ_ERR_NOT_FOUND;
	snprintf(dir, dirsz, "%s", db_col_text(st, 0));
	return SDRZ_OK;
}

/* ---- the job: running ffprobe and ffmpeg ---- */

struct cmd_result {
	int	 status;	/* exit status; -1 when killed or not run */
	int	 timed_out;
	int	 stopped;	/* the caller's stop flag was set */
	char	 err[2048];	/* the end of its standard error */
	size_t	 errlen;
};

/* Keeps the last bytes of the child's standard error. */
static void
err_keep(struct cmd_result *r, const char *p, size_t n)
{
	size_t	 cap = sizeof(r->err) - 1, drop;

	if (n >= cap) {
		memcpy(r->err, p + n - cap, cap);
		r->errlen = cap;
	} else {
		if (r->errlen + n > cap) {
			drop = r->errlen + n - cap;
			memmove(r->err, r->err + drop, r->errlen - drop);
			r->errlen -= drop;
		}
		memcpy(r->err + r->errlen, p, n);
		r->errlen += n;
	}
	r->err[r->errlen] = '\0';
}

/*
 * Runs argv (execvp, no shell) in its own process group, in cwd (NULL:
 * here), with standard input from /dev/null, standard output into out
 * (at most outmax bytes; NULL: discarded) and the end of standard error
 * in r. Past timeout_s seconds, or when *stop is set, the group is
 * killed. Returns 0 when it ran (its exit status in r), -1 when it could
 * not be started.
 */
static int
run_cmd(char *const argv[], const char *cwd, int timeout_s,
    const volatile sig_atomic_t *stop, struct buf *out, size_t outmax,
    struct cmd_result *r)
{
	struct pollfd	 pfd[2];
	int		 op[2] = { -1, -1 }, ep[2] = { -1, -1 }, st, n, i;
	int		 nfd, devnull;
	char		 chunk[4096];
	ssize_t		 got;
	pid_t		 pid;
	double		 deadline, left;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	if (pipe2(op, O_CLOEXEC) == -1 || pipe2(ep, O_CLOEXEC) == -1)
		goto fail;
	if ((pid = fork()) == -1)
		goto fail;
	if (pid == 0) {
		setpgid(0, 0);
		if ((devnull = open("/dev/null", O_RDWR)) != -1)
			dup2(devnull, 0);
		dup2(op[1], 1);
		dup2(ep[1], 2);
		if (cwd != NULL && chdir(cwd) == -1)
			_exit(126);
		execvp(argv[0], argv);
		dprintf(2, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(op[1]);
	close(ep[1]);
	op[1] = ep[1] = -1;
	pfd[0].fd = op[0];
	pfd[1].fd = ep[0];
	pfd[0].events = pfd[1].events = POLLIN;
	deadline = util_now_ms() + timeout_s * 1000.0;
	while (pfd[0].fd != -1 || pfd[1].fd != -1) {
		left = deadline - util_now_ms();
		if (left <= 0 || (stop != NULL && *stop)) {
			r->timed_out = left <= 0;
			r->stopped = !r->timed_out;
			kill(-pid, SIGKILL);
			break;
		}
		nfd = poll(pfd, 2, left > 200 ? 200 : (int)left + 1);
		if (nfd == -1 && errno != EINTR)
			break;
		for (i = 0; nfd > 0 && i < 2; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			got = read(pfd[i].fd, chunk, sizeof(chunk));
			if (got == -1 && errno == EINTR)
				continue;
			if (got <= 0) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				continue;
			}
			if (i == 1)
				err_keep(r, chunk, (size_t)got);
			else if (out != NULL && out->len + (size_t)got <= outmax)
				buf_append(out, chunk, (size_t)got);
		}
	}
	for (i = 0; i < 2; i++)
		if (pfd[i].fd != -1)
			close(pfd[i].fd);
	while ((n = waitpid(pid, &st, 0)) == -1 && errno == EINTR)
		;
	if (n == pid && WIFEXITED(st))
		r->status = WEXITSTATUS(st);
	return 0;
fail:
	for (i = 0; i < 2; i++) {
		if (op[i] != -1)
			close(op[i]);
		if (ep[i] != -1)
			close(ep[i]);
	}
	snprintf(r->err, sizeof(r->err), "%s: %s", argv[0], strerror(errno));
	return -1;
}

/* The last line of a command's standard error, for the error column. */
static const char *
last_line(struct cmd_result *r)
{
	char	*p;

	while (r->errlen > 0 && (r->err[r->errlen - 1] == '\n' ||
	    r->err[r->errlen - 1] == '\r'))
		r->err[--r->errlen] = '\0';
	if ((p = strrchr(r->err, '\n')) != NULL)
		return p + 1;
	return r->err;
}

/* Logs a failed command's standard error, line by line. */
static void
log_stderr(int64_t id, const char *what, const struct cmd_result *r)
{
	char		 q[600];
	const char	*p = r->err, *e;
	char		 line[512];

	while (*p) {
		e = p + strcspn(p, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)(e - p), p);
		log_quote(q, sizeof(q), line);
		log_warn("video %lld: %s: \"%s\"", (long long)id, what, q);
		p = *e ? e + 1 : e;
	}
}

/* ---- the job: one video ---- */

static const char SQL_CLAIM[] =
    "SELECT id, upload_file, tries FROM video WHERE id > ? AND"
    " (status = 'queued' OR (status = 'processing'"
    "  AND updated_at < NOW(3) - INTERVAL ? SECOND))"
    " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED";
static const char SQL_TAKE[] =
    "UPDATE video SET status = 'processing', tries = tries + 1"
    " WHERE id = ?";
static const char SQL_READY[] =
    "UPDATE video SET status = 'ready', dir = ?, duration_ms = ?,"
    " width = ?, height = ?, renditions = ?, segment_seconds = ?,"
    " upload_file = NULL, error = NULL WHERE id = ? AND status = 'processing'";
static const char SQL_RETRY[] =
    "UPDATE video SET status = 'queued', error = ? WHERE id = ?"
    " AND status = 'processing'";
static const char SQL_GIVE_UP[] =
    "UPDATE video SET status = 'failed', error = ?, upload_file = NULL"
    " WHERE id = ? AND status = 'processing'";

struct claim_ctx {
	int64_t		 after, timeout;
	int64_t		 id;
	int		 tries;
	char		 file[256];
};

static enum sdrz_err
claim_tx(struct db *db, void *arg)
{
	struct claim_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;

	c->id = 0;
	if ((st = db_stmt(db, SQL_CLAIM)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->after);
	db_bind_int(st, 1, c->timeout);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_OK;
	c->id = db_col_int(st, 0);
	snprintf(c->file, sizeof(c->file), "%s", db_col_isnull(st, 1) ? "" :
	    db_col_text(st, 1));
	c->tries = (int)db_col_int(st, 2) + 1;
	if ((st = db_stmt(db, SQL_TAKE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->id);
	return db_exec(st);
}

/* What became of one try. */
enum outcome {
	OUT_READY,
	OUT_RETRY,	/* may work next time: ffmpeg failed, timed out */
	OUT_FAIL,	/* never will: no video in it, the file is gone */
	OUT_STOPPED,	/* the job was asked to stop */
};

struct job {
	const struct config	*cfg;
	const volatile sig_atomic_t *stop;
	int64_t			 id;
	const char		*input;		/* the upload's path */
	struct video_probe	 probe;
	struct video_rendition	 r[VIDEO_RENDITIONS_MAX];
	size_t			 nr;
	char			 folder[64];	/* "videos/<hex>" */
	char			 tmp[1100], final[1100];
	char			 error[500];
};

/* The error column: a Chinese sentence and, when there is one, the
 * program's last line, cut to the column at a character's end. */
static void
job_error(struct job *j, const char *msg, const char *detail)
{
	size_t	 n;

	if (detail != NULL && *detail)
		snprintf(j->error, sizeof(j->error), "%s:%s", msg, detail);
	else
		snprintf(j->error, sizeof(j->error), "%s", msg);
	n = strlen(j->error);
	while (n > 0 && !util_utf8_valid(j->error, n))
		j->error[--n] = '\0';
	for (n = 0; j->error[n]; n++)
		if ((unsigned char)j->error[n] < 0x20)
			j->error[n] = ' ';
}

static enum outcome
job_probe(struct job *j)
{
	struct buf		 out = { 0 };
	struct cmd_result	 r;
	const char		*why;
	char			 input[1200];
	char			*argv[] = { j->cfg->ffprobe_path, "-v", "error",
	    "-print_format", "json", "-show_format", "-show_streams",
	    "-protocol_whitelist", "file", "-f", "mov", input, NULL };
	enum outcome		 o;

	snprintf(input, sizeof(input), "file:%s", j->input);
	if (run_cmd(argv, NULL, 120, j->stop, &out, 1 << 20, &r) == -1) {
		job_error(j, "无法运行 ffprobe", r.err);
		buf_release(&out);
		return OUT_RETRY;
	}
	if (r.stopped)
		o = OUT_STOPPED;
	else if (r.timed_out) {
		job_error(j, "读取视频信息超时", NULL);
		o = OUT_RETRY;
	} else if (r.status == 127 || r.status == 126) {
		log_stderr(j->id, "ffprobe", &r);
		job_error(j, "无法运行 ffprobe", last_line(&r));
		o = OUT_RETRY;
	} else if (r.status != 0) {
		/* It ran and could not read the file: the file's fault. */
		log_stderr(j->id, "ffprobe", &r);
		job_error(j, "无法识别该视频文件,请确认它是完整的 MP4 视频",
		    last_line(&r));
		o = OUT_FAIL;
	} else if (video_probe_parse(out.data, &j->probe, &why) != SDRZ_OK) {
		job_error(j, why, NULL);
		o = OUT_FAIL;
	} else if ((j->nr = video_renditions(j->probe.width,
	    j->probe.height, j->probe.has_audio, j->r)) == 0) {
		job_error(j, "视频的画面尺寸无法转码", NULL);
		o = OUT_FAIL;
	} else
		o = OUT_READY;
	buf_release(&out);
	return o;
}

/* argv of the ffmpeg run, in a (caller-freed) array of strings. */
struct args {
	char	*v[96];
	size_t	 n;
};

static void
arg(struct args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
arg(struct args *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*s = NULL;

	if (a->n + 1 >= sizeof(a->v) / sizeof(a->v[0]))
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	if (s != NULL)
		a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

static void
args_free(struct args *a)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	a->n = 0;
}

/*
 * H.264 (main profile, yuv420p) and AAC, every rendition from one
 * decode; a key frame every VIDEO_SEGMENT_SECONDS of time whatever the
 * frame rate, so the HLS muxer cuts every rendition at the same ~10 s;
 * VOD playlists; the master playlist beside the rendition folders.
 */
static void
ffmpeg_args(const struct job *j, struct args *a)
{
	struct buf	 graph = { 0 }, map = { 0 };
	size_t		 i;

	arg(a, "%s", j->cfg->ffmpeg_path);
	arg(a, "-hide_banner");
	arg(a, "-nostdin");
	arg(a, "-nostats");
	arg(a, "-loglevel");
	arg(a, "error");
	arg(a, "-protocol_whitelist");
	arg(a, "file");
	arg(a, "-f");
	arg(a, "mov");
	arg(a, "-i");
	arg(a, "file:%s", j->input);
	buf_printf(&graph, "[0:v:0]split=%zu", j->nr);
	for (i = 0; i < j->nr; i++)
		buf_printf(&graph, "[s%zu]", i);
	for (i = 0; i < j->nr; i++)
		buf_printf(&graph, ";[s%zu]scale=%d:%d,setsar=1[v%zu]", i,
		    j->r[i].width, j->r[i].height, i);
	arg(a, "-filter_complex");
	arg(a, "%s", graph.data ? graph.data : "");
	for (i = 0; i < j->nr; i++) {
		arg(a, "-map");
		arg(a, "[v%zu]", i);
		if (j->probe.has_audio) {
			arg(a, "-map");
			arg(a, "0:a:0");
		}
	}
	arg(a, "-c:v");
	arg(a, "libx264");
	arg(a, "-preset");
	arg(a, "veryfast");
	arg(a, "-profile:v");
	arg(a, "main");
	arg(a, "-pix_fmt");
	arg(a, "yuv420p");
	arg(a, "-crf");
	arg(a, "23");
	for (i = 0; i < j->nr; i++) {
		arg(a, "-maxrate:v:%zu", i);
		arg(a, "%dk", j->r[i].video_kbps);
		arg(a, "-bufsize:v:%zu", i);
		arg(a, "%dk", 2 * j->r[i].video_kbps);
	}
	arg(a, "-force_key_frames");
	arg(a, "expr:gte(t,n_forced*%d)", VIDEO_SEGMENT_SECONDS);
	arg(a, "-sc_threshold");
	arg(a, "0");
	if (j->probe.has_audio) {
		arg(a, "-c:a");
		arg(a, "aac");
		arg(a, "-ac");
		arg(a, "2");
		for (i = 0; i < j->nr; i++) {
			arg(a, "-b:a:%zu", i);
			arg(a, "%dk", j->r[i].audio_kbps);
		}
	}
	arg(a, "-max_muxing_queue_size");
	arg(a, "1024");
	arg(a, "-f");
	arg(a, "hls");
	arg(a, "-hls_time");
	arg(a, "%d", VIDEO_SEGMENT_SECONDS);
	arg(a, "-hls_playlist_type");
	arg(a, "vod");
	arg(a, "-hls_flags");
	arg(a, "independent_segments");
	arg(a, "-hls_segment_filename");
	arg(a, "%%v/seg%%05d.ts");
	arg(a, "-master_pl_name");
	arg(a, "master.m3u8");
	for (i = 0; i < j->nr; i++) {
		if (j->probe.has_audio)
			buf_printf(&map, "%sv:%zu,a:%zu,name:%s", i ? " " : "",
			    i, i, j->r[i].name);
		else
			buf_printf(&map, "%sv:%zu,name:%s", i ? " " : "", i,
			    j->r[i].name);
	}
	arg(a, "-var_stream_map");
	arg(a, "%s", map.data ? map.data : "");
	arg(a, "%%v/index.m3u8");
	buf_release(&graph);
	buf_release(&map);
}

/* 1 when the folder holds the master playlist and every rendition's. */
static int
hls_complete(const struct job *j)
{
	char		 path[1200];
	struct stat	 sb;
	size_t		 i;

	snprintf(path, sizeof(path), "%s/master.m3u8", j->tmp);
	if (stat(path, &sb) == -1 || sb.st_size == 0)
		return 0;
	for (i = 0; i < j->nr; i++) {
		snprintf(path, sizeof(path), "%s/%s/index.m3u8", j->tmp,
		    j->r[i].name);
		if (stat(path, &sb) == -1 || sb.st_size == 0)
			return 0;
		snprintf(path, sizeof(path), "%s/%s/seg00000.ts", j->tmp,
		    j->r[i].name);
		if (stat(path, &sb) == -1 || sb.st_size == 0)
			return 0;
	}
	return 1;
}

static enum outcome
job_transcode(struct job *j)
{
	struct args		 a = { { 0 }, 0 };
	struct cmd_result	 r;
	char			 hex[33], base[1024];
	int			 timeout = (int)j->cfg->video_transcode_timeout;
	enum outcome		 o;

	if (random_name(hex) == -1 || mkdir_under(j->cfg->media_dir,
	    VIDEO_MEDIA_SUBDIR, base, sizeof(base)) == -1) {
		job_error(j, "无法创建视频目录", strerror(errno));
		return OUT_RETRY;
	}
	snprintf(j->folder, sizeof(j->folder), VIDEO_MEDIA_SUBDIR "/%s", hex);
	snprintf(j->tmp, sizeof(j->tmp), "%s/.tmp-%s", base, hex);
	snprintf(j->final, sizeof(j->final), "%s/%s", base, hex);
	if (mkdir(j->tmp, 0750) == -1) {
		job_error(j, "无法创建视频目录", strerror(errno));
		return OUT_RETRY;
	}
	ffmpeg_args(j, &a);
	if (run_cmd(a.v, j->tmp, timeout, j->stop, NULL, 0, &r) == -1) {
		job_error(j, "无法运行 ffmpeg", r.err);
		o = OUT_RETRY;
	} else if (r.stopped)
		o = OUT_STOPPED;
	else if (r.timed_out) {
		log_warn("video %lld: ffmpeg stopped after %d s",
		    (long long)j->id, timeout);
		job_error(j, "转码超时", NULL);
		o = OUT_RETRY;
	} else if (r.status != 0) {
		log_stderr(j->id, "ffmpeg", &r);
		job_error(j, "转码失败", last_line(&r));
		o = OUT_RETRY;
	} else if (!hls_complete(j)) {
		job_error(j, "转码结果不完整", NULL);
		o = OUT_RETRY;
	} else if (rename(j->tmp, j->final) == -1) {
		job_error(j, "无法保存转码结果", strerror(errno));
		o = OUT_RETRY;
	} else
		o = OUT_READY;
	args_free(&a);
	if (o != OUT_READY)
		rm_tree(j->tmp);
	return o;
}

/* The renditions column: [{name, height, width, bandwidth}]. */
static char *
renditions_json(const struct job *j)
{
	cJSON	*arr, *o;
	char	*s;
	size_t	 i;

	arr = cJSON_CreateArray();
	for (i = 0; i < j->nr; i++) {
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddStringToObject(o, "name", j->r[i].name);
		cJSON_AddNumberToObject(o, "height", j->r[i].height);
		cJSON_AddNumberToObject(o, "width", j->r[i].width);
		cJSON_AddNumberToObject(o, "bandwidth", (j->r[i].video_kbps +
		    j->r[i].audio_kbps) * 1000.0);
	}
	s = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	return s;
}

static enum sdrz_err
job_ready(struct db *db, struct job *j, int *kept)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	char		*rend;

	*kept = 0;
	if ((rend = renditions_json(j)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((st = db_stmt(db, SQL_READY)) == NULL) {
		cJSON_free(rend);
		return SDRZ_ERR_NOMEM;
	}
	db_bind_text(st, 0, j->folder);
	db_bind_int(st, 1, j->probe.duration_ms);
	db_bind_int(st, 2, j->probe.width);
	db_bind_int(st, 3, j->probe.height);
	db_bind_text(st, 4, rend);
	db_bind_int(st, 5, VIDEO_SEGMENT_SECONDS);
	db_bind_int(st, 6, j->id);
	rc = db_exec(st);
	cJSON_free(rend);
	if (rc == SDRZ_OK)
		*kept = db_affected(st) == 1;
	return rc;
}

static enum sdrz_err
job_finish(struct db *db, struct job *j, const char *sql)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, sql)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, j->error[0] ? j->error : "转码失败");
	db_bind_int(st, 1, j->id);
	return db_exec(st);
}

static void
say(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(FILE *out, const char *fmt, ...)
{
	va_list	 ap;

	if (out == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fflush(out);
}

/* One claimed video, to its end: ready, queued again or failed. */
static enum sdrz_err
job_run(struct db *db, const struct config *cfg, FILE *out,
    struct video_run *run, const struct claim_ctx *c)
{
	struct job	 j;
	enum outcome	 o;
	enum sdrz_err	 rc;
	char		 input[1100];
	double		 t0 = util_now_ms();
	int		 kept;

	memset(&j, 0, sizeof(j));
	j.cfg = cfg;
	j.stop = run->stop;
	j.id = c->id;
	upload_path(cfg, c->file, input, sizeof(input));
	j.input = input;
	if (c->tries > VIDEO_TRIES_MAX) {
		/* A run that died with it, again and again. */
		job_error(&j, "转码多次中断,已停止尝试;请删除后重新上传", NULL);
		o = OUT_FAIL;
	} else if (c->file[0] == '\0' || access(input, R_OK) == -1) {
		job_error(&j, "上传的视频文件已丢失,请删除后重新上传", NULL);
		o = OUT_FAIL;
	} else if ((o = job_probe(&j)) == OUT_READY)
		o = job_transcode(&j);
	if (o == OUT_READY) {
		if ((rc = job_ready(db, &j, &kept)) != SDRZ_OK) {
			rm_tree(j.final);
			return rc;
		}
		if (!kept) {
			/* Deleted, or taken over after the time limit. */
			rm_tree(j.final);
			say(out, "video %lld: no longer ours, result dropped\n",
			    (long long)j.id);
			return SDRZ_OK;
		}
		unlink(input);
		run->ready++;
		say(out, "video %lld: ready, %.1f s of %dx%d as %s and %s, "
		    "transcoded in %.1f s\n", (long long)j.id,
		    j.probe.duration_ms / 1000.0, j.probe.width,
		    j.probe.height, j.r[0].name, j.r[1].name,
		    (util_now_ms() - t0) / 1000.0);
		return SDRZ_OK;
	}
	if (o == OUT_STOPPED) {
		job_error(&j, "转码被中断,将重新转码", NULL);
		say(out, "video %lld: stopped, queued again\n",
		    (long long)j.id);
		return job_finish(db, &j, SQL_RETRY);
	}
	if (o == OUT_RETRY && c->tries < VIDEO_TRIES_MAX) {
		run->retried++;
		say(out, "video %lld: try %d failed (%s), queued again\n",
		    (long long)j.id, c->tries, j.error);
		return job_finish(db, &j, SQL_RETRY);
	}
	if (o == OUT_RETRY) {
		char	 why[500], msg[64];

		snprintf(why, sizeof(why), "%s", j.error);
		snprintf(msg, sizeof(msg), "已尝试 %d 次,停止转码。", c->tries);
		job_error(&j, msg, why);
	}
	run->failed++;
	say(out, "video %lld: failed (%s)\n", (long long)j.id, j.error);
	if ((rc = job_finish(db, &j, SQL_GIVE_UP)) != SDRZ_OK)
		return rc;
	if (c->file[0] != '\0')
		unlink(input);
	return SDRZ_OK;
}

enum sdrz_err
video_transcode(struct db *db, const struct config *cfg, FILE *out,
    struct video_run *r)
{
	struct claim_ctx	 c;
	enum sdrz_err		 rc;

	r->ready = r->retried = r->failed = 0;
	memset(&c, 0, sizeof(c));
	/* A claim older than the time limit (and a margin) was left by a
	 * run that died: it is taken again. */
	c.timeout = cfg->video_transcode_timeout + 600;
	for (;;) {
		if (r->stop != NULL && *r->stop)
			return SDRZ_OK;
		if ((rc = db_tx(db, claim_tx, &c)) != SDRZ_OK)
			return rc;
		if (c.id == 0)
			return SDRZ_OK;
		if ((rc = job_run(db, cfg, out, r, &c)) != SDRZ_OK)
			return rc;
		c.after = c.id;
	}
}
