"""Test-wide settings."""

import os

from hypothesis import settings

# CI must say the same thing about the same commit: there hypothesis draws its examples
# from a fixed seed. On a developer's machine it keeps exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
