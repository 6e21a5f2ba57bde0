# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
"""A process of the tree whose standard error is a terminal with its
output stopped (tcflow TCOOFF: a write there blocks) makes an exec the
supervisor refuses (a raw execve without LD_AUDIT); then another
process of the tree executes /bin/true.  Prints how long that took."""
import ctypes
import os
import pty
import subprocess
import termios
import time

m, s = pty.openpty()
termios.tcflow(s, termios.TCOOFF)
pid = os.fork()
if pid == 0:
    os.dup2(s, 2)
    env = [f"{k}={v}".encode() for k, v in os.environ.items() if k != "LD_AUDIT"]
    libc = ctypes.CDLL(None, use_errno=True)
    argv = (ctypes.c_char_p * 2)(b"/bin/true", None)
    envp = (ctypes.c_char_p * (len(env) + 1))(*env, None)
    libc.syscall(59, b"/bin/true", argv, envp)
    os._exit(0)
os.waitpid(pid, 0)
t = time.time()
r = subprocess.run(["/bin/true"])
print("second exec: %d after %.0f s" % (r.returncode, time.time() - t))
