"""Klachtwijs: complaint handling for Dutch childcare and youth-support organisations."""
