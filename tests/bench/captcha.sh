#!/usr/bin/env bash
# tests/bench/captcha.sh — what a captcha costs to render and how well OCR
# reads it.
#
# Builds libsdrz.a in the build directory and a throwaway program against
# it, renders N captchas (fcgi/lib/captcha.c) into a temporary directory,
# prints the render time per captcha, then runs tesseract over them in
# three ways and prints how many it read exactly (case-insensitive, as the
# sign-in compares answers) and the share of characters it got right:
#   plain   — tesseract image stdout, nothing else (the trivial attack)
#   line    — --psm 7 (one text line) and the answer alphabet as whitelist
#   line×3  — the same on a 3× bilinear upscale (tesseract likes tall text)
#
# Usage: tests/bench/captcha.sh [--keep] [--dump DIR]
#   --keep      keep the temporary directory and print its path
#   --dump DIR  only write DIR/NNNN.png and DIR/answers.txt, no OCR
# Settings (environment): CAPTCHA_COUNT (200), SDRZ_BUILD (<root>/build),
# CAPTCHA_JOBS (nproc) parallel tesseract runs.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${SDRZ_BUILD:-$ROOT/build}
COUNT=${CAPTCHA_COUNT:-200}
JOBS=${CAPTCHA_JOBS:-$(nproc)}
keep=0
dump=

die() { printf 'captcha.sh: %s\n' "$*" >&2; exit 1; }

while (($#)); do
	case $1 in
	--keep) keep=1 ;;
	--dump) shift; (($#)) || die "--dump needs a directory"; dump=$1 ;;
	*) die "unknown argument: $1" ;;
	esac
	shift
done

[[ -f $BUILD/Makefile ]] || die "no configured build in $BUILD (mkdir build && cd build && ../configure)"
[[ -n $dump ]] || command -v tesseract >/dev/null ||
	die "tesseract is missing: apt-get install -y tesseract-ocr"

TMP=$(mktemp -d /tmp/captcha-bench.XXXXXX)
if ((keep)); then
	echo "keeping $TMP"
else
	trap 'rm -rf "$TMP"' EXIT
fi

make -s -C "$BUILD" fcgi/lib/libsdrz.a >/dev/null

# The renderer's driver: N captchas with their answers, the time spent in
# captcha_text + captcha_png, and a 3× upscale of each for the third OCR.
cat >"$TMP/dump.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo.h>

#include "captcha.h"

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
upscale(const char *in, const char *out)
{
	cairo_surface_t	*src, *dst;
	cairo_t		*cr;

	src = cairo_image_surface_create_from_png(in);
	dst = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    3 * cairo_image_surface_get_width(src),
	    3 * cairo_image_surface_get_height(src));
	cr = cairo_create(dst);
	cairo_scale(cr, 3, 3);
	cairo_set_source_surface(cr, src, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
	cairo_paint(cr);
	cairo_destroy(cr);
	if (cairo_surface_write_to_png(dst, out) != CAIRO_STATUS_SUCCESS)
		exit(1);
	cairo_surface_destroy(dst);
	cairo_surface_destroy(src);
}

int
main(int argc, char *argv[])
{
	char		 text[CAPTCHA_LEN + 1], path[4096], big[4096];
	unsigned char	*png;
	size_t		 len, bytes = 0;
	double		 t0, first = 0, total = 0;
	FILE		*f, *ans;
	int		 i, n, up;

	if (argc != 4)
		return 2;
	n = atoi(argv[2]);
	up = atoi(argv[3]);
	snprintf(path, sizeof(path), "%s/answers.txt", argv[1]);
	if ((ans = fopen(path, "w")) == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		t0 = now_ms();
		if (captcha_text(text, sizeof(text)) == -1 ||
		    captcha_png(text, &png, &len) != SDRZ_OK)
			return 1;
		t0 = now_ms() - t0;
		if (i == 0)
			first = t0;
		else
			total += t0;
		bytes += len;
		snprintf(path, sizeof(path), "%s/%04d.png", argv[1], i);
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(png, 1, len, f) != len || fclose(f) != 0)
			return 1;
		free(png);
		fprintf(ans, "%04d %s\n", i, text);
		if (up) {
			snprintf(big, sizeof(big), "%s/%04d-x3.png",
			    argv[1], i);
			upscale(path, big);
		}
	}
	fclose(ans);
	printf("first render (font loading) %.2f ms; then %.3f ms per "
	    "captcha over %d; %.0f bytes average\n", first,
	    n > 1 ? total / (n - 1) : first, n - 1, (double)bytes / n);
	return 0;
}
EOF

# shellcheck disable=SC2046
cc -std=c11 -O2 -D_GNU_SOURCE -I"$ROOT/fcgi/lib" $(pkg-config --cflags cairo) \
	-o "$TMP/dump" "$TMP/dump.c" "$BUILD/fcgi/lib/libsdrz.a" \
	$(pkg-config --libs cairo libcrypto)

if [[ -n $dump ]]; then
	mkdir -p "$dump"
	"$TMP/dump" "$dump" "$COUNT" 0
	echo "wrote $COUNT captchas and answers.txt to $dump"
	exit 0
fi

mkdir -p "$TMP/png"
"$TMP/dump" "$TMP/png" "$COUNT" 1

# Whitelist: the answer alphabet and the lower-case forms the picture uses.
WL=ACDEFGHKLMNPQRTUVWXY349ademt

ocr() { # name, file suffix, tesseract options...
	local name=$1 suffix=$2
	shift 2
	# tesseract 5.3 now and then dies of SIGFPE on an image (upscaled
	# ones mostly); the shell's report is silenced and it counts as a miss.
	# shellcheck disable=SC2016 # $0 and $@ belong to the inner sh
	cut -d' ' -f1 "$TMP/png/answers.txt" |
		xargs -P "$JOBS" -I{} sh -c \
			'tesseract "$0/{}'"$suffix"'.png" stdout "$@" 2>/dev/null |
			tr -d " \n\t\f" >"$0/{}.'"$name"'"' "$TMP/png" "$@" 2>/dev/null
	awk -v dir="$TMP/png" -v name="$name" '
		{
			want = toupper($2); got = ""
			f = dir "/" $1 "." name
			if ((getline got < f) <= 0) got = ""
			close(f)
			got = toupper(got)
			n++; if (got == want) hit++
			for (i = 1; i <= length(want); i++) {
				chars++
				if (substr(got, i, 1) == substr(want, i, 1)) ok++
			}
			if (got == want && shown < 5) { ex = ex " " want; shown++ }
		}
		END {
			printf "  %-7s %3d of %d read exactly (%.1f%%), %.1f%% of characters in place%s\n",
			    name, hit, n, 100 * hit / n, 100 * ok / chars,
			    shown ? "; e.g." ex : ""
		}' "$TMP/png/answers.txt"
}

echo "tesseract $(tesseract --version 2>&1 | head -1 | cut -d' ' -f2) over $COUNT captchas:"
ocr plain ""
ocr line "" --psm 7 -c tessedit_char_whitelist=$WL
ocr line×3 "-x3" --psm 7 -c tessedit_char_whitelist=$WL
