"""Small groups are never identifiable: the one rule for every breakdown by perspective.

A group is everyone who submitted answers from one perspective (staff, carers...). The results
page, the PDF, the CSVs and the examples show a group on its own only if it has at least
`MIN_GROUP_SIZE` people. Smaller groups are put together as "Other perspectives"; if even
together they are too few, they are not shown. And if hiding them would still let someone work
their answers out (everyone's figures minus the groups shown), the smallest groups shown join
them, until the remainder is big enough or nothing is broken down at all.

Groups are counted in people, over the whole assessment, so a person is in the same group on
every principle and every surface. `perspective_groups()` decides; everything else asks it.
The working group's dashboards, round summary and score CSV break nothing down by perspective
(an organisation's figures are its own); they show an organisation's spread only when at least
`MIN_GROUP_SIZE` people answered, for the same reason (`shows_spread`).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings

OTHERS = "others"
OTHERS_LABEL = "Other perspectives"


def min_group_size() -> int:
    return settings.MIN_GROUP_SIZE


@dataclass(frozen=True)
class Grouping:
    """Where each perspective's people are shown: on their own (the perspective itself), with
    other small groups (`OTHERS`), or not at all (None)."""

    groups: Mapping[str, str | None]
    people: Mapping[str, int]

    def of(self, perspective: str) -> str | None:
        return self.groups.get(perspective)

    @property
    def merged(self) -> bool:
        return OTHERS in self.groups.values()

    @property
    def hidden(self) -> int:
        """How many people are in no group shown."""
        return sum(self.people[key] for key, group in self.groups.items() if group is None)

    @property
    def note(self) -> str:
        """What to say under a breakdown, or "" when every group is shown on its own."""
        size = min_group_size()
        if not self.merged and not self.hidden:
            return ""
        if self.merged and not self.hidden:
            return (
                f"To keep people from being identified, groups of fewer than {size} people "
                f'are shown together as "{OTHERS_LABEL}".'
            )
        together = f' Some are shown together as "{OTHERS_LABEL}".' if self.merged else ""
        return (
            f"To keep people from being identified, answers are not shown by perspective "
            f"where fewer than {size} people answered from that point of view.{together}"
        )


def perspective_groups(people: Mapping[str, int]) -> Grouping:
    """The grouping for perspectives with these numbers of people (perspective -> people;
    "" for anyone who did not say)."""
    size = min_group_size()
    people = {key: count for key, count in people.items() if count}
    shown = sorted((key for key, n in people.items() if n >= size), key=lambda k: (people[k], k))
    merged = [key for key, n in people.items() if n < size]
    # A remainder of 1 or 2 people could be worked out from everyone's figures: add the smallest
    # shown group to it until it is big enough.
    while merged and shown and sum(people[k] for k in merged) < size:
        merged.append(shown.pop(0))
    together = OTHERS if shown and sum(people[k] for k in merged) >= size else None
    groups = {key: key for key in shown} | {key: together for key in merged}
    return Grouping(groups=groups, people=people)


def shows_spread(people: int) -> bool:
    """Whether the lowest and highest rungs of this many people may be shown outside their
    organisation: with fewer than MIN_GROUP_SIZE, they are close to one person's answers."""
    return people >= min_group_size()
