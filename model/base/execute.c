/*
 * execute.c — running a plan's independent jobs through the executor the
 * program gives (base.h), or one after another in order without one.
 */
#include "base.h"

void dh_execute(const dh_executor *ex, size_t n, dh_job_fn job,
                dh_done_fn done, void *ctx)
{
    if (ex != NULL && ex->run != NULL && ex->jobs > 1 && n > 1) {
        ex->run(ex, n, job, done, ctx);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        job(ctx, i);
        if (done != NULL)
            done(ctx, i + 1, n);
    }
}
