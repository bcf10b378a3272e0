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
    ("from Crypto.Cipher import DES", "AIC314"),
    ("from os import *\nsystem('ls')", "AIC304"),
    ("yaml.load(stream)", "AIC306"),  # used without an import: judged as the module it names
    ("data = open('/etc/shadow').read()", "AIC315"),
    ("import os\nkey = open(os.path.expanduser('~/.ssh/id_rsa')).read()", "AIC315"),
    ("from pathlib import Path\ncreds = (Path.home() / '.aws' / 'credentials').read_text()", "AIC315"),
]

BENIGN = [
    "import os\nprint(os.path.join('a', 'b'))",
    "import math\nprint(math.sqrt(2))",
    "with open('f.txt') as f:\n    data = f.read()",
    "open('f.txt', 'r').read()",
    "text = 'a,b'.replace(',', ';')",
    "import yaml\nyaml.load('a: 1', Loader=yaml.SafeLoader)",
    "def f(c, n):\n    c.execute('SELECT * FROM t WHERE n = ?', (n,))",
    "msg = 'selected %d items' % 3",
    "name = 'x'\nprint(f'hello {name}')",
    "from collections import Counter\nCounter('abc').most_common(1)",
    "class A:\n    def execute(self, q: str) -> None: ...\nA().execute('x')",
    "import hashlib\nh = hashlib.sha256(b'x').hexdigest()",
    "import hashlib\nh = hashlib.md5(b'x', usedforsecurity=False).hexdigest()",
    "password = ''\ntokens = 'a b'.split()\nkey = 'name'\npassword_env = 'DB_PASSWORD'",
    "def f(random: list[int]) -> int:\n    return random[0]",
    "import secrets\ntoken = secrets.token_hex(16)",
    "from pathlib import Path\ntext = Path('data/input.txt').read_text()",
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
    assert codes == {"AIC304"}


def test_parameters_named_like_modules_are_not_those_modules() -> None:
    source = "def f(code: str, socket: int, pickle: str) -> bool:\n    return code.isupper() and pickle.isdigit()\n"
    assert check_policy("x.py", source) == []
