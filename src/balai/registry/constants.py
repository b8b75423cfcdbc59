# SPDX-License-Identifier: EUPL-1.2
"""Choices, error codes and audit purposes of the population register."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_SERIAL = 9999


class Sex(models.TextChoices):
    """As encoded in the NIK (day + 40 for women)."""

    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    PROTESTANT = "kristen", _("Christian (Protestant)")
    CATHOLIC = "katolik", _("Catholic")
    HINDU = "hindu", _("Hindu")
    BUDDHIST = "buddha", _("Buddhist")
    CONFUCIAN = "khonghucu", _("Confucian")
    BELIEF = "kepercayaan", _("Belief in One God (kepercayaan)")


class MaritalStatus(models.TextChoices):
    SINGLE = "belum_kawin", _("Not married")
    MARRIED = "kawin", _("Married")
    DIVORCED = "cerai_hidup", _("Divorced")
    WIDOWED = "cerai_mati", _("Widowed")


class Education(models.TextChoices):
    """The ten levels printed on the family card."""

    NONE = "tidak_sekolah", _("No schooling yet")
    PRIMARY_INCOMPLETE = "belum_tamat_sd", _("Primary school not completed")
    PRIMARY = "sd", _("Primary school")
    JUNIOR = "sltp", _("Junior secondary school")
    SENIOR = "slta", _("Senior secondary school")
    DIPLOMA_1_2 = "d1_d2", _("Diploma I/II")
    DIPLOMA_3 = "d3", _("Diploma III")
    BACHELOR = "d4_s1", _("Diploma IV / Bachelor")
    MASTER = "s2", _("Master")
    DOCTORATE = "s3", _("Doctorate")


class BloodType(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    AB = "AB", "AB"
    O = "O", "O"  # noqa: E741 - the blood group's name
    UNKNOWN = "", _("Unknown")


class Citizenship(models.TextChoices):
    WNI = "WNI", _("Indonesian citizen (WNI)")
    WNA = "WNA", _("Foreign national (WNA)")


class ResidentStatus(models.TextChoices):
    ALIVE = "alive", _("Alive")
    DECEASED = "deceased", _("Deceased")
    MOVED_AWAY = "moved_away", _("Moved away")


class Relationship(models.TextChoices):
    """Relationship to the head of family, as printed on the family card."""

    HEAD = "kepala_keluarga", _("Head of family")
    WIFE = "istri", _("Wife")
    HUSBAND = "suami", _("Husband")
    CHILD = "anak", _("Child")
    CHILD_IN_LAW = "menantu", _("Son- or daughter-in-law")
    GRANDCHILD = "cucu", _("Grandchild")
    PARENT = "orang_tua", _("Parent")
    PARENT_IN_LAW = "mertua", _("Parent-in-law")
    OTHER_RELATIVE = "famili_lain", _("Other relative")
    OTHER = "lainnya", _("Other")


SPOUSES = frozenset({Relationship.WIFE, Relationship.HUSBAND})


class EventKind(models.TextChoices):
    BIRTH = "birth", _("Birth")
    DEATH = "death", _("Death")
    MOVE_IN = "move_in", _("Moving in")
    MOVE_OUT = "move_out", _("Moving out")
    MARRIAGE = "marriage", _("Marriage")
    DIVORCE = "divorce", _("Divorce")
    DATA_CORRECTION = "data_correction", _("Data correction")
    FIRST_REGISTRATION = "first_registration", _("First registration")


class ParticipantRole(models.TextChoices):
    """What a resident was in a life event."""

    SUBJECT = "subject", _("Person concerned")
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    SPOUSE = "spouse", _("Spouse")
    FAMILY_MEMBER = "family_member", _("Family member")


class ErrorCode(StrEnum):
    """Stable codes of the register's BalaiErrors."""

    UNKNOWN_DISTRICT = "unknown_district"
    INVALID_SEX = "invalid_sex"
    FUTURE_DATE = "future_date"
    DATE_BEFORE_BIRTH = "date_before_birth"
    SERIALS_EXHAUSTED = "serials_exhausted"
    NIK_TAKEN = "nik_taken"
    INVALID_NIK = "invalid_nik"
    UNKNOWN_REGION = "unknown_region"
    NOT_ALIVE = "not_alive"
    ALREADY_DECEASED = "already_deceased"
    NOT_MOVED_AWAY = "not_moved_away"
    ALREADY_MARRIED = "already_married"
    NOT_MARRIED_TO_EACH_OTHER = "not_married_to_each_other"
    SAME_PERSON = "same_person"
    UNDER_MARRIAGE_AGE = "under_marriage_age"
    NO_PARENT = "no_parent"
    PARENT_NOT_IN_FAMILY = "parent_not_in_family"
    NO_FAMILY = "no_family"
    FAMILY_CLOSED = "family_closed"
    ONE_HEAD = "one_head"
    INVALID_RELATIONSHIP = "invalid_relationship"
    NO_CHANGES = "no_changes"
    FIELD_NOT_CORRECTABLE = "field_not_correctable"
    INVALID_VALUE = "invalid_value"
    REASON_REQUIRED = "reason_required"
    VERSION_CONFLICT = "version_conflict"
    NOT_FOUND = "not_found"
    INVALID_SEARCH = "invalid_search"


class Purpose(models.TextChoices):
    """Why an officer opens a person's record; the label goes into the audit log."""

    SERVICE = "service", _("Handling a citizen's service request")
    EVENT = "event", _("Recording a life event")
    VERIFICATION = "verification", _("Verifying identity data")
    CORRECTION = "correction", _("Handling a data correction")
    QUALITY = "quality", _("Data quality check")
    OTHER = "other", _("Other (describe)")


# English purpose texts for the audit log (stable; the citizen sees them in Data Saya).
PURPOSE_TEXTS = {
    Purpose.SERVICE: "handling a citizen's service request",
    Purpose.EVENT: "recording a life event",
    Purpose.VERIFICATION: "verifying identity data",
    Purpose.CORRECTION: "handling a data correction",
    Purpose.QUALITY: "data quality check",
    Purpose.OTHER: "other",
}
EVENT_PURPOSE = "recording a life event in the population register"
MARRIAGE_MIN_AGE = 19  # UU 16/2019, for both spouses
DOCUMENT_KINDS = ("pdf", "jpeg", "png")
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 5
SEARCH_LIMIT = 50


# A resident's own attributes, in display order: the one list behind the version
# snapshot (models.SNAPSHOT_FIELDS), what a correction may change
# (services.CORRECTABLE) and the event forms' person and address fields.
PERSON_FIELDS = (
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "religion",
    "marital_status",
    "occupation",
    "education",
    "blood_type",
    "citizenship",
)
ADDRESS_FIELDS = ("address", "rt", "rw")
