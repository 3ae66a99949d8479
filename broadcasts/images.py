"""A broadcast's picture: a PNG or JPEG of at most 10 MB (LINE's and Telegram's limit), read
from a file (command line) or fetched once from a web address (chat), then kept in the
database and served by dgbot itself (LINE needs an https address it can fetch)."""

from __future__ import annotations

import httpx

LIMIT = 10 * 1024 * 1024
KINDS = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
KEEP_DAYS = 60  # long enough for a broadcast scheduled weeks ahead


class ImageError(ValueError):
    """A picture that cannot be used, with the reason."""


def image_type(body: bytes) -> str:
    """``image/png`` or ``image/jpeg`` from the bytes themselves (not a name or a header)."""
    if len(body) > LIMIT:
        raise ImageError("the picture is over 10 MB, the platforms' limit")
    for magic, kind in KINDS.items():
        if body.startswith(magic):
            return kind
    raise ImageError("the picture must be a PNG or JPEG file")


async def fetch_image(url: str, timeout: float = 10.0) -> tuple[bytes, str]:
    """Download a picture (at most 10 MB) and tell its type; refuses anything else."""
    if not url.startswith(("https://", "http://")):
        raise ImageError(f"'{url}' is not a web address of a picture")
    chunks, size = [], 0
    try:
        async with (
            httpx.AsyncClient(timeout=timeout, follow_redirects=True) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise ImageError(f"the picture could not be fetched (HTTP {response.status_code})")
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > LIMIT:
                    raise ImageError("the picture is over 10 MB, the platforms' limit")
                chunks.append(chunk)
    except httpx.HTTPError as error:
        raise ImageError(f"the picture could not be fetched ({type(error).__name__})") from None
    body = b"".join(chunks)
    return body, image_type(body)
