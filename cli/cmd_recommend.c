#include "cli.h"
int cmd_recommend(int argc, char **argv) { (void)argc; (void)argv; return 2; }
