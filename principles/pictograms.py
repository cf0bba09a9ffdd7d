"""The project's own pictograms (static/img/pictograms/, drawn for Coprod: one stroke width,
one 64 x 64 grid, black with one blue), shown beside the key ideas in easy read. Each has
its text alternative here, so the page and the file say the same thing."""

from dataclasses import dataclass

from django.templatetags.static import static


@dataclass(frozen=True)
class Pictogram:
    name: str
    alt: str

    @property
    def src(self) -> str:
        return static(f"img/pictograms/{self.name}.svg")


# By principle slug: every framework version keeps its principles' slugs (see new_draft).
PRINCIPLES = {
    "people-as-assets": Pictogram("people-as-assets", "A person with a star beside them"),
    "building-capabilities": Pictogram("building-capabilities", "Steps going up"),
    "mutuality-reciprocity": Pictogram("mutuality-reciprocity", "Two people giving to each other"),
    "peer-support-networks": Pictogram("peer-support-networks", "Three people joined together"),
    "breaking-down-barriers": Pictogram(
        "breaking-down-barriers", "Two people the same size, with an equals sign between them"
    ),
    "facilitating-not-delivering": Pictogram(
        "facilitating-not-delivering", "A hand helping a person up"
    ),
}

# By rung group (Rung.Group): doing to, doing for and doing with people.
GROUPS = {
    "doing_to": Pictogram("doing-to", "Doing to people"),
    "doing_for": Pictogram("doing-for", "Doing for people"),
    "doing_with": Pictogram("doing-with", "Doing with people"),
}
