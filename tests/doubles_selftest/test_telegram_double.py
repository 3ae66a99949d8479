"""The Telegram double, proven with python-telegram-bot's real ``Bot`` pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    CallbackQuery,
    ChatMemberBanned,
    ChatMemberMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.clock import FakeClock
from tests.doubles import TelegramApiDouble
from tests.doubles.images import png
from tests.doubles.telegram_api import (
    SECRET_TOKEN_HEADER,
    callback_update,
    location_update,
    my_chat_member_update,
    photo_update,
    sticker_update,
    text_update,
)

CHAT = 424242


@pytest.fixture
async def bot(telegram: TelegramApiDouble) -> AsyncIterator[Bot]:
    client = Bot(telegram.token, base_url=f"{telegram.base_url}/bot")
    async with client:  # initialize() calls getMe
        yield client


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d)] for d in data])


@pytest.fixture(autouse=True)
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 deprecates int-valued RetryAfter.retry_after; opt in to timedelta (an env
    # setting of the library, not a patch of it).
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


async def test_get_me_on_initialize(telegram: TelegramApiDouble, bot: Bot) -> None:
    assert bot.username == "dgbot_test_bot" and bot.id == 123456
    first = telegram.calls[0]
    assert first.path == "/bot123456:telegram-token/getMe"
    assert first.headers["user-agent"].startswith("python-telegram-bot")


async def test_send_message_with_inline_keyboard(
    telegram: TelegramApiDouble, bot: Bot, clock: FakeClock
) -> None:
    sent = await bot.send_message(CHAT, "สวัสดี", reply_markup=keyboard("ind:2560:2.3"))
    assert sent.date == clock.now()  # dates follow the double's clock when one is given
    assert (sent.message_id, sent.chat.id, sent.chat.type, sent.text) == (
        1,
        CHAT,
        "private",
        "สวัสดี",
    )
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "ind:2560:2.3"
    call = telegram.calls[-1]
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"
    assert call.json["chat_id"] == CHAT
    assert call.json["reply_markup"] == {
        "inline_keyboard": [[{"text": "ind:2560:2.3", "callback_data": "ind:2560:2.3"}]]
    }
    second = await bot.send_message(CHAT, "อีกครั้ง")
    assert second.message_id == 2
    assert [m["text"] for m in telegram.messages_to(CHAT)] == ["สวัสดี", "อีกครั้ง"]


async def test_telegrams_limits_are_bad_requests(telegram: TelegramApiDouble, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(CHAT, "x", reply_markup=keyboard("ก" * 22))  # 66 bytes
    with pytest.raises(BadRequest, match="Reply markup is too long"):
        await bot.send_message(CHAT, "x", reply_markup=keyboard(*map(str, range(101))))
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "x" * 4097)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(CHAT, png(4, 4), caption="x" * 1025)
    answer = httpx.post(
        f"{telegram.base_url}/bot{telegram.token}/sendMessage", json={"chat_id": CHAT, "text": ""}
    )
    assert answer.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message text is empty",
    }
    await bot.send_message(CHAT, "x" * 4096, reply_markup=keyboard("ก" * 21))
    assert len(telegram.messages_to(CHAT)) == 1


async def test_send_photo_upload_and_url(telegram: TelegramApiDouble, bot: Bot) -> None:
    image = png(640, 480)
    sent = await bot.send_photo(CHAT, image, caption="คะแนน")
    assert sent.caption == "คะแนน"
    assert (sent.photo[-1].width, sent.photo[-1].height) == (640, 480)
    call = telegram.calls[-1]
    assert call.headers["content-type"].startswith("multipart/form-data")
    assert call.files["photo"].data == image
    assert telegram.file_bytes(sent.photo[-1].file_id) == image
    again = await bot.send_photo(CHAT, sent.photo[-1].file_id)  # re-send by file_id
    assert again.photo
    by_url = await bot.send_photo(CHAT, "https://example.org/chart.png")
    assert telegram.file_bytes(by_url.photo[-1].file_id) == "https://example.org/chart.png"
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(CHAT, b"not an image")
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(CHAT, "unknown-file-id")


async def test_callbacks_and_markup_edits(telegram: TelegramApiDouble, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "เลือก", reply_markup=keyboard("a", "b"))
    update = Update.de_json(callback_update(1, CHAT, "a", sent.message_id), bot)
    query: CallbackQuery = update.callback_query
    assert query.data == "a" and query.message.message_id == sent.message_id
    assert await query.answer("ok") is True
    assert telegram.callback_answers == [{"callback_query_id": query.id, "text": "ok"}]
    edited = await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("c"))
    assert edited.reply_markup.inline_keyboard[0][0].text == "c"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("c"))
    await bot.edit_message_reply_markup(CHAT, sent.message_id)  # removes the keyboard
    assert "reply_markup" not in telegram.messages_to(CHAT)[0]
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_reply_markup(CHAT, 999, reply_markup=keyboard("c"))


async def test_webhook_and_commands(telegram: TelegramApiDouble, bot: Bot) -> None:
    assert await bot.set_webhook(
        "https://dgbot.example/telegram/webhook",
        secret_token="s3cret_-Token",
        allowed_updates=["message", "callback_query"],
    )
    assert telegram.webhook["secret_token"] == "s3cret_-Token"
    assert telegram.webhook["allowed_updates"] == ["message", "callback_query"]
    info = await bot.get_webhook_info()
    assert info.url == "https://dgbot.example/telegram/webhook"
    assert info.allowed_updates == ("message", "callback_query")
    with pytest.raises(BadRequest, match="an https url must be provided"):
        await bot.set_webhook("http://insecure.example/hook")
    with pytest.raises(BadRequest, match="Secret token contains unallowed characters"):
        await bot.set_webhook("https://dgbot.example/hook", secret_token="has space")
    assert await bot.delete_webhook()
    assert telegram.webhook is None and (await bot.get_webhook_info()).url == ""
    commands = [BotCommand("start", "เริ่ม"), BotCommand("help", "ช่วยเหลือ")]
    assert await bot.set_my_commands(commands, language_code="th")
    assert await bot.get_my_commands(language_code="th") == tuple(commands)
    assert await bot.get_my_commands() == ()
    assert telegram.commands(language_code="th") == [
        {"command": "start", "description": "เริ่ม"},
        {"command": "help", "description": "ช่วยเหลือ"},
    ]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Command", "x")])


async def test_blocked_chat_is_forbidden(telegram: TelegramApiDouble, bot: Bot) -> None:
    telegram.block(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "hello?")
    telegram.unblock(CHAT)
    await bot.send_message(CHAT, "hello again")
    assert [m["text"] for m in telegram.messages_to(CHAT)] == ["hello again"]


async def test_injected_faults(telegram: TelegramApiDouble, bot: Bot) -> None:
    telegram.fail_next(429, retry_after=17, method="sendMessage")
    await bot.get_me()  # another method: not consumed
    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(CHAT, "x")
    assert limited.value.retry_after == timedelta(seconds=17)
    telegram.fail_next(500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(CHAT, "x")
    telegram.delay_next(5, method="sendMessage")
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT, "slow", read_timeout=0.3)
    # The double did deliver the timed-out message: a blind retry would duplicate it.
    assert [m["text"] for m in telegram.messages_to(CHAT)] == ["slow"]


async def test_flood_control_over_30_sends_a_second(
    telegram: TelegramApiDouble, bot: Bot, clock: FakeClock
) -> None:
    for i in range(30):
        await bot.send_message(CHAT + i, str(i))
    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(CHAT, "one too many")
    assert limited.value.retry_after == timedelta(seconds=1)
    assert telegram.calls[-1].json["text"] == "one too many"
    clock.advance(seconds=1)
    await bot.send_message(CHAT, "the window slid")
    assert telegram.messages_to(CHAT)[-1]["text"] == "the window slid"


async def test_wrong_token_is_unauthorized(telegram: TelegramApiDouble) -> None:
    other = Bot("123456:wrong", base_url=f"{telegram.base_url}/bot")
    with pytest.raises(InvalidToken):
        await other.initialize()
    await other.shutdown()
    answer = httpx.get(f"{telegram.base_url}/bot123456:wrong/getMe")
    assert answer.status_code == 401
    assert answer.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_update_builders_parse(bot: Bot) -> None:
    text = Update.de_json(text_update(10, CHAT, "/start hello", language_code="en"), bot)
    assert text.message.text == "/start hello" and text.effective_user.language_code == "en"
    assert text.message.parse_entities() and text.effective_chat.id == CHAT
    kicked = Update.de_json(my_chat_member_update(11, CHAT, "kicked"), bot)
    assert isinstance(kicked.my_chat_member.new_chat_member, ChatMemberBanned)
    back = Update.de_json(my_chat_member_update(12, CHAT, "member"), bot)
    assert isinstance(back.my_chat_member.new_chat_member, ChatMemberMember)
    assert Update.de_json(sticker_update(13, CHAT), bot).message.sticker.emoji == "👍"
    photo = Update.de_json(photo_update(14, CHAT, caption="รูป"), bot).message
    assert len(photo.photo) == 3 and photo.caption == "รูป"
    location = Update.de_json(location_update(15, CHAT), bot).message.location
    assert (location.latitude, location.longitude) == (18.2888, 99.4909)
    group = Update.de_json(text_update(16, -1001234567890, "hi"), bot)
    assert group.effective_chat.type == "supergroup"
    assert SECRET_TOKEN_HEADER == "X-Telegram-Bot-Api-Secret-Token"


async def test_json_bodies_and_a_custom_request(telegram: TelegramApiDouble) -> None:
    request = HTTPXRequest(connection_pool_size=2)
    client = Bot(telegram.token, base_url=f"{telegram.base_url}/bot", request=request)
    async with client:
        await client.send_message(CHAT, "via PTB")
    answer = httpx.post(
        f"{telegram.base_url}/bot{telegram.token}/sendMessage",
        json={
            "chat_id": CHAT,
            "text": "via JSON",
            "reply_markup": {"inline_keyboard": [[{"text": "x"}]]},
        },
    )
    assert answer.status_code == 400 and "Text buttons are unallowed" in answer.text
    unknown = httpx.post(f"{telegram.base_url}/bot{telegram.token}/sendTelepathy")
    assert unknown.status_code == 404
    telegram.reset()
    assert telegram.calls == [] and telegram.messages_to(CHAT) == []
