/*
 * reservation.c — rule 3: at session start win32k reserves view space for
 * the heaps it expects; if they do not fit it falls back to 512/128 KB
 * (seed comment 29; "Desktop Heap, part 2" [P7], translation [S1]).
 */
#include "rules.h"

/* The expected set: the shared heap (if it is mapped there), the other
 * consumers, the interactive desktops a session starts with (Default at the
 * 2nd value, Winlogon, Disconnect), and N non-interactive heaps at the 3rd
 * value. Which heaps win32k counts is not public (domain-facts s.6 gap 11);
 * N is the assumption reserve_noninteractive. Only fixed view spaces are
 * checked: a dynamic one (Vista+) has nothing to reserve up front. */
bool dh_rule_reservation_falls_back(const dh_config *c, uint64_t *need)
{
    const dh_profile *p = c->profile;
    const dh_assumptions *a = &c->assume;
    uint64_t n = 0;
    if (a->shared_heap_in_view)
        n += dh_rule_view_bytes(c, c->ss.shared_kb * DH_KB);
    n += dh_rule_view_bytes(c, a->other_bytes);
    n += dh_rule_view_bytes(c, c->ss.interactive_kb * DH_KB);
    n += dh_rule_view_bytes(c, (uint64_t)p->winlogon_kb * DH_KB);
    n += dh_rule_view_bytes(c, (uint64_t)p->disconnect_kb * DH_KB);
    n += (uint64_t)a->reserve_noninteractive *
         dh_rule_view_bytes(c, c->ss.noninteractive_kb * DH_KB);
    *need = n;
    if (p->view_mode == DH_VIEW_DYNAMIC || c->view_size == 0)
        return false;
    return n > c->view_size;
}
