"""One-to-one character normalisation of article text before matching.

Every replacement maps one character to one character, so a match position in the normalised
text is the same position in the original (the raw text reported is the original's).
"""
from __future__ import annotations

import unicodedata

_EXTRA = {
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash (typeset minus)
    "\u2012": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    "\u00a0": " ",
    "\u3000": " ",  # ideographic space
    "\u2009": " ",
    "\u202f": " ",
    "\n": " ",
    "\t": " ",
    "\r": " ",
    "\u03a7": "χ",  # Greek capital chi
    "\u1d61": "χ",  # modifier letter small chi
    "\u3001": ",",  # ideographic comma
    "\uff64": ",",
    "\u3002": ".",  # ideographic full stop (ends a sentence, never a decimal point here)
    "\u2264": "≤",
    "\u2265": "≥",
}


def _char(c: str) -> str:
    if c in _EXTRA:
        return _EXTRA[c]
    if ord(c) < 128:
        return c
    k = unicodedata.normalize("NFKC", c)
    return k if len(k) == 1 else c


def normalize(text: str) -> str:
    """Normalise full-width forms, superscripts, minus signs and spaces, one char for one.

    Notes
    -----
    NFKC is applied per character and kept only when it yields one character (full-width
    ``＝，：（）０-９Ｐ`` become ASCII, ``²`` becomes ``2``); line breaks become spaces so a
    statistic broken over two lines is still read.

    Examples
    --------
    >>> normalize("χ²＝29.418，P＜0.001")
    'χ2=29.418,P<0.001'
    >>> len(normalize("t（28）＝−2.20")) == len("t（28）＝−2.20")
    True
    """
    return "".join(_char(c) for c in text)
