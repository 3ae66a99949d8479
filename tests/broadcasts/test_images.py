"""A broadcast's picture: recognised by its bytes, fetched once, refused with a reason."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from broadcasts.images import ImageError, fetch_image, image_type

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def pictures(tmp_path):
    """A real HTTP server on loopback serving a folder of files."""
    (tmp_path / "poster.png").write_bytes(PNG)
    (tmp_path / "notes.txt").write_text("not a picture")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()
    server.server_close()


def test_types_from_the_bytes() -> None:
    assert image_type(PNG) == "image/png" and image_type(JPEG) == "image/jpeg"
    with pytest.raises(ImageError, match="PNG or JPEG"):
        image_type(b"GIF89a")
    with pytest.raises(ImageError, match="over 10 MB"):
        image_type(PNG + b"\x00" * (10 * 1024 * 1024))


async def test_fetch(pictures) -> None:
    base, _ = pictures
    assert await fetch_image(f"{base}/poster.png") == (PNG, "image/png")
    for path, reason in (("/notes.txt", "PNG or JPEG"), ("/missing.png", "HTTP 404")):
        with pytest.raises(ImageError, match=reason):
            await fetch_image(base + path)
    with pytest.raises(ImageError, match="not a web address"):
        await fetch_image("file:///etc/passwd")
    with pytest.raises(ImageError, match="could not be fetched"):
        await fetch_image("http://127.0.0.1:9/nothing.png", timeout=2)


async def test_chat_broadcast_with_a_picture(chat, pictures) -> None:
    from bot.accounts import create_invite

    base, _ = pictures
    async with chat.sessions() as session:
        created = await create_invite(session, now=chat.clock.now(), role="admin")
        await session.commit()
    await chat.say("admin", f"link {created.code}")
    preview = await chat.say("admin", f"/broadcast all | ประชุมชี้แจง | | | {base}/poster.png")
    image, card, _ = preview.replies
    assert image.image_url.startswith("/media/") and card.text == "ประชุมชี้แจง"
    refused = await chat.say("admin", f"/broadcast all | ประชุมชี้แจง | | | {base}/notes.txt")
    assert "PNG or JPEG" in refused.text
