/*
 * The main portal's own route tables, one per handler file of fcgi/sdrz/:
 * registration and its reviews, the organisation and its admins, the
 * person's profile and transfers, hours and certificates. main.c serves
 * them after the shared ones of fcgi/api/.
 */
#ifndef SDRZ_MAIN_ROUTES_H
#define SDRZ_MAIN_ROUTES_H

#include <stddef.h>

#include "http.h"

extern const struct http_route api_acct_routes[];
extern const size_t api_acct_nroutes;
extern const struct http_route api_org_routes[];
extern const size_t api_org_nroutes;
extern const struct http_route api_profile_routes[];
extern const size_t api_profile_nroutes;
extern const struct http_route api_hours_routes[];
extern const size_t api_hours_nroutes;
extern const struct http_route api_course_routes[];	/* 公需科目管理 */
extern const size_t api_course_nroutes;
extern const struct http_route api_bank_routes[];	/* question banks */
extern const size_t api_bank_nroutes;
extern const struct http_route api_form_routes[];	/* form descriptions */
extern const size_t api_form_nroutes;
extern const struct http_route api_video_routes[];	/* videos (courses) */
extern const size_t api_video_nroutes;

#endif
