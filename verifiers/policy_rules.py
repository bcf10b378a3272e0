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
    "random": "AIC312",
    "secret": "AIC313",
    "weak-crypto": "AIC314",
    "file-read": "AIC315",
}
# Not a capability: the code that refuses an import the allowlist does not name (see policy_allowlist.py).
IMPORT_CODE = "AIC316"

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
    # The whole module: its numbers are predictable (never for secrets; `secrets` is) and differ run to run
    # (examples and rebuilds stop being reproducible). A simulation project allows "random".
    "random": "random",
    **dict.fromkeys(
        (
            "Crypto.Cipher.DES",
            "Crypto.Cipher.DES3",
            "Crypto.Cipher.ARC2",
            "Crypto.Cipher.ARC4",
            "Crypto.Cipher.Blowfish",
            "Crypto.Cipher.XOR",
            "Crypto.Hash.MD2",
            "Crypto.Hash.MD4",
            "Crypto.Hash.MD5",
            "Crypto.Hash.SHA",
            "Cryptodome.Cipher.DES",
            "Cryptodome.Cipher.ARC4",
            "Cryptodome.Cipher.Blowfish",
            "Cryptodome.Hash.MD5",
            "Cryptodome.Hash.SHA",
            "md5",
            "sha",
        ),
        "weak-crypto",
    ),
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
    **dict.fromkeys(
        (
            "cryptography.hazmat.primitives.ciphers.algorithms.ARC4",
            "cryptography.hazmat.primitives.ciphers.algorithms.TripleDES",
            "cryptography.hazmat.primitives.ciphers.algorithms.Blowfish",
            "cryptography.hazmat.primitives.ciphers.algorithms.IDEA",
            "cryptography.hazmat.primitives.ciphers.modes.ECB",
            "cryptography.hazmat.primitives.hashes.MD5",
            "cryptography.hazmat.primitives.hashes.SHA1",
        ),
        "weak-crypto",
    ),
}
# Calls that take a path: given a literal absolute, home (`~`) or parent (`..`) path they reach files outside
# the project — /etc/passwd, ~/.ssh, ~/.aws — which generated code has no business reading.
PATH_CALLS = frozenset(
    (
        "open", "io.open", "codecs.open", "pathlib.Path", "pathlib.PurePath", "os.listdir", "os.scandir", "os.walk",
        "os.stat", "os.path.exists", "os.path.isfile", "os.path.getsize", "glob.glob", "glob.iglob", "os.open",
        "fileinput.input", "linecache.getline", "linecache.getlines",
    )
)  # fmt: skip
HOME_CALLS = frozenset(("os.path.expanduser", "pathlib.Path.home", "pathlib.Path.expanduser", "os.path.expandvars"))
# hashlib constructors that are weak for security; `usedforsecurity=False` says it is a checksum.
WEAK_HASHES = frozenset(("md4", "md5", "sha1", "sha", "ripemd160", "md5-sha1"))
# Hash algorithms strong enough for security, as `hashlib.new` and the functions taking a digest by name spell
# them (case, `-` and `_` aside): an allowlist, since OpenSSL knows weak ones by many names ("sha-1", "ssl3-md5").
STRONG_HASHES = frozenset(
    ("sha224", "sha256", "sha384", "sha512", "sha512224", "sha512256", "sha3224", "sha3256", "sha3384", "sha3512",
     "blake2b", "blake2s", "shake128", "shake256")
)  # fmt: skip
# Calls taking the digest by name or constructor: the argument's position and keyword.
DIGEST_ARGUMENTS = {
    "hashlib.new": (0, "name"), "hashlib.pbkdf2_hmac": (0, "hash_name"), "hashlib.file_digest": (1, "digest"),
    "hmac.new": (2, "digestmod"), "hmac.HMAC": (2, "digestmod"), "hmac.digest": (2, "digest"),
}  # fmt: skip
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
# Frame, code and traceback attributes: from any of them the caller's globals and builtins are one step away.
ESCAPE_ATTRIBUTES |= frozenset(
    (
        "f_code", "f_trace", "f_lasti", "tb_next", "tb_lasti", "gi_code", "cr_code", "ag_code", "co_consts",
        "co_names", "co_filename", "gi_yieldfrom", "cr_await",
    )
)  # fmt: skip
# Names in allowed modules that are refused on any use: (capability, why).
_EVALUATES = "evaluates text as code (typing runs string annotations through eval)"
_UNCHECKED = "switches the types gate off for the code it decorates"
HAZARDS: dict[str, tuple[str, str]] = {
    "typing.get_type_hints": ("dynamic-code", _EVALUATES),
    "typing.ForwardRef": ("dynamic-code", _EVALUATES),
    "typing.no_type_check": ("introspection", _UNCHECKED),
    "typing.no_type_check_decorator": ("introspection", _UNCHECKED),
}
OPEN_CALLS = frozenset(("open", "io.open", "codecs.open", "os.fdopen"))
SQL_VERBS = ("select", "insert", "update", "delete", "replace", "create", "drop", "alter", "with", "merge")
SQL_WORDS = ("from", "into", "set", "where", "values", "table", "join", "index")
