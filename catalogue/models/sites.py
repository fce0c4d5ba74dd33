"""Heritage sites and relics (di tích)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .base import RecordPage
from .geo import generalised_point, validate_point, validate_polygon_geojson
from .places import CURRENT_CITY, FORMER_DISTRICTS, HISTORICAL_PROVINCE


class Ranking(models.TextChoices):
    WORLD_HERITAGE = "world_heritage", _("UNESCO World Heritage")
    BIOSPHERE_RESERVE = "biosphere_reserve", _("UNESCO World Biosphere Reserve")
    SPECIAL_NATIONAL = "special_national", _("Special national relic")
    NATIONAL = "national", _("National relic")
    PROVINCIAL = "provincial", _("Provincial relic")
    INVENTORIED = "inventoried", _("Inventoried")
    # An area such as an island group whose relics are ranked one by one, never as a whole.
    NOT_RANKED = "not_ranked", _("Not ranked as a whole")


class SiteCategory(models.TextChoices):
    ARCHITECTURAL_ARTISTIC = "architectural_artistic", _("Architectural and artistic")
    ARCHAEOLOGICAL = "archaeological", _("Archaeological")
    HISTORICAL = "historical", _("Historical")
    SCENIC = "scenic", _("Scenic landscape")
    NATURE_RESERVE = "nature_reserve", _("Nature reserve")


# How far a ranking raises a site in search results (RecordPage.standing).
STANDING = {
    Ranking.WORLD_HERITAGE: 4,
    Ranking.SPECIAL_NATIONAL: 3,
    Ranking.NATIONAL: 2,
    Ranking.PROVINCIAL: 1,
}


def _geometry(value):
    return value.get("geometry") if value.get("type") == "Feature" else value


class SitePage(RecordPage):
    identifier_prefix = "QN-DT"

    ranking = models.CharField(
        _("ranking"), max_length=20, choices=Ranking.choices, default=Ranking.INVENTORIED
    )
    recognition_decision = models.CharField(
        _("recognition decision"), max_length=120, blank=True, help_text=_("e.g. 1419/QĐ-TTg")
    )
    recognition_date = models.DateField(_("recognition date"), null=True, blank=True)
    category = models.CharField(
        _("category"), max_length=30, choices=SiteCategory.choices, default=SiteCategory.HISTORICAL
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    boundary = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        validators=[validate_polygon_geojson],
        help_text=_("GeoJSON Polygon or MultiPolygon, [longitude, latitude] order."),
    )
    protection_zone_1 = models.JSONField(
        _("protection zone I"), null=True, blank=True, validators=[validate_polygon_geojson]
    )
    protection_zone_2 = models.JSONField(
        _("protection zone II"), null=True, blank=True, validators=[validate_polygon_geojson]
    )
    commune = models.CharField(
        _("commune / ward"),
        max_length=120,
        blank=True,
        help_text=_("Current commune or ward, e.g. xã Thu Bồn"),
    )
    city = models.CharField(_("city / province"), max_length=120, blank=True, default=CURRENT_CITY)
    former_district = models.CharField(
        _("former district"),
        max_length=20,
        choices=FORMER_DISTRICTS,
        blank=True,
        help_text=_("District named in the recognition decision (before 2025)"),
    )
    former_province = models.CharField(
        _("former province"), max_length=120, blank=True, default=HISTORICAL_PROVINCE
    )
    part_of = models.ForeignKey(
        "catalogue.SitePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("part of"),
        help_text=_("The larger site this one stands inside, e.g. Chùa Cầu inside Hội An Ancient Town"),
    )
    sensitive = models.BooleanField(
        _("sensitive location"),
        default=False,
        help_text=_(
            "Only a generalised location is ever shown to the public (e.g. unexcavated archaeology)."
        ),
    )

    search_fields = [
        *RecordPage.search_fields,
        index.SearchField("commune"),
        index.SearchField("get_former_district_display"),
        index.FilterField("ranking"),
        index.FilterField("category"),
        index.FilterField("former_district"),
    ]
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        SynchronizedField("recognition_decision"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("boundary"),
        SynchronizedField("protection_zone_1"),
        SynchronizedField("protection_zone_2"),
        SynchronizedField("commune"),
        SynchronizedField("city"),
        SynchronizedField("former_province"),
        # Copied as it is, like an artefact's findspot: pages render it through .localized.
        SynchronizedField("part_of"),
    ]

    content_panels = [
        *RecordPage.identity_panels,
        MultiFieldPanel(
            [
                FieldPanel("ranking"),
                FieldRowPanel([FieldPanel("recognition_decision"), FieldPanel("recognition_date")]),
                FieldPanel("category"),
            ],
            heading=_("Ranking"),
        ),
        *RecordPage.dating_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel([FieldPanel("commune"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("former_district"), FieldPanel("former_province")]),
                FieldPanel("part_of"),
                FieldPanel("sensitive"),
                FieldPanel("boundary"),
                FieldPanel("protection_zone_1"),
                FieldPanel("protection_zone_2"),
            ],
            heading=_("Location"),
        ),
        *RecordPage.common_tail_panels,
    ]

    parent_page_types = ["catalogue.SiteIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("heritage site")
        verbose_name_plural = _("heritage sites")

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.update_error_dict({}))
        if self.part_of_id and (
            self.part_of_id == self.pk or self.part_of.translation_key == self.translation_key
        ):
            errors.setdefault("part_of", []).append(_("A site cannot be part of itself."))
        for field, message in validate_point(self.latitude, self.longitude).items():
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    @property
    def on_map(self):
        return self.latitude is not None

    has_physical_fabric = True

    @property
    def located_at(self):
        return self

    def place_fields(self):
        return {
            "ranking": self.ranking,
            "category": self.category,
            "latitude": None if self.latitude is None else str(self.latitude),
            "longitude": None if self.longitude is None else str(self.longitude),
            "commune": self.commune,
            "former_district": self.former_district,
            "sensitive": self.sensitive,
        }

    def facet_values(self):
        return [*super().facet_values(), ("ranking", self.ranking), ("category", self.category)]

    @property
    def standing(self):
        return STANDING.get(self.ranking, 0)

    @property
    def location_is_sensitive(self):
        """True when this site or any language version of it is flagged sensitive.

        The flag is copied to translations only when they are synced, so a translation published
        before the curator set it would otherwise still give the exact point away.
        """
        if self.sensitive:
            return True
        if self.pk is None or self.translation_key is None:
            return False
        return SitePage.objects.filter(translation_key=self.translation_key, sensitive=True).exists()

    def public_location(self, sensitive=None):
        """(latitude, longitude) as the public may see it, or None: a sensitive site's true point
        is replaced by a generalised one (see ``geo.generalised_point``). ``sensitive`` may be
        given when the caller already knows it for many sites at once."""
        if self.latitude is None or self.longitude is None:
            return None
        if self.location_is_sensitive if sensitive is None else sensitive:
            return generalised_point(self.latitude, self.longitude, self.identifier)
        return float(self.latitude), float(self.longitude)

    def public_geometries(self, sensitive=None):
        """The boundary and protection zones the public may see: none for a sensitive site, whose
        outline would give its true place away. A list of (kind, GeoJSON geometry)."""
        if self.location_is_sensitive if sensitive is None else sensitive:
            return []
        pairs = [
            ("boundary", self.boundary),
            ("zone_1", self.protection_zone_1),
            ("zone_2", self.protection_zone_2),
        ]
        return [(kind, _geometry(value)) for kind, value in pairs if value]

    def facts(self, sensitive=None):
        """``sensitive`` may be given, as to ``public_location``, by a caller listing many sites."""
        pairs = super().facts()
        pairs.append((_("Ranking"), self.get_ranking_display()))
        if self.recognition_decision:
            pairs.append((_("Recognition decision"), self.recognition_decision))
        pairs.append((_("Category"), self.get_category_display()))
        sensitive = self.location_is_sensitive if sensitive is None else sensitive
        if location := self.public_location(sensitive):
            decimals = 3 if sensitive else 5
            where = f"{location[0]:.{decimals}f}, {location[1]:.{decimals}f}"
            if sensitive:
                where += " " + _("(approximate: the exact place is withheld to protect the site)")
            pairs.append((_("Location"), where))
        if self.commune:
            pairs.append((_("Commune / ward"), f"{self.commune}, {self.city}".strip(", ")))
        if self.former_district:
            pairs.append(
                (_("Former district"), f"{self.get_former_district_display()}, {self.former_province}")
            )
        return pairs
