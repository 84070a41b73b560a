"""The pictures a source may name: pictograms beside a heading (`icon:`), and step
pictures that show how to do something (`picture:` on an item)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import Field

# Pictograms shipped in templates/icons/ (Health Icons), by the name a source uses.
ICONS: dict[str, tuple[str, str]] = {  # name -> (file stem, alt text)
    "wash-hands": ("wash-hands", "Washing hands"),
    "thermometer": ("thermometer", "Thermometer"),
    "phone": ("phone", "Phone"),
    "medicine": ("medicine", "Medicine"),
    "food": ("food", "Food"),
    "central-line": ("iv-drip", "Central line"),
    "iv-drip": ("iv-drip", "Medicine drip"),
    "blood": ("blood", "Blood"),
    "bone-marrow": ("bone-marrow", "Bone"),
    "hospital": ("hospital", "Hospital"),
    "feelings": ("feelings", "Smiling face"),
    "care-team": ("care-team", "Doctor or nurse"),
    "emergency": ("emergency", "Ambulance"),
    "mouth-care": ("mouth-care", "Brushing teeth"),
    "germs": ("germs", "Germs"),
}
IconName = Literal[
    "wash-hands", "thermometer", "phone", "medicine", "food", "central-line", "iv-drip",
    "blood", "bone-marrow", "hospital", "feelings", "care-team", "emergency", "mouth-care",
    "germs",
]  # fmt: skip
ICON_FIELD = Field(
    default=None,
    description="A picture printed beside it (child and parent handouts): one of "
    + ", ".join(ICONS)
    + ".",
)


@dataclass(frozen=True)
class Step:
    """One numbered step of a step picture: a drawing and the words printed under it."""

    file: str  # under templates/
    caption: str  # printed under the drawing: what to do
    alt: str  # what the drawing shows, for readers who cannot see it


# Step pictures: a few line drawings in a row, each with its number and caption. The
# words are the handouts' own (translated in the catalogues, context `ui`); they say
# only what the drawings show, so that a topic's own text keeps every instruction it
# cites.
STEP_PICTURES: dict[str, tuple[Step, ...]] = {
    "hand-washing": (
        Step("icons/running-water.svg", "Wet your hands", "A running tap"),
        Step("images/soap.svg", "Use soap", "A bar of soap with bubbles"),
        Step("images/hands-rub.svg", "Rub them all over", "Two soapy hands rubbed together"),
        Step("icons/wash-hands.svg", "Rinse", "Water rinsing a hand"),
        Step("icons/hand-dry.svg", "Dry them", "A hand dried on a paper towel"),
    ),
    "temperature-under-arm": (
        Step(
            "images/temperature-arm-up.svg",
            "Put the tip in the armpit",
            "A child with one arm raised and a thermometer tip in the armpit",
        ),
        Step(
            "images/temperature-arm-down.svg",
            "Hold the arm down",
            "The arm lowered and held against the body over the thermometer",
        ),
        Step("icons/thermometer-digital.svg", "Read it, write it down", "A digital thermometer"),
    ),
}
PictureName = Literal["hand-washing", "temperature-under-arm"]
assert set(get_args(PictureName)) == set(STEP_PICTURES)  # one list of names, spelt once each
PICTURE_FIELD = Field(
    default=None,
    description="Numbered drawings of how to do it, with a few words under each, printed "
    "after its text for children and parents (on a one-sheet: small, beside it, numbered "
    "only): "
    + ", ".join(f"`{name}` ({len(steps)} steps)" for name, steps in STEP_PICTURES.items())
    + ".",
)


def step_words() -> list[str]:
    """The words every step picture prints or gives as alt text, for the catalogues."""
    return [
        words for steps in STEP_PICTURES.values() for s in steps for words in (s.caption, s.alt)
    ]
