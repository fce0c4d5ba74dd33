"""The restoration archive in the Wagtail admin: events, the record's archive, alarms."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .access import VIEW_PERMISSION
from .archive.fixity import alarms
from .models import AuditEntry, DamageType, DocumentationEvent


class SealedRefusalMixin:
    """Edit and delete views that send a sealed event's editor to the correction form instead."""

    def dispatch(self, request, *args, **kwargs):
        event = DocumentationEvent.objects.filter(pk=kwargs.get("pk")).first()
        if event is not None and event.is_sealed:
            messages.error(
                request, _("This event is sealed and cannot be changed: add a correction instead.")
            )
            return redirect("restoration_correct", event_id=event.pk)
        return super().dispatch(request, *args, **kwargs)


class EventEditView(SealedRefusalMixin, generic.EditView):
    pass


class EventDeleteView(SealedRefusalMixin, generic.DeleteView):
    pass


class EventCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.created_by = self.request.user
        instance.save()
        self.form.save_m2m()
        return instance


class DocumentationEventViewSet(ModelViewSet):
    model = DocumentationEvent
    icon = "doc-full-inverse"
    menu_label = _("Documentation events")
    add_view_class = EventCreateView
    edit_view_class = EventEditView
    delete_view_class = EventDeleteView
    list_display = ["__str__", "agency", "sealed_version", Column("sealed_at", label=_("Sealed"))]
    list_filter = ["kind"]
    search_fields = ["agency", "description", "people"]
    panels = DocumentationEvent.panels


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The audit trail can be read by whoever may view it, and changed by nobody."""

    def user_has_permission(self, user, action):
        return action in ("view", "inspect") and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AuditEntry, ReadOnlyPolicy(AuditEntry))


class AuditTrailViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Audit trail")
    list_display = ["at", "action", "outcome", "agent", "record_identifier", "summary"]
    list_filter = ["action", "outcome"]
    search_fields = ["record_identifier", "summary", "agent"]
    inspect_view_enabled = True
    exclude_form_fields = []

    def get_urlpatterns(self):
        # Read only: the trail is append-only.
        return [p for p in super().get_urlpatterns() if p.name in ("index", "index_results", "inspect")]


class DamageTypeViewSet(ModelViewSet):
    model = DamageType
    icon = "warning"
    menu_label = _("Damage types")
    list_display = ["label_vi", "label_en", "key"]
    form_fields = ["key", "label_vi", "label_en", "uri"]


class RestorationGroup(ViewSetGroup):
    menu_label = _("Restoration archive")
    menu_icon = "doc-full-inverse"
    menu_order = 260
    items = (DocumentationEventViewSet, AuditTrailViewSet, DamageTypeViewSet)


@hooks.register("register_admin_viewset")
def register_restoration_viewsets():
    return RestorationGroup()


@hooks.register("register_admin_urls")
def register_restoration_urls():
    return [path("restoration/", include("restoration.urls"))]


@hooks.register("register_page_header_buttons")
def archive_button(page, user, view_name=None, next_url=None):
    specific = page.specific_class
    if getattr(specific, "has_physical_fabric", False) and user.has_perm(VIEW_PERMISSION):
        identifier = getattr(page.specific, "identifier", "")
        if identifier:
            yield PageMenuItem(
                _("Restoration archive"),
                reverse("restoration_record", args=[identifier]),
                icon_name="doc-full-inverse",
                priority=80,
                page=page,
            )


class FixityAlarmPanel(Component):
    name = "fixity_alarm"
    order = 10

    def __init__(self, entries):
        self.entries = entries

    def render_html(self, parent_context=None):
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> — {}: {}</li>',
            (
                (
                    reverse("restoration_record", args=[e.record_identifier]),
                    e.record_identifier,
                    f"{e.at:%Y-%m-%d %H:%M}",
                    e.summary,
                )
                for e in self.entries
                if e.record_identifier
            ),
        )
        return format_html(
            '<section class="help-block help-critical" role="alert">'
            "<h2>{}</h2><p>{}</p><ul>{}</ul></section>",
            _("Fixity alarm: stored files have changed or gone missing"),
            _(
                "The last fixity check found a mismatch: do not seal or export these records until it is "
                "explained."
            ),
            items,
        )


@hooks.register("construct_homepage_panels")
def add_fixity_alarm(request, panels):
    if request.user.has_perm(VIEW_PERMISSION) and (entries := alarms()):
        panels.insert(0, FixityAlarmPanel(entries))
