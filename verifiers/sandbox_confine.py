"""How one sandbox job is confined (runs in the fork server's children; stdlib only, copied with the server).

Two modes:
- isolated (the server runs under bubblewrap, see isolation.py): the job's first process unshares new PID,
  mount, IPC and network namespaces and forks; the fork is PID 1 of the job's PID namespace, so every process
  the job starts, in a new session or not, dies with it. It mounts a fresh size-limited tmpfs as its scratch
  directory, its own /proc and a fresh /dev/shm, makes /dev read-only, takes resource limits, drops root (or,
  without root, its capabilities) and only then runs the job. The filesystem it sees is bubblewrap's read-only
  view: the interpreter, its libraries and the sandbox's own code, nothing of the host's /etc, /home or /tmp.
- waived (`[tool.aic] isolation = "waived"` and no bubblewrap): the old child: a new session, a network
  namespace when root, resource limits, the uid drop.

In both an audit hook refuses processes, sockets, native code and writes outside the scratch directory. It is
defence in depth, not a boundary: os.mknod/os.mkfifo and _posixsubprocess.fork_exec raise no audit event in
3.11; in the isolated mode the read-only mounts and the PID namespace are what stop them.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys
from collections.abc import Callable
from typing import Any

NOBODY = 65534
SCRATCH = "/aic-scratch"  # the job's own tmpfs in the isolated mode (isolation.SCRATCH, covered per job)
CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x08000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 1 << 14, 1 << 18
PR_SET_PDEATHSIG = 1
_CAP_VERSION_3 = 0x20080522
EXIT_ORPHANED = 75

_BLOCKED_EVENTS = frozenset(
    (
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "os.kill",
        "os.killpg",
        "pty.spawn",
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "ctypes.dlopen",
        "ctypes.dlsym",
        "ctypes.cdata",
        "ctypes.call_function",
        "webbrowser.open",
    )
)
# Audit events that write, and per path they name: (position of the path, position of its dir_fd or None).
_WRITES: dict[str, tuple[tuple[int, int | None], ...]] = {
    "os.remove": ((0, 1),),
    "os.rmdir": ((0, 1),),
    "os.mkdir": ((0, 2),),
    "os.chmod": ((0, 2),),
    "os.chown": ((0, 3),),
    "os.chflags": ((0, None),),
    "os.link": ((0, 2), (1, 3)),  # both: a hard link outside is a write outside, whichever side
    "os.rename": ((0, 2), (1, 3)),  # os.replace too; the target is where the write lands
    "os.symlink": ((1, 2),),  # (target, link): the link is what gets written; the target is checked apart
    "os.truncate": ((0, None),),
    "os.utime": ((0, 3),),
    "os.setxattr": ((0, None),),
    "os.removexattr": ((0, None),),
    "shutil.rmtree": ((0, 1),),
    "shutil.move": ((0, None), (1, None)),
    "shutil.copyfile": ((1, None),),
    "shutil.copymode": ((1, None),),
    "shutil.copystat": ((1, None),),
    "shutil.copytree": ((1, None),),
    "shutil.chown": ((0, None),),
    "shutil.make_archive": ((0, None),),
    "shutil.unpack_archive": ((1, None),),
}


class Libc:
    """The libc calls confinement needs, resolved once in the server: symbol lookups are refused (audit hook)
    once a job's code may run."""

    def __init__(self) -> None:
        lib = ctypes.CDLL(None, use_errno=True)
        self.unshare, self.prctl, self.capset = lib.unshare, lib.prctl, lib.capset
        self.mount = lib.mount
        self.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]

    def check(self, result: int, what: str) -> None:
        if result != 0:
            number = ctypes.get_errno()
            raise OSError(number, f"{what}: {os.strerror(number)}")

    def mount_fs(self, kind: str, target: str, flags: int, data: str | None = None) -> None:
        raw = data.encode() if data is not None else None
        self.check(self.mount(kind.encode(), target.encode(), kind.encode(), flags, raw), f"mount {kind} on {target}")


def supervise(libc: Libc, event_fd: int, job: Callable[[int], int], cpu_seconds: int) -> int:
    """The job's first process (isolated mode): new namespaces, the job in a fork that is PID 1 of them, and
    this process ending as that fork ended (its signal re-raised), so the server reads the usual status."""
    os.setsid()  # the server's deadline kill reaches this process by its group
    libc.check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL), "prctl")  # dies with the server
    libc.check(libc.unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET), "unshare")
    alive_read, alive_write = os.pipe()  # EOF on alive_read: this process is gone
    pid = os.fork()
    if pid == 0:
        os.close(alive_write)
        return job(alive_read)
    os.close(alive_read)
    os.close(event_fd)  # the report's EOF comes when the job's namespace is gone, not when this process is
    _, status, usage = os.wait4(pid, 0)
    if not os.WIFSIGNALED(status):
        return os.waitstatus_to_exitcode(status)
    number = os.WTERMSIG(status)
    if number == signal.SIGKILL and usage.ru_utime + usage.ru_stime >= cpu_seconds:
        # A PID namespace's init ignores SIGXCPU; the kernel's SIGKILL at the hard limit follows it.
        number = signal.SIGXCPU
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with contextlib.suppress(OSError, ValueError):
        signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)
    return 128 + number


def confine_isolated(libc: Libc, limits: dict[str, Any], imports: list[str], event_fd: int, alive: int) -> list[str]:
    """PID 1 of the job's namespaces: its own mounts, limits, no root, then the audit hook; returns the layers.
    `alive` reads EOF once the job's first process is gone."""
    libc.check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL), "prctl")  # until the uid change clears it
    user = NOBODY if os.getuid() == 0 else os.getuid()
    size = 4 * int(limits["file_size_mb"])
    libc.check(libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    options = f"size={size}m,nr_inodes=4096,mode=0711,uid={user},gid={user}"  # root (no DAC caps) may enter
    libc.mount_fs("tmpfs", SCRATCH, MS_NOSUID | MS_NODEV | MS_NOEXEC, options)
    libc.mount_fs("proc", "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    libc.check(
        libc.mount(None, b"/dev", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, None),
        "remount /dev",
    )
    shm = f"size={int(limits['file_size_mb'])}m,mode=1777"
    libc.mount_fs("tmpfs", "/dev/shm", MS_NOSUID | MS_NODEV | MS_NOEXEC, shm)
    _limit(limits)
    _enter(SCRATCH, (event_fd, alive))
    window = [False]  # True only while this function makes its own libc calls below
    sys.addaudithook(audit_hook(SCRATCH, window))
    layers = ["pidns", "mntns", "ipcns", "netns", "tmpfs", "audit"]
    root = os.getuid() == 0
    if root:
        # Import what the module names while still root (the interpreter may sit where `nobody` cannot read);
        # outside the window below: imported code makes no libc call of its own.
        preimport(imports)
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)  # clears every capability
    window[0] = True
    if not root:
        _drop_capabilities(libc)
    libc.check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL), "prctl")  # set again: the uid change cleared it
    window[0] = False
    layers.append("uid" if root else "caps")
    resource.setrlimit(resource.RLIMIT_NPROC, (int(limits["processes"]),) * 2)
    os.set_blocking(alive, False)
    try:
        if os.read(alive, 1) == b"":
            os._exit(EXIT_ORPHANED)  # the first process died before the death signal was set again
    except BlockingIOError:
        pass
    os.close(alive)
    _no_capabilities()
    return layers


def _drop_capabilities(libc: Libc) -> None:
    """Without root there is no uid to drop to (bubblewrap maps one uid): the job gives up its capabilities."""
    header = (ctypes.c_uint32 * 2)(_CAP_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable: none (ambient follows permitted)
    libc.check(libc.capset(header, data), "capset")


def _no_capabilities() -> None:
    with open("/proc/self/status", "rb") as status:  # bytes: a text codec may not be importable any more
        for line in status:
            if line.startswith((b"CapEff:", b"CapPrm:")) and int(line.split()[1], 16):
                raise PermissionError("the job kept capabilities after dropping them")


def confine_waived(libc: Libc, scratch: str, limits: dict[str, Any], imports: list[str], event_fd: int) -> list[str]:
    """The waived mode's child: what the OS gives without bubblewrap; returns the layers that took effect."""
    layers = []
    os.setsid()
    if libc.unshare(CLONE_NEWNET) == 0:
        layers.append("netns")
    _limit(limits)
    _enter(scratch, (event_fd,))
    window = [False]
    sys.addaudithook(audit_hook(scratch, window))
    layers.append("audit")
    if os.getuid() == 0:
        preimport(imports)
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        layers.append("uid")
    resource.setrlimit(resource.RLIMIT_NPROC, (int(limits["processes"]),) * 2)
    window[0] = True
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # after the uid change, which clears it
    window[0] = False
    if os.getppid() == 1:
        os._exit(EXIT_ORPHANED)
    return layers


def _limit(limits: dict[str, Any]) -> None:
    mb = 1024 * 1024
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (int(limits["memory_mb"]) * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limits["file_size_mb"]) * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _enter(scratch: str, keep: tuple[int, ...]) -> None:
    """Work in the scratch directory with no descriptor but /dev/null on 0-2 and `keep`: the server's other
    pipes (other jobs' reports among them) are not this job's to read."""
    os.chdir(scratch)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def preimport(names: list[str]) -> None:
    import importlib

    for name in names:
        if name and not name.startswith(".") and name not in sys.modules:
            with contextlib.suppress(BaseException):
                importlib.import_module(name)


def audit_hook(scratch: str, window: list[bool]) -> Callable[[str, tuple[Any, ...]], None]:
    root = os.path.realpath(scratch)

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if window[0] and event == "ctypes.call_function":
            return
        if event in _BLOCKED_EVENTS:
            raise PermissionError(f"aic sandbox: {event} is not allowed")
        if event == "open":
            _check_open(root, args)
        elif event in _WRITES:
            _check_write(root, event, args)

    return hook


def _check_open(root: str, args: tuple[Any, ...]) -> None:
    path = args[0] if args else None
    if isinstance(path, int):
        return  # a descriptor already open: its own open was checked
    if _writing(args) and not _inside(root, path, None):
        raise PermissionError("aic sandbox: open for writing outside the scratch directory is not allowed")
    # The hook cannot see os.open's dir_fd, so no directory outside the scratch directory is opened at all:
    # without such a descriptor, a relative name resolves where the hook resolves it.
    text = _text(path)
    if text is not None and os.path.isdir(text) and not _inside(root, text, None):
        raise PermissionError("aic sandbox: opening a directory outside the scratch directory is not allowed")


def _check_write(root: str, event: str, args: tuple[Any, ...]) -> None:
    for where, dir_at in _WRITES[event]:
        path = args[where] if where < len(args) else None
        dir_fd = args[dir_at] if dir_at is not None and dir_at < len(args) else None
        if event == "os.truncate" and isinstance(path, int):
            continue  # ftruncate: the descriptor was opened for writing, and that open was checked
        if not _inside(root, path, dir_fd):
            raise PermissionError(f"aic sandbox: {event} outside the scratch directory is not allowed")
    if event == "os.symlink" and len(args) > 1:
        target, link = args[0], args[1]
        target_text, link_text = _text(target), _text(link)
        if target_text is not None and link_text is not None:
            resolved = os.path.join(os.path.dirname(link_text), target_text)  # a relative target: from the link
            if _inside(root, resolved, None):
                return
        raise PermissionError("aic sandbox: a symlink pointing outside the scratch directory is not allowed")


def _inside(root: str, path: object, dir_fd: object) -> bool:
    text = _text(path)
    if text is None:
        return False
    if dir_fd not in (None, -1) and not os.path.isabs(text):
        return False  # relative to a descriptor the hook cannot resolve
    real = os.path.realpath(text)
    return real == root or real.startswith(root.rstrip("/") + "/")


def _text(path: object) -> str | None:
    if not isinstance(path, str | bytes | os.PathLike):
        return None
    try:
        return os.fsdecode(os.fspath(path))
    except (TypeError, ValueError):
        return None


def _writing(args: tuple[Any, ...]) -> bool:
    mode = args[1] if len(args) > 1 else None
    flags = args[2] if len(args) > 2 else 0
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
