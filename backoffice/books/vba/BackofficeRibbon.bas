Attribute VB_Name = "BackofficeRibbon"
' The Back office ribbon tab's buttons (customUI/customUI14.xml in the book): each callback
' runs the same Sub as the button of the same name on the Help sheet.
' A module of its own: IRibbonControl comes from the Office library the project references
' (as xlwings' own add-in does). Should Excel not find that library, only this module fails
' to compile; the Help sheet's buttons (module Backoffice) still run.
Option Explicit

Sub BackofficeRibbonCheck(control As IRibbonControl)
    Backoffice.BackofficeCheck
End Sub

Sub BackofficeRibbonPost(control As IRibbonControl)
    Backoffice.BackofficePost
End Sub

Sub BackofficeRibbonPayroll(control As IRibbonControl)
    Backoffice.BackofficePayroll
End Sub

Sub BackofficeRibbonStock(control As IRibbonControl)
    Backoffice.BackofficeStock
End Sub

Sub BackofficeRibbonSync(control As IRibbonControl)
    Backoffice.BackofficeSync
End Sub
