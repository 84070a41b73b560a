"""The three readers a topic is written for, in the order their handouts are printed.

A module of its own, apart from the source model: output names and the build plan need
only these names, and a build with nothing to do should not load the model (pydantic).
"""

from typing import Literal

TIERS: tuple[str, ...] = ("child", "parent", "clinician")
Tier = Literal["child", "parent", "clinician"]
