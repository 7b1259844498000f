/*
 * osprofile.c — one table of Windows versions: page size, SharedSection as
 * shipped, how session view space is sized, the fixed Winlogon/Disconnect
 * heaps. Each row cites its sources (docs/sources.md) and the seed.
 */
#include "rules.h"

#include <stdio.h>
#include <string.h>

/* Sources, quoted once and reused by the rows below. */
#define SRC_SEED "NTDebugging 'Desktop Heap Overview' 2007 (seed)"
#define SRC_PART2 "NTDebugging 'Desktop Heap, part 2' 2007 [P7]"
#define SRC_KB184802 "KB 184802 [P8]"
#define SRC_VISTASP1 "NTDebugging 'default interactive desktop heap size " \
                     "has been increased on 32-bit Vista SP1' 2008 [P9]"
#define SRC_KB947246 "KB 947246 [P11]"
#define SRC_FIXED_X86 "seed comment 20: Winlogon 128 KB, Disconnect 64 KB " \
                      "on 32-bit; seed first dheapmon table"
#define SRC_FIXED_X64 "seed comment 20: 50 % larger on 64-bit, 192/96 KB; " \
                      "seed comment 64 (2003 x64); !dskheap [P12]"
#define SRC_DYNAMIC "[P9] 'session view space is now a dynamic address " \
                    "range'; IT Pro [P6]: SessionViewSize no longer applies"

/* The SubSystems\Windows value as each family ships it: the tokens after
 * the SharedSection values (docs/sources.md "Windows value"). NT 4.0 to
 * 2003 ([P3], the seed body); Vista and 7 add sxssrv,4 ([S5]); Windows 8
 * moved the console out of csrss, so ConServerDllInitialization is gone
 * from Windows 8 on ([S5]). */
#define WV_NT5 " Windows=On SubSystemType=Windows ServerDll=basesrv,1 " \
               "ServerDll=winsrv:UserServerDllInitialization,3 " \
               "ServerDll=winsrv:ConServerDllInitialization,2 " \
               "ProfileControl=Off MaxRequestThreads=16"
#define WV_NT60 " Windows=On SubSystemType=Windows ServerDll=basesrv,1 " \
                "ServerDll=winsrv:UserServerDllInitialization,3 " \
                "ServerDll=winsrv:ConServerDllInitialization,2 " \
                "ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16"
#define WV_NT62 " Windows=On SubSystemType=Windows ServerDll=basesrv,1 " \
                "ServerDll=winsrv:UserServerDllInitialization,3 " \
                "ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16"
#define SRC_WV_NT5 "[P3] prints it for NT 4.0 and the seed body for XP/2003 " \
                   "(the seed's copy ends at ProfileControl=Off)"
#define SRC_WV_NT60 "[S5]: csrss command lines of Windows 7 SP1 x64 " \
                    "machines; Vista and x86 assumed the same (sxssrv,4 " \
                    "from Vista on)"
#define SRC_WV_NT62 "[S5]: csrss command lines of Windows 10 19041 x64 and " \
                    "x86 machines; Windows 8 and later x64 the same"
/* Kernel address space of 32-bit Windows: 2 GB, 1 GB under /3GB. Vista and
 * later x86 assign it dynamically, so session view space can never exceed
 * it (and is less: other kernel regions share it). modern-windows sheet:
 * Windows Internals 6th ed.; Rekall WinVirtualMap. */
#define KVA_X86_MB 2048
#define KVA_X86_3GB_MB 1024

/* Windows 10, 11 and Server 2016-2025 x64 share every value the model
 * uses (only their sources differ): USER 10.0, 1024,20480,768, dynamic
 * view space, 192/96 KB fixed heaps assumed from Windows 7 x64. */
#define USER10_X64                                                        \
    .user_version = "10.0", .wnd_bytes = 376, .arch = DH_ARCH_X64,        \
    .page_size = 4096, .default_shared_section = "1024,20480,768",        \
    .windows_after = WV_NT62, .src_windows = SRC_WV_NT62,                 \
    .view_mode = DH_VIEW_DYNAMIC, .has_3gb = false, .winlogon_kb = 192,   \
    .disconnect_kb = 96, .has_createdesktopex = true,                     \
    .multi_session = true, .has_last_known_good = false,                  \
    .src_view = SRC_DYNAMIC,                                              \
    .src_fixed_heaps = "assumed equal to Windows 7 x64 (192/96 KB); "     \
                       "not found for Windows 10 and later"

/* WND (tagWND) sizes per USER version: Geoff Chappell's WND page
 * (domain-facts 4a): 5.0 0x98; 5.1/5.2 0xA0 / 0x108 (x64); 6.0/6.1 0xB0 /
 * 0x128; 6.2 0xC8 / 0x150; 6.3 0xD8 / 0x170; 10.0 0xE0 / 0x178. Windows 8
 * and 8.1 share Windows 7's SharedSection defaults and dynamic view space
 * (domain-facts table 1: the "Win 7 / 8 / 8.1" and "Vista / 7 / 8 / 8.1
 * x64" rows). */
static const dh_profile profiles[] = {
    {
        .id = "win2000", .name = "Windows 2000 (no Terminal Services)",
        .also = "",
        .user_version = "5.0", .wnd_bytes = 152,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,3072,512",
        .windows_after = WV_NT5, .src_windows = SRC_WV_NT5,
        .view_mode = DH_VIEW_SYSTEM_SHARED, .view_const_mb = 48,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 0,
        .has_createdesktopex = false, .multi_session = false,
        .has_last_known_good = true,
        .src_shared_section = "seed comment 34 (2000 default 3rd value "
                              "512) and comment 28 (2nd value 3072)",
        .src_view = SRC_SEED ": without Terminal Services session space "
                    "does not exist; desktop heaps come from a fixed 48 MB "
                    "region for system mapped views",
        .src_fixed_heaps = "seed comments 28 and 74 (Winlogon 128 KB, no "
                           "Disconnect desktop in 2000 dheapmon output)",
        .secondary = NULL,
    },
    {
        .id = "win2000-ts", .name = "Windows 2000 Terminal Services, "
                                    "without hotfix 318942",
        .also = "",
        .user_version = "5.0", .wnd_bytes = 152,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,3072,512",
        .windows_after = WV_NT5, .src_windows = SRC_WV_NT5,
        .view_mode = DH_VIEW_FIXED_CONST, .view_const_mb = 20,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 0,
        .has_createdesktopex = false, .multi_session = true,
        .has_last_known_good = true,
        .src_shared_section = "seed comments 34 and 28",
        .src_view = SRC_SEED ": without hotfix 318942 session view space "
                    "is fixed at 20 MB; comment 74",
        .src_fixed_heaps = "seed comments 28 and 74",
        .secondary = NULL,
    },
    {
        .id = "win2000-ts-318942", .name = "Windows 2000 Terminal Services, "
                                           "hotfix 318942 or Update Rollup 1",
        .also = "",
        .user_version = "5.0", .wnd_bytes = 152,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,3072,512",
        .windows_after = WV_NT5, .src_windows = SRC_WV_NT5,
        .view_mode = DH_VIEW_FIXED, .svs_present_default = false,
        .svs_default_mb = 20, .svs_absent_mb = 20,
        .has_3gb = true, .view_3gb_mb = 20,
        .winlogon_kb = 128, .disconnect_kb = 0,
        .has_createdesktopex = false, .multi_session = true,
        .has_last_known_good = true,
        .src_shared_section = "seed comments 34 and 28",
        .src_view = SRC_SEED ": 20 MB when no SessionViewSize value; "
                    "comment 74: the hotfix adds SessionViewSize support",
        .src_fixed_heaps = "seed comments 28 and 74",
        .secondary = NULL,
    },
    {
        .id = "winxp-x86", .name = "Windows XP (x86)", .also = "",
        .user_version = "5.1", .wnd_bytes = 160,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,3072,512",
        .windows_after = WV_NT5, .src_windows = SRC_WV_NT5,
        .view_mode = DH_VIEW_FIXED, .svs_present_default = true,
        .svs_default_mb = 48, .svs_absent_mb = 20,
        .has_3gb = true, .view_3gb_mb = 20,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = false, .multi_session = true,
        .has_last_known_good = true,
        .src_shared_section = SRC_SEED "; " SRC_KB184802,
        .src_view = SRC_SEED " table: 20 MB without the value, 48 MB "
                    "default value; " SRC_PART2 ": 20 MB under /3GB",
        .src_fixed_heaps = SRC_FIXED_X86,
        .secondary = NULL,
    },
    {
        .id = "win2003-x86", .name = "Windows Server 2003 (x86)", .also = "",
        .user_version = "5.2", .wnd_bytes = 160,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,3072,512",
        .windows_after = WV_NT5, .src_windows = SRC_WV_NT5,
        .view_mode = DH_VIEW_FIXED, .svs_present_default = true,
        .svs_default_mb = 48, .svs_absent_mb = 20,
        .has_3gb = true, .view_3gb_mb = 20,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = false, .multi_session = true,
        .has_last_known_good = true,
        .src_shared_section = SRC_SEED "; " SRC_KB184802,
        .src_view = SRC_SEED " table: 20 MB without the value (Terminal "
                    "Server default), 48 MB default value; " SRC_PART2
                    " and seed comment 29: 20 MB under /3GB",
        .src_fixed_heaps = SRC_FIXED_X86,
        .secondary = NULL,
    },
    {
        .id = "win2003-x64", .name = "Windows Server 2003 (x64)",
        .also = "Windows XP x64",
        .user_version = "5.2", .wnd_bytes = 264,
        .arch = DH_ARCH_X64, .page_size = 4096,
        .default_shared_section = "1024,20480,768",
        .windows_after = WV_NT5, .src_windows = SRC_WV_NT5 "; assumed the same on x64",
        .view_mode = DH_VIEW_FIXED, .svs_present_default = false,
        .svs_default_mb = 104, .svs_absent_mb = 104,
        .has_3gb = false, .view_3gb_mb = 0,
        .winlogon_kb = 192, .disconnect_kb = 96,
        .has_createdesktopex = false, .multi_session = true,
        .has_last_known_good = true,
        .src_shared_section = "assumed equal to the later x64 default "
                              "1024,20480,768 [P10]; not found for 2003 x64",
        .src_view = "104 MB: secondary source [S2] (Czech admin blog "
                    "restating KB 840342)",
        .src_fixed_heaps = SRC_FIXED_X64,
        .secondary = "session view space 104 MB rests on a secondary "
                     "source [S2]; the default SharedSection is assumed "
                     "from later x64 versions",
    },
    {
        .id = "vista-x86", .name = "Windows Vista RTM (x86)", .also = "",
        .user_version = "6.0", .wnd_bytes = 176,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,3072,512",
        .windows_after = WV_NT60, .src_windows = SRC_WV_NT60,
        .view_mode = DH_VIEW_DYNAMIC,
        .kernel_va_mb = KVA_X86_MB, .kernel_va_3gb_mb = KVA_X86_3GB_MB,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
        .has_last_known_good = true,
        .src_shared_section = SRC_VISTASP1 ": RTM kept 3072",
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = "seed comment 7: Vista session 1 shows 64 and "
                           "128 KB desktops",
        .secondary = NULL,
    },
    {
        .id = "vista-sp1-x86", .name = "Windows Vista SP1 (x86)",
        .also = "Windows Server 2008 (x86)",
        .user_version = "6.0", .wnd_bytes = 176,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,12288,512",
        .windows_after = WV_NT60, .src_windows = SRC_WV_NT60,
        .view_mode = DH_VIEW_DYNAMIC,
        .kernel_va_mb = KVA_X86_MB, .kernel_va_3gb_mb = KVA_X86_3GB_MB,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
        .has_last_known_good = true,
        .src_shared_section = SRC_VISTASP1 ": 3 MB raised to 12 MB",
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = SRC_FIXED_X86,
        .secondary = NULL,
    },
    {
        .id = "win7-x86", .name = "Windows 7 (x86)",
        .also = "",
        .user_version = "6.1", .wnd_bytes = 176,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,12288,512",
        .windows_after = WV_NT60, .src_windows = SRC_WV_NT60,
        .view_mode = DH_VIEW_DYNAMIC,
        .kernel_va_mb = KVA_X86_MB, .kernel_va_3gb_mb = KVA_X86_3GB_MB,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
        .has_last_known_good = true,
        .src_shared_section = SRC_KB947246 ": Windows 7 SP1 x86 "
                              "1024,12288,512",
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = SRC_FIXED_X86,
        .secondary = NULL,
    },
    {
        .id = "win7-x64", .name = "Windows 7 (x64)",
        .also = "Vista x64, Server 2008 R2",
        .user_version = "6.1", .wnd_bytes = 296,
        .arch = DH_ARCH_X64, .page_size = 4096,
        .default_shared_section = "1024,20480,768",
        .windows_after = WV_NT60, .src_windows = SRC_WV_NT60,
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = false,
        .winlogon_kb = 192, .disconnect_kb = 96,
        .has_createdesktopex = true, .multi_session = true,
        .has_last_known_good = true,
        .src_shared_section = SRC_KB184802 " per-OS list [P10]; " SRC_KB947246,
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = SRC_FIXED_X64,
        .secondary = NULL,
    },
    {
        .id = "win8-x86", .name = "Windows 8 (x86)",
        .also = "",
        .user_version = "6.2", .wnd_bytes = 200,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,12288,512",
        .windows_after = WV_NT62, .src_windows = SRC_WV_NT62,
        .view_mode = DH_VIEW_DYNAMIC,
        .kernel_va_mb = KVA_X86_MB, .kernel_va_3gb_mb = KVA_X86_3GB_MB,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
        .has_last_known_good = false,
        .src_shared_section = SRC_KB947246 ": Windows 7 SP1 x86 "
                              "1024,12288,512",
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = SRC_FIXED_X86,
        .secondary = NULL,
    },
    {
        .id = "win8-x64", .name = "Windows 8 (x64)",
        .also = "Server 2012",
        .user_version = "6.2", .wnd_bytes = 336,
        .arch = DH_ARCH_X64, .page_size = 4096,
        .default_shared_section = "1024,20480,768",
        .windows_after = WV_NT62, .src_windows = SRC_WV_NT62,
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = false,
        .winlogon_kb = 192, .disconnect_kb = 96,
        .has_createdesktopex = true, .multi_session = true,
        .has_last_known_good = false,
        .src_shared_section = SRC_KB184802 " per-OS list [P10]; " SRC_KB947246,
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = SRC_FIXED_X64,
        .secondary = NULL,
    },
    {
        .id = "win81-x86", .name = "Windows 8.1 (x86)",
        .also = "",
        .user_version = "6.3", .wnd_bytes = 216,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,12288,512",
        .windows_after = WV_NT62, .src_windows = SRC_WV_NT62,
        .view_mode = DH_VIEW_DYNAMIC,
        .kernel_va_mb = KVA_X86_MB, .kernel_va_3gb_mb = KVA_X86_3GB_MB,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
        .has_last_known_good = false,
        .src_shared_section = SRC_KB947246 ": Windows 7 SP1 x86 "
                              "1024,12288,512",
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = SRC_FIXED_X86,
        .secondary = NULL,
    },
    {
        .id = "win81-x64", .name = "Windows 8.1 (x64)",
        .also = "Server 2012 R2",
        .user_version = "6.3", .wnd_bytes = 368,
        .arch = DH_ARCH_X64, .page_size = 4096,
        .default_shared_section = "1024,20480,768",
        .windows_after = WV_NT62, .src_windows = SRC_WV_NT62,
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = false,
        .winlogon_kb = 192, .disconnect_kb = 96,
        .has_createdesktopex = true, .multi_session = true,
        .has_last_known_good = false,
        .src_shared_section = SRC_KB184802 " per-OS list [P10]; " SRC_KB947246,
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = SRC_FIXED_X64,
        .secondary = NULL,
    },
    {
        .id = "win10-x64", .name = "Windows 10 (x64)",
        .also = "",
        USER10_X64,
        .src_shared_section = "1024,20480,768 on Windows 10 machines' csrss "
                              "command lines [S5]; " SRC_KB947246,
        .secondary = "Winlogon/Disconnect sizes are assumed from "
                     "Windows 7 x64",
    },
    {
        .id = "win10-x86", .name = "Windows 10 (x86)",
        .also = "",
        .user_version = "10.0", .wnd_bytes = 224,
        .arch = DH_ARCH_X86, .page_size = 4096,
        .default_shared_section = "1024,12288,512",
        .windows_after = WV_NT62, .src_windows = SRC_WV_NT62,
        .view_mode = DH_VIEW_DYNAMIC,
        .kernel_va_mb = KVA_X86_MB, .kernel_va_3gb_mb = KVA_X86_3GB_MB,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
        .has_last_known_good = false,
        .src_shared_section = "1024,12288,512 on a Windows 10 19041 x86 "
                              "machine's csrss command line [S5]",
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = "assumed equal to Windows 7 x86 (128/64 KB); "
                           "not found for Windows 10",
        .secondary = "the default SharedSection was seen on one machine "
                     "[S5]; Winlogon/Disconnect sizes are assumed from "
                     "Windows 7 x86",
    },
    {
        .id = "win11-x64", .name = "Windows 11 (x64)",
        .also = "",
        USER10_X64,
        .src_shared_section = "assumed equal to Windows 10 x64: observed on "
                              "Server 2022 [S4]; " SRC_KB947246,
        .secondary = "the default SharedSection is assumed from "
                     "Windows 10 and Server 2022 [S4]; Winlogon/Disconnect "
                     "sizes from Windows 7 x64",
    },
    {
        .id = "server2016", .name = "Windows Server 2016",
        .also = "",
        USER10_X64,
        .src_shared_section = "assumed equal to Server 2022 [S4]; " SRC_KB947246
                              " (applies to supported Windows Server)",
        .secondary = "the default SharedSection is assumed from "
                     "Server 2022 [S4]; Winlogon/Disconnect sizes from "
                     "Windows 7 x64",
    },
    {
        .id = "server2019", .name = "Windows Server 2019",
        .also = "",
        USER10_X64,
        .src_shared_section = "assumed equal to Server 2022 [S4]; " SRC_KB947246
                              " (applies to supported Windows Server)",
        .secondary = "the default SharedSection is assumed from "
                     "Server 2022 [S4]; Winlogon/Disconnect sizes from "
                     "Windows 7 x64",
    },
    {
        .id = "server2022", .name = "Windows Server 2022",
        .also = "",
        USER10_X64,
        .src_shared_section = "1024,20480,768 observed on Server 2022 build "
                              "20348 [S4]; " SRC_KB947246,
        .secondary = "the default SharedSection was observed by a third "
                     "party [S4]; Winlogon/Disconnect sizes are assumed "
                     "from Windows 7 x64",
    },
    {
        .id = "server2025", .name = "Windows Server 2025",
        .also = "",
        USER10_X64,
        .src_shared_section = "not found for Server 2025: assumed equal to "
                              "Server 2022 [S4]",
        .secondary = "nothing was found for Server 2025: every value is "
                     "assumed from Server 2022 [S4] and Windows 7 x64",
    },
};

size_t dh_profile_count(void)
{
    return sizeof profiles / sizeof profiles[0];
}

const dh_profile *dh_profile_at(size_t i)
{
    return i < dh_profile_count() ? &profiles[i] : NULL;
}

const dh_profile *dh_profile_find(const char *id)
{
    for (size_t i = 0; id != NULL && i < dh_profile_count(); i++)
        if (strcmp(profiles[i].id, id) == 0)
            return &profiles[i];
    return NULL;
}

const char *dh_arch_name(dh_arch a)
{
    return a == DH_ARCH_X64 ? "x64" : "x86";
}

const char *dh_view_mode_name(dh_view_mode m)
{
    switch (m) {
    case DH_VIEW_SYSTEM_SHARED: return "system-shared";
    case DH_VIEW_FIXED_CONST: return "fixed";
    case DH_VIEW_FIXED: return "fixed-registry";
    case DH_VIEW_DYNAMIC: return "dynamic";
    }
    return "?";
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

bool dh_profile_same_values(const dh_profile *a, const dh_profile *b)
{
    return a->arch == b->arch && a->page_size == b->page_size &&
           a->wnd_bytes == b->wnd_bytes &&
           same_str(a->user_version, b->user_version) &&
           same_str(a->default_shared_section, b->default_shared_section) &&
           same_str(a->windows_after, b->windows_after) &&
           a->view_mode == b->view_mode &&
           a->view_const_mb == b->view_const_mb &&
           a->svs_present_default == b->svs_present_default &&
           a->svs_default_mb == b->svs_default_mb &&
           a->svs_absent_mb == b->svs_absent_mb &&
           a->has_3gb == b->has_3gb && a->view_3gb_mb == b->view_3gb_mb &&
           a->kernel_va_mb == b->kernel_va_mb &&
           a->kernel_va_3gb_mb == b->kernel_va_3gb_mb &&
           a->winlogon_kb == b->winlogon_kb &&
           a->disconnect_kb == b->disconnect_kb &&
           a->has_createdesktopex == b->has_createdesktopex &&
           a->multi_session == b->multi_session &&
           a->has_last_known_good == b->has_last_known_good;
}

/* Edit distance of two short lowercase strings (ids are under 32). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31)
        return 99;
    size_t row[32];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (up + 1 < best)
                best = up + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* "Windows-Server_2019" -> "windowsserver2019"; "win 11" -> "win11". */
static void fold(const char *s, char *out, size_t len)
{
    size_t n = 0;
    for (; s != NULL && *s != '\0' && n + 1 < len; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[n++] = c;
    }
    out[n] = '\0';
}

/* How close an unknown id is to profile p: 0 best, 99 not close. */
static size_t closeness(const char *query, const dh_profile *p)
{
    char q[64], id[64], base[64];
    fold(query, q, sizeof q);
    fold(p->id, id, sizeof id);
    snprintf(base, sizeof base, "%s", id);
    size_t bl = strlen(base);
    if (bl > 3 && (strcmp(base + bl - 3, "x64") == 0 ||
                   strcmp(base + bl - 3, "x86") == 0))
        base[bl - 3] = '\0';
    if (q[0] == '\0')
        return 99;
    /* "windows2019", "ws2019": the version number names it */
    const char *digits = q + strcspn(q, "0123456789");
    if (strlen(digits) >= 2 && strstr(id, digits) != NULL &&
        strncmp(id, "server", 6) == 0 && strstr(q, "server") == NULL &&
        strchr(digits, 'x') == NULL)
        return 1;
    if (strcmp(q, base) == 0 || strstr(id, q) == id)
        return 0;
    if (strstr(q, id) != NULL || strstr(id, q) != NULL)
        return 1;
    size_t d = distance(q, id), db = distance(q, base);
    if (db < d)
        d = db;
    size_t limit = strlen(q) / 3 + 1;
    return d <= limit ? d + 1 : 99;
}

void dh_profile_suggest(const char *id, char *buf, size_t len)
{
    if (len == 0)
        return;
    buf[0] = '\0';
    const dh_profile *pick[3] = {NULL, NULL, NULL};
    size_t score[3] = {99, 99, 99};
    for (size_t i = 0; i < dh_profile_count(); i++) {
        size_t c = closeness(id, &profiles[i]);
        for (size_t k = 0; k < 3 && c < 99; k++) {
            if (c < score[k]) {
                for (size_t m = 2; m > k; m--) {
                    pick[m] = pick[m - 1];
                    score[m] = score[m - 1];
                }
                pick[k] = &profiles[i];
                score[k] = c;
                break;
            }
        }
    }
    if (pick[0] == NULL)
        return;
    size_t n = (size_t)snprintf(buf, len, "; did you mean '%s'", pick[0]->id);
    /* only those about as close as the best one */
    for (size_t k = 1; k < 3; k++)
        if (pick[k] != NULL && score[k] > score[0] + 1)
            pick[k] = NULL;
    for (size_t k = 1; k < 3 && pick[k] != NULL && n < len; k++)
        n += (size_t)snprintf(buf + n, len - n, "%s'%s'",
                              k + 1 < 3 && pick[k + 1] != NULL ? ", " : " or ",
                              pick[k]->id);
    if (n < len)
        snprintf(buf + n, len - n, "?");
}
