"""BCP questions through the chat core: general, and personal to a linked officer's agency."""

from __future__ import annotations

from bot.accounts import create_invite
from bot.core import Bot
from bot.messages import Inbound


async def test_general_answers(bot: Bot) -> None:
    def ask(text):
        return bot.handle(Inbound("test", "u", text=text))

    components = await ask("แผน BCP ต้องมีอะไรบ้าง")
    assert components.intent == "bcp" and "2.8 กระบวนการแจ้งเหตุฉุกเฉิน (Call Tree)" in components.text
    where = await ask("ส่งแผน BCP ที่ไหน")
    assert "สำนักงาน ก.พ.ร." in where.text and "opdcbcm@opdc.go.th" in where.text
    deadline = await ask("BCP deadline")
    assert "๓๐ มิถุนายน ๒๕๖๓" in deadline.text
    contacts = await bot.handle(Inbound("test", "u", action="bcp:contacts"))
    assert "@opdcteam" in contacts.text


async def test_where_to_send_is_personal_for_a_linked_officer(chat) -> None:
    async with chat.sessions() as session:
        created = await create_invite(
            session, role="officer", agency_code="LPG-05", now=chat.clock.now()
        )
        await session.commit()
    await chat.say("officer", f"ผูกบัญชี {created.code}")
    reply = await chat.say("officer", "ส่งแผน BCP ที่ไหนครับ")
    assert "สำนักงานจัดหางานจังหวัดลำปาง" in reply.text
    assert "ส่วนราชการส่วนภูมิภาค: ส่งถึง สำนักงานจังหวัด" in reply.text
    assert "หน่วยงานส่วนกลางที่ตั้งอยู่ในภูมิภาค" not in reply.text  # only their own route
