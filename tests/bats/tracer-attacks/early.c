/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * A static program without a C library, with a RELRO it never protects:
 * whatever it does comes before any mprotect, while sealrun's tracer is
 * still following its start-up.  argv[1] says what:
 *   exec PROG ARGS...  execve(PROG) at once
 *   stop               SIGSTOP itself, then say "after-stop"
 *   trap               SIGTRAP itself (default action: die), "after-trap"
 *   pause              say "ready" and pause()
 * Then exit 0.  Built by tracer-attacks.bats:
 *   gcc -static -nostdlib -fno-stack-protector -Wl,-z,relro
 */
static long sc(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

static void say(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	sc(1, 1, (long)s, n);
}

/* Something for PT_GNU_RELRO to cover. */
static void (*const relro_ptr[])(const char *)
	__attribute__((used, section(".data.rel.ro"))) = { say };

static int is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

__attribute__((noreturn, used)) void early_main(long *sp)
{
	char **argv = (char **)(sp + 1);
	const char *m = sp[0] > 1 ? argv[1] : "";
	long pid = sc(39, 0, 0, 0);			/* getpid */

	if (is(m, "exec") && sp[0] > 2) {
		sc(59, (long)argv[2], (long)(argv + 2), (long)(argv + sp[0] + 1));
		say("exec failed\n");
	} else if (is(m, "stop")) {
		sc(62, pid, 19, 0);			/* kill SIGSTOP */
		say("after-stop\n");
	} else if (is(m, "trap")) {
		sc(62, pid, 5, 0);			/* kill SIGTRAP */
		say("after-trap\n");
	} else if (is(m, "pause")) {
		say("ready\n");
		sc(34, 0, 0, 0);			/* pause */
	}
	sc(231, 0, 0, 0);				/* exit_group */
	for (;;)
		;
}

__asm__(".globl _start\n_start:\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n\tcall early_main\n\thlt\n");
