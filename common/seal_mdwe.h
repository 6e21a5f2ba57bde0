/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Memory-deny-write-execute (PR_SET_MDWE, Linux 6.3), for C libraries
 * whose <sys/prctl.h> predates it.  Private to sealtools.
 */
#ifndef SEAL_MDWE_H
#define SEAL_MDWE_H

#include <sys/prctl.h>

#ifndef PR_SET_MDWE
# define PR_SET_MDWE			65
# define PR_GET_MDWE			66
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
# define PR_MDWE_REFUSE_EXEC_GAIN	(1UL << 0)
#endif
#ifndef PR_MDWE_NO_INHERIT
# define PR_MDWE_NO_INHERIT		(1UL << 1)
#endif

#endif /* SEAL_MDWE_H */
