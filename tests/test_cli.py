"""The command line: making accounts and the demo data."""
from portal.auth.models import User
from portal.extensions import db


def accounts(app):
    with app.app_context():
        return {u.email: u.role for u in db.session.scalars(db.select(User))}


def test_users_create_makes_an_account_and_prints_its_id(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "Staff@Example.org", "--role", "staff", "--password-stdin"],
        input="a long enough password\n")
    assert result.exit_code == 0, result.output
    new_id = int(result.output.strip().splitlines()[-1])
    with app.app_context():
        user = db.session.get(User, new_id)
        assert (user.email, user.role) == ("staff@example.org", "staff")
        assert user.check_password("a long enough password")


def test_users_create_refuses_bad_input_with_one_line_and_changes_nothing(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "create", "taken@example.org", "--role", "visitor"])
    cases = [
        ["users", "create", "taken@example.org", "--role", "visitor"],
        ["users", "create", "not-an-email", "--role", "visitor"],
        ["users", "create", "new@example.org", "--role", "emperor"],
        ["users", "create", "rep@example.org", "--role", "member"],  # a representative needs a firm
        ["users", "create", "rep@example.org", "--role", "member", "--firm", "no-such-firm"],
    ]
    for args in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "Traceback" not in result.output
    short = runner.invoke(args=["users", "create", "short@example.org", "--role", "visitor", "--password-stdin"],
                          input="short\n")
    assert short.exit_code != 0
    assert accounts(app) == {"taken@example.org": "visitor"}


def test_users_create_links_a_representative_to_their_firm(app, make_firm):
    firm = make_firm(slug="xinghai")
    result = app.test_cli_runner().invoke(args=["users", "create", "rep@example.org", "--role", "member",
                                                "--firm", "xinghai"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(User, int(result.output.split()[-1])).firm_id == firm.id


def test_seed_demo_makes_one_account_per_role_and_can_run_twice(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert sorted(accounts(app).values()) == ["admin", "member", "staff", "visitor"]
    from portal.members.models import Firm

    with app.app_context():
        firms = {f.slug: f for f in db.session.scalars(db.select(Firm))}
        assert firms["pactera"].tier == "vice_president" and firms["pactera"].website == "https://www.pactera.com"
        assert firms["ibm-dalian"].tier == "council" and "IBM" in firms["ibm-dalian"].intro
        assert {f.tier for f in firms.values()} == {"president", "vice_president", "council", "supervisor", "member"}
        member = db.session.scalar(db.select(User).where(User.role == "member"))
        assert member.firm is not None
    assert "admin@example.org" in first.output


def test_demo_accounts_can_log_in(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    from portal.demo import DEMO_PASSWORD

    client.login("staff@example.org", DEMO_PASSWORD)
    response, _secret = client.enrol()  # staff set up the second factor at their first login
    assert "演示工作人员" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 200


def test_demo_accounts_get_no_known_password_in_production(app_config, tmp_path):
    from portal import create_app

    app = create_app({**app_config, "ENV": "production"})
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0
    with app.app_context():
        assert all(u.password_hash is None for u in db.session.scalars(db.select(User)))
