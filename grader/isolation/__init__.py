"""Running untrusted learner code: the layers of the sandbox and the fork server that uses them.

- ``layers``: which layers this machine gives (namespaces, Landlock, rlimits), found by trying.
- ``view``: what a job may see of the file system (the stdlib and numpy, never bigpicture).
- ``job``: one job in a fresh fork: confine it, then run the learner's calls.
- ``zygote``: the fork server that starts every job, watches it and cleans up after it.
- ``launcher``: the grading process's side of the zygote.
- ``landlock``, ``syscalls``: the Linux calls beneath, through ctypes.
"""
