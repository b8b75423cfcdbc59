# SPDX-License-Identifier: EUPL-1.2
"""What approving a civil-registry service changes in the population register.

Each action reads the application's answers, resolves the people named in them
through the register's selectors and calls the register's own event service, with
the approving officer as actor (so the register's policy, validation, versions and
audit apply unchanged). It returns the values the output document prints that the
answers do not hold, e.g. the child's newly allocated NIK.

| service | register action | register service |
|---|---|---|
| akta-kelahiran | ``birth`` | ``birth_register`` (allocates the child's NIK) |
| akta-kematian | ``death`` | ``death_register`` |
| surat-pindah | ``move_out`` | ``move_out_register`` |
| akta-perkawinan | ``marriage`` | ``marriage_register`` |
| kartu-keluarga, ktp-el, kia | ``family_card``, ``identity_card``, ``child_card`` |
none: the register has no such event |

For the card services the register is left unchanged (issuing or reprinting a card
changes no civil data: the events that do — birth, marriage, moving — have their own
services); the application keeps the answers and the timeline records the no-op.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.cases.constants import ErrorCode
from balai.cases.models import Application
from balai.catalog.definitions import ServiceDefinition
from balai.core.errors import BalaiError
from balai.registry import selectors as register
from balai.registry import services as register_services
from balai.registry.constants import Sex

# the register action of services whose definition does not name one
DEFAULT_ACTIONS = {
    "akta-kelahiran": "birth",
    "akta-kematian": "death",
    "surat-pindah": "move_out",
    "akta-perkawinan": "marriage",
    "kartu-keluarga": "family_card",
    "ktp-el": "identity_card",
    "kia": "child_card",
}
# answer keys tried in order for each value (catalog forms name them)
KEYS = {
    "child_name": ("child_name", "child_full_name", "nama_anak", "nama_bayi"),
    "child_birth_date": ("child_birth_date", "birth_date"),
    "child_birth_place": ("child_birth_place", "birth_place", "tempat_lahir_anak"),
    "child_sex": ("child_sex", "sex_child", "jenis_kelamin_anak"),
    "mother_nik": ("mother_nik", "nik_ibu"),
    "father_nik": ("father_nik", "nik_ayah"),
    "deceased_nik": ("deceased_nik", "nik_almarhum", "nik_jenazah"),
    "death_date": ("death_date", "date_of_death", "tanggal_kematian"),
    "destination_code": ("destination_village_code", "destination_code"),
    "mover_nik": ("nik",),
    "other_niks": ("other_member_niks",),
    "move_date": ("move_date", "moving_date", "tanggal_pindah"),
    "husband_nik": ("husband_nik", "nik_suami"),
    "wife_nik": ("wife_nik", "nik_istri"),
    "marriage_date": ("marriage_date", "tanggal_perkawinan"),
}


def register_action_of(service: ServiceDefinition) -> str:
    return service.register_action or DEFAULT_ACTIONS.get(service.slug, "")


def value(answers: dict[str, Any], name: str) -> Any:
    for key in KEYS[name]:
        found = answers.get(key)
        if found not in (None, ""):
            return found
    return None


def _required(answers: dict[str, Any], name: str) -> Any:
    found = value(answers, name)
    if found is None:
        raise BalaiError(
            _("The application lacks a value the register needs: %(name)s.")
            % {"name": name},
            code=ErrorCode.REGISTER_ACTION_FAILED,
        )
    return found


def _date(answers: dict[str, Any], name: str) -> dt.date:
    raw = _required(answers, name)
    try:
        return dt.date.fromisoformat(str(raw)[:10])
    except ValueError as exc:
        raise BalaiError(
            _("The application holds an invalid date: %(name)s.") % {"name": name},
            code=ErrorCode.REGISTER_ACTION_FAILED,
        ) from exc


def _resident(actor: Any, nik: Any, name: str) -> Any:
    resident = register.resident_for_event(actor, str(nik or "").strip())
    if resident is None:
        raise BalaiError(
            _("Nobody with the NIK given as %(name)s is in the register.")
            % {"name": name},
            code=ErrorCode.REGISTER_ACTION_FAILED,
        )
    return resident


def _applicant_record(application: Application) -> Any:
    return register.resident_for_citizen(application.applicant)


def _birth(actor: Any, application: Application) -> dict[str, Any]:
    answers = application.answers
    mother = father = None
    if value(answers, "mother_nik"):
        mother = _resident(actor, value(answers, "mother_nik"), "mother_nik")
    if value(answers, "father_nik"):
        father = _resident(actor, value(answers, "father_nik"), "father_nik")
    if mother is None and father is None:
        own = _applicant_record(application)
        if own is None:
            raise BalaiError(
                _("Name a parent who is in the register."),
                code=ErrorCode.REGISTER_ACTION_FAILED,
            )
        mother, father = (own, None) if own.sex == Sex.FEMALE else (None, own)
    sex = str(_required(answers, "child_sex"))
    child = register_services.PersonData(
        full_name=str(_required(answers, "child_name")),
        birth_date=_date(answers, "child_birth_date"),
        sex=sex
        if sex in Sex.values
        else Sex.FEMALE
        if sex.lower()[:1] in "pf"
        else Sex.MALE,
        birth_place=str(value(answers, "child_birth_place") or ""),
    )
    resident = register_services.birth_register(
        actor=actor,
        child=child,
        mother=mother,
        father=father,
        note=application.number or "",
    )
    return {
        "child_nik": resident.nik,
        "holder_name": resident.full_name,
        "kk_number": resident.kk_number or "",
    }


def _death(actor: Any, application: Application) -> dict[str, Any]:
    answers = application.answers
    deceased = _resident(actor, _required(answers, "deceased_nik"), "deceased_nik")
    register_services.death_register(
        actor=actor,
        resident=deceased,
        death_date=_date(answers, "death_date"),
        note=application.number or "",
    )
    return {"holder_name": deceased.full_name}


def _niks(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(item).strip() for item in raw if str(item).strip()]
    return [
        part.strip()
        for part in str(raw or "").replace(";", ",").split(",")
        if part.strip()
    ]


def _move_out(actor: Any, application: Application) -> dict[str, Any]:
    answers = application.answers
    movers = [_resident(actor, _required(answers, "mover_nik"), "nik")]
    for nik in _niks(value(answers, "other_niks")):
        movers.append(_resident(actor, nik, "other_member_niks"))
    register_services.move_out_register(
        actor=actor,
        residents=movers,
        destination_code=str(_required(answers, "destination_code")),
        move_date=_date(answers, "move_date"),
        note=application.number or "",
    )
    return {}


def _marriage(actor: Any, application: Application) -> dict[str, Any]:
    answers = application.answers
    husband = _resident(actor, _required(answers, "husband_nik"), "husband_nik")
    wife = _resident(actor, _required(answers, "wife_nik"), "wife_nik")
    family = register_services.marriage_register(
        actor=actor,
        head=husband,
        spouse=wife,
        marriage_date=_date(answers, "marriage_date"),
        note=application.number or "",
    )
    return {"kk_number": family.kk_number}


ACTIONS: dict[str, Callable[[Any, Application], dict[str, Any]]] = {
    "birth": _birth,
    "death": _death,
    "move_out": _move_out,
    "marriage": _marriage,
}


# the register action, as the timeline names it
REGISTER_ACTION_LABELS = {
    "birth": gettext_lazy("birth registration"),
    "death": gettext_lazy("death registration"),
    "move_out": gettext_lazy("moving out"),
    "marriage": gettext_lazy("marriage registration"),
    "family_card": gettext_lazy("family card"),
    "identity_card": gettext_lazy("identity card"),
    "child_card": gettext_lazy("child identity card"),
}


def register_action_label(action: str) -> str:
    return str(REGISTER_ACTION_LABELS.get(action, action))


# what an approval changes in the register, said to the officer who confirms it
REGISTER_CHANGES = {
    "birth": gettext_lazy(
        "The birth is recorded in the population register: the child gets a new NIK "
        "and is added to the family card."
    ),
    "death": gettext_lazy(
        "The death is recorded in the population register and the person is removed "
        "from the family card."
    ),
    "move_out": gettext_lazy(
        "The move is recorded in the population register: the people named leave "
        "their family card and this region."
    ),
    "marriage": gettext_lazy(
        "The marriage is recorded in the population register and a new family card "
        "is made."
    ),
}


def register_change_of(service: ServiceDefinition) -> str:
    """What approving an application of ``service`` changes in the register, or ""."""
    action = register_action_of(service)
    return str(REGISTER_CHANGES[action]) if action in ACTIONS else ""


def register_apply(
    *, actor: Any, application: Application, service: ServiceDefinition
) -> tuple[str, dict[str, Any]]:
    """Perform the service's register change; (action, values for the document).

    ``("", {})`` for services outside the register; for card services with no
    register event, ``(action, {})`` and nothing changes.
    """
    action = register_action_of(service)
    perform = ACTIONS.get(action)
    if perform is None:
        return action, {}
    return action, perform(actor, application)
