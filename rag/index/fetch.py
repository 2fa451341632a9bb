"""`python -m rag fetch`: bring in the open-access full text (JATS XML) of manifest documents.

DOI -> PMCID through the Europe PMC REST search, then `{base}/{PMCID}/fullTextXML`. The XML is
checked (parses as JATS, has a body) before anything is written; the file and the manifest
entry are written to temporary files and renamed into place, so a failure leaves the corpus as
it was and the abstract stays indexed. Proxies come from the usual environment variables
(HTTPS_PROXY, NO_PROXY), which httpx honours.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rag.errors import FetchError, LoaderError
from rag.index.corpus import MANIFEST, path_inside, read_manifest, slug
from rag.index.loaders.jats import has_body, load_jats, parse_jats
from rag.settings import Settings
from rag.text.doi import doi_key, is_doi, normalise_doi
from rag.types import DocumentMeta

_USER_AGENT = "review-rag/0.1 (study assistant; open-access full text fetch)"


def fetch(settings: Settings, doi: str | None = None) -> list[Path]:
    """Download the full text for `doi` (default: every manifest DOI without a full-text copy)."""
    import httpx

    corpus = settings.corpus_dir
    if not corpus.is_dir():
        raise FetchError(f"corpus folder not found: {corpus} (set RAG_CORPUS_DIR)")
    metas = read_manifest(corpus)
    if not doi and not any(m.doi for m in metas):
        raise FetchError(f"no document in {corpus / MANIFEST} has a DOI; pass --doi 10.xxxx/...")
    dois = [checked_doi(doi)] if doi else _wanted(metas)
    if not dois:
        return []  # every manifest DOI already has its full text
    timeout = httpx.Timeout(settings.fetch_timeout_s)
    with httpx.Client(
        timeout=timeout, follow_redirects=True, trust_env=True, headers={"User-Agent": _USER_AGENT}
    ) as client:
        return [_fetch_one(client, settings, d, metas) for d in dois]


def checked_doi(doi: str) -> str:
    """The bare DOI, or FetchError when `doi` is not shaped like one."""
    if not is_doi(doi):
        raise FetchError(f"{normalise_doi(doi)!r} is not a DOI (expected something like 10.1234/abcd.5678)")
    return normalise_doi(doi)


def _wanted(metas: list[DocumentMeta]) -> list[str]:
    have_full = {doi_key(m.doi) for m in metas if m.full_text and m.doi}
    dois = [m.doi for m in metas if m.doi and doi_key(m.doi) not in have_full]
    return list(dict.fromkeys(checked_doi(d) for d in dois))


def _fetch_one(client: Any, settings: Settings, doi: str, metas: list[DocumentMeta]) -> Path:
    base = settings.fetch_base_url.rstrip("/")
    pmcid = _pmcid(client, settings, base, doi)
    url = f"{base}/{pmcid}/fullTextXML"
    response = _get(client, settings, url)
    if response.status_code == 404:
        raise FetchError(
            f"{doi}: Europe PMC has no open-access full text for {pmcid}; drop the PDF into corpus/ instead"
        )
    _check_status(response, url)
    data = response.content
    try:
        root = parse_jats(data, url)
    except LoaderError as exc:
        raise FetchError(f"{doi}: the full text from {url} is not JATS XML ({exc})") from exc
    if not has_body(root):
        raise FetchError(f"{doi}: the XML from {url} has no body (abstract only); nothing changed")
    source = next((m for m in metas if doi_key(m.doi) == doi_key(doi)), None)
    doc_id = f"{source.doc_id if source else slug(doi)}-full"
    return _store(settings.corpus_dir, doc_id, doi, pmcid, url, data)


def _pmcid(client: Any, settings: Settings, base: str, doi: str) -> str:
    url = f"{base}/search"
    response = _get(client, settings, url, params={"query": f'DOI:"{doi}"', "format": "json", "resultType": "lite"})
    _check_status(response, url)
    try:
        results = response.json()["resultList"]["result"]
    except (ValueError, KeyError, TypeError) as exc:
        raise FetchError(
            f"unexpected answer from the Europe PMC search at {url} (not its JSON); try again later"
        ) from exc
    if not results:
        raise FetchError(f"{doi}: Europe PMC has no record of this DOI")
    pmcid = next((r.get("pmcid") for r in results if isinstance(r, dict) and r.get("pmcid")), None)
    if not pmcid or not re.match(r"^PMC\d+$", str(pmcid)):
        raise FetchError(f"{doi}: no open-access copy in PubMed Central; drop the PDF into corpus/ instead")
    return str(pmcid)


def _get(client: Any, settings: Settings, url: str, params: dict[str, str] | None = None) -> Any:
    """GET with bounded retries on network errors, timeouts, 429 and 5xx."""
    import httpx

    attempts = settings.fetch_retries + 1
    for attempt in range(1, attempts + 1):
        try:
            response = client.get(url, params=params)
        except httpx.TimeoutException as exc:
            if attempt == attempts:
                raise FetchError(
                    f"Europe PMC did not answer within {settings.fetch_timeout_s:g} s ({attempts} tries); "
                    "try later or raise RAG_FETCH_TIMEOUT_S"
                ) from exc
        except httpx.HTTPError as exc:
            if attempt == attempts:
                raise FetchError(
                    f"cannot reach {url} ({type(exc).__name__}); check the network or proxy (HTTPS_PROXY), "
                    "or drop the PDF into corpus/"
                ) from exc
        else:
            if response.status_code != 429 and response.status_code < 500 or attempt == attempts:
                return response
        time.sleep(settings.fetch_backoff_s * attempt)
    raise AssertionError("unreachable")


def _check_status(response: Any, url: str) -> None:
    if response.status_code != 200:
        raise FetchError(f"{url} answered HTTP {response.status_code}; nothing changed")


# --- writing ------------------------------------------------------------------------------------


def _store(corpus: Path, doc_id: str, doi: str, pmcid: str, url: str, data: bytes) -> Path:
    """Write the XML and its manifest entry atomically; on any failure neither changes."""
    import tomli_w

    target = path_inside(corpus, f"{doc_id}.xml")  # a manifest id like '../x' must not write outside
    meta = load_jats_bytes(data, doc_id, target.name)
    entry: dict[str, Any] = {
        "id": doc_id,
        "title": meta.title,
        "authors": list(meta.authors),
        "journal": meta.journal,
        "year": int(meta.year) if meta.year.isdigit() else meta.year,
        "volume": meta.volume,
        "issue": meta.issue,
        "pages": meta.pages,
        "doi": doi,
        "url": f"https://doi.org/{doi}",
        "licence": meta.licence,
        "file": target.name,
        "format": "jats",
        "full_text": True,
        "pmcid": pmcid,
        "source_url": url,
        "fetched": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    entry = {k: v for k, v in entry.items() if v not in ("", [])}
    manifest = corpus / MANIFEST
    new_manifest = _manifest_with(manifest, entry, tomli_w)
    xml_tmp = _temp_write(corpus, data)
    manifest_tmp = _temp_write(corpus, new_manifest.encode("utf-8"))
    try:
        os.replace(xml_tmp, target)
        os.replace(manifest_tmp, manifest)
    except OSError as exc:
        for leftover in (xml_tmp, manifest_tmp):
            leftover.unlink(missing_ok=True)
        raise FetchError(f"cannot write into {corpus}: {exc.strerror}") from exc
    return target


def load_jats_bytes(data: bytes, doc_id: str, name: str) -> DocumentMeta:
    """Metadata of fetched XML, read with the same loader ingest will use."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return load_jats(path, DocumentMeta(doc_id=doc_id, title="")).meta


def _manifest_with(manifest: Path, entry: dict[str, Any], tomli_w: Any) -> str:
    """The manifest text plus `entry`: appended (comments kept), or replacing an entry with its id."""
    text = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
    data = tomllib.loads(text) if text else {}
    documents = data.get("documents", [])
    if not any(d.get("id") == entry["id"] for d in documents):
        return text.rstrip("\n") + "\n\n" + tomli_w.dumps({"documents": [entry]})
    header = "".join(
        line for line in text.splitlines(keepends=True) if line.startswith("#") and not line.startswith("#[")
    )
    data["documents"] = [entry if d.get("id") == entry["id"] else d for d in documents]
    return header + "\n" + tomli_w.dumps(data)


def _temp_write(folder: Path, data: bytes) -> Path:
    handle, name = tempfile.mkstemp(dir=folder, prefix=".fetch-", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return Path(name)
