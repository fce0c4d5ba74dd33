"""Artefacts (hiện vật): national treasures, rare artefacts and antiques."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .base import RecordPage


class ArtefactStatus(models.TextChoices):
    NATIONAL_TREASURE = "national_treasure", _("National treasure")
    RARE = "rare", _("Rare artefact")
    ANTIQUE = "antique", _("Antique")
    OTHER = "other", _("Other")


# How far a heritage status raises an artefact in search results (RecordPage.standing).
STANDING = {ArtefactStatus.NATIONAL_TREASURE: 2, ArtefactStatus.RARE: 1}


def _dimension(label):
    return models.DecimalField(label, max_digits=9, decimal_places=1, null=True, blank=True)


class ArtefactPage(RecordPage):
    identifier_prefix = "QN-HV"

    inventory_number = models.CharField(
        _("inventory number"), max_length=80, blank=True, help_text=_("Unique within the holding institution")
    )
    holding_institution = models.ForeignKey(
        "catalogue.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("holding institution"),
    )
    object_type = models.ForeignKey(
        "catalogue.ObjectType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("object type"),
    )
    materials = ParentalManyToManyField(
        "catalogue.Material", blank=True, related_name="+", verbose_name=_("materials")
    )
    technique = models.CharField(_("technique"), max_length=255, blank=True)
    height_mm = _dimension(_("height (mm)"))
    width_mm = _dimension(_("width (mm)"))
    depth_mm = _dimension(_("depth (mm)"))
    diameter_mm = _dimension(_("diameter (mm)"))
    weight_g = models.DecimalField(_("weight (g)"), max_digits=12, decimal_places=1, null=True, blank=True)
    culture = models.ForeignKey(
        "catalogue.Culture",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("culture"),
    )
    period = models.ForeignKey(
        "catalogue.Period",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("period"),
    )
    findspot = models.ForeignKey(
        "catalogue.SitePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("findspot"),
    )
    status = models.CharField(
        _("heritage status"), max_length=20, choices=ArtefactStatus.choices, default=ArtefactStatus.OTHER
    )
    status_decision = models.CharField(
        _("status decision"),
        max_length=120,
        blank=True,
        help_text=_("e.g. the Prime Minister's decision recognising a national treasure"),
    )
    condition = models.TextField(_("condition"), blank=True)

    search_fields = [
        *RecordPage.search_fields,
        index.SearchField("inventory_number"),
        index.SearchField("technique"),
        index.RelatedFields("materials", [index.SearchField("label_vi"), index.SearchField("label_en")]),
        index.RelatedFields("object_type", [index.SearchField("label_vi"), index.SearchField("label_en")]),
        index.RelatedFields("culture", [index.SearchField("label_vi"), index.SearchField("label_en")]),
        index.FilterField("status"),
        index.FilterField("object_type"),
        index.FilterField("culture"),
        index.FilterField("period"),
        index.FilterField("holding_institution"),
    ]
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        SynchronizedField("inventory_number"),
        SynchronizedField("status_decision"),
        # Copied as it is; pages render it through .localized, so the findspot need not be translated first.
        SynchronizedField("findspot"),
    ]

    content_panels = [
        *RecordPage.identity_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("holding_institution"), FieldPanel("inventory_number")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("status_decision")]),
            ],
            heading=_("Holding and status"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("object_type"),
                FieldPanel("materials"),
                FieldPanel("technique"),
                FieldRowPanel([FieldPanel("culture"), FieldPanel("period")]),
                FieldPanel("findspot"),
            ],
            heading=_("Description"),
        ),
        *RecordPage.dating_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("height_mm"), FieldPanel("width_mm")]),
                FieldRowPanel([FieldPanel("depth_mm"), FieldPanel("diameter_mm")]),
                FieldPanel("weight_g"),
            ],
            heading=_("Dimensions"),
        ),
        FieldPanel("condition"),
        *RecordPage.common_tail_panels,
    ]

    parent_page_types = ["catalogue.ArtefactIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("artefact")
        verbose_name_plural = _("artefacts")

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.inventory_number = (self.inventory_number or "").strip()
        if self.inventory_number and self.holding_institution_id:
            clash = (
                ArtefactPage.objects.filter(
                    holding_institution_id=self.holding_institution_id,
                    inventory_number__iexact=self.inventory_number,
                )
                .exclude(translation_key=self.translation_key)
                .first()
            )
            if clash:
                errors.setdefault("inventory_number", []).append(
                    gettext("Inventory number %(number)s is already used by %(id)s at this institution.")
                    % {"number": self.inventory_number, "id": clash.identifier}
                )
        for field in ("height_mm", "width_mm", "depth_mm", "diameter_mm", "weight_g"):
            value = getattr(self, field)
            if value is not None and value <= 0:
                errors.setdefault(field, []).append(gettext("Measurements must be greater than zero."))
        if errors:
            raise ValidationError(errors)

    def dimensions_text(self):
        parts = [
            (_("H"), self.height_mm),
            (_("W"), self.width_mm),
            (_("D"), self.depth_mm),
            (_("Diam."), self.diameter_mm),
        ]
        text = " × ".join(f"{label} {value.normalize():f}" for label, value in parts if value is not None)
        return f"{text} mm" if text else ""

    def facts(self):
        pairs = super().facts()
        pairs.append((_("Heritage status"), self.get_status_display()))
        if self.status_decision:
            pairs.append((_("Status decision"), self.status_decision))
        for label, value in (
            (_("Object type"), self.object_type),
            (_("Culture"), self.culture),
            (_("Period"), self.period),
            (_("Holding institution"), self.holding_institution),
        ):
            if value:
                pairs.append((label, value.label))
        if self.inventory_number:
            pairs.append((_("Inventory number"), self.inventory_number))
        materials = ", ".join(m.label for m in self.materials.all())
        if materials:
            pairs.append((_("Materials"), materials))
        if self.technique:
            pairs.append((_("Technique"), self.technique))
        if self.dimensions_text():
            pairs.append((_("Dimensions"), self.dimensions_text()))
        if self.weight_g is not None:
            pairs.append((_("Weight"), f"{self.weight_g.normalize():f} g"))
        if self.condition:
            pairs.append((_("Condition"), self.condition))
        return pairs

    def related_records(self):
        return [self.findspot.localized] if self.findspot and self.findspot.live else []

    has_physical_fabric = True

    @property
    def located_at(self):
        return self.findspot

    @property
    def held_at(self):
        return self.holding_institution

    def facet_values(self):
        pairs = [*super().facet_values(), ("status", self.status)]
        for facet, term in (
            ("object_type", self.object_type),
            ("period", self.period),
            ("culture", self.culture),
        ):
            if term is not None:
                pairs.append((facet, term.key))
        pairs += [("material", material.key) for material in self.materials.all()]
        return pairs

    @property
    def standing(self):
        return STANDING.get(self.status, 0)
