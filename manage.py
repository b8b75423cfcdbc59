#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Django's command-line utility; ``balai`` does the same once installed."""

import sys

from balai.cli import main

if __name__ == "__main__":
    main(sys.argv[1:])
