"""The capability policy's tables: which modules, calls and attributes need which capability.

A capability is refused unless `[tool.aic.policy] allow` names it. Names are fully qualified after resolving
the module's imports (`from os import system as s; s()` is `os.system`).
"""

from __future__ import annotations

CAPABILITY_CODES: dict[str, str] = {
    "dynamic-code": "AIC301",
    "dynamic-import": "AIC302",
    "introspection": "AIC303",
    "process": "AIC304",
    "network": "AIC305",
    "deserialization": "AIC306",
    "file-write": "AIC307",
    "sql": "AIC308",
    "native": "AIC309",
    "environment": "AIC311",
}

# Importing any of these grants the capability wholesale, so the import itself is the finding.
MODULES: dict[str, str] = {
    **dict.fromkeys(
        (
            "socket",
            "ssl",
            "socketserver",
            "http.client",
            "http.server",
            "urllib.request",
            "urllib3",
            "requests",
            "httpx",
            "aiohttp",
            "ftplib",
            "smtplib",
            "poplib",
            "imaplib",
            "nntplib",
            "telnetlib",
            "xmlrpc",
            "websocket",
            "websockets",
            "paramiko",
            "asyncssh",
            "pycurl",
            "grpc",
            "selectors",
            "webbrowser",
        ),
        "network",
    ),
    **dict.fromkeys(("subprocess", "pty", "multiprocessing", "pexpect", "sh", "plumbum"), "process"),
    **dict.fromkeys(
        ("pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle", "joblib"),
        "deserialization",
    ),
    **dict.fromkeys(("ctypes", "_ctypes", "cffi"), "native"),
    **dict.fromkeys(("importlib", "imp", "runpy", "zipimport", "pkgutil", "code", "codeop"), "dynamic-import"),
    **dict.fromkeys(("builtins", "__builtin__", "gc", "inspect"), "introspection"),
}

CALLS: dict[str, str] = {
    **dict.fromkeys(("eval", "exec", "compile", "builtins.eval", "builtins.exec", "builtins.compile"), "dynamic-code"),
    **dict.fromkeys(
        ("__import__", "builtins.__import__", "importlib.import_module", "importlib.__import__"), "dynamic-import"
    ),
    **dict.fromkeys(
        (
            "globals",
            "sys._getframe",
            "sys._current_frames",
            "sys.settrace",
            "sys.setprofile",
            "sys.addaudithook",
            "inspect.currentframe",
            "gc.get_objects",
            "gc.get_referrers",
        ),
        "introspection",
    ),
    **dict.fromkeys(
        (
            "os.system",
            "os.popen",
            "os.fork",
            "os.forkpty",
            "os.kill",
            "os.killpg",
            "os.posix_spawn",
            "os.posix_spawnp",
            "os.execl",
            "os.execle",
            "os.execlp",
            "os.execlpe",
            "os.execv",
            "os.execve",
            "os.execvp",
            "os.execvpe",
            "os.spawnl",
            "os.spawnle",
            "os.spawnlp",
            "os.spawnlpe",
            "os.spawnv",
            "os.spawnve",
            "os.spawnvp",
            "os.spawnvpe",
            "os.startfile",
            "platform.popen",
            "asyncio.create_subprocess_exec",
            "asyncio.create_subprocess_shell",
            "concurrent.futures.ProcessPoolExecutor",
        ),
        "process",
    ),
    **dict.fromkeys(("asyncio.open_connection", "asyncio.start_server", "urllib.urlopen"), "network"),
    **dict.fromkeys(
        ("yaml.unsafe_load", "yaml.full_load", "yaml.load_all", "numpy.load", "torch.load", "pandas.read_pickle"),
        "deserialization",
    ),
    **dict.fromkeys(
        (
            "os.remove",
            "os.unlink",
            "os.rmdir",
            "os.removedirs",
            "os.rename",
            "os.renames",
            "os.replace",
            "os.mkdir",
            "os.makedirs",
            "os.chmod",
            "os.chown",
            "os.lchown",
            "os.truncate",
            "os.link",
            "os.symlink",
            "os.mkfifo",
            "os.mknod",
            "os.write",
            "os.open",
            "os.utime",
            "shutil.rmtree",
            "shutil.move",
            "shutil.copy",
            "shutil.copy2",
            "shutil.copyfile",
            "shutil.copytree",
            "shutil.copyfileobj",
            "shutil.chown",
            "shutil.make_archive",
            "shutil.unpack_archive",
            "tempfile.mkstemp",
            "tempfile.mkdtemp",
            "tempfile.NamedTemporaryFile",
            "tempfile.TemporaryFile",
            "tempfile.SpooledTemporaryFile",
            "tempfile.TemporaryDirectory",
        ),
        "file-write",
    ),
    **dict.fromkeys(("os.getenv", "os.getenvb", "os.putenv", "os.unsetenv"), "environment"),
}
# Reading or changing the process environment, where the secrets of a CI job or a developer live.
ENVIRONMENT_ATTRIBUTES = frozenset(("os.environ", "os.environb"))

# Methods that write or delete files whatever object they are called on (pathlib and friends).
WRITE_METHODS = frozenset(
    (
        "write_text",
        "write_bytes",
        "unlink",
        "rmdir",
        "touch",
        "mkdir",
        "symlink_to",
        "hardlink_to",
        "link_to",
        "chmod",
        "lchmod",
    )
)
# Attribute names that reach interpreter internals from any object.
ESCAPE_ATTRIBUTES = frozenset(
    (
        "__builtins__",
        "__globals__",
        "__subclasses__",
        "__code__",
        "__closure__",
        "__bases__",
        "__mro__",
        "__base__",
        "__getattribute__",
        "__loader__",
        "__spec__",
        "f_globals",
        "f_locals",
        "f_back",
        "f_builtins",
        "gi_frame",
        "cr_frame",
        "ag_frame",
        "tb_frame",
        "co_code",
        "__dict__",
    )
)
ESCAPE_NAMES = frozenset(("__builtins__", "__loader__", "__spec__"))
REFLECTION_CALLS = frozenset(("getattr", "setattr", "delattr", "vars"))
OPEN_CALLS = frozenset(("open", "io.open", "codecs.open", "os.fdopen"))
SQL_VERBS = ("select", "insert", "update", "delete", "replace", "create", "drop", "alter", "with", "merge")
SQL_WORDS = ("from", "into", "set", "where", "values", "table", "join", "index")
