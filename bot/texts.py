"""Fixed wording of the bot in Thai and English. Thai first: it is the default."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "th": {
        "dimension_label": "มิติ",
        "framework_label": "กรอบปี {year}",
        "indicator_label": "ตัวชี้วัด",
        "recommendation": "แนวทางการยกระดับ",
        "part": "ส่วนที่ {n}/{total}",
        "more": "อ่านต่อ ({n}/{total})",
        "no_more": "ไม่มีส่วนที่เหลือแล้วครับ ถามเรื่องตัวชี้วัดอื่นได้เลย",
        "averages": "ค่าเฉลี่ยระดับประเทศ ปี {year}",
        "level_department": "ระดับกรม",
        "level_province": "ระดับจังหวัด",
        "not_surveyed": "ไม่ได้สำรวจ",
        "same_in_other": "ตัวชี้วัดเดียวกันในกรอบปี {year}: {code} {name}",
        "weight": "น้ำหนัก {weight:g}%",
        "indicators_in_dimension": "ตัวชี้วัดในมิตินี้",
        "pick_indicator": 'เลือกตัวชี้วัดเพื่อดูแนวทาง หรือพิมพ์รหัส เช่น "ข้อ {code}"',
        "clarify": "ไม่แน่ใจว่าหมายถึงข้อใด ใช่ข้อไหนครับ (แตะหรือพิมพ์หมายเลข)",
        "unknown": "ขออภัยครับ ยังไม่เข้าใจคำถามนี้ ผมตอบได้เรื่องต่อไปนี้",
        "help": (
            "ผมคือ dgbot ผู้ช่วยเรื่องการสำรวจความพร้อมรัฐบาลดิจิทัล ถามได้เลย เช่น\n"
            '• ตัวชี้วัดและแนวทางการยกระดับ: "Digital Literacy", "แผนการสานต่อภารกิจ", "ข้อ 2.4 ปี 2559"\n'
            '• มิติ: "มิติที่ 3", "Smart Back Office"\n'
            '• คะแนน: "คะแนนของเราเป็นอย่างไร"\n'
            '• แผนความต่อเนื่อง (BCP): "BCP คืออะไร"\n'
            '• พิมพ์ "/lang en" เพื่อเปลี่ยนเป็นภาษาอังกฤษ'
        ),
        "greeting": "สวัสดีครับ ยินดีช่วยเรื่องการสำรวจความพร้อมรัฐบาลดิจิทัลครับ",
        "thanks": "ยินดีครับ มีคำถามอื่นถามได้เลยครับ",
        "bcp": "แผนความต่อเนื่อง (Business Continuity Plan: BCP)",
        "bcp_indicator": "ในกรอบปี 2559 ตัวชี้วัด {code} {name} แนะนำว่า",
        "language_set": "เปลี่ยนเป็นภาษาไทยแล้วครับ",
        "error": "ขออภัยครับ เกิดข้อผิดพลาดในการตอบ ลองถามใหม่อีกครั้งได้ไหมครับ",
        "score_unlinked": (
            "ผลสำรวจของแต่ละหน่วยงานเป็นความลับ ส่งให้เฉพาะหน่วยงานนั้น "
            "บัญชีแชตนี้ยังไม่ได้ผูกกับหน่วยงาน จึงแสดงคะแนนไม่ได้\n"
            'ขอรหัสเชิญจากผู้ดูแลระบบ แล้วพิมพ์ "ผูกบัญชี รหัส" (หรือ /link รหัส)'
        ),
        "score_no_access": "ขออภัยครับ บัญชีนี้ไม่มีสิทธิ์ดูผลของหน่วยงานนั้น",
        "score_no_data": "ยังไม่มีผลสำรวจของ {name} ในระบบครับ",
        "score_pick": 'ต้องการดูผลของหน่วยงานใด พิมพ์ "คะแนน รหัสหน่วยงาน" เช่น "คะแนน {example}"',
        "link_usage": 'พิมพ์ "ผูกบัญชี รหัส" ตามด้วยรหัสเชิญที่ได้รับจากผู้ดูแลระบบ',
        "link_invalid": "รหัสนี้ใช้ไม่ได้ (อาจพิมพ์ผิด หมดอายุ หรือถูกใช้ไปแล้ว) กรุณาตรวจสอบกับผู้ดูแลระบบ",
        "link_rate_limited": "ลองรหัสผิดหลายครั้งเกินไป กรุณารอสักครู่ (ไม่เกิน 1 ชั่วโมง) แล้วลองใหม่",
        "link_offline": "การผูกบัญชีต้องทำในแชต LINE, Telegram หรือหน้าเว็บของ dgbot",
        "linked_officer": 'ผูกบัญชีกับ {agency} เรียบร้อยแล้ว ถาม "คะแนนของเรา" ได้เลยครับ',
        "linked_coordinator": 'ผูกบัญชีเป็นผู้ประสานงานของ {scope} เรียบร้อยแล้ว ถาม "คะแนน" เพื่อดูภาพรวมได้เลยครับ',
        "linked_admin": "ผูกบัญชีเป็นผู้ดูแลระบบเรียบร้อยแล้ว",
        "btn_detail": "รายละเอียด",
        "btn_improve": "5 ข้อควรปรับปรุง",
        "btn_chart": "กราฟ",
        "btn_dims": "เลือกมิติ",
        "chart_caption": "กราฟเรดาร์มิติของ {name} เทียบค่าเฉลี่ยระดับประเทศ",
        "pick_dimension": "เลือกมิติที่ต้องการดู",
        "notice": (
            "ข้อมูลส่วนบุคคล: dgbot เก็บรหัสบัญชีแชต ภาษา สิทธิ์ที่ผูกไว้ และสถานะการสนทนาล่าสุด "
            "เพื่อตอบคำถามและส่งการแจ้งเตือนของหน่วยงาน เก็บไว้จนกว่าจะสั่งลบ "
            "พิมพ์ /forget เพื่อลบข้อมูลทั้งหมด หรือ /mute เพื่อหยุดรับการแจ้งเตือน"
        ),
        "unsupported": "ขอบคุณครับ ตอนนี้ผมอ่านได้เฉพาะข้อความ กรุณาพิมพ์คำถามครับ",
        "muted": "หยุดส่งการแจ้งเตือนและประกาศให้แล้วครับ พิมพ์ /unmute เพื่อรับอีกครั้ง",
        "unmuted": "เปิดรับการแจ้งเตือนและประกาศอีกครั้งแล้วครับ",
        "forget_confirm": "ต้องการลบข้อมูลทั้งหมดของท่าน (บัญชี สิทธิ์ที่ผูกไว้ การสนทนา ข้อความที่รอส่ง) ใช่ไหมครับ ลบแล้วกู้คืนไม่ได้",
        "forget_yes": "ยืนยัน ลบข้อมูล",
        "forget_no": "ยกเลิก",
        "forgotten": "ลบข้อมูลทั้งหมดของท่านแล้วครับ หากต้องการใช้งานอีก ทักมาได้ทุกเมื่อ",
        "forget_cancelled": "ยกเลิกแล้ว ไม่มีข้อมูลใดถูกลบครับ",
        "btn_help": "ช่วยเหลือ",
        "btn_dimension": "ดูมิติ {code}",
    },
    "en": {
        "dimension_label": "Dimension",
        "framework_label": "B.E. {year} framework",
        "indicator_label": "Indicator",
        "recommendation": "Official recommendation (in Thai)",
        "part": "part {n}/{total}",
        "more": "Read more ({n}/{total})",
        "no_more": "That was all of it. Ask about another indicator any time.",
        "averages": "National averages B.E. {year}",
        "level_department": "department level",
        "level_province": "provincial level",
        "not_surveyed": "not surveyed",
        "same_in_other": "Same indicator in the B.E. {year} framework: {code} {name}",
        "weight": "weight {weight:g}%",
        "indicators_in_dimension": "Indicators in this dimension",
        "pick_indicator": 'Pick an indicator for its recommendation, or type its code, e.g. "indicator {code}"',
        "clarify": "I'm not sure which one you mean. Is it one of these? (tap or type the number)",
        "unknown": "Sorry, I didn't understand that. Here is what I can help with",
        "help": (
            "I'm dgbot, your assistant for the Digital Government Readiness survey. Try:\n"
            '• an indicator and its recommendation: "Digital Literacy", "leadership continuity plan", "indicator 2.4 2016"\n'
            '• a dimension: "dimension 3", "Smart Back Office"\n'
            '• scores: "what is our score"\n'
            '• business continuity plans: "what is BCP"\n'
            '• type "/lang th" for Thai'
        ),
        "greeting": "Hello! I can help with the Digital Government Readiness survey.",
        "thanks": "You're welcome. Ask me anything else about the survey.",
        "bcp": "Business Continuity Plan (BCP)",
        "bcp_indicator": "The B.E. 2559 framework's indicator {code} {name} recommends:",
        "language_set": "Switched to English.",
        "error": "Sorry, something went wrong while answering. Could you ask again?",
        "score_unlinked": (
            "Each agency's survey result is confidential and released only to that agency. "
            "This chat account is not linked to an agency, so I cannot show any score.\n"
            'Ask your administrator for an invite code, then type "link CODE" (or /link CODE).'
        ),
        "score_no_access": "Sorry, this account may not see that agency's results.",
        "score_no_data": "No survey results for {name} have been imported yet.",
        "score_pick": 'Which agency? Type "score AGENCY_CODE", e.g. "score {example}"',
        "link_usage": 'Type "link CODE" with the invite code your administrator gave you.',
        "link_invalid": "That code does not work (mistyped, expired or already used). Please check with your administrator.",
        "link_rate_limited": "Too many wrong codes. Please wait a while (at most an hour) and try again.",
        "link_offline": "Linking works in the LINE, Telegram or web chat of dgbot.",
        "linked_officer": 'Linked to {agency}. Ask "our score" any time.',
        "linked_coordinator": 'Linked as coordinator of {scope}. Ask "score" for the overview.',
        "linked_admin": "Linked as administrator.",
        "btn_detail": "Details",
        "btn_improve": "Improve first",
        "btn_chart": "Chart",
        "btn_dims": "Pick a dimension",
        "chart_caption": "Radar chart of {name}'s dimensions against the national average",
        "pick_dimension": "Pick a dimension",
        "notice": (
            "Privacy: dgbot keeps your chat account id, language, the roles you linked and the "
            "last conversation state, to answer you and send your agency's reminders, until you "
            "ask to delete them. Type /forget to delete everything, /mute to stop reminders."
        ),
        "unsupported": "Thanks! I can only read text for now. Please type your question.",
        "muted": "Reminders and announcements are off. Type /unmute to turn them on again.",
        "unmuted": "Reminders and announcements are on again.",
        "forget_confirm": "Delete everything dgbot keeps about you (account, linked roles, conversation, queued messages)? This cannot be undone.",
        "forget_yes": "Yes, delete",
        "forget_no": "Cancel",
        "forgotten": "Everything about you has been deleted. Say hello any time to start again.",
        "forget_cancelled": "Cancelled: nothing was deleted.",
        "btn_help": "Help",
        "btn_dimension": "Dimension {code}",
    },
}


def t(language: str, key: str, **values: object) -> str:
    """The text ``key`` in ``language`` (Thai when the language is unknown)."""
    table = TEXTS.get(language, TEXTS["th"])
    return table[key].format(**values) if values else table[key]
