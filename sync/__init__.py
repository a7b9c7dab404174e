"""The central store and the sync engine (installed as ``backoffice.sync``).

Not built yet: the store and three-way sync arrive with their own issue. The
package exists so that the layout, and the one ``backoffice`` namespace, are
fixed from the start.
"""
