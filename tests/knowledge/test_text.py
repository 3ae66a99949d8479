from knowledge.text import ThaiTokenizer, has_thai, looks_english, normalise


def test_normalise_repairs_sara_am_zero_width_digits_and_case() -> None:
    assert normalise("จ\u0e4d\u0e32นวน") == "จำนวน"
    assert normalise("แผน\u200bการ\u200cสานต่อ") == "แผนการสานต่อ"
    assert normalise("ข้อ ๒.๔ ปี ๒๕๕๙") == "ข้อ 2.4 ปี 2559"
    assert normalise("  Digital   LITERACY ") == "digital literacy"
    assert normalise("การพัฒนาารัฐบาล") == "การพัฒนารัฐบาล"


def test_tokens_split_thai_words_and_scripts() -> None:
    tokenizer = ThaiTokenizer()
    assert tokenizer.tokens(normalise("แผนการสานต่อภารกิจ")) == ["แผนการ", "สานต่อ", "ภารกิจ"]
    assert tokenizer.tokens(normalise("ข้อ2.4ปี2559")) == ["ข้อ", "2.4", "ปี", "2559"]
    assert tokenizer.tokens(normalise("Big Data Analytic/Predictive")) == [
        "big",
        "data",
        "analytic",
        "predictive",
    ]


def test_domain_words_stay_whole() -> None:
    assert ThaiTokenizer(["พร้อมเพย์"]).tokens("โอนพร้อมเพย์") == ["โอน", "พร้อมเพย์"]


def test_script_detection() -> None:
    assert has_thai("abc ก") and not has_thai("abc")
    assert looks_english("digital literacy") and not looks_english("digital ดิจิทัล")
    assert not looks_english("2.4")
