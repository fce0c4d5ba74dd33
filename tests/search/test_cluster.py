"""A two-node cluster (bin/search-engine start ENGINE --nodes 2, one replica) keeps answering when a
node stops while a reader searches and a curator publishes, and loses nothing that was published.

The index is created with every primary shard on node 2, the replicas on node 1, so stopping node 2
takes every primary away: node 1 must promote its replicas and take the writes. (Node 1 is the only
master-eligible node: a two-node cluster cannot survive losing its elected master, see
docs/search-engine.md.)
"""

import os
import threading
import time

import pytest
from django.test import TestCase
from wagtail.search.backends import get_search_backend

from search import service
from search.backends.engine import EngineFacetedSearch
from search.models import SearchDocument
from search.params import parse_search_params
from search.views import FACET_NAMES
from tests import factories
from tests.conftest import running_engine, search_engine

from .conftest import ENGINES, Backend, drop_indices, use_engine
from .test_search import Params, identifiers

pytestmark = pytest.mark.django_db

# Its own ports (HTTP PORT and PORT+1, transport +100), so it never meets the single nodes.
CLUSTER_PORT = int(os.environ.get("SEARCH_CLUSTER_PORT", "9230"))


def cluster_env(engine):
    prefix = engine.upper()
    env = {key: value for key, value in os.environ.items() if not key.startswith(f"{prefix}_")}
    env.update({f"{prefix}_PORT": str(CLUSTER_PORT), f"{prefix}_NODES": "2"})
    return env


@pytest.fixture(params=ENGINES)
def cluster(request, settings):
    env = cluster_env(request.param)
    with running_engine(request.param, env=env) as urls:
        service.reset_engine_state()
        # Every primary on node 2 first; the replicas go to node 1 once the rule is lifted.
        # Creating an index on two nodes of a busy 2-core machine can outlast the 5 s of production.
        prefix = use_engine(settings, request.param, urls, INDEX_SETTINGS=ON_NODE_2, TIMEOUT=30)
        es = get_search_backend().es
        index = get_search_backend().get_index_for_model(SearchDocument).name
        es.indices.put_settings(index=index, body={"index.routing.allocation.require._name": None})
        cluster = Cluster(request.param, env, es, index)
        cluster.wait_for_green()
        yield cluster
        drop_indices(prefix)


ON_NODE_2 = {"settings": {"index": {"number_of_shards": 2, "number_of_replicas": 1}}}
ON_NODE_2["settings"]["index"]["routing.allocation.require._name"] = "node-2"


class Cluster(Backend):
    def __init__(self, name, env, es, index):
        super().__init__(name)
        self.env, self.es, self.index = env, es, index

    def node(self, command, node):
        done = search_engine(command, self.name, "--node", str(node), env=self.env)
        assert done.returncode == 0, done.stderr

    def shards(self):
        """{(shard, "p" or "r"): node} of the index."""
        rows = self.es.cat.shards(index=self.index, format="json", h="shard,prirep,state,node")
        rows = getattr(rows, "body", rows)
        return {(row["shard"], row["prirep"]): row["node"] for row in rows if row["state"] == "STARTED"}

    def health(self):
        health = self.es.cluster.health(index=self.index)
        return getattr(health, "body", health)

    def wait_for_green(self, seconds=120):
        # Polled: a long wait_for_status would outlast the clients' 5 s request timeout.
        deadline = time.monotonic() + seconds
        while (health := self.health())["status"] != "green" or health["relocating_shards"]:
            assert time.monotonic() < deadline, health
            time.sleep(0.5)

    def count_on(self, node):
        """Documents in the copies held by ``node`` (every shard has a copy on each node)."""
        counted = self.es.count(index=self.index, preference=f"_only_nodes:{node}")
        return counted["count"]


def test_search_keeps_answering_and_nothing_published_is_lost_when_a_node_stops(cluster, indexes):
    assert cluster.shards() == {
        ("0", "p"): "node-2",
        ("1", "p"): "node-2",
        ("0", "r"): "node-1",
        ("1", "r"): "node-1",
    }
    with cluster.publishing():
        for n in range(10):
            factories.site(indexes, title=f"Tháp Chăm {n}", slug=f"thap-{n}", identifier=f"QN-DT-{n:04d}")

    search = EngineFacetedSearch(get_search_backend())
    searches = search.searches(parse_search_params(Params({"q": "thap cham"}), FACET_NAMES), "and")
    answers, failures, stop = [], [], threading.Event()

    def reader():
        # A visitor's search, straight at the engine, as fast as it answers.
        while not stop.is_set():
            try:
                hits, _counts = get_search_backend().msearch_raw(cluster.index, searches, 5)
                assert "error" not in hits, hits
                answers.append((time.monotonic(), hits["hits"]["total"]["value"]))
            except Exception as error:  # every failure is the finding
                failures.append(repr(error))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        time.sleep(0.5)
        stopping = threading.Thread(target=cluster.node, args=("stop", 2))
        stopping.start()
        published = 10

        def publish_and_search():
            nonlocal published
            with TestCase.captureOnCommitCallbacks(execute=True):
                factories.site(
                    indexes,
                    title=f"Tháp Chăm {published}",
                    slug=f"thap-{published}",
                    identifier=f"QN-DT-{published:04d}",
                )
            published += 1
            result = service.search(parse_search_params(Params({"q": "thap cham", "size": 50}), FACET_NAMES))
            service.reset_engine_state()
            return result.degraded

        # The curator keeps publishing while node 2 goes away and node 1 takes over its shards.
        while stopping.is_alive() or published < 20:
            publish_and_search()
        stopping.join()
        assert cluster.health()["number_of_nodes"] == 1
        assert set(cluster.shards().values()) == {"node-1"}  # the replicas were promoted
        # Once node 1 holds every primary, publishing and searching go on from the engine, not the
        # fallback. (How long the switch-over itself takes depends on the machine's load.)
        degraded_after = [publish_and_search() for _ in range(3)]
        assert not any(degraded_after), degraded_after
        cluster.refresh()
        result = service.search(parse_search_params(Params({"q": "thap cham", "size": 50}), FACET_NAMES))
        assert not result.degraded  # from the engine, not the fallback, once re-routed
        assert result.total == published
    finally:
        stop.set()
        thread.join()

    assert failures == []  # every search the reader sent was answered
    assert len(answers) > 20

    # Node 2 returns: its copies catch up with what was published while it was away.
    cluster.node("start", 2)
    cluster.wait_for_green()
    assert cluster.count_on("node-2") == cluster.count_on("node-1") == published
    cluster.refresh()
    result = service.search(parse_search_params(Params({"q": "thap cham", "size": 50}), FACET_NAMES))
    assert not result.degraded
    assert sorted(identifiers(result)) == [f"QN-DT-{n:04d}" for n in range(published)]
