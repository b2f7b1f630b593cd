#include "cncurses.h"
int sx_cncurses_placeholder(void) { return 0; }
