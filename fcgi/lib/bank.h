/*
 * Question banks (题库) and their questions (fcgi/lib/bank.c), and the
 * drawing of a section exam's questions (docs/LEARNING.md: Exams).
 *
 * A question has a kind (single, multiple, judge), a stem, options (a
 * JSON array of 2 to 8 strings; a judge question's are ["正确","错误"]),
 * its answer (a JSON array of the right options' indexes, ascending:
 * single exactly one, multiple two or more, judge one), an explanation
 * and tags (words joined by commas, matched whole by a section's
 * bank_tag). A question an attempt may hold is never deleted: it is
 * retired (active = 0), and retired questions are never drawn.
 */
#ifndef SDRZ_BANK_H
#define SDRZ_BANK_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "list.h"
#include "sdrz.h"

struct audit_actor;
struct db;
struct form;
struct form_desc;

#define BANK_OPTIONS_MIN	2
#define BANK_OPTIONS_MAX	8
#define BANK_OPTION_MAXLEN	200	/* characters of one option */
#define BANK_DRAW_MAX		100	/* section.exam_questions' bound */

enum bank_kind {
	BANK_SINGLE,
	BANK_MULTIPLE,
	BANK_JUDGE,
	BANK_KIND__MAX
};
/* "single", "multiple", "judge" */
extern const char *const bank_kinds[BANK_KIND__MAX];
/* 单选题, 多选题, 判断题 */
extern const char *const bank_kind_labels[BANK_KIND__MAX];
/* The kind named s (English or Chinese label), or BANK_KIND__MAX. */
enum bank_kind	 bank_kind(const char *s);

/* GET /api/v1/forms/question-bank and question */
extern const struct form_desc bank_bank_form;
extern const struct form_desc bank_question_form;

/* ------------------------------------------------------------------ */
/* Pure rules (no database), unit-tested.                              */

/*
 * Checks a question's options and answer for its kind: NULL when they
 * fit, else a Chinese message for the person; *field names the field it
 * concerns ("options" or "answer"). Options must be non-empty texts of
 * at most BANK_OPTION_MAXLEN characters, distinct.
 */
const char	*bank_check(enum bank_kind, const cJSON *options,
		    const cJSON *answer, const char **field);

/*
 * Shuffles one question snapshot {id, kind, stem, options, answer,
 * explanation} in place: its options in a random order (util_random) and
 * its answer's indexes remapped to the new order, still ascending, so
 * the right options stay right. Judge questions keep 正确 before 错误.
 * Returns 0, or -1 when the question is malformed or out of memory (it
 * is then unchanged).
 */
int		 bank_shuffle(cJSON *question);

/* A uniformly random integer in [0, n) from util_random (n > 0); -1 when
 * the random source failed. */
long		 bank_random_below(long n);

/*
 * A copy of an attempt's questions as the page may see them before
 * submission: [{id, kind, stem, options}] — no answer, no explanation.
 * NULL when out of memory; the caller frees it with cJSON_Delete().
 */
cJSON		*bank_questions_public(const cJSON *questions);

/* ------------------------------------------------------------------ */
/* Drawing, for the learner side (exam.c).                             */

/*
 * Draws n distinct active questions of the bank at random (those whose
 * tags hold the word tag when tag is neither NULL nor ""), in random
 * order, each with its options shuffled (bank_shuffle()), as the JSON
 * snapshot exam_attempt.questions keeps:
 *   [{id, kind, stem, options, answer, explanation}]
 * (answer the remapped indexes; explanation "" when none). It reads the
 * bank's active question ids through its index and picks in C, never
 * ORDER BY RAND(). SDRZ_ERR_CONFLICT (why: bank_short) when the bank
 * holds fewer than n such questions; SDRZ_ERR_INVALID for n outside
 * 1..BANK_DRAW_MAX. On SDRZ_OK the caller frees *out with cJSON_Delete().
 * why may be NULL. Call it inside the attempt's transaction or not: it
 * only reads.
 */
enum sdrz_err	 bank_draw(struct db *, int64_t bank_id, const char *tag,
		    int n, cJSON **out, struct sdrz_why *why);

/* The number of active questions of the bank holding the tag (NULL or
 * "": all active ones), for the publish check. */
enum sdrz_err	 bank_count(struct db *, int64_t bank_id, const char *tag,
		    long *n);

/* ------------------------------------------------------------------ */
/* Managing (fcgi/sdrz/api_bank.c). Banks belong to an organisation;   */
/* public banks are written by the city HR bureau and read by district */
/* bureaus, as classes are (course_right()).                            */

/* Whether the actor may read (write: change) the bank: SDRZ_OK, or the
 * refusal with why (SDRZ_ERR_FORBIDDEN bureau_required, NOT_FOUND). For
 * a handler that must refuse before it reads a large body. */
enum sdrz_err	 bank_may(struct db *, int64_t bank_id,
		    const struct audit_actor *, int write,
		    struct sdrz_why *why);
/* The bank's owner; SDRZ_ERR_NOT_FOUND when there is none. */
enum sdrz_err	 bank_owner(struct db *, int64_t bank_id, int64_t *org_id);

/* Banks the actor may read: {items: [{id, org_id, org_name, name,
 * questions, active, created_at, in_use}], total, page, size}; filter
 * name (a part). in_use: a published section draws from the bank, so
 * its questions are retired, never deleted. */
extern const struct list_param bank_list_params[];
extern const size_t bank_list_nparams;
struct bank_list_query {
	const char	*name;
	struct list_page pg;
};
enum sdrz_err	 bank_list(struct db *, const struct audit_actor *,
		    const struct bank_list_query *, struct sdrz_why *why,
		    cJSON **out);
/* One bank as in the list, with writable (the actor may change it) and
 * tags (every word its active questions carry). */
enum sdrz_err	 bank_get(struct db *, int64_t bank_id,
		    const struct audit_actor *, struct sdrz_why *why,
		    cJSON **out);
/* Creates a bank {name} of the actor's org; SDRZ_ERR_CONFLICT with a
 * field error when the name is taken. */
enum sdrz_err	 bank_create(struct db *, const cJSON *body,
		    const struct audit_actor *, struct form *f,
		    struct sdrz_why *why, int64_t *id);
/* Renames a bank {name}. */
enum sdrz_err	 bank_rename(struct db *, int64_t bank_id, const cJSON *body,
		    const struct audit_actor *, struct form *f,
		    struct sdrz_why *why);

/* The questions of a bank, by id: {items: [{id, kind, stem, options,
 * answer, explanation, tags, active, updated_at}], total, page, size,
 * next}; filters tag (a whole word), active (1|0), q (a part of the
 * stem), kind. */
extern const struct list_param bank_question_list_params[];
extern const size_t bank_question_list_nparams;
struct bank_question_query {
	const char	*tag;
	int		 active;	/* -1: any */
	const char	*q;
	const char	*kind;
	struct list_page pg;
};
enum sdrz_err	 bank_questions(struct db *, int64_t bank_id,
		    const struct audit_actor *,
		    const struct bank_question_query *, struct sdrz_why *why,
		    cJSON **out);

/* Adds a question {kind, stem, options, answer, explanation, tags}. */
enum sdrz_err	 bank_question_add(struct db *, int64_t bank_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, struct sdrz_why *why, int64_t *id);
/* Edits a question (the same body; active may be given to restore a
 * retired one). An attempt keeps its own copy, so editing changes only
 * later attempts. */
enum sdrz_err	 bank_question_edit(struct db *, int64_t question_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, struct sdrz_why *why);
/* Retires a question (DELETE): while no published section draws from
 * its bank no attempt can hold it, and it is deleted; else it becomes
 * inactive (never drawn again, kept for the attempts). *deleted says
 * which. */
enum sdrz_err	 bank_question_remove(struct db *, int64_t question_id,
		    const struct audit_actor *, struct sdrz_why *why,
		    int *deleted);

/* ------------------------------------------------------------------ */
/* The spreadsheet template and import.                                */

/* The template .xlsx for those who read banks: a sheet 试题 with the
 * header row (题型, 题干, 选项A..H, 答案, 解析, 标签) and a dropdown of
 * 题型, and a sheet 填写说明 with the rules and three examples. A
 * malloc'd buffer of *len bytes the caller frees with free(). */
enum sdrz_err	 bank_template(struct db *, const struct audit_actor *,
		    struct sdrz_why *why, unsigned char **data, size_t *len);

/*
 * Imports the questions of an .xlsx (its first sheet, the template's
 * columns by their header names) into the bank, all or nothing in one
 * transaction. Bad rows: SDRZ_ERR_INVALID and *errors a JSON array of
 * {row, column, message} (row as the spreadsheet numbers it; the caller
 * frees it), nothing imported. A file that is not a readable .xlsx:
 * SDRZ_ERR_INVALID with why (bad_file). On SDRZ_OK *count questions were
 * added.
 */
enum sdrz_err	 bank_import(struct db *, int64_t bank_id,
		    const unsigned char *data, size_t len,
		    const struct audit_actor *, struct sdrz_why *why,
		    cJSON **errors, long *count);

#endif
