"""Pins the transcription of seed 003 (the B.E. 2563 BCP review letter)."""

from datetime import date

from knowledge.loader import KnowledgeBase


def test_guide(kb: KnowledgeBase) -> None:
    guide = kb.bcp
    assert [c.code for c in guide.components] == [f"2.{n}" for n in range(1, 9)]
    assert guide.components[7].name_th == "กระบวนการแจ้งเหตุฉุกเฉิน (Call Tree)"
    assert [s.code for s in guide.review_steps] == ["3.1", "3.2", "3.3", "3.4"]
    assert guide.campaign.deadline == date(2020, 6, 30) and guide.campaign.year_be == 2563
    assert "๓๐ มิถุนายน ๒๕๖๓" in guide.deadline_th
    emails = {c.value for c in guide.contacts if c.kind == "email"}
    assert {"opdcbcm@opdc.go.th", "foresight@opdc.go.th", "kpi.moidata@gmail.com"} <= emails
    assert any(c.kind == "line" and c.value == "@opdcteam" for c in guide.contacts)
    assert {r.category for r in guide.routing} == {
        "central",
        "central_regional",
        "provincial_administration",
        "local_large",
        "local_small",
        "provincial_office",
    }
    assert guide.file_forms and guide.security_rule_th
