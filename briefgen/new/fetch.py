"""Download one web page for ``briefgen new``, with limits, and say clearly what went wrong.

httpx follows redirects up to a limit, with a timeout and a clear
User-Agent; the answer must be HTML and no larger than a cap (pages of a few
MB are normal).  The body is kept byte for byte as served (after the
transfer encoding, e.g. gzip, is undone).  Every failure is a
:class:`FetchError` whose message is one line for the editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from briefgen import __version__

USER_AGENT = f"briefgen/{__version__} (briefing scaffold; one page per command)"
TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 10
MAX_BYTES = 20_000_000
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """The page could not be had; the message says why, in one line."""


@dataclass(frozen=True)
class Fetched:
    url: str  # the address the page came from, after redirects
    body: bytes


@dataclass(frozen=True)
class Limits:
    timeout: float = TIMEOUT_SECONDS
    max_redirects: int = MAX_REDIRECTS
    max_bytes: int = MAX_BYTES


def check_url(url: str) -> None:
    """Refuse what is not an absolute http(s) address before any connection."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"bad URL '{url}': expected an http:// or https:// address")


def fetch(url: str, limits: Limits = Limits()) -> Fetched:
    check_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=limits.max_redirects,
                timeout=limits.timeout,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            _check_answer(url, response, limits)
            body = _read_capped(url, response, limits.max_bytes)
            return Fetched(str(response.url), body)
    except httpx.TooManyRedirects:
        raise FetchError(
            f"{url}: more than {limits.max_redirects} redirects (a redirect loop?)"
        ) from None
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer within {limits.timeout:g} seconds (timeout)") from None
    except httpx.ConnectError as error:
        raise FetchError(f"{url}: cannot connect: {_reason(error)}") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise FetchError(f"bad URL '{url}': {error}") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{url}: download failed: {_reason(error)}") from None


def _check_answer(url: str, response: httpx.Response, limits: Limits) -> None:
    if response.status_code >= 400:
        raise FetchError(
            f"{url}: the server answered {response.status_code} {response.reason_phrase}"
        )
    content_type = response.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in HTML_TYPES:
        raise FetchError(
            f"{url}: not a web page: the server sent '{content_type or 'no content type'}', "
            "expected text/html"
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(_too_large(url, int(declared), limits.max_bytes))


def _read_capped(url: str, response: httpx.Response, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(_too_large(url, size, max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(url: str, size: int, max_bytes: int) -> str:
    return f"{url}: the page is larger than {max_bytes} bytes ({size}+ bytes)"


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    if "refused" in text.lower():
        return "connection refused"
    return text.splitlines()[0]
