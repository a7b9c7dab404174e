"""The general ledger: postings from the Journal, balances, and the financial statements.

Pure functions over polars frames, with amounts as integer minor units of each
posting's currency (debit positive). Nothing here reads or writes a workbook.
"""
