# SPDX-License-Identifier: EUPL-1.2

app_name = "participation-api"

urlpatterns: list = []
