"""Pins the transcription of the source documents into knowledge/data/."""

from __future__ import annotations

import re

import pytest

from knowledge.loader import KnowledgeBase

NAMES_2559 = {
    "1": (
        "Policies and Practices",
        15,
        [
            "Citizen centric and value creation",
            "Agency ICT strategy to support national digital government objectives",
            "E-Government cyber security",
            "E-Government e-laws and e-regulations compliance",
            "Data privacy",
            "Effective allocation of budgets",
        ],
    ),
    "2": (
        "Secure and Efficient Infrastructure",
        20,
        [
            "Technology Infrastructure",
            "Data integration",
            "Data Centre",
            "Government Cloud",
            "Data authentication and verification",
        ],
    ),
    "3": (
        "Smart Back Office Practices",
        20,
        [
            "Operational efficiency",
            "Digitalization of documents and services",
            "Dedicated employees for E-Government systems",
            "Inter-operability",
        ],
    ),
    "4": (
        "E-Officer with digital capability",
        15,
        ["Public Personnel Capabilities", "E-Leader capabilities", "Leadership continuity plan"],
    ),
    "5": (
        "Accessible and convenient public services",
        25,
        [
            "Public information and Services",
            "Depth of information and services",
            "Single point of access",
            "Innovation of e-services",
            "Open data",
            "Feedback",
        ],
    ),
    "6": (
        "Smart technologies and practices",
        5,
        [
            "Digital society",
            "Open government",
            "Big data",
            "Internet of things",
            "Business continuity practices",
        ],
    ),
}

NAMES_2560 = {
    "1": (
        "Policies/Practices",
        [
            "Digital Government Policy",
            "Policy Harmonization with National Policy Level",
            "Cyber Security Policy",
            "Critical Infrastructure",
            "Data Privacy and Sharing",
            "Effective Allocation of the Budgets",
        ],
    ),
    "2": (
        "Digital Capabilities",
        [
            "Public Personnel Capabilities",
            "Digital Leadership",
            "Leadership Continuity Plan",
            "Digital Literacy",
        ],
    ),
    "3": (
        "Public Services",
        [
            "Proportion of Digital Service",
            "Customer Experience",
            "Promote for Using Digital Service",
            "Service Support",
        ],
    ),
    "4": ("Smart Back Office", ["Operational Efficiency", "ERP Development", "Interoperability"]),
    "5": ("Secure and Efficient Infrastructure", ["Reliability Infrastructure", "Data Management"]),
    "6": (
        "Smart Technological Practices",
        [
            "Big Data Analytic/Predictive Analytic",
            "IoT, AI or other advanced Technologies",
            "Social and Mobile Technologies",
        ],
    ),
}

# Seed 004, read off its charts (department, then province); None = not surveyed.
AVERAGES_2560 = {
    "department": (
        274,
        302,
        57.8,
        [57.9, 66.0, 50.3, 49.3, 67.0, 47.0],
        [
            47.1,
            40.8,
            80.1,
            89.3,
            57.7,
            72.3,
            72.9,
            76.1,
            43.5,
            64.4,
            45.7,
            38.8,
            63.7,
            57.6,
            52.4,
            32.5,
            62.1,
            66.6,
            71.0,
            39.5,
            32.5,
            78.8,
        ],
    ),
    "province": (
        1179,
        1444,
        34.4,
        [34.2, 36.5, 31.0, 41.6, 32.8, None],
        [
            44.1,
            7.9,
            39.4,
            62.5,
            44.4,
            19.5,
            49.1,
            45.9,
            19.7,
            26.9,
            31.2,
            21.4,
            46.5,
            24.6,
            42.4,
            19.4,
            62.8,
            31.2,
            43.6,
            None,
            None,
            None,
        ],
    ),
}

SCARS = {
    "space before sara aa (broken sara am)": re.compile(r"\s\u0e32"),
    "nikhahit + sara aa": re.compile("\u0e4d\u0e32"),
    "doubled sara aa": re.compile("\u0e32\u0e32"),
    "HTML tag": re.compile(r"</?(p|ul|ol|li|br|span|div|strong|em)\b[^>]*>", re.I),
    "zero-width character": re.compile("[\u200b\u200c\u200d\ufeff]"),
    "glued numbers": re.compile(r"\b\d{2}\.\d\d{2}\.\d\b"),
    "tab": re.compile("\t"),
}


def all_texts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    out = []
    for key, entry in kb.indicators.items():
        ind = entry.indicator
        for field in (
            "name_en",
            "name_th",
            "recommendation",
            "recommendation_missing_note_th",
            "recommendation_missing_note_en",
        ):
            value = getattr(ind, field)
            if value:
                out.append((f"{key} {field}", value))
        out += [(f"{key} alias", a) for a in ind.aliases]
        out += [(f"{key} keyword", k) for k in ind.keywords]
    for key, entry in kb.dimensions.items():
        out += [(f"dim {key}", entry.dimension.name_th), (f"dim {key}", entry.dimension.name_en)]
    out += [(f"glossary {t.term}", t.description_th) for t in kb.glossary.terms]
    out += [(f"maturity {m.level}", m.description_th) for m in kb.maturity.maturity_levels]
    out += [(f"group {g.group}", g.description_th) for g in kb.groups.agency_groups]
    return out


def test_framework_2559_matches_seed_000(kb: KnowledgeBase) -> None:
    framework = kb.frameworks["2559"]
    assert [d.code for d in framework.dimensions] == list(NAMES_2559)
    for dim in framework.dimensions:
        name, weight, indicators = NAMES_2559[dim.code]
        assert dim.name_en == name and dim.weight == weight and dim.name_th
        assert [i.name_en for i in dim.indicators] == indicators
        assert [i.code for i in dim.indicators] == [
            f"{dim.code}.{n}" for n in range(1, len(indicators) + 1)
        ]
    assert sum(len(d.indicators) for d in framework.dimensions) == 29
    assert sum(d.weight for d in framework.dimensions) == 100


def test_framework_2560_matches_seed_001(kb: KnowledgeBase) -> None:
    framework = kb.frameworks["2560"]
    for dim in framework.dimensions:
        name, indicators = NAMES_2560[dim.code]
        assert dim.name_en == name and dim.name_th
        assert [i.name_en for i in dim.indicators] == indicators
        assert all(i.name_th for i in dim.indicators)
    assert sum(len(d.indicators) for d in framework.dimensions) == 22
    assert kb.indicator("2560", "2.3").indicator.name_th == "แผนการสานต่อภารกิจ"
    assert kb.indicator("2560", "2.4").indicator.name_th == "ความรู้เท่าทันและใช้เทคโนโลยีดิจิทัลเป็น"


def test_every_indicator_has_its_recommendation_but_2559_1_6(kb: KnowledgeBase) -> None:
    missing = [key for key, e in kb.indicators.items() if not e.indicator.recommendation]
    assert missing == [("2559", "1.6")]
    note = kb.indicator("2559", "1.6").indicator
    assert "Effective Allocation of the Budgets" in note.recommendation_missing_note_en
    assert "ประสิทธิภาพในการจัดสรรงบประมาณ" in note.recommendation_missing_note_th


def test_recommendations_keep_their_substance(kb: KnowledgeBase) -> None:
    """Spot checks that long texts were transcribed whole, links included."""
    policy = kb.indicator("2560", "1.2").indicator
    assert "มาตรา ๒๑" in policy.recommendation and "มาตรา ๒๒" in policy.recommendation
    assert "http://www.ratchakitcha.soc.go.th/DATA/PDF/2560/A/010/1.PDF" in policy.links
    assert "Smart Government" in policy.recommendation
    lcp = kb.indicator("2560", "2.3").indicator
    assert lcp.recommendation.startswith("จัดทำแผนการเตรียมความพร้อมบุคลากร")
    assert len(kb.indicator("2560", "2.2").indicator.recommendation) > 1000


@pytest.mark.parametrize("level", ["department", "province"])
def test_national_averages_are_every_figure_of_seed_004(kb: KnowledgeBase, level: str) -> None:
    responded, surveyed, overall, dims, indicators = AVERAGES_2560[level]
    survey = {lv.level: lv for lv in kb.level_averages("2560")}[level]
    assert (survey.responded, survey.surveyed, survey.overall) == (responded, surveyed, overall)
    assert [d.item for d in survey.dimensions] == [NAMES_2560[c][0] for c in NAMES_2560]
    assert [d.score for d in survey.dimensions] == dims
    names = [name for _, (_, inds) in NAMES_2560.items() for name in inds]
    assert [i.item for i in survey.indicators] == names
    assert [i.score for i in survey.indicators] == indicators


def test_cross_framework_links_are_symmetric(kb: KnowledgeBase) -> None:
    for key, entry in kb.indicators.items():
        for other in kb.related(entry):
            assert key in [o.key for o in kb.related(other)], (key, other.key)
    assert [o.key for o in kb.related(kb.indicator("2559", "1.6"))] == [("2560", "1.6")]


def test_reference_lists(kb: KnowledgeBase) -> None:
    assert [m.name_en for m in kb.maturity.maturity_levels] == [
        "e-Government",
        "Open Government",
        "Data Centric Government",
        "Fully Digital Government",
        "Smart Government",
    ]
    assert [g.name_en for g in kb.groups.agency_groups] == [
        "Rising Star",
        "Developed",
        "Maintainer",
        "Developing",
    ]
    types = kb.provincial_types.provincial_agency_types
    assert len(types) == 19 and types[0].name_th == "สำนักงานจังหวัด"
    assert all("ลำปาง" not in t.name_th for t in types)


def test_glossary_covers_the_systems_recommendations_mention(kb: KnowledgeBase) -> None:
    for term in [
        "G-Cloud",
        "GIN",
        "e-CMS",
        "MailGoThai",
        "GFMIS",
        "DPIS",
        "SSO",
        "ERP",
        "CIO",
        "BCP",
        "Call Tree",
    ]:
        assert kb.glossary_term(term) is not None, term


def test_no_extraction_scar_left(kb: KnowledgeBase) -> None:
    problems = [
        (where, name, pattern.search(text).group(0))
        for where, text in all_texts(kb)
        for name, pattern in SCARS.items()
        if pattern.search(text)
    ]
    assert problems == []
