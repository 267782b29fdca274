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
 8. ``compose``      blocks → reportlab flowables, numbering and cross-references
 9. ``render``       flowables → PDF bytes (page templates, TOC, outline, metadata)
10. ``write``        atomic write of the bytes to the output path

The CLI (``cli``) is a thin layer over :func:`rapport.build.build_report`.
"""

__version__ = "0.1.0"
