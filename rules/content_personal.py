"""Personal data on a page: resident ID numbers, mobile numbers, bank card numbers.

Basis: 《政府信息公开条例》第十五条 (信息涉及个人隐私、公开会对第三方合法权益造成损害的，
不得公开) and 《个人信息保护法》第二十八条 (身份证件号码、金融账户 are sensitive personal
data); 《政府网站与政务新媒体检查指标》 counts 信息泄露 as a veto item.

What is flagged, on normalised text (full-width digits are digits):

- an 18-character resident ID number (GB 11643): a known province code, a real birth date
  (1900 to today), a valid ISO 7064 MOD 11-2 check digit, not inside a longer run of digits
  or letters → serious, in every column (a 公示 shows it masked, `3301************12`);
- a bank card number: 16–19 digits starting 3–6 or 9, a valid Luhn digit, not an ID number,
  not inside a longer run → serious when 卡 (卡号, 银行卡, 社保卡…) is written just before it,
  else suspected (a unit's account for fees, 对公账户, is published on purpose);
- a mobile number 1[3-9]xxxxxxxxx, not inside a longer run, not part of a URL or code → general,
  except in the columns where persons are named (`personal_data_columns`) and after an office's
  line (联系电话, 咨询电话, 举报电话, 服务热线…: a published contact line is meant to be called;
  a number after 手机 or a person's name is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

ID_BASIS = "《个人信息保护法》第二十八条：身份证件号码属敏感个人信息；《政府信息公开条例》第十五条"
CARD_BASIS = "《个人信息保护法》第二十八条：金融账户属敏感个人信息；《政府信息公开条例》第十五条"
MOBILE_BASIS = "《政府信息公开条例》第十五条：涉及个人隐私的信息不得公开"
PROVINCE_CODES = (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44,
                  45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91)  # fmt: skip
PROVINCES = frozenset(str(code) for code in PROVINCE_CODES)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[0-9Xx](?![0-9A-Za-z])")
CARD_NUMBER = re.compile(r"(?<![0-9A-Za-z])[3-69]\d{15,18}(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z_./\-=+%#&?])1[3-9]\d{9}(?![0-9A-Za-z_%]|\.\d)")
CARD_WORDS = re.compile(r"卡|借记|储蓄")
OFFICE_LINES = re.compile(
    r"(联系电话|咨询电话|举报电话|投诉电话|监督电话|服务热线|值班电话|热线电话|办公电话|"
    r"受理电话|求助电话|联系方式|热线)[^。；;\n]{0,6}$"
)
LOOK_BEHIND = 12

PERSONAL_CHECKS = ("id_number", "mobile", "bank_card")
SHOWN_TAIL = 4  # characters left at a number's end (and 3, or 6 for a long one, at its start)


def masked(number: str) -> str:
    """A personal number as a 公示 prints one, so that no report or alert spreads it further:
    its first 3 characters (6 when it is longer than a mobile number) and last 4 kept, the
    others starred; separators (spaces, dashes) kept as written."""
    places = [i for i, char in enumerate(number) if char.isalnum()]
    head = 3 if len(places) <= 11 else 6
    hidden = places[head:-SHOWN_TAIL] if len(places) > head + SHOWN_TAIL else places
    chars = list(number)
    for i in hidden:
        chars[i] = "*"
    return "".join(chars)


@dataclass(frozen=True)
class Found:
    check: str
    start: int
    end: int
    severity: str
    basis: str
    note: str = ""


def find_personal(text: str, personal_column: bool, today: date | None = None) -> Iterator[Found]:
    """Personal data in normalised `text` (positions in it)."""
    ids = list(id_numbers(text, today or date.today()))
    yield from ids
    taken = {(found.start, found.end) for found in ids}
    yield from bank_cards(text, taken)
    if not personal_column:
        yield from mobiles(text)


def id_numbers(text: str, today: date) -> Iterator[Found]:
    for match in ID_NUMBER.finditer(text):
        if is_id_number(match.group(), today):
            yield Found("id_number", match.start(), match.end(), "serious", ID_BASIS,
                        "完整的居民身份证号码（校验位正确），应隐去部分号码")  # fmt: skip


def is_id_number(number: str, today: date | None = None) -> bool:
    """A valid 18-character resident ID: province, birth date and check digit."""
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= (today or date.today()):
        return False
    return id_check_digit(number[:17]) == number[17].upper()


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 as GB 11643 applies it."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def luhn_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def bank_cards(text: str, taken: set[tuple[int, int]]) -> Iterator[Found]:
    for match in CARD_NUMBER.finditer(text):
        if (match.start(), match.end()) in taken or not luhn_valid(match.group()):
            continue
        if is_id_number(match.group()):
            continue
        before = text[max(0, match.start() - LOOK_BEHIND) : match.start()]
        if CARD_WORDS.search(before):
            yield Found("bank_card", match.start(), match.end(), "serious", CARD_BASIS,
                        "完整的银行卡号（Luhn 校验位正确）")  # fmt: skip
        else:
            yield Found("bank_card", match.start(), match.end(), "suspected", CARD_BASIS,
                        "符合银行卡号规则的数字（Luhn 校验位正确）；如为单位对公账户可忽略")  # fmt: skip


def mobiles(text: str) -> Iterator[Found]:
    for match in MOBILE.finditer(text):
        before = text[max(0, match.start() - LOOK_BEHIND) : match.start()]
        if OFFICE_LINES.search(before):
            continue  # an office's published contact line
        yield Found("mobile", match.start(), match.end(), "general", MOBILE_BASIS,
                    "个人手机号码；在公示类栏目之外公开")  # fmt: skip
