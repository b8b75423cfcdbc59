# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuedDocumentsConfig(AppConfig):
    name = "balai.cases.documents"
    label = "issued_documents"
    verbose_name = _("Issued documents")

    def ready(self) -> None:
        from balai.cases.documents import policies
        from balai.cases.documents.receipts import on_payment_settled
        from balai.core import navigation, seeding, sitemap
        from balai.payments.events import payment_settled

        payment_settled.connect(
            on_payment_settled, dispatch_uid="balai.cases.documents.receipts"
        )

        seeding.register("issued_documents", _seed)
        navigation.register_link(
            "footer", "documents:verify-upload", _("Verify a document"), order=10
        )
        sitemap.register_page(
            "documents:verify-upload",
            title=_("Verify a document"),
            summary=_(
                "Check that a document issued here is genuine and unchanged: scan its "
                "QR code, type its verification code or upload the PDF."
            ),
            keywords=("cek keaslian", "asli", "palsu", "qr", "verifikasi", "tte"),
        )
        del policies  # imported for its rule declarations


def _seed(context: object) -> None:
    from balai.cases.documents.seed import seed_documents

    seed_documents(context)  # type: ignore[arg-type]
