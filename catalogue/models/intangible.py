"""Intangible cultural heritage (di sản phi vật thể), its practitioners and recordings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from images.text import NFCTextMixin

from .base import RecordPage


class UnescoDomain(models.TextChoices):
    ORAL = "oral_traditions", _("Oral traditions and expressions")
    PERFORMING_ARTS = "performing_arts", _("Performing arts")
    SOCIAL_PRACTICES = "social_practices", _("Social practices, rituals and festive events")
    KNOWLEDGE = "knowledge_nature", _("Knowledge and practices concerning nature and the universe")
    CRAFTSMANSHIP = "craftsmanship", _("Traditional craftsmanship")


class Inscription(models.TextChoices):
    UNESCO_REPRESENTATIVE = "unesco_representative", _("UNESCO Representative List")
    UNESCO_URGENT = "unesco_urgent", _("UNESCO Urgent Safeguarding List")
    NATIONAL_INVENTORY = "national_inventory", _("National inventory")
    PROVINCIAL = "provincial", _("Provincial inventory")


# How far an inscription raises a practice in search results (RecordPage.standing).
STANDING = {
    Inscription.UNESCO_REPRESENTATIVE: 3,
    Inscription.UNESCO_URGENT: 3,
    Inscription.NATIONAL_INVENTORY: 1,
}


class PractitionerTitle(models.TextChoices):
    PEOPLES_ARTISAN = "nghe_nhan_nhan_dan", _("People's Artisan (Nghệ nhân Nhân dân)")
    MERITORIOUS_ARTISAN = "nghe_nhan_uu_tu", _("Meritorious Artisan (Nghệ nhân Ưu tú)")
    NONE = "none", _("—")


class RecordingKind(models.TextChoices):
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")


class IntangiblePage(RecordPage):
    identifier_prefix = "QN-PVT"

    unesco_domain = models.CharField(_("UNESCO domain"), max_length=30, choices=UnescoDomain.choices)
    inscription = models.CharField(
        _("inscription"), max_length=30, choices=Inscription.choices, default=Inscription.NATIONAL_INVENTORY
    )
    inscription_year = models.PositiveSmallIntegerField(_("inscription year"), null=True, blank=True)
    inscription_decision = models.CharField(_("inscription decision"), max_length=120, blank=True)
    communities = models.TextField(
        _("communities"),
        blank=True,
        help_text=_("The communities, groups and places that carry the practice"),
    )
    related_sites = ParentalManyToManyField(
        "catalogue.SitePage", blank=True, related_name="+", verbose_name=_("related sites")
    )

    search_fields = [
        *RecordPage.search_fields,
        index.SearchField("communities"),
        index.RelatedFields("practitioners", [index.SearchField("name")]),
        index.FilterField("unesco_domain"),
        index.FilterField("inscription"),
    ]

    content_panels = [
        *RecordPage.identity_panels,
        MultiFieldPanel(
            [
                FieldPanel("unesco_domain"),
                FieldPanel("inscription"),
                FieldRowPanel([FieldPanel("inscription_year"), FieldPanel("inscription_decision")]),
            ],
            heading=_("Recognition"),
        ),
        *RecordPage.dating_panels,
        FieldPanel("communities"),
        InlinePanel("practitioners", label=_("Practitioners"), heading=_("Practitioners")),
        InlinePanel("recordings", label=_("Recordings"), heading=_("Audio and video recordings")),
        FieldPanel("related_sites"),
        *RecordPage.common_tail_panels,
    ]

    parent_page_types = ["catalogue.IntangibleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("intangible heritage")
        verbose_name_plural = _("intangible heritage")

    def facts(self):
        pairs = super().facts()
        pairs.append((_("UNESCO domain"), self.get_unesco_domain_display()))
        inscription = self.get_inscription_display()
        if self.inscription_year:
            inscription = f"{inscription} ({self.inscription_year})"
        pairs.append((_("Inscription"), inscription))
        if self.inscription_decision:
            pairs.append((_("Inscription decision"), self.inscription_decision))
        if self.communities:
            pairs.append((_("Communities"), self.communities))
        return pairs

    def related_records(self):
        return [site.localized for site in self.related_sites.all() if site.live]

    def former_districts(self):
        # A practice is carried in several places: the districts of every related site.
        return list(self.related_sites.exclude(former_district="").values_list("former_district", flat=True))

    def facet_values(self):
        return [*super().facet_values(), ("domain", self.unesco_domain)]

    @property
    def standing(self):
        return STANDING.get(self.inscription, 0)


class Practitioner(NFCTextMixin, TranslatableMixin, Orderable):
    page = ParentalKey(IntangiblePage, on_delete=models.CASCADE, related_name="practitioners")
    name = models.CharField(_("name"), max_length=255)
    title = models.CharField(
        pgettext_lazy("honorific of a practitioner", "title"),
        max_length=30,
        choices=PractitionerTitle.choices,
        default=PractitionerTitle.NONE,
    )
    note = models.CharField(_("note"), max_length=500, blank=True, help_text=_("Role, village, troupe…"))

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("title")]), FieldPanel("note")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")


class Recording(NFCTextMixin, TranslatableMixin, Orderable):
    """An audio or video recording, stored as a Wagtail document so the original file is kept as-is."""

    page = ParentalKey(IntangiblePage, on_delete=models.CASCADE, related_name="recordings")
    kind = models.CharField(
        _("kind"), max_length=10, choices=RecordingKind.choices, default=RecordingKind.AUDIO
    )
    title = models.CharField(pgettext_lazy("name of a recording", "title"), max_length=255)
    file = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("file")
    )
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=10, default="vi", help_text=_("BCP 47 code of the spoken language, e.g. vi")
    )
    transcript = models.TextField(_("transcript"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
        FieldPanel("title"),
        FieldPanel("file"),
        FieldPanel("recorded_on"),
        FieldPanel("transcript"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
