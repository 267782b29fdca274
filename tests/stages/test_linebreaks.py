"""Stage 9 helper, linebreaks: a paragraph's line breaking kept in a file and read back as
the same objects, attribute for attribute; a damaged or hostile file is only a miss."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle

from rapport import linebreaks
from rapport.buildcache import write_entry
from rapport.flowables import Para
from rapport.linebreaks import NotKept, decode, encode, keeping, read_kept
from rapport.memo import clear_all

LONG = "Innovationssamarbejde mellem kommunale arbejdspladser og regionerne " * 5
MIXED = (
    'Se <a href="#sec-metode">afsnit 15</a> om <b>vægtning</b> og <i>usikkerhed</i>; '
    '<a name="her"/>svarprocenten var 52,1 pct. blandt alle ' * 3
)


@pytest.fixture(autouse=True)
def _written_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are written by this process, to be read at once (a build that may fork
    writes them from a child, and reaps it before anything reads them: the last test)."""
    monkeypatch.setattr(linebreaks, "_may_fork", lambda: False)


def _tree(value: Any) -> Any:
    """Everything a line break is made of, as plain comparable data (classes included)."""
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_tree(v) for v in value])
    if hasattr(value, "__dict__") and not isinstance(value, str):
        own = sorted((k, _tree(v)) for k, v in vars(value).items())
        return (type(value).__name__, own)
    return (type(value).__name__, value)


@pytest.mark.parametrize("text", [LONG, MIXED], ids=["plain", "links-and-fonts"])
@pytest.mark.parametrize("width", [90.0, 240.0])
def test_a_line_break_reads_back_as_the_same_objects(
    styles: dict[str, dict[str, ParagraphStyle]], text: str, width: float
) -> None:
    para = Para(text, styles["da"]["body"])
    size = para.wrap(width, 2000)
    assert len(para.blPara.lines) > 1
    back_size, back = decode(encode(size, para.blPara))
    assert back_size == size
    assert _tree(back) == _tree(para.blPara)


def test_the_plain_paragraph_keeps_its_hyphenated_split_words(
    styles: dict[str, dict[str, ParagraphStyle]],
) -> None:
    para = Para(LONG, styles["da"]["body"])
    para.wrap(90, 2000)
    words = [w for line in para.blPara.lines for w in line[1]]
    split = {type(w).__name__ for w in words} - {"str"}
    assert split, "a narrow column should hyphenate"
    _, back = decode(encode((0.0, 0.0), para.blPara))
    assert split == {type(w).__name__ for line in back.lines for w in line[1]} - {"str"}


@pytest.mark.parametrize(
    "entry",
    [
        '[[1,2],{"__c":"Popen","args":"rm"}]',  # a class outside the list
        '[[1,2],{"__w":"os.system","v":"x"}]',
        '[[1,2],{"fontName":"Helvetica"}]',  # an object with no class
        '[[1,2],{"__t":[1],"x":2}]',
        "[1,2]",
        "not json",
    ],
)
def test_an_entry_of_another_shape_is_not_kept(entry: str) -> None:
    with pytest.raises(NotKept):
        decode(entry)


def test_something_the_format_cannot_hold_is_refused() -> None:
    with pytest.raises(NotKept):
        encode((1.0, 2.0), {"a": object()})


def _wrap_all(style: ParagraphStyle, texts: list[str]) -> list[Any]:
    paras = [Para(t, style) for t in texts]
    for para in paras:
        para.wrap(200, 2000)
    return [p.blPara for p in paras]


def test_a_build_takes_what_an_earlier_one_kept(
    tmp_path: Path, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    body, file = styles["da"]["body"], tmp_path / "x.entry"
    clear_all()
    with keeping(file) as kept:
        first = _wrap_all(body, [LONG, MIXED])
    assert kept is not None
    assert kept.added == 2
    assert len(read_kept(file).stored) == 2
    clear_all()  # a new process: nothing in memory
    with keeping(file) as again:
        second = _wrap_all(body, [LONG, MIXED])
    assert again is not None
    assert again.added == 0
    assert len(again.used) == 2
    assert [_tree(b) for b in second] == [_tree(b) for b in first]
    assert second[0] is not first[0]  # read from the file, not from memory


def test_the_file_keeps_only_what_the_last_build_used(
    tmp_path: Path, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    body, file = styles["da"]["body"], tmp_path / "x.entry"
    clear_all()
    with keeping(file):
        _wrap_all(body, [LONG, MIXED])
    clear_all()
    with keeping(file):
        _wrap_all(body, [LONG, "En helt ny sætning, skrevet efter den første bygning."])
    assert len(read_kept(file).stored) == 2  # MIXED was not used: it is gone


@pytest.mark.parametrize(
    "damage",
    [b"", b"rapport-cache 1\n[1,2]", b'rapport-cache 1\n{"d":[[1,2]]}', b"\xff\xfe garbage"],
)
def test_a_damaged_file_only_costs_the_reuse(
    tmp_path: Path, styles: dict[str, dict[str, ParagraphStyle]], damage: bytes
) -> None:
    body, file = styles["da"]["body"], tmp_path / "x.entry"
    clear_all()
    expected = [_tree(b) for b in _wrap_all(body, [LONG])]
    clear_all()
    file.write_bytes(damage)
    with keeping(file) as kept:
        assert [_tree(b) for b in _wrap_all(body, [LONG])] == expected
    assert kept is not None
    assert kept.added == 1
    assert read_kept(file).stored  # written anew, readable


def test_a_damaged_entry_is_broken_again(
    tmp_path: Path, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    body, file = styles["da"]["body"], tmp_path / "x.entry"
    clear_all()
    with keeping(file):
        expected = [_tree(b) for b in _wrap_all(body, [LONG])]
    name = next(iter(read_kept(file).stored))
    for entry in ('[[1,2],{"__c":"Evil"}]', '[[1,2],"no lines"]', '[[1,2],{"__c":"ABag"}]'):
        write_entry(file, {name: entry.encode("utf-8")})
        clear_all()
        with keeping(file) as kept:
            assert [_tree(b) for b in _wrap_all(body, [LONG])] == expected
        assert kept is not None
        assert kept.added == 1


def test_nothing_is_kept_without_a_file(styles: dict[str, dict[str, ParagraphStyle]]) -> None:
    with keeping(None) as kept:
        assert kept is None
        assert linebreaks.active() is None
        assert _wrap_all(styles["da"]["body"], [LONG])


def test_many_paragraphs_are_written_aside_and_read_back_the_same(
    tmp_path: Path, styles: dict[str, dict[str, ParagraphStyle]], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = styles["da"]["body"]
    texts = [f"{LONG} {i}" for i in range(6)]
    clear_all()
    with keeping(tmp_path / "here.entry"):
        _wrap_all(body, texts)
    forks: list[int] = []
    real_fork = linebreaks.os.fork

    def fork() -> int:
        pid = real_fork()
        forks.append(pid)
        return pid

    monkeypatch.setattr(linebreaks, "ASIDE", 5)
    monkeypatch.setattr(linebreaks, "_may_fork", lambda: True)  # other tests' threads aside
    monkeypatch.setattr(linebreaks.os, "fork", fork)
    clear_all()
    with keeping(tmp_path / "aside.entry"):
        _wrap_all(body, texts)
    linebreaks.reap()
    assert len(forks) == 1  # written by a child process
    aside = read_kept(tmp_path / "aside.entry").stored
    assert aside == read_kept(tmp_path / "here.entry").stored
    assert len(aside) == 6


def test_what_a_build_broke_is_encoded_once_for_the_process(
    tmp_path: Path, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    body, file = styles["da"]["body"], tmp_path / "x.entry"
    clear_all()
    with keeping(file) as kept:
        _wrap_all(body, [LONG, MIXED])
    assert kept is not None
    assert all(type(v) is bytes for v in kept.stored.values())  # the next write reuses them
    assert kept.stored == read_kept(file).stored
