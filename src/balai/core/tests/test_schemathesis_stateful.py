# SPDX-License-Identifier: EUPL-1.2
"""Schemathesis, stateful: sequences of calls along the links between operations.

The schema states no OpenAPI links; schemathesis infers them from the resources the
operations create and take: an application's id (from ``POST /api/v1/applications/``
or the lists) into its answers, documents, review steps, submit, survey and withdraw;
a sign-up's id into its verification; catalogue services and regions into the
operations that name them. The state machine walks them as a citizen (a bearer token)
and as an officer of the agency (a token made in a TOTP-verified session); no step may
answer a server error.
"""

from __future__ import annotations

import random

from django.core.wsgi import get_wsgi_application

import pytest
from hypothesis import HealthCheck, settings

from balai.accounts.services import api_token_create
from balai.accounts.testing import verified
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.core.tests.test_schemathesis import (  # noqa: F401 - fixtures
    _keep_the_test_connection,
    _quiet_and_open,
    schema,
)

STEPS = 8


def test_linked_operations_never_fail_on_the_server(db):
    schema.app = get_wsgi_application()
    workflow = schema.as_state_machine()
    assert workflow.bundles, "schemathesis inferred no links between operations"
    citizen = api_token_create(actor=UserFactory(), name="stateful")
    officer = api_token_create(
        actor=verified(StaffFactory(agency=AgencyFactory(code="disdukcapil"))),
        name="stateful",
    )
    tokens = [citizen, officer]

    class Workflow(workflow):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {random.choice(tokens)}"}}

        def validate_response(self, response, case, additional_checks=None, **kw):
            # the stateless test runs every check per operation; here: no 5xx
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path}: {response.status_code}"
            )

    Workflow.run(
        settings=settings(
            max_examples=20,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )


pytestmark = pytest.mark.django_db
