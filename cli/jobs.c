/*
 * jobs.c — the executor the program gives the planning commands
 * (model/base/base.h): up to -j N POSIX threads take the jobs by index
 * from a shared counter; results go to each job's own slot, so output is
 * the same at every N. Default N: the processors online.
 */
#include "cli.h"
#include "platform.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct {
    pthread_mutex_t mu;
    size_t next, finished, n;
    dh_job_fn job;
    dh_done_fn done;
    void *ctx;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->mu);
        if (i == p->n)
            return NULL;
        p->job(p->ctx, i);
        pthread_mutex_lock(&p->mu);
        p->finished++;
        if (p->done != NULL)
            p->done(p->ctx, p->finished, p->n);
        pthread_mutex_unlock(&p->mu);
    }
}

static void run_threads(const dh_executor *self, size_t n, dh_job_fn job,
                        dh_done_fn done, void *ctx)
{
    pool p = {.n = n, .job = job, .done = done, .ctx = ctx};
    size_t want = self->jobs < n ? self->jobs : n;
    pthread_t *t = want > 1 ? malloc((want - 1) * sizeof *t) : NULL;
    size_t started = 0;
    if (pthread_mutex_init(&p.mu, NULL) != 0) {
        free(t);
        dh_execute(NULL, n, job, done, ctx); /* one after another */
        return;
    }
    /* Threads that cannot be made are not needed: this one works too. */
    while (t != NULL && started + 1 < want &&
           pthread_create(&t[started], NULL, worker, &p) == 0)
        started++;
    worker(&p);
    for (size_t k = 0; k < started; k++)
        pthread_join(t[k], NULL);
    pthread_mutex_destroy(&p.mu);
    free(t);
}

unsigned cli_default_jobs(void)
{
    unsigned n = plat_processors();
    return n > CLI_MAX_JOBS ? CLI_MAX_JOBS : n;
}

void cli_executor(dh_executor *ex, unsigned jobs)
{
    ex->run = run_threads;
    ex->jobs = jobs != 0 ? jobs : cli_default_jobs();
}
