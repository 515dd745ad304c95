#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "util.h"

enum ctype { CT_STR, CT_LONG };

struct ckey {
	const char	*name;
	enum ctype	 type;
	size_t		 off;
	const char	*def;
	long		 min, max;
};

#define S(f, d) { #f, CT_STR, offsetof(struct config, f), d, 0, 0 }
#define L(f, d, lo, hi) { #f, CT_LONG, offsetof(struct config, f), d, lo, hi }

static const struct ckey keys[] = {
	S(db_socket, "/run/mysqld/mysqld.sock"),
	S(db_user, "sdrz"),
	S(db_password, ""),
	S(db_name, "sdrz"),
	S(db_time_zone, "+08:00"),
	S(url_sdrz, "http://127.0.0.1:8080"),
	S(url_gxk, "http://127.0.0.1:8081"),
	S(url_zyk, "http://127.0.0.1:8082"),
	S(cookie_domain, ""),
	S(secret_key, ""),
	S(upload_dir, "var/uploads"),
	S(media_dir, "var/media"),
	S(site_name, "日照市专业技术人员继续教育公共服务平台"),
	S(site_organiser, "日照市人力资源和社会保障局"),
	S(city_name, "日照市"),
	/* A sendmail-compatible command that reads the message on stdin. */
	S(mail_command, "/usr/sbin/sendmail -t -i"),
	S(mail_from, "noreply@localhost"),
	/* The group of the portals' FastCGI sockets (mode 0660): nginx's
	 * (www-data on Debian). Empty: the portal's own group. */
	S(socket_group, ""),
	/* The programs of the video job (sdrzctl video-transcode), looked up
	 * in PATH unless they name a path. */
	S(ffmpeg_path, "ffmpeg"),
	S(ffprobe_path, "ffprobe"),
	L(body_limit, "1048576", 1024, 1L << 30),
	/* multipart/form-data bodies (attachments) may be larger. */
	L(upload_limit, "10485760", 1024, 1L << 30),
	L(session_idle_minutes, "30", 1, 24 * 60),
	L(session_max_hours, "12", 1, 24 * 30),
	/* OWASP's argon2id setting m=19 MiB, t=2, p=1: 34 ms a hash with
	 * Debian's libargon2 on one core of the 2-core machine we measured,
	 * where RFC 9106's m=64 MiB, t=3 took 393 ms and so capped sign-ins
	 * at 5 a second. Raise them here: hashes are renewed at sign-in. */
	L(argon2_t_cost, "2", 1, 64),
	L(argon2_m_cost_kib, "19456", 8, 4 * 1024 * 1024),
	L(argon2_parallelism, "1", 1, 16),
	/* Every statement of a connection stops in the server after this
	 * long (MariaDB's max_statement_time), so that a slow query cannot
	 * keep running after the request gave up; 0: no limit (the admin
	 * tool's bulk commands). */
	L(db_statement_timeout_ms, "5000", 0, 3600000),
	/* The largest video an admin may upload (2 GiB). */
	L(video_max_bytes, "2147483648", 1024, 1L << 40),
	/* Seconds one ffmpeg run of the video job may take before it is
	 * stopped (and the try counted as failed). */
	L(video_transcode_timeout, "7200", 10, 86400),
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static int
set_key(struct config *cfg, const struct ckey *k, const char *val,
    const char *where, char *err, size_t errsz)
{
	char	**sp, *end, *dup;
	long	  v;

	if (k->type == CT_STR) {
		sp = (char **)((char *)cfg + k->off);
		if ((dup = strdup(val)) == NULL) {
			snprintf(err, errsz, "%s: out of memory", where);
			return -1;
		}
		free(*sp);
		*sp = dup;
		return 0;
	}
	errno = 0;
	v = strtol(val, &end, 10);
	if (errno || end == val || *end != '\0' || v < k->min || v > k->max) {
		snprintf(err, errsz, "%s: %s must be a number from %ld to %ld",
		    where, k->name, k->min, k->max);
		return -1;
	}
	*(long *)((char *)cfg + k->off) = v;
	return 0;
}

static const struct ckey *
find_key(const char *name)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int
load_file(struct config *cfg, const char *path, char *err, size_t errsz)
{
	FILE			*f;
	char			*line = NULL, *eq, *key, *val, where[512];
	size_t			 cap = 0;
	long			 lineno = 0;
	int			 rc = -1;
	const struct ckey	*k;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%ld", path, lineno);
		key = util_trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			snprintf(err, errsz, "%s: expected key = value", where);
			goto out;
		}
		*eq = '\0';
		val = util_trim(eq + 1);
		util_trim(key);
		if ((k = find_key(key)) == NULL) {
			snprintf(err, errsz, "%s: unknown key %s", where, key);
			goto out;
		}
		if (set_key(cfg, k, val, where, err, errsz) == -1)
			goto out;
	}
	if (ferror(f)) {
		snprintf(err, errsz, "%s: read error", path);
		goto out;
	}
	rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}

int
config_load(struct config *cfg, const char *path, char *err, size_t errsz)
{
	size_t		 i, j;
	char		 env[64], where[80];
	const char	*v;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < NKEYS; i++)
		if (set_key(cfg, &keys[i], keys[i].def, "default", err,
		    errsz) == -1)
			goto fail;
	if (path != NULL && load_file(cfg, path, err, errsz) == -1)
		goto fail;
	for (i = 0; i < NKEYS; i++) {
		snprintf(env, sizeof(env), "SDRZ_%s", keys[i].name);
		for (j = 5; env[j]; j++)
			env[j] = (char)toupper((unsigned char)env[j]);
		if ((v = getenv(env)) == NULL)
			continue;
		snprintf(where, sizeof(where), "environment %s", env);
		if (set_key(cfg, &keys[i], v, where, err, errsz) == -1)
			goto fail;
	}
	return 0;
fail:
	config_release(cfg);
	return -1;
}

void
config_release(struct config *cfg)
{
	size_t	 i;
	char	**sp;

	for (i = 0; i < NKEYS; i++) {
		if (keys[i].type != CT_STR)
			continue;
		sp = (char **)((char *)cfg + keys[i].off);
		free(*sp);
		*sp = NULL;
	}
}

int
config_check_portal(const struct config *cfg, char *err, size_t errsz)
{
	size_t	 i, len = strlen(cfg->secret_key);

	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)cfg->secret_key[i]))
			break;
	if (len != 64 || i != len) {
		snprintf(err, errsz, "secret_key must be 64 hex digits "
		    "(make one with: openssl rand -hex 32)");
		return -1;
	}
	return 0;
}
