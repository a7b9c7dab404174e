"""Inventory: office supplies and stock, with reorder and valuation (issue 8).

The inventory book's sheets are defined in ``schemas/items.py``,
``schemas/stock_moves.py`` and ``schemas/stock_counts.py`` (with their checks).
The engine is pure functions over polars frames:

* :mod:`~backoffice.inventory.book` — the checked book as frames (items, flows);
* :mod:`~backoffice.inventory.flows` — moves as signed flows, count adjustments, on hand;
* :mod:`~backoffice.inventory.valuation` — moving average and FIFO, exact, with the
  rounding rule written down;
* :mod:`~backoffice.inventory.engine` — everything as of a date: valuation, usage, reorder;
* :mod:`~backoffice.inventory.sheets` — the output tables;
* :mod:`~backoffice.inventory.journal` — the stock journal as generated ledger lines;
* :mod:`~backoffice.inventory.run` — ``backoffice stock``: check, compute, write, post.
"""
