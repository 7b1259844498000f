/*
 * osprofile.c — one table of Windows versions: page size, SharedSection as
 * shipped, how session view space is sized, the fixed Winlogon/Disconnect
 * heaps. Each row cites its sources (docs/sources.md) and the seed.
 */
#include "rules.h"

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
        .view_mode = DH_VIEW_SYSTEM_SHARED, .view_const_mb = 48,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 0,
        .has_createdesktopex = false, .multi_session = false,
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
        .view_mode = DH_VIEW_FIXED_CONST, .view_const_mb = 20,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 0,
        .has_createdesktopex = false, .multi_session = true,
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
        .view_mode = DH_VIEW_FIXED, .svs_present_default = false,
        .svs_default_mb = 20, .svs_absent_mb = 20,
        .has_3gb = true, .view_3gb_mb = 20,
        .winlogon_kb = 128, .disconnect_kb = 0,
        .has_createdesktopex = false, .multi_session = true,
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
        .view_mode = DH_VIEW_FIXED, .svs_present_default = true,
        .svs_default_mb = 48, .svs_absent_mb = 20,
        .has_3gb = true, .view_3gb_mb = 20,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = false, .multi_session = true,
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
        .view_mode = DH_VIEW_FIXED, .svs_present_default = true,
        .svs_default_mb = 48, .svs_absent_mb = 20,
        .has_3gb = true, .view_3gb_mb = 20,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = false, .multi_session = true,
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
        .view_mode = DH_VIEW_FIXED, .svs_present_default = false,
        .svs_default_mb = 104, .svs_absent_mb = 104,
        .has_3gb = false, .view_3gb_mb = 0,
        .winlogon_kb = 192, .disconnect_kb = 96,
        .has_createdesktopex = false, .multi_session = true,
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
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
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
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
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
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
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
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = false,
        .winlogon_kb = 192, .disconnect_kb = 96,
        .has_createdesktopex = true, .multi_session = true,
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
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
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
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = false,
        .winlogon_kb = 192, .disconnect_kb = 96,
        .has_createdesktopex = true, .multi_session = true,
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
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = true,
        .winlogon_kb = 128, .disconnect_kb = 64,
        .has_createdesktopex = true, .multi_session = true,
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
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = false,
        .winlogon_kb = 192, .disconnect_kb = 96,
        .has_createdesktopex = true, .multi_session = true,
        .src_shared_section = SRC_KB184802 " per-OS list [P10]; " SRC_KB947246,
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = SRC_FIXED_X64,
        .secondary = NULL,
    },
    {
        .id = "win10-x64", .name = "Windows 10 / 11 (x64)",
        .also = "Server 2016, 2019, 2022",
        .user_version = "10.0", .wnd_bytes = 376,
        .arch = DH_ARCH_X64, .page_size = 4096,
        .default_shared_section = "1024,20480,768",
        .view_mode = DH_VIEW_DYNAMIC,
        .has_3gb = false,
        .winlogon_kb = 192, .disconnect_kb = 96,
        .has_createdesktopex = true, .multi_session = true,
        .src_shared_section = "1024,20480,768 observed on Server 2022 "
                              "[S4]; " SRC_KB947246,
        .src_view = SRC_DYNAMIC,
        .src_fixed_heaps = "assumed equal to Windows 7 x64 (192/96 KB); "
                           "not found for Windows 10",
        .secondary = "the default SharedSection was observed by a third "
                     "party [S4]; Winlogon/Disconnect sizes are assumed "
                     "from Windows 7 x64",
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
