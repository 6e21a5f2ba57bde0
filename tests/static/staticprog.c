/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * staticprog — a static C program for tests/bats/static.bats, built twice
 * by tests/tests.mk: helpers/staticprog (-static) and helpers/staticprog-pie
 * (-static-pie), so that the tests need no compiler where they run (the
 * kernel VMs of tests/vm have none).
 *
 *   staticprog          exit 7
 *   staticprog wait     print "ready", then wait for a signal
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		puts("ready");
		fflush(stdout);
		pause();
	}
	return 7;
}
