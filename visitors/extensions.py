"""What the visitor guide adds to record pages, through the catalogue's extension points."""


def register_record_slots():
    from catalogue import extensions

    extensions.register("head", "visitors/record_head.html", order=50)
    # Before the deep-zoom viewer (order 10): a static IIIF picture first, the viewer on request.
    extensions.register("record_media", "visitors/record_media.html", order=5)
    extensions.register("record_top", "visitors/record_language_note.html", order=5)
    extensions.register("record_top", "visitors/record_visiting.html", order=10)
    extensions.register("record_after_body", "visitors/record_related.html", order=20)
    extensions.register("record_links", "visitors/record_qr.html", order=50)
    extensions.register("site_nav", "visitors/nav_tours.html", order=50)
