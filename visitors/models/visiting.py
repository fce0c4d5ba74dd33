"""Visiting information of a place: a heritage site or a holding institution (a museum).

Language-neutral facts (hours, prices, contact, when and where they were checked) live on
``VisitingInfo``; the sentences a visitor reads (facilities, accessibility, rules, directions) in
one ``VisitingText`` row per language.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from images.text import NFCTextMixin

from .. import hours
from .languages import language_choices, pick_text

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class VisitingInfo(NFCTextMixin, ClusterableModel):
    site = models.ForeignKey(
        "catalogue.SitePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("heritage site"),
        help_text=_("Any language version of the site; every version shows this information."),
    )
    institution = models.OneToOneField(
        "catalogue.Institution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="visiting_info",
        verbose_name=_("holding institution"),
    )
    visit_minutes_min = models.PositiveSmallIntegerField(
        _("typical visit from (minutes)"), null=True, blank=True
    )
    visit_minutes_max = models.PositiveSmallIntegerField(
        _("typical visit to (minutes)"), null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    checked_on = models.DateField(
        _("checked on"), null=True, blank=True, help_text=_("When hours and prices were last checked")
    )
    sources = models.TextField(_("sources"), blank=True, help_text=_("Published sources, one per line"))
    unverified_facts = models.CharField(
        _("unverified facts"),
        max_length=500,
        blank=True,
        help_text=_("Values not confirmed by two published sources; shown to visitors as a caution."),
    )

    panels = [
        FieldRowPanel([FieldPanel("site"), FieldPanel("institution")]),
        InlinePanel("periods", label=_("Opening hours"), heading=_("Opening hours")),
        InlinePanel("exceptions", label=_("Exceptions"), heading=_("Days with other hours")),
        InlinePanel("tickets", label=_("Tickets"), heading=_("Tickets and prices")),
        InlinePanel("texts", label=_("Texts"), heading=_("Facilities, accessibility, rules, directions")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("visit_minutes_min"), FieldPanel("visit_minutes_max")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
                FieldPanel("address"),
            ],
            heading=_("Visit and contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("checked_on"), FieldPanel("sources"), FieldPanel("unverified_facts")],
            heading=_("Sources"),
        ),
    ]

    class Meta:
        verbose_name = _("visiting information")
        verbose_name_plural = _("visiting information")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(site__isnull=False, institution__isnull=True)
                | models.Q(site__isnull=True, institution__isnull=False),
                name="visitors_visitinginfo_one_place",
            )
        ]

    def __str__(self):
        place = self.site or self.institution
        return gettext("Visiting information: %(place)s") % {"place": place}

    def clean(self):
        super().clean()
        if bool(self.site_id) == bool(self.institution_id):
            raise ValidationError(gettext("Choose either a heritage site or a holding institution."))
        if self.site_id:
            clash = VisitingInfo.objects.filter(site__translation_key=self.site.translation_key).exclude(
                pk=self.pk
            )
            if clash.exists():
                raise ValidationError(
                    {"site": gettext("This site already has visiting information; edit that one.")}
                )
        low, high = self.visit_minutes_min, self.visit_minutes_max
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"visit_minutes_max": gettext("The longest visit cannot be shorter than the shortest.")}
            )

    @classmethod
    def for_site(cls, page):
        return cls.objects.filter(site__translation_key=page.translation_key).first()

    @property
    def place_name(self):
        if self.site_id:
            return self.site.localized.title
        return self.institution.label

    def location(self):
        """(lat, lon) a visitor can be sent to: the site's public point or the institution's place."""
        if self.site_id:
            return self.site.public_location()
        if self.institution.latitude is not None and self.institution.longitude is not None:
            return float(self.institution.latitude), float(self.institution.longitude)
        return None

    def opening_state(self, moment=None):
        periods = [period.as_period() for period in self.periods.all()]
        exceptions = [exception.as_exception() for exception in self.exceptions.all()]
        return hours.opening_state(periods, exceptions, moment or timezone.now())

    def text(self, language=None):
        return pick_text(list(self.texts.all()), language)


class OpeningPeriod(Orderable):
    info = ParentalKey(VisitingInfo, on_delete=models.CASCADE, related_name="periods")
    start_month = models.PositiveSmallIntegerField(_("season starts (month)"), default=1)
    start_day = models.PositiveSmallIntegerField(_("season starts (day)"), default=1)
    end_month = models.PositiveSmallIntegerField(_("season ends (month)"), default=12)
    end_day = models.PositiveSmallIntegerField(_("season ends (day)"), default=31)
    weekdays = models.CharField(
        _("weekdays"), max_length=20, default="0123456", help_text=_("Digits of the open days, Monday = 0")
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("Earlier than opening means after midnight"))

    panels = [
        FieldRowPanel(
            [
                FieldPanel("start_month"),
                FieldPanel("start_day"),
                FieldPanel("end_month"),
                FieldPanel("end_day"),
            ]
        ),
        FieldRowPanel([FieldPanel("weekdays"), FieldPanel("opens"), FieldPanel("closes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")

    def clean(self):
        errors = {}
        for month_field, day_field in (("start_month", "start_day"), ("end_month", "end_day")):
            month, day = getattr(self, month_field), getattr(self, day_field)
            if not 1 <= month <= 12:
                errors[month_field] = gettext("Give a month from 1 to 12.")
            elif not 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
                errors[day_field] = gettext("This month has no such day.")
        if not self.weekdays or any(ch not in "0123456" for ch in self.weekdays):
            errors["weekdays"] = gettext(
                "Give the open days as digits 0 (Monday) to 6 (Sunday), e.g. 0123456."
            )
        if errors:
            raise ValidationError(errors)

    def as_period(self):
        return hours.Period(
            opens=self.opens,
            closes=self.closes,
            weekdays=frozenset(int(ch) for ch in self.weekdays if ch.isdigit()),
            start=(self.start_month, self.start_day),
            end=(self.end_month, self.end_day),
        )

    @property
    def all_year(self):
        return (self.start_month, self.start_day, self.end_month, self.end_day) == (1, 1, 12, 31)

    @property
    def every_day(self):
        return set(self.weekdays) == set("0123456")

    def weekday_names(self):
        return [str(name) for number, name in WEEKDAYS if str(number) in self.weekdays]


class OpeningException(Orderable):
    info = ParentalKey(VisitingInfo, on_delete=models.CASCADE, related_name="exceptions")
    day = models.DateField(_("day"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note_vi = models.CharField(_("note (Vietnamese)"), max_length=255, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=255, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("exception")

    def clean(self):
        if not self.closed and (self.opens is None or self.closes is None):
            raise ValidationError(gettext("Give the hours of that day, or tick “closed all day”."))

    def as_exception(self):
        return hours.Exception_(
            day=self.day, closed=self.closed, opens=self.opens, closes=self.closes, note=self.note
        )

    @property
    def note(self):
        from django.utils.translation import get_language

        return self.note_vi if (get_language() or "vi") == "vi" else (self.note_en or self.note_vi)


class TicketCategory(models.TextChoices):
    STANDARD = "standard", _("Entrance ticket")
    INTERNATIONAL = "international", _("International visitors")
    DOMESTIC = "domestic", _("Vietnamese visitors")
    STUDENT = "student", _("Students")
    CHILD = "child", _("Children")
    GUIDE = "guide", _("Guide (per group)")


class Ticket(Orderable):
    info = ParentalKey(VisitingInfo, on_delete=models.CASCADE, related_name="tickets")
    category = models.CharField(_("who"), max_length=20, choices=TicketCategory.choices)
    price_vnd = models.PositiveIntegerField(
        _("price (VND)"), null=True, blank=True, help_text=_("0 for free")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("ticket")


class VisitingText(NFCTextMixin, Orderable):
    info = ParentalKey(VisitingInfo, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=language_choices, default="vi")
    tickets_note = models.TextField(_("what the ticket includes"), blank=True)
    directions = models.TextField(_("how to get there"), blank=True)
    facilities = models.TextField(_("facilities"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    rules = models.TextField(
        _("rules"), blank=True, help_text=_("e.g. dress covering shoulders and knees at temples")
    )
    machine_translated = models.BooleanField(_("machine translated"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("text")
        constraints = [
            models.UniqueConstraint(
                fields=["info", "language"], name="visitors_visitingtext_one_per_language"
            )
        ]
