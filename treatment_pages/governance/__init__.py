"""Clinical governance: publish-time checks, claim lint and reading level.

Everything here reads a page (or a revision of it) and reports findings;
nothing writes. The admin, every publish path and the management commands
share these functions, so an editor sees the same findings everywhere.
"""
