#!/usr/bin/env python3
"""Build every topic in content/ (or the sources named) into pamphlets/ and decks/.

Usage: python build.py [SOURCE...] [--out DIR]   (the same as `allprint build` run in
this folder: the project is always the folder this file is in)
"""

import sys
from pathlib import Path

# Run from a checkout without installing the package first.
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from allprint.cli.main import run

if __name__ == "__main__":
    here = str(Path(__file__).resolve().parent)
    run(["build", "--project", here, *sys.argv[1:]])
