"""What users click: the spreadsheet add-ins, the action server and the worker they call.

Installed as ``backoffice.addin`` (the clients layer; see addin/README.md):

- ``libreoffice`` and ``worker``: the Back office menu in LibreOffice Calc and the warm
  backoffice process it hands the open document's grid to;
- ``excel``: what the Excel buttons run through xlwings, ``addin excel`` and ``addin doctor``;
- ``server``: ``backoffice serve``, the actions over HTTP for the Google Sheets menu and scripts;
- ``gsheets``: Google Sheets books (``gsheet:<id>``) and the local Sheets API emulator;
- ``apps_script``: the menu inside a Google Sheet (Apps Script, not Python).
"""
