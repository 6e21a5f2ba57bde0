# execve PROGRAM [ARG...] through the C library's own execve, as dlsym on
# a handle for libc.so.6 gives it (ctypes.CDLL("libc.so.6"), or any
# dlopen("libc.so.6") + dlsym): the preloaded guard is not in that
# handle's scope.  The environment is environ, untouched.
import ctypes
import os
import sys

libc = ctypes.CDLL("libc.so.6", use_errno=True)
env = [("%s=%s" % kv).encode() for kv in os.environ.items()]
envp = (ctypes.c_char_p * (len(env) + 1))(*env, None)
args = [a.encode() for a in sys.argv[1:]]
argv = (ctypes.c_char_p * (len(args) + 1))(*args, None)
libc.execve(argv[0], argv, envp)
print("execve failed:", os.strerror(ctypes.get_errno()), file=sys.stderr)
sys.exit(126)
