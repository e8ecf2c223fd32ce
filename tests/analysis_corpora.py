"""Small corpora built for the report analyses' tests (stories, sources, periods, countries).

Written for this project in the style of Persian agency copy; every file has
the ``date YYYY-MM-DD SOURCE`` header the loader reads.
"""

from __future__ import annotations

import random

TITLE = "افزایش صادرات گاز ایران به ترکیه و عراق"
LEAD = (
    "مدیرعامل شرکت ملی گاز ایران روز دوشنبه گفت صادرات گاز به ترکیه و عراق در هفت ماه نخست امسال "
    "نسبت به مدت مشابه سال گذشته افزایش یافته است."
)
BODY = [
    "او افزود قرارداد سوآپ گاز ترکمنستان از مسیر ایران نیز تمدید شده و روزانه پنج میلیون متر مکعب گاز "
    "از مرز سرخس دریافت و در مرز بازرگان تحویل داده می‌شود.",
    "به گفته وی، ظرفیت خط لوله سراسری ششم تا پایان سال افزایش می‌یابد و ایران می‌تواند به هاب گازی منطقه تبدیل شود.",
    "مدیرعامل شرکت ملی گاز همچنین از آغاز مذاکرات فنی با شرکت‌های روسی برای نوسازی ایستگاه‌های تقویت فشار خبر داد.",
    "کارشناسان انرژی این توافق را گامی مهم در همکاری‌های منطقه‌ای و افزایش درآمدهای ارزی کشور می‌دانند.",
]


def _article(date: str, source: str, title: str, credit: str, lead: str, body: list[str]) -> str:
    return f"date {date} {source}\n{title}\n\n{credit} {lead} {' '.join(body)}\n"


def republished_story() -> tuple[dict[str, str], dict[str, str]]:
    """An IRNA story republished with edits by four outlets, and two other stories.

    Returns the files and the planned story of each document id.
    """
    files = {
        "irna/gas-exports.txt": _article("2025-11-10", "ایرنا", TITLE, "به گزارش ایرنا،", LEAD, BODY),
        # another headline, credit «به نقل از»
        "isna/gas-swap.txt": _article(
            "2025-11-10", "ایسنا", "تمدید سوآپ گاز ترکمنستان؛ صادرات به ترکیه بیشتر شد", "به نقل از ایرنا،", LEAD, BODY
        ),
        # a rewritten lead
        "mehr/gas.txt": _article(
            "2025-11-11", "مهر", TITLE, "به گزارش ایرنا،",
            "صادرات گاز ایران به دو همسایه غربی یعنی ترکیه و عراق در هفت ماه امسال بیشتر شده است.", BODY,
        ),  # fmt: skip
        # a dropped sentence and an added closing line
        "hamshahri/gas.txt": _article(
            "2025-11-11", "همشهری", TITLE, "به گزارش ایرنا،", LEAD,
            [*BODY[:2], BODY[3], "این خبر در حالی منتشر می‌شود که مذاکرات تازه‌ای برای صادرات گاز به پاکستان نیز در جریان است."],
        ),  # fmt: skip
        # the same text with Arabic letters and without ZWNJ, a day later
        "donya/gas.txt": _article(
            "2025-11-12", "دنیای اقتصاد", TITLE, "به گزارش ایرنا،", LEAD.replace("ی", "ي").replace("ک", "ك"),
            [s.replace("\u200c", "") for s in BODY],
        ),  # fmt: skip
        # the same subject, another story
        "shana/swap.txt": _article(
            "2025-11-12", "شانا", "گفت‌وگوی وزیران نفت ایران و ترکمنستان در عشق‌آباد", "به گزارش شانا،",
            "وزیر نفت در دیدار با همتای ترکمنستانی خود در عشق‌آباد درباره افزایش حجم سوآپ گاز و ساخت خط لوله تازه گفت‌وگو کرد.",
            ["دو طرف بر تکمیل مطالعات مسیر خط لوله تا پایان سال تأکید کردند و قرار شد کارگروه مشترک فنی ماه آینده در تهران تشکیل شود.",
             "وزیر نفت گفت ایران آماده است تجربه خود در ساخت پالایشگاه و پتروشیمی را در اختیار شرکای منطقه‌ای قرار دهد."],
        ),  # fmt: skip
        "irna/sco.txt": _article(
            "2025-11-13", "ایرنا", "نشست وزیران خارجه سازمان همکاری شانگهای", "به گزارش ایرنا،",
            "نشست وزیران امور خارجه کشورهای عضو سازمان همکاری شانگهای در بیشکک برگزار شد.",
            ["وزیر امور خارجه کشورمان در این نشست بر گسترش همکاری‌های اقتصادی و امنیتی میان اعضا تأکید کرد."],
        ),  # fmt: skip
    }
    plan = {
        "irna/gas-exports": "irna/gas-exports", "isna/gas-swap": "irna/gas-exports", "mehr/gas": "irna/gas-exports",
        "hamshahri/gas": "irna/gas-exports", "donya/gas": "irna/gas-exports", "shana/swap": "shana/swap", "irna/sco": "irna/sco",
    }  # fmt: skip
    return files, plan


ENERGY = [
    "صادرات گاز به ترکیه افزایش یافت.", "ظرفیت پالایشگاه تازه به صد هزار بشکه نفت در روز رسید.",
    "خط لوله انتقال گاز به عراق تکمیل شد.", "تولید برق نیروگاه‌های کشور از مرز نود هزار مگاوات گذشت.",
    "قرارداد سوآپ گاز ترکمنستان تمدید شد.", "میدان نفتی آزادگان به تولید تازه رسید.",
]
TRADE = [
    "حجم مبادلات تجاری با روسیه دو برابر شد.", "صادرات غیرنفتی به کشورهای همسایه رشد کرد.",
    "موافقت‌نامه تجارت آزاد با اتحادیه اقتصادی اوراسیا اجرایی شد.", "واردات کالاهای اساسی از هند افزایش یافت.",
    "تعرفه گمرکی هشتصد قلم کالا کاهش یافت.", "اتاق بازرگانی مشترک ایران و قزاقستان تشکیل شد.",
]
NEUTRAL = [
    "این خبر را خبرنگار ما از تهران گزارش کرده است.", "نشست بعدی هفته آینده برگزار می‌شود.",
    "مقام‌های دو طرف بر ادامه گفت‌وگوها تأکید کردند.", "جزئیات بیشتر در روزهای آینده اعلام خواهد شد.",
]


def two_outlets(n_per_outlet: int = 20, seed: int = 7) -> dict[str, str]:
    """ایرنا writes mostly about energy, ایسنا mostly about trade; two Jalali
    months (Mehr and Azar 1404). ایرنا's articles also carry the planted word
    «پهپادی», which ایسنا never uses."""
    rng = random.Random(seed)
    files = {}
    for outlet, main, other, folder in (("ایرنا", ENERGY, TRADE, "irna"), ("ایسنا", TRADE, ENERGY, "isna")):
        for i in range(n_per_outlet):
            day = "2025-10-05" if i < n_per_outlet // 2 else "2025-11-25"  # 1404-07-13 and 1404-09-04
            sentences = rng.sample(main, 3) + rng.sample(NEUTRAL, 2)
            if i % 5 == 0:
                sentences.append(rng.choice(other))
            if outlet == "ایرنا":
                sentences.append("گزارش پهپادی از منطقه و تصویر پهپادی تازه منتشر شد.")
            sentences.append(f"شماره این گزارش {i + 1} در سامانه {folder} ثبت شد.")
            files[f"{folder}/{i:02d}.txt"] = f"date {day} {outlet}\nگزارش {i + 1}\n\n{' '.join(sentences)}\n"
    return files
