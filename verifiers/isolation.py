"""OS-level isolation of the sandbox server: bubblewrap (`bwrap`) around it, probed once per process.

The server runs in new PID, network, IPC and UTS namespaces (a user namespace too when aic is not root), in a
new session, dying with aic, on a read-only view holding only what the interpreter needs: its libraries (/usr/lib
and /lib*, as symlinks where the host has merged /usr), sys.base_prefix and sys.prefix (stdlib, venv,
site-packages) and the sandbox's own code (a private copy, at /aic); plus /dev, /proc and a tmpfs for scratch.
Nothing else of the host: no /etc, /home, /root, /tmp or project. Scratch is a tmpfs at a path of aic's own
(/aic-scratch), not /tmp, so an interpreter or venv that lives under /tmp (a CI clone) is not covered by it.
Each job then takes namespaces of its own (sandbox_confine.py), for which the server keeps exactly
CAP_SYS_ADMIN (unshare, mount) and, as root, CAP_SETUID/CAP_SETGID (the drop to `nobody`); a job runs with none.

Fail closed: when bwrap is missing or the probe (one empty job confined exactly as every job is) fails, the
sandbox does not run anything unless the project waives isolation (`[tool.aic] isolation = "waived"`).
`AIC_BWRAP` names another bwrap binary (tests point it at a missing one).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ENV = "AIC_BWRAP"
INSIDE = "/aic"  # where the server's code is mounted in the sandbox
SCRATCH = "/aic-scratch"  # must match sandbox_confine.SCRATCH
SERVER = "sandbox_server.py"
WAIVER = 'install bubblewrap or set [tool.aic] isolation = "waived"'
_PROBES: dict[tuple[str, ...], str | None] = {}  # command -> why it failed (None: it works), once per process


def bwrap() -> tuple[str | None, str]:
    """The bwrap binary to use, or None and why there is none."""
    named = os.environ.get(ENV)
    if named:
        found = named if os.access(named, os.X_OK) and os.path.isfile(named) else None
        return found, f"bwrap not found at {named} ({ENV})"
    return shutil.which("bwrap"), "bwrap not found"


def view() -> list[str]:
    """bwrap arguments for the read-only filesystem the interpreter needs, and nothing more."""
    args: list[str] = []
    roots = [sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable))]
    roots += [lib for lib in ("/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32") if os.path.isdir(lib)]
    for top in ("/lib", "/lib64", "/lib32", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            roots.append(top)
    kept: list[str] = []
    for root in sorted({os.path.abspath(r) for r in roots}):
        if not any(root == k or root.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(root)
    made: set[str] = set()
    for root in kept:
        # bwrap copies the host's modes onto the folders it creates above a mount point (/root is 0700):
        # traversable folders let `nobody` import what the job did not import before dropping root.
        for parent in list(reversed(Path(root).parents))[1:]:
            if str(parent) not in made:
                made.add(str(parent))
                args += ["--perms", "0755", "--dir", str(parent)]
        args += ["--ro-bind", os.path.realpath(root), root]
    return args


def overlap(args: list[str]) -> str | None:
    """A read-only mount that the scratch tmpfs or the code mount would cover or sit inside, if any."""
    mounted = [args[i + 2] for i, arg in enumerate(args) if arg == "--ro-bind"]
    for target in mounted:
        for ours in (SCRATCH, INSIDE):
            if target == ours or target.startswith(ours + "/") or ours.startswith(target.rstrip("/") + "/"):
                return f"the interpreter's folder {target} overlaps the sandbox's {ours}"
    return None


def command(binary: str, code: Path) -> list[str]:
    """The bwrap command line that runs `argv` (appended by the caller) in the sandbox; `code` is the folder
    holding the server's files."""
    if os.geteuid() == 0:
        privileges = ["--cap-drop", "ALL", "--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETUID",
                      "--cap-add", "CAP_SETGID"]  # fmt: skip
    else:
        privileges = ["--unshare-user", "--cap-drop", "ALL", "--cap-add", "CAP_SYS_ADMIN"]
    return [
        binary, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--die-with-parent",
        "--new-session", *privileges, *view(), "--ro-bind", str(code), INSIDE, "--dev", "/dev", "--proc", "/proc",
        "--tmpfs", SCRATCH, "--remount-ro", "/", "--chdir", SCRATCH, "--",
    ]  # fmt: skip


def server_command(code: Path, environment: dict[str, str]) -> tuple[list[str] | None, str]:
    """The isolated server's command line, or None and a one-line reason isolation is unavailable."""
    binary, missing = bwrap()
    if binary is None:
        return None, f"OS isolation unavailable ({missing}); {WAIVER}"
    prefix = command(binary, code)
    clash = overlap(view())
    if clash is not None:
        return None, f"OS isolation unavailable ({clash}); {WAIVER}"
    # Probed once per process: the private code folder differs per Sandbox, the verdict does not.
    key = tuple(arg for arg in prefix if arg != str(code))
    if key not in _PROBES:
        _PROBES[key] = _probe(prefix, environment)
    failure = _PROBES[key]
    if failure is not None:
        return None, f"OS isolation unavailable ({failure}); {WAIVER}"
    return [*prefix, sys.executable, "-I", f"{INSIDE}/{SERVER}", "--isolated"], ""


def _probe(prefix: list[str], environment: dict[str, str]) -> str | None:
    argv = [*prefix, sys.executable, "-I", "-S", f"{INSIDE}/{SERVER}", "--probe"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, env=environment, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"bwrap did not run: {err}"
    if done.returncode == 0:
        return None
    lines = [line.strip() for line in (done.stderr or "").splitlines() if line.strip()]
    why = lines[-1] if lines else f"exit status {done.returncode}"
    return f"the bwrap probe failed: {why[:200]}"
