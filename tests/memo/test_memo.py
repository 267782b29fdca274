"""The bounded process memories and their reset."""

from __future__ import annotations

from pathlib import Path

from rapport.errors import ProjectError
from rapport.memo import Memo, clear_all, memos
from rapport.yamlsrc import load_yaml


def test_a_full_memo_forgets_everything_before_it_remembers_more() -> None:
    memo: Memo[str, int] = Memo("test: bounded", 2)
    assert memo.put("a", 1) == 1
    memo.put("b", 2)
    memo.put("b", 3)  # replacing a known key never empties the memo
    assert (len(memo), memo["b"]) == (2, 3)
    memo.put("c", 4)
    assert len(memo) == 1
    assert "a" not in memo
    assert memo.get("c") == 4
    assert memo.get("a") is None


def test_clear_all_empties_every_memo_of_the_process() -> None:
    memo: Memo[str, int] = Memo("test: cleared", 10)
    memo.put("x", 1)
    assert memos()["test: cleared"] is memo
    clear_all()
    assert len(memo) == 0


def test_the_stage_memories_are_registered() -> None:
    names = set(memos())
    assert {
        "yaml",
        "line breaks",
        "soft hyphen glyphs",
        "data sources",
        "template code",
        "chart drawings",
    } <= names
    assert all(m.limit >= 1 for m in memos().values())


def test_parsed_yaml_is_remembered_until_reset(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    yaml_memo = memos()["yaml"]
    assert len(yaml_memo) == 0  # the autouse fixture reset it
    first = load_yaml(path, ProjectError)
    assert load_yaml(path, ProjectError) is first
    assert len(yaml_memo) == 1
    clear_all()
    again = load_yaml(path, ProjectError)
    assert again is not first
    assert again == first
