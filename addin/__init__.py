"""What users click: the spreadsheet add-ins and the worker they call.

Installed as ``backoffice.addin``. LibreOffice Calc's Back office menu is built
(``backoffice.addin.libreoffice``, see addin/README.md); it calls the actions
through :mod:`backoffice.addin.worker` on a grid book.
"""
