"""The contact page's inquiries as staff download them (Forms → Download CSV/XLSX).

Wagtail writes each stored value into the spreadsheet as it is. A value a
visitor typed that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
would be taken for a formula by Excel, LibreOffice or Google Sheets when staff
open the file (`=HYPERLINK(...)` links out; older formulas could run commands).
Following OWASP's rule for CSV injection, such a value gets a leading
apostrophe, in both formats, so every program shows it as text. That includes
phone numbers typed as "+1 555 ...": with the apostrophe they also stay as
typed, instead of being turned into a number that drops the "+". The stored
inquiry is not changed.
"""

from wagtail.contrib.forms.views import SubmissionsListView

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """The value, with an apostrophe in front if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class InquirySubmissionsListView(SubmissionsListView):
    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_text(super().preprocess_field_value(field, value, export_format))
