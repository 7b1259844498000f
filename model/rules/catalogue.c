/*
 * catalogue.c — process kinds for the programs servers run today (cmd,
 * powershell, ..., office-com) and conhost, each a desktop heap cost with
 * a low, typical and high end and where it comes from (docs/sources.md
 * "catalogue"). Almost nothing is measured on x64: most ranges are
 * assumptions, wide on purpose, and say so.
 */
#include "rules.h"

#include <string.h>

#define KB(x) ((uint32_t)((x) * 1024.0 + 0.5))

/* The research behind each row: docs/sources.md "catalogue" ([C1]-[C9]). */
#define NOMAD "[C1] Nomad on Server 2022: 30 raw_exec allocations each " \
              "running PowerShell fit the default 768 KB heap, so one "  \
              "allocation takes at most 25.6 KB with its conhosts"
#define NO_MEASURE "no per-instance measurement found: an assumption, " \
                   "wide on purpose"

static const dh_catalogue_kind kinds[] = {
    {"cmd", "cmd.exe (Windows command processor)", true, false,
     DH_ARCH_X64, {KB(0.5), KB(1), KB(3)}, DH_BASIS_ASSUMED,
     NO_MEASURE "; upper end from " NOMAD},
    {"powershell", "powershell.exe / pwsh.exe (without its conhost)", true,
     false, DH_ARCH_X64, {KB(3), KB(4), KB(13)}, DH_BASIS_DERIVED,
     NOMAD "; less a conhost of 3-12 KB"},
    {"python", "python.exe without tkinter (pythonw.exe is a GUI program)",
     true, false, DH_ARCH_X64, {KB(0.5), KB(1), KB(5)}, DH_BASIS_ASSUMED,
     NO_MEASURE "; the failure itself: [C2] CPython issue 150436 "
     "(0xC0000142 with many console children of a service)"},
    {"node", "node.exe", true, false, DH_ARCH_X64,
     {KB(0.5), KB(1.5), KB(5)}, DH_BASIS_ASSUMED, NO_MEASURE},
    {"git", "git.exe with its short-lived sh/MSYS helpers", true, false,
     DH_ARCH_X64, {KB(1), KB(4), KB(15)}, DH_BASIS_ASSUMED, NO_MEASURE},
    {"go", "a Go console program (Nomad executor, logmon, ...)", true, false,
     DH_ARCH_X64, {KB(0.5), KB(1.5), KB(8)}, DH_BASIS_DERIVED,
     NO_MEASURE "; upper end: " NOMAD ", split over about 3 processes"},
    {"jvm", "java.exe, a JVM or a Java service (javaw.exe is GUI)", true,
     false, DH_ARCH_X86, {KB(20), KB(25), KB(60)}, DH_BASIS_MEASURED,
     "[C3] Tanuki Java Service Wrapper: at least 20 KB per JVM, 10-15 KB "
     "for the wrapper, seen with dheapmon on 32-bit XP/2003; x64 scaled by "
     "x64_opaque_scale_pct"},
    {"dotnet", "dotnet.exe or a .NET console program without WinForms/WPF",
     true, false, DH_ARCH_X64, {KB(1), KB(3), KB(10)}, DH_BASIS_ASSUMED,
     NO_MEASURE},
    {"dotnet-service", "a .NET service host (started by the SCM, no console)",
     false, false, DH_ARCH_X64, {KB(1), KB(3), KB(10)}, DH_BASIS_ASSUMED,
     NO_MEASURE},
    {"chromium-headless", "one headless Chrome/Chromium (browser, GPU and "
     "renderer processes together; Puppeteer, Playwright)", false, true,
     DH_ARCH_X64, {KB(10), KB(13), KB(340)}, DH_BASIS_DERIVED,
     "[C4] Puppeteer issue 5266 (Server 2012 R2): 50 browsers ran, at 100 "
     "20-40 failed: 60-80 fit; 9.6-12.8 KB each if the heap was 768 KB, "
     "256-341 KB if it was the 20 MB interactive one (not said)"},
    {"electron", "an Electron application", false, true, DH_ARCH_X64,
     {KB(15), KB(40), KB(400)}, DH_BASIS_ASSUMED,
     NO_MEASURE "; at least a chromium-headless, plus its visible windows"},
    {"office-com", "Word or Excel started by COM from a service", false,
     true, DH_ARCH_X64, {KB(50), KB(150), KB(500)}, DH_BASIS_ASSUMED,
     NO_MEASURE "; [C5] KB 257757 says server-side Office automation is "
     "unsupported and creates windows, menus and hooks (no numbers)"},
    {"w3wp", "an IIS worker process, inside its desktop", false, false,
     DH_ARCH_X64, {KB(1), KB(3), KB(10)}, DH_BASIS_ASSUMED,
     NO_MEASURE "; what costs is the desktop an app pool identity gets "
     "(KB 831135)"},
    {"svchost", "one svchost.exe service host", false, false, DH_ARCH_X64,
     {KB(0), KB(1), KB(5)}, DH_BASIS_DERIVED,
     "[C6] the !dskheap sample in the debugger help: every LocalSystem "
     "service together used 4 % of 512 KB (about 20 KB)"},
};

/* conhost.exe: one per console (Windows 7 on); not a kind a step names. */
static const dh_catalogue_kind conhost = {
    "conhost", "conhost.exe, the console host of one console (Windows 7 "
    "and later)", false, true, DH_ARCH_X64, {KB(3), KB(6), KB(12)},
    DH_BASIS_ASSUMED,
    "no byte count found: its console window (hidden or not), class and "
    "system menu, a few KB at 0.2-0.4 KB per USER object ([C7]); upper end "
    "from " NOMAD " (two consoles per allocation)"};

size_t dh_catalogue_count(void)
{
    return sizeof kinds / sizeof kinds[0];
}

const dh_catalogue_kind *dh_catalogue_at(size_t i)
{
    return i < dh_catalogue_count() ? &kinds[i] : NULL;
}

int dh_catalogue_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < dh_catalogue_count(); i++)
        if (strcmp(kinds[i].name, name) == 0)
            return (int)i;
    return -1;
}

const dh_catalogue_kind *dh_catalogue_conhost(void)
{
    return &conhost;
}

const char *dh_basis_name(dh_basis b)
{
    switch (b) {
    case DH_BASIS_MEASURED: return "measured";
    case DH_BASIS_DERIVED: return "derived";
    default: return "assumed";
    }
}

uint64_t dh_catalogue_bytes(const dh_catalogue_kind *k, dh_cost_end end,
                            const dh_assumptions *a, const dh_profile *p)
{
    int i = end == DH_COST_LOW ? 0 : end == DH_COST_HIGH ? 2 : 1;
    uint64_t b = k->bytes[i];
    uint64_t pct = a->x64_opaque_scale_pct ? a->x64_opaque_scale_pct : 100;
    if (k->arch == DH_ARCH_X86 && p->arch == DH_ARCH_X64)
        b = b * pct / 100;
    else if (k->arch == DH_ARCH_X64 && p->arch == DH_ARCH_X86)
        b = b * 100 / pct;
    return b;
}

bool dh_profile_has_conhost(const dh_profile *p)
{
    /* USER 6.1 is Windows 7 / Server 2008 R2: conhost.exe from then on. */
    const char *v = p->user_version;
    int major = 0, minor = 0;
    while (*v >= '0' && *v <= '9')
        major = major * 10 + (*v++ - '0');
    if (*v == '.')
        v++;
    while (*v >= '0' && *v <= '9')
        minor = minor * 10 + (*v++ - '0');
    return major > 6 || (major == 6 && minor >= 1);
}
