"""What users click: xlwings entry points, the action server, VBA and Apps Script clients.

Installed as ``backoffice.addin``. Not built yet; the actions it will call are
the library's (``backoffice.check`` today).
"""
