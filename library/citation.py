"""The suggested citation of a document page. Pure: plain values in, text out."""


def citation(
    *, title, issued_by, dating, institution, page_label, page_number, identifier, url, archive, accessed
):
    """``Author, Title, dating, page. Institution. Archive, identifier, p. n. URL (accessed date).``

    Parts left empty are left out rather than written as blanks."""
    head = ", ".join(part for part in (issued_by, f"“{title}”", dating) if part)
    parts = [head, page_label, institution, f"{archive}, {identifier}, {page_number}", url]
    text = ". ".join(part.rstrip(".") for part in parts if part)
    return f"{text} ({accessed})."
