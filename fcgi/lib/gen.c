#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "gen.h"

/* The first id of each generated kind is the next free org id; ids are
 * given explicitly so that parents and paths are known without reading
 * anything back. Binds: base id, root id, root path, count. */
static const char SQL_ROOT[] =
    "SELECT o.id, o.path, (SELECT COALESCE(MAX(id), 0) FROM org),"
    " (SELECT COALESCE(MAX(id), 0) FROM person),"
    " (SELECT password_hash FROM person p JOIN org_admin a"
    "  ON a.person_id = p.id AND a.org_id = o.id AND a.is_super = 1),"
    " EXISTS (SELECT 1 FROM person WHERE id_number = '" GEN_DISTRICT_ADMIN "')"
    " FROM org o WHERE o.parent_id IS NULL";

/* District d (1..D): id base + d. */
static const char SQL_DISTRICTS[] =
    "INSERT INTO org (id, parent_id, kind, name, region_code, path, status,"
    " has_uscc, nature, industry, approved_at)"
    " SELECT ? + seq, ?, 'hrb_district', CONCAT('压测第', seq, '区人力资源和社会保障局'),"
    " CONCAT('3711', LPAD(50 + seq MOD 50, 2, '0')), CONCAT(?, ? + seq, '/'),"
    " 'approved', 0, '10', 'S', NOW(3) FROM seq_1_to_1000000 WHERE seq <= ?";

/* Department k (1..K) under district 1 + (k - 1) mod D: id base + D + k.
 * Binds: base, D, root path. */
static const char SQL_DEPTS[] =
    "INSERT INTO org (id, parent_id, kind, name, region_code, path, status,"
    " has_uscc, nature, industry, level, approved_at)"
    " SELECT ? + ? + seq, d.id, 'dept', CONCAT('压测第', seq, '主管部门'),"
    " d.region_code, CONCAT(d.path, ? + ? + seq, '/'), 'approved', 0, '10',"
    " 'Q', '4', NOW(3) FROM seq_1_to_1000000"
    " JOIN org d ON d.id = ? + 1 + (seq - 1) MOD ? WHERE seq <= ?";

/* Unit u (1..U): a third directly under a district, the rest under a
 * department; id base + D + K + u. */
static const char SQL_UNITS[] =
    "INSERT INTO org (id, parent_id, kind, name, region_code, path, status,"
    " has_uscc, nature, industry, approved_at)"
    " SELECT ? + seq, q.id, 'unit', CONCAT('压测第', seq, '用人单位'),"
    " q.region_code, CONCAT(q.path, ? + seq, '/'), 'approved', 0, '22', 'Q',"
    " NOW(3) FROM seq_1_to_1000000 JOIN org q ON q.id = IF(seq MOD 3 = 0,"
    " ? + 1 + seq MOD ?, ? + 1 + seq MOD ?) WHERE seq <= ?";

/* Persons n (1..N) of a chunk: a resident ID number 371199, born from
 * 1975-01-01 on, with its check digit; a Chinese name of two or three
 * characters. Binds: first id - 1, chunk start - 1, password hash, count. */
static const char SQL_PERSONS[] =
    "INSERT INTO person (id, id_type, id_number, name, gender, birth_date,"
    " password_hash)"
    " SELECT ? + n, '01',"     " CONCAT(b, SUBSTRING('10X98765432', MOD(SUBSTRING(b, 1, 1) * 7 + " \
    "SUBSTRING(b, 2, 1) * 9 + SUBSTRING(b, 3, 1) * 10 + " \
    "SUBSTRING(b, 4, 1) * 5 + SUBSTRING(b, 5, 1) * 8 + " \
    "SUBSTRING(b, 6, 1) * 4 + SUBSTRING(b, 7, 1) * 2 + " \
    "SUBSTRING(b, 8, 1) * 1 + SUBSTRING(b, 9, 1) * 6 + " \
    "SUBSTRING(b, 10, 1) * 3 + SUBSTRING(b, 11, 1) * 7 + " \
    "SUBSTRING(b, 12, 1) * 9 + SUBSTRING(b, 13, 1) * 10 + " \
    "SUBSTRING(b, 14, 1) * 5 + SUBSTRING(b, 15, 1) * 8 + " \
    "SUBSTRING(b, 16, 1) * 4 + SUBSTRING(b, 17, 1) * 2, 11) + 1, 1))" ","
    " CONCAT(SUBSTRING('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',"
    "  1 + (n * 7919) MOD 100, 1),"
    " SUBSTRING('伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰建文辉红燕鹏飞波宇琳晶浩凯',"
    "  1 + (n * 104729) MOD 40, 1),"
    " IF(n MOD 4 = 0, '', SUBSTRING('国民海林春云峰光俊东志丹萍雪梅婷斌亮成龙晓佳欣颖鑫宁婷瑶博远',"
    "  1 + (n * 1299709) MOD 40, 1))),"
    " IF(SUBSTRING(b, 17, 1) MOD 2 = 1, 1, 2), birth, ?"
    " FROM (SELECT ? + seq AS n,"
    "  DATE_ADD('1975-01-01', INTERVAL (? + seq) DIV 1000 DAY) AS birth,"
    "  CONCAT('371199', DATE_FORMAT(DATE_ADD('1975-01-01',"
    "  INTERVAL (? + seq) DIV 1000 DAY), '%Y%m%d'),"
    "  LPAD((? + seq) MOD 1000, 3, '0')) AS b"
    "  FROM seq_1_to_1000000 WHERE seq <= ?) x";

/* Their personnel rows: person n works in unit 1 + floor(U * f^3), f the
 * fractional part of n times the golden ratio, so the units' people are
 * spread over the whole id range. Binds: first person id - 1, chunk
 * start - 1, first unit id - 1, U, count. */
static const char SQL_PERSONNEL[] =
    "INSERT INTO personnel (person_id, org_id, status, dept, title_series,"
    " title_level, approved_at)"
    " SELECT ? + n, ? + 1 + LEAST(? - 1, FLOOR(? * POW(n * 0.6180339887498949"
    "  - FLOOR(n * 0.6180339887498949), 3))), 'approved', '专业技术科', NULL,"
    " NULL, NOW(3)"
    " FROM (SELECT ? + seq AS n FROM seq_1_to_1000000 WHERE seq <= ?) x";

/* Two hour records a person of the chunk: 30 public hours for most, and
 * 10 to 80 professional ones. Binds: year, first person id, last. */
static const char SQL_HOURS[] =
    "INSERT INTO hour_record (person_id, org_id, year, category, study_form,"
    " title, hours, source, source_ref)"
    " SELECT pe.person_id, pe.org_id, ?, c.category, 'online',"
    " IF(c.category = 'public', '公需科目', '专业科目'),"
    " IF(c.category = 'public', IF(pe.person_id MOD 5 = 0, 20, 30),"
    "  10 * (1 + pe.person_id MOD 8)), 'import',"
    " CONCAT('gen:', pe.person_id, ':', c.category)"
    " FROM personnel pe JOIN (SELECT 'public' AS category UNION ALL"
    " SELECT 'professional') c WHERE pe.person_id BETWEEN ? AND ?";

static const char SQL_ADMIN_PERSON[] =
    "INSERT INTO person (id_type, id_number, name, gender, password_hash)"
    " VALUES ('01', ?, ?, 1, ?)";
static const char SQL_ADMIN[] =
    "INSERT INTO org_admin (org_id, person_id, is_super) VALUES (?, ?, 1)";

/* Chunks of persons a transaction: the undo log of one stays modest. */
#define CHUNK	100000

struct gen_ctx {
	const struct gen_opts	*o;
	FILE			*out;
	int64_t			 root, org_base, person_base;
	char			 root_path[256], hash[256];
	long			 start, count;	/* the chunk of persons */
};

static enum sdrz_err
orgs_tx(struct db *db, void *arg)
{
	struct gen_ctx		*c = arg;
	const struct gen_opts	*o = c->o;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 b = c->org_base, dist = b, dept = b + o->districts,
				 unit = b + o->districts + o->depts;

	if ((st = db_stmt(db, SQL_DISTRICTS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, dist);
	db_bind_int(st, 1, c->root);
	db_bind_text(st, 2, c->root_path);
	db_bind_int(st, 3, dist);
	db_bind_int(st, 4, o->districts);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_DEPTS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, b);
	db_bind_int(st, 1, o->districts);
	db_bind_int(st, 2, b);
	db_bind_int(st, 3, o->districts);
	db_bind_int(st, 4, dist);
	db_bind_int(st, 5, o->districts);
	db_bind_int(st, 6, o->depts);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_UNITS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, unit);
	db_bind_int(st, 1, unit);
	db_bind_int(st, 2, dist);
	db_bind_int(st, 3, o->districts);
	db_bind_int(st, 4, dept);
	db_bind_int(st, 5, o->depts);
	db_bind_int(st, 6, o->units);
	return db_exec(st);
}

static enum sdrz_err
admins_tx(struct db *db, void *arg)
{
	struct gen_ctx	*c = arg;
	const char	*id[] = { GEN_DISTRICT_ADMIN, GEN_UNIT_ADMIN };
	const char	*name[] = { "压测区管理员", "压测大单位管理员" };
	/* The district of the largest unit (under department 2). */
	int64_t		 org[] = { c->org_base + 1 + (c->o->districts > 1),
	    c->org_base + c->o->districts + c->o->depts + 1 };
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 pid;
	int		 i;

	for (i = 0; i < 2; i++) {
		if ((st = db_stmt(db, SQL_ADMIN_PERSON)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_text(st, 0, id[i]);
		db_bind_text(st, 1, name[i]);
		db_bind_text(st, 2, c->hash);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		pid = (int64_t)db_insert_id(st);
		if ((st = db_stmt(db, SQL_ADMIN)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, org[i]);
		db_bind_int(st, 1, pid);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
	}
	return SDRZ_OK;
}

/* One chunk of persons, their personnel rows and hour records. */
static enum sdrz_err
people_tx(struct db *db, void *arg)
{
	struct gen_ctx		*c = arg;
	const struct gen_opts	*o = c->o;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 unit = c->org_base + o->districts + o->depts;

	if ((st = db_stmt(db, SQL_PERSONS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->person_base);
	db_bind_text(st, 1, c->hash);
	db_bind_int(st, 2, c->start);
	db_bind_int(st, 3, c->start);
	db_bind_int(st, 4, c->start);
	db_bind_int(st, 5, c->start);
	db_bind_int(st, 6, c->count);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_PERSONNEL)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->person_base);
	db_bind_int(st, 1, unit);
	db_bind_int(st, 2, o->units);
	db_bind_int(st, 3, o->units);
	db_bind_int(st, 4, c->start);
	db_bind_int(st, 5, c->count);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_HOURS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, o->year);
	db_bind_int(st, 1, c->person_base + c->start + 1);
	db_bind_int(st, 2, c->person_base + c->start + c->count);
	return db_exec(st);
}

enum sdrz_err
gen_city(struct db *db, const struct gen_opts *o, FILE *out, char *err,
    size_t errsz)
{
	struct gen_ctx	 c;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	time_t		 t0 = time(NULL);

	memset(&c, 0, sizeof(c));
	c.o = o;
	c.out = out;
	if (o->districts < 1 || o->depts < 1 || o->units < 1 ||
	    o->personnel < 0 || o->districts + o->depts + o->units > 1000000) {
		snprintf(err, errsz, "sizes out of range");
		return SDRZ_ERR_INVALID;
	}
	if ((st = db_stmt(db, SQL_ROOT)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto dberr;
	if (db_next(st) != 1 || db_col_text(st, 4) == NULL) {
		snprintf(err, errsz, "no root organisation with a super admin: "
		    "run sdrzctl bootstrap or demo first");
		return SDRZ_ERR_NOT_FOUND;
	}
	if (db_col_int(st, 5)) {
		snprintf(err, errsz, "a city was generated already");
		return SDRZ_ERR_CONFLICT;
	}
	c.root = db_col_int(st, 0);
	snprintf(c.root_path, sizeof(c.root_path), "%s", db_col_text(st, 1));
	c.org_base = db_col_int(st, 2);
	c.person_base = db_col_int(st, 3);
	snprintf(c.hash, sizeof(c.hash), "%s", db_col_text(st, 4));

	if ((rc = db_tx(db, orgs_tx, &c)) != SDRZ_OK)
		goto dberr;
	fprintf(out, "%ld districts, %ld departments, %ld units (%lds)\n",
	    o->districts, o->depts, o->units, (long)(time(NULL) - t0));
	for (c.start = 0; c.start < o->personnel; c.start += CHUNK) {
		c.count = o->personnel - c.start < CHUNK ? o->personnel -
		    c.start : CHUNK;
		if ((rc = db_tx(db, people_tx, &c)) != SDRZ_OK)
			goto dberr;
		fprintf(out, "%ld personnel with their hours (%lds)\n",
		    c.start + c.count, (long)(time(NULL) - t0));
		fflush(out);
	}
	/* Last: their ids come after the explicit ones. */
	if ((rc = db_tx(db, admins_tx, &c)) != SDRZ_OK)
		goto dberr;
	return SDRZ_OK;
dberr:
	snprintf(err, errsz, "%s: %s", sdrz_strerror(rc), db_error(db));
	return rc;
}
