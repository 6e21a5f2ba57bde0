# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# wordexp(3) runs /bin/sh itself (glibc calls the kernel's execve
# directly, past any preload).  With "drop-audit", LD_AUDIT is taken out
# of environ first, the rest of sealrun's variables kept.  The shell
# reports its own smaps: how many VmFlags lines, how many say "sl".
import ctypes
import sys

libc = ctypes.CDLL(None)


class WordExp(ctypes.Structure):
    _fields_ = [("wordc", ctypes.c_size_t), ("wordv", ctypes.POINTER(ctypes.c_char_p)),
                ("offs", ctypes.c_size_t)]


if sys.argv[1:] == ["drop-audit"]:
    libc.unsetenv(b"LD_AUDIT")
w = WordExp()
rc = libc.wordexp(b'$(while read -r l; do echo "$l"; done </proc/self/smaps)',
                  ctypes.byref(w), 0)
words = [w.wordv[i].decode() for i in range(w.wordc)] if rc == 0 else []
print("rc %d vmflags %d sealed %d" % (rc, words.count("VmFlags:"), words.count("sl")))
