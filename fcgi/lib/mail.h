/*
 * Mail through an outbox table: a message is queued in the transaction
 * that needs it, and `sdrzctl mail-send` hands the queue to the configured
 * sendmail-compatible command (mail_command), marking each message sent
 * only after the command succeeded.
 */
#ifndef SDRZ_MAIL_H
#define SDRZ_MAIL_H

#include "sdrz.h"

struct config;
struct db;

enum sdrz_err	 mail_queue(struct db *, const char *to, const char *subject,
		    const char *body);
/* Sends what waits (at most 100 per call); counts into sent and failed. */
enum sdrz_err	 mail_send(struct db *, const struct config *, int *sent,
		    int *failed);

#endif
