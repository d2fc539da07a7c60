import pytest

from cortazar_desk.domain.folios import REQUESTS, WORK_ORDERS, FolioSeries, asset_series


def test_yearly_series_format() -> None:
    assert REQUESTS.format(1, 2026) == "SOL-2026-0001"
    assert WORK_ORDERS.format(123, 2027) == "OT-2027-0123"
    assert REQUESTS.period(2026) == "2026"


def test_asset_series_has_no_year_and_grows_past_padding() -> None:
    esp = asset_series("ESP")
    assert esp.format(1) == "ESP-001"
    assert esp.format(1000) == "ESP-1000"
    assert esp.period(2026) == ""


def test_rejects_bad_prefix_and_numbers() -> None:
    with pytest.raises(ValueError):
        FolioSeries("es", yearly=False, digits=3)
    with pytest.raises(ValueError):
        asset_series("BAR").format(0)
    with pytest.raises(ValueError):
        REQUESTS.format(1)
