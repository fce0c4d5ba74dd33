"""Which rights let the reading room offer a download of a document's pages."""

# Public domain, CC0 and Creative Commons licences allow copies (with attribution or non-commercial
# terms the page states); "No Copyright – Non-Commercial" and "In Copyright – Educational Use
# Permitted" allow copies for study. "In Copyright" and "Copyright Not Evaluated" do not: those
# documents are read on screen only.
DOWNLOADABLE = {
    "https://creativecommons.org/publicdomain/mark/1.0/",
    "https://creativecommons.org/publicdomain/zero/1.0/",
    "https://creativecommons.org/licenses/by/4.0/",
    "https://creativecommons.org/licenses/by-sa/4.0/",
    "https://creativecommons.org/licenses/by-nc/4.0/",
    "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "http://rightsstatements.org/vocab/NoC-NC/1.0/",
    "http://rightsstatements.org/vocab/InC-EDU/1.0/",
}


def may_download(record, image=None):
    """Whether the record's rights, and the page image's own rights when it has any, allow a copy."""
    if record.rights not in DOWNLOADABLE:
        return False
    image_rights = getattr(image, "rights", "") if image is not None else ""
    return not image_rights or image_rights in DOWNLOADABLE
