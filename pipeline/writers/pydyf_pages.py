"""A linear ``pydyf.PDF.page_references``: the PDF's page list in, the same references out, built once per page count.

pydyf 0.13 builds the tuple of every page's reference (``b"12 0 R"``) anew at each access,
and WeasyPrint's tagging (``weasyprint/pdf/tags.py``, ``anchors.py``) and our ``pdf_tags``
read it once per marked item or link: the PDF writer is then quadratic in the number of
pages (18–20 % of a 209-page build).  The references only change when a page is added
(``PDF.add_page`` extends ``pages['Kids']``), so they are memoized on the PDF object,
keyed on the length and the last entry of the page list.  The upstream fix (a list kept
up to date by ``add_page``) is described in ``bench/RESULTS.md``.
"""

from __future__ import annotations

_INSTALLED: list[bool] = []


def _page_references(pdf) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]
    key = (len(kids), kids[-3] if kids else None)
    memo = pdf.__dict__.get("_un_page_references")
    if memo is None or memo[0] != key:
        memo = (key, tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_un_page_references"] = memo
    return memo[1]


def install_page_references_memo() -> None:
    """Replace ``pydyf.PDF.page_references`` by the memoized one (once per process)."""
    if _INSTALLED:
        return
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if isinstance(original, property):
        pydyf.PDF.page_references = property(_page_references, doc=original.__doc__)
    _INSTALLED.append(True)
