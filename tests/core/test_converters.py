"""The shapes of the portal's identifiers: what a path parameter (and a looked-up query value)
may look like. Anything else never reaches a view or the database."""

import pytest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from core.converters import (
    AGREEMENT_REFERENCE,
    BIGINT_MAX,
    CERTIFICATE_CODE,
    PRIMARY_KEY,
    REGENCY_CODE,
    SLUG,
    TOKEN,
    TRACKING_CODE,
    TRAINING_REFERENCE,
    SignedToken,
    register,
)


@pytest.mark.parametrize(
    ("shape", "good", "bad"),
    [
        (
            TRACKING_CODE,
            ["SM-2026-000123", "SM-2031-1234567"],
            ["SM-2026-00012", "sm-2026-000123", "SM-26-000123", "SM-2026-000123\x00", "x"],
        ),
        (
            AGREEMENT_REFERENCE,
            ["KS-2026-00001", "KS-2027-123456"],
            ["KS-2026-0001", "PL-2026-00001", "KS-2026-00001 ", "tmp-0a1b2c3d4e5f6a7b"],
        ),
        (
            TRAINING_REFERENCE,
            ["PL-2026-00001", "PL-2026-100000"],
            ["PL-2026-001", "KS-2026-00001", "PL-2026-00001/", "PL-٢٠٢٦-00001"],
        ),
        (
            CERTIFICATE_CODE,
            ["SRT-ABCD-EFGH", "SRT-UJI2-3456"],
            ["srt-abcd-efgh", "SRT-ABCD-EFG", "SRT-ABCD-EFGH-JK", "SRT-AB\x00D-EFGH"],
        ),
        (
            TOKEN,
            ["lampiran-dunia-uji", "2eXgf016nYAr01KA-WqySIEg49uLLXiGA1syntpCHno", "MQ", "a" * 128],
            ["", "a" * 129, "abc\x00", "abc:def", "abc/def", "ab%00", "é"],
        ),
        (
            SignedToken(),
            ["eyJ1Ijo1fQ:1vQk2a:9f8e7d", ".eJyrVkrLz1eyUlAqzs8tVjJUqgUAKqAF5g:1vQk2a:sig"],
            ["", "eyJ1Ijo1fQ:1vQk2a:9f8e7d\x00", "a/b", "a b"],
        ),
        (REGENCY_CODE, ["12.71", "12.01"], ["", "12.71\x00", "1271", "12-71", "12.7", "١٢.٧١"]),
        (SLUG, ["umum", "kerja-sama-ks-2026-00001", "tindak_lanjut"], ["", "umum\x00", "a b"]),
    ],
)
def test_a_shape_takes_its_values_whole_and_nothing_else(shape, good, bad):
    assert [shape.parse(value) for value in good] == good
    assert [shape.parse(value) for value in bad] == [None] * len(bad)
    assert shape.parse(None) is None


@pytest.mark.parametrize(
    ("shape", "typed", "code"),
    [
        (TRACKING_CODE, " sm-2026-abc234 ", "SM-2026-ABC234"),
        (TRACKING_CODE, "SM 2026 ABC234", "SM-2026-ABC234"),
        (TRACKING_CODE, "sm2026abc234", "SM-2026-ABC234"),
        (TRACKING_CODE, "SM\u20132026\u2013ABC234\n", "SM-2026-ABC234"),  # an en dash, pasted
        (TRACKING_CODE, "SM-2026-000123", "SM-2026-000123"),  # the numbered codes before
        (CERTIFICATE_CODE, "srt abcd efgh", "SRT-ABCD-EFGH"),
        (CERTIFICATE_CODE, " SRT-ABCDEFGH", "SRT-ABCD-EFGH"),
        (CERTIFICATE_CODE, "srt.uji2.3456", "SRT-UJI2-3456"),
        (AGREEMENT_REFERENCE, "ks 2026 00001", "KS-2026-00001"),
        (TRAINING_REFERENCE, "pl-2026-00001 ", "PL-2026-00001"),
    ],
)
def test_a_code_is_read_as_people_type_it(shape, typed, code):
    assert shape.parse(typed) in (None, code)
    assert shape.read(typed) == code


@pytest.mark.parametrize(
    ("shape", "typed"),
    [
        (TRACKING_CODE, ""),
        (TRACKING_CODE, "   "),
        (TRACKING_CODE, "SM-2026-ABC2"),  # too short
        (TRACKING_CODE, "SM-2026-ABC234\x00"),  # a NUL byte is no separator
        (TRACKING_CODE, "SM-26-ABC234"),
        (TRACKING_CODE, "KS-2026-ABC234"),
        (CERTIFICATE_CODE, "SRT-ABCD-EFG"),
        (CERTIFICATE_CODE, "SRT ABCD EFGH JK"),
        (CERTIFICATE_CODE, "SRT-ÄBCD-EFGH"),
        (SLUG, "a b"),  # not a code: read is parse
    ],
)
def test_reading_a_code_still_refuses_what_is_not_one(shape, typed):
    assert shape.read(typed) is None
    assert shape.read(None) is None


def test_a_primary_key_is_a_positive_number_that_fits_a_bigint():
    assert PRIMARY_KEY.parse("1") == 1
    assert PRIMARY_KEY.parse(str(BIGINT_MAX)) == BIGINT_MAX
    for bad in ["0", "-1", "+1", "1.0", "1e3", " 1", "abc", "١", str(BIGINT_MAX + 1), "9" * 30]:
        assert PRIMARY_KEY.parse(bad) is None, bad
    assert BIGINT_MAX == 9_223_372_036_854_775_807


def test_paths_resolve_only_with_values_of_their_shape():
    assert resolve("/kerja-sama/KS-2026-00001/").url_name == "public_detail"
    assert resolve("/pelatihan/PL-2026-00001/").url_name == "detail"
    assert resolve("/forum/aspirasi/SM-2026-000001/").url_name == "submission"
    assert resolve("/notifikasi/12/buka/").kwargs == {"pk": 12}
    assert resolve("/data/wilayah/12.71/").kwargs == {"code": "12.71"}
    for path in [
        "/kerja-sama/KS-2026-00001\x00/",
        "/kerja-sama/%00/",
        "/pelatihan/PL-2026-00001%00/",
        "/forum/aspirasi/SM-2026-000001\x00/",
        "/forum/lampiran/abc\x00/",
        f"/notifikasi/{10**30}/buka/",
        "/notifikasi/0/buka/",
        "/data/wilayah/12.71\x00/",
        "/data/wilayah/medan/",
        "/kerja-sama/unduh.exe",
    ]:
        with pytest.raises(Resolver404):
            resolve(path)


def test_reversing_gives_the_same_addresses_as_before_and_refuses_malformed_values():
    assert reverse("partnerships:public_detail", args=["KS-2026-00001"]) == (
        "/kerja-sama/KS-2026-00001/"
    )
    assert reverse("trainings:registration_action", args=["PL-2026-00002", 7, "setujui"]) == (
        "/pelatihan/kelola/PL-2026-00002/pendaftar/7/setujui/"
    )
    assert reverse("forums:action", args=["SM-2026-000003", "tindak-lanjut"]) == (
        "/forum/kelola/SM-2026-000003/tindak-lanjut/"
    )
    assert reverse("accounts:password_reset_confirm", args=["MQ", "set-password"]) == (
        "/akun/atur-ulang/MQ/set-password/"
    )
    with pytest.raises(NoReverseMatch):
        reverse("partnerships:public_detail", args=["KS-2026-00001\x00"])


def test_registering_again_changes_nothing(recwarn):
    register()
    assert not [w for w in recwarn if "already registered" in str(w.message)]


@pytest.mark.django_db
def test_the_codes_the_portal_makes_have_their_shapes():
    """The services make these codes; their pages must resolve (a code of another shape would
    make its own links fail to reverse)."""
    from accounts.services import email_verification_token
    from tests.support.world import build_world

    world = build_world()
    for obj, view in [
        (world.agreement, "partnerships:detail"),
        (world.training, "trainings:detail"),
        (world.submission, "forums:submission"),
    ]:
        assert resolve(obj.get_absolute_url()).view_name == view
    assert AGREEMENT_REFERENCE.parse(world.agreement.reference)
    assert TRAINING_REFERENCE.parse(world.training.reference)
    assert TRACKING_CODE.parse(world.submission.tracking_code)
    for token in [world.invitation.token, world.document.token, world.material.token]:
        assert TOKEN.parse(token) == token
    signed = email_verification_token(world.users["resident"])
    assert resolve(reverse("accounts:verify_email", args=[signed])).url_name == "verify_email"


def test_a_signed_link_for_the_longest_address_still_has_its_shape():
    from django.core import signing

    address = ("a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 63)[:320]
    token = signing.dumps({"s": BIGINT_MAX, "e": address}, salt="sumut_mitra.forums.confirm")
    assert len(token) > 512
    assert resolve(reverse("forums:confirm", args=[token])).kwargs == {"token": token}
