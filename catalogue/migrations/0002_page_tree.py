"""Vietnamese and English locales, and the Vietnamese home page as the site root."""

from django.db import migrations


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("catalogue.HomePage")

    vi, _ = Locale.objects.get_or_create(language_code="vi")
    Locale.objects.get_or_create(language_code="en")
    # Wagtail's own first migration adds a "Welcome" page in the default locale; ours replaces it.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    Page.objects.filter(locale__language_code="en-us").update(locale=vi)
    home_type, _ = ContentType.objects.get_or_create(app_label="catalogue", model="homepage")
    home = HomePage.objects.create(
        title="Di sản Quảng Nam", draft_title="Di sản Quảng Nam", slug="home", content_type=home_type,
        path=f"{root.path}0001", depth=2, numchild=0, url_path="/home/", locale=vi, live=True,
        has_unpublished_changes=False,
        intro="Kho lưu trữ số di sản văn hóa Quảng Nam: di tích, hiện vật, di sản phi vật thể và di sản tư liệu.",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
                        site_name="Di sản Quảng Nam")


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_tree, migrations.RunPython.noop)]
