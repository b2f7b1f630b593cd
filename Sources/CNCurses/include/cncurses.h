#pragma once
int sx_cncurses_placeholder(void);
