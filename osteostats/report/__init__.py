"""HTML and PDF reports from one jinja2 template set.

- :mod:`~osteostats.report.inputs` -- the upstream files, and which workflow rule makes each;
- :mod:`~osteostats.report.context` -- turns results into the template's context;
- :mod:`~osteostats.report.numbers` -- fixed-point numbers and journal-style P (never scientific notation);
- :mod:`~osteostats.report.strips` -- the small inline SVG strips of the figure-tables;
- :mod:`~osteostats.report.labels` -- one catalogue per language (every label and sentence);
- :mod:`~osteostats.report.render` -- one HTML (jinja2, autoescape on) and one PDF per language;
- :mod:`~osteostats.report.pdf` -- WeasyPrint, in worker processes started before the rest loads.
"""
from ..lazy import lazy_exports

# build_report loads pandas and the templates: not needed to start the PDF workers (report.pdf)
__getattr__, __dir__ = lazy_exports(__name__, {"build_report": "render"})

__all__ = ["build_report"]
