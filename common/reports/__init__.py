"""Reports people can read and publish: any report's titled tables rendered as an HTML
document (Jinja2) with charts (matplotlib, SVG embedded) and as an accessible PDF
(WeasyPrint, PDF/UA-1). Generic over tables: a report needs no code here to get its
document, only tables of text cells (counts and shares such as "75%" are charted)."""

from common.reports.document import DocTable, Document, render_html, render_pdf, write

__all__ = ["DocTable", "Document", "render_html", "render_pdf", "write"]
