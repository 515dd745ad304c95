/*
 * sdrzctl: the admin tool. Each subcommand is a cmd_<name>() registered
 * in one table, as git does.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert.h"
#include "config.h"
#include "db.h"
#include "demo.h"
#include "gen.h"
#include "log.h"
#include "mail.h"
#include "migrate.h"
#include "org.h"
#include "video.h"

struct ctx {
	struct config	 cfg;
	struct db	*db;
};


static int
want_help(int argc, char *argv[])
{
	int	 i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static const char migrate_usage[] =
    "usage: sdrzctl [--config FILE] migrate [--dir DIR]\n"
    "Applies the pending migrations DIR/NNN_*.sql (default: sql) in order,\n"
    "each once, and records them in the table schema_migration. A migration\n"
    "that changed after it was applied stops the run.\n";

static int
cmd_migrate(struct ctx *c, int argc, char *argv[])
{
	const char	*dir = "sql";
	char		 err[1024];
	int		 i, applied;

	if (want_help(argc, argv)) {
		fputs(migrate_usage, stdout);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else {
			fputs(migrate_usage, stderr);
			return 2;
		}
	}
	if (migrate_apply(c->db, dir, &applied, err, sizeof(err)) != SDRZ_OK) {
		fprintf(stderr, "sdrzctl migrate: %s\n", err);
		return 1;
	}
	printf("applied %d migration(s)\n", applied);
	return 0;
}

static const char bootstrap_usage[] =
    "usage: sdrzctl [--config FILE] bootstrap --name NAME --region CODE\n"
    "         --admin-id ID_NUMBER --admin-name NAME --admin-password PASSWORD\n"
    "         [--uscc USCC] [--admin-phone MOBILE] [--admin-email EMAIL]\n"
    "Creates the root organisation, the city HR bureau, and its super admin.\n"
    "CODE is the city's 6-digit region code (Rizhao: 371100). The admin signs\n"
    "in with the resident ID number; an existing person must give their own\n"
    "password. The password may also come from the environment variable\n"
    "SDRZ_ADMIN_PASSWORD, which keeps it out of the process list.\n";

static const char org_add_usage[] =
    "usage: sdrzctl [--config FILE] org-add --kind KIND --parent ID --name NAME\n"
    "         --admin-id ID_NUMBER --admin-name NAME --admin-password PASSWORD\n"
    "         [--region CODE] [--uscc USCC] [--admin-phone MOBILE]\n"
    "         [--admin-email EMAIL]\n"
    "Creates an approved organisation under the approved organisation ID,\n"
    "with its super admin, as the service desk would. KIND is hrb_district,\n"
    "dept, unit or base. The region defaults to the parent's. The password\n"
    "may come from SDRZ_ADMIN_PASSWORD.\n";

/* bootstrap and org-add: the same options, the root or not. */
static int
org_command(struct ctx *c, int argc, char *argv[], int root)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "parent", required_argument, NULL, 'P' },
		{ "name", required_argument, NULL, 'n' },
		{ "org-name", required_argument, NULL, 'n' },
		{ "region", required_argument, NULL, 'r' },
		{ "uscc", required_argument, NULL, 'u' },
		{ "admin-id", required_argument, NULL, 'i' },
		{ "admin-name", required_argument, NULL, 'a' },
		{ "admin-password", required_argument, NULL, 'p' },
		{ "admin-phone", required_argument, NULL, 'm' },
		{ "admin-email", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*usage = root ? bootstrap_usage : org_add_usage;
	const char	*cmd = root ? "bootstrap" : "org-add";
	struct org_new	 o;
	char		 err[512], *end;
	int64_t		 id;
	int		 ch;

	memset(&o, 0, sizeof(o));
	o.kind = root ? "hrb_city" : NULL;
	o.admin_password = getenv("SDRZ_ADMIN_PASSWORD");
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			if (root)
				goto bad;
			o.kind = optarg;
			break;
		case 'P':
			if (root)
				goto bad;
			o.parent_id = strtoll(optarg, &end, 10);
			if (*end != '\0' || o.parent_id < 1)
				goto bad;
			break;
		case 'n': o.name = optarg; break;
		case 'r': o.region_code = optarg; break;
		case 'u': o.uscc = optarg; break;
		case 'i': o.admin_id_number = optarg; break;
		case 'a': o.admin_name = optarg; break;
		case 'p': o.admin_password = optarg; break;
		case 'm': o.admin_phone = optarg; break;
		case 'e': o.admin_email = optarg; break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (optind != argc || o.name == NULL || o.kind == NULL ||
	    (root && o.region_code == NULL) || (!root && o.parent_id == 0) ||
	    o.admin_id_number == NULL || o.admin_name == NULL)
		goto bad;
	if (org_create(c->db, &c->cfg, &o, &id, err, sizeof(err)) != SDRZ_OK) {
		fprintf(stderr, "sdrzctl %s: %s\n", cmd, err);
		return 1;
	}
	printf("created organisation %lld (%s) with super admin %s\n",
	    (long long)id, o.name, o.admin_id_number);
	return 0;
bad:
	fputs(usage, stderr);
	return 2;
}

static int
cmd_bootstrap(struct ctx *c, int argc, char *argv[])
{
	return org_command(c, argc, argv, 1);
}

static int
cmd_org_add(struct ctx *c, int argc, char *argv[])
{
	return org_command(c, argc, argv, 0);
}

static const char gen_usage[] =
    "usage: sdrzctl [--config FILE] gen [--districts N] [--depts N] [--units N]\n"
    "         [--personnel N] [--year YEAR]\n"
    "Bulk-creates a city for benchmarks under the root organisation: 10\n"
    "district bureaus, 100 supervising departments, 20000 units and 1000000\n"
    "approved personnel skewed over the units, each with a public and a\n"
    "professional hour record of YEAR (2026). Admins " GEN_DISTRICT_ADMIN "\n"
    "(the district of the largest unit) and " GEN_UNIT_ADMIN " (the largest\n"
    "unit) sign in with the root admin's password. Once per database.\n";

static int
cmd_gen(struct ctx *c, int argc, char *argv[])
{
	struct gen_opts	 o = { 10, 100, 20000, 1000000, 2026 };
	long		*v;
	char		 err[1024], *end;
	int		 i;

	if (want_help(argc, argv)) {
		fputs(gen_usage, stdout);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		v = NULL;
		if (strcmp(argv[i], "--districts") == 0)
			v = &o.districts;
		else if (strcmp(argv[i], "--depts") == 0)
			v = &o.depts;
		else if (strcmp(argv[i], "--units") == 0)
			v = &o.units;
		else if (strcmp(argv[i], "--personnel") == 0)
			v = &o.personnel;
		else if (strcmp(argv[i], "--year") == 0 && i + 1 < argc) {
			o.year = (int)strtol(argv[++i], &end, 10);
			if (*end != '\0' || o.year < 2000 || o.year > 2100)
				goto bad;
			continue;
		}
		if (v == NULL || i + 1 >= argc)
			goto bad;
		*v = strtol(argv[++i], &end, 10);
		if (*end != '\0' || *v < 0 || *v > 100000000)
			goto bad;
	}
	if (gen_city(c->db, &o, stdout, err, sizeof(err)) != SDRZ_OK) {
		fprintf(stderr, "sdrzctl gen: %s\n", err);
		return 1;
	}
	return 0;
bad:
	fputs(gen_usage, stderr);
	return 2;
}

static const char demo_usage[] =
    "usage: sdrzctl [--config FILE] demo\n"
    "Loads the demo data: the Rizhao city HR bureau, its district bureaus,\n"
    "supervising departments, units with a branch, a CE base, each with its\n"
    "super admin, and approved personnel; what exists already is kept.\n"
    "Prints the demo accounts. For development and demonstrations only.\n";

static int
cmd_demo(struct ctx *c, int argc, char *argv[])
{
	char	 err[512];

	if (want_help(argc, argv)) {
		fputs(demo_usage, stdout);
		return 0;
	}
	if (argc != 1) {
		fputs(demo_usage, stderr);
		return 2;
	}
	if (demo_load(c->db, &c->cfg, stdout, err, sizeof(err)) != SDRZ_OK) {
		fprintf(stderr, "sdrzctl demo: %s\n", err[0] ? err :
		    db_error(c->db));
		return 1;
	}
	return 0;
}

static const char mail_send_usage[] =
    "usage: sdrzctl [--config FILE] mail-send\n"
    "Hands the mail waiting in the outbox to the configured command\n"
    "(mail_command, a sendmail-compatible program that reads one message on\n"
    "its standard input) and marks each sent once the command succeeded. A\n"
    "failed message is tried again on the next run, up to 10 times. Run it\n"
    "every minute from cron or a systemd timer.\n";

static int
cmd_mail_send(struct ctx *c, int argc, char *argv[])
{
	int		 sent, failed;
	enum sdrz_err	 rc;

	if (want_help(argc, argv)) {
		fputs(mail_send_usage, stdout);
		return 0;
	}
	if (argc != 1) {
		fputs(mail_send_usage, stderr);
		return 2;
	}
	if ((rc = mail_send(c->db, &c->cfg, &sent, &failed)) != SDRZ_OK) {
		fprintf(stderr, "sdrzctl mail-send: %s: %s\n",
		    sdrz_strerror(rc), db_error(c->db));
		return 1;
	}
	printf("sent %d, failed %d\n", sent, failed);
	return failed ? 1 : 0;
}

static const char video_transcode_usage[] =
    "usage: sdrzctl [--config FILE] video-transcode [--watch SECONDS]\n"
    "Transcodes the uploaded videos waiting in the queue, one at a time:\n"
    "ffprobe reads each (duration, size), ffmpeg (ffmpeg_path) writes HLS\n"
    "(H.264/AAC, %d-second segments, two renditions, master.m3u8) under\n"
    "media_dir, and the upload is removed. A failed try is retried on the\n"
    "next run, up to %d tries; a file without video fails at once. Runs\n"
    "of this command never take the same video. With --watch it keeps\n"
    "looking for work every SECONDS until SIGTERM or SIGINT; else it ends\n"
    "when the queue is empty (run it every minute from a timer). Exits 1\n"
    "when a video failed.\n";

/* Set by SIGTERM and SIGINT: the job stops after killing ffmpeg. */
static volatile sig_atomic_t video_stop;

static void
on_stop(int sig)
{
	(void)sig;
	video_stop = 1;
}

static int
cmd_video_transcode(struct ctx *c, int argc, char *argv[])
{
	struct sigaction	 sa;
	struct video_run	 r;
	struct timespec		 ts;
	enum sdrz_err		 rc;
	char			*end;
	long			 watch = 0;
	int			 failed = 0;

	if (want_help(argc, argv)) {
		printf(video_transcode_usage, VIDEO_SEGMENT_SECONDS,
		    VIDEO_TRIES_MAX);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--watch") == 0) {
		watch = strtol(argv[2], &end, 10);
		if (*end != '\0' || watch < 1 || watch > 3600)
			argc = 0;
	}
	if (argc != 1 && !(argc == 3 && watch > 0)) {
		fprintf(stderr, video_transcode_usage, VIDEO_SEGMENT_SECONDS,
		    VIDEO_TRIES_MAX);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	memset(&r, 0, sizeof(r));
	r.stop = &video_stop;
	do {
		if ((rc = video_transcode(c->db, &c->cfg, stdout, &r)) !=
		    SDRZ_OK) {
			fprintf(stderr, "sdrzctl video-transcode: %s: %s\n",
			    sdrz_strerror(rc), db_error(c->db));
			if (!watch)
				return 1;
		}
		failed += r.failed;
		if (!watch)
			break;
		/* Interrupted early by a signal: the loop checks the flag. */
		ts.tv_sec = watch;
		ts.tv_nsec = 0;
		if (!video_stop && r.ready + r.retried + r.failed == 0)
			nanosleep(&ts, NULL);
	} while (!video_stop);
	if (!watch)
		printf("ready %d, retried %d, failed %d\n", r.ready,
		    r.retried, r.failed);
	return failed ? 1 : 0;
}

static const char cert_schema_usage[] =
    "usage: sdrzctl cert-schema\n"
    "Prints the XML schema of certificates and hour registration forms, the\n"
    "one the library checks each document against before it is stored.\n";

static int
cmd_cert_schema(struct ctx *c, int argc, char *argv[])
{
	(void)c;
	if (want_help(argc, argv)) {
		fputs(cert_schema_usage, stdout);
		return 0;
	}
	if (argc != 1) {
		fputs(cert_schema_usage, stderr);
		return 2;
	}
	fputs(cert_xsd, stdout);
	return 0;
}

static const struct cmd {
	const char	*name;
	int		(*fn)(struct ctx *, int, char *[]);
	const char	*summary;
} cmds[] = {
	{ "migrate", cmd_migrate, "apply the pending schema migrations" },
	{ "bootstrap", cmd_bootstrap, "create the city HR bureau and its super admin" },
	{ "org-add", cmd_org_add, "create an approved organisation with its super admin" },
	{ "demo", cmd_demo, "load the demo data" },
	{ "gen", cmd_gen, "bulk-create a city for benchmarks" },
	{ "mail-send", cmd_mail_send, "send the mail waiting in the outbox" },
	{ "video-transcode", cmd_video_transcode, "transcode the uploaded videos to HLS" },
	{ "cert-schema", cmd_cert_schema, "print the XML schema of certificates" },
};

static void
usage(FILE *f)
{
	size_t	 i;

	fputs("usage: sdrzctl [--config FILE] COMMAND [ARGS]\n"
	    "The configuration file holds key = value lines; SDRZ_<KEY>\n"
	    "environment variables override it. Commands:\n", f);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fputs("Each command takes --help.\n", f);
}

int
main(int argc, char *argv[])
{
	struct ctx	 c;
	const char	*config = NULL;
	const struct cmd *cmd = NULL;
	char		 err[512];
	size_t		 i;
	int		 argi = 1, rc;

	log_init("sdrzctl");
	while (argi < argc && argv[argi][0] == '-') {
		if (strcmp(argv[argi], "--config") == 0 && argi + 1 < argc) {
			config = argv[argi + 1];
			argi += 2;
		} else if (strcmp(argv[argi], "--help") == 0 ||
		    strcmp(argv[argi], "-h") == 0) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (argi == argc) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, argv[argi]) == 0)
			cmd = &cmds[i];
	if (cmd == NULL) {
		fprintf(stderr, "sdrzctl: unknown command %s\n", argv[argi]);
		usage(stderr);
		return 2;
	}
	/* Help needs neither configuration nor database. */
	if (want_help(argc - argi, argv + argi))
		return cmd->fn(NULL, argc - argi, argv + argi);

	memset(&c, 0, sizeof(c));
	if (config_load(&c.cfg, config, err, sizeof(err)) == -1) {
		fprintf(stderr, "sdrzctl: %s\n", err);
		return 1;
	}
	/* The admin tool's commands (migrations, bulk generation) may run
	 * long on purpose: no statement time limit, whatever the portals
	 * are configured with. */
	c.cfg.db_statement_timeout_ms = 0;
	if ((c.db = db_new(&c.cfg)) == NULL) {
		config_release(&c.cfg);
		return 1;
	}
	if (db_ping(c.db) != SDRZ_OK) {
		fprintf(stderr, "sdrzctl: cannot reach the database %s on %s: "
		    "%s\n", c.cfg.db_name, c.cfg.db_socket, db_error(c.db));
		rc = 1;
	} else
		rc = cmd->fn(&c, argc - argi, argv + argi);
	db_free(c.db);
	config_release(&c.cfg);
	return rc;
}
