"""Stage 10a: the structure tree of a tagged PDF, from the marks a render recorded.

:mod:`rapport.tagging` records, while pages are drawn, each piece of marked content with
its page, marked-content id and path of containers. Here those marks become the
structure tree, the parent tree, the links' structure elements and descriptions, and the
catalogue entries a PDF/UA reader needs.

The tree is worked out first in plain Python (:class:`_Node`): which elements exist,
their parents, pages, languages and children in reading order. Only then is each
element made a PDF object, with all its entries at once. Growing pikepdf objects entry
by entry (an element's kids appended one at a time, its language looked up through its
parents in the PDF) costs several times more for a report's ~1500 elements, and the
saved bytes are the same either way: qpdf numbers objects as it writes them and writes
dictionary keys in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .tagging import HERE, Mark, Path, Tagged


@dataclass(eq=False, slots=True)
class _Node:
    """A structure element before it is a PDF object."""

    kind: str
    parent: _Node | None
    entries: dict[str, Any] = field(default_factory=dict)  # Alt, ID, A, T
    lang: str = ""  # its own /Lang, when it differs from what it inherits
    page: int | None = None  # /Pg, 0-based
    kids: list[Any] = field(default_factory=list)  # _Node, MCID, _MCR or _OBJR
    obj: Any = None

    def inherited_lang(self) -> str:
        node: _Node | None = self
        while node is not None:
            if node.lang:
                return node.lang
            node = node.parent
        return ""


@dataclass(frozen=True, slots=True)
class _MCR:
    """Marked content of an element continued on another page."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class _OBJR:
    """A link annotation, as the kid of its Link element."""

    annot: Any
    page: int


def add_structure(pdf: pikepdf.Pdf, tagged: Tagged, title: str) -> None:
    """Build the structure tree from the marks and set the tagged-PDF catalogue entries."""
    pages = list(pdf.pages)
    tree = _Tree(_Node("Document", None, {"T": title}))
    by_page: dict[int, dict[int, _Node]] = {}
    for mark in tagged.marks:
        by_page.setdefault(mark.page, {})[mark.mcid] = tree.element(mark)
    nums: list[Any] = []
    for index in range(len(pages)):
        mcids = by_page.get(index, {})
        nums += [index, [mcids[i] for i in sorted(mcids)]]
    next_key = _tag_links(tree, pages, tagged, nums)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    _make_objects(pdf, tree.nodes, root, pages)
    for index, page in enumerate(pages):
        page.obj.StructParents = index
        page.obj.Tabs = Name.S
    root.K = tree.nodes[0].obj
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(_as_pdf(nums))))
    root.ParentTreeNextKey = next_key
    _set_catalogue(pdf, root)


def _set_catalogue(pdf: pikepdf.Pdf, root: Any) -> None:
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    prefs = pdf.Root.get("/ViewerPreferences", Dictionary())
    prefs.DisplayDocTitle = True
    pdf.Root.ViewerPreferences = prefs


class _Tree:
    """Elements in the order they are first needed, with the containers of their paths."""

    def __init__(self, document: _Node) -> None:
        self.nodes = [document]
        self.containers: dict[Path, _Node] = {}

    def _new(self, kind: str, parent: _Node, **values: Any) -> _Node:
        node = _Node(kind, parent, **values)
        parent.kids.append(node)
        self.nodes.append(node)
        return node

    def container(self, path: Path, lang: str = "") -> _Node:
        """The element at the end of ``path``, created (with its parents) when new."""
        if not path:
            return self.nodes[0]
        node = self.containers.get(path)
        if node is None:
            parent = self.container(path[:-1], lang)
            kind = str(path[-1][0])
            entries = {"ID": f"note-c{len(self.containers)}"} if kind == "Note" else {}
            own = lang if lang and parent.inherited_lang() != lang else ""
            node = self.containers[path] = self._new(kind, parent, entries=entries, lang=own)
        return node

    def element(self, mark: Mark) -> _Node:
        if mark.role == HERE:
            return self._here(mark)
        parent = self.container(_cell_parent(mark.path), mark.lang)
        own = mark.lang if mark.lang and parent.inherited_lang() != mark.lang else ""
        node = self._new(mark.role, parent, entries=_attributes(mark), lang=own, page=mark.page)
        if mark.path and mark.path[-1][0] == "cell":
            self.containers.setdefault(mark.path, node)
        node.kids.append(mark.mcid)
        return node

    def _here(self, mark: Mark) -> _Node:
        """Content of the container at the end of its path itself."""
        node = self.container(mark.path, mark.lang)
        if mark.alt and mark.path[-1][0] == "Figure":
            node.entries["Alt"] = mark.alt
        if node.page is None:
            node.page = mark.page
        elif node.page != mark.page:  # continued on another page
            node.kids.append(_MCR(mark.page, mark.mcid))
            return node
        node.kids.append(mark.mcid)
        return node


def _cell_parent(path: Path) -> Path:
    """A table cell's own path entry names the cell; its parent is the row."""
    return path[:-1] if path and path[-1][0] == "cell" else path


def _attributes(mark: Mark) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    if mark.role == "Figure":
        entries["Alt"] = mark.alt
    if mark.role == "TH":
        scope = mark.path[-1][-1] if mark.path and mark.path[-1][0] == "cell" else "Column"
        entries["A"] = Dictionary(O=Name.Table, Scope=Name("/" + str(scope)))
    if mark.role == "Note":  # PDF/UA-1 7.9: a Note carries a unique ID
        entries["ID"] = f"note-{mark.page + 1}-{mark.mcid}"
    return entries


def _make_objects(pdf: pikepdf.Pdf, nodes: list[_Node], root: Any, pages: list[Any]) -> None:
    """Each element as an indirect dictionary (parents first), then each one's kids."""
    element = Name.StructElem
    for node in nodes:
        values: dict[str, Any] = {
            "/Type": element,
            "/S": Name("/" + node.kind),
            "/P": root if node.parent is None else node.parent.obj,
        }
        for key, value in node.entries.items():
            values["/" + key] = String(value) if isinstance(value, str) else value
        if node.lang:
            values["/Lang"] = String(node.lang)
        if node.page is not None:
            values["/Pg"] = pages[node.page].obj
        node.obj = pdf.make_indirect(Dictionary(values))
    for node in nodes:
        node.obj.K = Array([_kid(kid, pages) for kid in node.kids])


def _kid(kid: Any, pages: list[Any]) -> Any:
    if isinstance(kid, _Node):
        return kid.obj
    if isinstance(kid, _MCR):
        return Dictionary(Type=Name.MCR, Pg=pages[kid.page].obj, MCID=kid.mcid)
    if isinstance(kid, _OBJR):
        return Dictionary(Type=Name.OBJR, Obj=kid.annot, Pg=pages[kid.page].obj)
    return kid


def _as_pdf(nums: list[Any]) -> list[Any]:
    """The parent tree's number-value pairs: elements as their objects, a page's as an array."""
    return [
        Array([n.obj for n in value]) if isinstance(value, list) else getattr(value, "obj", value)
        for value in nums
    ]


class _Describer:
    """The ``/Contents`` of a link: what it points to and on which page."""

    def __init__(self, tagged: Tagged) -> None:
        self.targets = {anchor: (text, page) for anchor, text, page in tagged.targets}
        self.page_word = "side" if tagged.language == "da" else "page"

    def __call__(self, target: str, lang: str) -> str:
        if "://" in target or target.startswith("mailto:"):
            return ("Link til " if self.page_word == "side" else "Link to ") + target
        text, page = self.targets.get(target, ("", 0))
        word = "page" if lang == "en" else self.page_word
        if not text:
            return f"Krydshenvisning til {target}"
        return f"{text}, {word} {page}"


def _tag_links(tree: _Tree, pages: list[Any], tagged: Tagged, nums: list[Any]) -> int:
    """Give every link annotation its Link structure element (the one holding the link
    text, in reading order) and a description naming its target; returns the parent
    tree's next key."""
    describe, next_key = _Describer(tagged), len(pages)
    for ref in tagged.links:
        annots = pages[ref.page].obj.get("/Annots", Array())
        if ref.index >= len(annots):
            continue
        annot = annots[ref.index]
        if annot.get("/Subtype") != Name.Link:
            continue
        link = tree.containers.get(ref.path)
        if link is None:
            link = tree.container((("Link", "annot", ref.page, ref.index),))
        link.kids.append(_OBJR(annot, ref.page))
        annot.StructParent = next_key
        annot.Contents = String(describe(ref.target, link.inherited_lang()))
        nums += [next_key, link]
        next_key += 1
    return next_key
