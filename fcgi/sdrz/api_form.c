/*
 * The form descriptions, so that a page applies the server's own rule to
 * each field (type, required, length in characters, bounds, choices,
 * dictionary) instead of a copy that drifts:
 *   GET /api/v1/forms        {forms: [name, ...]}
 *   GET /api/v1/forms/:name  {name, fields: [{name, label, type, required,
 *                             maxlen?, min?, max?, dict?, choices?}]}
 * Anonymous: the registration pages need them before any sign-in.
 */
#include <string.h>

#include "acct.h"
#include "admin.h"
#include "api.h"
#include "bank.h"
#include "course.h"
#include "form.h"
#include "hours.h"
#include "org.h"
#include "profile.h"
#include "routes.h"

/* Every field table a page fills in. */
static const struct form_desc *const forms[] = {
	&acct_reg_form,
	&org_reg_form,
	&admin_add_form,
	&org_info_form,
	&org_change_form,
	&profile_correct_form,
	&api_login_form,
	&api_decide_form,
	&api_issue_form,
	&api_revoke_form,
	&hours_decl_form,
	&hours_entry_form,
	&course_class_form,
	&course_course_form,
	&course_section_form,
	&bank_bank_form,
	&bank_question_form,
};

#define NFORMS (sizeof(forms) / sizeof(forms[0]))

static void
h_forms(struct http_req *req)
{
	cJSON	*o, *names;
	size_t	 i;

	if ((o = cJSON_CreateObject()) == NULL ||
	    (names = cJSON_AddArrayToObject(o, "forms")) == NULL) {
		cJSON_Delete(o);
		http_error_from(req, SDRZ_ERR_NOMEM);
		return;
	}
	for (i = 0; i < NFORMS; i++)
		cJSON_AddItemToArray(names, cJSON_CreateString(forms[i]->name));
	http_json(req, 200, o);
	cJSON_Delete(o);
}

static void
h_form(struct http_req *req)
{
	const char	*name = http_route_param(req, "name");
	cJSON		*o, *fields;
	size_t		 i;

	for (i = 0; i < NFORMS; i++)
		if (name != NULL && strcmp(forms[i]->name, name) == 0)
			break;
	if (i == NFORMS) {
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "没有这个表单");
		return;
	}
	if ((o = cJSON_CreateObject()) == NULL ||
	    !cJSON_AddStringToObject(o, "name", forms[i]->name) ||
	    (fields = form_describe(forms[i]->fields, forms[i]->n)) == NULL) {
		cJSON_Delete(o);
		http_error_from(req, SDRZ_ERR_NOMEM);
		return;
	}
	cJSON_AddItemToObject(o, "fields", fields);
	http_json(req, 200, o);
	cJSON_Delete(o);
}

const struct http_route api_form_routes[] = {
	{ HTTP_GET, "/api/v1/forms", h_forms, ACCESS_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/forms/:name", h_form, ACCESS_PUBLIC, 0 },
};
const size_t api_form_nroutes = sizeof(api_form_routes) /
    sizeof(api_form_routes[0]);
