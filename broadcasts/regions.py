"""Thailand's six geographical regions (the National Geographical Committee's 1977 division),
by the Thai province names the directory uses. Bangkok is listed under the Central region
though it is not surveyed as a province.

Note: the Ministry of Interior's four-region grouping puts the lower north (e.g. Phitsanulok,
Sukhothai) in the North; here they are Central, as in the geographical standard.
"""

from __future__ import annotations

REGIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "north": (
        "ภาคเหนือ",
        "North",
        (
            "เชียงราย",
            "เชียงใหม่",
            "น่าน",
            "พะเยา",
            "แพร่",
            "แม่ฮ่องสอน",
            "ลำปาง",
            "ลำพูน",
            "อุตรดิตถ์",
        ),
    ),
    "northeast": (
        "ภาคตะวันออกเฉียงเหนือ",
        "Northeast",
        (
            "กาฬสินธุ์",
            "ขอนแก่น",
            "ชัยภูมิ",
            "นครพนม",
            "นครราชสีมา",
            "บึงกาฬ",
            "บุรีรัมย์",
            "มหาสารคาม",
            "มุกดาหาร",
            "ยโสธร",
            "ร้อยเอ็ด",
            "เลย",
            "ศรีสะเกษ",
            "สกลนคร",
            "สุรินทร์",
            "หนองคาย",
            "หนองบัวลำภู",
            "อำนาจเจริญ",
            "อุดรธานี",
            "อุบลราชธานี",
        ),
    ),
    "central": (
        "ภาคกลาง",
        "Central",
        (
            "กรุงเทพมหานคร",
            "กำแพงเพชร",
            "ชัยนาท",
            "นครนายก",
            "นครปฐม",
            "นครสวรรค์",
            "นนทบุรี",
            "ปทุมธานี",
            "พระนครศรีอยุธยา",
            "พิจิตร",
            "พิษณุโลก",
            "เพชรบูรณ์",
            "ลพบุรี",
            "สมุทรปราการ",
            "สมุทรสงคราม",
            "สมุทรสาคร",
            "สิงห์บุรี",
            "สุโขทัย",
            "สุพรรณบุรี",
            "สระบุรี",
            "อ่างทอง",
            "อุทัยธานี",
        ),
    ),
    "east": (
        "ภาคตะวันออก",
        "East",
        ("จันทบุรี", "ฉะเชิงเทรา", "ชลบุรี", "ตราด", "ปราจีนบุรี", "ระยอง", "สระแก้ว"),
    ),
    "west": (
        "ภาคตะวันตก",
        "West",
        ("กาญจนบุรี", "ตาก", "ประจวบคีรีขันธ์", "เพชรบุรี", "ราชบุรี"),
    ),
    "south": (
        "ภาคใต้",
        "South",
        (
            "กระบี่",
            "ชุมพร",
            "ตรัง",
            "นครศรีธรรมราช",
            "นราธิวาส",
            "ปัตตานี",
            "พังงา",
            "พัทลุง",
            "ภูเก็ต",
            "ระนอง",
            "สตูล",
            "สงขลา",
            "สุราษฎร์ธานี",
            "ยะลา",
        ),
    ),
}
_PROVINCE_REGION = {p: key for key, (_, _, provinces) in REGIONS.items() for p in provinces}


def find_region(name: str) -> str | None:
    """A region key from "north", "เหนือ", "ภาคเหนือ", "North" …"""
    wanted = name.strip().casefold().removeprefix("ภาค")
    for key, (thai, english, _) in REGIONS.items():
        if wanted in {key, english.casefold(), thai.removeprefix("ภาค")}:
            return key
    return None


def region_of(province: str | None) -> str | None:
    """The region key of a Thai province name."""
    return _PROVINCE_REGION.get(province or "")
