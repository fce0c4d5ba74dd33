"""Inside a Django process (settings from the environment), for opendata_harvest.py; not run directly.

_opendata_driver.py generate N   N published records (3/4 sites, 1/4 artefacts; 30 % also in English)
                                 written as rows copied from one record published by the editor's
                                 path (add_child + publish), then their open-data state synced in bulk
_opendata_driver.py measure WHAT  WHAT = oai | api | bare: one full walk; a JSON line with
                                 records, seconds, per-page times and this process's peak RSS
"""

import json
import random
import resource
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from lxml import etree  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402

from catalogue.models import ArtefactIndexPage, ArtefactPage, HomePage, SiteIndexPage, SitePage  # noqa: E402
from opendata.models import RecordState  # noqa: E402

PLACES = (Path(__file__).parent / "place_names.txt").read_text(encoding="utf-8").splitlines()
PAGE = 100


def _row(table, pk_column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {pk_column} = %s", [pk])  # noqa: S608 - fixed names
        columns = [c[0] for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def _insert(table, rows):
    columns = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[c] for c in columns] for row in rows])


def _path(parent_path, number):
    digits, alphabet = "", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _ in range(4):
        number, rest = divmod(number, 36)
        digits = alphabet[rest] + digits
    return parent_path + digits


def _copies(template, index, model, count, rng, prefix, locale_id, keys=None, start=2):
    """Rows of ``count`` pages like ``template`` under ``index`` (treebeard paths computed here)."""
    page_row = _row("wagtailcore_page", "id", template.pk)
    child_table = model._meta.db_table
    child_row = _row(child_table, "page_ptr_id", template.pk)
    now = timezone.now()
    pages, children, made = [], [], []
    for n in range(count):
        number = start + n
        place = rng.choice(PLACES)
        slug = f"{prefix.lower().replace(' ', '-')}-{number}"
        key = keys[n] if keys else uuid.uuid4()
        row = {k: v for k, v in page_row.items() if k != "id"}
        row.update(
            path=_path(index.path, number),
            depth=index.depth + 1,
            numchild=0,
            title=f"{prefix} {place} {number}",
            draft_title=f"{prefix} {place} {number}",
            slug=slug,
            url_path=f"{index.url_path}{slug}/",
            translation_key=str(key).replace("-", ""),
            locale_id=locale_id,
            latest_revision_id=None,
            live_revision_id=None,
            first_published_at=now,
            last_published_at=now,
            latest_revision_created_at=now,
        )
        pages.append(row)
        made.append((row["path"], key))
    _insert("wagtailcore_page", pages)
    ids = dict(Page.objects.filter(path__in=[p for p, _k in made]).values_list("path", "id"))
    for (path, _key), n in zip(made, range(count), strict=True):
        child = dict(child_row)
        child.update(page_ptr_id=ids[path], identifier=f"{model.identifier_prefix}-{start + n:06d}")
        if model is SitePage:
            child.update(
                ranking=rng.choice(["national", "provincial", "inventoried"]), sensitive=rng.random() < 0.05
            )
        children.append(child)
    _insert(child_table, children)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    return [key for _path_, key in made]


def generate(total):
    rng = random.Random(17)
    vi, en = Locale.objects.get(language_code="vi"), Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=vi)
    en_home = home.copy_for_translation(en)
    en_home.save_revision().publish()
    made = 0
    for index_model, model, share, prefix in (
        (SiteIndexPage, SitePage, 0.75, "Di tich"),
        (ArtefactIndexPage, ArtefactPage, 0.25, "Hien vat"),
    ):
        index = home.add_child(instance=index_model(title=prefix, slug=prefix.lower().replace(" ", "-")))
        index.save_revision().publish()
        en_index = index.copy_for_translation(en)
        en_index.save_revision().publish()
        fields = {"latitude": Decimal("15.8"), "longitude": Decimal("108.3")} if model is SitePage else {}
        template = index.add_child(
            instance=model(
                title=f"{prefix} 1",
                slug=f"{prefix.lower().replace(' ', '-')}-1",
                identifier=f"{model.identifier_prefix}-000001",
                summary="Mẫu.",
                **fields,
            )
        )
        template.save_revision().publish()
        count = int(total * share) - 1
        with transaction.atomic():
            keys = _copies(template, Page.objects.get(pk=index.pk), model, count, rng, prefix, vi.pk)
            chosen = [k for k in keys if rng.random() < 0.3]
            _copies(
                template,
                Page.objects.get(pk=en_index.pk),
                model,
                len(chosen),
                rng,
                prefix + " EN",
                en.pk,
                keys=chosen,
            )
        made += count + 1
    # The state rows the sync tasks would write (one per record, datestamp = publication time).
    states, now = [], timezone.now()
    for model, name in ((SitePage, "site"), (ArtefactPage, "artefact")):
        for key, identifier in model.objects.filter(locale=vi).values_list("translation_key", "identifier"):
            states.append(
                RecordState(identifier=identifier, record_type=name, translation_key=key, datestamp=now)
            )
    RecordState.objects.all().delete()
    RecordState.objects.bulk_create(states, batch_size=5000)
    print(json.dumps({"records": made, "states": len(states)}))


def walk_oai(client):
    times, count, params = [], 0, {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    ns = {"o": "http://www.openarchives.org/OAI/2.0/"}
    while True:
        start = time.perf_counter()
        body = client.get("/oai", params).content
        times.append(time.perf_counter() - start)
        tree = etree.fromstring(body)
        count += len(tree.findall(".//o:record", ns))
        token = tree.findtext(".//o:resumptionToken", namespaces=ns)
        if not token:
            return count, times
        params = {"verb": "ListRecords", "resumptionToken": token}


def walk_api(client):
    times, count, url = [], 0, f"/api/records?size={PAGE}"
    while url:
        start = time.perf_counter()
        data = json.loads(client.get(url).content)
        times.append(time.perf_counter() - start)
        count += len(data["items"])
        url = data["next"] and data["next"].split("://", 1)[-1].split("/", 1)[-1]
        url = url and "/" + url
    return count, times


def walk_bare(_client):
    """The reference: the same rows, a page at a time by the same keyset, as plain JSON."""
    times, count, after = [], 0, None
    while True:
        start = time.perf_counter()
        states = RecordState.objects.filter(deleted=False)
        if after:
            states = states.filter(Q(datestamp__gt=after[0]) | Q(datestamp=after[0], identifier__gt=after[1]))
        rows = list(states.order_by("datestamp", "identifier")[:PAGE])
        out = []
        for model, name in ((SitePage, "site"), (ArtefactPage, "artefact")):
            keys = [r.translation_key for r in rows if r.record_type == name]
            out += list(
                model.objects.filter(translation_key__in=keys).values(
                    "identifier", "title", "summary", "locale_id"
                )
            )
        json.dumps(out, default=str)
        times.append(time.perf_counter() - start)
        count += len(rows)
        if len(rows) < PAGE:
            return count, times
        after = (rows[-1].datestamp, rows[-1].identifier)


def measure(what):
    client = Client(HTTP_HOST="127.0.0.1")
    walk = {"oai": walk_oai, "api": walk_api, "bare": walk_bare}[what]
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    count, times = walk(client)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "what": what,
                "records": count,
                "seconds": seconds,
                "pages": times,
                "rss_start": baseline,
                "rss_peak": peak,
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]))
    else:
        measure(sys.argv[2])
