"""Stage 6: rendered chapter Markdown → structural blocks that know their role.

Markdown is parsed with markdown-it-py (CommonMark, raw HTML off, so ``<`` is
always text). Besides headings, paragraphs, lists and block quotes (set as
fact boxes), chapters use block directives written as fenced blocks::

    ```{figure} genbrug
    ```
    ```{table} partnere
    ```
    ```{keyfigures} samarbejde medarbejdere genbrug borgere
    ```
    ```{pagebreak}
    ```
    ```{image} billeder/foto.png
    :alt: What the image shows, for screen readers
    :caption: The caption (numbered like a figure)
    ```

footnotes written the Markdown way (``tekst[^1]`` and ``[^1]: Noten.`` anywhere in
the chapter; numbered 1, 2, … per chapter in the order they are referenced; a
reference without a definition is an error at its line), and inline
cross-references ``@fig:genbrug``, ``@tab:partnere`` and
``@sec:metode`` that compose resolves to "figur 4.2" with a link
(``@Fig:genbrug`` at the start of a sentence gives "Figur 4.2"). Each block
carries its tagging role (``H1``, ``P``, ``L``, ``Figure``, ``Table`` …) and the
chapter line it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .errors import Location, ProjectError

_REF = re.compile(r"@([Ff]ig|[Tt]ab|[Ss]ec):([A-Za-z0-9_\-]+)")
DIRECTIVES = ("figure", "table", "keyfigures", "pagebreak", "image")
IMAGE_OPTIONS = ("alt", "caption", "id", "width", "source")


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one set of attributes."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    ref: str | None = None  # "fig:id", "tab:id" or "sec:id"
    note: int | None = None  # a footnote reference: the note's number in the chapter


@dataclass(frozen=True)
class Block:
    line: int

    @property
    def role(self) -> str:
        return "P"


@dataclass(frozen=True)
class Heading(Block):
    level: int = 1
    runs: tuple[Run, ...] = ()
    anchor: str | None = None

    @property
    def role(self) -> str:
        return f"H{self.level}"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Paragraph(Block):
    runs: tuple[Run, ...] = ()


@dataclass(frozen=True)
class ListBlock(Block):
    ordered: bool = False
    items: tuple[tuple[Run, ...], ...] = ()

    @property
    def role(self) -> str:
        return "L"


@dataclass(frozen=True)
class FactBox(Block):
    paragraphs: tuple[tuple[Run, ...], ...] = ()

    @property
    def role(self) -> str:
        return "Aside"


@dataclass(frozen=True)
class FigureBlock(Block):
    id: str = ""

    @property
    def role(self) -> str:
        return "Figure"


@dataclass(frozen=True)
class TableBlock(Block):
    id: str = ""

    @property
    def role(self) -> str:
        return "Table"


@dataclass(frozen=True)
class ImageBlock(Block):
    """````{image} path```` with ``:alt:`` and ``:caption:`` (numbered like a figure);
    ``:id:`` for ``@fig:id``, ``:width:`` as a share of the text width, ``:source:``."""

    path: str = ""
    alt: str = ""
    caption: str = ""
    id: str = ""
    width: float = 1.0
    source: str = ""

    @property
    def role(self) -> str:
        return "Figure"


@dataclass(frozen=True)
class KeyFigures(Block):
    ids: tuple[str, ...] = ()

    @property
    def role(self) -> str:
        return "Figure"


@dataclass(frozen=True)
class PageBreak(Block):
    @property
    def role(self) -> str:
        return "Artifact"


@dataclass(frozen=True)
class Footnote(Block):
    """One footnote: its number in the chapter and its paragraphs."""

    number: int = 0
    paragraphs: tuple[tuple[Run, ...], ...] = ()

    @property
    def role(self) -> str:
        return "Footnote"


@dataclass(frozen=True)
class ParsedChapter:
    """A chapter's blocks; the first block is its level-1 heading."""

    file: Path
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


def block_runs(block: Block) -> list[tuple[Run, ...]]:
    """The inline runs of a block's text, one tuple per paragraph or list item."""
    if isinstance(block, (Heading, Paragraph)):
        return [block.runs]
    if isinstance(block, ListBlock):
        return list(block.items)
    if isinstance(block, (FactBox, Footnote)):
        return list(block.paragraphs)
    return []


def _crossref_rule(state: StateInline, silent: bool) -> bool:  # noqa: FBT001 - markdown-it rule
    if state.src[state.pos] != "@":
        return False
    match = _REF.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("crossref", "", 0)
        token.meta = {"ref": f"{match.group(1)}:{match.group(2)}"}
    state.pos = match.end()
    return True


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.use(footnote_plugin, inline=False)
    md.inline.ruler.after("escape", "crossref", _crossref_rule)
    return md


_MD = _parser()


def parse_inline(text: str) -> tuple[Run, ...]:
    """One line of Markdown (no blocks) → attributed runs."""
    tokens = _MD.parseInline(text.strip())
    return inline_runs(tokens[0]) if tokens else ()


def parse_chapter(text: str, file: Path, first_line: int = 1) -> ParsedChapter:
    """Parse one rendered chapter. It must open with a single ``# Title``."""
    env: dict[str, Any] = {}
    tokens = _MD.parse(text, env)
    _refuse_images(tokens, file, first_line)
    _check_footnotes(tokens, env, file, first_line)
    blocks = tuple(_blocks(tokens, file, first_line))
    if not blocks or not isinstance(blocks[0], Heading) or blocks[0].level != 1:
        raise ProjectError(
            "a chapter must start with a level-1 heading ('# Title')",
            location=Location(file, first_line, 1),
            hint="add a first line such as '# Forord'",
        )
    extra = [b for b in blocks[1:] if isinstance(b, Heading) and b.level == 1]
    if extra:
        raise ProjectError(
            "a chapter may have only one level-1 heading",
            location=Location(file, extra[0].line, 1),
            hint="use '##' for sections, or split the chapter into two files",
        )
    return ParsedChapter(file, blocks[0].text, blocks)


def _blocks(tokens: Sequence[Token], file: Path, first: int) -> Iterator[Block]:
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = first + (tok.map[0] if tok.map else 0)
        end = i if tok.type == "footnote_block_open" else _close_index(tokens, i)
        if tok.type == "heading_open":
            runs = inline_runs(tokens[i + 1])
            yield Heading(line, int(tok.tag[1]), runs, _anchor(tokens[i + 1]))
        elif tok.type == "paragraph_open":
            yield Paragraph(line, inline_runs(tokens[i + 1]))
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            items = tuple(inline_runs(t) for t in tokens[i:end] if t.type == "inline")
            yield ListBlock(line, tok.type == "ordered_list_open", items)
        elif tok.type == "blockquote_open":
            paras = tuple(inline_runs(t) for t in tokens[i:end] if t.type == "inline")
            yield FactBox(line, paras)
        elif tok.type in ("fence", "code_block"):
            yield _directive(tok, file, line)
        elif tok.type == "hr":
            yield PageBreak(line)
        elif tok.type == "footnote_open":
            paras = tuple(inline_runs(t) for t in tokens[i:end] if t.type == "inline")
            first_line = next((t.map[0] for t in tokens[i:end] if t.map), 0)
            yield Footnote(first + first_line, int(tok.meta["id"]) + 1, paras)
        elif tok.type in ("html_block", "table_open"):
            raise ProjectError(
                "raw HTML and Markdown tables are not supported in chapters",
                location=Location(file, line, 1),
                hint="define tables under 'tables:' and place them with ```{table} id```",
            )
        i = end + 1


def _refuse_images(tokens: Sequence[Token], file: Path, first: int) -> None:
    """Inline ``![alt](url)`` would have no caption and could name a URL: images are
    placed with the ``{image}`` directive instead."""
    for tok in tokens:
        if tok.type == "inline" and any(c.type == "image" for c in tok.children or []):
            line = first + (tok.map[0] if tok.map else 0)
            raise ProjectError(
                "inline images ![…](…) are not supported in chapter text",
                location=Location(file, line, 1),
                hint="place a file from the project folder as a block: ```{image} "
                "billeder/foto.png``` with ':alt: …' and ':caption: …' lines; rapport "
                "fetches no URLs",
            )


_NOTE_REF = re.compile(r"(?<!\\)\[\^([^\]\s]+)\](?!:)")


def _check_footnotes(tokens: Sequence[Token], env: dict[str, Any], file: Path, first: int) -> None:
    """A ``[^label]`` whose definition is missing would print literally: refuse it."""
    defined = {key[1:] for key in (env.get("footnotes") or {}).get("refs", {})}
    for tok in tokens:
        if tok.type != "inline":
            continue
        for match in _NOTE_REF.finditer(tok.content):
            if match.group(1) not in defined:
                line = first + (tok.map[0] if tok.map else 0)
                raise ProjectError(
                    f"footnote [^{match.group(1)}] has no definition",
                    location=Location(file, line, 1),
                    hint=f"add a line '[^{match.group(1)}]: the note's text' to the chapter, "
                    "or write \\[^ for a literal bracket",
                )


def _close_index(tokens: Sequence[Token], i: int) -> int:
    """Index of the token closing ``tokens[i]`` (itself for self-contained tokens)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _directive(tok: Token, file: Path, line: int) -> Block:
    info = tok.info.strip()
    match = re.fullmatch(r"\{(\w+)\}\s*(.*)", info)
    if not match or match.group(1) not in DIRECTIVES:
        raise ProjectError(
            f"unknown block directive {info or '(plain code block)'!r}",
            location=Location(file, line, 1),
            hint="use ```{figure} id```, ```{table} id```, ```{image} path```, "
            "```{keyfigures} id id …``` or ```{pagebreak}```",
        )
    name, args = match.group(1), match.group(2).split()
    if name == "image":
        return _image(tok, match.group(2).strip(), file, line)
    if name == "pagebreak":
        return PageBreak(line)
    if name == "keyfigures":
        return KeyFigures(line, tuple(args))
    if len(args) != 1:
        raise ProjectError(
            f"```{{{name}}}``` takes exactly one id, got {args!r}",
            location=Location(file, line, 1),
            hint=f"write ```{{{name}}} my_id``` on one line",
        )
    return (FigureBlock if name == "figure" else TableBlock)(line, args[0])


def _image(tok: Token, path: str, file: Path, line: int) -> ImageBlock:
    options: dict[str, str] = {}
    for offset, text in enumerate(tok.content.splitlines(), start=1):
        option = re.fullmatch(r"\s*:(\w+):\s*(.*?)\s*", text)
        if not text.strip():
            continue
        if option is None or option.group(1) not in IMAGE_OPTIONS:
            raise ProjectError(
                f"unknown image option {text.strip()!r}",
                location=Location(file, line + offset, 1),
                hint="write options as ':alt: …', one per line; options: "
                + ", ".join(IMAGE_OPTIONS),
            )
        options[option.group(1)] = option.group(2)
    for required, what in (("alt", "a text for screen readers"), ("caption", "a caption")):
        if not path or not options.get(required):
            raise ProjectError(
                f"```{{image}}``` needs a file and :{required}:"
                if path
                else "```{image}``` needs the image file's path",
                location=Location(file, line, 1),
                hint=f"write ```{{image}} images/foto.png``` with ':{required}: …' "
                f"({what}) on the next line",
            )
    try:
        width = float(options.get("width", "1").replace(",", "."))
    except ValueError:
        width = -1.0
    if not 0.1 <= width <= 1:
        raise ProjectError(
            f":width: {options['width']!r} is not a share of the text width",
            location=Location(file, line, 1),
            hint="write a number from 0.1 to 1, e.g. ':width: 0.6'",
        )
    ident = options.get("id") or f"image-{line}"
    return ImageBlock(
        line, path, options["alt"], options["caption"], ident, width, options.get("source", "")
    )


def _anchor(inline: Token) -> str | None:
    match = re.search(r"\s*\{#([A-Za-z0-9_\-]+)\}\s*$", inline.content)
    return match.group(1) if match else None


def inline_runs(inline: Token) -> tuple[Run, ...]:
    """Flatten an inline token's children into attributed runs."""
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for child in inline.children or []:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            href = None
        elif kind in ("text", "code_inline"):
            runs.append(Run(child.content, bold > 0, italic > 0, kind == "code_inline", href))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" " if kind == "softbreak" else "\n", bold > 0, italic > 0))
        elif kind == "crossref":
            runs.append(Run("", bold > 0, italic > 0, ref=child.meta["ref"]))
        elif kind == "footnote_ref":
            runs.append(Run("", bold > 0, italic > 0, note=int(child.meta["id"]) + 1))
    return _strip_anchor(_merge(runs))


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    out: list[Run] = []
    for run in runs:
        if (
            out
            and not run.ref
            and not out[-1].ref
            and run.note is None
            and out[-1].note is None
            and replace(out[-1], text="") == replace(run, text="")
        ):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return tuple(out)


def _strip_anchor(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    if runs and re.search(r"\{#[A-Za-z0-9_\-]+\}\s*$", runs[-1].text):
        last = replace(runs[-1], text=re.sub(r"\s*\{#[A-Za-z0-9_\-]+\}\s*$", "", runs[-1].text))
        return (*runs[:-1], last)
    return runs
