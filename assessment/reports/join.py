"""Joining tagged PDFs that WeasyPrint wrote into one tagged PDF, one part at a time.

A round summary is written a chunk of organisations at a time because WeasyPrint keeps every
laid-out page of a document until its PDF is written, about 1 MiB an organisation. Joining the
chunks' PDFs with a PDF library's writer would bring the growth back (pypdf keeps every object it
has copied until it writes, about as much again), so `TaggedPdfJoiner` reads one part, writes its
objects straight out and lets the part go; what it keeps between parts is a few numbers per page.

Joining pages alone, as PDF tools do, would throw away what makes the PDF accessible: the tag
tree that tells a screen reader what is a heading, a table or a link, and in what order to read.
So each part's tag tree joins the first part's Document element, and the numbers that tie a
page's marked text and links to the tree (a page's StructParents, a link's StructParent, the
ParentTree's keys) are shifted past the parts before it. Structure element IDs, by which table
cells name their header cells, are prefixed with their part's number to stay unique. Named
destinations (what internal links point at) and bookmarks are joined too; the catalogue's
accessibility settings (language, title shown, marked, XMP metadata with the PDF/UA claim) and
the document information come from the first part.

Only what WeasyPrint writes is handled: a StructTreeRoot holding one Document element and a
ParentTree, named destinations in the catalogue's Names, bookmarks in /Outlines, page attributes
on the pages themselves (nothing inherited from the page tree).

The output is PDF 1.7 with its small objects in compressed object streams and a cross-reference
stream, as WeasyPrint writes it (pypdf reads the parts; this module writes the file).
"""

import gc
import zlib
from collections.abc import Iterable
from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

HEADER = b"%PDF-1.7\n%\xb5\xed\xae\xfb\n"
OBJECTS_PER_STREAM = 200
# A cross-reference stream row: kind (1 byte), offset or object stream (4), generation or index
# (2); object 0 heads the list of free objects.
ROW = 7
FREE_ROW = b"\x00\x00\x00\x00\x00\xff\xff"
# What the joined catalogue does not take from the first part: it makes its own.
REBUILT = {"/Type", "/Pages", "/StructTreeRoot", "/Names", "/Outlines"}


def join_tagged_pdfs(parts: Iterable[bytes]) -> bytes:
    """One PDF of `parts` (whole PDFs from WeasyPrint, in order), its tag tree, named
    destinations and bookmarks whole. Each part is read and written out before the next."""
    joiner = TaggedPdfJoiner()
    for part in parts:
        joiner.add(part)
        # A part's objects and its reader refer to each other: collect them before the next.
        gc.collect()
    return joiner.finish()


class ObjectWriter:
    """Writes numbered PDF objects as they come: streams at once, other objects gathered into
    compressed object streams; `finish` adds the cross-reference stream and trailer. Where each
    object went is kept as its 7-byte cross-reference row, so a long document costs little."""

    def __init__(self):
        self.output = BytesIO()
        self.output.write(HEADER)
        self.rows = bytearray(FREE_ROW)  # object 0 is free; then a row per object number
        self.pending = []  # (number, bytes) waiting for an object stream

    def reserve(self) -> int:
        """A new object number, to be written later."""
        self.rows.extend(bytes(ROW))
        return len(self.rows) // ROW - 1

    def write(self, number: int, obj: PdfObject) -> None:
        body = BytesIO()
        obj.write_to_stream(body)
        if isinstance(obj, StreamObject):
            self._write_direct(number, body.getvalue())
        else:
            self.pending.append((number, body.getvalue()))
            if len(self.pending) >= OBJECTS_PER_STREAM:
                self._flush()

    def _place(self, number: int, kind: int, first: int, second: int = 0) -> None:
        """Row kinds: 1, at a byte offset in the file; 2, inside object stream `first`, at
        index `second`."""
        self.rows[number * ROW : (number + 1) * ROW] = (
            bytes([kind]) + first.to_bytes(4) + second.to_bytes(2)
        )

    def _write_direct(self, number: int, body: bytes) -> None:
        self._place(number, 1, self.output.tell())
        self.output.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def _flush(self) -> None:
        if not self.pending:
            return
        number = self.reserve()
        offsets, bodies, position = [], [], 0
        for index, (member, body) in enumerate(self.pending):
            self._place(member, 2, number, index)
            offsets.append(b"%d %d" % (member, position))
            bodies.append(body)
            position += len(body) + 1
        head = b" ".join(offsets) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n")
        self._write_direct(
            number,
            b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s"
            b"\nendstream" % (len(self.pending), len(head), len(data), data),
        )
        self.pending = []

    def finish(self, trailer: dict[bytes, bytes]) -> bytes:
        """The whole file; `trailer` holds the trailer's entries (/Root, /Info, /ID) as bytes."""
        self._flush()
        number = self.reserve()
        start = self.output.tell()
        self._place(number, 1, start)
        unwritten = [n for n in range(1, number) if self.rows[n * ROW] == 0]
        if unwritten:
            raise ValueError(f"Objects numbered but never written: {unwritten[:10]}")
        data = zlib.compress(self.rows)
        entries = b"".join(b" %s %s" % item for item in trailer.items())
        self.output.write(
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2]%s /Filter /FlateDecode /Length %d >>\n"
            b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % (number, number + 1, entries, len(data), data, start)
        )
        return self.output.getvalue()


class TaggedPdfJoiner:
    """Joins WeasyPrint's tagged PDFs part by part (see the module's docstring)."""

    def __init__(self):
        self.out = ObjectWriter()
        self.pages_root = self.out.reserve()
        self.tree_root = self.out.reserve()
        self.document = self.out.reserve()  # the joined Document structure element
        self.catalogue = self.out.reserve()
        self.first = None  # the first part's Document element and catalogue, written last
        self.trailer = {}
        self.pages = []  # output numbers of the pages, in order
        self.document_kids = []  # output numbers of the Document element's children
        self.parent_tree = []  # (key, output number of the ParentTree entry)
        self.next_key = 0  # the first StructParent(s) number the next part may use
        self.destinations = {}  # name -> the destination, written out as bytes
        self.bookmarks = []  # (title, output page number, left, top, children)
        self.parts = 0  # parts added so far

    def add(self, part: bytes) -> None:
        reader = PdfReader(BytesIO(part))
        root = reader.root_object
        tree = root["/StructTreeRoot"]
        document = tree["/K"]
        document = (document[0] if isinstance(document, list) else document).get_object()
        numbers = {}  # this part's object numbers -> output numbers
        # The part's own page tree, tag tree root and Document element become the joined ones.
        self._same(root["/Pages"], self.pages_root, numbers)
        numbers[tree.indirect_reference.idnum] = self.tree_root
        numbers[document.indirect_reference.idnum] = self.document
        for container, key in ((root, "/Outlines"), (tree, "/ParentTree")):
            skipped = dict.get(container, key)
            if isinstance(skipped, IndirectObject):
                numbers[skipped.idnum] = None
        queue = []
        shift = self.next_key
        for page in reader.pages:
            page = page.indirect_reference.get_object()  # the object copied, not pypdf's copy
            page[NameObject("/Parent")] = IndirectObject(self.pages_root, 0, None)
            if "/StructParents" in page:
                page[NameObject("/StructParents")] = NumberObject(page["/StructParents"] + shift)
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        annotation["/StructParent"] + shift
                    )
            self.pages.append(self._number(page.indirect_reference, numbers, queue))
        for kid in _as_list(document.raw_get("/K")):
            self.document_kids.append(self._number(kid, numbers, queue))
        for key, value in _tree_entries(tree.get("/ParentTree"), "/Nums"):
            self.parent_tree.append((key + shift, self._number_or_write(value, numbers, queue)))
            self.next_key = max(self.next_key, key + shift + 1)
        names = root.get("/Names")
        for name, destination in _tree_entries(names and names.get("/Dests"), "/Names"):
            self.destinations[str(name)] = self._remapped_bytes(destination, numbers, queue)
        self.bookmarks.extend(self._bookmarks(reader.outline, numbers, queue))
        if self.first is None:
            # The catalogue and Document element are written last, as copies cut loose from
            # the part (whose reader they would keep alive); the rebuilt entries are made anew.
            for key in REBUILT - {"/Type"}:
                root.pop(key, None)
            for obj in (root, document):
                self._remap_all(obj, numbers, queue)
            document = DictionaryObject(document)
            document[NameObject("/P")] = IndirectObject(self.tree_root, 0, None)
            self.first = (document, DictionaryObject(root))
            info = dict.get(reader.trailer, "/Info")
            if info is not None:
                self.trailer[b"/Info"] = b"%d 0 R" % self._number(info, numbers, queue)
            if "/ID" in reader.trailer:
                self.trailer[b"/ID"] = _bytes(reader.trailer["/ID"])
        self._copy(reader, queue, numbers)
        self.parts += 1

    def finish(self) -> bytes:
        out = self.out
        if self.first is None:
            raise ValueError("Nothing to join.")
        document, root = self.first
        document[NameObject("/K")] = _references(self.document_kids)
        out.write(self.document, document)
        nums = ArrayObject()
        for key, number in sorted(self.parent_tree):
            nums.extend([NumberObject(key), IndirectObject(number, 0, None)])
        out.write(
            self.tree_root,
            _dictionary(
                Type=NameObject("/StructTreeRoot"),
                K=_references([self.document]),
                ParentTree=_dictionary(Nums=nums),
                ParentTreeNextKey=NumberObject(self.next_key),
            ),
        )
        out.write(
            self.pages_root,
            _dictionary(
                Type=NameObject("/Pages"),
                Kids=_references(self.pages),
                Count=NumberObject(len(self.pages)),
            ),
        )
        root[NameObject("/Pages")] = IndirectObject(self.pages_root, 0, None)
        root[NameObject("/StructTreeRoot")] = IndirectObject(self.tree_root, 0, None)
        if self.destinations:
            names = ArrayObject()
            for name in sorted(self.destinations):
                names.extend([TextStringObject(name), _Raw(self.destinations[name])])
            root[NameObject("/Names")] = _dictionary(Dests=_dictionary(Names=names))
        if self.bookmarks:
            root[NameObject("/Outlines")] = IndirectObject(self._write_outline(), 0, None)
        out.write(self.catalogue, root)
        return out.finish({b"/Root": b"%d 0 R" % self.catalogue, **self.trailer})

    # Copying objects ---------------------------------------------------------------------

    def _same(self, pages_node, number, numbers) -> None:
        """Map a part's page tree nodes to the joined page tree's root."""
        numbers[pages_node.indirect_reference.idnum] = number
        for kid in pages_node.get("/Kids", []):
            kid = kid.get_object()
            if kid.get("/Type") == "/Pages":
                self._same(kid, number, numbers)

    def _number(self, reference: IndirectObject, numbers: dict, queue: list) -> int:
        """The output number of the part's object `reference`, queued to be copied if new."""
        number = numbers.get(reference.idnum, 0)
        if number == 0:
            number = numbers[reference.idnum] = self.out.reserve()
            queue.append(reference.idnum)
        if number is None:
            raise ValueError(f"A kept object refers to a rebuilt one ({reference.idnum}).")
        return number

    def _number_or_write(self, value, numbers, queue) -> int:
        """A ParentTree entry as an output object: the element it is, or its array written."""
        if isinstance(value, IndirectObject) and value.pdf is not None:
            return self._number(value, numbers, queue)
        number = self.out.reserve()
        self._remap_all(value, numbers, queue)
        self.out.write(number, value)
        return number

    def _remap(self, container, key, value, numbers, queue) -> None:
        if isinstance(value, IndirectObject) and value.pdf is not None:  # not yet an output one
            container[key] = IndirectObject(self._number(value, numbers, queue), 0, None)
        else:
            self._remap_all(value, numbers, queue)

    def _remap_all(self, obj, numbers, queue) -> None:
        """Point every reference inside `obj` (dictionary or array, nested) at output numbers."""
        if isinstance(obj, DictionaryObject):
            for key, value in list(dict.items(obj)):
                self._remap(obj, key, value, numbers, queue)
        elif isinstance(obj, ArrayObject):
            for index, value in enumerate(obj):
                self._remap(obj, index, value, numbers, queue)

    def _remapped_bytes(self, obj, numbers, queue) -> bytes:
        if isinstance(obj, IndirectObject) and obj.pdf is not None:
            return b"%d 0 R" % self._number(obj, numbers, queue)
        self._remap_all(obj, numbers, queue)
        return _bytes(obj)

    def _copy(self, reader, queue, numbers) -> None:
        """Write out every queued object of the part and whatever it refers to."""
        prefix = b"%d-" % self.parts
        while queue:
            idnum = queue.pop()
            obj = reader.get_object(idnum)
            if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/StructElem":
                _prefix_ids(obj, prefix)
            self._remap_all(obj, numbers, queue)
            self.out.write(numbers[idnum], obj)

    # Bookmarks ---------------------------------------------------------------------------

    def _bookmarks(self, outline, numbers, queue) -> list:
        found = []
        for entry in outline:
            if isinstance(entry, list):
                found[-1][4].extend(self._bookmarks(entry, numbers, queue))
                continue
            page = self._number(entry.page, numbers, queue)
            found.append((str(entry.title), page, entry.left, entry.top, []))
        return found

    def _write_outline(self) -> int:
        outlines = self.out.reserve()
        first, last, count = self._write_items(self.bookmarks, outlines)
        self.out.write(
            outlines,
            _dictionary(
                Type=NameObject("/Outlines"),
                First=IndirectObject(first, 0, None),
                Last=IndirectObject(last, 0, None),
                Count=NumberObject(count),
            ),
        )
        return outlines

    def _write_items(self, items: list, parent: int) -> tuple[int, int, int]:
        """Write `items` (all open) under `parent`: the first's and last's numbers, and how many
        items show, children included."""
        numbers = [self.out.reserve() for _ in items]
        shown = len(items)
        for index, (title, page, left, top, children) in enumerate(items):
            item = _dictionary(
                Title=TextStringObject(title),
                Parent=IndirectObject(parent, 0, None),
                Dest=ArrayObject(
                    [
                        IndirectObject(page, 0, None),
                        NameObject("/XYZ"),
                        FloatObject(left or 0),
                        FloatObject(top or 0),
                        NumberObject(0),
                    ]
                ),
            )
            if index:
                item[NameObject("/Prev")] = IndirectObject(numbers[index - 1], 0, None)
            if index + 1 < len(numbers):
                item[NameObject("/Next")] = IndirectObject(numbers[index + 1], 0, None)
            if children:
                first, last, below = self._write_items(children, numbers[index])
                item[NameObject("/First")] = IndirectObject(first, 0, None)
                item[NameObject("/Last")] = IndirectObject(last, 0, None)
                item[NameObject("/Count")] = NumberObject(below)
                shown += below
            self.out.write(numbers[index], item)
        return numbers[0], numbers[-1], shown


def _prefix_ids(element: DictionaryObject, prefix: bytes) -> None:
    """Prefix a structure element's ID, and the IDs of the header cells a table cell names
    (/Headers, how a screen reader knows a cell's row and column headers), with the part's
    number: WeasyPrint makes them unique within a document, so two parts may share them."""
    if "/ID" in element:
        element[NameObject("/ID")] = ByteStringObject(prefix + element["/ID"].original_bytes)
    for attributes in _as_list(element.get("/A", [])):
        attributes = attributes.get_object()
        if "/Headers" in attributes:
            attributes[NameObject("/Headers")] = ArrayObject(
                ByteStringObject(prefix + header.original_bytes)
                for header in attributes["/Headers"]
            )


class _Raw(PdfObject):
    """Bytes already written as PDF (a destination remapped while its part was open)."""

    def __init__(self, data: bytes):
        self.data = data

    def write_to_stream(self, stream, encryption_key=None) -> None:
        stream.write(self.data)


def _tree_entries(node, kind: str):
    """(key, raw value) pairs of a number tree (`kind` "/Nums") or name tree ("/Names")."""
    if node is None:
        return
    node = node.get_object()
    entries = node.get(kind, [])
    for index in range(0, len(entries), 2):
        yield entries[index], entries[index + 1]
    for kid in node.get("/Kids", []):
        yield from _tree_entries(kid, kind)


def _as_list(value) -> list:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return list(value) if isinstance(value, list) else [value]


def _references(numbers: list[int]) -> ArrayObject:
    return ArrayObject(IndirectObject(number, 0, None) for number in numbers)


def _dictionary(**entries) -> DictionaryObject:
    return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})


def _bytes(obj: PdfObject) -> bytes:
    body = BytesIO()
    obj.write_to_stream(body)
    return body.getvalue()
