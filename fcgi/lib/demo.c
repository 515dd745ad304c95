#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "acct.h"
#include "audit.h"
#include "db.h"
#include "demo.h"
#include "form.h"
#include "hours.h"
#include "org.h"
#include "review.h"

/* The tree, parents before children; parent is an index, -1 the root. */
static const struct demo_org {
	const char	*kind;
	int		 parent;
	const char	*name, *region, *nature, *industry, *level, *uscc;
	const char	*admin_id, *admin_name, *phone;
	const char	*label;		/* the login user type, for the list */
} orgs[] = {
	/* 0 */ { "hrb_city", -2, "日照市人力资源和社会保障局", "371100", "10",
	    "S", NULL, NULL, "371102198001010016", "王建国", "13806330001",
	    "人社部门" },
	/* 1 */ { "hrb_district", 0, "东港区人力资源和社会保障局", "371102",
	    "10", "S", NULL, NULL, "371102197605120115", "李东港",
	    "13806330002", "人社部门" },
	/* 2 */ { "hrb_district", 0, "岚山区人力资源和社会保障局", "371103",
	    "10", "S", NULL, NULL, "371103197903010316", "张岚山",
	    "13806330003", "人社部门" },
	/* 3 */ { "hrb_district", 0, "莒县人力资源和社会保障局", "371122", "10",
	    "S", NULL, NULL, "371122198106150416", "刘莒县", "13806330004",
	    "人社部门" },
	/* 4 */ { "hrb_district", 0, "五莲县人力资源和社会保障局", "371121",
	    "10", "S", NULL, NULL, "371121198209110517", "陈五莲",
	    "13806330005", "人社部门" },
	/* 5 */ { "dept", 0, "日照市卫生健康委员会", "371100", "10", "Q", "3",
	    NULL, "371102197304080615", "杨卫健", "13806330006", "主管部门" },
	/* 6 */ { "dept", 0, "日照市教育局", "371100", "10", "P", "3", NULL,
	    "371102197506060719", "赵教育", "13806330007", "主管部门" },
	/* 7 */ { "dept", 1, "东港区住房和城乡建设局", "371102", "10", "E", "4",
	    NULL, "371102197709090811", "黄住建", "13806330008", "主管部门" },
	/* 8 */ { "unit", 5, "日照市人民医院", NULL, "22", "Q", NULL,
	    "12371100495000125H", "371102197901010914", "周医务",
	    "13806330009", "用人单位" },
	/* 9 */ { "unit", 8, "日照市人民医院东院区", NULL, "22", "Q", NULL, NULL,
	    "371102198011111013", "吴东院", "13806330010", "用人单位" },
	/* 10 */ { "unit", 6, "日照市第一中学", NULL, "21", "P", NULL, NULL,
	    "371102198202021117", "郑校办", "13806330011", "用人单位" },
	/* 11 */ { "unit", 1, "日照港集团有限公司", "371102", "31", "G", NULL,
	    NULL, "371102198403031215", "孙人力", "13806330012", "用人单位" },
	/* 12 */ { "base", 0, "日照职业技术学院继续教育学院", "371100", "21", "P",
	    "3", NULL, "371103198504041312", "冯继教", "13806330013",
	    "继续教育基地" },
};

static const struct demo_person {
	int		 org;
	const char	*id, *name, *gender, *dept;
	const char	*education, *degree, *major, *school, *graduated;
	const char	*series, *level, *title;
} people[] = {
	{ 8, "371102198605051417", "马晓明", "1", "心内科", "14", "3",
	    "100201K", "山东大学", "2011-07-01", "04", "3", "233" },
	{ 8, "371102198706061518", "林静", "2", "儿科", "21", "4", "100201K",
	    "潍坊医学院", "2010-07-01", "04", "3", "233" },
	{ 9, "371102198807071619", "何伟", "1", "外科", "21", "4", "100201K",
	    "滨州医学院", "2011-07-01", "04", "2", "232" },
	{ 10, "37110219890808171X", "高雅", "2", "语文教研组", "21", "4",
	    "050101", "曲阜师范大学", "2012-07-01", "22", "3", "053" },
	{ 10, "371102199009091812", "罗成", "1", "数学教研组", "21", "4",
	    "070101", "山东师范大学", "2013-07-01", "22", "3", "053" },
	{ 11, "371102199110101915", "谢港", "1", "工程技术部", "21", "4",
	    "081103", "河海大学", "2014-07-01", "05", "3", "083" },
};

#define NORGS (sizeof(orgs) / sizeof(orgs[0]))
#define NPEOPLE (sizeof(people) / sizeof(people[0]))

/*
 * The person of people[] who has last year complete (公需 30, 专业 64 of
 * the default rule 90/60/30), so that a newcomer sees 合格 and can print a
 * 结业证书: the hours of the platform's two yearly classes and of an
 * offline training that their unit entered.
 */
#define DEMO_DONE	0
static const struct demo_hours {
	const char	*category, *form, *title, *source, *ref;
	int		 tenths;
} done_hours[] = {
	{ "public", "online", "%d年度公需科目网络学习", "platform",
	    "demo:%s:%d:public", 300 },
	{ "professional", "online", "%d年度专业科目网络培训", "platform",
	    "demo:%s:%d:professional", 400 },
	{ "professional", "offline", "%d年度心血管疾病诊疗进展培训班",
	    "admin", "demo:%s:%d:offline", 240 },
};
#define NHOURS (sizeof(done_hours) / sizeof(done_hours[0]))

/* The year before this one, in local time. */
static int
last_year(void)
{
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (localtime_r(&now, &tm) == NULL)
		return 2025;
	return tm.tm_year + 1900 - 1;
}

struct done_arg {
	int64_t		 person_id;
	const char	*id_number;
	int		 year;
};

/* db_tx body: credits every record of done_hours[] not credited yet. */
static enum sdrz_err
credit_done(struct db *db, void *arg)
{
	const struct done_arg	*d = arg;
	enum sdrz_err		 rc;
	size_t			 i;
	char			 title[128], ref[64];

	for (i = 0; i < NHOURS; i++) {
		snprintf(title, sizeof(title), done_hours[i].title, d->year);
		snprintf(ref, sizeof(ref), done_hours[i].ref, d->id_number,
		    d->year);
		rc = hours_credit(db, d->person_id, d->year,
		    done_hours[i].category, done_hours[i].form, title,
		    done_hours[i].tenths, done_hours[i].source, ref);
		/* Credited by an earlier run: once per source_ref. */
		if (rc != SDRZ_OK && rc != SDRZ_ERR_CONFLICT)
			return rc;
	}
	return SDRZ_OK;
}

/* Gives people[DEMO_DONE] the hours of a complete year, in one
 * transaction; running it again changes nothing. */
static enum sdrz_err
load_done_year(struct db *db, int year, char *err, size_t errsz)
{
	struct acct_login	 who;
	struct done_arg		 d;
	enum sdrz_err		 rc;

	if ((rc = acct_find(db, "01", people[DEMO_DONE].id, &who)) !=
	    SDRZ_OK) {
		acct_login_release(&who);
		return rc;
	}
	d.person_id = who.person_id;
	d.id_number = people[DEMO_DONE].id;
	d.year = year;
	acct_login_release(&who);
	if ((rc = db_tx(db, credit_done, &d)) != SDRZ_OK)
		snprintf(err, errsz, "hours of %s in %d: %s",
		    people[DEMO_DONE].id, year, sdrz_strerror(rc));
	return rc;
}

static enum sdrz_err
load_orgs(struct db *db, const struct config *cfg, int64_t *ids, char *err,
    size_t errsz)
{
	struct org_new	 o;
	enum sdrz_err	 rc;
	size_t		 i;
	int64_t		 parent;
	char		 phone[32];

	for (i = 0; i < NORGS; i++) {
		parent = orgs[i].parent >= 0 ? ids[orgs[i].parent] : 0;
		if (orgs[i].parent == -2 && org_root(db, &ids[i]) == SDRZ_OK)
			continue;	/* any root will do */
		rc = org_find(db, parent, orgs[i].name, &ids[i]);
		if (rc == SDRZ_OK)
			continue;
		if (rc != SDRZ_ERR_NOT_FOUND)
			return rc;
		memset(&o, 0, sizeof(o));
		snprintf(phone, sizeof(phone), "0633-%07zu", 8000000 + i);
		o.kind = orgs[i].kind;
		o.parent_id = parent;
		o.name = orgs[i].name;
		o.region_code = orgs[i].region;
		o.nature = orgs[i].nature;
		o.industry = orgs[i].industry;
		o.level = orgs[i].level;
		o.uscc = orgs[i].uscc;
		o.phone = phone;
		o.address = "日照市";
		o.admin_id_number = orgs[i].admin_id;
		o.admin_name = orgs[i].admin_name;
		o.admin_password = DEMO_PASSWORD;
		o.admin_phone = orgs[i].phone;
		o.admin_email = "demo@rizhao.example.cn";
		if ((rc = org_create(db, cfg, &o, &ids[i], err, errsz)) !=
		    SDRZ_OK)
			return rc;
	}
	return SDRZ_OK;
}

static enum sdrz_err
load_person(struct db *db, const struct config *cfg,
    const struct demo_person *p, int64_t org_id, char *err, size_t errsz)
{
	struct acct_login	 who;
	struct form		 f;
	cJSON			*b;
	enum sdrz_err		 rc;
	int64_t			 review;
	struct audit_actor	 a = { 0, org_id, NULL, NULL };

	if ((rc = acct_find(db, "01", p->id, &who)) == SDRZ_OK) {
		acct_login_release(&who);
		return SDRZ_OK;
	}
	acct_login_release(&who);
	b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "id_type", "01");
	cJSON_AddStringToObject(b, "id_number", p->id);
	cJSON_AddStringToObject(b, "password", DEMO_PASSWORD);
	cJSON_AddStringToObject(b, "password2", DEMO_PASSWORD);
	cJSON_AddStringToObject(b, "phone", "13906339999");
	cJSON_AddStringToObject(b, "email", "person@rizhao.example.cn");
	cJSON_AddNumberToObject(b, "org_id", (double)org_id);
	cJSON_AddStringToObject(b, "dept", p->dept);
	cJSON_AddStringToObject(b, "name", p->name);
	cJSON_AddStringToObject(b, "gender", p->gender);
	cJSON_AddStringToObject(b, "ethnic", "01");
	cJSON_AddStringToObject(b, "education", p->education);
	cJSON_AddStringToObject(b, "school", p->school);
	cJSON_AddStringToObject(b, "major_code", p->major);
	cJSON_AddStringToObject(b, "graduated_on", p->graduated);
	cJSON_AddStringToObject(b, "degree", p->degree);
	cJSON_AddFalseToObject(b, "postdoc");
	cJSON_AddStringToObject(b, "title_series", p->series);
	cJSON_AddStringToObject(b, "title_level", p->level);
	cJSON_AddStringToObject(b, "title_qualification", p->title);
	cJSON_AddStringToObject(b, "prof_qualification", "00");
	cJSON_AddStringToObject(b, "prof_qualification_level", "00");
	rc = acct_register(db, cfg, b, NULL, &f);
	cJSON_Delete(b);
	if (rc != SDRZ_OK) {
		b = f.errors;
		snprintf(err, errsz, "personnel %s: %s %s", p->id,
		    sdrz_strerror(rc), b && b->child ? b->child->valuestring :
		    "");
		form_release(&f);
		return rc;
	}
	form_release(&f);
	if ((rc = acct_find(db, "01", p->id, &who)) != SDRZ_OK)
		return rc;
	rc = review_find_pending(db, REVIEW_PERSONNEL_REG, "person",
	    who.person_id, &review);
	acct_login_release(&who);
	if (rc != SDRZ_OK)
		return rc;
	return review_decide(db, &a, REVIEW_PERSONNEL_REG, review, org_id, 1,
	    NULL);
}

enum sdrz_err
demo_load(struct db *db, const struct config *cfg, FILE *out, char *err,
    size_t errsz)
{
	int64_t		 ids[NORGS];
	enum sdrz_err	 rc;
	size_t		 i;
	int		 year = last_year();

	err[0] = '\0';
	if ((rc = load_orgs(db, cfg, ids, err, errsz)) != SDRZ_OK)
		return rc;
	for (i = 0; i < NPEOPLE; i++)
		if ((rc = load_person(db, cfg, &people[i], ids[people[i].org],
		    err, errsz)) != SDRZ_OK)
			return rc;
	if ((rc = load_done_year(db, year, err, errsz)) != SDRZ_OK)
		return rc;
	fprintf(out, "demo accounts (password %s for all):\n", DEMO_PASSWORD);
	fprintf(out, "  %-12s %-18s %-8s %s\n", "user type", "ID number",
	    "name", "acting for");
	for (i = 0; i < NORGS; i++)
		fprintf(out, "  %-12s %-18s %-8s %s\n", orgs[i].label,
		    orgs[i].admin_id, orgs[i].admin_name, orgs[i].name);
	for (i = 0; i < NPEOPLE; i++) {
		fprintf(out, "  %-12s %-18s %-8s %s", "专业技术人员",
		    people[i].id, people[i].name, orgs[people[i].org].name);
		if (i == DEMO_DONE)
			fprintf(out, "  (%d年度学时已合格,可打印结业证书)", year);
		fputc('\n', out);
	}
	return SDRZ_OK;
}
