#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "dict.h"
#include "form.h"
#include "passwd.h"
#include "review.h"
#include "valid.h"
#include "util.h"

const char *const acct_user_types[USER__MAX] = {
	"personnel", "unit", "dept", "hrb", "base",
};

enum acct_user_type
acct_user_type(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && i < USER__MAX; i++)
		if (strcmp(s, acct_user_types[i]) == 0)
			return (enum acct_user_type)i;
	return USER__MAX;
}

/* ---- identity documents ---- */

static int
all_of(const char *s, const char *set)
{
	return *s && strspn(s, set) == strlen(s);
}

#define DIGITS	"0123456789"
#define UPPER	"ABCDEFGHIJKLMNOPQRSTUVWXYZ"

/*
 * The codes are those of the id_type dictionary (AAC058, the HR systems'
 * table): 01 resident ID card, 02 PLA officer's card, 03 armed police
 * officer's card, 04 Hong Kong and 05 Macao (passport or home-return
 * permit), 06 Taiwan compatriot permit, 07 foreigner's permanent residence
 * ID card, 08 foreign passport.
 */
const char *
acct_check_id(const char *type, char *s)
{
	size_t	 len, i, letters;

	for (i = 0; s[i]; i++)
		s[i] = (char)toupper((unsigned char)s[i]);
	len = strlen(s);
	letters = strspn(s, UPPER);
	if (strcmp(type, ID_TYPE_RESIDENT) == 0)
		return valid_id_number(s) ? NULL :
		    "身份证号码不正确,请核对 18 位号码(末位 X 请用大写)";
	if (strcmp(type, "02") == 0 || strcmp(type, "03") == 0) {
		/* Officers' cards carry Chinese too ("南字第…号"). */
		for (i = 0; i < len; i++)
			if ((unsigned char)s[i] <= ' ')
				break;
		return len >= 4 && len <= 40 && i == len ? NULL :
		    "证件号码应为 4 至 20 个字,不含空格";
	}
	if (strcmp(type, "04") == 0 || strcmp(type, "05") == 0)
		return letters >= 1 && letters <= 2 && len - letters >= 6 &&
		    len - letters <= 10 && all_of(s + letters, DIGITS) ? NULL :
		    "港澳证件号码应为 1 至 2 位字母加 6 至 10 位数字,如 H12345678";
	if (strcmp(type, "06") == 0)
		return (len == 8 || len == 10) && all_of(s, DIGITS) ? NULL :
		    "台湾居民来往大陆通行证号码应为 8 或 10 位数字";
	if (strcmp(type, "07") == 0)
		return (len == 15 && letters == 3 && all_of(s + 3, DIGITS)) ||
		    (len == 18 && s[0] == '9' && all_of(s, DIGITS)) ? NULL :
		    "外国人永久居留身份证号码应为 15 位(3 位字母加 12 位数字)或 9 开头的 18 位数字";
	if (strcmp(type, "08") == 0)
		return len >= 5 && len <= 17 && all_of(s, DIGITS UPPER) ?
		    NULL : "护照号码应为 5 至 17 位字母或数字";
	return "请选择证件类型";
}

void
acct_mask_id(const char *s, char *out)
{
	size_t	 len = strlen(s);

	if (len == 18)
		snprintf(out, 33, "%.10s****%s", s, s + 14);
	else if (len > 4)
		snprintf(out, 33, "%.2s%.*s%s", s, (int)(len - 4),
		    "****************************", s + len - 2);
	else
		snprintf(out, 33, "****");
}

/* ---- field checks ---- */

static const char *
check_password(char *v)
{
	return passwd_weakness(v);
}

static const char *
check_mobile(char *v)
{
	return valid_mobile(v) ? NULL : "手机号应为 11 位手机号码";
}

static const char *
check_email(char *v)
{
	return valid_email(v) ? NULL : "电子邮箱格式不正确";
}

static const char *
check_landline(char *v)
{
	return strlen(v) >= 7 && all_of(v, DIGITS "-") ? NULL :
	    "固定电话只能包含数字和 -,如 0633-8888888";
}

static const char *
check_gender(char *v)
{
	return strcmp(v, "1") == 0 || strcmp(v, "2") == 0 ? NULL :
	    "请选择性别";
}

static const char *
check_name(char *v)
{
	/* Letters of any script, the middle dot of minority and foreign
	 * names, spaces; no digits or punctuation. */
	for (; *v; v++)
		if (isdigit((unsigned char)*v) || strchr("<>\"'&;/\\|@#$%^*()=+[]{}", *v))
			return "姓名不能包含数字或符号";
	return NULL;
}

static const struct form_field reg_fields[] = {
	{ "id_type", "证件类型", FORM_DICT, 1, 8, "id_type", NULL, 0, 0, NULL },
	{ "id_number", "证件号", FORM_TEXT, 1, 32, NULL, NULL, 0, 0, NULL },
	{ "existing_user", "已是本系统用户", FORM_BOOL, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "password", "密码", FORM_SECRET, 1, 64, NULL, check_password, 0, 0, NULL },
	{ "password2", "确认密码", FORM_SECRET, 0, 64, NULL, NULL, 0, 0, NULL },
	{ "phone", "手机号", FORM_TEXT, 1, 11, NULL, check_mobile, 0, 0, NULL },
	{ "email", "电子邮箱", FORM_TEXT, 1, 254, NULL, check_email, 0, 0, NULL },
	{ "landline", "固定电话", FORM_TEXT, 0, 32, NULL, check_landline, 0, 0, NULL },
	{ "org_id", "所在单位", FORM_ID, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "dept", "工作部门", FORM_TEXT, 1, 100, NULL, NULL, 0, 0, NULL },
	{ "name", "姓名", FORM_TEXT, 1, 64, NULL, check_name, 0, 0, NULL },
	{ "gender", "性别", FORM_TEXT, 1, 1, NULL, check_gender, 0, 0, NULL },
	{ "ethnic", "民族", FORM_DICT, 1, 8, "ethnic", NULL, 0, 0, NULL },
	{ "birth_date", "出生日期", FORM_DATE, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "education", "最高学历", FORM_DICT, 1, 8, "education", NULL, 0, 0, NULL },
	{ "school", "毕业院校", FORM_TEXT, 1, 100, NULL, NULL, 0, 0, NULL },
	{ "major_code", "所学专业", FORM_DICT, 1, 16, "major", NULL, 0, 0, NULL },
	{ "graduated_on", "毕业时间", FORM_DATE, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "degree", "学位", FORM_DICT, 1, 8, "degree", NULL, 0, 0, NULL },
	{ "postdoc", "是否有博士后工作经历", FORM_BOOL, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "admin_post", "行政职务", FORM_TEXT, 0, 100, NULL, NULL, 0, 0, NULL },
	{ "admin_level", "行政级别", FORM_DICT, 0, 16, "admin_level", NULL, 0, 0, NULL },
	{ "title_series", "职称系列", FORM_DICT, 1, 16, "title_series", NULL, 0, 0, NULL },
	{ "title_level", "职称级别", FORM_DICT, 1, 16, "title_level", NULL, 0, 0, NULL },
	{ "title_qualification", "现专业技术职务资格", FORM_DICT, 1, 32,
	    "title_qualification", NULL, 0, 0, NULL },
	{ "title_effective_on", "公布(生效)时间", FORM_DATE, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "title_cert_no", "证书编号", FORM_TEXT, 0, 64, NULL, NULL, 0, 0, NULL },
	{ "prof_qualification", "专业技术人员职业资格", FORM_DICT, 1, 32,
	    "prof_qualification", NULL, 0, 0, NULL },
	{ "prof_qualification_level", "职业资格级别", FORM_DICT, 1, 16,
	    "prof_qualification_level", NULL, 0, 0, NULL },
};

#define NREG (sizeof(reg_fields) / sizeof(reg_fields[0]))

const struct form_desc acct_reg_form = { "personnel-registration",
    reg_fields, NREG };

/* ---- registration ---- */

/* The owner of the number first, then the claims, newest first. */
static const char SQL_PERSON_LOCK[] =
    "SELECT id, name, password_hash, provisional FROM person"
    " WHERE id_type = ? AND id_number = ?"
    " ORDER BY provisional, id DESC LIMIT " ACCT_MAX_CLAIMS_S " FOR UPDATE";
static const char SQL_PERSON_INSERT[] =
    "INSERT INTO person (id_type, id_number, name, gender, birth_date,"
    " password_hash, password_changed_at, phone, email, landline,"
    " provisional) VALUES (?, ?, ?, ?, ?, ?, NOW(3), ?, ?, ?, ?)";
static const char SQL_ORG_OPEN[] =
    "SELECT name FROM org WHERE id = ? AND status = 'approved'";
static const char SQL_PERSONNEL_STATE[] =
    "SELECT status FROM personnel WHERE person_id = ?";
static const char SQL_PERSONNEL_LOCK[] =
    "SELECT status FROM personnel WHERE person_id = ? FOR UPDATE";
static const char SQL_PERSONNEL_INSERT[] =
    "INSERT INTO personnel (org_id, dept, ethnic, education, school,"
    " major_code, graduated_on, degree, postdoc, admin_post, admin_level,"
    " title_series, title_level, title_qualification, title_effective_on,"
    " title_cert_no, prof_qualification, prof_qualification_level,"
    " person_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char SQL_PERSONNEL_REDO[] =
    "UPDATE personnel SET org_id = ?, dept = ?, ethnic = ?, education = ?,"
    " school = ?, major_code = ?, graduated_on = ?, degree = ?,"
    " postdoc = ?, admin_post = ?, admin_level = ?, title_series = ?,"
    " title_level = ?, title_qualification = ?, title_effective_on = ?,"
    " title_cert_no = ?, prof_qualification = ?,"
    " prof_qualification_level = ?, status = 'pending',"
    " reject_reason = NULL, registered_at = NOW(3), approved_at = NULL"
    " WHERE person_id = ?";

/* The profile columns in the order of the two statements above. */
static const char *const profile_cols[] = {
	"org_id", "dept", "ethnic", "education", "school", "major_code",
	"graduated_on", "degree", "postdoc", "admin_post", "admin_level",
	"title_series", "title_level", "title_qualification",
	"title_effective_on", "title_cert_no", "prof_qualification",
	"prof_qualification_level",
};

/* The persons of one ID number: its owner (not provisional) first. */
struct id_rows {
	size_t	 n;
	struct {
		int64_t	 id;
		int	 provisional;
		char	 name[200];
		char	*hash;		/* malloc'd */
	}	 row[ACCT_MAX_CLAIMS];
};

static void
id_rows_release(struct id_rows *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		free(r->row[i].hash);
	r->n = 0;
}

/* Reads (and, inside a transaction, locks) the persons of the number. */
static enum sdrz_err
id_rows_get(struct db *db, const char *sql, const char *id_type,
    const char *id_number, struct id_rows *r)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	r->n = 0;
	if ((st = db_stmt(db, sql)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, id_type);
	db_bind_text(st, 1, id_number);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while (r->n < ACCT_MAX_CLAIMS && db_next(st) == 1) {
		r->row[r->n].id = db_col_int(st, 0);
		snprintf(r->row[r->n].name, sizeof(r->row[r->n].name), "%s",
		    db_col_text(st, 1));
		r->row[r->n].provisional = (int)db_col_int(st, 3);
		if ((r->row[r->n].hash = strdup(db_col_text(st, 2))) == NULL) {
			id_rows_release(r);
			return SDRZ_ERR_NOMEM;
		}
		r->n++;
	}
	return SDRZ_OK;
}

/*
 * The row the password opens: the owner when there is one (whether or
 * not it opens), else the claim it opens; -1 when none does. With a single
 * row nothing is verified here: the caller verifies once, as before.
 */
static int
id_rows_pick(const struct id_rows *r, const char *password, int need)
{
	size_t	 i;

	if (r->n == 0)
		return -1;
	if (!r->row[0].provisional || (r->n == 1 && !need))
		return 0;
	for (i = 0; i < r->n; i++)
		if (passwd_verify(r->row[i].hash, password) == 1)
			return (int)i;
	return -1;
}

enum sdrz_err
acct_claim_person(struct db *db, const struct acct_claim *cl,
    struct form *errs, int64_t *person_id)
{
	struct db_stmt	*st;
	struct id_rows	 r;
	enum sdrz_err	 rc;
	int		 i = 0;

	if ((rc = id_rows_get(db, SQL_PERSON_LOCK, cl->id_type,
	    cl->id_number, &r)) != SDRZ_OK)
		return rc;
	if (r.n > 0 && !cl->existing) {
		/*
		 * A new person is refused when the number has an owner or,
		 * for callers other than a personnel registration, any
		 * claim. A personnel registration waits beside the claims,
		 * unless its password opens one: the same claimant again.
		 */
		if (!r.row[0].provisional || !cl->provisional ||
		    (i = id_rows_pick(&r, cl->password, 1)) >= 0) {
			*person_id = r.row[i < 0 ? 0 : i].id;
			form_error(errs, cl->f_id_number, "该证件号已在本系统"
			    "注册。如您已是本系统用户(如单位管理员),请勾选"
			    "“已是本系统用户”并填写原密码");
			rc = SDRZ_ERR_CONFLICT;
			goto out;
		}
	} else if (r.n > 0) {
		/* An existing user: the owner, or the claim the password
		 * opens; the name must match too. */
		if ((i = id_rows_pick(&r, cl->password, 0)) < 0 ||
		    passwd_verify(r.row[i].hash, cl->password) != 1) {
			form_error(errs, cl->f_password, "密码与该证件号在本"
			    "系统的登录密码不一致");
			rc = SDRZ_ERR_INVALID;
		} else if (strcmp(r.row[i].name, cl->name) != 0) {
			form_error(errs, cl->f_name, "姓名与该证件号已登记的"
			    "姓名不一致");
			rc = SDRZ_ERR_INVALID;
		} else
			*person_id = r.row[i].id;
		goto out;
	} else if (cl->existing) {
		form_error(errs, cl->f_existing, "本系统中没有该证件号的用户,"
		    "请取消勾选“已是本系统用户”");
		rc = SDRZ_ERR_INVALID;
		goto out;
	}
	if (cl->hash == NULL) {
		rc = SDRZ_ERR_INVALID;
		goto out;
	}
	if ((st = db_stmt(db, SQL_PERSON_INSERT)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_text(st, 0, cl->id_type);
	db_bind_text(st, 1, cl->id_number);
	db_bind_text(st, 2, cl->name);
	if (cl->gender > 0)
		db_bind_int(st, 3, cl->gender);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, cl->birth);
	db_bind_text(st, 5, cl->hash);
	db_bind_text(st, 6, cl->phone);
	db_bind_text(st, 7, cl->email);
	db_bind_text(st, 8, cl->landline);
	db_bind_int(st, 9, cl->provisional);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	*person_id = (int64_t)db_insert_id(st);
out:
	id_rows_release(&r);
	return rc;
}

struct reg_ctx {
	const struct form	*f;
	const struct audit_actor *actor;
	struct form		*errs;
	const char		*id_number;	/* normalised */
	const char		*hash;		/* of the password, new person */
	const char		*birth;
	int			 gender;
	int64_t			 person_id;
};

/*
 * The ID is taken: when it is this very role (a registration waiting or
 * approved), say so rather than "tick already a user". Returns SDRZ_OK
 * when the message of the claim stands.
 */
static enum sdrz_err
personnel_taken(struct db *db, struct reg_ctx *c)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	const char	*msg;

	if ((st = db_stmt(db, SQL_PERSONNEL_STATE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1 || strcmp(db_col_text(st, 0), "rejected") == 0)
		return SDRZ_OK;
	msg = strcmp(db_col_text(st, 0), "pending") == 0 ?
	    "该证件号已注册为专业技术人员,正在等待所在单位审核,请勿重复注册" :
	    "该证件号已注册为专业技术人员,请直接登录";
	cJSON_DeleteItemFromObjectCaseSensitive(c->errs->errors, "id_number");
	form_error(c->errs, "id_number", msg);
	return SDRZ_OK;
}

static enum sdrz_err
reg_tx(struct db *db, void *arg)
{
	struct reg_ctx		*c = arg;
	const struct form	*f = c->f;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int			 existing = form_true(f, "existing_user");
	int			 redo = 0;
	size_t			 i;
	const char		*v;
	int64_t			 approver;
	struct acct_claim	 cl;

	if ((st = db_stmt(db, SQL_ORG_OPEN)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, strtoll(form_get(f, "org_id"), NULL, 10));
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1) {
		form_error(c->errs, "org_id", "所选单位不存在或尚未通过审核,"
		    "请重新选择");
		return SDRZ_ERR_INVALID;
	}

	memset(&cl, 0, sizeof(cl));
	cl.id_type = form_get(f, "id_type");
	cl.id_number = c->id_number;
	cl.name = form_get(f, "name");
	cl.password = form_get(f, "password");
	cl.hash = c->hash;
	cl.phone = form_get(f, "phone");
	cl.email = form_get(f, "email");
	cl.landline = form_get(f, "landline");
	cl.birth = c->birth;
	cl.gender = c->gender;
	cl.existing = existing;
	cl.provisional = !existing;
	cl.f_id_number = "id_number";
	cl.f_name = "name";
	cl.f_password = "password";
	cl.f_existing = "existing_user";
	if ((rc = acct_claim_person(db, &cl, c->errs, &c->person_id)) ==
	    SDRZ_ERR_CONFLICT && (rc = personnel_taken(db, c)) == SDRZ_OK)
		rc = SDRZ_ERR_CONFLICT;
	if (rc != SDRZ_OK)
		return rc;

	if ((st = db_stmt(db, SQL_PERSONNEL_LOCK)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) == 1) {
		if (strcmp(db_col_text(st, 0), "rejected") != 0) {
			form_error(c->errs, "id_number",
			    strcmp(db_col_text(st, 0), "pending") == 0 ?
			    "该证件号已注册为专业技术人员,正在等待单位审核,"
			    "请勿重复注册" :
			    "该证件号已注册为专业技术人员,请直接登录");
			return SDRZ_ERR_CONFLICT;
		}
		redo = 1;	/* a rejected registration, submitted again */
	}
	if ((st = db_stmt(db, redo ? SQL_PERSONNEL_REDO :
	    SQL_PERSONNEL_INSERT)) == NULL)
		return SDRZ_ERR_NOMEM;
	for (i = 0; i < sizeof(profile_cols) / sizeof(profile_cols[0]); i++) {
		v = form_get(f, profile_cols[i]);
		if (strcmp(profile_cols[i], "postdoc") == 0 ||
		    strcmp(profile_cols[i], "org_id") == 0)
			db_bind_int(st, (unsigned)i, v ? strtoll(v, NULL, 10) : 0);
		else
			db_bind_text(st, (unsigned)i, v);
	}
	db_bind_int(st, (unsigned)i, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;

	approver = strtoll(form_get(f, "org_id"), NULL, 10);
	if ((rc = review_submit(db, REVIEW_PERSONNEL_REG, "person",
	    c->person_id, &approver, 1, c->person_id, NULL, NULL, NULL)) !=
	    SDRZ_OK)
		return rc;
	return audit_add(db, &(struct audit_actor){ c->person_id, 0,
	    c->actor ? c->actor->reqid : NULL, c->actor ? c->actor->ip : NULL },
	    redo ? "personnel.register_again" : "personnel.register",
	    "person", c->person_id, NULL);
}

/* The qualification must be one of the chosen series and level (the
 * dictionary keeps them as its parent and attr), except for 无. */
enum sdrz_err
acct_check_title(struct db *db, struct form *f)
{
	struct dict_item	 it;
	enum sdrz_err		 rc;
	const char		*series = form_get(f, "title_series");
	const char		*level = form_get(f, "title_level");

	rc = dict_lookup(db, "title_qualification",
	    form_get(f, "title_qualification"), &it);
	if (rc != SDRZ_OK) {
		dict_item_clear(&it);
		return rc == SDRZ_ERR_NOT_FOUND ? SDRZ_ERR_INVALID : rc;
	}
	if (it.parent != NULL && strcmp(it.parent, series) != 0)
		form_error(f, "title_qualification", "现专业技术职务资格不属于"
		    "所选的职称系列,请重新选择");
	else if (it.attr != NULL && strcmp(it.attr, level) != 0)
		form_error(f, "title_level", "职称级别与现专业技术职务资格不符,"
		    "请重新选择");
	dict_item_clear(&it);
	return f->errors != NULL ? SDRZ_ERR_INVALID : SDRZ_OK;
}

enum sdrz_err
acct_register(struct db *db, const struct config *cfg, const cJSON *body,
    const struct audit_actor *actor, struct form *f)
{
	struct reg_ctx	 c;
	char		*idn, birth[11], *hash = NULL;
	const char	*msg, *pw2;
	enum sdrz_err	 rc;

	rc = form_parse(f, reg_fields, NREG, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	memset(&c, 0, sizeof(c));
	idn = form_edit(f, "id_number");	/* normalised in place */
	if (idn != NULL && form_get(f, "id_type") != NULL &&
	    (msg = acct_check_id(form_get(f, "id_type"), idn)) != NULL)
		form_error(f, "id_number", msg);
	pw2 = form_get(f, "password2");
	if (!form_true(f, "existing_user") && form_get(f, "password") &&
	    (pw2 == NULL || strcmp(pw2, form_get(f, "password")) != 0))
		form_error(f, "password2", "两次输入的密码不一致");
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	if ((rc = acct_check_title(db, f)) != SDRZ_OK)
		return rc;

	/* A mainland ID number carries the birth date and gender. */
	c.birth = form_get(f, "birth_date");
	c.gender = atoi(form_get(f, "gender"));
	if (strcmp(form_get(f, "id_type"), ID_TYPE_RESIDENT) == 0) {
		valid_id_birth(idn, birth, &c.gender);
		c.birth = birth;
	} else if (c.birth == NULL) {
		form_error(f, "birth_date", "请填写出生日期");
		return SDRZ_ERR_INVALID;
	}
	if (!form_true(f, "existing_user") &&
	    (hash = passwd_hash(cfg, form_get(f, "password"))) == NULL)
		return SDRZ_ERR_NOMEM;
	c.f = f;
	c.errs = f;
	c.actor = actor;
	c.id_number = idn;
	c.hash = hash;
	rc = db_tx(db, reg_tx, &c);
	free(hash);
	return rc;
}

static const char SQL_APPLY_REG[] =
    "UPDATE personnel SET status = ?, reject_reason = ?,"
    " approved_at = IF(? = 'approved', NOW(3), NULL)"
    " WHERE person_id = ? AND org_id = ? AND status = 'pending'";
static const char SQL_REG_PERSON[] =
    "SELECT id_type, id_number, provisional FROM person WHERE id = ?"
    " FOR UPDATE";
/* A second owner of the number is a duplicate key (uq_person_owner). */
static const char SQL_REG_OWN[] =
    "UPDATE person SET provisional = 0 WHERE id = ?";
static const char SQL_REG_RIVALS[] =
    "SELECT p.id FROM person p JOIN personnel pe ON pe.person_id = p.id"
    " WHERE p.id_type = ? AND p.id_number = ? AND p.id <> ?"
    " AND p.provisional = 1 AND pe.status = 'pending' FOR UPDATE";
static const char SQL_REG_SUPERSEDE[] =
    "UPDATE personnel SET status = 'rejected', reject_reason = ?"
    " WHERE person_id = ? AND status = 'pending'";

/*
 * The approved person owns the number now: every other claim waiting on
 * it is rejected with ACCT_SUPERSEDED, review and registration, inside
 * the approval's transaction.
 */
static enum sdrz_err
supersede_claims(struct db *db, const struct review_item *it)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	char		 id_type[16], id_number[64], detail[64];
	int64_t		*ids = NULL, *grown;
	size_t		 n = 0, cap = 0, i;
	int		 provisional;

	if ((st = db_stmt(db, SQL_REG_PERSON)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, it->subject_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	snprintf(id_type, sizeof(id_type), "%s", db_col_text(st, 0));
	snprintf(id_number, sizeof(id_number), "%s", db_col_text(st, 1));
	provisional = (int)db_col_int(st, 2);
	if (provisional) {
		if ((st = db_stmt(db, SQL_REG_OWN)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, it->subject_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
	}

	if ((st = db_stmt(db, SQL_REG_RIVALS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, id_type);
	db_bind_text(st, 1, id_number);
	db_bind_int(st, 2, it->subject_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while (db_next(st) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((grown = realloc(ids, cap * sizeof(*ids))) == NULL) {
				rc = SDRZ_ERR_NOMEM;
				goto out;
			}
			ids = grown;
		}
		ids[n++] = db_col_int(st, 0);
	}
	snprintf(detail, sizeof(detail), "{\"approved_review_id\":%lld}",
	    (long long)it->id);
	for (i = 0; i < n; i++) {
		if ((st = db_stmt(db, SQL_REG_SUPERSEDE)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_text(st, 0, ACCT_SUPERSEDED);
		db_bind_int(st, 1, ids[i]);
		if ((rc = db_exec(st)) != SDRZ_OK ||
		    (rc = review_reject_pending(db, REVIEW_PERSONNEL_REG,
		    "person", ids[i], ACCT_SUPERSEDED)) != SDRZ_OK ||
		    (rc = audit_add(db, NULL, "personnel.register_superseded",
		    "person", ids[i], detail)) != SDRZ_OK)
			goto out;
	}
	rc = SDRZ_OK;
out:
	free(ids);
	return rc;
}

enum sdrz_err
acct_apply_registration(struct db *db, const struct review_item *it,
    int approve, const char *reason)
{
	int64_t		 person_id = it->subject_id, org_id = it->org_id;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	const char	*status = approve ? "approved" : "rejected";

	if ((st = db_stmt(db, SQL_APPLY_REG)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, status);
	db_bind_text(st, 1, approve ? NULL : reason);
	db_bind_text(st, 2, status);
	db_bind_int(st, 3, person_id);
	db_bind_int(st, 4, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	/* The registration moved on (say, registered again elsewhere). */
	if (db_affected(st) != 1)
		return SDRZ_ERR_CONFLICT;
	return approve ? supersede_claims(db, it) : SDRZ_OK;
}

/* ---- sign-in ---- */

static const char SQL_FIND[] =
    "SELECT id, name, password_hash, provisional FROM person"
    " WHERE id_type = ? AND id_number = ?"
    " ORDER BY provisional, id DESC LIMIT " ACCT_MAX_CLAIMS_S;

enum sdrz_err
acct_find_login(struct db *db, const char *id_type, const char *id_number,
    const char *password, struct acct_login *out)
{
	struct id_rows	 r;
	enum sdrz_err	 rc;
	size_t		 j;
	int		 i;

	memset(out, 0, sizeof(*out));
	if ((rc = id_rows_get(db, SQL_FIND, id_type, id_number, &r)) !=
	    SDRZ_OK)
		return rc;
	if (r.n == 0)
		return SDRZ_ERR_NOT_FOUND;
	if (password == NULL || (i = id_rows_pick(&r, password, 0)) < 0)
		i = 0;
	/* A claim the owner's approval rejected still signs in to be told
	 * why; the owner's password is tried first. */
	if (password != NULL && i == 0 && !r.row[0].provisional && r.n > 1 &&
	    passwd_verify(r.row[0].hash, password) != 1)
		for (j = 1; j < r.n; j++)
			if (passwd_verify(r.row[j].hash, password) == 1) {
				i = (int)j;
				break;
			}
	out->person_id = r.row[i].id;
	snprintf(out->name, sizeof(out->name), "%s", r.row[i].name);
	out->password_hash = r.row[i].hash;
	r.row[i].hash = NULL;
	id_rows_release(&r);
	return SDRZ_OK;
}

enum sdrz_err
acct_find(struct db *db, const char *id_type, const char *id_number,
    struct acct_login *out)
{
	return acct_find_login(db, id_type, id_number, NULL, out);
}

void
acct_login_release(struct acct_login *l)
{
	free(l->password_hash);
	memset(l, 0, sizeof(*l));
}

static const char SQL_ROLES_PERSONNEL[] =
    "SELECT 'personnel', o.id, o.name, p.status, p.reject_reason"
    " FROM personnel p JOIN org o ON o.id = p.org_id"
    " WHERE p.person_id = ?";
/* An admin's organisation must be approved and the admin still active. */
static const char SQL_ROLES_ADMIN[] =
    "SELECT 'admin', o.id, o.name, o.status, o.reject_reason, o.kind,"
    " a.is_super,"
    " (SELECT po.name FROM org po WHERE po.id = o.parent_id)"
    " FROM org_admin a JOIN org o ON o.id = a.org_id"
    " WHERE a.person_id = ? AND a.status = 'active'"
    " AND o.kind IN (?, ?) ORDER BY o.id";

enum sdrz_err
acct_roles(struct db *db, int64_t person_id, enum acct_user_type type,
    cJSON **out)
{
	static const char *const kinds[USER__MAX][2] = {
		[USER_UNIT] = { "unit", "unit" },
		[USER_DEPT] = { "dept", "dept" },
		[USER_HRB] = { "hrb_city", "hrb_district" },
		[USER_BASE] = { "base", "base" },
	};
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*arr, *r;
	int		 row;

	*out = NULL;
	if ((st = db_stmt(db, type == USER_PERSONNEL ? SQL_ROLES_PERSONNEL :
	    SQL_ROLES_ADMIN)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	if (type != USER_PERSONNEL) {
		db_bind_text(st, 1, kinds[type][0]);
		db_bind_text(st, 2, kinds[type][1]);
	}
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((arr = cJSON_CreateArray()) == NULL)
		return SDRZ_ERR_NOMEM;
	while ((row = db_next(st)) == 1) {
		r = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, r);
		cJSON_AddStringToObject(r, "kind", db_col_text(st, 0));
		cJSON_AddNumberToObject(r, "org_id", (double)db_col_int(st, 1));
		cJSON_AddStringToObject(r, "org_name", db_col_text(st, 2));
		cJSON_AddStringToObject(r, "status", db_col_text(st, 3));
		if (db_col_text(st, 4) != NULL)
			cJSON_AddStringToObject(r, "reason", db_col_text(st, 4));
		if (type != USER_PERSONNEL) {
			cJSON_AddStringToObject(r, "org_kind", db_col_text(st, 5));
			cJSON_AddBoolToObject(r, "is_super", db_col_int(st, 6));
			if (db_col_text(st, 7) != NULL)
				cJSON_AddStringToObject(r, "parent_name",
				    db_col_text(st, 7));
		}
	}
	if (row < 0) {
		cJSON_Delete(arr);
		return SDRZ_ERR_DB;
	}
	*out = arr;
	return SDRZ_OK;
}

cJSON *
acct_roles_of_me(const cJSON *me, const char *reject_reason)
{
	const cJSON	*pe = cJSON_GetObjectItemCaseSensitive(me, "personnel");
	cJSON		*arr, *r;

	if ((arr = cJSON_CreateArray()) == NULL)
		return NULL;
	if (!cJSON_IsObject(pe))
		return arr;
	if ((r = cJSON_CreateObject()) == NULL) {
		cJSON_Delete(arr);
		return NULL;
	}
	cJSON_AddItemToArray(arr, r);
	cJSON_AddStringToObject(r, "kind", "personnel");
	cJSON_AddItemToObject(r, "org_id", cJSON_Duplicate(
	    cJSON_GetObjectItemCaseSensitive(pe, "org_id"), 0));
	cJSON_AddItemToObject(r, "org_name", cJSON_Duplicate(
	    cJSON_GetObjectItemCaseSensitive(pe, "org_name"), 0));
	cJSON_AddItemToObject(r, "status", cJSON_Duplicate(
	    cJSON_GetObjectItemCaseSensitive(pe, "status"), 0));
	if (reject_reason != NULL)
		cJSON_AddStringToObject(r, "reason", reject_reason);
	return arr;
}

static const char SQL_SET_PASSWORD[] =
    "UPDATE person SET password_hash = ?, password_changed_at = NOW(3)"
    " WHERE id = ?";

enum sdrz_err
acct_set_password(struct db *db, int64_t person_id, const char *hash)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, SQL_SET_PASSWORD)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, hash);
	db_bind_int(st, 1, person_id);
	return db_exec(st);
}

/* ---- the person's own page ---- */

static const char SQL_ME[] =
    "SELECT " ACCT_ME_COLUMNS " FROM person p" ACCT_ME_JOINS " WHERE p.id = ?";

/* Replaces the member key of p by the name of the item of dict whose code
 * is p's member code (null when none or not in the dictionary). */
static enum sdrz_err
me_name(struct db *db, cJSON *p, const char *key, const char *dict,
    const char *code)
{
	char		 name[DICT_ITEM_NAME_MAX];
	const char	*c;
	cJSON		*v;
	enum sdrz_err	 rc;

	c = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, code));
	if (c == NULL)
		return SDRZ_OK;
	rc = dict_item_name(db, dict, c, name, sizeof(name));
	if (rc == SDRZ_ERR_NOT_FOUND)
		return SDRZ_OK;
	if (rc != SDRZ_OK)
		return rc;
	if ((v = cJSON_CreateString(name)) == NULL)
		return SDRZ_ERR_NOMEM;
	cJSON_ReplaceItemInObjectCaseSensitive(p, key, v);
	return SDRZ_OK;
}

cJSON *
acct_me_json(struct db *db, const struct db_stmt *st, unsigned at)
{
	/* The fields the person edits, under the names of PUT
	 * /api/v1/me/profile, from column at + 15 on; major_name (the
	 * item's name) comes after major_code. */
	static const char *const more[] = { "ethnic", "education", "school",
	    "major_code", "graduated_on", "degree", "admin_post",
	    "admin_level", "prof_qualification", "prof_qualification_level",
	    "title_effective_on", "appointed_on" };
	cJSON		*o, *p;
	char		 masked[33];
	unsigned	 i;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	util_json_text(o, "name", db_col_text(st, at + 0));
	util_json_text(o, "id_type", db_col_text(st, at + 1));
	acct_mask_id(db_col_text(st, at + 2), masked);
	util_json_text(o, "id_number_masked", masked);
	cJSON_AddNumberToObject(o, "gender", (double)db_col_int(st, at + 3));
	util_json_text(o, "birth_date", db_col_text(st, at + 4));
	util_json_text(o, "phone", db_col_text(st, at + 5));
	util_json_text(o, "email", db_col_text(st, at + 6));
	util_json_text(o, "landline", db_col_text(st, at + 7));
	if (db_col_text(st, at + 8) == NULL) {
		cJSON_AddNullToObject(o, "personnel");
		return o;
	}
	p = cJSON_AddObjectToObject(o, "personnel");
	util_json_text(p, "status", db_col_text(st, at + 8));
	cJSON_AddNumberToObject(p, "org_id", (double)db_col_int(st, at + 9));
	util_json_text(p, "org_name", db_col_text(st, at + 10));
	util_json_text(p, "dept", db_col_text(st, at + 11));
	util_json_text(p, "title_series", db_col_text(st, at + 12));
	util_json_text(p, "title_level", db_col_text(st, at + 13));
	util_json_text(p, "title_qualification", db_col_text(st, at + 14));
	/* The names are filled once the row is read: looking them up may
	 * run a statement on db. */
	cJSON_AddNullToObject(p, "title_qualification_name");
	for (i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		util_json_text(p, more[i], db_col_text(st, at + 15 + i));
		if (strcmp(more[i], "major_code") == 0)
			cJSON_AddNullToObject(p, "major_name");
	}
	cJSON_AddBoolToObject(p, "postdoc", db_col_int(st, at + 27));
	if (me_name(db, p, "title_qualification_name", "title_qualification",
	    "title_qualification") != SDRZ_OK ||
	    me_name(db, p, "major_name", "major", "major_code") != SDRZ_OK) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

enum sdrz_err
acct_me(struct db *db, int64_t person_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	*out = NULL;
	if ((st = db_stmt(db, SQL_ME)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if ((*out = acct_me_json(db, st, 0)) == NULL)
		return SDRZ_ERR_NOMEM;
	return SDRZ_OK;
}

/* ---- the unit's registration review ---- */

/* How many registrations wait on the ID number of p, this one included:
 * more than one means several people claim the number. */
#define SQL_SAME_ID_PENDING \
    " (SELECT COUNT(*) FROM person p2 JOIN review r2" \
    "  ON r2.subject_type = 'person' AND r2.subject_id = p2.id" \
    "  WHERE p2.id_type = p.id_type AND p2.id_number = p.id_number" \
    "  AND r2.kind = 'personnel_reg' AND r2.status = 'pending')"

#define REG_FILTER \
    REVIEW_QUEUE_FROM \
    " JOIN person p ON p.id = r.subject_id" \
    " JOIN personnel pe ON pe.person_id = p.id" \
    " WHERE a.org_id = ? AND r.kind = 'personnel_reg' AND" REVIEW_QUEUE_OPEN \
    " AND (? IS NULL OR LOCATE(?, p.name) > 0)" \
    " AND (? IS NULL OR p.id_number = ?)" \
    " AND (? IS NULL OR r.created_at >= ?)" \
    " AND (? IS NULL OR r.created_at < ? + INTERVAL 1 DAY)"

static const char SQL_REG_COUNT[] = "SELECT COUNT(*)" REG_FILTER;
static const char SQL_REG_LIST[] =
    "SELECT r.id, a.status, r.created_at, a.decided_at, a.reason,"
    " p.name, p.id_number, p.gender, pe.dept,"
    " (SELECT name FROM dict_item WHERE dict = 'title_qualification'"
    "  AND code = pe.title_qualification), p.phone," SQL_SAME_ID_PENDING
    REG_FILTER " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";

static unsigned
bind_reg_filter(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct acct_reg_query	*q = arg;

	db_bind_int(st, at++, q->org_id);
	db_bind_int(st, at++, q->decided);
	db_bind_text(st, at++, q->name);
	db_bind_text(st, at++, q->name);
	db_bind_text(st, at++, q->id_number);
	db_bind_text(st, at++, q->id_number);
	db_bind_text(st, at++, q->from);
	db_bind_text(st, at++, q->from);
	db_bind_text(st, at++, q->to);
	db_bind_text(st, at++, q->to);
	return at;
}

static enum sdrz_err
reg_row(struct db_stmt *st, cJSON *r, const void *q)
{
	char	 masked[33];

	(void)q;
	cJSON_AddNumberToObject(r, "id", (double)db_col_int(st, 0));
	util_json_text(r, "status", db_col_text(st, 1));
	util_json_text(r, "submitted_at", db_col_text(st, 2));
	util_json_text(r, "decided_at", db_col_text(st, 3));
	util_json_text(r, "reason", db_col_text(st, 4));
	util_json_text(r, "name", db_col_text(st, 5));
	acct_mask_id(db_col_text(st, 6), masked);
	util_json_text(r, "id_number_masked", masked);
	cJSON_AddNumberToObject(r, "gender", (double)db_col_int(st, 7));
	util_json_text(r, "dept", db_col_text(st, 8));
	util_json_text(r, "title_qualification_name", db_col_text(st, 9));
	util_json_text(r, "phone", db_col_text(st, 10));
	/* Registrations waiting on this ID number, this one included: more
	 * than 1, several claim it. */
	cJSON_AddNumberToObject(r, "same_id_pending", (double)db_col_int(st,
	    11));
	return SDRZ_OK;
}

static const struct list_spec reg_spec = {
	SQL_REG_COUNT, SQL_REG_LIST, NULL, bind_reg_filter, reg_row, 0
};

enum sdrz_err
acct_reg_list(struct db *db, const struct acct_reg_query *q, cJSON **out)
{
	return list_run(db, &reg_spec, &q->pg, q, -1, out);
}

/* Every field, with the dictionaries' names beside the codes. */
#define DICT_NAME(d, col) \
    " (SELECT name FROM dict_item WHERE dict = '" d "' AND code = " col ")"

static const char SQL_REG_DETAIL[] =
    "SELECT r.id, a.status, r.created_at, a.decided_at, a.reason,"
    " p.name, p.id_type, p.id_number, p.gender, p.birth_date, p.phone,"
    " p.email, p.landline, o.name, pe.dept,"
    DICT_NAME("ethnic", "pe.ethnic") ","
    DICT_NAME("education", "pe.education") ", pe.school,"
    DICT_NAME("major", "pe.major_code") ", pe.graduated_on,"
    DICT_NAME("degree", "pe.degree") ", pe.postdoc, pe.admin_post,"
    DICT_NAME("admin_level", "pe.admin_level") ","
    DICT_NAME("title_series", "pe.title_series") ","
    DICT_NAME("title_level", "pe.title_level") ","
    DICT_NAME("title_qualification", "pe.title_qualification") ","
    " pe.title_effective_on, pe.title_cert_no,"
    DICT_NAME("prof_qualification", "pe.prof_qualification") ","
    DICT_NAME("prof_qualification_level", "pe.prof_qualification_level") ","
    DICT_NAME("id_type", "p.id_type") "," SQL_SAME_ID_PENDING
    " FROM review r JOIN review_approver a ON a.review_id = r.id"
    " JOIN person p ON p.id = r.subject_id"
    " JOIN personnel pe ON pe.person_id = p.id"
    " JOIN org o ON o.id = pe.org_id"
    " WHERE r.id = ? AND a.org_id = ? AND r.kind = 'personnel_reg'";

enum sdrz_err
acct_reg_detail(struct db *db, int64_t org_id, int64_t review_id,
    cJSON **out)
{
	static const char *const keys[] = {
		NULL, "status", "submitted_at", "decided_at", "reason",
		"name", "id_type", "id_number", NULL, "birth_date", "phone",
		"email", "landline", "org_name", "dept", "ethnic", "education",
		"school", "major", "graduated_on", "degree", NULL,
		"admin_post", "admin_level", "title_series", "title_level",
		"title_qualification", "title_effective_on", "title_cert_no",
		"prof_qualification", "prof_qualification_level",
		"id_type_name",
	};
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*o;
	unsigned	 i;

	*out = NULL;
	if ((st = db_stmt(db, SQL_REG_DETAIL)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, review_id);
	db_bind_int(st, 1, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i] != NULL)
			util_json_text(o, keys[i], db_col_text(st, i));
	cJSON_AddNumberToObject(o, "gender", (double)db_col_int(st, 8));
	cJSON_AddBoolToObject(o, "postdoc", db_col_int(st, 21));
	cJSON_AddNumberToObject(o, "same_id_pending",
	    (double)db_col_int(st, 32));
	*out = o;
	return SDRZ_OK;
}
