/*
 * main.c — the dheapsim program: picks a subcommand. Each subcommand lives
 * in its own cmd_*.c file and has --help.
 */
#include "cli.h"
#include "platform.h"

#include <string.h>

static const char usage[] =
    "usage: dheapsim COMMAND [ARGS]\n"
    "\n"
    "Predicts which Windows desktop heap or session view space fills first.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO        simulate a scenario (JSON) and report\n"
    "  demo                run the built-in default scenario (Server 2003,\n"
    "                      session 0, the seed's first dheapmon table)\n"
    "  profiles            list the Windows version profiles and sources\n"
    "  kinds               list the process kinds (today's programs too)\n"
    "                      with their heap bytes, ranges and sources\n"
    "  sharedsection STR   explain a SharedSection value\n"
    "  compare SCENARIO    the same workload on several OS profiles\n"
    "  capacity SCENARIO   how many times a labelled step fits (--grow)\n"
    "  sweep SCENARIO      capacity over SharedSection/SessionViewSize lists\n"
    "  explain SCENARIO    why the numbers are what they are, with sources\n"
    "  plot SCENARIO       draw a chart with gnuplot (--kind, -o FILE)\n"
    "  report SCENARIO     one self-contained HTML page (-o FILE.html)\n"
    "  import FILE...      scenario from dheapmon/!dskheap output or a .reg\n"
    "  recommend SCENARIO  smallest SharedSection (and SessionViewSize) that\n"
    "                      runs the scenario with headroom; writes a .reg\n"
    "  calibrate SCENARIO  the per-unit cost under which the model fails at\n"
    "                      the count a machine observed (--observed)\n"
    "  check-value VALUE   lint a SubSystems\\Windows value or .reg before\n"
    "                      applying it (exit 2 with one line per problem)\n"
    "  help                this text\n"
    "\n"
    "'dheapsim COMMAND --help' describes each command.\n"
    "Exit status: 0 the simulation ran (exhaustion is a result), 2 bad input\n"
    "or usage, 1 internal error; recommend: 3 no configuration meets the\n"
    "targets; check-value: 2 a problem found.\n";

int main(int argc, char **argv)
{
    plat_init();
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "-h") == 0) {
        fputs(usage, stdout);
        return EXIT_RESULT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("dheapsim %s\n", DH_VERSION);
        return EXIT_RESULT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "demo") == 0)
        return cmd_demo(argc - 1, argv + 1);
    if (strcmp(cmd, "profiles") == 0)
        return cmd_profiles(argc - 1, argv + 1);
    if (strcmp(cmd, "sharedsection") == 0)
        return cmd_sharedsection(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "capacity") == 0)
        return cmd_capacity(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_sweep(argc - 1, argv + 1);
    if (strcmp(cmd, "plot") == 0)
        return cmd_plot(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0)
        return cmd_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0)
        return cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "recommend") == 0)
        return cmd_recommend(argc - 1, argv + 1);
    if (strcmp(cmd, "calibrate") == 0)
        return cmd_calibrate(argc - 1, argv + 1);
    if (strcmp(cmd, "kinds") == 0)
        return cmd_kinds(argc - 1, argv + 1);
    if (strcmp(cmd, "check-value") == 0)
        return cmd_check_value(argc - 1, argv + 1);
    fprintf(stderr, "dheapsim: unknown command '%s'\n\n%s", cmd, usage);
    return EXIT_USAGE;
}
