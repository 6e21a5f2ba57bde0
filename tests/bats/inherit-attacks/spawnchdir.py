# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# posix_spawn (SPAWNP set: posix_spawnp) PATH with ARGV, after a file
# action that changes to DIR (posix_spawn_file_actions_addchdir_np).
# Usage: spawnchdir.py DIR PATH ARGV0 [ARG...]; exit: the child's, or 1
# when the spawn fails (the error on stderr).
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
fa = ctypes.create_string_buffer(256)
assert libc.posix_spawn_file_actions_init(fa) == 0
assert libc.posix_spawn_file_actions_addchdir_np(fa, sys.argv[1].encode()) == 0
pid = ctypes.c_int()
args = [a.encode() for a in sys.argv[2:]]
argv = (ctypes.c_char_p * (len(args)))(*args[1:], None)
env = [("%s=%s" % kv).encode() for kv in os.environ.items()]
envp = (ctypes.c_char_p * (len(env)+1))(*env, None)
fn = libc.posix_spawnp if os.environ.get("SPAWNP") else libc.posix_spawn
rc = fn(ctypes.byref(pid), args[0], fa, None, argv, envp)
if rc:
    print("spawn failed", os.strerror(rc), file=sys.stderr); sys.exit(1)
_, st = os.waitpid(pid.value, 0)
sys.exit(os.waitstatus_to_exitcode(st))
