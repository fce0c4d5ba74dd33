"""Who may see an image through the IIIF Image API.

Public: an image shown by a public record (catalogue.visibility: live, unrestricted in every
language version, its collection not private), or by something an upper app makes public and
registers here (restoration: the before/after images of an event marked public on a public record).
Everyone else — drafts, restricted records, private collections, restoration archives — sees the
image only when signed in to the admin with permission to choose or edit it in its collection.

Behind nginx, public tiles never reach the app: ``sync_public_links`` keeps one symbolic link per
public image in ``MEDIA_ROOT/iiif-public/`` (pointing at its pyramid), and nginx serves a tile only
through that folder (deploy/nginx/heritage.conf). Any other request comes to the views, which
ask this module.
"""

import logging
import os
from pathlib import Path

from django.conf import settings

from catalogue import visibility
from images.models import HeritageImage, iiif_identifier_validator

logger = logging.getLogger(__name__)

PUBLIC_LINKS = "iiif-public"
_providers = []


def register_public_images(provider, changed_by=()):
    """Register ``provider() -> set of image ids`` that an upper app shows to the public; saving or
    deleting an instance of a model in ``changed_by`` re-syncs the public links."""
    from . import signal_handlers

    _providers.append(provider)
    for model in changed_by:
        signal_handlers.sync_on_change_of(model)


def public_image_ids():
    ids = visibility.public_image_ids()
    private = visibility.private_collection_ids()
    for provider in _providers:
        extra = set(provider())
        if private and extra:
            extra -= set(
                HeritageImage.objects.filter(pk__in=extra, collection_id__in=private).values_list(
                    "pk", flat=True
                )
            )
        ids |= extra
    return ids


def is_public(image):
    if visibility.image_is_public(image):
        return True
    if not _providers or image.collection_id in visibility.private_collection_ids():
        return False
    return any(image.pk in set(provider()) for provider in _providers)


def staff_may_view(user, image):
    """Signed in to the admin, with permission to choose or change this image (its collection)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(HeritageImage)
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], image)


def decide(request, identifier):
    """``(image, None)`` when the request may see the image; ``(None, status)`` otherwise:
    404 for no such image, 401 for an anonymous visitor, 403 for a signed-in user without permission.
    ``image.iiif_public`` tells the view whether the answer may be cached publicly."""
    image = HeritageImage.objects.filter(iiif_identifier=identifier).first()
    if image is None:
        return None, 404
    if is_public(image):
        image.iiif_public = True
        return image, None
    image.iiif_public = False
    if staff_may_view(request.user, image):
        return image, None
    return None, 401 if not request.user.is_authenticated else 403


def links_root():
    return Path(settings.MEDIA_ROOT) / PUBLIC_LINKS


def sync_public_links():
    """Make ``MEDIA_ROOT/iiif-public/`` hold exactly one link per public image: ``<id> -> ../iiif/<id>``.

    Links are added and removed one by one (each change is atomic for nginx); a link whose pyramid
    is not published yet simply finds no file, and nginx passes the request to the app.
    """
    root = links_root()
    root.mkdir(parents=True, exist_ok=True)
    wanted = set(
        HeritageImage.objects.filter(pk__in=public_image_ids()).values_list("iiif_identifier", flat=True)
    )
    present = {entry.name for entry in root.iterdir()}
    for name in present - wanted:
        (root / name).unlink(missing_ok=True)
    for name in wanted - present:
        iiif_identifier_validator(name)
        temporary = root / f".{name}.tmp"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(Path("..") / "iiif" / name)
        os.replace(temporary, root / name)
    if wanted ^ present:
        logger.info("Public IIIF links: %s added, %s removed", len(wanted - present), len(present - wanted))
    return wanted
