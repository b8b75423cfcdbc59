# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuedDocumentsConfig(AppConfig):
    name = "balai.cases.documents"
    label = "issued_documents"
    verbose_name = _("Issued documents")
