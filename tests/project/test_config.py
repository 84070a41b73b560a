"""allprint.toml: optional project settings."""

from __future__ import annotations

import pytest

from allprint.errors import UserError
from allprint.project.config import Config, load_config


def test_no_file_means_defaults(tmp_path):
    assert load_config(tmp_path / "allprint.toml") == Config(paper="a4")


def test_paper_setting(tmp_path):
    path = tmp_path / "allprint.toml"
    path.write_text('[build]\npaper = "letter"\n')
    assert load_config(path).paper == "letter"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[build]\npaper = "a3"\n', "paper 'a3' is not known"),
        ("[build]\npaper = \n", "not valid TOML"),
        ('[build]\npapr = "a4"\n', "unknown setting papr"),
    ],
)
def test_mistakes_are_explained(tmp_path, text, says):
    path = tmp_path / "allprint.toml"
    path.write_text(text)
    with pytest.raises(UserError) as info:
        load_config(path)
    assert says in str(info.value)
