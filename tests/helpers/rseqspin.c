/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * rseqspin — a thread that spins inside one restartable sequence's
 * critical section (rseq(2), glibc's registration) of COUNT iterations,
 * again and again.  The kernel sends it to the abort handler whenever it
 * is preempted, gets a signal or is stopped, so with another busy
 * process on its CPU a section never reaches its commit: "commits" stays
 * 0.  A tool that stops the thread and lets it go again inside the
 * section, unaborted, lets it commit.  Prints its PID, then every 100 ms
 * "aborts N commits M" on standard error.  x86_64 only (exit 77
 * elsewhere, or without rseq).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/rseq.h>
#include <unistd.h>

#if defined(__x86_64__)
static volatile unsigned long aborts, commits;

static void *report(void *arg)
{
	(void)arg;
	for (;;) {
		usleep(100000);
		fprintf(stderr, "aborts %lu commits %lu\n", aborts, commits);
	}
	return NULL;
}
#endif

int main(int argc, char **argv)
{
#if defined(__x86_64__)
	unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000000UL;
	struct rseq *rs;
	pthread_t t;

	if (!__rseq_size) {
		puts("no rseq");
		return 77;
	}
	rs = (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
	if (pthread_create(&t, NULL, report, NULL) != 0)
		return 1;
	printf("%d\n", getpid());
	fflush(stdout);
	for (;;) {
		/* The descriptor (start, length to the commit, abort handler
		 * with glibc's signature before it) armed, then the loop. */
		__asm__ volatile(
			".pushsection __rseq_cs, \"aw\"\n\t"
			".balign 32\n"
			"3:\t.long 0, 0\n\t"
			".quad 1f, (2f - 1f), 4f\n\t"
			".popsection\n\t"
			"leaq 3b(%%rip), %%rax\n\t"
			"movq %%rax, %[cs]\n\t"
			"movq %[n], %%rcx\n"
			"1:\tdecq %%rcx\n\t"
			"jnz 1b\n"
			"2:\tincq %[commits]\n\t"
			"jmp 5f\n\t"
			".long 0x53053053\n"
			"4:\tincq %[aborts]\n"
			"5:\n"
			: [cs] "=m"(rs->rseq_cs), [aborts] "+m"(aborts), [commits] "+m"(commits)
			: [n] "r"(count)
			: "rax", "rcx", "memory", "cc");
	}
#else
	(void)argc;
	(void)argv;
	puts("x86_64 only");
	return 77;
#endif
}
