"""A handout set closer, to fit its sheet or its page 1: the levels, and its HTML at one.

Light on purpose: a worker makes a job's closer copies from its HTML (`run_jobs`), so
that a job carries its HTML once.
"""

from __future__ import annotations

# How much closer a one-sheet's lines, or a guide's page 1, may be set (sheet.css and
# base.css: closer-N), in the order they are tried.
CLOSER_LINES = (1, 2)


def set_closer(html: str, level: int) -> str:
    """A handout's HTML (from `render_html`) as `render_html(..., closer=level)` makes it:
    the level is only a class of the root element (base.html), so a handout's copies set
    closer are made from it rather than rendered again (a third of the HTML a run makes)."""
    start = html.index('class="', html.index("<html")) + len('class="')
    end = html.index('"', start)
    return f"{html[:end]} closer-{level}{html[end:]}"
