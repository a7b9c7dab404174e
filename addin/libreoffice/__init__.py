"""The LibreOffice Calc client: the .oxt extension and how it is built.

``backoffice_calc.py`` is the extension's own Python: it runs inside LibreOffice
with only the standard library and UNO and never imports backoffice.
:mod:`backoffice.addin.libreoffice.build` packs it into an .oxt with its menu.
"""
