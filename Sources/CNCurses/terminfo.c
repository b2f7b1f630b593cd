// Kept apart from shim.c: <term.h> defines every terminfo capability name (`lines`, `columns`, `bell`…) as a macro.
#include "cncurses.h"
#include <curses.h>
#include <term.h>
#include <unistd.h>

int sx_term_cursor_addressing(const char *term) {
    TERMINAL *saved = cur_term;
    int status = 0;
    if (setupterm(term, STDOUT_FILENO, &status) != OK) {
        set_curterm(saved);
        return -1;
    }
    const char *cup = tigetstr((char *)"cup");
    int has = (cup != NULL && cup != (const char *)-1) ? 1 : 0;
    TERMINAL *ours = set_curterm(saved);
    if (ours != NULL && ours != saved) del_curterm(ours);
    return has;
}
