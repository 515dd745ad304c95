#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "log.h"
#include "server.h"
#include "util.h"

#define MAX_WORKERS 256

static volatile sig_atomic_t got_stop;
static volatile sig_atomic_t got_child;

static void
on_stop(int sig)
{
	(void)sig;
	got_stop = 1;
	/* Makes a worker's blocked accept return instead of restarting. */
	FCGX_ShutdownPending();
}

static void
on_child(int sig)
{
	(void)sig;
	got_child = 1;
}

int
server_stopping(void)
{
	return got_stop != 0;
}

static void
set_handler(int sig, void (*fn)(int))
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: accept(2) must return EINTR on a stop. */
	sa.sa_flags = 0;
	sigaction(sig, &sa, NULL);
}

/*
 * The worker's loop. SIGTERM is blocked while a request is handled, so a
 * stop never interrupts the request's reads and writes; it is delivered
 * when the worker goes back to accept, which it then leaves.
 */
static int
worker_loop(int fd, const struct server_opts *o)
{
	FCGX_Request	 req;
	sigset_t	 term, none;
	int		 rc;

	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &term, NULL);
	set_handler(SIGTERM, on_stop);
	set_handler(SIGINT, on_stop);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	/* A worker whose master died stops too. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		return 0;

	if (o->init != NULL && o->init(o->arg) != 0)
		return 1;
	if (FCGX_InitRequest(&req, fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_warn("FCGX_InitRequest failed");
		return 1;
	}
	for (;;) {
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (got_stop)
			break;
		rc = FCGX_Accept_r(&req);
		sigprocmask(SIG_SETMASK, &term, NULL);
		if (rc < 0) {
			if (got_stop)
				break;
			if (errno == EINTR)
				continue;
			log_warn("accept failed: %s", strerror(errno));
			break;
		}
		o->handle(&req, o->arg);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	if (o->fini != NULL)
		o->fini(o->arg);
	return 0;
}

/* 1 when something already listens on the socket path. */
static int
socket_in_use(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd, rc;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return 0;
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return 0;
	rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return rc;
}

static pid_t
spawn(int fd, const struct server_opts *o)
{
	pid_t	 pid;

	if ((pid = fork()) == -1) {
		log_warn("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		_exit(worker_loop(fd, o));
	return pid;
}

int
server_run(const struct server_opts *o)
{
	pid_t		 pids[MAX_WORKERS] = { 0 };
	time_t		 born[MAX_WORKERS] = { 0 };
	int		 fd, i, n, status, alive;
	pid_t		 pid;
	sigset_t	 block, old;
	struct stat	 st;
	struct group	*gr;
	gid_t		 gid = (gid_t)-1;
	mode_t		 mask;
	time_t		 deadline;

	n = o->workers < 1 ? 1 : o->workers > MAX_WORKERS ? MAX_WORKERS :
	    o->workers;
	if (FCGX_Init() != 0) {
		log_warn("FCGX_Init failed");
		return 1;
	}
	if (socket_in_use(o->socket_path)) {
		log_warn("%s: another server is listening there",
		    o->socket_path);
		return 1;
	}
	if (o->socket_group != NULL && *o->socket_group != '\0') {
		errno = 0;
		if ((gr = getgrnam(o->socket_group)) == NULL) {
			log_warn("socket_group %s: %s", o->socket_group,
			    errno ? strerror(errno) : "no such group");
			return 1;
		}
		gid = gr->gr_gid;
	}
	if (lstat(o->socket_path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(o->socket_path);
	/* Made 0660 from the start: no moment in which others may connect. */
	mask = umask(0117);
	fd = FCGX_OpenSocket(o->socket_path, o->backlog);
	umask(mask);
	if (fd < 0) {
		log_warn("%s: cannot listen: %s", o->socket_path,
		    strerror(errno));
		return 1;
	}
	/* nginx runs as another user in socket_group: it may connect, other
	 * local users may not (they would skip nginx's limits and could
	 * forge REMOTE_ADDR). */
	if ((gid != (gid_t)-1 && chown(o->socket_path, (uid_t)-1, gid) == -1) ||
	    chmod(o->socket_path, 0660) == -1) {
		log_warn("%s: cannot give the socket to group %s: %s",
		    o->socket_path, o->socket_group, strerror(errno));
		close(fd);
		unlink(o->socket_path);
		return 1;
	}

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	set_handler(SIGTERM, on_stop);
	set_handler(SIGINT, on_stop);
	set_handler(SIGCHLD, on_child);
	signal(SIGPIPE, SIG_IGN);

	for (i = 0; i < n; i++) {
		pids[i] = spawn(fd, o);
		born[i] = time(NULL);
	}
	log_info("listening on %s with %d workers", o->socket_path, n);

	while (!got_stop) {
		sigsuspend(&old);
		if (!got_child)
			continue;
		got_child = 0;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (i = 0; i < n && pids[i] != pid; i++)
				continue;
			if (i == n)
				continue;
			pids[i] = 0;
			if (got_stop)
				break;
			if (WIFSIGNALED(status))
				log_warn("worker %d killed by signal %d; "
				    "respawning", (int)pid, WTERMSIG(status));
			else
				log_warn("worker %d exited with %d; "
				    "respawning", (int)pid, WEXITSTATUS(status));
			/* A worker that dies at once (no database
			 * configuration, say) must not make a fork loop. */
			if (time(NULL) - born[i] < 1)
				sleep(1);
			pids[i] = spawn(fd, o);
			born[i] = time(NULL);
		}
	}

	log_info("stopping %d workers", n);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	deadline = time(NULL) + (o->grace_seconds > 0 ? o->grace_seconds : 10);
	for (;;) {
		alive = 0;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			for (i = 0; i < n; i++)
				if (pids[i] == pid)
					pids[i] = 0;
		for (i = 0; i < n; i++)
			alive += pids[i] > 0;
		if (alive == 0)
			break;
		if (time(NULL) >= deadline) {
			/* XXX: a worker told to stop just before it blocked
			 * in accept(2) sleeps there; it holds no request. */
			for (i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGKILL);
		}
		usleep(20000);
	}
	close(fd);
	unlink(o->socket_path);
	log_info("stopped");
	return 0;
}
