from __future__ import annotations

import pytest

from aic.verifiers.policy import check_policy

HOSTILE = [
    ("eval(input())", "AIC301"),
    ("exec('x = 1')", "AIC301"),
    ("import builtins\nbuiltins.eval('1')", "AIC301"),
    ("compile('1', 'f', 'eval')", "AIC301"),
    ("__import__('os')", "AIC302"),
    ("import importlib\nimportlib.import_module('os')", "AIC302"),
    ("globals()['x'] = 1", "AIC303"),
    ("x = __builtins__", "AIC303"),
    ("f = (1).__class__.__bases__[0].__subclasses__()", "AIC303"),
    ("import os\ngetattr(os, 'system')('ls')", "AIC303"),
    ("import os\nos.system('ls')", "AIC304"),
    ("from os import system as run\nrun('ls')", "AIC304"),
    ("import subprocess as sp\nsp.run(['ls'])", "AIC304"),
    ("import os\nos.popen('ls')", "AIC304"),
    ("import socket\ns = socket.socket()", "AIC305"),
    ("import urllib.request\nurllib.request.urlopen('http://x')", "AIC305"),
    ("from http.client import HTTPConnection", "AIC305"),
    ("import requests\nrequests.get('http://x')", "AIC305"),
    ("import pickle\npickle.loads(b'')", "AIC306"),
    ("import marshal\nmarshal.loads(b'')", "AIC306"),
    ("import yaml\nyaml.load('a: 1')", "AIC306"),
    ("open('f.txt', 'w').write('x')", "AIC307"),
    ("open('f.txt', mode='a')", "AIC307"),
    ("import os\nos.remove('f')", "AIC307"),
    ("import shutil\nshutil.rmtree('/')", "AIC307"),
    ("from pathlib import Path\nPath('f').write_text('x')", "AIC307"),
    ("def f(c, n):\n    c.execute('SELECT * FROM t WHERE n = %s' % n)", "AIC308"),
    ('def f(c, n):\n    c.execute("DELETE FROM t WHERE n = \'" + n + "\'")', "AIC308"),
    ("def f(n):\n    return 'SELECT a FROM t WHERE b = {}'.format(n)", "AIC308"),
    ("import ctypes\nctypes.CDLL('libc.so.6')", "AIC309"),
    ("import tempfile\ntempfile.NamedTemporaryFile(delete=False)", "AIC307"),
    ("import os\nsecret = os.environ['API_KEY']", "AIC311"),
    ("import os\nsecret = os.environ.get('API_KEY')", "AIC311"),
    ("from os import environ\nkeys = dict(environ)", "AIC311"),
    ("import os as system\nsystem.getenv('HOME')", "AIC311"),
    ("import random\nn = random.randint(1, 6)", "AIC312"),
    ("from random import choice\nc = choice('abc')", "AIC312"),
    ("password = 'hunter2'", "AIC313"),
    ("def login(user, pw=''):\n    return pw == 'hunter2' or connect(user, db_password='s3cret')", "AIC313"),
    ("config = {'apiKey': 'abc123'}", "AIC313"),
    ("def f(secret_token: str = 'xyz') -> str: return secret_token", "AIC313"),
    ("k = '-----BEGIN RSA PRIVATE KEY-----\\nMIIC'", "AIC313"),
    ("AWS = 'AKIAABCDEFGHIJKLMNOP'", "AIC313"),
    ("import hashlib\nh = hashlib.md5(b'x').hexdigest()", "AIC314"),
    ("import hashlib\nh = hashlib.new('sha1', b'x')", "AIC314"),
    ("import hashlib\nname = 'm' + 'd5'\nh = hashlib.new(name, b'x')", "AIC314"),  # a name made at run time
    ("import hashlib\nh = hashlib.new(*['md5'], b'x')", "AIC314"),
    ("import hashlib\nh = hashlib.new(**{'name': 'md5'})", "AIC314"),
    ("from hashlib import new as make\nh = make('MD5')", "AIC314"),
    ("import hashlib\nh = [hashlib.md5][0](b'x')", "AIC314"),  # the reference escapes the call's check
    ("from hashlib import md5 as digest\nh = [digest][0](b'x')", "AIC314"),
    ("import hashlib\nh = [hashlib.new][0]('md5', b'x')", "AIC314"),
    ("import hashlib\nh = hashlib.new('SHA-1', b'x')", "AIC314"),  # OpenSSL's other names for weak hashes
    ("import hashlib\nh = hashlib.new(name='ssl3-md5')", "AIC314"),
    ("import hashlib\nh = hashlib.new('rmd160')", "AIC314"),
    ("import hashlib\nk = hashlib.pbkdf2_hmac('sha1', b'pw', b'salt', 1000)", "AIC314"),  # digests named elsewhere
    ("import hmac\nm = hmac.new(b'k', b'm', 'md5')", "AIC314"),
    ("import hmac\nm = hmac.new(b'k', b'm', digestmod='sha-1')", "AIC314"),
    ("import hmac\nalgo = 'md' + '5'\nm = hmac.digest(b'k', b'm', algo)", "AIC314"),
    ("import hashlib\ndef f(fh):\n    return hashlib.file_digest(fh, 'md5')", "AIC314"),
    ("from Crypto.Cipher import DES", "AIC314"),
    ("from os import *\nsystem('ls')", "AIC304"),
    ("yaml.load(stream)", "AIC306"),  # used without an import: judged as the module it names
    ("data = open('/etc/shadow').read()", "AIC315"),
    ("import os\nkey = open(os.path.expanduser('~/.ssh/id_rsa')).read()", "AIC315"),
    ("from pathlib import Path\ncreds = (Path.home() / '.aws' / 'credentials').read_text()", "AIC315"),
]

BENIGN = [
    "import math\nprint(math.sqrt(2))",
    "text = 'a,b'.replace(',', ';')",
    "def f(c, n):\n    c.execute('SELECT * FROM t WHERE n = ?', (n,))",
    "msg = 'selected %d items' % 3",
    "name = 'x'\nprint(f'hello {name}')",
    "from collections import Counter\nCounter('abc').most_common(1)",
    "class A:\n    def execute(self, q: str) -> None: ...\nA().execute('x')",
    "import hashlib\nh = hashlib.sha256(b'x').hexdigest()",
    "import hashlib\nh = hashlib.md5(b'x', usedforsecurity=False).hexdigest()",
    "import hashlib\nh = hashlib.new('sha256', b'x').hexdigest()",
    "import hashlib\nh = hashlib.new('SHA-256', b'x').hexdigest()",
    "import hmac\nfrom hashlib import sha256\nm = hmac.new(b'k', b'm', sha256).hexdigest()",
    "import hmac\nm = hmac.digest(b'k', b'm', 'sha512')",
    "import hashlib\nimport hmac\nm = hmac.new(b'k', b'm', hashlib.sha256).digest()",
    "import hashlib\nk = hashlib.pbkdf2_hmac('sha256', b'pw', b'salt', 1000)",
    "import hashlib\nalgorithm = 'md5'\nh = hashlib.new(algorithm, b'x', usedforsecurity=False)",
    "password = ''\ntokens = 'a b'.split()\nkey = 'name'\npassword_env = 'DB_PASSWORD'",
    "def f(random: list[int]) -> int:\n    return random[0]",
    "import secrets\ntoken = secrets.token_hex(16)",
    "from pathlib import PurePath\nname = PurePath('a/b.txt').suffix",
    "import collections.abc\nfrom typing import List\nok = isinstance([], collections.abc.Sequence)",
    "class A:\n    def __init__(self) -> None:\n        super().__init__()\n        self.n = type(self).__name__",
    "import operator\nkey = operator.attrgetter('name', 'size.total')",
    "import sys\nsys.setrecursionlimit(10_000)\nbig = sys.maxsize",
    "TEMPLATE = '{} of {:>4}'\ntext = TEMPLATE.format(1, 2) + '{0} {x:.2f}'.format(3, x=4.0)",
    "def f(x: 'int') -> 'list[int]':\n    return [x]",
    "def f(x: int | None, y: 'dict[str, int]') -> list[int]:\n    return [x or 0, *y.values()]",
    "class A:\n    _n = 0\n    def f(self, other: 'A') -> int:\n        return self._n + A._n + super().__hash__()",
    # a property's setter, a class method, a base's method called with `self`, a NamedTuple's own private API
    "class A:\n    def __init__(self) -> None:\n        self._v = 0\n    @property\n    def v(self) -> int:\n"
    "        return self._v\n    @v.setter\n    def v(self, x: int) -> None:\n        self._v = x",
    "class B:\n    def __init__(self) -> None:\n        self._n = 1\nclass C(B):\n    def __init__(self) -> None:\n"
    "        B.__init__(self)\n        self._m = self._n",
    "from typing import NamedTuple\nclass P(NamedTuple):\n    x: int\n    def moved(self) -> 'P':\n"
    "        return self._replace(x=1)",
]
# Legitimate code that reaches past the default allowlist: refused by default, accepted once the project lists
# what it needs in `[tool.aic.policy] imports` (and `allow` for a capability).
LISTED = [
    ("import os.path\nprint(os.path.join('a', 'b'))", ["os.path"], []),
    ("with open('f.txt') as f:\n    data = f.read()", [], ["file-read"]),
    ("import yaml\nyaml.load('a: 1', Loader=yaml.SafeLoader)", ["yaml"], []),
    ("from pathlib import Path\ntext = Path('data/input.txt').read_text()", ["pathlib:Path"], ["file-read"]),
    ("import numpy as np\nm = np.zeros(3)", ["numpy"], []),
]
# Escapes a denylist missed: each must be refused with its code by the allowlist and reflection rules.
ESCAPES = [
    ("import os\nk = os.kill\nk(1, 9)", "AIC316"),
    ("import sys\nos = sys.modules['os']", "AIC316"),
    ("import math\nspace = vars(math)", "AIC303"),
    ("def f() -> object:\n    return locals()", "AIC303"),
    ("import operator\nget = operator.attrgetter('__globals__')", "AIC303"),
    ("import operator\ncall = operator.methodcaller('__subclasses__')", "AIC303"),
    ("import operator\nname = 'glob' + 'als'\nget = operator.attrgetter(name)", "AIC303"),
    ("def f(o: object) -> object:\n    return getattr(o, '__' + 'class__')", "AIC303"),
    ("def f(g: object) -> str:\n    return '{0.__globals__[os]}'.format(g)", "AIC303"),
    ("def f(g: object) -> str:\n    return '{0[secret]}'.format_map({'0': g})", "AIC303"),
    ("def f(t: str, g: object) -> str:\n    return t.format(g)", "AIC303"),
    ("def f(g: object) -> str:\n    return str.format('{0.x}', g)", "AIC303"),
    ("import _posixsubprocess", "AIC316"),
    # `self` and `cls` are trusted as a method's own first parameter, not for their names.
    (
        "import fractions\nclass P:\n    def n(self) -> int:\n"
        "        return self._numerator\nP.n(fractions.Fraction(1))",
        "AIC303",
    ),
    ("import random\ndef super() -> random.Random:\n    return random.Random(1)\nsuper()._randbelow(3)", "AIC303"),
    ("import random\nsuper(random.SystemRandom, random.SystemRandom())._randbelow(3)", "AIC303"),
    (
        "import random\nself = random.Random(1)\nclass A:\n    def f(self) -> int:\n        def h() -> int:\n"
        "            global self\n            return self._randbelow(3)\n        return h()",
        "AIC303",
    ),
    (
        "import random\nself = random.Random(1)\nclass A:\n    def f(self, x: int = self._randbelow(3)) -> int:\n"
        "        return x",
        "AIC303",
    ),
    ("import random\nclass A(random.Random):\n    def f(self) -> int:\n        return self._randbelow(3)", "AIC303"),
    ("import random\ndef f() -> int:\n    self = random.Random(1)\n    return self._randbelow(3)", "AIC303"),
    ("import random\nf = lambda cls: cls._randbelow(3)\nf(random.Random(1))", "AIC303"),
    (
        "import random\nclass A:\n    def f(self) -> int:\n"
        "        self = random.Random(1)\n        return self._randbelow(3)",
        "AIC303",
    ),
    (
        "import random\nclass A:\n    @staticmethod\n"
        "    def f(x: random.Random) -> int:\n        return x._randbelow(3)",
        "AIC303",
    ),
    ("import random\nclass A:\n    pass\nA = random.Random\nA(1)._randbelow(3)", "AIC303"),
    ("import posix\nposix.system('id')", "AIC316"),
    ("import pickletools", "AIC316"),
    ("from types import FunctionType, CodeType", "AIC316"),
    ("import types\nf = types.FunctionType", "AIC316"),
    ("class M(type):\n    def __new__(m, n, b, d):\n        return open('/etc/passwd').read()", "AIC315"),
    ("class A:\n    def __init_subclass__(cls) -> None:\n        eval('1')", "AIC301"),
    ("class A:\n    x = __import__('os')", "AIC302"),
    ("b = print.__self__", "AIC303"),
    ("s = ().__class__.__base__.__subclasses__()", "AIC303"),
    ("def g():\n    yield 1\nf = g().gi_frame.f_globals", "AIC303"),
    ("try:\n    1 / 0\nexcept Exception as e:\n    f = e.__traceback__", "AIC303"),
    ("import typing\nh = typing.get_type_hints", "AIC301"),
    ("from typing import ForwardRef", "AIC301"),
    ("def f(x: \"__import__('os').system('id')\") -> None: ...", "AIC302"),
    ("import dataclasses\nm = dataclasses.sys", "AIC316"),
    ("import json\nd = json.decoder", "AIC316"),
    ("import json\njson.dumps = repr", "AIC303"),
    ("import typing\nm = typing", "AIC303"),
    ("import re\np = re._compiler", "AIC316"),
    ("from string import Formatter", "AIC316"),
    ("from pathlib import *", "AIC316"),
    ("from . import helpers", "AIC316"),
    ("f = eval", "AIC301"),
    ("h = help", "AIC303"),
    ("breakpoint()", "AIC303"),
    ("b = __builtins__", "AIC303"),
    ("c = __build_class__", "AIC303"),
    ("x = f'{print.__self__}'", "AIC303"),
    ("from unittest import mock", "AIC316"),
    ("import typing\n@typing.no_type_check\ndef f(x: int) -> str:\n    return x", "AIC303"),
    # Found by attacking the first version of this policy:
    ("def f() -> None: ...\nmatch f:\n    case object(__builtins__=b):\n        pass", "AIC303"),
    ("def _(open, getattr): ...\nopen('/etc/hostname').read()", "AIC315"),
    ("def _(getattr): ...\ng = getattr(print, '_' + '_self__')", "AIC303"),
    ("def _(__builtins__): ...\n__builtins__.exec('1')", "AIC303"),
    ("# coding: utf-7\nx = 1  # +AAo-print(1)", "AIC301"),
    ("import urllib.parse\np = urllib.parse", "AIC303"),
    ("import urllib.parse\ns = getattr(urllib.parse, 'sys')", "AIC303"),
    ("from typing import *", "AIC316"),
    ("from operator import *", "AIC316"),
    ("import operator\nag = operator.attrgetter", "AIC303"),
    ("from operator import attrgetter\nag = attrgetter", "AIC303"),
    ("class C:\n    __annotations__ = {'x': int}", "AIC303"),
    ("import typing\nr = typing.get_args(typing.List['int'])[0]._evaluate({}, {}, frozenset())", "AIC303"),
    ("def h(x: 'in' + 't') -> None: ...", "AIC303"),
    ("def g(f: object) -> object:\n    leak = '{0.__globals__}'.format\n    return leak(f)", "AIC303"),
    ("import collections.abc\ncollections.abc.Mapping = dict", "AIC303"),
    ("import json\njson.JSONEncoder.default = repr", "AIC303"),
    ("def f(p: str) -> None:\n    open(p, **{'mode': 'w'})", "AIC307"),
    ("import os\nshell = os.system", "AIC304"),
]


@pytest.mark.parametrize(("source", "code"), HOSTILE)
def test_hostile_snippets_are_refused(source: str, code: str) -> None:
    found = check_policy("x.py", source)
    assert code in {d.code for d in found}, found
    last_line = len(source.splitlines())
    assert any(d.code == code and d.span.line == last_line for d in found)


@pytest.mark.parametrize("source", BENIGN)
def test_benign_code_passes(source: str) -> None:
    assert check_policy("x.py", source) == []


def test_allowances_drop_only_their_capability() -> None:
    source = "import os\nos.system('ls')\nopen('f', 'w')"
    codes = {d.code for d in check_policy("x.py", source, allow=["file-write"])}
    assert codes == {"AIC304", "AIC316"}
    assert {d.code for d in check_policy("x.py", source, allow=["file-write"], imports=["os"])} == {"AIC304"}


@pytest.mark.parametrize(("source", "code"), ESCAPES)
def test_escapes_past_a_denylist_are_refused(source: str, code: str) -> None:
    assert code in {d.code for d in check_policy("x.py", source)}


@pytest.mark.parametrize(("source", "imports", "allow"), LISTED)
def test_listed_imports_and_allowed_capabilities_pass(source: str, imports: list[str], allow: list[str]) -> None:
    assert check_policy("x.py", source) != []
    assert check_policy("x.py", source, allow=allow, imports=imports) == []


def test_a_capability_module_reports_its_capability_only() -> None:
    source = "import subprocess\nsubprocess.call('x', shell=True)\nimport socket\ns = socket.socket()"
    assert {d.code for d in check_policy("x.py", source)} == {"AIC304", "AIC305"}


def test_a_name_entry_allows_that_name_only() -> None:
    assert check_policy("x.py", "from pathlib import Path", imports=["pathlib:Path"]) == []
    found = check_policy("x.py", "import shutil\nshutil.which('x')", imports=["shutil:copy"])
    assert [d.code for d in found] == ["AIC316"]


def test_examples_are_judged_by_the_same_policy() -> None:
    source = 'def f() -> int:\n    """Doc.\n\n    >>> f()\n    1\n    """\n    return 1\n'
    examples = [("f()\n", 4), ("import os; os.system('id')\n", 6), ("__import__('subprocess')\n", 7)]
    found = check_policy("x.py", source, examples=examples)
    assert {(d.code, d.span.line) for d in found} == {("AIC316", 6), ("AIC304", 6), ("AIC302", 7)}
    assert check_policy("x.py", source, examples=[("f(\n", 4)]) == []  # not Python: the examples gate says so


def test_bad_import_entries_are_refused() -> None:
    from aic.verifiers.policy_allowlist import parse_entry

    for bad in ("", "os path", "pathlib:", "a:b:c", "1abc"):
        with pytest.raises(ValueError, match="imports"):
            parse_entry(bad)


def test_parameters_named_like_modules_are_not_those_modules() -> None:
    source = "def f(code: str, socket: int, pickle: str) -> bool:\n    return code.isupper() and pickle.isdigit()\n"
    assert check_policy("x.py", source) == []
