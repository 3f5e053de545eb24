import logging

from motcua.security.logmask import PersonalDataFilter, mask


def test_mask_replaces_phone_id_numbers_and_email():
    text = "Nguyen Van A 0912345678, +84 912 345 678, CCCD 001203004567, CMND 123456789, a.b@example.vn"

    assert mask(text) == "Nguyen Van A [phone], [phone], CCCD [id], CMND [id], [email]"


def test_mask_keeps_dossier_codes_dates_and_short_numbers():
    text = "H01.23-260105-0001 due 2026-01-05 seq 42 took 1234 ms"

    assert mask(text) == text


def test_base_settings_install_the_filter_on_every_handler():
    from config.settings import base

    filters = base.LOGGING["filters"]
    masking = {name for name, spec in filters.items() if spec["()"] == "motcua.security.logmask.PersonalDataFilter"}

    assert all(masking & set(handler.get("filters", ())) for handler in base.LOGGING["handlers"].values())


def test_filter_masks_message_args_and_extra(caplog):
    logger = logging.getLogger("motcua.test.masking")
    caplog.handler.addFilter(PersonalDataFilter())

    with caplog.at_level(logging.INFO, logger="motcua.test.masking"):
        logger.info("sent code to %s", "0987654321", extra={"email": "x@y.vn", "meta": {"id": "079123456789"}})

    record = caplog.records[-1]
    assert record.getMessage() == "sent code to [phone]"
    assert record.email == "[email]"
    assert record.meta == {"id": "[id]"}
