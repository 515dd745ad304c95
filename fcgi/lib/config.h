/*
 * Configuration: one file of "key = value" lines, each key overridable by
 * the environment as SDRZ_<KEY> (upper case). The keys and their defaults
 * are one table in config.c.
 */
#ifndef SDRZ_CONFIG_H
#define SDRZ_CONFIG_H

#include <stddef.h>

struct config {
	char	*db_socket;
	char	*db_user;
	char	*db_password;
	char	*db_name;
	char	*db_time_zone;
	char	*url_sdrz;
	char	*url_gxk;
	char	*url_zyk;
	char	*cookie_domain;
	char	*secret_key;
	char	*upload_dir;
	char	*media_dir;
	char	*site_name;
	char	*site_organiser;
	char	*city_name;
	char	*mail_command;
	char	*mail_from;
	char	*socket_group;
	char	*ffmpeg_path;
	char	*ffprobe_path;
	long	 body_limit;
	long	 upload_limit;
	long	 session_idle_minutes;
	long	 session_max_hours;
	long	 argon2_t_cost;
	long	 argon2_m_cost_kib;
	long	 argon2_parallelism;
	long	 db_statement_timeout_ms;
	long	 video_max_bytes;
	long	 video_transcode_timeout;
};

/*
 * Fills cfg from the defaults, then the file at path (NULL: no file), then
 * the environment. On error returns -1 and writes a message naming the
 * file, line and key into err; cfg then holds nothing to release.
 * On success the caller releases cfg with config_release().
 */
int	 config_load(struct config *cfg, const char *path, char *err, size_t errsz);
void	 config_release(struct config *);

/* Checks what a portal needs beyond what the admin tool needs (a secret
 * key of 64 hex digits); -1 with a message in err. */
int	 config_check_portal(const struct config *, char *err, size_t errsz);

#endif
