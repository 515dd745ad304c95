/*
 * The pure parts of the video module: the MP4 content check (ftyp box
 * and brands), the file names the media route serves, the rendition
 * ladder from a source's size, and ffprobe's JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "video.h"

/* An ftyp box: size, "ftyp", major brand, minor version 0, brands. */
static size_t
ftyp(unsigned char *out, const char *major, const char *const *compat)
{
	size_t	 n = 16, i;

	memcpy(out + 4, "ftyp", 4);
	memcpy(out + 8, major, 4);
	memset(out + 12, 0, 4);
	for (i = 0; compat != NULL && compat[i] != NULL; i++, n += 4)
		memcpy(out + n, compat[i], 4);
	out[0] = (unsigned char)(n >> 24);
	out[1] = (unsigned char)(n >> 16);
	out[2] = (unsigned char)(n >> 8);
	out[3] = (unsigned char)n;
	/* What follows the box: the start of a moov box. */
	memcpy(out + n, "\0\0\0\x08moov", 8);
	return n + 8;
}

static void
test_sniff(void **state)
{
	static const char *const libx264[] = { "isom", "iso2", "avc1",
	    "mp41", NULL };
	static const char *const quicktime[] = { "qt  ", NULL };
	static const char *const m4v[] = { "M4V ", "M4A ", "mp42", "isom",
	    NULL };
	unsigned char	 b[256];
	size_t		 n;

	(void)state;
	/* What ffmpeg writes for .mp4. */
	n = ftyp(b, "isom", libx264);
	assert_int_equal(video_sniff_mp4(b, n), 1);
	/* An MP4 brand only among the compatible ones. */
	n = ftyp(b, "M4V ", m4v);
	assert_int_equal(video_sniff_mp4(b, n), 1);
	n = ftyp(b, "3gp4", m4v);
	assert_int_equal(video_sniff_mp4(b, n), 1);
	/* Major brand mp42, no compatible brands. */
	n = ftyp(b, "mp42", NULL);
	assert_int_equal(video_sniff_mp4(b, n), 1);
	/* QuickTime alone is not MP4. */
	n = ftyp(b, "qt  ", quicktime);
	assert_int_equal(video_sniff_mp4(b, n), 0);
	/* Cut inside the box. */
	n = ftyp(b, "isom", libx264);
	assert_int_equal(video_sniff_mp4(b, 20), 0);
	assert_int_equal(video_sniff_mp4(b, 15), 0);
	/* A box that claims more than the head holds, or an odd size. */
	b[3] = 0xff;
	b[2] = 0x7f;
	assert_int_equal(video_sniff_mp4(b, n), 0);
	n = ftyp(b, "isom", libx264);
	b[3] += 2;
	assert_int_equal(video_sniff_mp4(b, n), 0);
	/* A 64-bit size (1) and a size under the header's (8). */
	n = ftyp(b, "isom", libx264);
	b[3] = 1;
	assert_int_equal(video_sniff_mp4(b, n), 0);
	b[3] = 8;
	assert_int_equal(video_sniff_mp4(b, n), 0);
	/* ftyp not at offset 0 (a free box first), and other files. */
	memcpy(b, "\0\0\0\x08" "free", 8);
	ftyp(b + 8, "isom", libx264);
	assert_int_equal(video_sniff_mp4(b, 100), 0);
	assert_int_equal(video_sniff_mp4("RIFF\x10\0\0\0AVI LIST", 16), 0);
	assert_int_equal(video_sniff_mp4("\x1a\x45\xdf\xa3\x9f\x42\x86\x81"
	    "\x01\x42\xf7\x81\x01\x42\xf2\x81", 16), 0);
	assert_int_equal(video_sniff_mp4("not a video at all, just text", 29),
	    0);
	assert_int_equal(video_sniff_mp4("", 0), 0);
}

static void
test_media_names(void **state)
{
	(void)state;
	assert_string_equal(video_media_type(NULL, "master.m3u8"),
	    "application/vnd.apple.mpegurl");
	assert_string_equal(video_media_type("360p", "index.m3u8"),
	    "application/vnd.apple.mpegurl");
	assert_string_equal(video_media_type("720p", "seg00000.ts"),
	    "video/mp2t");
	assert_string_equal(video_media_type("1080p", "seg123456.ts"),
	    "video/mp2t");
	/* Only what the job writes, where it writes it. */
	assert_null(video_media_type(NULL, "index.m3u8"));
	assert_null(video_media_type(NULL, "seg00000.ts"));
	assert_null(video_media_type("360p", "master.m3u8"));
	assert_null(video_media_type("360p", "seg0000.ts"));
	assert_null(video_media_type("360p", "seg0000000.ts"));
	assert_null(video_media_type("360p", "seg00000.ts.bak"));
	assert_null(video_media_type("360p", "seg00000.mp4"));
	assert_null(video_media_type("360p", "segabcde.ts"));
	assert_null(video_media_type("360p", "SEG00000.ts"));
	/* No path: traversal, separators, odd folders. */
	assert_null(video_media_type(NULL, "../master.m3u8"));
	assert_null(video_media_type(NULL, "master.m3u8/"));
	assert_null(video_media_type("..", "index.m3u8"));
	assert_null(video_media_type("../../etc", "index.m3u8"));
	assert_null(video_media_type("360p/..", "index.m3u8"));
	assert_null(video_media_type("360", "index.m3u8"));
	assert_null(video_media_type("p", "index.m3u8"));
	assert_null(video_media_type("0360p", "index.m3u8"));
	assert_null(video_media_type("12345p", "index.m3u8"));
	assert_null(video_media_type("360p", "../../../../etc/passwd"));
	assert_null(video_media_type("360p", "seg00000.ts\n"));
	assert_null(video_media_type("360p", ""));
	assert_null(video_media_type("360p", NULL));
}

static void
test_renditions(void **state)
{
	struct video_rendition	 r[VIDEO_RENDITIONS_MAX];

	(void)state;
	/* 1080p: 360p and 720p, lowest first, 16:9 widths. */
	assert_int_equal(video_renditions(1920, 1080, 1, r), 2);
	assert_string_equal(r[0].name, "360p");
	assert_int_equal(r[0].height, 360);
	assert_int_equal(r[0].width, 640);
	assert_string_equal(r[1].name, "720p");
	assert_int_equal(r[1].width, 1280);
	assert_true(r[0].video_kbps < r[1].video_kbps);
	assert_int_equal(r[1].audio_kbps, 128);
	/* Exactly 720: the same two. */
	assert_int_equal(video_renditions(1280, 720, 1, r), 2);
	assert_int_equal(r[0].height, 360);
	assert_int_equal(r[1].height, 720);
	/* 480 lines: never upscaled, the source's height and 360p. */
	assert_int_equal(video_renditions(854, 480, 1, r), 2);
	assert_int_equal(r[0].height, 360);
	assert_int_equal(r[1].height, 480);
	assert_int_equal(r[1].width, 854);
	/* 360 lines (the tests' video): 360p and 240p. */
	assert_int_equal(video_renditions(640, 360, 1, r), 2);
	assert_string_equal(r[0].name, "240p");
	assert_int_equal(r[0].width, 426);
	assert_string_equal(r[1].name, "360p");
	assert_int_equal(r[1].width, 640);
	/* An odd height becomes even; 180 lines: 180p and 144p. */
	assert_int_equal(video_renditions(321, 181, 0, r), 2);
	assert_int_equal(r[1].height, 180);
	assert_int_equal(r[1].width % 2, 0);
	assert_int_equal(r[0].height, 144);
	assert_int_equal(r[0].audio_kbps, 0);
	/* Tiny: the height and half of it. */
	assert_int_equal(video_renditions(160, 100, 1, r), 2);
	assert_int_equal(r[1].height, 100);
	assert_int_equal(r[0].height, 50);
	/* Portrait (a phone, rotated): height counts. */
	assert_int_equal(video_renditions(1080, 1920, 1, r), 2);
	assert_int_equal(r[1].height, 720);
	assert_int_equal(r[1].width, 406);
	assert_int_equal(r[0].width, 202);
	/* No size: nothing. */
	assert_int_equal(video_renditions(0, 0, 1, r), 0);
	assert_int_equal(video_renditions(640, 2, 1, r), 0);
}

static void
test_probe(void **state)
{
	struct video_probe	 p;
	const char		*why;

	(void)state;
	/* What ffprobe says of the tests' video (fields cut down). */
	assert_int_equal(video_probe_parse("{\"streams\":["
	    "{\"index\":0,\"codec_name\":\"h264\",\"codec_type\":\"video\","
	    "\"width\":640,\"height\":360,\"sample_aspect_ratio\":\"1:1\","
	    "\"avg_frame_rate\":\"25/1\",\"duration\":\"12.000000\","
	    "\"disposition\":{\"default\":1,\"attached_pic\":0}},"
	    "{\"index\":1,\"codec_name\":\"aac\",\"codec_type\":\"audio\","
	    "\"duration\":\"12.000000\"}],"
	    "\"format\":{\"filename\":\"x.mp4\",\"format_name\":"
	    "\"mov,mp4,m4a,3gp,3g2,mj2\",\"duration\":\"12.021333\"}}",
	    &p, &why), SDRZ_OK);
	assert_null(why);
	assert_int_equal(p.duration_ms, 12021);
	assert_int_equal(p.width, 640);
	assert_int_equal(p.height, 360);
	assert_int_equal(p.has_audio, 1);
	assert_string_equal(p.format, "mov,mp4,m4a,3gp,3g2,mj2");

	/* A phone's video, rotated by its display matrix; no sound; the
	 * duration only on the stream. */
	assert_int_equal(video_probe_parse("{\"streams\":[{\"codec_type\":"
	    "\"video\",\"width\":1920,\"height\":1080,\"duration\":\"3.5\","
	    "\"side_data_list\":[{\"side_data_type\":\"Display Matrix\","
	    "\"rotation\":-90}]}],\"format\":{\"format_name\":\"mov\"}}",
	    &p, &why), SDRZ_OK);
	assert_int_equal(p.width, 1080);
	assert_int_equal(p.height, 1920);
	assert_int_equal(p.duration_ms, 3500);
	assert_int_equal(p.has_audio, 0);

	/* Non-square pixels: the displayed width. */
	assert_int_equal(video_probe_parse("{\"streams\":[{\"codec_type\":"
	    "\"video\",\"width\":720,\"height\":576,\"sample_aspect_ratio\":"
	    "\"16:15\"}],\"format\":{\"duration\":\"1.0\"}}", &p, &why),
	    SDRZ_OK);
	assert_int_equal(p.width, 768);

	/* Sound only, with a cover picture: no video. */
	assert_int_equal(video_probe_parse("{\"streams\":[{\"codec_type\":"
	    "\"audio\"},{\"codec_type\":\"video\",\"width\":300,\"height\":"
	    "300,\"disposition\":{\"attached_pic\":1}}],\"format\":"
	    "{\"duration\":\"200.0\"}}", &p, &why), SDRZ_ERR_INVALID);
	assert_non_null(strstr(why, "没有视频画面"));
	assert_int_equal(video_probe_parse("{\"streams\":[],\"format\":{}}",
	    &p, &why), SDRZ_ERR_INVALID);
	assert_non_null(strstr(why, "没有视频画面"));
	/* No duration, no size, no JSON. */
	assert_int_equal(video_probe_parse("{\"streams\":[{\"codec_type\":"
	    "\"video\",\"width\":640,\"height\":360}],\"format\":{}}", &p,
	    &why), SDRZ_ERR_INVALID);
	assert_non_null(strstr(why, "时长"));
	assert_int_equal(video_probe_parse("{\"streams\":[{\"codec_type\":"
	    "\"video\"}],\"format\":{\"duration\":\"5\"}}", &p, &why),
	    SDRZ_ERR_INVALID);
	assert_non_null(strstr(why, "尺寸"));
	assert_int_equal(video_probe_parse("Invalid data found", &p, &why),
	    SDRZ_ERR_INVALID);
	assert_non_null(why);
	assert_int_equal(video_probe_parse(NULL, &p, &why), SDRZ_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_media_names),
		cmocka_unit_test(test_renditions),
		cmocka_unit_test(test_probe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
