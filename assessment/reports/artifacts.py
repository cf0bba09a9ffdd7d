"""Running headers and footers as pagination artifacts, as PDF/UA wants them.

WeasyPrint (70) marks the text of the page margins (our running headers and page numbers) as
marked content with numbers (MCIDs) but leaves it out of the tag tree, waiting for PDF 2.0, where
it could be tagged as an artifact (Kozea/WeasyPrint#1836). In a PDF/UA-1 file, content has to be
either tagged or marked as an artifact, and headers and footers should be pagination artifacts,
which screen readers skip. `mark_margins_as_artifacts` does that as WeasyPrint's `finisher`, on
its PDF objects just before they are written: each page's marked content that no element of the
tag tree holds becomes `/Artifact <</Type /Pagination>>`, and the ParentTree no longer points
those numbers at the elements left outside the tree.
"""

from collections import defaultdict

import pydyf

ARTIFACT = "/Artifact"


def mark_margins_as_artifacts(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher (`write_pdf(finisher=...)`); changes `pdf` in place."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    tree = _object(pdf, pdf.catalog["StructTreeRoot"])
    held = _held_content(pdf, tree)
    parent_tree = _object_or_self(pdf, tree["ParentTree"])["Nums"]
    entries = dict(zip(parent_tree[::2], parent_tree[1::2], strict=True))
    for reference in pdf.page_references:
        page = _object(pdf, reference)
        tagged = held[_number(reference)]
        items = _object(pdf, page["Contents"]).stream
        for index, item in enumerate(items):
            if (
                isinstance(item, dict)
                and "MCID" in item
                and item["MCID"] not in tagged
                and index + 1 < len(items)
                and items[index + 1] == b"BDC"
            ):
                items[index - 1] = ARTIFACT
                items[index] = pydyf.Dictionary({"Type": "/Pagination"})
        entry = entries.get(page.get("StructParents"))
        if isinstance(entry, list):
            for mcid in range(len(entry)):
                if mcid not in tagged:
                    entry[mcid] = "null"


def _held_content(pdf: pydyf.PDF, tree) -> dict[int, set[int]]:
    """For each page's object number, the MCIDs that elements of the tag tree hold."""
    held = defaultdict(set)
    stack = list(_as_list(tree["K"]))
    while stack:
        element = _object_or_self(pdf, stack.pop())
        for kid in _as_list(element.get("K", [])):
            if isinstance(kid, int):
                held[_number(element["Pg"])].add(kid)
                continue
            obj = _object_or_self(pdf, kid)
            if obj.get("Type") == "/MCR":
                held[_number(obj.get("Pg", element.get("Pg")))].add(obj["MCID"])
            elif obj.get("Type") != "/OBJR":
                stack.append(obj)
    return held


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


def _object(pdf: pydyf.PDF, reference: bytes):
    return pdf.objects[_number(reference)]


def _object_or_self(pdf: pydyf.PDF, value):
    """The object a reference (b"12 0 R") points at, or the value itself when it is direct."""
    return _object(pdf, value) if isinstance(value, bytes) else value


def _as_list(value) -> list:
    return list(value) if isinstance(value, list) else [value]
