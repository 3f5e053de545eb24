"""Choices of the administrative-unit tree (translated labels, English msgids)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """What a node of the tree is: a territory (province, commune, legacy unit) or an agency."""

    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    LEGACY_PROVINCE = "legacy_province", _("Province (before 1 July 2025)")
    LEGACY_DISTRICT = "legacy_district", _("District (before 1 July 2025)")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department")
    ONE_STOP = "one_stop", _("Public administrative service centre")
    VERTICAL_AGENCY = "vertical_agency", _("Vertical agency")


TERRITORY_KINDS = (UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.LEGACY_PROVINCE, UnitKind.LEGACY_DISTRICT)
AGENCY_KINDS = (UnitKind.PEOPLES_COMMITTEE, UnitKind.DEPARTMENT, UnitKind.ONE_STOP, UnitKind.VERTICAL_AGENCY)
PROVINCE_KINDS = (UnitKind.PROVINCE, UnitKind.LEGACY_PROVINCE)


class DivisionType(models.TextChoices):
    """Loại đơn vị hành chính, as the statistics office (GSO) names them.

    Before 1 July 2025 there were three tiers (province, district, commune); the district tier was abolished by
    Resolution 202/2025/QH15 and the Law on Local Government Organisation 2025.
    """

    TINH = "tinh", _("Province (tỉnh)")
    THANH_PHO_TRUNG_UONG = "thanh_pho_trung_uong", _("Centrally run city (thành phố trực thuộc trung ương)")
    XA = "xa", _("Commune (xã)")
    PHUONG = "phuong", _("Ward (phường)")
    DAC_KHU = "dac_khu", _("Special zone (đặc khu)")
    QUAN = "quan", _("Urban district (quận)")
    HUYEN = "huyen", _("Rural district (huyện)")
    THI_XA = "thi_xa", _("Town (thị xã)")
    THANH_PHO = "thanh_pho", _("City at district level (thành phố thuộc tỉnh)")


class LineageKind(models.TextChoices):
    """How a unit came from another (NQ 202/2025/QH15 speaks of "hợp nhất" — merging — of provinces)."""

    MERGED = "merged", _("Merged")
    CONTINUED = "continued", _("Continued with the same territory")
    RENAMED = "renamed", _("Renamed")
    SPLIT = "split", _("Split")
    ABSORBED = "absorbed", _("Absorbed")
