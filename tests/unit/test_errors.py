"""One error family: stable codes, exit codes, translatable messages."""

from __future__ import annotations

import pytest

from clubdesk.core import errors
from clubdesk.core.errors import (
    ClubDeskError,
    DatabaseCorrupt,
    DatabaseError,
    DatabaseNotSqlite,
    DatabaseTooNew,
    DatabaseUnavailable,
    DuplicatePhone,
    ExitCode,
    InsufficientPoints,
    InvalidAmount,
    InvalidDate,
    InvalidInput,
    InvalidName,
    InvalidPhone,
    InvalidSetting,
    MemberArchived,
    MemberNotFound,
)


def all_error_classes() -> list[type[ClubDeskError]]:
    return [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, ClubDeskError)
    ]


def test_exit_codes_are_the_documented_numbers() -> None:
    assert [(code.name, int(code)) for code in ExitCode] == [
        ("OK", 0),
        ("UNEXPECTED", 1),
        ("BAD_INPUT", 2),
        ("LICENCE_LOCKED", 3),
        ("VERIFICATION_FAILED", 4),
        ("WRONG_PASSPHRASE", 5),
    ]


@pytest.mark.parametrize(
    ("cls", "code", "exit_code"),
    [
        (ClubDeskError, "UNEXPECTED", ExitCode.UNEXPECTED),
        (InvalidInput, "INVALID_INPUT", ExitCode.BAD_INPUT),
        (InvalidPhone, "INVALID_PHONE", ExitCode.BAD_INPUT),
        (InvalidName, "INVALID_NAME", ExitCode.BAD_INPUT),
        (InvalidAmount, "INVALID_AMOUNT", ExitCode.BAD_INPUT),
        (InvalidDate, "INVALID_DATE", ExitCode.BAD_INPUT),
        (InvalidSetting, "INVALID_SETTING", ExitCode.BAD_INPUT),
        (InsufficientPoints, "INSUFFICIENT_POINTS", ExitCode.BAD_INPUT),
        (MemberNotFound, "MEMBER_NOT_FOUND", ExitCode.BAD_INPUT),
        (DuplicatePhone, "DUPLICATE_PHONE", ExitCode.BAD_INPUT),
        (MemberArchived, "MEMBER_ARCHIVED", ExitCode.BAD_INPUT),
        (DatabaseError, "DATABASE_ERROR", ExitCode.UNEXPECTED),
        (DatabaseNotSqlite, "DATABASE_NOT_SQLITE", ExitCode.UNEXPECTED),
        (DatabaseCorrupt, "DATABASE_CORRUPT", ExitCode.UNEXPECTED),
        (DatabaseTooNew, "DATABASE_TOO_NEW", ExitCode.UNEXPECTED),
        (DatabaseUnavailable, "DATABASE_UNAVAILABLE", ExitCode.UNEXPECTED),
    ],
)
def test_codes_and_exit_codes(cls: type[ClubDeskError], code: str, exit_code: ExitCode) -> None:
    assert cls.code == code
    assert cls.exit_code is exit_code


def test_codes_are_unique() -> None:
    codes = [cls.code for cls in all_error_classes()]
    assert len(codes) == len(set(codes))


def test_every_error_has_a_message_and_a_hint() -> None:
    for cls in all_error_classes():
        assert cls.default_message.strip(), cls
        assert cls.default_hint.strip(), cls


def test_every_user_input_error_is_bad_input() -> None:
    for cls in all_error_classes():
        if issubclass(cls, InvalidInput):
            assert cls.exit_code is ExitCode.BAD_INPUT, cls


def test_every_default_message_renders_with_its_parameters() -> None:
    params = {
        "path": "/data/clubdesk.sqlite3", "name": "Ali", "balance": 3, "requested": 9,
        "problem": "chunk 3 fails its check", "version": "2.0.0", "minimum": 8,
        "needed": "160 MB", "free": "20 MB", "size": "4.2 GB",
    }  # fmt: skip
    for cls in all_error_classes():
        rendered = cls(**params).render()
        assert "{" not in rendered, cls


def test_render_is_message_then_hint() -> None:
    error = InvalidAmount(entered="abc")
    assert error.render() == (
        "The amount is not valid. "
        "Enter a whole number of tomans greater than zero, for example 250000."
    )
    assert str(error) == error.render()


def test_render_fills_parameters() -> None:
    error = InsufficientPoints(balance=12, requested=40)
    assert error.render().startswith("The member has 12 points; 40 cannot be redeemed.")
    assert (
        DuplicatePhone(name="Sara Ahmadi")
        .render()
        .startswith("Another member (Sara Ahmadi) has this mobile number.")
    )
    assert "/tmp/x.db" in DatabaseCorrupt(path="/tmp/x.db").render()


def test_custom_message_and_hint() -> None:
    error = InvalidInput("Bad {what}.", "Fix the {what}.", what="note")
    assert error.render() == "Bad note. Fix the note."


def test_empty_hint_renders_message_only() -> None:
    assert MemberArchived(hint="").render() == "This member is archived."


TRANSLATIONS = {
    "The member has {balance} points; {requested} cannot be redeemed.": (
        "عضو {balance} امتیاز دارد؛ {requested} امتیاز را نمی‌توان خرج کرد."
    ),
    "Redeem at most the member's balance.": "حداکثر به اندازه‌ی موجودی عضو خرج کنید.",
}


def test_render_with_a_translate_callable() -> None:
    calls: list[tuple[str, str]] = []

    def translate(context: str, text: str) -> str:
        calls.append((context, text))
        return TRANSLATIONS.get(text, text)

    error = InsufficientPoints(balance=12, requested=40)
    assert error.render(translate) == (
        "عضو 12 امتیاز دارد؛ 40 امتیاز را نمی‌توان خرج کرد. حداکثر به اندازه‌ی موجودی عضو خرج کنید."
    )
    assert calls == [
        ("errors", InsufficientPoints.default_message),
        ("errors", InsufficientPoints.default_hint),
    ]
    # the untranslated form is kept for logs and str()
    assert str(error).startswith("The member has 12 points")


def test_untranslated_text_falls_back_to_english() -> None:
    error = MemberNotFound()
    assert error.render(lambda _context, text: text) == error.render()


def test_to_dict() -> None:
    error = InvalidPhone(entered="021")
    assert error.to_dict() == {
        "code": "INVALID_PHONE",
        "message": error.render(),
        "params": {"entered": "021"},
    }


def test_errors_are_exceptions_of_one_family() -> None:
    with pytest.raises(ClubDeskError):
        raise DatabaseTooNew(path="x")
    with pytest.raises(InvalidInput):
        raise InvalidPhone(entered="x")
    assert issubclass(DatabaseError, ClubDeskError)
    assert not issubclass(DatabaseError, InvalidInput)
