# SPDX-License-Identifier: EUPL-1.2
"""The shared field include marks an optional field "(opsional)" by itself: a label
that says so too reads "(opsional) (opsional)", and a required one must not say it."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms
from django.utils import translation

import balai


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(balai.__path__, "balai."):
        if module.name.endswith(".forms") and ".tests" not in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type] = [forms.Form, forms.ModelForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("balai.") and ".tests" not in sub.__module__:
                found.append(sub)
            pending.append(sub)
    return found


def test_no_label_says_optional_itself():
    classes = _form_classes()
    assert len(classes) > 10
    wrong = []
    for language in ("id", "en"):
        with translation.override(language):
            for cls in classes:
                for name, field in cls.base_fields.items():
                    label = str(field.label or "").lower()
                    if "optional" in label or "opsional" in label:
                        wrong.append(f"{cls.__module__}.{cls.__name__}.{name}: {label}")
    assert wrong == []
