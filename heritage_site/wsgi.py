import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage_site.settings.production")

application = get_wsgi_application()


def _limit_render_threads():
    """Web workers run libvips on one thread (``IIIF_RENDER_VIPS_THREADS``) unless told otherwise.

    libvips starts as many threads per pipeline as there are cores, so one expensive IIIF render
    in a web worker took every core, and the machine-wide render slot (iiif/image_api/bounds.py)
    left nothing to the record pages. The task workers, which tile, keep ``VIPS_CONCURRENCY``."""
    import pyvips
    from django.conf import settings

    pyvips.concurrency_set(settings.IIIF_RENDER_VIPS_THREADS)


_limit_render_threads()
