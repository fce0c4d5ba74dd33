"""A master is accepted only once every pixel of it has been decoded.

A header says nothing about the rest of the file: a truncated JPEG, a TIFF with a damaged strip or a
PNG whose data stream breaks off all pass a header check. Only a full decode finds them, and a full
decode costs about half of a deep-zoom pass (benchmarks/ingest_tiling.py). So the decode that
verifies a master is, whenever it can be, the very pass that tiles it: the iiif app registers a pass
(``register_pass``) that builds the pyramid into a staging folder while decoding with
``fail_on="error"``; the master is stored only if that pass succeeds, and the staged pyramid is then
published under the new image's identifier. Without a registered pass (this app alone), a plain
full decode verifies the file.
"""

from django.utils.translation import gettext as _

from .vips import RefusedImage, open_for_one_pass

_passes = []


def register_pass(function):
    """Register ``function(path) -> Prepared | None``: a full-decoding pass that raises RefusedImage
    when the file does not decode completely. The last one registered is used."""
    _passes.append(function)


class Prepared:
    """What a verification pass leaves behind for the image once it is stored (e.g. its pyramid)."""

    width = height = None

    def adopt(self, image):
        """Called inside the transaction that saves ``image``; may set fields before it is saved."""

    def published(self, image):
        """Called once ``image`` is saved (still in its transaction): make its derivatives visible."""

    def discard(self):
        """Called when the image is not stored after all."""


def refused_for(error):
    """A curator's sentence for a libvips decode error (the technical text follows it)."""
    text = str(error).strip().splitlines()
    detail = text[-1].strip() if text else ""
    lowered = detail.lower()
    if "premature end" in lowered or "truncated" in lowered or "unexpected end" in lowered:
        reason = _("The file is incomplete (truncated): it ends before all of its pixels.")
    else:
        reason = _("The file is damaged: its pixels cannot all be decoded.")
    return RefusedImage(f"{reason} ({detail})" if detail else reason)


def decode_completely(path):
    """The fallback pass: decode every pixel once (statistics need them all), store nothing."""
    import pyvips

    try:
        open_for_one_pass(path, fail_on="error").avg()
    except pyvips.Error as error:
        raise refused_for(error) from None
    return Prepared()


def verify(path):
    """Decode ``path`` completely with the registered pass; RefusedImage if it does not decode."""
    chosen = _passes[-1] if _passes else decode_completely
    return chosen(path) or Prepared()
