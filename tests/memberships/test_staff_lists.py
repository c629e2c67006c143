"""Staff see renewals due, firms in grace and lapsed ones; the treasurer exports everything to Excel."""
import io
from datetime import timedelta

from openpyxl import load_workbook


def test_the_treasurers_export_opens_and_runs_no_formula(app, login_as, make_firm, pay, today):
    firm = make_firm("=HYPERLINK(\"http://evil.example\",\"点击\")")
    assert pay(firm.slug, today() + timedelta(days=100), "--amount", "2000", "--reference", "=1+1").exit_code == 0
    response = login_as("staff").get("/staff/memberships/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.data))
    firms, periods, payments = (book[name] for name in book.sheetnames)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"
                or (isinstance(cell.value, str) and cell.value.startswith("="))]
    assert firms["B2"].value == "'" + firm.name
    reference = [row for row in payments.iter_rows(min_row=2, values_only=True)][0]
    assert "'=1+1" in reference and 2000 in reference
    assert [row[5] for row in periods.iter_rows(min_row=2, values_only=True)] == [2000]


def test_staff_see_who_renews_soon_who_is_in_grace_and_who_lapsed(app, login_as, make_firm, pay, today, clock,
                                                                   run_memberships):
    soon, grace, gone, later = (make_firm(name) for name in ("即将到期公司", "宽限期公司", "已失效公司", "明年到期公司"))
    assert pay(gone.slug, today() + timedelta(days=1)).exit_code == 0
    assert pay(grace.slug, today() + timedelta(days=40)).exit_code == 0
    assert pay(soon.slug, today() + timedelta(days=70)).exit_code == 0
    assert pay(later.slug, today() + timedelta(days=300)).exit_code == 0
    clock.move(days=50)
    run_memberships()
    page = login_as("staff").get("/staff/memberships/").get_data(as_text=True)
    due_part, grace_part, lapsed_part = (page[page.index(f'id="{name}"'):] for name in ("renewals-due", "in-grace", "lapsed"))
    assert "即将到期公司" in due_part[:due_part.find("</table>")]
    assert "宽限期公司" in grace_part[:grace_part.find("</table>")]
    assert "已失效公司" in lapsed_part[:lapsed_part.find("</table>")]
    assert "明年到期公司" not in page
    assert 'href="/staff/memberships/export.xlsx"' in page
