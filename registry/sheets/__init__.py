"""Spreadsheets in and out, for every import: reading what officers keep in Excel (``reading``),
turning cells into values (``cells``), the column layout an export, its template and its import
share (``columns``), and the files written back (``writing``: templates with drop-down lists,
error reports).

The areas say which columns they have and what a row means (``registry.replication.importing``
for sites, ``registry.movement.importing`` for models); everything here is the same for both.
"""
