"""Who may open which page: every role against every protected endpoint."""
import pytest

ROLES = [None, "visitor", "member", "staff", "admin"]

#: endpoint -> the lowest role allowed (None: everyone)
PAGES = {
    "/": None,
    "/auth/login": None,
    "/auth/password": "visitor",
    "/staff/": "staff",
    "/staff/invitations": "staff",
    "/staff/outbox": "staff",
    "/staff/accounts": "admin",
    "/staff/audit": "admin",
}


def allowed(role, lowest):
    return lowest is None or (role is not None and ROLES.index(role) >= ROLES.index(lowest))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_its_pages(login_as, role):
    person = login_as(role)
    for path, lowest in PAGES.items():
        response = person.get(path)
        if allowed(role, lowest):
            assert response.status_code == 200, (role, path)
        elif role is None:
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/auth/login?next=")
        else:
            assert response.status_code == 403, (role, path)


@pytest.mark.parametrize("role", ["member", "staff"])
def test_only_admins_change_accounts(login_as, make_user, role):
    person = login_as(role)
    target = make_user("member")
    response = person.submit(f"/staff/accounts/{target.id}", {"enable-submit": "1"}, page="/")
    assert response.status_code == 403
