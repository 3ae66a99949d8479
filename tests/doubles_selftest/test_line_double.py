"""The LINE double, proven with the real line-bot-sdk v3 clients pointed at it."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    AsyncMessagingApiBlob,
    Configuration,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
    RichMenuSize,
    TextMessage,
)
from linebot.v3.messaging.models import PostbackAction
from pydantic.v1 import ValidationError

from bot.clock import FakeClock
from tests.doubles import LineApiDouble
from tests.doubles.images import png
from tests.doubles.line_api import line_user_id

ALICE = line_user_id("alice")
BOB = line_user_id("bob")


@pytest.fixture
async def client(line: LineApiDouble) -> AsyncIterator[AsyncApiClient]:
    async with AsyncApiClient(Configuration(access_token="line-token")) as api_client:
        yield api_client


@pytest.fixture
def api(client: AsyncApiClient, line: LineApiDouble) -> AsyncMessagingApi:
    messaging = AsyncMessagingApi(client)
    messaging.line_base_path = line.base_url
    return messaging


def push(text: str, to: str = ALICE) -> PushMessageRequest:
    return PushMessageRequest(to=to, messages=[TextMessage(text=text)])


async def test_retry_key_accepts_once_and_answers_409(
    line: LineApiDouble, api: AsyncMessagingApi
) -> None:
    key = str(uuid.uuid4())
    first = await api.push_message_with_http_info(push("สวัสดี"), x_line_retry_key=key)
    assert first.status_code == 200 and len(first.data.sent_messages) == 1
    with pytest.raises(ApiException) as retried:
        await api.push_message(push("สวัสดี"), x_line_retry_key=key)
    assert retried.value.status == 409
    assert retried.value.headers["x-line-accepted-request-id"] == first.headers["x-line-request-id"]
    body = json.loads(retried.value.body)
    assert body["message"] == "The retry key is already accepted"
    assert body["sentMessages"][0]["id"] == first.data.sent_messages[0].id
    assert line.messages_to(ALICE) == [{"type": "text", "text": "สวัสดี"}]
    sent = line.calls[0]
    assert sent.headers["x-line-retry-key"] == key
    assert sent.headers["authorization"] == "Bearer line-token"
    assert sent.headers["user-agent"].startswith("line-bot-sdk-python/")
    assert sent.json == {
        "to": ALICE,
        "messages": [{"type": "text", "text": "สวัสดี"}],
        "notificationDisabled": False,
    }


async def test_client_timeout_then_retry_with_the_same_key(
    line: LineApiDouble, api: AsyncMessagingApi
) -> None:
    key = str(uuid.uuid4())
    line.delay_next(5)
    with pytest.raises(TimeoutError):  # aiohttp surfaces its timeout as a bare TimeoutError
        await api.push_message(push("hi"), x_line_retry_key=key, _request_timeout=0.3)
    with pytest.raises(ApiException) as retried:
        await api.push_message(push("hi"), x_line_retry_key=key)
    assert retried.value.status == 409
    assert line.messages_to(ALICE) == [{"type": "text", "text": "hi"}]


async def test_invalid_retry_key_is_refused(api: AsyncMessagingApi) -> None:
    with pytest.raises(ApiException) as refused:
        await api.push_message(push("hi"), x_line_retry_key="not-a-uuid")
    assert refused.value.status == 400


async def test_reply_token_works_once(line: LineApiDouble, api: AsyncMessagingApi) -> None:
    token = line.issue_reply_token(ALICE)
    request = ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ตอบ")])
    response = await api.reply_message(request)
    assert response.sent_messages[0].quote_token
    with pytest.raises(ApiException) as again:
        await api.reply_message(request)
    assert again.value.status == 400
    assert json.loads(again.value.body) == {"message": "Invalid reply token"}
    assert [d.kind for d in line.deliveries] == ["reply"]


async def test_reply_token_expires_after_60_seconds_of_the_doubles_clock(
    line: LineApiDouble, api: AsyncMessagingApi, clock: FakeClock
) -> None:
    token = line.issue_reply_token(ALICE)
    clock.advance(seconds=60)
    with pytest.raises(ApiException) as late:
        await api.reply_message(
            ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="late")])
        )
    assert late.value.status == 400
    assert line.messages_to(ALICE) == []


async def test_429_with_retry_after_surfaces_as_api_exception(
    line: LineApiDouble, api: AsyncMessagingApi
) -> None:
    line.fail_next(429, retry_after=7, path_prefix="/v2/bot/message/push")
    await api.get_bot_info()  # not under the prefix: not consumed
    with pytest.raises(ApiException) as limited:
        await api.push_message(push("hi"))
    assert limited.value.status == 429
    assert limited.value.headers["Retry-After"] == "7"
    line.fail_next(500, times=2)
    for _ in range(2):
        with pytest.raises(ApiException) as broken:
            await api.push_message(push("hi"))
        assert broken.value.status == 500
    await api.push_message(push("hi"))
    assert line.messages_to(ALICE) == [{"type": "text", "text": "hi"}]
    assert [call.status for call in line.calls] == [200, 429, 500, 500, 200]


async def test_multicast_and_its_500_recipient_limit(
    line: LineApiDouble, api: AsyncMessagingApi
) -> None:
    line.block(BOB)
    assert (
        await api.multicast(
            MulticastRequest(to=[ALICE, BOB], messages=[TextMessage(text="ประกาศ")])
        )
        == {}
    )
    assert line.messages_to(ALICE) == [{"type": "text", "text": "ประกาศ"}]
    assert line.messages_to(BOB) == []
    assert [(d.to, d.delivered) for d in line.deliveries] == [(ALICE, True), (BOB, False)]
    crowd = [line_user_id(f"user{i}") for i in range(501)]
    with pytest.raises(ValidationError):  # the SDK itself refuses before sending
        MulticastRequest(to=crowd, messages=[TextMessage(text="x")])
    unchecked = MulticastRequest.construct(to=crowd, messages=[TextMessage(text="x")])
    with pytest.raises(ApiException) as refused:
        await api.multicast(unchecked)
    assert refused.value.status == 400
    assert json.loads(refused.value.body)["details"] == [
        {"message": "Size must be between 1 and 500", "property": "to"}
    ]


async def test_push_to_a_blocked_user_answers_200_but_is_not_delivered(
    line: LineApiDouble, api: AsyncMessagingApi
) -> None:
    line.block(ALICE)
    response = await api.push_message(push("hello?"))
    assert response.sent_messages
    assert line.messages_to(ALICE) == []
    assert line.deliveries[0].delivered is False


async def test_message_validation_uses_lines_error_shape(
    line: LineApiDouble, api: AsyncMessagingApi
) -> None:
    with pytest.raises(ApiException) as too_long:
        await api.push_message(push("ก" * 5001))
    assert json.loads(too_long.value.body) == {
        "message": "The request body has 1 error(s)",
        "details": [
            {"message": "Length must be between 0 and 5000", "property": "messages[0].text"}
        ],
    }
    items = [
        {"type": "action", "action": {"type": "message", "label": str(i), "text": "x"}}
        for i in range(14)
    ]
    raw = {
        "to": ALICE,
        "messages": [
            {"type": "flex", "contents": {"type": "bubble"}},
            {"type": "text", "text": "x", "quickReply": {"items": items}},
        ],
    }
    answer = httpx.post(
        f"{line.base_url}/v2/bot/message/push",
        json=raw,
        headers={"Authorization": "Bearer line-token"},
    )
    assert answer.status_code == 400
    assert answer.json()["details"] == [
        {"message": "May not be empty", "property": "messages[0].altText"},
        {"message": "Size must be between 0 and 13", "property": "messages[1].quickReply.items"},
    ]
    await api.push_message(push("ก" * 5000))


async def test_wrong_token_is_401(line: LineApiDouble) -> None:
    async with AsyncApiClient(Configuration(access_token="wrong")) as other:
        api = AsyncMessagingApi(other)
        api.line_base_path = line.base_url
        with pytest.raises(ApiException) as denied:
            await api.get_bot_info()
    assert denied.value.status == 401
    assert line.calls[0].status == 401


async def test_profile_and_bot_info(line: LineApiDouble, api: AsyncMessagingApi) -> None:
    line.add_user(ALICE, display_name="Alice", language="en")
    profile = await api.get_profile(ALICE)
    assert (profile.user_id, profile.display_name, profile.language) == (ALICE, "Alice", "en")
    line.set_language(ALICE, "th")
    assert (await api.get_profile(ALICE)).language == "th"
    with pytest.raises(ApiException) as unknown:
        await api.get_profile(BOB)
    assert unknown.value.status == 404
    info = await api.get_bot_info()
    assert info.user_id == line.bot_user_id and info.display_name == "dgbot"


async def test_rich_menu_create_upload_default_and_list(
    line: LineApiDouble, api: AsyncMessagingApi
) -> None:
    menu = RichMenuRequest(
        size=RichMenuSize(width=2500, height=843),
        selected=True,
        name="main",
        chat_bar_text="เมนู",
        areas=[
            RichMenuArea(
                bounds=RichMenuBounds(x=0, y=0, width=1250, height=843),
                action=PostbackAction(label="คะแนน", data="score"),
            )
        ],
    )
    menu_id = (await api.create_rich_menu(menu)).rich_menu_id
    # The blob API ignores line_base_path (api-data.line.me is hard-coded per operation):
    # Configuration(host=...) redirects every operation. Its Content-Type must be passed
    # explicitly, otherwise the SDK tries to JSON-encode the bytes.
    config = Configuration(host=line.base_url, access_token="line-token")
    async with AsyncApiClient(config) as data_client:
        blob = AsyncMessagingApiBlob(data_client)
        with pytest.raises(ApiException) as wrong_size:
            await blob.set_rich_menu_image(
                menu_id, png(800, 270), _headers={"Content-Type": "image/png"}
            )
        assert wrong_size.value.status == 400
        await blob.set_rich_menu_image(
            menu_id, png(2500, 843), _headers={"Content-Type": "image/png"}
        )
    await api.set_default_rich_menu(menu_id)
    listed = (await api.get_rich_menu_list()).richmenus
    assert [(m.rich_menu_id, m.chat_bar_text) for m in listed] == [(menu_id, "เมนู")]
    assert line.default_rich_menu_id == menu_id
    assert line.rich_menu_image(menu_id) == png(2500, 843)
    await api.delete_rich_menu(menu_id)
    assert line.rich_menus == {} and line.default_rich_menu_id is None
    assert line.calls[2].path == f"/v2/bot/richmenu/{menu_id}/content"


def test_rich_menu_needs_size_and_areas(line: LineApiDouble) -> None:
    answer = httpx.post(
        f"{line.base_url}/v2/bot/richmenu",
        json={"selected": False},
        headers={"Authorization": "Bearer line-token"},
    )
    assert answer.status_code == 400
    properties = [detail["property"] for detail in answer.json()["details"]]
    assert properties == ["size", "name", "chatBarText", "areas"]
