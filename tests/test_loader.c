/*
 * test_loader.c — dh_scenario_load_buffer: every kind of bad scenario is
 * refused with the right status, JSON path, line and message; a few good
 * scenarios load into the expected values.
 *
 * The bad-input suite is a table: one row per kind of mistake, each run as
 * its own cmocka test named after the rule it checks. Every JSON text is
 * written one source line per JSON line, with the line number in a comment
 * at the right; the expected line is the line of the KEY of the offending
 * member, or the line where the offending array element (or the document)
 * starts. Line 0 in the table means "do not check the line".
 */
#include "testutil.h"

#include <stdio.h>

#define FILE_NAME "case.json"

typedef struct {
    const char *name;  /* the rule, as a test name */
    const char *json;  /* the scenario text */
    dh_status status;  /* DH_EINPUT or DH_ELIMIT */
    const char *path;  /* expected err.path, "" for none */
    int line;          /* expected err.line, 0 = not checked */
    const char *word;  /* must appear in err.text */
} bad_case;

/* Lines 1-4 of most documents. */
#define HEAD_OS(os)                                                  \
    "{\n"                                          /* 1 */           \
    "  \"name\": \"t\",\n"                         /* 2 */           \
    "  \"source\": \"test\",\n"                    /* 3 */           \
    "  \"os\": \"" os "\",\n"                      /* 4 */
#define HEAD HEAD_OS("win2003-x86")

/* Lines 5-7: steps, a good first step, and the start of steps[1] at 7. */
#define STEP1                                                        \
    "  \"steps\": [\n"                             /* 5 */           \
    "    { \"action\": \"snapshot\" },\n"          /* 6 */           \
    "    {\n"                                      /* 7 */
/* Closes steps[1], the steps array and the document. */
#define STEP1_END                                                    \
    "    }\n"                                                        \
    "  ]\n"                                                          \
    "}\n"
/* A closing "steps": [] member and the end of the document. */
#define NO_STEPS_END                                                 \
    "  \"steps\": []\n"                                              \
    "}\n"

#define L40 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define L256 L40 L40 L40 L40 L40 L40 "xxxxxxxxxxxxxxxx" /* 6*40+16 */

static const bad_case cases[] = {
    /* ---------------------------------------------------- not a scenario */
    {"test_empty_buffer_is_an_error", "", DH_EINPUT, "", 0, "empty"},
    {"test_text_that_is_not_json_is_an_error",
     "hello, world\n",                             /* 1 */
     DH_EINPUT, "", 1, "invalid JSON"},
    {"test_truncated_json_gives_jansson_line",
     HEAD
     "  \"steps\": [\n"                            /* 5 */
     "    {\n"                                     /* 6 */
     "      \"action\": ",                         /* 7: text ends */
     DH_EINPUT, "", 7, "invalid JSON"},
    {"test_duplicate_key_is_rejected",
     HEAD
     "  \"name\": \"again\",\n"                    /* 5 */
     NO_STEPS_END,
     DH_EINPUT, "", 5, "duplicate"},
    {"test_huge_integer_is_a_json_error",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"count\": 99999999999999999999\n"     /* 9 */
     STEP1_END,
     DH_EINPUT, "", 9, "too big"},
    {"test_top_level_array_is_an_error",
     "[\n"                                         /* 1 */
     "  { \"name\": \"t\" }\n"                     /* 2 */
     "]\n",
     DH_EINPUT, "$", 1, "expected an object"},

    /* -------------------------------------------------- top-level members */
    {"test_missing_name_is_an_error",
     "{\n"                                         /* 1 */
     "  \"source\": \"test\",\n"
     "  \"os\": \"win2003-x86\",\n"
     NO_STEPS_END,
     DH_EINPUT, "$", 1, "'name'"},
    {"test_missing_source_is_an_error",
     "{\n"                                         /* 1 */
     "  \"name\": \"t\",\n"
     "  \"os\": \"win2003-x86\",\n"
     NO_STEPS_END,
     DH_EINPUT, "$", 1, "'source'"},
    {"test_missing_os_is_an_error",
     "{\n"                                         /* 1 */
     "  \"name\": \"t\",\n"
     "  \"source\": \"test\",\n"
     NO_STEPS_END,
     DH_EINPUT, "$", 1, "'os'"},
    {"test_missing_steps_is_an_error",
     "\n"                                          /* 1 */
     "{\n"                                         /* 2: the document */
     "  \"name\": \"t\",\n"
     "  \"source\": \"test\",\n"
     "  \"os\": \"win2003-x86\"\n"
     "}\n",
     DH_EINPUT, "$", 2, "'steps'"},
    {"test_misspelled_top_level_key_is_an_error",
     HEAD
     "  \"stpes\": []\n"                           /* 5 */
     "}\n",
     DH_EINPUT, "$.stpes", 5, "unknown key"},
    {"test_unknown_os_is_an_error",
     HEAD_OS("win2003-x87")                        /* os on 4 */
     NO_STEPS_END,
     DH_EINPUT, "$.os", 4, "unknown OS profile"},
    {"test_name_of_wrong_type_is_an_error",
     "{\n"                                         /* 1 */
     "  \"name\": 42,\n"                           /* 2 */
     "  \"source\": \"test\",\n"
     "  \"os\": \"win2003-x86\",\n"
     NO_STEPS_END,
     DH_EINPUT, "$.name", 2, "expected a string"},
    {"test_empty_name_is_an_error",
     "{\n"                                         /* 1 */
     "  \"name\": \"\",\n"                         /* 2 */
     "  \"source\": \"test\",\n"
     "  \"os\": \"win2003-x86\",\n"
     NO_STEPS_END,
     DH_EINPUT, "$.name", 2, "empty"},
    {"test_escaped_nul_in_a_string_is_a_json_error",
     "{\n"                                         /* 1 */
     "  \"name\": \"a\\u0000b\",\n"                /* 2 */
     "  \"source\": \"test\",\n"
     "  \"os\": \"win2003-x86\",\n"
     NO_STEPS_END,
     DH_EINPUT, "", 2, "\\u0000"},
    {"test_steps_not_an_array_is_an_error",
     HEAD
     "  \"steps\": { \"action\": \"snapshot\" }\n" /* 5 */
     "}\n",
     DH_EINPUT, "$.steps", 5, "expected an array"},

    /* ----------------------------------------------------------- registry */
    {"test_registry_not_an_object_is_an_error",
     HEAD
     "  \"registry\": \"1024,3072,512\",\n"        /* 5 */
     NO_STEPS_END,
     DH_EINPUT, "$.registry", 5, "expected an object"},
    {"test_unknown_registry_key_is_an_error",
     HEAD
     "  \"registry\": {\n"                         /* 5 */
     "    \"SessionViewSize\": 48\n"               /* 6 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.registry.SessionViewSize", 6, "unknown key"},
    {"test_negative_session_view_size_is_an_error",
     HEAD
     "  \"registry\": {\n"                         /* 5 */
     "    \"boot_3gb\": false,\n"                  /* 6 */
     "    \"session_view_size_mb\": -48\n"         /* 7 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.registry.session_view_size_mb", 7, "negative"},
    {"test_zero_session_view_size_is_an_error",
     HEAD
     "  \"registry\": {\n"                         /* 5 */
     "    \"session_view_size_mb\": 0\n"           /* 6 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.registry.session_view_size_mb", 6, "out of range"},
    {"test_session_view_size_as_a_string_is_an_error",
     HEAD
     "  \"registry\": {\n"                         /* 5 */
     "    \"session_view_size_mb\": \"48\"\n"      /* 6 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.registry.session_view_size_mb", 6, "expected an integer"},
    {"test_session_view_size_above_limit_is_a_limit_error",
     HEAD
     "  \"registry\": {\n"                         /* 5 */
     "    \"session_view_size_mb\": 1048577\n"     /* 6 */
     "  },\n"
     NO_STEPS_END,
     DH_ELIMIT, "$.registry.session_view_size_mb", 6, "out of range"},
    {"test_boot_3gb_as_a_string_is_an_error",
     HEAD
     "  \"registry\": {\n"                         /* 5 */
     "    \"boot_3gb\": \"true\"\n"                /* 6 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.registry.boot_3gb", 6, "true or false"},
    {"test_shared_section_with_non_number_is_an_error",
     HEAD
     "  \"registry\": {\n"                         /* 5 */
     "    \"comment\": \"x\",\n"                   /* 6 */
     "    \"shared_section\": \"1024,abc,512\"\n"  /* 7 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.registry.shared_section", 7, "abc"},
    {"test_shared_section_with_one_value_is_an_error",
     HEAD
     "  \"registry\": {\n"                         /* 5 */
     "    \"shared_section\": \"1024\"\n"          /* 6 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.registry.shared_section", 6, "missing"},

    /* -------------------------------------------------------- assumptions */
    {"test_unknown_assumption_is_an_error",
     HEAD
     "  \"assumptions\": {\n"                      /* 5 */
     "    \"view_granularity\": 64\n"              /* 6 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.assumptions.view_granularity", 6, "unknown assumption"},
    {"test_assumption_of_wrong_type_is_an_error",
     HEAD
     "  \"assumptions\": {\n"                      /* 5 */
     "    \"other_kb\": 0,\n"                      /* 6 */
     "    \"shared_heap_in_view\": 1\n"            /* 7 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.assumptions.shared_heap_in_view", 7, "true or false"},
    {"test_view_granularity_not_a_power_of_two_is_an_error",
     HEAD
     "  \"assumptions\": {\n"                      /* 5 */
     "    \"view_granularity_kb\": 48\n"           /* 6 */
     "  },\n"
     NO_STEPS_END,
     DH_EINPUT, "$.assumptions.view_granularity_kb", 6, "power of two"},
    {"test_assumption_above_byte_limit_is_a_limit_error",
     HEAD
     "  \"assumptions\": {\n"                      /* 5 */
     "    \"other_kb\": 99999999999999\n"          /* 6 */
     "  },\n"
     NO_STEPS_END,
     DH_ELIMIT, "$.assumptions.other_kb", 6, "too large"},

    /* ----------------------------------------------------------- sessions */
    {"test_sessions_not_an_array_is_an_error",
     HEAD
     "  \"sessions\": { \"id\": 1 },\n"            /* 5 */
     NO_STEPS_END,
     DH_EINPUT, "$.sessions", 5, "expected an array"},
    {"test_negative_session_id_is_an_error",
     HEAD
     "  \"sessions\": [\n"                         /* 5 */
     "    0,\n"                                    /* 6 */
     "    -1\n"                                    /* 7 */
     "  ],\n"
     NO_STEPS_END,
     DH_EINPUT, "$.sessions[1]", 7, "negative"},
    {"test_duplicate_session_id_is_an_error",
     HEAD
     "  \"sessions\": [\n"                         /* 5 */
     "    1,\n"                                    /* 6 */
     "    { \"id\": 2 },\n"                        /* 7 */
     "    { \"id\": 1, \"other_kb\": 64 }\n"       /* 8 */
     "  ],\n"
     NO_STEPS_END,
     DH_EINPUT, "$.sessions[2]", 8, "twice"},
    {"test_session_object_without_id_is_an_error",
     HEAD
     "  \"sessions\": [\n"                         /* 5 */
     "    {\n"                                     /* 6 */
     "      \"other_kb\": 64\n"                    /* 7 */
     "    }\n"
     "  ],\n"
     NO_STEPS_END,
     DH_EINPUT, "$.sessions[0]", 6, "'id'"},

    /* -------------------------------------------------------------- steps */
    {"test_step_that_is_not_an_object_is_an_error",
     HEAD
     "  \"steps\": [\n"                            /* 5 */
     "    { \"action\": \"snapshot\" },\n"         /* 6 */
     "    \"snapshot\"\n"                          /* 7 */
     "  ]\n"
     "}\n",
     DH_EINPUT, "$.steps[1]", 7, "expected an object"},
    {"test_step_without_action_is_an_error",
     HEAD STEP1
     "      \"name\": \"svc\"\n"                   /* 8 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "'action'"},
    {"test_action_that_is_not_a_string_is_an_error",
     HEAD STEP1
     "      \"action\": 3\n"                       /* 8 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].action", 8, "expected a string"},
    {"test_unknown_action_is_an_error",
     HEAD STEP1
     "      \"action\": \"logon\",\n"              /* 8 */
     "      \"session\": 1\n"                      /* 9 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].action", 8, "unknown action"},
    {"test_unknown_step_key_is_an_error",
     HEAD STEP1
     "      \"action\": \"create_windows\",\n"     /* 8 */
     "      \"process\": \"app\",\n"               /* 9 */
     "      \"bytes_each\": 100,\n"                /* 10 */
     "      \"cuont\": 3\n"                        /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].cuont", 11, "unknown key"},
    {"test_key_of_another_action_is_an_error",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"name\": \"svc\"\n"                   /* 9 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].name", 9, "snapshot"},
    {"test_missing_required_step_key_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_service\",\n"      /* 8 */
     "      \"name\": \"svc\"\n"                   /* 9 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "'account'"},
    {"test_count_of_zero_is_an_error",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"count\": 0\n"                        /* 9 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].count", 9, "out of range"},
    {"test_count_above_max_is_a_limit_error",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"count\": 100000001\n"                /* 9 */
     STEP1_END,
     DH_ELIMIT, "$.steps[1].count", 9, "out of range"},
    {"test_count_with_a_fraction_is_an_error",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"count\": 2.5\n"                      /* 9 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].count", 9, "expected an integer"},
    {"test_repeat_until_failure_as_a_string_is_an_error",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"repeat_until_failure\": \"yes\"\n"   /* 9 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].repeat_until_failure", 9, "true or false"},
    {"test_comment_that_is_not_a_string_is_an_error",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"comment\": [\"a\"]\n"                /* 9 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].comment", 9, "expected a string"},
    {"test_unknown_process_kind_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_process\",\n"      /* 8 */
     "      \"name\": \"app\",\n"                  /* 9 */
     "      \"kind\": \"graphical\"\n"             /* 10 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].kind", 10, "graphical"},
    {"test_kind_and_cost_kb_together_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_process\",\n"      /* 8 */
     "      \"name\": \"app\",\n"                  /* 9 */
     "      \"kind\": \"gui\",\n"                  /* 10 */
     "      \"cost_kb\": 12\n"                     /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "at most one"},
    {"test_negative_cost_kb_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_task\",\n"         /* 8 */
     "      \"name\": \"job\",\n"                  /* 9 */
     "      \"cost_kb\": -1.5\n"                   /* 10 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].cost_kb", 10, "negative"},
    {"test_cost_bytes_above_one_terabyte_is_a_limit_error",
     HEAD STEP1
     "      \"action\": \"start_process\",\n"      /* 8 */
     "      \"name\": \"app\",\n"                  /* 9 */
     "      \"cost_bytes\": 1099511627777\n"       /* 10 */
     STEP1_END,
     DH_ELIMIT, "$.steps[1].cost_bytes", 10, "out of range"},
    {"test_interactive_service_under_user_account_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_service\",\n"      /* 8 */
     "      \"name\": \"svc\",\n"                  /* 9 */
     "      \"account\": \"DOMAIN\\\\user\",\n"    /* 10 */
     "      \"interact_with_desktop\": true\n"     /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "LocalSystem"},
    {"test_logon_luid_on_localsystem_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_service\",\n"      /* 8 */
     "      \"name\": \"svc\",\n"                  /* 9 */
     "      \"account\": \"LocalSystem\",\n"       /* 10 */
     "      \"logon_luid\": \"0x22e1\"\n"          /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "logon_luid"},
    {"test_logon_luid_not_hex_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_service\",\n"      /* 8 */
     "      \"name\": \"svc\",\n"                  /* 9 */
     "      \"account\": \"DOMAIN\\\\user\",\n"    /* 10 */
     "      \"logon_luid\": \"0xZZ\"\n"            /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].logon_luid", 11, "LUID"},
    {"test_desktop_without_backslash_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_process\",\n"      /* 8 */
     "      \"name\": \"app\",\n"                  /* 9 */
     "      \"desktop\": \"WinSta0Default\"\n"     /* 10 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].desktop", 10, "Station\\Desktop"},
    {"test_station_name_with_backslash_is_an_error",
     HEAD STEP1
     "      \"action\": \"create_desktop\",\n"     /* 8 */
     "      \"station\": \"WinSta0\\\\Default\",\n" /* 9 */
     "      \"name\": \"Mine\"\n"                  /* 10 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].station", 9, "backslash"},
    {"test_desktop_heap_of_zero_kb_is_an_error",
     HEAD STEP1
     "      \"action\": \"create_desktop\",\n"     /* 8 */
     "      \"station\": \"WinSta0\",\n"           /* 9 */
     "      \"name\": \"Mine\",\n"                 /* 10 */
     "      \"heap_kb\": 0\n"                      /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].heap_kb", 11, "out of range"},
    {"test_charge_with_kb_and_bytes_is_an_error",
     HEAD STEP1
     "      \"action\": \"charge\",\n"             /* 8 */
     "      \"desktop\": \"WinSta0\\\\Default\",\n" /* 9 */
     "      \"kb\": 4,\n"                          /* 10 */
     "      \"bytes\": 4096\n"                     /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "exactly one"},
    {"test_charge_without_an_amount_is_an_error",
     HEAD STEP1
     "      \"action\": \"charge\",\n"             /* 8 */
     "      \"desktop\": \"WinSta0\\\\Default\"\n" /* 9 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "exactly one"},
    {"test_parent_and_session_together_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_process\",\n"      /* 8 */
     "      \"name\": \"child\",\n"                /* 9 */
     "      \"parent\": \"app\",\n"                /* 10 */
     "      \"session\": 0\n"                      /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "parent or session"},
    {"test_label_longer_than_255_is_a_limit_error",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"label\": \"" L256 "\"\n"             /* 9 */
     STEP1_END,
     DH_ELIMIT, "$.steps[1].label", 9, "longer than 255"},
    {"test_zero_bytes_each_is_an_error",
     HEAD STEP1
     "      \"action\": \"create_windows\",\n"     /* 8 */
     "      \"process\": \"app\",\n"               /* 9 */
     "      \"bytes_each\": 0\n"                   /* 10 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].bytes_each", 10, "out of range"},

    /* ------------------------------------------- object-level heap keys */
    {"test_used_pct_above_100_is_an_error",
     HEAD STEP1
     "      \"action\": \"charge\",\n"             /* 8 */
     "      \"desktop\": \"WinSta0\\\\Default\",\n"  /* 9 */
     "      \"used_pct\": 100.5\n"                   /* 10 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].used_pct", 10, "0 to 100"},
    {"test_used_pct_with_bytes_is_an_error",
     HEAD STEP1
     "      \"action\": \"charge\",\n"             /* 8 */
     "      \"desktop\": \"WinSta0\\\\Default\",\n"  /* 9 */
     "      \"bytes\": 10,\n"                        /* 10 */
     "      \"used_pct\": 10\n"                      /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "exactly one"},
    {"test_unknown_kind_names_service_and_browser_tab",
     HEAD STEP1
     "      \"action\": \"start_process\",\n"      /* 8 */
     "      \"name\": \"p\",\n"                    /* 9 */
     "      \"kind\": \"tab\"\n"                   /* 10 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].kind", 10, "browser-tab"},
    {"test_kind_with_objects_is_an_error",
     HEAD STEP1
     "      \"action\": \"start_process\",\n"      /* 8 */
     "      \"name\": \"p\",\n"                    /* 9 */
     "      \"kind\": \"gui\",\n"                  /* 10 */
     "      \"objects\": [{\"type\": \"hook\"}]\n" /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "at most one"},
    {"test_unknown_object_type_is_an_error",
     HEAD STEP1
     "      \"action\": \"create_objects\",\n"     /* 8 */
     "      \"process\": \"p\",\n"                 /* 9 */
     "      \"objects\": [\n"                        /* 10 */
     "        {\"type\": \"cursor\"}\n"            /* 11 */
     "      ]\n"                                      /* 12 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].objects[0].type", 11, "unknown object type"},
    {"test_opaque_object_needs_bytes",
     HEAD STEP1
     "      \"action\": \"create_objects\",\n"     /* 8 */
     "      \"process\": \"p\",\n"                 /* 9 */
     "      \"objects\": [\n"                        /* 10 */
     "        {\"type\": \"opaque\"}\n"            /* 11 */
     "      ]\n"                                      /* 12 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].objects[0]", 11, "bytes"},
    {"test_object_count_above_limit_is_an_error",
     HEAD STEP1
     "      \"action\": \"create_objects\",\n"     /* 8 */
     "      \"process\": \"p\",\n"                 /* 9 */
     "      \"objects\": [\n"                        /* 10 */
     "        {\"type\": \"hook\", \"count\": 1000001}\n" /* 11 */
     "      ]\n"                                      /* 12 */
     STEP1_END,
     DH_ELIMIT, "$.steps[1].objects[0].count", 11, "out of range"},
    {"test_more_than_four_props_is_an_error",
     HEAD STEP1
     "      \"action\": \"create_windows\",\n"     /* 8 */
     "      \"process\": \"p\",\n"                 /* 9 */
     "      \"props\": 5\n"                          /* 10 */
     STEP1_END,
     DH_ELIMIT, "$.steps[1].props", 10, "out of range"},
    {"test_bytes_each_with_title_is_an_error",
     HEAD STEP1
     "      \"action\": \"create_windows\",\n"     /* 8 */
     "      \"process\": \"p\",\n"                 /* 9 */
     "      \"bytes_each\": 200,\n"                  /* 10 */
     "      \"title_chars\": 5\n"                    /* 11 */
     STEP1_END,
     DH_EINPUT, "$.steps[1]", 7, "one or the other"},
    {"test_unknown_which_is_an_error",
     HEAD STEP1
     "      \"action\": \"destroy_windows\",\n"    /* 8 */
     "      \"process\": \"p\",\n"                 /* 9 */
     "      \"which\": \"random\"\n"               /* 10 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].which", 10, "every_other"},
    {"test_user_handle_quota_out_of_range_is_an_error",
     HEAD
     "  \"registry\": {\n"                          /* 5 */
     "    \"user_process_handle_quota\": 199\n"     /* 6 */
     "  },\n"                                         /* 7 */
     NO_STEPS_END,
     DH_EINPUT, "$.registry.user_process_handle_quota", 6, "out of range"},
    {"test_unknown_heap_fit_is_an_error",
     HEAD
     "  \"assumptions\": {\n"                       /* 5 */
     "    \"heap_fit\": \"worst\"\n"              /* 6 */
     "  },\n"                                         /* 7 */
     NO_STEPS_END,
     DH_EINPUT, "$.assumptions.heap_fit", 6, "best_fit"},
    {"test_unknown_heap_fit_lists_all_three_names",
     HEAD
     "  \"assumptions\": {\n"                       /* 5 */
     "    \"heap_fit\": \"worst\"\n"              /* 6 */
     "  },\n"                                         /* 7 */
     NO_STEPS_END,
     DH_EINPUT, "$.assumptions.heap_fit", 6,
     "\"best_fit\", \"first_fit\" or \"best_fit_hint\""},
    {"test_heap_fit_number_above_2_is_an_error",
     HEAD
     "  \"assumptions\": {\n"                       /* 5 */
     "    \"heap_fit\": 3\n"                        /* 6 */
     "  },\n"                                         /* 7 */
     NO_STEPS_END,
     DH_EINPUT, "$.assumptions.heap_fit", 6, "2 (best_fit_hint)"},

    /* ------------------------------------- the line of unusual member keys */
    /* A key with a dot is named $["registry.boot_3gb"], so it is not
     * taken for the member boot_3gb inside registry (line 6). */
    {"test_error_line_of_a_key_with_a_dot_is_its_own_line",
     HEAD
     "  \"registry\": {\n"                         /* 5 */
     "    \"boot_3gb\": false\n"                   /* 6 */
     "  },\n"                                      /* 7 */
     "  \"registry.boot_3gb\": true,\n"            /* 8 */
     NO_STEPS_END,
     DH_EINPUT, "$[\"registry.boot_3gb\"]", 8, "unknown key"},
    /* A key written with a \u escape is still the key "count". */
    {"test_error_line_of_an_escaped_key_is_found",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"co\\u0075nt\": 0\n"                  /* 9 */
     STEP1_END,
     DH_EINPUT, "$.steps[1].count", 9, "out of range"},
    /* ------------------------------------------- limits (README: Hardening) */
    {"test_utf8_bom_is_named_at_line_1",
     "\xEF\xBB\xBF{\"name\": \"t\", \"source\": \"s\", \"os\": "
     "\"win2003-x86\", \"steps\": []}\n",
     DH_EINPUT, "", 1, "byte order mark"},
    {"test_count_above_max_count_is_a_limit",
     HEAD STEP1
     "      \"action\": \"snapshot\",\n"           /* 8 */
     "      \"count\": 1000001\n"                   /* 9 */
     STEP1_END,
     DH_ELIMIT, "$.steps[1].count", 9, "out of range"},
    {"test_counts_added_up_above_max_iterations",
     HEAD STEP1
     "      \"action\": \"charge\", \"desktop\": \"WinSta0\\\\Default\",\n" /* 8 */
     "      \"bytes\": 1, \"count\": 1000000\n"     /* 9 */
     STEP1_END,
     DH_ELIMIT, "$.steps[1].count", 9, "iterations of all steps"},
    {"test_repeat_limit_counts_for_repeat_until_failure",
     HEAD
     "  \"assumptions\": { \"repeat_limit\": 1000000 },\n" /* 5 */
     "  \"steps\": [\n"                             /* 6 */
     "    { \"action\": \"snapshot\" },\n"          /* 7 */
     "    { \"action\": \"start_task\", \"name\": \"t\",\n" /* 8 */
     "      \"repeat_until_failure\": true }\n"     /* 9 */
     "  ]\n"
     "}\n",
     DH_ELIMIT, "$.steps[1].repeat_until_failure", 9, "repeat_limit"},
    {"test_count_times_bytes_above_max_bytes",
     HEAD STEP1
     "      \"action\": \"charge\", \"desktop\": \"WinSta0\\\\Default\",\n" /* 8 */
     "      \"kb\": 1073741824, \"count\": 2\n"     /* 9 */
     STEP1_END,
     DH_ELIMIT, "$.steps[1].count", 9, "count x bytes"},
    {"test_snapshots_times_desktops_above_max_rows",
     HEAD
     "  \"steps\": [\n"                             /* 5 */
     "    { \"action\": \"start_service\", \"name\": \"s\",\n" /* 6 */
     "      \"account\": \"bob\", \"count\": 100000 },\n" /* 7 */
     "    { \"action\": \"snapshot\",\n"          /* 8 */
     "      \"count\": 5 }\n"                        /* 9 */
     "  ]\n"
     "}\n",
     DH_ELIMIT, "$.steps[1].count", 9, "report rows"},
};

#define NCASES (sizeof cases / sizeof cases[0])

static void test_bad_case(void **state)
{
    const bad_case *c = *state;
    dh_scenario *sc = (dh_scenario *)(uintptr_t)1; /* must become NULL */
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_scenario_load_buffer(c->json, strlen(c->json),
                                           FILE_NAME, &sc, &err);
    bool ok = st == c->status && err.status == c->status &&
              strcmp(err.path, c->path) == 0 &&
              (c->line == 0 || err.line == c->line) &&
              strstr(err.text, c->word) != NULL &&
              strcmp(err.file, FILE_NAME) == 0 && sc == NULL;
    if (!ok)
        print_message("%s: got status %d, file '%s', path '%s', line %d, "
                      "text '%s'; want status %d, path '%s', line %d, "
                      "word '%s'\n",
                      c->name, (int)st, err.file, err.path, err.line,
                      err.text, (int)c->status, c->path, c->line, c->word);
    if (st == DH_OK && sc != NULL && sc != (dh_scenario *)(uintptr_t)1)
        dh_scenario_free(sc);
    assert_int_equal(st, c->status);
    assert_int_equal(err.status, c->status);
    assert_null(sc);
    assert_string_equal(err.file, FILE_NAME);
    assert_string_equal(err.path, c->path);
    if (c->line != 0)
        assert_int_equal(err.line, c->line);
    assert_non_null(strstr(err.text, c->word));
}

/* ------------------------------------------------------------ good input */

static dh_scenario *load_ok(const char *json)
{
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_scenario_load_buffer(json, strlen(json), FILE_NAME, &sc,
                                           &err);
    if (st != DH_OK)
        print_message("unexpected error: %s:%d: %s: %s\n", err.file, err.line,
                      err.path, err.text);
    assert_int_equal(st, DH_OK);
    assert_int_equal(err.status, DH_OK);
    assert_non_null(sc);
    return sc;
}

static void test_minimal_scenario_loads(void **state)
{
    (void)state;
    dh_scenario *sc = load_ok(HEAD NO_STEPS_END);
    assert_string_equal(sc->file, FILE_NAME);
    assert_string_equal(sc->name, "t");
    assert_string_equal(sc->source, "test");
    assert_string_equal(sc->os, "win2003-x86");
    assert_null(sc->description);
    assert_null(sc->shared_section);
    assert_int_equal(sc->nsteps, 0);
    assert_int_equal(sc->nsessions, 0);
    assert_int_equal(sc->registry.svs, DH_SVS_DEFAULT);
    dh_scenario_free(sc);
}

static void test_sessions_mix_ids_and_objects(void **state)
{
    (void)state;
    dh_scenario *sc = load_ok(
        HEAD
        "  \"sessions\": [0, {\"id\": 2, \"other_kb\": 512}],\n"
        NO_STEPS_END);
    assert_int_equal(sc->nsessions, 2);
    assert_int_equal(sc->sessions[0].id, 0);
    assert_false(sc->sessions[0].other_given);
    assert_int_equal(sc->sessions[1].id, 2);
    assert_true(sc->sessions[1].other_given);
    assert_int_equal(sc->sessions[1].other_bytes, KB(512));
    dh_scenario_free(sc);
}

static void test_cost_kb_fraction_rounds_to_bytes(void **state)
{
    (void)state;
    dh_scenario *sc = load_ok(
        HEAD STEP1
        "      \"action\": \"start_process\",\n"   /* 8 */
        "      \"name\": \"worker\",\n"
        "      \"cost_kb\": 15.5\n"
        STEP1_END);
    assert_int_equal(sc->nsteps, 2);
    const dh_step *s = &sc->steps[1];
    assert_int_equal(s->kind, DH_STEP_START_PROCESS);
    assert_int_equal(s->line, 7);
    assert_int_equal(s->count, 1);
    assert_true(s->uses_user32);
    assert_int_equal(s->cost_bytes, 15872);
    assert_string_equal(s->cost_from, "cost_kb");
    dh_scenario_free(sc);
}

static void test_nt_authority_network_service_is_known(void **state)
{
    (void)state;
    dh_scenario *sc = load_ok(
        HEAD STEP1
        "      \"action\": \"start_service\",\n"
        "      \"name\": \"svc\",\n"
        "      \"account\": \"NT AUTHORITY\\\\NetworkService\"\n"
        STEP1_END);
    assert_int_equal(sc->steps[1].account, DH_ACCOUNT_NETWORKSERVICE);
    assert_string_equal(sc->steps[1].account_name,
                        "NT AUTHORITY\\NetworkService");
    dh_scenario_free(sc);
}

static void test_logon_luid_hex_string_is_read(void **state)
{
    (void)state;
    dh_scenario *sc = load_ok(
        HEAD STEP1
        "      \"action\": \"start_service\",\n"
        "      \"name\": \"svc\",\n"
        "      \"account\": \"DOMAIN\\\\user\",\n"
        "      \"logon_luid\": \"0x22e1\"\n"
        STEP1_END);
    assert_int_equal(sc->steps[1].account, DH_ACCOUNT_USER);
    assert_int_equal(sc->steps[1].luid, 0x22e1);
    dh_scenario_free(sc);
}

static void test_charge_desktop_is_split_into_station_and_name(void **state)
{
    (void)state;
    dh_scenario *sc = load_ok(
        HEAD STEP1
        "      \"action\": \"charge\",\n"
        "      \"desktop\": \"WinSta0\\\\Default\",\n"
        "      \"kb\": 2\n"
        STEP1_END);
    assert_string_equal(sc->steps[1].station, "WinSta0");
    assert_string_equal(sc->steps[1].name, "Default");
    assert_int_equal(sc->steps[1].bytes, 2048);
    dh_scenario_free(sc);
}

static void test_null_session_view_size_means_absent(void **state)
{
    (void)state;
    dh_scenario *sc = load_ok(
        HEAD
        "  \"registry\": {\n"
        "    \"shared_section\": \"1024,3072,512\",\n"
        "    \"session_view_size_mb\": null\n"
        "  },\n"
        NO_STEPS_END);
    assert_int_equal(sc->registry.svs, DH_SVS_ABSENT);
    assert_string_equal(sc->registry.shared_section, "1024,3072,512");
    dh_scenario_free(sc);
}

/* A NUL byte is named with its line and column (not in the table: the
 * table's texts are C strings). */
static void test_nul_byte_is_named_with_line_and_column(void **state)
{
    (void)state;
    static const char text[] = "{\n  \"name\": \"t\0\",\n  \"steps\": []}\n";
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_scenario_load_buffer(text, sizeof text - 1, FILE_NAME,
                                             &sc, &err), DH_EINPUT);
    assert_null(sc);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 13);
    assert_non_null(strstr(err.text, "NUL byte"));
}

/* A scenario of n logon_session steps, one a line (sessions 1..n); its
 * length in *len. The caller frees it. */
static char *logon_scenario(size_t n, size_t *len)
{
    size_t cap = 200 + n * 60;
    char *text = malloc(cap);
    assert_non_null(text);
    *len = (size_t)snprintf(text, cap, "{\"name\": \"t\", \"source\": "
                            "\"s\", \"os\": \"win7-x86\", \"steps\": [\n");
    for (size_t i = 1; i <= n; i++)
        *len += (size_t)snprintf(text + *len, cap - *len, "%s{\"action\": "
                                 "\"logon_session\", \"session\": %zu}\n",
                                 i > 1 ? "," : "", i);
    *len += (size_t)snprintf(text + *len, cap - *len, "]}\n");
    return text;
}

/* logon_session steps count toward DH_MAX_SESSIONS with the declared ones. */
static void test_logon_steps_count_toward_max_sessions(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = logon_scenario(DH_MAX_SESSIONS + 1, &len);
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_scenario_load_buffer(text, len, FILE_NAME, &sc, &err);
    free(text);
    assert_int_equal(st, DH_ELIMIT);
    assert_null(sc);
    assert_string_equal(err.path, "$.steps[10000].session");
    assert_int_equal(err.line, 10002);
    assert_non_null(strstr(err.text, "sessions declared or logged on"));
}

/* Every step keeps its own line (found in one pass over the text). */
static void test_step_lines_are_kept(void **state)
{
    (void)state;
    static const char text[] =
        "{\"name\": \"t\", \"source\": \"s\", \"os\": \"win7-x86\",\n" /* 1 */
        " \"steps\": [ { \"action\": \"snapshot\" },\n"                    /* 2 */
        "\n"                                                                 /* 3 */
        "  { \"action\": \"snapshot\", \"label\": \"a\\\\\\\"[{\" },\n"         /* 4 */
        "  [ ] ] }\n";                                                       /* 5 */
    static const char good[] =
        "{\"name\": \"t\", \"source\": \"s\", \"os\": \"win7-x86\",\n" /* 1 */
        " \"steps\": [ { \"action\": \"snapshot\" },\n"                    /* 2 */
        "\n"                                                                 /* 3 */
        "  { \"action\": \"snapshot\", \"label\": \"a\\\\\\\"[{\" },\n"         /* 4 */
        "  { \"action\": \"snapshot\" } ] }\n";                             /* 5 */
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_scenario_load_buffer(good, sizeof good - 1,
                                             FILE_NAME, &sc, &err), DH_OK);
    assert_int_equal(sc->nsteps, 3);
    assert_int_equal(sc->steps[0].line, 2);
    assert_int_equal(sc->steps[1].line, 4);
    assert_int_equal(sc->steps[2].line, 5);
    dh_scenario_free(sc);
    dh_error_clear(&err);
    assert_int_equal(dh_scenario_load_buffer(text, sizeof text - 1,
                                             FILE_NAME, &sc, &err), DH_EINPUT);
    assert_string_equal(err.path, "$.steps[2]");
    assert_int_equal(err.line, 5);
}

/* The CSV trace (a snapshot per step) is checked on request: a scenario
 * the loader accepts can be too large for CSV. */
static void test_check_limits_with_the_csv_trace(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = logon_scenario(400, &len);
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_scenario_load_buffer(text, len, FILE_NAME, &sc, &err);
    free(text);
    assert_int_equal(st, DH_OK);
    assert_int_equal(dh_scenario_check_limits(sc, false, &err), DH_OK);
    assert_int_equal(dh_scenario_check_limits(sc, true, &err), DH_ELIMIT);
    assert_string_equal(err.file, FILE_NAME);
    assert_true(err.line > 1);
    assert_non_null(strstr(err.text, "CSV rows"));
    dh_scenario_free(sc);
}

/* heap_fit by name (long and short) or by number. */
static void test_heap_fit_names_are_read(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        dh_fit_policy fit;
    } names[] = {
        {"\"best\"", DH_FIT_BEST},         {"\"best_fit\"", DH_FIT_BEST},
        {"\"first\"", DH_FIT_FIRST},       {"\"first_fit\"", DH_FIT_FIRST},
        {"\"hint\"", DH_FIT_BEST_HINT},    {"\"best_fit_hint\"", DH_FIT_BEST_HINT},
        {"0", DH_FIT_BEST},               {"1", DH_FIT_FIRST},
        {"2", DH_FIT_BEST_HINT},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char json[512];
        snprintf(json, sizeof json,
                 HEAD "  \"assumptions\": {\"heap_fit\": %s},\n" NO_STEPS_END,
                 names[i].value);
        dh_scenario *sc = load_ok(json);
        assert_int_equal(sc->assume.heap_fit, names[i].fit);
        dh_scenario_free(sc);
    }
}

static const struct CMUnitTest good_tests[] = {
    cmocka_unit_test(test_heap_fit_names_are_read),
    cmocka_unit_test(test_minimal_scenario_loads),
    cmocka_unit_test(test_sessions_mix_ids_and_objects),
    cmocka_unit_test(test_cost_kb_fraction_rounds_to_bytes),
    cmocka_unit_test(test_nt_authority_network_service_is_known),
    cmocka_unit_test(test_logon_luid_hex_string_is_read),
    cmocka_unit_test(test_charge_desktop_is_split_into_station_and_name),
    cmocka_unit_test(test_null_session_view_size_means_absent),
    cmocka_unit_test(test_nul_byte_is_named_with_line_and_column),
    cmocka_unit_test(test_logon_steps_count_toward_max_sessions),
    cmocka_unit_test(test_step_lines_are_kept),
    cmocka_unit_test(test_check_limits_with_the_csv_trace),
};

#define NGOOD (sizeof good_tests / sizeof good_tests[0])

int main(void)
{
    struct CMUnitTest tests[NCASES + NGOOD];
    for (size_t i = 0; i < NCASES; i++) {
        tests[i] = (struct CMUnitTest){
            .name = cases[i].name,
            .test_func = test_bad_case,
            .initial_state = (void *)(uintptr_t)&cases[i],
        };
    }
    for (size_t i = 0; i < NGOOD; i++)
        tests[NCASES + i] = good_tests[i];
    return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
