"""The code's layers (README, "What each part does") hold: checked by import-linter, as in CI."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def contracts():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_of_fansite_is_placed_in_a_layer():
    """A new module in fansite/ must say whether it is site assembly or a building block, or the layers
    contract would not look at it."""
    layers = next(c for c in contracts() if c["type"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    modules = {
        f"fansite.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "fansite").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__" and "." not in path.stem)
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert modules - placed == set()
    assert {"concerts", "profiles"} <= placed
