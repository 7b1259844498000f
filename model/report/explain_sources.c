/*
 * explain_sources.c — the references `dheapsim explain` cites, each with
 * its public URL; docs/sources.md has them all, under the same keys ([P5]
 * is the seed).
 */
#include "explain.h"

static const struct {
    const char *key;
    const char *what;
    const char *url;
} sources[] = {
    {"seed, seed comment N", "NTDebugging, 'Desktop Heap Overview' (Matthew "
     "Justice, 2007-01-04) and its reader comments [P5]",
     "https://learn.microsoft.com/en-us/archive/blogs/ntdebugging/"
     "desktop-heap-overview"},
    {"[P7]", "NTDebugging, 'Desktop Heap, part 2' (2007-07-05): the view "
     "space reservation and the 'safe' fallback sizes",
     "https://learn.microsoft.com/fr-fr/archive/blogs/ntdebugging/"
     "desktop-heap-part-2"},
    {"[S1]", "Chinese translation of part 2, which continues where the "
     "English copy is cut off", "http://wjhsh.net/yilang-p-13580911.html"},
    {"KB 184802 [P8]", "'User32.dll or Kernel32.dll does not initialize': "
     "the three SharedSection values, 0xC0000142, Event 243/244",
     "https://learn.microsoft.com/en-us/troubleshoot/windows/win32/"
     "user32-kernel32-not-initialize"},
    {"KB Q142676 [P3]", "'Overcoming User32.dll Initialization Failure "
     "Errors': no 3rd value means the 2nd; one station per service logon",
     "https://github.com/jeffpar/kbarchive/blob/master/kb/142/Q142676/"
     "README.md"},
    {"KB 947246 [P11]", "'Fix desktop heap allocation failures causing out "
     "of memory errors'",
     "https://learn.microsoft.com/en-us/troubleshoot/windows-server/"
     "performance/desktop-heap-limitation-out-of-memory"},
    {"[P9]", "NTDebugging, 'The default interactive desktop heap size has "
     "been increased on 32-bit Vista SP1' (dynamic session view space)",
     "https://blogs.msdn.microsoft.com/ntdebugging/2008/03/20/"
     "the-default-interactive-desktop-heap-size-has-been-increased-on-"
     "32-bit-vista-sp1/"},
    {"[S2]", "'Source: win32k, Event ID: 244' (Event 244 in practice)",
     "https://hepterida.wordpress.com/2011/09/12/"
     "source-win32k-event-id-244/"},
    {"reactos-notes", "ReactOS's source, read for behaviour only "
     "(docs/sources.md): 64 KB session view buckets, first fit (an "
     "assumption for Windows)",
     "https://github.com/reactos/reactos (win32ss/user/ntuser/usrheap.c, "
     "desktop.c)"},
};

void dh_explain_sources(dh_buf *b)
{
    dh_buf_puts(b, "Sources\n");
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
        dh_buf_printf(b, "  %s: %s\n    %s\n", sources[i].key,
                      sources[i].what, sources[i].url);
}
