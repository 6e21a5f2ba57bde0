/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
#ifndef SEALCTL_SECCOMP_H
#define SEALCTL_SECCOMP_H

#include <linux/seccomp.h>
#include <sys/types.h>

/*
 * The action tid's seccomp filters take on the system call d describes
 * (SECCOMP_RET_ALLOW, SECCOMP_RET_KILL_PROCESS, ... with its data), as
 * the kernel would pick it over all of them.  tid must be in a ptrace-
 * stop of ours; reading filters needs CAP_SYS_ADMIN.  0 with *action
 * (SECCOMP_RET_ALLOW when it has none), or -errno: -EACCES/-EPERM the
 * filters cannot be read, -EINVAL one uses an instruction we do not run.
 */
int seccomp_action(pid_t tid, const struct seccomp_data *d, unsigned int *action);

#endif
