"""Background tasks of the imaging pipeline; they take ids and fetch fresh rows."""

from django_tasks import task

from . import tiling


@task()
def build_tiles(image_id):
    return tiling.tile_image(image_id)
