"""Couplings import-linter cannot see: URL names in templates, and templates shadowing another app's.

The layers are read from the import-linter contract in pyproject.toml, so the two checks agree.
"""

import re
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, resolve, reverse

ROOT = Path(settings.BASE_DIR)
URL_TAG = re.compile(r"""\{%\s*url\s+["']([\w:-]+)["']""")


def layer_rank():
    """package → its layer's rank (0 = lowest), from the "layers" contract in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["type"] == "layers")
    ranks = {}
    for rank, layer in enumerate(reversed(contract["layers"])):
        for name in re.split(r"[|:]", layer):
            ranks[name.strip().strip("()")] = rank
    return ranks


def project_apps():
    ranks = layer_rank()
    return [app for app in apps.get_app_configs() if app.name in ranks]


def template_files(app_dir):
    folder = Path(app_dir) / "templates"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def url_owner(name):
    """The project package whose view a URL name reaches, or None for third-party views."""
    try:
        path = reverse(name)
    except NoReverseMatch:
        return None  # needs arguments: the namespace tells (``iiif:image_info`` → iiif)
    module = resolve(path).func.__module__
    return module.split(".")[0]


def owner_of(name):
    ranks = layer_rank()
    if ":" in name and name.split(":")[0] in ranks:
        return name.split(":")[0]
    owner = url_owner(name)
    if owner is None and ":" in name:
        namespace = name.split(":")[0]
        owner = next((p for p in ranks if namespace.startswith(p)), None)
    return owner if owner in ranks else None


def test_layers_contract_lists_every_project_app():
    ranks = layer_rank()
    local = {app.name for app in apps.get_app_configs() if Path(app.path).parent == ROOT}
    assert local <= set(ranks), f"apps missing from the import-linter layers: {local - set(ranks)}"


def test_templates_name_urls_only_of_their_own_or_lower_layers():
    ranks = layer_rank()
    wrong = []
    for app in project_apps():
        for template in template_files(app.path):
            for name in URL_TAG.findall(template.read_text(encoding="utf-8")):
                owner = owner_of(name)
                if owner is None or owner == app.name:
                    continue
                if ranks[owner] >= ranks[app.name]:
                    wrong.append(f"{template.relative_to(ROOT)} names {name!r} of {owner}")
    assert not wrong, "templates coupled to an app in the same or a higher layer:\n" + "\n".join(wrong)


def test_the_url_check_would_catch_a_catalogue_template_naming_the_map():
    ranks = layer_rank()
    assert owner_of("relic_map") == "relic_map" and ranks["relic_map"] > ranks["catalogue"]
    assert owner_of("iiif:viewer") == "iiif" and ranks["iiif"] > ranks["catalogue"]


# Wagtail templates (never a project app's) that an app overrides, each for a stated reason:
# Wagtail hard-codes "Search" and "Actions" in English there, and curators work in Vietnamese.
THIRD_PARTY_OVERRIDES = {
    "cataloguing": {"wagtailadmin/home.html", "wagtailadmin/shared/headers/_actions.html"},
}


def test_no_app_overrides_another_apps_templates():
    """Each app keeps its templates under a folder of its own name; only the project (heritage_site)
    has top-level templates (base.html, 404.html, 500.html)."""
    wrong = []
    seen = {}
    for app in project_apps():
        for template in template_files(app.path):
            relative = template.relative_to(Path(app.path) / "templates").as_posix()
            if relative in seen:
                wrong.append(f"{relative} is in both {seen[relative]} and {app.name}")
            seen[relative] = app.name
            if app.name == "heritage_site":
                continue
            if relative in THIRD_PARTY_OVERRIDES.get(app.name, ()):
                continue
            if relative.split("/")[0] != app.label and relative.split("/")[0] != app.name:
                wrong.append(f"{app.name} has {relative}, outside templates/{app.name}/")
    assert not wrong, "\n".join(wrong)
    for folder in settings.TEMPLATES[0]["DIRS"]:
        shadowing = [
            p for p in Path(folder).rglob("*.html") if p.relative_to(folder).parts[0] in layer_rank()
        ]
        assert not shadowing, f"project templates shadow app templates: {shadowing}"
