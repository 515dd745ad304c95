/*
 * The .xlsx reader (xlsx.h). Every part is read whole into memory
 * (bounded by XLSX_PART_MAX) and parsed with libxml2 without network
 * access, entity substitution or DTD loading.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "xlsx.h"

static const char MSG_NOT_XLSX[] =
    "文件不是有效的 Excel 工作簿(.xlsx),请用模板填写后另存为 .xlsx 再导入";
static const char MSG_BROKEN[] = "Excel 文件已损坏或格式不受支持,请重新保存后再导入";
static const char MSG_NO_SHEET[] = "Excel 文件中没有工作表";
static const char MSG_TOO_BIG[] = "Excel 文件过大,请分成几个文件导入";

/* ---- references ---- */

void
xlsx_col_name(unsigned col, char *out)
{
	char	 tmp[8];
	size_t	 n = 0, i;

	col++;
	while (col > 0 && n < sizeof(tmp)) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

int
xlsx_ref_parse(const char *ref, unsigned *col, unsigned *row)
{
	unsigned long	 c = 0, r = 0;
	const char	*p = ref;

	if (ref == NULL)
		return -1;
	while (*p == '$')
		p++;
	if (!(*p >= 'A' && *p <= 'Z'))
		return -1;
	while (*p >= 'A' && *p <= 'Z') {
		c = c * 26 + (unsigned long)(*p - 'A' + 1);
		if (c > XLSX_COLS_MAX)
			return -1;
		p++;
	}
	if (*p == '$')
		p++;
	if (!(*p >= '1' && *p <= '9'))
		return -1;
	while (*p >= '0' && *p <= '9') {
		r = r * 10 + (unsigned long)(*p - '0');
		if (r > XLSX_ROWS_MAX)
			return -1;
		p++;
	}
	if (*p != '\0')
		return -1;
	*col = (unsigned)(c - 1);
	*row = (unsigned)r;
	return 0;
}

/* ---- the zip ---- */

/* The part named name, inflated, NUL-terminated; *len its size. NULL
 * with *err set: 1 missing, 2 too big or unreadable, 3 out of memory. */
static char *
part_read(zip_t *za, const char *name, size_t *len, int *err)
{
	zip_stat_t	 sb;
	zip_file_t	*zf;
	char		*buf;
	zip_int64_t	 got;
	size_t		 size;

	*err = 0;
	*len = 0;
	zip_stat_init(&sb);
	if (zip_stat(za, name, 0, &sb) == -1) {
		*err = 1;
		return NULL;
	}
	if (!(sb.valid & ZIP_STAT_SIZE) || sb.size > XLSX_PART_MAX) {
		*err = 2;
		return NULL;
	}
	size = (size_t)sb.size;
	if ((buf = malloc(size + 1)) == NULL) {
		*err = 3;
		return NULL;
	}
	if ((zf = zip_fopen(za, name, 0)) == NULL) {
		free(buf);
		*err = 2;
		return NULL;
	}
	/* Read no more than the directory promised, and all of it. */
	got = zip_fread(zf, buf, size);
	zip_fclose(zf);
	if (got < 0 || (size_t)got != size) {
		free(buf);
		*err = 2;
		return NULL;
	}
	buf[size] = '\0';
	*len = size;
	return buf;
}

static xmlDocPtr
xml_parse(const char *buf, size_t len)
{
	if (len > (size_t)2147483647)
		return NULL;
	return xmlReadMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
}

/*
 * The part as a document. NULL when it is missing (*why untouched when
 * it is not required), too big or not XML (*why set), or out of memory
 * (*why NULL).
 */
static xmlDocPtr
part_doc(zip_t *za, const char *name, int required, const char **why)
{
	char		*buf;
	size_t		 len;
	int		 err;
	xmlDocPtr	 doc;

	if ((buf = part_read(za, name, &len, &err)) == NULL) {
		if (err == 1 && !required)
			return NULL;
		*why = err == 1 ? MSG_BROKEN : err == 2 ? MSG_TOO_BIG : NULL;
		return NULL;
	}
	doc = xml_parse(buf, len);
	free(buf);
	if (doc == NULL)
		*why = MSG_BROKEN;
	return doc;
}

static int
is(const xmlNode *n, const char *local)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, local) == 0;
}

static xmlNodePtr
child(const xmlNode *n, const char *local)
{
	xmlNodePtr	 c;

	for (c = n ? n->children : NULL; c != NULL; c = c->next)
		if (is(c, local))
			return c;
	return NULL;
}

/* An attribute by its local name, whatever its namespace (the strict and
 * transitional formats name the relationships' namespace differently);
 * xmlFree() the result. want_ns: 1 only a namespaced one, 0 only a
 * plain one. */
static char *
attr(const xmlNode *n, const char *local, int want_ns)
{
	xmlAttrPtr	 a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, local) == 0 &&
		    (want_ns ? a->ns != NULL : a->ns == NULL))
			return (char *)xmlNodeGetContent((xmlNodePtr)a);
	return NULL;
}

/* ---- paths and relationships ---- */

/* The directory of a part ("xl/" for "xl/workbook.xml"). */
static void
dir_of(const char *part, char *out, size_t sz)
{
	const char	*slash = strrchr(part, '/');
	size_t		 n = slash ? (size_t)(slash - part + 1) : 0;

	if (n >= sz)
		n = sz - 1;
	memcpy(out, part, n);
	out[n] = '\0';
}

/* A relationship's target made a part name: an absolute one loses its
 * "/", a relative one is resolved against base ("xl/"), "../" taken. */
static int
resolve(const char *base, const char *target, char *out, size_t sz)
{
	char	 tmp[512], *p;

	if (target[0] == '/')
		snprintf(tmp, sizeof(tmp), "%s", target + 1);
	else
		snprintf(tmp, sizeof(tmp), "%s%s", base, target);
	/* "a/b/../c" → "a/c" */
	while ((p = strstr(tmp, "/../")) != NULL) {
		char	*q = p;

		while (q > tmp && q[-1] != '/')
			q--;
		memmove(q, p + 4, strlen(p + 4) + 1);
	}
	if (strncmp(tmp, "../", 3) == 0 || strlen(tmp) >= sz)
		return -1;
	snprintf(out, sz, "%s", tmp);
	return 0;
}

/* The rels part of a part: "xl/_rels/workbook.xml.rels". */
static void
rels_of(const char *part, char *out, size_t sz)
{
	const char	*slash = strrchr(part, '/');

	if (slash == NULL)
		snprintf(out, sz, "_rels/%s.rels", part);
	else
		snprintf(out, sz, "%.*s_rels/%s.rels", (int)(slash - part + 1),
		    part, slash + 1);
}

/* The target of the relationship in rels with the Id id (or, id NULL,
 * whose Type ends with type); into out as a part name. */
static int
rel_find(xmlDocPtr rels, const char *base, const char *id, const char *type,
    char *out, size_t sz)
{
	xmlNodePtr	 root = xmlDocGetRootElement(rels), r;
	char		*rid, *rtype, *target;
	int		 found = -1;
	size_t		 tl = type ? strlen(type) : 0;

	for (r = root ? root->children : NULL; r != NULL && found == -1;
	    r = r->next) {
		if (!is(r, "Relationship"))
			continue;
		rid = attr(r, "Id", 0);
		rtype = attr(r, "Type", 0);
		target = attr(r, "Target", 0);
		if (target != NULL && ((id != NULL && rid != NULL &&
		    strcmp(rid, id) == 0) || (id == NULL && rtype != NULL &&
		    strlen(rtype) >= tl && strcmp(rtype + strlen(rtype) - tl,
		    type) == 0)))
			found = resolve(base, target, out, sz);
		xmlFree(rid);
		xmlFree(rtype);
		xmlFree(target);
	}
	return found;
}

/* ---- strings ---- */

struct strings {
	char	**v;
	size_t	  n;
};

static void
strings_free(struct strings *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* Appends the text of the t elements of an si or is element: its own t,
 * or the t of each run r; phonetic runs (rPh) are not the cell's text. */
static int
text_of(const xmlNode *si, char **out)
{
	const xmlNode	*c, *t;
	xmlChar		*s;
	size_t		 len = 0, l;
	char		*buf = NULL, *nb;

	for (c = si->children; c != NULL; c = c->next) {
		if (is(c, "t"))
			t = c;
		else if (is(c, "r"))
			t = child(c, "t");
		else
			continue;
		if (t == NULL)
			continue;
		if ((s = xmlNodeGetContent(t)) == NULL)
			continue;
		l = strlen((const char *)s);
		if ((nb = realloc(buf, len + l + 1)) == NULL) {
			xmlFree(s);
			free(buf);
			return -1;
		}
		buf = nb;
		memcpy(buf + len, s, l);
		len += l;
		buf[len] = '\0';
		xmlFree(s);
	}
	if (buf == NULL && (buf = strdup("")) == NULL)
		return -1;
	*out = buf;
	return 0;
}

static int
strings_load(xmlDocPtr doc, struct strings *s)
{
	xmlNodePtr	 root = xmlDocGetRootElement(doc), si;
	size_t		 cap = 0;
	char		**nv;

	for (si = root ? root->children : NULL; si != NULL; si = si->next) {
		if (!is(si, "si"))
			continue;
		if (s->n >= XLSX_CELLS_MAX)
			return -1;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((nv = realloc(s->v, cap * sizeof(*nv))) == NULL)
				return -1;
			s->v = nv;
		}
		if (text_of(si, &s->v[s->n]) == -1)
			return -1;
		s->n++;
	}
	return 0;
}

/* ---- the sheet ---- */

void
xlsx_sheet_free(struct xlsx_sheet *sh)
{
	size_t	 i, j;

	if (sh == NULL)
		return;
	for (i = 0; i < sh->nrows; i++) {
		for (j = 0; j < sh->rows[i].ncells; j++)
			free(sh->rows[i].cells[j].text);
		free(sh->rows[i].cells);
	}
	free(sh->rows);
	free(sh->name);
	free(sh);
}

/* A number as the shortest text that reads back the same. */
static char *
number_text(const char *v)
{
	char	 buf[64], *end;
	double	 d = strtod(v, &end);
	int	 prec;

	if (*v == '\0' || *end != '\0')
		return strdup(v);
	/* Whole numbers as people write them: 60, not 6e+01. */
	if (d == floor(d) && fabs(d) < 1e15) {
		snprintf(buf, sizeof(buf), "%.0f", d);
		return strdup(buf);
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return strdup(buf);
}

/* The text of a cell element c of type t; NULL when out of memory. */
static char *
cell_text(const xmlNode *c, const struct strings *ss, int *bad)
{
	char		*t = attr(c, "t", 0), *out = NULL;
	const xmlNode	*v = child(c, "v"), *is_ = child(c, "is");
	xmlChar		*val = v ? xmlNodeGetContent(v) : NULL;
	const char	*s = val ? (const char *)val : "";
	char		*end;
	unsigned long	 idx;

	*bad = 0;
	if (t != NULL && strcmp(t, "s") == 0) {
		idx = strtoul(s, &end, 10);
		if (*s == '\0' || *end != '\0' || idx >= ss->n) {
			*bad = 1;
			out = strdup("");
		} else
			out = strdup(ss->v[idx]);
	} else if (t != NULL && strcmp(t, "inlineStr") == 0) {
		if (is_ == NULL || text_of(is_, &out) == -1)
			out = is_ == NULL ? strdup("") : NULL;
	} else if (t != NULL && strcmp(t, "b") == 0)
		out = strdup(strcmp(s, "1") == 0 ? "TRUE" : "FALSE");
	else if (t == NULL || strcmp(t, "n") == 0)
		out = number_text(s);
	else
		/* str (a formula's text), e (an error), d (ISO date) */
		out = strdup(s);
	xmlFree(t);
	xmlFree(val);
	return out;
}

static int
cmp_cell(const void *a, const void *b)
{
	const struct xlsx_cell	*x = a, *y = b;

	return x->col < y->col ? -1 : x->col > y->col;
}

static int
cmp_row(const void *a, const void *b)
{
	const struct xlsx_row	*x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* Reads sheetData into sh; a message in *why for a bad sheet. */
static enum sdrz_err
sheet_load(xmlDocPtr doc, const struct strings *ss, struct xlsx_sheet *sh,
    const char **why)
{
	xmlNodePtr		 root = xmlDocGetRootElement(doc), data, r, c;
	struct xlsx_row		*row, *nr;
	struct xlsx_cell	*nc;
	size_t			 rcap = 0, ccap, total = 0, i;
	unsigned		 rnum = 0, cnum, col, rr;
	char			*ref;
	int			 bad;

	if ((data = child(root, "sheetData")) == NULL)
		return SDRZ_OK;		/* an empty sheet */
	for (r = data->children; r != NULL; r = r->next) {
		if (!is(r, "row"))
			continue;
		/* r is optional: a row without it follows the previous. */
		ref = attr(r, "r", 0);
		rr = ref ? (unsigned)strtoul(ref, NULL, 10) : rnum + 1;
		xmlFree(ref);
		if (rr == 0 || rr > XLSX_ROWS_MAX || rr <= rnum) {
			*why = MSG_BROKEN;
			return SDRZ_ERR_INVALID;
		}
		rnum = rr;
		if (sh->nrows == rcap) {
			rcap = rcap ? rcap * 2 : 64;
			if ((nr = realloc(sh->rows, rcap * sizeof(*nr))) ==
			    NULL)
				return SDRZ_ERR_NOMEM;
			sh->rows = nr;
		}
		row = &sh->rows[sh->nrows++];
		memset(row, 0, sizeof(*row));
		row->num = rnum;
		ccap = 0;
		cnum = 0;
		for (c = r->children; c != NULL; c = c->next) {
			if (!is(c, "c"))
				continue;
			ref = attr(c, "r", 0);
			if (ref == NULL)
				col = cnum;
			else if (xlsx_ref_parse(ref, &col, &rr) == -1 ||
			    rr != rnum) {
				xmlFree(ref);
				*why = MSG_BROKEN;
				return SDRZ_ERR_INVALID;
			}
			xmlFree(ref);
			if (col >= XLSX_COLS_MAX || ++total > XLSX_CELLS_MAX) {
				*why = MSG_TOO_BIG;
				return SDRZ_ERR_INVALID;
			}
			cnum = col + 1;
			if (row->ncells == ccap) {
				ccap = ccap ? ccap * 2 : 16;
				if ((nc = realloc(row->cells, ccap *
				    sizeof(*nc))) == NULL)
					return SDRZ_ERR_NOMEM;
				row->cells = nc;
			}
			row->cells[row->ncells].col = col;
			if ((row->cells[row->ncells].text = cell_text(c, ss,
			    &bad)) == NULL)
				return SDRZ_ERR_NOMEM;
			row->ncells++;
			if (bad) {
				*why = MSG_BROKEN;
				return SDRZ_ERR_INVALID;
			}
		}
		qsort(row->cells, row->ncells, sizeof(*row->cells), cmp_cell);
		for (i = 1; i < row->ncells; i++)
			if (row->cells[i].col == row->cells[i - 1].col) {
				*why = MSG_BROKEN;
				return SDRZ_ERR_INVALID;
			}
	}
	qsort(sh->rows, sh->nrows, sizeof(*sh->rows), cmp_row);
	return SDRZ_OK;
}

enum sdrz_err
xlsx_read(const void *data, size_t len, unsigned index,
    struct xlsx_sheet **out, const char **why)
{
	zip_source_t	*src = NULL;
	zip_t		*za = NULL;
	zip_error_t	 ze;
	xmlDocPtr	 root_rels = NULL, wb = NULL, wb_rels = NULL,
			 sst = NULL, sheet = NULL;
	xmlNodePtr	 sheets, s;
	struct strings	 ss = { NULL, 0 };
	struct xlsx_sheet *sh = NULL;
	char		 wbpart[512], base[512], rels[600], part[512];
	char		*rid = NULL, *name = NULL;
	unsigned	 i = 0;
	enum sdrz_err	 rc = SDRZ_ERR_INVALID;

	*out = NULL;
	*why = MSG_NOT_XLSX;
	zip_error_init(&ze);
	if (len < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
		goto out;
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	if ((za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL)
		goto out;
	/* The zip now owns the source. */
	src = NULL;
	/* _rels/.rels names the workbook (the officeDocument relationship);
	 * a file without it is read at the usual place. */
	snprintf(wbpart, sizeof(wbpart), "xl/workbook.xml");
	if ((root_rels = part_doc(za, "_rels/.rels", 0, why)) != NULL &&
	    rel_find(root_rels, "", NULL, "/officeDocument", wbpart,
	    sizeof(wbpart)) == -1)
		snprintf(wbpart, sizeof(wbpart), "xl/workbook.xml");
	*why = MSG_NOT_XLSX;
	if ((wb = part_doc(za, wbpart, 1, why)) == NULL) {
		/* A zip without a workbook is some other file. */
		if (*why == MSG_BROKEN)
			*why = MSG_NOT_XLSX;
		goto out;
	}
	dir_of(wbpart, base, sizeof(base));
	rels_of(wbpart, rels, sizeof(rels));
	if ((wb_rels = part_doc(za, rels, 1, why)) == NULL)
		goto out;
	/* The sheet at index, in the workbook's order. */
	sheets = child(xmlDocGetRootElement(wb), "sheets");
	for (s = sheets ? sheets->children : NULL; s != NULL; s = s->next) {
		if (!is(s, "sheet"))
			continue;
		if (i++ == index) {
			rid = attr(s, "id", 1);
			name = attr(s, "name", 0);
			break;
		}
	}
	if (rid == NULL) {
		*why = MSG_NO_SHEET;
		goto out;
	}
	if (rel_find(wb_rels, base, rid, NULL, part, sizeof(part)) == -1) {
		*why = MSG_BROKEN;
		goto out;
	}
	/* Shared strings, when the workbook has them. */
	{
		char	 sstpart[512];

		if (rel_find(wb_rels, base, NULL, "/sharedStrings", sstpart,
		    sizeof(sstpart)) == 0) {
			if ((sst = part_doc(za, sstpart, 1, why)) == NULL)
				goto out;
			if (strings_load(sst, &ss) == -1) {
				*why = MSG_TOO_BIG;
				goto out;
			}
		}
	}
	if ((sheet = part_doc(za, part, 1, why)) == NULL)
		goto out;
	if ((sh = calloc(1, sizeof(*sh))) == NULL ||
	    (sh->name = strdup(name ? name : "")) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	if ((rc = sheet_load(sheet, &ss, sh, why)) != SDRZ_OK)
		goto out;
	*out = sh;
	sh = NULL;
	*why = NULL;
out:
	if (rc == SDRZ_ERR_INVALID && *why == NULL)
		rc = SDRZ_ERR_NOMEM;
	xlsx_sheet_free(sh);
	strings_free(&ss);
	xmlFree(rid);
	xmlFree(name);
	xmlFreeDoc(sheet);
	xmlFreeDoc(sst);
	xmlFreeDoc(wb_rels);
	xmlFreeDoc(wb);
	xmlFreeDoc(root_rels);
	if (za != NULL)
		zip_discard(za);
	zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}

const struct xlsx_row *
xlsx_row(const struct xlsx_sheet *sh, unsigned row)
{
	size_t	 lo = 0, hi = sh->nrows, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sh->rows[mid].num == row)
			return &sh->rows[mid];
		if (sh->rows[mid].num < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
xlsx_cell(const struct xlsx_sheet *sh, unsigned row, unsigned col)
{
	const struct xlsx_row	*r = xlsx_row(sh, row);
	size_t			 i;

	if (r == NULL)
		return NULL;
	for (i = 0; i < r->ncells; i++)
		if (r->cells[i].col == col)
			return r->cells[i].text;
	return NULL;
}
