"""Reading the PDF reports (assessment/reports/pdf.py) back, and building what they show.

- `pdf_pages(pdf)`: each page's text as `pdftotext` reads it, runs of whitespace made one space
- `pdf_text(pdf)`: the whole document's text, the same way
- `principle_part(text, position)`: one principle's pages, from its "Principle n of m" on
- `outline(reader)`, `embedded_fonts(reader)`, `structure_elements(reader)`,
  `structure_types(reader)`: what pypdf sees
- `table_header_ids(reader)`: structure element IDs, and the header IDs table cells name
- `tag_tree_problems(reader)`: what breaks the tag tree PDF/UA needs (empty when whole);
  `pagination_artifacts(page)`: running headers and footers marked for screen readers to skip
- `close_assessment(...)`: a closed assessment whose respondents chose the rungs given
- `review_and_agree(...)`: a submitted peer review, and agreed rungs (some confirmed)
"""

import io
import subprocess
from collections import Counter

from pypdf import PdfReader
from pypdf.generic import ArrayObject

from assessment.models import AgreedRung, Assessment, PeerReview, Respondent
from principles.models import Principle, Rung

from .answering_helpers import SLUGS
from .review_helpers import answer_everything, declare, invite

SIX = 6


# Reading -----------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's words in reading order (pdftotext ends every page with a form feed)."""
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    pages = raw.split("\f")
    assert pages[-1].strip() == "", "pdftotext ends the last page with a form feed"
    return [_squash(page) for page in pages[:-1]]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))


def principle_part(text: str, position: int) -> str:
    """From a principle's kicker ("Principle 2 of 6") to the next principle's, or to the end
    of the last principle (the peer review, or the methodology)."""
    start = text.index(f"Principle {position} of {SIX}")
    if position < SIX:
        end = text.index(f"Principle {position + 1} of {SIX}", start)
    else:
        ends = [
            text.find(heading, start)
            for heading in ("The peer review A ", "How this report was made, and credits For")
        ]
        end = min(found for found in ends if found != -1)
    return text[start:end]


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def outline(pdf_reader: PdfReader) -> list[tuple[str, int]]:
    """Every bookmark, depth first, as (title, 1-based page number)."""
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, pdf_reader.get_destination_page_number(item) + 1))

    walk(pdf_reader.outline)
    return found


def embedded_fonts(pdf_reader: PdfReader) -> dict[str, list[str]]:
    """Every font the pages use: its /FontName (subset prefix removed) and the /FontFile
    entries of its descriptor (empty when the font is not embedded)."""
    fonts = {}
    for page in pdf_reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])]
            for part in [font, *descendants]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                name = str(descriptor["/FontName"]).lstrip("/")
                name = name.split("+", 1)[1] if "+" in name else name
                fonts[name] = sorted(key for key in descriptor if key.startswith("/FontFile"))
    return fonts


def structure_elements(pdf_reader: PdfReader):
    """Every element of the tagged PDF's structure tree, depth first, in reading order."""

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                yield from walk(child)
        elif hasattr(node, "get") and node.get("/Type") not in ("/MCR", "/OBJR"):
            yield node
            if "/K" in node:
                yield from walk(node["/K"])

    yield from walk(pdf_reader.trailer["/Root"]["/StructTreeRoot"].get_object()["/K"])


def structure_types(pdf_reader: PdfReader) -> tuple[Counter, list]:
    """How many structure elements of each type the tagged PDF has, and the /Alt of each
    /Figure."""
    types, alts = Counter(), []
    for element in structure_elements(pdf_reader):
        types[str(element.get("/S"))] += 1
        if element.get("/S") == "/Figure":
            alts.append(element.get("/Alt"))
    return types, alts


def table_header_ids(pdf_reader: PdfReader) -> tuple[list[bytes], list[bytes]]:
    """Every structure element's /ID, and every ID that table cells name as their headers."""
    ids, headers = [], []
    for element in structure_elements(pdf_reader):
        if "/ID" in element:
            ids.append(element["/ID"].original_bytes)
        attributes = element.get("/A", [])
        for attribute in attributes if isinstance(attributes, list) else [attributes]:
            headers.extend(h.original_bytes for h in attribute.get_object().get("/Headers", []))
    return ids, headers


def pagination_artifacts(page) -> int:
    """How many pieces of the page's content are marked as pagination artifacts (running
    headers and footers, which screen readers skip)."""
    return sum(
        1
        for operands, operator in page.get_contents().operations
        if operator == b"BDC"
        and operands[0] == "/Artifact"
        and operands[1].get("/Type") == "/Pagination"
    )


def tag_tree_problems(pdf_reader: PdfReader) -> list[str]:
    """What is wrong with a tagged PDF's tag tree, as PDF/UA needs it whole (empty if nothing):

    - every structure element's /P is the element (or root) that lists it;
    - every piece of marked text on a page (its MCID) belongs to exactly one element, and the
      ParentTree entry for the page (its /StructParents) names that element at that MCID;
    - every link has a /StructParent whose ParentTree entry is the element that holds it, and
      every element that holds an object holds a link the pages have;
    - ParentTree keys are unique and below /ParentTreeNextKey, when there is one.
    """
    problems = []
    root = pdf_reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(pdf_reader.pages)}
    parent_tree = {}
    for key, value in _number_tree(root["/ParentTree"]):
        if key in parent_tree:
            problems.append(f"ParentTree key {key} twice")
        parent_tree[key] = value  # a reference to an element, or an array of them
    next_key = root.get("/ParentTreeNextKey")
    if next_key is not None and parent_tree and max(parent_tree) >= next_key:
        problems.append("ParentTreeNextKey is not above every ParentTree key")

    tagged = {}  # (page number, MCID) -> the element's reference
    linked = {}  # annotation's idnum -> the element's reference

    def walk(element_ref, parent_ref):
        element = element_ref.get_object()
        if element.raw_get("/P") is None or element.raw_get("/P").idnum != parent_ref.idnum:
            problems.append(f"{element.get('/S')} {element_ref.idnum} has the wrong /P")
        kids = element.get("/K", [])
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                page = pages.get(element.raw_get("/Pg").idnum)
                if (page, kid) in tagged:
                    problems.append(f"MCID {kid} on page {page} tagged twice")
                tagged[(page, kid)] = element_ref
            elif kid.get_object().get("/Type") == "/MCR":
                mcr = kid.get_object()
                page = pages.get((mcr.raw_get("/Pg") or element.raw_get("/Pg")).idnum)
                tagged[(page, mcr["/MCID"])] = element_ref
            elif kid.get_object().get("/Type") == "/OBJR":
                linked[kid.get_object().raw_get("/Obj").idnum] = element_ref
            else:
                walk(kid, element_ref)

    kids = root["/K"]
    for kid in kids if isinstance(kids, list) else [kids]:
        walk(kid, root.indirect_reference)

    for number, page in enumerate(pdf_reader.pages):
        found, contents = set(), page.get_contents()
        for operands, operator in contents.operations if contents is not None else []:
            if operator == b"BDC" and hasattr(operands[1], "get") and "/MCID" in operands[1]:
                found.add(operands[1]["/MCID"])
        listed = {mcid for page_number, mcid in tagged if page_number == number}
        if found != listed:
            problems.append(
                f"page {number + 1}: untagged MCIDs {sorted(found - listed)[:5]}, "
                f"tags for missing MCIDs {sorted(listed - found)[:5]}"
            )
        entry = parent_tree.get(page.get("/StructParents"), ArrayObject()).get_object()
        for mcid in found & listed:
            if mcid >= len(entry) or entry[mcid].idnum != tagged[(number, mcid)].idnum:
                problems.append(f"page {number + 1}: ParentTree does not lead MCID {mcid} home")
        for annotation in page.get("/Annots", []):
            if annotation.get_object().get("/Subtype") != "/Link":
                continue
            key = annotation.get_object().get("/StructParent")
            holder = linked.pop(annotation.idnum, None)
            if key is None or holder is None:
                problems.append(f"page {number + 1}: a link outside the tag tree")
            elif parent_tree.get(key) is None or parent_tree[key].idnum != holder.idnum:
                problems.append(f"page {number + 1}: ParentTree does not lead a link home")
    if linked:
        problems.append(f"{len(linked)} tagged objects are not on any page")
    return problems


def _number_tree(node):
    node = node.get_object()
    entries = node.get("/Nums", [])
    for index in range(0, len(entries), 2):
        yield entries[index], entries[index + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid)


# Building ----------------------------------------------------------------------------------


def rung(framework, position: int) -> Rung:
    return Rung.objects.get(framework=framework, position=position)


def principle(framework, slug: str) -> Principle:
    return Principle.objects.get(framework=framework, slug=slug)


def close_assessment(organisation, framework, admin, people, *, title, service="", drafts=()):
    """A closed assessment. `people` are dicts with name, email, perspective, named, rungs
    ({slug: position}), evidence and rung_evidence: each answers every question "Mostly" and
    submits. `drafts` are answered the same way but never submitted."""
    assessment = Assessment.objects.create(
        organisation=organisation,
        framework=framework,
        title=title,
        service=service,
        created_by=admin,
    )
    for person, submit in [*((p, True) for p in people), *((p, False) for p in drafts)]:
        respondent = Respondent.objects.create(
            assessment=assessment,
            name=person["name"],
            email=person.get("email", ""),
            perspective=person["perspective"],
            agreed_to_be_named=person.get("named", False),
            agreed_to_be_quoted=person.get("quoted", True),
        )
        answer_everything(
            respondent,
            person["rungs"],
            evidence=person.get("evidence", ""),
            rung_evidence=person.get("rung_evidence", ""),
        )
        if submit:
            assert respondent.submit()
    assert assessment.close() == len(drafts)
    assessment.refresh_from_db()
    return assessment


def submitted_review(
    assessment,
    admin,
    reviewer,
    rungs: dict[str, int],
    comments: dict[str, tuple[str, str]],
    *,
    organisation="Eastfield CVS",
    strengths="",
    areas_to_develop="",
    submit=True,
) -> PeerReview:
    """The reviewer's review: `rungs` and `comments` ({slug: (what they saw, suggestion)})
    for every principle; submitted unless `submit` is False (then it is their draft)."""
    review, _token = invite(assessment, admin, email=reviewer.email)
    review.accept(reviewer)
    declare(review, organisation=organisation)
    framework_id = assessment.framework_id
    for slug in SLUGS:
        comment, suggestion = comments.get(slug, ("", ""))
        assert (
            review.save_rating(
                review.version,
                principle=Principle.objects.get(framework_id=framework_id, slug=slug),
                rung=Rung.objects.get(framework_id=framework_id, position=rungs[slug]),
                comment=comment,
                suggestion=suggestion,
            )
            is not None
        )
    assert (
        review.save_feedback(review.version, strengths=strengths, areas_to_develop=areas_to_develop)
        is not None
    )
    if submit:
        assert review.submit()
    return review


def agree(review, admin, positions: dict[str, tuple[int, str]], *, confirmed=()) -> None:
    """Record agreed rungs ({slug: (position, note)}) and have the reviewer confirm those in
    `confirmed`, through the models' own methods (as seed_demo does)."""
    framework = review.assessment.framework
    changed = review.agree(
        {
            principle(framework, slug): (rung(framework, position), note)
            for slug, (position, note) in positions.items()
        },
        by=admin,
        seen=AgreedRung.fingerprint(review.assessment_id),
    )
    assert changed is not None and len(changed) == len(positions)
    for agreed in changed:
        if agreed.principle.slug in confirmed:
            assert agreed.confirm(seen_at=agreed.recorded_at)
