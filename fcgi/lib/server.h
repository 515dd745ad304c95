/*
 * A pre-fork FastCGI server (after fcgiwrap): the master opens one unix
 * socket, forks N workers that accept on it, respawns a worker that dies,
 * and on SIGTERM or SIGINT lets each worker finish its request in flight,
 * then removes the socket.
 */
#ifndef SDRZ_SERVER_H
#define SDRZ_SERVER_H

#include <fcgiapp.h>

/* Handles one accepted request; the server finishes it afterwards. */
typedef void (*server_handler)(FCGX_Request *, void *arg);
/* Runs once in each new worker before it accepts (connect, load); a
 * non-zero return ends the worker. */
typedef int (*server_worker_init)(void *arg);
/* Runs in a worker that stops, after its last request. */
typedef void (*server_worker_fini)(void *arg);

struct server_opts {
	const char		*socket_path;
	const char		*socket_group;	/* the socket's group (nginx's);
						 * NULL or "": the process's */
	int			 workers;
	int			 backlog;
	int			 grace_seconds;	/* for requests in flight at stop */
	server_worker_init	 init;
	server_worker_fini	 fini;
	server_handler		 handle;
	void			*arg;
};

/*
 * Runs the master until it is told to stop. The socket is mode 0660 and
 * belongs to socket_group. Returns 0 after a clean stop, 1 when the socket
 * cannot be opened or given to the group (logged).
 */
int	 server_run(const struct server_opts *);

/* 1 once a worker has been told to stop; handlers may end long work. */
int	 server_stopping(void);

#endif
