/*
 * config.c — resolves a profile plus registry values into the numbers the
 * rules use: the parsed SharedSection and the session view space size
 * (seed table; "Desktop Heap, part 2" for /3GB; [P9] for Vista and later).
 */
#include "rules.h"

#include <stdio.h>
#include <string.h>

/* Seed: "In practice the maximum value is around 450 MB for most
 * configurations" (session view space + session paged pool, 32-bit). */
#define PRACTICAL_MAX_X86_MB 450

void dh_registry_default(dh_registry *r)
{
    memset(r, 0, sizeof *r);
    r->svs = DH_SVS_DEFAULT;
    r->desktop_heap_logging = true; /* seed comment 50: logging on */
    r->user_handle_quota = DH_USER_QUOTA_DEFAULT;
    r->gdi_handle_quota = DH_GDI_QUOTA_DEFAULT;
}

static void resolve_fixed(const dh_profile *p, const dh_registry *r,
                          dh_config *c)
{
    if (r->boot_3gb && p->has_3gb && p->view_3gb_mb != 0) {
        c->view_size = (uint64_t)p->view_3gb_mb * DH_MB;
        c->view_3gb_forced = true;
        c->svs_ignored = r->svs == DH_SVS_SET;
        c->view_rule = "/3GB: session view space fixed at 20 MB whatever "
                       "SessionViewSize says (seed comments 15 and 29)";
        return;
    }
    bool present = r->svs == DH_SVS_SET ||
                   (r->svs == DH_SVS_DEFAULT && p->svs_present_default);
    if (r->svs == DH_SVS_SET) {
        c->view_size = (uint64_t)r->svs_mb * DH_MB;
        c->view_rule = "SessionViewSize registry value (MB), honoured at "
                       "boot (seed)";
    } else if (present) {
        c->view_size = (uint64_t)p->svs_default_mb * DH_MB;
        c->view_rule = "SessionViewSize as shipped in the registry (seed "
                       "table: 'default registry value')";
    } else {
        c->view_size = (uint64_t)p->svs_absent_mb * DH_MB;
        c->view_rule = "no SessionViewSize value: the size used when it is "
                       "absent (seed table)";
    }
    c->svs_over_practical = p->arch == DH_ARCH_X86 &&
                            r->svs == DH_SVS_SET &&
                            r->svs_mb > PRACTICAL_MAX_X86_MB;
}

static void resolve_view(const dh_profile *p, const dh_registry *r,
                         dh_config *c)
{
    c->boot_3gb_ignored = r->boot_3gb && !p->has_3gb;
    switch (p->view_mode) {
    case DH_VIEW_SYSTEM_SHARED:
        c->view_size = (uint64_t)p->view_const_mb * DH_MB;
        c->svs_ignored = r->svs == DH_SVS_SET;
        c->view_rule = "no Terminal Services: one fixed 48 MB region for "
                       "system mapped views holds every desktop heap (seed)";
        break;
    case DH_VIEW_FIXED_CONST:
        c->view_size = (uint64_t)p->view_const_mb * DH_MB;
        c->svs_ignored = r->svs == DH_SVS_SET;
        c->view_rule = "without hotfix 318942 session view space is fixed "
                       "at 20 MB (seed; comment 74)";
        break;
    case DH_VIEW_FIXED:
        resolve_fixed(p, r, c);
        break;
    case DH_VIEW_DYNAMIC: {
        c->view_size = c->assume.dynamic_view_cap;
        c->svs_ignored = r->svs == DH_SVS_SET;
        c->view_rule = c->view_size == 0
                           ? "dynamic session view space, grows on demand, "
                             "no cap ([P9], [P6])"
                           : "dynamic session view space, grows on demand "
                             "up to the assumed cap dynamic_view_cap_mb";
        /* 32-bit: never more than the kernel address space. */
        uint32_t kva = r->boot_3gb && p->has_3gb ? p->kernel_va_3gb_mb
                                                 : p->kernel_va_mb;
        uint64_t kva_bytes = (uint64_t)kva * DH_MB;
        if (kva != 0 && (c->view_size == 0 || c->view_size > kva_bytes)) {
            c->view_size = kva_bytes;
            c->view_rule = r->boot_3gb
                               ? "dynamic session view space, bounded by "
                                 "the 1 GB kernel address space of 32-bit "
                                 "Windows under /3GB (an upper bound: other "
                                 "kernel regions share it)"
                               : "dynamic session view space, bounded by "
                                 "the 2 GB kernel address space of 32-bit "
                                 "Windows (an upper bound: other kernel "
                                 "regions share it)";
        }
        break;
    }
    }
}

dh_status dh_config_resolve(const dh_profile *p, const dh_registry *r,
                            const dh_assumptions *a, dh_config *out,
                            dh_error *err)
{
    memset(out, 0, sizeof *out);
    out->profile = p;
    out->registry = *r;
    out->assume = *a;
    const char *ss = r->shared_section;
    out->shared_section_default = ss == NULL;
    if (ss == NULL)
        ss = p->default_shared_section;
    snprintf(out->shared_section_text, sizeof out->shared_section_text,
             "%s", ss);
    out->registry.shared_section = out->shared_section_text;
    if (strlen(ss) >= sizeof out->shared_section_text)
        return dh_error_set(err, DH_EINPUT, "SharedSection string longer "
                            "than %zu characters",
                            sizeof out->shared_section_text - 1);
    dh_status st = dh_shared_section_parse(ss, p->page_size, &out->ss, err);
    if (st != DH_OK)
        return st;
    if (r->svs == DH_SVS_SET && (r->svs_mb == 0 || r->svs_mb > 1048576))
        return dh_error_set(err, DH_EINPUT, "SessionViewSize %u MB is out "
                            "of range (1 to 1048576)", r->svs_mb);
    resolve_view(p, r, out);
    return DH_OK;
}
