"""Google Sheets as a back office's user interface: the connector (``gsheet:<id>`` books,
one gspread client factory) and, as a development tool, a local emulator of the APIs."""
