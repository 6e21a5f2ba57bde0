# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# posix_spawn ARGV from a thread whose stack is STACK bytes; prints the
# child's exit status.  Usage: thread_spawn.py STACK PROGRAM [ARG...]
import os
import sys
import threading

# No smaller than the C library allows (128 KiB on AArch64).
threading.stack_size(max(int(sys.argv[1]), os.sysconf("SC_THREAD_STACK_MIN")))


def run():
    pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
    _, status = os.waitpid(pid, 0)
    print("child", os.waitstatus_to_exitcode(status), flush=True)


t = threading.Thread(target=run)
t.start()
t.join()
