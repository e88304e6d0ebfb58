"""Templates, parts, cost and segments of SMS to members (core.sms: no Qt, no SQL)."""

from __future__ import annotations

import pytest

from clubdesk.core import sms


def test_render_fills_english_and_persian_placeholders() -> None:
    values = {"name": "Maryam", "points": 1250, "shop": "Nili"}
    assert sms.render("Hi {name}, {points} points at {shop}", values) == (
        "Hi Maryam, 1,250 points at Nili"
    )
    persian = sms.render("{نام} عزیز، {امتیاز} امتیاز", {"name": "مریم", "points": 1250})
    assert persian == "مریم عزیز، ۱٬۲۵۰ امتیاز"  # Persian digits in Persian text


def test_unknown_variable_names_it() -> None:
    with pytest.raises(sms.UnknownVariable) as caught:
        sms.render("Hello {nmae}", {})
    assert caught.value.params["variable"] == "nmae"
    assert "{nmae}" in str(caught.value)
    assert "{name}" in caught.value.params["known"]


@pytest.mark.parametrize("template", ["Hello {name", "Hello name}", "a } b { c"])
def test_lone_brace_is_refused(template: str) -> None:
    with pytest.raises(sms.TemplateBraces):
        sms.check_template(template)


def test_empty_and_too_long_templates_are_refused() -> None:
    with pytest.raises(sms.TemplateEmpty):
        sms.check_template("   ")
    with pytest.raises(sms.TemplateTooLong) as caught:
        sms.check_template("x" * (sms.MAX_TEMPLATE + 1))
    assert caught.value.params["limit"] == sms.MAX_TEMPLATE


def test_missing_value_renders_empty() -> None:
    assert sms.render("Spent {amount}.", {}) == "Spent ."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("ب" * 70, 1),
        ("ب" * 71, 2),
        ("ب" * 134, 2),
        ("ب" * 135, 3),
        ("a" * 69 + "ب", 1),  # one Persian letter makes the whole text Unicode
        ("{" * 80, 1),  # extension characters count twice: 160
        ("{" * 81, 2),
    ],
)
def test_parts_follow_gsm_and_unicode_limits(text: str, expected: int) -> None:
    assert sms.parts(text) == expected


def test_cost_is_parts_times_price() -> None:
    assert sms.cost(2_468, 500) == 1_234_000


def test_segment_round_trips_through_json() -> None:
    segment = sms.Segment(levels=("gold", ""), visited_within_days=90, birthday_month=1)
    assert sms.Segment.from_json(segment.to_json()) == segment
    assert sms.Segment.from_json(None) == sms.Segment()


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"visited_within_days": 0}, "'Visited in the last' must be 1 to 3650 days"),
        ({"not_visited_for_days": 99999}, "'No visit in the last'"),
        ({"points_expiring_within_days": -1}, "'Points expiring within'"),
        ({"spent_at_least": -5}, "'Spent at least' must be a whole number"),
        ({"spent_at_least": 10, "spent_at_most": 5}, "is more than 'Spent at most'"),
        ({"birthday_month": 13}, "birthday month must be 1 to 12"),
        ({"visited_within_days": 30, "not_visited_for_days": 60}, "no member can match"),
    ],
)
def test_segment_validation_says_what_is_wrong(fields: dict[str, int], fragment: str) -> None:
    with pytest.raises(sms.InvalidSegment) as caught:
        sms.Segment(**fields)  # type: ignore[arg-type]
    assert fragment in str(caught.value)


def test_segment_from_json_refuses_unknown_filters() -> None:
    with pytest.raises(sms.InvalidSegment, match="unknown part: city"):
        sms.Segment.from_json({"city": "Tehran"})


def test_settings_round_trip_and_validation() -> None:
    chosen = sms.SmsSettings(
        line=sms.LINE_OWN, sender="10004346", price_per_part=900, shop="Nili",
        events={"purchase": sms.ServiceEvent(True, "Thanks {name}")},
    )  # fmt: skip
    again = sms.SmsSettings.from_settings(chosen.line_json(), chosen.service_json())
    assert again == chosen
    assert sms.service_template(chosen.service_json(), "purchase") == ("Thanks {name}", "Nili")
    assert sms.service_template(chosen.service_json(), "expiry") is None
    assert sms.service_template(None, "purchase") is None
    with pytest.raises(sms.InvalidInput, match="digits only"):
        sms.SmsSettings(sender="line-1")
    with pytest.raises(sms.InvalidInput, match="price per part"):
        sms.SmsSettings(price_per_part=-1)
    with pytest.raises(sms.UnknownVariable):
        sms.SmsSettings(events={"purchase": sms.ServiceEvent(True, "{bogus}")})
    assert sms.SmsSettings.from_settings({"line": "pigeon"}, None) == sms.SmsSettings()


def test_persian_default_templates_are_valid_and_render_persian_digits() -> None:
    for event in sms.EVENTS:
        template = sms.default_template(event, sms.Lang.FA)
        text = sms.render(template, {"name": "مریم", "points": 25, "balance": 1200})
        assert "۲۵" in text
        assert sms.SmsSettings().event(event, sms.Lang.FA).template == template
