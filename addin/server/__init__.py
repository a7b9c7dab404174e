"""The action server: the actions over HTTP, for the Google Sheets menu, scripts and the CLI.

``backoffice serve`` runs :func:`backoffice.addin.server.app.create_app` on uvicorn. Books
are reached through one function, :func:`backoffice.addin.server.addresses.resolve`: files
under the configured folder today, ``gsheet:<id>`` addresses once the Sheets connector
registers its resolver. Who may call, the per-book write locks and the jobs live in the
company's store (:mod:`backoffice.addin.server.state`), so several worker processes agree.
"""
