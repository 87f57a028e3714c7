"""Rendering: the cards and their sheets, the A4 documents, the posters and the spreadsheets."""
