"""Realistic synthetic members for demos and benchmarks: Iranian names and mobile numbers."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

FIRST_NAMES_FEMALE = [
    "زهرا",
    "فاطمه",
    "مریم",
    "زینب",
    "سارا",
    "نرگس",
    "مهسا",
    "نازنین",
    "الهام",
    "مینا",
    "لیلا",
    "شیما",
    "ریحانه",
    "فرشته",
    "سمیرا",
    "هانیه",
    "پریسا",
    "آزاده",
    "یگانه",
    "ستاره",
    "نیلوفر",
    "مهتاب",
    "آیدا",
    "سحر",
    "غزل",
    "کوثر",
    "هستی",
    "ترانه",
    "بهاره",
    "نگار",
    "فریبا",
    "شیرین",
    "رها",
    "الناز",
    "مائده",
    "محدثه",
    "نسترن",
    "یاسمن",
]
FIRST_NAMES_MALE = [
    "محمد",
    "علی",
    "حسین",
    "رضا",
    "مهدی",
    "امیر",
    "حسن",
    "ابوالفضل",
    "محمدرضا",
    "امیرحسین",
    "مصطفی",
    "سعید",
    "حمید",
    "مجید",
    "جواد",
    "احمد",
    "کاظم",
    "علیرضا",
    "پویا",
    "آرش",
    "بابک",
    "کامران",
    "فرهاد",
    "داریوش",
    "سینا",
    "پارسا",
    "آرمان",
    "بهزاد",
    "نیما",
    "یوسف",
    "هادی",
    "مرتضی",
    "وحید",
    "ایمان",
    "سجاد",
    "میلاد",
    "کیان",
    "رامین",
]
LAST_NAMES = [
    "محمدی",
    "حسینی",
    "احمدی",
    "رضایی",
    "کریمی",
    "موسوی",
    "جعفری",
    "صادقی",
    "رحیمی",
    "هاشمی",
    "قاسمی",
    "نوری",
    "کاظمی",
    "حیدری",
    "ابراهیمی",
    "عباسی",
    "زارعی",
    "سلیمانی",
    "یوسفی",
    "اکبری",
    "تهرانی",
    "شیرازی",
    "اصفهانی",
    "تبریزی",
    "مشهدی",
    "کرمانی",
    "رستمی",
    "امینی",
    "باقری",
    "طاهری",
    "نجفی",
    "فلاحی",
    "شریفی",
    "مرادی",
    "سبحانی",
    "نظری",
    "خسروی",
    "عزیزی",
    "بهرامی",
    "فرهادی",
    "کیانی",
    "سعیدی",
    "ملکی",
    "جمالی",
    "میرزایی",
    "صفری",
]
LATIN_FIRST = ["Ali", "Sara", "Reza", "Maryam", "Amir", "Neda", "Omid", "Leila", "Babak", "Shirin"]
LATIN_LAST = ["Ahmadi", "Karimi", "Rahimi", "Tehrani", "Hosseini", "Moradi", "Kazemi", "Jafari"]
# Operator prefixes of Iranian mobile lines (national numbers start with these three digits).
MOBILE_PREFIXES = [
    "910",
    "911",
    "912",
    "913",
    "914",
    "915",
    "916",
    "917",
    "918",
    "919",
    "990",
    "991",
    "992",
    "993",
    "994",
    "901",
    "902",
    "903",
    "905",
    "930",
    "933",
    "935",
    "936",
    "937",
    "938",
    "939",
    "920",
    "921",
    "922",
]
LINES_PER_PREFIX = 10_000_000


@dataclass(frozen=True)
class DemoMember:
    phone: str  # E.164
    first_name: str
    last_name: str
    gender: str
    sms_consent: bool


def _picker(rng: random.Random) -> Callable[[Sequence[str]], str]:
    """``rng.choice`` without its per-call overhead (a million members need speed)."""
    unit = rng.random
    return lambda items: items[int(unit() * len(items))]


def demo_members(count: int, seed: int = 1405) -> Iterator[DemoMember]:
    """``count`` members with distinct phones; the same seed gives the same people."""
    rng = random.Random(seed)
    pick = _picker(rng)
    space = len(MOBILE_PREFIXES) * LINES_PER_PREFIX
    for number in rng.sample(range(space), count):
        prefix, line = divmod(number, LINES_PER_PREFIX)
        roll = rng.random()
        if roll < 0.05:
            first, last, gender = pick(LATIN_FIRST), pick(LATIN_LAST), "unspecified"
        elif roll < 0.5:
            first, last, gender = pick(FIRST_NAMES_FEMALE), pick(LAST_NAMES), "female"
        else:
            first, last, gender = pick(FIRST_NAMES_MALE), pick(LAST_NAMES), "male"
        yield DemoMember(
            phone=f"+98{MOBILE_PREFIXES[prefix]}{line:07d}",
            first_name=first,
            last_name=last,
            gender=gender,
            sms_consent=rng.random() < 0.7,
        )
