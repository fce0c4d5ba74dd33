"""Background tasks of the imaging pipeline; they take ids and fetch fresh rows."""

from django_tasks import task

from . import access, tiling


@task()
def build_tiles(image_id):
    return tiling.tile_image(image_id)


@task()
def sync_public_images():
    """Keep the links through which nginx serves public tiles in step with the catalogue."""
    return len(access.sync_public_links())
