"""Checks on what a screen shows, shared by the tests of several screens."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets._footer import FooterKey


def clipped_keys(screen: Screen) -> list[str]:
    """The footer's keys that do not show in full: past the right edge or under another."""
    keys = [key for key in screen.query(FooterKey) if key.display]
    return [
        f"{key.key_display} {key.description}"
        for key in keys
        if key.region.right > screen.size.width
        or any(key.region.overlaps(other.region) for other in keys if other is not key)
    ]
