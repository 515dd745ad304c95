#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "acct.h"
#include "audit.h"
#include "cert.h"
#include "config.h"
#include "db.h"
#include "org.h"
#include "hours.h"
#include "log.h"
#include "util.h"

#define NS	"urn:sdrz:certificate:1"
#define FACE	"Noto Serif CJK SC"

const char cert_xsd[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"\n"
"    targetNamespace=\"" NS "\" xmlns=\"" NS "\"\n"
"    elementFormDefault=\"qualified\">\n"
"  <xs:simpleType name=\"hours\">\n"
"    <xs:restriction base=\"xs:decimal\">\n"
"      <xs:minInclusive value=\"0\"/><xs:fractionDigits value=\"1\"/>\n"
"    </xs:restriction>\n"
"  </xs:simpleType>\n"
"  <xs:simpleType name=\"text\">\n"
"    <xs:restriction base=\"xs:string\"><xs:minLength value=\"1\"/>\n"
"      <xs:maxLength value=\"200\"/></xs:restriction>\n"
"  </xs:simpleType>\n"
"  <xs:element name=\"certificate\">\n"
"    <xs:complexType>\n"
"      <xs:sequence>\n"
"        <xs:element name=\"title\" type=\"text\"/>\n"
"        <xs:element name=\"issuer\" type=\"text\"/>\n"
"        <xs:element name=\"site\" type=\"text\"/>\n"
"        <xs:element name=\"issuedOn\" type=\"xs:date\"/>\n"
"        <xs:element name=\"holder\">\n"
"          <xs:complexType><xs:sequence>\n"
"            <xs:element name=\"name\" type=\"text\"/>\n"
"            <xs:element name=\"idNumber\" type=\"text\"/>\n"
"            <xs:element name=\"qualification\" type=\"xs:string\"/>\n"
"          </xs:sequence></xs:complexType>\n"
"        </xs:element>\n"
"        <xs:element name=\"hours\">\n"
"          <xs:complexType>\n"
"            <xs:attribute name=\"public\" type=\"hours\" use=\"required\"/>\n"
"            <xs:attribute name=\"professional\" type=\"hours\" use=\"required\"/>\n"
"            <xs:attribute name=\"total\" type=\"hours\" use=\"required\"/>\n"
"          </xs:complexType>\n"
"        </xs:element>\n"
"        <xs:element name=\"items\">\n"
"          <xs:complexType><xs:sequence>\n"
"            <xs:element name=\"item\" minOccurs=\"0\" maxOccurs=\"200\">\n"
"              <xs:complexType>\n"
"                <xs:attribute name=\"group\" type=\"text\" use=\"required\"/>\n"
"                <xs:attribute name=\"name\" type=\"text\" use=\"required\"/>\n"
"                <xs:attribute name=\"hours\" type=\"hours\" use=\"required\"/>\n"
"              </xs:complexType>\n"
"            </xs:element>\n"
"          </xs:sequence></xs:complexType>\n"
"        </xs:element>\n"
"        <xs:element name=\"verifyUrl\" type=\"xs:anyURI\"/>\n"
"      </xs:sequence>\n"
"      <xs:attribute name=\"kind\" use=\"required\">\n"
"        <xs:simpleType><xs:restriction base=\"xs:string\">\n"
"          <xs:enumeration value=\"completion\"/>\n"
"          <xs:enumeration value=\"register\"/>\n"
"        </xs:restriction></xs:simpleType>\n"
"      </xs:attribute>\n"
"      <xs:attribute name=\"number\" use=\"required\">\n"
"        <xs:simpleType><xs:restriction base=\"xs:string\">\n"
"          <xs:pattern value=\"[0-9]{4}[2-9A-HJ-NP-Z]{11}\"/>\n"
"        </xs:restriction></xs:simpleType>\n"
"      </xs:attribute>\n"
"      <xs:attribute name=\"year\" type=\"xs:gYear\" use=\"required\"/>\n"
"    </xs:complexType>\n"
"  </xs:element>\n"
"</xs:schema>\n";

/* ---- numbers ---- */

/* 32 characters without 0/O and 1/I: read aloud and typed by people. */
static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static char
check_char(const char *s, size_t n)
{
	unsigned	 sum = 0, i;
	const char	*p;

	/*
	 * Weighted by position. The weights are odd, so invertible modulo
	 * 32: any single changed character changes the check character.
	 */
	for (i = 0; i < n; i++) {
		p = strchr(alphabet, s[i]);
		sum += (unsigned)((p ? p - alphabet : s[i] - '0') + 1) *
		    (2 * (i % 8) + 1);
	}
	return alphabet[sum % 32];
}

int
cert_number_new(int year, char *out)
{
	unsigned char	 raw[10];
	int		 i;

	if (util_random(raw, sizeof(raw)) == -1)
		return -1;
	year = year < 0 ? 0 : year % 10000;
	for (i = 3; i >= 0; i--, year /= 10)
		out[i] = (char)('0' + year % 10);
	for (i = 0; i < 10; i++)
		out[4 + i] = alphabet[raw[i] % 32];	/* 256 % 32 == 0 */
	out[14] = check_char(out, 14);
	out[15] = '\0';
	return 0;
}

int
cert_number_valid(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != CERT_NUMBER_LEN)
		return 0;
	for (i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	for (i = 4; i < CERT_NUMBER_LEN; i++)
		if (strchr(alphabet, s[i]) == NULL || s[i] == '\0')
			return 0;
	return s[14] == check_char(s, 14);
}

/* ---- the XML ---- */

/* Schema errors are answered as SDRZ_ERR_INVALID, not printed. */
static void
quiet(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

enum sdrz_err
cert_validate(const char *xml, size_t len)
{
	static xmlSchemaPtr	 schema;
	xmlSchemaParserCtxtPtr	 pc;
	xmlSchemaValidCtxtPtr	 vc;
	xmlDocPtr		 doc;
	int			 rc;

	if (schema == NULL) {
		if ((pc = xmlSchemaNewMemParserCtxt(cert_xsd,
		    (int)strlen(cert_xsd))) == NULL)
			return SDRZ_ERR_NOMEM;
		schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
		if (schema == NULL)
			return SDRZ_ERR_INVALID;
	}
	if ((doc = xmlReadMemory(xml, (int)len, "certificate.xml", "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) == NULL)
		return SDRZ_ERR_INVALID;
	if ((vc = xmlSchemaNewValidCtxt(schema)) == NULL) {
		xmlFreeDoc(doc);
		return SDRZ_ERR_NOMEM;
	}
	xmlSchemaSetValidStructuredErrors(vc, quiet, NULL);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	return rc == 0 ? SDRZ_OK : SDRZ_ERR_INVALID;
}

struct cert_data {
	const char	*kind;
	int		 year;
	char		 name[200], id_number[40], qualification[200];
	int		 pub, prof;
	cJSON		*items;		/* [{group, name, hours (tenths)}] */
};

static void
text_child(xmlNodePtr parent, xmlNsPtr ns, const char *name,
    const char *value)
{
	xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST value);
}

/* The XML of a certificate, with the number (may be "" for the content
 * hash) and issue date; malloc'd text in *out. */
static enum sdrz_err
build_xml(const struct config *cfg, const struct cert_data *d,
    const char *number, const char *date, char **out, size_t *len)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n, items, it;
	xmlNsPtr	 ns;
	xmlChar		*mem = NULL;
	int		 size = 0;
	char		 buf[512], h[16];
	const cJSON	*i;

	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "certificate");
	ns = xmlNewNs(root, BAD_CAST NS, NULL);
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, BAD_CAST "kind", BAD_CAST d->kind);
	xmlNewProp(root, BAD_CAST "number", BAD_CAST number);
	snprintf(buf, sizeof(buf), "%d", d->year);
	xmlNewProp(root, BAD_CAST "year", BAD_CAST buf);
	if (strcmp(d->kind, "completion") == 0)
		snprintf(buf, sizeof(buf), "%s专业技术人员继续教育结业证书",
		    cfg->city_name);
	else
		snprintf(buf, sizeof(buf), "%s%d年度专业技术人员继续教育学时登记表",
		    cfg->city_name, d->year);
	text_child(root, ns, "title", buf);
	text_child(root, ns, "issuer", cfg->site_organiser);
	text_child(root, ns, "site", cfg->site_name);
	text_child(root, ns, "issuedOn", date);
	n = xmlNewChild(root, ns, BAD_CAST "holder", NULL);
	text_child(n, ns, "name", d->name);
	text_child(n, ns, "idNumber", d->id_number);
	text_child(n, ns, "qualification", d->qualification);
	n = xmlNewChild(root, ns, BAD_CAST "hours", NULL);
	hours_format(d->pub, h);
	xmlNewProp(n, BAD_CAST "public", BAD_CAST h);
	hours_format(d->prof, h);
	xmlNewProp(n, BAD_CAST "professional", BAD_CAST h);
	hours_format(d->pub + d->prof, h);
	xmlNewProp(n, BAD_CAST "total", BAD_CAST h);
	items = xmlNewChild(root, ns, BAD_CAST "items", NULL);
	cJSON_ArrayForEach(i, d->items) {
		it = xmlNewChild(items, ns, BAD_CAST "item", NULL);
		xmlNewProp(it, BAD_CAST "group", BAD_CAST
		    cJSON_GetStringValue(cJSON_GetObjectItem(i, "group")));
		xmlNewProp(it, BAD_CAST "name", BAD_CAST
		    cJSON_GetStringValue(cJSON_GetObjectItem(i, "name")));
		hours_format(cJSON_GetObjectItem(i, "hours")->valueint, h);
		xmlNewProp(it, BAD_CAST "hours", BAD_CAST h);
	}
	snprintf(buf, sizeof(buf), "%s/verify?n=%s", cfg->url_sdrz, number);
	text_child(root, ns, "verifyUrl", buf);
	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	xmlFreeDoc(doc);
	if (mem == NULL)
		return SDRZ_ERR_NOMEM;
	*out = strndup((const char *)mem, (size_t)size);
	*len = (size_t)size;
	xmlFree(mem);
	return *out ? SDRZ_OK : SDRZ_ERR_NOMEM;
}

/* ---- gathering what a certificate says ---- */

static const char SQL_HOLDER[] =
    "SELECT p.name, p.id_number, COALESCE((SELECT name FROM dict_item"
    " WHERE dict = 'title_qualification' AND code = pe.title_qualification),"
    " '') FROM person p LEFT JOIN personnel pe ON pe.person_id = p.id"
    " WHERE p.id = ?";
/* 结业证书: the classes and activities one by one. */
static const char SQL_ITEMS_COMPLETION[] =
    "SELECT IF(h.category = 'public', '公需科目', '专业科目'), h.title,"
    " SUM(h.hours) * 10 FROM hour_record h WHERE h.person_id = ?"
    " AND h.year = ? GROUP BY h.category, h.title"
    " ORDER BY h.category DESC, h.title LIMIT 200";
/* 登记表: the hours per 学习类型 and 学习形式. */
static const char SQL_ITEMS_REGISTER[] =
    "SELECT t.name, f.name, SUM(h.hours) * 10 FROM hour_record h"
    " JOIN study_form f ON f.code = h.study_form"
    " JOIN decl_type t ON t.code = f.decl_type"
    " WHERE h.person_id = ? AND h.year = ? GROUP BY t.code, f.code"
    " ORDER BY t.sort, f.sort LIMIT 200";

static enum sdrz_err
gather(struct db *db, int64_t person, const char *kind, int year,
    struct cert_data *d)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*it;

	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->year = year;
	if ((st = db_stmt(db, SQL_HOLDER)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	snprintf(d->name, sizeof(d->name), "%s", db_col_text(st, 0));
	snprintf(d->id_number, sizeof(d->id_number), "%s", db_col_text(st, 1));
	snprintf(d->qualification, sizeof(d->qualification), "%s",
	    db_col_text(st, 2));
	if ((rc = hours_sums(db, person, year, &d->pub, &d->prof)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, strcmp(kind, "completion") == 0 ?
	    SQL_ITEMS_COMPLETION : SQL_ITEMS_REGISTER)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person);
	db_bind_int(st, 1, year);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	d->items = cJSON_CreateArray();
	while (db_next(st) == 1) {
		it = cJSON_CreateObject();
		cJSON_AddItemToArray(d->items, it);
		cJSON_AddStringToObject(it, "group", db_col_text(st, 0));
		cJSON_AddStringToObject(it, "name", db_col_text(st, 1));
		cJSON_AddNumberToObject(it, "hours", (double)db_col_int(st, 2));
	}
	return SDRZ_OK;
}

static const char SQL_SAME[] =
    "SELECT number FROM certificate WHERE person_id = ? AND kind = ?"
    " AND year = ? AND content_sha256 = ? AND revoked_at IS NULL"
    " ORDER BY id DESC LIMIT 1";
/* A revoked certificate of exactly this content whose reissue the bureau
 * has not allowed. */
static const char SQL_REVOKED_SAME[] =
    "SELECT 1 FROM certificate WHERE person_id = ? AND kind = ?"
    " AND year = ? AND content_sha256 = ? AND revoked_at IS NOT NULL"
    " AND reissue_allowed_at IS NULL LIMIT 1";
static const char SQL_ISSUE[] =
    "INSERT INTO certificate (number, kind, person_id, year, xml,"
    " content_sha256, public_hours, professional_hours)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

enum sdrz_err
cert_issue(struct db *db, const struct config *cfg, int64_t person,
    const char *kind, int year, const struct audit_actor *actor, char *number)
{
	struct cert_data	 d;
	struct year_rule	 r;
	struct completion	 c;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	char			*xml = NULL, sum[65], date[11];
	size_t			 len;
	time_t			 now = time(NULL);
	struct tm		 tm;
	int			 tries;

	number[0] = '\0';
	if (strcmp(kind, "completion") != 0 && strcmp(kind, "register") != 0)
		return SDRZ_ERR_INVALID;
	if ((rc = gather(db, person, kind, year, &d)) != SDRZ_OK)
		goto out;
	if (strcmp(kind, "completion") == 0) {
		if ((rc = hours_rule(db, year, &r)) != SDRZ_OK)
			goto out;
		hours_complete(&r, d.pub, d.prof, &c);
		if (!c.ok) {
			rc = SDRZ_ERR_CONFLICT;
			goto out;
		}
	}
	/* The same content is the same certificate: hash it without the
	 * number and the date. */
	if ((rc = build_xml(cfg, &d, "", "2000-01-01", &xml, &len)) != SDRZ_OK)
		goto out;
	util_sha256_hex(xml, len, sum);
	free(xml);
	xml = NULL;
	if ((st = db_stmt(db, SQL_SAME)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_int(st, 0, person);
	db_bind_text(st, 1, kind);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, sum);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	if (db_next(st) == 1) {
		snprintf(number, CERT_NUMBER_LEN + 1, "%s", db_col_text(st, 0));
		goto out;
	}
	/* A revocation is not undone by printing again: the same content
	 * needs the bureau's consent (cert_allow_reissue()). */
	if ((st = db_stmt(db, SQL_REVOKED_SAME)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_int(st, 0, person);
	db_bind_text(st, 1, kind);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, sum);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	if (db_next(st) == 1) {
		rc = SDRZ_ERR_FORBIDDEN;
		goto out;
	}
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	for (tries = 0; tries < 3; tries++) {
		if (cert_number_new(year, number) == -1) {
			rc = SDRZ_ERR_IO;
			goto out;
		}
		free(xml);
		if ((rc = build_xml(cfg, &d, number, date, &xml, &len)) !=
		    SDRZ_OK)
			goto out;
		if ((rc = cert_validate(xml, len)) != SDRZ_OK) {
			log_warn("cert: the XML of %s does not fit the schema",
			    number);
			goto out;
		}
		if ((st = db_stmt(db, SQL_ISSUE)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_text(st, 0, number);
		db_bind_text(st, 1, kind);
		db_bind_int(st, 2, person);
		db_bind_int(st, 3, year);
		db_bind_text(st, 4, xml);
		db_bind_text(st, 5, sum);
		db_bind_double(st, 6, d.pub / 10.0);
		db_bind_double(st, 7, d.prof / 10.0);
		/* A clash of random numbers is a duplicate key: draw again. */
		if ((rc = db_exec(st)) != SDRZ_ERR_CONFLICT)
			break;
	}
	if (rc == SDRZ_OK)
		rc = audit_add(db, actor, "cert.issue", "person", person,
		    NULL);
out:
	free(xml);
	cJSON_Delete(d.items);
	if (rc != SDRZ_OK)
		number[0] = '\0';
	return rc;
}

/* ---- rendering ---- */

static const char *
attr(xmlNodePtr n, const char *name, char *buf, size_t sz)
{
	xmlChar	*v = xmlGetProp(n, BAD_CAST name);

	snprintf(buf, sz, "%s", v ? (const char *)v : "");
	xmlFree(v);
	return buf;
}

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

static const char *
text_of(xmlNodePtr n, char *buf, size_t sz)
{
	xmlChar	*v = n ? xmlNodeGetContent(n) : NULL;

	snprintf(buf, sz, "%s", v ? (const char *)v : "");
	xmlFree(v);
	return buf;
}

/* Draws text at (x, y) in pt; align 0 left, 1 centre, 2 right of x.
 * width > 0 wraps. Returns the height used. */
static double
draw(cairo_t *cr, const char *s, double size, double x, double y, int align,
    double width)
{
	PangoLayout		*l = pango_cairo_create_layout(cr);
	PangoFontDescription	*fd = pango_font_description_new();
	int			 w, h;

	pango_font_description_set_family(fd, FACE);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, s, -1);
	pango_layout_get_size(l, &w, &h);
	cairo_move_to(cr, align == 0 ? x : align == 1 ? x - w / PANGO_SCALE /
	    2.0 : x - (double)w / PANGO_SCALE, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

/* The QR code of the verification link, as vector squares. */
static void
draw_qr(cairo_t *cr, const char *url, double x, double y, double size)
{
	QRcode	*q;
	int	 i, j, run;
	double	 m;

	if ((q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return;
	m = size / (q->width + 8);	/* a quiet zone of four modules */
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (i = 0; i < q->width; i++)
		for (j = 0; j < q->width; j += run) {
			/* One rectangle per horizontal run of dark modules. */
			for (run = 0; j + run < q->width &&
			    (q->data[i * q->width + j + run] & 1); run++)
				continue;
			if (run == 0) {
				run = 1;
				continue;
			}
			cairo_rectangle(cr, x + (j + 4) * m, y + (i + 4) * m,
			    run * m + 0.05, m + 0.05);
		}
	cairo_fill(cr);
	QRcode_free(q);
}

static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

enum sdrz_err
cert_render(const char *xml, size_t xmllen, unsigned char **pdf,
    size_t *pdflen)
{
	xmlDocPtr		 doc;
	xmlNodePtr		 root, holder, hours, items, it;
	cairo_surface_t		*s;
	cairo_t			*cr;
	struct buf		 out = { 0 };
	char			 kind[16], number[32], year[8], title[256];
	char			 issuer[256], site[256], date[16], name[200];
	char			 idn[40], qual[200], pub[16], prof[16], total[16];
	char			 url[512], line[1024], g[200], n[400], h[16];
	const double		 W = 595.28, H = 841.89, L = 72, R = W - 72;
	double			 y, col1, col2;
	int			 completion, rows = 0;
	enum sdrz_err		 rc = SDRZ_ERR_INVALID;

	*pdf = NULL;
	*pdflen = 0;
	if ((doc = xmlReadMemory(xml, (int)xmllen, "certificate.xml", "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) == NULL)
		return SDRZ_ERR_INVALID;
	root = xmlDocGetRootElement(doc);
	holder = child(root, "holder");
	hours = child(root, "hours");
	items = child(root, "items");
	if (root == NULL || holder == NULL || hours == NULL || items == NULL)
		goto out;
	attr(root, "kind", kind, sizeof(kind));
	attr(root, "number", number, sizeof(number));
	attr(root, "year", year, sizeof(year));
	text_of(child(root, "title"), title, sizeof(title));
	text_of(child(root, "issuer"), issuer, sizeof(issuer));
	text_of(child(root, "site"), site, sizeof(site));
	text_of(child(root, "issuedOn"), date, sizeof(date));
	text_of(child(root, "verifyUrl"), url, sizeof(url));
	text_of(child(holder, "name"), name, sizeof(name));
	text_of(child(holder, "idNumber"), idn, sizeof(idn));
	text_of(child(holder, "qualification"), qual, sizeof(qual));
	attr(hours, "public", pub, sizeof(pub));
	attr(hours, "professional", prof, sizeof(prof));
	attr(hours, "total", total, sizeof(total));
	completion = strcmp(kind, "completion") == 0;

	s = cairo_pdf_surface_create_for_stream(to_buf, &out, W, H);
	cr = cairo_create(s);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	/* A double border, as certificates have. */
	cairo_set_source_rgb(cr, 0.55, 0.12, 0.10);
	cairo_set_line_width(cr, 3);
	cairo_rectangle(cr, 36, 36, W - 72, H - 72);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, 44, 44, W - 88, H - 88);
	cairo_stroke(cr);

	y = 90;
	y += draw(cr, title, completion ? 26 : 20, W / 2, y, 1, 0) + 28;
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (completion) {
		snprintf(line, sizeof(line), "    %s,身份证号 %s,参加%s年度专业"
		    "技术人员继续教育,完成公需科目 %s 学时、专业科目 %s 学时,"
		    "共计 %s 学时,经审核合格。特发此证。", name, idn, year, pub,
		    prof, total);
		y += draw(cr, line, 14, L, y, 0, R - L) + 24;
	} else {
		snprintf(line, sizeof(line), "姓名:%s    专业技术职务资格:%s",
		    name, qual[0] ? qual : "无");
		y += draw(cr, line, 13, L, y, 0, R - L) + 8;
		snprintf(line, sizeof(line), "身份证号:%s    总学时:%s"
		    "(公需科目 %s,专业科目 %s)", idn, total, pub, prof);
		y += draw(cr, line, 13, L, y, 0, R - L) + 20;
	}

	/* The table. */
	col1 = L + (completion ? 90 : 110);
	col2 = R - 70;
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, L, y);
	cairo_line_to(cr, R, y);
	cairo_stroke(cr);
	draw(cr, completion ? "科目类别" : "学习类型", 12, L + 6, y + 6, 0, 0);
	draw(cr, completion ? "班级名称" : "学习形式", 12, col1 + 6, y + 6, 0, 0);
	draw(cr, "学时", 12, R - 6, y + 6, 2, 0);
	y += 28;
	for (it = items->children; it != NULL; it = it->next) {
		if (it->type != XML_ELEMENT_NODE)
			continue;
		if (y > H - 250) {
			draw(cr, "(其余条目见继续教育明细)", 11, L + 6, y + 6, 0, 0);
			y += 24;
			break;
		}
		cairo_move_to(cr, L, y);
		cairo_line_to(cr, R, y);
		cairo_stroke(cr);
		attr(it, "group", g, sizeof(g));
		attr(it, "name", n, sizeof(n));
		attr(it, "hours", h, sizeof(h));
		draw(cr, g, 11, L + 6, y + 6, 0, col1 - L - 12);
		draw(cr, n, 11, col1 + 6, y + 6, 0, col2 - col1 - 12);
		draw(cr, h, 11, R - 6, y + 6, 2, 0);
		y += 24;
		rows++;
	}
	if (rows == 0) {
		draw(cr, "(本年度暂无学时记录)", 11, L + 6, y + 6, 0, 0);
		y += 24;
	}
	cairo_move_to(cr, L, y);
	cairo_line_to(cr, R, y);
	cairo_stroke(cr);
	cairo_move_to(cr, col1, y - 24 * (rows ? rows : 1) - 28);
	cairo_line_to(cr, col1, y);
	cairo_move_to(cr, col2, y - 24 * (rows ? rows : 1) - 28);
	cairo_line_to(cr, col2, y);
	cairo_stroke(cr);

	/* The issuer, the date, the number and the QR code. */
	y = H - 200;
	draw_qr(cr, url, L, y - 10, 110);
	snprintf(line, sizeof(line), "发证机关:%s", issuer);
	draw(cr, line, 12, R, y, 2, 0);
	snprintf(line, sizeof(line), "发证时间:%s", date);
	draw(cr, line, 12, R, y + 22, 2, 0);
	snprintf(line, sizeof(line), "证书编号:%s", number);
	draw(cr, line, 12, R, y + 44, 2, 0);
	snprintf(line, sizeof(line), "说明:扫描二维码或登录%s,凭证书编号核验本%s"
	    "的真伪。", site, completion ? "证书" : "登记表");
	draw(cr, line, 10, L, y + 110, 0, R - L);
	snprintf(line, sizeof(line), "%s制", issuer);
	draw(cr, line, 10, W / 2, H - 70, 1, 0);

	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || out.data ==
	    NULL) {
		cairo_surface_destroy(s);
		buf_release(&out);
		rc = SDRZ_ERR_IO;
		goto out;
	}
	cairo_surface_destroy(s);
	*pdf = (unsigned char *)out.data;
	*pdflen = out.len;
	rc = SDRZ_OK;
out:
	xmlFreeDoc(doc);
	return rc;
}

/* ---- lookups ---- */

static const char SQL_BY_NUMBER[] =
    "SELECT c.xml, c.person_id FROM certificate c WHERE c.number = ?"
    " AND (? = 0 OR c.person_id = ?)";

enum sdrz_err
cert_pdf(struct db *db, const char *number, int64_t person,
    unsigned char **pdf, size_t *len)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	char		*xml;

	if (!cert_number_valid(number))
		return SDRZ_ERR_NOT_FOUND;
	if ((st = db_stmt(db, SQL_BY_NUMBER)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, number);
	db_bind_int(st, 1, person);
	db_bind_int(st, 2, person);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if ((xml = strdup(db_col_text(st, 0))) == NULL)
		return SDRZ_ERR_NOMEM;
	rc = cert_render(xml, strlen(xml), pdf, len);
	free(xml);
	return rc;
}

static const char SQL_VERIFY[] =
    "SELECT c.kind, c.year, p.name, p.id_number, c.public_hours * 10,"
    " c.professional_hours * 10, c.issued_at, c.revoked_at"
    " FROM certificate c JOIN person p ON p.id = c.person_id"
    " WHERE c.number = ?";


/* The public fields of a certificate row (columns as SQL_VERIFY). */
static void
cert_json(cJSON *o, const struct db_stmt *st, unsigned at)
{
	char	 masked[33];

	util_json_text(o, "kind", db_col_text(st, at));
	cJSON_AddNumberToObject(o, "year", (double)db_col_int(st, at + 1));
	util_json_text(o, "name", db_col_text(st, at + 2));
	acct_mask_id(db_col_text(st, at + 3), masked);
	util_json_text(o, "id_number_masked", masked);
	cJSON_AddNumberToObject(o, "public", db_col_int(st, at + 4) / 10.0);
	cJSON_AddNumberToObject(o, "professional",
	    db_col_int(st, at + 5) / 10.0);
	cJSON_AddNumberToObject(o, "total", (db_col_int(st, at + 4) +
	    db_col_int(st, at + 5)) / 10.0);
	util_json_text(o, "issued_at", db_col_text(st, at + 6));
	util_json_text(o, "revoked_at", db_col_text(st, at + 7));
}

enum sdrz_err
cert_verify(struct db *db, const char *number, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*o;

	o = cJSON_CreateObject();
	*out = o;
	util_json_text(o, "number", number);
	/* A number without its check character is not looked up. */
	if (!cert_number_valid(number)) {
		cJSON_AddStringToObject(o, "status", "unknown");
		return SDRZ_OK;
	}
	if ((st = db_stmt(db, SQL_VERIFY)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, number);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1) {
		cJSON_AddStringToObject(o, "status", "unknown");
		return SDRZ_OK;
	}
	cJSON_AddStringToObject(o, "status", db_col_isnull(st, 7) ? "valid" :
	    "revoked");
	cert_json(o, st, 0);
	return SDRZ_OK;
}

static const char SQL_CERT_ID[] = "SELECT id FROM certificate WHERE number = ?";
static const char SQL_REVOKE[] =
    "UPDATE certificate c JOIN personnel pe ON pe.person_id = c.person_id"
    " JOIN org o ON o.id = pe.org_id JOIN org t ON t.id = ?"
    " SET c.revoked_at = NOW(3), c.revoke_reason = ?, c.revoked_by = ?"
    " WHERE c.number = ? AND c.revoked_at IS NULL"
    " AND" ORG_SUBTREE("o", "t");

struct revoke_ctx {
	int64_t			 top;
	const char		*number, *reason;
	const struct audit_actor *actor;
};

static enum sdrz_err
revoke_tx(struct db *db, void *arg)
{
	struct revoke_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	char			 detail[128];

	if ((st = db_stmt(db, SQL_REVOKE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->top);
	db_bind_text(st, 1, c->reason);
	if (c->actor && c->actor->person_id > 0)
		db_bind_int(st, 2, c->actor->person_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, c->number);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_affected(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if ((st = db_stmt(db, SQL_CERT_ID)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, c->number);
	if ((rc = db_exec(st)) != SDRZ_OK || db_next(st) != 1)
		return rc ? rc : SDRZ_ERR_NOT_FOUND;
	snprintf(detail, sizeof(detail), "{\"number\":\"%s\"}", c->number);
	return audit_add(db, c->actor, "cert.revoke", "certificate",
	    db_col_int(st, 0), detail);
}

enum sdrz_err
cert_revoke(struct db *db, int64_t top, const char *number,
    const char *reason, const struct audit_actor *actor)
{
	struct revoke_ctx	 c = { top, number, reason, actor };

	if (!cert_number_valid(number))
		return SDRZ_ERR_NOT_FOUND;
	if (reason == NULL || *reason == '\0')
		return SDRZ_ERR_INVALID;
	return db_tx(db, revoke_tx, &c);
}

static const char SQL_ALLOW[] =
    "UPDATE certificate c JOIN personnel pe ON pe.person_id = c.person_id"
    " JOIN org o ON o.id = pe.org_id JOIN org t ON t.id = ?"
    " SET c.reissue_allowed_at = NOW(3), c.reissue_allowed_by = ?,"
    " c.reissue_note = ? WHERE c.number = ? AND c.revoked_at IS NOT NULL"
    " AND c.reissue_allowed_at IS NULL"
    " AND LEFT(o.path, CHAR_LENGTH(t.path)) = t.path";

static enum sdrz_err
allow_tx(struct db *db, void *arg)
{
	struct revoke_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	cJSON			*d;
	char			*detail;

	if ((st = db_stmt(db, SQL_ALLOW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->top);
	if (c->actor && c->actor->person_id > 0)
		db_bind_int(st, 1, c->actor->person_id);
	else
		db_bind_null(st, 1);
	db_bind_text(st, 2, c->reason);
	db_bind_text(st, 3, c->number);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_affected(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if ((st = db_stmt(db, SQL_CERT_ID)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, c->number);
	if ((rc = db_exec(st)) != SDRZ_OK || db_next(st) != 1)
		return rc ? rc : SDRZ_ERR_NOT_FOUND;
	if ((d = cJSON_CreateObject()) == NULL)
		return SDRZ_ERR_NOMEM;
	cJSON_AddStringToObject(d, "number", c->number);
	cJSON_AddStringToObject(d, "note", c->reason);
	detail = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	if (detail == NULL)
		return SDRZ_ERR_NOMEM;
	rc = audit_add(db, c->actor, "cert.reissue_allow", "certificate",
	    db_col_int(st, 0), detail);
	cJSON_free(detail);
	return rc;
}

enum sdrz_err
cert_allow_reissue(struct db *db, int64_t top, const char *number,
    const char *note, const struct audit_actor *actor)
{
	struct revoke_ctx	 c = { top, number, note, actor };

	if (!cert_number_valid(number))
		return SDRZ_ERR_NOT_FOUND;
	if (note == NULL || *note == '\0')
		return SDRZ_ERR_INVALID;
	return db_tx(db, allow_tx, &c);
}

static const char SQL_SEARCH[] =
    "SELECT c.number, c.kind, c.year, p.name, p.id_number,"
    " c.public_hours * 10, c.professional_hours * 10, c.issued_at,"
    " c.revoked_at, c.revoke_reason, c.reissue_allowed_at"
    " FROM certificate c JOIN person p ON p.id = c.person_id"
    " JOIN personnel pe ON pe.person_id = p.id JOIN org o ON o.id = pe.org_id"
    " JOIN org t ON t.id = ? WHERE" ORG_SUBTREE("o", "t")
    " AND p.id_number = ? AND p.name = ? ORDER BY c.year DESC, c.id DESC";
static const char SQL_MINE[] =
    "SELECT c.number, c.kind, c.year, p.name, p.id_number,"
    " c.public_hours * 10, c.professional_hours * 10, c.issued_at,"
    " c.revoked_at, c.revoke_reason, c.reissue_allowed_at"
    " FROM certificate c JOIN person p ON p.id = c.person_id"
    " WHERE c.person_id = ? ORDER BY c.year DESC, c.id DESC";

static enum sdrz_err
list(struct db_stmt *st, cJSON **out)
{
	enum sdrz_err	 rc;
	cJSON		*arr, *o;

	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	arr = cJSON_CreateArray();
	while (db_next(st) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		util_json_text(o, "number", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "status", db_col_isnull(st, 8) ?
		    "valid" : "revoked");
		cert_json(o, st, 1);
		util_json_text(o, "revoke_reason", db_col_text(st, 9));
		util_json_text(o, "reissue_allowed_at", db_col_text(st, 10));
	}
	*out = arr;
	return SDRZ_OK;
}

enum sdrz_err
cert_search(struct db *db, int64_t top, const char *id_number,
    const char *name, cJSON **out)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_SEARCH)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, top);
	db_bind_text(st, 1, id_number);
	db_bind_text(st, 2, name);
	return list(st, out);
}

enum sdrz_err
cert_mine(struct db *db, int64_t person, cJSON **out)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_MINE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person);
	return list(st, out);
}
