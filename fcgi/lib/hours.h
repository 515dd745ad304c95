/*
 * Hours (学时): records of credited activities, declarations (学时申报)
 * with the fields and hour rule of their study form, the yearly rule and
 * each year's completion (年度完成情况). Hours are kept as tenths in C
 * (12.5 hours is 125) so halves add up exactly.
 */
#ifndef SDRZ_HOURS_H
#define SDRZ_HOURS_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "list.h"
#include "sdrz.h"

struct audit_actor;
struct db;
struct form;
struct review_item;
struct form_desc;

/* The longest title of an activity, in characters: hour_record.title and
 * declaration.title. */
#define HOURS_TITLE_MAX	200

/* The fields of a declaration (its data follow the study form) and of an
 * admin's entry. */
extern const struct form_desc hours_decl_form;
extern const struct form_desc hours_entry_form;

struct year_rule {
	int	 year;
	int	 total_min;		/* tenths */
	int	 professional_min;
	int	 public_min;
};

struct completion {
	int	 public_h, professional_h, total_h;	/* tenths */
	int	 ok;
	int	 missing_total, missing_professional, missing_public;
};

/* The completion of a year from its hours and rule: a pure rule. */
void		 hours_complete(const struct year_rule *, int public_h,
		    int professional_h, struct completion *);

/* "12.5" → 125; -1 for anything but a non-negative number with at most
 * one decimal. */
int		 hours_parse(const char *);
/* 125 → "12.5", 120 → "12" (out: 16 bytes). */
void		 hours_format(int tenths, char *out);

/*
 * The hours a study form's rule gives for the declared data: {kind:
 * fixed, hours} | {kind: per_unit, field, per, cap?} | {kind: by_option,
 * field, map, cap?}. Returns tenths, or -1 with *why set when the data
 * does not fit the rule.
 */
int		 hours_by_rule(const cJSON *rule, const cJSON *data,
		    const char **why);

/* The rule of a year (the newest earlier one, else the defaults). */
enum sdrz_err	 hours_rule(struct db *, int year, struct year_rule *);
/* Sets the rule of a year from {total_min, professional_min, public_min}. */
enum sdrz_err	 hours_rule_set(struct db *, int year, const cJSON *body,
		    const struct audit_actor *, struct form *f);

/* The declaration types and the active study forms with their fields and
 * rules: {types: [..], forms: [..]}. all: include inactive ones. */
enum sdrz_err	 hours_forms(struct db *, int all, cJSON **out);
/* Edits a study form (name, fields, rule, yearly_cap, dedupe,
 * attachment_required, active) — the HR bureau's page. */
enum sdrz_err	 hours_form_save(struct db *, const char *code,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f);

/* The hours a declaration would give, without submitting it. */
enum sdrz_err	 hours_preview(struct db *, int64_t person_id,
		    const cJSON *body, struct form *f, int *tenths);
/*
 * Submits a declaration {year, category, study_form, data: {..},
 * attachments: [ids]} to the person's unit. Field errors in f; a
 * duplicate (the same ISBN, paper or certificate credited or waiting) is
 * SDRZ_ERR_CONFLICT.
 */
enum sdrz_err	 hours_declare(struct db *, int64_t person_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, int64_t *id);
/* The review engine's apply function for declarations. */
enum sdrz_err	 hours_apply_declaration(struct db *,
		    const struct review_item *, int approve,
		    const char *reason);

/* 进度查询: the person's declarations, newest first, with their state. */
enum sdrz_err	 hours_declarations(struct db *, int64_t person_id,
		    cJSON **out);
/* One declaration with its whole history; NOT_FOUND when not theirs. */
enum sdrz_err	 hours_declaration(struct db *, int64_t person_id,
		    int64_t id, cJSON **out);

/* 年度完成情况: every year with hours, and the current year. */
enum sdrz_err	 hours_years(struct db *, int64_t person_id, cJSON **out);
/* 继续教育明细: the records of a year. */
enum sdrz_err	 hours_records(struct db *, int64_t person_id, int year,
		    cJSON **out);
/* The sums of a year in tenths. */
enum sdrz_err	 hours_sums(struct db *, int64_t person_id, int year,
		    int *public_h, int *professional_h);

/* An admin credits hours to personnel of their subtree (source admin):
 * {person_id, year, category, study_form, title, hours}. */
enum sdrz_err	 hours_admin_add(struct db *, int64_t top, const cJSON *body,
		    const struct audit_actor *, struct form *f);

/* Credits hours of the platform's own classes, once per source_ref. */
enum sdrz_err	 hours_credit(struct db *, int64_t person_id, int year,
		    const char *category, const char *form, const char *title,
		    int tenths, const char *source, const char *source_ref);

struct hours_query {
	int64_t		 top;
	int		 year;
	const char	*region, *name, *id_number;
	int64_t		 org_id;
	struct list_page pg;	/* which page (list.h) */
};
/* The declarations waiting for (decided: decided by) top's subtree, with
 * their data and attachments. */
enum sdrz_err	 hours_decl_queue(struct db *, const struct hours_query *,
		    int decided, cJSON **out);

/* 继续教育学时查询: personnel of top's subtree with their hours of the
 * year and whether it is complete. */
enum sdrz_err	 hours_query(struct db *, const struct hours_query *,
		    cJSON **out);

#endif
