from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.enums import MemberRole
from partnerships import services
from tests.factories import AgencyFactory, MembershipFactory, secretariat_user, sector
from tests.support.files import pdf_bytes

PDF = pdf_bytes()

WIB = ZoneInfo("Asia/Jakarta")


def pdf_upload(name="kak.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class Setting:
    """Three agencies, an editor, a viewer and an admin of the first, and the secretariat."""

    def __init__(self):
        self.disperindag = AgencyFactory(
            name="Disperindag Sumut", acronym="Disperindag", slug="disperindag"
        )
        self.kim = AgencyFactory(name="PT Kawasan Industri Medan", acronym="KIM", slug="kim")
        self.kadin = AgencyFactory(name="Kadin Sumatera Utara", acronym="Kadin", slug="kadin")
        self.editor = MembershipFactory(agency=self.disperindag, role=MemberRole.EDITOR).user
        self.viewer = MembershipFactory(agency=self.disperindag, role=MemberRole.VIEWER).user
        self.admin = MembershipFactory(agency=self.disperindag, role=MemberRole.ADMIN).user
        self.outsider = MembershipFactory(
            agency=AgencyFactory(slug="luar"), role=MemberRole.ADMIN
        ).user
        self.secretariat = secretariat_user()

    def parties(self, *agencies):
        agencies = agencies or (self.disperindag, self.kim)
        roles = ["first", "second", "third"]
        return [
            {
                "agency": agency,
                "role": roles[index],
                "pic_name": f"PIC {agency.acronym}",
                "pic_email": f"pic.{agency.slug}@contoh.id",
                "pic_phone": "0812-1111-2222",
            }
            for index, agency in enumerate(agencies)
        ]

    def draft(self, **overrides):
        fields = {
            "title": "PKS Pembinaan IKM",
            "kind": "pks",
            "cooperation_kind": "ksdpk",
            "start_date": date(2026, 1, 1),
            "end_date": date(2028, 1, 1),
            "visibility": "public",
            "purpose": "Tujuan yang publik.",
        }
        fields.update(overrides)
        parties = fields.pop("parties", None) or self.parties()
        return services.agreement_create(
            by=self.editor, parties=parties, sectors=[sector("perindustrian")], **fields
        )

    def bring_into_force(self, agreement):
        services.document_upload(
            agreement=agreement, by=self.editor, kind="tor", title="KAK", file=pdf_upload()
        )
        services.agreement_move(agreement=agreement, to_status="submitted", by=self.editor)
        for step in ("verified", "deliberation"):
            services.agreement_move(agreement=agreement, to_status=step, by=self.secretariat)
        services.agreement_move(
            agreement=agreement,
            to_status="scheduled",
            by=self.secretariat,
            signing_date=datetime(2026, 1, 5, 10, tzinfo=WIB),
            signing_place="Medan",
            signing_mode="ceremony",
        )
        services.document_upload(
            agreement=agreement,
            by=self.secretariat,
            kind="signed",
            title="Naskah",
            file=pdf_upload("ttd.pdf"),
            public=True,
        )
        return services.agreement_move(
            agreement=agreement,
            to_status="signed",
            by=self.secretariat,
            signed_on=date(2026, 1, 5),
            checked_initials=True,
            checked_duty_stamp=True,
            checked_seal=True,
        )


@pytest.fixture
def world(db):
    return Setting()
