"""Inline statistics in running text (APA and Chinese-journal style): extraction and a
statcheck-style check of each printed P against its statistic and df.

- :mod:`osteostats.scan.read` -- text from .txt/.md, PDF (pypdf) and DOCX (python-docx);
- :mod:`osteostats.scan.normalize` -- one-to-one character normalisation (full-width
  punctuation, χ², minus signs), so positions in the text stay valid;
- :mod:`osteostats.scan.extract` -- the patterns, and every fragment they cannot read;
- :mod:`osteostats.scan.pcheck` -- the P check (rounding, one-tailed note, decision error);
- :mod:`osteostats.scan.labels` -- verdict and reason wording (English and Chinese);
- :mod:`osteostats.scan.run` -- the tidy table and the summary.
"""
from .run import COLUMNS, scan_file, scan_text, summary_lines

__all__ = ["COLUMNS", "scan_file", "scan_text", "summary_lines"]
