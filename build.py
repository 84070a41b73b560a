#!/usr/bin/env python3
"""Build every topic in content/ (or the sources named) into pamphlets/ and decks/.

Usage: python build.py [SOURCE...] [--out DIR]   (the same as `allprint build`)
"""

import sys
from pathlib import Path

# Run from a checkout without installing the package first.
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from allprint.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
