"""Controlled vocabularies, edited as snippets, each term labelled in Vietnamese and English."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from images.text import NFCTextMixin


class VocabularyTerm(NFCTextMixin, index.Indexed, models.Model):
    """A term with vi and en labels and an optional link to an external thesaurus."""

    key = models.SlugField(_("key"), max_length=80, unique=True, help_text=_("Stable machine key"))
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=255)
    label_en = models.CharField(_("label (English)"), max_length=255)
    uri = models.URLField(
        _("external URI"), max_length=255, blank=True, help_text=_("e.g. a Getty AAT or Wikidata URI")
    )

    search_fields = [
        index.SearchField("label_vi"),
        index.SearchField("label_en"),
        index.AutocompleteField("label_vi"),
    ]

    class Meta:
        abstract = True
        ordering = ["label_vi"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return term_label(self.label_vi, self.label_en)


def term_label(label_vi, label_en):
    """The label in the active language: Vietnamese for vi, otherwise English (the visitor
    languages without labels of their own read English), falling back to Vietnamese."""
    return label_vi if (get_language() or "vi") == "vi" or not label_en else label_en


class Period(VocabularyTerm):
    earliest_year = models.IntegerField(_("earliest year"), null=True, blank=True)
    latest_year = models.IntegerField(_("latest year"), null=True, blank=True)

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["earliest_year", "label_vi"]


class Material(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class ObjectType(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("object type")
        verbose_name_plural = _("object types")


class Culture(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("culture")
        verbose_name_plural = _("cultures")


class Institution(VocabularyTerm):
    """A museum, library or archive that holds records; a place a visitor can go to."""

    # Institutions may stand outside the heritage region (a Quảng Nam treasure held in Hà Nội), so
    # only the coordinate ranges are checked, not the region.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), max_length=255, blank=True)

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("holding institution")
        verbose_name_plural = _("holding institutions")

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))

    @property
    def location(self):
        """(latitude, longitude) as floats, or None: where a visitor finds what the institution holds."""
        if self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)


class Script(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("script")
        verbose_name_plural = _("scripts")


class Language(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")
