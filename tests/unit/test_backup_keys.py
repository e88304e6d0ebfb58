"""The backup key: random master, passphrase and recovery slots, and the OS keyring."""

from __future__ import annotations

import base64
import json
import re

import keyring
import pytest

from backup_helpers import CHEAP_KDF, PASSPHRASE
from clubdesk.backup import keys
from clubdesk.backup.keys import (
    BackupKeys,
    KeySlot,
    change_passphrase,
    forget_master,
    load_master,
    new_keys,
    normalize_recovery_code,
    store_master,
    unlock,
)
from clubdesk.core.errors import BackupCorrupt, WrongPassphrase
from clubdesk.core.i18n import to_persian_digits

CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}")


@pytest.fixture(autouse=True)
def cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "KDF_PARAMS", dict(CHEAP_KDF))


@pytest.fixture
def made() -> tuple[BackupKeys, str]:
    return new_keys(PASSPHRASE)


def locked(backup_keys: BackupKeys) -> BackupKeys:
    """The keys as an archive or a settings file carries them: no master."""
    return BackupKeys.from_public_json(json.loads(json.dumps(backup_keys.to_public_json())))


def test_new_keys(made: tuple[BackupKeys, str]) -> None:
    backup_keys, code = made
    assert backup_keys.master is not None
    assert len(backup_keys.master) == 32
    assert re.fullmatch(r"[0-9a-f]{16}", backup_keys.key_id)
    assert [slot.kind for slot in backup_keys.slots] == ["passphrase", "recovery"]
    assert CODE.fullmatch(code), code
    again, other_code = new_keys(PASSPHRASE)
    assert again.master != backup_keys.master
    assert again.key_id != backup_keys.key_id
    assert other_code != code
    assert backup_keys.slots[0].salt != again.slots[0].salt


def test_slots_record_their_kdf_parameters(made: tuple[BackupKeys, str]) -> None:
    assert all(slot.kdf == CHEAP_KDF for slot in made[0].slots)


def test_the_real_kdf_is_memory_hard() -> None:
    """RFC 9106's second recommendation; tests swap in a cheap one, each slot records its own."""
    assert keys.DEFAULT_KDF_PARAMS == {"memory_cost": 64 * 1024, "iterations": 3, "lanes": 4}
    assert keys.KDF_PARAMS == CHEAP_KDF


def test_the_public_form_never_holds_the_master(made: tuple[BackupKeys, str]) -> None:
    backup_keys, code = made
    assert backup_keys.master is not None
    text = json.dumps(backup_keys.to_public_json())
    assert base64.b64encode(backup_keys.master).decode() not in text
    assert backup_keys.master.hex() not in text
    assert code not in text
    assert "master" not in text
    assert backup_keys.master.hex() not in repr(backup_keys)
    assert str(backup_keys.master) not in repr(backup_keys)
    parsed = locked(backup_keys)
    assert parsed.master is None
    assert parsed.key_id == backup_keys.key_id
    assert parsed.slots == backup_keys.slots


def test_unlock_with_the_passphrase(made: tuple[BackupKeys, str]) -> None:
    backup_keys, _code = made
    opened = unlock(locked(backup_keys), PASSPHRASE)
    assert opened.master == backup_keys.master
    assert unlock(locked(backup_keys), f"  {PASSPHRASE}\n").master == backup_keys.master


@pytest.mark.parametrize(
    "spell",
    [
        lambda code: code,
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: code.replace("-", " "),
        lambda code: " " + code.lower().replace("-", "  ") + "\n",
        lambda code: to_persian_digits(code),
        lambda code: code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        lambda code: code.replace("0", "O").replace("1", "I"),
        lambda code: code.replace("1", "l").lower(),
    ],
    ids=["as-printed", "lower", "no-dashes", "spaces", "messy", "persian", "arabic", "O-I", "l"],
)
def test_unlock_with_the_recovery_code_however_it_is_typed(
    made: tuple[BackupKeys, str], spell
) -> None:
    backup_keys, code = made
    assert unlock(locked(backup_keys), spell(code)).master == backup_keys.master


def test_normalize_recovery_code() -> None:
    assert normalize_recovery_code("abcde-fghjk-mnpqr-stvwx-yz012") == "ABCDEFGHJKMNPQRSTVWXYZ012"
    assert normalize_recovery_code("too short") is None
    assert normalize_recovery_code("UUUUU-UUUUU-UUUUU-UUUUU-UUUUU") is None


def test_persian_keyboards_give_the_same_passphrase() -> None:
    backup_keys, _ = new_keys("رمز فروشگاه ۱۴۰۵ کیان")
    # Latin digits, and the Arabic Yeh/Kaf an Arabic layout types, open it too.
    for typed in ["رمز فروشگاه 1405 کیان", "رمز فروشگاه ١٤٠٥ كيان"]:
        assert unlock(locked(backup_keys), typed).master == backup_keys.master


@pytest.mark.parametrize(
    "wrong", ["", "   ", "counter at the corner", "COUNTER AT THE CORNER SHOP"]
)
def test_a_wrong_secret_is_a_wrong_passphrase(made: tuple[BackupKeys, str], wrong: str) -> None:
    with pytest.raises(WrongPassphrase) as caught:
        unlock(locked(made[0]), wrong)
    assert caught.value.exit_code == 5
    assert caught.value.render().startswith("Wrong backup passphrase or recovery code.")


def test_a_wrong_secret_names_the_archive_when_there_is_one(made: tuple[BackupKeys, str]) -> None:
    with pytest.raises(WrongPassphrase) as caught:
        unlock(locked(made[0]), "not it at all", path="/media/usb/x.cdbak")
    assert "/media/usb/x.cdbak" in caught.value.render()


def test_another_keys_recovery_code_does_not_open(made: tuple[BackupKeys, str]) -> None:
    _other, other_code = new_keys(PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        unlock(locked(made[0]), other_code)


def test_change_passphrase_keeps_the_master_and_the_recovery_code(
    made: tuple[BackupKeys, str],
) -> None:
    backup_keys, code = made
    changed = change_passphrase(backup_keys, "a brand new passphrase")
    assert changed.master == backup_keys.master
    assert changed.key_id == backup_keys.key_id
    assert [slot.kind for slot in changed.slots] == ["passphrase", "recovery"]
    assert changed.slot("recovery") == backup_keys.slot("recovery")
    assert unlock(locked(changed), "a brand new passphrase").master == backup_keys.master
    assert unlock(locked(changed), code).master == backup_keys.master
    with pytest.raises(WrongPassphrase):
        unlock(locked(changed), PASSPHRASE)


def test_change_passphrase_needs_the_master(made: tuple[BackupKeys, str]) -> None:
    with pytest.raises(ValueError, match="unlock"):
        change_passphrase(locked(made[0]), "a brand new passphrase")


def test_the_master_lives_in_the_keyring(made: tuple[BackupKeys, str]) -> None:
    backup_keys, _ = made
    assert load_master(backup_keys.key_id) is None
    store_master(backup_keys)
    assert load_master(backup_keys.key_id) == backup_keys.master
    stored = keyring.get_password("ClubDesk backup key", backup_keys.key_id)
    assert stored is not None
    assert base64.b64decode(stored) == backup_keys.master
    assert keys.with_master(locked(backup_keys)).master == backup_keys.master
    forget_master(backup_keys.key_id)
    assert load_master(backup_keys.key_id) is None
    assert keys.with_master(locked(backup_keys)).master is None
    forget_master(backup_keys.key_id)  # twice is fine


def test_a_damaged_keyring_entry_is_no_key() -> None:
    keyring.set_password("ClubDesk backup key", "damaged", "not base64!")
    assert load_master("damaged") is None
    keyring.set_password("ClubDesk backup key", "short", base64.b64encode(b"x" * 5).decode())
    assert load_master("short") is None


def test_store_master_needs_the_master(made: tuple[BackupKeys, str]) -> None:
    with pytest.raises(ValueError, match="unlocked"):
        store_master(locked(made[0]))


def slot_json(made: tuple[BackupKeys, str]) -> dict[str, object]:
    return made[0].slots[0].to_json()


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "fingerprint"},
        {"salt": "!!"},
        {"salt": base64.b64encode(b"short").decode()},
        {"nonce": None},
        {"wrapped": base64.b64encode(b"x" * 47).decode()},
        {"kdf": {"memory_cost": 8, "iterations": 1}},
        {"kdf": {"memory_cost": 8 * 1024 * 1024, "iterations": 1, "lanes": 1}},  # 8 GiB
        {"kdf": {"memory_cost": 8, "iterations": 0, "lanes": 1}},
        {"kdf": {"memory_cost": 8, "iterations": 1, "lanes": 4}},
        {"kdf": {"memory_cost": 8, "iterations": True, "lanes": 1}},
        {"kdf": "argon2id"},
    ],
)
def test_a_damaged_slot_is_damage(made: tuple[BackupKeys, str], change: dict[str, object]) -> None:
    data = made[0].to_public_json()
    data["slots"][0] = data["slots"][0] | change
    with pytest.raises(BackupCorrupt) as caught:
        BackupKeys.from_public_json(data, path="a.cdbak")
    assert caught.value.params["path"] == "a.cdbak"


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"slots": []},
        {"key_id": "", "slots": [1]},
        {"key_id": "k"},
        {"key_id": "k", "slots": {}},
    ],
)
def test_damaged_key_descriptions_are_damage(data: object) -> None:
    with pytest.raises(BackupCorrupt):
        BackupKeys.from_public_json(data)


def test_slot_json_round_trip(made: tuple[BackupKeys, str]) -> None:
    for slot in made[0].slots:
        assert KeySlot.from_json(json.loads(json.dumps(slot.to_json()))) == slot
