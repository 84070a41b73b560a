"""Many sites in one run: `allprint build --site sites/`, from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, run_cli
from pypdf import PdfReader


def site(name: str, phone: str) -> str:
    return (
        f'[site]\nname = "{name}"\nphone = "{phone}"\nemergency_number = "112"\n'
        'fever = "38.3 °C"\napproved_by = "Head nurse"\napproved_on = 2026-11-20\n'
    )


LATE = ("--as-of", "2028-06-01")
BROKEN = '[site]\nname = "Hill Clinic"\nphone = 5550100\n'  # line 3: a number, not text


def text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory):
    """The tiny topic built for a folder of three site profiles, one of them broken;
    the source's reads and validations counted (the real functions, only counted)."""
    from allprint.source import loader, yaml_reader

    work = tmp_path_factory.mktemp("network")
    shutil.copy(DATA / "tiny-topic.yaml", work)
    sites = work / "profiles"
    sites.mkdir()
    (sites / "lakeside.toml").write_text(site("Lakeside Clinic", "0100 555 7788"), "utf-8")
    (sites / "riverside.toml").write_text(site("Riverside Clinic", "0200 444 6611"), "utf-8")
    (sites / "hill.toml").write_text(BROKEN, "utf-8")
    calls = {"read": 0, "validate": 0}

    def counted(name, function):
        def call(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return call

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_reader, "read_document", counted("read", yaml_reader.read_document))
        patch.setattr(loader, "validate", counted("validate", loader.validate))
        # Past its next review (2028-01-10): a warning about the topic, not about a site.
        result = run_cli("build", "tiny-topic.yaml", "--site", "profiles", *LATE, cwd=work)
    again = run_cli("build", "tiny-topic.yaml", "--site", "profiles", *LATE, cwd=work)
    return work, result, again, calls


def test_the_good_sites_are_built_each_into_its_own_folder(network):
    work, result, _, _ = network
    for name, phone, other in [
        ("lakeside", "0100 555 7788", "0200 444 6611"),
        ("riverside", "0200 444 6611", "0100 555 7788"),
    ]:
        pamphlets = work / "sites" / name / "pamphlets"
        sheet = text(pamphlets / "tiny-topic-parent-essentials.pdf")
        assert phone in sheet and other not in sheet, result.stdout
        assert (pamphlets / "tiny-topic-clinician.pdf").exists()
        assert not (work / "sites" / name / "decks").exists()
    assert not (work / "sites" / "hill").exists()
    assert not (work / "pamphlets").exists()  # the project's own handouts: not this run's


def test_the_broken_site_is_named_in_one_line_and_the_run_fails(network):
    _, result, _, _ = network
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "hill.toml" in line]
    assert len(lines) == 1, result.stderr
    assert "hill.toml:3:" in lines[0] and "phone must be text" in lines[0]
    assert "Traceback" not in result.stderr


def test_the_decks_are_made_once_for_all_sites(network):
    work, result, _, _ = network
    assert result.stdout.count("tiny-topic.apkg") == 1, result.stdout
    assert result.stdout.count("tiny-topic-cards.pdf") == 1, result.stdout
    assert (work / "decks" / "tiny-topic.apkg").exists()
    assert (work / "decks" / "tiny-topic-cards.pdf").exists()


def test_the_source_is_read_and_validated_once_for_every_site(network):
    _, _, _, calls = network
    assert calls == {"read": 1, "validate": 1}


def test_what_is_said_of_the_topic_is_said_once(network):
    _, result, _, _ = network
    overdue = [line for line in result.stderr.splitlines() if "overdue" in line]
    assert len(overdue) == 1, result.stderr


def test_a_second_run_finds_every_site_up_to_date(network):
    _, _, again, _ = network
    assert again.returncode == 1  # the broken site still fails
    assert "0 files written" in again.stderr, again.stderr
    assert again.stdout.count("up to date: tiny-topic.yaml") == 3, again.stdout


def test_two_sites_of_one_name_are_refused_before_anything_is_made(tmp_path):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    for folder in ("north", "south"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "clinic.toml").write_text(site("Clinic", "0100"), "utf-8")
    result = run_cli(
        "build",
        "tiny-topic.yaml",
        "--site",
        "north/clinic.toml",
        "--site",
        "south/*.toml",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "'clinic' is given twice" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["north", "south", "tiny-topic.yaml"]


def test_a_bundle_for_many_sites_makes_a_zip_per_site_and_an_index(network):
    import zipfile

    work = network[0]
    result = run_cli(
        "bundle", "tiny-topic.yaml", "--site", "profiles", "--paper", "a4", *LATE, cwd=work
    )
    assert result.returncode == 1  # the broken site
    assert len([line for line in result.stderr.splitlines() if "hill.toml" in line]) == 1
    index = (work / "dist" / "index.html").read_text("utf-8")
    for name, clinic, phone in [
        ("lakeside", "Lakeside Clinic", "0100 555 7788"),
        ("riverside", "Riverside Clinic", "0200 444 6611"),
    ]:
        assert f'href="{name}/allprint-bundle.zip">{clinic}</a>' in index
        with zipfile.ZipFile(work / "dist" / name / "allprint-bundle.zip") as bundle:
            names = set(bundle.namelist())
            assert "allprint-bundle/decks/tiny-topic.apkg" in names
            assert "allprint-bundle/pamphlets/tiny-topic-parent-booklet.pdf" in names
            phone_page = bundle.read("allprint-bundle/phone/tiny-topic-parent.html").decode()
            assert phone in phone_page
    assert "hill" not in index.lower()
