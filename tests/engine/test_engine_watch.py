"""Watch mode: a change to a chapter rebuilds the PDF, a broken edit is reported and skipped."""

from __future__ import annotations

from pathlib import Path

from engine_pdf import all_text

from rapport.build import BuildOptions
from rapport.watch import WatchEvent, watch


def test_watch_rebuilds_after_an_edit_and_survives_an_error(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "ud.pdf"
    chapter = mini / "chapters" / "02.md"
    events: list[WatchEvent] = []
    edits = iter(
        [
            lambda: chapter.write_text(
                chapter.read_text(encoding="utf-8") + "\nEn ændring undervejs.\n", encoding="utf-8"
            ),
            lambda: chapter.write_text("# Metode\n\n{{ findes_ikke }}\n", encoding="utf-8"),
        ]
    )

    def report(event: WatchEvent) -> None:
        events.append(event)
        if event.result is not None:
            assert target.read_bytes() == event.result.pdf
        next(edits, lambda: None)()

    builds = watch(
        BuildOptions(project=mini, cache_dir=tmp_path / "cache"),
        target,
        report,
        max_builds=3,
        sleep=lambda _: None,
    )
    assert builds == 3
    first, second, third = events
    assert first.result is not None
    assert second.result is not None
    assert "En ændring undervejs." in all_text(second.result.pdf)
    assert second.result.charts_drawn == 0
    assert third.error is not None
    assert "findes_ikke" in str(third.error)
    assert target.read_bytes() == second.result.pdf


def test_watch_rebuilds_equal_a_cold_build_of_the_same_files(mini: Path, tmp_path: Path) -> None:
    """Each rebuild reuses what did not change (rendered chapters, exhibits, parsed
    paragraphs); its bytes are those of a build with empty caches and memories."""
    from rapport.build import build_report
    from rapport.memo import clear_all

    chapter = mini / "chapters" / "02.md"
    definition = mini / "report.yaml"
    edits = iter(
        [
            lambda: chapter.write_text(
                chapter.read_text(encoding="utf-8") + "\nEn sætning mere.\n", encoding="utf-8"
            ),
            lambda: definition.write_text(
                definition.read_text(encoding="utf-8").replace(
                    'Frac }} samarbejder"', 'Frac }} samarbejder nu"'
                ),
                encoding="utf-8",
            ),
        ]
    )
    built: list[tuple[bytes, str, str]] = []

    def report(event: WatchEvent) -> None:
        assert event.result is not None, event.error
        texts = chapter.read_text(encoding="utf-8"), definition.read_text(encoding="utf-8")
        built.append((event.result.pdf, *texts))
        next(edits, lambda: None)()

    options = BuildOptions(project=mini, cache_dir=tmp_path / "cache")
    assert watch(options, tmp_path / "ud.pdf", report, max_builds=3, sleep=lambda _: None) == 3
    assert len({pdf for pdf, _, _ in built}) == 3
    assert "samarbejder nu" in all_text(built[2][0])
    for pdf, text, yaml in built:
        chapter.write_text(text, encoding="utf-8")
        definition.write_text(yaml, encoding="utf-8")
        clear_all()
        assert build_report(BuildOptions(project=mini)).pdf == pdf
