/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * threads — a small pthread workload: eight threads sum disjoint ranges
 * with their own heap buffers, a ninth is cancelled (glibc then loads
 * libgcc_s by itself to unwind it), and the total is printed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NTHREADS 8
#define SPAN 200000

static void *work(void *arg)
{
	uintptr_t k = (uintptr_t)arg;
	uint64_t *v = malloc(SPAN * sizeof(*v)), sum = 0;

	if (!v)
		return NULL;
	for (uint64_t i = 0; i < SPAN; i++)
		v[i] = k * SPAN + i;
	for (uint64_t i = 0; i < SPAN; i++)
		sum += v[i];
	free(v);
	return (void *)(uintptr_t)sum;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	pthread_t t[NTHREADS], s;
	uint64_t total = 0;
	void *ret;

	for (uintptr_t k = 0; k < NTHREADS; k++)
		if (pthread_create(&t[k], NULL, work, (void *)k) != 0)
			return 1;
	if (pthread_create(&s, NULL, sleeper, NULL) != 0)
		return 1;
	for (int k = 0; k < NTHREADS; k++) {
		if (pthread_join(t[k], &ret) != 0 || !ret)
			return 1;
		total += (uint64_t)(uintptr_t)ret;
	}
	if (pthread_cancel(s) != 0 || pthread_join(s, &ret) != 0 || ret != PTHREAD_CANCELED)
		return 1;
	printf("total %llu\n", (unsigned long long)total);
	return 0;
}
