/*
 * Learning content (fcgi/lib/course.c): classes (培训班), their versions,
 * courses (课程) and sections (小节), shared by the public-subject portal
 * (gxk) and the professional one (zyk). docs/LEARNING.md has the rules,
 * sql/014_learning.sql the tables.
 *
 * A class is made of versions. Learners see only published versions,
 * which never change: editing a class whose live version is published
 * edits its draft version, made on the first edit as a copy of the live
 * one (courses and sections, with copied_from), and publishing the draft
 * makes it live. Every change of a published version is refused with
 * SDRZ_ERR_CONFLICT (code version_frozen).
 *
 * Hours are tenths in C, as in hours.h (12.5 hours is 125).
 */
#ifndef SDRZ_COURSE_H
#define SDRZ_COURSE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "list.h"
#include "sdrz.h"

struct audit_actor;
struct db;
struct form;
struct form_desc;

/* The categories of a class; course_categories[] names them as the
 * column does ("public", "professional"). */
enum course_category {
	COURSE_PUBLIC,		/* 公需科目, gxk */
	COURSE_PROFESSIONAL,	/* 专业科目, zyk */
	COURSE_CATEGORY__MAX
};
extern const char *const course_categories[COURSE_CATEGORY__MAX];

/* The form descriptions of the class, course and section bodies
 * (GET /api/v1/forms/course-class, course, course-section). */
extern const struct form_desc course_class_form;
extern const struct form_desc course_course_form;
extern const struct form_desc course_section_form;

/* ------------------------------------------------------------------ */
/* Reading, for the learner side (enrol.c, progress.c, exam.c).        */

/* A version of a class, with the class it belongs to. */
struct course_version {
	int64_t		 id;
	int64_t		 class_id;
	int64_t		 org_id;	/* the class's owner */
	int		 version_no;
	int		 year;
	char		 category[16];	/* "public" | "professional" */
	char		 class_status[16]; /* the class's: draft|published|closed */
	int		 published;	/* 1: published_at set (frozen) */
	int		 hours;		/* tenths */
	int		 price_fen;
	char		 name[401];	/* VARCHAR(100), UTF-8 */
};

/* One section with its exam settings. */
struct course_section {
	int64_t		 id;
	int64_t		 course_id;
	int64_t		 version_id;
	int64_t		 class_id;
	int64_t		 video_id;	/* 0: none */
	int64_t		 bank_id;	/* 0: none */
	char		 bank_tag[201];	/* VARCHAR(50); "" when none */
	int		 exam_questions;
	int		 pass_score;	/* percent */
	int		 exam_minutes;	/* 0: no time limit */
	int		 published;	/* 1: its version is published */
	char		 name[401];
};

/* A version by id; SDRZ_ERR_NOT_FOUND when there is none. */
enum sdrz_err	 course_version_get(struct db *, int64_t version_id,
		    struct course_version *);
/*
 * The live (published) version of a class: SDRZ_ERR_NOT_FOUND when the
 * class does not exist or was never published. A closed class has a live
 * version (learners finish it); the caller checks class_status to refuse
 * new enrolments.
 */
enum sdrz_err	 course_version_live(struct db *, int64_t class_id,
		    struct course_version *);
/* A section by id; SDRZ_ERR_NOT_FOUND when there is none. */
enum sdrz_err	 course_section_get(struct db *, int64_t section_id,
		    struct course_section *);

/*
 * The outline of a version as learners see it, never with answers:
 * {version_id, class_id, version_no, category, year, name, intro, hours,
 *  courses: [{id, name, teacher, intro, hours,
 *             sections: [{id, name, video_id, duration_ms,
 *                         exam_questions, pass_score, exam_minutes}]}]}
 * courses in (sort, id) order, sections in (sort, id) order; hours are
 * numbers of hours (12.5); video_id and duration_ms null when unknown,
 * exam_minutes null for no limit. The caller frees *out with
 * cJSON_Delete(). SDRZ_ERR_NOT_FOUND for an unknown version.
 */
enum sdrz_err	 course_outline(struct db *, int64_t version_id, cJSON **out);

/*
 * The unlock order of a version: its section ids ordered by course sort,
 * course id, section sort, section id (the order of course_outline()).
 * On SDRZ_OK *ids is a malloc'd array of *n ids (NULL when n is 0) that
 * the caller frees with free().
 */
enum sdrz_err	 course_section_order(struct db *, int64_t version_id,
		    int64_t **ids, size_t *n);

/* ------------------------------------------------------------------ */
/* Permissions: who writes and reads which classes.                    */

enum course_right {
	COURSE_RIGHT_NONE,
	COURSE_RIGHT_READ,
	COURSE_RIGHT_WRITE
};

/*
 * What an admin of org (who holds the courses module: the route checks
 * it) may do with classes and banks of category owned by owner_org (0: a
 * class not yet made, owned by org when created). Public classes: the
 * city HR bureau (the root, kind hrb_city) writes, district HR bureaus
 * read, everyone else nothing. Professional classes: their owner org
 * writes and reads (issue 12 widens this in one place).
 */
enum sdrz_err	 course_right(struct db *, int64_t org_id,
		    enum course_category, int64_t owner_org,
		    enum course_right *);

/* ------------------------------------------------------------------ */
/* Managing, for 公需科目管理 (fcgi/sdrz/api_course.c).                 */
/*
 * Every function below takes the acting admin (person_id and org_id of
 * the audit actor) and checks course_right(): SDRZ_ERR_FORBIDDEN (code
 * course_forbidden) when they may not write, SDRZ_ERR_NOT_FOUND when they
 * may not even read. Field errors go to f (form.h; release it in every
 * case); a refusal with a message fills why. Each runs in one
 * transaction.
 */

/* Creates a class {category, year, name, intro, hours} with its first
 * (draft) version, owned by the actor's org; *id the class. Audited
 * course.create. */
enum sdrz_err	 course_class_create(struct db *, const cJSON *body,
		    const struct audit_actor *, struct form *f,
		    struct sdrz_why *why, int64_t *id);
/* Edits name, intro, hours of the class's draft (made first when the
 * live one is published). */
enum sdrz_err	 course_class_edit(struct db *, int64_t class_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, struct sdrz_why *why);
/*
 * The class with the version being edited (the draft, else the live
 * one): {id, category, year, status, org_id, org_name, live_version,
 * draft_version, editing: {version_id, version_no, published, name,
 * intro, hours, courses: [{id, sort, name, teacher, intro, hours,
 * sections: [{id, sort, name, video_id, video_name, video_status,
 * duration_ms, bank_id, bank_name, bank_tag, exam_questions, pass_score,
 * exam_minutes}]}]}, writable}.
 */
enum sdrz_err	 course_class_detail(struct db *, int64_t class_id,
		    const struct audit_actor *, struct sdrz_why *why,
		    cJSON **out);
/* Makes the class's draft (a copy of the live version) when it has none,
 * so that the pages edit the draft's courses and sections; *version_id
 * the draft. */
enum sdrz_err	 course_class_draft(struct db *, int64_t class_id,
		    const struct audit_actor *, struct sdrz_why *why,
		    int64_t *version_id);

/* The classes the actor may read, filtered by category, year, status:
 * {items: [{id, category, year, status, name, hours, version_no,
 * has_draft, published_at, learners, created_at}], total, page, size};
 * name is the live version's (the draft's before the first publish);
 * filters category, year, status, name (a part). */
struct course_list_query {
	const char	*category;	/* NULL: any */
	int		 year;		/* 0: any */
	const char	*status;	/* NULL: any */
	const char	*name;		/* NULL: any */
	struct list_page pg;
};
extern const struct list_param course_class_list_params[];
extern const size_t course_class_list_nparams;
enum sdrz_err	 course_class_list(struct db *, const struct audit_actor *,
		    const struct course_list_query *, struct sdrz_why *why,
		    cJSON **out);

/* Adds a course {name, teacher, intro, hours} at the end of the draft;
 * *id is the new course (the draft's, which may be a fresh copy). */
enum sdrz_err	 course_course_add(struct db *, int64_t class_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, struct sdrz_why *why, int64_t *id);
/*
 * Edits or removes a course. A course of the live published version is
 * refused (SDRZ_ERR_CONFLICT, version_frozen): the pages address the
 * draft's courses, which course_class_detail() lists once a draft exists.
 * Hours (a number, default 0) travel beside the field table.
 */
enum sdrz_err	 course_course_edit(struct db *, int64_t course_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, struct sdrz_why *why);
/* Moves a draft course (section: within its course) to {position}, the
 * 1-based place among its siblings, renumbering them. */
enum sdrz_err	 course_course_move(struct db *, int64_t course_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, struct sdrz_why *why);
enum sdrz_err	 course_section_move(struct db *, int64_t section_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, struct sdrz_why *why);
enum sdrz_err	 course_course_remove(struct db *, int64_t course_id,
		    const struct audit_actor *, struct sdrz_why *why);

/* Adds a section {name, video_id, bank_id, bank_tag, exam_questions,
 * pass_score, exam_minutes} at the end of a draft course. */
enum sdrz_err	 course_section_add(struct db *, int64_t course_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, struct sdrz_why *why, int64_t *id);
/* Edits (the same body, every field) or removes a draft section. */
enum sdrz_err	 course_section_edit(struct db *, int64_t section_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, struct sdrz_why *why);
enum sdrz_err	 course_section_remove(struct db *, int64_t section_id,
		    const struct audit_actor *, struct sdrz_why *why);

/*
 * Publishes the draft: checks it has a course, every course a section,
 * every section a ready video and a bank with at least exam_questions
 * active questions (tagged bank_tag when set). When something is missing
 * returns SDRZ_ERR_UNPROCESSABLE with why->code "class_incomplete" and *missing
 * a JSON array of Chinese sentences naming each gap (the caller frees
 * it). Else makes the draft live (audited course.publish). SDRZ_ERR_CONFLICT
 * (nothing_to_publish) when there is no draft.
 */
enum sdrz_err	 course_class_publish(struct db *, int64_t class_id,
		    const struct audit_actor *, struct sdrz_why *why,
		    cJSON **missing);
/* Closes a published class: no new enrolments (audited course.close). */
enum sdrz_err	 course_class_close(struct db *, int64_t class_id,
		    const struct audit_actor *, struct sdrz_why *why);

/* The learners of a class: {items: [{enrolment_id, person_id, name,
 * id_number_masked, org_name, version_no, passed, total, status,
 * enrolled_at, completed_at}], total, page, size, next}, paged by key. */
extern const struct list_param course_learner_list_params[];
extern const size_t course_learner_list_nparams;
struct course_learner_query {
	const char	*status;	/* NULL: any; active|completed */
	const char	*name;		/* a prefix of the name; NULL: any */
	struct list_page pg;
};
enum sdrz_err	 course_learners(struct db *, int64_t class_id,
		    const struct audit_actor *,
		    const struct course_learner_query *, struct sdrz_why *why,
		    cJSON **out);

#endif
