"""A real OAI-PMH harvester (oaipmh-scythe, from PyPI) harvests the repository end to end over
HTTP from a live server: every record in both formats through resumption tokens, and a
deletion picked up by an incremental harvest."""

import datetime as dt

import pytest
from django.test import TestCase
from oaipmh_scythe import Scythe
from oaipmh_scythe.exceptions import CannotDisseminateFormat

from opendata.oai import repository
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records():
    home = factories.ensure_site_tree()
    indexes = factories.make_indexes(home)
    with TestCase.captureOnCommitCallbacks(execute=True):
        sites = [
            factories.site(indexes, title=f"Di tích {n}", slug=f"di-tich-{n}", identifier=f"QN-DT-{n:04d}")
            for n in range(1, 8)
        ]
        artefacts = [
            factories.artefact(
                indexes, title=f"Hiện vật {n}", slug=f"hien-vat-{n}", identifier=f"QN-HV-{n:04d}"
            )
            for n in range(1, 4)
        ]
    return sites, artefacts


def test_scythe_harvests_everything_then_only_what_changed(live_server, records, monkeypatch):
    monkeypatch.setattr(repository, "PAGE_SIZE", 3)  # several pages: resumption tokens are used
    sites, _artefacts = records
    with Scythe(f"{live_server.url}/oai") as scythe:
        identify = scythe.identify()
        assert identify.deletedRecord == "persistent" and identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
        harvested = list(scythe.list_records(metadata_prefix="oai_dc"))
        assert len(harvested) == 10
        titles = {r.header.identifier.rsplit(":", 1)[-1]: r.metadata["title"] for r in harvested}
        assert titles["QN-DT-0007"] == ["Di tích 7"] and titles["QN-HV-0002"] == ["Hiện vật 2"]
        lido = list(scythe.list_records(metadata_prefix="lido"))
        assert sorted(r.header.identifier.rsplit(":", 1)[-1] for r in lido) == [
            "QN-HV-0001",
            "QN-HV-0002",
            "QN-HV-0003",
        ]
        with pytest.raises(CannotDisseminateFormat):
            scythe.get_record(
                identifier=f"oai:heritage.localhost:{sites[0].identifier}", metadata_prefix="lido"
            )
        harvest_time = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=1)
        sets = [s.setSpec for s in scythe.list_sets()]
        assert sets == ["site", "artefact", "intangible", "documentary"]

        import time

        time.sleep(1.1)  # the next change falls in a later second than the harvest
        sites[2].unpublish()  # autocommit: the sync runs at once
        sites[3].save_revision().publish()
        since = harvest_time.strftime("%Y-%m-%dT%H:%M:%SZ")
        changed = list(scythe.list_identifiers(metadata_prefix="oai_dc", from_=since))
        assert {(h.identifier.rsplit(":", 1)[-1], h.deleted) for h in changed} == {
            ("QN-DT-0003", True),
            ("QN-DT-0004", False),
        }
        kept = list(scythe.list_records(metadata_prefix="oai_dc", ignore_deleted=True))
        assert len(kept) == 9
