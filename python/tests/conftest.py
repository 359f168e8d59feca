"""Shared paths of the Python tests: the repository's sample editions and the `alinea` program."""

import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def sample():
    """The sample article's two editions (tests/data/rw895)."""
    return ROOT / "tests" / "data" / "rw895" / "en.txt", ROOT / "tests" / "data" / "rw895" / "es.txt"


@pytest.fixture
def program():
    """The `alinea` program built by cargo: $ALINEA_BIN, or target/{debug,release}/alinea."""
    candidates = [os.environ.get("ALINEA_BIN")]
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    candidates += [str(target / "debug" / "alinea"), str(target / "release" / "alinea"), shutil.which("alinea")]
    for c in candidates:
        if c and os.path.isfile(c):
            return c
    pytest.fail("no alinea program: run `cargo build` first, or set ALINEA_BIN")
