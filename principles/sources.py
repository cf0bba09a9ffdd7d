"""The documents the seeded case studies come from.

The project keeps its own list, so each seeded study can say where it came from (and a test can
check that it does) without reading anything outside the project.
"""

from typing import NamedTuple


class Source(NamedTuple):
    title: str
    author: str
    year: int

    def __str__(self) -> str:
        return f"{self.title}, {self.author} ({self.year})"


SOURCES = {
    "way-ahead-2017": Source(
        "The Way Ahead Co-production report",
        "The Way Ahead co-production working group, London",
        2017,
    ),
    "nef-in-this-together-2011": Source(
        "In This Together: Building knowledge about co-production",
        "Julia Slay and Ben Robinson, nef (the new economics foundation)",
        2011,
    ),
    "govint-coprodnet-2012": Source(
        "Co-production workshop report, Policy@Manchester week",
        "Governance International and Coprodnet",
        2012,
    ),
}
