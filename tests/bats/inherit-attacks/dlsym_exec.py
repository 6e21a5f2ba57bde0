# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Start a program with a function found on a handle of the C library
# itself, past the guard's exported functions unless dlsym and dlvsym
# hand out the guard's.
#   dlsym_exec.py execve PROGRAM ARG...          ctypes' dlsym(libc, "execve")
#   dlsym_exec.py next PROGRAM ARG...            dlsym(RTLD_NEXT, "execve") from _ctypes
#   dlsym_exec.py dlvsym VERSION PROGRAM ARG...  dlvsym(libc, "execve", VERSION)
#   dlsym_exec.py spawn VERSION PROGRAM ARG...   dlvsym(libc, "posix_spawn", VERSION)
#   dlsym_exec.py system COMMAND                 __libc_system, LD_PRELOAD unset first
import ctypes
import os
import sys

libc = ctypes.CDLL("libc.so.6", use_errno=True)
dl = ctypes.CDLL(None)
dl.dlvsym.restype = ctypes.c_void_p
dl.dlvsym.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
how, rest = sys.argv[1], sys.argv[2:]


def strings(items):
    return (ctypes.c_char_p * (len(items) + 1))(*[s.encode() for s in items], None)


def versioned(name, version, *types):
    p = dl.dlvsym(libc._handle, name, version.encode())
    if not p:
        sys.exit(f"no {name.decode()}@{version}")
    return ctypes.CFUNCTYPE(ctypes.c_int, *types, use_errno=True)(p)


if how == "system":
    del os.environ["LD_PRELOAD"]
    libc.__libc_system.argtypes = [ctypes.c_char_p]
    rc = libc.__libc_system(rest[0].encode())
    sys.exit(rc >> 8 if rc >= 0 else 126)
env = strings([f"{k}={v}" for k, v in os.environ.items()])
if how == "execve":
    f = libc.execve
elif how == "next":
    f = ctypes.CDLL("RTLD_NEXT", handle=-1, use_errno=True).execve
elif how == "dlvsym":
    version, rest = rest[0], rest[1:]
    f = versioned(b"execve", version, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p)
elif how == "spawn":
    version, rest = rest[0], rest[1:]
    sp = versioned(b"posix_spawn", version, ctypes.c_void_p, ctypes.c_char_p,
                   ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
    pid = ctypes.c_int(0)
    err = sp(ctypes.byref(pid), rest[0].encode(), None, None, strings(rest), env)
    if err:
        print("posix_spawn:", os.strerror(err), file=sys.stderr)
        sys.exit(126)
    sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid.value, 0)[1]))
rc = f(rest[0].encode(), strings(rest), env)
print("execve:", os.strerror(ctypes.get_errno()), file=sys.stderr)
sys.exit(126)
