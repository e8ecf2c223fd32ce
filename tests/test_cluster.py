"""The Dask path gives exactly the local results, and workers build hazm once."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from conftest import SEEDS
from helpers import CorpusError, load_corpus
from helpers.topics.coverage import measure_coverage
from helpers.synthetic import build_corpus

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")

SECOND = SEEDS.parent / "tests" / "data" / "second_corpus"


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic")
    build_corpus(root, 150)
    return root


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """Text files in three encodings, a binary file, an empty one, and a table with a bad row."""
    root = tmp_path_factory.mktemp("messy")
    text = (SEEDS / "000_871be342d87c0a10.txt").read_text(encoding="utf-8")
    (root / "utf8.txt").write_text(text, encoding="utf-8")
    (root / "cp1256.txt").write_bytes(text.replace("\u200c", " ").encode("cp1256", errors="replace"))
    (root / "bom16.txt").write_bytes(text.encode("utf-16"))
    (root / "scan.txt").write_bytes(b"%PDF-1.4" + bytes(20))
    (root / "empty.txt").write_bytes(b"")
    (root / "sub").mkdir()
    (root / "sub" / "rows.csv").write_text("id,text\nx1,صادرات نفت به چین\nx1,تکراری\n,\n", encoding="utf-8")
    return root


def _corpus_path(name, synthetic, messy):
    return {"seeds": SEEDS, "second": SECOND, "synthetic": synthetic, "messy": messy}[name]


CORPORA = ["seeds", "second", "synthetic", "messy"]


@pytest.mark.parametrize("name", CORPORA)
def test_load_corpus_on_the_cluster_equals_local(name, client, synthetic, messy):
    path = _corpus_path(name, synthetic, messy)
    local = load_corpus(path, cache=False, workers=1)
    remote = load_corpus(path, cache=False, client=client)
    pd.testing.assert_frame_equal(local.documents, remote.documents)
    pd.testing.assert_frame_equal(local.sentences, remote.sentences)
    pd.testing.assert_frame_equal(local.skipped, remote.skipped)


@pytest.mark.parametrize("name", CORPORA)
def test_measure_coverage_on_the_cluster_equals_local(name, client, synthetic, messy):
    corpus = load_corpus(_corpus_path(name, synthetic, messy), cache=False, workers=1)
    local = measure_coverage(corpus, cache=False, workers=1)
    remote = measure_coverage(corpus, cache=False, client=client)
    pd.testing.assert_frame_equal(local.mentions, remote.mentions)


@pytest.mark.parametrize("name", CORPORA)
def test_cluster_coverage_equals_local(name, client, synthetic, messy):
    from helpers.cluster import cluster_coverage

    path = _corpus_path(name, synthetic, messy)
    local = measure_coverage(load_corpus(path, cache=False, workers=1), cache=False, workers=1)
    remote = cluster_coverage(path, client=client)
    pd.testing.assert_frame_equal(local.summary(), remote.summary())
    pd.testing.assert_frame_equal(local.document_topics(), remote.document_topics)
    pd.testing.assert_frame_equal(local.corpus.skipped, remote.skipped)
    columns = ["doc_id", "path", "source", "date", "n_tokens", "n_sentences"]
    pd.testing.assert_frame_equal(local.corpus.documents[columns], remote.documents)
    assert local.summary()["mentions"].sum() > 0


def test_every_worker_builds_the_pipeline_once(client, synthetic):
    from helpers.cluster import cluster_coverage

    load_corpus(synthetic, cache=False, client=client)
    cluster_coverage(synthetic, client=client)

    def builds() -> int:
        from helpers.corpus.normalization import get_pipeline

        return get_pipeline.cache_info().misses

    counts = client.run(builds)
    assert len(counts) == 2 and set(counts.values()) == {1}


def test_a_scheduler_address_works_like_a_client(client):
    address = client.scheduler.address
    assert address.startswith("tcp://")
    try:
        remote = load_corpus(SEEDS, cache=False, client=address)
    finally:  # the client made from the address must not outlive this cluster
        from helpers.compute.dask import connected_clients

        for made in connected_clients().values():
            made.close()
        connected_clients().clear()
    pd.testing.assert_frame_equal(load_corpus(SEEDS, cache=False).documents, remote.documents)


def test_without_dask_the_error_is_one_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(CorpusError, match=r"pip install 'persian-news-coverage\[dask\]'") as info:
        load_corpus(SEEDS, cache=False, client="tcp://127.0.0.1:1")
    assert "\n" not in str(info.value)


def test_an_unreachable_scheduler_is_a_one_line_error():
    with pytest.raises(CorpusError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9") as info:
        load_corpus(SEEDS, cache=False, client="tcp://127.0.0.1:9")
    assert "\n" not in str(info.value)


def test_the_command_line_runs_on_the_cluster(client, tmp_path):
    import subprocess

    address = client.scheduler.address
    for name, extra in (("local.csv", []), ("cluster.csv", ["--scheduler", address])):
        subprocess.run(
            [sys.executable, "-m", "helpers", "coverage", str(SEEDS), "--no-cache", "--output", str(tmp_path / name), *extra],
            check=True, capture_output=True,
        )  # fmt: skip
    assert (tmp_path / "local.csv").read_bytes() == (tmp_path / "cluster.csv").read_bytes()


def test_not_a_client_is_a_type_error():
    from helpers.compute.dask import connect

    with pytest.raises(TypeError, match="distributed.Client or a scheduler address"):
        connect(42)


def test_missing_path_on_the_cluster(client, tmp_path):
    from helpers.cluster import cluster_coverage

    with pytest.raises(CorpusError, match="no such file or folder"):
        cluster_coverage(tmp_path / "nowhere", client=client)


def _server(greeting: bytes | None, *, close: bool = False):
    """A local TCP server that sends ``greeting`` (or nothing) to each
    connection, then holds it open (a silent server hangs a client) or closes it."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        held = []
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            if greeting is not None:
                connection.sendall(greeting)
            if close:
                connection.close()
            else:
                held.append(connection)
        for connection in held:
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener, stop


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("notanaddress", "not a Dask scheduler address: 'notanaddress' (expected tcp://HOST:PORT)"),
        ("tcp://127.0.0.1:notaport", "not a Dask scheduler address"),
        ("tls://127.0.0.1:8786", "tls:// scheduler addresses need settings this tool does not make"),
        ("tcp://127.0.0.1:1", "cannot reach the Dask scheduler at tcp://127.0.0.1:1"),
    ],
)
def test_bad_scheduler_addresses_are_one_line(address, message):
    import re
    import time

    start = time.monotonic()
    with pytest.raises(CorpusError, match=re.escape(message)) as info:
        load_corpus(SEEDS, cache=False, client=address)
    assert "\n" not in str(info.value) and time.monotonic() - start < 10


@pytest.mark.parametrize(
    ("greeting", "close", "message"),
    [
        (None, False, "no Dask scheduler answered at .* within 3 s"),  # an HTTP server waits for a request
        (b"SSH-2.0-OpenSSH_9.2\r\n" * 4, False, "it answers in another protocol"),
        (b"\xff" * 64, False, "it answers in another protocol"),  # read as a length: 2.82 EiB
        (b"x", True, "the connection closed without a greeting"),
    ],
)
def test_a_port_speaking_another_protocol_is_one_line_in_bounded_time(greeting, close, message):
    import time

    listener, stop = _server(greeting, close=close)
    address = "tcp://127.0.0.1:%d" % listener.getsockname()[1]
    try:
        start = time.monotonic()
        with pytest.raises(CorpusError, match=message) as info:
            load_corpus(SEEDS, cache=False, client=address)
        assert "\n" not in str(info.value) and time.monotonic() - start < 10
    finally:
        stop.set()
        listener.close()


def test_stop_client_closes_the_local_cluster_without_the_nanny_warning(caplog):
    from helpers.cluster import start_client, stop_client

    client = start_client(None, n_workers=1)
    cluster = client.cluster
    with caplog.at_level("WARNING", logger="distributed.nanny"):
        assert stop_client(client) == "closed"
    assert cluster.status.name == "closed"
    assert not [r for r in caplog.records if "still alive" in r.getMessage()]
