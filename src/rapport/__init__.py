"""rapport — survey results to a finished, paginated Danish background report.

How a report flows (one module or package per stage; each stage's entry point is
a ``verb_noun`` function, values between stages are frozen records):

 1. ``project``      report definition (YAML) + chapter Markdown → :class:`Project`
 2. ``layout``       layout YAML (with ``extends``) → validated :class:`Layout`
 3. ``fonts``        register the layout's bundled TrueType families
 4. ``data``         aggregated results (CSV/XLSX/Parquet) or respondent data +
                     questionnaire → tidy results → disclosure control → ``ResultStore``
 5. ``template``     sandboxed Jinja: ``{{ … }}`` in chapters and titles → Markdown
 6. ``markdown``     Markdown → structural blocks (heading, paragraph, list,
                     figure, table, …) that know their tagging role
 7. ``charts``       figure specs + data → vector chart flowables (cached)
 8. ``compose``      blocks → reportlab flowables (``numbering``: numbers and
                     cross-references; ``frontmatter``: cover and contents;
                     ``exhibits``: figures and tables from their definitions)
 9. ``render``       flowables → PDF bytes (page templates, TOC, outline, running heads),
                     every block drawn as marked content (``tagging``); a paragraph,
                     table or chart drawn before is drawn from its kept code
                     (``drawmemo``)
10. ``postprocess``  structure tree (PDF/UA), report-date metadata, XMP, stable file ID
11. ``write``        atomic write of the bytes to the output path

:func:`rapport.build.build_report` runs stages 1–10 and returns the bytes; the CLI
(``cli``) is a thin layer over it, and ``watch``, ``burst`` and ``send`` build on it.
"""

__version__ = "0.1.0"
