"""Documents the app writes and reads: workbooks (openpyxl) and PDFs (reportlab). Heavy libraries are imported
inside these modules only, so they load when a document is first made."""
