#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "captcha.h"
#include "util.h"

/* Answer alphabet; see captcha.h for what is left out and why. */
static const char alphabet[] = "ACDEFGHKLMNPQRTUVWXY349";
/* Letters whose lower-case form the picture may show instead: small
 * forms that match no other character, even with a curve through them
 * or touching a neighbour (not r or n: "rn" and "nn" read as m; not h:
 * a curve under it makes a b). */
static const char lowerable[] = "ADEMT";

/* The glyphs are drawn at SS times the output size and the warp samples
 * them down, which antialiases the warped picture. */
#define SS		2
#define FONT_FACE	"DejaVu Sans"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/*
 * The picture's own randomness: xoshiro256** seeded from util_random()
 * per call. Layout jitter needs no cryptographic strength, only
 * unpredictability per picture, and hundreds of draws per picture would
 * be slow through RAND_bytes.
 */
struct rng {
	uint64_t	 s[4];
};

struct rgb {
	double	 r, g, b;
};

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t	 res, t;

	res = rotl(r->s[1] * 5, 7) * 9;
	t = r->s[1] << 17;
	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return res;
}

/* Uniform in [lo, hi). */
static double
rng_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * ((double)(rng_next(r) >> 11) * 0x1.0p-53);
}

/* sin(2 pi t): one wave per unit of t. */
static double
wave(double t)
{
	return sin(2 * M_PI * t);
}

/* HSV to RGB, all in [0, 1]; h is taken modulo 1. */
static struct rgb
hsv(double h, double s, double v)
{
	struct rgb	 c;
	double		 f, p, q, t;
	int		 i;

	h -= (double)(long)h;
	h = (h < 0 ? h + 1 : h) * 6.0;
	i = (int)h;
	f = h - i;
	p = v * (1 - s);
	q = v * (1 - s * f);
	t = v * (1 - s * (1 - f));
	switch (i) {
	case 0: c = (struct rgb){ v, t, p }; break;
	case 1: c = (struct rgb){ q, v, p }; break;
	case 2: c = (struct rgb){ p, v, t }; break;
	case 3: c = (struct rgb){ p, q, v }; break;
	case 4: c = (struct rgb){ t, p, v }; break;
	default: c = (struct rgb){ v, p, q }; break;
	}
	return c;
}

/* A dark, saturated colour of hue h that reads well on the light
 * background. */
static struct rgb
ink(struct rng *r, double h)
{
	return hsv(h, rng_range(r, 0.55, 1.0), rng_range(r, 0.25, 0.55));
}

static void
background(cairo_t *cr, struct rng *r)
{
	cairo_pattern_t	*pat;
	struct rgb	 a, b;

	a = hsv(rng_range(r, 0, 1), rng_range(r, 0.04, 0.18),
	    rng_range(r, 0.92, 1.0));
	b = hsv(rng_range(r, 0, 1), rng_range(r, 0.04, 0.18),
	    rng_range(r, 0.92, 1.0));
	pat = cairo_pattern_create_linear(rng_range(r, 0, 30), 0,
	    rng_range(r, 90, CAPTCHA_WIDTH), CAPTCHA_HEIGHT);
	cairo_pattern_add_color_stop_rgb(pat, 0, a.r, a.g, a.b);
	cairo_pattern_add_color_stop_rgb(pat, 1, b.r, b.g, b.b);
	cairo_set_source(cr, pat);
	cairo_paint(cr);
	cairo_pattern_destroy(pat);
}

/* One character as drawn: its own size, rotation, scale, shear, colour
 * and place. */
struct glyph {
	char		 s[2];
	double		 size, rot, sx, sy, shear;
	double		 cx, cy;
	double		 ext;	/* horizontal extent once turned, in px */
	cairo_text_extents_t te;
	struct rgb	 col;
};

/* Chooses everything about g but its place, and measures it. */
static void
glyph_pick(cairo_t *cr, struct rng *r, struct glyph *g, char ch,
    double size, double hue)
{
	double	 c, s;

	g->s[0] = ch;
	g->s[1] = '\0';
	g->size = size * rng_range(r, 0.92, 1.1);
	g->rot = rng_range(r, -0.42, 0.42);
	g->sx = rng_range(r, 0.85, 1.12);
	g->sy = rng_range(r, 0.9, 1.12);
	g->shear = rng_range(r, -0.25, 0.25);
	g->col = ink(r, hue);
	cairo_set_font_size(cr, g->size);
	cairo_text_extents(cr, g->s, &g->te);
	/* The width of the turned ink box, counting half of what the height
	 * adds: corners of a box are rarely ink. */
	c = g->rot < 0 ? -g->rot : g->rot;
	s = c - c * c * c / 6;	/* sin, near enough at |rot| < 0.5 */
	c = 1 - c * c / 2;
	g->ext = g->te.width * g->sx * c + g->te.height * g->sy * s / 2;
}

static void
glyph_draw(cairo_t *cr, const struct glyph *g)
{
	cairo_matrix_t	 m;

	cairo_save(cr);
	cairo_set_font_size(cr, g->size);
	cairo_translate(cr, g->cx, g->cy);
	cairo_rotate(cr, g->rot);
	cairo_matrix_init(&m, g->sx, 0, g->shear, g->sy, 0, 0);
	cairo_transform(cr, &m);
	cairo_move_to(cr, -(g->te.x_bearing + g->te.width / 2),
	    -(g->te.y_bearing + g->te.height / 2));
	cairo_text_path(cr, g->s);
	cairo_set_source_rgb(cr, g->col.r, g->col.g, g->col.b);
	cairo_fill(cr);
	cairo_restore(cr);
}

/* A Bezier curve from the left edge to the right edge through the text
 * band, in one of the text's colours so colour does not separate it. */
static void
curve(cairo_t *cr, struct rng *r, struct rgb col, double width)
{
	double	 h = CAPTCHA_HEIGHT, w = CAPTCHA_WIDTH;

	cairo_move_to(cr, rng_range(r, -5, 10), rng_range(r, 0.2 * h, 0.8 * h));
	cairo_curve_to(cr,
	    rng_range(r, 0.2 * w, 0.45 * w), rng_range(r, -0.2 * h, 1.2 * h),
	    rng_range(r, 0.55 * w, 0.8 * w), rng_range(r, -0.2 * h, 1.2 * h),
	    rng_range(r, w - 10, w + 5), rng_range(r, 0.2 * h, 0.8 * h));
	cairo_set_source_rgb(cr, col.r, col.g, col.b);
	cairo_set_line_width(cr, width);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_stroke(cr);
}

static void
speckle(cairo_t *cr, struct rng *r, int count)
{
	struct rgb	 c;
	int		 i;

	for (i = 0; i < count; i++) {
		c = hsv(rng_range(r, 0, 1), rng_range(r, 0.3, 1.0),
		    rng_range(r, 0.2, 0.9));
		cairo_arc(cr, rng_range(r, 0, CAPTCHA_WIDTH),
		    rng_range(r, 0, CAPTCHA_HEIGHT), rng_range(r, 0.35, 0.9),
		    0, 2 * M_PI);
		cairo_set_source_rgb(cr, c.r, c.g, c.b);
		cairo_fill(cr);
	}
}

static uint32_t
pixel(const unsigned char *data, int stride, int x, int y)
{
	uint32_t	 p;

	memcpy(&p, data + (size_t)y * stride + (size_t)x * 4, 4);
	return p;
}

/*
 * Samples the SS-times-larger src into dst with a sine displacement: each
 * row shifts sideways by dx[y], each column up or down by dy[x]. Bilinear
 * interpolation; at zero displacement it is the box average of each
 * SS x SS block.
 */
static void
warp(cairo_surface_t *src, cairo_surface_t *dst, struct rng *r)
{
	const unsigned char	*s;
	unsigned char		*d;
	double			 dx[CAPTCHA_HEIGHT], dy[CAPTCHA_WIDTH];
	double			 ax, px, p1, ay, py, p2, fx, fy, sx, sy, v;
	int			 sw, sh, ss, ds, x, y, x0, y0, x1, y1, ch;
	uint32_t		 q[4], out;

	ax = rng_range(r, 1.2, 2.2);
	px = rng_range(r, 28, 45);
	p1 = rng_range(r, 0, 1);
	ay = rng_range(r, 1.5, 2.5);
	py = rng_range(r, 45, 80);
	p2 = rng_range(r, 0, 1);
	for (y = 0; y < CAPTCHA_HEIGHT; y++)
		dx[y] = ax * wave(y / px + p1);
	for (x = 0; x < CAPTCHA_WIDTH; x++)
		dy[x] = ay * wave(x / py + p2);

	cairo_surface_flush(src);
	cairo_surface_flush(dst);
	s = cairo_image_surface_get_data(src);
	d = cairo_image_surface_get_data(dst);
	sw = cairo_image_surface_get_width(src);
	sh = cairo_image_surface_get_height(src);
	ss = cairo_image_surface_get_stride(src);
	ds = cairo_image_surface_get_stride(dst);

	for (y = 0; y < CAPTCHA_HEIGHT; y++)
		for (x = 0; x < CAPTCHA_WIDTH; x++) {
			sx = SS * (x + 0.5 + dx[y]) - 0.5;
			sy = SS * (y + 0.5 + dy[x]) - 0.5;
			sx = sx < 0 ? 0 : sx > sw - 1 ? sw - 1 : sx;
			sy = sy < 0 ? 0 : sy > sh - 1 ? sh - 1 : sy;
			x0 = (int)sx;
			y0 = (int)sy;
			x1 = x0 + 1 < sw ? x0 + 1 : x0;
			y1 = y0 + 1 < sh ? y0 + 1 : y0;
			fx = sx - x0;
			fy = sy - y0;
			q[0] = pixel(s, ss, x0, y0);
			q[1] = pixel(s, ss, x1, y0);
			q[2] = pixel(s, ss, x0, y1);
			q[3] = pixel(s, ss, x1, y1);
			out = 0xff000000u;
			for (ch = 0; ch < 24; ch += 8) {
				v = (1 - fy) * ((1 - fx) * ((q[0] >> ch) & 0xff) +
				    fx * ((q[1] >> ch) & 0xff)) +
				    fy * ((1 - fx) * ((q[2] >> ch) & 0xff) +
				    fx * ((q[3] >> ch) & 0xff));
				out |= (uint32_t)(v + 0.5) << ch;
			}
			memcpy(d + (size_t)y * ds + (size_t)x * 4, &out, 4);
		}
	cairo_surface_mark_dirty(dst);
}

/* Salt and pepper on the final pixels, after the warp has smoothed them. */
static void
salt(cairo_surface_t *dst, struct rng *r, int count)
{
	unsigned char	*d;
	uint32_t	 p;
	int		 ds, i, x, y, v;

	cairo_surface_flush(dst);
	d = cairo_image_surface_get_data(dst);
	ds = cairo_image_surface_get_stride(dst);
	for (i = 0; i < count; i++) {
		x = (int)rng_range(r, 0, CAPTCHA_WIDTH);
		y = (int)rng_range(r, 0, CAPTCHA_HEIGHT);
		v = rng_next(r) & 1 ? (int)rng_range(r, 170, 256) :
		    (int)rng_range(r, 0, 110);
		p = 0xff000000u | (uint32_t)v << 16 | (uint32_t)v << 8 |
		    (uint32_t)v;
		memcpy(d + (size_t)y * ds + (size_t)x * 4, &p, 4);
	}
	cairo_surface_mark_dirty(dst);
}

static cairo_status_t
png_write(void *closure, const unsigned char *data, unsigned int length)
{
	if (buf_append(closure, data, length) == -1)
		return CAIRO_STATUS_NO_MEMORY;
	return CAIRO_STATUS_SUCCESS;
}

static enum sdrz_err
cairo_err(cairo_status_t st)
{
	return st == CAIRO_STATUS_NO_MEMORY ? SDRZ_ERR_NOMEM : SDRZ_ERR_IO;
}

/* The layout: what each character looks like and where it goes, then
 * the drawing on the large surface. */
static void
draw(cairo_t *cr, struct rng *r, const char *text, size_t n)
{
	struct glyph		 g[CAPTCHA_MAX];
	cairo_font_options_t	*fo;
	double			 size, step[CAPTCHA_MAX], span, k, x, hue;
	size_t			 i;
	char			 ch;

	cairo_scale(cr, SS, SS);
	background(cr, r);
	speckle(cr, r, 60);

	cairo_select_font_face(cr, FONT_FACE, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_BOLD);
	/* Every glyph has its own matrix, so hinting would run the font's
	 * bytecode per glyph for nothing: rotated outlines gain nothing
	 * from it. */
	if ((fo = cairo_font_options_create()) != NULL) {
		cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
		cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
		cairo_set_font_options(cr, fo);
		cairo_font_options_destroy(fo);
	}

	size = n <= CAPTCHA_LEN ? 27 : 27.0 * CAPTCHA_LEN / n;
	hue = rng_range(r, 0, 1);
	for (i = 0; i < n; i++) {
		ch = (char)toupper((unsigned char)text[i]);
		if (strchr(lowerable, ch) != NULL && rng_range(r, 0, 3) < 1)
			ch = (char)tolower((unsigned char)ch);
		/* Neighbours differ in hue, so a person can tell two touching
		 * letters apart; OCR sees grey and gains nothing. */
		hue += rng_range(r, 0.2, 0.8);
		glyph_pick(cr, r, &g[i], ch, size, hue);
	}

	/* Neighbours touch or overlap by up to 2 px of their turned boxes
	 * whatever their widths (turned glyphs interlock further), which
	 * defeats segmenting by gaps without burying a narrow letter under
	 * a wide one. A line too long for the box is squeezed as a whole. */
	span = g[0].ext / 2 + g[n - 1].ext / 2;
	for (i = 1; i < n; i++) {
		step[i] = (g[i - 1].ext + g[i].ext) / 2 - rng_range(r, -1, 2);
		span += step[i];
	}
	k = span > CAPTCHA_WIDTH - 14 ? (CAPTCHA_WIDTH - 14) / span : 1;
	x = (CAPTCHA_WIDTH - span * k) / 2 + g[0].ext * k / 2;
	x += rng_range(r, -1, 1) * ((CAPTCHA_WIDTH - 14) - span * k) / 2;
	for (i = 0; i < n; i++) {
		if (i > 0)
			x += step[i] * k;
		g[i].size *= k;
		cairo_set_font_size(cr, g[i].size);
		cairo_text_extents(cr, g[i].s, &g[i].te);
		g[i].cx = x + rng_range(r, -1, 1);
		g[i].cy = CAPTCHA_HEIGHT / 2.0 + rng_range(r, -3, 3);
		glyph_draw(cr, &g[i]);
	}

	/* Two curves across the text, a thin one and a bolder one, in the
	 * letters' colours: more, or bolder, hid whole letters from people
	 * before OCR got any worse. */
	curve(cr, r, g[rng_next(r) % n].col, rng_range(r, 0.8, 1.1));
	curve(cr, r, g[rng_next(r) % n].col, rng_range(r, 1.3, 1.8));
}

int
captcha_text(char *out, size_t n)
{
	unsigned char	 rb[64];
	size_t		 i = 0, j, k = sizeof(rb);
	/* The largest multiple of the alphabet size that fits a byte: bytes
	 * at or above it are thrown away, so every character is equally
	 * likely. */
	const unsigned	 na = sizeof(alphabet) - 1, limit = 256 - 256 % na;

	if (n > 0)
		out[0] = '\0';
	if (n < 2)
		return -1;
	while (i < n - 1) {
		if (k == sizeof(rb)) {
			if (util_random(rb, sizeof(rb)) == -1) {
				out[0] = '\0';
				return -1;
			}
			k = 0;
		}
		j = rb[k++];
		if (j < limit)
			out[i++] = alphabet[j % na];
	}
	out[i] = '\0';
	return 0;
}

enum sdrz_err
captcha_png(const char *text, unsigned char **png, size_t *len)
{
	cairo_surface_t	*big = NULL, *out = NULL;
	cairo_t		*cr = NULL;
	cairo_status_t	 st;
	struct rng	 r;
	struct buf	 b = { 0 };
	enum sdrz_err	 rc;
	size_t		 n, i;

	if (png == NULL || len == NULL)
		return SDRZ_ERR_INVALID;
	*png = NULL;
	*len = 0;
	if (text == NULL || (n = strlen(text)) == 0 || n > CAPTCHA_MAX)
		return SDRZ_ERR_INVALID;
	for (i = 0; i < n; i++)
		if (text[i] < 0x21 || text[i] > 0x7e)
			return SDRZ_ERR_INVALID;

	if (util_random(r.s, sizeof(r.s)) == -1)
		return SDRZ_ERR_IO;
	/* xoshiro must not start from all zeros. */
	if ((r.s[0] | r.s[1] | r.s[2] | r.s[3]) == 0)
		r.s[0] = 1;

	big = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    CAPTCHA_WIDTH * SS, CAPTCHA_HEIGHT * SS);
	if ((st = cairo_surface_status(big)) != CAIRO_STATUS_SUCCESS) {
		rc = cairo_err(st);
		goto out;
	}
	out = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    CAPTCHA_WIDTH, CAPTCHA_HEIGHT);
	if ((st = cairo_surface_status(out)) != CAIRO_STATUS_SUCCESS) {
		rc = cairo_err(st);
		goto out;
	}
	cr = cairo_create(big);
	draw(cr, &r, text, n);
	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS) {
		rc = cairo_err(st);
		goto out;
	}

	warp(big, out, &r);
	salt(out, &r, 70);

	st = cairo_surface_write_to_png_stream(out, png_write, &b);
	if (st != CAIRO_STATUS_SUCCESS) {
		rc = cairo_err(st);
		goto out;
	}
	*png = (unsigned char *)b.data;
	*len = b.len;
	b.data = NULL;
	rc = SDRZ_OK;
out:
	buf_release(&b);
	if (cr != NULL)
		cairo_destroy(cr);
	if (out != NULL)
		cairo_surface_destroy(out);
	if (big != NULL)
		cairo_surface_destroy(big);
	return rc;
}
