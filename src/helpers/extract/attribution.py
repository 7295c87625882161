"""Who a sentence is about: a district, the city / the nation, or the district in context.

A figure belongs to the subject named nearest before it in its sentence: a district
name (with or without `quận`/`huyện`/`thị xã`), a generic district word (`quận`,
`toàn huyện`, `trên địa bàn`) meaning the district in context, or a city-wide or national
marker (`Hà Nội`, `toàn thành phố`, `cả nước`) whose figures are never a district's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.extract.gazetteer import District, find_mentions

CITY = "city"
WARD = "ward"  # a ward, commune or township inside a district: its figures are not the district's

# Words that, right before a district's name, make it a ward, street or landmark instead.
_NOT_A_DISTRICT_BEFORE_RE = re.compile(
    r"(?:phuong|xa|thi tran|ho|cau|song|duong|pho|ngo|cho|ga|ben xe|lang|nui|cong vien|"
    r"khu do thi|toa nha|truong)\s*$"
)
_GENERIC_DISTRICT_RE = re.compile(
    r"\b(?:toan |cua |tai |o )?(?:quan|huyen|thi xa)\b(?! (?:uy|doi|su|ly))"
    r"|(?P<weak>\btren dia ban\b(?! (?:thanh pho|tp|ha noi|thu do|ca nuoc))|\bdia phuong\b)"
)
# City-wide or national subjects; a plan "assigned by the city" does not count.
_CITY_RE = re.compile(
    r"\b(?:toan |tai |tren dia ban )?(?:thanh pho|tp|thu do)\b(?! (?:giao|uy|ha noi giao))"
    r"|\bha noi\b(?! giao)|\bca nuoc\b|\btoan quoc\b|\bnuoc ta\b|\bviet nam\b"
)
# A named ward, commune or township (`phường Nhật Tân`, `xã Nam Hồng`): NFC text, the
# name capitalised, so `xã hội` (society) and `các xã` (the communes) are not one.
_WARD_RE = re.compile(r"(?<!\w)(?<![Tt]hị )(?:[Pp]hường|[Xx]ã|[Tt]hị trấn)\s+(?P<initial>\w)")
# City markers that belong to an institution's name or a complement ("sự chỉ đạo của
# thành phố"), not to the subject of a sentence.
_CITY_NOT_SUBJECT_BEFORE_RE = re.compile(
    r"(?:uy ban|ubnd|hdnd|mat tran|thanh uy|so|cuc|ban|hoi|bao|dai|cong an|lien doan|"
    r"chu tich|bi thu|pho chu tich|truong ban|giam doc)(?: \w+){0,5}\s*$"
    r"|\b(?:theo|voi|cho|tu|ve|den|giua|nhu|so voi|hon)\s*$"
    r"|\b(?:chi dao|lanh dao|chu truong|quy dinh|huong dan|yeu cau|ke hoach|nghi quyet|"
    r"quyet dinh|chuong trinh|de an|quan tam|ho tro)(?: \w+){0,3}? cua\s*$"
)


@dataclass(frozen=True)
class Subject:
    """A subject marker in a sentence: `district` is a District, CITY, WARD, or None (the
    district in context)."""

    start: int
    end: int
    district: District | str | None


def sentence_subjects(sentence: str, folded: str) -> list[Subject]:
    """Subject markers in one sentence (NFC text and its fold), in order."""
    subjects: list[Subject] = []
    named_spans: list[tuple[int, int]] = []
    for mention in find_mentions(sentence):
        if mention.type_word is None and _NOT_A_DISTRICT_BEFORE_RE.search(
            folded, max(0, mention.start - 12), mention.start
        ):
            continue
        subjects.append(Subject(mention.start, mention.end, mention.district))
        named_spans.append((mention.start, mention.end))
    weak_starts = set()
    for match in _GENERIC_DISTRICT_RE.finditer(folded):
        if not any(s <= match.start() < e for s, e in named_spans):
            subjects.append(Subject(match.start(), match.end(), None))
            if match.group("weak"):
                weak_starts.add(match.start())
    for match in _WARD_RE.finditer(sentence):
        if match.group("initial").isupper() and not any(
            s <= match.start() < e for s, e in named_spans
        ):
            subjects.append(Subject(match.start(), match.end(), WARD))
    for match in _CITY_RE.finditer(folded):
        if _CITY_NOT_SUBJECT_BEFORE_RE.search(folded, max(0, match.start() - 40), match.start()):
            continue
        subjects.append(Subject(match.start(), match.end(), CITY))
    subjects.sort(key=lambda s: (s.start, -s.end))
    # "trên địa bàn" (in the area) refers to whatever unit the sentence named before it.
    return [
        s
        for i, s in enumerate(subjects)
        if not (s.start in weak_starts and i > 0 and subjects[i - 1].district in (CITY, WARD))
    ]


def subject_before(subjects: list[Subject], position: int) -> Subject | None:
    """The subject marker nearest before `position`, if any."""
    before = [s for s in subjects if s.end <= position]
    return before[-1] if before else None
