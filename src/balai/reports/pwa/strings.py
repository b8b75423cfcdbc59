# SPDX-License-Identifier: EUPL-1.2
"""The sentences the PWA's JavaScript shows, translated on the server.

They reach the page as a JSON data block (``json_script``: data, not script, so the
strict CSP stays intact); placeholders use the ``%(name)s`` form that gettext checks.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def page_strings() -> dict[str, str]:
    return {
        "there_is_a_problem": _("There is a problem"),
        "choose_category": _("Choose what the problem is."),
        "describe": _("Describe the problem."),
        "where": _(
            "Say where the problem is: use your location, place the pin, or give an "
            "address or landmark."
        ),
        "question_required": _("Answer this question."),
        "number_invalid": _("Give a number, such as 12 or 2.5."),
        "bad_coordinates": _(
            "Latitude and longitude must be numbers, such as -6.9147."
        ),
        "not_sent": _("The report could not be sent."),
        "too_many_photos": _("You can attach at most %(count)s photos."),
        "photos_ready": _("%(count)s of %(max)s photos attached."),
        "photo_n": _("Photo %(n)s"),
        "remove": _("Remove"),
        "locating": _("Finding your location…"),
        "located": _("Location found (accurate to about %(accuracy)s m)."),
        "location_denied": _(
            "Location is not allowed for this site. Place the pin or type the address."
        ),
        "location_failed": _(
            "Your location could not be found. Place the pin or type the address."
        ),
        "pin": _("Location of the problem (drag to move)"),
        "nearby_meta": _("%(status)s · %(distance)s m away · %(followers)s supporters"),
        "see_report": _("See the report"),
        "support": _("Support this report instead"),
        "yours": _("You reported this one already."),
        "login_to_support": _("Log in to support this report"),
        "state_queued": _("Waiting for signal"),
        "state_sending": _("Sending…"),
        "state_invalid": _("Needs correction"),
        "correct": _("Correct it"),
        "waiting_one": _("Waiting for signal (%(count)s report queued)."),
        "waiting_many": _("Waiting for signal (%(count)s reports queued)."),
        "invalid_count": _("%(count)s need correction."),
        "sent": _("Thank you. Your report %(public_id)s was received."),
        "follow_status": _("Follow its status"),
        "queued": _(
            "No signal: your report is saved on this phone and will be sent "
            "automatically when the connection returns."
        ),
        "storage_failed": _(
            "The report could not be saved on this phone. Please try again."
        ),
        "flushed_one": _("%(count)s report waiting on this phone has been sent."),
        "flushed_many": _("%(count)s reports waiting on this phone have been sent."),
        "my_reports": _("My reports"),
        "status_unknown": _("Status not available offline"),
    }
