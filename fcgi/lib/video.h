/*
 * Videos of the learning content: a chunked, resumable upload into the
 * table video, checked as MP4 by its content; the transcoding job
 * (sdrzctl video-transcode: ffprobe, then ffmpeg to HLS in renditions of
 * ~10-second segments); and who may watch the result.
 *
 * A video belongs to the organisation of the admin who uploaded it, and
 * its admins (module courses) see and manage only their own
 * organisation's videos. Its states (the column status):
 *
 *   uploading   chunks arrive in upload_dir/<upload_file>; received says
 *               how many bytes, the next chunk starts there
 *   queued      complete and checked (an ISO BMFF ftyp box with an MP4
 *               brand), waiting for the job
 *   processing  claimed by one run of the job
 *   ready       HLS in media_dir/<dir>: master.m3u8 and one folder per
 *               rendition (360p/index.m3u8, 360p/seg00000.ts, ...)
 *   failed      error says why; nothing of it is left on disk
 *
 * The pure parts (the content check, the file names a player may ask
 * for, the rendition ladder, ffprobe's answer) are exposed for the tests.
 */
#ifndef SDRZ_VIDEO_H
#define SDRZ_VIDEO_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct audit_actor;
struct config;
struct db;
struct form_desc;
struct list_query;

#define VIDEO_CHUNK_MAX		(8L * 1024 * 1024)	/* bytes of one chunk */
#define VIDEO_HEAD		4096	/* bytes the content check reads */
#define VIDEO_SEGMENT_SECONDS	10
#define VIDEO_TRIES_MAX		3	/* runs of the job before it gives up */
#define VIDEO_RENDITIONS_MAX	2
#define VIDEO_NAME_MAX		200	/* characters, the column's */
#define VIDEO_MEDIA_SUBDIR	"videos"	/* under media_dir */

enum video_status {
	VIDEO_UPLOADING,
	VIDEO_QUEUED,
	VIDEO_PROCESSING,
	VIDEO_READY,
	VIDEO_FAILED,
	VIDEO_STATUS__MAX
};

/* The column's words, by enum video_status, NULL-terminated. */
extern const char *const video_statuses[VIDEO_STATUS__MAX + 1];

/* The fields of POST /api/v1/videos: {name, size}. */
extern const struct form_desc video_new_form;

/* ---- the pure parts ---- */

/*
 * 1 when the first bytes of a file are an ISO BMFF ftyp box (at offset 0,
 * of a plausible size, whole within len) whose major or one of whose
 * compatible brands is an MP4 one (isom, iso2, mp41, mp42, avc1, ...);
 * else 0. A QuickTime-only file (brand "qt  "), an AVI, a WebM, a text
 * or a truncated box are not.
 */
int		 video_sniff_mp4(const void *head, size_t len);

/*
 * The content type of a file a player may ask for, or NULL when the name
 * is not one the job writes (the only names the media route serves, so
 * that no path can leave the video's folder): with rendition NULL only
 * "master.m3u8"; with a rendition (its name: digits and "p", "360p") its
 * "index.m3u8" or a segment "seg" + 5 or 6 digits + ".ts".
 */
const char	*video_media_type(const char *rendition, const char *file);

struct video_rendition {
	char	 name[8];	/* "360p": the folder and the player's label */
	int	 height;
	int	 width;		/* even, keeping the source's aspect */
	int	 video_kbps;	/* the encoder's maximum rate */
	int	 audio_kbps;	/* 0 for a source without sound */
};

/*
 * The renditions for a source of w x h (after rotation), lowest first,
 * into out: 360p and 720p for a source of at least 720 lines; never
 * above the source: a smaller one gets its own height (even) and one
 * lower (360p when the source is above 360, else the next of 240, 144,
 * else half). Returns their number (2), or 0 for a size of nothing.
 */
size_t		 video_renditions(int w, int h, int has_audio,
		    struct video_rendition out[VIDEO_RENDITIONS_MAX]);

struct video_probe {
	int64_t	 duration_ms;
	int	 width, height;	/* as displayed: rotation applied */
	int	 has_audio;
	char	 format[64];	/* ffprobe's format_name */
};

/*
 * Reads ffprobe's JSON (-print_format json -show_format -show_streams).
 * SDRZ_OK with p filled; SDRZ_ERR_INVALID with a Chinese reason in *why
 * for an answer that is not JSON, a file without a video stream, without
 * a size or without a duration.
 */
enum sdrz_err	 video_probe_parse(const char *json, struct video_probe *p,
		    const char **why);

/* ---- uploads (the admin's organisation) ---- */

/* The chunk size the pages send: VIDEO_CHUNK_MAX, or less when the
 * configured upload_limit is smaller. */
long		 video_chunk_size(const struct config *);

/*
 * Starts an upload of size bytes named name for org_id by person_id:
 * the row (uploading, received 0) and its empty file in upload_dir.
 * *out is {id, chunk_size, received} (the caller frees it).
 * SDRZ_ERR_INVALID with why (code too_large, field size) over
 * video_max_bytes.
 */
enum sdrz_err	 video_create(struct db *, const struct config *,
		    const struct audit_actor *, int64_t org_id,
		    const char *name, int64_t size, cJSON **out,
		    struct sdrz_why *why);

/*
 * Where an upload of org_id stands: SDRZ_ERR_NOT_FOUND when id is not a
 * video of org_id; else fills *received and *size and the status (size
 * 16). For the checks before a chunk is read.
 */
enum sdrz_err	 video_state(struct db *, int64_t org_id, int64_t id,
		    int64_t *received, int64_t *size, char *status);

/*
 * Appends a chunk of len bytes at offset to the upload id of org_id, in
 * one transaction holding the row: the bytes are written (and synced)
 * into the file, then received moves on. The last chunk (received ==
 * size) queues the video for the job. The content check runs once the
 * first VIDEO_HEAD bytes (or the whole file) are there, and again on the
 * last chunk: a file that is not an MP4 is marked failed with the reason,
 * its file removed, and SDRZ_ERR_UNPROCESSABLE (why: not_mp4) returned.
 *
 * Other refusals (why filled): SDRZ_ERR_NOT_FOUND; SDRZ_ERR_CONFLICT
 * with code offset_mismatch when offset is not the received count
 * (*received says it, so the page resumes there) or not_uploading when
 * the upload is complete or failed; SDRZ_ERR_INVALID with code
 * empty_chunk, chunk_too_large (over video_chunk_size()) or
 * beyond_size (past the declared size). On SDRZ_OK *out is {id,
 * received, size, status} (the caller frees it).
 */
enum sdrz_err	 video_put_chunk(struct db *, const struct config *,
		    int64_t org_id, int64_t id, int64_t offset,
		    const void *data, size_t len, cJSON **out,
		    int64_t *received, struct sdrz_why *why);

/* The videos of org_id, newest first, through the list helper: q's
 * filters status (one of video_statuses) and name (a prefix). Items as
 * video_get() without chunk_size. */
enum sdrz_err	 video_list(struct db *, int64_t org_id,
		    const struct list_query *q, cJSON **out);

/*
 * One video of org_id: {id, name, size, received, chunk_size, status,
 * duration_ms, width, height, renditions, segment_seconds, error, tries,
 * sections (how many sections use it), created_at, updated_at, master
 * (the playlist's address once ready, else null)}. SDRZ_ERR_NOT_FOUND
 * for another organisation's.
 */
enum sdrz_err	 video_get(struct db *, const struct config *,
		    int64_t org_id, int64_t id, cJSON **out);

/*
 * Deletes a video of org_id with its files (audited video.delete).
 * SDRZ_ERR_NOT_FOUND; SDRZ_ERR_CONFLICT with code video_in_use while a
 * section uses it, video_processing while the job has it.
 */
enum sdrz_err	 video_delete(struct db *, const struct config *,
		    const struct audit_actor *, int64_t org_id, int64_t id,
		    struct sdrz_why *why);

/* ---- watching ---- */

/*
 * Whether person_id may watch the ready video: they hold an enrolment
 * (any status) on a class version with a section of this video, or
 * admin_org (the organisation of the session's admin role, 0 when the
 * session acts otherwise) is the video's organisation or an ancestor of
 * it and the person is its active admin holding the courses module. One
 * statement, run for every playlist and segment. On SDRZ_OK the folder
 * under media_dir is in dir (size dirsz); SDRZ_ERR_NOT_FOUND otherwise,
 * whether the video exists or not.
 */
enum sdrz_err	 video_may_watch(struct db *, int64_t person_id,
		    int64_t admin_org, int64_t video_id, char *dir,
		    size_t dirsz);

/* ---- the job ---- */

struct video_run {
	/* Set (by a signal handler) to stop: the running ffmpeg is killed
	 * and its video queued again. NULL: never. */
	const volatile sig_atomic_t *stop;
	int	 ready;		/* transcoded */
	int	 retried;	/* failed, queued again */
	int	 failed;	/* given up (or refused by content) */
};

/*
 * One pass of the job over the queue, in id order: claims each queued
 * video (and one a crashed run left processing longer than the time
 * limit) with a status change in a transaction that skips the rows
 * another run holds, so two runs never take the same video; probes it,
 * transcodes it to HLS under media_dir, records it ready and removes the
 * upload. A try that fails is recorded in error and queued again for
 * the next pass, up to VIDEO_TRIES_MAX; a file ffprobe finds no video in
 * fails at once. One line per video goes to out (may be NULL). Returns
 * an error only when the database fails; counts in *r (its stop set by
 * the caller, the counts zeroed here).
 */
enum sdrz_err	 video_transcode(struct db *, const struct config *,
		    FILE *out, struct video_run *r);

#endif
