"""`python -m allprint.cli`: the command line."""

from allprint.cli.main import run

run()
