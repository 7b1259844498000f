/*
 * import.h — the import layer: what a machine shows turned into model
 * input. Text as lines (UTF-16LE or UTF-8), dheapmon and !dskheap tables,
 * regedit exports read and written, and the scenario built from them.
 */
#ifndef DH_IMPORT_H
#define DH_IMPORT_H

#include "scenario/scenario.h"

/* ------------------------------------------------------------------ import */

/* Text of an input file as lines: UTF-16LE (with BOM) and UTF-8 are decoded,
 * CR LF and CR end lines, U+00A0 becomes a space, en/em dashes become '-',
 * other non-ASCII characters are kept as UTF-8. Line i is lines[i] (0-based;
 * line number i + 1). */
typedef struct {
    char **lines;
    size_t nlines;
    bool utf16;            /* the buffer was UTF-16LE with a BOM */
} dh_textlines;

/* The bytes are UTF-16LE (a BOM, or NULs in every second byte). */
bool dh_text_is_utf16(const char *buf, size_t len);
/* UTF-16LE bytes as UTF-8 text (*out malloc'd, NUL-terminated); DH_EINPUT
 * on a lone surrogate. */
dh_status dh_text_to_utf8(const char *buf, size_t len, char **out,
                          size_t *outlen);
dh_status dh_textlines_split(const char *buf, size_t len, dh_textlines *out,
                             dh_error *err);
void dh_textlines_free(dh_textlines *t);

typedef enum {
    DH_IMPORT_UNKNOWN = 0,
    DH_IMPORT_DHEAPMON,    /* Desktop Heap Monitor table (section 5a) */
    DH_IMPORT_DSKHEAP,     /* kernel debugger !dskheap (section 5b) */
    DH_IMPORT_REGFILE      /* regedit export (REGEDIT4 or 5.00) */
} dh_import_format;

const char *dh_import_format_name(dh_import_format f);
/* Which format the text is, from its content (not its file name). */
dh_import_format dh_import_detect(const char *buf, size_t len);

typedef struct {
    char *station;         /* "WinSta0" */
    char *desktop;         /* "Default" */
    uint64_t heap_kb;      /* Heap Size(KB) */
    uint32_t used_milli;   /* Used Rate in thousandths of a percent */
    bool used_integer;     /* the rate was written without decimals */
    bool split_recovered;  /* the backslash was missing; split by pattern */
    int line;
} dh_obs_desktop;

typedef struct {
    dh_import_format format;
    uint32_t session;      /* Session ID */
    int session_line;
    uint64_t total_kb;     /* Total Desktop: ( N KB - ... */
    uint64_t total_count;  /* ... M desktops) */
    int total_line;
    int header_line;
    dh_obs_desktop *desktops;
    size_t ndesktops;
    size_t nrecovered;     /* rows whose backslash was recovered */
    size_t nguessed;       /* rows whose name was "not accessible" (the
                              debugger's): named by size and order, a guess */
    char tool_version[64]; /* "8.1.2925.0" or "" */
} dh_obs_table;

/* Parse a dheapmon or !dskheap table; checks Total against the rows (sum,
 * count), rates (0..100) and completeness; errors name file and line. */
dh_status dh_obs_table_parse(const char *buf, size_t len, const char *file,
                             dh_obs_table *out, dh_error *err);
void dh_obs_table_free(dh_obs_table *t);
/* Split "WinSta0Default" whose backslash was lost into station and desktop
 * by the known station names (WinSta0, Service-0x...$, SAWinSta,
 * __X78B95_89_IW). false when no pattern applies. */
bool dh_obs_split_name(const char *name, size_t *station_len);

/* ---------------------------------------------------------------- regfile */

#define DH_REG_KEY_SUBSYSTEMS "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet" \
    "\\Control\\Session Manager\\SubSystems"
#define DH_REG_KEY_MEMORY "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet" \
    "\\Control\\Session Manager\\Memory Management"

/* The values of a regedit export dheapsim reads (other keys and values are
 * skipped). */
typedef struct {
    int version;           /* 4 (REGEDIT4) or 5 */
    bool utf16;
    bool has_windows;      /* SubSystems\Windows */
    char *windows;         /* its string (UTF-8) */
    int windows_line;
    bool has_svs;          /* Memory Management\SessionViewSize */
    uint32_t svs_mb;
    int svs_line;
} dh_regfile;

dh_status dh_regfile_parse(const char *buf, size_t len, const char *file,
                           dh_regfile *out, dh_error *err);
void dh_regfile_free(dh_regfile *r);
/* The text of a .reg file regedit accepts ("Windows Registry Editor
 * Version 5.00", CR LF; dh_regfile_write_as encodes it): SubSystems\Windows as hex(2) UTF-16LE bytes wrapped as regedit
 * wraps them, and Memory Management\SessionViewSize as a dword when
 * with_svs. windows must be ASCII. */
dh_status dh_regfile_write(const char *windows, bool with_svs,
                           uint32_t svs_mb, char **out, dh_error *err);

/* How `recommend --reg` writes the file: version 5.00 in UTF-16LE with a
 * BOM, as regedit exports it (the default), or ANSI REGEDIT4. */
typedef enum { DH_REG_V5_UTF16 = 0, DH_REG_REGEDIT4 } dh_reg_format;
/* The file's bytes in format fmt (*len of them: UTF-16 holds NULs). */
dh_status dh_regfile_write_as(const char *windows, bool with_svs,
                              uint32_t svs_mb, dh_reg_format fmt, char **out,
                              size_t *len, dh_error *err);

/* The SubSystems\Windows value as version p ships it (the profile's
 * windows_after, with its default SharedSection); *out malloc'd; DH_EINPUT
 * when no source gives it. */
dh_status dh_default_windows_value(const dh_profile *p, char **out);
/* Replace the value of SharedSection= in a SubSystems\Windows string (or
 * build the default one around a bare "a,b,c"); *out malloc'd. */
dh_status dh_windows_value_with(const char *windows, const char *values,
                                const dh_profile *p, char **out,
                                dh_error *err);

/* ------------------------------------------------------ import -> scenario */

typedef struct {
    const dh_profile *profile; /* the guess */
    char why[256];             /* why this profile (a guess) */
    char shared_section[64];   /* "1024,3072,512" */
} dh_import_guess;

/* Build the scenario JSON (the scenario format) from a table and/or a
 * .reg; either may be NULL, not both. The file names go into "source";
 * os (NULL: guess from the sizes) forces the profile. Heap sizes the derived SharedSection cannot reproduce are
 * errors at the row's line. *json malloc'd. */
dh_status dh_import_scenario(const dh_obs_table *t, const char *table_file,
                             const dh_regfile *reg, const char *reg_file,
                             const char *os, dh_import_guess *guess,
                             char **json, dh_error *err);

#endif /* DH_IMPORT_H */
