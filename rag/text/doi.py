"""DOIs written any way ("https://doi.org/10.1/x", "doi:10.1/x", "10.1/X") reduced to one form."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.I)
_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(doi: str) -> str:
    """The bare DOI ('10.1000/xyz123'), case kept; '' stays ''."""
    return _PREFIX.sub("", doi.strip())


def doi_key(doi: str) -> str:
    """What two DOIs are compared by: the bare DOI in lower case (DOIs are case-insensitive)."""
    return normalise_doi(doi).lower()


def is_doi(doi: str) -> bool:
    return _SHAPE.match(normalise_doi(doi)) is not None
