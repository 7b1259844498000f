/*
 * stations.c — rule 4: which window station a service's processes use.
 * LocalSystem, NetworkService and LocalService share fixed stations named
 * after their LUIDs; any other account gets a station per logon (seed,
 * "What are all these window stations"; seed comment 23; KB 184802).
 */
#include "rules.h"

#include <stdio.h>

void dh_rule_service_station(dh_account acct, bool interactive, uint64_t luid,
                             char *buf, size_t len)
{
    /* Seed: "service processes that run as LocalSystem interactive start in
     * Winsta0"; comment 78. Only LocalSystem may interact. */
    if (acct == DH_ACCOUNT_LOCALSYSTEM && interactive) {
        snprintf(buf, len, "WinSta0");
        return;
    }
    switch (acct) {
    case DH_ACCOUNT_LOCALSYSTEM: luid = DH_LUID_SYSTEM; break;
    case DH_ACCOUNT_NETWORKSERVICE: luid = DH_LUID_NETWORKSERVICE; break;
    case DH_ACCOUNT_LOCALSERVICE: luid = DH_LUID_LOCALSERVICE; break;
    case DH_ACCOUNT_USER: break;
    }
    /* Name format Service-0x<high>-<low>$ in lower-case hex, as in the
     * seed's samples (Service-0x0-3e7$, Service-0x0-22e1$). */
    snprintf(buf, len, "Service-0x%llx-%llx$",
             (unsigned long long)(luid >> 32),
             (unsigned long long)(luid & 0xFFFFFFFFull));
}

const char *dh_account_name(dh_account a)
{
    switch (a) {
    case DH_ACCOUNT_LOCALSYSTEM: return "LocalSystem";
    case DH_ACCOUNT_NETWORKSERVICE: return "NetworkService";
    case DH_ACCOUNT_LOCALSERVICE: return "LocalService";
    case DH_ACCOUNT_USER: return "user";
    }
    return "?";
}
