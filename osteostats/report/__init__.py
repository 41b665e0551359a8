"""HTML and PDF reports from one jinja2 template set.

- :mod:`~osteostats.report.inputs` -- the upstream files, and which workflow rule makes each;
- :mod:`~osteostats.report.context` -- turns results into the template's context;
- :mod:`~osteostats.report.figures` -- deterministic matplotlib SVG figures;
- :mod:`~osteostats.report.labels` -- the label catalogue (one place for every UI string);
- :mod:`~osteostats.report.render` -- HTML (jinja2, autoescape on) and PDF (WeasyPrint).
"""
from .render import build_report

__all__ = ["build_report"]
