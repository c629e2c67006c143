"""seed-demo adds the bulletin's two meetings as past events and two upcoming ones, once."""
from portal.events.models import Event
from portal.extensions import db


def test_seed_demo_adds_the_bulletin_meetings_and_upcoming_events_once(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        titles = db.session.scalars(db.select(Event.title).order_by(Event.starts_at)).all()
        assembly = db.session.scalar(db.select(Event).where(Event.title.contains("第二届第四次会员大会")))
        assert assembly.venue == "大连软件园 8 号楼多功能厅" and "近百人" in assembly.description
    assert titles[:2] == ["全市服务贸易和服务外包工作会议", "大连市数字贸易协会第二届第四次会员大会"]
    assert len(titles) == 4
    past = [e["title"] for e in client.get("/api/v1/events?when=past").json["items"]]
    upcoming = client.get("/api/v1/events?when=upcoming").json["items"]
    assert past == ["大连市数字贸易协会第二届第四次会员大会", "全市服务贸易和服务外包工作会议"]
    assert len(upcoming) == 2
    assert "2022年7月8日" in client.get("/events/?year=2022").get_data(as_text=True)


def test_seed_demo_scale_adds_a_few_synthetic_events(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--scale", "300"])
    assert result.exit_code == 0, result.output
    assert "Added 3 synthetic events." in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 4 + 3
