"""PDF finishing and reading: fonts, PDF/X, form fields, and the print shop's preflight."""
