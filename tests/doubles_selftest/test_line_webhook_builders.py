"""LINE webhook bodies built by the double's helpers, parsed by the SDK's real WebhookParser."""

from __future__ import annotations

import pytest
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhooks import (
    FollowEvent,
    ImageMessageContent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
)

from tests.doubles.line_api import (
    follow_event,
    image_event,
    line_event_body,
    line_user_id,
    location_event,
    postback_event,
    sign,
    sticker_event,
    text_event,
    unfollow_event,
)

ALICE = line_user_id("alice")


def test_webhook_parser_accepts_the_event_builders() -> None:
    secret = "channel-secret"
    body = line_event_body(
        [
            text_event(ALICE, "สวัสดี", "token-1", "01HZZZZZZZZZZZZZZZZZZZZZZZ", redelivery=True),
            postback_event(ALICE, "ind:2560:2.3", "token-2"),
            follow_event(ALICE, "token-3"),
            unfollow_event(ALICE),
            sticker_event(ALICE, "token-4"),
            image_event(ALICE, "token-5"),
            location_event(ALICE, "token-6"),
        ]
    )
    events = WebhookParser(secret).parse(body.decode(), sign(body, secret))
    assert [type(event) for event in events] == [
        MessageEvent,
        PostbackEvent,
        FollowEvent,
        UnfollowEvent,
        MessageEvent,
        MessageEvent,
        MessageEvent,
    ]
    contents = [type(events[i].message) for i in (0, 4, 5, 6)]
    assert contents == [
        TextMessageContent,
        StickerMessageContent,
        ImageMessageContent,
        LocationMessageContent,
    ]
    assert events[0].message.text == "สวัสดี" and events[0].reply_token == "token-1"
    assert events[0].delivery_context.is_redelivery is True
    assert events[0].webhook_event_id == "01HZZZZZZZZZZZZZZZZZZZZZZZ"
    assert events[1].postback.data == "ind:2560:2.3"
    assert events[0].source.user_id == ALICE
    with pytest.raises(InvalidSignatureError):
        WebhookParser(secret).parse(body.decode(), sign(body, "another-secret"))
