#pragma once
/// The C face of ncursesw for Swift. Swift 6 rejects mutable C globals (`stdscr`, `LINES`, `COLS`) and cannot call
/// function-like macros (`COLOR_PAIR`, `getmaxyx`), so everything SXTUI needs goes through these small functions.
/// Wide-character support needs `NCURSES_WIDECHAR`/`_XOPEN_SOURCE_EXTENDED` before <curses.h>; Package.swift
/// defines them for this target, and they are repeated here so any includer of this header gets the same view.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <stdint.h>
#include <wchar.h>

/// Attribute bits, as ncurses defines them on this machine (never hard-coded on the Swift side).
extern const uint32_t sx_A_NORMAL;
extern const uint32_t sx_A_BOLD;
extern const uint32_t sx_A_DIM;
extern const uint32_t sx_A_ITALIC;
extern const uint32_t sx_A_UNDERLINE;
extern const uint32_t sx_A_REVERSE;

/// Return values and special keys.
extern const int sx_ERR;
extern const int sx_OK;
extern const int sx_KEY_CODE_YES;
extern const int sx_KEY_RESIZE;
extern const int sx_KEY_UP, sx_KEY_DOWN, sx_KEY_LEFT, sx_KEY_RIGHT, sx_KEY_HOME, sx_KEY_END;
extern const int sx_KEY_PPAGE, sx_KEY_NPAGE, sx_KEY_BACKSPACE, sx_KEY_DC, sx_KEY_IC, sx_KEY_ENTER, sx_KEY_BTAB;
extern const int sx_KEY_MOUSE, sx_KEY_SUSPEND;
/// F(n) for n in 1...12.
int sx_key_f(int n);
/// Shifted F(n): ncurses numbers them F(n+12) on xterm-like terminals.
int sx_key_shift_f(int n);

/// Whether the terminal type (NULL = $TERM) can address the cursor, which the full-screen interface needs: 1 when
/// its terminfo entry has `cup`, 0 when the entry lacks it (TERM=dumb), -1 when there is no entry. Only reads the
/// entry and frees it again: no screen is made and the terminal's modes are untouched.
int sx_term_cursor_addressing(const char *term);
/// Creates the screen on the given terminal type (NULL = $TERM) over stdin/stdout; 0 on success, -1 when the
/// terminal type is unknown (newterm returns NULL rather than exiting like initscr).
int sx_newterm(const char *term);
/// Frees the screen made by sx_newterm (after sx_endwin).
void sx_delscreen(void);
int sx_endwin(void);
int sx_isendwin(void);

int sx_lines(void);
int sx_cols(void);
int sx_colors(void);
int sx_color_pairs(void);
/// getmaxyx(stdscr) as two out parameters.
void sx_getmaxyx(int *rows, int *cols);

int sx_start_color(void);
int sx_has_colors(void);
int sx_use_default_colors(void);
/// init_extended_pair when available (pairs and colours beyond 255), init_pair otherwise.
int sx_init_pair(int pair, int fg, int bg);

int sx_raw(void);
int sx_noecho(void);
int sx_nonl(void);
int sx_keypad(int on);
int sx_nodelay(int on);
int sx_curs_set(int visibility);
int sx_set_escdelay(int ms);
/// Enables (on != 0) or disables wheel and button reports; returns the mask ncurses accepted.
unsigned long sx_mousemask(int on);
/// Reads the last mouse event: button state bits and position. Returns 0 when an event was read.
int sx_getmouse(int *y, int *x, unsigned long *bstate);
/// Wheel bits for the current ncurses mouse version.
unsigned long sx_wheel_up_mask(void);
unsigned long sx_wheel_down_mask(void);

/// wget_wch(stdscr): returns sx_OK (a character), sx_KEY_CODE_YES (a function key) or sx_ERR (nothing waiting).
int sx_get_wch(uint32_t *out);

/// Draws one cell: a grapheme cluster of `len` wide chars (at most 5, ncurses' CCHARW_MAX) at (y, x).
int sx_put_cell(int y, int x, const wchar_t *chars, int len, uint32_t attrs, int pair);
int sx_move(int y, int x);
int sx_clear(void);
int sx_clearok(int on);
int sx_wnoutrefresh(void);
int sx_doupdate(void);
int sx_refresh(void);
int sx_resizeterm(int rows, int cols);

/// Writes raw bytes straight to the terminal (bracketed paste on/off, OSC 52), flushing stdout first.
void sx_write_raw(const char *bytes);

/// Signals, handled the async-signal-safe way: the handler writes the signal number as one byte to a pipe that
/// the input thread polls. Installed before newterm so ncurses does not take SIGWINCH too (one owner). Returns the
/// pipe's read end, or -1.
int sx_signal_pipe_install(void);
/// Saves the terminal modes and installs handlers for fatal signals (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT)
/// that restore them, leave the alternate screen and bracketed paste, then die with the default action.
void sx_crash_restore_install(void);
/// Restores the saved terminal modes (also the last step of a normal exit).
void sx_restore_saved_termios(void);
/// Ctrl+Z: leaves curses mode, stops the process with SIGTSTP's default action, and returns once continued.
void sx_suspend_self(void);
/// Gives the terminal to another program (Ctrl+G's editor): bracketed paste and focus reporting off, endwin
/// (the shell's terminal modes back). `sx_screen_resume` takes it back and repaints on the next refresh.
void sx_screen_pause(void);
void sx_screen_resume(void);
/// Runs `sh -c '<command> "$1"' sx-editor <path>` on the terminal (stdin, stdout and stderr shared; no other
/// descriptor passed on) and waits for it. Meanwhile Ctrl+C, Ctrl+\ and Ctrl+Z belong to the editor: sx's handler
/// drops SIGINT, SIGQUIT and SIGTSTP instead of acting on them. Returns the exit status, 128+N when killed by
/// signal N, or -1 (errno set) when it could not be started.
int sx_run_editor(const char *command, const char *path);
/// The key code ncurses gives `sequence` (its terminfo may name focus in/out, `kxIN`/`kxOUT`), or 0.
int sx_key_for_sequence(const char *sequence);
/// The kernel's idea of the window size; 0 on success.
int sx_window_size(int *rows, int *cols);
