# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SentimentConfig(AppConfig):
    name = "balai.sentiment"
    label = "sentiment"
    verbose_name = _("Sentiment analysis")

    def ready(self) -> None:
        from balai.core import navigation, seeding
        from balai.sentiment import policies, receivers

        receivers.connect()
        seeding.register("sentiment", _seed)
        navigation.register_link(
            "staff",
            "sentiment:dashboard",
            _("Public sentiment"),
            visible=policies.is_sentiment_staff,
            order=60,
            description=_(
                "What citizens say about services and agencies: trends, topics, "
                "spike alerts and the labelling queue."
            ),
        )


def _seed(context: object) -> None:
    from balai.sentiment.seed import seed_posts

    seed_posts(context)
