"""Texts merged with the profile and fitted: Jinja merging, Dutch hyphenation, counts and clock times."""
