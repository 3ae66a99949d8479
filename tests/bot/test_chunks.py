from bot.chunks import split_text


def test_short_text_is_one_part() -> None:
    assert split_text("abc\ndef", 100) == ["abc\ndef"]


def test_parts_respect_the_limit_and_keep_everything() -> None:
    text = "\n".join(f"{n}. " + "ก" * 70 for n in range(30))
    parts = split_text(text, 300)
    assert all(len(p) <= 300 for p in parts)
    assert "\n".join(parts) == text


def test_a_long_line_is_cut_between_words() -> None:
    text = " ".join(["word"] * 200)
    parts = split_text(text, 100)
    assert all(len(p) <= 100 for p in parts)
    assert " ".join(parts).split() == text.split()


def test_an_unbroken_run_is_cut_hard() -> None:
    parts = split_text("x" * 250, 100)
    assert [len(p) for p in parts] == [100, 100, 50]
