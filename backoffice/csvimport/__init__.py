"""Reading CSV files as people export them, for ``backoffice import`` and ``settings``.

:mod:`.text` decodes the bytes (byte-order mark, UTF-8, else the Windows code page)
and splits the lines (",", ";" or tab); :mod:`.messages` holds the import's problem
codes. Numbers and dates are read by the book's locale like typed cells
(:mod:`backoffice.coerce`).
"""
