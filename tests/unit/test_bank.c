/*
 * Question banks: the answer rules of each kind, the shuffle that keeps
 * the right answers right, the uniform random source, the copy the page
 * sees before submission, the .xlsx reader (a workbook made here with
 * libxlsxwriter, and one zipped by hand the way other programs write
 * them: inline strings, cells without references, a sheet found only
 * through the relationships), the template; then, against the test
 * stack's database (UNIT_DB_CONFIG, as tests/unit/test_db.c), bank_draw:
 * distinct active questions of the tag, never ORDER BY RAND().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "audit.h"
#include "bank.h"
#include "config.h"
#include "db.h"
#include "xlsx.h"

static cJSON *
J(const char *text)
{
	cJSON	*v = cJSON_Parse(text);

	assert_non_null(v);
	return v;
}

/* bank_check of options and answer given as JSON texts: NULL or the
 * message; *field as bank_check() says. */
static const char *
check(enum bank_kind k, const char *opts, const char *ans, const char **field)
{
	cJSON		*o = J(opts), *a = J(ans);
	const char	*m = bank_check(k, o, a, field);

	cJSON_Delete(o);
	cJSON_Delete(a);
	return m;
}

static void
test_check(void **state)
{
	const char	*f;

	(void)state;
	assert_null(check(BANK_SINGLE, "[\"甲\",\"乙\"]", "[1]", &f));
	assert_null(f);
	assert_null(check(BANK_MULTIPLE, "[\"甲\",\"乙\",\"丙\"]", "[0,2]", &f));
	assert_null(check(BANK_JUDGE, "[\"正确\",\"错误\"]", "[1]", &f));
	assert_null(check(BANK_SINGLE, "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\","
	    "\"7\",\"8\"]", "[7]", &f));

	/* single: exactly one; multiple: two or more; judge: one */
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"乙\"]", "[0,1]", &f));
	assert_string_equal(f, "answer");
	assert_non_null(check(BANK_MULTIPLE, "[\"甲\",\"乙\"]", "[0]", &f));
	assert_string_equal(f, "answer");
	assert_non_null(check(BANK_JUDGE, "[\"正确\",\"错误\"]", "[0,1]", &f));
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"乙\"]", "[]", &f));
	/* indexes: whole, in range, ascending, no repeats */
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"乙\"]", "[2]", &f));
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"乙\"]", "[-1]", &f));
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"乙\"]", "[0.5]", &f));
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"乙\"]", "[\"0\"]", &f));
	assert_non_null(check(BANK_MULTIPLE, "[\"甲\",\"乙\",\"丙\"]", "[2,0]",
	    &f));
	assert_non_null(check(BANK_MULTIPLE, "[\"甲\",\"乙\",\"丙\"]", "[1,1]",
	    &f));
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"乙\"]", "{}", &f));
	/* options: 2 to 8 texts, none empty, distinct; judge's are fixed */
	assert_non_null(check(BANK_SINGLE, "[\"甲\"]", "[0]", &f));
	assert_string_equal(f, "options");
	assert_non_null(check(BANK_SINGLE, "[\"1\",\"2\",\"3\",\"4\",\"5\","
	    "\"6\",\"7\",\"8\",\"9\"]", "[0]", &f));
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"\"]", "[0]", &f));
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"甲\"]", "[0]", &f));
	assert_string_equal(f, "options");
	assert_non_null(check(BANK_SINGLE, "[\"甲\",2]", "[0]", &f));
	assert_non_null(check(BANK_SINGLE, "[\"甲\",\"乙\\u0001\"]", "[0]", &f));
	assert_non_null(check(BANK_JUDGE, "[\"对\",\"错\"]", "[0]", &f));
	assert_non_null(check(BANK_JUDGE, "[\"错误\",\"正确\"]", "[0]", &f));
	assert_non_null(check(BANK_KIND__MAX, "[\"甲\",\"乙\"]", "[0]", &f));
	assert_string_equal(f, "kind");

	assert_int_equal(bank_kind("single"), BANK_SINGLE);
	assert_int_equal(bank_kind("多选题"), BANK_MULTIPLE);
	assert_int_equal(bank_kind("判断"), BANK_JUDGE);
	assert_int_equal(bank_kind("问答题"), BANK_KIND__MAX);
	assert_int_equal(bank_kind(NULL), BANK_KIND__MAX);
}

/* The texts of the answer's options of a snapshot, joined by '|'. */
static void
right_texts(const cJSON *q, char *out, size_t sz)
{
	const cJSON	*a;

	*out = '\0';
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(q, "answer")) {
		if (*out)
			strncat(out, "|", sz - strlen(out) - 1);
		strncat(out, cJSON_GetStringValue(cJSON_GetArrayItem(
		    cJSON_GetObjectItem(q, "options"), a->valueint)),
		    sz - strlen(out) - 1);
	}
}

static void
test_shuffle(void **state)
{
	static const char *const opts[] = { "甲", "乙", "丙", "丁", "戊" };
	int		 seen[5][5], i, k, n;
	char		 right[64], before[64];
	const char	*f;
	cJSON		*q, *a;

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (n = 0; n < 2000; n++) {
		q = J("{\"id\":7,\"kind\":\"multiple\",\"stem\":\"题\","
		    "\"options\":[\"甲\",\"乙\",\"丙\",\"丁\",\"戊\"],"
		    "\"answer\":[1,3],\"explanation\":\"\"}");
		right_texts(q, before, sizeof(before));
		assert_int_equal(bank_shuffle(q), 0);
		/* The right options are the same texts, their indexes
		 * ascending, and the question still passes the rule. */
		right_texts(q, right, sizeof(right));
		assert_true(strcmp(right, "乙|丁") == 0 ||
		    strcmp(right, "丁|乙") == 0);
		a = cJSON_GetObjectItem(q, "answer");
		assert_int_equal(cJSON_GetArraySize(a), 2);
		assert_true(cJSON_GetArrayItem(a, 0)->valueint <
		    cJSON_GetArrayItem(a, 1)->valueint);
		assert_null(bank_check(BANK_MULTIPLE, cJSON_GetObjectItem(q,
		    "options"), a, &f));
		for (i = 0; i < 5; i++)
			for (k = 0; k < 5; k++)
				if (strcmp(cJSON_GetStringValue(cJSON_GetArrayItem(
				    cJSON_GetObjectItem(q, "options"), i)),
				    opts[k]) == 0)
					seen[k][i]++;
		cJSON_Delete(q);
	}
	/* Every option lands in every place, about a fifth of the time
	 * (400 expected; the bounds are far beyond chance). */
	for (k = 0; k < 5; k++)
		for (i = 0; i < 5; i++)
			assert_true(seen[k][i] > 250 && seen[k][i] < 550);
	/* judge questions keep 正确 before 错误 */
	q = J("{\"id\":1,\"kind\":\"judge\",\"stem\":\"题\",\"options\":"
	    "[\"正确\",\"错误\"],\"answer\":[1],\"explanation\":\"\"}");
	assert_int_equal(bank_shuffle(q), 0);
	right_texts(q, right, sizeof(right));
	assert_string_equal(right, "错误");
	cJSON_Delete(q);
	/* malformed: unchanged, -1 */
	q = J("{\"id\":1,\"kind\":\"single\",\"options\":[\"甲\",\"乙\"],"
	    "\"answer\":[5]}");
	assert_int_equal(bank_shuffle(q), -1);
	cJSON_Delete(q);
	q = J("{\"id\":1,\"kind\":\"single\",\"options\":\"甲\",\"answer\":[0]}");
	assert_int_equal(bank_shuffle(q), -1);
	cJSON_Delete(q);
}

static void
test_random_and_public(void **state)
{
	int	 hits[7] = { 0 }, i;
	long	 r;
	cJSON	*qs, *pub;
	char	*text;

	(void)state;
	assert_int_equal(bank_random_below(0), -1);
	assert_int_equal(bank_random_below(1), 0);
	for (i = 0; i < 7000; i++) {
		r = bank_random_below(7);
		assert_true(r >= 0 && r < 7);
		hits[r]++;
	}
	for (i = 0; i < 7; i++)
		assert_true(hits[i] > 800 && hits[i] < 1200);
	/* What the page sees before submitting: no answer, no explanation. */
	qs = J("[{\"id\":3,\"kind\":\"single\",\"stem\":\"题\",\"options\":"
	    "[\"甲\",\"乙\"],\"answer\":[1],\"explanation\":\"因为乙\"}]");
	pub = bank_questions_public(qs);
	assert_non_null(pub);
	text = cJSON_PrintUnformatted(pub);
	assert_string_equal(text, "[{\"id\":3,\"kind\":\"single\",\"stem\":"
	    "\"题\",\"options\":[\"甲\",\"乙\"]}]");
	cJSON_free(text);
	cJSON_Delete(pub);
	cJSON_Delete(qs);
}

/* ---- the .xlsx reader ---- */

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE		*fp = fopen(path, "rb");
	unsigned char	*buf;
	long		 n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void
test_xlsx_libxlsxwriter(void **state)
{
	char			 path[] = "/tmp/test_bank_XXXXXX";
	int			 fd;
	lxw_workbook		*wb;
	lxw_worksheet		*ws;
	lxw_format		*bold;
	lxw_rich_string_tuple	 f1 = { NULL, "根据" }, f2 = { NULL, "《规定》" },
				 f3 = { NULL, "作答" };
	lxw_rich_string_tuple	*rich[4] = { &f1, &f2, &f3, NULL };
	struct xlsx_sheet	*sh = NULL;
	const char		*why = NULL;
	unsigned char		*data;
	size_t			 len;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	wb = workbook_new(path);
	assert_non_null(wb);
	workbook_add_worksheet(wb, "说明");
	ws = workbook_add_worksheet(wb, "试题");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	f2.format = bold;
	worksheet_write_string(ws, 0, 0, "题型", bold);
	worksheet_write_string(ws, 0, 1, "题干", NULL);
	worksheet_write_string(ws, 1, 0, "单选题", NULL);
	worksheet_write_rich_string(ws, 1, 1, rich, NULL);
	worksheet_write_number(ws, 1, 2, 90, NULL);
	worksheet_write_number(ws, 1, 3, 2.5, NULL);
	worksheet_write_boolean(ws, 1, 4, 1, NULL);
	worksheet_write_string(ws, 4, 27, "远处", NULL);	/* AB5 */
	worksheet_write_string(ws, 2, 1, "多行\n文本", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	data = slurp(path, &len);
	unlink(path);

	/* Sheet 1 is 试题, the second in the workbook's order. */
	assert_int_equal(xlsx_read(data, len, 1, &sh, &why), SDRZ_OK);
	assert_string_equal(sh->name, "试题");
	assert_string_equal(xlsx_cell(sh, 1, 0), "题型");
	assert_string_equal(xlsx_cell(sh, 1, 1), "题干");
	assert_string_equal(xlsx_cell(sh, 2, 0), "单选题");
	assert_string_equal(xlsx_cell(sh, 2, 1), "根据《规定》作答");
	assert_string_equal(xlsx_cell(sh, 2, 2), "90");
	assert_string_equal(xlsx_cell(sh, 2, 3), "2.5");
	assert_string_equal(xlsx_cell(sh, 2, 4), "TRUE");
	assert_string_equal(xlsx_cell(sh, 3, 1), "多行\n文本");
	assert_string_equal(xlsx_cell(sh, 5, 27), "远处");
	assert_null(xlsx_cell(sh, 4, 0));
	assert_null(xlsx_cell(sh, 2, 9));
	assert_int_equal(sh->nrows, 4);
	xlsx_sheet_free(sh);
	sh = NULL;
	/* No third sheet. */
	assert_int_equal(xlsx_read(data, len, 2, &sh, &why), SDRZ_ERR_INVALID);
	assert_non_null(why);
	assert_null(sh);
	free(data);
}

/* A zip of the given parts (name, text pairs, NULL-terminated) made with
 * libzip in a temporary file; its bytes. */
static unsigned char *
zip_parts(const char *const *parts, size_t *len)
{
	char		 path[] = "/tmp/test_bank_zip_XXXXXX";
	int		 fd, err;
	zip_t		*za;
	zip_source_t	*src;
	unsigned char	*data;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	for (; parts[0] != NULL; parts += 2) {
		src = zip_source_buffer(za, parts[1], strlen(parts[1]), 0);
		assert_non_null(src);
		assert_true(zip_file_add(za, parts[0], src, ZIP_FL_ENC_UTF_8) >=
		    0);
	}
	assert_int_equal(zip_close(za), 0);
	data = slurp(path, len);
	unlink(path);
	return data;
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define PREL "http://schemas.openxmlformats.org/package/2006/relationships"
#define OREL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static void
test_xlsx_by_hand(void **state)
{
	/* The workbook at an unusual place, named by _rels/.rels; the sheet
	 * by an absolute target; shared strings with a rich run and a
	 * phonetic run; an inline string; cells and a row without r. */
	static const char *const parts[] = {
		"_rels/.rels", "<Relationships xmlns=\"" PREL "\">"
		    "<Relationship Id=\"rId1\" Type=\"" OREL "/officeDocument\""
		    " Target=\"book/wb.xml\"/></Relationships>",
		"book/wb.xml", "<workbook " NS " " RNS "><sheets>"
		    "<sheet name=\"题目\" sheetId=\"4\" r:id=\"rIdX\"/>"
		    "</sheets></workbook>",
		"book/_rels/wb.xml.rels", "<Relationships xmlns=\"" PREL "\">"
		    "<Relationship Id=\"rIdS\" Type=\"" OREL "/sharedStrings\""
		    " Target=\"strings.xml\"/>"
		    "<Relationship Id=\"rIdX\" Type=\"" OREL "/worksheet\""
		    " Target=\"/data/q.xml\"/></Relationships>",
		"book/strings.xml", "<sst " NS "><si><t>题型</t></si>"
		    "<si><r><t>粗</t></r><r><rPr><b/></rPr><t xml:space="
		    "\"preserve\"> 体</t></r><rPh sb=\"0\" eb=\"1\"><t>ふり"
		    "</t></rPh></si></sst>",
		"data/q.xml", "<worksheet " NS "><sheetData>"
		    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
		    "<c r=\"C1\" t=\"s\"><v>1</v></c></row>"
		    "<row><c t=\"inlineStr\"><is><t>行内</t></is></c><c><v>1e3</v>"
		    "</c><c t=\"str\"><f>A1</f><v>公式值</v></c></row>"
		    "<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><r><t>甲"
		    "</t></r><r><t>乙</t></r></is></c></row>"
		    "</sheetData></worksheet>",
		NULL,
	};
	static const char *const bad_index[] = {
		"xl/workbook.xml", "<workbook " NS " " RNS "><sheets><sheet "
		    "name=\"a\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
		"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" PREL
		    "\"><Relationship Id=\"rId1\" Type=\"" OREL "/worksheet\""
		    " Target=\"worksheets/sheet1.xml\"/></Relationships>",
		"xl/sharedStrings.xml", "<sst " NS "><si><t>x</t></si></sst>",
		"xl/worksheets/sheet1.xml", "<worksheet " NS "><sheetData>"
		    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row>"
		    "</sheetData></worksheet>",
		NULL,
	};
	static const char *const no_workbook[] = { "a.txt", "hello", NULL };
	struct xlsx_sheet	*sh = NULL;
	const char		*why = NULL;
	unsigned char		*data;
	size_t			 len;
	unsigned		 col, row;
	char			 name[8];

	(void)state;
	data = zip_parts(parts, &len);
	assert_int_equal(xlsx_read(data, len, 0, &sh, &why), SDRZ_OK);
	free(data);
	assert_string_equal(sh->name, "题目");
	assert_string_equal(xlsx_cell(sh, 1, 0), "题型");
	assert_string_equal(xlsx_cell(sh, 1, 2), "粗 体");
	assert_string_equal(xlsx_cell(sh, 2, 0), "行内");
	assert_string_equal(xlsx_cell(sh, 2, 1), "1000");
	assert_string_equal(xlsx_cell(sh, 2, 2), "公式值");
	assert_string_equal(xlsx_cell(sh, 5, 1), "甲乙");
	assert_null(xlsx_cell(sh, 3, 0));
	xlsx_sheet_free(sh);
	sh = NULL;

	/* A shared string index beyond the table, a zip without a
	 * workbook, bytes that are no zip: refused with a message. */
	data = zip_parts(bad_index, &len);
	assert_int_equal(xlsx_read(data, len, 0, &sh, &why), SDRZ_ERR_INVALID);
	assert_non_null(why);
	free(data);
	data = zip_parts(no_workbook, &len);
	assert_int_equal(xlsx_read(data, len, 0, &sh, &why), SDRZ_ERR_INVALID);
	assert_non_null(strstr(why, ".xlsx"));
	free(data);
	assert_int_equal(xlsx_read("PK\003\004garbage", 11, 0, &sh, &why),
	    SDRZ_ERR_INVALID);
	assert_int_equal(xlsx_read("hello", 5, 0, &sh, &why), SDRZ_ERR_INVALID);
	assert_null(sh);

	/* References. */
	assert_int_equal(xlsx_ref_parse("B12", &col, &row), 0);
	assert_int_equal(col, 1);
	assert_int_equal(row, 12);
	assert_int_equal(xlsx_ref_parse("$AB$3", &col, &row), 0);
	assert_int_equal(col, 27);
	assert_int_equal(xlsx_ref_parse("XFD1048576", &col, &row), 0);
	assert_int_equal(xlsx_ref_parse("XFE1", &col, &row), -1);
	assert_int_equal(xlsx_ref_parse("A0", &col, &row), -1);
	assert_int_equal(xlsx_ref_parse("a1", &col, &row), -1);
	assert_int_equal(xlsx_ref_parse("A1x", &col, &row), -1);
	xlsx_col_name(0, name);
	assert_string_equal(name, "A");
	xlsx_col_name(27, name);
	assert_string_equal(name, "AB");
	xlsx_col_name(16383, name);
	assert_string_equal(name, "XFD");
}

/* ---- against the database ---- */

static struct config	 cfg;
static struct db	*db;
static int64_t		 org_id, person_id, bank_id, tagged[8], plain[6];
static char		 mark[64];

static int64_t
exec_id(const char *sql, const char *text)
{
	struct db_stmt	*st = db_stmt(db, sql);

	assert_non_null(st);
	if (text != NULL)
		db_bind_text(st, 0, text);
	assert_int_equal(db_exec(st), SDRZ_OK);
	return (int64_t)db_insert_id(st);
}

/* The fixture: an organisation (not a root: the API tests expect one),
 * a person, a bank of 8 questions tagged 甲 and 6 tagged 乙. */
static int
db_setup(void **state)
{
	struct db_stmt	*st;
	char		 sql[512], idn[19];
	int		 i;

	(void)state;
	if ((db = db_new(&cfg)) == NULL)
		return -1;
	snprintf(mark, sizeof(mark), "单元测试题库%ld", (long)getpid());
	org_id = exec_id("INSERT INTO org (kind, name, status) VALUES"
	    " ('unit', ?, 'approved')", mark);
	/* Its own parent: no second root for the API tests to find. */
	st = db_stmt(db, "UPDATE org SET parent_id = id WHERE id = ?");
	db_bind_int(st, 0, org_id);
	assert_int_equal(db_exec(st), SDRZ_OK);
	snprintf(idn, sizeof(idn), "UT%016ld", (long)getpid());
	person_id = exec_id("INSERT INTO person (id_type, id_number, name,"
	    " password_hash) VALUES ('99', ?, '测试', 'x')", idn);
	st = db_stmt(db, "INSERT INTO question_bank (org_id, name) VALUES (?, ?)");
	db_bind_int(st, 0, org_id);
	db_bind_text(st, 1, mark);
	assert_int_equal(db_exec(st), SDRZ_OK);
	bank_id = (int64_t)db_insert_id(st);
	for (i = 0; i < 14; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO question (bank_id, kind,"
		    " stem, options, answer, explanation, tags) VALUES (%lld,"
		    " 'single', '第%d题', '[\"对%d\",\"错%d甲\",\"错%d乙\"]',"
		    " '[0]', '解析', '%s')", (long long)bank_id, i, i, i, i,
		    i < 8 ? "乙丙,甲" : "乙");
		if (i < 8)
			tagged[i] = exec_id(sql, NULL);
		else
			plain[i - 8] = exec_id(sql, NULL);
	}
	return 0;
}

static int
db_teardown(void **state)
{
	struct db_stmt	*st;

	(void)state;
	st = db_stmt(db, "DELETE FROM question WHERE bank_id = ?");
	db_bind_int(st, 0, bank_id);
	db_exec(st);
	st = db_stmt(db, "DELETE FROM question_bank WHERE id = ?");
	db_bind_int(st, 0, bank_id);
	db_exec(st);
	st = db_stmt(db, "DELETE FROM person WHERE id = ?");
	db_bind_int(st, 0, person_id);
	db_exec(st);
	st = db_stmt(db, "UPDATE org SET parent_id = NULL WHERE id = ?");
	db_bind_int(st, 0, org_id);
	db_exec(st);
	st = db_stmt(db, "DELETE FROM org WHERE id = ?");
	db_bind_int(st, 0, org_id);
	db_exec(st);
	db_free(db);
	return 0;
}

static int
in(int64_t id, const int64_t *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

static void
test_draw(void **state)
{
	struct sdrz_why	 why = { 0 };
	cJSON		*qs, *q;
	int64_t		 ids[14];
	int		 n, i, j, k, firsts[8] = { 0 };
	long		 count;
	char		 right[64];
	struct db_stmt	*st;

	(void)state;
	assert_int_equal(bank_count(db, bank_id, NULL, &count), SDRZ_OK);
	assert_int_equal(count, 14);
	assert_int_equal(bank_count(db, bank_id, "甲", &count), SDRZ_OK);
	assert_int_equal(count, 8);
	assert_int_equal(bank_count(db, bank_id, "丙", &count), SDRZ_OK);
	assert_int_equal(count, 0);
	for (n = 0; n < 200; n++) {
		assert_int_equal(bank_draw(db, bank_id, "甲", 5, &qs, &why),
		    SDRZ_OK);
		assert_int_equal(cJSON_GetArraySize(qs), 5);
		i = 0;
		cJSON_ArrayForEach(q, qs) {
			ids[i] = (int64_t)cJSON_GetNumberValue(
			    cJSON_GetObjectItem(q, "id"));
			/* tagged 甲 only, distinct */
			assert_true(in(ids[i], tagged, 8));
			for (j = 0; j < i; j++)
				assert_true(ids[j] != ids[i]);
			/* the snapshot's shape, the right option still 对N */
			assert_string_equal(cJSON_GetStringValue(
			    cJSON_GetObjectItem(q, "kind")), "single");
			assert_non_null(cJSON_GetObjectItem(q, "stem"));
			assert_string_equal(cJSON_GetStringValue(
			    cJSON_GetObjectItem(q, "explanation")), "解析");
			right_texts(q, right, sizeof(right));
			assert_true(strncmp(right, "对", strlen("对")) == 0);
			i++;
		}
		for (k = 0; k < 8; k++)
			if (ids[0] == tagged[k])
				firsts[k]++;
		cJSON_Delete(qs);
	}
	/* Any tagged question may come first (25 expected each). */
	for (k = 0; k < 8; k++)
		assert_true(firsts[k] > 3);
	/* The whole bank, and more than it holds. */
	assert_int_equal(bank_draw(db, bank_id, NULL, 14, &qs, &why), SDRZ_OK);
	assert_int_equal(cJSON_GetArraySize(qs), 14);
	cJSON_Delete(qs);
	assert_int_equal(bank_draw(db, bank_id, "甲", 9, &qs, &why),
	    SDRZ_ERR_CONFLICT);
	assert_string_equal(why.code, "bank_short");
	assert_null(qs);
	assert_int_equal(bank_draw(db, bank_id, NULL, 0, &qs, NULL),
	    SDRZ_ERR_INVALID);
	assert_int_equal(bank_draw(db, bank_id, NULL, BANK_DRAW_MAX + 1, &qs,
	    NULL), SDRZ_ERR_INVALID);
	/* Retired questions are never drawn. */
	st = db_stmt(db, "UPDATE question SET active = 0 WHERE id = ?");
	db_bind_int(st, 0, tagged[0]);
	assert_int_equal(db_exec(st), SDRZ_OK);
	for (n = 0; n < 30; n++) {
		assert_int_equal(bank_draw(db, bank_id, "甲", 7, &qs, NULL),
		    SDRZ_OK);
		cJSON_ArrayForEach(q, qs)
			assert_true((int64_t)cJSON_GetNumberValue(
			    cJSON_GetObjectItem(q, "id")) != tagged[0]);
		cJSON_Delete(qs);
	}
	assert_int_equal(bank_draw(db, bank_id, "甲", 8, &qs, NULL),
	    SDRZ_ERR_CONFLICT);
	(void)plain;
}

static void
test_template(void **state)
{
	struct audit_actor	 outsider = { person_id, org_id, NULL, NULL };
	struct sdrz_why		 why = { 0 };
	unsigned char		*data = NULL;
	size_t			 len = 0;

	(void)state;
	/* A unit reads no banks: no template either. */
	assert_int_equal(bank_template(db, &outsider, &why, &data, &len),
	    SDRZ_ERR_FORBIDDEN);
	assert_string_equal(why.code, "bureau_required");
	assert_null(data);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_shuffle),
		cmocka_unit_test(test_random_and_public),
		cmocka_unit_test(test_xlsx_libxlsxwriter),
		cmocka_unit_test(test_xlsx_by_hand),
	};
	const struct CMUnitTest dbt[] = {
		cmocka_unit_test(test_draw),
		cmocka_unit_test(test_template),
	};
	const char	*path = getenv("UNIT_DB_CONFIG");
	char		 err[256];
	int		 rc;

	rc = cmocka_run_group_tests_name("bank", pure, NULL, NULL);
	if (path == NULL || *path == '\0') {
		fprintf(stderr, "test_bank: UNIT_DB_CONFIG names no "
		    "configuration; the database tests skipped\n");
		return rc ? rc : 77;
	}
	if (config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "test_bank: %s\n", err);
		return 1;
	}
	rc |= cmocka_run_group_tests_name("bank_db", dbt, db_setup,
	    db_teardown);
	config_release(&cfg);
	return rc;
}
