"""`rag fetch` against a local Europe PMC look-alike on loopback: success, 404, timeout, garbage."""

from __future__ import annotations

import json
import threading
import tomllib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest
from fixture_docs import JATS_DOI, jats_article

import rag.adapters.cli
from rag.adapters.cli import fetch_command
from rag.errors import FetchError, StoreUnavailableError
from rag.index.corpus import OutsideFolderError, prefer_full_text, read_corpus
from rag.index.fetch import fetch
from rag.index.loaders import load_document
from rag.settings import Settings
from rag.types import IngestReport

MANIFEST = f"""# The documents the assistant answers from.

[[documents]]
id = "shan2024"
title = "Abstract page"
doi = "{JATS_DOI}"
file = "page.txt"
format = "txt"
"""
SEARCH_HIT = {"hitCount": 1, "resultList": {"result": [{"id": "1", "pmcid": "PMC1234567", "doi": JATS_DOI}]}}
Reply = tuple[int, str, bytes]  # status, content type, body


class Server:
    """Routes by path ending; a route may answer, or wait on `release` (a request that hangs)."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[], Reply] | Reply] = {}
        self.release = threading.Event()
        self.requests: list[str] = []
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/rest"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                url = urlparse(self.path)
                server.requests.append(url.path + ("?" + url.query if url.query else ""))
                route = next((r for key, r in server.routes.items() if url.path.endswith(key)), None)
                if route == "hang":
                    server.release.wait(5)
                    return
                status, kind, body = route() if callable(route) else route or (404, "text/plain", b"not found")
                if url.path.endswith("/search"):
                    assert parse_qs(url.query)["query"] == [f'DOI:"{JATS_DOI}"']
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture()
def server() -> Iterator[Server]:
    srv = Server()
    srv.thread.start()
    yield srv
    srv.release.set()
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # loopback must not go through a proxy
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    (folder / "page.txt").write_text("Abstract only.\n", encoding="utf-8")
    return folder


def _settings(corpus: Path, server: Server, tmp_path: Path) -> Settings:
    return Settings(
        corpus_dir=corpus,
        data_dir=tmp_path / "data",
        fetch_base_url=server.base,
        fetch_timeout_s=0.3,
        fetch_retries=1,
        fetch_backoff_s=0,
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _json(data: object) -> Reply:
    return 200, "application/json", json.dumps(data).encode()


def _xml(text: str) -> Reply:
    return 200, "application/xml", text.encode()


def test_fetch_stores_the_full_text_with_provenance(corpus: Path, server: Server, tmp_path: Path) -> None:
    server.routes = {"/search": _json(SEARCH_HIT), "/PMC1234567/fullTextXML": _xml(jats_article())}
    [path] = fetch(_settings(corpus, server, tmp_path))
    assert path == corpus / "shan2024-full.xml"
    text = (corpus / "manifest.toml").read_text(encoding="utf-8")
    assert text.startswith("# The documents the assistant answers from.")  # comments kept
    entries = tomllib.loads(text)["documents"]
    assert [e["id"] for e in entries] == ["shan2024", "shan2024-full"]
    new = entries[1]
    assert (new["doi"], new["format"], new["full_text"], new["pmcid"]) == (JATS_DOI, "jats", True, "PMC1234567")
    assert new["source_url"] == f"{server.base}/PMC1234567/fullTextXML"
    assert len(new["sha256"]) == 64 and new["fetched"].endswith("Z")
    assert new["title"] == "Vesicles in therapy resistance" and new["licence"] == "CC BY 4.0"
    assert not [p for p in corpus.iterdir() if p.name.startswith(".fetch-")]


def test_fetched_full_text_replaces_the_abstract(corpus: Path, server: Server, tmp_path: Path) -> None:
    server.routes = {"/search": _json(SEARCH_HIT), "/PMC1234567/fullTextXML": _xml(jats_article())}
    fetch(_settings(corpus, server, tmp_path))
    documents = [load_document(e.path, e.meta) for e in read_corpus(corpus)]
    assert [d.doc_id for d in prefer_full_text(documents)] == ["shan2024-full"]


def test_fetch_again_replaces_its_own_entry(corpus: Path, server: Server, tmp_path: Path) -> None:
    server.routes = {"/search": _json(SEARCH_HIT), "/PMC1234567/fullTextXML": _xml(jats_article())}
    settings = _settings(corpus, server, tmp_path)
    fetch(settings, JATS_DOI)
    fetch(settings, f"https://doi.org/{JATS_DOI}")
    entries = tomllib.loads((corpus / "manifest.toml").read_text(encoding="utf-8"))["documents"]
    assert [e["id"] for e in entries] == ["shan2024", "shan2024-full"]


def test_a_manifest_id_cannot_write_outside_the_corpus(corpus: Path, server: Server, tmp_path: Path) -> None:
    manifest = MANIFEST.replace('id = "shan2024"', 'id = "../../escaped"')
    (corpus / "manifest.toml").write_text(manifest, encoding="utf-8")
    server.routes = {"/search": _json(SEARCH_HIT), "/PMC1234567/fullTextXML": _xml(jats_article())}
    before = _snapshot(corpus)
    with pytest.raises(OutsideFolderError, match="outside the folder"):
        fetch(_settings(corpus, server, tmp_path))
    assert _snapshot(corpus) == before
    assert not list(tmp_path.rglob("escaped-full.xml"))


def test_server_errors_are_retried(corpus: Path, server: Server, tmp_path: Path) -> None:
    answers = iter([(503, "text/plain", b"busy"), _json(SEARCH_HIT)])
    server.routes = {"/search": lambda: next(answers), "/PMC1234567/fullTextXML": _xml(jats_article())}
    fetch(_settings(corpus, server, tmp_path))
    assert sum(1 for r in server.requests if "/search" in r) == 2


FAILURES = {
    "no open-access text (404)": ({"/search": _json(SEARCH_HIT)}, "no open-access full text for PMC1234567"),
    "unknown DOI": ({"/search": _json({"resultList": {"result": []}})}, "no record of this DOI"),
    "not in PMC": ({"/search": _json({"resultList": {"result": [{"id": "1"}]}})}, "no open-access copy"),
    "garbage search": ({"/search": (200, "text/html", b"<html>maintenance</html>")}, "not its JSON"),
    "garbage XML": (
        {"/search": _json(SEARCH_HIT), "/fullTextXML": _xml("<html><body>oops")},
        "is not JATS XML",
    ),
    "XML without body": (
        {"/search": _json(SEARCH_HIT), "/fullTextXML": _xml(jats_article(body=False))},
        "has no body",
    ),
    "server error": ({"/search": (500, "text/plain", b"boom")}, "answered HTTP 500"),
    "timeout": ({"/search": "hang"}, r"did not answer within 0\.3 s \(2 tries\)"),
}


@pytest.mark.parametrize("case", FAILURES, ids=list(FAILURES))
def test_failures_change_nothing(corpus: Path, server: Server, tmp_path: Path, case: str) -> None:
    routes, message = FAILURES[case]
    server.routes = dict(routes)  # type: ignore[arg-type]
    before = _snapshot(corpus)
    with pytest.raises(FetchError, match=message) as info:
        fetch(_settings(corpus, server, tmp_path))
    assert "\n" not in str(info.value)
    assert _snapshot(corpus) == before


def test_no_server_is_one_clear_error(corpus: Path, tmp_path: Path) -> None:
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path, fetch_base_url="http://127.0.0.1:9/rest", fetch_retries=0)
    before = _snapshot(corpus)
    with pytest.raises(FetchError, match="cannot reach .*check the network or proxy"):
        fetch(settings)
    assert _snapshot(corpus) == before


def test_bad_doi_and_nothing_to_fetch(corpus: Path, server: Server, tmp_path: Path) -> None:
    settings = _settings(corpus, server, tmp_path)
    with pytest.raises(FetchError, match="is not a DOI"):
        fetch(settings, "not-a-doi")
    (corpus / "manifest.toml").write_text('[[documents]]\nid = "a"\nfile = "page.txt"\n', encoding="utf-8")
    with pytest.raises(FetchError, match="has a DOI; pass --doi"):
        fetch(settings)
    assert server.requests == []


def test_second_fetch_has_nothing_to_do(
    corpus: Path, server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes = {"/search": _json(SEARCH_HIT), "/PMC1234567/fullTextXML": _xml(jats_article())}
    settings = _settings(corpus, server, tmp_path)
    fetch(settings)
    requests = len(server.requests)
    assert fetch(settings) == []
    assert fetch_command(SimpleNamespace(doi=None), settings) == 0
    assert "nothing to fetch" in capsys.readouterr().out
    assert len(server.requests) == requests


def test_fetch_command_ingests_after_fetching(
    corpus: Path, server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[str] = []

    class FakeAssistant:
        def __init__(self, settings: Settings) -> None:
            calls.append(str(settings.corpus_dir))

        def __enter__(self) -> FakeAssistant:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def ingest(self) -> IngestReport:
            return IngestReport(documents=1, added=12, removed=3, unchanged=0)

    monkeypatch.setattr(rag.adapters.cli, "Assistant", FakeAssistant)
    server.routes = {"/search": _json(SEARCH_HIT), "/PMC1234567/fullTextXML": _xml(jats_article())}
    code = fetch_command(SimpleNamespace(doi=JATS_DOI), _settings(corpus, server, tmp_path))
    assert code == 0 and calls == [str(corpus)]
    out = capsys.readouterr().out
    assert "fetched shan2024-full.xml" in out and "12 chunks added" in out


def test_missing_corpus_folder(tmp_path: Path, server: Server) -> None:
    settings = Settings(corpus_dir=tmp_path / "nowhere", data_dir=tmp_path, fetch_base_url=server.base)
    with pytest.raises(FetchError, match="corpus folder not found"):
        fetch(settings, JATS_DOI)
    assert server.requests == []


def test_ingest_failure_after_fetch_says_what_to_do(
    corpus: Path, server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BrokenAssistant:
        def __init__(self, settings: Settings) -> None:
            raise StoreUnavailableError("the index is locked by another process")

    monkeypatch.setattr(rag.adapters.cli, "Assistant", BrokenAssistant)
    server.routes = {"/search": _json(SEARCH_HIT), "/PMC1234567/fullTextXML": _xml(jats_article())}
    with pytest.raises(FetchError, match=r"fetched shan2024-full.xml, but ingest failed: .*locked.*rag ingest"):
        fetch_command(SimpleNamespace(doi=None), _settings(corpus, server, tmp_path))
    assert (corpus / "shan2024-full.xml").is_file()  # the download is kept for the next ingest
