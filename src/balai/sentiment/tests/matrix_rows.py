# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the sentiment app (gathered by security's matrix test)."""

from __future__ import annotations

from typing import Any

from balai.security.tests.matrix_support import row

SENTIMENT_STAFF = {"officer", "officer_other_agency", "agency_head", "system_admin"}


def _post(world: dict[str, Any]) -> dict[str, Any]:
    """A public post every sentiment staff member may see and correct."""
    from balai.sentiment.tests.factories import PostFactory

    if "sentiment_post" not in world:
        world["sentiment_post"] = PostFactory(text="antrean panjang di kelurahan")
    return {"post_id": world["sentiment_post"].pk}


ROWS = {
    "sentiment:dashboard": row(SENTIMENT_STAFF),
    "sentiment:post-list": row(SENTIMENT_STAFF),
    "sentiment:queue": row(SENTIMENT_STAFF),
    "sentiment:upload": row(SENTIMENT_STAFF),
    "sentiment:post-correct": row(
        SENTIMENT_STAFF, method="POST", kwargs=_post, data={"label": "neutral"}
    ),
    "sentiment-api:classify": row(
        SENTIMENT_STAFF, method="POST", data={"texts": ["antrean lama sekali"]}
    ),
    # a form-encoded body cannot carry the list of posts, so permitted roles get a
    # 400 here; test_api sends the JSON body and checks the 201
    "sentiment-api:posts": row(
        set(), method="POST", data={"posts": "x"}, bounced=frozenset(SENTIMENT_STAFF)
    ),
    "sentiment-api:post-correct": row(
        SENTIMENT_STAFF, method="POST", kwargs=_post, data={"label": "neutral"}
    ),
}
