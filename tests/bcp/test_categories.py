from bcp.categories import CATEGORIES, category_of, default_category
from db.tables import Agency
from knowledge.loader import KnowledgeBase
from scoring.directory import provincial_directory


def agency(**fields) -> Agency:
    base = {
        "code": "X",
        "name_th": "x",
        "level": "province",
        "province": "ลำปาง",
        "ministry": None,
        "agency_type": None,
        "parent_code": None,
        "bcp_category": None,
    }
    return Agency(**{**base, **fields})


def test_directory_types_map_to_the_seed_categories(kb: KnowledgeBase) -> None:
    rows = [r for r in provincial_directory(kb) if r["province"] == "ลำปาง"]
    found = {r["agency_type"]: default_category(agency(**r)) for r in rows}
    assert found["สำนักงานจังหวัด"] == "provincial_office"
    assert found["องค์การบริหารส่วนจังหวัด"] == "local_large"
    assert found["สถาบันพัฒนาฝีมือแรงงาน"] == "central_regional"
    assert found["สำนักงานเกษตรจังหวัด"] == "provincial_administration"
    assert found["ภาพรวมจังหวัด"] is None
    assert set(found.values()) - {None} <= set(CATEGORIES)
    routing = {r.category for r in kb.bcp.routing}
    assert set(CATEGORIES) == routing  # every category has the seed's routing


def test_departments_are_central_and_admins_can_correct() -> None:
    assert default_category(agency(level="department", province=None)) == "central"
    corrected = agency(agency_type="สำนักงานเกษตรจังหวัด", bcp_category="central_regional")
    assert category_of(corrected) == "central_regional"
