Attribute VB_Name = "Backoffice"
' The workbook's buttons: one Sub per action, each telling Python which action to run.
' Text source of the Backoffice module in backoffice/books/vba/vbaProject.bin, built by
' 'python -m backoffice.books.vbabuild' (ms-ovba); RunPython is in the xlwings module
' beside it (xlwings' BSD-3 standalone module, copied verbatim).
Option Explicit

' Check: mark wrong cells and list every problem on the Issues sheet
Sub BackofficeCheck()
    RunPython "import backoffice.addin.excel; backoffice.addin.excel.button('check')"
End Sub

' Post: the ledger's reports and closing balances
Sub BackofficePost()
    RunPython "import backoffice.addin.excel; backoffice.addin.excel.button('post')"
End Sub

' Run payroll: payslips, PPh 21 and BPJS for the month
Sub BackofficePayroll()
    RunPython "import backoffice.addin.excel; backoffice.addin.excel.button('payroll')"
End Sub

' Stock and reorder: stock on hand, valuation and what to reorder
Sub BackofficeStock()
    RunPython "import backoffice.addin.excel; backoffice.addin.excel.button('stock')"
End Sub

' Sync: send this book's changes to the store and bring colleagues' back
Sub BackofficeSync()
    RunPython "import backoffice.addin.excel; backoffice.addin.excel.button('sync')"
End Sub
