"""The admin's region editor asks here for the chosen image's size and a picture to draw on."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from iiif import access
from iiif.links import image_url
from images.models import HeritageImage, TilingStatus

PREVIEW_WIDTH = 1200


def image_data(request, pk):
    image = HeritageImage.objects.filter(pk=pk).first()
    if image is None:
        return JsonResponse({"error": _("No such image.")}, status=404)
    if not access.staff_may_view(request.user, image):
        return JsonResponse({"error": _("You may not see this image.")}, status=403)
    if image.tiling_status != TilingStatus.READY or not image.iiif_width:
        return JsonResponse(
            {"error": _("This image's deep zoom is not ready yet; try again in a moment.")}, status=409
        )
    response = JsonResponse(
        {"width": image.iiif_width, "height": image.iiif_height, "preview": image_url(image, PREVIEW_WIDTH)}
    )
    response["Cache-Control"] = "private, no-store"
    return response
