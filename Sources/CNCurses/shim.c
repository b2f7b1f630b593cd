#include "cncurses.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const uint32_t sx_A_NORMAL = (uint32_t)A_NORMAL;
const uint32_t sx_A_BOLD = (uint32_t)A_BOLD;
const uint32_t sx_A_DIM = (uint32_t)A_DIM;
const uint32_t sx_A_ITALIC = (uint32_t)A_ITALIC;
const uint32_t sx_A_UNDERLINE = (uint32_t)A_UNDERLINE;
const uint32_t sx_A_REVERSE = (uint32_t)A_REVERSE;

const int sx_ERR = ERR;
const int sx_OK = OK;
const int sx_KEY_CODE_YES = KEY_CODE_YES;
const int sx_KEY_RESIZE = KEY_RESIZE;
const int sx_KEY_UP = KEY_UP, sx_KEY_DOWN = KEY_DOWN, sx_KEY_LEFT = KEY_LEFT, sx_KEY_RIGHT = KEY_RIGHT;
const int sx_KEY_HOME = KEY_HOME, sx_KEY_END = KEY_END, sx_KEY_PPAGE = KEY_PPAGE, sx_KEY_NPAGE = KEY_NPAGE;
const int sx_KEY_BACKSPACE = KEY_BACKSPACE, sx_KEY_DC = KEY_DC, sx_KEY_IC = KEY_IC, sx_KEY_ENTER = KEY_ENTER;
const int sx_KEY_BTAB = KEY_BTAB, sx_KEY_MOUSE = KEY_MOUSE, sx_KEY_SUSPEND = KEY_SUSPEND;

int sx_key_f(int n) { return KEY_F(n); }
int sx_key_shift_f(int n) { return KEY_F(n + 12); }

static SCREEN *sx_screen = NULL;

int sx_newterm(const char *term) {
    sx_screen = newterm(term, stdout, stdin);
    if (sx_screen == NULL) return -1;
    set_term(sx_screen);
    return 0;
}

void sx_delscreen(void) {
    if (sx_screen != NULL) { delscreen(sx_screen); sx_screen = NULL; }
}

int sx_endwin(void) { return endwin(); }
int sx_isendwin(void) { return isendwin() ? 1 : 0; }
int sx_lines(void) { return LINES; }
int sx_cols(void) { return COLS; }
int sx_colors(void) { return COLORS; }
int sx_color_pairs(void) { return COLOR_PAIRS; }
void sx_getmaxyx(int *rows, int *cols) { int r, c; getmaxyx(stdscr, r, c); *rows = r; *cols = c; }

int sx_start_color(void) { return start_color(); }
int sx_has_colors(void) { return has_colors() ? 1 : 0; }
int sx_use_default_colors(void) { return use_default_colors(); }

int sx_init_pair(int pair, int fg, int bg) {
#if NCURSES_EXT_COLORS
    return init_extended_pair(pair, fg, bg);
#else
    return init_pair((short)pair, (short)fg, (short)bg);
#endif
}

int sx_raw(void) { return raw(); }
int sx_noecho(void) { return noecho(); }
int sx_nonl(void) { return nonl(); }
int sx_keypad(int on) { return keypad(stdscr, on ? TRUE : FALSE); }
int sx_nodelay(int on) { return nodelay(stdscr, on ? TRUE : FALSE); }
int sx_curs_set(int visibility) { return curs_set(visibility); }
int sx_set_escdelay(int ms) { return set_escdelay(ms); }

unsigned long sx_mousemask(int on) {
    mmask_t old = 0;
    mmask_t want = on ? (ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION) : 0;
    return (unsigned long)mousemask(want, &old);
}

int sx_getmouse(int *y, int *x, unsigned long *bstate) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return -1;
    *y = ev.y; *x = ev.x; *bstate = (unsigned long)ev.bstate;
    return 0;
}

unsigned long sx_wheel_up_mask(void) { return (unsigned long)BUTTON4_PRESSED; }
unsigned long sx_wheel_down_mask(void) {
#ifdef BUTTON5_PRESSED
    return (unsigned long)BUTTON5_PRESSED;
#else
    return 0;
#endif
}

int sx_get_wch(uint32_t *out) {
    wint_t ch = 0;
    int rc = wget_wch(stdscr, &ch);
    *out = (uint32_t)ch;
    return rc;
}

int sx_put_cell(int y, int x, const wchar_t *chars, int len, uint32_t attrs, int pair) {
    wchar_t buf[CCHARW_MAX + 1];
    int n = len < CCHARW_MAX ? len : CCHARW_MAX;
    memcpy(buf, chars, sizeof(wchar_t) * (size_t)n);
    buf[n] = L'\0';
    cchar_t cc;
#if NCURSES_EXT_COLORS
    int ext = pair;
    if (setcchar(&cc, buf, (attr_t)attrs, 0, &ext) != OK) return ERR;
#else
    if (setcchar(&cc, buf, (attr_t)attrs, (short)pair, NULL) != OK) return ERR;
#endif
    return mvadd_wch(y, x, &cc);
}

int sx_move(int y, int x) { return move(y, x); }
int sx_clear(void) { return clear(); }
int sx_clearok(int on) { return clearok(stdscr, on ? TRUE : FALSE); }
int sx_wnoutrefresh(void) { return wnoutrefresh(stdscr); }
int sx_doupdate(void) { return doupdate(); }
int sx_refresh(void) { return refresh(); }
int sx_resizeterm(int rows, int cols) { return resizeterm(rows, cols); }

void sx_write_raw(const char *bytes) {
    fflush(stdout);
    size_t len = strlen(bytes);
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, bytes, len);
        if (n <= 0) break;
        bytes += n; len -= (size_t)n;
    }
}

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>

static int sx_sig_pipe[2] = {-1, -1};
static volatile sig_atomic_t sx_keyboard_signals_held = 0;

static void sx_on_signal(int sig) {
    if (sx_keyboard_signals_held && (sig == SIGINT || sig == SIGQUIT || sig == SIGTSTP)) return;
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (sx_sig_pipe[1] >= 0) { ssize_t r = write(sx_sig_pipe[1], &b, 1); (void)r; }
    errno = saved;
}

int sx_signal_pipe_install(void) {
    if (sx_sig_pipe[0] >= 0) return sx_sig_pipe[0];
    if (pipe(sx_sig_pipe) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(sx_sig_pipe[i], F_SETFL, fcntl(sx_sig_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(sx_sig_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sx_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    int sigs[] = {SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGQUIT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
    return sx_sig_pipe[0];
}

static struct termios sx_saved_termios;
static int sx_have_saved_termios = 0;
static const char sx_reset_seq[] = "\033[?1004l\033[?2004l\033[?1000l\033[?1006l\033[?25h\033[0m\033[?1049l";

void sx_restore_saved_termios(void) {
    if (sx_have_saved_termios) tcsetattr(STDIN_FILENO, TCSAFLUSH, &sx_saved_termios);
}

static void sx_on_fatal(int sig) {
    ssize_t r = write(STDOUT_FILENO, sx_reset_seq, sizeof sx_reset_seq - 1);
    (void)r;
    sx_restore_saved_termios();
    signal(sig, SIG_DFL);
    raise(sig);
}

void sx_crash_restore_install(void) {
    if (tcgetattr(STDIN_FILENO, &sx_saved_termios) == 0) sx_have_saved_termios = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sx_on_fatal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

void sx_screen_pause(void) {
    sx_write_raw("\033[?1004l\033[?2004l");
    endwin();
}

void sx_screen_resume(void) {
    sx_write_raw("\033[?2004h\033[?1004h");
    refresh();
}

int sx_key_for_sequence(const char *sequence) {
    int code = key_defined(sequence);
    return code > 0 ? code : 0;
}

void sx_suspend_self(void) {
    sx_write_raw("\033[?1004l\033[?2004l");
    endwin();
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTSTP, &sa, &old);
    kill(getpid(), SIGTSTP);
    /* Execution resumes here after SIGCONT. */
    sigaction(SIGTSTP, &old, NULL);
    sx_write_raw("\033[?2004h\033[?1004h");
    refresh();
}

int sx_window_size(int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

int sx_run_editor(const char *command, const char *path) {
    size_t len = strlen(command) + 8;
    char *script = malloc(len);
    if (!script) return -1;
    snprintf(script, len, "%s \"$1\"", command);
    char *argv[] = {"sh", "-c", script, "sx-editor", (char *)path, NULL};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    sx_keyboard_signals_held = 1;
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    free(script);
    int result = -1;
    if (rc != 0) {
        errno = rc;
    } else {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    sx_keyboard_signals_held = 0;
    return result;
}
